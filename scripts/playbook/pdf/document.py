"""The binder of one locale as data: cover, contents, pages, chapters, phrasebook appendix.

Built from the parsed pages (``Page.tokens``, the same markdown-it parse the checker reads), never
from HTML. The result is plain JSON that the fixed template ``binder.typ`` typesets: content is only
ever data there (strings become text), so a page cannot inject Typst code, read a file or load an
image the binder did not copy itself. Links between pages become in-document references: rule ids
are unique across the playbook and stay as they are, every other anchor is prefixed with its page
stem (``glossary--venting``) and every page is ``page-<stem>``.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown.extensions.toc import slugify
from markdown_it.token import Token

from playbook.pages import ATTR_LIST, Page, split_attrs
from playbook.pdf import hyphenation
from playbook.project import Project, edition
from playbook.sanitize import IMAGE_SUFFIXES, URL_SCHEMES
from playbook.ui_strings import ui_strings

HERE = Path(__file__).resolve().parent
BACK_MATTER = ("glossary", "sources")  # non-chapter pages printed after the chapters, before the appendix
PHRASEBOOK = "phrasebook"  # the appendix's anchor; the site's generated phrasebook.md links here
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
LINK_SCHEMES = tuple(f"{scheme}:" for scheme in sorted(URL_SCHEMES))  # what content may link to at all
# markdown-it leaves a link or image whose URL it distrusts (file:, javascript:, data:…) as plain text;
# Python-Markdown, which renders the site, would make it a link. Refuse it here rather than print it.
REFUSED_LINK = re.compile(r"(!?)\[[^\]]*\]\(\s*<?\s*([a-zA-Z][a-zA-Z0-9+.-]*:[^\s)>]*)")
IMAGE_TYPES = IMAGE_SUFFIXES
INLINE_HTML = re.compile(
    r"<(/?)(strong|em|b|i|br)\s*/?>", re.IGNORECASE
)  # printed; other raw HTML is refused
PHRASE_KINDS = ("say", "avoid")

Node = dict[str, Any] | str  # a JSON node for binder.typ; a plain string is text


class BinderError(Exception):
    """Content that cannot be typeset as asked (a dangling link, a missing image, a missing string)."""


def strings_for(root: Path, locale: str) -> dict[str, str]:
    """The binder's and desk card's words (strings/<locale>.yml, see playbook.ui_strings): the
    ``binder.*`` keys without their prefix, the playbook's name as ``title``, the language's as
    ``language_name``, and the reader notices under their own keys (``notice.outdated.title``…)."""
    texts = ui_strings(root, locale)
    words = {key.removeprefix("binder."): text for key, text in texts.items() if key.startswith("binder.")}
    notices = {key: text for key, text in texts.items() if key.startswith("notice.")}
    return {**words, **notices, "title": texts["site.name"], "language_name": texts["language.name"]}


def segments(template: str) -> list[dict[str, str]]:
    """``Page {page} / {pages}`` as [{"text": "Page "}, {"var": "page"}, …] for the template."""
    parts = re.split(r"\{(\w+)\}", template)
    return [{"var": p} if i % 2 else {"text": p} for i, p in enumerate(parts) if p]


@dataclass
class Rule:
    id: str
    title: list[Node]
    say: list[list[Node]] = field(default_factory=list)
    avoid: list[list[Node]] = field(default_factory=list)
    say_label: str = ""
    avoid_label: str = ""


@dataclass
class Part:
    stem: str
    title: list[Node]
    plain_title: str
    is_chapter: bool
    blocks: list[Node] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)


class Converter:
    """markdown-it tokens of one page → binder nodes, resolving links and images as it goes."""

    def __init__(self, doc: DocumentBuilder, page: Page, stem: str, lang: str):
        self.doc, self.page, self.stem, self.lang = doc, page, stem, lang
        self.lines = page.text.split("\n")

    def where(self, token: Token | None) -> str:
        line = token.map[0] + 1 if token is not None and token.map else 1
        return f"{self.page.path}:{line}"

    # ── blocks ──
    def blocks(self, tokens: list[Token], hyphenate: bool = True) -> list[Node]:
        out: list[Node] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.nesting == 1:
                end = self._close(tokens, i)
                out.extend(self.block(token, tokens[i + 1 : end], hyphenate))
                i = end + 1
                continue
            if token.type in ("fence", "code_block"):
                out.append({"t": "code", "v": token.content.rstrip("\n")})
            elif token.type == "hr":
                out.append({"t": "hr"})
            elif token.type == "html_block":
                raise BinderError(
                    f"{self.where(token)}: raw HTML is not printed in the binder: write it in markdown"
                )
            elif token.type == "inline":
                out.append({"t": "p", "c": self.inline(token, hyphenate)})
            elif token.type != "front_matter":
                raise BinderError(f"{self.where(token)}: {token.type} is not supported in the binder")
            i += 1
        return out

    @staticmethod
    def _close(tokens: list[Token], start: int) -> int:
        depth = 0
        for j in range(start, len(tokens)):
            depth += tokens[j].nesting
            if depth == 0:
                return j
        raise BinderError(f"unbalanced markdown tokens at {tokens[start].type}")

    def block(self, opening: Token, inner: list[Token], hyphenate: bool) -> list[Node]:
        kind = opening.type
        if kind == "paragraph_open":
            return [{"t": "p", "c": self.inline(inner[0], hyphenate)}] if inner else []
        if kind == "heading_open":
            return [self.heading(opening, inner[0])]
        if kind in ("bullet_list_open", "ordered_list_open"):
            items = []
            for item in self._children(inner):
                items.append(self.blocks(item[1:-1], hyphenate))
            node: dict[str, Any] = {"t": "list", "ordered": kind == "ordered_list_open", "items": items}
            if node["ordered"]:
                node["start"] = int(opening.attrs.get("start", 1))
            return [node]
        if kind == "blockquote_open":
            return [{"t": "quote", "c": self.blocks(inner, hyphenate)}]
        if kind == "admonition_open":
            return [self.admonition(opening, inner, hyphenate)]
        if kind == "table_open":
            return [self.table(inner)]
        raise BinderError(f"{self.where(opening)}: {kind} is not supported in the binder")

    def _children(self, inner: list[Token]) -> list[list[Token]]:
        """Split the tokens inside a container into its direct children (each open…close)."""
        out, i = [], 0
        while i < len(inner):
            end = self._close(inner, i) if inner[i].nesting == 1 else i
            out.append(inner[i : end + 1])
            i = end + 1
        return out

    def heading(self, opening: Token, inline: Token) -> Node:
        level = int(opening.tag[1])
        title, anchor, classes = split_attrs(inline.content)
        anchor = anchor or slugify(title, "-")
        content = self.inline(inline, hyphenate=False, strip_attrs=True)
        node: dict[str, Any] = {"t": "h", "level": level, "c": content, "plain": title}
        if level == 1:
            node["id"] = f"page-{self.stem}"
        elif "rule" in classes and anchor in self.doc.chapter_rules.get(self.stem, ()):
            node["t"], node["id"] = "rule", anchor
        else:
            node["id"] = f"{self.stem}--{anchor}"
        return node

    def admonition(self, opening: Token, inner: list[Token], hyphenate: bool) -> Node:
        kind = opening.meta.get("tag", "note")
        title: list[Node] = []
        if inner and inner[0].type == "admonition_title_open":
            end = self._close(inner, 0)
            title = self.inline(inner[1], hyphenate=False) if end > 1 else []
            inner = inner[end + 1 :]
        return {"t": "box", "kind": kind, "title": title, "c": self.blocks(inner, hyphenate)}

    def table(self, inner: list[Token]) -> Node:
        header: list[list[Node]] = []
        rows: list[list[list[Node]]] = []
        for token_index, token in enumerate(inner):
            if token.type == "tr_open":
                cells = []
                j = token_index + 1
                while inner[j].type != "tr_close":
                    if inner[j].type == "inline":
                        cells.append(self.inline(inner[j], hyphenate=True))
                    j += 1
                is_head = any(t.type == "th_open" for t in inner[token_index:j])
                (header.append(cells) if is_head and not rows and not header else rows.append(cells))
        columns = max([len(r) for r in header + rows] or [1])
        return {"t": "table", "columns": columns, "header": header, "rows": rows}

    # ── inline ──
    def inline(self, token: Token, hyphenate: bool, strip_attrs: bool = False) -> list[Node]:
        root: list[Node] = []
        stack: list[list[Node]] = [root]
        children = list(token.children or [])
        if strip_attrs and children and children[-1].type == "text":
            last = children[-1]
            children[-1] = Token("text", "", 0, content=ATTR_LIST.sub("", last.content).rstrip())
        soft = hyphenate and self.doc.soft_hyphens
        for child in children:
            top = stack[-1]
            if child.type == "text":
                text = child.content
                refused = REFUSED_LINK.search(text)
                if refused:
                    self.refuse_url(refused.group(2), bool(refused.group(1)), token)
                top.append(hyphenation.soft_hyphens(text, self.doc.locale) if soft else text)
            elif child.type == "softbreak":
                top.append(" ")
            elif child.type == "hardbreak":
                top.append({"t": "br"})
            elif child.type == "code_inline":
                top.append({"t": "code", "v": child.content})
            elif child.type in ("strong_open", "em_open"):
                node = {"t": child.type[:-5], "c": []}
                top.append(node)
                stack.append(node["c"])
            elif child.type == "link_open":
                node = self.link(child, token)
                top.append(node)
                stack.append(node["c"])
            elif child.type in ("strong_close", "em_close", "link_close"):
                stack.pop()
                if child.type == "link_close" and top_node(stack[-1]).get("t") == "ext":
                    node = top_node(stack[-1])  # print the address too, unless the text is the address
                    node["show"] = plain(node["c"]) != node["href"].removeprefix("mailto:")
            elif child.type == "image":
                top.append(self.image(child, token))
            elif child.type == "html_inline" and INLINE_HTML.fullmatch(child.content.strip()):
                tag = INLINE_HTML.fullmatch(child.content.strip())
                name = {"b": "strong", "i": "em"}.get(tag.group(2).lower(), tag.group(2).lower())
                if name == "br":
                    top.append({"t": "br"})
                elif not tag.group(1):
                    node = {"t": name, "c": []}
                    top.append(node)
                    stack.append(node["c"])
                elif len(stack) > 1:
                    stack.pop()
            elif child.type == "html_inline":
                raise BinderError(
                    f"{self.where(token)}: raw HTML {child.content!r} is not printed in the binder: "
                    "write it in markdown"
                )
            else:
                raise BinderError(f"{self.where(token)}: {child.type} is not supported in the binder")
        return root

    def refuse_url(self, url: str, image: bool, block: Token) -> None:
        if image:
            raise BinderError(f"{self.where(block)}: image {url!r}: binders print only images inside docs/")
        if not url.lower().startswith(LINK_SCHEMES):
            raise BinderError(
                f"{self.where(block)}: link {url!r}: a binder links only to "
                f"{', '.join(s.rstrip(':') for s in LINK_SCHEMES)} addresses"
            )

    def link(self, child: Token, block: Token) -> dict[str, Any]:
        href = str(child.attrs.get("href", ""))
        if SCHEME.match(href):
            self.refuse_url(href, False, block)
            return {"t": "ext", "href": href, "c": []}
        target = self.doc.resolve(href, self.stem)
        if target is None:  # a file next to the pages (e.g. the PDF itself): plain text in print
            return {"t": "span", "c": []}
        to = self.doc.anchor(*target)
        self.doc.references.append((to, self.where(block)))
        return {"t": "xref", "to": to, "c": []}

    def image(self, child: Token, block: Token) -> Node:
        src = str(child.attrs.get("src", ""))
        alt = child.content.strip()
        where = self.where(block)
        if SCHEME.match(src) or src.startswith("/"):
            raise BinderError(f"{where}: image {src!r}: binders print only images inside docs/")
        docs = (self.doc.project.root / "docs").resolve()
        relative = posixpath.normpath(posixpath.join(self.page.locale, src))
        path = (docs / relative).resolve()
        if relative.startswith("..") or not path.is_relative_to(docs):
            raise BinderError(f"{where}: image {src!r} is outside docs/: keep images inside docs/")
        if path.suffix.lower() not in IMAGE_TYPES:
            raise BinderError(f"{where}: image {src!r}: use one of {', '.join(IMAGE_TYPES)}")
        if not path.is_file():
            raise BinderError(f"{where}: image {src!r} not found")
        if not alt:
            raise BinderError(f"{where}: image {src!r} has no alt text: write ![what it shows]({src})")
        return {"t": "img", "src": self.doc.add_asset(path), "alt": alt}


class DocumentBuilder:
    def __init__(self, project: Project, locale: str):
        self.project = project
        self.locale = locale
        self.registry = project.registry
        self.strings = strings_for(project.root, locale)
        self.chapter_rules = {c.id: {r.id for r in c.rules} for c in self.registry.chapters}
        self.soft_hyphens = locale in hyphenation.SOFT_HYPHEN_LOCALES
        self.references: list[tuple[str, str]] = []  # (label, page:line) of every cross-reference
        self.assets: dict[str, Path] = {}  # name under the Typst root -> file under docs/

    def add_asset(self, path: Path) -> str:
        for name, known in self.assets.items():
            if known == path:
                return name
        name = f"assets/{len(self.assets)}{path.suffix.lower()}"
        self.assets[name] = path
        return name

    def resolve(self, href: str, current: str) -> tuple[str, str] | None:
        """(stem, fragment) of a relative href, or None when it leads outside this locale's pages."""
        path, _, fragment = href.partition("#")
        if not path:
            return current, fragment
        target = posixpath.normpath(posixpath.join(posixpath.dirname(f"{current}.md"), path))
        target = target.removesuffix("/index.md").removesuffix("/")
        stem = target.removesuffix(".md")
        if stem == PHRASEBOOK:
            return PHRASEBOOK, ""
        return (stem, fragment) if stem in self.registry.page_stems and target.endswith(".md") else None

    def anchor(self, stem: str, fragment: str) -> str:
        if stem == PHRASEBOOK:
            return PHRASEBOOK
        if not fragment:
            return f"page-{stem}"
        fragment = self.registry.redirects.get(fragment, fragment)
        if fragment in self.chapter_rules.get(stem, ()):
            return fragment
        return f"{stem}--{fragment}"

    # ── pages ──
    def page(self, stem: str) -> Part:
        page = self.project.page(self.locale, stem)
        if page is None:
            path = self.project.rel(self.project.page_path(self.locale, stem))
            raise BinderError(f"{path}: page missing")
        converter = Converter(self, page, stem, self.locale)
        blocks = converter.blocks(page.tokens)
        title_node = next((b for b in blocks if isinstance(b, dict) and b.get("level") == 1), None)
        if title_node is None:
            raise BinderError(f"{page.path}:1: the page has no '# Title' heading")
        is_chapter = stem in self.chapter_rules
        part = Part(stem, title_node["c"], title_node["plain"], is_chapter)
        blocks = self.reader_blocks(stem, blocks)
        part.blocks = blocks
        part.rules = self.collect_rules(blocks)
        return part

    def reader_blocks(self, stem: str, blocks: list[Node]) -> list[Node]:
        """What readers of this locale get, as playbook.reader decides it for the site: each part not
        translated yet in English (lang-marked, ids kept) under a "not translated yet" notice, rules
        missing here where the registry puts them, and an "English has changed" notice under each
        outdated section."""
        from playbook.freshness import OUTDATED, unit_states
        from playbook.reader import fallbacks
        from playbook.units import INTRO, TITLE

        pivot = self.registry.default_locale
        if self.locale == pivot:
            return blocks
        shown = fallbacks(self.project, self.locale, stem)
        outdated = {
            s.key for s in unit_states(self.project, [self.locale], stem)
            if s.state == OUTDATED and s.kind in ("rule", "section")
        }  # fmt: skip
        english = self.english_sections(stem) if shown else {}
        untranslated = self.notice("notice.untranslated.title", "notice.untranslated.body")
        sections = split_sections(blocks)
        head = sections.pop(0)
        title, intro = head[:1], head[1:]
        if TITLE in shown and title and TITLE in english:
            title = [
                {**title[0], "c": english[TITLE][0]["c"], "plain": english[TITLE][0]["plain"], "lang": pivot}
            ]
        if INTRO in shown and INTRO in english:
            intro = [untranslated, {"t": "lang", "lang": pivot, "c": english[INTRO]}]
        out = [*title, *intro]

        def english_section(key: str) -> list[Node]:
            heading, *body = english.get(key) or [None]
            if heading is None:
                return []
            return [{**heading, "lang": pivot}, untranslated, {"t": "lang", "lang": pivot, "c": body}]

        chapter = self.registry.chapter(stem)
        order = [r.id for r in chapter.rules] if chapter else []
        present = {section_key(stem, section[0]) for section in sections}
        absent = [key for key in order if key in shown and key not in present]
        for section in sections:
            key = section_key(stem, section[0])
            while absent and order.index(absent[0]) < order.index(key) if key in order else False:
                out.extend(english_section(absent.pop(0)))
            if key in shown:
                out.extend(english_section(key) or section)
            elif key in outdated:
                out.extend(
                    [section[0], self.notice("notice.outdated.title", "notice.outdated.body"), *section[1:]]
                )
            else:
                out.extend(section)
        for key in absent:
            out.extend(english_section(key))
        return out

    def english_sections(self, stem: str) -> dict[str, list[Node]]:
        """The pivot's page as blocks, by unit key: "_title" (its heading), "_intro", each section."""
        from playbook.units import INTRO, TITLE

        pivot = self.registry.default_locale
        page = self.project.page(pivot, stem)
        if page is None:
            return {}
        builder = DocumentBuilder(self.project, pivot)
        builder.references, builder.assets = self.references, self.assets  # one binder's links and images
        sections = split_sections(Converter(builder, page, stem, pivot).blocks(page.tokens))
        head = sections.pop(0)
        found: dict[str, list[Node]] = {TITLE: head[:1], INTRO: head[1:]}
        for section in sections:
            found[section_key(stem, section[0])] = section
        return found

    def notice(self, title_key: str, body_key: str) -> Node:
        title, body = self.strings[title_key], self.strings[body_key]
        return {"t": "box", "kind": "notice", "title": [title], "c": [{"t": "p", "c": [body]}]}

    def collect_rules(self, blocks: list[Node]) -> list[Rule]:
        rules: list[Rule] = []
        for node in walk(blocks):
            if node.get("t") == "rule":
                rules.append(Rule(node["id"], node["c"]))
            elif node.get("t") == "box" and node.get("kind") in PHRASE_KINDS and rules:
                rule = rules[-1]
                setattr(rule, f"{node['kind']}_label", plain(node["title"]))
                items = [b for b in node["c"] if b.get("t") == "list"]
                phrases = (
                    [flatten_item(item) for lst in items for item in lst["items"]]
                    if items
                    else [b["c"] for b in node["c"] if b.get("t") == "p"]
                )
                getattr(rule, node["kind"]).extend(phrases)
        return rules

    # ── the whole binder ──
    def build(self) -> dict[str, Any]:
        s = self.strings
        registry = self.registry
        parts = {stem: self.page(stem) for stem in registry.page_stems}
        front = [st for st in registry.pages if st not in BACK_MATTER]
        back = [st for st in registry.pages if st in BACK_MATTER]
        order = front + [c.id for c in registry.chapters] + back
        edition_text, stamp = edition(self.project.root)
        phrasebook = {
            "id": PHRASEBOOK,
            "title": f"{s['appendix']}: {s['phrasebook']}",
            "intro": s["phrasebook_intro"],
            "chapters": [
                {
                    "title": parts[c.id].title,
                    "rules": [
                        {
                            "id": r.id,
                            "title": r.title,
                            "groups": [
                                {
                                    "kind": k,
                                    "label": getattr(r, f"{k}_label") or s[k],
                                    "phrases": getattr(r, k),
                                }
                                for k in PHRASE_KINDS
                                if getattr(r, k)
                            ],
                        }
                        for r in parts[c.id].rules
                        if r.say or r.avoid
                    ],
                }
                for c in registry.chapters
            ],
        }
        doc = {
            "lang": self.locale,
            "title": s["title"],
            "author": s["author"],
            "description": s["subtitle"],
            "cover": {
                "language": s["language_name"],
                "title": s["title"],
                "subtitle": s["subtitle"],
                "edition": s["edition"].format(edition=edition_text),
            },
            "strings": {k: s[k] for k in ("contents", "rule")},
            "footer": segments(s["page_footer"]),
            "page_ref": segments(s["page_ref"]),
            "parts": [
                {"id": f"page-{stem}", "chapter": parts[stem].is_chapter, "blocks": parts[stem].blocks}
                for stem in order
            ],
            "phrasebook": phrasebook,
        }
        self.check_anchors(doc)
        return {"doc": doc, "timestamp": int(stamp.timestamp()), "soft_hyphens": self.soft_hyphens}

    def check_anchors(self, doc: dict[str, Any]) -> None:
        ids = [n["id"] for n in walk(doc["parts"]) if "id" in n and n.get("t") in ("h", "rule")]
        ids.append(PHRASEBOOK)
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise BinderError(f"{self.locale}: ids used twice in the binder: {', '.join(duplicates)}")
        known = set(ids)
        dangling = [(to, where) for to, where in self.references if to not in known]
        if dangling:
            raise BinderError(
                "; ".join(
                    f"{where}: link to an anchor that is not in the binder: {to}" for to, where in dangling
                )
            )


