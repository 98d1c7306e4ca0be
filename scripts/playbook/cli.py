"""The one command line: ``playbook <command> [options]``.

Each command lives in its own module as ``main(argv) -> exit code``; this file only dispatches,
so adding a command is one line in COMMANDS.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("playbook.cli:check_main", "check parity, links, language, sources; exit 1 on errors"),
    "normalize": (
        "playbook.normalize:main",
        "write sources/normalized/ from sources/raw/; exit 1 if changed",
    ),
    "bench": ("playbook.bench:main", "print speed and size figures (make bench)"),
    "offline": (
        "playbook.site.offline:main",
        "build the offline zip of the site (opens from disk, with search)",
    ),
    "pdf": (
        "playbook.pdf:main",
        "render the PDF binders and desk cards: pdf [--locale xx] [--out DIR] [--only binder|card]",
    ),
    "status": (
        "playbook.freshness:status_main",
        "per locale: rules up to date / outdated / untracked / missing",
    ),
    "diff": (
        "playbook.freshness:diff_main",
        "what changed in en since a rule was translated: diff <locale> <rule>",
    ),
    "mark-translated": (
        "playbook.freshness:mark_translated_main",
        "record that translations match en (--minor: typo)",
    ),
    "new-rule": (
        "playbook.scaffold:new_rule_main",
        "add a rule to playbook.yml and every locale: new-rule <chapter> <id>",
    ),
    "delete-rule": (
        "playbook.lifecycle:delete_rule_main",
        "remove a rule from the registry and every locale: delete-rule <id>",
    ),
    "move-rule": (
        "playbook.lifecycle:move_rule_main",
        "move a rule to another chapter in every locale: move-rule <id> <chapter>",
    ),
    "new-chapter": (
        "playbook.lifecycle:new_chapter_main",
        "add a chapter page in every locale with its first rule: new-chapter <id> --title …",
    ),
    "new-locale": (
        "playbook.lifecycle:new_locale_main",
        "add a locale everywhere; readers see English until each part is translated: new-locale xx",
    ),
    "sort": (
        "playbook.collation:sort_main",
        "sort alphabetical pages (the glossary) in each language's own order; exit 1 if changed",
    ),
    "sync": (
        "playbook.derived:main",
        "rewrite the copies of the locales in mkdocs.yml and .github/; exit 1 if changed",
    ),
    "rename-rule": (
        "playbook.scaffold:rename_rule_main",
        "rename a rule id everywhere, keeping old links working",
    ),
}


def known_codes() -> dict[str, str]:
    """Every problem code the checks can print, with its name (read from the checks' source)."""
    import re

    package = Path(__file__).resolve().parent
    found: dict[str, str] = {}
    for path in sorted(package.rglob("*.py")):
        for code, name in re.findall(r'"([EW]\d{3})",\s*"([a-z][a-z-]+)"', path.read_text("utf-8")):
            found.setdefault(code, name)
    return found


def locale_of(path: str) -> str | None:
    """The locale a problem's file belongs to (docs/fi/…, strings/fi.yml, style/fi.md), if any."""
    parts = path.split("/")
    if len(parts) >= 2 and parts[0] == "docs":
        return parts[1]
    if len(parts) == 2 and parts[0] in ("strings", "style"):
        return parts[1].rsplit(".", 1)[0]
    return None


def check_main(argv: list[str] | None = None) -> int:
    from playbook.checks import load_all, run_checks
    from playbook.problems import summary
    from playbook.project import Project
    from playbook.suggest import did_you_mean

    checks = sorted(load_all())
    codes = known_codes()
    parser = argparse.ArgumentParser(
        prog="playbook check",
        description=COMMANDS["check"][1],
        epilog="examples: playbook check --locale fi · playbook check --only E142 · "
        "playbook check --only link-parity · playbook check --strict (releases)",
    )
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    parser.add_argument("--strict", action="store_true", help="warnings fail too (use for releases)")
    parser.add_argument(
        "--only",
        action="append",
        metavar="CODE|NAME|CHECK",
        help="only this problem code (E142), name (link-parity) or check (link_parity); repeatable",
    )
    parser.add_argument("--locale", help="only problems in this locale's files (docs/xx/, strings/xx.yml)")
    parser.add_argument(
        "--format", choices=["text", "github"], default="text", help="github: ::error annotations for CI"
    )
    args = parser.parse_args(argv)
    names = set(codes.values())
    selected_checks, wanted = [], set()
    for value in args.only or []:
        if value in checks:
            selected_checks.append(value)
        elif value.upper() in codes or value in names:
            wanted.add(value.upper() if value.upper() in codes else value)
        else:
            known = [*checks, *codes, *names]
            parser.error(
                f"--only {value}: not a code, name or check"
                + did_you_mean(value, known, " (did you mean '{}'?)")
                + "; codes and names are listed in CONTRIBUTING.md"
            )
    project = Project(Path(args.root))
    if args.locale is not None and args.locale not in project.locales:
        parser.error(
            f"--locale {args.locale}: not a locale of playbook.yml (one of: {', '.join(project.locales)})"
        )
    if wanted:  # codes and names: run everything, keep those (and what the named checks found)
        extra = set(run_checks(project, selected_checks)) if selected_checks else set()
        problems = [p for p in run_checks(project) if p.code in wanted or p.name in wanted or p in extra]
    else:
        problems = run_checks(project, selected_checks or None)
    if args.locale is not None:
        problems = [p for p in problems if locale_of(p.path) == args.locale]
    for problem in problems:
        print(problem.github() if args.format == "github" else problem.format())
    print(summary(problems))
    failing = [p for p in problems if p.severity == "error" or args.strict]
    return 1 if failing else 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"} or argv[0] not in COMMANDS:
        width = max(len(name) for name in COMMANDS)
        print("usage: playbook <command> [options]\n\ncommands:")
        for name, (_, help_text) in COMMANDS.items():
            print(f"  {name.ljust(width)}  {help_text}")
        return 0 if argv and argv[0] in {"-h", "--help"} else 2
    module_name, function_name = COMMANDS[argv[0]][0].split(":")
    return getattr(importlib.import_module(module_name), function_name)(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
