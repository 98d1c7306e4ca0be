"""Commands for what editors do to the playbook's shape: add a locale, add a chapter, move or delete
a rule. Like new-rule and rename-rule (playbook.scaffold) they edit text, keep every other byte, can
be run twice, and end with what ``playbook check`` still reports.

``new-locale xx`` needs no code change for any language: it adds ``xx`` to playbook.yml, writes
``docs/xx/`` with every page as placeholders under the English headings (readers get the English
text under a "not translated yet" notice, W204), ``strings/xx.yml`` with the language's own name,
``keywords/xx.yml``, ``style/xx.md``, and then runs ``playbook sync`` for mkdocs.yml and .github/.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from playbook import derived, freshness
from playbook.project import Project
from playbook.registry import REGISTRY_FILE
from playbook.scaffold import ScaffoldError, editable_project, insert_registry_rule, run_command
from playbook.units import PLACEHOLDER_PREFIX, unit_map

LOCALE_CODE = re.compile(r"^[a-z]{2}$")
PLACEHOLDER_SECTION = f"{PLACEHOLDER_PREFIX} translate this section."
PLACEHOLDER_INTRO = f"{PLACEHOLDER_PREFIX} translate this introduction."
STYLE_DIR = "style"


# ── new-locale ──────────────────────────────────────────────────────────────────────────────────
def add_registry_locale(text: str, locale: str) -> str:
    match = re.search(r"^locales:\s*\[([^\]]*)\]", text, re.MULTILINE)
    if match is None:
        raise ScaffoldError(f"{REGISTRY_FILE}: write `locales:` as one list, e.g. `locales: [en, fi]`")
    codes = [c.strip() for c in match.group(1).split(",") if c.strip()]
    if locale in codes:
        return text
    return text[: match.start()] + f"locales: [{', '.join([*codes, locale])}]" + text[match.end() :]


def placeholder_page(project: Project, stem: str) -> str:
    """A page of the new locale: the pivot's headings and ids, every text a TODO placeholder, the
    front matter's description still the pivot's (W204 until translated)."""
    pivot = project.page(project.default_locale, stem)
    lines = []
    description = pivot.front_matter.get("description") if pivot.front_matter else None
    if isinstance(description, str):
        lines += ["---", f"description: {description}", "---", ""]
    lines += [f"# {pivot.title or stem}", ""]
    units = unit_map(pivot)
    if "_intro" in units:
        lines += [PLACEHOLDER_INTRO, ""]
    for section in pivot.sections:
        attrs = " ".join([*([f"#{section.id}"] if section.id else []), *(f".{c}" for c in section.classes)])
        body = freshness.PLACEHOLDER_TRANSLATION if section.is_rule else PLACEHOLDER_SECTION
        lines += [f"## {section.title} {{ {attrs} }}", "", body, ""]
    return "\n".join(lines)


def strings_file(project: Project, locale: str, name: str) -> str:
    """strings/xx.yml: the language's own name, then each key as a comment with the English text."""
    from playbook.ui_strings import load_locale

    pivot = load_locale(project.root, project.default_locale, project.default_locale)
    lines = [
        f"# UI strings for {name} ({locale}): the same keys as strings/{project.default_locale}.yml, which says",
        "# what each one is for. Translate a line, remove its '# ', and keep {placeholders} as they are.",
        "# Until then readers see the English text (playbook check: W210).",
        f"language.name: {name}",
    ]
    for key, text in pivot.texts.items():
        if key != "language.name":
            lines.append(f"# {key}: {text}")
    return "\n".join(lines) + "\n"


STYLE_TEMPLATE = """# Style sheet for {name} ({locale})

Read this before you translate; keep it short and change it by pull request like any page.
Terms: `terminology.yml` (the check flags the wrong variants, E190).

## Register

- How the playbook addresses staff (informal or formal you):
- How the phrases to say address the customer:

## Punctuation and typography

- Quotation marks:
- Apostrophe:
- Spaces before `:` `;` `?` `!`, dashes, numbers and dates:

## Words we keep in English

- Rule ids and links (`listen.md#let-them-vent`) are never translated.
"""


