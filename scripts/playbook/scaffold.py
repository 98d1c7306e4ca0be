"""``playbook new-rule`` and ``playbook rename-rule``: change the set of rules in every locale at once.

Both edit text, not parsed YAML, so ``playbook.yml`` keeps its comments and layout (PyYAML would
drop them): they insert or replace the few lines concerned and leave every other byte alone.
Both are idempotent — running one again finishes what is missing and changes nothing else — and
end by printing what ``playbook check`` still reports about the rule, so the editor knows what is left.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from playbook import freshness, keywords
from playbook.project import Project
from playbook.registry import REGISTRY_FILE

RULE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ScaffoldError(Exception):
    pass


# ── playbook.yml, edited as text ────────────────────────────────────────────────────────────────
def _rules_node(text: str, chapter_id: str) -> yaml.SequenceNode:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    chapters = next((v for k, v in root.value if k.value == "chapters"), None)
    for chapter in chapters.value if chapters else []:
        fields = {k.value: v for k, v in chapter.value}
        if getattr(fields.get("id"), "value", None) == chapter_id:
            rules = fields.get("rules")
            if not isinstance(rules, yaml.SequenceNode) or rules.flow_style:
                raise ScaffoldError(
                    f"{REGISTRY_FILE}: chapter '{chapter_id}' needs a block list of rules "
                    "(one `- id:` per line) for new-rule to edit it"
                )
            return rules
    from playbook.suggest import did_you_mean

    ids = [
        getattr({k.value: v for k, v in c.value}.get("id"), "value", "")
        for c in (chapters.value if chapters else [])
    ]
    raise ScaffoldError(
        f"chapter '{chapter_id}' is not in {REGISTRY_FILE}"
        + did_you_mean(chapter_id, ids, " (did you mean '{}'?)")
        + f"; chapters: {', '.join(ids)}; a new one: playbook new-chapter"
    )


def _entry_id(entry: yaml.MappingNode) -> str | None:
    return next((v.value for k, v in entry.value if k.value == "id"), None)


def insert_registry_rule(text: str, chapter_id: str, rule_id: str, after: str | None) -> str:
    """Add ``- id: <rule_id>`` / ``sources: []`` after rule ``after`` (default: last) of a chapter."""
    rules = _rules_node(text, chapter_id)
    ids = [_entry_id(entry) for entry in rules.value]
    if rule_id in ids:
        return text
    if after is not None and after not in ids:
        raise ScaffoldError(f"--after {after}: no such rule in chapter '{chapter_id}' ({', '.join(ids)})")
    entry = rules.value[ids.index(after) if after else -1]
    lines = text.split("\n")
    dash = entry.start_mark.column - 2  # the entry's first key sits after "- "
    end = entry.start_mark.line + 1
    while end < len(lines):
        line = lines[end]
        if line.strip() and (len(line) - len(line.lstrip(" "))) <= dash:
            break
        end += 1
    while end > entry.start_mark.line + 1 and not lines[end - 1].strip():
        end -= 1
    new = [f"{' ' * dash}- id: {rule_id}", f"{' ' * (dash + 2)}sources: []"]
    return "\n".join(lines[:end] + new + lines[end:])


def rename_registry_rule(text: str, old: str, new: str) -> str:
    lines = text.split("\n")
    pattern = re.compile(rf"^(\s*(?:-\s+)?id:\s*)(['\"]?){re.escape(old)}\2(\s*(?:#.*)?)$")
    for i, line in enumerate(lines):
        if pattern.match(line):
            lines[i] = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}{new}{m.group(2)}{m.group(3)}", line)
    return "\n".join(lines)


def set_redirects(text: str, redirects: dict[str, str]) -> str:
    """Replace (or append) the top-level ``redirects:`` block; it is written only by rename-rule."""
    lines = text.split("\n")
    block = ["redirects:  # old rule id: new rule id (written by playbook rename-rule; old links still land)"]
    block += [f"  {old}: {new}" for old, new in sorted(redirects.items())]
    start = next((i for i, line in enumerate(lines) if re.match(r"redirects\s*:", line)), None)
    if start is None:
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines + block) + "\n"
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith((" ", "\t"))):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[:start] + block + lines[end:])


# ── Pages ───────────────────────────────────────────────────────────────────────────────────────
def humanize(rule_id: str) -> str:
    return rule_id.replace("-", " ").capitalize()


def insert_page_rule(project: Project, locale: str, chapter_id: str, rule_id: str, title: str) -> bool:
    """Add the placeholder heading of a rule to one locale's page, after its registry predecessor."""
    page = project.page(locale, chapter_id)
    if page is None or page.section(rule_id) is not None:
        return False
    body = freshness.PLACEHOLDER_EN if locale == project.default_locale else freshness.PLACEHOLDER_TRANSLATION
    heading = f"## {title} {{ #{rule_id} .rule }}"
    lines = page.text.split("\n")
    order = [r.id for r in project.registry.chapter(chapter_id).rules]
    before = order[: order.index(rule_id)]
    previous = next((page.section(r) for r in reversed(before) if page.section(r) is not None), None)
    if previous is not None:
        end = previous.end_line
        while end > previous.line and not lines[end - 1].strip():
            end -= 1
        tail = [""] if end < len(lines) and lines[end].strip() else []
        lines = lines[:end] + ["", heading, "", body] + tail + lines[end:]
    elif page.rules:
        start = page.rules[0].line - 1
        lines = lines[:start] + [heading, "", body, ""] + lines[start:]
    else:
        while lines and not lines[-1].strip():
            lines.pop()
        lines += ["", heading, "", body, ""]
    project.page_path(locale, chapter_id).write_text("\n".join(lines), "utf-8")
    project._pages.pop((locale, chapter_id), None)
    project.__dict__.pop("_unit_states", None)
    return True


