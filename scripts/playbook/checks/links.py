"""Links: every internal link resolves in its own locale, and every locale links like ``en`` does."""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from playbook.checks import check
from playbook.pages import Link, Page
from playbook.problems import Problem


def resolve(page: Page, link: Link) -> tuple[str | None, str | None, str | None]:
    """Return (target stem, anchor, error) for an internal link, relative to the page's locale folder."""
    parts = urlsplit(link.href)
    anchor = unquote(parts.fragment) or None
    if not parts.path:
        return page.stem, anchor, None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page.path), unquote(parts.path)))
    folder = posixpath.dirname(page.path)
    if posixpath.dirname(target) != folder:
        return None, anchor, f"link '{link.href}' leaves docs/{page.locale}/"
    if not target.endswith(".md"):
        return None, anchor, f"link '{link.href}' does not point at a .md page"
    return posixpath.basename(target)[:-3], anchor, None


def internal_targets(page: Page, links: list[Link]) -> Counter:
    """The multiset of 'stem#anchor' targets, the language-neutral shape of a section's links."""
    found: Counter = Counter()
    for link in links:
        if link.is_internal:
            stem, anchor, error = resolve(page, link)
            if not error:
                found[f"{stem}.md" + (f"#{anchor}" if anchor else "")] += 1
    return found


@check
def check_links_resolve(project) -> Iterator[Problem]:
    """A broken link or anchor is a dead end for someone mid-call."""
    for locale in project.locales:
        for page in project.pages(locale):
            for link in page.links:
                if not link.is_internal or link.href.startswith("mailto:"):
                    continue
                stem, anchor, error = resolve(page, link)
                where = page.where(link.line)
                if error:
                    yield Problem(
                        page.path,
                        link.line,
                        "E140",
                        "broken-link",
                        where + error,
                        "link to a page of the same locale, e.g. listen.md#rule-id",
                    )
                    continue
                target = project.page(locale, stem)
                if target is None:
                    yield Problem(
                        page.path,
                        link.line,
                        "E140",
                        "broken-link",
                        f"{where}link '{link.href}': docs/{locale}/{stem}.md does not exist",
                        "fix the file name (same in every locale)",
                    )
                    continue
                if anchor and anchor not in target.anchors:
                    yield Problem(
                        page.path,
                        link.line,
                        "E141",
                        "broken-anchor",
                        f"{where}link '{link.href}': no '#{anchor}' in docs/{locale}/{stem}.md",
                        "use an existing rule or section id",
                    )


@check
def check_link_parity(project) -> Iterator[Problem]:
    """A rule or section links to the same internal targets in every locale as in the pivot."""
    pivot = project.default_locale
    for stem in project.registry.page_stems:
        reference = project.page(pivot, stem)
        if reference is None:
            continue
        wanted = {s.id: internal_targets(reference, s.links) for s in reference.sections if s.id}
        for locale in project.locales:
            page = project.page(locale, stem) if locale != pivot else None
            if page is None:
                continue
            for section in page.sections:
                if section.id not in wanted:
                    continue
                got = internal_targets(page, section.links)
                kind = "rule" if section.is_rule else "section"
                for target in sorted(wanted[section.id] - got):
                    yield Problem(
                        page.path,
                        section.line,
                        "E142",
                        "link-parity",
                        f"{kind} '{section.id}' lacks the link to {target} that docs/{pivot}/{stem}.md has",
                        f"add a link to {target}",
                    )
                for target in sorted(got - wanted[section.id]):
                    yield Problem(
                        page.path,
                        section.line,
                        "E142",
                        "link-parity",
                        f"{kind} '{section.id}' links to {target}, which docs/{pivot}/{stem}.md does not",
                        f"remove it, or add it to docs/{pivot}/{stem}.md first",
                    )
