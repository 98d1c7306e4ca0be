"""Everything a reader sees is written, and written in its page's language — down to each block.

A translated unit that is wholly the English text is a fallback (checks/freshness: W204); a unit
that is translated but keeps an English paragraph, list item or phrase, or a block in another
language, is a partial paste that readers would otherwise never be warned about (E156, E157).
"""

from __future__ import annotations

from collections.abc import Iterator

from playbook.checks import check
from playbook.freshness import MIN_WORDS_IDENTICAL, is_untranslated
from playbook.language_id import candidates, detect
from playbook.problems import Problem
from playbook.units import plain_words, unit_map

MIN_WORDS_FOR_LANGID = 6  # a whole unit
MIN_WORDS_BLOCK_LANGID = 10  # one block: shorter ones are too often taken for a neighbour language
MIN_SCORE_BLOCK = 0.98


def _block_problems(page, unit, original, locale, pivot, languages) -> list[Problem]:
    english = {plain_words(b.text) for b in original.blocks}
    found = []
    where = unit.label(page.stem)
    if unit.kind in ("rule", "section"):
        title = plain_words(unit.title)
        if title == plain_words(original.title) and len(title.split()) >= MIN_WORDS_IDENTICAL:
            found.append(
                Problem(
                    page.path,
                    unit.line,
                    "E156",
                    "english-block",
                    f"{where}: the heading is still the {pivot} title '{original.title}'",
                    f"translate the heading into '{locale}' (keep the {{ #id }} part)",
                )
            )
    for block in unit.blocks:
        words = plain_words(block.text)
        if len(words.split()) >= MIN_WORDS_IDENTICAL and words in english:
            found.append(
                Problem(
                    page.path,
                    block.line,
                    "E156",
                    "english-block",
                    f"{where}: this block is the {pivot} text: '{_short(words)}'",
                    f"translate it into '{locale}'",
                )
            )
            continue
        if len(words.split()) >= MIN_WORDS_BLOCK_LANGID:
            lang, score = detect(words, languages)
            if lang not in (locale, pivot):
                rest = _residual(words, original)
                lang, score = (
                    detect(rest, languages) if len(rest.split()) >= MIN_WORDS_BLOCK_LANGID else (locale, 0)
                )
            if lang != locale and score >= MIN_SCORE_BLOCK:
                found.append(
                    Problem(
                        page.path,
                        block.line,
                        "E157",
                        "wrong-language-block",
                        f"{where}: this block reads as '{lang}', not '{locale}': '{_short(words)}'",
                        f"write it in '{locale}'",
                    )
                )
    return found


def _residual(words: str, original) -> str:
    """The words of a block that the pivot's unit does not have: a quotation both share (a source's
    original title, a name) is not a translator's slip."""
    shared = {w.lower() for b in original.blocks for w in plain_words(b.text).split()}
    return " ".join(w for w in words.split() if w.lower() not in shared)


def _short(words: str, limit: int = 60) -> str:
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


@check
def check_text_language(project) -> Iterator[Problem]:
    """Empty rules; translated units (and each of their blocks) that are English or another language."""
    pivot = project.default_locale
    languages = candidates(project.locales)
    for stem in project.registry.page_stems:
        originals = unit_map(project.page(pivot, stem))
        for locale in project.locales:
            page = project.page(locale, stem)
            if page is None:
                continue
            for unit in unit_map(page).values():
                words = plain_words(unit.body)
                if unit.kind == "rule" and not words:
                    yield Problem(
                        page.path,
                        unit.line,
                        "E150",
                        "empty-rule",
                        f"rule '{unit.key}' has no text",
                        "write the core sentence, why it works, how, say/avoid and related links",
                    )
                    continue
                if unit.is_placeholder or unit.kind == "title":
                    continue
                original = originals.get(unit.key)
                if locale == pivot:
                    if unit.kind == "rule" and len(words.split()) >= MIN_WORDS_FOR_LANGID:
                        lang, _ = detect(words, languages)
                        if lang != locale:
                            yield _wrong_language(page, unit, lang, locale)
                    continue
                if original is None or is_untranslated(unit, original):
                    continue  # not a unit of the pivot page (parity checks), or a fallback (W204)
                blocks = _block_problems(page, unit, original, locale, pivot, languages)
                lang = detect(words, languages)[0] if len(words.split()) >= MIN_WORDS_FOR_LANGID else locale
                if lang != locale and (not blocks or 2 * len(blocks) > len(unit.blocks)):
                    yield _wrong_language(page, unit, lang, locale)  # the whole unit: one message
                else:
                    yield from blocks


def _wrong_language(page, unit, lang: str, locale: str) -> Problem:
    return Problem(
        page.path,
        unit.line,
        "E152",
        "wrong-language",
        f"{unit.label(page.stem)} reads as '{lang}', not '{locale}'",
        f"write it in '{locale}'",
    )
