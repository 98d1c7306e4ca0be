"""The phrasebook: every ``say`` / ``avoid`` admonition of every rule, by chapter, generated per locale.

Generated at build time from the parsed pages, so editors never copy a phrase twice; each rule
heading links back to the rule. The page is a virtual ``<locale>/phrasebook.md`` File, so it gets
the nav entry, the language switcher, the sitemap and the search index like any written page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playbook.pages import ADMONITION, Page, Section
from playbook.project import Project
from playbook.reader import fallbacks

STEM = "phrasebook"
PHRASE_TYPES = ("say", "avoid")


@dataclass
class Admonition:
    kind: str
    lines: list[str]  # the admonition as written: marker line + indented body


@dataclass
class RulePhrases:
    id: str
    title: str
    admonitions: list[Admonition] = field(default_factory=list)
    lang: str | None = None  # the pivot locale when the rule is not translated yet (English shown)


@dataclass
class ChapterPhrases:
    id: str
    title: str
    rules: list[RulePhrases] = field(default_factory=list)


def section_admonitions(page: Page, section: Section) -> list[Admonition]:
    """The say/avoid admonitions in a rule's source lines, verbatim (titles stay as translated)."""
    lines = page.text.split("\n")[section.line : section.end_line]
    found: list[Admonition] = []
    current: Admonition | None = None
    body_indent = 0
    for line in lines:
        if current is not None:
            indent = len(line) - len(line.lstrip(" "))
            if not line.strip() or indent >= body_indent:
                current.lines.append(line[body_indent - 4 :] if line.strip() else "")
                continue
            current = None
        match = ADMONITION.match(line)
        if match and match.group("type") in PHRASE_TYPES:
            body_indent = len(match.group("indent")) + 4
            current = Admonition(match.group("type"), [line.strip()])
            found.append(current)
    for admonition in found:
        while admonition.lines and not admonition.lines[-1].strip():
            admonition.lines.pop()
    return found


def collect(project: Project, locale: str) -> list[ChapterPhrases]:
    chapters: list[ChapterPhrases] = []
    for chapter in project.registry.chapters:
        page = project.page(locale, chapter.id)
        if page is None:
            continue
        entry = ChapterPhrases(chapter.id, page.title or chapter.id)
        shown = fallbacks(project, locale, chapter.id)  # not translated yet: the English phrases
        pivot = project.page(project.default_locale, chapter.id)
        for section in page.rules:
            source, lang = page, None
            if section.id in shown and pivot is not None and pivot.section(section.id) is not None:
                source, lang, section = pivot, project.default_locale, pivot.section(section.id)
            admonitions = section_admonitions(source, section)
            if section.id and admonitions:
                entry.rules.append(RulePhrases(section.id, section.title, admonitions, lang))
        if entry.rules:
            chapters.append(entry)
    return chapters


def markdown(project: Project, locale: str, text: dict[str, str]) -> str:
    """The phrasebook page in markdown: chapter h2, rule h3 linking to the rule, its admonitions."""
    description = text["phrasebook.description"].replace('"', "'")
    out = [
        f'---\ndescription: "{description}"\n---\n',
        f"# {text['phrasebook.title']}\n",
        f"{text['phrasebook.intro']}\n",
    ]
    for chapter in collect(project, locale):
        out.append(f"## [{chapter.title}]({chapter.id}.md) {{ #{chapter.id} }}\n")
        for rule in chapter.rules:
            lang = f' lang="{rule.lang}"' if rule.lang else ""
            out.append(
                f"### [{rule.title}]({chapter.id}.md#{rule.id}) {{ #{rule.id} .phrasebook-rule{lang} }}\n"
            )
            if rule.lang:
                out.append(f'<div lang="{rule.lang}" markdown>\n')
            for admonition in rule.admonitions:
                out.append("\n".join(admonition.lines) + "\n")
            if rule.lang:
                out.append("</div>\n")
    return "\n".join(out)
