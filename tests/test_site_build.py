"""The built site, read as files: what every locale's pages promise before a browser opens them."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import build_site, site_root
from playbook import site
from playbook.project import Project
from playbook.site import phrasebook, search
from playbook.ui_strings import ui_strings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project() -> Project:
    return Project(site_root())


def locale_dir(built_site: Path, locale: str, project: Project) -> Path:
    return built_site if locale == project.default_locale else built_site / locale


def page_html(built_site: Path, project: Project, locale: str, stem: str) -> str:
    folder = locale_dir(built_site, locale, project)
    path = folder / "index.html" if stem == "index" else folder / stem / "index.html"
    return path.read_text("utf-8")


def test_each_locale_has_its_own_search_index_in_its_language(built_site, project):
    for locale in project.locales:
        index = json.loads(
            (locale_dir(built_site, locale, project) / "search/search_index.json").read_text("utf-8")
        )
        assert index["config"]["lang"] == [search.lunr_language(locale)], locale
        others = [lc for lc in project.locales if lc != locale and lc != project.default_locale]
        locations = [doc["location"] for doc in index["docs"]]
        assert locations, locale
        assert not [loc for loc in locations if loc.split("/")[0] in others], (
            f"{locale} index holds other locales"
        )
        titles = {doc["title"] for doc in index["docs"]}
        first_rule = project.page(locale, project.registry.chapters[0].id).rules[0]
        assert first_rule.title in titles, f"{locale}: rule heading not indexed"


def test_pages_declare_their_language_and_relative_alternates(built_site, project):
    """hreflang links are relative (the site works from any origin) and lead to the same page."""
    from urllib.parse import urljoin

    chapter = project.registry.chapters[0].id
    for locale in project.locales:
        here = f"{'' if locale == project.default_locale else locale + '/'}{chapter}/"
        html = page_html(built_site, project, locale, chapter)
        assert f'<html lang="{locale}"' in html
        hreflangs = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html))
        assert set(hreflangs) == {*project.locales, "x-default"}
        for lang, href in hreflangs.items():
            assert not re.match(r"[a-z]+:|/", href), (locale, lang, href)
            target = urljoin(f"http://h/{here}", href)
            prefix = "" if lang in (project.default_locale, "x-default") else f"{lang}/"
            assert target == f"http://h/{prefix}{chapter}/", (locale, lang, href)
        description = project.page(locale, chapter).front_matter.get("description")
        if description:
            assert f'<meta name="description" content="{description}"' in html.replace("&#39;", "'")


def test_every_page_carries_a_csp_and_no_referrer(built_site):
    pages = list(built_site.rglob("*.html"))
    assert pages
    for path in pages:
        html = path.read_text("utf-8")
        assert 'http-equiv="Content-Security-Policy"' in html, path
        assert '<meta name="referrer" content="no-referrer">' in html, path
        resources = re.findall(r'<(?:script|img|iframe|source|audio|video)\b[^>]*\ssrc="([^"]+)"', html)
        resources += [
            href
            for tag in re.findall(r"<link\b[^>]*>", html)
            if not re.search(r'rel="(?:alternate|canonical)"', tag)
            for href in re.findall(r'href="([^"]+)"', tag)
        ]
        assert not [url for url in resources if re.match(r"(?:[a-z]+:)?//", url)], (
            f"third-party resource in {path}"
        )


def test_material_finds_a_sitemap_under_every_alternate(built_site, project):
    for locale in project.locales:
        html = page_html(built_site, project, locale, project.registry.chapters[0].id)
        here = (
            built_site
            / ("" if locale == project.default_locale else locale)
            / project.registry.chapters[0].id
        )
        for href in re.findall(r'<link rel="alternate" hreflang="[\w-]+" href="([^"]*)"', html):
            assert (here / href / "sitemap.xml").resolve().exists(), href


SAY_AVOID = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+(?:say|avoid)\b", re.MULTILINE)


def test_phrasebook_collects_every_phrase_and_links_to_its_rule(built_site, project):
    for locale in project.locales:
        html = page_html(built_site, project, locale, phrasebook.STEM)
        expected = 0  # oracle: the say/avoid markers written in the rules, counted in the markdown itself
        for chapter in project.registry.chapters:
            page = project.page(locale, chapter.id)
            lines = page.text.split("\n")
            for rule in page.rules:
                expected += len(SAY_AVOID.findall("\n".join(lines[rule.line : rule.end_line])))
        assert expected > 0
        assert html.count('class="admonition say"') + html.count('class="admonition avoid"') == expected
        for href in re.findall(r'<h3[^>]*><a href="([^"]+)"', html):
            path, _, anchor = href.partition("#")
            target = (
                locale_dir(built_site, locale, project) / phrasebook.STEM / path / "index.html"
            ).resolve()
            assert target.exists(), href
            assert f'id="{anchor}"' in target.read_text("utf-8"), href


def test_404_page_per_locale_in_its_language(built_site, project):
    for locale in project.locales:
        html = (locale_dir(built_site, locale, project) / "404.html").read_text("utf-8")
        assert f'<html lang="{locale}"' in html
        assert ui_strings(project.root, locale)["notfound.title"] in html


def test_site_links_to_an_offline_zip_of_every_locale(built_site, project):
    zip_path = built_site / site.OFFLINE_ZIP
    chapter = project.registry.chapters[0].id
    assert f'href="../{site.OFFLINE_ZIP}"' in page_html(built_site, project, "en", chapter)
    names = set(zipfile.ZipFile(zip_path).namelist())
    for locale in project.locales:
        prefix = "" if locale == project.default_locale else f"{locale}/"
        assert f"de-escalation-playbook/{prefix}index.html" in names
        assert f"de-escalation-playbook/{prefix}search/search_index.js" in names


def test_a_second_build_gives_the_same_bytes_everywhere(built_site, site_port, tmp_path):
    """Site, offline zip, binders and desk cards are a function of the commit: build again, compare."""
    again = build_site(tmp_path / "site", site_port)

    def files(folder: Path) -> dict[str, Path]:
        return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}

    first, second = files(built_site), files(again)
    assert sorted(first) == sorted(second)
    assert any(name.endswith(".zip") for name in first) and any(name.endswith(".pdf") for name in first)
    differ = [name for name in first if first[name].read_bytes() != second[name].read_bytes()]
    assert differ == [], f"{len(differ)} files differ, e.g. {differ[:5]}"
