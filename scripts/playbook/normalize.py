"""``playbook normalize``: raw web articles → clean, deduplicated markdown with a visible ID per block.

The five sources were copied byte for byte from web pages, so they carry pop-up forms, bylines,
breadcrumbs, footers and (for the Italian page) three copies of the same article. Rules cite
*blocks* of the normalized text (``[nb-angry-caller.5]``), so the output must be stable, free of
noise, and say exactly what was dropped. Everything here is a pure function of the raw bytes and
``sources/sources.yml``; only :func:`write_all` and :func:`main` touch the disk.

Pipeline (one function each): decode → split into lines → drop chrome, lift metadata into the
front matter → classify lines into pieces → deduplicate → number → render markdown.

One raw line is one block: web copies put each paragraph, list item and dialogue line on a line of
its own, and chrome such as "Di Kristen Knight" sits directly under content without a blank line,
so joining consecutive lines would glue bylines onto advice.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from playbook.language_id import CANDIDATES
from playbook.yaml_lines import YamlError, line_of, load_with_lines

MANIFEST = "sources/sources.yml"
RAW_DIR = "sources/raw"
NORMALIZED_DIR = "sources/normalized"

#: The visible block ID, exactly as the checkers match it.
BLOCK_ID_RE = re.compile(r"`\[(?P<id>[a-z]{2}(?:-[a-z0-9]+)+\.\d+)\]`")
SOURCE_ID_RE = re.compile(r"[a-z]{2}(?:-[a-z0-9]+)+")

# ── Data tables ────────────────────────────────────────────────────────────────────────────────
# Chrome: whole lines that belong to the web page, not the article. Matched (fullmatch) against
# the line with surrounding whitespace and a leading bullet removed. Key "*" applies to every
# language. Each row: (category reported in `removed:`, regex, why it is chrome).
CHROME: dict[str, tuple[tuple[str, str, str], ...]] = {
    "*": (
        ("breadcrumb", r"(?:»\s*){2,}.*", "breadcrumb trail (» » » » page title) at the foot of the page"),
    ),
    "it": (
        ("close-button", r"Chiudi", "'Close' button of the page's pop-ups"),
        (
            "email-form",
            (
                r"Posta elettronica art|Compila il modulo per inviare un'e-mail all'articolo\.*"
                r"|Separa più destinatari con una virgola"
            ),
            "'e-mail this article' pop-up form",
        ),
        (
            "newsletter-form",
            r"Iscriviti alle newsletter|Compila questo modulo per iscriverti alla newsletter\.*",
            "newsletter sign-up pop-up form",
        ),
        (
            "required-fields-note",
            r"I campi obbligatori sono contrassegnati da un asterisco \(\*\) .*",
            "'required fields are marked with *' note of the pop-up forms",
        ),
        (
            "tools-footer",
            r"Strumenti Utili|Seleziona uno strumento di seguito",
            "'Useful tools' widget in the footer",
        ),
    ),
    "nb": (
        (
            "byline",
            r"Posted on|Anonim",
            "empty byline fields of the blog template ('Posted on', 'Anonymous')",
        ),
        ("table-of-contents", r"Innhold", "'Contents' label of the page's table of contents"),
        ("in-this-article", r"I denne artikkelen:.*", "'In this article:' list of the section titles"),
        ("steps-label", r"stadier", "'steps' label above the numbered parts"),
    ),
    "ro": (
        (
            "related-articles",
            r"articole similare",
            "'related articles' widget heading at the end of the page",
        ),
    ),
}

# Chrome at the end of a line that is otherwise kept ("… solo a scopo informativo. ©Carelon …").
# A line that is nothing but this chrome ("© 2024 Beacon Health Options, Inc.") is dropped.
SUFFIX_CHROME: dict[str, tuple[tuple[str, str, str], ...]] = {
    "*": (("copyright-notice", r"\s*©.*$", "site copyright notice"),),
}

# Metadata lines: facts about the article (author, dates, bibliography) lifted into the front
# matter. Each row: (front-matter key, regex with group `value`, value type: text | date | list).
METADATA: dict[str, tuple[tuple[str, str, str], ...]] = {
    "it": (
        ("reviewed", r"Recensito il (?P<value>.+)", "date"),  # "Reviewed on 7 September 2017"
        ("author", r"Di (?P<value>[A-Z][\w'-]+(?: [A-Z][\w'-]+){1,3})", "text"),  # "By Kristen Knight"
        ("cites", r"Fonte: (?P<value>.+)", "list"),  # "Source:" bibliography, not advice
    ),
    "nb": (
        ("author", r"Forfatter: (?P<value>.+)", "text"),  # "Author:"
        ("created", r"Opprettelsesdato: (?P<value>.+)", "date"),  # "Date created:"
        ("updated", r"Oppdater Dato: (?P<value>.+)", "date"),  # "Update date:"
    ),
}

# Month names for the dates above, so the front matter can carry ISO dates.
MONTHS: dict[str, tuple[str, ...]] = {
    "it": (
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ),
    "nb": (
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ),
}

# Section headings the generic rule (short line, no end punctuation) cannot see, because the
# translation turned them into sentences ("Regula 2. … ar trebui să-mi cer scuze.").
HEADINGS: dict[str, str] = {
    "fr": r"Étape \d+\s*:.*",  # "Step 1: …"
    "nb": r"Del \d+ .*",  # "Part 1 …"
    "ro": r"(?:Regula|Articolul) \d+[.:].*",  # "Rule 1: …" (one is mistranslated "Article 7")
}

# Dialogue lines of an example conversation: rendered with the speaker in bold.
DIALOGUE: dict[str, str] = {
    "fr": r"(?P<speaker>Client|Tu):\s+(?P<text>\S.*)",  # "Customer:" / "You:"
}

# A line that opens a reader comment; the line itself becomes the comment's author label.
COMMENT_MARKERS: dict[str, str] = {
    "ro": r"(?P<author>[A-ZĂÂÎȘȚ][\w.]*(?: [A-ZĂÂÎȘȚ][\w.]*)*) spune:",  # "Svetlana L. says:"
}

# Publisher notices kept as blocks (the sources page must report them) but labelled so nobody
# mistakes them for advice. Each row: (label, regex searched in the line).
NOTICES: dict[str, tuple[tuple[str, str], ...]] = {
    "it": (
        (
            "Disclaimer (publisher's notice, not advice)",
            r"^Le informazioni fornite .*solo a scopo informativo",
        ),
    ),
}

# Language detection candidates: shared with the checks (see playbook.language_id).
LANGUAGES = CANDIDATES

MANIFEST_KEYS = {"id", "raw_file", "language", "origin", "translation", "comments", "notes"}

LIST_RE = re.compile(r"(?P<indent> *)(?:(?P<bullet>[•*-])|(?P<number>\d{1,3})[.)])\s+(?P<text>\S.*)")
HEADING_END_PUNCTUATION = tuple('.!?:;,…"”“»')

COMMENTS_HEADING = "Reader comments"


class NormalizeError(ValueError):
    """A raw file or the manifest cannot be normalized; says where and how to fix it."""

    def __init__(self, path: str, line: int, problem: str, fix: str, offset: int | None = None):
        self.path, self.line, self.problem, self.fix, self.offset = path, line, problem, fix, offset
        super().__init__(f"{path}:{line}: {problem} Fix: {fix}")


# ── Data classes ───────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class CommentStart:
    """Where a reader comment begins, for comments the page does not mark (declared in the manifest)."""

    starts_with: str
    author: str


@dataclass(frozen=True)
class SourceEntry:
    """One source as declared in ``sources/sources.yml``."""

    id: str
    raw_file: str
    language: str
    origin: str
    translation: str = ""
    comments: tuple[CommentStart, ...] = ()
    notes: tuple[str, ...] = ()
    manifest_line: int = 1

    @property
    def raw_path(self) -> str:
        return f"{RAW_DIR}/{self.raw_file}"

    @property
    def normalized_path(self) -> str:
        return f"{NORMALIZED_DIR}/{self.id}.md"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], line: int = 1) -> SourceEntry:
        """Validate one manifest entry; errors point at its line in sources/sources.yml."""

        def fail(problem: str, fix: str) -> NormalizeError:
            return NormalizeError(MANIFEST, line, problem, fix)

        if not isinstance(data, Mapping):
            raise fail("a source entry must be a mapping.", "write `- id: …` with raw_file, language, origin")
        unknown = sorted(set(data) - MANIFEST_KEYS)
        if unknown:
            raise fail(
                f"unknown key(s) {', '.join(unknown)}.", f"use only: {', '.join(sorted(MANIFEST_KEYS))}"
            )
        missing = [key for key in ("id", "raw_file", "language", "origin") if not data.get(key)]
        if missing:
            raise fail(f"source entry is missing {', '.join(missing)}.", "add the missing key(s)")
        source_id, raw_file, language = str(data["id"]), str(data["raw_file"]), str(data["language"])
        if not SOURCE_ID_RE.fullmatch(source_id):
            raise fail(
                f"source id '{source_id}' is not lowercase kebab-case starting with a 2-letter language.",
                "rename it like `nb-angry-caller`",
            )
        if Path(raw_file).stem != source_id or "/" in raw_file:
            raise fail(
                f"raw_file '{raw_file}' does not match id '{source_id}'.",
                f"name the raw file {source_id}.txt in {RAW_DIR}/",
            )
        if language not in LANGUAGES:
            raise fail(f"language '{language}' is not one of {', '.join(LANGUAGES)}.", "use a supported code")
        if not source_id.startswith(language + "-"):
            raise fail(
                f"source id '{source_id}' does not start with its language '{language}-'.",
                "make the id prefix and `language:` agree",
            )
        comments = []
        for item in data.get("comments") or []:
            if not isinstance(item, Mapping) or not item.get("starts_with") or not item.get("author"):
                raise fail("each `comments:` item needs starts_with and author.", "add both keys")
            comments.append(CommentStart(str(item["starts_with"]), str(item["author"])))
        return cls(
            source_id,
            raw_file,
            language,
            str(data["origin"]).strip(),
            str(data.get("translation") or ""),
            tuple(comments),
            tuple(str(n) for n in data.get("notes") or ()),
            line,
        )


@dataclass
class Removal:
    """One category of removed text, with the raw lines it came from (for the report)."""

    category: str
    why: str
    lines: list[int] = field(default_factory=list)
    detail: str = ""
    count: int | None = None  # when not one per line (e.g. characters replaced)
    span: str = ""  # when a first-last range reads better than every line

    @property
    def total(self) -> int:
        return len(self.lines) if self.count is None else self.count

    @property
    def where(self) -> str:
        return self.span or _ranges(self.lines)

    def as_yaml(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"category": self.category, "count": self.total}
        if self.where:
            entry["lines"] = self.where
        entry["why"] = self.why
        if self.detail:
            entry["detail"] = self.detail
        return entry


@dataclass
class Piece:
    """One candidate block before numbering."""

    kind: str  # heading | paragraph | item | notice | dialogue
    text: str
    line: int  # 1-based line in the raw file (0 for blocks the normalizer adds)
    depth: int = 0  # list nesting
    number: int | None = None  # for numbered list items
    label: str = ""  # bold prefix: speaker, comment author, notice label
    comment: bool = False

    @property
    def key(self) -> tuple:
        return (self.kind, self.depth, self.label, self.text)


@dataclass(frozen=True)
class NormalizedSource:
    id: str
    path: str  # repo-relative path of the normalized file
    text: str  # the whole normalized file
    title: str
    metadata: dict[str, Any]
    removed: tuple[Removal, ...]
    restated: tuple[tuple[str, str], ...]
    block_count: int

    def report_lines(self) -> list[str]:
        """Human-readable dedup/removal report for stdout."""
        out = []
        for removal in self.removed:
            where = f" (raw lines {removal.where})" if removal.where else ""
            detail = f": {removal.detail}" if removal.detail else ""
            out.append(f"  removed {removal.category} ×{removal.total}{where}{detail}")
        for block, later in self.restated:
            out.append(f"  kept {block}: restates the opening of {later}")
        return out


@dataclass(frozen=True)
class Block:
    """A block of a normalized file, as cited by playbook.yml."""

    id: str
    source: str
    n: int
    path: str  # repo-relative
    line: int  # 1-based line in the normalized file
    text: str  # text after the ID (markdown, with labels such as **Client:**)
    kind: str = "paragraph"  # heading | item | paragraph


# ── Step 1: bytes → text ───────────────────────────────────────────────────────────────────────


def decode_raw(raw: bytes, path: str) -> tuple[str, Counter]:
    """Strict UTF-8 (a lossy decode would silently change what rules cite); BOM, CRLF and NBSP normalized."""
    fixes: Counter = Counter()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise NormalizeError(
            path,
            line,
            f"byte offset {err.start}: byte 0x{raw[err.start]:02x} is not valid UTF-8 ({err.reason}).",
            "re-save the file as UTF-8 (it is probably Windows-1252/Latin-1); do not let the editor insert "
            "replacement characters",
            offset=err.start,
        ) from None
    if "\ufffd" in text:
        index = text.index("\ufffd")
        line = text.count("\n", 0, index) + 1
        raise NormalizeError(
            path,
            line,
            "contains U+FFFD replacement characters: the text was damaged by an earlier lossy conversion.",
            "copy the article again from the original page",
            offset=len(text[:index].encode("utf-8")),
        )
    if text.startswith("\ufeff"):
        text = text[1:]
        fixes["byte-order-mark"] += 1
    fixes["crlf-line-ending"] += text.count("\r\n")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fixes["non-breaking-space"] += text.count("\u00a0")
    text = text.replace("\u00a0", " ")
    if not text.strip():
        raise NormalizeError(
            path,
            1,
            "the file is empty (nothing but whitespace).",
            "paste the article text into the file, or remove its entry from sources/sources.yml",
        )
    return text, fixes


# ── Step 2: lines → pieces ─────────────────────────────────────────────────────────────────────


def _rows(table: Mapping[str, tuple], language: str) -> tuple:
    return table.get("*", ()) + table.get(language, ())


def _match_chrome(content: str, language: str) -> tuple[str, str] | None:
    """(category, why) if the whole line is web chrome."""
    for category, pattern, why in _rows(CHROME, language):
        if re.fullmatch(pattern, content):
            return category, why
    return None


def _strip_suffix_chrome(content: str, language: str) -> tuple[str, tuple[str, str] | None]:
    for category, pattern, why in _rows(SUFFIX_CHROME, language):
        stripped = re.sub(pattern, "", content)
        if stripped != content:
            return stripped.rstrip(), (category, why)
    return content, None


def _parse_date(value: str, language: str, path: str, line: int) -> str:
    """'7 settembre 2017' → '2017-09-07', so dates compare and sort."""
    match = re.fullmatch(r"(\d{1,2})\.? +(\w+) +(\d{4})", value.strip())
    months = MONTHS.get(language, ())
    if match and match.group(2).lower() in months:
        day, month, year = int(match.group(1)), months.index(match.group(2).lower()) + 1, int(match.group(3))
        return f"{year:04d}-{month:02d}-{day:02d}"
    raise NormalizeError(
        path,
        line,
        f"cannot read the date '{value}'.",
        f"add the month name to MONTHS['{language}'] in scripts/playbook/normalize.py",
    )


def _is_heading(content: str, next_blank: bool, language: str) -> bool:
    """Short line without end punctuation followed by a blank line, or a language-specific pattern."""
    pattern = HEADINGS.get(language)
    if pattern and re.fullmatch(pattern, content):
        return True
    return (
        next_blank
        and len(content) <= 70
        and len(content.split()) <= 8
        and content[0].isupper()
        and not content.endswith(HEADING_END_PUNCTUATION)
    )


@dataclass
class _Parse:
    """Mutable state of one parse; kept private so the public functions stay pure."""

    title: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    removals: dict[str, Removal] = field(default_factory=dict)
    pieces: list[Piece] = field(default_factory=list)

    def remove(self, category: str, why: str, line: int, detail: str = "") -> None:
        removal = self.removals.setdefault(category, Removal(category, why, detail=detail))
        removal.lines.append(line)


def parse_lines(text: str, entry: SourceEntry) -> _Parse:
    """Drop chrome, lift metadata, and classify every remaining line as a piece."""
    state = _Parse()
    lines = [line.rstrip() for line in text.split("\n")]
    language, path = entry.language, entry.raw_path
    comment_starts = {c.starts_with: c for c in entry.comments}
    found_comment_starts: set[str] = set()
    comment_author = ""
    list_open = False  # previous kept piece is a list item (blank lines inside lists are common)

    for index, line in enumerate(lines):
        number = index + 1
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        content = re.sub(r"\s+", " ", line.strip())
        list_match = LIST_RE.fullmatch(line)
        bare = list_match.group("text") if list_match else content

        chrome = _match_chrome(bare, language)
        if chrome:
            state.remove(chrome[0], chrome[1], number)
            continue
        if state.title and (bare == state.title or bare.startswith(state.title + " - ")):
            state.remove(
                "repeated-title", "the page repeats the title (alone or as 'title - site name')", number
            )
            continue
        if _lift_metadata(state, bare, language, path, number):
            continue
        content, suffix = _strip_suffix_chrome(content, language)
        if suffix:
            state.remove(suffix[0], suffix[1], number)
            if not content:
                continue
            list_match = LIST_RE.fullmatch(" " * indent + content)
            bare = list_match.group("text") if list_match else content
        if not state.title:
            state.title = bare
            continue

        marker = re.fullmatch(COMMENT_MARKERS[language], bare) if language in COMMENT_MARKERS else None
        if marker:
            comment_author = marker.group("author")
            state.remove(
                "comment-byline", "'<name> says:' line; the name labels the comment's blocks", number
            )
            list_open = False
            continue
        for start, declared in comment_starts.items():
            if bare.startswith(start):
                comment_author = declared.author
                found_comment_starts.add(start)

        piece = _classify(bare, content, list_match, indent, list_open, lines, index, language)
        piece.line = number
        if comment_author:
            piece.comment = True
            piece.label = f"{comment_author} (comment)" + (f", {piece.label}" if piece.label else "")
        state.pieces.append(piece)
        list_open = piece.kind in ("item", "dialogue")

    for start in sorted(set(comment_starts) - found_comment_starts):
        raise NormalizeError(
            MANIFEST,
            entry.manifest_line,
            f"comment start '{start}' of {entry.id} does not begin any line of {path}.",
            "copy the first words of the comment exactly into `starts_with:`",
        )
    return state


def _lift_metadata(state: _Parse, bare: str, language: str, path: str, number: int) -> bool:
    """Move author/date/bibliography lines into the front matter; repeats must agree."""
    for key, pattern, kind in METADATA.get(language, ()):
        match = re.fullmatch(pattern, bare)
        if not match:
            continue
        raw_value = match.group("value").strip()
        if kind == "date":
            value: Any = _parse_date(raw_value, language, path, number)
        elif kind == "list":
            value = [part.strip().rstrip(".") for part in raw_value.split(";") if part.strip()]
        else:
            value = raw_value
        if key in state.metadata and state.metadata[key] != value:
            raise NormalizeError(
                path,
                number,
                f"'{key}' here differs from an earlier line: {value!r} vs {state.metadata[key]!r}.",
                "keep one version in the raw file, or declare the right one in the manifest notes",
            )
        state.metadata[key] = value
        state.remove(f"metadata-{key}", f"moved to the front matter as `{key}:`", number)
        return True
    return False


def _classify(
    bare: str,
    content: str,
    list_match: re.Match | None,
    indent: int,
    list_open: bool,
    lines: list[str],
    index: int,
    language: str,
) -> Piece:
    """Heading, list item, dialogue line, notice or paragraph."""
    if list_match:
        depth = 1 if indent >= 4 and list_open else 0
        number = int(list_match.group("number")) if list_match.group("number") else None
        return Piece("item", bare, 0, depth=depth, number=number)
    dialogue = re.fullmatch(DIALOGUE[language], content) if language in DIALOGUE else None
    if dialogue:
        return Piece(
            "dialogue",
            dialogue.group("text"),
            0,
            depth=1 if indent >= 4 and list_open else 0,
            label=dialogue.group("speaker"),
        )
    for label, pattern in NOTICES.get(language, ()):
        if re.search(pattern, content):
            return Piece("notice", content, 0, label=label)
    next_blank = index + 1 >= len(lines) or not lines[index + 1].strip()
    if indent == 0 and _is_heading(content, next_blank, language):
        return Piece("heading", content, 0)
    return Piece("paragraph", content, 0)


# ── Step 3: deduplicate ────────────────────────────────────────────────────────────────────────


def deduplicate(pieces: list[Piece]) -> tuple[list[Piece], list[Removal]]:
    """Keep the first occurrence of every block; report each run of repeats with what it repeats."""
    first_seen: dict[tuple, int] = {}
    kept: list[Piece] = []
    runs: list[list[tuple[Piece, Piece]]] = []
    previous_original = -2
    for position, piece in enumerate(pieces):
        original = first_seen.get(piece.key)
        if original is None:
            first_seen[piece.key] = position
            kept.append(piece)
            previous_original = -2
            continue
        if runs and original == previous_original + 1 and runs[-1][-1][0] is pieces[position - 1]:
            runs[-1].append((piece, pieces[original]))
        else:
            runs.append([(piece, pieces[original])])
        previous_original = original
    removals = []
    for run in runs:
        copies = [p.line for p, _ in run]
        first, last = run[0][1].line, run[-1][1].line
        span = f"{copies[0]}-{copies[-1]}" if len(run) > 1 else str(copies[0])
        what = "1 block" if len(run) == 1 else f"{len(run)} blocks"
        removals.append(
            Removal(
                "repeated-blocks",
                "a block or run of blocks repeated verbatim is kept once",
                copies,
                f"{what} repeating raw lines {first}-{last}"
                if len(run) > 1
                else f"{what} repeating raw line {first}",
                span=span,
            )
        )
    return kept, removals


# Decision on restating summaries (the Italian "Sommario" repeats the first words of two rules):
# they are not verbatim repeats, so deduplication keeps them, once, as their own section. Dropping
# them would hide that the page has a summary; keeping them costs one `omitted:` entry with a
# reason in playbook.yml. normalize reports each one under `restated:` in the front matter.
RESTATED_DECISION = "kept once in its own section; playbook.yml lists it under omitted: as a restatement"


def find_restatements(pieces: list[Piece], ids: list[str]) -> list[tuple[str, str]]:
    """Blocks whose whole text opens a longer block (a summary restating a rule); kept, but reported."""
    found = []
    for i, short in enumerate(pieces):
        if short.kind == "heading" or len(short.text) < 12:
            continue
        for j, long in enumerate(pieces):
            if (
                i != j
                and long.kind != "heading"
                and len(long.text) > len(short.text)
                and long.text.startswith(short.text + " ")
            ):
                found.append((ids[i], ids[j]))
                break
    return found


# ── Step 4: render ─────────────────────────────────────────────────────────────────────────────

_ESCAPE_RE = re.compile(r"([\\`*_\[\]<])")


def escape_markdown(text: str) -> str:
    """Raw text is prose, never markup: escape what markdown would interpret inline."""
    return _ESCAPE_RE.sub(r"\\\1", text)


def unescape_markdown(text: str) -> str:
    return re.sub(r"\\([\\`*_\[\]<])", r"\1", text)


def render_piece(piece: Piece, block_id: str) -> str:
    """One markdown line: list marker or heading marker, then the ID code span, then the text."""
    label = f"**{escape_markdown(piece.label)}:** " if piece.label else ""
    body = f"`[{block_id}]` {label}{escape_markdown(piece.text)}"
    if piece.kind == "heading":
        return f"## {body}"
    if piece.kind in ("item", "dialogue") and (piece.kind == "item" or piece.depth):
        marker = f"{piece.number}." if piece.number is not None else "-"
        return "    " * piece.depth + f"{marker} {body}"
    return body


def _list_family(piece: Piece) -> str | None:
    """Top-level list type, so a bullet list and a numbered list never merge."""
    if piece.kind == "item" or (piece.kind == "dialogue" and piece.depth):
        return "item" if piece.depth else ("numbered" if piece.number is not None else "bullet")
    return None


def render_body(pieces: list[Piece], ids: list[str]) -> str:
    """Blocks separated by blank lines; consecutive list items stay in one list."""
    out: list[str] = []
    previous_family: str | None = None
    for piece, block_id in zip(pieces, ids):
        family = _list_family(piece)
        same_list = (
            previous_family is not None
            and family is not None
            and (family == "item" or family == previous_family)
        )
        if out and not same_list:
            out.append("")
        out.append(render_piece(piece, block_id))
        if family in ("bullet", "numbered"):
            previous_family = family
        elif family is None:
            previous_family = None
    return "\n".join(out) + "\n"


def _ranges(numbers: list[int]) -> str:
    """[5, 6, 7, 15] → '5-7, 15'."""
    parts: list[str] = []
    for number in sorted(numbers):
        if parts and parts[-1][1] == number - 1:
            parts[-1] = (parts[-1][0], number)
        else:
            parts.append((number, number))
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in parts)


def _dump_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100_000, default_flow_style=False)


# ── Step 5: language check ─────────────────────────────────────────────────────────────────────


def detect_language(text: str) -> tuple[str, float]:
    """Language of the article body among the project's plausible languages (nb/no are one)."""
    from playbook.language_id import detect

    return detect(text, LANGUAGES)


