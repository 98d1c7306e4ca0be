"""Source coverage: every point of every article is used by a rule or deliberately omitted."""

from __future__ import annotations

from collections.abc import Iterator

from playbook.checks import check
from playbook.problems import Problem


@check
def check_source_coverage(project) -> Iterator[Problem]:
    registry = project.registry
    if not registry.chapters:
        return
    cited = {block for rule in registry.rules.values() for block in rule.sources}
    omitted = {item.block for item in registry.omitted}
    for block_id, block in sorted(project.blocks.items(), key=lambda kv: (kv[1].path, kv[1].line)):
        if block_id not in cited and block_id not in omitted:
            yield Problem(
                block.path,
                block.line,
                "E180",
                "source-not-covered",
                f"block '{block_id}' is neither cited by a rule nor omitted",
                "cite it in a rule's `sources:` in playbook.yml, or list it under `omitted:` with a reason",
            )
    for item in registry.omitted:
        if item.block in cited:
            yield Problem(
                "playbook.yml",
                item.line,
                "E180",
                "source-not-covered",
                f"block '{item.block}' is both cited and omitted",
                "remove it from `omitted:`",
            )
