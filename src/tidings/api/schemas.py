"""The shapes the API answers with, so that its OpenAPI schema documents every field.

Stored facts are the data contracts themselves (``Article``, ``Event``, ``Quote``, ``Story``);
analysis results are given as their ``as_dict`` forms under a typed envelope.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tidings.models import Article, Event, Quote, Story


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PageInfo(_Out):
    total: int = Field(description="How many items match, over all pages.")
    limit: int
    offset: int


class ArticleBrief(_Out):
    id: str
    title: str | None
    source: str | None
    url: str | None
    published: date | None
    language: str | None

    @classmethod
    def of(cls, article: Article) -> ArticleBrief:
        return cls(
            id=article.id,
            title=article.title,
            source=article.source,
            url=article.url,
            published=article.published,
            language=article.language,
        )


class ArticlePage(PageInfo):
    items: list[ArticleBrief]


class ArticleDetail(_Out):
    article: Article
    events: int
    quotes: int
    claims: int


class EventItem(_Out):
    event: Event
    title: str | None = Field(description="The title of the article it was read from.")
    outlet: str | None
    published: date | None
    canonical_id: str | None = Field(description="The cross-document event it was merged into.")


class EventPage(PageInfo):
    items: list[EventItem]


class ActorItem(_Out):
    key: str = Field(description="The key dyads and the graph use: a code, or a name for IGOs.")
    name: str
    code: str
    sector: str | None
    actor_ids: list[str]
    mentions: int
    articles: int


class ActorPage(PageInfo):
    items: list[ActorItem]


class Relation(_Out):
    other: str
    label: str
    direction: Literal["out", "in"]
    events: int
    cooperation: int
    conflict: int
    alleged: int
    types: str


class CanonicalItem(_Out):
    id: str
    type: str
    status: str
    day: date | None
    quad_class: int | None
    quad: int = Field(description="The quad class it counts in (its own, else its type's).")
    intensity: float | None
    source: list[str]
    target: list[str]
    label: str
    mentions: int
    outlets: list[str]
    article_ids: list[str]
    story_ids: list[str]


class CanonicalDetail(CanonicalItem):
    reports: list[EventItem] = Field(description="Every raw event merged into it, with sentences.")


class CanonicalList(_Out):
    items: list[CanonicalDetail]


class ActorDetail(_Out):
    actor: ActorItem
    relations: list[Relation]
    recent_events: list[CanonicalItem]
    quotes_by: list[Quote]
    quotes_about: list[Quote]


class QuotePage(PageInfo):
    items: list[Quote]


class StoryItem(_Out):
    story: Story
    articles: int


class StoryPage(PageInfo):
    items: list[StoryItem]


class ComparedEvent(_Out):
    id: str
    type: str
    status: str
    label: str


class ClaimGroupItem(_Out):
    text: str
    claimant: str | None
    claim_ids: list[str]


class ToneItem(_Out):
    tone: float = Field(description="Mean lexicon score per sentence naming the actor.")
    sentences: int
    terms: list[str]


class OutletCoverageItem(_Out):
    outlet: str
    article_ids: list[str]
    events: list[str] = Field(description="Canonical event ids this outlet carries.")
    omitted_events: list[str]
    claims: list[int] = Field(description="Indexes into the comparison's claims.")
    omitted_claims: list[int]
    quoted: dict[str, int] = Field(description="Speaker to number of quotes.")
    tone: dict[str, ToneItem] = Field(description="Actor to tone toward it.")


class Comparison(_Out):
    story_id: str
    events: list[ComparedEvent]
    claims: list[ClaimGroupItem]
    outlets: list[OutletCoverageItem]


class StoryDetail(_Out):
    story: Story
    articles: list[ArticleBrief]
    comparison: Comparison = Field(description="Per outlet: what is carried and omitted.")


class DyadPeriodItem(_Out):
    period: date = Field(description="The first day of the period.")
    events: int
    by_type: dict[str, int]
    by_quad: dict[str, int] = Field(description="Quad class (1-4) to canonical events.")
    by_status: dict[str, int]
    mean_intensity: float | None
    canonical_ids: list[str] = Field(description="Look them up at /api/canonical-events.")


class DyadSeriesOut(_Out):
    a: str
    b: str
    by: Literal["day", "week", "month"]
    directed: bool
    total: int
    undated: int = Field(description="Matching events with no date, in no period.")
    periods: list[DyadPeriodItem]


class CitationItem(_Out):
    article_id: str
    start: int
    end: int
    outlet: str | None


class CitedSentenceItem(_Out):
    text: str
    citations: list[CitationItem]


class TimelineItem(_Out):
    canonical_id: str
    day: date | None
    type: str
    status: str
    source: list[str]
    target: list[str]
    label: str
    mentions: int
    outlets: list[str]
    article_ids: list[str]
    led_to: list[str] = Field(description="Canonical events this plan turned into.")


class KeyQuoteItem(_Out):
    text: str
    speaker: str | None
    article_id: str
    start: int
    end: int
    outlet: str | None


class BriefingOut(_Out):
    title: str
    scope: str = Field(description='"story <id>" or "dyad A B".')
    since: date | None
    until: date | None
    summary: list[CitedSentenceItem]
    timeline: list[TimelineItem]
    quotes: list[KeyQuoteItem]


class DyadItem(_Out):
    a: str
    b: str
    a_label: str
    b_label: str
    events: int
    cooperation: int
    conflict: int


class DyadList(_Out):
    items: list[DyadItem]


class GraphNode(_Out):
    id: str
    label: str
    degree: int


class GraphEdge(_Out):
    source: str
    target: str
    events: int
    cooperation: int
    conflict: int
    weight: int
    types: str


class Graph(_Out):
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class SearchResult(_Out):
    q: str
    articles: list[ArticleBrief]
    actors: list[ActorItem]
    events: list[EventItem]


class Summary(_Out):
    summary: dict[str, Any]


class IngestArticle(_Out):
    """One article to analyse: the text, and what is known about where it came from."""

    text: str = Field(min_length=1, max_length=200_000)
    id: str | None = Field(default=None, max_length=200)
    title: str | None = Field(default=None, max_length=1_000)
    url: str | None = Field(default=None, max_length=2_000)
    source: str | None = Field(default=None, max_length=200)
    author: str | None = Field(default=None, max_length=200)
    published: date | None = None
    language: str | None = Field(default=None, max_length=16)


class IngestRequest(_Out):
    articles: list[IngestArticle] = Field(min_length=1)


class IngestResponse(_Out):
    read: int
    stored: int
    already_stored: int
    duplicates: int
    near_duplicates: int
    stored_uncoded: int
    problems: list[str]
    article_ids: list[str]
    analysis: dict[str, Any]


class Problem(_Out):
    detail: str