# ── Public API ─────────────────────────────────────────────────────────────────────────────────


def normalize_source(raw_bytes: bytes, manifest_entry: SourceEntry | Mapping[str, Any]) -> NormalizedSource:
    """Turn one raw article into the normalized markdown file (pure: same input, same bytes out)."""
    entry = (
        manifest_entry
        if isinstance(manifest_entry, SourceEntry)
        else SourceEntry.from_mapping(manifest_entry)
    )
    path = entry.raw_path
    text, fixes = decode_raw(raw_bytes, path)
    state = parse_lines(text, entry)
    article = [p for p in state.pieces if not p.comment]
    if not article:
        dropped = sum(len(r.lines) for r in state.removals.values())
        title = f" and the title line '{state.title}'" if state.title else ""
        raise NormalizeError(
            path,
            1,
            f"the file is nothing but web chrome{title}: {dropped} line(s) removed "
            f"({', '.join(sorted(state.removals))}), no article text left.",
            "copy the article itself from the page, not only the page around it",
        )
    body = "\n".join(p.text for p in article)
    detected, confidence = detect_language(body)
    if detected != entry.language:
        raise NormalizeError(
            path,
            article[0].line,
            f"sources/sources.yml declares language '{entry.language}' for {entry.id}, but the "
            f"text reads as '{detected}' (py3langid, confidence {confidence:.2f}).",
            f"correct `language:` (and the id prefix) in {MANIFEST}, or put the "
            f"'{entry.language}' article in {path}",
        )

    pieces, repeats = deduplicate(state.pieces)
    pieces = _with_comments_heading(pieces)
    ids = [f"{entry.id}.{n}" for n in range(1, len(pieces) + 1)]
    restated = find_restatements(pieces, ids)

    removed = sorted(state.removals.values(), key=lambda r: (min(r.lines), r.category)) + repeats
    for category, count in sorted(fixes.items()):
        if count:
            removed.append(
                Removal(
                    category, "normalized (replaced by a plain space or newline, or dropped)", count=count
                )
            )
    front = _front_matter(entry, raw_bytes, state, len(pieces), removed, restated)
    document = f"---\n{front}---\n\n# {escape_markdown(state.title)}\n\n{render_body(pieces, ids)}"
    return NormalizedSource(
        entry.id,
        entry.normalized_path,
        document,
        state.title,
        dict(state.metadata),
        tuple(removed),
        tuple(restated),
        len(pieces),
    )


