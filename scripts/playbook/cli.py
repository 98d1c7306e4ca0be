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
    "pdf": ("playbook.pdf:main", "render the PDF binders: pdf [--locale xx] [--out DIR] [--site DIR]"),
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
    "sync": (
        "playbook.derived:main",
        "rewrite the copies of the locales in mkdocs.yml and .github/; exit 1 if changed",
    ),
    "rename-rule": (
        "playbook.scaffold:rename_rule_main",
        "rename a rule id everywhere, keeping old links working",
    ),
}


def check_main(argv: list[str] | None = None) -> int:
    from playbook.checks import load_all, run_checks
    from playbook.problems import summary
    from playbook.project import Project

    parser = argparse.ArgumentParser(prog="playbook check", description=COMMANDS["check"][1])
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    parser.add_argument("--strict", action="store_true", help="warnings fail too (use for releases)")
    parser.add_argument("--only", action="append", choices=sorted(load_all()), help="run only this check")
    args = parser.parse_args(argv)
    project = Project(Path(args.root))
    problems = run_checks(project, args.only)
    for problem in problems:
        print(problem.format())
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
