"""PDF binders (playbook.pdf): what a trainer holding the printed binder relies on.

Real-content tests read the binders the site build published (``built_site``); fixture tests use
tests/fixtures/pdf-binder-mini (two locales, two chapters) for the error paths.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import site_root
from playbook.pdf import binder_name, binder_url, build_binders
from playbook.pdf.assemble import BinderError, assemble, strings_for
from playbook.pdf.render import RenderError
from playbook.project import Project
from pypdf import PdfReader

FIXTURE = Path(__file__).parent / "fixtures" / "pdf-binder-mini"
HYPHENS = ("-", "\u2010", "\u00ad")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def plain_title(markdown_title: str) -> str:
    return norm(re.sub(r"[*`_]", "", markdown_title))


def outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(norm(item.title))

    walk(reader.outline)
    return titles


def page_text(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


# ── real content, as published by the site build ──────────────────────────────────────────────
PROJECT = Project(site_root())
LOCALES = PROJECT.locales


@pytest.fixture(scope="session")
def binders(built_site) -> dict[str, Path]:
    return {loc: built_site / binder_url(loc, PROJECT.default_locale) for loc in LOCALES}


@pytest.fixture(scope="session")
def readers(binders) -> dict[str, PdfReader]:
    return {loc: PdfReader(path) for loc, path in binders.items() if path.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_binder_is_published_and_linked_from_every_page_of_its_locale(built_site, binders, locale):
    assert binders[locale].is_file()
    others = {loc for loc in LOCALES if loc != PROJECT.default_locale}
    base = built_site if locale == PROJECT.default_locale else built_site / locale
    pages = [
        p
        for p in base.rglob("index.html")
        if locale != PROJECT.default_locale or p.relative_to(built_site).parts[0] not in others
    ]
    assert len(pages) >= len(PROJECT.registry.page_stems)
    for page in pages:
        link = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one("a.pb-binder")
        assert link is not None, f"{page.relative_to(built_site)}: no binder link"
        assert (page.parent / link["href"]).resolve() == binders[locale].resolve(), page


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_outline_holds_every_chapter_and_rule_in_the_locales_words(readers, locale):
    outline = outline_titles(readers[locale])
    for chapter in PROJECT.registry.chapters:
        page = PROJECT.page(locale, chapter.id)
        assert plain_title(page.title) in outline, f"{locale}: chapter {chapter.id}"
        for rule in page.rules:
            assert plain_title(rule.title) in outline, f"{locale}: rule {rule.id}"


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_text_holds_every_rule_title_and_id(readers, locale):
    text = norm(" ".join(page_text(readers[locale])))
    for page in PROJECT.pages(locale):
        for rule in page.rules:
            assert plain_title(rule.title) in text, f"{locale}: title of {rule.id}"
            assert rule.id in text, f"{locale}: id {rule.id}"


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_contents_print_the_page_each_rule_is_on(readers, locale):
    reader = readers[locale]
    destinations = reader.named_destinations
    contents = norm(" ".join(page_text(reader)[1:4]).replace(".", " "))
    for page in PROJECT.pages(locale):
        for rule in page.rules:
            number = reader.get_destination_page_number(destinations[rule.id]) + 1
            title = plain_title(rule.title).replace(".", " ")
            assert re.search(re.escape(norm(title)) + rf" {number}\b", contents), (
                f"{locale}: {rule.id} p. {number}"
            )


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_cross_references_print_the_page_they_lead_to(readers, locale):
    """Each "→ p. 12" in the text names the page one of that page's links leads to (never a stale 0)."""
    reader = readers[locale]
    template = strings_for(PROJECT.root, locale)["page_ref"]
    before, _, after = (re.escape(part) for part in template.partition("{page}"))
    pattern = re.compile("\u2192\\s*" + before.replace("\\ ", "\\s*") + r"(\d+)" + after)
    printed = 0
    for number, page in enumerate(reader.pages, 1):
        targets = {
            reader.get_destination_page_number(reader.named_destinations[str(annot.get_object()["/Dest"])])
            + 1
            for annot in page.get("/Annots") or []
            if "/Dest" in annot.get_object()
        }
        for match in pattern.finditer(page.extract_text() or ""):
            printed += 1
            assert int(match.group(1)) in targets, f"{locale} p.{number}: {match.group(0)!r} not in {targets}"
    assert printed > len(PROJECT.registry.chapters), f"{locale}: only {printed} cross-references found"


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_every_internal_link_has_a_destination(readers, locale):
    reader = readers[locale]
    destinations = set(reader.named_destinations)
    internal = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link" or "/A" in annot and annot["/A"].get("/S") == "/URI":
                continue
            internal += 1
            assert str(annot.get("/Dest")) in destinations, f"{locale}: dangling link to {annot.get('/Dest')}"
    assert internal > len(PROJECT.registry.rules)  # contents + cross-references + phrasebook


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_fonts_are_our_embedded_subsets_and_metadata_is_set(readers, locale):
    reader = readers[locale]
    for number, page in enumerate(reader.pages, 1):
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            assert font["/Subtype"] != "/Type3", f"{locale} p.{number}: Type 3 font"
            assert re.match(r"^/[A-Z]{6}\+Binder-", font["/BaseFont"]), (
                f"{locale} p.{number}: {font['/BaseFont']}"
            )
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert {"/FontFile2", "/FontFile3", "/FontFile"} & set(descriptor), f"{locale}: font not embedded"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == locale
    assert "/StructTreeRoot" in root  # tagged (PDF/UA-1)
    assert reader.metadata.title and reader.metadata.author


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["fi", "nb", "fr"])
def test_long_words_are_hyphenated_at_line_ends(readers, locale):
    """Justified text breaks words with a hyphen where the source word has none (fi: our dictionary)."""
    if locale not in readers:
        pytest.skip(f"no {locale} locale")
    source = norm(" ".join(PROJECT.page(locale, stem).text for stem in PROJECT.registry.page_stems))
    words = set(re.findall(r"\w+", source))
    broken = []
    for text in page_text(readers[locale]):
        lines = text.split("\n")
        for line, following in itertools.pairwise(lines):
            match = re.search(r"(\w+)[-\u2010\u00ad]$", line.rstrip())
            rest = re.match(r"(\w+)", following.strip())
            if match and rest and rest.group(1)[0].islower():
                joined = match.group(1) + rest.group(1)
                if joined in words and f"{match.group(1)}-{rest.group(1)}" not in source:
                    broken.append(joined)
    assert len(broken) >= 3, f"{locale}: hyphenated words found: {broken}"


