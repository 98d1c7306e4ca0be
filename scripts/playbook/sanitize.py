"""The markup allowlist: what page HTML may contain, decided by a sanitizer, not by regexes.

Each page is rendered with the site's own renderer (``playbook.render``), both the rendered HTML
and nh3's (ammonia's) sanitized copy are parsed by a browser-grade HTML5 parser (selectolax's
Lexbor), and every element or attribute the sanitizer had to remove is a finding. Parsing both
sides like a browser closes the parser-differential tricks (``<!--><script>``, ``<script/x>``,
``<svg><style><img onerror>``) that fool a regex or a lenient parser.
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from dataclasses import dataclass

import nh3
from selectolax.lexbor import LexborHTMLParser

# What the playbook's plain markdown + attr_list + admonitions + details renders to, and no more.
ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote",
    "ul", "ol", "li", "strong", "em", "b", "i", "code", "pre", "a", "img",
    "div", "details", "summary", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    **{f"h{n}": {"id"} for n in range(1, 7)},
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "details": {"open"},
}
# Classes the site's CSS and tools know: rules, say/avoid admonitions, collapsible details.
ALLOWED_CLASSES = {
    "h2": {"rule"},
    "div": {"admonition", "say", "avoid", "note", "info", "tip", "warning"},
    "p": {"admonition-title"},
    "details": {"say", "avoid", "note", "info", "tip", "warning"},
}
URL_SCHEMES = {"https", "mailto"}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")
ANCHOR_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# What browsers drop from a URL before reading its scheme (WHATWG URL: tab, LF, CR; C0 and space at the ends).
URL_NOISE = re.compile(r"[\t\n\r]")


@dataclass(frozen=True)
class Finding:
    """One thing the sanitizer removed: ``what`` for the message, ``needles`` (regexes) to find its line."""

    what: str
    needles: tuple[str, ...]
    element: int = -1  # which element of the page, in document order


def _tag_needles(tag: str) -> tuple[str, ...]:
    return (rf"<\s*{re.escape(tag)}(?![\w-])",)


def _attribute_needles(name: str) -> tuple[str, ...]:
    word = rf"(?<![\w.:/-]){re.escape(name)}"
    return (rf"{word}\s*=", rf"{word}(?=[\s>}}/]|$)")


def _url_needles(value: str) -> tuple[str, ...]:
    cleaned = _clean_url(value)
    scheme = SCHEME.match(cleaned)
    needles = [re.escape(value), re.escape(cleaned)]
    if scheme:
        needles.append(re.escape(scheme.group(0)))
    return tuple(needles)


def _clean_url(value: str) -> str:
    return URL_NOISE.sub("", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                         "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d"
                                         "\x1e\x1f ")  # fmt: skip


def url_problem(value: str, attribute: str, page_dir: str) -> str | None:
    """Why a link or image URL is refused, or None when it is one the playbook may use.

    Links: https:, mailto:, or relative to the page (no absolute paths: they leave the site's
    sub-path and, in a binder, the repository). Images: relative, inside docs/, an image type.
    """
    url = _clean_url(value)
    scheme = SCHEME.match(url)
    if scheme:
        if attribute == "href" and scheme.group(1).lower() in URL_SCHEMES:
            return None
        return f"a {scheme.group(1).lower()}: URL"
    if url.startswith(("/", "\\")) or "\\" in url:
        return "an absolute path" if not url.startswith("//") else "a protocol-relative URL"
    if attribute == "src":
        path = url.split("#", 1)[0].split("?", 1)[0]
        target = posixpath.normpath(posixpath.join(page_dir, path))
        if target == ".." or target.startswith("../"):
            return "a path outside docs/"
        if not path.lower().endswith(IMAGE_SUFFIXES):
            return "a file that is not an image"
    return None


def _parse(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(f"<!DOCTYPE html><html><head></head><body>{html}</body></html>")


def _normalized(tree: LexborHTMLParser) -> str:
    """The document as a browser would serialize it, without comments (the sanitizer drops them)."""
    for node in list(tree.root.traverse(include_text=False)):
        if node.tag == "-comment":
            node.decompose()
    return f"{tree.root.attributes}{tree.body.attributes if tree.body else ''}{tree.body.html if tree.body else ''}"


def sanitize(html: str, page_dir: str) -> str:
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src"):
            return None if url_problem(value, attribute, page_dir) else value
        if attribute == "id" and not ANCHOR_ID.match(value):
            return None
        return value

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        attribute_filter=keep,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def _element_findings(tag: str, attrs: dict, page_dir: str) -> list[Finding]:
    """What of one element the allowlist refuses: the whole element, or some of its attributes."""
    if tag not in ALLOWED_TAGS and tag not in ("html", "body"):
        return [Finding(f"<{tag}>", _tag_needles(tag))]
    allowed = ALLOWED_ATTRIBUTES.get(tag, set())
    out = []
    for name, value in attrs.items():
        if name == "class" and tag in ALLOWED_CLASSES:
            for cls in value.split():
                if cls not in ALLOWED_CLASSES[tag]:
                    out.append(
                        Finding(f"the class '{cls}' on <{tag}>", (rf"\.{re.escape(cls)}\b", re.escape(cls)))
                    )
        elif name not in allowed:
            in_tag = tuple(rf"<\s*{re.escape(tag)}\b[^>]*?{n}" for n in _attribute_needles(name))
            out.append(Finding(f"the {name} attribute on <{tag}>", in_tag + _attribute_needles(name)))
        elif name in ("href", "src"):
            why = url_problem(value, name, page_dir)
            if why:
                shown = value if len(value) <= 40 else value[:37] + "…"
                out.append(Finding(f"{why} in {name} ({shown!r})", _url_needles(value)))
        elif name == "id" and not ANCHOR_ID.match(value):
            out.append(Finding(f"the id {value!r} on <{tag}>", (re.escape(value),)))
    return out


def findings(html: str, page_dir: str = ".") -> list[Finding]:
    """Everything in ``html`` that the allowlist does not let through, one finding per root cause.

    The page is walked as a browser parses it; a refused element is reported once (not its
    descendants). nh3's sanitized copy is the oracle: if it differs from the page while the walk
    found nothing, that difference is reported too, so the walk can never let through what
    ammonia would remove.
    """
    tree = _parse(html)
    out: list[Finding] = []
    document_level: list[Finding] = []
    refused: set[int] = set()
    for node in tree.root.traverse(include_text=False):
        if node.tag in ("head", "-comment", "-doctype", "-text"):
            continue
        up, inside_refused = node.parent, False
        while up is not None:
            if up.mem_id in refused:
                inside_refused = True
                break
            up = up.parent
        if inside_refused:
            refused.add(node.mem_id)
            continue
        attrs = {k: (v or "") for k, v in node.attributes.items()}
        found = [
            Finding(f.what, f.needles, len(out) + len(document_level) + i)
            for i, f in enumerate(_element_findings(node.tag, attrs, page_dir))
        ]
        found = [Finding(f.what, f.needles, found[0].element) for f in found]
        if found and found[0].what == f"<{node.tag}>":
            refused.add(node.mem_id)
        # a stray <body onload> or <html …> in content lands on the page's own element: report last
        (document_level if node.tag in ("html", "body") else out).extend(found)
    out += document_level
    if not out and _normalized(_parse(html)) != _normalized(_parse(sanitize(html, page_dir))):
        out.append(Finding("markup that the HTML sanitizer removes", (r"<",)))
    return out


class LineFinder:
    """Source lines for findings, which come in document order.

    Each element's findings are looked for from where the previous element's match ended (line
    and column), first in the raw text, then with entities decoded and URL noise removed; only if
    that fails, from the top of the page.
    """

    def __init__(self, lines: list[str], first: int):
        self.lines = lines
        self.first = first
        self.cursor = (first, 0)
        self.element_start = (first, 0)
        self.element = None
        self.variants = [
            (html_lib.unescape(line), _clean_url(html_lib.unescape(line)).replace(" ", "")) for line in lines
        ]

    def _search(self, needles: tuple[str, ...], start: tuple[int, int]) -> tuple[int, int] | None:
        for needle in needles:
            pattern = re.compile(needle, re.IGNORECASE)
            line, col = start
            for number in range(line, len(self.lines) + 1):
                raw = self.lines[number - 1]
                match = pattern.search(raw, col if number == line else 0)
                if match:
                    return number, match.end()
                if (number > line or col == 0) and any(pattern.search(t) for t in self.variants[number - 1]):
                    return number, len(raw)
        return None

    def line(self, finding: Finding) -> int:
        if finding.element != self.element:
            self.element, self.element_start = finding.element, self.cursor
        found = self._search(finding.needles, self.element_start)
        if found is None:
            found = self._search(finding.needles, (self.first, 0))
            return found[0] if found else self.element_start[0]
        self.cursor = max(self.cursor, found)
        return found[0]


# For the security corpus test only (tests/test_security.py): build content the gate refuses, to
# prove the browser's CSP and the binder sandbox hold on their own. Never set by make or CI.
GATE_BYPASS_ENV = "PLAYBOOK_TEST_BYPASS_CONTENT_GATE"


def gate_bypassed() -> bool:
    import os

    return os.environ.get(GATE_BYPASS_ENV) == "1"
