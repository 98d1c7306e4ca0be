"""PDF binders and desk cards (playbook.pdf): what a trainer holding the printed binder relies on.

Real-content tests read the files the site build published (``built_site``), each PDF's text
extracted once per session; fixture tests use tests/fixtures/pdf-binder-mini (two locales, two
chapters) for the error paths, the sealed Typst root and the CLI.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import site_root
from playbook.pdf import binder_name, binder_url, build_binders
from playbook.pdf.document import BinderError, binder_document, strings_for
from playbook.pdf.render import RenderError
from playbook.project import Project
from pypdf import PdfReader

FIXTURE = Path(__file__).parent / "fixtures" / "pdf-binder-mini"
SHY = "\u00ad"
OUR_FONTS = re.compile(r"^/[A-Z]{6}\+Liberation(Serif|Serif-Bold|Serif-Italic|Sans-Bold)$")


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


def pdftotext(path: Path) -> str:
    """The text layer as poppler reads it (what copy-paste and search see)."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()


# ── real content, as published by the site build ──────────────────────────────────────────────
PROJECT = Project(site_root())
LOCALES = PROJECT.locales


@pytest.fixture(scope="session")
def binders(built_site) -> dict[str, Path]:
    return {loc: built_site / binder_url(loc, PROJECT.default_locale) for loc in LOCALES}


@pytest.fixture(scope="session")
def cards(built_site) -> dict[str, Path]:
    return {loc: built_site / binder_url(loc, PROJECT.default_locale, "card") for loc in LOCALES}


@pytest.fixture(scope="session")
def readers(binders) -> dict[str, PdfReader]:
    return {loc: PdfReader(path) for loc, path in binders.items() if path.is_file()}


@pytest.fixture(scope="session")
def texts(readers) -> dict[str, list[str]]:
    """Each binder's text per page, extracted once for the whole session."""
    return {loc: [page.extract_text() or "" for page in reader.pages] for loc, reader in readers.items()}


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_binder_and_card_are_published_and_linked_from_every_page_of_its_locale(
    built_site, binders, cards, locale
):
    assert binders[locale].is_file() and cards[locale].is_file()
    others = {loc for loc in LOCALES if loc != PROJECT.default_locale}
    base = built_site if locale == PROJECT.default_locale else built_site / locale
    pages = [
        p
        for p in base.rglob("index.html")
        if locale != PROJECT.default_locale or p.relative_to(built_site).parts[0] not in others
    ]
    assert len(pages) >= len(PROJECT.registry.page_stems)
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for selector, target in (("a.pb-binder", binders[locale]), ("a.pb-card", cards[locale])):
            link = soup.select_one(f".md-footer {selector}")
            assert link is not None, f"{page.relative_to(built_site)}: no {selector} in the footer"
            assert (page.parent / link["href"]).resolve() == target.resolve(), page


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
def test_text_holds_every_rule_title_and_id(texts, locale):
    text = norm(" ".join(texts[locale]))
    for page in PROJECT.pages(locale):
        for rule in page.rules:
            assert plain_title(rule.title) in text, f"{locale}: title of {rule.id}"
            assert rule.id in text, f"{locale}: id {rule.id}"


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_contents_print_the_page_each_rule_is_on(readers, texts, locale):
    reader = readers[locale]
    destinations = reader.named_destinations
    contents = norm(" ".join(texts[locale][1:4]).replace(".", " "))
    for page in PROJECT.pages(locale):
        for rule in page.rules:
            number = reader.get_destination_page_number(destinations[rule.id]) + 1
            title = plain_title(rule.title).replace(".", " ")
            assert re.search(re.escape(norm(title)) + rf" {number}\b", contents), (
                f"{locale}: {rule.id} p. {number}"
            )


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_cross_references_print_the_page_they_lead_to(readers, texts, locale):
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
        for match in pattern.finditer(texts[locale][number - 1]):
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