def new_locale(root: Path, locale: str, name: str | None) -> list[str]:
    if not LOCALE_CODE.match(locale):
        raise ScaffoldError(f"'{locale}' is not a two-letter language code (ISO 639-1), e.g. de")
    project = Project(root)
    if project.registry.problems:
        raise ScaffoldError(f"fix {REGISTRY_FILE} first: {project.registry.problems[0].format()}")
    if name is None:
        import babel

        try:
            name = babel.Locale.parse(locale).display_name
        except (ValueError, babel.UnknownLocaleError):
            raise ScaffoldError(f"Babel does not know '{locale}': give its own name with --name") from None
        name = name[:1].upper() + name[1:]
    done = []
    path = root / REGISTRY_FILE
    text = path.read_text("utf-8")
    updated = add_registry_locale(text, locale)
    if updated != text:
        path.write_text(updated, "utf-8")
        done.append(f"{REGISTRY_FILE}: added '{locale}' to locales")
    project = Project(root)
    for stem in project.registry.page_stems:
        target = project.page_path(locale, stem)
        if target.exists() or project.page(project.default_locale, stem) is None:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(placeholder_page(project, stem), "utf-8")
        done.append(f"{project.rel(target)}: every part a placeholder (readers see English)")
    files = {
        Path("strings") / f"{locale}.yml": lambda: strings_file(project, locale, name),
        Path("keywords") / f"{locale}.yml": lambda: (
            f"# Search keywords for {name}: like keywords/{project.default_locale}.yml, one line per rule "
            "and situation once it is translated.\nrules: {}\nsituations: {}\n"
        ),
        Path(STYLE_DIR) / f"{locale}.md": lambda: STYLE_TEMPLATE.format(name=name, locale=locale),
    }
    for rel, make in files.items():
        target = root / rel
        if target.exists() or not (root / rel.parent).is_dir() and rel.parent.name != STYLE_DIR:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(make(), "utf-8")
        done.append(f"{rel.as_posix()}: written")
    done += derived.sync(Project(root))
    return done


def new_locale_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="playbook new-locale",
        description="add a locale everywhere it must be; every page starts as placeholders, so readers "
        "see the English text under a 'not translated yet' notice until each part is translated",
        epilog="example: playbook new-locale de (then: playbook status de)",
    )
    parser.add_argument("locale", help="two-letter code, e.g. de")
    parser.add_argument("--name", help="the language's own name (default: from Babel, e.g. Deutsch)")
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    try:
        done = new_locale(root, args.locale, args.name)
    except ScaffoldError as err:
        print(f"playbook new-locale: {err}", file=sys.stderr)
        return 1
    print("\n".join(done) if done else "nothing to do: already done")
    from playbook.checks import run_checks
    from playbook.problems import summary

    problems = run_checks(Project(root))
    errors = [p for p in problems if p.severity == "error"]
    print(f"\n{summary(problems)}")
    for problem in errors:
        print(problem.format())
    print(
        f"Next: translate strings/{args.locale}.yml and style/{args.locale}.md, then the pages; "
        f"`playbook status {args.locale}` lists what is left, `playbook check --locale {args.locale}` the details."
    )
    return 1 if errors else 0


# ── delete-rule ─────────────────────────────────────────────────────────────────────────────────
def _entry_span(lines: list[str], line_no: int) -> tuple[int, int]:
    """The lines [start, end) of the registry list entry whose `- id:` is on 1-based ``line_no``."""
    start = line_no - 1
    dash = len(lines[start]) - len(lines[start].lstrip(" "))
    end = start + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip(" ")) > dash
    ):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return start, end


def remove_section(text: str, section_line: int, end_line: int) -> str:
    lines = text.split("\n")
    start, end = section_line - 1, end_line
    while end < len(lines) and not lines[end].strip():
        end += 1
    return "\n".join(lines[:start] + lines[end:])


def _drop_keyword(root: Path, rule_id: str) -> list[str]:
    done = []
    for path in sorted((root / "keywords").glob("*.yml")):
        text = path.read_text("utf-8")
        updated = re.sub(rf"^[ \t]+{re.escape(rule_id)}:.*\n", "", text, flags=re.MULTILINE)
        if updated != text:
            path.write_text(updated, "utf-8")
            done.append(f"keywords/{path.name}: removed '{rule_id}'")
    return done


def delete_rule(root: Path, rule_id: str) -> list[str]:
    project = editable_project(root, rule_id)
    rule = project.registry.rules.get(rule_id)
    if rule is None:
        raise ScaffoldError(f"no rule '{rule_id}' in {REGISTRY_FILE}")
    chapter = project.registry.chapter(rule.chapter)
    if len(chapter.rules) == 1:
        raise ScaffoldError(f"'{rule_id}' is the only rule of chapter '{chapter.id}': a chapter needs one")
    done = []
    path = root / REGISTRY_FILE
    lines = path.read_text("utf-8").split("\n")
    start, end = _entry_span(lines, rule.line)
    path.write_text("\n".join(lines[:start] + lines[end:]), "utf-8")
    done.append(f"{REGISTRY_FILE}: removed '{rule_id}' from chapter '{chapter.id}'")
    for locale in project.locales:
        page = project.page(locale, chapter.id)
        section = page.section(rule_id) if page else None
        if section is None:
            continue
        text = remove_section(page.text, section.line, section.end_line)
        mapping = freshness.recorded_hashes(page)
        if rule_id in mapping:
            mapping.pop(rule_id)
            text = freshness.set_translated_from(text, mapping)
        project.page_path(locale, chapter.id).write_text(text, "utf-8")
        done.append(f"{page.path}: removed the rule")
    done += _drop_keyword(root, rule_id)
    freshness.prune_snapshots(Project(root))
    return done


