"""playbook normalize: exact output per fixture scenario, exact errors, and invariants of the real sources."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from playbook import normalize
from playbook.checks.sources import check_source_invalid, check_sources_stale
from playbook.normalize import BLOCK_ID_RE, NormalizeError
from playbook.problems import Problem

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "normalize"
SOURCE_IDS = [
    "fi-difficult-customers",
    "fr-escalated-confrontation",
    "it-difficult-customers",
    "nb-angry-caller",
    "ro-complaint-handling",
]

OK_SCENARIOS = ["bom-and-crlf", "nested-lists-and-byline", "reader-comments", "repeated-blocks"]
ERROR_SCENARIOS = [
    "comment-start-not-found",
    "empty-file",
    "only-chrome",
    "undecodable-bytes",
    "wrong-language",
]


def copy_sources(source: Path, tmp_path: Path) -> Path:
    shutil.copytree(source / "sources", tmp_path / "sources")
    return tmp_path


def body_lines(text: str) -> list[str]:
    """Lines after the front matter and the `# title` line."""
    body = text.split("\n---\n", 1)[1]
    return [line for line in body.split("\n") if line and not line.startswith("# ")]


# ── Fixture scenarios: exact output / exact error ─────────────────────────────────────────────


@pytest.mark.parametrize("scenario", OK_SCENARIOS)
def test_scenario_output_is_exact(scenario, tmp_path, capsys):
    root = copy_sources(FIXTURES / scenario, tmp_path)
    assert normalize.main(["--root", str(root)]) == 1
    assert capsys.readouterr().out == (FIXTURES / scenario / "expected-stdout.txt").read_text(
        encoding="utf-8"
    )
    expected = sorted((FIXTURES / scenario / "expected").glob("*.md"))
    written = sorted((root / "sources" / "normalized").glob("*.md"))
    assert [p.name for p in written] == [p.name for p in expected]
    for want, have in zip(expected, written):
        assert have.read_text(encoding="utf-8") == want.read_text(encoding="utf-8")


@pytest.mark.parametrize("scenario", ERROR_SCENARIOS)
def test_scenario_error_is_exact(scenario, tmp_path, capsys):
    root = copy_sources(FIXTURES / scenario, tmp_path)
    assert normalize.main(["--root", str(root)]) == 2
    captured = capsys.readouterr()
    assert captured.err == (FIXTURES / scenario / "expected-stderr.txt").read_text(encoding="utf-8")
    assert captured.out == ""
    assert not (root / "sources" / "normalized").exists()


def test_bom_and_crlf_fixture_really_has_bom_crlf_and_nbsp():
    raw = (FIXTURES / "bom-and-crlf" / "sources" / "raw" / "fr-calm-caller.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and "\u00a0".encode() in raw


def test_undecodable_bytes_report_offset_and_never_replacement_characters():
    entry = {"id": "it-bad", "raw_file": "it-bad.txt", "language": "it", "origin": "test"}
    with pytest.raises(NormalizeError) as caught:
        normalize.normalize_source("Ciao\nperché\n".encode()[:-3] + b"\xe9\n", entry)
    assert caught.value.offset == 10 and caught.value.line == 2
    assert str(caught.value).startswith(
        "sources/raw/it-bad.txt:2: byte offset 10: byte 0xe9 is not valid UTF-8"
    )
    with pytest.raises(NormalizeError, match="U\\+FFFD replacement characters"):
        normalize.normalize_source("Titolo\n\nperch\ufffd no\n".encode("utf-8"), entry)


def test_manifest_errors_name_the_manifest_line(tmp_path):
    (tmp_path / "sources" / "raw").mkdir(parents=True)
    (tmp_path / "sources" / "sources.yml").write_text(
        "sources:\n  - id: it-a\n    raw_file: it-b.txt\n    language: it\n    origin: x\n", encoding="utf-8"
    )
    with pytest.raises(NormalizeError) as caught:
        normalize.load_manifest(tmp_path)
    assert str(caught.value) == (
        "sources/sources.yml:2: raw_file 'it-b.txt' does not match id 'it-a'. "
        "Fix: name the raw file it-a.txt in sources/raw/"
    )


# ── The real sources ──────────────────────────────────────────────────────────────────────────


def test_committed_normalized_files_are_what_normalize_writes_today():
    rendered = normalize.render_all(ROOT)
    assert sorted(p.name for p in rendered) == [f"{i}.md" for i in SOURCE_IDS]
    for path, text in rendered.items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run playbook normalize"


def test_normalize_is_deterministic_and_idempotent(tmp_path):
    first = normalize.render_all(ROOT)
    assert normalize.render_all(ROOT) == first
    root = copy_sources(ROOT, tmp_path)
    shutil.rmtree(root / "sources" / "normalized")
    assert len(normalize.write_all(root)) == len(SOURCE_IDS)
    assert normalize.write_all(root) == []
    assert normalize.main(["--root", str(root)]) == 0


def test_italian_article_comes_out_with_exactly_one_copy():
    text = (ROOT / "sources/normalized/it-difficult-customers.md").read_text(encoding="utf-8")
    for phrase in (
        "Inevitabilmente accadrà",
        "Non tenere lezioni.",
        "Se tutto il resto fallisce",
        "Sommario",
        "Piano per le contingenze",
        "solo a scopo informativo",
    ):
        assert text.count(phrase) == 1, phrase
    front = yaml.safe_load(text.split("---\n", 2)[1])
    repeats = [r for r in front["removed"] if r["category"] == "repeated-blocks"]
    assert [(r["count"], r["lines"], r["detail"]) for r in repeats] == [
        (24, "63-97", "24 blocks repeating raw lines 25-59"),
        (24, "101-135", "24 blocks repeating raw lines 25-59"),
    ]
    assert front["author"] == "Kristen Knight" and front["reviewed"] == "2017-09-07"
    assert len(front["cites"]) == 3 and front["cites"][0].startswith("Customer Service for Dummies")
    assert [r["block"] for r in front["restated"]] == ["it-difficult-customers.2", "it-difficult-customers.3"]


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_every_block_has_exactly_one_id_numbered_in_order(source_id):
    text = (ROOT / f"sources/normalized/{source_id}.md").read_text(encoding="utf-8")
    numbers = []
    for line in body_lines(text):
        matches = BLOCK_ID_RE.findall(line)
        assert len(matches) == 1, line
        assert re.match(r"^(## |(    )?(- |\d+\. ))?`\[", line), line  # the ID opens the block
        source, n = matches[0].rsplit(".", 1)
        assert source == source_id
        numbers.append(int(n))
    assert numbers == list(range(1, len(numbers) + 1))
    assert yaml.safe_load(text.split("---\n", 2)[1])["blocks"] == len(numbers)


CHROME_STRINGS = [
    "Chiudi",
    "Posta elettronica",
    "Iscriviti alle newsletter",
    "Compila",
    "I campi obbligatori",
    "Separa più destinatari",
    "Strumenti Utili",
    "Seleziona uno strumento",
    "©",
    "»",
    "articole similare",
    "Posted on",
    "Anonim",
    "Innhold",
    "stadier",
    "I denne artikkelen",
    "Forfatter:",
    "Opprettelsesdato",
    "Oppdater Dato",
    "Di Kristen Knight",
    "Fonte:",
    "Recensito il",
    "- Kunnskap",
    "spune:",
    "\u00a0",
    "•",
    "\r",
    "\ufeff",
]


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_no_chrome_string_survives(source_id):
    body = "\n".join(body_lines((ROOT / f"sources/normalized/{source_id}.md").read_text(encoding="utf-8")))
    assert [s for s in CHROME_STRINGS if s in body] == []
    assert not re.search(r"[ \t]$", body, re.MULTILINE)


def test_block_counts_and_markings():
    blocks = normalize.load_blocks(ROOT)
    counts = {i: sum(1 for b in blocks.values() if b.source == i) for i in SOURCE_IDS}
    assert counts == {
        "fi-difficult-customers": 9,
        "fr-escalated-confrontation": 41,
        "it-difficult-customers": 25,
        "nb-angry-caller": 36,
        "ro-complaint-handling": 44,
    }
    assert blocks["it-difficult-customers.25"].text.startswith(
        "**Disclaimer (publisher's notice, not advice):** Le informazioni fornite"
    )
    assert blocks["fr-escalated-confrontation.35"].text.startswith("**Client:** Je l'ai essayé")
    assert blocks["ro-complaint-handling.34"].text == "Reader comments"
    assert blocks["ro-complaint-handling.34"].kind == "heading"
    assert blocks["ro-complaint-handling.43"].text.startswith("**Svetlana L. (comment):** Tatiana!")
    assert all(
        b.text.startswith("**Tatiana, article author (comment):**")
        for n, b in blocks.items()
        if b.source == "ro-complaint-handling" and 35 <= b.n <= 42
    )


def test_load_blocks_locates_blocks_in_the_normalized_file():
    block = normalize.load_blocks(ROOT)["nb-angry-caller.4"]
    assert (block.source, block.n, block.path, block.kind) == (
        "nb-angry-caller",
        4,
        "sources/normalized/nb-angry-caller.md",
        "item",
    )
    assert block.text == "Forsøk å fokusere på pusten din ved å ta gode, rolige pust."
    line = (ROOT / block.path).read_text(encoding="utf-8").split("\n")[block.line - 1]
    assert line == "    - `[nb-angry-caller.4]` Forsøk å fokusere på pusten din ved å ta gode, rolige pust."


# ── Checks E181 / E182 ────────────────────────────────────────────────────────────────────────


def test_sources_stale_fires_when_a_normalized_file_is_edited(tmp_path):
    root = copy_sources(ROOT, tmp_path)
    project = SimpleNamespace(root=root)
    assert list(check_sources_stale(project)) == []
    path = root / "sources/normalized/fi-difficult-customers.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = lines.index("## `[fi-difficult-customers.2]` Kuunnella") + 1
    lines[number - 1] = "## `[fi-difficult-customers.2]` Kuuntele"
    path.write_text("\n".join(lines), encoding="utf-8")
    (root / "sources/normalized/xx-orphan.md").write_text("stray\n", encoding="utf-8")
    (root / "sources/normalized/nb-angry-caller.md").unlink()
    assert sorted(check_sources_stale(project)) == [
        Problem(
            "sources/normalized/fi-difficult-customers.md",
            number,
            "E181",
            "sources-stale",
            "sources/normalized/fi-difficult-customers.md differs from what normalize would write from "
            f"sources/raw/fi-difficult-customers.txt (first difference at line {number})",
            "run playbook normalize",
        ),
        Problem(
            "sources/normalized/nb-angry-caller.md",
            1,
            "E181",
            "sources-stale",
            "sources/normalized/nb-angry-caller.md is missing; normalize writes it from "
            "sources/raw/nb-angry-caller.txt",
            "run playbook normalize",
        ),
        Problem(
            "sources/normalized/xx-orphan.md",
            1,
            "E181",
            "sources-stale",
            "sources/normalized/xx-orphan.md is not produced by any source in sources/sources.yml "
            "(normalize deletes it)",
            "run playbook normalize",
        ),
    ]
    assert list(check_source_invalid(project)) == []
    assert normalize.main(["--root", str(root)]) == 1
    assert list(check_sources_stale(project)) == []
    assert not (root / "sources/normalized/xx-orphan.md").exists()


def test_source_invalid_reports_the_raw_file_and_line(tmp_path):
    root = copy_sources(ROOT, tmp_path)
    raw = root / "sources/raw/fi-difficult-customers.txt"
    raw.chmod(0o644)
    raw.write_bytes(raw.read_bytes().replace(b"Kuunnella", b"Kuunnella"[:-1] + b"\xe4"))
    project = SimpleNamespace(root=root)
    problems = list(check_source_invalid(project))
    assert problems == [
        Problem(
            "sources/raw/fi-difficult-customers.txt",
            5,
            "E182",
            "source-invalid",
            "byte offset 514: byte 0xe4 is not valid UTF-8 (invalid continuation byte)",
            "re-save the file as UTF-8 (it is probably Windows-1252/Latin-1); do not let the editor insert "
            "replacement characters",
        )
    ]
    assert list(check_sources_stale(project)) == []  # E182 covers it; no duplicate E181
