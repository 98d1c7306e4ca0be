"""Per-rule translation freshness on a copy of the real playbook: an en edit flags exactly that rule
in the other five locales; mark-translated and --minor clear it; whitespace-only edits flag nothing."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from playbook import freshness
from playbook.checks import run_checks
from playbook.project import Project
from playbook.ui_strings import ui_strings

ROOT = Path(__file__).resolve().parent.parent
REAL = Project(ROOT)
PIVOT = REAL.default_locale
TRANSLATED = [locale for locale in REAL.locales if locale != PIVOT]
CHAPTER = REAL.registry.chapters[0]
RULE = CHAPTER.rules[0].id
OTHER_RULE = CHAPTER.rules[1].id


def freshness_problems(tree: Path) -> list[str]:
    return [p.format() for p in run_checks(Project(tree), ["translation_freshness"])]


def outdated(tree: Path) -> set[tuple[str, str]]:
    return {(s.locale, s.rule) for s in freshness.rule_states(Project(tree)) if s.state == freshness.OUTDATED}


def edit_en_rule(tree: Path, rule_id: str, change) -> None:
    """Apply ``change`` to the body text of one en rule only."""
    path = tree / "docs" / PIVOT / f"{CHAPTER.id}.md"
    text = path.read_text("utf-8")
    start = re.search(rf"^## .*\{{[^}}]*#{re.escape(rule_id)}\b[^}}]*\}}\s*$", text, re.MULTILINE).end()
    following = re.compile(r"^## ", re.MULTILINE).search(text, start)
    end = following.start() if following else len(text)
    path.write_text(text[:start] + change(text[start:end]) + text[end:], "utf-8")


def reword(body: str) -> str:
    """A real change: a sentence appended to the rule's first paragraph (its core)."""
    start = len(body) - len(body.lstrip("\n"))
    core_end = body.index("\n\n", start)
    return body[:core_end] + " This sentence was added by an editor." + body[core_end:]


def rewrap(body: str) -> str:
    """Whitespace only: break the first paragraph line at its first space, indent it, add blank lines."""
    lines = body.split("\n")
    i = next(n for n, line in enumerate(lines) if line.strip() and " " in line.strip() and line[0].isalpha())
    lines[i] = lines[i].replace(" ", "\n   ", 1)
    return "\n".join(lines) + "\n\n"


@pytest.fixture
def clean_copy(content_copy: Path) -> Path:
    """The copy with every translation recorded as up to date (what the real repo starts from)."""
    assert freshness.mark_translated_main(["--all", "--include-outdated", "--root", str(content_copy)]) == 0
    assert outdated(content_copy) == set()
    return content_copy


def test_en_edit_flags_exactly_that_rule_in_the_five_other_locales(clean_copy):
    edit_en_rule(clean_copy, RULE, reword)
    assert outdated(clean_copy) == {(locale, RULE) for locale in TRANSLATED}
    problems = [p for p in freshness_problems(clean_copy) if " W201 " in p]
    assert len(problems) == len(TRANSLATED)
    for locale, problem in zip(sorted(TRANSLATED), problems):
        page = Project(clean_copy).page(locale, CHAPTER.id)
        line = page.section(RULE).line
        assert problem == (
            f"docs/{locale}/{CHAPTER.id}.md:{line}: W201 outdated: rule '{RULE}' — {PIVOT} changed "
            f"since this translation (run playbook diff {locale} {RULE}; an {PIVOT} typo fix only: "
            f"playbook mark-translated --minor {RULE})"
        )


def test_warnings_fail_only_strict_check(clean_copy):
    from playbook.cli import check_main

    edit_en_rule(clean_copy, RULE, reword)
    only = ["--only", "translation_freshness", "--root", str(clean_copy)]
    assert check_main(only) == 0
    assert check_main([*only, "--strict"]) == 1


def test_mark_translated_clears_one_locale(clean_copy, capsys):
    edit_en_rule(clean_copy, RULE, reword)
    locale = TRANSLATED[0]
    assert freshness.mark_translated_main([locale, RULE, "--root", str(clean_copy)]) == 0
    assert outdated(clean_copy) == {(other, RULE) for other in TRANSLATED[1:]}
    assert f"{RULE} (outdated → up to date)" in capsys.readouterr().out


def test_minor_clears_every_locale(clean_copy):
    edit_en_rule(clean_copy, RULE, reword)
    assert freshness.mark_translated_main(["--minor", RULE, "--root", str(clean_copy)]) == 0
    assert outdated(clean_copy) == set()
    assert freshness_problems(clean_copy) == []


@pytest.mark.parametrize("rule", [RULE, OTHER_RULE])
def test_whitespace_only_edit_flags_nothing(clean_copy, rule):
    before = (clean_copy / "docs" / PIVOT / f"{CHAPTER.id}.md").read_text("utf-8")
    edit_en_rule(clean_copy, rule, rewrap)
    assert (clean_copy / "docs" / PIVOT / f"{CHAPTER.id}.md").read_text("utf-8") != before
    assert outdated(clean_copy) == set()
    assert freshness_problems(clean_copy) == []


