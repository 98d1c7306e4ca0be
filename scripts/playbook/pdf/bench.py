"""``make bench`` figures for the PDF binders: time per binder and for all locales, peak memory, size."""

from __future__ import annotations

import os
import resource
import tempfile
import time
from pathlib import Path

from playbook.bench import benchmark
from playbook.pdf import binder_name, build_binders, build_one
from playbook.project import Project

TARGET_SECONDS_ONE = 3.0
TARGET_SECONDS_ALL = 10.0
TARGET_BYTES = 1_000_000


@benchmark("pdf binders")
def bench_binders(root: Path = Path(".")) -> list[tuple[str, float, str, str]]:
    project = Project(root)
    locales = [loc for loc in project.locales if project.pages(loc)]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        first = locales[0]
        alone = build_one(str(project.root), first, str(out / "alone" / binder_name(first)), cache=False)
        rows.append(
            (
                f"one binder alone ({first}, {alone.pages} pages)",
                alone.seconds,
                "s",
                f"<= {TARGET_SECONDS_ONE:.0f} s",
            )
        )
        rows.append((f"one binder alone ({first}): CPU time", alone.cpu_seconds, "s", "(load-independent)"))
        start = time.perf_counter()
        results = build_binders(project.root, {loc: out / binder_name(loc) for loc in locales}, cache=False)
        total = time.perf_counter() - start
        for r in results:
            rows.append(
                (
                    f"{r.locale}: time in the parallel run (CPU {r.cpu_seconds:.1f} s)",
                    r.seconds,
                    "s",
                    f"<= {TARGET_SECONDS_ONE:.0f} s",
                )
            )
        rows.append(
            (
                f"all {len(results)} binders, parallel ({os.cpu_count()} cores)",
                total,
                "s",
                f"<= {TARGET_SECONDS_ALL:.0f} s",
            )
        )
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        rows.append(
            ("peak memory of one render process", max(children, alone.peak_rss_kib) / 1024, "MiB", "")
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
