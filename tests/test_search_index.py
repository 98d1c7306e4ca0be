"""How search entries are shaped for staff (playbook.site.search), with literal expectations."""

from __future__ import annotations

from playbook.site import search

SEPARATOR = r"[\s\-–—.,;:!?¡¿()\[\]\"“”„«»‘’'/…]+"


def test_keywords_are_words_once_plus_accent_free_spellings():
    words = search.keyword_words(["țipă, țipete", "ridică tonul, ridică vocea"], "Clientul țipă", SEPARATOR)
    assert words == ["țipă", "țipete", "ridică", "tonul", "vocea", "tipa", "tipete", "ridica"]


def test_the_shown_text_is_the_first_sentence_of_the_rule_as_written():
    body = (
        "Let the customer vent. Do not interrupt.\n\n**Why it works:** They calm down.\n\n"
        '!!! say "Say"\n    - "Take your time."\n'
    )
    entry = {
        "location": "listen/#let-them-vent",
        "title": "Let the customer vent",
        # what the build indexed: a notice the build put before the rule's own text
        "text": "<p>The English version has changed</p> <p>Let the customer vent. Do not interrupt.</p>",
    }
    shaped = search.shape_entry(
        entry, "rule", ["rant", "rant, interrupt"], SEPARATOR, search.lead_paragraph_html(body)
    )
    assert shaped["text"] == "<p>Let the customer vent.</p>"
    assert shaped["body"] == entry["text"]
    assert shaped["keywords"] == "rant interrupt"
    assert shaped["boost"] == search.BOOSTS["rule"]


def test_kinds_of_entries():
    chapters, rules = {"listen"}, {"let-them-vent"}
    kinds = [
        search.entry_kind(location, chapters, rules)
        for location in [
            "situations/#caller-is-shouting",
            "listen/#let-them-vent",
            "listen/",
            "glossary/#apology",
            "phrasebook/#let-them-vent",
            "listen.html#let-them-vent",
        ]
    ]
    assert kinds == ["situation", "rule", "chapter", "page", "mention", "rule"]


def test_english_entries_are_found_by_american_spellings():
    variants = search.spelling_variants(["apologise", "behaviour", "centre", "cancelled", "calm"], "en")
    assert variants == ["apologize", "behavior", "center", "canceled"]
    assert search.spelling_variants(["apologise"], "fi") == []
    entry = {
        "location": "listen/#reflect-back",
        "title": "Summarise",
        "text": "<p>Recognise their behaviour.</p>",
    }
    shaped = search.shape_entry(entry, "rule", ["paraphrase"], SEPARATOR, locale="en")
    assert shaped["keywords"] == "paraphrase summarize"
    assert shaped["variants"] == "recognize behavior"
