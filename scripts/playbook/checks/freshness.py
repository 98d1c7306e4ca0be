"""Translation freshness of every unit a reader sees, untranslated units, and rule redirects."""

from __future__ import annotations

from collections.abc import Iterator

from playbook.checks import check
from playbook.freshness import MISSING, OUTDATED, UNTRACKED, stale_records, unit_states
from playbook.problems import Problem
from playbook.yaml_lines import line_of, load_with_lines


@check
def check_translation_freshness(project) -> Iterator[Problem]:
    """A translated unit made from an older pivot text, or with no record of which text it followed."""
    pivot = project.default_locale
    for state in unit_states(project):
        if state.locale == pivot:
            continue
        if state.state == OUTDATED:
            yield Problem(
                state.path,
                state.line,
                "W201",
                "outdated",
                f"{state.label} — {pivot} changed since this translation",
                f"run playbook diff {state.locale} {state.ref}; an {pivot} typo fix only: "
                f"playbook mark-translated --minor {state.ref}",
                severity="warning",
            )
        elif state.state == UNTRACKED:
            yield Problem(
                state.path,
                state.line,
                "W202",
                "untracked",
                f"{state.label} has no record of the {pivot} text it was translated from",
                f"check it against docs/{pivot}/{state.stem}.md, then run "
                f"playbook mark-translated {state.locale} {state.ref}",
                severity="warning",
            )
    for page, key in stale_records(project):
        yield Problem(
            page.path,
            1,
            "W203",
            "stale-record",
            f"translated_from names '{key}', which is not a unit of this page",
            f"run playbook mark-translated {page.locale} --all, or delete the line",
            severity="warning",
        )


@check
def check_untranslated(project) -> Iterator[Problem]:
    """Readers get English for a unit not translated yet: allowed (English merges first), but told."""
    pivot = project.default_locale
    for state in unit_states(project):
        if state.state != MISSING:
            continue
        if state.locale == pivot:
            if state.placeholder:
                yield Problem(
                    state.path,
                    state.line,
                    "E153",
                    "placeholder-rule",
                    f"{state.label} is not written yet (TODO placeholder)",
                    "replace the TODO line with the text (and the heading, if it is still the one from the id)",
                )
            continue
        if state.current is None or state.line == 1 and state.kind == "rule":
            continue  # nothing in the pivot to show (E153 there), or no heading here (E130)
        how = "placeholder" if state.placeholder else f"still the {pivot} text"
        yield Problem(
            state.path,
            state.line,
            "W204",
            "untranslated",
            f"{state.label} is not translated yet ({how}): readers see the {pivot} text",
            f"translate docs/{pivot}/{state.stem}.md#{state.key} here, then run "
            f"playbook mark-translated {state.locale} {state.ref}",
            severity="warning",
        )


@check
def check_rule_redirects(project) -> Iterator[Problem]:
    """`redirects:` (written by playbook rename-rule) must lead from a retired id to a live rule."""
    from playbook.registry import REGISTRY_FILE

    redirects = project.registry.redirects
    if not redirects:
        return
    _, node = load_with_lines((project.root / REGISTRY_FILE).read_text("utf-8"))
    rules = project.registry.rules
    for old, new in redirects.items():
        line = line_of(node, ["redirects", old])
        if new not in rules:
            yield Problem(
                REGISTRY_FILE,
                line,
                "E155",
                "redirect-invalid",
                f"redirect '{old}' → '{new}': '{new}' is not a rule, so old links to '#{old}' land nowhere",
                "point it at the rule's current id, or delete the line",
            )
        if old in rules:
            yield Problem(
                REGISTRY_FILE,
                line,
                "E155",
                "redirect-invalid",
                f"redirect '{old}' → '{new}': '{old}' is a rule id again",
                "delete the redirect line (the rule itself now answers to that id)",
            )
