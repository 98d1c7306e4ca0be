"""One search index per locale, so a search on /fi/ finds only Finnish pages, stemmed as Finnish.

static-i18n merges every locale into one site/search/search_index.json. This step splits the
entries it collected per locale into ``site/<prefix>search/search_index.json`` with locations
relative to the locale's root and ``config.lang`` set to that locale's lunr language only; the
templates point Material's ``__config.base`` at the locale root, where its search looks. The
offline (file://) build also gets ``search_index.js`` (``var __index = …``), which Material
loads with a <script> tag when it cannot fetch.

Each entry is also shaped for staff (``shape_entry``), using the fields Material's worker indexes
from ``config.fields`` (it renders only title and text):

- ``text`` (shown under the title) becomes the first sentence of the rule or situation; the whole
  section stays searchable in ``body``;
- ``keywords`` holds the locale's search keywords (keywords/<locale>.yml, never shown), plus
  the accent-free spelling of title and keywords (staff often type "plange" for "plânge");
- ``boost`` ranks a situation above a rule and a rule above passing mentions (the chapter intro,
  glossary, phrasebook, sources, home), so a match in a rule's title or keywords wins.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path

from bs4 import BeautifulSoup

from playbook import site
from playbook.project import cached_project

# lunr-languages stemmers Material ships (assets/javascripts/lunr/min/lunr.<lang>.min.js) + English
LUNR_LANGUAGES = {"en", "it", "no", "fi", "fr", "ro", "de", "es", "nl", "pt", "sv", "da", "ru"}


def lunr_language(locale: str) -> str:
    language = site.LUNR_LANGUAGE.get(locale, locale)
    return language if language in LUNR_LANGUAGES else "en"


WORKERS = "assets/javascripts/workers"
PLAYBOOK_WORKER = "playbook-search.js"  # overrides/assets/javascripts/workers/: wraps Material's

# Field boosts (Material multiplies each field's lunr score by these; it renders title and text only).
FIELDS = {
    "title": {"boost": 1000.0},
    "keywords": {"boost": 600.0},
    "text": {"boost": 10.0},
    "body": {"boost": 1.0},
    "variants": {"boost": 1.0},  # other spellings of words of the text (en: American)
    "tags": {"boost": 1000000.0},
}
# Document boosts by kind of entry (see entry_kind).
# Material's worker multiplies a page's own entry by up to 5 and a section by up to 2 (its
# "post-query boosts"); the chapter and page factors here make up for that.
BOOSTS = {"situation": 2.0, "rule": 1.0, "chapter": 0.15, "page": 0.1, "mention": 0.05}
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”’)]*\s+(?=[\"«„“‘(\w])")


def first_sentence(html_text: str) -> str:
    """The first sentence of the first paragraph, as plain text."""
    soup = BeautifulSoup(html_text, "html.parser")
    paragraph = soup.find("p")
    text = " ".join((paragraph or soup).get_text(" ").split())
    return SENTENCE_END.split(text, maxsplit=1)[0]


def lead_paragraph_html(markdown: str) -> str:
    """The section's own first paragraph as HTML, from its markdown as written (so nothing the build
    puts before it, such as the outdated-translation notice, is taken for the rule's first sentence)."""
    from markdown_it import MarkdownIt

    for block in re.split(r"\n\s*\n", markdown.strip()):
        if block.strip() and not re.match(r"\s*(!!!|\?\?\?|[-*+>]\s|\d+\.\s|\*\*[^*]+:\*\*)", block):
            return MarkdownIt().render(block)
    return ""


