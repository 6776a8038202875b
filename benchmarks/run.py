"""Throughput and memory of the extract pipeline against bare spaCy, on real news.

Run with `make bench` (or `python benchmarks/run.py --n 300`). Reads
../shared/data/news-international/news-international.jsonl.gz; prints a table of articles/s,
words/s, the ratio of the full pipeline to bare ``nlp.pipe`` on the same texts, the
articles/day that rate is equivalent to, and the peak RSS of this process. Never part of the
test suite: timings belong here, not in assertions.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tidings.extract import ExtractOptions, build_extractor
from tidings.ingest import clean_text
from tidings.models import Article
from tidings.nlp import build_pipeline

NEWS = (
    Path(__file__).resolve().parents[1].parent
    / "shared/data/news-international/news-international.jsonl.gz"
)


def load_articles(path: Path, n: int) -> Iterator[Article]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= n:
                break
            rec = json.loads(line)
            published = date.fromisoformat(rec["date"]) if rec.get("date") else None
            yield Article.from_text(
                clean_text(rec["text"]), id=rec["id"], published=published, source=rec["source"]
            )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200, help="articles to process")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--data", type=Path, default=NEWS)
    args = parser.parse_args()
    if not args.data.exists():
        raise SystemExit(f"benchmark data not found: {args.data}")
    articles = list(load_articles(args.data, args.n))
    words = sum(len(a.text.split()) for a in articles)
    nlp = build_pipeline()
    extractor = build_extractor(
        nlp=nlp, options=ExtractOptions(batch_size=args.batch_size, n_process=args.n_process)
    )
    extractor.extract(articles[0])  # warm caches outside the timings

    t0 = time.perf_counter()
    for _ in nlp.pipe(
        (a.text for a in articles), batch_size=args.batch_size, n_process=args.n_process
    ):
        pass
    bare = time.perf_counter() - t0

    t0 = time.perf_counter()
    events = 0
    for _, result in extractor.extract_many(articles):
        events += len(getattr(result, "events", []))
    full = time.perf_counter() - t0

    table = Table(title=f"Tidings extract on {len(articles)} news-international articles")
    for col in ("pipeline", "seconds", "articles/s", "words/s", "articles/day"):
        table.add_column(col, justify="right")
    for name, secs in (("bare nlp.pipe", bare), ("tidings extract", full)):
        rate = len(articles) / secs
        table.add_row(
            name, f"{secs:.1f}", f"{rate:.1f}", f"{words / secs:,.0f}", f"{rate * 86400:,.0f}"
        )
    console = Console()
    console.print(table)
    console.print(f"ratio extract/bare throughput: {bare / full:.2f}")
    console.print(
        f"events coded: {events}; peak RSS: {peak_rss_mb():.0f} MB; "
        f"n_process={args.n_process}, batch_size={args.batch_size}"
    )


if __name__ == "__main__":
    main()