@pytest.mark.slow
def test_two_builds_are_byte_identical(binders, tmp_path):
    """A fresh render equals the site build's binder. If the repository moved on in between (a commit
    changes the printed edition), two fresh renders in a row must be identical instead."""

    def render(folder: str) -> dict[str, bytes]:
        targets = {loc: tmp_path / folder / binder_name(loc) for loc in LOCALES}
        return {r.locale: r.path.read_bytes() for r in build_binders(PROJECT.root, targets, cache=False)}

    again = render("again")
    built = {loc: path.read_bytes() for loc, path in binders.items()}
    reference = built if built == again else render("third")
    for locale in LOCALES:
        assert again[locale] == reference[locale], locale


# ── error paths and the CLI, on the small fixture ─────────────────────────────────────────────
@pytest.fixture
def mini(tmp_path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(FIXTURE, root)
    return root


def test_cross_references_become_in_document_links(mini):
    document, _ = assemble(Project(mini), "fi")
    assert 'href="#let-them-vent"' in document  # rule id kept: unique across the playbook
    assert 'id="situations--caller-is-shouting"' in document  # other ids prefixed with their page
    assert 'href="#stay-calm--' not in document and "listen.md" not in document
    assert '<html lang="fi">' in document


def test_a_link_to_a_missing_anchor_is_an_error(mini):
    page = mini / "docs" / "fi" / "listen.md"
    page.write_text(page.read_text("utf-8") + "\nSee [nothing](stay-calm.md#no-such-rule).\n", "utf-8")
    with pytest.raises(BinderError, match="stay-calm--no-such-rule"):
        assemble(Project(mini), "fi")


def test_a_missing_image_is_an_error(mini):
    page = mini / "docs" / "en" / "listen.md"
    page.write_text(page.read_text("utf-8") + "\n![diagram](img/missing.png)\n", "utf-8")
    with pytest.raises(BinderError, match="missing.png"):
        assemble(Project(mini), "en")


def test_a_missing_font_or_a_css_warning_is_an_error(mini, tmp_path, monkeypatch):
    from playbook.pdf import render

    document, _ = assemble(Project(mini), "en")
    css = tmp_path / "print.css"
    css.write_text(
        render.STYLESHEET.read_text("utf-8").replace("LiberationSans-Bold.ttf", "Nope.ttf"), "utf-8"
    )
    monkeypatch.setattr(render, "STYLESHEET", css)
    with pytest.raises(RenderError, match="Nope.ttf"):
        render.render_html(document, tmp_path / "out.pdf")
    (tmp_path / "fonts").symlink_to(render.FONT_DIR)
    css.write_text(
        render.STYLESHEET.read_text("utf-8").replace("Nope.ttf", "LiberationSans-Bold.ttf")
        + "\np { colour: red; }\n",
        "utf-8",
    )
    with pytest.raises(RenderError, match="colour"):
        render.render_html(document, tmp_path / "out.pdf")


@pytest.mark.slow
def test_cli_renders_a_locale_and_png_previews(mini, tmp_path):
    from playbook.pdf import main

    out = tmp_path / "pdf"
    assert main(["--root", str(mini), "--locale", "fi", "--out", str(out), "--no-cache", "--png", "1-2"]) == 0
    assert (out / "playbook-fi.pdf").is_file()
    previews = sorted(out.glob("playbook-fi-*.png"))
    assert len(previews) == 2 and all(p.stat().st_size > 5000 for p in previews)
    assert main(["--root", str(mini), "--locale", "xx", "--out", str(out)]) == 2
    assert subprocess.run(["pdftoppm", "-v"], capture_output=True, check=False).returncode == 0
