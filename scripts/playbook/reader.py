"""What readers of a translation get besides its text: English where it is not translated yet,
notices where the English changed, and the old ids of renamed rules.

One function, ``annotate_markdown``, rewrites a page's markdown before it is rendered; the MkDocs
hook (site) and the binder call it alike. ``fallbacks`` gives the same decisions as data for a
renderer that does not read markdown: which units of a page show the pivot's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from playbook.freshness import OUTDATED, UnitState, unit_states
from playbook.project import Project, cached_project
from playbook.ui_strings import ui_strings
from playbook.units import DESCRIPTION, INTRO, TITLE, Unit, unit_map


@dataclass(frozen=True)
class Fallback:
    """A unit of a translated page that readers get in the pivot language, under a notice."""

    state: UnitState
    english: Unit  # the pivot's unit: its title, snapshot (markdown) and blocks
    lang: str  # the pivot locale, for lang="…"


def fallbacks(project: Project, locale: str, stem: str) -> dict[str, Fallback]:
    """Every unit of ``locale``'s page ``stem`` shown in the pivot language, by unit key."""
    pivot = project.default_locale
    if locale == pivot:
        return {}
    originals = unit_map(project.page(pivot, stem))
    return {
        state.key: Fallback(state, originals[state.key], pivot)
        for state in unit_states(project, [locale], stem)
        if state.fallback and state.key in originals
    }


def _heading_pattern(unit_id: str) -> re.Pattern:
    return re.compile(rf"^##[ \t]+.*\{{[^}}]*#{re.escape(unit_id)}(?![\w-])[^}}]*\}}[ \t]*$", re.MULTILINE)


NEXT_SECTION = re.compile(r"^## ", re.MULTILINE)


NOTICES = {  # kind: (admonition type, title key, body key)
    "untranslated": ("note", "notice.untranslated.title", "notice.untranslated.body"),
    "outdated": ("warning", "notice.outdated.title", "notice.outdated.body"),
}


def _notice(kind: str, text: dict[str, str], link: str = "") -> str:
    admonition, title_key, body_key = NOTICES[kind]
    title = text[title_key].replace('"', "'")
    return f'!!! {admonition} translation-{kind} "{title}"\n    {text[body_key]}{link}\n'


def _english_section(fallback: Fallback, heading: str, text: dict[str, str]) -> str:
    """The section as readers get it: the heading (lang marked when it is English), the notice,
    then the pivot's body in a lang-marked block. The heading keeps its id and classes."""
    english = fallback.english
    attrs = re.search(r"\{([^}]*)\}\s*$", heading)
    inner = attrs.group(1).strip() if attrs else f"#{fallback.state.key}"
    title = english.title
    body = english.snapshot.split("\n", 2)[2].strip("\n") if english.snapshot.count("\n") >= 2 else ""
    return (
        f'## {title} {{ {inner} lang="{fallback.lang}" }}\n\n'
        f"{_notice('untranslated', text)}\n"
        f'<div lang="{fallback.lang}" markdown>\n\n{body}\n\n</div>\n\n'
    )


def annotate_markdown(
    root: Path, src_uri: str, page_url: str, markdown: str, site_url: str | None = None
) -> str:
    """Add reader-facing notes to a page's markdown (front matter already removed) before rendering.

    - each unit still untranslated in this locale (a placeholder, the English text, or a rule
      missing here): the English text, marked lang="en", under a localized "not translated yet"
      notice; a section keeps its id, so links to it land;
    - after the heading of each section outdated in this locale: a notice linking to the English;
    - before the heading of each renamed rule: an empty element with the old id, so old links and
      bookmarks (``listen/#old-id``) still land on the rule.
    """
    from mkdocs.utils import get_relative_url

    parts = src_uri.split("/")
    if len(parts) != 2 or not parts[1].endswith(".md"):
        return markdown
    locale, stem = parts[0], parts[1][:-3]
    project = cached_project(root)
    registry = project.registry
    if locale not in registry.locales or stem not in registry.page_stems:
        return markdown
    chapter = registry.chapter(stem)
    chapter_rules = [r.id for r in chapter.rules] if chapter else []
    for old, new in sorted(registry.redirects.items()):
        if new in chapter_rules:
            match = _heading_pattern(new).search(markdown)
            if match and f'id="{old}"' not in markdown:
                anchor = f'<div id="{old}" class="rule-redirect"></div>\n\n'
                markdown = markdown[: match.start()] + anchor + markdown[match.start() :]
    if locale == registry.default_locale:
        return markdown
    text = ui_strings(root, locale)
    if page_url.startswith(f"{locale}/"):  # full build: en pages sit at the site root
        en_href = get_relative_url(page_url[len(locale) + 1 :], page_url)
    else:  # one-locale build (BUILD_ONLY_LOCALE, make preview): en exists only on the full site
        en_href = urljoin(site_url or "/", page_url)
    shown = fallbacks(project, locale, stem)
    markdown = _fallback_page_units(markdown, shown, text)
    for key, fallback in shown.items():
        if fallback.english.kind not in ("rule", "section"):
            continue
        match = _heading_pattern(key).search(markdown)
        if match is None:
            markdown = _insert_absent_rule(markdown, key, chapter_rules, fallback, text)
            continue
        following = NEXT_SECTION.search(markdown, match.end())
        end = following.start() if following else len(markdown)
        markdown = (
            markdown[: match.start()] + _english_section(fallback, match.group(0), text) + markdown[end:]
        )
    for state in unit_states(project, [locale], stem):
        if state.state != OUTDATED or state.kind not in ("rule", "section"):
            continue
        match = _heading_pattern(state.key).search(markdown)
        if not match:
            continue
        link = f' <a href="{en_href}#{state.key}" hreflang="{registry.default_locale}">{text["notice.outdated.link"]}</a>'
        notice = "\n\n" + _notice("outdated", text, link)
        markdown = markdown[: match.end()] + notice + markdown[match.end() :]
    return markdown


def _fallback_page_units(markdown: str, shown: dict[str, Fallback], text: dict[str, str]) -> str:
    """Title and intro in English when they are not translated yet (the description is metadata)."""
    title = re.search(r"^# (.*)$", markdown, re.MULTILINE)
    if title is None:
        return markdown
    if INTRO in shown:
        fallback = shown[INTRO]
        following = NEXT_SECTION.search(markdown, title.end())
        end = following.start() if following else len(markdown)
        block = (
            f"\n\n{_notice('untranslated', text)}\n"
            f'<div lang="{fallback.lang}" markdown>\n\n{fallback.english.snapshot.strip()}\n\n</div>\n\n'
        )
        markdown = markdown[: title.end()] + block + markdown[end:]
        title = re.search(r"^# (.*)$", markdown, re.MULTILINE)
    if TITLE in shown:
        english = shown[TITLE]
        markdown = (
            markdown[: title.start()]
            + f'# {english.english.title} {{ lang="{english.lang}" }}'
            + markdown[title.end() :]
        )
    _ = DESCRIPTION
    return markdown


def _insert_absent_rule(
    markdown: str, key: str, order: list[str], fallback: Fallback, text: dict[str, str]
) -> str:
    """A registered rule with no heading on this page: shown in English where it belongs."""
    if key not in order:
        return markdown
    position = len(markdown)
    for later in order[order.index(key) + 1 :]:
        match = _heading_pattern(later).search(markdown)
        if match:
            position = match.start()
            break
    section = _english_section(fallback, f"## {fallback.english.title} {{ #{key} .rule }}", text)
    before = markdown[:position].rstrip("\n")
    return f"{before}\n\n{section}{markdown[position:]}"
