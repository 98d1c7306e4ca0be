"""new-rule and rename-rule on a copy of the real playbook: the check then says exactly what is left,
links follow a rename, old ids keep landing, and both commands can be run twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playbook import freshness
from playbook.checks import run_checks
from playbook.project import Project
from playbook.scaffold import new_rule_main, rename_rule_main

ROOT = Path(__file__).resolve().parent.parent
REAL = Project(ROOT)
PIVOT = REAL.default_locale
CHAPTER = REAL.registry.chapters[-1]
NEW_ID = "test-new-rule"


def problems(tree: Path) -> set[str]:
    return {p.format() for p in run_checks(Project(tree))}


def without_lines(found: set[str]) -> set[str]:
    """Problems minus their line numbers: inserting a rule moves the lines of the ones below it."""
    return {re.sub(r"^([^:]+):\d+: ", r"\1: ", p) for p in found}


def tree_text(tree: Path) -> dict[str, str]:
    files = [tree / "playbook.yml", *sorted((tree / "docs").glob("*/*.md"))]
    return {p.relative_to(tree).as_posix(): p.read_text("utf-8") for p in files}


ENGLISH_RULE = """Write down the key facts while the customer talks, so you never have to ask them twice.

**Why it works:** Being asked to repeat a story makes an angry customer angrier, and notes help you summarise.

!!! say "Say"
    - "I am writing this down so that you will not have to repeat it."