def _with_comments_heading(pieces: list[Piece]) -> list[Piece]:
    """Reader comments go under one added heading, so they are never read as the article."""
    for index, piece in enumerate(pieces):
        if piece.comment:
            return pieces[:index] + [Piece("heading", COMMENTS_HEADING, 0)] + pieces[index:]
    return pieces


def _front_matter(
    entry: SourceEntry,
    raw_bytes: bytes,
    state: _Parse,
    blocks: int,
    removed: list[Removal],
    restated: list[tuple[str, str]],
) -> str:
    data: dict[str, Any] = {"id": entry.id, "language": entry.language, "title": state.title}
    for key in ("author", "created", "updated", "reviewed"):
        if key in state.metadata:
            data[key] = state.metadata[key]
    data["origin"] = entry.origin
    if entry.translation:
        data["translation"] = entry.translation
    data["raw_file"] = entry.raw_path
    data["raw_sha256"] = hashlib.sha256(raw_bytes).hexdigest()
    data["blocks"] = blocks
    if "cites" in state.metadata:
        data["cites"] = state.metadata["cites"]
    if entry.comments or any(p.comment for p in state.pieces):
        data["comments"] = (
            f"reader comments follow the '{COMMENTS_HEADING}' heading; each block is labelled with its author"
        )
    if entry.notes:
        data["notes"] = list(entry.notes)
    data["removed"] = [r.as_yaml() for r in removed]
    if restated:
        data["restated"] = [
            {"block": short, "restates_opening_of": long, "kept": RESTATED_DECISION}
            for short, long in restated
        ]
    header = (
        f"# Generated by `playbook normalize` from {entry.raw_path} and {MANIFEST}. Do not edit:\n"
        f"# change those (or scripts/playbook/normalize.py) and run `playbook normalize`.\n"
    )
    return header + _dump_yaml(data)


def load_manifest(root: Path) -> list[SourceEntry]:
    """Read and validate sources/sources.yml (ids unique, raw files present)."""
    path = Path(root) / MANIFEST
    if not path.exists():
        raise NormalizeError(
            MANIFEST, 1, "the source manifest is missing.", f"create {MANIFEST} (see CONTRIBUTING.md)"
        )
    try:
        data, node = load_with_lines(path.read_text(encoding="utf-8"))
    except YamlError as err:
        raise NormalizeError(MANIFEST, err.line, err.message + ".", "fix the YAML syntax") from None
    if not isinstance(data, Mapping) or not isinstance(data.get("sources"), list):
        raise NormalizeError(MANIFEST, 1, "expected a top-level `sources:` list.", "see CONTRIBUTING.md")
    entries: list[SourceEntry] = []
    for index, item in enumerate(data["sources"]):
        line = line_of(node, ["sources", index])
        entry = SourceEntry.from_mapping(item, line)
        if any(e.id == entry.id for e in entries):
            raise NormalizeError(
                MANIFEST, line, f"source id '{entry.id}' is declared twice.", "remove one entry"
            )
        if not (Path(root) / entry.raw_path).is_file():
            raise NormalizeError(
                MANIFEST,
                line,
                f"raw file {entry.raw_path} does not exist.",
                f"copy the article to {entry.raw_path} or fix `raw_file:`",
            )
        entries.append(entry)
    return entries


