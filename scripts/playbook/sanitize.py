"""The markup allowlist: what page HTML may contain, decided by a sanitizer, not by regexes.

Each page is rendered with the site's own renderer (``playbook.render``), both the rendered HTML
and nh3's (ammonia's) sanitized copy are parsed by a browser-grade HTML5 parser (selectolax's
Lexbor), and every element or attribute the sanitizer had to remove is a finding. Parsing both
sides like a browser closes the parser-differential tricks (``<!--><script>``, ``<script/x>``,
``<svg><style><img onerror>``) that fool a regex or a lenient parser.
"""

from __future__ import annotations

import difflib
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
    """One thing the sanitizer removed: ``what`` for the message, ``needles`` to find its source line."""

    what: str
    needles: tuple[str, ...]


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


def _elements(html: str) -> list[tuple[str, dict, int]]:
    """Elements in document order as (tag, attributes, parent index), parsed as a browser would."""
    tree = LexborHTMLParser(f"<!DOCTYPE html><html><head></head><body>{html}</body></html>")
    out: list[tuple[str, dict, int]] = []
    index: dict[int, int] = {}
    for node in tree.root.traverse(include_text=False):
        if node.tag in ("html", "head", "body", "-comment", "-doctype", "-text"):
            continue
        parent, up = -1, node.parent
        while up is not None:
            if up.mem_id in index:
                parent = index[up.mem_id]
                break
            up = up.parent
        index[node.mem_id] = len(out)
        out.append((node.tag, {k: (v or "") for k, v in node.attributes.items()}, parent))
    return out


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


def _attribute_findings(tag: str, before: dict, after: dict, page_dir: str) -> list[Finding]:
    findings = []
    for name, value in before.items():
        if name in after and after[name] == value:
            continue
        if name == "class":
            kept = set(after.get("class", "").split())
            for cls in value.split():
                if cls not in kept:
                    findings.append(Finding(f"the class '{cls}' on <{tag}>", (cls,)))
        elif name in ("href", "src") and name in ALLOWED_ATTRIBUTES.get(tag, ()):
            why = url_problem(value, name, page_dir) or "this URL"
            shown = value if len(value) <= 40 else value[:37] + "…"
            findings.append(Finding(f"{why} in {name} ({shown!r})", (value, _clean_url(value), value[:12])))
        elif name == "id" and name in ALLOWED_ATTRIBUTES.get(tag, ()):
            findings.append(Finding(f"the id {value!r} on <{tag}>", (value,)))
        else:
            findings.append(Finding(f"the {name} attribute on <{tag}>", (name,)))
    return findings


def findings(html: str, page_dir: str = ".") -> list[Finding]:
    """Everything in ``html`` that the allowlist does not let through, one finding per root cause.

    An element that is removed is reported once: its descendants are not reported again.
    """
    before = _elements(html)
    after = _elements(sanitize(html, page_dir))
    keys_before = [tag for tag, _, _ in before]
    keys_after = [tag for tag, _, _ in after]
    reported: set[int] = set()
    out: list[Finding] = []

    def covered(i: int) -> bool:
        parent = before[i][2]
        while parent >= 0:
            if parent in reported:
                return True
            parent = before[parent][2]
        return False

    matcher = difflib.SequenceMatcher(None, keys_before, keys_after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "insert":
            continue
        for offset, i in enumerate(range(i1, i2)):
            if covered(i):
                reported.add(i)
                continue
            tag, attrs, _ = before[i]
            j = j1 + offset if op in ("equal", "replace") and j1 + offset < j2 else None
            if j is not None and after[j][0] == tag:
                found = _attribute_findings(tag, attrs, after[j][1], page_dir)
            else:
                found = [Finding(f"<{tag}>", (f"<{tag}", tag))]
                reported.add(i)
            out.extend(found)
    return out


def find_line(lines: list[str], needles: tuple[str, ...], start: int, after: int = 0) -> int | None:
    """The first 1-based line at or after ``after`` (from ``start``) holding a needle, raw or unescaped."""
    for wanted in (n for n in needles if n):
        low = wanted.lower()
        for number in range(max(start, after), len(lines) + 1):
            line = lines[number - 1]
            if low in line.lower() or low in html_lib.unescape(line).lower():
                return number
            if low in _clean_url(html_lib.unescape(line)).lower().replace(" ", ""):
                return number
    return None


# For the security corpus test only (tests/test_security.py): build content the gate refuses, to
# prove the browser's CSP and the binder sandbox hold on their own. Never set by make or CI.
GATE_BYPASS_ENV = "PLAYBOOK_TEST_BYPASS_CONTENT_GATE"


def gate_bypassed() -> bool:
    import os

    return os.environ.get(GATE_BYPASS_ENV) == "1"
