"""The main job: read articles, extract what they say, store it — resumable and idempotent.

Articles arrive as a stream (files, a folder, JSONL on stdin) and are processed in chunks:
each chunk is parsed with one ``nlp.pipe`` call and each article is stored in its own
transaction, so a crash loses at most the article being written and a re-run skips
everything already stored. One bad item is reported and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from tidings.extract import Extractor
from tidings.models import Article, ExtractionError, IngestProblem
from tidings.store import Store


@dataclass
class RunReport:
    """What a run did, for the summary and for `--errors FILE`."""

    read: int = 0
    stored: int = 0
    already_stored: int = 0
    problems: list[IngestProblem] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.problems)


def analyze(
    items: Iterable[Article | IngestProblem],
    *,
    store: Store,
    extractor: Extractor,
    chunk: int = 64,
    on_article: Callable[[Article], None] | None = None,
) -> RunReport:
    """Extract and store every new article in ``items``; report the rest."""
    report = RunReport()
    for batch in _chunks(items, chunk):
        fresh: list[Article] = []
        seen_in_batch: set[str] = set()
        for item in batch:
            if isinstance(item, IngestProblem):
                report.problems.append(item)
                continue
            report.read += 1
            if item.id in seen_in_batch or store.has_extraction(item.id):
                report.already_stored += 1
                if on_article:
                    on_article(item)
                continue
            seen_in_batch.add(item.id)
            fresh.append(item)
        for article, result in extractor.extract_many(fresh):
            if isinstance(result, ExtractionError):
                report.problems.append(
                    IngestProblem(origin=article.origin or article.id, error=result.error)
                )
            elif store.save_extraction(article, result):
                report.stored += 1
            else:
                report.already_stored += 1
            if on_article:
                on_article(article)
    return report


def _chunks(
    items: Iterable[Article | IngestProblem], size: int
) -> Iterator[list[Article | IngestProblem]]:
    batch: list[Article | IngestProblem] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
