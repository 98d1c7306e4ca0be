"""Damage a temporary copy of the real playbook in one way at a time, in each locale in turn:
the check must fail and name the damaged file and rule. And the real repository must pass cleanly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playbook.checks import run_checks
from playbook.project import Project

ROOT = Path(__file__).resolve().parent.parent
REAL = Project(ROOT)
LOCALES = REAL.locales
PIVOT = REAL.default_locale


def errors(tree: Path) -> list[str]:
    return [p.format() for p in run_checks(Project(tree)) if p.severity == "error"]


def linked_rule():
    """A chapter whose first rule links to another page's rule and has a following rule."""
    for chapter in REAL.registry.chapters:
        page = REAL.page(PIVOT, chapter.id)
        first = page.section(chapter.rules[0].id) if page else None
        if (
            first
            and len(chapter.rules) > 1
            and any(
                link.href.split("#")[0] != f"{chapter.id}.md" and "#" in link.href for link in first.links
            )
        ):
            return chapter
    raise AssertionError("no suitable chapter in the real content")


CHAPTER = linked_rule()
RULE, NEXT = CHAPTER.rules[0].id, CHAPTER.rules[1].id
OTHER_CHAPTER = next(c for c in REAL.registry.chapters if c.id != CHAPTER.id)


def section_span(text: str, rule_id: str) -> tuple[int, int]:
    """Character span of a rule: its heading up to the next level-2 heading."""
    start = re.search(rf"^## .*\{{[^}}]*#{re.escape(rule_id)}\b[^}}]*\}}\s*$", text, re.MULTILINE).start()
    following = re.compile(r"^## ", re.MULTILINE).search(text, start + 3)
    return start, following.start() if following else len(text)


def rule_text(text: str, rule_id: str) -> str:
    start, end = section_span(text, rule_id)
    return text[start:end]


def heading_and_body(block: str) -> tuple[str, str]:
    heading, _, body = block.partition("\n")
    return heading, body


def mutate_missing_rule(page: str, **_) -> str:
    start, end = section_span(page, RULE)
    return page[:start] + page[end:]


def mutate_unknown_rule(page: str, **_) -> str:
    return page.replace(f"#{RULE} .rule", "#made-up-rule .rule", 1)


def mutate_duplicate_rule(page: str, **_) -> str:
    return page.rstrip("\n") + "\n\n" + rule_text(page, RULE)


def mutate_rule_order(page: str, **_) -> str:
    a0, a1 = section_span(page, RULE)
    b0, b1 = section_span(page, NEXT)
    return page[:a0] + page[b0:b1] + page[a0:a1] + page[b1:]


def mutate_empty_rule(page: str, **_) -> str:
    start, end = section_span(page, RULE)
    heading, _ = heading_and_body(page[start:end])
    return page[:start] + heading + "\n\n" + page[end:]


def substitute_in_rule(page: str, pattern: str, replacement: str) -> str:
    """Apply one regex substitution inside the rule's text only."""
    block = rule_text(page, RULE)
    return page.replace(block, re.sub(pattern, replacement, block, count=1))


def mutate_broken_anchor(page: str, **_) -> str:
    return substitute_in_rule(page, r"\]\(([a-z-]+\.md)#([a-z0-9-]+)\)", r"](\1#\2-gone)")


def mutate_broken_link(page: str, **_) -> str:
    return substitute_in_rule(page, r"\]\(([a-z-]+)\.md#", r"](\1-gone.md#")


def mutate_link_parity(page: str, **_) -> str:
    return substitute_in_rule(page, r"\[([^\]]+)\]\([a-z-]+\.md#[a-z0-9-]+\)", r"\1")


def mutate_unsafe_markup(page: str, **_) -> str:
    block = rule_text(page, RULE)
    return page.replace(block, block.rstrip("\n") + "\n\n<script>alert(1)</script>\n\n")


def mutate_wrong_language(page: str, locale: str, tree: Path, **_) -> str:
    other = next(loc for loc in LOCALES if loc not in {locale, PIVOT})  # the pivot would read as untranslated
    other_page = (tree / "docs" / other / f"{CHAPTER.id}.md").read_text("utf-8")
    start, end = section_span(page, RULE)
    heading, _ = heading_and_body(page[start:end])
    _, foreign = heading_and_body(rule_text(other_page, RULE))
    return page[:start] + heading + "\n" + foreign + page[end:]


def mutate_unknown_front_matter_key(page: str, **_) -> str:
    return page.replace("---\n", "---\nowner: someone\n", 1)


