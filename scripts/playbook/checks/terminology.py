"""House terminology per locale, and Romanian comma-below letters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from playbook.checks import check
from playbook.problems import Problem
from playbook.yaml_lines import YamlError, load_with_lines

TERMINOLOGY_FILE = "terminology.yml"
CEDILLAS = {"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"}


@dataclass(frozen=True)
class Variant:
    term: str
    locale: str
    wrong: str
    preferred: str
    pattern: re.Pattern


def load_variants(root) -> tuple[list[Variant], list[Problem]]:
    path = root / TERMINOLOGY_FILE
    if not path.exists():
        return [], []
    try:
        data, _ = load_with_lines(path.read_text("utf-8"))
    except YamlError as err:
        return [], [
            Problem(TERMINOLOGY_FILE, err.line, "E190", "wrong-term", err.message, "fix the YAML syntax")
        ]
    variants = []
    for term in (data or {}).get("terms", []):
        for locale, entry in term.items():
            if locale == "id" or not isinstance(entry, dict):
                continue
            for wrong in entry.get("avoid", []) or []:
                pattern = re.compile(rf"(?<!\w){re.escape(wrong)}(?!\w)", re.IGNORECASE)
                variants.append(Variant(term["id"], locale, wrong, entry.get("preferred", ""), pattern))
    return variants, []


@check
def check_terminology(project) -> Iterator[Problem]:
    """Flag a known wrong variant of a key term anywhere in that locale's pages (code excluded)."""
    variants, problems = load_variants(project.root)
    yield from problems
    by_locale: dict[str, list[Variant]] = {}
    for variant in variants:
        by_locale.setdefault(variant.locale, []).append(variant)
    for locale, items in by_locale.items():
        for page in project.pages(locale):
            for number, line in enumerate(page.text.split("\n"), start=1):
                prose = re.sub(r"`[^`]*`|\{[^}]*\}|\]\([^)]*\)", " ", line)
                for variant in items:
                    match = variant.pattern.search(prose)
                    if match:
                        yield Problem(
                            page.path,
                            number,
                            "E190",
                            "wrong-term",
                            f"'{match.group(0)}' is a wrong variant of '{variant.term}' in '{locale}'",
                            f"write '{variant.preferred}' (see terminology.yml)",
                        )


@check
def check_romanian_cedillas(project) -> Iterator[Problem]:
    """Romanian uses comma-below ș ț; cedilla ş ţ is a legacy encoding error."""
    if "ro" not in project.locales:
        return
    for page in project.pages("ro"):
        for number, line in enumerate(page.text.split("\n"), start=1):
            found = sorted({ch for ch in line if ch in CEDILLAS})
            if found:
                letters = ", ".join(f"{ch} → {CEDILLAS[ch]}" for ch in found)
                yield Problem(
                    page.path,
                    number,
                    "E191",
                    "romanian-cedilla",
                    f"cedilla letter(s) {letters}",
                    "use comma-below letters ș ț Ș Ț",
                )
