"""The main job: read articles, extract what they say, store it — resumable and idempotent.

Articles arrive as a stream (files, a folder, feeds, archives, JSONL on stdin) and are
processed in chunks, bounded both in articles and in characters so that memory does not
depend on the size of the input. In each chunk every article is given its canonical URL and
language, then matched against what is stored and what came earlier in the chunk:

* an article whose id is stored is skipped (``already_stored``): this is what makes a re-run
  or a run resumed after a crash cheap and free of duplicates;
* an exact or near copy of an earlier article is not stored again; the sighting is recorded
  as one more source of that article (``duplicates``, ``near_duplicates``);
* a new article in a language we code is parsed with one ``nlp.pipe`` call for the chunk and
  stored with its extraction; one in another language is stored and flagged by its
  ``language``, uncoded (``stored_uncoded``), since English lexicons would misread it.

Each chunk is stored in one transaction, every article together with its facts, fingerprint
and source row, so killing the process at any instant loses at most the chunk being written
(never part of an article), and running again skips what is stored and writes exactly what
a clean run would have. Should the store refuse something in a chunk, the chunk is written
again article by article, so one bad item is reported and the batch goes on.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb

from tidings.ingest.dedup import Deduplicator, DedupOptions, Fingerprint, MemoryIndex
from tidings.ingest.files import problem_reason
from tidings.ingest.metadata import enrich_article
from tidings.models import Article, Extraction, ExtractionError, IngestProblem
from tidings.store import Store, StoreError
from tidings.store.sources import (
    ChunkResult,
    Copy,
    NewArticle,
    StoreFingerprints,
    backfill_fingerprints,
    save_chunk,
    stored_states,
)

if TYPE_CHECKING:
    # Only the type: importing the façade pulls in spaCy, which a caller that passes its own
    # extractor (a resumed job, a test driver) should not have to load.
    from tidings.extract import Extractor

__all__ = ["AnalyzeOptions", "RunReport", "analyze"]

Item = Article | IngestProblem
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnalyzeOptions:
    """How a run chunks, matches and routes articles.

    ``chunk`` articles or ``chunk_chars`` characters of text, whichever comes first, make
    one chunk (one ``nlp.pipe`` call). ``code_languages`` are the languages the extractor
    is run on; an article whose language is unknown (too short to tell, nothing declared)
    is coded, since most of what we read is English and losing it would be worse.
    """

    chunk: int = 64
    chunk_chars: int = 2_000_000
    dedup: bool = True
    dedup_options: DedupOptions = field(default_factory=DedupOptions)
    detect_language: bool = True
    code_languages: frozenset[str] = frozenset({"en"})

    def codes(self, article: Article) -> bool:
        return article.language is None or article.language in self.code_languages


@dataclass
class RunReport:
    """What a run did, for the summary and for `--errors FILE`.

    Every article read ends in exactly one of: ``stored`` (of which ``stored_uncoded`` were
    stored without coding because of their language), ``already_stored``, ``duplicates``,
    ``near_duplicates`` or, when it failed in extraction, ``problems``. ``problems`` also
    holds the inputs that never became articles; ``skipped`` counts them all.
    """

    read: int = 0
    stored: int = 0
    already_stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    stored_uncoded: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    problems: list[IngestProblem] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.problems)

    @property
    def skipped_by_reason(self) -> dict[str, int]:
        """How many items were skipped for each kind of reason, most frequent first."""
        counts = Counter(problem_reason(problem) for problem in self.problems)
        return dict(counts.most_common())


@dataclass
class _Chunk:
    """One chunk's decisions before anything is written."""

    order: list[Article] = field(default_factory=list)
    fresh: list[tuple[Article, Fingerprint]] = field(default_factory=list)
    copies: list[Copy] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


def analyze(
    items: Iterable[Item],
    *,
    store: Store,
    extractor: Extractor,
    chunk: int = 64,
    on_article: Callable[[Article], None] | None = None,
    options: AnalyzeOptions | None = None,
) -> RunReport:
    """Extract and store every new article in ``items``; record copies; report the rest.

    ``chunk`` is the chunk size when no ``options`` are given (the CLI's knob); ``on_article``
    is called for every article read, once its chunk is stored.
    """
    options = options or AnalyzeOptions(chunk=chunk)
    report = RunReport()
    deduplicator = Deduplicator(options.dedup_options)
    if options.dedup:
        backfill_fingerprints(store, deduplicator)
    for batch in _chunks(items, options.chunk, options.chunk_chars):
        plan = _plan(batch, store, report, deduplicator, options)
        _write(plan, store, extractor, report, options)
        if on_article:
            for article in plan.order:
                on_article(article)
    return report


