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

Each article is stored in its own transaction together with its facts, fingerprint and
source row, so killing the process at any instant loses at most the article being written,
and running again stores exactly what a clean run would have. One bad item is reported and
the batch goes on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from tidings.extract import Extractor
from tidings.ingest.dedup import DedupOptions, Deduplicator, Fingerprint, Match, MemoryIndex
from tidings.ingest.metadata import enrich_article
from tidings.ingest.problems import problem_reason
from tidings.models import Article, ExtractionError, IngestProblem
from tidings.store import Store
from tidings.store.sources import StoreFingerprints, backfill_fingerprints, save_article, save_copy

__all__ = ["AnalyzeOptions", "RunReport", "analyze"]

Item = Article | IngestProblem


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

    fresh: list[tuple[Article, Fingerprint]] = field(default_factory=list)
    copies: list[tuple[Article, Fingerprint, Match]] = field(default_factory=list)
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
    """Extract and store every new article in ``items``; record copies; report the rest."""
    options = options or AnalyzeOptions(chunk=chunk)
    report = RunReport()
    deduplicator = Deduplicator(options.dedup_options)
    stored_index = StoreFingerprints(store)
    pending = MemoryIndex()
    if options.dedup:
        backfill_fingerprints(store, deduplicator)
    for batch in _chunks(items, options.chunk, options.chunk_chars):
        plan = _plan(batch, store, report, deduplicator, [stored_index, pending], options)
        _write(plan, store, extractor, report, options, on_article)
        pending.clear()
    return report


def _plan(
    batch: list[Item],
    store: Store,
    report: RunReport,
    deduplicator: Deduplicator,
    indexes: list[StoreFingerprints | MemoryIndex],
    options: AnalyzeOptions,
) -> _Chunk:
    plan = _Chunk()
    pending = indexes[-1]
    for item in batch:
        if isinstance(item, IngestProblem):
            report.problems.append(item)
            continue
        report.read += 1
        article = enrich_article(item, detect=options.detect_language)
        report.languages[article.language or "unknown"] += 1
        if article.id in plan.ids or _is_stored(store, article, options):
            report.already_stored += 1
            continue
        fingerprint = deduplicator.fingerprint(article)
        match = deduplicator.find(fingerprint, indexes) if options.dedup else None
        if match is not None:
            plan.copies.append((article, fingerprint, match))
            continue
        plan.ids.add(article.id)
        assert isinstance(pending, MemoryIndex)
        pending.add(article.id, fingerprint)
        plan.fresh.append((article, fingerprint))
    return plan


def _is_stored(store: Store, article: Article, options: AnalyzeOptions) -> bool:
    """Whether a re-run can skip the article: stored with its facts, or stored uncoded."""
    if options.codes(article):
        return store.has_extraction(article.id)
    return store.has_article(article.id)


def _write(
    plan: _Chunk,
    store: Store,
    extractor: Extractor,
    report: RunReport,
    options: AnalyzeOptions,
    on_article: Callable[[Article], None] | None,
) -> None:
    """Store the chunk's new articles, then its copies, each in its own transaction."""
    failed: set[str] = set()
    fingerprints = {article.id: fp for article, fp in plan.fresh}
    coded = [article for article, _ in plan.fresh if options.codes(article)]
    for article, result in extractor.extract_many(coded):
        if isinstance(result, ExtractionError):
            failed.add(article.id)
            report.problems.append(
                IngestProblem(origin=article.origin or article.id, error=result.error)
            )
        elif save_article(store, article, fingerprints[article.id], result):
            report.stored += 1
        else:
            report.already_stored += 1
        if on_article:
            on_article(article)
    for article, fingerprint in plan.fresh:
        if options.codes(article):
            continue
        if save_article(store, article, fingerprint, None):
            report.stored += 1
            report.stored_uncoded += 1
        else:
            report.already_stored += 1
        if on_article:
            on_article(article)
    for copy, fingerprint, match in plan.copies:
        _write_copy(copy, fingerprint, match, store, report, failed)
        if on_article:
            on_article(copy)


def _write_copy(
    copy: Article,
    fingerprint: Fingerprint,
    match: Match,
    store: Store,
    report: RunReport,
    failed: set[str],
) -> None:
    if match.article_id in failed:
        report.problems.append(
            IngestProblem(
                origin=copy.origin or copy.id,
                error=f"{match.kind} of {match.article_id}, which could not be extracted; "
                "not stored",
            )
        )
    elif not save_copy(store, copy, fingerprint, match):
        report.already_stored += 1
    elif match.kind == "duplicate":
        report.duplicates += 1
    else:
        report.near_duplicates += 1


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