def rewrite_links(text: str, page_stem: str, chapter_id: str, old: str, new: str) -> str:
    """Point links at ``<chapter>.md#old`` (or ``#old`` on the chapter page itself) to ``#new``."""

    def fix(match: re.Match) -> str:
        path = match.group("path")
        stem = path.rsplit("/", 1)[-1].removesuffix(".md") if path else page_stem
        if stem != chapter_id or (path and not path.endswith(".md")):
            return match.group(0)
        return f"{match.group('lead')}{path}#{new}"

    inline = re.compile(rf"(?P<lead>\]\(\s*<?)(?P<path>[^()\s#<>]*)#{re.escape(old)}(?=[)\s>\"'])")
    reference = re.compile(
        rf"(?P<lead>^[ ]{{0,3}}\[[^\]]+\]:\s*<?)(?P<path>[^\s#<>]*)#{re.escape(old)}(?=[\s>]|$)", re.MULTILINE
    )
    return reference.sub(fix, inline.sub(fix, text))


def rename_heading(text: str, old: str, new: str) -> str:
    pattern = re.compile(rf"^(##[ \t]+.*\{{[^}}]*#){re.escape(old)}(?![\w-])([^}}]*\}}[ \t]*)$", re.MULTILINE)
    return pattern.sub(lambda m: f"{m.group(1)}{new}{m.group(2)}", text)


# ── Commands ────────────────────────────────────────────────────────────────────────────────────
def left_to_do(root: Path, rule_id: str) -> list[str]:
    from playbook.checks import run_checks

    problems = run_checks(Project(root))
    return [p.format() for p in problems if f"'{rule_id}'" in p.message or f"#{rule_id}" in p.message]


def editable_project(root: Path, rule_id: str) -> Project:
    """The project to edit, once the new id is well-formed and the registry parses."""
    if not RULE_ID.match(rule_id):
        raise ScaffoldError(f"'{rule_id}' is not a kebab-case id (lowercase letters, digits, hyphens)")
    project = Project(root)
    if project.registry.problems:
        raise ScaffoldError(f"fix {REGISTRY_FILE} first: {project.registry.problems[0].format()}")
    return project


def new_rule(root: Path, chapter_id: str, rule_id: str, after: str | None, title: str | None) -> list[str]:
    project = editable_project(root, rule_id)
    registry = project.registry
    existing = registry.rules.get(rule_id)
    if rule_id in registry.page_stems:
        raise ScaffoldError(f"'{rule_id}' is a page or chapter id; a rule needs an id of its own")
    if existing and existing.chapter != chapter_id:
        raise ScaffoldError(f"rule '{rule_id}' already exists in chapter '{existing.chapter}'")
    if rule_id in registry.redirects:
        raise ScaffoldError(
            f"'{rule_id}' is an old id kept as a redirect ({rule_id} → {registry.redirects[rule_id]}); "
            "choose another id"
        )
    done = []
    path = root / REGISTRY_FILE
    text = path.read_text("utf-8")
    updated = insert_registry_rule(text, chapter_id, rule_id, after)
    if updated != text:
        path.write_text(updated, "utf-8")
        done.append(f"{REGISTRY_FILE}: added '{rule_id}' to chapter '{chapter_id}'")
    project = Project(root)
    for locale in project.locales:
        if insert_page_rule(project, locale, chapter_id, rule_id, title or humanize(rule_id)):
            done.append(
                f"{project.rel(project.page_path(locale, chapter_id))}: added the heading of '{rule_id}'"
            )
    return done


