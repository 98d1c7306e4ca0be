"""Per-rule translation freshness: which translated rules were made from an older ``en`` text.

Every non-``en`` page records, in its front matter, the hash of the ``en`` rule text each of its
rules was translated from (``translated_from: {rule-id: hash}``). When the ``en`` text changes, its
hash changes, and the rule is *outdated* in every locale that recorded the old hash — per rule, not
per page, so one edited rule never makes a whole chapter look stale.

The hash covers the rule's title and body with whitespace collapsed, so re-wrapping a paragraph
is not a change; the rule id is left out, so ``playbook rename-rule`` alone changes nothing.
The ``en`` text each hash stands for is kept in ``translations/en-snapshots/<hash>.md``
(content-addressed, committed) so ``playbook diff`` can show a translator what changed.

Commands: ``playbook status``, ``playbook diff``, ``playbook mark-translated``.
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from playbook.pages import Page, Section, parse_page
from playbook.project import Project
from playbook.units import (
    PAGE_KEYS,
    PLACEHOLDER_PREFIX,
    Unit,
    plain_words,
    section_unit,
    unit_map,
)

SNAPSHOT_DIR = "translations/en-snapshots"
FRONT_MATTER_KEY = "translated_from"
PLACEHOLDER_EN = "TODO: write this rule."
PLACEHOLDER_TRANSLATION = "TODO: translate this rule."
MIN_WORDS_IDENTICAL = 4  # fewer identical words may be a word both languages share

# States of one unit in one locale, in the order `playbook status` shows them. "untranslated": a
# placeholder, the English text itself, or absent: readers get the English text (a fallback).
CURRENT, OUTDATED, UNTRACKED, MISSING = "up to date", "outdated", "untracked", "untranslated"
STATES = (CURRENT, OUTDATED, UNTRACKED, MISSING)


# ── Hashing (rules keep the hash they always had: see playbook.units) ───────────────────────────
def section_lines(page: Page, section: Section) -> list[str]:
    """The raw source lines of a section's body (admonition markers kept, unlike Section.body)."""
    return page.text.split("\n")[section.line : section.end_line]


def snapshot_text(page: Page, section: Section) -> str:
    """The rule as a translator reads it: ``## Title`` and the raw body, without the id attributes."""
    return section_unit(page, section).snapshot


def rule_hash(page: Page, section: Section) -> str:
    return section_unit(page, section).digest


def is_placeholder(section: Section) -> bool:
    return section.body.lstrip().startswith(PLACEHOLDER_PREFIX)


def is_untranslated(unit: Unit, original: Unit, recorded: bool = False) -> bool:
    """A translation that is still English: a placeholder, or the English words unchanged. A short
    text (under four words, e.g. the title 'Sources') may well be the same word in the other
    language: it counts as translated once a translator has recorded it (mark-translated)."""
    if unit.is_placeholder:
        return True
    words = plain_words(unit.body)
    if words != plain_words(original.body):
        return False
    return len(words.split()) >= MIN_WORDS_IDENTICAL or not recorded


# ── State of every (locale, page unit) ─────────────────────────────────────────────────────────
@dataclass(frozen=True)
class UnitState:
    locale: str
    key: str  # the unit key: rule or section id, _title, _description, _intro
    stem: str  # page file stem
    state: str
    path: str  # repo-relative page path in this locale
    line: int  # the unit in this locale (1 when it is absent)
    recorded: str | None = None  # hash in this page's translated_from
    current: str | None = None  # hash of the pivot's text now
    placeholder: bool = False
    kind: str = "rule"

    @property
    def rule(self) -> str:
        return self.key

    @property
    def chapter(self) -> str:
        return self.stem

    @property
    def ref(self) -> str:
        """How commands name the unit: a rule id, or <page>#<key>."""
        return self.key if self.kind == "rule" else f"{self.stem}#{self.key}"

    @property
    def label(self) -> str:
        if self.kind in ("rule", "section"):
            return f"{self.kind} '{self.key}'"
        return f"the {self.kind} of {self.stem}.md"

    @property
    def fallback(self) -> bool:
        """Readers of this locale get the pivot's text (under a 'not translated yet' notice)."""
        return self.state == MISSING and self.current is not None


RuleState = UnitState  # the name the binder code knows


