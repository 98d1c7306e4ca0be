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
    "names",
)


def check(function: CheckFunction) -> CheckFunction:
    """Register a check under its function name without the ``check_`` prefix."""
    CHECKS[function.__name__.removeprefix("check_")] = function
    return function


def load_all() -> dict[str, CheckFunction]:
    """Import every check module (a missing or broken one is an ImportError, never a silent gap)."""
    for name in MODULES:
        importlib.import_module(f"playbook.checks.{name}")
    return CHECKS


#: Problems that make others follow (a broken registry, a missing locale, page or rule heading) are
#: listed first, so the first line of the output is the one to fix first.
ROOT_CAUSE_CODES = ("E10", "E11", "E12", "E13")


def rank(problem: Problem) -> tuple:
    tier = 0 if problem.code.startswith(ROOT_CAUSE_CODES) else 1 if problem.severity == "error" else 2
    return (tier, problem.path, problem.line, problem.code, problem.message)


def run_checks(project, only: Iterable[str] | None = None) -> list[Problem]:
    """Every problem of the selected checks (all by default), root causes first."""
    checks = load_all()
    selected = [checks[name] for name in (only or checks)]
    problems: set[Problem] = set(project.registry.problems)
    for function in selected:
        problems.update(function(project))
    return sorted(problems, key=rank)
