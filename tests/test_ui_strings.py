"""UI strings (strings/<locale>.yml): what readers get, and that no key is dead or an English copy.

Missing, extra, malformed keys and placeholders are checks (tests/test_checks.py scenarios ui-*).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from playbook.project import Project
from playbook.ui_strings import load_locale, ui_strings

ROOT = Path(__file__).resolve().parent.parent
REAL = Project(ROOT)


def test_a_key_missing_in_a_locale_reads_in_the_pivot_language(content_copy):
    path = content_copy / "strings" / "fi.yml"
    path.write_text(re.sub(r"^copy\.done: .*\n", "", path.read_text("utf-8"), flags=re.MULTILINE), "utf-8")
    english = ui_strings(content_copy, REAL.default_locale)["copy.done"]
    assert ui_strings(content_copy, "fi")["copy.done"] == english
    assert ui_strings(content_copy, "fi")["copy.label"] == ui_strings(ROOT, "fi")["copy.label"]


def test_every_key_is_read_by_the_site_the_binder_or_the_notices():
    """A key no code or template names is a text translators keep up for nobody."""
    used = "\n".join(
        p.read_text("utf-8")
        for folder in (ROOT / "scripts" / "playbook", ROOT / "overrides")
        for p in folder.rglob("*")
        if p.suffix in {".py", ".html", ".js"}
    )
    pivot = load_locale(ROOT, REAL.default_locale, REAL.default_locale)
    dead = []
    for key in pivot.texts:
        short = key.removeprefix("binder.")  # the binder reads its keys without the prefix
        if (
            f'"{key}"' not in used
            and f"'{key}'" not in used
            and f'"{short}"' not in used
            and f"'{short}'" not in used
        ):
            dead.append(key)
    assert dead == []


def test_translated_strings_are_not_english_copies():
    english = ui_strings(ROOT, REAL.default_locale)
    for locale in REAL.locales:
        if locale != REAL.default_locale:
            values = ui_strings(ROOT, locale)
            assert values["phrasebook.title"] != english["phrasebook.title"], locale
            assert values["copy.label"] != english["copy.label"], locale


def test_a_tree_without_strings_uses_the_package_repository_strings(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "tests" / "fixtures" / "small-playbook", tree)
    assert not (tree / "strings").exists()
    assert ui_strings(tree, "en")["site.name"] == ui_strings(ROOT, "en")["site.name"]
