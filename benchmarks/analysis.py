"""Time and memory of the analysis stage (stories and canonical events) on real news.

Run with ``python benchmarks/analysis.py --n 300`` (full pipeline: extract, store, analyse)
or ``--cluster-only`` to stream story clustering alone over the whole file. Reads
../shared/data/news-international/news-international.jsonl.gz one line at a time (it is never
held whole) and prints: seconds for extraction and for the analysis build, peak RSS (and,
with ``--trace-memory``, the build's own peak of Python allocations), the stories found and the
duplicate ratio (event mentions per canonical event). Never part of the test suite: timings
belong here, not in assertions.

The file is sorted by article id, not by date; the pipeline reads the store in publication
order, as a firehose would bring the articles.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tidings.analysis import AnalysisOptions, StoryClusterer, StoryDocument, build_analysis
from tidings.analyze import analyze
from tidings.extract import ExtractOptions, build_extractor
from tidings.ingest import clean_text
from tidings.models import Article
from tidings.store import Store

NEWS = (
    Path(__file__).resolve().parents[1].parent
    / "shared/data/news-international/news-international.jsonl.gz"
)


def read_articles(path: Path, n: int | None) -> Iterator[Article]:
    """The first ``n`` articles (all when None), one line at a time."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if n is not None and i >= n:
                return
            rec = json.loads(line)
            published = date.fromisoformat(rec["date"]) if rec.get("date") else None
            yield Article.from_text(
                clean_text(rec["text"]),
                id=rec["id"],
                title=rec.get("title") or None,
                source=rec.get("source") or None,
                url=rec.get("url") or None,
                published=published,
            )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cluster_only(path: Path, n: int | None, console: Console, *, trace: bool) -> None:
    """Story clustering alone, streamed in file order: the memory bound of the clusterer."""
    clusterer = StoryClusterer()
    sizes: Counter[int] = Counter()
    articles = 0
    most_open = 0
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    for article in read_articles(path, n):
        clusterer.add(
            StoryDocument(
                article_id=article.id,
                text=article.text,
                title=article.title,
                published=article.published,
            )
        )
        articles += 1
        most_open = max(most_open, clusterer.open_stories)
        sizes.update(len(s.article_ids) for s in clusterer.drain())
    sizes.update(len(s.article_ids) for s in clusterer.finish())
    seconds = time.perf_counter() - t0
    traced = _stop_tracing(trace)
    table = Table(title=f"Story clustering alone on {articles} news-international articles")
    for column in ("figure", "value"):
        table.add_column(column)
    table.add_row("seconds", f"{seconds:.1f}")
    table.add_row("articles/s", f"{articles / seconds:.0f}")
    table.add_row("stories", str(sum(sizes.values())))
    table.add_row("stories with 2+ articles", str(sum(v for k, v in sizes.items() if k > 1)))
    table.add_row("largest story", str(max(sizes, default=0)))
    table.add_row("most stories open at once", str(most_open))
    if trace:
        table.add_row("peak traced Python memory", f"{traced / 2**20:.1f} MB")
    table.add_row("peak RSS", f"{peak_rss_mb():.0f} MB")
    console.print(table)


def full_pipeline(
    path: Path, n: int, db: Path | None, batch_size: int, console: Console, *, trace: bool
) -> None:
    """Extract and store ``n`` articles, then build the analysis; report both stages."""
    with tempfile.TemporaryDirectory() as tmp:
        target = db or Path(tmp) / "bench.duckdb"
        extractor = build_extractor(options=ExtractOptions(batch_size=batch_size))
        with Store.open(target) as store:
            t0 = time.perf_counter()
            report = analyze(read_articles(path, n), store=store, extractor=extractor)
            extract_seconds = time.perf_counter() - t0
            rss_before = peak_rss_mb()
            if trace:
                tracemalloc.start()
            t0 = time.perf_counter()
            built = build_analysis(store, options=AnalysisOptions())
            build_seconds = time.perf_counter() - t0
            traced = _stop_tracing(trace)
            multi = store.connection.execute(
                "SELECT count(*), max(n) FROM (SELECT count(*) AS n FROM story_articles "
                "GROUP BY story_id) WHERE n > 1"
            ).fetchone() or (0, 0)
            merged = store.connection.execute(
                "SELECT count(*), count(*) FILTER (WHERE articles > 1) FROM canonical_events "
                "WHERE mentions > 1"
            ).fetchone() or (0, 0)
    table = Table(title=f"Analysis of {built.articles} news-international articles")
    for column in ("figure", "value"):
        table.add_column(column)
    table.add_row("articles stored (skipped)", f"{report.stored} ({report.skipped})")
    table.add_row("extraction seconds", f"{extract_seconds:.1f}")
    table.add_row("analysis build seconds", f"{build_seconds:.2f}")
    table.add_row("analysis articles/s", f"{built.articles / build_seconds:.0f}")
    table.add_row("stories", str(built.stories))
    table.add_row("stories with 2+ articles (largest)", f"{multi[0]} ({multi[1] or 0})")
    table.add_row("event mentions", str(built.mentions))
    table.add_row("canonical events", str(built.canonical_events))
    table.add_row("duplicate ratio (mentions/canonical)", f"{built.duplicate_ratio:.3f}")
    table.add_row("canonical events merged (across articles)", f"{merged[0]} ({merged[1]})")
    table.add_row("planned -> occurred links", str(built.links))
    if trace:
        table.add_row("analysis peak traced Python memory", f"{traced / 2**20:.1f} MB")
    table.add_row("peak RSS before / after analysis", f"{rss_before:.0f} / {peak_rss_mb():.0f} MB")
    console.print(table)


def _stop_tracing(trace: bool) -> int:
    """The peak of traced allocations (0 when not tracing), and tracing stopped."""
    if not trace:
        return 0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=300, help="articles to process")
    parser.add_argument("--data", type=Path, default=NEWS)
    parser.add_argument("--db", type=Path, default=None, help="keep the store in this file")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument(
        "--cluster-only", action="store_true", help="only stream story clustering (fast)"
    )
    parser.add_argument("--all", action="store_true", help="every article (with --cluster-only)")
    parser.add_argument(
        "--trace-memory",
        action="store_true",
        help="also report the analysis's peak Python allocations (tracemalloc; 2-3x slower)",
    )
    args = parser.parse_args()
    if not args.data.exists():
        raise SystemExit(f"benchmark data not found: {args.data}")
    console = Console()
    if args.cluster_only:
        cluster_only(args.data, None if args.all else args.n, console, trace=args.trace_memory)
    else:
        full_pipeline(args.data, args.n, args.db, args.batch_size, console, trace=args.trace_memory)


if __name__ == "__main__":
    main()
