"""Read-side queries the API and dashboard need beyond ``Store``'s own filters.

``Store.events`` filters by one actor, type, status and dates; the API also pages (limit and
offset with a total), filters by quad class, outlet and dyad, and searches actors and text.
These are composed here over the store's public pieces (``EventFilter.where``, the column
lists and ``event_from``) so that every event still comes back as the ``Event`` contract.
Nothing here writes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tidings.analysis.dedup import actor_key
from tidings.analysis.relations import TYPE_QUAD
from tidings.models import ActorRef, Article, Event, Quote
from tidings.store import Store
from tidings.store.reads import EventFilter, event_from, fetch, quote_from
from tidings.store.writes import (
    ARTICLE_COLUMNS,
    EVENT_ACTOR_COLUMNS,
    EVENT_COLUMNS,
    EVIDENCE_COLUMNS,
    QUOTE_COLUMNS,
    column_list,
)


def types_of_quad(quad: int) -> list[str]:
    """The PLOVER types in a quad class: what an event the coder left unclassed counts as."""
    return sorted(t for t, q in TYPE_QUAD.items() if q == quad)


def _prefixed(alias: str, columns: Sequence[str]) -> str:
    return ", ".join(f'{alias}."{c}"' for c in columns)


def _side_has(role: str) -> str:
    return (
        "e.id IN (SELECT event_id FROM event_actors "
        f"WHERE role = '{role}' AND upper(code) = upper(?))"
    )


@dataclass(frozen=True, kw_only=True)
class EventQuery:
    """Which raw events to page through; every field narrows the result."""

    actor: str | None = None  # a code, as source or target
    other: str | None = None  # with ``actor``: only events between the two, either way round
    type: str | None = None
    quad_class: int | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    outlet: str | None = None  # the article's source, any case
    article_id: str | None = None
    text: str | None = None  # words in the event's sentence, any case

    def where(self) -> tuple[str, list[Any]]:
        base = EventFilter(
            article_id=self.article_id,
            type=self.type,
            actor_code=self.actor if self.other is None else None,
            status=self.status,
            since=self.since,
            until=self.until,
        )
        sql, params = base.where()
        clauses = [sql.removeprefix(" WHERE ")] if sql else []
        if self.actor is not None and self.other is not None:
            clauses.append(
                f"(({_side_has('source')} AND {_side_has('target')}) OR "
                f"({_side_has('source')} AND {_side_has('target')}))"
            )
            params.extend([self.actor, self.other, self.other, self.actor])
        if self.quad_class is not None:
            clauses.append(
                "(e.quad_class = ? OR "
                "(e.quad_class IS NULL AND list_contains(?::VARCHAR[], e.type)))"
            )
            params.extend([self.quad_class, types_of_quad(self.quad_class)])
        if self.outlet is not None:
            clauses.append("lower(a.source) = lower(?)")
            params.append(self.outlet)
        if self.text:
            clauses.append("contains(lower(e.sentence_text), lower(?))")
            params.append(self.text)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


@dataclass(frozen=True, kw_only=True)
class EventHit:
    """A raw event with what a reader needs beside it: its article and canonical event."""

    event: Event
    title: str | None
    outlet: str | None
    published: date | None
    canonical_id: str | None


_EVENT_SELECT = (
    f"SELECT {_prefixed('e', EVENT_COLUMNS)}, a.title AS a_title, a.source AS a_source, "
    "a.published AS a_published, (SELECT min(m.canonical_id) FROM canonical_mentions m "
    "WHERE m.event_id = e.id) AS a_canonical"
)
_EVENT_FROM = " FROM events e LEFT JOIN articles a ON a.id = e.article_id"


def page_events(
    store: Store, query: EventQuery, *, limit: int, offset: int
) -> tuple[list[EventHit], int]:
    """One page of events (chronological by article, as ``Store.events``) and the total.

    The total rides on the page's own rows (a window count), saving a second scan; only a
    page past the end, which has no rows to carry it, costs a separate count.
    """
    con = store.connection
    where, params = query.where()
    rows = fetch(
        con,
        f"{_EVENT_SELECT}, count(*) OVER () AS a_total{_EVENT_FROM}{where} "
        "ORDER BY a.published NULLS LAST, e.article_id, e.position LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    if rows:
        total = int(rows[0]["a_total"])
    else:
        row = con.execute(f"SELECT count(*){_EVENT_FROM}{where}", params).fetchone()
        total = int(row[0]) if row else 0
    return _hits(store, rows), total


def events_by_ids(store: Store, ids: Sequence[str]) -> list[EventHit]:
    """The given events, in the order asked for; unknown ids are left out."""
    if not ids:
        return []
    rows = fetch(
        store.connection,
        f"{_EVENT_SELECT}{_EVENT_FROM} WHERE e.id IN (SELECT unnest(?::VARCHAR[]))",
        [list(ids)],
    )
    order = {event_id: i for i, event_id in enumerate(ids)}
    rows.sort(key=lambda r: order.get(r["id"], len(order)))
    return _hits(store, rows)


def _hits(store: Store, rows: list[dict[str, Any]]) -> list[EventHit]:
    ids = [r["id"] for r in rows]
    actors = _children(store, "event_actors", EVENT_ACTOR_COLUMNS, ids)
    evidence = _children(store, "event_evidence", EVIDENCE_COLUMNS, ids)
    return [
        EventHit(
            event=event_from(r, actors.get(r["id"], []), evidence.get(r["id"], [])),
            title=r["a_title"],
            outlet=r["a_source"],
            published=r["a_published"],
            canonical_id=r["a_canonical"],
        )
        for r in rows
    ]


def _children(
    store: Store, table: str, columns: tuple[str, ...], ids: list[str]
) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if not ids:
        return grouped
    for r in fetch(
        store.connection,
        f"SELECT {column_list(columns)} FROM {table} WHERE event_id IN "
        "(SELECT unnest(?::VARCHAR[])) ORDER BY event_id, position",
        [ids],
    ):
        grouped[r["event_id"]].append(r)
    return grouped


# ---------------------------------------------------------------------------- articles


@dataclass(frozen=True, kw_only=True)
class ArticleQuery:
    q: str | None = None  # words in the title or text, any case
    outlet: str | None = None
    since: date | None = None
    until: date | None = None


def page_articles(
    store: Store, query: ArticleQuery, *, limit: int, offset: int
) -> tuple[list[Article], int]:
    """Articles newest first, with the total that match."""
    clauses: list[str] = []
    params: list[Any] = []
    if query.q:
        clauses.append("(contains(lower(title), lower(?)) OR contains(lower(text), lower(?)))")
        params.extend([query.q, query.q])
    if query.outlet:
        clauses.append("lower(source) = lower(?)")
        params.append(query.outlet)
    if query.since is not None:
        clauses.append("published >= ?")
        params.append(query.since)
    if query.until is not None:
        clauses.append("published <= ?")
        params.append(query.until)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    con = store.connection
    total_row = con.execute(f"SELECT count(*) FROM articles{where}", params).fetchone()
    rows = fetch(
        con,
        f"SELECT {column_list(ARTICLE_COLUMNS)} FROM articles{where} "
        "ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    articles = [Article(**{c: r[c] for c in ARTICLE_COLUMNS}) for r in rows]
    return articles, int(total_row[0]) if total_row else 0


def outlets(store: Store) -> list[str]:
    rows = store.connection.execute(
        "SELECT DISTINCT source FROM articles WHERE source IS NOT NULL ORDER BY source"
    ).fetchall()
    return [str(r[0]) for r in rows]


# ---------------------------------------------------------------------------- actors


@dataclass(frozen=True, kw_only=True)
class ActorSummary:
    """An actor as the dyads and graph know it: its key, its usual name and how often named."""

    key: str
    name: str
    code: str
    sector: str | None
    actor_ids: tuple[str, ...]
    mentions: int
    articles: int


def actors(store: Store) -> list[ActorSummary]:
    """Every coded actor key in the mentions, most mentioned first."""
    rows = fetch(
        store.connection,
        "SELECT code, name, text, sector, actor_id, count(*) AS n, "
        "list(DISTINCT article_id) AS arts FROM mentions WHERE code IS NOT NULL "
        "GROUP BY code, name, text, sector, actor_id",
    )
    names: dict[str, Counter[str]] = defaultdict(Counter)
    sectors: dict[str, Counter[str]] = defaultdict(Counter)
    codes: dict[str, str] = {}
    ids: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    arts: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        ref = ActorRef(text=r["text"], code=r["code"], name=r["name"])
        key = actor_key(ref)
        if key is None:
            continue
        names[key][r["name"] or r["text"]] += r["n"]
        if r["sector"]:
            sectors[key][r["sector"]] += r["n"]
        codes[key] = str(r["code"]).upper()
        if r["actor_id"]:
            ids[key].add(r["actor_id"])
        counts[key] += r["n"]
        arts[key].update(r["arts"])
    out = [
        ActorSummary(
            key=key,
            name=names[key].most_common(1)[0][0],
            code=codes[key],
            sector=sectors[key].most_common(1)[0][0] if sectors[key] else None,
            actor_ids=tuple(sorted(ids[key])),
            mentions=n,
            articles=len(arts[key]),
        )
        for key, n in counts.items()
    ]
    return sorted(out, key=lambda a: (-a.mentions, a.key))


def search_actors(store: Store, q: str | None) -> list[ActorSummary]:
    """Actors whose key, usual name or KB ids contain ``q`` (any case); all when ``q`` is empty."""
    found = actors(store)
    if not q:
        return found
    needle = q.lower()
    return [
        a
        for a in found
        if needle in a.key.lower()
        or needle in a.name.lower()
        or any(needle in i.lower() for i in a.actor_ids)
    ]


def find_actor(store: Store, key: str) -> ActorSummary | None:
    wanted = key.upper()
    return next((a for a in actors(store) if a.key.upper() == wanted), None)


def quotes_about(store: Store, actor: ActorSummary, *, limit: int) -> list[Quote]:
    """Quotes naming the actor inside the quoted words, spoken by someone else."""
    rows = fetch(
        store.connection,
        f"SELECT DISTINCT {_prefixed('x', QUOTE_COLUMNS)}, a.published AS a_published "
        "FROM quotes x JOIN mentions m ON m.article_id = x.article_id "
        'AND m."start" >= x."start" AND m."end" <= x."end" '
        "LEFT JOIN articles a ON a.id = x.article_id "
        "WHERE (upper(m.code) = upper(?) OR lower(m.name) = lower(?)) "
        "AND NOT (upper(coalesce(x.speaker_code, '')) = upper(?) "
        "OR lower(coalesce(x.speaker_name, '')) = lower(?)) "
        "ORDER BY a_published DESC NULLS LAST, x.article_id, x.position LIMIT ?",
        [actor.key, actor.key, actor.key, actor.key, limit],
    )
    return [quote_from(r) for r in rows]


def quotes_by(store: Store, actor: ActorSummary, *, limit: int) -> list[Quote]:
    """Quotes whose speaker resolves to the actor's key, newest first."""
    found = [q for q in store.quotes(speaker=actor.key) if _speaks_as(q, actor.key)]
    return list(reversed(found))[:limit]


def _speaks_as(quote: Quote, key: str) -> bool:
    if quote.speaker is None:
        return False
    return (actor_key(quote.speaker.as_ref()) or "").upper() == key.upper()


def page_quotes(
    store: Store, *, speaker: str | None, article_id: str | None, limit: int, offset: int
) -> tuple[list[Quote], int]:
    found = store.quotes(article_id=article_id, speaker=speaker)
    return found[offset : offset + limit], len(found)