# ── move-rule ───────────────────────────────────────────────────────────────────────────────────
def move_rule(root: Path, rule_id: str, target: str, after: str | None) -> list[str]:
    from playbook.scaffold import rewrite_links

    project = editable_project(root, rule_id)
    registry = project.registry
    rule = registry.rules.get(rule_id)
    if rule is None:
        raise ScaffoldError(f"no rule '{rule_id}' in {REGISTRY_FILE}")
    if registry.chapter(target) is None:
        raise ScaffoldError(
            f"no chapter '{target}' in {REGISTRY_FILE} (one of: {', '.join(c.id for c in registry.chapters)})"
        )
    source = rule.chapter
    if source == target:
        raise ScaffoldError(f"'{rule_id}' is already in chapter '{target}'")
    if len(registry.chapter(source).rules) == 1:
        raise ScaffoldError(f"'{rule_id}' is the only rule of chapter '{source}': a chapter needs one")
    before = {(s.locale, s.key): s.state for s in freshness.unit_states(project)}
    bodies = {}
    for locale in project.locales:
        page = project.page(locale, source)
        section = page.section(rule_id) if page else None
        if section is not None:
            bodies[locale] = "\n".join(page.text.split("\n")[section.line - 1 : section.end_line]).strip("\n")
    done = []
    path = root / REGISTRY_FILE
    lines = path.read_text("utf-8").split("\n")
    start, end = _entry_span(lines, rule.line)
    sources = re.search(r"sources:\s*(\[[^\]]*\])", "\n".join(lines[start:end]), re.DOTALL)
    text = "\n".join(lines[:start] + lines[end:])
    text = insert_registry_rule(text, target, rule_id, after)
    if sources:
        text = re.sub(
            rf"(- id: {re.escape(rule_id)}\n\s*sources: )\[\]",
            lambda m: m.group(1) + " ".join(sources.group(1).split()),
            text,
        )
    path.write_text(text, "utf-8")
    done.append(f"{REGISTRY_FILE}: '{rule_id}' moved from '{source}' to '{target}'")
    project = Project(root)
    order = [r.id for r in project.registry.chapter(target).rules]
    for locale, body in bodies.items():
        page = project.page(locale, source)
        section = page.section(rule_id)
        record = freshness.recorded_hashes(page).get(rule_id)
        mapping = {k: v for k, v in freshness.recorded_hashes(page).items() if k != rule_id}
        old = freshness.set_translated_from(
            remove_section(page.text, section.line, section.end_line), mapping
        )
        project.page_path(locale, source).write_text(old, "utf-8")
        new_page = project.page(locale, target)
        new_lines = new_page.text.split("\n")
        previous = next(
            (new_page.section(r) for r in reversed(order[: order.index(rule_id)]) if new_page.section(r)),
            None,
        )
        at = (
            previous.end_line
            if previous
            else (new_page.rules[0].line - 1 if new_page.rules else len(new_lines))
        )
        while previous and at > previous.line and not new_lines[at - 1].strip():
            at -= 1
        new_lines[at:at] = ["", *body.split("\n"), ""]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(new_lines))
        if record:
            mapping = freshness.recorded_hashes(new_page)
            mapping[rule_id] = record
            text = freshness.set_translated_from(text, freshness.ordered(project, target, mapping) | mapping)
        project.page_path(locale, target).write_text(text, "utf-8")
        done.append(f"docs/{locale}: '{rule_id}' moved from {source}.md to {target}.md")
    project = Project(root)
    for locale in project.locales:
        for stem in project.page_stems_on_disk(locale):
            page_path = project.page_path(locale, stem)
            text = page_path.read_text("utf-8")
            updated = _retarget_links(text, stem, source, target, rule_id, rewrite_links)
            if updated != text:
                page_path.write_text(updated, "utf-8")
                done.append(f"{project.rel(page_path)}: links to '{rule_id}' now point at {target}.md")
    project = Project(root)
    for state in freshness.unit_states(project):  # moving changed nothing a translator must redo
        if (
            state.state in (freshness.OUTDATED, freshness.UNTRACKED)
            and before.get((state.locale, state.key)) == freshness.CURRENT
        ):
            freshness.record(project, state.locale, state.stem, {state.key: state.current})
            project = Project(root)
    freshness.prune_snapshots(Project(root))
    return done


