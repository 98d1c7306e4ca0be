"""'Did you mean …?' for a mistyped id, key or name: the closest known one by edit distance."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known word closest to ``word`` (None when nothing is close enough to be a typo)."""
    found = difflib.get_close_matches(word, sorted(set(known)), n=1, cutoff=0.75)
    return found[0] if found else None


def did_you_mean(word: str, known: Iterable[str], template: str = "did you mean '{}'?") -> str:
    """' (did you mean 'x'?)'-style text to append to a message, or '' when there is no close match."""
    match = closest(word, known)
    return template.format(match) if match else ""
