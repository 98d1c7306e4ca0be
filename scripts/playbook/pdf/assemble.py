"""Build one self-contained print HTML document per locale: cover, contents, pages, phrasebook.

Content comes from the markdown by default, rendered with Python-Markdown and the extensions listed in
mkdocs.yml (the same HTML MkDocs puts inside ``<article>``, without Material's widgets), so a binder
does not depend on the theme or on build order. ``site_dir`` switches to the built pages' ``<article>``
instead (``playbook pdf --site site``). Either way, hrefs between pages become in-document links:
rule ids are unique across the playbook and stay as they are, every other id is prefixed with its
page stem (``glossary--venting``) and every page gets ``page-<stem>``.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import markdown
from bs4 import BeautifulSoup, Tag
from mkdocs.utils.meta import get_data

import playbook
from playbook.project import Project
from playbook.ui_strings import ui_strings

HERE = Path(__file__).resolve().parent
BACK_MATTER = ("glossary", "sources")  # non-chapter pages printed after the chapters, before the appendix
MKDOCS_DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code")  # MkDocs always adds these
THEME_CLUTTER = "a.headerlink, .md-content__button, .md-source-file, .md-feedback, script, style, form"
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


class BinderError(Exception):
    """Content that cannot be typeset as asked (a dangling link, a missing image, a missing string)."""


@dataclass
class RuleInfo:
    id: str
    title: str
    say: list[str] = field(default_factory=list)  # inner HTML of each phrase
    avoid: list[str] = field(default_factory=list)
    say_label: str = ""
    avoid_label: str = ""


@dataclass
class PageInfo:
    stem: str
    title: str
    is_chapter: bool
    html: str = ""
    rules: list[RuleInfo] = field(default_factory=list)


def strings_for(root: Path, locale: str) -> dict[str, str]:
    """The binder's words (strings/<locale>.yml, see playbook.ui_strings): the ``binder.*`` keys
    without their prefix, plus the playbook's name as ``title`` and the language's as ``language_name``."""
    texts = ui_strings(root, locale)
    words = {key.removeprefix("binder."): text for key, text in texts.items() if key.startswith("binder.")}
    return {**words, "title": texts["site.name"], "language_name": texts["language.name"]}


def edition(root: Path) -> tuple[str, datetime]:
    """The printed edition and the date stamped in the PDF: package version + commit, commit time.

    Never the wall clock, so two builds of one commit are byte-identical; SOURCE_DATE_EPOCH, when set
    (reproducible-builds convention), overrides the date.
    """
    version, text, stamp = playbook.__version__, playbook.__version__, datetime(2026, 1, 1, tzinfo=UTC)
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%h %ct"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        text, stamp = f"{version} ({out[0]})", datetime.fromtimestamp(int(out[1]), UTC)
    except (OSError, subprocess.CalledProcessError, IndexError, ValueError):
        pass
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        stamp = datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), UTC)
    return text, stamp


def markdown_converter(project: Project) -> markdown.Markdown:
    extensions, configs = list(MKDOCS_DEFAULT_EXTENSIONS), {}
    for item in project.mkdocs_config.get("markdown_extensions") or []:
        for name, config in item.items() if isinstance(item, dict) else [(item, None)]:
            if name not in extensions:
                extensions.append(name)
            configs[name] = config or {}
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


def site_page_path(site_dir: Path, locale: str, stem: str, default_locale: str) -> Path:
    """Where MkDocs + static-i18n put a page: default locale at the root, others under /<locale>/."""
    base = site_dir if locale == default_locale else site_dir / locale
    return base / "index.html" if stem == "index" else base / stem / "index.html"


class Assembler:
    def __init__(self, project: Project, locale: str, site_dir: Path | None = None):
        self.project = project
        self.locale = locale
        self.site_dir = site_dir
        self.registry = project.registry
        self.chapter_rules = {c.id: {r.id for r in c.rules} for c in self.registry.chapters}
        self.stems = self.registry.page_stems
        self._md = markdown_converter(project) if site_dir is None else None

    # ── where each page lives, for resolving relative hrefs ──
    def page_url(self, stem: str) -> str:
        if self.site_dir is None:
            return f"{stem}.md"
        return "index.html" if stem == "index" else f"{stem}/index.html"

    def resolve(self, href: str, current: str) -> tuple[str, str] | None:
        """(stem, fragment) of a relative href, or None when it leads outside the playbook's pages."""
        path, _, fragment = href.partition("#")
        if not path:
            return current, fragment
        base = posixpath.dirname(self.page_url(current))
        target = posixpath.normpath(posixpath.join(base, path))
        if path.endswith("/"):
            target += "/index.html"
        elif target == ".":
            target = "index.html"
        by_url = {self.page_url(stem): stem for stem in self.stems}
        stem = by_url.get(target)
        return (stem, fragment) if stem else None

    def anchor(self, stem: str, fragment: str) -> str:
        if not fragment:
            return f"page-{stem}"
        if fragment in self.chapter_rules.get(stem, ()):
            return fragment
        return f"{stem}--{fragment}"

    # ── one page ──
    def page_soup(self, stem: str) -> BeautifulSoup:
        if self.site_dir is not None:
            path = site_page_path(self.site_dir, self.locale, stem, self.registry.default_locale)
            if not path.is_file():
                raise BinderError(f"{path}: built page missing; build the site first (make build)")
            article = BeautifulSoup(path.read_text("utf-8"), "html.parser").find("article")
            if article is None:
                raise BinderError(f"{path}: no <article> element")
            for clutter in article.select(THEME_CLUTTER):
                clutter.decompose()
            return BeautifulSoup(article.decode_contents(), "html.parser")
        page = self.project.page(self.locale, stem)
        if page is None:
            raise BinderError(f"{self.project.rel(self.project.page_path(self.locale, stem))}: page missing")
        body, _meta = get_data(page.text)
        body = self.reader_notes(stem, body)
        return BeautifulSoup(self._md.reset().convert(body), "html.parser")

    def reader_notes(self, stem: str, body: str) -> str:
        """The notes the site adds to a page (outdated-translation notices, old rule ids), so print matches."""
        from playbook.freshness import annotate_markdown

        default = self.registry.default_locale
        page_url = ("" if self.locale == default else f"{self.locale}/") + (
            "" if stem == "index" else f"{stem}/"
        )
        return annotate_markdown(self.project.root, f"{self.locale}/{stem}.md", page_url, body)

    def build_page(self, stem: str) -> PageInfo:
        soup = self.page_soup(stem)
        is_chapter = stem in self.chapter_rules
        h1 = soup.find("h1")
        title = h1.get_text(" ", strip=True) if h1 else stem
        if h1 is not None:
            h1.attrs = {"class": ["page-title"]}
        info = PageInfo(stem, title, is_chapter)
        rules = self.chapter_rules.get(stem, set())
        for element in soup.find_all(id=True):
            if element["id"] not in rules:
                element["id"] = f"{stem}--{element['id']}"
        for details in soup.find_all("details"):  # print everything: collapsibles become open boxes
            details.name = "div"
            details["class"] = ["admonition", *details.get("class", [])]
            details.attrs.pop("open", None)
            for summary in details.find_all("summary", recursive=False):
                summary.name, summary["class"] = "p", ["admonition-title"]
        self.rewrite_links(soup, stem)
        self.check_images(soup, stem)
        for heading in soup.find_all("h2"):
            if heading.get("id") in rules:
                info.rules.append(self.mark_rule(soup, heading))
        info.html = str(soup)
        return info

    def rewrite_links(self, soup: BeautifulSoup, stem: str) -> None:
        for link in soup.find_all("a", href=True):
            href = link["href"]
            if SCHEME.match(href):
                if link.get_text(strip=True) != href.removeprefix("mailto:"):
                    link["class"] = [*link.get("class", []), "ext"]
                continue
            target = self.resolve(href, stem)
            if target is None:  # a file next to the pages (e.g. the PDF itself): plain text in print
                link.unwrap()
                continue
            link["href"] = "#" + self.anchor(*target)
            link["class"] = [*link.get("class", []), "xref"]

    def check_images(self, soup: BeautifulSoup, stem: str) -> None:
        folder = (
            self.project.page_path(self.locale, stem).parent
            if self.site_dir is None
            else site_page_path(self.site_dir, self.locale, stem, self.registry.default_locale).parent
        )
        for image in soup.find_all("img", src=True):
            if SCHEME.match(image["src"]):
                raise BinderError(
                    f"{self.locale}/{stem}: image {image['src']} is remote; binders are offline"
                )
            path = (folder / image["src"]).resolve()
            if not path.is_file():
                raise BinderError(f"{self.locale}/{stem}: image {image['src']} not found ({path})")
            image["src"] = path.as_uri()

    def mark_rule(self, soup: BeautifulSoup, heading: Tag) -> RuleInfo:
        """Show the rule id under its title and collect its say/avoid phrases for the phrasebook."""
        rule = RuleInfo(heading["id"], heading.get_text(" ", strip=True))
        heading["class"] = [*heading.get("class", []), "rule-title"]
        badge = soup.new_tag("p", attrs={"class": "rule-id"})
        badge.append(soup.new_tag("span", attrs={"class": "rule-id-label"}))
        badge.span.string = strings_for(self.project.root, self.locale)["rule"]
        code = soup.new_tag("code")
        code.string = rule.id
        badge.append(" ")
        badge.append(code)
        heading.insert_after(badge)
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h1", "h2"):
                break
            boxes = [sibling] if "admonition" in sibling.get("class", []) else sibling.select(".admonition")
            for box in boxes:
                kind = next((k for k in ("say", "avoid") if k in box.get("class", [])), None)
                if kind is None:
                    continue
                label = box.find(class_="admonition-title")
                setattr(rule, f"{kind}_label", label.get_text(strip=True) if label else "")
                items = box.find_all("li") or [p for p in box.find_all("p") if p is not label]
                getattr(rule, kind).extend(item.decode_contents().strip() for item in items)
        return rule


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def counters(template: str, **names: str) -> str:
    """``Page {page} / {pages}`` as a CSS content value: ``"Page " counter(page) " / " counter(pages)``."""
    parts = re.split(r"\{(\w+)\}", template)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(names[part])
        elif part:
            out.append(css_string(part))
    return " ".join(out)


