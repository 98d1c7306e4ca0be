"""The staff site in a real Chromium: per-locale search, language switch with the rule anchor, copy
link, every page type in every locale clean (no third-party or failed request, no console error, no
axe-core violation), and the offline zip searching from file://."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import site_root
from playbook import site
from playbook.project import Project
from playbook.site import phrasebook
from playbook.ui_strings import ui_strings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"
PAGE_TYPES = ("index", "situations", "chapter", phrasebook.STEM, "sources", "glossary", "404")


@pytest.fixture(scope="module")
def project() -> Project:
    return Project(site_root())


@pytest.fixture
def context(site_browser):
    context = site_browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def prefix(project: Project, locale: str) -> str:
    return "" if locale == project.default_locale else f"{locale}/"


def page_path(project: Project, locale: str, kind: str) -> str:
    stem = project.registry.chapters[0].id if kind == "chapter" else kind
    if stem == "index":
        return prefix(project, locale)
    if stem == "404":
        return f"{prefix(project, locale)}no-such-page/"
    return f"{prefix(project, locale)}{stem}/"


def search_word(project: Project, locale: str) -> tuple[str, str]:
    """A long word from the locale's first rule heading, and that rule's id."""
    rule = project.page(locale, project.registry.chapters[0].id).rules[0]
    words = sorted(re.findall(r"\w{5,}", rule.title), key=len, reverse=True)
    return words[0], rule.id


def open_search(page, word: str):
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(word, delay=30)  # Material reacts to key events, not to a pasted value
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")


@pytest.mark.parametrize("locale", ["fi", "ro", "it"])
def test_search_on_a_locale_finds_only_that_locale_highlighted(context, site_server, project, locale):
    word, rule_id = search_word(project, locale)
    page = context.new_page()
    page.goto(site_server + prefix(project, locale))
    hrefs = open_search(page, word)
    assert hrefs
    assert all(urlsplit(href).path.startswith(f"/{locale}/") for href in hrefs), hrefs
    assert any(href.split("?")[0].endswith(f"#{rule_id}") or f"#{rule_id}" in href for href in hrefs), hrefs
    assert page.locator(".md-search-result mark").count() > 0, "search terms are highlighted in results"


def test_language_switch_keeps_page_and_rule(context, site_server, project):
    chapter = project.registry.chapters[0].id
    rule = project.registry.chapters[0].rules[-1].id
    page = context.new_page()
    page.goto(f"{site_server}it/{chapter}/#{rule}")
    page.locator(".md-select").first.hover()
    page.locator("a[data-pb-switch][hreflang='fi']").click()
    page.wait_for_url(f"**/fi/{chapter}/#{rule}")
    assert urlsplit(page.url).path == f"/fi/{chapter}/"
    top = page.evaluate(f"document.getElementById({rule!r}).getBoundingClientRect().top")
    assert 0 <= top < 300, "the rule is scrolled into view"
    # a hash change after load is kept too
    other = project.registry.chapters[0].rules[0].id
    page.evaluate(f"location.hash = {other!r}")
    href = page.get_attribute("a[data-pb-switch][hreflang='ro']", "href")
    assert href.endswith(f"#{other}")


def test_copy_link_copies_the_absolute_rule_url_and_says_so(site_browser, site_server, project):
    context = site_browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        chapter = project.registry.chapters[0].id
        rule = project.registry.chapters[0].rules[0].id
        page = context.new_page()
        page.goto(f"{site_server}fi/{chapter}/?h=x")
        button = page.locator(f"h2.rule#{rule} + .pb-rule-tools button.pb-copy")
        label = button.get_attribute("aria-label")
        assert label.startswith(ui_strings(site_root(), "fi")["copy.label"])
        button.click()
        expected = f"{site_server}fi/{chapter}/#{rule}"
        assert page.evaluate("navigator.clipboard.readText()") == expected
        status = page.locator(f"h2.rule#{rule} + .pb-rule-tools [role=status]")
        assert status.inner_text() == ui_strings(site_root(), "fi")["copy.done"]
    finally:
        context.close()


def watch(page) -> tuple[list[str], list[str], list[str]]:
    """Record every request, every failed or >= 400 response, every console error or warning."""
    requests: list[str] = []
    failures: list[str] = []
    console: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: failures.append(f"failed {request.url}"))
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on(
        "console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    return requests, failures, console


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_every_page_type_in_every_locale_is_clean(context, site_server, project, kind):
    origin = site_server.rstrip("/")
    axe = AXE.read_text("utf-8")
    for locale in project.locales:
        page = context.new_page()
        requests, failures, console = watch(page)
        url = site_server + page_path(project, locale, kind)
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        if kind == "404":
            assert response.status == 404
            failures = [f for f in failures if f != f"404 {url}"]
            console = [c for c in console if "404" not in c]
            assert page.get_attribute("html", "lang") == locale
        assert [r for r in requests if not r.startswith(origin + "/") and not r.startswith("data:")] == [], (
            locale
        )
        assert failures == [], (locale, failures)
        assert console == [], (locale, console)
        page.evaluate(axe)  # injected through DevTools: the page's own CSP stays in force
        violations = page.evaluate(
            "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
            " 'best-practice']})).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
        )
        assert violations == [], (locale, kind, violations)
        page.close()


@pytest.mark.parametrize("locale", ["fi", "ro"])
def test_offline_zip_searches_from_disk(site_browser, built_site, tmp_path, project, locale):
    with zipfile.ZipFile(built_site / site.OFFLINE_ZIP) as archive:
        archive.extractall(tmp_path)
    root = tmp_path / "de-escalation-playbook"
    word, rule_id = search_word(project, locale)
    context = site_browser.new_context()
    try:
        page = context.new_page()
        page.goto((root / locale / "index.html").as_uri())
        hrefs = open_search(page, word)
        assert hrefs and all(href.startswith((root / locale).as_uri() + "/") for href in hrefs), hrefs
        assert any(f"#{rule_id}" in href for href in hrefs)
        page.locator(".md-search-result__link").first.click()
        page.wait_for_load_state()
        assert page.url.startswith((root / locale).as_uri())
    finally:
        context.close()
