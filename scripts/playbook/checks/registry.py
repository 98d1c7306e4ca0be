"""Checks on playbook.yml itself beyond its schema."""

from __future__ import annotations

from collections.abc import Iterator

from playbook.checks import check
from playbook.problems import Problem
from playbook.registry import REGISTRY_FILE


@check
def check_registry_duplicate_ids(project) -> Iterator[Problem]:
    """Chapter and rule ids share one namespace: both become anchors and file names."""
    seen: dict[str, int] = {}
    registry = project.registry
    for chapter in registry.chapters:
        for item_id, line in [(chapter.id, chapter.line)] + [(r.id, r.line) for r in chapter.rules]:
            if item_id in seen:
                yield Problem(
                    REGISTRY_FILE,
                    line,
                    "E101",
                    "registry-duplicate-id",
                    f"'{item_id}' is already used on line {seen[item_id]}",
                    "give each chapter and rule its own id",
                )
            else:
                seen[item_id] = line
    for stem in registry.pages:
        if stem in seen:
            yield Problem(
                REGISTRY_FILE,
                seen[stem],
                "E101",
                "registry-duplicate-id",
                f"'{stem}' is both a page and a chapter or rule",
                "rename one of them",
            )
    omitted: dict[str, int] = {}
    for item in registry.omitted:
        if item.block in omitted:
            yield Problem(
                REGISTRY_FILE,
                item.line,
                "E101",
                "registry-duplicate-id",
                f"block '{item.block}' is already omitted on line {omitted[item.block]}",
                "list each omitted block once",
            )
        omitted.setdefault(item.block, item.line)


@check
def check_registry_unknown_blocks(project) -> Iterator[Problem]:
    """A citation must point at a block that `playbook normalize` actually wrote."""
    registry = project.registry
    if not registry.chapters:
        return
    blocks = project.blocks
    for chapter in registry.chapters:
        for rule in chapter.rules:
            for block in rule.sources:
                if block not in blocks:
                    yield Problem(
                        REGISTRY_FILE,
                        rule.line,
                        "E102",
                        "registry-unknown-block",
                        f"rule '{rule.id}' cites '{block}', which is not in sources/normalized/",
                        "cite an existing block id, shown as `[id]` in sources/normalized/*.md",
                    )
    for item in registry.omitted:
        if item.block not in blocks:
            yield Problem(
                REGISTRY_FILE,
                item.line,
                "E102",
                "registry-unknown-block",
                f"omitted block '{item.block}' is not in sources/normalized/",
                "remove it or correct the id",
            )
