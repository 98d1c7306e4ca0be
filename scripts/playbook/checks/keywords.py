"""Search keywords (keywords/<locale>.yml) for every rule and situation, in every locale."""

from __future__ import annotations

from collections.abc import Iterator
from difflib import get_close_matches

from playbook.checks import check
from playbook.freshness import is_placeholder
from playbook.keywords import FOLDER, KINDS
from playbook.problems import Problem

SITUATIONS_PAGE = "situations"


def unwritten_rules(project, locale: str) -> set[str]:
    """Rules still a `TODO:` placeholder (or absent) in the locale: E153/E130 already say so, and
    their keywords come with the text."""
    unwritten = set()
    for chapter in project.registry.chapters:
        page = project.page(locale, chapter.id)
        sections = {section.id: section for section in (page.rules if page else [])}
        for rule in chapter.rules:
            if rule.id not in sections or is_placeholder(sections[rule.id]):
                unwritten.add(rule.id)
    return unwritten


def unwritten_situations(project, locale: str) -> set[str]:
    """Situations still a `TODO:` placeholder in the locale (a new locale): W204 says so."""
    page = project.page(locale, SITUATIONS_PAGE)
    return {s.id for s in (page.sections if page else []) if s.id and is_placeholder(s)}


def expected_ids(project) -> dict[str, list[str]]:
    """Rule ids of playbook.yml and situation ids of the pivot's situations page, by kind."""
    rules = [rule.id for chapter in project.registry.chapters for rule in chapter.rules]
    page = project.page(project.default_locale, SITUATIONS_PAGE)
    situations = [section.id for section in (page.sections if page else []) if section.id]
    return {"rules": rules, "situations": situations}


@check
def check_search_keywords(project) -> Iterator[Problem]:
    """Every rule and situation has search keywords in every locale; nothing else has. A rule not
    yet written (or translated) in a locale needs none there yet."""
    expected = expected_ids(project)
    if not any(expected.values()):
        return
    for locale in project.locales:
        keywords = project.keywords(locale)
        path = keywords.path
        if not keywords.exists:
            yield Problem(
                path,
                1,
                "E220",
                "keywords-missing",
                f"no search keywords for locale '{locale}'",
                f"create {path} with `rules:` and `situations:` like {FOLDER}/{project.default_locale}.yml",
            )
            continue
        if keywords.error:
            line, message = keywords.error
            fix = f"write it like {FOLDER}/{project.default_locale}.yml (format at the top of that file)"
            yield Problem(path, line, "E222", "keywords-malformed", message, fix)
            continue
        for kind in KINDS:
            wanted = expected[kind]
            singular = kind.removesuffix("s")
            unknown = {
                key: line for (k, key), line in keywords.lines.items() if k == kind and key not in wanted
            }
            unwritten = (
                unwritten_rules(project, locale) if kind == "rules" else unwritten_situations(project, locale)
            )
            missing = [key for key in wanted if not keywords.terms(kind, key) and key not in unwritten]
            # a mistyped id is one problem (E221 with the likely id), not also a missing one
            typos = {key: close[0] for key in unknown if (close := get_close_matches(key, missing, n=1))}
            for key in missing:
                if key in typos.values():
                    continue
                line = keywords.lines.get((kind, key)) or keywords.kind_lines.get(kind) or 1
                yield Problem(
                    path,
                    line,
                    "E220",
                    "keywords-missing",
                    f"{singular} '{key}' has no search keywords",
                    f"add `{key}: <words staff type for it, comma-separated>` under `{kind}:`",
                )
            source = (
                "playbook.yml" if kind == "rules" else f"docs/{project.default_locale}/{SITUATIONS_PAGE}.md"
            )
            for key, line in unknown.items():
                fix = (
                    f"write '{typos[key]}'"
                    if key in typos
                    else f"fix the id, or delete the line if the {singular} was removed"
                )
                yield Problem(
                    path, line, "E221", "keywords-unknown", f"'{key}' is not a {singular} of {source}", fix
                )
