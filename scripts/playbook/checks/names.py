"""One name per locale: the product and each generated page are called the same everywhere.

The site header, the browser tab, the binder cover and the PDF title metadata all print
``site.name``; the home page prints its own heading, the binder's author line names the product,
and the phrasebook has a site title and a binder title. Each copy a person writes is checked
against ``site.name`` (or the phrasebook's site title), so a rename cannot stop halfway.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from playbook.checks import check
from playbook.problems import Problem
from playbook.ui_strings import load_locale

FIX_STRINGS = "use the same name in both places (strings/{locale}.yml and the page), or rename both"


def names_product(line: str, name: str) -> bool:
    """Does ``line`` name the product? Every word of four or more letters of ``name`` must start a
    word of ``line`` with its first four letters, so inflected forms count ("Ghidului de
    detensionare" names "Ghid de detensionare", "håndboken" names "Håndbok")."""
    words = [w.lower() for w in re.findall(r"\w+", line)]
    return all(
        any(w.startswith(stem[:4]) for w in words)
        for stem in (s.lower() for s in re.findall(r"\w+", name))
        if len(stem) >= 4
    )


def _mismatch(path: str, line: int, message: str, fix: str) -> Problem:
    return Problem(path, line, "E215", "name-mismatch", message, fix)


@check
def check_names_agree(project) -> Iterator[Problem]:
    """site.name = home heading ⊂ binder author line; site.description = binder.subtitle;
    phrasebook.title = binder.phrasebook."""
    if not project.locales:
        return
    pivot = project.default_locale
    for locale in project.locales:
        strings = load_locale(project.root, locale, pivot)
        texts = strings.texts
        name = texts.get("site.name", "").strip()
        if not name:
            continue
        home = project.page(locale, "index")
        if home is not None and home.title and home.title.strip() != name:
            yield _mismatch(
                home.path,
                home.title_line,
                f"the home page is called '{home.title.strip()}' but site.name in {strings.path} is '{name}'",
                FIX_STRINGS.format(locale=locale),
            )
        line = strings.lines.get
        author = texts.get("binder.author", "")
        if author and not names_product(author, name):
            yield _mismatch(
                strings.path,
                line("binder.author", 1),
                f"binder.author '{author}' does not name the product '{name}' (site.name)",
                "name the product with the words of site.name (inflected forms are fine)",
            )
        description, subtitle = texts.get("site.description", ""), texts.get("binder.subtitle", "")
        if description and subtitle and description.strip().rstrip(".") != subtitle.strip().rstrip("."):
            yield _mismatch(
                strings.path,
                line("binder.subtitle", 1),
                f"binder.subtitle '{subtitle}' does not say what site.description says ('{description}')",
                "give both keys the same sentence (the subtitle without its full stop)",
            )
        site_title, binder_title = texts.get("phrasebook.title", ""), texts.get("binder.phrasebook", "")
        if site_title and binder_title and site_title.strip() != binder_title.strip():
            yield _mismatch(
                strings.path,
                line("binder.phrasebook", 1),
                f"the binder calls the phrasebook '{binder_title}', the site '{site_title}' (phrasebook.title)",
                "give both keys the same text",
            )
