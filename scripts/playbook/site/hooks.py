"""The MkDocs event handlers behind playbook/mkdocs_hooks.py (which only forwards to these)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from playbook import site
from playbook.project import Project, cached_project
from playbook.site import csp, offline, phrasebook, search, sitemaps

_DEFAULT_404: dict[str, str] = {}  # the default locale's rendered 404, kept for the site root


def _project(config) -> Project:
    return cached_project(site.project_root(config))


def _norm_stem(file: File) -> str:
    """'listen' for en/listen.md, fi/listen.md and the generated phrasebook alike."""
    return Path(getattr(file, "norm_src_uri", None) or file.src_uri).with_suffix("").as_posix()


# ── on_files: one generated phrasebook page per locale ─────────────────────
def _phrasebook_file(config, locale: str, content: str | None) -> File:
    src_uri = f"{locale}/{phrasebook.STEM}.md"
    file = File.generated(config, src_uri, content=content if content is not None else "")
    dest = f"{site.locale_prefix(locale, config)}{phrasebook.STEM}"
    file.dest_uri = f"{dest}/index.html" if config.use_directory_urls else f"{dest}.html"
    file.url = file._get_url(config.use_directory_urls)
    file.abs_dest_path = str(Path(config.site_dir) / file.dest_uri)
    file.locale = locale
    file.localization = locale
    file.norm_src_uri = f"{phrasebook.STEM}.md"
    return file


def on_files(files, config):
    locale = site.current_locale(config)
    text = site.strings(config, locale)
    generated = _phrasebook_file(config, locale, phrasebook.markdown(_project(config), locale, text))
    generated.alternates = {
        other: _phrasebook_file(config, other, None) for other in site.build_locales(config)
    }
    generated.alternates[locale] = generated
    generated.locale_alternate_of = locale
    files.append(generated)
    plugin = site.i18n_plugin(config)
    if plugin is not None and locale in getattr(plugin, "i18n_files_per_language", {}):
        plugin.i18n_files_per_language[locale].append(generated)  # the sitemap.xml template reads this
    return files


# ── on_nav: home, situations, chapters in registry order, phrasebook, glossary, sources ───
def on_nav(nav: Navigation, config, files):
    registry = _project(config).registry
    order = [
        "index",
        "situations",
        *[c.id for c in registry.chapters],
        phrasebook.STEM,
        "glossary",
        "sources",
    ]
    rank = {stem: i for i, stem in enumerate(order)}

    def key(item):
        file = getattr(item, "file", None)
        return rank.get(_norm_stem(file), len(order)) if file else len(order)

    nav.items.sort(key=key)
    pages = [item for item in nav.items if isinstance(item, Page)]
    for i, page in enumerate(pages):
        page.previous_page = pages[i - 1] if i else None
        page.next_page = pages[i + 1] if i + 1 < len(pages) else None
    nav.pages = pages
    return nav


# ── on_page_content: rule markup that reads like rules ─────────────────────
RELATED = re.compile(
    r"<p><strong>([^<]{1,40}):</strong>(\s*<a [^>]*>.*?</a>(?:\s*·\s*<a [^>]*>.*?</a>)*)\s*</p>", re.DOTALL
)


def on_page_content(html: str, page, config, files) -> str:
    """`**Related:** [a](…) · [b](…)` becomes a labelled list of links (one per line on phones)."""

    def related(match: re.Match) -> str:
        links = re.findall(r"<a [^>]*>.*?</a>", match.group(2), re.DOTALL)
        items = "".join(f"<li>{link}</li>" for link in links)
        return (
            f'<div class="pb-related"><p class="pb-related__label"><strong>{match.group(1)}:</strong></p>'
            f"<ul>{items}</ul></div>"
        )

    return RELATED.sub(related, html)


# ── on_page_context / on_template_context: what overrides/ templates need ──
def _locale_base(base_url: str, locale: str, config) -> str:
    """Relative URL of the locale's root: Material loads search/search_index.json from there."""
    prefix = site.locale_prefix(locale, config)
    if not prefix:
        return base_url if base_url.endswith("/") else base_url + "/"
    return f"{base_url.rstrip('/')}/{prefix}"


