"""``playbook bench``: speed and size figures, printed as a table (targets live here, not in tests).

Each benchmark is a function registered with ``@benchmark`` that returns rows of
(measure, value, unit, target or ""); modules listed in MODULES register their own.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable

Row = tuple[str, float, str, str]
BENCHMARKS: list[tuple[str, Callable[[], list[Row]]]] = []
MODULES = (
    "playbook.bench_core",
    "playbook.pdf.bench",
    "playbook.site.bench",
    "playbook.site.search_bench",
    "playbook.preview",
)


def benchmark(name: str):
    def register(function: Callable[[], list[Row]]):
        BENCHMARKS.append((name, function))
        return function

    return register


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="playbook bench", description="print speed and size figures")
    parser.add_argument("--only", action="append", help="run only benchmarks whose name contains this")
    args = parser.parse_args(argv)
    for module in MODULES:
        importlib.import_module(module)
    print(f"{'benchmark':<28} {'measure':<44} {'value':>12} {'unit':<6} target")
    print("-" * 104)
    for name, function in BENCHMARKS:
        if args.only and not any(part in name for part in args.only):
            continue
        for measure, value, unit, target in function():
            print(f"{name:<28} {measure:<44} {value:>12.3f} {unit:<6} {target}", flush=True)
    return 0
