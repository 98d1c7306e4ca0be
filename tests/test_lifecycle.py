"""Lifecycle commands on copies of the real playbook: new-locale (no code change for German),
new-chapter, move-rule, delete-rule; and alphabetical order per language."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from playbook import freshness
from playbook.checks import run_checks
from playbook.cli import main as cli_main
from playbook.collation import sort_key
from playbook.project import Project

ROOT = Path(__file__).resolve().parent.parent


def errors(tree: Path) -> list[str]:
    return [p.format() for p in run_checks(Project(tree)) if p.severity == "error"]


@pytest.fixture
def german(content_copy: Path) -> Path:
    for name in ("overrides", ".github"):
        subprocess.run(["cp", "-r", str(ROOT / name), str(content_copy / name)], check=True)
    assert cli_main(["new-locale", "de", "--root", str(content_copy)]) == 0
    return content_copy


def test_new_locale_adds_german_everywhere_and_passes_the_check(german, capsys):
    project = Project(german)
    assert "de" in project.locales
    assert {p.name for p in (german / "docs" / "de").glob("*.md")} == {
        f"{stem}.md" for stem in project.registry.page_stems
    }
    assert (german / "strings" / "de.yml").read_text("utf-8").splitlines()[3] == "language.name: Deutsch"
    mkdocs = (german / "mkdocs.yml").read_text("utf-8")
    assert "        - locale: de\n          name: Deutsch\n" in mkdocs
    assert "lang: [en, it, 'no', fi, fr, ro, de]" in mkdocs
    assert (
        "/docs/de/               @your-org/translators-de" in (german / ".github" / "CODEOWNERS").read_text()
    )
    assert errors(german) == []
    states = freshness.rule_states(project, ["de"])
    assert states and all(s.fallback for s in states)  # every rule reads in English until translated
    assert cli_main(["new-locale", "de", "--root", str(german)]) == 0  # twice: nothing changes
    assert "nothing to do: already done" in capsys.readouterr().out


@pytest.mark.slow
def test_new_locale_builds_with_every_rule_in_english_under_the_notice(german, tmp_path):
    from bs4 import BeautifulSoup

    (german / "scripts").symlink_to(ROOT / "scripts")
    env = dict(os.environ, BUILD_ONLY_LOCALE="de", PLAYBOOK_NO_OFFLINE="1", NO_MKDOCS_2_WARNING="1")
    out = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=german, env=env, check=True
    )
    home = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    assert home.html["lang"] == "de"
    chapter = Project(german).registry.chapters[0]
    soup = BeautifulSoup((out / chapter.id / "index.html").read_text("utf-8"), "html.parser")
    for rule in chapter.rules:
        heading = soup.find(id=rule.id)
        assert heading.name == "h2" and heading["lang"] == "en"
        notice = heading.find_next_sibling()
        assert "translation-untranslated" in notice["class"]
        assert notice.find_next_sibling()["lang"] == "en"


def test_new_chapter_then_move_and_delete_a_rule(content_copy, capsys):
    tree = str(content_copy)
    assert (
        cli_main(
            [
                "new-chapter",
                "aftercare",
                "--title",
                "Aftercare",
                "--rule",
                "check-in",
                "--rule-title",
                "Check in the next day",
                "--root",
                tree,
            ]
        )
        == 0
    )
    project = Project(content_copy)
    assert [r.id for r in project.registry.chapter("aftercare").rules] == ["check-in"]
    assert all(project.page(loc, "aftercare") for loc in project.locales)
    out = capsys.readouterr().out
    assert "E153 placeholder-rule: rule 'check-in' is not written yet" in out
    assert [e for e in errors(content_copy) if "aftercare" in e and " E153 " not in e] == []

    first = project.registry.chapters[0]
    moving = first.rules[-1].id
    assert cli_main(["move-rule", moving, "aftercare", "--root", tree]) == 0
    project = Project(content_copy)
    assert project.registry.rules[moving].chapter == "aftercare"
    for locale in project.locales:
        assert project.page(locale, "aftercare").section(moving) is not None
        assert project.page(locale, first.id).section(moving) is None
    assert [e for e in errors(content_copy) if moving in e] == []

    assert cli_main(["delete-rule", moving, "--root", tree]) == 0
    project = Project(content_copy)
    assert moving not in project.registry.rules
    assert all(project.page(loc, "aftercare").section(moving) is None for loc in project.locales)
    assert all(
        moving not in freshness.recorded_hashes(project.page(loc, "aftercare")) for loc in project.locales
    )


@pytest.mark.parametrize(
    ("locale", "words", "expected"),
    [
        (
            "fi",
            ["Äly", "Zeta", "Öljy", "Aamu", "Åke", "Vesi"],
            ["Aamu", "Vesi", "Zeta", "Åke", "Äly", "Öljy"],
        ),
        ("nb", ["Øre", "Åpen", "Zebra", "Ærlig", "Aker"], ["Aker", "Zebra", "Ærlig", "Øre", "Åpen"]),
        (
            "ro",
            ["Țară", "Ton", "Șansă", "Sare", "Înalt", "Inel", "Ăla", "Bec"],
            ["Ăla", "Bec", "Inel", "Înalt", "Sare", "Șansă", "Ton", "Țară"],
        ),
    ],
)
def test_alphabetical_order_is_the_languages_own(locale, words, expected):
    assert sorted(words, key=lambda w: sort_key(locale, w)) == expected


def test_the_glossaries_are_in_order():
    assert cli_main(["sort", "--root", str(ROOT)]) == 0
