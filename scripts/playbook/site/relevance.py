"""Search relevance: recall@5 and MRR of the real site search on the blind query sets.

The queries (``tests/search/queries/<locale>.yml``, written blind by native-level speakers who had
not read the pages) list for each query the rule or situation ids a good search ranks in its
first five. Each query runs in Chromium through the site's own search worker
(``__config.search`` of a built page: Material's worker, or whatever the site configures) on the
site's own per-locale index, exactly as Material's search box sends it; results are read in the
order Material renders them (see ``ranked_ids``). The offline zip is measured the same way from
file://, where the worker runs in the IFrameWorker stand-in.

Used by ``make bench`` (``search-relevance``) and by tests/test_site_search.py (a few queries per locale).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

QUERIES = Path(__file__).resolve().parents[3] / "tests" / "search" / "queries"  # blind
NOT_BLIND = QUERIES.parent / "not-blind"  # written after the keywords: reported apart
RECALL_TARGET = 95.0  # percent, per locale
MRR_TARGET = 0.85
CUTOFF = 5


@dataclass(frozen=True)
class Query:
    locale: str
    text: str
    targets: tuple[str, ...]


def load_queries(folder: Path = QUERIES) -> dict[str, list[Query]]:
    """Query sets by locale, from ``<folder>/<locale>.yml`` (``- query: … / targets: [ids]``)."""
    sets = {}
    for path in sorted(folder.glob("*.yml")):
        items = yaml.safe_load(path.read_text("utf-8")) or []
        sets[path.stem] = [Query(path.stem, item["query"], tuple(item["targets"])) for item in items]
    return sets


def result_id(location: str, target_pages: set[str]) -> str:
    """'listen/#let-them-vent' (or 'listen.html#…' offline) -> 'let-them-vent' when listen is a
    page of targets (chapters, situations); 'phrasebook#let-them-vent' otherwise; a page -> its stem."""
    page, _, anchor = location.partition("#")
    stem = page.strip("/").removesuffix(".html").removesuffix("/index") or "index"
    if anchor:
        return anchor if stem in target_pages else f"{stem}#{anchor}"
    return stem


def ranked_ids(groups: list[list[dict]], target_pages: set[str]) -> list[str]:
    """Result ids in the order Material renders a RESULT message: group by group, the page
    (article) entry first, then its sections in score order; entries with score 0 are the page
    headers Material adds to a group, not results of their own."""
    ids = []
    for group in groups:
        article = [doc for doc in group if "#" not in doc["location"]]
        sections = [doc for doc in group if "#" in doc["location"]]
        for doc in article + sections:
            if doc["score"] > 0:
                ids.append(result_id(doc["location"], target_pages))
    return ids


def first_hit(ids: list[str], targets: tuple[str, ...]) -> int | None:
    """1-based rank of the first acceptable target, or None."""
    return next((rank for rank, found in enumerate(ids, start=1) if found in targets), None)


@dataclass
class Score:
    recall: float  # percent of queries with a target in the first CUTOFF results
    mrr: float
    misses: list[tuple[Query, list[str]]]
    ranks: list[int | None]  # per query, 1-based rank of the first target (None: not found)


def score(queries: list[Query], results: list[list[str]]) -> Score:
    ranks = [first_hit(ids, q.targets) for q, ids in zip(queries, results, strict=True)]
    hits = sum(1 for rank in ranks if rank is not None and rank <= CUTOFF)
    mrr = sum(1 / rank for rank in ranks if rank is not None) / len(queries)
    misses = [
        (q, ids[:CUTOFF]) for q, ids, rank in zip(queries, results, ranks) if rank is None or rank > CUTOFF
    ]
    return Score(100 * hits / len(queries), mrr, misses, ranks)


# Runs in the page: the page's own search worker and config, the index handed in by the caller
# (fetched from the site, or read from the offline copy), queries answered one after another.
RUN_QUERIES_JS = """
async ({index, queries}) => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const worker = new Worker(config.search);
  const replies = [];
  let wake = null;
  worker.addEventListener("message", event => { replies.push(event.data); if (wake) wake(); });
  const next = async type => {
    for (;;) {
      const i = replies.findIndex(m => m.type === type);
      if (i >= 0) return replies.splice(i, 1)[0];
      await new Promise(resolve => { wake = resolve; });
    }
  };
  worker.postMessage({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
  await next(1);
  const out = [];
  const times = [];
  for (const query of queries) {
    const start = performance.now();
    worker.postMessage({type: 2, data: query});
    const reply = await next(3);
    times.push(performance.now() - start);
    out.push(reply.data.items.map(group => group.map(doc => ({location: doc.location, score: doc.score}))));
  }
  worker.terminate();
  return {out, times};
}
"""


def target_pages(project) -> set[str]:
    """Pages whose sections are targets: the chapters (rules) and the situations page."""
    return {chapter.id for chapter in project.registry.chapters} | {"situations"}


def run_queries(page, index: dict, texts: list[str], pages: set[str]) -> tuple[list[list[str]], list[float]]:
    """Ranked result ids for each query, from the search worker of the page already open, and the
    milliseconds each query took (message to reply)."""
    answer = page.evaluate(RUN_QUERIES_JS, {"index": index, "queries": texts})
    return [ranked_ids(result, pages) for result in answer["out"]], answer["times"]