def _plan(
    batch: list[Item],
    store: Store,
    report: RunReport,
    deduplicator: Deduplicator,
    options: AnalyzeOptions,
) -> _Chunk:
    """Decide, before writing anything, what each item of the chunk is."""
    plan = _Chunk()
    articles: list[Article] = []
    for item in batch:
        if isinstance(item, IngestProblem):
            report.problems.append(item)
            continue
        report.read += 1
        article = enrich_article(item, detect=options.detect_language)
        report.languages[article.language or "unknown"] += 1
        articles.append(article)
        plan.order.append(article)
    states = stored_states(store, [article.id for article in articles])
    unseen: list[tuple[Article, Fingerprint]] = []
    for article in articles:
        done = states.get(article.id) if options.codes(article) else article.id in states
        if done or article.id in plan.ids:
            report.already_stored += 1
            continue
        plan.ids.add(article.id)
        unseen.append((article, deduplicator.fingerprint(article)))
    pending = MemoryIndex()
    stored = MemoryIndex()
    if options.dedup:
        stored = StoreFingerprints(store).candidates([fp for _, fp in unseen])
    plan.ids.clear()
    for article, fingerprint in unseen:
        match = deduplicator.find(fingerprint, [stored, pending]) if options.dedup else None
        if match is not None:
            plan.copies.append(Copy(article, fingerprint, match))
        elif article.id not in plan.ids:
            plan.ids.add(article.id)
            pending.add(article.id, fingerprint)
            plan.fresh.append((article, fingerprint))
    return plan


def _write(
    plan: _Chunk, store: Store, extractor: Extractor, report: RunReport, options: AnalyzeOptions
) -> None:
    """Extract the chunk's new articles in one batch, then store the chunk in one transaction."""
    extractions: dict[str, Extraction] = {}
    failed: set[str] = set()
    coded = [article for article, _ in plan.fresh if options.codes(article)]
    for article, result in extractor.extract_many(coded):
        if isinstance(result, ExtractionError):
            failed.add(article.id)
            report.problems.append(
                IngestProblem(origin=article.origin or article.id, error=result.error)
            )
        else:
            extractions[article.id] = result
    new = [
        NewArticle(article, fingerprint, extractions.get(article.id))
        for article, fingerprint in plan.fresh
        if article.id not in failed
    ]
    copies: list[Copy] = []
    for copy in plan.copies:
        if copy.match.article_id in failed:
            report.problems.append(
                IngestProblem(
                    origin=copy.article.origin or copy.article.id,
                    error=f"{copy.match.kind} of {copy.match.article_id}, which could not be "
                    "extracted; not stored",
                )
            )
        else:
            copies.append(copy)
    try:
        results = [save_chunk(store, new, copies)]
    except (duckdb.Error, StoreError) as exc:
        # One item the store refuses must not cost the chunk: write them one by one.
        logger.warning("chunk write failed (%s); storing its articles one by one", exc)
        results = _write_one_by_one(store, new, copies, report)
    uncoded = {item.article.id for item in new if item.extraction is None}
    for outcome in results:
        report.stored += len(outcome.stored)
        report.stored_uncoded += sum(1 for i in outcome.stored if i in uncoded)
        report.already_stored += len(outcome.already)
    added = [flag for outcome in results for flag in outcome.copies_added]
    for copy, was_added in zip(
        [c for c in copies if not _refused(c, results)], added, strict=False
    ):
        if not was_added:
            report.already_stored += 1
        elif copy.match.kind == "duplicate":
            report.duplicates += 1
        else:
            report.near_duplicates += 1


def _refused(copy: Copy, results: list[ChunkResult]) -> bool:
    return any(copy.article.id in result.refused for result in results)


def _write_one_by_one(
    store: Store, new: list[NewArticle], copies: list[Copy], report: RunReport
) -> list[ChunkResult]:
    results: list[ChunkResult] = []
    for item in new:
        try:
            results.append(save_chunk(store, [item], []))
        except (duckdb.Error, StoreError) as exc:
            report.problems.append(_store_problem(item.article, exc))
    for copy in copies:
        try:
            results.append(save_chunk(store, [], [copy]))
        except (duckdb.Error, StoreError) as exc:
            report.problems.append(_store_problem(copy.article, exc))
            results.append(ChunkResult(refused=[copy.article.id]))
    return results


def _store_problem(article: Article, exc: BaseException) -> IngestProblem:
    return IngestProblem(
        origin=article.origin or article.id,
        error=f"could not be stored: {type(exc).__name__}: {exc}",
    )


def _chunks(items: Iterable[Item], size: int, max_chars: int) -> Iterator[list[Item]]:
    """Consecutive chunks of at most ``size`` items and (but for one huge article) ``max_chars``."""
    batch: list[Item] = []
    chars = 0
    for item in items:
        length = len(item.text) if isinstance(item, Article) else 0
        if batch and chars + length > max_chars:
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += length
        if len(batch) >= size:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch
