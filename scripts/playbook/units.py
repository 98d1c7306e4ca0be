"""What a reader sees on a page, cut into the units a translation follows one by one.

A page has a title (``# …``), a ``description:`` (its search snippet), an intro (between the title and
the first ``##``) and level-2 sections (rules on chapter pages; situations, glossary entries, home
and sources sections elsewhere). Each unit has a key that is the same in every locale — the section
id, or ``_title`` / ``_description`` / ``_intro`` — and a text whose hash says which English text a
translation was made from (see playbook.freshness), and whose blocks the language checks read.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from playbook.pages import Page, Section

TITLE, DESCRIPTION, INTRO = "_title", "_description", "_intro"
PAGE_KEYS = (TITLE, DESCRIPTION, INTRO)
HASH_LENGTH = 12
#: A unit whose text starts with this is a placeholder (written by new-rule / new-locale).
PLACEHOLDER_PREFIX = "TODO:"


@dataclass(frozen=True)
class Block:
    """One paragraph, list item or say/avoid phrase: the smallest piece a partial paste shows in."""

    line: int
    text: str  # its markdown, as written


@dataclass(frozen=True)
class Unit:
    key: str  # section id, or _title / _description / _intro
    kind: str  # "rule" | "section" | "title" | "description" | "intro"
    line: int  # where it starts in this locale's file
    title: str  # the heading text (sections, title); "" otherwise
    snapshot: str  # what a translator compares: "## Title\n\nbody\n" for sections
    body: str  # the prose the language checks read (dedented; the title for a title)
    blocks: tuple[Block, ...]
    section: Section | None = None

    @property
    def digest(self) -> str:
        return hashlib.sha256(normalize(self.snapshot).encode("utf-8")).hexdigest()[:HASH_LENGTH]

    @property
    def is_placeholder(self) -> bool:
        return self.body.lstrip().startswith(PLACEHOLDER_PREFIX)

    def label(self, stem: str) -> str:
        """How messages name it: "rule 'x'", "section 'y'", "the title of listen.md"."""
        if self.kind in ("rule", "section"):
            return f"{self.kind} '{self.key}'"
        return f"the {self.kind} of {stem}.md"

    def ref(self, stem: str) -> str:
        """How commands name it: the rule id, or ``<page>#<key>`` for everything else."""
        return self.key if self.kind == "rule" else f"{stem}#{self.key}"


MARKUP = re.compile(r"`[^`]*`|\]\([^)]*\)|\{[^}]*\}|[*_#>|!\[\]()\"“”«»„-]|https?://\S+")


@lru_cache(maxsize=16384)
def plain_words(markdown: str) -> str:
    """The prose of a markdown text: link targets, code, attributes and markup removed."""
    text = MARKUP.sub(" ", markdown)
    text = re.sub(r"^\s*(?:\d+\.|[-*+])\s", " ", text, flags=re.MULTILINE)
    text = re.sub(r"^\s*(?:!!!|\?\?\?\+?)\s+[\w-]+", " ", text, flags=re.MULTILINE)
    return " ".join(text.split())


def normalize(text: str) -> str:
    """Whitespace-insensitive form: re-wrapping or re-indenting a paragraph is not a change."""
    return " ".join(text.split())


def _blocks(page: Page, first: int, last: int) -> tuple[Block, ...]:
    """The page's paragraphs (list items and say/avoid phrases included) on lines first..last."""
    return tuple(Block(line, text) for line, text in page.paragraphs if first <= line <= last)


def section_unit(page: Page, section: Section) -> Unit:
    raw = page.text.split("\n")
    body = "\n".join(raw[section.line : section.end_line]).strip("\n")
    snapshot = f"## {section.title}\n\n{body}\n"
    return Unit(
        section.id or "",
        "rule" if section.is_rule else "section",
        section.line,
        section.title,
        snapshot,
        section.body,
        _blocks(page, section.line + 1, section.end_line),
        section,
    )


def page_units(page: Page) -> list[Unit]:
    """Every unit of the page in reading order: title, description, intro, then the sections."""
    units = []
    if page.title is not None:
        units.append(Unit(TITLE, "title", page.title_line, page.title, f"# {page.title}\n", page.title, ()))
    description = page.front_matter.get("description") if page.front_matter else None
    if isinstance(description, str) and description.strip():
        line = next(
            (i + 1 for i, text in enumerate(page.text.split("\n")) if text.startswith("description:")), 1
        )
        units.append(
            Unit(
                DESCRIPTION,
                "description",
                line,
                "",
                f"description: {description}\n",
                description,
                (Block(line, description),),
            )
        )
    if page.title_line:
        raw = page.text.split("\n")
        end = page.sections[0].line - 1 if page.sections else len(raw)
        intro_lines = raw[page.title_line : end]
        intro = "\n".join(intro_lines).strip("\n")
        if intro.strip():
            units.append(
                Unit(
                    INTRO,
                    "intro",
                    page.title_line + 1 + next(i for i, t in enumerate(intro_lines) if t.strip()),
                    "",
                    f"{intro}\n",
                    intro,
                    _blocks(page, page.title_line + 1, end),
                )
            )
    units += [section_unit(page, s) for s in page.sections if s.id]
    return units


def unit_map(page: Page | None) -> dict[str, Unit]:
    """The page's units by key, computed once per parsed page (pages are shared by text: see parse_page)."""
    if page is None:
        return {}
    cached = page.__dict__.get("_units")
    if cached is None:
        cached = page.__dict__["_units"] = {u.key: u for u in page_units(page)}
    return cached
