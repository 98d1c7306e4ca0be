"""Benchmarks of the spine: ``playbook check`` at three sizes, and the site build for all vs one locale.

Generated trees repeat one rule template per language (real sentences, so language identification
does real work) across chapters of ten rules, with related links between neighbours.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playbook.bench import Row, benchmark

LOCALES = ("en", "it", "nb", "fi", "fr", "ro")
SENTENCE = {
    "en": "Let the customer finish before you answer; most people calm down within a minute or two.",
    "it": "Lascia finire il cliente prima di rispondere: quasi tutti si calmano in un paio di minuti.",
    "nb": "La kunden snakke ferdig før du svarer; de fleste roer seg i løpet av et minutt eller to.",
    "fi": "Anna asiakkaan puhua loppuun ennen kuin vastaat; useimmat rauhoittuvat minuutissa tai kahdessa.",
    "fr": "Laissez le client terminer avant de répondre ; la plupart se calment en une minute ou deux.",
    "ro": "Lăsați clientul să termine înainte să răspundeți; cei mai mulți se liniștesc într-un minut sau două.",
}
RULES_PER_CHAPTER = 10


def generate_tree(root: Path, rules: int) -> Path:
    """Write a valid playbook of ``rules`` rules in six locales under ``root``."""
    chapters = [f"chapter-{c}" for c in range((rules + RULES_PER_CHAPTER - 1) // RULES_PER_CHAPTER)]
    ids = {ch: [f"{ch}-rule-{r}" for r in range(RULES_PER_CHAPTER)] for ch in chapters}
    languages = "\n".join(
        f"        - locale: {loc}\n          name: {loc}"
        + ("\n          default: true" if loc == "en" else "")
        for loc in LOCALES
    )
    (root / "mkdocs.yml").write_text(
        f"site_name: bench\nplugins:\n  - i18n:\n      docs_structure: folder\n      languages:\n{languages}\n"
    )
    registry = [f"locales: [{', '.join(LOCALES)}]", "pivot: en", "pages: [index]", "chapters:"]
    for ch in chapters:
        registry.append(f"  - id: {ch}\n    rules:")
        registry += [f"      - id: {rid}\n        sources: []" for rid in ids[ch]]
    registry.append("omitted: []")
    (root / "playbook.yml").write_text("\n".join(registry) + "\n")
    (root / "sources").mkdir()
    (root / "sources" / "sources.yml").write_text("sources: []\n")
    for loc in LOCALES:
        folder = root / "docs" / loc
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(f"# Index {loc}\n\n{SENTENCE[loc]}\n")
        for ch in chapters:
            parts = [
                f"---\ndescription: Generated chapter for the benchmark.\n---\n# {ch}\n\n{SENTENCE[loc]}\n"
            ]
            for n, rid in enumerate(ids[ch]):
                other = ids[ch][(n + 1) % len(ids[ch])]
                parts.append(
                    f"## Rule {n} {{ #{rid} .rule }}\n\n{SENTENCE[loc]}\n\n**→** [{other}]({ch}.md#{other})\n"
                )
            (folder / f"{ch}.md").write_text("\n".join(parts))
    return root


def time_command(args: list[str], env: dict | None = None, cwd: Path | None = None) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(
        args, check=False, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    return time.perf_counter() - start, done.returncode


def best_of(runs: int, args: list[str], **kwargs) -> float:
    times = []
    for _ in range(runs):
        seconds, code = time_command(args, **kwargs)
        if code != 0:
            raise SystemExit(f"benchmark command failed ({code}): {' '.join(args)}")
        times.append(seconds)
    return min(times)


@benchmark("playbook check")
def bench_check() -> list[Row]:
    check = [sys.executable, "-m", "playbook", "check", "--root"]
    rows: list[Row] = [("real repository (best of 3, whole CLI)", best_of(3, check + ["."]), "s", "≤ 1 s")]
    per_rule = []
    for size, target in ((100, ""), (1000, "≤ 5 s")):
        with tempfile.TemporaryDirectory() as tmp:
            tree = generate_tree(Path(tmp), size)
            seconds = best_of(2, check + [str(tree)])
        per_rule.append(seconds / size)
        rows.append((f"generated {size} rules × 6 locales", seconds, "s", target))
    rows.append(("per-rule cost ratio 1000 vs 100 (≈1 = linear)", per_rule[1] / per_rule[0], "×", "≤ 1.5"))
    return rows


def timed_build(out: Path, env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the build and every process it started) of one `mkdocs build`."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)]
    seconds, code = time_command(cmd, env=env)
    if code != 0:
        raise SystemExit(f"benchmark command failed ({code}): {' '.join(cmd)}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


@benchmark("mkdocs build")
def bench_build() -> list[Row]:
    """The whole build: site, six binders and desk cards, offline zip, in one `mkdocs build`.

    Cold: an empty cache folder (XDG_CACHE_HOME: the language model is unpacked again) and a new
    output folder; nothing else is cached between builds. Warm: the same again with the cache kept.
    One locale is measured beside it, for the ratio. CPU time counts every process of the build."""
    base = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    base.pop("BUILD_ONLY_LOCALE", None)
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(base, XDG_CACHE_HOME=str(Path(tmp) / "cache"))
        cold, cold_cpu = timed_build(Path(tmp) / "cold", env)
        warm, warm_cpu = timed_build(Path(tmp) / "warm", env)
        one, one_cpu = timed_build(Path(tmp) / "one", dict(env, BUILD_ONLY_LOCALE="en"))
    return [
        ("all six locales, cold (everything: site, PDFs, zip)", cold, "s", "≤ 12 s"),
        ("all six locales, cold: CPU time, all processes", cold_cpu, "s", "(load-independent)"),
        ("all six locales, warm", warm, "s", "≤ 12 s"),
        ("all six locales, warm: CPU time", warm_cpu, "s", "(load-independent)"),
        ("one locale (BUILD_ONLY_LOCALE=en), warm", one, "s", ""),
        ("one locale: CPU time", one_cpu, "s", ""),
        ("ratio all (warm) / one", warm / one, "×", "≈ 6 or less"),
        ("ratio all / one, CPU time", warm_cpu / one_cpu, "×", ""),
    ]