def fold(text: str) -> str:
    """Accents and diacritics removed: 'țipă' -> 'tipa', 'pleurs' stays."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def entry_kind(location: str, chapters: set[str], rules: set[str]) -> str:
    page, _, anchor = location.partition("#")
    stem = page.strip("/").removesuffix(".html") or "index"
    if stem == "situations" and anchor:
        return "situation"
    if stem in chapters:
        return "rule" if anchor in rules else "chapter"
    if stem in ("situations", "index", "glossary"):
        return "page"
    return "mention"  # phrasebook (copies of every rule's phrases), sources


def keyword_words(keywords: list[str], title: str, separator: str) -> list[str]:
    """Each word once (lunr has no phrases: a word repeated across keywords would only weigh
    more), then the accent-free spelling of title and keyword words that have accents."""
    split = re.compile(separator)
    words = list(dict.fromkeys(w for term in keywords for w in split.split(term.lower()) if w))
    folded = [fold(w) for w in [*words, *split.split(title.lower())] if w and fold(w) != w]
    return list(dict.fromkeys([*words, *folded]))


# The pivot is written in British English; staff may type American spellings. Each rule maps a
# British word to its American form (apologise -> apologize, behaviour -> behavior, centre -> center).
US_SPELLINGS = [
    (re.compile(r"^(\w{3,})is(e|es|ed|ing|er|ers|ation|ations)$"), r"\1iz\2"),
    (re.compile(r"^(\w*(?:behavio|colo|favo|hono|humo|labo|neighbo|rumo|endeavo))ur(\w*)$"), r"\1r\2"),
    (re.compile(r"^(cent|met|theat|lit|fib)re(s?)$"), r"\1er\2"),
    (re.compile(r"^(\w*(?:cance|trave|labe|mode|signa|fue|counse))ll(ed|ing|er|ers|or|ors)$"), r"\1l\2"),
    (re.compile(r"^(\w*(?:defen|offen|licen|preten))ce(s?)$"), r"\1se\2"),
    (re.compile(r"^(\w*(?:dialo|catalo|analo))gue(s?)$"), r"\1g\2"),
]
SPELLING_VARIANTS = {"en": US_SPELLINGS}


def spelling_variants(words: list[str], locale: str) -> list[str]:
    """The other spelling of each word that has one in the locale (en: the American one)."""
    variants = []
    for word in words:
        for pattern, replacement in SPELLING_VARIANTS.get(locale, []):
            other = pattern.sub(replacement, word)
            if other != word:
                variants.append(other)
                break
    return list(dict.fromkeys(variants))


def shape_entry(
    entry: dict, kind: str, keywords: list[str], separator: str, lead: str = "", locale: str = ""
) -> dict:
    """The entry as Material's worker should index and show it (see the module docstring); ``lead``
    is the section's first paragraph as written (default: the entry's own first paragraph)."""
    shaped = dict(entry, boost=BOOSTS[kind])
    split = re.compile(separator)
    if SPELLING_VARIANTS.get(locale):
        # other spellings of the title's words weigh as keywords, of the text's words as text
        title_words = [w for w in split.split(entry["title"].lower()) if w]
        text_words = [
            w for w in split.split(BeautifulSoup(entry["text"], "html.parser").get_text(" ").lower()) if w
        ]
        keywords = [
            *keywords,
            *spelling_variants(title_words + [w for t in keywords for w in split.split(t.lower())], locale),
        ]
        others = [w for w in spelling_variants(text_words, locale) if w not in keywords]
        if others:
            shaped["variants"] = " ".join(others)
    if kind in ("situation", "rule", "chapter"):
        shaped["body"] = entry["text"]
        shaped["text"] = f"<p>{html.escape(first_sentence(lead or entry['text']), quote=False)}</p>"
    words = keyword_words(keywords, entry["title"], separator)
    if words:
        shaped["keywords"] = html.escape(" ".join(words), quote=False)
    return shaped


def shape_entries(project, locale: str, docs: list[dict], separator: str) -> list[dict]:
    chapters = {chapter.id for chapter in project.registry.chapters}
    rules = {rule.id for chapter in project.registry.chapters for rule in chapter.rules}
    keywords = project.keywords(locale)
    shaped = []
    for doc in docs:
        kind = entry_kind(doc["location"], chapters, rules)
        page, _, anchor = doc["location"].partition("#")
        terms, lead = [], ""
        if kind in ("rule", "situation"):
            terms = keywords.terms(f"{kind}s", anchor)
            parsed = project.page(locale, page.strip("/").removesuffix(".html"))
            section = parsed.section(anchor) if parsed else None
            lead = lead_paragraph_html(section.body) if section else ""
        shaped.append(shape_entry(doc, kind, terms, separator, lead, locale))
    return shaped


def entries_by_locale(entries: list[dict], locales: list[str], default: str) -> dict[str, list[dict]]:
    """Split static-i18n's merged entries by their location prefix; strip it."""
    split: dict[str, list[dict]] = {locale: [] for locale in locales}
    for entry in entries:
        location = entry["location"]
        locale = next((lc for lc in locales if lc != default and location.startswith(f"{lc}/")), default)
        stripped = dict(entry, location=location[len(locale) + 1 :] if locale != default else location)
        split.setdefault(locale, []).append(stripped)
    return split


def write_locale_indexes(root: Path, site_dir: Path, config) -> None:
    combined_path = site_dir / "search" / "search_index.json"
    plugin = site.i18n_plugin(config)
    if not combined_path.exists():
        return
    combined = json.loads(combined_path.read_text("utf-8"))
    entries = list(getattr(plugin, "search_entries", None) or combined["docs"])
    default = site.default_locale(config)
    project = cached_project(root)
    seen: set[tuple[str, str]] = set()
    for locale, docs in entries_by_locale(entries, site.build_locales(config), default).items():
        unique = []
        for doc in docs:  # mkdocs serve rebuilds can collect an entry twice
            key = (locale, doc["location"])
            if key not in seen:
                seen.add(key)
                unique.append(doc)
        config_ = dict(combined["config"], lang=[lunr_language(locale)], fields=FIELDS)
        index = {"config": config_, "docs": shape_entries(project, locale, unique, config_["separator"])}
        target = site_dir / site.locale_prefix(locale, config) / "search"
        target.mkdir(parents=True, exist_ok=True)
        data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        (target / "search_index.json").write_text(data, "utf-8")
        if site.is_offline_build(config):
            (target / "search_index.js").write_text(f"var __index = {data};\n", "utf-8")
