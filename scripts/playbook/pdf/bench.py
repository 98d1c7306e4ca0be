"""``make bench`` figures for the PDF binders and desk cards: time per file and for all locales, size.

"Cold" is the first render in a fresh process (Typst loads the fonts and compiles the templates);
"warm" the next locale's binder in the same process (fonts loaded, templates compiled; the content differs,
so Typst's memoization cannot replay the first render). CPU time is printed beside wall time because the
machine may be shared.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playbook.bench import benchmark
from playbook.pdf import KINDS, binder_name, build_binders, build_one
from playbook.project import Project

TARGET_SECONDS_ONE = 0.5
TARGET_SECONDS_ALL = 2.0
TARGET_BYTES = 1_000_000
ONE = (
    "import sys, time; t = time.perf_counter(); from playbook.pdf import build_one;"
    "r = build_one(sys.argv[1], sys.argv[2], sys.argv[3]); w = build_one(sys.argv[1], sys.argv[4], sys.argv[3]);"
    "print(r.seconds, r.cpu_seconds, w.seconds, w.cpu_seconds, r.pages, time.perf_counter() - t)"
)


@benchmark("pdf binders")
def bench_binders(root: Path = Path(".")) -> list[tuple[str, float, str, str]]:
    project = Project(root)
    locales = [loc for loc in project.locales if project.pages(loc)]
    first = locales[0]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        fields = subprocess.run(
            [sys.executable, "-c", ONE, str(project.root), first, str(out / "alone.pdf"), locales[-1]],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        cold, cold_cpu, warm, warm_cpu, pages, process = map(float, fields)
        target = f"<= {TARGET_SECONDS_ONE} s"
        rows.append((f"one binder ({first}, {pages:.0f} pages), cold", cold, "s", target))
        rows.append((f"one binder ({first}), cold: CPU time", cold_cpu, "s", "(load-independent)"))
        rows.append((f"one binder ({locales[-1]}), warm (next in process)", warm, "s", target))
        rows.append((f"one binder ({locales[-1]}), warm: CPU time", warm_cpu, "s", "(load-independent)"))
        rows.append(("fresh process: imports + cold + warm", process, "s", ""))
        card = build_one(str(project.root), first, str(out / "card.pdf"), "card")
        rows.append((f"one desk card ({first}, {card.pages} page)", card.seconds, "s", target))
        start = time.perf_counter()
        results = build_binders(project.root, {(loc, "binder"): out / binder_name(loc) for loc in locales})
        total = time.perf_counter() - start
        rows.append(
            (
                f"all {len(results)} binders, {os.cpu_count()} worker processes",
                total,
                "s",
                f"<= {TARGET_SECONDS_ALL:.0f} s",
            )
        )
        start = time.perf_counter()
        both = build_binders(
            project.root, {(loc, kind): out / binder_name(loc, kind) for loc in locales for kind in KINDS}
        )
        rows.append((f"all {len(both)} files (binders + desk cards)", time.perf_counter() - start, "s", ""))
        for r in results:
            rows.append(
                (
                    f"{r.locale}: binder in the parallel run (CPU {r.cpu_seconds:.2f} s)",
                    r.seconds,
                    "s",
                    target,
                )
            )
        for r in results:
            rows.append(
                (
                    f"{r.locale}: file size ({r.pages} pages)",
                    r.bytes / 1_000_000,
                    "MB",
                    f"<= {TARGET_BYTES / 1_000_000:.0f} MB",
                )
            )
    return rows