def recorded_hashes(page: Page) -> dict[str, str]:
    data = page.front_matter.get(FRONT_MATTER_KEY) if page.front_matter else None
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def unit_states(
    project: Project, locales: list[str] | None = None, stem: str | None = None
) -> list[UnitState]:
    """The freshness of every unit of every registered page in every locale (the pivot included:
    written, or a placeholder). Chapter rules follow the registry, so a rule absent from a page
    is listed too (MISSING, line 1). Computed once per Project (the checks share it)."""
    cache = project.__dict__.setdefault("_unit_states", {})
    key = (tuple(locales) if locales else None, stem)
    if key not in cache:
        cache[key] = _unit_states(project, locales, stem)
    return cache[key]


def _unit_states(project: Project, locales: list[str] | None, stem: str | None) -> list[UnitState]:
    pivot = project.default_locale
    states: list[UnitState] = []
    rules = project.registry.rules
    for page_stem in project.registry.page_stems:
        if stem is not None and page_stem != stem:
            continue
        reference = project.page(pivot, page_stem)
        originals = unit_map(reference)
        chapter = project.registry.chapter(page_stem)
        for locale in locales or project.locales:
            page = project.page(locale, page_stem)
            path = project.rel(project.page_path(locale, page_stem))
            recorded = recorded_hashes(page) if page and locale != pivot else {}
            units = unit_map(page)
            keys = list(originals)
            if chapter is not None:  # registered rules absent from the pivot page still count
                keys += [r.id for r in chapter.rules if r.id not in originals]
            for key in keys:
                unit, original = units.get(key), originals.get(key)
                kind = "rule" if key in rules else (unit or original).kind
                if key in rules and rules[key].chapter != page_stem:
                    continue  # a rule on the wrong page: E132
                if unit is None or (unit.kind == "section" and key in rules):
                    shown = (
                        original.digest
                        if original and not original.is_placeholder and locale != pivot
                        else None
                    )
                    states.append(
                        UnitState(locale, key, page_stem, MISSING, path, 1, current=shown, kind=kind)
                    )
                    continue
                if original is None or original.is_placeholder:
                    placeholder = unit.is_placeholder
                    states.append(
                        UnitState(
                            locale,
                            key,
                            page_stem,
                            MISSING,
                            path,
                            unit.line,
                            placeholder=placeholder,
                            kind=kind,
                        )
                    )
                    continue
                now = original.digest
                if locale == pivot:
                    states.append(
                        UnitState(locale, key, page_stem, CURRENT, path, unit.line, current=now, kind=kind)
                    )
                    continue
                had = recorded.get(key)
                if is_untranslated(unit, original, had is not None):
                    state = MISSING
                else:
                    state = UNTRACKED if had is None else CURRENT if had == now else OUTDATED
                states.append(
                    UnitState(
                        locale, key, page_stem, state, path, unit.line, had, now, unit.is_placeholder, kind
                    )
                )
    return states


def rule_states(
    project: Project, locales: list[str] | None = None, chapter_id: str | None = None
) -> list[UnitState]:
    """The states of the chapters' rules only (see unit_states)."""
    return [s for s in unit_states(project, locales, chapter_id) if s.kind == "rule"]


def stale_records(project: Project) -> list[tuple[Page, str]]:
    """translated_from keys that name no unit of their page (left behind by a move or deletion)."""
    found = []
    pivot = project.default_locale
    for stem in project.registry.page_stems:
        keys = set(unit_map(project.page(pivot, stem)))
        chapter = project.registry.chapter(stem)
        keys |= {r.id for r in chapter.rules} if chapter else set()
        for locale in project.locales:
            page = project.page(locale, stem) if locale != pivot else None
            if page:
                found += [(page, key) for key in recorded_hashes(page) if key not in keys]
    return found


