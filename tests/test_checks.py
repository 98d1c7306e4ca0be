"""Each check, proven by one fixture scenario and the exact message an editor sees.

A scenario folder under tests/fixtures/check/ holds only the files that differ from
tests/fixtures/check/base/ (a small valid three-locale playbook); a DELETE file lists files to remove.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playbook.checks import load_all, run_checks
from playbook.cli import main as cli_main
from playbook.project import Project

FIXTURES = Path(__file__).parent / "fixtures" / "check"


def make_tree(tmp_path: Path, scenario: str) -> Path:
    """Base tree with the scenario's files laid over it."""
    tree = tmp_path / scenario
    shutil.copytree(FIXTURES / "base", tree)
    overlay = FIXTURES / scenario
    for path in overlay.rglob("*"):
        if path.is_file() and path.name != "DELETE":
            target = tree / path.relative_to(overlay)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    if (overlay / "DELETE").exists():
        for rel in (overlay / "DELETE").read_text().split():
            (tree / rel).unlink()
    return tree


def messages(tree: Path, *checks: str) -> list[str]:
    return [p.format() for p in run_checks(Project(tree), checks or None)]


SCENARIOS = {
    "missing-rule": (
        ["rules_match_registry"],
        [
            (
                "docs/it/listen.md:13: E130 missing-rule: rule 'reflect-back' is missing in locale 'it' "
                "(add `## <title> { #reflect-back .rule }` here, translated from docs/en/listen.md "
                "(playbook new-rule adds it everywhere))"
            ),
        ],
    ),
    "unknown-rule": (
        ["rules_match_registry"],
        [
            (
                "docs/it/listen.md:20: E131 unknown-rule: rule 'made-up-rule' is not in playbook.yml "
                "(fix the id, add it with playbook new-rule, or delete the section (playbook delete-rule))"
            ),
        ],
    ),
    "rule-on-wrong-page": (
        ["rules_match_registry"],
        [
            (
                "docs/it/solve.md:14: E132 rule-on-wrong-page: rule 'reflect-back' belongs to chapter 'listen', "
                "not 'solve' (move the whole rule to docs/it/listen.md)"
            ),
        ],
    ),
    "duplicate-rule": (
        ["rules_match_registry", "duplicate_anchors"],
        [
            (
                "docs/it/listen.md:20: E133 duplicate-rule: rule 'let-them-vent' appears again "
                "(first in docs/it/listen.md) (keep one copy of the rule)"
            ),
        ],
    ),
    "rule-order": (
        ["rules_match_registry"],
        [
            (
                "docs/it/listen.md:8: E134 rule-order: rule 'reflect-back' is out of order: expected 'let-them-vent' "
                "at position 1 (reorder the rules as in playbook.yml: let-them-vent, reflect-back)"
            ),
        ],
    ),
    "rule-not-marked": (
        ["rules_match_registry", "untranslated", "links_resolve"],
        [
            (
                "docs/it/listen.md:14: E136 rule-not-marked: heading '#reflect-back' is a rule id but lacks the class "
                ".rule (write the heading as `## Riformula ciò che hai sentito { #reflect-back .rule }`)"
            ),
        ],
    ),
    "missing-page": (
        ["pages_present"],
        [
            (
                "docs/it/solve.md:1: E120 missing-page: page 'solve' is missing in locale 'it' "
                "(create docs/it/solve.md (translate docs/en/solve.md))"
            ),
        ],
    ),
    "extra-page": (
        ["pages_present"],
        [
            (
                "docs/it/extra.md:1: E121 extra-page: page 'extra' is not in playbook.yml "
                "(add it to playbook.yml `pages:` or `chapters:`, or delete the file)"
            ),
        ],
    ),
    "locales-disagree": (
        ["locales_agree"],
        [
            (
                "mkdocs.yml:1: E110 locales-disagree: locale 'fr' is in mkdocs.yml but not in playbook.yml `locales:` "
                "(add it to playbook.yml or remove it from mkdocs.yml)"
            ),
        ],
    ),
    "broken-link": (
        ["links_resolve"],
        [
            (
                "docs/it/listen.md:18: E140 broken-link: rule 'reflect-back': link 'solution.md#offer-options': docs/it/solution.md does "
                "not exist (fix the file name (same in every locale))"
            ),
        ],
    ),
    "broken-anchor": (
        ["links_resolve"],
        [
            (
                "docs/it/listen.md:18: E141 broken-anchor: rule 'reflect-back': link 'solve.md#offer-option': no '#offer-option' in "
                "docs/it/solve.md (did you mean '#offer-options'?)"
            ),
        ],
    ),
    "link-parity": (
        ["link_parity"],
        [
            (
                "docs/it/listen.md:14: E142 link-parity: rule 'reflect-back' lacks the link to solve.md#offer-options "
                "that docs/en/listen.md has (add a link to solve.md#offer-options)"
            ),
        ],
    ),
    "section-parity": (
        ["section_parity"],
        [
            (
                "docs/it/index.md:4: E143 section-parity: section '#chapters' of docs/en/index.md is missing "
                "(add `## <translated title> { #chapters }` translated from docs/en/index.md)"
            ),
        ],
    ),
    "empty-rule": (
        ["text_language"],
        [
            (
                "docs/it/solve.md:8: E150 empty-rule: rule 'offer-options' has no text "
                "(write the core sentence, why it works, how, say/avoid and related links)"
            ),
        ],
    ),
    "untranslated-rule": (
        ["untranslated", "text_language", "link_parity"],
        [
            (
                "docs/it/solve.md:8: W204 untranslated: rule 'offer-options' is not translated yet (still the en "
                "text): readers see the en text (translate docs/en/solve.md#offer-options here, then run "
                "playbook mark-translated it offer-options)"
            ),
        ],
    ),
    "placeholder-translation": (
        ["untranslated", "text_language", "link_parity"],
        [
            (
                "docs/it/listen.md:20: W204 untranslated: rule 'reflect-back' is not translated yet (placeholder): "
                "readers see the en text (translate docs/en/listen.md#reflect-back here, then run "
                "playbook mark-translated it reflect-back)"
            ),
        ],
    ),
    "untranslated-page-text": (
        ["untranslated", "text_language"],
        [
            (
                "docs/it/listen.md:2: W204 untranslated: the description of listen.md is not translated yet "
                "(still the en text): readers see the en text (translate docs/en/listen.md#_description here, "
                "then run playbook mark-translated it listen#_description)"
            ),
            (
                "docs/it/listen.md:12: W204 untranslated: the intro of listen.md is not translated yet (still the "
                "en text): readers see the en text (translate docs/en/listen.md#_intro here, then run "
                "playbook mark-translated it listen#_intro)"
            ),
        ],
    ),
    "english-block": (
        ["text_language", "untranslated"],
        [
            (
                "docs/ro/listen.md:16: E156 english-block: rule 'let-them-vent': this block is the en text: "
                "'Let the customer finish before you answer; most people calm…' (translate it into 'ro')"
            ),
        ],
    ),
    "wrong-language-block": (
        ["text_language"],
        [
            (
                "docs/ro/listen.md:18: E157 wrong-language-block: rule 'let-them-vent': this block reads as 'de', "
                "not 'ro': 'Lassen Sie den Kunden ausreden, bevor Sie antworten; die me…' (write it in 'ro')"
            ),
        ],
    ),
    "wrong-language": (
        ["text_language"],
        [
            (
                "docs/ro/solve.md:10: E157 wrong-language-block: rule 'offer-options': this block reads as 'fr', "
                "not 'ro': 'Proposez au client deux options ou plus, afin qu'il ait de…' (write it in 'ro')"
            ),
        ],
    ),
    "broken-anchor-in-pivot": (
        ["links_resolve", "link_parity"],
        [
            (
                "docs/en/listen.md:18: E141 broken-anchor: rule 'reflect-back': link 'solve.md#ofer-options': "
                "no '#ofer-options' in docs/en/solve.md (did you mean '#offer-options'?)"
            ),
        ],
    ),
    "renamed-anchor": (
        ["links_resolve", "link_parity"],
        [
            (
                "docs/ro/listen.md:18: E141 broken-anchor: rule 'let-them-vent': link 'listen.md#mirror-back': "
                "'mirror-back' was renamed to 'reflect-back' (link to listen.md#reflect-back)"
            ),
        ],
    ),
    "unsafe-markup": (
        ["unsafe_markup"],
        [
            "docs/it/solve.md:14: E160 unsafe-markup: rule 'offer-options': <script> is not allowed (use plain markdown: headings, lists, emphasis, links to pages and https:/mailto:, say/avoid boxes; see 'Allowed markup' in CONTRIBUTING.md)",
            "docs/it/solve.md:16: E160 unsafe-markup: rule 'offer-options': a javascript: URL in href ('javascript:alert(1)') is not allowed (use plain markdown: headings, lists, emphasis, links to pages and https:/mailto:, say/avoid boxes; see 'Allowed markup' in CONTRIBUTING.md)",
            "docs/it/solve.md:18: E160 unsafe-markup: rule 'ask-what-would-fix-it': the onclick attribute on <h2> is not allowed (use plain markdown: headings, lists, emphasis, links to pages and https:/mailto:, say/avoid boxes; see 'Allowed markup' in CONTRIBUTING.md)",
            "docs/it/solve.md:20: E160 unsafe-markup: rule 'ask-what-would-fix-it': an absolute path in src ('/etc/logo.png') is not allowed (use plain markdown: headings, lists, emphasis, links to pages and https:/mailto:, say/avoid boxes; see 'Allowed markup' in CONTRIBUTING.md)",
            "docs/it/solve.md:23: E160 unsafe-markup: rule 'ask-what-would-fix-it': a vbscript: URL in href ('vbscript:msgbox') is not allowed (use plain markdown: headings, lists, emphasis, links to pages and https:/mailto:, say/avoid boxes; see 'Allowed markup' in CONTRIBUTING.md)",
        ],
    ),
    "unsafe-file": (
        ["unsafe_files"],
        [
            "docs/it/payload.js:1: E161 unsafe-file: a .js file is not allowed in docs/ (docs/ holds pages (.md) and images (.png, .jpg, .jpeg, .webp, .gif) only)",
        ],
    ),
    "front-matter-markup": (
        ["front_matter"],
        [
            "docs/it/solve.md:2: E160 unsafe-markup: front matter 'description': '\"' is not allowed (write plain text: no < > & \" characters (use typographic quotes “ ” or « »))",
        ],
    ),
    "ui-string-markup": (
        ["ui_strings_plain_text"],
        [
            (
                "strings/it.yml:4: E160 unsafe-markup: UI string 'site.name': '<' is not allowed "
                '(write plain text: no < > & " characters (use typographic quotes “ ” or « »))'
            ),
        ],
    ),
    "name-mismatch": (
        ["names_agree"],
        [
            (
                "docs/it/index.md:4: E215 name-mismatch: the home page is called 'Manuale di de-escalation' but "
                "site.name in strings/it.yml is 'Manuale di prova' (use the same name in both places "
                "(strings/it.yml and the page), or rename both)"
            ),
            (
                "strings/it.yml:6: E215 name-mismatch: the binder calls the phrasebook 'Raccolta di frasi', "
                "the site 'Frasario' (phrasebook.title) (give both keys the same text)"
            ),
            (
                "strings/it.yml:7: E215 name-mismatch: binder.subtitle 'Regole per il personale' does not say what "
                "site.description says ('A fixture.') (give both keys the same sentence (the subtitle without its "
                "full stop))"
            ),
        ],
    ),
    "front-matter-malformed": (
        ["front_matter"],
        [
            (
                "docs/it/solve.md:2: E170 front-matter-malformed: malformed YAML: expected ',' or ']', but got "
                "'<stream end>' (fix the YAML between the two --- lines at the top of the page)"
            ),
        ],
    ),
    "front-matter-unknown-key": (
        ["front_matter"],
        [
            (
                "docs/it/solve.md:3: E171 front-matter-unknown-key: unknown front matter key 'author' "
                "(use only: title, description, hide, search, translated_from)"
            ),
        ],
    ),
    "registry-schema": (
        ["registry_duplicate_ids"],
        [
            (
                "playbook.yml:17: E100 registry-schema: (top level): Additional properties are not allowed "
                "('extra_key' was unexpected) (see the registry format in CONTRIBUTING.md)"
            ),
        ],
    ),
    "registry-duplicate-id": (
        ["registry_duplicate_ids"],
        [
            (
                "playbook.yml:14: E101 registry-duplicate-id: 'let-them-vent' is already used on line 8 "
                "(give each chapter and rule its own id)"
            ),
        ],
    ),
    "registry-unknown-block": (
        ["registry_unknown_blocks"],
        [
            (
                "playbook.yml:14: E102 registry-unknown-block: rule 'offer-options' cites 'it-nowhere.99', which is "
                "not in sources/normalized/ (cite an existing block id, shown as `[id]` in sources/normalized/*.md)"
            ),
        ],
    ),
    "source-not-covered": (
        ["source_coverage"],
        [
            (
                "sources/normalized/it-fixture-article.md:21: E180 source-not-covered: block 'it-fixture-article.3' "
                "is neither cited by a rule nor omitted (cite it in a rule's `sources:` in playbook.yml, or list it "
                "under `omitted:` with a reason)"
            ),
        ],
    ),
    "wrong-term": (
        ["terminology"],
        [
            (
                "docs/ro/listen.md:16: E190 wrong-term: 'pretenție' is a wrong variant of 'complaint' in 'ro' "
                "(write 'reclamație' (see terminology.yml))"
            ),
        ],
    ),
    "ui-string-missing": (
        ["ui_strings"],
        [
            (
                "strings/it.yml:1: W210 missing-ui-string: 'site.name' has no 'it' text (readers see the en text) "
                "(add `site.name: <text>` after line 1; strings/en.yml:4 says what it is for)"
            ),
        ],
    ),
    "ui-string-extra": (
        ["ui_strings"],
        [
            (
                "strings/it.yml:2: E211 extra-ui-string: 'site.nmae' is not a key of strings/en.yml "
                "(did you mean 'site.name'?) (rename it to the key it translates, or delete it)"
            ),
        ],
    ),
    "ui-string-undescribed": (
        ["ui_strings"],
        [
            (
                "strings/en.yml:4: E212 ui-string-undescribed: 'site.name' has no description for translators "
                "(add `description:` saying where readers see the text)"
            ),
        ],
    ),
    "ui-strings-malformed": (
        ["ui_strings"],
        [
            (
                "strings/it.yml:2: E213 ui-strings-malformed: 'site.name' must be a text, not a list or a map "
                "(write `key: text`)"
            ),
        ],
    ),
    "ui-string-placeholder": (
        ["ui_strings"],
        [
            (
                "strings/it.yml:3: E214 ui-string-placeholder: 'binder.page_ref' has the placeholders {pagina}, "
                "strings/en.yml has {page} (keep each {placeholder} exactly as in the English text "
                "(move it, never translate it))"
            ),
        ],
    ),
    "strings-locale-extra": (
        ["locales_agree"],
        [
            (
                "strings/de.yml:1: E110 locales-disagree: strings/de.yml is for a locale that is not in "
                "playbook.yml (add the locale to playbook.yml (playbook new-locale), or delete the file)"
            ),
        ],
    ),
    "derived-copy-stale": (
        ["derived_copies"],
        [
            (
                "mkdocs.yml:2: E111 derived-copy-stale: 'site' differs from playbook.yml and strings/: this line "
                "should read `site_name: Fixture playbook` (run playbook sync)"
            ),
        ],
    ),
    "search-keywords-parity": (
        ["search_keywords"],
        [
            (
                "keywords/it.yml:3: E220 keywords-missing: rule 'offer-options' has no search keywords "
                "(add `offer-options: <words staff type for it, comma-separated>` under `rules:`)"
            ),
            "keywords/it.yml:4: E221 keywords-unknown: 'reflect-bak' is not a rule of playbook.yml (write 'reflect-back')",
            (
                "keywords/it.yml:5: E221 keywords-unknown: 'use-empathy' is not a rule of playbook.yml "
                "(fix the id, or delete the line if the rule was removed)"
            ),
        ],
    ),
    "search-keywords-malformed": (
        ["search_keywords"],
        [
            (
                "keywords/ro.yml:2: E222 keywords-malformed: the terms of 'let-them-vent' must be one line "
                "of comma-separated words (write it like keywords/en.yml (format at the top of that file))"
            ),
        ],
    ),
    "search-keywords-file-missing": (
        ["search_keywords"],
        [
            (
                "keywords/ro.yml:1: E220 keywords-missing: no search keywords for locale 'ro' "
                "(create keywords/ro.yml with `rules:` and `situations:` like keywords/en.yml)"
            ),
        ],
    ),
    "not-alphabetical": (
        ["alphabetical_order", "section_parity"],
        [
            (
                "docs/ro/index.md:19: E144 not-alphabetical: 'Ăsta e momentul' is out of alphabetical order for "
                "'ro': it comes first (run playbook sort (it reorders the sections, nothing else))"
            ),
        ],
    ),
    "romanian-cedilla": (
        ["romanian_cedillas"],
        [
            "docs/ro/solve.md:10: E191 romanian-cedilla: cedilla letter(s) ţ → ț (use comma-below letters ș ț Ș Ț)",
        ],
    ),
}