PAGE_MUTATIONS = {
    "missing-rule": (mutate_missing_rule, "E130"),
    "unknown-rule": (mutate_unknown_rule, "E131"),
    "duplicate-rule": (mutate_duplicate_rule, "E133"),
    "rule-order": (mutate_rule_order, "E134"),
    "empty-rule": (mutate_empty_rule, "E150"),
    "broken-link": (mutate_broken_link, "E140"),
    "broken-anchor": (mutate_broken_anchor, "E141"),
    "link-parity": (mutate_link_parity, "E142"),
    "unsafe-markup": (mutate_unsafe_markup, "E160"),
    "wrong-language": (mutate_wrong_language, "E152"),
    "front-matter-unknown-key": (mutate_unknown_front_matter_key, "E171"),
}


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("mutation", sorted(PAGE_MUTATIONS))
def test_damaged_page_fails_and_names_file_and_rule(content_copy, mutation, locale):
    function, code = PAGE_MUTATIONS[mutation]
    tree = content_copy
    path = tree / "docs" / locale / f"{CHAPTER.id}.md"
    original = path.read_text("utf-8")
    damaged = function(original, locale=locale, tree=tree)
    assert damaged != original, f"mutation {mutation} changed nothing"
    path.write_text(damaged, "utf-8")
    found = errors(tree)
    assert found, f"{mutation} in {locale}: the check passed"
    relevant = [line for line in found if f" {code} " in line]
    assert relevant, f"{mutation} in {locale}: no {code} in {found}"
    if locale == PIVOT and code == "E142":
        # removing a link from the pivot breaks parity in every other locale's copy of the rule
        assert all(RULE in line for line in relevant)
    elif code == "E171":  # a page-level problem: no rule to name
        assert any(line.startswith(f"docs/{locale}/{CHAPTER.id}.md:") for line in relevant)
    elif code == "E131":
        assert any(
            line.startswith(f"docs/{locale}/{CHAPTER.id}.md:") and "made-up-rule" in line for line in relevant
        )
    else:
        assert any(
            line.startswith(f"docs/{locale}/{CHAPTER.id}.md:") and RULE in line for line in relevant
        ), relevant


@pytest.mark.slow
@pytest.mark.parametrize("locale", [loc for loc in LOCALES if loc != PIVOT])
def test_untranslated_rule_is_a_warning_and_falls_back(content_copy, locale):
    """A translated heading over the English body: readers get the English (W204), --strict fails."""
    tree = content_copy
    pivot_page = (tree / "docs" / PIVOT / f"{CHAPTER.id}.md").read_text("utf-8")
    path = tree / "docs" / locale / f"{CHAPTER.id}.md"
    page = path.read_text("utf-8")
    start, end = section_span(page, RULE)
    heading, _ = heading_and_body(page[start:end])
    _, english = heading_and_body(rule_text(pivot_page, RULE))
    path.write_text(page[:start] + heading + "\n" + english + page[end:], "utf-8")
    found = [p.format() for p in run_checks(Project(tree))]
    assert any(
        line.startswith(f"docs/{locale}/{CHAPTER.id}.md:") and " W204 " in line and RULE in line
        for line in found
    )
    assert not any(" E1" in line and RULE in line and f"docs/{locale}/" in line for line in found)


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_rule_on_wrong_page_and_missing_page_fail(content_copy, locale):
    tree = content_copy
    path = tree / "docs" / locale / f"{CHAPTER.id}.md"
    page = path.read_text("utf-8")
    block = rule_text(page, RULE)
    path.write_text(page.replace(block, ""), "utf-8")
    other = tree / "docs" / locale / f"{OTHER_CHAPTER.id}.md"
    other.write_text(other.read_text("utf-8").rstrip("\n") + "\n\n" + block, "utf-8")
    assert any(
        line.startswith(f"docs/{locale}/{OTHER_CHAPTER.id}.md:") and " E132 " in line and RULE in line
        for line in errors(tree)
    )
    other.unlink()
    assert any(
        line.startswith(f"docs/{locale}/{OTHER_CHAPTER.id}.md:1: E120 missing-page") for line in errors(tree)
    )


@pytest.mark.slow
def test_registry_and_source_damage_fails(content_copy):
    tree = content_copy
    registry = tree / "playbook.yml"
    text = registry.read_text("utf-8")
    rules = list(REAL.registry.rules.values())
    rule, cited = next(
        (r.id, block) for r in rules for block in r.sources if sum(block in o.sources for o in rules) == 1
    )  # a block only this rule cites: pointing the citation elsewhere leaves the block uncited
    exact = re.compile(rf"(?<![\w.-]){re.escape(cited)}(?![\w.])")
    assert len(exact.findall(text)) == 1, f"{cited} should appear once in playbook.yml"
    registry.write_text(exact.sub(cited.rsplit(".", 1)[0] + ".999", text), "utf-8")
    found = errors(tree)
    assert any(" E102 " in line and rule in line for line in found)
    assert any(" E180 " in line and cited in line for line in found)
    registry.write_text(text, "utf-8")
    normalized = next((tree / "sources" / "normalized").glob("*.md"))
    normalized.write_text(normalized.read_text("utf-8") + "\nedited by hand\n", "utf-8")
    assert any(" E181 " in line for line in errors(tree))


def test_real_repository_passes_cleanly():
    problems = [p.format() for p in run_checks(REAL) if p.severity == "error"]
    assert problems == []