def assemble(project: Project, locale: str, site_dir: Path | None = None) -> tuple[str, dict[str, str]]:
    """The print HTML for one locale and its metadata (title, author) — ready for render.render_html."""
    s = strings_for(project.root, locale)
    assembler = Assembler(project, locale, site_dir)
    registry = project.registry
    pages = {stem: assembler.build_page(stem) for stem in registry.page_stems}
    front = [st for st in registry.pages if st not in BACK_MATTER]
    back = [st for st in registry.pages if st in BACK_MATTER]
    order = front + [c.id for c in registry.chapters] + back
    edition_text, stamp = edition(project.root)

    toc = []
    for stem in order:
        page = pages[stem]
        kind = "toc-chapter" if page.is_chapter else "toc-page"
        rules = "".join(f'<li class="toc-rule"><a href="#{r.id}">{_e(r.title)}</a></li>' for r in page.rules)
        toc.append(
            f'<li class="{kind}"><a href="#page-{stem}">{_e(page.title)}</a>'
            + (f"<ol>{rules}</ol>" if rules else "")
            + "</li>"
        )
    toc.append(
        f'<li class="toc-page"><a href="#phrasebook">{_e(s["appendix"])}: {_e(s["phrasebook"])}</a></li>'
    )

    body = [
        '<section class="cover">',
        f'<p class="cover-language">{_e(s["language_name"])}</p>',
        f'<p class="cover-title">{_e(s["title"])}</p>',
        f'<p class="cover-subtitle">{_e(s["subtitle"])}</p>',
        f'<p class="cover-edition">{_e(s["edition"].format(edition=edition_text))}</p>',
        "</section>",
        f'<nav class="toc" id="contents"><h1 class="toc-title">{_e(s["contents"])}</h1><ol>{"".join(toc)}</ol></nav>',
    ]
    for stem in order:
        page = pages[stem]
        kind = "chapter" if page.is_chapter else "page"
        body.append(f'<section class="{kind}" id="page-{stem}">{page.html}</section>')
    body.append(phrasebook(registry, pages, s))
    ids = re.findall(r'\sid="([^"]+)"', "\n".join(body))
    dangling = sorted({h for h in re.findall(r'href="#([^"]+)"', "\n".join(body))} - set(ids))
    if dangling:
        raise BinderError(f"{locale}: links to anchors that are not in the binder: {', '.join(dangling)}")
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise BinderError(f"{locale}: ids used twice in the binder: {', '.join(duplicates)}")

    meta = {
        "title": s["title"],
        "author": s["author"],
        "description": s["subtitle"],
        "date": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    locale_css = "\n".join(
        [
            f"@page main {{ @bottom-center {{ content: {counters(s['page_footer'], page='counter(page)', pages='counter(pages)')}; }} }}",
            f'a.xref::after {{ content: " \\2192\\00a0" {counters(s["page_ref"], page="target-counter(attr(href url), page)")}; }}',
            f".phrasebook a.xref::after {{ content: {counters(s['page_ref'], page='target-counter(attr(href url), page)')}; }}",
        ]
    )
    document = "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{_e(locale)}">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{_e(meta['title'])}</title>",
            f'<meta name="author" content="{_e(meta["author"])}">',
            f'<meta name="description" content="{_e(meta["description"])}">',
            f'<meta name="dcterms.created" content="{meta["date"]}">',
            f'<meta name="dcterms.modified" content="{meta["date"]}">',
            f"<style>{locale_css}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
        ]
    )
    return document, meta