def rename_rule(root: Path, old: str, new: str) -> list[str]:
    project = editable_project(root, new)
    registry = project.registry
    rules = registry.rules
    if old in rules and new in rules:
        raise ScaffoldError(f"both '{old}' and '{new}' are rules; rename to an unused id")
    if old not in rules and new not in rules:
        raise ScaffoldError(f"no rule '{old}' in {REGISTRY_FILE}")
    chapter_id = rules[old].chapter if old in rules else rules[new].chapter
    before = {
        (s.locale, s.stem, new if s.key == old else s.key): s.state for s in freshness.unit_states(project)
    }
    done = []
    path = root / REGISTRY_FILE
    text = path.read_text("utf-8")
    redirects = {k: (new if v == old else v) for k, v in registry.redirects.items() if k != new}
    redirects[old] = new
    updated = set_redirects(rename_registry_rule(text, old, new), redirects)
    if updated != text:
        path.write_text(updated, "utf-8")
        done.append(f"{REGISTRY_FILE}: '{old}' → '{new}', redirect {old} → {new} recorded")
    for locale in project.locales:
        for stem in project.page_stems_on_disk(locale):
            page_path = project.page_path(locale, stem)
            text = page_path.read_text("utf-8")
            updated = rewrite_links(text, stem, chapter_id, old, new)
            if stem == chapter_id:
                updated = rename_heading(updated, old, new)
            if updated != text:
                page_path.write_text(updated, "utf-8")
                done.append(f"{project.rel(page_path)}: '{old}' → '{new}'")
        keywords_path = root / keywords.FOLDER / f"{locale}.yml"
        if keywords_path.exists():
            text = keywords_path.read_text("utf-8")
            updated = keywords.rename_key(text, old, new)
            if updated != text:
                keywords_path.write_text(updated, "utf-8")
                done.append(f"{project.rel(keywords_path)}: '{old}' → '{new}'")
    project = Project(root)
    for locale in project.locales[1:]:
        page = project.page(locale, chapter_id)
        if page is not None and old in freshness.recorded_hashes(page):
            freshness.record(
                project, locale, chapter_id, {new: freshness.recorded_hashes(page)[old], old: None}
            )
            done.append(f"{page.path}: translated_from '{old}' → '{new}'")
    # Rewriting links changed the en text of rules that link to the renamed one: translations that
    # were up to date before the rename still are (their links were rewritten the same way).
    project = Project(root)
    for state in freshness.unit_states(project):
        if (
            state.state == freshness.OUTDATED
            and before.get((state.locale, state.stem, state.key)) == freshness.CURRENT
        ):
            freshness.record(project, state.locale, state.chapter, {state.rule: state.current})
    freshness.prune_snapshots(Project(root))
    return done


def _report(done: list[str], root: Path, rule_id: str) -> None:
    print("\n".join(done) if done else "nothing to do: already done")
    left = left_to_do(root, rule_id)
    if left:
        print(f"\nLeft to do for '{rule_id}' (from playbook check):")
        print("\n".join(left))
    else:
        print(f"\nplaybook check reports nothing about '{rule_id}'.")


def run_command(name: str, action, report_id: str, root: Path) -> int:
    """Run one editing command: its lines and what `playbook check` still says, or the refusal."""
    try:
        done = action()
    except ScaffoldError as err:
        print(f"playbook {name}: {err}", file=sys.stderr)
        return 1
    _report(done, root, report_id)
    return 0


def new_rule_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="playbook new-rule",
        description="add a rule to playbook.yml and a placeholder heading in every locale",
    )
    parser.add_argument("chapter", help="chapter id = page file stem, e.g. listen")
    parser.add_argument("id", help="new rule id, English kebab-case, e.g. keep-your-distance")
    parser.add_argument(
        "--after", metavar="RULE", help="place it after this rule (default: last in the chapter)"
    )
    parser.add_argument("--title", help="English heading (default: from the id)")
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    return run_command(
        "new-rule", lambda: new_rule(root, args.chapter, args.id, args.after, args.title), args.id, root
    )


def rename_rule_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="playbook rename-rule",
        description="rename a rule id in the registry, every heading, link and "
        "translation record; old links keep working through a redirect",
    )
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    return run_command("rename-rule", lambda: rename_rule(root, args.old, args.new), args.new, root)
