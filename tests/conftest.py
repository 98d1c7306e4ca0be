"""Shared test set-up: import the package from scripts/, and find the repository root."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


@pytest.fixture
def repo_root() -> Path:
    return ROOT


CONTENT = ("docs", "sources", "playbook.yml", "terminology.yml", "mkdocs.yml", "translations")


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A temporary copy of the real content (pages, registry, sources, translation snapshots) to edit."""
    import shutil

    tree = tmp_path / "repo"
    tree.mkdir()
    for name in CONTENT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name)
        elif source.exists():
            shutil.copyfile(source, tree / name)
    return tree

