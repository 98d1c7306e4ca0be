"""UI strings (strings/<locale>.yml): every key of the pivot's file, and only those, in every locale."""

from __future__ import annotations

import re
from collections.abc import Iterator

from playbook.checks import check
from playbook.problems import Problem
from playbook.suggest import closest, did_you_mean
from playbook.ui_strings import load_locale

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@check
def check_ui_strings(project) -> Iterator[Problem]:
    """A key missing from a locale shows readers English; an extra key is a typo nobody reads."""
    if not project.locales:
        return
    pivot_locale = project.default_locale
    pivot = load_locale(project.root, pivot_locale, pivot_locale)
    for locale in project.locales:
        found = pivot if locale == pivot_locale else load_locale(project.root, locale, pivot_locale)
        if not found.exists:
            yield Problem(
                found.path,
                1,
                "W210",
                "missing-ui-string",
                f"there are no UI strings for '{locale}'",
                f"create {found.path} with every key of {pivot.path} (playbook new-locale {locale} writes it)",
                severity="warning",
            )
            continue
        for line, message, fix in found.errors:
            yield Problem(found.path, line, "E213", "ui-strings-malformed", message, fix)
        if locale == pivot_locale:
            for key, line in found.lines.items():
                if key in found.texts and not found.descriptions.get(key, "").strip():
                    yield Problem(
                        found.path,
                        line,
                        "E212",
                        "ui-string-undescribed",
                        f"'{key}' has no description for translators",
                        "add `description:` saying where readers see the text",
                    )
        extra = [key for key in found.lines if key not in pivot.lines]
        renamed = {closest(key, pivot.lines): key for key in extra} if locale != pivot_locale else {}
        previous_line = 1
        for key, text in pivot.texts.items():
            if key in renamed and key not in found.lines:
                continue  # a mistyped key: reported once, as E211 with "did you mean"
            if key not in found.lines:
                yield Problem(
                    found.path,
                    previous_line,
                    "W210",
                    "missing-ui-string",
                    f"'{key}' has no '{locale}' text (readers see the {pivot_locale} text)",
                    f"add `{key}: <text>` after line {previous_line}; "
                    f"{pivot.path}:{pivot.lines[key]} says what it is for",
                    severity="warning",
                )
                continue
            previous_line = found.lines[key]
            own = found.texts.get(key)
            if own is None:
                continue  # malformed: reported above
            if not own.strip():
                yield Problem(
                    found.path,
                    previous_line,
                    "W210",
                    "missing-ui-string",
                    f"'{key}' is empty (readers see the {pivot_locale} text)",
                    f"write the {locale} text; {pivot.path}:{pivot.lines[key]} says what it is for",
                    severity="warning",
                )
                continue
            wanted, got = sorted(PLACEHOLDER.findall(text)), sorted(PLACEHOLDER.findall(own))
            if wanted != got:
                yield Problem(
                    found.path,
                    previous_line,
                    "E214",
                    "ui-string-placeholder",
                    f"'{key}' has the placeholders {' '.join(got) or '(none)'}, "
                    f"{pivot.path} has {' '.join(wanted) or '(none)'}",
                    "keep each {placeholder} exactly as in the English text (move it, never translate it)",
                )
        for key in extra:
            hint = did_you_mean(key, pivot.lines, " (did you mean '{}'?)")
            yield Problem(
                found.path,
                found.lines[key],
                "E211",
                "extra-ui-string",
                f"'{key}' is not a key of {pivot.path}{hint}",
                "rename it to the key it translates, or delete it",
            )
