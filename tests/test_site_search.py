"""Staff search in the real site and Chromium: the first blind queries of every locale
(tests/search/queries/) find an acceptable rule or situation in the first five results, typed into
the search box; each result shows its chapter, the rule title and the rule's first sentence; the
results are axe-clean. The whole relevance table is `make bench` (playbook.site.relevance)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from conftest import site_root
from playbook.project import Project
from playbook.site import relevance

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PER_LOCALE = 3  # the first queries of each blind set: a regression in any locale fails CI
QUERIES = relevance.load_queries()


@pytest.fixture(scope="module")
def project() -> Project:
    return Project(site_root())


def prefix(project: Project, locale: str) -> str:
    return "" if locale == project.default_locale else f"{locale}/"


def location(href: str, locale_prefix: str) -> str:
    """'http://127.0.0.1:8000/fi/listen/?h=x#reflect-back' -> 'listen/#reflect-back' (as in the index)."""
    parts = urlsplit(href)
    path = parts.path.lstrip("/").removeprefix(locale_prefix)
    return f"{path}#{parts.fragment}" if parts.fragment else path


def type_query(page, text: str) -> list[dict]:
    """Type into Material's search box; return the results rendered for this query."""
    page.evaluate("document.querySelectorAll('.md-search-result__item').forEach(li => li.dataset.old = '1')")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(text)
    box.press("End")  # Material searches on key events, not on a pasted value
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__item')"
        " && !document.querySelector('.md-search-result__item[data-old]')"
    )
    return page.evaluate(
        """() => [...document.querySelectorAll('.md-search-result__item')].map(item => {
        const links = [...item.querySelectorAll(':scope > .md-search-result__link')];
        const own = links[links.length - 1];
        return {href: own.href, chapter: links.length > 1 ? links[0].querySelector('h1').textContent : null,
                title: own.querySelector('h1, h2').textContent,
                text: (own.querySelector('article > p:not(.md-search-result__terms)') || {}).textContent || ''};
    })"""
    )


@pytest.mark.parametrize("locale", sorted(QUERIES))
def test_blind_queries_find_their_rule_in_the_first_five(site_browser, site_server, project, locale):
    pages = relevance.target_pages(project)
    context = site_browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_server + prefix(project, locale))
        for query in QUERIES[locale][:PER_LOCALE]:
            results = type_query(page, query.text)
            ids = [relevance.result_id(location(r["href"], prefix(project, locale)), pages) for r in results]
            assert relevance.first_hit(ids[: relevance.CUTOFF], query.targets), (query.text, ids[:5])
    finally:
        context.close()


def test_a_result_shows_chapter_title_and_first_sentence_situations_first(site_browser, site_server, project):
    locale = "fi"
    situations = project.page(locale, "situations")
    situation = situations.sections[0]  # its own title is the query: it must come first, as a situation
    rule_page = project.page(locale, project.registry.chapters[0].id)
    context = site_browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(site_server + prefix(project, locale))
        top = type_query(page, situation.title)[0]
        assert location(top["href"], prefix(project, locale)) == f"situations/#{situation.id}"
        assert top["chapter"] == situations.title
        assert top["title"] == situation.title
        first_paragraph = " ".join(situation.body.strip().split("\n\n")[0].split())
        shown = top["text"].strip()
        assert shown and first_paragraph.startswith(shown) and shown[-1] in ".!?", (shown, first_paragraph)
        assert page.locator(".md-search-result mark").count() > 0, "the query is highlighted"

        rule = rule_page.rules[0]
        results = type_query(page, rule.title)
        hit = next(r for r in results if location(r["href"], prefix(project, locale)).endswith(f"#{rule.id}"))
        assert hit["chapter"] == rule_page.title
        shown = hit["text"].strip()
        body = " ".join(rule.body.split())
        assert shown[-1] in ".!?" and shown in body and len(shown) < len(body) / 3, (
            "the rule's first sentence"
        )

        from test_site_browser import AXE

        page.evaluate(AXE.read_text("utf-8"))
        violations = page.evaluate(
            "async () => (await axe.run(document.querySelector('.md-search'), {runOnly: ['wcag2a', 'wcag2aa',"
            " 'wcag21a', 'wcag21aa']})).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
        )
        assert violations == []

        page.locator("input.md-search__input").press("Enter")  # Enter opens the best result: the rule
        page.wait_for_url(f"**/{locale}/{project.registry.chapters[0].id}/**")
        assert urlsplit(page.url).fragment == rule.id
        assert [url for url in requests if not url.startswith(site_server)] == [], (
            "nothing from a third party"
        )
    finally:
        context.close()