def test_mark_translated_rewrites_only_the_translated_from_block(clean_copy):
    locale = TRANSLATED[-1]
    path = clean_copy / "docs" / locale / f"{CHAPTER.id}.md"
    before = path.read_text("utf-8")
    edit_en_rule(clean_copy, RULE, reword)
    freshness.mark_translated_main([locale, RULE, "--root", str(clean_copy)])
    after = path.read_text("utf-8")
    block = re.compile(r"^translated_from:\n(?:  .*\n)*", re.MULTILINE)
    assert block.sub("", before) == block.sub("", after)
    recorded = freshness.recorded_hashes(Project(clean_copy).page(locale, CHAPTER.id))
    rules = [key for key in recorded if not key.startswith("_")]
    assert rules == [r.id for r in CHAPTER.rules if r.id in recorded]  # registry order
    assert list(recorded)[:3] == ["_title", "_description", "_intro"]  # the page's own parts first


def test_set_translated_from_keeps_other_front_matter_byte_for_byte():
    text = '---\ntitle: Kuuntele  # a comment\ntranslated_from:\n  a: "111111111111"\n  b: "2"\nhide: [toc]\n---\n\n# T\n'
    assert freshness.set_translated_from(text, {"b": "3", "a": "4"}) == (
        '---\ntitle: Kuuntele  # a comment\ntranslated_from:\n  b: "3"\n  a: "4"\nhide: [toc]\n---\n\n# T\n'
    )
    assert freshness.set_translated_from("# T\n", {"a": "012345678901"}) == (
        '---\ntranslated_from:\n  a: "012345678901"\n---\n# T\n'
    )
    assert freshness.set_translated_from("---\ntitle: X\n---\n# T\n", {"a": "1"}) == (
        '---\ntitle: X\ntranslated_from:\n  a: "1"\n---\n# T\n'
    )


def test_diff_shows_the_en_change_from_the_snapshot_store(clean_copy, capsys):
    edit_en_rule(clean_copy, RULE, reword)
    locale = TRANSLATED[0]
    assert freshness.diff_main([locale, RULE, "--root", str(clean_copy)]) == 0
    out = capsys.readouterr().out
    assert any(
        line.startswith("+") and line.endswith("This sentence was added by an editor.")
        for line in out.splitlines()
    )
    assert f"playbook mark-translated {locale} {RULE}" in out


def test_diff_falls_back_to_git_history(clean_copy, capsys):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=clean_copy, check=True)
    subprocess.run([*git, "add", "-A"], cwd=clean_copy, check=True)
    subprocess.run([*git, "commit", "-qm", "translated"], cwd=clean_copy, check=True)
    for snapshot in (clean_copy / freshness.SNAPSHOT_DIR).glob("*.md"):
        snapshot.unlink()
    edit_en_rule(clean_copy, RULE, reword)
    assert freshness.diff_main([TRANSLATED[0], RULE, "--root", str(clean_copy)]) == 0
    assert "This sentence was added by an editor.\n" in capsys.readouterr().out


def test_reader_notice_on_outdated_rule_links_to_en(clean_copy):
    edit_en_rule(clean_copy, RULE, reword)
    locale = TRANSLATED[0]
    markdown = (clean_copy / "docs" / locale / f"{CHAPTER.id}.md").read_text("utf-8")
    out = freshness.annotate_markdown(
        clean_copy, f"{locale}/{CHAPTER.id}.md", f"{locale}/{CHAPTER.id}/", markdown
    )
    strings = ui_strings(clean_copy, locale)
    heading = re.search(rf"^## .*#{RULE}\b.*$", out, re.MULTILINE)
    after = out[heading.end() :].lstrip("\n")
    assert after.startswith(f'!!! warning translation-outdated "{strings["notice.outdated.title"]}"')
    assert strings["notice.outdated.body"] in after.split("\n## ")[0]
    assert f'href="../../{CHAPTER.id}/#{RULE}"' in after.split("\n## ")[0]
    assert out.count("translation-outdated") == 1  # only the edited rule
    en = (clean_copy / "docs" / PIVOT / f"{CHAPTER.id}.md").read_text("utf-8")
    assert "translation-outdated" not in freshness.annotate_markdown(
        clean_copy, f"{PIVOT}/{CHAPTER.id}.md", f"{CHAPTER.id}/", en
    )


