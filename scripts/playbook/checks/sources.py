"""Sources: the normalized files must be exactly what ``playbook normalize`` writes from the raw files.

Rules cite block IDs in ``sources/normalized/``; a hand edit or a raw file changed without re-running
normalize would make those citations point at text nobody can regenerate.
"""

from __future__ import annotations

from collections.abc import Iterator

from playbook.checks import check
from playbook.normalize import NormalizeError, load_manifest, normalize_entry, stale_files
from playbook.problems import Problem

FIX_STALE = "run playbook normalize"


def normalized(project):
    """Normalize every source once per project: (manifest error or None, [(entry, result or error)])."""
    if not hasattr(project, "_normalized_sources"):
        try:
            entries = load_manifest(project.root)
        except NormalizeError as err:
            project._normalized_sources = (err, [])
        else:
            results = []
            for entry in entries:
                try:
                    results.append((entry, normalize_entry(project.root, entry)))
                except NormalizeError as err:
                    results.append((entry, err))
            project._normalized_sources = (None, results)
    return project._normalized_sources


def _first_difference(actual: str, expected: str) -> int:
    """1-based line of the first difference, so the editor lands on it."""
    actual_lines, expected_lines = actual.split("\n"), expected.split("\n")
    for number, (have, want) in enumerate(zip(actual_lines, expected_lines), start=1):
        if have != want:
            return number
    return min(len(actual_lines), len(expected_lines)) + 1 if actual_lines != expected_lines else 1


@check
def check_sources_stale(project) -> Iterator[Problem]:
    """E181: a normalized file differs from what normalize would write today, is missing, or is extra."""
    root = project.root
    manifest_error, results = normalized(project)
    if manifest_error:
        return  # reported by source_invalid (E182); nothing to compare against
    for entry, result in results:
        if isinstance(result, NormalizeError):
            continue  # reported by source_invalid (E182)
        expected = result.text
        rel = entry.normalized_path
        path = root / rel
        if not path.is_file():
            yield Problem(
                rel,
                1,
                "E181",
                "sources-stale",
                f"{rel} is missing; normalize writes it from {entry.raw_path}",
                FIX_STALE,
            )
            continue
        actual = path.read_bytes().decode("utf-8", errors="replace")
        if actual != expected:
            line = _first_difference(actual, expected)
            yield Problem(
                rel,
                line,
                "E181",
                "sources-stale",
                f"{rel} differs from what normalize would write from {entry.raw_path} "
                f"(first difference at line {line})",
                FIX_STALE,
            )
    for path in stale_files(root):
        rel = path.relative_to(root).as_posix()
        yield Problem(
            rel,
            1,
            "E181",
            "sources-stale",
            f"{rel} is not produced by any source in sources/sources.yml (normalize deletes it)",
            FIX_STALE,
        )


@check
def check_source_invalid(project) -> Iterator[Problem]:
    """E182: the manifest or a raw file cannot be normalized (bad bytes, empty, only chrome, wrong language)."""
    manifest_error, results = normalized(project)
    for err in [manifest_error] + [result for _, result in results]:
        if isinstance(err, NormalizeError):
            yield Problem(err.path, err.line, "E182", "source-invalid", err.problem.rstrip("."), err.fix)
