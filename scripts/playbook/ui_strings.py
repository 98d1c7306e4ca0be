"""UI strings: the words the site, the binder and the notices print around the content.

One file per locale in the content room, ``strings/<locale>.yml``, so a translator's pull request
touches only its own locale's files. The pivot's file maps each key to ``{text, description}`` (the
description tells translators what the text is for); every other file maps each key to its text.
Readers of a locale that lacks a key get the pivot's text (``playbook check`` reports the gap: W210).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from playbook.yaml_lines import YamlError, line_of, load_with_lines

STRINGS_DIR = "strings"
#: The repository that holds this package: its strings serve trees that have no strings/ folder
#: of their own (small test fixtures).
PACKAGE_REPO = Path(__file__).resolve().parent.parent.parent


@dataclass
class LocaleFile:
    """One ``strings/<locale>.yml``: texts by key, the line of each key, and what was wrong with it."""

    locale: str
    path: str  # repository-relative, for messages
    exists: bool = False
    texts: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)  # the pivot's only
    lines: dict[str, int] = field(default_factory=dict)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (line, message, fix)


def strings_dir(root: Path) -> Path:
    folder = Path(root) / STRINGS_DIR
    return folder if folder.is_dir() else PACKAGE_REPO / STRINGS_DIR


def _parse(locale: str, text: str, pivot: bool) -> LocaleFile:
    found = LocaleFile(locale, f"{STRINGS_DIR}/{locale}.yml", exists=True)
    try:
        data, node = load_with_lines(text)
    except YamlError as err:
        found.errors.append((err.line, err.message, "fix the YAML syntax"))
        return found
    if data is None:
        return found
    if not isinstance(data, dict):
        found.errors.append((1, "the file must map each key to its text", "write one `key: text` per line"))
        return found
    for key, value in data.items():
        line = line_of(node, [key])
        found.lines[str(key)] = line
        if pivot:
            if not isinstance(value, dict) or not isinstance(value.get("text"), str):
                found.errors.append(
                    (
                        line,
                        f"'{key}' must have a `text:`",
                        "write `text: …` and `description: …` under the key",
                    )
                )
                continue
            found.texts[str(key)] = value["text"]
            if isinstance(value.get("description"), str):
                found.descriptions[str(key)] = value["description"]
        elif isinstance(value, str):
            found.texts[str(key)] = value
        else:
            found.errors.append((line, f"'{key}' must be a text, not a list or a map", "write `key: text`"))
    return found


@lru_cache(maxsize=64)
def _load(path: Path, locale: str, pivot: bool, mtime: int) -> LocaleFile:
    return _parse(locale, path.read_text("utf-8"), pivot)


def load_locale(root: Path, locale: str, pivot_locale: str) -> LocaleFile:
    """The parsed ``strings/<locale>.yml`` (cached until the file changes)."""
    path = strings_dir(root) / f"{locale}.yml"
    if not path.exists():
        return LocaleFile(locale, f"{STRINGS_DIR}/{locale}.yml")
    return _load(path, locale, locale == pivot_locale, path.stat().st_mtime_ns)


def _registry(root: Path):
    from playbook.project import cached_project

    return cached_project(root).registry


def ui_strings(root: Path, locale: str) -> dict[str, str]:
    """Every UI string for ``locale``: its own text, or the pivot's where the locale lacks a key."""
    pivot = _registry(root).default_locale
    texts = dict(load_locale(root, pivot, pivot).texts)
    if locale != pivot:
        own = load_locale(root, locale, pivot).texts
        texts.update({key: value for key, value in own.items() if key in texts and value.strip()})
    return texts


def descriptions(root: Path) -> dict[str, str]:
    """What each key is for, from the pivot's file (shown to translators by ``playbook new-locale``)."""
    pivot = _registry(root).default_locale
    return dict(load_locale(root, pivot, pivot).descriptions)
