"""``playbook.yml``: the language-neutral list of locales, pages, chapters, rules and source citations."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jsonschema

from playbook.problems import Problem
from playbook.yaml_lines import YamlError, line_of, load_with_lines

REGISTRY_FILE = "playbook.yml"


@dataclass(frozen=True)
class RuleEntry:
    id: str
    chapter: str
    line: int
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Chapter:
    id: str
    line: int
    rules: tuple[RuleEntry, ...]


@dataclass(frozen=True)
class Omission:
    block: str
    reason: str
    line: int


@dataclass
class Registry:
    locales: list[str] = field(default_factory=list)
    pivot: str = ""
    pages: list[str] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    omitted: list[Omission] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)
    alphabetical: list[str] = field(default_factory=list)  # pages sorted per locale (glossary)
    problems: list[Problem] = field(default_factory=list)
    locales_line: int = 1

    @property
    def default_locale(self) -> str:
        """The pivot: the locale every other one is translated from (``pivot:`` in playbook.yml)."""
        return self.pivot or (self.locales[0] if self.locales else "en")

    @property
    def rules(self) -> dict[str, RuleEntry]:
        """Every rule by id (first occurrence wins; duplicates are reported by a check)."""
        found: dict[str, RuleEntry] = {}
        for chapter in self.chapters:
            for rule in chapter.rules:
                found.setdefault(rule.id, rule)
        return found

    def chapter(self, chapter_id: str) -> Chapter | None:
        return next((c for c in self.chapters if c.id == chapter_id), None)

    @property
    def page_stems(self) -> list[str]:
        """Every page each locale must have: non-chapter pages, then chapters in reading order."""
        return list(self.pages) + [c.id for c in self.chapters]


def _schema() -> dict:
    return json.loads(resources.files("playbook").joinpath("registry-schema.json").read_text("utf-8"))


def load_registry(root: Path) -> Registry:
    """Parse and schema-check playbook.yml; schema errors become E100 problems with their line."""
    registry = Registry()
    path = root / REGISTRY_FILE
    if not path.exists():
        registry.problems.append(
            Problem(
                REGISTRY_FILE,
                1,
                "E100",
                "registry-schema",
                "playbook.yml is missing",
                "create it; see CONTRIBUTING.md, 'The content model'",
            )
        )
        return registry
    try:
        data, node = load_with_lines(path.read_text("utf-8"))
    except YamlError as err:
        registry.problems.append(
            Problem(REGISTRY_FILE, err.line, "E100", "registry-schema", err.message, "fix the YAML syntax")
        )
        return registry
    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    for err in errors:
        path = list(err.absolute_path)
        where = "/".join(str(p) for p in path) or "(top level)"
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            unexpected = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            path = path + unexpected[:1]  # point at the offending key, not its parent
        registry.problems.append(
            Problem(
                REGISTRY_FILE,
                line_of(node, path),
                "E100",
                "registry-schema",
                f"{where}: {err.message}",
                "see the registry format in CONTRIBUTING.md",
            )
        )
    if errors or not isinstance(data, dict):
        return registry
    registry.locales = list(data["locales"])
    registry.locales_line = line_of(node, ["locales"])
    registry.pivot = data["pivot"]
    if registry.pivot not in registry.locales:
        registry.problems.append(
            Problem(
                REGISTRY_FILE,
                line_of(node, ["pivot"]),
                "E100",
                "registry-schema",
                f"pivot '{registry.pivot}' is not one of the locales",
                f"name one of {', '.join(registry.locales)}, or add '{registry.pivot}' to `locales:`",
            )
        )
        registry.pivot = ""
    registry.pages = list(data["pages"])
    registry.redirects = dict(data.get("redirects") or {})
    registry.alphabetical = list(data.get("alphabetical") or [])
    for ci, chapter in enumerate(data["chapters"]):
        rules = tuple(
            RuleEntry(
                rule["id"],
                chapter["id"],
                line_of(node, ["chapters", ci, "rules", ri, "id"]),
                tuple(rule["sources"]),
            )
            for ri, rule in enumerate(chapter["rules"])
        )
        registry.chapters.append(Chapter(chapter["id"], line_of(node, ["chapters", ci, "id"]), rules))
    registry.omitted = [
        Omission(item["block"], item["reason"], line_of(node, ["omitted", i, "block"]))
        for i, item in enumerate(data["omitted"])
    ]
    return registry