def font_names(reader: PdfReader) -> set[str]:
    names = set()
    for number, page in enumerate(reader.pages, 1):
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            assert font["/Subtype"] != "/Type3", f"p.{number}: Type 3 font"
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert {"/FontFile2", "/FontFile3", "/FontFile"} & set(descriptor), f"p.{number}: not embedded"
            names.add(str(font["/BaseFont"]))
    return names


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_fonts_are_our_embedded_subsets_and_metadata_is_set(readers, cards, locale):
    for reader in (readers[locale], PdfReader(cards[locale])):
        names = font_names(reader)
        assert names and all(OUR_FONTS.match(name) for name in names), names  # shipped fonts, nothing else
        root = reader.trailer["/Root"]
        assert root["/Lang"] == locale
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged
        assert b"<pdfuaid:part>1</pdfuaid:part>" in root["/Metadata"].get_object().get_data()  # PDF/UA-1
        strings = strings_for(PROJECT.root, locale)
        assert reader.metadata.title.startswith(strings["title"])
        assert reader.metadata.author == strings["author"]


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_long_words_are_hyphenated_at_line_ends(binders, locale):
    """Justified text breaks words with a hyphen where the source word has none: Typst's patterns for
    en, it, nb, fi, fr; pyphen's ro_RO soft hyphens for Romanian."""
    source = norm(" ".join(PROJECT.page(locale, stem).text for stem in PROJECT.registry.page_stems))
    words = set(re.findall(r"\w+", source))
    broken = []
    for line, following in itertools.pairwise(pdftotext(binders[locale]).split("\n")):
        match = re.search(r"(\w+)[-\u2010\u00ad]$", line.rstrip())
        rest = re.match(r"(\w+)", following.strip())
        if match and rest and rest.group(1)[0].islower():
            joined = match.group(1) + rest.group(1)
            if joined in words and f"{match.group(1)}-{rest.group(1)}" not in source:
                broken.append(joined)
    least = 2 if locale == "en" else 3  # English words are short: fewer need breaking
    assert len(broken) >= least, f"{locale}: hyphenated words found: {broken}"


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_copied_text_has_no_soft_hyphen_inside_a_line(binders, cards, locale):
    """A soft hyphen may stand only where a word is broken at a line end (PDF/UA's way of marking a
    hyphenation hyphen); anywhere else it would end up in every copied or searched word."""
    for path in (binders[locale], cards[locale]):
        text = pdftotext(path)
        inside = [m.start() for m in re.finditer(SHY + r"(?!\n)", text)]
        assert not inside, (
            f"{path.name}: {len(inside)} soft hyphen(s), e.g. {text[inside[0] - 20 : inside[0] + 5]!r}"
        )


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_labels_are_never_hyphenated(binders, locale):
    """Box labels ("COSA EVITARE"), rule ids and headings are set without hyphenation."""
    strings = strings_for(PROJECT.root, locale)
    labels = {strings["say"].upper(), strings["avoid"].upper()}
    for page in PROJECT.pages(locale):
        for rule in page.rules:
            labels.add(rule.id)
    text = pdftotext(binders[locale])
    for label in labels:
        for cut in range(2, len(label) - 1):
            head, tail = re.escape(label[:cut]), re.escape(label[cut:])
            assert not re.search(head + r"[-\u2010\u00ad]\n" + tail, text), f"{locale}: {label!r} broken"


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_desk_card_is_one_page_with_every_situation(cards, locale):
    reader = PdfReader(cards[locale])
    assert len(reader.pages) == 1, f"{locale}: desk card has {len(reader.pages)} pages"
    text = norm(reader.pages[0].extract_text())
    situations = PROJECT.page(locale, "situations")
    for section in situations.sections:
        assert plain_title(section.title) in text, f"{locale}: situation {section.id} missing from the card"


