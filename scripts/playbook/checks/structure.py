"""Parity of locales, pages and rules: every rule has a counterpart in every locale, in order."""

from __future__ import annotations

from collections.abc import Iterator

from playbook.checks import check
from playbook.derived import mkdocs_is_derived, stale_copies
from playbook.problems import Problem
from playbook.registry import REGISTRY_FILE
from playbook.suggest import did_you_mean


@check
def check_locales_agree(project) -> Iterator[Problem]:
    """docs/, strings/ and a hand-kept mkdocs.yml must name the locales of playbook.yml.

    A mkdocs.yml with ``playbook sync`` markers is a derived copy: check_derived_copies covers it.
    """
    registry = set(project.locales)
    if not registry:
        return
    docs = set(project.docs_locales)
    line = project.registry.locales_line
    if not mkdocs_is_derived(project):
        mkdocs = set(project.mkdocs_locales)
        for locale in sorted(registry - mkdocs):
            yield Problem(
                REGISTRY_FILE,
                line,
                "E110",
                "locales-disagree",
                f"locale '{locale}' is in playbook.yml but not in mkdocs.yml (plugins → i18n → languages)",
                "add it to mkdocs.yml or remove it from playbook.yml",
            )
        for locale in sorted(mkdocs - registry):
            yield Problem(
                "mkdocs.yml",
                1,
                "E110",
                "locales-disagree",
                f"locale '{locale}' is in mkdocs.yml but not in playbook.yml `locales:`",
                "add it to playbook.yml or remove it from mkdocs.yml",
            )
        default = project.mkdocs_default_locale
        if default and default != project.default_locale and default in registry:
            yield Problem(
                "mkdocs.yml",
                1,
                "E110",
                "locales-disagree",
                f"mkdocs.yml marks '{default}' as the default locale, but the pivot in playbook.yml is "
                f"'{project.default_locale}'",
                f"mark '{project.default_locale}' `default: true` in mkdocs.yml",
            )
    strings = set(project.strings_locales)
    for locale in sorted(strings - registry):
        yield Problem(
            f"strings/{locale}.yml",
            1,
            "E110",
            "locales-disagree",
            f"strings/{locale}.yml is for a locale that is not in playbook.yml",
            "add the locale to playbook.yml (playbook new-locale), or delete the file",
        )
    for locale in sorted(registry - docs):
        yield Problem(
            REGISTRY_FILE,
            line,
            "E110",
            "locales-disagree",
            f"locale '{locale}' has no folder docs/{locale}/",
            f"create docs/{locale}/ with every page, or remove the locale",
        )
    for locale in sorted(docs - registry):
        yield Problem(
            f"docs/{locale}",
            1,
            "E110",
            "locales-disagree",
            f"folder docs/{locale}/ is not a locale in playbook.yml",
            "add the locale with playbook new-locale, or remove the folder",
        )


@check
def check_pages_present(project) -> Iterator[Problem]:
    """Every locale has exactly the registered pages, under the same file names."""
    expected = project.registry.page_stems
    if not expected:
        return
    for locale in project.locales:
        if not (project.root / "docs" / locale).is_dir():
            continue
        on_disk = set(project.page_stems_on_disk(locale))
        for stem in expected:
            if stem not in on_disk:
                yield Problem(
                    f"docs/{locale}/{stem}.md",
                    1,
                    "E120",
                    "missing-page",
                    f"page '{stem}' is missing in locale '{locale}'",
                    f"create docs/{locale}/{stem}.md (translate docs/{project.default_locale}/{stem}.md)",
                )
        for stem in sorted(on_disk - set(expected)):
            yield Problem(
                f"docs/{locale}/{stem}.md",
                1,
                "E121",
                "extra-page",
                f"page '{stem}' is not in playbook.yml",
                "add it to playbook.yml `pages:` or `chapters:`, or delete the file",
            )