def phrasebook(registry, pages: dict[str, PageInfo], s: dict[str, str]) -> str:
    """Every say/avoid phrase by chapter and rule, each rule linking back to where it is explained."""
    out = [
        '<section class="appendix phrasebook" id="phrasebook">',
        f'<h1 class="page-title">{_e(s["appendix"])}: {_e(s["phrasebook"])}</h1>',
        f'<p class="phrasebook-intro">{_e(s["phrasebook_intro"])}</p>',
    ]
    for chapter in registry.chapters:
        page = pages[chapter.id]
        out.append(f'<h2 class="phrasebook-chapter">{_e(page.title)}</h2>')
        for rule in page.rules:
            if not (rule.say or rule.avoid):
                continue
            out.append('<div class="phrasebook-rule">')
            out.append(f'<h3><a class="xref" href="#{rule.id}">{_e(rule.title)}</a></h3>')
            for kind in ("say", "avoid"):
                phrases = getattr(rule, kind)
                if phrases:
                    label = getattr(rule, f"{kind}_label") or s[kind]
                    items = "".join(f"<li>{phrase}</li>" for phrase in phrases)
                    out.append(
                        f'<div class="phrases {kind}"><p class="phrases-label">{_e(label)}</p><ul>{items}</ul></div>'
                    )
            out.append("</div>")
    out.append("</section>")
    return "\n".join(out)