@pytest.mark.slow
def test_published_binders_and_cards_are_reproduced_byte_for_byte(binders, cards, tmp_path):
    """Rendering again from the same commit gives the very bytes the site build published."""
    targets = {
        (loc, kind): tmp_path / binder_name(loc, kind) for loc in LOCALES for kind in ("binder", "card")
    }
    again = {(r.locale, r.kind): r.path.read_bytes() for r in build_binders(PROJECT.root, targets)}
    for locale in LOCALES:
        assert again[(locale, "binder")] == binders[locale].read_bytes(), f"{locale}: binder differs"
        assert again[(locale, "card")] == cards[locale].read_bytes(), f"{locale}: desk card differs"


# ── error paths, the sealed Typst root and the CLI, on the small fixture ─────────────────────
@pytest.fixture
def mini(tmp_path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(FIXTURE, root)
    return root


def append(root: Path, locale: str, stem: str, text: str) -> int:
    """Append markdown to a fixture page; returns the line number of its first line."""
    page = root / "docs" / locale / f"{stem}.md"
    before = page.read_text("utf-8")
    page.write_text(before + "\n" + text + "\n", "utf-8")
    return before.count("\n") + 2


def test_cross_references_become_in_document_links(mini):
    doc = json.dumps(binder_document(Project(mini), "fi")["doc"])
    assert '"t": "xref", "to": "let-them-vent"' in doc  # rule id kept: unique across the playbook
    assert '"id": "situations--caller-is-shouting"' in doc  # other ids prefixed with their page
    assert '"to": "stay-calm--' not in doc and "listen.md" not in doc
    assert '"lang": "fi"' in doc


def test_a_link_to_a_missing_anchor_is_an_error_at_its_line(mini):
    line = append(mini, "fi", "listen", "See [nothing](stay-calm.md#no-such-rule).")
    with pytest.raises(BinderError, match=rf"docs/fi/listen.md:{line}: .*stay-calm--no-such-rule"):
        binder_document(Project(mini), "fi")


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("![diagram](img/missing.png)", r"image 'img/missing.png' not found"),
        ("![passwd](../../../../etc/passwd)", r"is outside docs/"),
        ("![abs](/etc/hostname)", r"binders print only images inside docs/"),
        ("![remote](https://example.org/x.png)", r"binders print only images inside docs/"),
        ("![local](file:///etc/hostname)", r"binders print only images inside docs/"),
        ("[file](file:///etc/passwd)", r"a binder links only to https, mailto addresses"),
        ("<img src=x onerror=alert(1)>", r"raw HTML is not printed in the binder"),
    ],
)
def test_what_a_binder_refuses_names_the_page_and_line(mini, markdown, message):
    line = append(mini, "en", "listen", markdown)
    with pytest.raises(BinderError, match=rf"docs/en/listen.md:{line}: .*{message}"):
        binder_document(Project(mini), "en")


def test_a_rule_not_translated_yet_is_printed_in_english_under_a_notice(mini):
    page = mini / "docs" / "fi" / "listen.md"
    text = page.read_text("utf-8")
    page.write_text(text[: text.index("## Toista kuulemasi")], "utf-8")  # fi lacks reflect-back
    doc = binder_document(Project(mini), "fi")["doc"]
    listen = next(part for part in doc["parts"] if part["id"] == "page-listen")["blocks"]
    ids = [b.get("id") for b in listen if b.get("t") == "rule"]
    assert ids == ["let-them-vent", "reflect-back"]  # registry order, the id kept for links
    after = listen[[b.get("id") for b in listen].index("reflect-back") + 1 :]
    fi = strings_for(mini, "fi")
    assert after[0]["t"] == "box" and after[0]["title"] == [fi["notice.untranslated.title"]]
    assert after[1]["t"] == "lang" and after[1]["lang"] == "en"
    assert "Summarise the customer's problem" in json.dumps(after[1])


def test_simple_inline_html_is_printed_as_its_markdown_would_be(mini):
    append(mini, "en", "listen", "Keep <strong>calm</strong>, <em>always</em>.<br>Next line.")
    doc = json.dumps(binder_document(Project(mini), "en")["doc"])
    assert '{"t": "strong", "c": ["calm"]}' in doc and '{"t": "em", "c": ["always"]}' in doc
    assert '{"t": "br"}' in doc


