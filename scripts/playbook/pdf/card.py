"""The desk card: one printable page per locale for the desk and the phone.

Every situation with its first steps, then the key phrases to say and to avoid: the first phrase of
each rule those steps lead to. Made from the same parsed pages as the binder (document.py), typeset
by card.typ; tests/test_pdf.py checks it stays on one page in every locale.
"""

from __future__ import annotations

from typing import Any

from playbook.pdf.document import DocumentBuilder, Node, edition, split_sections, walk
from playbook.project import Project

SITUATIONS = "situations"
FIRST_STEPS = 3  # steps per situation on the card; the binder has them all
MAX_SAY, MAX_AVOID = 8, 6


def unlinked(nodes: list[Node]) -> list[Node]:
    """Cross-references as plain text: the card has no pages to point to."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, dict) and node.get("t") == "xref":
            out.append({"t": "strong", "c": unlinked(node["c"])})
        elif isinstance(node, dict) and "c" in node and node.get("t") != "xref":
            out.append({**node, "c": unlinked(node["c"])})
        else:
            out.append(node)
    return out


def card_document(project: Project, locale: str) -> dict[str, Any]:
    builder = DocumentBuilder(project, locale)
    s = builder.strings
    has_situations = SITUATIONS in project.registry.page_stems  # a playbook without one: phrases only
    situations_part = builder.page(SITUATIONS) if has_situations else None
    rules = {r.id: r for c in project.registry.chapters for r in builder.page(c.id).rules}
    situations, cited = [], []
    for section in split_sections(situations_part.blocks)[1:] if situations_part else []:
        heading = section[0]
        steps_list = next((b for b in section if isinstance(b, dict) and b.get("t") == "list"), None)
        steps = []
        for item in (steps_list or {}).get("items", [])[:FIRST_STEPS]:
            steps.append(unlinked(item[0]["c"]) if item and item[0].get("t") == "p" else [])
            for node in walk(item):
                if node.get("t") == "xref" and node["to"] in rules and node["to"] not in cited:
                    cited.append(node["to"])
        situations.append({"title": heading["c"], "steps": steps})
    cited = cited or list(rules)
    say = [rules[r].say[0] for r in cited if rules[r].say][:MAX_SAY]
    avoid = [rules[r].avoid[0] for r in cited if rules[r].avoid][:MAX_AVOID]
    if len(avoid) < MAX_AVOID:  # fewer avoid phrases on the situations' rules: take the others in order
        more = [r.avoid[0] for r in rules.values() if r.avoid and r.avoid[0] not in avoid]
        avoid += more[: MAX_AVOID - len(avoid)]
    edition_text, stamp = edition(project.root)
    doc = {
        "lang": locale,
        "title": f"{s['title']}: {s['card_title']}",
        "author": s["author"],
        "description": s["subtitle"],
        "heading": s["title"],
        "card_title": s["card_title"],
        "situations_title": situations_part.title if situations_part else [],
        "phrases_title": s["card_phrases"],
        "groups": [
            {"kind": "say", "label": s["say"], "phrases": unlinked_all(say)},
            {"kind": "avoid", "label": s["avoid"], "phrases": unlinked_all(avoid)},
        ],
        "situations": situations,
        "more": s["card_more"],
        "edition": s["edition"].format(edition=edition_text),
    }
    return {
        "doc": doc,
        "timestamp": int(stamp.timestamp()),
        "assets": {},
        "soft_hyphens": builder.soft_hyphens,
    }


def unlinked_all(phrases: list[list[Node]]) -> list[list[Node]]:
    return [unlinked(p) for p in phrases]