@check
def check_rules_match_registry(project) -> Iterator[Problem]:
    """Each chapter page holds exactly its registered rules, once each, in registry order."""
    registry = project.registry
    rules = registry.rules
    for locale in project.locales:
        home_of: dict[str, str] = {}
        for stem in registry.page_stems:
            page = project.page(locale, stem)
            if page is None:
                continue
            for section in page.sections:
                if section.id in rules and not section.is_rule:
                    yield Problem(
                        page.path,
                        section.line,
                        "E136",
                        "rule-not-marked",
                        f"heading '#{section.id}' is a rule id but lacks the class .rule",
                        f"write the heading as `## {section.title} {{ #{section.id} .rule }}`",
                    )
                if not section.is_rule:
                    continue
                if section.id is None:
                    yield Problem(
                        page.path,
                        section.line,
                        "E131",
                        "unknown-rule",
                        f"rule heading '{section.title}' has no id",
                        "add the registry id: `{ #rule-id .rule }`",
                    )
                    continue
                if section.id not in rules:
                    yield Problem(
                        page.path,
                        section.line,
                        "E131",
                        "unknown-rule",
                        f"rule '{section.id}' is not in playbook.yml",
                        did_you_mean(section.id, rules, "did you mean '{}'? fix the id")
                        or "fix the id, add it with playbook new-rule, or delete the section (playbook delete-rule)",
                    )
                    continue
                if section.id in home_of:
                    yield Problem(
                        page.path,
                        section.line,
                        "E133",
                        "duplicate-rule",
                        f"rule '{section.id}' appears again (first in {home_of[section.id]})",
                        "keep one copy of the rule",
                    )
                    continue
                home_of[section.id] = page.path
                wanted = rules[section.id].chapter
                if stem != wanted:
                    yield Problem(
                        page.path,
                        section.line,
                        "E132",
                        "rule-on-wrong-page",
                        f"rule '{section.id}' belongs to chapter '{wanted}', not '{stem}'",
                        f"move the whole rule to docs/{locale}/{wanted}.md",
                    )
        for chapter in registry.chapters:
            page = project.page(locale, chapter.id)
            if page is None:
                continue
            present = [s.id for s in page.rules if s.id in rules and rules[s.id].chapter == chapter.id]
            anchor_line = page.title_line or 1
            for rule in chapter.rules:
                section = page.section(rule.id)
                if section is not None and section.is_rule:
                    anchor_line = section.end_line
                    continue
                if rule.id in home_of:
                    continue  # reported as rule-on-wrong-page
                if section is not None or any(s.is_rule and s.id is None for s in page.sections):
                    continue  # the heading is there without .rule (E136) or without its id (E131)
                pivot = project.default_locale
                source = "write it" if locale == pivot else f"translated from docs/{pivot}/{chapter.id}.md"
                yield Problem(
                    page.path,
                    anchor_line,
                    "E130",
                    "missing-rule",
                    f"rule '{rule.id}' is missing in locale '{locale}'",
                    f"add `## <title> {{ #{rule.id} .rule }}` here, {source} (playbook new-rule adds it everywhere)",
                )
            expected = [r.id for r in chapter.rules if r.id in present]
            if present != expected:
                for position, (got, want) in enumerate(zip(present, expected)):
                    if got != want:
                        section = page.section(got)
                        yield Problem(
                            page.path,
                            section.line,
                            "E134",
                            "rule-order",
                            f"rule '{got}' is out of order: expected '{want}' at position {position + 1}",
                            f"reorder the rules as in playbook.yml: {', '.join(expected)}",
                        )
                        break


@check
def check_duplicate_anchors(project) -> Iterator[Problem]:
    """Two headings with one id make links land on the wrong one (rules are reported as duplicate rules)."""
    rules = project.registry.rules
    for locale in project.locales:
        for page in project.pages(locale):
            for anchor, line in page.duplicate_anchors:
                if anchor in rules:
                    continue
                yield Problem(
                    page.path,
                    line,
                    "E133",
                    "duplicate-rule",
                    f"id '#{anchor}' is used twice on this page (first on line {page.anchors[anchor]})",
                    "give each heading its own id",
                )


@check
def check_section_parity(project) -> Iterator[Problem]:
    """Non-chapter pages carry the same level-2 section ids in every locale, in the same order
    (alphabetical pages: the same ids, each locale in its own alphabetical order)."""
    pivot = project.default_locale
    for stem in project.registry.pages:
        reference = project.page(pivot, stem)
        if reference is None:
            continue
        wanted = [s.id for s in reference.sections]
        for locale in project.locales:
            if locale == pivot:
                continue
            page = project.page(locale, stem)
            if page is None:
                continue
            got = [s.id for s in page.sections]
            for sid in wanted:
                if sid not in got:
                    yield Problem(
                        page.path,
                        page.title_line or 1,
                        "E143",
                        "section-parity",
                        f"section '#{sid}' of docs/{pivot}/{stem}.md is missing",
                        f"add `## <translated title> {{ #{sid} }}` translated from docs/{pivot}/{stem}.md",
                    )
            for section in page.sections:
                if section.id not in wanted:
                    yield Problem(
                        page.path,
                        section.line,
                        "E143",
                        "section-parity",
                        f"section '#{section.id}' does not exist in docs/{pivot}/{stem}.md",
                        "use the same section ids as the English page",
                    )
            common = [sid for sid in got if sid in wanted]
            if stem in project.registry.alphabetical:
                continue  # each locale has its own order: check_alphabetical_order
            if common != [sid for sid in wanted if sid in got]:
                yield Problem(
                    page.path,
                    page.title_line or 1,
                    "E143",
                    "section-parity",
                    f"sections are not in the order of docs/{pivot}/{stem}.md",
                    f"order them: {', '.join(str(s) for s in wanted)}",
                )


@check
def check_derived_copies(project) -> Iterator[Problem]:
    """mkdocs.yml and .github/ copies of the locales must say what playbook.yml and strings/ say."""
    for stale in stale_copies(project):
        fix = (
            "run playbook sync"
            if stale.new_text is not None
            else "restore the marker lines, then run playbook sync"
        )
        yield Problem(stale.path, stale.line, "E111", "derived-copy-stale", stale.message, fix)


@check
def check_alphabetical_order(project) -> Iterator[Problem]:
    """An alphabetical page (the glossary) lists its entries in the reader's own alphabet."""
    from playbook.collation import alphabetical_pages, sorted_sections

    for locale, _, page in alphabetical_pages(project):
        wanted = sorted_sections(page)
        for position, (got, want) in enumerate(zip(page.sections, wanted)):
            if got.line != want.line:
                after = f"after '{wanted[position - 1].title}'" if position else "first"
                yield Problem(
                    page.path,
                    want.line,
                    "E144",
                    "not-alphabetical",
                    f"'{want.title}' is out of alphabetical order for '{locale}': it comes {after}",
                    "run playbook sort (it reorders the sections, nothing else)",
                )
                break