def test_an_image_symlinked_out_of_docs_is_refused(mini):
    (mini / "docs" / "en" / "img").mkdir()
    (mini / "docs" / "en" / "img" / "x.png").symlink_to("/etc/hostname")
    append(mini, "en", "listen", "![x](img/x.png)")
    with pytest.raises(BinderError, match="outside docs/"):
        binder_document(Project(mini), "en")


TYPST_PAYLOADS = [
    '#read("/etc/passwd")',
    '#image("/etc/hostname")',
    '#include "binder.typ"',
    "#sys.inputs.doc",
    "$x^2$ @lbl #let x = 1 ] [ } { \\",
    '#link("file:///etc/passwd")[x]',
]


@pytest.mark.slow  # renders with Typst
def test_content_cannot_run_typst_code(mini, tmp_path):
    """Typst markup in a page is printed as the characters written, never evaluated."""
    from playbook.pdf import build_one

    line = "Payloads: " + " · ".join(f"`{p}` and {p}" for p in TYPST_PAYLOADS) + " · `<lbl>`"
    append(mini, "en", "listen", line.replace("[x]", "(x)"))
    out = build_one(str(mini), "en", str(tmp_path / "en.pdf")).path
    text = norm(pdftotext(out))
    for payload in TYPST_PAYLOADS:
        assert norm(payload.replace("[x]", "(x)")) in text, payload
    assert "<lbl>" in text
    assert "root:" not in text  # /etc/passwd was not read


@pytest.mark.slow  # renders with Typst
def test_a_missing_font_or_a_typst_warning_is_an_error(mini, tmp_path):
    from playbook.pdf import render

    with pytest.raises(RenderError, match="LiberationSans-Bold.ttf"):
        fonts = tmp_path / "fonts"
        fonts.mkdir()
        for name in render.FONT_FILES[:-1]:
            (fonts / name).symlink_to(render.FONT_DIR / name)
        render.check_fonts(fonts)
    template = tmp_path / "warns.typ"
    template.write_text('#set text(font: "No Such Font")\nHello\n', "utf-8")
    with pytest.raises(RenderError, match="unknown font family: no such font"):
        render.render(template, {"doc": {}, "timestamp": 0}, tmp_path / "out.pdf")


@pytest.mark.slow  # renders with Typst
def test_typst_still_keeps_soft_hyphens_in_the_text_layer(tmp_path):
    """Tripwire for hyphenation.strip_soft_hyphens: when Typst stops writing U+00AD where it did not
    break, this fails; then delete the workaround."""
    from playbook.pdf import render

    template = tmp_path / "shy.typ"
    template.write_text(
        '#set document(title: "t")\n#set text(font: "Liberation Serif", lang: "ro")\ncom\u00adpor\u00adta\u00adment\n',
        "utf-8",
    )
    raw = render.render(template, {"doc": {}, "timestamp": 0}, tmp_path / "raw.pdf")
    clean = render.render(template, {"doc": {}, "timestamp": 0, "soft_hyphens": True}, tmp_path / "clean.pdf")
    assert SHY in pdftotext(raw)
    assert pdftotext(clean).strip() == "comportament"
    assert len(PdfReader(clean, strict=True).pages) == 1


@pytest.mark.slow
def test_cli_renders_a_locale_and_png_previews(mini, tmp_path):
    from playbook.pdf import main

    out = tmp_path / "pdf"
    assert main(["--root", str(mini), "--locale", "fi", "--out", str(out), "--png", "1-2"]) == 0
    assert (out / "playbook-fi.pdf").is_file() and (out / "desk-card-fi.pdf").is_file()
    previews = sorted(out.glob("playbook-fi-*.png"))
    assert len(previews) == 2 and all(p.stat().st_size > 5000 for p in previews)
    assert len(PdfReader(out / "desk-card-fi.pdf").pages) == 1
    assert main(["--root", str(mini), "--locale", "xx", "--out", str(out)]) == 2
