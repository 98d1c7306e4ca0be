"""The checks behind ``playbook check``. One check = one function, registered with ``@check``.

Each check takes a Project and yields Problems; ``run_checks`` runs them all and reports
every problem at once, sorted by file and line.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

from playbook.problems import Problem

CheckFunction = Callable[["object"], Iterable[Problem]]
CHECKS: dict[str, CheckFunction] = {}

MODULES = (
    "registry",
    "structure",
    "links",
    "language",
    "markup",
    "coverage",
    "terminology",
    "sources",
    "freshness",
    "ui_strings",
    "keywords",
)


def check(function: CheckFunction) -> CheckFunction:
    """Register a check under its function name without the ``check_`` prefix."""
    CHECKS[function.__name__.removeprefix("check_")] = function
    return function


def load_all() -> dict[str, CheckFunction]:
    for name in MODULES:
        try:
            importlib.import_module(f"playbook.checks.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"playbook.checks.{name}":
                raise
    return CHECKS


def run_checks(project, only: Iterable[str] | None = None) -> list[Problem]:
    checks = load_all()
    selected = [checks[name] for name in (only or checks)]
    problems: set[Problem] = set(project.registry.problems)
    for function in selected:
        problems.update(function(project))
    return sorted(problems, key=lambda p: (p.path, p.line, p.code, p.message))
