"""`playbook status` on a small fixture whose rules are, by construction, in every state."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playbook import freshness

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small-playbook"


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """All recorded, then: en 'reflect-back' reworded (outdated everywhere), ro 'breathe' record
    removed (untracked), nb 'breathe' back to a placeholder (missing)."""
    tree = tmp_path / "small"
    shutil.copytree(FIXTURE, tree)
    assert freshness.mark_translated_main(["--all", "--root", str(tree)]) == 0
    en = tree / "docs/en/listen.md"
    en.write_text(
        en.read_text("utf-8").replace("Repeat what you heard.", "Repeat, in your words, what you heard.")
    )
    ro = tree / "docs/ro/stay-calm.md"
    ro.write_text(re.sub(r"  breathe: \"\w+\"\n", "", ro.read_text("utf-8")))
    nb = tree / "docs/nb/stay-calm.md"
    nb.write_text(nb.read_text("utf-8").replace("Pust sakte ut.", freshness.PLACEHOLDER_TRANSLATION))
    return tree


def test_status_markdown_table(small, capsys):
    assert freshness.status_main(["--markdown", "--root", str(small)]) == 0
    out = capsys.readouterr().out
    table, _, details = out.partition("\n\n")
    assert table.splitlines() == [
        "| locale | up to date | outdated | untracked | untranslated |",
        "|---|---:|---:|---:|---:|",
        "| en | 6 | – | – | 0 |",
        "| it | 5 | 1 | 0 | 0 |",
        "| nb | 4 | 1 | 0 | 1 |",
        "| fi | 5 | 1 | 0 | 0 |",
        "| fr | 5 | 1 | 0 | 0 |",
        "| ro | 4 | 1 | 1 | 0 |",
    ]
    items = [line for line in details.splitlines() if line.startswith("- ")]
    assert sorted(items) == sorted(
        [f"- `{loc}` `reflect-back` (listen): outdated" for loc in ("it", "nb", "fi", "fr", "ro")]
        + ["- `nb` `breathe` (stay-calm): untranslated", "- `ro` `breathe` (stay-calm): untracked"]
    )


def test_status_plain_names_each_rule_to_look_at(small, capsys):
    assert freshness.status_main(["--root", str(small)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["locale", "up", "to", "date", "outdated", "untracked", "untranslated"]
    assert lines[3].split() == ["nb", "4", "1", "0", "1"]
    for expected in (
        "docs/nb/stay-calm.md:{}: breathe: untranslated",
        "docs/ro/stay-calm.md:{}: breathe: untracked",
    ):
        path = small / expected.split(":")[0]
        line = (
            path.read_text("utf-8")
            .split("\n")
            .index(
                "## "
                + next(
                    h
                    for h in re.findall(r"^## (.*)$", path.read_text("utf-8"), re.MULTILINE)
                    if "#breathe" in h
                )
            )
            + 1
        )
        assert expected.format(line) in lines


def test_status_of_one_locale(small, capsys):
    assert freshness.status_main(["nb", "--root", str(small)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[1:2]] == ["nb"]
    assert all(line.startswith("docs/nb/") for line in lines[2:] if line.startswith("docs/"))
    with pytest.raises(SystemExit):
        freshness.status_main(["reflect-back", "--root", str(small)])
    assert "'reflect-back' is a rule or page, not a locale" in capsys.readouterr().err


def test_diff_of_a_whole_locale_shows_every_outdated_part(small, capsys):
    assert freshness.diff_main(["fi", "--root", str(small)]) == 0
    out = capsys.readouterr().out
    assert "+Repeat, in your words, what you heard." in out
    assert "then run: playbook mark-translated fi reflect-back" in out