def _retarget_links(text: str, stem: str, source: str, target: str, rule_id: str, rewrite_links) -> str:
    """`source.md#id` (or `#id` on the source page) becomes `target.md#id` (`#id` on the target page)."""
    pattern = re.compile(
        rf"\]\(\s*(?:{re.escape(source)}\.md)?#{re.escape(rule_id)}\)"
        if stem == source
        else rf"\]\(\s*{re.escape(source)}\.md#{re.escape(rule_id)}\)"
    )
    new = f"](#{rule_id})" if stem == target else f"]({target}.md#{rule_id})"
    return pattern.sub(new, text)


# ── new-chapter ─────────────────────────────────────────────────────────────────────────────────
def add_registry_chapter(text: str, chapter_id: str, rule_id: str, after: str | None, ids: list[str]) -> str:
    lines = text.split("\n")
    if after is not None and after not in ids:
        raise ScaffoldError(f"--after {after}: no such chapter ({', '.join(ids)})")
    start = next(i for i, line in enumerate(lines) if re.match(r"chapters\s*:", line))
    chapter_lines = [i for i, line in enumerate(lines) if re.match(r"  - id: ", line) and i > start]
    positions = dict(zip(ids, chapter_lines, strict=False))
    anchor = after or ids[-1]
    i = positions[anchor] + 1
    while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
        i += 1
    while not lines[i - 1].strip():
        i -= 1
    block = [f"  - id: {chapter_id}", "    rules:", f"      - id: {rule_id}", "        sources: []"]
    return "\n".join(lines[:i] + block + lines[i:])


def new_chapter(
    root: Path, chapter_id: str, title: str, rule_id: str, rule_title: str, after: str | None
) -> list[str]:
    project = editable_project(root, chapter_id)
    editable_project(root, rule_id)
    registry = project.registry
    taken = {*registry.page_stems, *registry.rules}
    for new in (chapter_id, rule_id):
        if new in taken:
            raise ScaffoldError(f"'{new}' is already a page, chapter or rule id")
    done = []
    path = root / REGISTRY_FILE
    path.write_text(
        add_registry_chapter(
            path.read_text("utf-8"), chapter_id, rule_id, after, [c.id for c in registry.chapters]
        ),
        "utf-8",
    )
    done.append(f"{REGISTRY_FILE}: added chapter '{chapter_id}' with rule '{rule_id}'")
    for locale in project.locales:
        pivot = locale == project.default_locale
        verb = "write" if pivot else "translate"
        page = "\n".join(
            [
                "---",
                "description: "
                + derived._scalar(f"{PLACEHOLDER_PREFIX} {verb} one sentence saying what '{title}' is for."),
                "---",
                "",
                f"# {title}",
                "",
                f"{PLACEHOLDER_PREFIX} {verb} the chapter's introduction.",
                "",
                f"## {rule_title} {{ #{rule_id} .rule }}",
                "",
                freshness.PLACEHOLDER_EN if pivot else freshness.PLACEHOLDER_TRANSLATION,
                "",
            ]
        )
        target = project.page_path(locale, chapter_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, "utf-8")
        done.append(f"{project.rel(target)}: written")
    done += derived.sync(Project(root))
    done.append(
        f"docs/{project.default_locale}/index.md: add a link to {chapter_id}.md to the chapter list by hand"
    )
    return done


# ── command lines ───────────────────────────────────────────────────────────────────────────────
def delete_rule_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="playbook delete-rule",
        description="remove a rule from playbook.yml, every locale's page, its translation records and "
        "search keywords; then lists the links to it that are left",
    )
    parser.add_argument("id")
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    return run_command("delete-rule", lambda: delete_rule(root, args.id), args.id, root)


def move_rule_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="playbook move-rule",
        description="move a rule to another chapter in playbook.yml and every locale, with its "
        "translation record; links to it follow",
    )
    parser.add_argument("id")
    parser.add_argument("chapter", help="the chapter to move it to")
    parser.add_argument("--after", metavar="RULE", help="place it after this rule (default: last)")
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    return run_command("move-rule", lambda: move_rule(root, args.id, args.chapter, args.after), args.id, root)


def new_chapter_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="playbook new-chapter",
        description="add a chapter (a page in every locale) with its first rule, as placeholders",
        epilog='example: playbook new-chapter aftercare --title "Aftercare" --rule check-in --rule-title "Check in the next day"',
    )
    parser.add_argument("id", help="chapter id = page file stem, English kebab-case")
    parser.add_argument("--title", required=True, help="English chapter title")
    parser.add_argument("--rule", required=True, help="id of its first rule (a chapter has at least one)")
    parser.add_argument("--rule-title", required=True, help="English title of that rule")
    parser.add_argument("--after", metavar="CHAPTER", help="place it after this chapter (default: last)")
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    return run_command(
        "new-chapter",
        lambda: new_chapter(root, args.id, args.title, args.rule, args.rule_title, args.after),
        args.rule,
        root,
    )