def section_key(stem: str, heading: Node) -> str:
    """The unit key of a section heading node: the rule id, or the section id without its page prefix."""
    return heading.get("id", "").removeprefix(f"{stem}--")


def top_node(nodes: list[Node]) -> dict[str, Any]:
    return nodes[-1] if nodes and isinstance(nodes[-1], dict) else {}


def split_sections(blocks: list[Node]) -> list[list[Node]]:
    """[blocks before the first level-2 heading, then one list per level-2 heading and its body]."""
    sections: list[list[Node]] = [[]]
    for block in blocks:
        if isinstance(block, dict) and block.get("t") in ("h", "rule") and block.get("level") == 2:
            sections.append([])
        sections[-1].append(block)
    return sections


def walk(nodes):
    """Every dict node, depth first (blocks, items, inline content)."""
    for node in nodes:
        if isinstance(node, dict):
            yield node
            for key in ("c", "blocks", "title"):
                if isinstance(node.get(key), list):
                    yield from walk(node[key])
            for item in node.get("items", ()):
                yield from walk(item)
        elif isinstance(node, list):
            yield from walk(node)


def plain(nodes: list[Node]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif "v" in node:
            out.append(node["v"])
        else:
            out.append(plain(node.get("c", [])))
    return "".join(out).replace("\u00ad", "")


def flatten_item(item: list[Node]) -> list[Node]:
    """A list item's content as one inline run (phrases are one paragraph each)."""
    out: list[Node] = []
    for block in item:
        if isinstance(block, dict) and block.get("t") == "p":
            if out:
                out.append(" ")
            out.extend(block["c"])
    return out


def binder_document(project: Project, locale: str) -> dict[str, Any]:
    """{"doc": the binder's data for binder.typ, "timestamp": the PDF date} (and assets to copy)."""
    builder = DocumentBuilder(project, locale)
    result = builder.build()
    result["assets"] = dict(builder.assets)
    return result
