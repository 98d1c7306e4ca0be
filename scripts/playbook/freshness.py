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
import hashlib
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from playbook.pages import Page, Section, parse_page
from playbook.project import Project, cached_project
from playbook.ui_strings import ui_strings

HASH_LENGTH = 12
SNAPSHOT_DIR = "translations/en-snapshots"
FRONT_MATTER_KEY = "translated_from"
#: A rule body that starts with this is a placeholder written by ``playbook new-rule``.
PLACEHOLDER_PREFIX = "TODO:"
PLACEHOLDER_EN = "TODO: write this rule."
PLACEHOLDER_TRANSLATION = "TODO: translate this rule."

# States of one rule in one locale, in the order `playbook status` shows them.
CURRENT, OUTDATED, UNTRACKED, MISSING = "up to date", "outdated", "untracked", "missing"
STATES = (CURRENT, OUTDATED, UNTRACKED, MISSING)


# ── Hashing ─────────────────────────────────────────────────────────────────────────────────────
def section_lines(page: Page, section: Section) -> list[str]:
    """The raw source lines of a section's body (admonition markers kept, unlike Section.body)."""
    return page.text.split("\n")[section.line : section.end_line]


def snapshot_text(page: Page, section: Section) -> str:
    """The rule as a translator reads it: ``## Title`` and the raw body, without the id attributes."""
    body = "\n".join(section_lines(page, section)).strip("\n")
    return f"## {section.title}\n\n{body}\n"


def normalize(text: str) -> str:
    """Whitespace-insensitive form: re-wrapping or re-indenting a paragraph is not a change."""
    return " ".join(text.split())


