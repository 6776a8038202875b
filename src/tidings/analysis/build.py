"""Building the analysis: stories and canonical events from everything in the store, in one pass.

Articles are streamed from the store in publication order, as a firehose would bring them;
each is clustered into a story at once, and its events are deduplicated against the events of
earlier articles with that story known. Both stages hand out what they have closed as they go,
so memory stays bounded by their open windows, not by the size of the store.

The result replaces the previous analysis whole (stories, canonical events, links) in one
transaction, and the build is recorded with a fingerprint of the store's articles and of the
options, so that :func:`analysis_is_stale` can tell whether anything has changed since and
:func:`ensure_analysis` rebuilds only then. The faces call ``ensure_analysis`` before every
read, so ``tidings stories`` never shows stories older than the articles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from tidings.analysis.dedup import DedupOptions, EventDeduplicator, EventMention
from tidings.analysis.stories import StoryClusterer, StoryDocument, StoryOptions
from tidings.analysis.tables import (
    BuildRecord,
    clear_analysis,
    events_of,
    extraction_fingerprint,
    insert_canonical,
    insert_links,
    iter_article_pages,
    last_build,
    record_build,
)
from tidings.models import Story, stable_id
from tidings.store import Store
from tidings.store.writes import transaction


@dataclass(frozen=True, kw_only=True)
class AnalysisOptions:
    """Options of the whole analysis build: one object per stage it runs."""

    stories: StoryOptions = field(default_factory=StoryOptions)
    dedup: DedupOptions = field(default_factory=DedupOptions)
    page: int = 256  # articles read per query

    def fingerprint(self) -> str:
        return stable_id(repr(self.stories), repr(self.dedup))


@dataclass(frozen=True, kw_only=True)
class AnalysisReport:
    """What a build produced; ``duplicate_ratio`` is event mentions per canonical event."""

    articles: int
    stories: int
    canonical_events: int
    mentions: int
    links: int
    rebuilt: bool = True

    @property
    def duplicate_ratio(self) -> float:
        return self.mentions / self.canonical_events if self.canonical_events else 0.0

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = dict(self.__dict__)
        data["duplicate_ratio"] = round(self.duplicate_ratio, 4)
        return data


def build_analysis(
    store: Store,
    *,
    options: AnalysisOptions | None = None,
    on_article: Callable[[str], None] | None = None,
) -> AnalysisReport:
    """Cluster every article into stories and merge their events; store both; report."""
    opts = options or AnalysisOptions()
    con = store.connection
    fingerprint = _fingerprint(store, opts)
    clusterer = StoryClusterer(options=opts.stories)
    dedup = EventDeduplicator(options=opts.dedup)
    stories: list[Story] = []
    articles = mentions = canonical = 0
    with transaction(con):
        clear_analysis(con)
        for page in iter_article_pages(con, page=opts.page):
            events = events_of(con, [a.id for a in page])
            for article in page:
                story_id = clusterer.add(
                    StoryDocument(
                        article_id=article.id,
                        text=article.text,
                        title=article.title,
                        published=article.published,
                        actors=article.actors,
                    )
                )
                for event in events.get(article.id, []):
                    dedup.add(
                        EventMention(
                            event=event,
                            published=article.published,
                            outlet=article.source,
                            story_id=story_id,
                        )
                    )
                    mentions += 1
                articles += 1
                if on_article is not None:
                    on_article(article.id)
            stories.extend(clusterer.drain())
            canonical += insert_canonical(con, dedup.drain())
        stories.extend(clusterer.finish())
        canonical += insert_canonical(con, dedup.finish())
        links = insert_links(con, dedup.links)
        record_build(
            con,
            BuildRecord(
                fingerprint=fingerprint,
                built_at=datetime.now(),
                articles=articles,
                stories=len(stories),
                canonical_events=canonical,
                mentions=mentions,
            ),
        )
    store.save_stories(stories)
    return AnalysisReport(
        articles=articles,
        stories=len(stories),
        canonical_events=canonical,
        mentions=mentions,
        links=links,
    )


def analysis_is_stale(store: Store, *, options: AnalysisOptions | None = None) -> bool:
    """Whether the stored analysis predates the store's articles (or was built differently)."""
    record = last_build(store.connection)
    return record is None or record.fingerprint != _fingerprint(store, options or AnalysisOptions())


def ensure_analysis(store: Store, *, options: AnalysisOptions | None = None) -> AnalysisReport:
    """Rebuild the analysis when it is stale; otherwise report the stored build."""
    opts = options or AnalysisOptions()
    if analysis_is_stale(store, options=opts):
        return build_analysis(store, options=opts)
    record = last_build(store.connection)
    assert record is not None
    links = store.connection.execute("SELECT count(*) FROM event_links").fetchone()
    return AnalysisReport(
        articles=record.articles,
        stories=record.stories,
        canonical_events=record.canonical_events,
        mentions=record.mentions,
        links=int(links[0]) if links else 0,
        rebuilt=False,
    )


def _fingerprint(store: Store, options: AnalysisOptions) -> str:
    return extraction_fingerprint(store.connection) + "|" + options.fingerprint()