@pytest.mark.slow
def test_built_page_shows_the_notice_after_the_outdated_rule(clean_copy, tmp_path):
    """Build one translated locale of the edited copy: readers see the notice, in their language."""
    import os
    import shutil
    import sys

    from bs4 import BeautifulSoup

    edit_en_rule(clean_copy, RULE, reword)
    shutil.copytree(ROOT / "overrides", clean_copy / "overrides")
    (clean_copy / "scripts").symlink_to(ROOT / "scripts")
    locale, out = TRANSLATED[0], tmp_path / "site"
    env = dict(
        os.environ, BUILD_ONLY_LOCALE=locale, NO_MKDOCS_2_WARNING="1", SITE_URL="http://127.0.0.1:8000/"
    )
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=clean_copy, env=env, check=True
    )
    html = next(
        p for p in (out / f"{CHAPTER.id}/index.html", out / locale / CHAPTER.id / "index.html") if p.exists()
    )
    soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
    notices = soup.select(".admonition.translation-outdated")
    assert len(notices) == 1
    assert notices[0].find_previous("h2")["id"] == RULE
    strings = ui_strings(clean_copy, locale)
    assert strings["notice.outdated.body"] in notices[0].get_text(" ")
    # A one-locale build has no en pages, so the notice links to the rule on the full site.
    assert notices[0].find("a", hreflang="en")["href"] == f"http://127.0.0.1:8000/{CHAPTER.id}/#{RULE}"


def git_commit(tree: Path, message: str) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    if not (tree / ".git").exists():
        subprocess.run([*git, "init", "-q"], cwd=tree, check=True)
    subprocess.run([*git, "add", "-A"], cwd=tree, check=True)
    subprocess.run([*git, "commit", "-qm", message], cwd=tree, check=True)


def test_minor_forgives_only_the_last_english_edit(clean_copy, capsys):
    """A meaning change fi has translated and the others have not, then a typo fix: --minor brings fi
    up to date and refuses the others, showing the change they have not translated yet."""
    git_commit(clean_copy, "translated")
    edit_en_rule(clean_copy, RULE, reword)
    git_commit(clean_copy, "en: meaning change")
    first = TRANSLATED[0]
    assert freshness.mark_translated_main([first, RULE, "--root", str(clean_copy)]) == 0
    git_commit(clean_copy, f"{first}: translated")
    edit_en_rule(clean_copy, RULE, lambda body: body.replace("added by an editor.", "added by an editor!"))
    capsys.readouterr()
    assert freshness.mark_translated_main(["--minor", RULE, "--root", str(clean_copy)]) == 1
    out = capsys.readouterr().out
    assert f"{RULE} (outdated → up to date)" in out and out.count("(outdated → up to date)") == 1
    for other in TRANSLATED[1:]:
        assert f"{RULE}: not marked — {other} was already behind before this edit" in out
    assert "+" in out and "This sentence was added by an editor." in out  # the hidden change, shown
    assert outdated(clean_copy) == {(other, RULE) for other in TRANSLATED[1:]}


def test_all_marks_untracked_parts_only_unless_told(clean_copy, capsys):
    edit_en_rule(clean_copy, RULE, reword)
    locale = TRANSLATED[0]
    assert freshness.mark_translated_main([locale, "--all", "--root", str(clean_copy)]) == 0
    assert (locale, RULE) in outdated(clean_copy)
    assert (
        freshness.mark_translated_main([locale, "--all", "--include-outdated", "--root", str(clean_copy)])
        == 0
    )
    assert (locale, RULE) not in outdated(clean_copy)


def test_every_part_of_a_page_is_tracked(clean_copy):
    """An English change to a situation, a chapter intro or a page title reaches translators."""
    path = clean_copy / "docs" / PIVOT / "situations.md"
    text = path.read_text("utf-8")
    first_list_item = re.search(r"^1\. .*$", text, re.MULTILINE).group(0)
    path.write_text(
        text.replace(
            first_list_item, first_list_item + " If they threaten you, go to the abuse chapter at once.", 1
        ),
        "utf-8",
    )
    chapter = clean_copy / "docs" / PIVOT / f"{CHAPTER.id}.md"
    text = chapter.read_text("utf-8")
    title = re.search(r"^# (.*)$", text, re.MULTILINE)
    chapter.write_text(text[: title.end()] + " now" + text[title.end() :], "utf-8")
    states = {
        (s.locale, s.stem, s.key, s.kind)
        for s in freshness.unit_states(Project(clean_copy))
        if s.state == freshness.OUTDATED
    }
    situation = next(s for s in Project(clean_copy).page(PIVOT, "situations").sections if s.id)
    for locale in TRANSLATED:
        assert (locale, "situations", situation.id, "section") in states
        assert (locale, CHAPTER.id, "_title", "title") in states


def test_mark_translated_refuses_a_page_whose_front_matter_does_not_parse(clean_copy, capsys):
    """A colon in an unquoted description breaks the YAML: recording then would drop every other
    record on the page, so nothing is written and the page and line are named."""
    locale = TRANSLATED[0]
    page = clean_copy / "docs" / locale / "situations.md"
    before = page.read_text("utf-8")
    broken = before.replace("description: ", "description: Quick guides: one per situation, ", 1)
    assert broken != before
    page.write_text(broken, "utf-8")
    assert freshness.mark_translated_main([locale, RULE, "--root", str(clean_copy)]) == 1
    out = capsys.readouterr().out
    assert f"docs/{locale}/situations.md:" in out and "E170 front-matter-malformed" in out
    assert "nothing recorded" in out
    assert page.read_text("utf-8") == broken
