"""Ingestion throughput and peak memory, at several corpus sizes, on real news.

Run with ``python benchmarks/ingest.py`` (``--help`` for the knobs). Reads
../shared/data/news-international/news-international.jsonl.gz (3,590 articles), writes
gzip JSON Lines corpora of the sizes asked for into a temporary folder, and measures two
stages, each in a fresh child process so that its peak RSS is its own:

* ``read``: reading the file (gzip, JSON, cleaning) and preparing each article (canonical
  URL, language detection, MinHash fingerprint);
* ``store``: the same plus duplicate matching against the store and storing every article,
  its fingerprint and its source in DuckDB, through ``analyze`` with a no-op extractor (so
  this is ingestion without the NLP, which ``benchmarks/run.py`` measures).

Sizes beyond the corpus are made by repeating it with every seventh word of each copy
replaced (seeded), so that copies are new articles to the deduplicator rather than
duplicates, yet read like the real thing. If peak RSS stays flat while the size grows,
memory does not depend on the size of the input. Never part of the test suite.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

NEWS = (
    Path(__file__).resolve().parents[1].parent
    / "shared/data/news-international/news-international.jsonl.gz"
)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _records(path: Path) -> Iterator[dict[str, object]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def write_tiny_corpus(target: Path, size: int) -> None:
    """``size`` one-sentence articles: many records, little text, to stress the streaming."""
    with gzip.open(target, "wt", encoding="utf-8") as out:
        for i in range(size):
            text = f"Ministers met in Ankara on day {i} to talk about borders and trade."
            out.write(json.dumps({"id": f"tiny-{i}", "text": text}) + "\n")


def write_corpus(source: Path, target: Path, size: int) -> None:
    """``size`` articles: the corpus, then mutated copies of it, streamed to gzip JSONL."""
    rng = random.Random(size)
    written = 0
    with gzip.open(target, "wt", encoding="utf-8") as out:
        copy = 0
        while written < size:
            for record in _records(source):
                if written >= size:
                    break
                if copy:
                    words = str(record["text"]).split(" ")
                    for i in range(copy % 7, len(words), 7):
                        words[i] = rng.choice(words)
                    record = {**record, "id": f"{record['id']}-{copy}", "text": " ".join(words)}
                    record["url"] = f"{record.get('url') or 'https://example.com/a'}?copy={copy}"
                out.write(json.dumps(record) + "\n")
                written += 1
            copy += 1


class NullExtractor:
    """Finds nothing, instantly: what is measured is ingestion and storing."""

    def extract_many(self, articles: Iterable[object]) -> Iterator[tuple[object, object]]:
        from tidings.models import Extraction

        for article in articles:
            yield article, Extraction(id=article.id)  # type: ignore[attr-defined]


def run_child(mode: str, corpus: Path, db: Path, memory: str | None) -> dict[str, object]:
    """The measurement itself, in this (child) process."""
    from tidings.analyze import analyze
    from tidings.ingest import Deduplicator, enrich_article, read_path
    from tidings.models import Article
    from tidings.store import Store

    baseline = peak_rss_mb()
    start = time.perf_counter()
    figures: dict[str, object] = {}
    if mode == "read":
        deduplicator = Deduplicator()
        count = 0
        for item in read_path(corpus):
            if isinstance(item, Article):
                deduplicator.fingerprint(enrich_article(item))
                count += 1
        figures["articles"] = count
    else:
        with Store.open(db) as store:
            if memory:
                store.connection.execute("SET memory_limit = ?", [memory])
            report = analyze(read_path(corpus), store=store, extractor=NullExtractor())  # type: ignore[arg-type]
        figures.update(
            articles=report.read,
            stored=report.stored,
            duplicates=report.duplicates,
            near_duplicates=report.near_duplicates,
            problems=report.skipped,
        )
    seconds = time.perf_counter() - start
    count = int(figures["articles"])  # type: ignore[call-overload]
    figures.update(
        seconds=round(seconds, 1),
        per_second=round(count / seconds, 1) if seconds else 0.0,
        baseline_rss_mb=round(baseline, 1),
        peak_rss_mb=round(peak_rss_mb(), 1),
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=NEWS)
    parser.add_argument("--sizes", default="1795,3590,10770", help="comma-separated sizes")
    parser.add_argument("--modes", default="read,store")
    parser.add_argument(
        "--tiny",
        default="",
        help="comma-separated sizes of one-sentence corpora to read (e.g. 10000,100000)",
    )
    parser.add_argument(
        "--duckdb-memory",
        help="DuckDB memory_limit for the store stage (e.g. 128MB); DuckDB's default otherwise",
    )
    parser.add_argument("--child", choices=["read", "store"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.corpus, args.db, args.duckdb_memory)))
        return
    if not args.data.exists():
        raise SystemExit(f"benchmark data not found: {args.data}")
    runs = [(int(size), False) for size in args.sizes.split(",") if size]
    runs += [(int(size), True) for size in args.tiny.split(",") if size]
    print(
        f"{'mode':<6} {'size':>7} {'art/s':>8} {'seconds':>8} {'base MB':>8} {'peak MB':>8}  notes"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size, tiny in runs:
            corpus = Path(folder) / f"corpus-{size}-{tiny}.jsonl.gz"
            if tiny:
                write_tiny_corpus(corpus, size)
            else:
                write_corpus(args.data, corpus, size)
            for mode in ["read"] if tiny else args.modes.split(","):
                db = Path(folder) / f"{mode}-{size}.duckdb"
                output = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--child",
                        mode,
                        "--corpus",
                        str(corpus),
                        "--db",
                        str(db),
                        *(["--duckdb-memory", args.duckdb_memory] if args.duckdb_memory else []),
                    ],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                result = json.loads(output.strip().splitlines()[-1])
                notes = "one-sentence articles" if tiny else ""
                if mode == "store":
                    notes = (
                        f"stored {result['stored']}, duplicates {result['duplicates']}, "
                        f"near-duplicates {result['near_duplicates']}"
                    )
                print(
                    f"{mode:<6} {size:>7} {result['per_second']:>8} {result['seconds']:>8} "
                    f"{result['baseline_rss_mb']:>8} {result['peak_rss_mb']:>8}  {notes}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
