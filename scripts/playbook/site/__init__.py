"""Build-time site logic: what vanilla Material + static-i18n get wrong for staff.

The MkDocs hooks (playbook/mkdocs_hooks.py) call only the functions exported here:
``on_files`` (phrasebook page per locale), ``on_nav`` (reading order), ``on_page_content``
(rule markup), ``on_page_context`` / ``on_template_context`` (locale strings, search base,
absolute hreflang), ``on_post_template`` (one 404 page per locale) and ``POST_BUILD_STEPS``
(per-locale search indexes, sitemaps, CSP, offline zip).
"""

from __future__ import annotations

from pathlib import Path

from playbook.ui_strings import ui_strings

LUNR_LANGUAGE = {"nb": "no"}  # lunr-languages calls Norwegian Bokmål "no"
OFFLINE_FLAG = "playbook_offline"  # set in config.extra of the file:// build (site/offline.py)
OFFLINE_ZIP = "playbook-offline.zip"


PRINTED_FRONT_MATTER = ("title", "description")


def escape_front_matter(meta: dict) -> None:
    """HTML-escape the front-matter values templates print, in place (schema already forbids markup)."""
    import html

    for key in PRINTED_FRONT_MATTER:
        if isinstance(meta.get(key), str):
            meta[key] = html.escape(meta[key], quote=True)


def is_offline_build(config) -> bool:
    """The file:// copy that site/offline.py builds inside the online build (same process)."""
    return bool((config.extra or {}).get(OFFLINE_FLAG))


def strings(config, locale: str) -> dict[str, str]:
    """The UI strings of ``locale`` (strings/<locale>.yml, see playbook.ui_strings)."""
    return ui_strings(project_root(config), locale)


def i18n_plugin(config):
    return config.plugins.get("i18n")


def current_locale(config) -> str:
    plugin = i18n_plugin(config)
    return getattr(plugin, "current_language", None) or config.theme.get("language") or "en"


def default_locale(config) -> str:
    plugin = i18n_plugin(config)
    return getattr(plugin, "default_language", None) or "en"


def build_locales(config) -> list[str]:
    plugin = i18n_plugin(config)
    return list(getattr(plugin, "build_languages", None) or [current_locale(config)])


def all_locales(config) -> list[str]:
    plugin = i18n_plugin(config)
    return list(getattr(plugin, "all_languages", None) or build_locales(config))


def locale_prefix(locale: str, config) -> str:
    """'' for the default locale (served at the root), 'fi/' for the others."""
    return "" if locale == default_locale(config) else f"{locale}/"


def project_root(config) -> Path:
    return Path(config.config_file_path).parent


# Re-exported hook entry points (imported late: they import this module).
from playbook.site.hooks import (
    POST_BUILD_STEPS,
    on_files,
    on_nav,
    on_page_content,
    on_page_context,
    on_post_template,
    on_template_context,
)

__all__ = [
    "POST_BUILD_STEPS",
    "on_files",
    "on_nav",
    "on_page_content",
    "on_page_context",
    "on_post_template",
    "on_template_context",
]
