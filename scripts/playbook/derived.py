"""Copies of the locale facts that other tools need in their own files, written from one source.

``playbook.yml`` declares the locales and the pivot once; ``strings/<locale>.yml`` holds each
language's name and the site's name and description. MkDocs, static-i18n, the PR labeler,
CODEOWNERS and the issue forms cannot read those files, so ``playbook sync`` writes their copies
between ``playbook sync: begin NAME`` / ``playbook sync: end NAME`` marker lines, and
``playbook check`` reports a copy that disagrees (E111). A tree without a given file (a test
fixture) simply has no copy to keep.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from playbook.project import Project
from playbook.ui_strings import ui_strings

LUNR_LANGUAGE = {"nb": "no"}  # lunr-languages calls Norwegian Bokmål "no"
MARKER = re.compile(r"playbook sync: (begin|end) ([a-z0-9-]+)")


@dataclass(frozen=True)
class Region:
    path: str
    name: str
    write: Callable[[Project], list[str]]  # the lines between the markers, without newlines


def _scalar(value: str) -> str:
    """A YAML scalar for ``value``, quoted only when plain style would change its meaning."""
    return yaml.safe_dump(value, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()


def _texts(project: Project, locale: str) -> dict[str, str]:
    return ui_strings(project.root, locale)


def _mkdocs_site(project: Project) -> list[str]:
    text = _texts(project, project.default_locale)
    return [
        f"site_name: {_scalar(text['site.name'])}",
        f"site_description: {_scalar(text['site.description'])}",
    ]


def _mkdocs_theme_language(project: Project) -> list[str]:
    return [f"  language: {project.default_locale}"]


def _mkdocs_search_lang(project: Project) -> list[str]:
    codes = [LUNR_LANGUAGE.get(locale, locale) for locale in project.locales]
    return [
        f"      lang: [{', '.join(_scalar(code) for code in codes)}]   # 'no': lunr's Norwegian (bare no is false)"
    ]


def _mkdocs_languages(project: Project) -> list[str]:
    lines = ["      languages:"]
    for locale in project.locales:
        text = _texts(project, locale)
        lines += [f"        - locale: {locale}", f"          name: {_scalar(text['language.name'])}"]
        if locale == project.default_locale:
            lines.append("          default: true")
        lines += [
            f"          site_name: {_scalar(text['site.name'])}",
            f"          site_description: {_scalar(text['site.description'])}",
            "          build: true",
        ]
    return lines


def _labeler(project: Project) -> list[str]:
    lines = []
    for locale in project.locales:
        lines += [
            f"lang/{locale}:",
            "  - changed-files:",
            f"      - any-glob-to-any-file: [docs/{locale}/**, strings/{locale}.yml, style/{locale}.md]",
        ]
    return lines


def _codeowners(project: Project) -> list[str]:
    pivot = project.default_locale
    team = {locale: f"@your-org/translators-{locale}" for locale in project.locales}
    team[pivot] = "@your-org/playbook-editors"
    lines = []
    for locale in [pivot, *(loc for loc in project.locales if loc != pivot)]:
        for path in (f"/docs/{locale}/", f"/strings/{locale}.yml", f"/style/{locale}.md"):
            lines.append(f"{path.ljust(24)}{team[locale].ljust(33)}# placeholder")
    return lines


def _issue_locales(project: Project) -> list[str]:
    pivot = project.default_locale
    ordered = [*(loc for loc in project.locales if loc != pivot), pivot]
    options = ", ".join(f"{_texts(project, loc)['language.name']} — {loc}" for loc in ordered)
    return [f"      options: [{options}]"]


def _issue_chapters(project: Project) -> list[str]:
    titles = []
    for chapter in project.registry.chapters:
        page = project.page(project.default_locale, chapter.id)
        titles.append(page.title if page is not None and page.title else chapter.id)
    return [f"      options: [{', '.join(_scalar(t) for t in [*titles, 'Not sure'])}]"]


REGIONS = (
    Region("mkdocs.yml", "site", _mkdocs_site),
    Region("mkdocs.yml", "theme-language", _mkdocs_theme_language),
    Region("mkdocs.yml", "search-lang", _mkdocs_search_lang),
    Region("mkdocs.yml", "i18n-languages", _mkdocs_languages),
    Region(".github/labeler.yml", "locales", _labeler),
    Region(".github/CODEOWNERS", "locales", _codeowners),
    Region(".github/ISSUE_TEMPLATE/translation-problem.yml", "locales", _issue_locales),
    Region(".github/ISSUE_TEMPLATE/new-rule.yml", "chapters", _issue_chapters),
)


@dataclass(frozen=True)
class Stale:
    path: str
    line: int  # first line that differs (or the file's first line when a marker is missing)
    region: str
    message: str
    new_text: str | None  # the whole file as sync would write it (None: cannot be written)


def _rewrite(text: str, region: str, lines: list[str]) -> tuple[str, int, str] | None:
    """``text`` with the region replaced by ``lines``, the first differing line and what it should
    say; None when the region has no markers."""
    old = text.split("\n")
    begin = end = None
    for i, line in enumerate(old):
        match = MARKER.search(line)
        if match and match.group(2) == region:
            if match.group(1) == "begin":
                begin = i
            elif begin is not None:
                end = i
                break
    if begin is None or end is None:
        return None
    current = old[begin + 1 : end]
    first = next((k for k, (a, b) in enumerate(zip(current, lines, strict=False)) if a != b), None)
    if first is None and len(current) == len(lines):
        return text, 0, ""
    first = min(len(current), len(lines)) if first is None else first
    wanted = lines[first].strip() if first < len(lines) else "(nothing: the region ends here)"
    return "\n".join([*old[: begin + 1], *lines, *old[end:]]), begin + 2 + first, wanted


def _has_markers(path: Path) -> bool:
    return path.exists() and MARKER.search(path.read_text("utf-8")) is not None


def mkdocs_is_derived(project: Project) -> bool:
    """True when mkdocs.yml carries the sync markers (the real site; small test fixtures do not)."""
    return _has_markers(project.root / "mkdocs.yml")


def stale_copies(project: Project) -> Iterator[Stale]:
    """Every derived copy that differs from what ``playbook sync`` would write.

    A file with no marker at all is hand-kept (a fixture's mkdocs.yml); the repository's own files
    are required to carry their markers by tests/test_workflows.py.
    """
    if project.registry.problems:
        return  # the registry itself is broken: reported as E100, nothing can be derived from it
    texts: dict[str, str] = {}
    for region in REGIONS:
        path = project.root / region.path
        if not _has_markers(path):
            continue
        text = texts.setdefault(region.path, path.read_text("utf-8"))
        try:
            lines = region.write(project)
        except KeyError:
            continue  # a UI string it needs is missing: W210 says so, once
        result = _rewrite(text, region.name, lines)
        if result is None:
            yield Stale(
                region.path,
                1,
                region.name,
                f"has no `playbook sync: begin {region.name}` / `end {region.name}` marker lines",
                None,
            )
            continue
        new_text, line, wanted = result
        if line:
            texts[region.path] = new_text
            yield Stale(
                region.path,
                line,
                region.name,
                f"'{region.name}' differs from playbook.yml and strings/: this line should read `{wanted}`",
                new_text,
            )


def sync(project: Project) -> list[str]:
    """Write every stale copy; return one line per region written (or that cannot be)."""
    written: dict[str, str] = {}
    report = []
    for stale in stale_copies(project):
        if stale.new_text is None:
            report.append(f"{stale.path}: {stale.message}: add them around the {stale.region} lines")
            continue
        written[stale.path] = stale.new_text
        report.append(f"{stale.path}:{stale.line}: rewrote '{stale.region}'")
    for rel, text in written.items():
        (project.root / rel).write_text(text, "utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="playbook sync",
        description="rewrite the copies of the locales (mkdocs.yml, .github/) from playbook.yml and strings/; "
        "exit 1 if anything changed",
    )
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    args = parser.parse_args(argv)
    report = sync(Project(Path(args.root)))
    for line in report:
        print(line)
    if not report:
        print("playbook sync: every copy is up to date")
    return 1 if report else 0