def test_a_broken_english_link_is_one_error_in_the_whole_check(tmp_path):
    """Translations keep the correct link; neither they nor the parity check repeat the root cause."""
    tree = make_tree(tmp_path, "broken-anchor-in-pivot")
    errors = [p.format() for p in run_checks(Project(tree)) if p.severity == "error"]
    assert errors == SCENARIOS["broken-anchor-in-pivot"][1]


def test_root_causes_are_listed_first(tmp_path):
    tree = make_tree(tmp_path, "missing-page")
    problems = run_checks(Project(tree))
    assert problems[0].code == "E120"


def test_only_takes_the_codes_and_names_the_messages_print(tmp_path, capsys):
    tree = make_tree(tmp_path, "broken-anchor")
    for selector in ("E141", "broken-anchor", "links_resolve"):
        assert cli_main(["check", "--root", str(tree), "--only", selector]) == 1
        out = capsys.readouterr().out.splitlines()
        assert [line.split(": ")[1].split()[0] for line in out[:-1]] == ["E141"], selector
    with pytest.raises(SystemExit):
        cli_main(["check", "--root", str(tree), "--only", "broken-anchr"])
    assert "did you mean 'broken-anchor'?" in capsys.readouterr().err


def test_check_locale_and_github_annotations(tmp_path, capsys):
    tree = make_tree(tmp_path, "broken-anchor")
    assert cli_main(["check", "--root", str(tree), "--locale", "ro", "--only", "E141"]) == 0
    assert capsys.readouterr().out.strip() == "playbook check: no problems"
    assert (
        cli_main(["check", "--root", str(tree), "--locale", "it", "--format", "github", "--only", "E141"])
        == 1
    )
    assert capsys.readouterr().out.splitlines()[0] == (
        "::error file=docs/it/listen.md,line=18,title=E141 broken-anchor::rule 'reflect-back': link "
        "'solve.md#offer-option': no '#offer-option' in docs/it/solve.md (did you mean '#offer-options'?)"
    )


