"""Rule bodies exist and are written in their page's language."""

from __future__ import annotations

import re
from collections.abc import Iterator

from playbook.checks import check
from playbook.language_id import CANDIDATES, detect
from playbook.problems import Problem

MIN_WORDS_FOR_LANGID = 6
MARKUP = re.compile(r"`[^`]*`|\]\([^)]*\)|\{[^}]*\}|[*_#>|!\[\]()\"“”«»„-]|https?://\S+")


def plain_words(markdown: str) -> str:
    """The prose of a markdown body: link targets, code, attributes and markup removed."""
    text = MARKUP.sub(" ", markdown)
    text = re.sub(r"^\s*\d+\.\s", " ", text, flags=re.MULTILINE)
    return " ".join(text.split())


@check
def check_rule_bodies(project) -> Iterator[Problem]:
    """Empty, untranslated (identical to en) or wrong-language rule bodies."""
    pivot = project.default_locale
    languages = tuple(sorted(set(project.locales) | set(CANDIDATES)))
    for chapter in project.registry.chapters:
        reference = project.page(pivot, chapter.id)
        for locale in project.locales:
            page = project.page(locale, chapter.id)
            if page is None:
                continue
            for section in page.rules:
                words = plain_words(section.body)
                if not words:
                    yield Problem(
                        page.path,
                        section.line,
                        "E150",
                        "empty-rule",
                        f"rule '{section.id}' has no text",
                        "write the core sentence, why it works, how, say/avoid and related links",
                    )
                    continue
                if locale != pivot and reference is not None:
                    original = reference.section(section.id)
                    if original is not None and plain_words(original.body) == words:
                        yield Problem(
                            page.path,
                            section.line,
                            "E151",
                            "untranslated-rule",
                            f"rule '{section.id}' is identical to the {pivot} text",
                            f"translate it into '{locale}'",
                        )
                        continue
                if len(words.split()) >= MIN_WORDS_FOR_LANGID:
                    found, _ = detect(words, languages)
                    if found != locale:
                        yield Problem(
                            page.path,
                            section.line,
                            "E152",
                            "wrong-language",
                            f"rule '{section.id}' reads as '{found}', not '{locale}'",
                            f"write the rule in '{locale}'",
                        )