"""


def write_english(tree: Path) -> None:
    """The English rule and its English search keywords (E220 asks for them once it is written)."""
    path = tree / "docs" / PIVOT / f"{CHAPTER.id}.md"
    path.write_text(path.read_text("utf-8").replace(freshness.PLACEHOLDER_EN, ENGLISH_RULE.strip()), "utf-8")
    keywords = tree / "keywords" / f"{PIVOT}.yml"
    text = keywords.read_text("utf-8")
    keywords.write_text(
        text.replace("rules:\n", f"rules:\n  {NEW_ID}: notes, write down, note taking\n", 1), "utf-8"
    )


def test_new_rule_then_english_first_passes_the_check_with_warnings(content_copy):
    """English merges first: the English placeholder is an error; once written, each translation is
    a warning (readers get the English text), so check exits 0 and only --strict (releases) fails."""
    from playbook.cli import check_main

    before = problems(content_copy)
    after_rule = CHAPTER.rules[0].id
    assert new_rule_main([CHAPTER.id, NEW_ID, "--after", after_rule, "--root", str(content_copy)]) == 0
    project = Project(content_copy)
    ids = [r.id for r in project.registry.chapter(CHAPTER.id).rules]
    assert ids[ids.index(after_rule) + 1] == NEW_ID
    line = {loc: project.page(loc, CHAPTER.id).section(NEW_ID).line for loc in project.locales}
    for locale in project.locales:
        order = [s.id for s in project.page(locale, CHAPTER.id).rules]
        assert order[order.index(after_rule) + 1] == NEW_ID
    placeholder = (
        f"docs/{PIVOT}/{CHAPTER.id}.md:{line[PIVOT]}: E153 placeholder-rule: rule '{NEW_ID}' is not written yet "
        "(TODO placeholder) (replace the TODO line with the text (and the heading, if it is still the one from the id))"
    )
    after = problems(content_copy)
    assert placeholder in after
    assert without_lines(after - {placeholder}) == without_lines(before)  # nothing else new
    assert check_main(["--root", str(content_copy)]) == 1

    write_english(content_copy)
    expected = {
        f"docs/{locale}/{CHAPTER.id}.md:{line[locale]}: W204 untranslated: rule '{NEW_ID}' is not translated yet "
        f"(placeholder): readers see the {PIVOT} text (translate docs/{PIVOT}/{CHAPTER.id}.md#{NEW_ID} here, "
        f"then run playbook mark-translated {locale} {NEW_ID})"
        for locale in project.locales
        if locale != PIVOT
    }
    after = problems(content_copy)
    assert expected <= after
    assert without_lines(after - expected) == without_lines(before)  # no E142, no E153 cascade
    assert check_main(["--root", str(content_copy)]) == 0
    assert check_main(["--root", str(content_copy), "--strict"]) == 1
    states = {s.locale: s for s in freshness.rule_states(Project(content_copy)) if s.rule == NEW_ID}
    assert {loc: s.fallback for loc, s in states.items()} == {loc: loc != PIVOT for loc in project.locales}


def test_new_rule_twice_changes_nothing_and_keeps_comments(content_copy):
    registry_before = (content_copy / "playbook.yml").read_text("utf-8")
    new_rule_main([CHAPTER.id, NEW_ID, "--root", str(content_copy)])
    once = tree_text(content_copy)
    assert new_rule_main([CHAPTER.id, NEW_ID, "--root", str(content_copy)]) == 0
    assert tree_text(content_copy) == once
    comments = [line for line in registry_before.splitlines() if line.lstrip().startswith("#")]
    assert [line for line in once["playbook.yml"].splitlines() if line.lstrip().startswith("#")] == comments
    added = set(once["playbook.yml"].splitlines()) - set(registry_before.splitlines())
    assert {line.strip() for line in added} == {f"- id: {NEW_ID}", "sources: []"}


def linked_rule() -> tuple[str, str]:
    """(rule, chapter) of a rule some other page links to, so a rename has links to rewrite."""
    rules = REAL.registry.rules
    for stem in REAL.registry.page_stems:
        page = REAL.page(PIVOT, stem)
        for link in page.links if page else []:
            target, _, anchor = link.href.partition("#")
            if anchor in rules and target and target != f"{stem}.md":
                return anchor, rules[anchor].chapter
    raise AssertionError("no cross-page rule link in the real content")


def test_rename_rewrites_everything_and_keeps_old_links_landing(content_copy):
    old, chapter = linked_rule()
    new = f"{old}-renamed"
    mark = freshness.mark_translated_main(["--all", "--root", str(content_copy)])
    assert mark == 0
    before_problems = problems(content_copy)
    before_states = {
        (s.locale, s.rule.replace(old, new) if s.rule == old else s.rule): s.state
        for s in freshness.rule_states(Project(content_copy))
    }
    before_text = tree_text(content_copy)
    old_refs = sum(len(re.findall(rf"#{re.escape(old)}\b(?!-)", t)) for t in before_text.values())

    assert rename_rule_main([old, new, "--root", str(content_copy)]) == 0

    assert {p.replace(new, old) for p in problems(content_copy)} == before_problems  # nothing new to fix
    after_text = tree_text(content_copy)
    assert sum(len(re.findall(rf"#{re.escape(old)}\b(?!-)", t)) for t in after_text.values()) == 0
    assert sum(len(re.findall(rf"#{re.escape(new)}\b", t)) for t in after_text.values()) == old_refs
    project = Project(content_copy)
    assert old not in project.registry.rules and project.registry.rules[new].chapter == chapter
    assert project.registry.redirects == {**REAL.registry.redirects, old: new}
    assert {(s.locale, s.rule): s.state for s in freshness.rule_states(project)} == before_states
    for locale in project.locales:
        markdown = (content_copy / "docs" / locale / f"{chapter}.md").read_text("utf-8")
        url = f"{chapter}/" if locale == PIVOT else f"{locale}/{chapter}/"
        out = freshness.annotate_markdown(content_copy, f"{locale}/{chapter}.md", url, markdown)
        anchor = out.index(f'<div id="{old}" class="rule-redirect"></div>')
        assert re.match(rf"\s*## .*\{{ #{new} \.rule \}}", out[anchor:].split("\n", 1)[1])

    assert rename_rule_main([old, new, "--root", str(content_copy)]) == 0  # idempotent
    assert tree_text(content_copy) == after_text


def test_broken_redirects_are_reported(tmp_path):
    import shutil

    tree = tmp_path / "small"
    shutil.copytree(ROOT / "tests" / "fixtures" / "small-playbook", tree)
    with (tree / "playbook.yml").open("a", encoding="utf-8") as registry:
        registry.write("redirects:\n  old-one: gone\n  breathe: let-them-vent\n")
    found = [p.format() for p in run_checks(Project(tree), ["rule_redirects"])]
    assert found == [
        (
            "playbook.yml:18: E155 redirect-invalid: redirect 'old-one' → 'gone': 'gone' is not a rule, so old links "
            "to '#old-one' land nowhere (point it at the rule's current id, or delete the line)"
        ),
        (
            "playbook.yml:19: E155 redirect-invalid: redirect 'breathe' → 'let-them-vent': 'breathe' is a rule id "
            "again (delete the redirect line (the rule itself now answers to that id))"
        ),
    ]


@pytest.mark.slow
def test_built_translation_shows_the_new_english_rule_under_the_notice(content_copy, tmp_path):
    import os
    import subprocess
    import sys

    from bs4 import BeautifulSoup
    from playbook.ui_strings import ui_strings

    assert new_rule_main([CHAPTER.id, NEW_ID, "--root", str(content_copy)]) == 0
    write_english(content_copy)
    subprocess.run(["cp", "-r", str(ROOT / "overrides"), str(content_copy / "overrides")], check=True)
    (content_copy / "scripts").symlink_to(ROOT / "scripts")
    locale = "fi"
    env = dict(os.environ, BUILD_ONLY_LOCALE=locale, PLAYBOOK_NO_OFFLINE="1", NO_MKDOCS_2_WARNING="1")
    out = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=content_copy,
        env=env,
        check=True,
    )
    soup = BeautifulSoup((out / CHAPTER.id / "index.html").read_text("utf-8"), "html.parser")
    heading = soup.find(id=NEW_ID)
    assert heading.name == "h2" and heading["lang"] == "en" and "rule" in heading["class"]
    notice = heading.find_next_sibling()
    assert ui_strings(content_copy, locale)["notice.untranslated.title"] in notice.get_text()
    body = notice.find_next_sibling()
    assert body["lang"] == "en"
    assert "Write down the key facts while the customer talks" in body.get_text()
    assert body.select_one(".admonition.say") is not None