# ── Front matter: rewrite only the translated_from block ───────────────────────────────────────
def set_translated_from(text: str, mapping: dict[str, str]) -> str:
    """Return ``text`` with its ``translated_from`` block replaced by ``mapping`` (in the given order).

    Everything else in the file stays byte for byte: the other front-matter keys, their comments,
    and the page body. An empty mapping removes the block.
    """
    block = [f"{FRONT_MATTER_KEY}:"] + [f'  {key}: "{value}"' for key, value in mapping.items()]
    if not mapping:
        block = []
    lines = text.split("\n")
    if lines and lines[0].rstrip() == "---":
        close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in {"---", "..."}), None)
        if close is not None:
            start = next((i for i in range(1, close) if re.match(rf"{FRONT_MATTER_KEY}\s*:", lines[i])), None)
            if start is None:
                new = lines[:close] + block + lines[close:]
            else:
                end = start + 1
                while end < close and (
                    lines[end].startswith((" ", "\t"))
                    or (not lines[end].strip() and end + 1 < close and lines[end + 1].startswith((" ", "\t")))
                ):
                    end += 1
                new = lines[:start] + block + lines[end:]
            return "\n".join(new)
    if not mapping:
        return text
    return "\n".join(["---", *block, "---"]) + "\n" + text


def ordered(project: Project, stem: str, mapping: dict[str, str]) -> dict[str, str]:
    """Keys in the pivot page's reading order (then registry order), so the block reads like the
    page and diffs stay small."""
    order = [*PAGE_KEYS, *unit_map(project.page(project.default_locale, stem))]
    chapter = project.registry.chapter(stem)
    order += [r.id for r in chapter.rules] if chapter else []
    return {key: mapping[key] for key in dict.fromkeys(order) if key in mapping}


# ── Snapshot store ──────────────────────────────────────────────────────────────────────────────
def snapshot_path(root: Path, digest: str) -> Path:
    return root / SNAPSHOT_DIR / f"{digest}.md"


