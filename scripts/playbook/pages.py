"""Parse one docs page into what the checks need: front matter, title, level-2 sections, links, HTML.

Parsing uses markdown-it-py (with its front-matter and admonition plugins) so every element keeps
its source line. The token stream is kept on the page (``Page.tokens``): the binders and the desk card
print from it, so the checker and the print output read one parse. Where markdown-it and the site's
Python-Markdown would differ, the parse follows the site: md_in_html blocks (``<div markdown>``) are
parsed as markdown, raw ``<a href>`` and ``<img src>`` are links (tests/test_differential.py).
Section bodies (``Section.body``) are the raw markdown with admonition markers blanked and bodies
dedented, line for line.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from markdown.extensions.toc import slugify
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from playbook.yaml_lines import YamlError, safe_load

ATTR_LIST = re.compile(r"\s*\{\s*:?([^{}]*)\}\s*$")
# A line that only opens an md_in_html block (`<div markdown>`, `<div class="x" markdown="1">`).
MARKDOWN_HTML = re.compile(
    r"^\s*<([A-Za-z][\w-]*)\b[^<>]*?\smarkdown(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?[^<>]*>\s*$"
)
ADMONITION = re.compile(
    r"^(?P<indent>\s*)(?:!!!|\?\?\?\+?)\s+(?P<type>[\w-]+)(?:\s+\"(?P<title>[^\"]*)\")?\s*$"
)


@dataclass(frozen=True)
class Link:
    href: str
    line: int

    @property
    def is_internal(self) -> bool:
        return not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", self.href)


@dataclass
class Section:
    """A level-2 heading and everything up to the next level-2 heading."""

    id: str | None
    classes: tuple[str, ...]
    title: str
    line: int
    end_line: int
    body: str  # raw markdown of the body, admonitions dedented
    links: list[Link] = field(default_factory=list)

    @property
    def is_rule(self) -> bool:
        return "rule" in self.classes


@dataclass
class Html:
    content: str
    line: int


@dataclass
class Page:
    path: str  # repo-relative, posix
    locale: str
    stem: str
    text: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    front_matter_line: int = 0  # 0: the page has no front matter
    front_matter_error: tuple[int, str] | None = None
    title: str | None = None
    title_line: int = 0
    sections: list[Section] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    html: list[Html] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)  # anchor id -> first line
    duplicate_anchors: list[tuple[str, int]] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list, repr=False, compare=False)  # markdown-it, for print
    paragraphs: list[tuple[int, str]] = field(default_factory=list)  # (line, markdown) of each paragraph

    @property
    def rules(self) -> list[Section]:
        return [s for s in self.sections if s.is_rule]

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def where(self, line: int) -> str:
        """ "rule 'x': " or "section 'y': " for the level-2 section holding ``line``, for messages."""
        for section in self.sections:
            if section.id and section.line <= line <= section.end_line:
                return f"{'rule' if section.is_rule else 'section'} '{section.id}': "
        return ""


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(front_matter_plugin).use(admon_plugin).enable("table")


def split_attrs(heading: str) -> tuple[str, str | None, tuple[str, ...]]:
    """Split ``Title { #id .rule }`` into (title, id, classes) as Python-Markdown's attr_list would."""
    match = ATTR_LIST.search(heading)
    if not match:
        return heading.strip(), None, ()
    anchor, classes = None, []
    for part in match.group(1).split():
        if part.startswith("#"):
            anchor = part[1:]
        elif part.startswith("."):
            classes.append(part[1:])
    return heading[: match.start()].strip(), anchor, tuple(classes)


def dedent_admonitions(lines: list[str]) -> list[str]:
    """Blank each admonition marker line and dedent its body by 4, keeping line numbers."""
    out: list[str] = []
    body_indent: int | None = None
    for line in lines:
        if body_indent is not None:
            stripped = line.strip()
            indent = len(line) - len(line.lstrip(" "))
            if not stripped or indent >= body_indent:
                out.append(line[body_indent:] if stripped else "")
                continue
            body_indent = None
        match = ADMONITION.match(line)
        if match:
            body_indent = len(match.group("indent")) + 4
            out.append("")
            continue
        out.append(line)
    return out


def unwrap_markdown_html(lines: list[str]) -> list[str]:
    """Blank the lines that only open or close an md_in_html block, line for line, so markdown-it parses
    the markdown inside like the site's md_in_html does (a tight block is one HTML block to it)."""
    out: list[str] = []
    open_tags: list[str] = []
    for line in lines:
        match = MARKDOWN_HTML.match(line)
        if match:
            open_tags.append(match.group(1).lower())
            out.append("")
        elif open_tags and re.fullmatch(rf"\s*</{re.escape(open_tags[-1])}\s*>\s*", line, re.IGNORECASE):
            open_tags.pop()
            out.append("")
        else:
            out.append(line)
    return out


class _HtmlUrls(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        name = {"a": "href", "img": "src"}.get(tag)
        self.urls += [value for key, value in attrs if key == name and value is not None]


def html_urls(fragment: str) -> list[str]:
    """The link targets and image sources of raw HTML in a page (``<a href>``, ``<img src>``)."""
    parser = _HtmlUrls()
    parser.feed(fragment)
    parser.close()
    return parser.urls


def _link_lines(lines: list[str], start: int, end: int, hrefs: list[str]) -> list[int]:
    """Find the 1-based line of each href, in order, inside the block's lines [start, end)."""
    found, cursor_line, cursor_col = [], start, 0
    for href in hrefs:
        line_no = None
        for i in range(cursor_line, max(end, cursor_line + 1)):
            if i >= len(lines):
                break
            col = lines[i].find(href, cursor_col if i == cursor_line else 0)
            if col >= 0:
                line_no, cursor_line, cursor_col = i, i, col + len(href)
                break
        found.append((line_no if line_no is not None else start) + 1)
    return found


_PARSED: OrderedDict[tuple[str, str, str], tuple[str, Page]] = OrderedDict()
_PARSED_MAX = 512


def parse_page(root: Path, path: Path, locale: str) -> Page:
    """Parse one page; an unchanged file (same path and same text) is not parsed again.

    `mkdocs serve` re-runs every check after each save, so re-parsing only the saved page keeps
    the editors' preview fast. Keyed on the repository-relative path and the text itself, never on
    mtimes, so it cannot go stale (a parse depends on nothing else).
    """
    text = path.read_text("utf-8")
    key = (path.relative_to(root).as_posix(), locale)  # a copy of the tree reuses the parse too
    hit = _PARSED.get(key)
    if hit is not None and hit[0] == text:
        _PARSED.move_to_end(key)
        return hit[1]
    page = _parse_text(root, path, locale, text)
    _PARSED[key] = (text, page)
    if len(_PARSED) > _PARSED_MAX:
        _PARSED.popitem(last=False)
    return page


def _parse_text(root: Path, path: Path, locale: str, text: str) -> Page:
    rel = path.relative_to(root).as_posix()
    page = Page(path=rel, locale=locale, stem=path.stem, text=text)
    raw_lines = text.split("\n")
    unwrapped = unwrap_markdown_html(raw_lines)
    lines = dedent_admonitions(unwrapped)
    tokens = _parser().parse("\n".join(unwrapped))
    page.tokens = tokens
    current: Section | None = None
    sections: list[Section] = []

    def add_anchor(anchor: str, line: int) -> None:
        if anchor in page.anchors:
            page.duplicate_anchors.append((anchor, line))
        else:
            page.anchors[anchor] = line

    for i, token in enumerate(tokens):
        if token.type == "front_matter":
            page.front_matter_line = 1
            try:
                data = safe_load(token.content)
            except YamlError as err:
                page.front_matter_error = (err.line + 1, err.message)
                continue
            if data is None:
                data = {}
            if not isinstance(data, dict):
                page.front_matter_error = (1, "front matter must be a mapping of keys to values")
                continue
            page.front_matter = data
        elif token.type == "heading_open":
            inline = tokens[i + 1]
            line = token.map[0] + 1
            title, anchor, classes = split_attrs(inline.content)
            level = int(token.tag[1])
            if anchor is None:
                anchor = slugify(title, "-")
            add_anchor(anchor, line)
            if level == 1 and page.title is None:
                page.title, page.title_line = title, line
            if level == 2:
                if current:
                    current.end_line = line - 1
                explicit = split_attrs(inline.content)[1]
                current = Section(explicit, classes, title, line, len(raw_lines), "")
                sections.append(current)
        elif token.type == "inline" and token.map:
            if i and tokens[i - 1].type == "paragraph_open":  # list items and admonition phrases too
                page.paragraphs.append((token.map[0] + 1, token.content))
            hrefs = [c.attrs.get("href", "") for c in token.children or [] if c.type == "link_open"]
            hrefs += [c.attrs.get("src", "") for c in token.children or [] if c.type == "image"]
            for child in token.children or []:
                if child.type == "html_inline":
                    page.html.append(Html(child.content, token.map[0] + 1))
                    hrefs += html_urls(child.content)
            line_numbers = _link_lines(lines, token.map[0], token.map[1], [str(h) for h in hrefs])
            for href, line in zip(hrefs, line_numbers):
                link = Link(str(href), line)
                page.links.append(link)
                if current and line >= current.line:
                    current.links.append(link)
        elif token.type == "html_block" and token.map:
            page.html.append(Html(token.content, token.map[0] + 1))
            urls = html_urls(token.content)
            for href, line in zip(urls, _link_lines(lines, token.map[0], token.map[1], urls)):
                link = Link(href, line)
                page.links.append(link)
                if current and line >= current.line:
                    current.links.append(link)
    for section in sections:
        section.body = "\n".join(lines[section.line : section.end_line]).strip()
    page.sections = sections
    return page
