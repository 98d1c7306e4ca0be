"""Markup safety and front matter: pages are plain markdown that cannot run code."""

from __future__ import annotations

import re
from collections.abc import Iterator

import jsonschema

from playbook.checks import check
from playbook.problems import Problem
from playbook.yaml_lines import line_of, load_with_lines

UNSAFE_TAG = re.compile(r"<\s*(script|iframe|object|embed)\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
UNSAFE_URL = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)
# markdown-it refuses to turn these URLs into links, so look for them in the raw text too
UNSAFE_MARKDOWN_URL = re.compile(r"\]\(\s*<?\s*(javascript|data|vbscript):", re.IGNORECASE)

FRONT_MATTER_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 10, "maxLength": 300},
        "hide": {"type": "array", "items": {"enum": ["navigation", "toc", "footer", "path", "tags"]}},
        "search": {"type": "object"},
        # per-rule freshness: {rule-id: hash of the en text this translation was made from}
        "translated_from": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}


def all_pages(project):
    for locale in project.locales:
        for stem in project.page_stems_on_disk(locale):
            page = project.page(locale, stem)
            if page is not None:
                yield page


@check
def check_unsafe_markup(project) -> Iterator[Problem]:
    """Editors' markdown must not carry scripts, embeds, event handlers or script/data URLs."""
    fix = "remove it: pages are plain markdown; ask a developer for an override if you need behaviour"
    for page in all_pages(project):
        for html in page.html:
            for match in UNSAFE_TAG.finditer(html.content):
                yield Problem(
                    page.path,
                    html.line,
                    "E160",
                    "unsafe-markup",
                    f"{page.where(html.line)}<{match.group(1).lower()}> is not allowed in content",
                    fix,
                )
            if EVENT_HANDLER.search(html.content):
                yield Problem(
                    page.path,
                    html.line,
                    "E160",
                    "unsafe-markup",
                    f"{page.where(html.line)}an on…= event handler attribute is not allowed in content",
                    fix,
                )
            for attr in re.finditer(r"(?:href|src)\s*=\s*[\"']?([^\"'\s>]+)", html.content, re.IGNORECASE):
                if UNSAFE_URL.match(attr.group(1)):
                    scheme = attr.group(1).split(":", 1)[0].strip().lower()
                    yield Problem(
                        page.path,
                        html.line,
                        "E160",
                        "unsafe-markup",
                        f"{page.where(html.line)}a {scheme}: URL is not allowed in content",
                        fix,
                    )
        for number, line in enumerate(page.text.split("\n"), start=1):
            for match in UNSAFE_MARKDOWN_URL.finditer(line):
                yield Problem(
                    page.path,
                    number,
                    "E160",
                    "unsafe-markup",
                    f"{page.where(number)}a {match.group(1).lower()}: URL is not allowed in content",
                    fix,
                )


@check
def check_front_matter(project) -> Iterator[Problem]:
    """Front matter must parse and use only keys the site and tools understand."""
    validator = jsonschema.Draft202012Validator(FRONT_MATTER_SCHEMA)
    for page in all_pages(project):
        if page.front_matter_error:
            line, message = page.front_matter_error
            yield Problem(
                page.path,
                line,
                "E170",
                "front-matter-malformed",
                message,
                "fix the YAML between the two --- lines at the top of the page",
            )
            continue
        if not page.front_matter_line:
            continue
        block = page.text.split("\n---", 1)[0].removeprefix("---\n")
        _, node = load_with_lines(block) if block.strip() else (None, None)
        for err in validator.iter_errors(page.front_matter):
            path = list(err.absolute_path)
            if err.validator == "additionalProperties":
                for key in sorted(set(page.front_matter) - set(FRONT_MATTER_SCHEMA["properties"])):
                    yield Problem(
                        page.path,
                        line_of(node, [key]) + 1,
                        "E171",
                        "front-matter-unknown-key",
                        f"unknown front matter key '{key}'",
                        f"use only: {', '.join(FRONT_MATTER_SCHEMA['properties'])}",
                    )
            else:
                yield Problem(
                    page.path,
                    line_of(node, path) + 1,
                    "E170",
                    "front-matter-malformed",
                    f"{'/'.join(map(str, path)) or 'front matter'}: {err.message}",
                    "see the front matter keys in CONTRIBUTING.md",
                )
