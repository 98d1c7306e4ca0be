"""``make bench`` → search-relevance: recall@5 and MRR per locale, on the site and in the offline zip.

One build of the real site (offline zip included), served on 127.0.0.1, one Chromium; every blind
query of tests/search/queries/ (and, reported apart, the not-blind ones of tests/search/not-blind/) goes through the site's own search worker and index (see
playbook.site.relevance). Misses are printed under the table with the first five results.
Rerun alone: ``.venv/bin/python -m playbook bench --only search-relevance``.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import zipfile
from http.server import ThreadingHTTPServer
from pathlib import Path
from statistics import median

from playbook import site
from playbook.bench import benchmark
from playbook.browser import CHROMIUM, CHROMIUM_ARGS
from playbook.site import relevance
from playbook.site.bench import ROOT, _StaticHost


def _build(out: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL="http://127.0.0.1/")
    env.pop("BUILD_ONLY_LOCALE", None)
    env.pop("PLAYBOOK_NO_OFFLINE", None)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(out)], cwd=ROOT, env=env, check=True
    )


def _prefix(locale: str, default: str) -> str:
    return "" if locale == default else f"{locale}/"


@benchmark("search-relevance")
def search_relevance():
    from playwright.sync_api import sync_playwright

    from playbook.project import Project

    project = Project(ROOT)
    default = project.default_locale
    sets = relevance.load_queries()
    own = relevance.load_queries(relevance.NOT_BLIND)
    rows = []
    misses: list[str] = []
    with tempfile.TemporaryDirectory(prefix="playbook-search-bench-") as tmp:
        site_dir = Path(tmp) / "site"
        _build(site_dir)
        offline_root = Path(tmp) / "offline"
        with zipfile.ZipFile(site_dir / site.OFFLINE_ZIP) as archive:
            archive.extractall(offline_root)
        offline_dir = next(offline_root.iterdir())
        server = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_StaticHost, directory=str(site_dir))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for locale in [lc for lc in project.locales if lc in sets]:
                    prefix = _prefix(locale, default)
                    runs = [
                        ("blind", "site", base + prefix, site_dir / prefix, sets[locale]),
                        (
                            "blind",
                            "offline",
                            (offline_dir / prefix / "index.html").as_uri(),
                            offline_dir / prefix,
                            sets[locale],
                        ),
                    ]
                    if locale in own:
                        runs.append(("not blind", "site", base + prefix, site_dir / prefix, own[locale]))
                    for kind, label, url, index_dir, queries in runs:
                        index = json.loads((index_dir / "search" / "search_index.json").read_text("utf-8"))
                        page = browser.new_page()
                        page.goto(url)
                        texts = [q.text for q in queries]
                        results, times = relevance.run_queries(
                            page, index, texts, relevance.target_pages(project)
                        )
                        result = relevance.score(queries, results)
                        page.close()
                        what = f"{locale} {label} ({len(queries)} {kind})"
                        rows.append(
                            (f"{what} recall@5", result.recall, "%", f">= {relevance.RECALL_TARGET:g}")
                        )
                        rows.append((f"{what} MRR", result.mrr, "", f">= {relevance.MRR_TARGET}"))
                        if kind == "blind":
                            slowest = max(times)
                            rows.append(
                                (
                                    f"{locale} {label} slowest query (median {median(times):.1f})",
                                    slowest,
                                    "ms",
                                    "",
                                )
                            )
                            if label == "site":
                                raw = (index_dir / "search" / "search_index.json").read_bytes()
                                rows.append(
                                    (
                                        f"{locale} search index, gzip",
                                        len(gzip.compress(raw, 6)) / 1024,
                                        "KiB",
                                        "",
                                    )
                                )
                        if label == "site":
                            for query, rank, ids in zip(queries, result.ranks, results):
                                if rank != 1:
                                    where = f"rank {rank}" if rank and rank <= relevance.CUTOFF else "MISS"
                                    misses.append(
                                        f"  {where} {locale} ({kind}): {query.text!r} wants "
                                        f"{', '.join(query.targets)}; top 5: {', '.join(ids[: relevance.CUTOFF]) or '-'}"
                                    )
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    for line in misses:
        print(line, flush=True)
    return rows
