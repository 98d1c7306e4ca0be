"""One search index per locale, so a search on /fi/ finds only Finnish pages, stemmed as Finnish.

static-i18n merges every locale into one site/search/search_index.json. This step splits the
entries it collected per locale into ``site/<prefix>search/search_index.json`` with locations
relative to the locale's root and ``config.lang`` set to that locale's lunr language only; the
templates point Material's ``__config.base`` at the locale root, where its search looks. The
offline (file://) build also gets ``search_index.js`` (``var __index = …``), which Material
loads with a <script> tag when it cannot fetch.
"""

from __future__ import annotations

import json
from pathlib import Path

from playbook import site

# lunr-languages stemmers Material ships (assets/javascripts/lunr/min/lunr.<lang>.min.js) + English
LUNR_LANGUAGES = {"en", "it", "no", "fi", "fr", "ro", "de", "es", "nl", "pt", "sv", "da", "ru"}


def lunr_language(locale: str) -> str:
    language = site.LUNR_LANGUAGE.get(locale, locale)
    return language if language in LUNR_LANGUAGES else "en"


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
    seen: set[tuple[str, str]] = set()
    for locale, docs in entries_by_locale(entries, site.build_locales(config), default).items():
        unique = []
        for doc in docs:  # mkdocs serve rebuilds can collect an entry twice
            key = (locale, doc["location"])
            if key not in seen:
                seen.add(key)
                unique.append(doc)
        index = {"config": dict(combined["config"], lang=[lunr_language(locale)]), "docs": unique}
        target = site_dir / site.locale_prefix(locale, config) / "search"
        target.mkdir(parents=True, exist_ok=True)
        data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        (target / "search_index.json").write_text(data, "utf-8")
        if site.is_offline_build():
            (target / "search_index.js").write_text(f"var __index = {data};\n", "utf-8")
