"""The read endpoints: thin wrappers over store reads, ``api.queries`` and the analysis stage.

Routes are built by a function of the options, so page-size limits show in the OpenAPI schema
as the bounds of each ``limit`` parameter. A bad parameter is a 422 naming the field; an
unknown id is a 404 naming what was looked for.
"""

# No ``from __future__ import annotations`` here: FastAPI reads the annotations of routes
# defined inside builder functions, and a string annotation naming a local alias (``Limit``,
# ``StoreDep``) could not be resolved.

from datetime import date
from functools import lru_cache
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query

from tidings.analysis import (
    CanonicalEvent,
    CanonicalFilter,
    RelationOptions,
    ToneLexicon,
    actor_graph,
    brief_dyad,
    brief_story,
    canonical_events,
    compare_sources,
    dyad_series,
    load_tone_lexicon,
    undirected,
)
from tidings.analysis.relations import quad_of
from tidings.api import queries
from tidings.api.app import ApiOptions, request_store
from tidings.api.schemas import (
    ActorDetail,
    ActorItem,
    ActorPage,
    ArticleBrief,
    ArticleDetail,
    ArticlePage,
    BriefingOut,
    CanonicalDetail,
    CanonicalItem,
    CanonicalList,
    Comparison,
    DyadItem,
    DyadList,
    DyadSeriesOut,
    EventItem,
    EventPage,
    Graph,
    GraphEdge,
    GraphNode,
    QuotePage,
    Relation,
    SearchResult,
    StoryDetail,
    StoryItem,
    StoryPage,
    Summary,
)
from tidings.models import PLOVER_TYPES
from tidings.store import Store

