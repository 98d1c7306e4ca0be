"""Links: every internal link resolves in its own locale, and every locale links like ``en`` does."""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from playbook.checks import check
from playbook.pages import Link, Page
from playbook.problems import Problem
from playbook.suggest import did_you_mean


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


def broken_targets(project, page: Page) -> dict[str, tuple]:
    """Every internal link of ``page`` that leads nowhere: href -> (line, code, name, message+fix)."""
    found = {}
    for problem in _link_problems(project, page):
        found.setdefault(problem[5], problem[:5])
    return found


def _link_problems(project, page: Page):
    """(line, code, name, message, fix, href) for each broken internal link of one page."""
    locale = page.locale
    redirects = project.registry.redirects
    for link in page.links:
        if not link.is_internal or link.href.startswith("mailto:"):
            continue
        stem, anchor, error = resolve(page, link)
        where = page.where(link.line)
        if error:
            yield (
                link.line,
                "E140",
                "broken-link",
                where + error,
                "link to a page of the same locale, e.g. listen.md#rule-id",
                link.href,
            )
            continue
        target = project.page(locale, stem)
        if target is None:
            hint = did_you_mean(stem, project.registry.page_stems, "did you mean '{}.md'?")
            yield (
                link.line,
                "E140",
                "broken-link",
                f"{where}link '{link.href}': docs/{locale}/{stem}.md does not exist",
                hint or "fix the file name (same in every locale)",
                link.href,
            )
            continue
        if anchor and anchor not in target.anchors:
            if anchor in redirects:
                new = redirects[anchor]
                home = project.registry.rules.get(new)
                fix = f"link to {home.chapter if home else stem}.md#{new}"
                yield (
                    link.line,
                    "E141",
                    "broken-anchor",
                    f"{where}link '{link.href}': '{anchor}' was renamed to '{new}'",
                    fix,
                    link.href,
                )
                continue
            hint = did_you_mean(anchor, target.anchors, "did you mean '#{}'?")
            yield (
                link.line,
                "E141",
                "broken-anchor",
                f"{where}link '{link.href}': no '#{anchor}' in docs/{locale}/{stem}.md",
                hint or "use an existing rule or section id",
                link.href,
            )


def _missing_rule_target(project, page: Page, href: str) -> bool:
    """The link names a registered rule that its page in this locale lacks: E130 says so there."""
    link = next(link for link in page.links if link.href == href)
    stem, anchor, _ = resolve(page, link)
    rule = project.registry.rules.get(anchor or "")
    return rule is not None and rule.chapter == stem


@check
def check_links_resolve(project) -> Iterator[Problem]:
    """A broken link or anchor is a dead end for someone mid-call (reported once: where it was made)."""
    pivot = project.default_locale
    for locale in project.locales:
        for page in project.pages(locale):
            reference = project.page(pivot, page.stem) if locale != pivot else None
            broken_in_pivot = set(broken_targets(project, reference)) if reference is not None else set()
            for line, code, name, message, fix, href in _link_problems(project, page):
                if href in broken_in_pivot:
                    continue  # copied from the pivot page: fixing it there is the fix
                if code == "E141" and locale != pivot and _missing_rule_target(project, page, href):
                    continue
                yield Problem(page.path, line, code, name, message, fix)


@check
def check_link_parity(project) -> Iterator[Problem]:
    """A section links to the same internal targets in every locale as in the pivot.

    Not for a section readers get in English anyway (a fallback: the pivot's links are shown),
    and not for a target that is broken in the pivot (E140/E141 there is the root cause).
    """
    from playbook.freshness import MISSING, unit_states

    pivot = project.default_locale
    for stem in project.registry.page_stems:
        reference = project.page(pivot, stem)
        if reference is None:
            continue
        broken = {
            target
            for href in broken_targets(project, reference)
            for target in internal_targets(reference, [next(li for li in reference.links if li.href == href)])
        }
        wanted = {s.id: internal_targets(reference, s.links) for s in reference.sections if s.id}
        for locale in project.locales:
            page = project.page(locale, stem) if locale != pivot else None
            if page is None:
                continue
            untranslated = {s.key for s in unit_states(project, [locale], stem) if s.state == MISSING}
            own_broken = {line for line, *_ in broken_targets(project, page).values()}
            for section in page.sections:
                if section.id not in wanted or section.id in untranslated:
                    continue
                if any(section.line <= line <= section.end_line for line in own_broken):
                    continue  # its broken link (E140/E141) is the root cause: fix that first
                got = internal_targets(page, section.links)
                kind = "rule" if section.is_rule else "section"
                for target in sorted(wanted[section.id] - got):
                    if target in broken:
                        continue
                    yield Problem(
                        page.path,
                        section.line,
                        "E142",
                        "link-parity",
                        f"{kind} '{section.id}' lacks the link to {target} that docs/{pivot}/{stem}.md has",
                        f"add a link to {target}",
                    )
                for target in sorted(got - wanted[section.id]):
                    if any(t in broken for t in wanted[section.id] - got):
                        continue  # most likely the correct form of the pivot's broken link
                    line = next(
                        (li.line for li in section.links if target in internal_targets(page, [li])),
                        section.line,
                    )
                    yield Problem(
                        page.path,
                        line,
                        "E142",
                        "link-parity",
                        f"{kind} '{section.id}' links to {target}, which docs/{pivot}/{stem}.md does not",
                        f"remove it, or ask for it to be added to docs/{pivot}/{stem}.md first",
                    )