def _alternates(page, config) -> list[dict[str, str]]:
    """hreflang links to this page in every locale (the home page: each locale's home).

    Relative to the page, so the site works from any origin: Material fetches ``sitemap.xml`` under
    each alternate, and an absolute SITE_URL link is another origin on a mirror, a staging copy or
    another port (the CSP blocks it). Search engines get the absolute hreflang from sitemap.xml.
    """
    alternates = getattr(getattr(page, "file", None), "alternates", None) or {}
    links = []
    for locale in site.build_locales(config):
        if locale in alternates:
            url = alternates[locale].url
        else:
            url = site.locale_prefix(locale, config)
        href = get_relative_url(url or ".", (page.url if page is not None else "") or ".")
        if (not url or url.endswith("/")) and not href.endswith("/"):
            href += "/"
        links.append({"lang": locale, "href": href})
    return links


def _home(page, config, nav, locale: str) -> dict:
    project = _project(config)
    by_stem = {_norm_stem(p.file): p for p in (nav.pages if nav else [])}

    def href(stem: str, anchor: str = "") -> str:
        target = by_stem.get(stem)
        if target is None:
            return "#"
        return get_relative_url(target.url, page.url) + (f"#{anchor}" if anchor else "")

    situations = []
    situations_page = project.page(locale, "situations")
    for section in situations_page.sections if situations_page else []:
        if section.id:
            rules = len(re.findall(r"^\s*\d+\.\s", section.body, re.MULTILINE))
            situations.append(
                {"title": section.title, "href": href("situations", section.id), "rules": rules}
            )
    heading = re.match(r"\s*<h1[^>]*>.*?</h1>", page.content or "", re.DOTALL)
    title_html = heading.group(0) if heading else f"<h1>{page.title}</h1>"
    body = (page.content or "")[heading.end() if heading else 0 :]
    return {
        "situations": situations,
        "situations_href": href("situations"),
        "title_html": title_html,
        "body": body,
    }


def _search_worker(config) -> dict[str, str]:
    return _search_worker_in(tuple(config.theme.dirs))


@lru_cache(maxsize=4)
def _search_worker_in(theme_dirs: tuple[str, ...]) -> dict[str, str]:
    """Material's search worker (its file name carries a hash) and ours, which loads it."""
    for folder in theme_dirs:
        found = sorted(Path(folder).glob(f"{search.WORKERS}/search.*.min.js"))
        if found:
            return {
                "material": f"{search.WORKERS}/{found[0].name}",
                "name": found[0].name,
                "playbook": f"{search.WORKERS}/{search.PLAYBOOK_WORKER}",
            }
    raise FileNotFoundError(f"no {search.WORKERS}/search.*.min.js in the theme {theme_dirs}")


def _context(context: dict, page, config, nav) -> dict:
    locale = site.current_locale(config)
    text = site.strings(config, locale)
    base_url = context.get("base_url", ".")
    stem = _norm_stem(page.file) if page is not None and getattr(page, "file", None) else "404"
    base = _locale_base(base_url, locale, config)
    pb = {
        "locale": locale,
        "text": text,
        "base": base,
        "stem": stem,
        "offline": site.is_offline_build(config),
        "offline_zip": None
        if site.is_offline_build(config)
        else f"{base_url.rstrip('/')}/{site.OFFLINE_ZIP}",
        "alternates": [] if site.is_offline_build(config) else _alternates(page, config),
        "search_worker": _search_worker(config),
    }
    default = next((a for a in pb["alternates"] if a["lang"] == site.default_locale(config)), None)
    pb["x_default"] = default["href"] if default else None
    if stem == "index" and page is not None:
        pb["home"] = _home(page, config, nav, locale)
    context["pb"] = pb
    return context


def on_page_context(context, page, config, nav):
    return _context(context, page, config, nav)


def on_template_context(context, template_name, config):
    if template_name == "404.html":
        return _context(context, None, config, context.get("nav"))
    return context


# ── on_post_template: a 404 page per locale (static-i18n writes every locale's to the root) ──
def on_post_template(output: str, template_name: str, config):
    if template_name != "404.html":
        return output
    locale = site.current_locale(config)
    if locale == site.default_locale(config):
        _DEFAULT_404["html"] = output
        return output
    target = Path(config.site_dir) / locale / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, "utf-8")
    return _DEFAULT_404.get("html", output)


# Whole-site steps after every locale is built, in order (CSP last: it hashes the final HTML).
POST_BUILD_STEPS = [
    search.write_locale_indexes,
    sitemaps.write_page_sitemaps,
    csp.apply,
    offline.bundle_into_site,
]