def test_the_pivot_is_declared_not_the_first_locale(tmp_path):
    """Reordering `locales:` changes the language switcher's order, never the pivot."""
    tree = make_tree(tmp_path, "base")
    registry = tree / "playbook.yml"
    registry.write_text(
        registry.read_text("utf-8").replace("locales: [en, it, ro]", "locales: [it, en, ro]"), "utf-8"
    )
    project = Project(tree)
    assert project.locales[0] == "it" and project.default_locale == "en"
    registry.write_text(registry.read_text("utf-8").replace("pivot: en", "pivot: de"), "utf-8")
    assert [p.format() for p in Project(tree).registry.problems] == [
        (
            "playbook.yml:3: E100 registry-schema: pivot 'de' is not one of the locales (name one of it, en, ro, "
            "or add 'de' to `locales:`)"
        )
    ]


def test_base_fixture_is_clean():
    assert messages(FIXTURES / "base") == []


def test_every_scenario_folder_is_tested():
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()} - {"base"}
    assert folders == set(SCENARIOS)


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_check_reports_exact_message(tmp_path, scenario):
    checks, expected = SCENARIOS[scenario]
    assert messages(make_tree(tmp_path, scenario), *checks) == expected


def test_cli_reports_every_problem_and_exits_1(tmp_path, capsys):
    tree = make_tree(tmp_path, "broken-anchor")
    assert cli_main(["check", "--root", str(tree)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "docs/it/listen.md:18: E141 broken-anchor" in out[-2] or any(
        "E141 broken-anchor" in line for line in out
    )
    assert out[-1].startswith("playbook check: ") and "error(s)" in out[-1]


def test_cli_exits_0_on_a_clean_tree(capsys):
    assert cli_main(["check", "--root", str(FIXTURES / "base")]) == 0
    assert capsys.readouterr().out.strip() == "playbook check: no problems"


def test_every_check_has_a_documented_code():
    """Every code a check can emit is explained in CONTRIBUTING.md."""
    import re

    contributing = (Path(__file__).parent.parent / "CONTRIBUTING.md").read_text("utf-8")
    sources = "\n".join(
        p.read_text("utf-8") for p in (Path(__file__).parent.parent / "scripts" / "playbook").rglob("*.py")
    )
    emitted = set(re.findall(r'"([EW]\d{3})",\s*"([\w-]+)"', sources))  # Problem(…, "E140", "broken-link", …)
    documented = dict(re.findall(r"^\| ([EW]\d{3}) \| `?([\w-]+)`? \|", contributing, re.MULTILINE))
    assert len(emitted) > 40, f"only {len(emitted)} (code, name) pairs found in the checks"
    wrong = sorted(f"{code} {name} (CONTRIBUTING: {documented.get(code, 'no row')})"
                   for code, name in emitted if documented.get(code) != name)  # fmt: skip
    assert wrong == []


def test_every_check_module_registers_its_checks():
    """load_all imports every module in MODULES and each contributes at least one check."""
    from playbook.checks import MODULES

    modules = {function.__module__ for function in load_all().values()}
    assert modules == {f"playbook.checks.{name}" for name in MODULES}
