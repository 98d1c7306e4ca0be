"""Workarounds, for WeasyPrint 70.0 only, for bugs that made it lay out every cross-referencing page 3 times.

Why: nearly every binder page has a "→ p. 12" (``target-counter(attr(href url), page)``), and WeasyPrint
70.0 laid out 114 pages for a 40-page binder (pass 1: all pages; passes 2 and 3: the 37 with references).
Both bugs are in weasyprint/formatting_structure/build.py ``compute_content_list``, target-counter branch:

1. ``missing_counters = missing_target_counters.setdefault(anchor_name, [])`` rebinds the box's list of
   *own* page counters (used by ``counter(page)``) to the target's list, so each reference looks as if it
   printed its own page number too. make_page (layout/page.py, "Step 2: local counters") then re-parses
   and re-makes the page whenever that page's counter dict differs from the cached one, which it does in
   pass 1 (empty → values) and again in pass 2 (``pages`` total 0 → 40): the third pass.
2. ``anchor_name_from_token(anchor_token)`` is given the raw ``attr(href url)`` token and returns None, so
   the target counters are filed under None and ``TargetCollector.cache_target_page_counters``
   (css/targets.py), which is meant to refresh references when their target moves, never finds them. The
   page numbers were right only by the side effect of bug 1.

The fixes, applied at ``TargetCollector.collect_missing_counters`` (where the lists are stored):
drop a rebound own-counter list when the box's ``content`` has no ``counter()``/``counters()`` at all (so
it cannot have own page counters), and file the None entry under the anchor that ``attr()`` resolves to,
exactly as ``TargetCollector.lookup_target`` resolves it. Then the intended mechanism updates references:
``cache_target_page_counters`` re-makes a page when a target it refers to got its page number. That
function also re-made them when only the ``pages`` total changed (its own comment: "Is the item at all
interested in the new page_counter_values? ... this check is a brake"); it now re-makes a box only when a
counter the box reads from that target changed value, which is all its text is computed from
(``compute_content_list``: ``lookup_target.cached_page_counter_values[counter_name]``).

A third, smaller change avoids a second layout of pages that only hold back references: see make_page.

Result for the English binder: 70 instead of 114 page layouts (the 30 pages re-made are those whose
references point forward, whose numbers cannot be known before their target is laid out) and the same
PDF bytes as unpatched, checked for all six locales (tests/test_pdf.py compares two builds, checks the
contents' and the cross-references' page numbers against the real pages). Applied only for the exact
version it was written against; any other version runs unpatched.
"""

from __future__ import annotations

import copy

PATCHED_VERSION = "70.0"
_shipped_collect_missing_counters = None
_shipped_make_page = None


def _anchor_name(anchor_token, box):
    """The anchor a target-counter's token names for ``box``, resolved as TargetCollector.lookup_target does."""
    from weasyprint.css.targets import anchor_name_from_token
    from weasyprint.urls import get_url_tuple

    if anchor_token[0] == "attr()":
        attr_name, type_, fallback = anchor_token[1]
        value = box.element.get(attr_name, fallback)
        anchor_token = (
            ("string", value) if type_ == "string" else ("url", get_url_tuple(value, box.style.base_url))
        )
    return anchor_name_from_token(anchor_token)


def collect_missing_counters(
    self, parent_box, css_token, parse_again_function, missing_counters, missing_target_counters
):
    """Store a box's missing counters as compute_content_list meant to (bugs 1 and 2 above), then as shipped."""
    content = parent_box.style["content"] if css_token == "content" else None
    if self.collecting and missing_target_counters and isinstance(content, (list, tuple)):
        kinds = [kind for kind, _ in content]
        rebound = any(missing_counters is names for names in missing_target_counters.values())
        if rebound and "counter()" not in kinds and "counters()" not in kinds:
            missing_counters = []
        if None in missing_target_counters:
            unresolved = missing_target_counters.pop(None)
            for kind, value in content:
                if kind in ("target-counter()", "target-counters()"):
                    names = missing_target_counters.setdefault(_anchor_name(value[0], parent_box), [])
                    names.extend(name for name in unresolved if name not in names)
    return _shipped_collect_missing_counters(
        self, parent_box, css_token, parse_again_function, missing_counters, missing_target_counters
    )


def cache_target_page_counters(self, anchor_name, page_counter_values, page_maker_index, page_maker):
    """TargetCollector.cache_target_page_counters of WeasyPrint 70.0, re-making only boxes whose text changes."""
    if self.collecting:
        return
    target = self.target_lookup_items.get(anchor_name)
    if not (target and target.state == "up-to-date"):
        return
    target.page_maker_index = page_maker_index
    old_values = target.cached_page_counter_values
    if old_values == page_counter_values:
        return
    target.cached_page_counter_values = copy.deepcopy(page_counter_values)
    for (_, css_token), lookup in self.counter_lookup_items.items():
        if css_token != "content":
            continue
        missing_counters = lookup.missing_target_counters.get(anchor_name)
        if missing_counters is None:
            continue
        # The only change from 70.0: skip boxes whose counters from this target kept their values.
        if all(old_values.get(name) == page_counter_values.get(name) for name in missing_counters):
            continue
        if lookup.page_maker_index is None or lookup.page_maker_index >= len(page_maker):
            lookup.pending = True
            continue
        for counter_name in missing_counters:
            if page_counter_values.get(counter_name) is not None:
                page_maker[lookup.page_maker_index][-1]["content_changed"] = True
                lookup.parse_again(lookup.cached_page_counter_values)
                break


def make_page(context, *args, **kwargs):
    """layout/page.py make_page of WeasyPrint 70.0, after giving not yet laid out references their number.

    A reference whose target was laid out first (a back reference) is only marked ``pending`` and gets
    its number after its own page was laid out with "0" (make_page, "Step 1"), so that page is made twice.
    Lookups still pending when the next page starts were never laid out (a reference on the page just
    made was already handled by Step 1 in that page's loop), so their text can be set now, before layout,
    as Step 1 would set it. Only for references without page counters of their own (``counter(page)``),
    whose values are not known before their page is made.
    """
    for (_, css_token), lookup in context.target_collector.counter_lookup_items.items():
        if (
            css_token == "content"
            and lookup.pending
            and lookup.page_maker_index is None
            and not lookup.missing_counters
        ):
            lookup.parse_again(lookup.cached_page_counter_values)
            lookup.pending = False
    return _shipped_make_page(context, *args, **kwargs)


def apply() -> bool:
    """Install the workaround if this is WeasyPrint 70.0; returns whether it is active."""
    import weasyprint
    from weasyprint.css import targets
    from weasyprint.layout import page

    global _shipped_collect_missing_counters, _shipped_make_page
    if weasyprint.__version__ != PATCHED_VERSION:
        return False
    collector = targets.TargetCollector
    if collector.collect_missing_counters is not collect_missing_counters:
        _shipped_collect_missing_counters = collector.collect_missing_counters
        collector.collect_missing_counters = collect_missing_counters
    collector.cache_target_page_counters = cache_target_page_counters
    if page.make_page is not make_page:
        _shipped_make_page = page.make_page
        page.make_page = make_page
    return True