def normalize_entry(root: Path, entry: SourceEntry) -> NormalizedSource:
    return normalize_source((Path(root) / entry.raw_path).read_bytes(), entry)


def render_all(root: Path) -> dict[Path, str]:
    """What normalize would write today: absolute path → file text. Raises NormalizeError."""
    root = Path(root)
    return {root / entry.normalized_path: normalize_entry(root, entry).text for entry in load_manifest(root)}


def stale_files(root: Path) -> list[Path]:
    """Normalized files that no declared source produces (they would be deleted)."""
    root = Path(root)
    declared = {root / e.normalized_path for e in load_manifest(root)}
    folder = root / NORMALIZED_DIR
    return sorted(p for p in folder.glob("*.md") if p not in declared) if folder.is_dir() else []


def write_all(root: Path) -> list[Path]:
    """Write every normalized file, delete undeclared ones; return the paths that changed."""
    root = Path(root)
    rendered = render_all(root)
    changed: list[Path] = []
    for path, text in rendered.items():
        if not path.exists() or path.read_bytes() != text.encode("utf-8"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            changed.append(path)
    for path in stale_files(root):
        path.unlink()
        changed.append(path)
    return changed


def load_blocks(root: Path) -> dict[str, Block]:
    """Blocks of the normalized files on disk (not the raw files), so citations can be located.

    A line carries at most one block: its first ID code span. If an edited file repeats an ID, the
    first occurrence wins (``playbook check`` reports the edit as E181 anyway).
    """
    root = Path(root)
    blocks: dict[str, Block] = {}
    folder = root / NORMALIZED_DIR
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        lines = path.read_text(encoding="utf-8").split("\n")
        start = _body_start(lines)
        for number, line in enumerate(lines[start:], start=start + 1):
            match = BLOCK_ID_RE.search(line)
            if not match:
                continue
            block_id = match.group("id")
            source, n = block_id.rsplit(".", 1)
            prefix = line[: match.start()].strip()
            kind = "heading" if prefix.startswith("#") else "item" if prefix else "paragraph"
            text = unescape_markdown(line[match.end() :].strip())
            blocks.setdefault(block_id, Block(block_id, source, int(n), rel, number, text, kind))
    return blocks


def _body_start(lines: list[str]) -> int:
    """Index of the first line after the YAML front matter."""
    if lines and lines[0] == "---":
        for index in range(1, len(lines)):
            if lines[index] == "---":
                return index + 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """``playbook normalize``: write the files; exit 1 if any changed (pre-commit/CI), 2 on bad input."""
    import argparse

    parser = argparse.ArgumentParser(prog="playbook normalize", description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    try:
        entries = load_manifest(root)
        results = [normalize_entry(root, entry) for entry in entries]
        changed = write_all(root)
    except NormalizeError as err:
        print(f"playbook normalize: {err}", file=sys.stderr)
        return 2
    changed_rel = {p.relative_to(root).as_posix() for p in changed}
    for result in results:
        status = "updated" if result.path in changed_rel else "unchanged"
        print(f"{result.path}: {result.block_count} blocks, {status}")
        for line in result.report_lines():
            print(line)
    for rel in sorted(changed_rel - {r.path for r in results}):
        print(f"{rel}: deleted (no source in {MANIFEST} produces it)")
    if changed:
        print(f"playbook normalize: {len(changed)} file(s) changed; review and commit them.")
        return 1
    print("playbook normalize: everything up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
