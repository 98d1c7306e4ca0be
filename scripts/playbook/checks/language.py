"""Rule bodies exist and are written in their page's language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from playbook.checks import check
from playbook.problems import Problem

# lunr, ISO 639-1 and py3langid disagree on Norwegian: our locale nb is langid's "no".
LANGID_CODE = {"nb": "no"}
MIN_WORDS_FOR_LANGID = 6
# Candidates besides our locales, so that a body in another common language is not forced into one of ours.
# Danish and Swedish are left out on purpose: short Bokmål texts are too often mistaken for them.
OTHER_LANGUAGES = ("en", "it", "no", "fi", "fr", "ro", "de", "es", "pt", "nl")
MARKUP = re.compile(r"`[^`]*`|\]\([^)]*\)|\{[^}]*\}|[*_#>|!\[\]()\"“”«»„-]|https?://\S+")


def plain_words(markdown: str) -> str:
    """The prose of a markdown body: link targets, code, attributes and markup removed."""
    text = MARKUP.sub(" ", markdown)
    text = re.sub(r"^\s*\d+\.\s", " ", text, flags=re.M)
    return " ".join(text.split())


@lru_cache(maxsize=None)
def _identifier(languages: tuple[str, ...]):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(sorted({LANGID_CODE.get(lang, lang) for lang in languages} | set(OTHER_LANGUAGES)))
    return identifier


def detect(text: str, languages: tuple[str, ...]) -> str:
    """The most likely of ``languages`` for ``text`` (returned in our locale codes)."""
    code, _ = _identifier(languages).classify(text)
    back = {v: k for k, v in LANGID_CODE.items()}
    return back.get(code, code)


@check
def check_rule_bodies(project) -> Iterator[Problem]:
    """Empty, untranslated (identical to en) or wrong-language rule bodies."""
    pivot = project.default_locale
    languages = tuple(project.locales)
    for chapter in project.registry.chapters:
        reference = project.page(pivot, chapter.id)
        for locale in project.locales:
            page = project.page(locale, chapter.id)
            if page is None:
                continue
            for section in page.rules:
                words = plain_words(section.body)
                if not words:
                    yield Problem(page.path, section.line, "E150", "empty-rule",
                                  f"rule '{section.id}' has no text",
                                  "write the core sentence, why it works, how, say/avoid and related links")
                    continue
                if locale != pivot and reference is not None:
                    original = reference.section(section.id)
                    if original is not None and plain_words(original.body) == words:
                        yield Problem(page.path, section.line, "E151", "untranslated-rule",
                                      f"rule '{section.id}' is identical to the {pivot} text",
                                      f"translate it into '{locale}'")
                        continue
                if len(words.split()) >= MIN_WORDS_FOR_LANGID:
                    found = detect(words, languages)
                    if found != locale:
                        yield Problem(page.path, section.line, "E152", "wrong-language",
                                      f"rule '{section.id}' reads as '{found}', not '{locale}'",
                                      f"write the rule in '{locale}'")