def rule_hash(page: Page, section: Section) -> str:
    return hashlib.sha256(normalize(snapshot_text(page, section)).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def is_placeholder(section: Section) -> bool:
    return section.body.lstrip().startswith(PLACEHOLDER_PREFIX)


# ── State of every (locale, rule) ───────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class RuleState:
    locale: str
    rule: str
    chapter: str
    state: str
    path: str  # repo-relative page path in this locale
    line: int  # the rule heading in this locale (1 when the rule is absent)
    recorded: str | None = None  # hash in this page's translated_from
    current: str | None = None  # hash of the en text now
    placeholder: bool = False


def recorded_hashes(page: Page) -> dict[str, str]:
    data = page.front_matter.get(FRONT_MATTER_KEY) if page.front_matter else None
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def rule_states(
    project: Project, locales: list[str] | None = None, chapter_id: str | None = None
) -> list[RuleState]:
    """The freshness of every registered rule in every locale (en included: written or missing)."""
    pivot = project.default_locale
    states: list[RuleState] = []
    for chapter in project.registry.chapters:
        if chapter_id is not None and chapter.id != chapter_id:
            continue
        reference = project.page(pivot, chapter.id)
        for locale in locales or project.locales:
            page = project.page(locale, chapter.id)
            path = project.rel(project.page_path(locale, chapter.id))
            recorded = recorded_hashes(page) if page and locale != pivot else {}
            for rule in chapter.rules:
                section = page.section(rule.id) if page else None
                original = reference.section(rule.id) if reference else None
                if section is None or not section.is_rule:
                    states.append(RuleState(locale, rule.id, chapter.id, MISSING, path, 1))
                    continue
                if is_placeholder(section) or original is None or is_placeholder(original):
                    states.append(
                        RuleState(
                            locale,
                            rule.id,
                            chapter.id,
                            MISSING,
                            path,
                            section.line,
                            placeholder=is_placeholder(section),
                        )
                    )
                    continue
                if locale == pivot:
                    states.append(RuleState(locale, rule.id, chapter.id, CURRENT, path, section.line))
                    continue
                now = rule_hash(reference, original)
                had = recorded.get(rule.id)
                state = UNTRACKED if had is None else CURRENT if had == now else OUTDATED
                states.append(RuleState(locale, rule.id, chapter.id, state, path, section.line, had, now))
    return states


def stale_records(project: Project) -> list[tuple[Page, str]]:
    """translated_from keys that name no rule of their page (left behind by a move or deletion)."""
    found = []
    for chapter in project.registry.chapters:
        ids = {r.id for r in chapter.rules}
        for locale in project.locales[1:]:
            page = project.page(locale, chapter.id)
            if page:
                found += [(page, key) for key in recorded_hashes(page) if key not in ids]
    for stem in project.registry.pages:
        for locale in project.locales[1:]:
            page = project.page(locale, stem)
            if page:
                found += [(page, key) for key in recorded_hashes(page)]
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


def ordered(project: Project, chapter_id: str, mapping: dict[str, str]) -> dict[str, str]:
    """Keys in registry order, so the block reads like the page and diffs stay small."""
    chapter = project.registry.chapter(chapter_id)
    order = [r.id for r in chapter.rules] if chapter else []
    return {key: mapping[key] for key in order if key in mapping}


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
    for locale in project.locales[1:]:
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


def old_en_text(project: Project, chapter_id: str, rule_id: str, digest: str) -> str | None:
    """The en text a hash stands for: the snapshot store first, then the history of the en page."""
    path = snapshot_path(project.root, digest)
    if path.exists():
        return path.read_text("utf-8")
    rel = project.rel(project.page_path(project.default_locale, chapter_id))
    try:
        commits = subprocess.run(
            ["git", "log", "--format=%H", "--", rel],
            cwd=project.root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    for commit in commits:
        shown = subprocess.run(
            ["git", "show", f"{commit}:{rel}"], check=False, cwd=project.root, capture_output=True, text=True
        )
        if shown.returncode != 0:
            continue
        page = _parse_text(shown.stdout, project.default_locale, chapter_id)
        section = page.section(rule_id)
        if section is not None and rule_hash(page, section) == digest:
            return snapshot_text(page, section)
    return None


def _parse_text(text: str, locale: str, stem: str) -> Page:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs" / locale / f"{stem}.md"
        path.parent.mkdir(parents=True)
        path.write_text(text, "utf-8")
        return parse_page(Path(tmp), path, locale)


# ── Recording hashes ────────────────────────────────────────────────────────────────────────────
def record(project: Project, locale: str, chapter_id: str, updates: dict[str, str | None]) -> bool:
    """Set (hash) or drop (None) translated_from entries of one page; keys of absent rules are dropped.

    Returns True when the file changed. Writes the en snapshot of every hash it records.
    """
    page = project.page(locale, chapter_id)
    if page is None:
        return False
    mapping = recorded_hashes(page)
    on_page = {s.id for s in page.rules}
    for key, value in updates.items():
        if value is None:
            mapping.pop(key, None)
        else:
            mapping[key] = value
    mapping = ordered(project, chapter_id, {k: v for k, v in mapping.items() if k in on_page})
    reference = project.page(project.default_locale, chapter_id)
    for key, value in mapping.items():
        section = reference.section(key) if reference else None
        if section is not None and rule_hash(reference, section) == value:
            write_snapshot(project.root, value, snapshot_text(reference, section))
    text = set_translated_from(page.text, mapping)
    if text == page.text:
        return False
    project.page_path(locale, chapter_id).write_text(text, "utf-8")
    project._pages.pop((locale, chapter_id), None)
    return True


def mark_translated(project: Project, locale: str, rule_ids: list[str] | None) -> tuple[list[str], list[str]]:
    """Record the current en hash for these rules (None: every rule) of one locale.

    Returns (marked, skipped-with-reason) lines for the user.
    """
    marked, skipped = [], []
    wanted = set(rule_ids) if rule_ids is not None else None
    by_chapter: dict[str, dict[str, str | None]] = {}
    for state in rule_states(project, [locale]):
        if wanted is not None and state.rule not in wanted:
            continue
        if state.state == MISSING:
            reason = (
                "placeholder, translate it first"
                if state.placeholder
                else "not written in this locale or in en"
            )
            skipped.append(f"{state.rule}: {reason}")
            continue
        by_chapter.setdefault(state.chapter, {})[state.rule] = state.current
        if state.state != CURRENT:
            marked.append(f"{state.path}:{state.line}: {state.rule} ({state.state} → up to date)")
    for chapter_id, updates in by_chapter.items():
        record(project, locale, chapter_id, updates)
    if wanted is None:  # also clear stale keys on pages with nothing to mark
        for chapter in project.registry.chapters:
            if chapter.id not in by_chapter:
                record(project, locale, chapter.id, {})
    return marked, skipped


def mark_minor(project: Project, rule_id: str) -> list[str]:
    """An en edit that needs no re-translation: every locale that recorded this rule becomes current."""
    changed = []
    for state in rule_states(project):
        if state.rule != rule_id or state.locale == project.default_locale:
            continue
        if state.state == OUTDATED:
            record(project, state.locale, state.chapter, {rule_id: state.current})
            changed.append(f"{state.path}:{state.line}: {rule_id} (outdated → up to date)")
    return changed


# ── Reader notice (MkDocs on_page_markdown adapter calls this) ─────────────────────────────────
def _heading_pattern(rule_id: str) -> re.Pattern:
    return re.compile(rf"^##[ \t]+.*\{{[^}}]*#{re.escape(rule_id)}(?![\w-])[^}}]*\}}[ \t]*$", re.MULTILINE)


def annotate_markdown(
    root: Path, src_uri: str, page_url: str, markdown: str, site_url: str | None = None
) -> str:
    """Add reader-facing notes to a page's markdown before MkDocs renders it.

    - after the heading of each rule outdated in this locale: a localized notice linking to en;
    - before the heading of each renamed rule: an empty element with the old id, so old links and
      bookmarks (``listen/#old-id``) still land on the rule.
    """
    from mkdocs.utils import get_relative_url

    parts = src_uri.split("/")
    if len(parts) != 2 or not parts[1].endswith(".md"):
        return markdown
    locale, stem = parts[0], parts[1][:-3]
    project = cached_project(root)
    registry = project.registry
    if locale not in registry.locales or registry.chapter(stem) is None:
        return markdown
    chapter_rules = {r.id for r in registry.chapter(stem).rules}
    for old, new in sorted(registry.redirects.items()):
        if new in chapter_rules:
            match = _heading_pattern(new).search(markdown)
            if match and f'id="{old}"' not in markdown:
                anchor = f'<div id="{old}" class="rule-redirect"></div>\n\n'
                markdown = markdown[: match.start()] + anchor + markdown[match.start() :]
    if locale == registry.default_locale:
        return markdown
    text = ui_strings(root, locale)
    if page_url.startswith(f"{locale}/"):  # full build: en pages sit at the site root
        en_href = get_relative_url(page_url[len(locale) + 1 :], page_url)
    else:  # one-locale build (BUILD_ONLY_LOCALE, make preview): en exists only on the full site
        en_href = urljoin(site_url or "/", page_url)
    for state in rule_states(project, [locale], stem):
        if state.state != OUTDATED:
            continue
        match = _heading_pattern(state.rule).search(markdown)
        if not match:
            continue
        href = f"{en_href}#{state.rule}"
        notice = (
            f'\n\n!!! warning translation-outdated "{text["notice.outdated.title"]}"\n'
            f'    {text["notice.outdated.body"]} <a href="{href}" hreflang="en">{text["notice.outdated.link"]}</a>\n'
        )
        markdown = markdown[: match.end()] + notice + markdown[match.end() :]
    return markdown


# ── Commands ────────────────────────────────────────────────────────────────────────────────────
def status_rows(project: Project) -> list[tuple[str, dict[str, int]]]:
    counts = {locale: dict.fromkeys(STATES, 0) for locale in project.locales}
    for state in rule_states(project):
        counts[state.locale][state.state] += 1
    return [(locale, counts[locale]) for locale in project.locales]


def format_status(project: Project, markdown: bool) -> str:
    rows = status_rows(project)
    states = rule_states(project)
    pivot = project.default_locale
    lines = []
    if markdown:
        lines.append("| locale | " + " | ".join(STATES) + " |")
        lines.append("|---|" + "---:|" * len(STATES))
        for locale, counts in rows:
            cells = [str(counts[s]) if locale != pivot or s in (CURRENT, MISSING) else "–" for s in STATES]
            lines.append(f"| {locale} | " + " | ".join(cells) + " |")
        todo = [s for s in states if s.state in (OUTDATED, UNTRACKED, MISSING)]
        if todo:
            lines.append("")
            lines.append("<details><summary>Rules to look at</summary>\n")
            for s in todo:
                lines.append(f"- `{s.locale}` `{s.rule}` ({s.chapter}): {s.state}")
            lines.append("\n</details>")
        return "\n".join(lines) + "\n"
    width = max(len(s) for s in STATES)
    lines.append("locale  " + "  ".join(s.rjust(width) for s in STATES))
    for locale, counts in rows:
        cells = [str(counts[s]) if locale != pivot or s in (CURRENT, MISSING) else "–" for s in STATES]
        lines.append(f"{locale:<6}  " + "  ".join(c.rjust(width) for c in cells))
    for s in states:
        if s.state in (OUTDATED, UNTRACKED, MISSING):
            lines.append(f"{s.path}:{s.line}: {s.rule}: {s.state}")
    return "\n".join(lines) + "\n"


def status_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="playbook status", description="per locale: rules up to date / outdated / untracked / missing"
    )
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    parser.add_argument("--markdown", action="store_true", help="a table for a pull-request comment")
    args = parser.parse_args(argv)
    sys.stdout.write(format_status(Project(args.root), args.markdown))
    return 0


def diff_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="playbook diff", description="what changed in en since a rule was translated"
    )
    parser.add_argument("locale")
    parser.add_argument("rule")
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    args = parser.parse_args(argv)
    project = Project(args.root)
    state = next((s for s in rule_states(project, [args.locale]) if s.rule == args.rule), None)
    if args.locale not in project.locales or state is None:
        print(
            f"playbook diff: no rule '{args.rule}' in locale '{args.locale}' (see playbook.yml)",
            file=sys.stderr,
        )
        return 2
    pivot = project.default_locale
    reference = project.page(pivot, state.chapter)
    original = reference.section(args.rule) if reference else None
    if state.state == CURRENT:
        print(f"{state.path}:{state.line}: '{args.rule}' is up to date with {pivot}: nothing changed")
        return 0
    if state.state != OUTDATED or original is None:
        print(
            f"{state.path}:{state.line}: '{args.rule}' is {state.state}: there is no recorded {pivot} text "
            f"to compare with; compare it with docs/{pivot}/{state.chapter}.md#{args.rule} by hand"
        )
        return 1
    old = old_en_text(project, state.chapter, args.rule, state.recorded)
    new = snapshot_text(reference, original)
    if old is None:
        print(
            f"the {pivot} text with hash {state.recorded} is neither in {SNAPSHOT_DIR}/ nor in git history; "
            f"compare with docs/{pivot}/{state.chapter}.md#{args.rule} by hand",
            file=sys.stderr,
        )
        return 1
    sys.stdout.writelines(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"{pivot} when translated ({state.recorded})",
            tofile=f"{pivot} now ({state.current}) docs/{pivot}/{state.chapter}.md",
            n=3,
        )
    )
    print(f"\nUpdate {state.path}:{state.line}, then run: playbook mark-translated {args.locale} {args.rule}")
    return 0


