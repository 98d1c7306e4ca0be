"""The checker and the site must see the same page: every link, image and anchor.

The checker reads pages with markdown-it (source lines for its messages); the site renders them with
Python-Markdown and mkdocs.yml's extensions (playbook.render). This test renders every real page and a
corpus of every construct the site supports (md_in_html, attr_list, admonitions and details, images,
nested lists, tables, reference links, raw inline HTML) both ways and compares what each sees.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playbook.pages import _parse_text
from playbook.project import Project
from playbook.render import markdown_converter, render_body

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "fixtures" / "differential"
REAL = Project(ROOT)


class Seen(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "img" and "src" in attrs:
            self.links.append(attrs["src"])
        if "id" in attrs:
            self.ids.append(attrs["id"])


def site_sees(text: str) -> Seen:
    seen = Seen()
    seen.feed(render_body(markdown_converter(REAL.mkdocs_config), text))
    return seen


def checker_sees(path: Path, text: str):
    return _parse_text(path.parent.parent, path, path.parent.name, text)


def compare(path: Path) -> tuple[Counter, Counter, set, set]:
    text = path.read_text("utf-8")
    page, seen = checker_sees(path, text), site_sees(text)
    return Counter(link.href for link in page.links), Counter(seen.links), set(page.anchors), set(seen.ids)


REAL_PAGES = sorted((ROOT / "docs").glob("*/*.md"))


@pytest.mark.parametrize("path", REAL_PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_checker_and_site_see_the_same_links_and_anchors_in_every_real_page(path):
    checker_links, site_links, checker_ids, site_ids = compare(path)
    assert checker_links == site_links
    assert checker_ids == site_ids


def test_checker_and_site_agree_on_the_corpus_of_every_construct():
    checker_links, site_links, checker_ids, site_ids = compare(CORPUS / "en" / "corpus.md")
    assert checker_links == site_links, (checker_links - site_links, site_links - checker_links)
    assert checker_ids == site_ids, (checker_ids - site_ids, site_ids - checker_ids)
    # and the corpus really holds what it claims to test
    assert site_links["listen.md#let-them-vent"] == 3  # intro, tight md_in_html, reference link
    assert {"listen.md#reflect-back", "glossary.md#venting", "img/diagram.png", "sources.md"} <= set(
        site_links
    )
    assert {"a-rule", "explicit-id", "heading-without-an-id"} <= site_ids


def test_the_corpus_covers_the_constructs_the_site_supports():
    text = (CORPUS / "en" / "corpus.md").read_text("utf-8")
    for construct in (
        "<div markdown>",
        'markdown="1"',
        "!!! say",
        "??? note",
        "![",
        "        1.",
        "|---|",
        "][",
    ):
        assert construct in text, construct
