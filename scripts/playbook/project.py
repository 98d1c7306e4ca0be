"""One repository's content, loaded once and shared by every check (parsed lazily, cached)."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import playbook
from playbook.keywords import Keywords, load_keywords
from playbook.pages import Page, parse_page
from playbook.registry import Registry, load_registry
from playbook.yaml_lines import load_mkdocs_config

DOCS = "docs"
# What a copy of the content needs to check, build or edit on its own (tests, benchmarks).
CONTENT = (
    "docs",
    "sources",
    "strings",
    "keywords",
    "style",
    "playbook.yml",
    "terminology.yml",
    "mkdocs.yml",
    "translations",
)


def copy_content(root: Path, dest: Path, names: tuple[str, ...] = CONTENT) -> Path:
    """Copy the content files of ``root`` into a new folder ``dest`` and return it."""
    import shutil

    dest.mkdir()
    for name in names:
        source = Path(root) / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.exists():
            shutil.copyfile(source, dest / name)
    return dest


class Project:
    def __init__(self, root: Path | str = "."):
        self.root = Path(root).resolve()
        self._pages: dict[tuple[str, str], Page | None] = {}
        self._keywords: dict[str, Keywords] = {}

    @cached_property
    def registry(self) -> Registry:
        return load_registry(self.root)

    @cached_property
    def mkdocs_config(self) -> dict[str, Any]:
        path = self.root / "mkdocs.yml"
        if not path.exists():
            return {}
        return load_mkdocs_config(path.read_text("utf-8"))

    @cached_property
    def mkdocs_locales(self) -> list[str]:
        """Locales declared for mkdocs-static-i18n, in declaration order."""
        for plugin in self.mkdocs_config.get("plugins") or []:
            if isinstance(plugin, dict) and "i18n" in plugin:
                return [lang["locale"] for lang in plugin["i18n"].get("languages", [])]
        return []

    @cached_property
    def mkdocs_default_locale(self) -> str | None:
        for plugin in self.mkdocs_config.get("plugins") or []:
            if isinstance(plugin, dict) and "i18n" in plugin:
                for lang in plugin["i18n"].get("languages", []):
                    if lang.get("default"):
                        return lang["locale"]
        return None

    @cached_property
    def strings_locales(self) -> list[str]:
        """Locales that have a strings/<locale>.yml in this tree."""
        folder = self.root / "strings"
        return sorted(p.stem for p in folder.glob("*.yml")) if folder.is_dir() else []

    @cached_property
    def docs_locales(self) -> list[str]:
        docs = self.root / DOCS
        if not docs.is_dir():
            return []
        return sorted(p.name for p in docs.iterdir() if p.is_dir() and not p.name.startswith("."))

    @property
    def locales(self) -> list[str]:
        return self.registry.locales

    @property
    def default_locale(self) -> str:
        return self.registry.default_locale

    def page_path(self, locale: str, stem: str) -> Path:
        return self.root / DOCS / locale / f"{stem}.md"

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def page(self, locale: str, stem: str) -> Page | None:
        """The parsed page, or None when the file does not exist."""
        key = (locale, stem)
        if key not in self._pages:
            path = self.page_path(locale, stem)
            self._pages[key] = parse_page(self.root, path, locale) if path.exists() else None
        return self._pages[key]

    def page_stems_on_disk(self, locale: str) -> list[str]:
        folder = self.root / DOCS / locale
        if not folder.is_dir():
            return []
        return sorted(p.stem for p in folder.glob("*.md"))

    def pages(self, locale: str) -> list[Page]:
        """Registered pages that exist in a locale, in registry order."""
        return [p for stem in self.registry.page_stems if (p := self.page(locale, stem))]

    def keywords(self, locale: str) -> Keywords:
        """The locale's search keywords (keywords/<locale>.yml), parsed once."""
        if locale not in self._keywords:
            self._keywords[locale] = load_keywords(self.root, locale)
        return self._keywords[locale]

    @cached_property
    def blocks(self) -> dict:
        """Normalized source blocks by id (see playbook.normalize)."""
        from playbook.normalize import load_blocks

        return load_blocks(self.root)


_CACHED: dict[Path, tuple[tuple, Project]] = {}


def cached_project(root: Path | str) -> Project:
    """One Project per build for hook code that runs per page and per static-i18n locale pass.

    Keyed on the registry's and the pages' mtimes, so `mkdocs serve` gets a fresh one after a save.
    """
    root = Path(root).resolve()
    files = [
        root / "playbook.yml",
        *sorted((root / DOCS).glob("*/*.md")),
        *sorted((root / "keywords").glob("*.yml")),
    ]
    signature = tuple((str(p), p.stat().st_mtime_ns) for p in files if p.exists())
    cached = _CACHED.get(root)
    if cached is None or cached[0] != signature:
        cached = (signature, Project(root))
        _CACHED[root] = cached
    return cached[1]


def edition(root: Path) -> tuple[str, datetime]:
    """The printed edition and the date stamped in the PDF: package version + commit, commit time.

    Never the wall clock, so two builds of one commit are byte-identical; SOURCE_DATE_EPOCH, when set
    (reproducible-builds convention), overrides the date.
    """
    version, text, stamp = playbook.__version__, playbook.__version__, datetime(2026, 1, 1, tzinfo=UTC)
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%h %ct"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        text, stamp = f"{version} ({out[0]})", datetime.fromtimestamp(int(out[1]), UTC)
    except (OSError, subprocess.CalledProcessError, IndexError, ValueError):
        pass
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        stamp = datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), UTC)
    return text, stamp