def mark_translated_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="playbook mark-translated",
        description="record that a translation matches the current en text of a rule",
        epilog="examples: playbook mark-translated fi let-them-vent · playbook mark-translated fi --all · "
        "playbook mark-translated --minor let-them-vent (an en typo fix: every locale stays up to date)",
    )
    parser.add_argument(
        "locale", nargs="?", help="the translated locale (every non-en locale with --all alone)"
    )
    parser.add_argument("rules", nargs="*", help="rule ids")
    parser.add_argument("--all", action="store_true", help="every rule of the locale")
    parser.add_argument(
        "--minor", metavar="RULE", help="en change needing no re-translation: update every locale"
    )
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    args = parser.parse_args(argv)
    project = Project(args.root)
    pivot = project.default_locale
    if args.minor:
        if args.locale or args.rules or args.all:
            parser.error("--minor takes only a rule id")
        if args.minor not in project.registry.rules:
            parser.error(f"no rule '{args.minor}' in playbook.yml")
        changed = mark_minor(project, args.minor)
        print("\n".join(changed) if changed else f"'{args.minor}': no locale was outdated")
        prune_snapshots(Project(args.root))
        return 0
    if not args.all and not args.rules:
        parser.error("name rule ids, or use --all (or --minor RULE)")
    if args.locale is not None and args.locale not in project.locales:
        if args.all and not args.rules and args.locale in project.registry.rules:
            parser.error(
                f"'{args.locale}' is a rule, not a locale: playbook mark-translated <locale> {args.locale}"
            )
        parser.error(f"unknown locale '{args.locale}' (one of: {', '.join(project.locales[1:])})")
    if args.locale == pivot:
        parser.error(f"{pivot} is the original; mark translations (or use --minor for an {pivot} typo fix)")
    if args.locale is None and not args.all:
        parser.error("name a locale")
    unknown = [r for r in args.rules if r not in project.registry.rules]
    if unknown:
        parser.error(f"not in playbook.yml: {', '.join(unknown)}")
    status = 0
    for locale in [args.locale] if args.locale else project.locales[1:]:
        marked, skipped = mark_translated(project, locale, None if args.all else args.rules)
        for line in marked:
            print(line)
        for line in skipped:
            print(f"{locale}: skipped {line}")
        if skipped and not args.all:
            status = 1
        if not marked and not skipped:
            print(f"{locale}: already up to date")
    prune_snapshots(Project(args.root))
    return status