def write_snapshot(root: Path, digest: str, text: str) -> None:
    path = snapshot_path(root, digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def prune_snapshots(project: Project) -> list[str]:
    """Delete snapshots no page records any more; return their names."""
    folder = project.root / SNAPSHOT_DIR
    if not folder.is_dir():
        return []
    wanted = set()
    for locale in project.locales:
        for stem in project.page_stems_on_disk(locale):
            page = project.page(locale, stem)
            if page:
                wanted.update(recorded_hashes(page).values())
    removed = []
    for path in sorted(folder.glob("*.md")):
        if path.stem not in wanted:
            path.unlink()
            removed.append(path.name)
    return removed


def en_history(project: Project, stem: str) -> list[tuple[str, Page]]:
    """(commit, pivot page) for each committed version of the pivot page, newest first ([] without git)."""
    rel = project.rel(project.page_path(project.default_locale, stem))
    try:
        commits = subprocess.run(
            ["git", "log", "--format=%H", "--", rel],
            cwd=project.root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return []
    versions = []
    for commit in commits:
        shown = subprocess.run(
            ["git", "show", f"{commit}:{rel}"], check=False, cwd=project.root, capture_output=True, text=True
        )
        if shown.returncode == 0:
            versions.append((commit, _parse_text(shown.stdout, project.default_locale, stem)))
    return versions


def old_en_text(project: Project, stem: str, key: str, digest: str) -> str | None:
    """The pivot text a hash stands for: the snapshot store first, then the history of the pivot page."""
    path = snapshot_path(project.root, digest)
    if path.exists():
        return path.read_text("utf-8")
    for _, page in en_history(project, stem):
        unit = unit_map(page).get(key)
        if unit is not None and unit.digest == digest:
            return unit.snapshot
    return None


def _parse_text(text: str, locale: str, stem: str) -> Page:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs" / locale / f"{stem}.md"
        path.parent.mkdir(parents=True)
        path.write_text(text, "utf-8")
        return parse_page(Path(tmp), path, locale)


# ── Recording hashes ────────────────────────────────────────────────────────────────────────────
def record(project: Project, locale: str, stem: str, updates: dict[str, str | None]) -> bool:
    """Set (hash) or drop (None) translated_from entries of one page; keys of absent units are dropped.

    Returns True when the file changed. Writes the pivot snapshot of every hash it records.
    """
    page = project.page(locale, stem)
    if page is None:
        return False
    mapping = recorded_hashes(page)
    on_page = set(unit_map(page))
    for key, value in updates.items():
        if value is None:
            mapping.pop(key, None)
        else:
            mapping[key] = value
    mapping = ordered(project, stem, {k: v for k, v in mapping.items() if k in on_page})
    originals = unit_map(project.page(project.default_locale, stem))
    for key, value in mapping.items():
        original = originals.get(key)
        if original is not None and original.digest == value:
            write_snapshot(project.root, value, original.snapshot)
    text = set_translated_from(page.text, mapping)
    if text == page.text:
        return False
    project.page_path(locale, stem).write_text(text, "utf-8")
    project._pages.pop((locale, stem), None)
    project.__dict__.pop("_unit_states", None)
    return True


def select(project: Project, refs: list[str]) -> tuple[set[tuple[str, str]], list[str]]:
    """(stem, key) pairs named by ``refs`` — a rule id, a page stem (all its units), or
    ``<page>#<key>`` — and the refs that name nothing."""
    rules = project.registry.rules
    stems = project.registry.page_stems
    pivot = project.default_locale
    chosen: set[tuple[str, str]] = set()
    unknown = []
    for ref in refs:
        stem, _, key = ref.partition("#")
        if not key and ref in rules:
            chosen.add((rules[ref].chapter, ref))
        elif not key and ref in stems:
            chosen |= {(ref, k) for k in unit_map(project.page(pivot, ref))}
        elif key and stem in stems and key in unit_map(project.page(pivot, stem)):
            chosen.add((stem, key))
        else:
            unknown.append(ref)
    return chosen, unknown


def mark_translated(
    project: Project, locale: str, refs: list[str] | None, include_outdated: bool = False
) -> tuple[list[str], list[str]]:
    """Record the current pivot hash for the named units (None: every untracked unit, and the
    outdated ones too with ``include_outdated``) of one locale.

    Returns (marked, skipped-with-reason) lines for the user.
    """
    marked, skipped = [], []
    wanted = select(project, refs)[0] if refs is not None else None
    by_page: dict[str, dict[str, str | None]] = {}
    for state in unit_states(project, [locale]):
        if wanted is not None and (state.stem, state.key) not in wanted:
            continue
        if state.state == MISSING and wanted is not None and _same_short_word(project, state):
            pass  # "Sources" is French too: the translator says so by naming it
        elif state.state == MISSING:
            if wanted is not None:
                reason = (
                    "placeholder, translate it first"
                    if state.placeholder
                    else "still the English text, translate it first"
                    if state.current
                    else "not written in this locale or in the pivot"
                )
                skipped.append(f"{state.ref}: {reason}")
            continue
        if wanted is None and state.state == OUTDATED and not include_outdated:
            continue  # an outdated translation needs a translator, not a flag: see --include-outdated
        by_page.setdefault(state.stem, {})[state.key] = state.current
        if state.state != CURRENT:
            marked.append(f"{state.path}:{state.line}: {state.ref} ({state.state} → up to date)")
    for stem, updates in by_page.items():
        record(project, locale, stem, updates)
    if wanted is None:  # also clear stale keys on pages with nothing to mark
        for stem in project.registry.page_stems:
            if stem not in by_page:
                record(project, locale, stem, {})
    return marked, skipped


def _same_short_word(project: Project, state: UnitState) -> bool:
    unit = unit_map(project.page(state.locale, state.stem)).get(state.key)
    return (
        unit is not None
        and not unit.is_placeholder
        and state.current is not None
        and len(plain_words(unit.body).split()) < MIN_WORDS_IDENTICAL
    )


def previous_en_digest(project: Project, stem: str, key: str, current: str) -> str | None:
    """The hash of the pivot unit just before its current text: at HEAD when the working tree
    differs, else at the newest commit where it was different. None without history."""
    for _, page in en_history(project, stem):
        unit = unit_map(page).get(key)
        if unit is not None and unit.digest != current:
            return unit.digest
    return None


@dataclass
class MinorResult:
    changed: list[str]
    refused: list[str]  # one block of text per locale that was already behind


def mark_minor(project: Project, ref: str) -> MinorResult:
    """A pivot edit that needs no re-translation (a typo fix): forgive exactly that edit.

    A locale is brought up to date only if it followed the pivot text from just before the edit
    (git history; without it, the text every outdated locale recorded alike). A locale that was
    already behind keeps its debt: it is refused, with the diff it would have hidden.
    """
    chosen, _ = select(project, [ref])
    states = [
        s for s in unit_states(project) if (s.stem, s.key) in chosen and s.locale != project.default_locale
    ]
    result = MinorResult([], [])
    by_unit: dict[tuple[str, str], list[UnitState]] = {}
    for state in states:
        if state.state == OUTDATED:
            by_unit.setdefault((state.stem, state.key), []).append(state)
    for (stem, key), outdated in by_unit.items():
        current = outdated[0].current
        previous = previous_en_digest(project, stem, key, current)
        if previous is None:
            recorded = {s.recorded for s in outdated}
            previous = recorded.pop() if len(recorded) == 1 else None
        for state in outdated:
            if previous is not None and state.recorded == previous:
                record(project, state.locale, stem, {key: state.current})
                result.changed.append(f"{state.path}:{state.line}: {state.ref} (outdated → up to date)")
                continue
            old = old_en_text(project, stem, key, state.recorded) if state.recorded else None
            before = old_en_text(project, stem, key, previous) if previous else None
            hidden = "".join(
                difflib.unified_diff(
                    (old or "").splitlines(keepends=True),
                    (before or "").splitlines(keepends=True),
                    fromfile=f"{project.default_locale} when {state.locale} was translated ({state.recorded})",
                    tofile=f"{project.default_locale} before this edit ({previous or 'unknown'})",
                )
            )
            hidden = hidden or "(no recorded text to compare)\n"
            result.refused.append(
                f"{state.path}:{state.line}: {state.ref}: not marked — {state.locale} was already behind "
                f"before this edit; --minor would hide this change:\n{hidden}"
                f"translate it, then run: playbook mark-translated {state.locale} {state.ref}"
            )
    return result


# ── Reader notes (site and binder): see playbook.reader ────────────────────────────────────────
def annotate_markdown(
    root: Path, src_uri: str, page_url: str, markdown: str, site_url: str | None = None
) -> str:
    from playbook.reader import annotate_markdown as annotate

    return annotate(root, src_uri, page_url, markdown, site_url)


# ── Commands ────────────────────────────────────────────────────────────────────────────────────
def status_rows(project: Project, locales: list[str]) -> list[tuple[str, dict[str, int]]]:
    counts = {locale: dict.fromkeys(STATES, 0) for locale in locales}
    for state in unit_states(project, locales):
        counts[state.locale][state.state] += 1
    return [(locale, counts[locale]) for locale in locales]


def to_look_at(project: Project, locales: list[str]) -> list[UnitState]:
    return [s for s in unit_states(project, locales) if s.state in (OUTDATED, UNTRACKED, MISSING)]


def format_status(project: Project, markdown: bool, locales: list[str] | None = None) -> str:
    locales = locales or project.locales
    rows = status_rows(project, locales)
    states = to_look_at(project, locales)
    pivot = project.default_locale

    def cells(locale: str, counts: dict[str, int]) -> list[str]:
        return [str(counts[s]) if locale != pivot or s in (CURRENT, MISSING) else "–" for s in STATES]

    lines = []
    if markdown:
        lines.append("| locale | " + " | ".join(STATES) + " |")
        lines.append("|---|" + "---:|" * len(STATES))
        for locale, counts in rows:
            lines.append(f"| {locale} | " + " | ".join(cells(locale, counts)) + " |")
        if states:
            lines.append("")
            lines.append("<details><summary>Parts to look at</summary>\n")
            for s in states:
                lines.append(f"- `{s.locale}` `{s.ref}` ({s.stem}): {s.state}")
            lines.append("\n</details>")
        return "\n".join(lines) + "\n"
    width = max(len(s) for s in STATES)
    lines.append("locale  " + "  ".join(s.rjust(width) for s in STATES))
    for locale, counts in rows:
        lines.append(f"{locale:<6}  " + "  ".join(c.rjust(width) for c in cells(locale, counts)))
    for s in states:
        lines.append(f"{s.path}:{s.line}: {s.ref}: {s.state}")
    outdated = [s for s in states if s.state == OUTDATED]
    if outdated:
        lines.append("")
        lines.append(
            "Outdated: `playbook diff <locale>` shows every change to translate; an English typo fix "
            "only: playbook mark-translated --minor <rule>"
        )
    return "\n".join(lines) + "\n"


def _locale_argument(parser: argparse.ArgumentParser, project: Project, value: str | None) -> list[str]:
    """[value] when it is a locale; a clear error (with 'did you mean') when it is not."""
    from playbook.suggest import did_you_mean

    if value is None:
        return list(project.locales)
    if value in project.locales:
        return [value]
    if value in project.registry.rules or value in project.registry.page_stems:
        parser.error(
            f"'{value}' is a rule or page, not a locale: put the locale first (one of: {', '.join(project.locales)})"
        )
    parser.error(
        f"unknown locale '{value}' (one of: {', '.join(project.locales)})"
        + did_you_mean(value, project.locales, "; did you mean '{}'?")
    )
    return []


def status_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="playbook status",
        description="per locale: parts up to date / outdated / untracked / untranslated (every rule, "
        "section, page title, intro and description)",
        epilog="example: playbook status fi",
    )
    parser.add_argument("locale", nargs="?", help="only this locale")
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    parser.add_argument("--markdown", action="store_true", help="a table for a pull-request comment")
    args = parser.parse_args(argv)
    project = Project(args.root)
    locales = _locale_argument(parser, project, args.locale)
    sys.stdout.write(format_status(project, args.markdown, locales))
    return 0


def _unit_diff(project: Project, state: UnitState) -> tuple[int, str]:
    """(exit status, text) of what changed in the pivot since ``state`` was translated."""
    pivot = project.default_locale
    original = unit_map(project.page(pivot, state.stem)).get(state.key)
    if state.state == CURRENT:
        return 0, f"{state.path}:{state.line}: {state.ref} is up to date with {pivot}: nothing changed\n"
    if state.state != OUTDATED or original is None:
        return 1, (
            f"{state.path}:{state.line}: {state.ref} is {state.state}: there is no recorded {pivot} text "
            f"to compare with; compare it with docs/{pivot}/{state.stem}.md#{state.key} by hand\n"
        )
    old = old_en_text(project, state.stem, state.key, state.recorded)
    if old is None:
        return 1, (
            f"{state.path}:{state.line}: {state.ref}: the {pivot} text with hash {state.recorded} is neither in "
            f"{SNAPSHOT_DIR}/ nor in git history; compare with docs/{pivot}/{state.stem}.md#{state.key} by hand\n"
        )
    offset = original.line - 1 if original.kind in ("rule", "section") else 0
    diff = difflib.unified_diff(
        old.splitlines(keepends=True),
        original.snapshot.splitlines(keepends=True),
        fromfile=f"{pivot} when translated ({state.recorded})",
        tofile=f"docs/{pivot}/{state.stem}.md now ({state.current})",
        n=3,
    )
    text = "".join(_shift_hunks(diff, offset))
    return (
        0,
        text
        + f"\nUpdate {state.path}:{state.line}, then run: playbook mark-translated {state.locale} {state.ref}\n",
    )


def _shift_hunks(lines, offset: int):
    """Hunk headers count from the start of the unit: shift the new side to lines of the pivot file."""
    for line in lines:
        match = re.match(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@", line)
        if match and offset:
            line = f"@@ -{match.group(1)}{match.group(2) or ''} +{int(match.group(3)) + offset}{match.group(4) or ''} @@\n"
        yield line


def diff_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="playbook diff",
        description="what changed in the pivot since a translation was made: every outdated part of a "
        "locale, or one rule / <page>#<section>",
        epilog="examples: playbook diff fi · playbook diff fi let-them-vent · playbook diff fi situations#mass-outage",
    )
    parser.add_argument("locale")
    parser.add_argument(
        "ref", nargs="?", help="a rule id, a page, or <page>#<section-id> (default: every outdated part)"
    )
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    args = parser.parse_args(argv)
    project = Project(args.root)
    locales = _locale_argument(parser, project, args.locale)
    if args.ref is None:
        outdated = [s for s in unit_states(project, locales) if s.state == OUTDATED]
        if not outdated:
            print(f"{args.locale}: nothing is outdated")
            return 0
        status = 0
        for state in outdated:
            code, text = _unit_diff(project, state)
            sys.stdout.write(text + "\n")
            status = max(status, code)
        return status
    chosen, unknown = select(project, [args.ref])
    if unknown:
        from playbook.suggest import did_you_mean

        known = [*project.registry.rules, *project.registry.page_stems]
        print(
            f"playbook diff: no rule or page '{args.ref}' (see playbook.yml)"
            + did_you_mean(args.ref, known, "; did you mean '{}'?"),
            file=sys.stderr,
        )
        return 2
    status = 0
    for state in unit_states(project, locales):
        if (state.stem, state.key) in chosen:
            code, text = _unit_diff(project, state)
            sys.stdout.write(text)
            status = max(status, code)
    return status


def unreadable_front_matter(project: Project, locales: list[str]) -> list[str]:
    """Pages whose front matter does not parse: writing records into them would drop the others."""
    found = []
    for locale in locales:
        for stem in project.page_stems_on_disk(locale):
            page = project.page(locale, stem)
            if page is not None and page.front_matter_error:
                line, message = page.front_matter_error
                found.append(
                    f"{page.path}:{line}: E170 front-matter-malformed: {message} (fix the YAML first)"
                )
    return found


def mark_translated_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="playbook mark-translated",
        description="record that a translation matches the current pivot text",
        epilog="examples: playbook mark-translated fi let-them-vent · playbook mark-translated fi situations "
        "(every part of the page) · playbook mark-translated fi --all (every untracked part) · "
        "playbook mark-translated --minor let-them-vent (an English typo fix)",
    )
    parser.add_argument(
        "locale", nargs="?", help="the translated locale (every translation with --all alone)"
    )
    parser.add_argument("refs", nargs="*", help="rule ids, pages, or <page>#<section-id>")
    parser.add_argument("--all", action="store_true", help="every untracked part of the locale")
    parser.add_argument(
        "--include-outdated",
        action="store_true",
        help="with --all: outdated parts too (only after checking each against playbook diff)",
    )
    parser.add_argument(
        "--minor",
        metavar="RULE",
        help="an English edit needing no re-translation: forgive exactly that edit in every locale "
        "that followed the English text before it",
    )
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    args = parser.parse_args(argv)
    project = Project(args.root)
    pivot = project.default_locale
    translations = [loc for loc in project.locales if loc != pivot]
    if args.minor:
        if args.locale or args.refs or args.all:
            parser.error("--minor takes only a rule id (or <page>#<section-id>)")
        if select(project, [args.minor])[1]:
            parser.error(f"no rule or section '{args.minor}' in playbook.yml")
        result = mark_minor(project, args.minor)
        for line in result.changed:
            print(line)
        for block in result.refused:
            print(block)
        if not result.changed and not result.refused:
            print(f"'{args.minor}': no locale was outdated")
        prune_snapshots(Project(args.root))
        return 1 if result.refused else 0
    if args.include_outdated and not args.all:
        parser.error("--include-outdated goes with --all")
    if args.locale is not None and args.locale not in project.locales:
        if args.locale in project.registry.rules or args.locale in project.registry.page_stems:
            parser.error(
                f"'{args.locale}' is a rule or page, not a locale: "
                f"playbook mark-translated <locale> {' '.join([args.locale, *args.refs])}"
            )
        _locale_argument(parser, project, args.locale)
    if not args.all and not args.refs:
        parser.error(
            "name what you translated (rule ids, pages or <page>#<section-id>) after the locale, or use --all"
        )
    if args.locale == pivot:
        parser.error(f"{pivot} is the original; mark translations (or use --minor for an {pivot} typo fix)")
    if args.locale is None and not args.all:
        parser.error("name a locale")
    unknown = select(project, args.refs)[1]
    if unknown:
        from playbook.suggest import did_you_mean

        known = [*project.registry.rules, *project.registry.page_stems]
        hints = "".join(did_you_mean(ref, known, f" ('{ref}': did you mean '{{}}'?)") for ref in unknown)
        parser.error(f"not in playbook.yml: {', '.join(unknown)}{hints}")
    broken = unreadable_front_matter(project, [args.locale] if args.locale else translations)
    if broken:
        for line in broken:
            print(line)
        print("playbook mark-translated: nothing recorded (records live in the front matter: fix it first)")
        return 1
    status = 0
    for locale in [args.locale] if args.locale else translations:
        marked, skipped = mark_translated(
            project, locale, None if args.all else args.refs, include_outdated=args.include_outdated
        )
        for line in marked:
            print(line)
        for line in skipped:
            print(f"{locale}: skipped {line}")
        if skipped and not args.all:
            status = 1
        if not marked and not skipped:
            print(f"{locale}: nothing to mark")
        project = Project(args.root)
    prune_snapshots(Project(args.root))
    return status
