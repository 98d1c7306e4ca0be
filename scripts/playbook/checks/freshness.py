"""Translation freshness per rule, placeholder rules, and rule redirects."""

from __future__ import annotations

from collections.abc import Iterator

from playbook.checks import check
from playbook.freshness import OUTDATED, UNTRACKED, is_placeholder, rule_states, stale_records
from playbook.problems import Problem
from playbook.yaml_lines import line_of, load_with_lines


@check
def check_translation_freshness(project) -> Iterator[Problem]:
    """A translated rule made from an older en text, or with no record of which en text it followed."""
    pivot = project.default_locale
    for state in rule_states(project):
        if state.state == OUTDATED:
            yield Problem(
                state.path,
                state.line,
                "W201",
                "outdated",
                f"'{state.rule}' — {pivot} changed since this translation",
                f"run playbook diff {state.locale} {state.rule}",
                severity="warning",
            )
        elif state.state == UNTRACKED:
            yield Problem(
                state.path,
                state.line,
                "W202",
                "untracked",
                f"'{state.rule}' has no record of the {pivot} text it was translated from",
                f"check it against docs/{pivot}/{state.chapter}.md, then run "
                f"playbook mark-translated {state.locale} {state.rule}",
                severity="warning",
            )
    for page, key in stale_records(project):
        yield Problem(
            page.path,
            1,
            "W203",
            "stale-record",
            f"translated_from names '{key}', which is not a rule of this page",
            f"run playbook mark-translated {page.locale} --all, or delete the line",
            severity="warning",
        )


@check
def check_placeholder_rules(project) -> Iterator[Problem]:
    """A rule scaffolded by `playbook new-rule` whose TODO text nobody has replaced yet."""
    pivot = project.default_locale
    for chapter in project.registry.chapters:
        for locale in project.locales:
            page = project.page(locale, chapter.id)
            if page is None:
                continue
            for section in page.rules:
                if not is_placeholder(section):
                    continue
                if locale == pivot:
                    yield Problem(
                        page.path,
                        section.line,
                        "E153",
                        "placeholder-rule",
                        f"rule '{section.id}' is not written yet (TODO placeholder)",
                        "replace the heading title and the TODO line with the rule text",
                    )
                else:
                    yield Problem(
                        page.path,
                        section.line,
                        "E153",
                        "placeholder-rule",
                        f"rule '{section.id}' is untranslated in '{locale}' (TODO placeholder)",
                        f"translate docs/{pivot}/{chapter.id}.md#{section.id} here, then run "
                        f"playbook mark-translated {locale} {section.id}",
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
