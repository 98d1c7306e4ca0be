"""Search keywords per locale: the words staff type that a rule's or situation's text does not use.

``keywords/<locale>.yml`` (content room, one file per locale like strings/<locale>.yml):

    rules:
      end-abusive-calls-by-policy: hang up, put the phone down, terminate the call
    situations:
      caller-insults-you: swearing, swears, cursing, rude, abusive

Each value is one line of comma-separated search terms, written natively for the locale
(inflected forms and spelling variants included: lunr matches a typed word as the start of an
indexed word, so list the forms a prefix cannot reach). They are indexed with the rule or
situation (playbook.site.search) and shown nowhere. ``playbook check`` (E220–E222) wants an
entry for every rule of playbook.yml and every situation of the pivot's situations page, in every
locale, and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from playbook.yaml_lines import YamlError, line_of, load_with_lines

FOLDER = "keywords"  # keywords/<locale>.yml
KINDS = ("rules", "situations")


@dataclass
class Keywords:
    path: str  # repo-relative, posix
    exists: bool
    entries: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (kind, id) -> terms
    lines: dict[tuple[str, str], int] = field(default_factory=dict)  # (kind, id) -> line of its key
    kind_lines: dict[str, int] = field(default_factory=dict)  # "rules" -> line of the mapping's key
    error: tuple[int, str] | None = None  # (line, message): not YAML, or not the shape above

    def terms(self, kind: str, key: str) -> list[str]:
        return self.entries.get((kind, key), [])


def rename_key(text: str, old: str, new: str) -> str:
    """The file's text with the entry ``old:`` renamed ``new:`` (playbook rename-rule)."""
    return re.sub(rf"^(\s+){re.escape(old)}(\s*:)", rf"\g<1>{new}\g<2>", text, flags=re.MULTILINE)


def split_terms(value: str) -> list[str]:
    return [term.strip() for term in value.split(",") if term.strip()]


def load_keywords(root: Path, locale: str) -> Keywords:
    path = Path(root) / FOLDER / f"{locale}.yml"
    keywords = Keywords(f"{FOLDER}/{locale}.yml", path.exists())
    if not path.exists():
        return keywords
    try:
        data, node = load_with_lines(path.read_text("utf-8"))
    except YamlError as err:
        keywords.error = (err.line, err.message)
        return keywords
    data = data or {}
    if not isinstance(data, dict) or set(data) - set(KINDS):
        unknown = sorted(set(data) - set(KINDS)) if isinstance(data, dict) else []
        where = line_of(node, [unknown[0]]) if unknown else 1
        keywords.error = (where, f"top-level keys must be {' and '.join(KINDS)}, found {unknown or 'a list'}")
        return keywords
    for kind in KINDS:
        entries = data.get(kind) or {}
        keywords.kind_lines[kind] = line_of(node, [kind])
        if not isinstance(entries, dict):
            keywords.error = (line_of(node, [kind]), f"'{kind}' must map ids to comma-separated terms")
            return keywords
        for key, value in entries.items():
            line = line_of(node, [kind, key])
            if value is None:
                value = ""  # `id:` with nothing after it: no keywords (E220), not a format error
            if not isinstance(value, str):
                keywords.error = (line, f"the terms of '{key}' must be one line of comma-separated words")
                return keywords
            keywords.entries[(kind, str(key))] = split_terms(value)
            keywords.lines[(kind, str(key))] = line
    return keywords
