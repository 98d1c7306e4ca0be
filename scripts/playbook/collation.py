"""Alphabetical order as each language's readers expect it (ICU / CLDR collation rules).

Finnish and Swedish put å ä ö after z, Norwegian æ ø å; Romanian sorts ă â î ș ț after a, a, i, s, t;
a plain ``sorted()`` gets all of these wrong. ``playbook sort`` reorders the sections of the pages
listed under ``alphabetical:`` in playbook.yml; ``playbook check`` reports an entry out of place (E144).
"""

from __future__ import annotations

import argparse
from functools import lru_cache
from pathlib import Path

from playbook.pages import Page, Section
from playbook.project import Project
from playbook.units import plain_words


@lru_cache(maxsize=32)
def collator(locale: str):
    import icu

    return icu.Collator.createInstance(icu.Locale(locale))


def sort_key(locale: str, title: str):
    return collator(locale).getSortKey(plain_words(title))


def sorted_sections(page: Page) -> list[Section]:
    return sorted(page.sections, key=lambda s: sort_key(page.locale, s.title))


def sort_page(page: Page) -> str:
    """The page text with its level-2 sections in the locale's alphabetical order (the rest unchanged)."""
    if not page.sections:
        return page.text
    lines = page.text.split("\n")
    head = lines[: page.sections[0].line - 1]
    chunks = {}
    for section in page.sections:
        chunk = lines[section.line - 1 : section.end_line]
        while chunk and not chunk[-1].strip():
            chunk.pop()
        chunks[section.line] = chunk
    tail_blank = page.text.endswith("\n")
    body = []
    for section in sorted_sections(page):
        body += [*chunks[section.line], ""]
    text = "\n".join(head + body).rstrip("\n")
    return text + ("\n" if tail_blank else "")


def alphabetical_pages(project: Project):
    """Every page (of every locale) whose sections follow the reader's alphabet."""
    for stem in project.registry.alphabetical:
        for locale in project.locales:
            page = project.page(locale, stem)
            if page is not None:
                yield locale, stem, page


def sort_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="playbook sort",
        description="put the sections of alphabetical pages (playbook.yml `alphabetical:`) in each "
        "language's own order; exit 1 if a file changed",
    )
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    args = parser.parse_args(argv)
    project = Project(Path(args.root))
    changed = 0
    for locale, stem, page in alphabetical_pages(project):
        text = sort_page(page)
        if text != page.text:
            project.page_path(locale, stem).write_text(text, "utf-8")
            print(f"{page.path}: sections sorted")
            changed += 1
    if not changed:
        print("playbook sort: every alphabetical page is in order")
    return 1 if changed else 0