StoreDep = Annotated[Store, Depends(request_store)]
Text = Annotated[str | None, Query(max_length=200)]
Key = Annotated[str, Query(min_length=1, max_length=200, description="An actor key: RUS, NATO")]
Since = Annotated[date | None, Query(description="Only from this day (YYYY-MM-DD).")]
Until = Annotated[date | None, Query(description="Only up to this day, inclusive.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Status = Literal["occurred", "ongoing", "planned", "hypothetical", "negated", "alleged"]
PloverName = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]  # fmt: skip
assert len(PLOVER_TYPES) == 16
MAX_IDS = 200


@lru_cache(maxsize=1)
def tone_lexicon() -> ToneLexicon:
    return load_tone_lexicon()


def event_item(hit: queries.EventHit) -> EventItem:
    return EventItem(
        event=hit.event,
        title=hit.title,
        outlet=hit.outlet,
        published=hit.published,
        canonical_id=hit.canonical_id,
    )


def canonical_item(event: CanonicalEvent) -> CanonicalItem:
    return CanonicalItem(
        id=event.id,
        type=event.type,
        status=event.status,
        day=event.day,
        quad_class=event.quad_class,
        quad=quad_of(event),
        intensity=event.intensity,
        source=event.source_keys,
        target=event.target_keys,
        label=event.label,
        mentions=event.mentions,
        outlets=event.outlets,
        article_ids=event.article_ids,
        story_ids=event.story_ids,
    )


def canonical_detail(store: Store, event: CanonicalEvent) -> CanonicalDetail:
    reports = [event_item(h) for h in queries.events_by_ids(store, event.event_ids)]
    return CanonicalDetail(**canonical_item(event).model_dump(), reports=reports)


def actor_item(actor: queries.ActorSummary) -> ActorItem:
    return ActorItem(
        key=actor.key,
        name=actor.name,
        code=actor.code,
        sector=actor.sector,
        actor_ids=list(actor.actor_ids),
        mentions=actor.mentions,
        articles=actor.articles,
    )


def top_dyads(store: Store, *, top: int, since: date | None, until: date | None) -> DyadList:
    """The most active pairs (either direction), by canonical events."""
    graph = actor_graph(store, options=RelationOptions(since=since, until=until))
    pairs = undirected(graph)
    items = []
    for s, t, d in pairs.edges(data=True):
        a, b = sorted((s, t))
        items.append(
            DyadItem(
                a=a,
                b=b,
                a_label=str(graph.nodes[a].get("label", a)),
                b_label=str(graph.nodes[b].get("label", b)),
                events=d["events"],
                cooperation=d["cooperation"],
                conflict=d["conflict"],
            )
        )
    items.sort(key=lambda d: (-d.events, d.a, d.b))
    return DyadList(items=items[:top])


def graph_json(store: Store, *, top: int, since: date | None, until: date | None) -> Graph:
    """The actor graph, cut to the ``top`` best-connected actors."""
    graph = actor_graph(store, options=RelationOptions(since=since, until=until))
    degree = dict(graph.degree(weight="events"))
    keep = sorted(degree, key=lambda n: (-degree[n], n))[:top]
    kept = set(keep)
    nodes = [
        GraphNode(id=n, label=str(graph.nodes[n].get("label", n)), degree=int(degree[n]))
        for n in keep
    ]
    edges = [
        GraphEdge(
            source=s,
            target=t,
            events=d["events"],
            cooperation=d["cooperation"],
            conflict=d["conflict"],
            weight=d["weight"],
            types=d["types"],
        )
        for s, t, d in graph.edges(data=True)
        if s in kept and t in kept
    ]
    return Graph(nodes=nodes, edges=edges)


def actor_detail(store: Store, key: str, *, limit: int) -> ActorDetail:
    actor = queries.find_actor(store, key)
    if actor is None:
        raise HTTPException(404, f"there is no actor {key!r}: search with /api/actors?q=")
    graph = actor_graph(store)
    relations: list[Relation] = []
    node = next((n for n in graph.nodes if str(n).upper() == actor.key.upper()), None)
    if node is not None:
        for direction, edges in (("out", graph.out_edges(node, data=True)),
                                 ("in", graph.in_edges(node, data=True))):  # fmt: skip
            for s, t, d in edges:
                other = t if direction == "out" else s
                relations.append(
                    Relation(
                        other=other,
                        label=str(graph.nodes[other].get("label", other)),
                        direction=direction,  # type: ignore[arg-type]
                        events=d["events"],
                        cooperation=d["cooperation"],
                        conflict=d["conflict"],
                        alleged=d["alleged"],
                        types=d["types"],
                    )
                )
    relations.sort(key=lambda r: (-r.events, r.other, r.direction))
    recent = canonical_events(store.connection, CanonicalFilter(actor=actor.key))
    recent.sort(key=lambda e: (e.day is not None, e.day or date.min), reverse=True)
    return ActorDetail(
        actor=actor_item(actor),
        relations=relations,
        recent_events=[canonical_item(e) for e in recent[:limit]],
        quotes_by=queries.quotes_by(store, actor, limit=limit),
        quotes_about=queries.quotes_about(store, actor, limit=limit),
    )


def story_detail(store: Store, story_id: str) -> StoryDetail:
    story = next((s for s in store.stories() if s.id == story_id), None)
    if story is None:
        raise HTTPException(404, f"there is no story {story_id!r}: list them at /api/stories")
    articles = [a for i in story.article_ids if (a := store.get_article(i)) is not None]
    comparison = compare_sources(store, story_id, lexicon=tone_lexicon())
    return StoryDetail(
        story=story,
        articles=[ArticleBrief.of(a) for a in articles],
        comparison=Comparison.model_validate(comparison.as_dict()),
    )


def parse_ids(raw: str) -> list[str]:
    ids = [x for x in (p.strip() for p in raw.split(",")) if x]
    if not ids:
        raise HTTPException(422, "ids: give one or more ids separated by commas")
    if len(ids) > MAX_IDS:
        raise HTTPException(422, f"ids: at most {MAX_IDS} ids per request")
    return ids


def build_router(options: ApiOptions) -> APIRouter:
    """Every read endpoint, with ``limit`` bounded by ``options.max_page_size``."""
    router = APIRouter()
    Limit = Annotated[int, Query(ge=1, le=options.max_page_size, description="Page size.")]
    default = options.default_page_size

    @router.get("/summary", response_model=Summary, tags=["store"])
    def summary(store: StoreDep) -> Summary:
        """Counts over the whole store and its most frequent coded pairs."""
        return Summary(summary=store.summary().as_dict())

    @router.get("/articles", response_model=ArticlePage, tags=["articles"])
    def list_articles(
        store: StoreDep,
        q: Text = None,
        outlet: Text = None,
        since: Since = None,
        until: Until = None,
        limit: Limit = default,
        offset: Offset = 0,
    ) -> ArticlePage:
        """Articles, newest first; ``q`` searches titles and text."""
        query = queries.ArticleQuery(q=q, outlet=outlet, since=since, until=until)
        found, total = queries.page_articles(store, query, limit=limit, offset=offset)
        items = [ArticleBrief.of(a) for a in found]
        return ArticlePage(items=items, total=total, limit=limit, offset=offset)

    @router.get("/articles/{article_id}", response_model=ArticleDetail, tags=["articles"])
    def get_article(store: StoreDep, article_id: str) -> ArticleDetail:
        """One article with its full text and how many facts were read from it."""
        article = store.get_article(article_id)
        if article is None:
            raise HTTPException(404, f"there is no article {article_id!r}")
        return ArticleDetail(
            article=article,
            events=len(store.events(article_id=article_id)),
            quotes=len(store.quotes(article_id=article_id)),
            claims=len(store.claims(article_id=article_id)),
        )

    @router.get("/actors", response_model=ActorPage, tags=["actors"])
    def list_actors(
        store: StoreDep, q: Text = None, limit: Limit = default, offset: Offset = 0
    ) -> ActorPage:
        """Coded actors, most mentioned first; ``q`` matches key, name or KB id."""
        found = queries.search_actors(store, q)
        items = [actor_item(a) for a in found[offset : offset + limit]]
        return ActorPage(items=items, total=len(found), limit=limit, offset=offset)

    @router.get("/actors/{key:path}", response_model=ActorDetail, tags=["actors"])
    def get_actor(store: StoreDep, key: str, limit: Limit = 20) -> ActorDetail:
        """An actor's relations, recent canonical events, and quotes by and about it."""
        return actor_detail(store, key, limit=limit)

    @router.get("/events", response_model=EventPage, tags=["events"])
    def list_events(
        store: StoreDep,
        actor: Text = None,
        other: Annotated[
            str | None, Query(max_length=200, description="With actor: a dyad")
        ] = None,
        type: PloverName | None = None,
        quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
        status: Status | None = None,
        since: Since = None,
        until: Until = None,
        outlet: Text = None,
        article_id: Text = None,
        limit: Limit = default,
        offset: Offset = 0,
    ) -> EventPage:
        """Coded events (one per report) with their sentences; every filter narrows."""
        if other is not None and actor is None:
            raise HTTPException(422, "other: give actor too; other names the second of a dyad")
        query = queries.EventQuery(
            actor=actor,
            other=other,
            type=type,
            quad_class=quad_class,
            status=status,
            since=since,
            until=until,
            outlet=outlet,
            article_id=article_id,
        )
        hits, total = queries.page_events(store, query, limit=limit, offset=offset)
        return EventPage(
            items=[event_item(h) for h in hits], total=total, limit=limit, offset=offset
        )

    @router.get("/events/{event_id}", response_model=EventItem, tags=["events"])
    def get_event(store: StoreDep, event_id: str) -> EventItem:
        hits = queries.events_by_ids(store, [event_id])
        if not hits:
            raise HTTPException(404, f"there is no event {event_id!r}")
        return event_item(hits[0])

    @router.get("/canonical-events", response_model=CanonicalList, tags=["events"])
    def list_canonical(
        store: StoreDep,
        ids: Annotated[str, Query(max_length=20_000, description="Ids, comma separated.")],
    ) -> CanonicalList:
        """Cross-document events by id, each with every report of it and its sentence."""
        found = canonical_events(store.connection, CanonicalFilter(ids=tuple(parse_ids(ids))))
        return CanonicalList(items=[canonical_detail(store, e) for e in found])

    @router.get("/canonical-events/{canonical_id}", response_model=CanonicalDetail, tags=["events"])
    def get_canonical(store: StoreDep, canonical_id: str) -> CanonicalDetail:
        found = canonical_events(store.connection, CanonicalFilter(ids=(canonical_id,)))
        if not found:
            raise HTTPException(404, f"there is no canonical event {canonical_id!r}")
        return canonical_detail(store, found[0])

    @router.get("/stories", response_model=StoryPage, tags=["stories"])
    def list_stories(store: StoreDep, limit: Limit = default, offset: Offset = 0) -> StoryPage:
        """Stories, the most reported first."""
        found = store.stories()
        items = [StoryItem(story=s, articles=len(s.article_ids)) for s in found]
        return StoryPage(
            items=items[offset : offset + limit], total=len(found), limit=limit, offset=offset
        )

    @router.get("/stories/{story_id}", response_model=StoryDetail, tags=["stories"])
    def get_story(store: StoreDep, story_id: str) -> StoryDetail:
        """A story's articles and its sources side by side."""
        return story_detail(store, story_id)

    @router.get("/stories/{story_id}/briefing", response_model=BriefingOut, tags=["briefings"])
    def story_briefing(store: StoreDep, story_id: str) -> BriefingOut:
        """An extractive summary, timeline and key quotes, every line cited."""
        try:
            briefing = brief_story(store, story_id)
        except LookupError as exc:
            raise HTTPException(404, str(exc).strip("'\"")) from exc
        return BriefingOut.model_validate(briefing.as_dict())

    @router.get("/dyads", response_model=DyadList, tags=["dyads"])
    def list_dyads(
        store: StoreDep,
        top: Annotated[int, Query(ge=1, le=options.max_page_size)] = 10,
        since: Since = None,
        until: Until = None,
    ) -> DyadList:
        """The most active pairs of actors, counted in canonical events."""
        return top_dyads(store, top=top, since=since, until=until)

    @router.get("/dyads/series", response_model=DyadSeriesOut, tags=["dyads"])
    def series(
        store: StoreDep,
        a: Key,
        b: Key,
        by: Literal["day", "week", "month"] = "month",
        directed: bool = False,
        since: Since = None,
        until: Until = None,
    ) -> DyadSeriesOut:
        """Canonical events per period for a pair, by type, quad class and status.

        Each period lists its ``canonical_ids``: the dashboard fetches them from
        ``/api/canonical-events`` to show the sentences behind a point of the chart.
        """
        opts = RelationOptions(since=since, until=until)
        found = dyad_series(store, a, b, by=by, directed=directed, options=opts)
        return DyadSeriesOut.model_validate(found.as_dict())

    @router.get("/dyads/briefing", response_model=BriefingOut, tags=["briefings"])
    def dyad_briefing(
        store: StoreDep, a: Key, b: Key, since: Since = None, until: Until = None
    ) -> BriefingOut:
        """What two actors did to each other, summarised with citations."""
        found = brief_dyad(store, a, b, since=since, until=until)
        return BriefingOut.model_validate(found.as_dict())

    @router.get("/graph", response_model=Graph, tags=["dyads"])
    def graph(
        store: StoreDep,
        top: Annotated[int, Query(ge=1, le=500)] = 40,
        since: Since = None,
        until: Until = None,
    ) -> Graph:
        """The directed actor graph (source to target) over canonical events."""
        return graph_json(store, top=top, since=since, until=until)

    @router.get("/quotes", response_model=QuotePage, tags=["quotes"])
    def list_quotes(
        store: StoreDep,
        speaker: Text = None,
        article_id: Text = None,
        limit: Limit = default,
        offset: Offset = 0,
    ) -> QuotePage:
        """Quotes; ``speaker`` matches a code, KB id or part of a name."""
        found, total = queries.page_quotes(
            store, speaker=speaker, article_id=article_id, limit=limit, offset=offset
        )
        return QuotePage(items=found, total=total, limit=limit, offset=offset)

    @router.get("/search", response_model=SearchResult, tags=["search"])
    def search(
        store: StoreDep,
        q: Annotated[str, Query(min_length=1, max_length=200)],
        limit: Annotated[int, Query(ge=1, le=options.max_page_size)] = 20,
    ) -> SearchResult:
        """Articles, actors and events matching the words, ``limit`` of each."""
        return run_search(store, q, limit=limit)

    return router


def run_search(store: Store, q: str, *, limit: int) -> SearchResult:
    articles, _ = queries.page_articles(store, queries.ArticleQuery(q=q), limit=limit, offset=0)
    hits, _ = queries.page_events(store, queries.EventQuery(text=q), limit=limit, offset=0)
    return SearchResult(
        q=q,
        articles=[ArticleBrief.of(a) for a in articles],
        actors=[actor_item(a) for a in queries.search_actors(store, q)[:limit]],
        events=[event_item(h) for h in hits],
    )
