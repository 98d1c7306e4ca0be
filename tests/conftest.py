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
