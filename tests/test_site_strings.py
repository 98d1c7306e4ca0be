"""Site strings (scripts/playbook/site/strings.json): every key in every locale, none left empty."""

from __future__ import annotations

from playbook import site
from playbook.project import Project


def test_every_locale_has_every_site_string(repo_root):
    strings = site.strings()
    keys = set(strings["en"])
    locales = Project(repo_root).locales or list(strings)
    for locale in locales:
        assert locale in strings, f"strings.json has no '{locale}' section"
        assert set(strings[locale]) == keys, (
            f"{locale}: missing {keys - set(strings[locale])}, extra {set(strings[locale]) - keys}"
        )
        assert all(value.strip() for value in strings[locale].values()), f"{locale}: empty string"


def test_translated_strings_are_not_english_copies():
    strings = site.strings()
    for locale, values in strings.items():
        if locale != "en":
            assert values["phrasebook.title"] != strings["en"]["phrasebook.title"], locale
            assert values["copy.label"] != strings["en"]["copy.label"], locale
