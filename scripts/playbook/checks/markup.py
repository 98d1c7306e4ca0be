"""Markup safety and front matter: pages are plain markdown that cannot run code."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

import jsonschema

from playbook import sanitize
from playbook.checks import check
from playbook.problems import Problem
from playbook.yaml_lines import line_of, load_with_lines

# Front-matter text is printed into <title>, <meta> and the nav by templates that do not escape
# (MkDocs' Jinja has no autoescape): plain text only, no markup characters.
PLAIN_TEXT = r"^[^<>&\"\x00-\x1f\x7f]*$"
PLAIN_TEXT_FIX = 'write plain text: no < > & " characters (use typographic quotes “ ” or « »)'
FRONT_MATTER_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string", "minLength": 1, "maxLength": 120, "pattern": PLAIN_TEXT},
        "description": {"type": "string", "minLength": 10, "maxLength": 300, "pattern": PLAIN_TEXT},
        "hide": {"type": "array", "items": {"enum": ["navigation", "toc", "footer", "path", "tags"]}},
        "search": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"exclude": {"type": "boolean"}, "boost": {"type": "number"}},
        },
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
    """What a page renders to must pass the allowlist (playbook.sanitize): nothing a reader runs or loads."""
    from playbook.render import markdown_converter, strip_front_matter

    converter = markdown_converter(project.mkdocs_config)
    for page in all_pages(project):
        body, skipped = strip_front_matter(page.text)
        html = converter.reset().convert(body)
        page_dir = posixpath.dirname(posixpath.relpath(page.path, "docs"))
        lines = page.text.split("\n")
        finder = sanitize.LineFinder(lines, skipped + 1)
        for finding in sanitize.findings(html, page_dir):
            line = finder.line(finding)
            yield Problem(
                page.path,
                line,
                "E160",
                "unsafe-markup",
                f"{page.where(line)}{finding.what} is not allowed",
                UNSAFE_FIX,
            )


UNSAFE_FIX = (
    "use plain markdown: headings, lists, emphasis, links to pages and https:/mailto:, say/avoid boxes; "
    "see 'Allowed markup' in CONTRIBUTING.md"
)
# What may sit in docs/ beside the pages: a script, stylesheet, HTML or SVG file would be published
# on the site's own origin, where the CSP's 'self' would let it run.
ALLOWED_FILES = (".md",) + sanitize.IMAGE_SUFFIXES


@check
def check_unsafe_files(project) -> Iterator[Problem]:
    """docs/ holds pages and images only: anything else would be served from the site's own origin."""
    docs = project.root / "docs"
    if not docs.is_dir():
        return
    for path in sorted(p for p in docs.rglob("*") if p.is_file() or p.is_symlink()):
        rel = path.relative_to(project.root).as_posix()
        if path.is_symlink():
            yield Problem(
                rel,
                1,
                "E161",
                "unsafe-file",
                "a symbolic link is not allowed in docs/",
                "commit the file itself, or remove the link",
            )
        elif not path.name.lower().endswith(ALLOWED_FILES):
            yield Problem(
                rel,
                1,
                "E161",
                "unsafe-file",
                f"a {path.suffix or 'extensionless'} file is not allowed in docs/",
                f"docs/ holds pages (.md) and images ({', '.join(sanitize.IMAGE_SUFFIXES)}) only",
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
            if err.validator == "pattern" and err.schema.get("pattern") == PLAIN_TEXT:
                bad = next((c for c in str(err.instance) if not re.match(PLAIN_TEXT, c)), "?")
                yield Problem(
                    page.path,
                    line_of(node, path) + 1,
                    "E160",
                    "unsafe-markup",
                    f"front matter '{'/'.join(map(str, path))}': {bad!r} is not allowed",
                    PLAIN_TEXT_FIX,
                )
            elif err.validator == "additionalProperties" and not path:
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


@check
def check_ui_strings_plain_text(project) -> Iterator[Problem]:
    """UI strings are printed by Material's templates unescaped (site name, labels): plain text only."""
    from playbook.ui_strings import load_locale

    if not project.locales:
        return
    pivot = project.default_locale
    for locale in project.locales:
        found = load_locale(project.root, locale, pivot)
        for key, text in found.texts.items():
            bad = next((c for c in text if not re.match(PLAIN_TEXT, c)), None)
            if bad is not None:
                yield Problem(
                    found.path,
                    found.lines.get(key, 1),
                    "E160",
                    "unsafe-markup",
                    f"UI string '{key}': {bad!r} is not allowed",
                    PLAIN_TEXT_FIX,
                )
