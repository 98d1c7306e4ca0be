"""The check runs inside `mkdocs build` (once, not once per locale pass) and aborts a broken build."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playbook.project import Project
from playbook.ui_strings import ui_strings
from test_checks import make_tree

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow  # real mkdocs builds

HOOK = ROOT / "scripts" / "playbook" / "mkdocs_hooks.py"


def build(tree: Path, tmp_path: Path, **extra_env: str) -> subprocess.CompletedProcess:
    """Build a check fixture as a site: the fixture's few UI strings give way to the real ones, and
    the site's own templates (no inline script: the build audit refuses Material's unmodified ones)."""
    shutil.copytree(ROOT / "overrides", tree / "overrides", dirs_exist_ok=True)
    for locale in Project(tree).locales:
        shutil.copyfile(ROOT / "strings" / f"{locale}.yml", tree / "strings" / f"{locale}.yml")
        home = tree / "docs" / locale / "index.md"  # one name per locale (E215): the home heading follows
        name = ui_strings(tree, locale)["site.name"]
        home.write_text(re.sub(r"(?m)^# .*$", f"# {name}", home.read_text("utf-8"), count=1), "utf-8")
    project = Project(tree)
    for locale in project.locales:  # the renamed headings are the translations' current titles
        if locale != project.default_locale:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "playbook",
                    "mark-translated",
                    "--root",
                    str(tree),
                    locale,
                    "index#_title",
                ],
                check=True,
                capture_output=True,
            )
    config = tree / "mkdocs.yml"
    config.write_text(config.read_text() + f"hooks:\n  - {HOOK}\n")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **extra_env)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        check=False,
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
    )


def test_build_aborts_with_the_checkers_message(tmp_path):
    result = build(make_tree(tmp_path, "broken-anchor"), tmp_path)
    assert result.returncode != 0
    assert (
        "docs/it/listen.md:18: E141 broken-anchor: rule 'reflect-back': link 'solve.md#offer-option': no '#offer-option' in "
        "docs/it/solve.md (did you mean '#offer-options'?)"
    ) in result.stdout + result.stderr


def test_clean_tree_builds_every_locale_and_checks_once(tmp_path):
    result = build(make_tree(tmp_path, "extra-page"), tmp_path)  # E121 only; repaired below
    assert result.returncode != 0
    tree = tmp_path / "extra-page"
    (tree / "docs/it/extra.md").unlink()
    result = build(tree, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("playbook check: no problems") == 1
    for prefix in ("", "it/", "ro/"):
        assert (tmp_path / "site" / prefix / "listen" / "index.html").exists()


def test_build_log_lists_the_warnings_and_the_real_summary(tmp_path):
    """A warning does not stop a build (English first) but is shown, and the summary counts it."""
    result = build(make_tree(tmp_path, "placeholder-translation"), tmp_path, PLAYBOOK_NO_OFFLINE="1")
    log = result.stdout + result.stderr
    assert "docs/it/listen.md:20: W204 untranslated: rule 'reflect-back' is not translated yet" in log
    assert "playbook check: 0 error(s), 1 warning(s)" in log
    assert "playbook check: no problems" not in log
