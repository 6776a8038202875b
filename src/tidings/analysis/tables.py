"""Reading and writing the analysis tables of store migration 3, and the inputs they are built from.

Kept inside the analysis package rather than ``tidings.store`` because only this layer knows
what a canonical event is; the store owns the schema (the migration) and the base tables, and
this module reads those with plain SQL over ``Store.connection``. Canonical events read back
exactly as they were written, list order included.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb

from tidings.analysis.dedup import CanonicalEvent, EventLink
from tidings.models import Event
from tidings.store.reads import event_from, fetch
from tidings.store.writes import EVENT_ACTOR_COLUMNS, EVENT_COLUMNS, EVIDENCE_COLUMNS, column_list

CANONICAL_COLUMNS: tuple[str, ...] = (
    "id",
    "type",
    "status",
    "source_keys",
    "target_keys",
    "source_names",
    "target_names",
    "alleged_by",
    "date_start",
    "date_end",
    "day",
    "quad_class",
    "intensity",
    "mentions",
    "articles",
    "outlets",
    "story_ids",
    "first_event_id",
    "label",
)
ANALYSIS_TABLES: tuple[str, ...] = (
    "canonical_events",
    "canonical_mentions",
    "event_links",
    "analysis_builds",
)

# Articles in the order a stream would have brought them: by publication, undated last, then
# as they were ingested.
ARTICLE_ORDER = "published NULLS LAST, ingested_at, id"


@dataclass(frozen=True, kw_only=True)
class ArticleRow:
    """What the analysis reads of an article: no facts, only text, date, outlet and actors."""

    id: str
    title: str | None
    text: str
    published: date | None
    source: str | None
    actors: frozenset[str]


@dataclass(frozen=True, kw_only=True)
class BuildRecord:
    fingerprint: str
    built_at: datetime
    articles: int
    stories: int
    canonical_events: int
    mentions: int


# ---------------------------------------------------------------------------- inputs


def iter_article_pages(
    con: duckdb.DuckDBPyConnection, *, page: int = 256
) -> Iterator[list[ArticleRow]]:
    """Every article in stream order, a page at a time, with the actor codes it mentions."""
    offset = 0
    while True:
        rows = fetch(
            con,
            "SELECT a.id, a.title, a.text, a.published, a.source, "
            "(SELECT list(DISTINCT m.code ORDER BY m.code) FROM mentions m "
            " WHERE m.article_id = a.id AND m.code IS NOT NULL) AS actors "
            f"FROM articles a ORDER BY {ARTICLE_ORDER} LIMIT ? OFFSET ?",
            [page, offset],
        )
        if not rows:
            return
        yield [
            ArticleRow(
                id=r["id"],
                title=r["title"],
                text=r["text"],
                published=r["published"],
                source=r["source"],
                actors=frozenset(r["actors"] or ()),
            )
            for r in rows
        ]
        if len(rows) < page:
            return
        offset += page


def events_of(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> dict[str, list[Event]]:
    """The events of these articles, by article, each in extraction order."""
    if not article_ids:
        return {}
    rows = fetch(
        con,
        f"SELECT {column_list(EVENT_COLUMNS)} FROM events "
        "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY article_id, position",
        [list(article_ids)],
    )
    ids = [r["id"] for r in rows]
    actors = _children(con, "event_actors", EVENT_ACTOR_COLUMNS, ids)
    evidence = _children(con, "event_evidence", EVIDENCE_COLUMNS, ids)
    out: dict[str, list[Event]] = defaultdict(list)
    for r in rows:
        out[r["article_id"]].append(event_from(r, actors[r["id"]], evidence[r["id"]]))
    return out


def _children(
    con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...], ids: list[str]
) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if not ids:
        return grouped
    for r in fetch(
        con,
        f"SELECT {column_list(columns)} FROM {table} WHERE event_id IN "
        "(SELECT unnest(?::VARCHAR[])) ORDER BY event_id, position",
        [ids],
    ):
        grouped[r["event_id"]].append(r)
    return grouped


def extraction_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """What the analysis was built from: changes whenever an article or extraction is added."""
    row = con.execute(
        "SELECT count(*), count(extracted_at), CAST(max(extracted_at) AS VARCHAR), "
        "CAST(max(ingested_at) AS VARCHAR) FROM articles"
    ).fetchone()
    return "|".join(str(v) for v in (row or ()))


# ---------------------------------------------------------------------------- writes


def clear_analysis(con: duckdb.DuckDBPyConnection) -> None:
    """Empty the derived tables (the caller holds the transaction)."""
    for table in ("canonical_mentions", "canonical_events", "event_links"):
        con.execute(f"DELETE FROM {table}")


def insert_canonical(con: duckdb.DuckDBPyConnection, events: Iterable[CanonicalEvent]) -> int:
    """Write canonical events and their mentions; return how many events were written."""
    rows: list[tuple[Any, ...]] = []
    links: list[tuple[Any, ...]] = []
    for c in events:
        rows.append(
            (
                c.id,
                c.type,
                c.status,
                c.source_keys,
                c.target_keys,
                c.source_names,
                c.target_names,
                c.alleged_by,
                c.date_start,
                c.date_end,
                c.day,
                c.quad_class,
                c.intensity,
                c.mentions,
                len(c.article_ids),
                len(c.outlets),
                c.story_ids,
                c.event_ids[0],
                c.label,
            )
        )
        for position, event_id in enumerate(c.event_ids):
            links.append((c.id, position, event_id))
    _insert(con, "canonical_events", CANONICAL_COLUMNS, rows)
    if links:
        con.execute(
            "INSERT INTO canonical_mentions (canonical_id, position, event_id, article_id) "
            "SELECT n.canonical_id, n.position, n.event_id, e.article_id FROM "
            "(SELECT unnest(?::VARCHAR[]) AS canonical_id, unnest(?::INTEGER[]) AS position, "
            "unnest(?::VARCHAR[]) AS event_id) n JOIN events e ON e.id = n.event_id",
            [[x[0] for x in links], [x[1] for x in links], [x[2] for x in links]],
        )
    return len(rows)


def insert_links(con: duckdb.DuckDBPyConnection, links: Iterable[EventLink]) -> int:
    rows = [(link.from_id, link.to_id, link.relation) for link in links]
    _insert(con, "event_links", ("from_id", "to_id", "relation"), rows)
    return len(rows)


def record_build(con: duckdb.DuckDBPyConnection, record: BuildRecord) -> None:
    con.execute("DELETE FROM analysis_builds")
    con.execute(
        "INSERT INTO analysis_builds VALUES (?, ?, ?, ?, ?, ?)",
        [
            record.fingerprint,
            record.built_at,
            record.articles,
            record.stories,
            record.canonical_events,
            record.mentions,
        ],
    )


def _insert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    rows: list[tuple[Any, ...]],
    *,
    chunk: int = 200,
) -> None:
    marks = "(" + ", ".join("?" for _ in columns) + ")"
    for at in range(0, len(rows), chunk):
        part = rows[at : at + chunk]
        con.execute(
            f"INSERT INTO {table} ({column_list(columns)}) VALUES "
            + ", ".join(marks for _ in part),
            [v for row in part for v in row],
        )


# ---------------------------------------------------------------------------- reads


def last_build(con: duckdb.DuckDBPyConnection) -> BuildRecord | None:
    rows = fetch(con, "SELECT * FROM analysis_builds ORDER BY built_at DESC LIMIT 1")
    return BuildRecord(**rows[0]) if rows else None


@dataclass(frozen=True, kw_only=True)
class CanonicalFilter:
    """Which canonical events to read. ``actor`` matches a key (code or name), any case."""

    story_id: str | None = None
    actor: str | None = None
    other: str | None = None  # with ``actor``: only events between the two
    statuses: tuple[str, ...] | None = None
    since: date | None = None
    until: date | None = None
    ids: tuple[str, ...] | None = None


def _side(alias: str, side: str) -> str:
    return f"EXISTS (SELECT 1 FROM unnest({alias}.{side}_keys) AS u(k) WHERE upper(u.k) = upper(?))"


def canonical_events(
    con: duckdb.DuckDBPyConnection, query: CanonicalFilter
) -> list[CanonicalEvent]:
    """Canonical events matching the filter, in time order (undated last)."""
    clauses: list[str] = []
    params: list[Any] = []
    if query.story_id is not None:
        clauses.append("list_contains(c.story_ids, ?)")
        params.append(query.story_id)
    if query.actor is not None and query.other is not None:
        clauses.append(
            f"(({_side('c', 'source')} AND {_side('c', 'target')}) OR "
            f"({_side('c', 'source')} AND {_side('c', 'target')}))"
        )
        params.extend([query.actor, query.other, query.other, query.actor])
    elif query.actor is not None:
        clauses.append(f"({_side('c', 'source')} OR {_side('c', 'target')})")
        params.extend([query.actor, query.actor])
    if query.statuses is not None:
        clauses.append("list_contains(?::VARCHAR[], c.status)")
        params.append(list(query.statuses))
    if query.since is not None:
        clauses.append("c.day >= ?")
        params.append(query.since)
    if query.until is not None:
        clauses.append("c.day <= ?")
        params.append(query.until)
    if query.ids is not None:
        clauses.append("list_contains(?::VARCHAR[], c.id)")
        params.append(list(query.ids))
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    rows = fetch(
        con,
        f"SELECT {column_list(CANONICAL_COLUMNS)} FROM canonical_events c{where} "
        "ORDER BY c.day NULLS LAST, c.id",
        params,
    )
    mentions = _mentions(con, [r["id"] for r in rows])
    outlets = _outlets(con, [r["id"] for r in rows])
    return [_canonical(r, mentions.get(r["id"], []), outlets.get(r["id"], [])) for r in rows]


def _mentions(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
    if not ids:
        return grouped
    for r in fetch(
        con,
        "SELECT canonical_id, event_id, article_id FROM canonical_mentions "
        "WHERE canonical_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY canonical_id, position",
        [ids],
    ):
        grouped[r["canonical_id"]].append((r["event_id"], r["article_id"]))
    return grouped


def _outlets(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    if not ids:
        return grouped
    for r in fetch(
        con,
        "SELECT m.canonical_id, a.source FROM canonical_mentions m JOIN articles a "
        "ON a.id = m.article_id WHERE m.canonical_id IN (SELECT unnest(?::VARCHAR[])) "
        "AND a.source IS NOT NULL ORDER BY m.canonical_id, m.position",
        [ids],
    ):
        if r["source"] not in grouped[r["canonical_id"]]:
            grouped[r["canonical_id"]].append(r["source"])
    return grouped


def _canonical(
    r: dict[str, Any], mentions: list[tuple[str, str]], outlets: list[str]
) -> CanonicalEvent:
    articles: list[str] = []
    for _, article_id in mentions:
        if article_id not in articles:
            articles.append(article_id)
    return CanonicalEvent(
        id=r["id"],
        type=r["type"],
        status=r["status"],
        source_keys=list(r["source_keys"]),
        target_keys=list(r["target_keys"]),
        source_names=list(r["source_names"]),
        target_names=list(r["target_names"]),
        alleged_by=list(r["alleged_by"]),
        date_start=r["date_start"],
        date_end=r["date_end"],
        day=r["day"],
        quad_class=r["quad_class"],
        intensity=r["intensity"],
        event_ids=[event_id for event_id, _ in mentions],
        article_ids=articles,
        outlets=outlets,
        story_ids=list(r["story_ids"]),
        label=r["label"],
    )


def event_links(
    con: duckdb.DuckDBPyConnection, *, ids: Sequence[str] | None = None
) -> list[EventLink]:
    """Links between canonical events, optionally only those touching ``ids``."""
    sql = "SELECT from_id, to_id, relation FROM event_links"
    params: list[Any] = []
    if ids is not None:
        sql += " WHERE list_contains(?::VARCHAR[], from_id) OR list_contains(?::VARCHAR[], to_id)"
        params = [list(ids), list(ids)]
    rows = fetch(con, sql + " ORDER BY from_id, to_id", params)
    return [EventLink(r["from_id"], r["to_id"], r["relation"]) for r in rows]


def canonical_of_events(con: duckdb.DuckDBPyConnection, event_ids: Sequence[str]) -> dict[str, str]:
    """The canonical event each raw event was merged into."""
    if not event_ids:
        return {}
    rows = fetch(
        con,
        "SELECT event_id, canonical_id FROM canonical_mentions "
        "WHERE event_id IN (SELECT unnest(?::VARCHAR[]))",
        [list(event_ids)],
    )
    return {r["event_id"]: r["canonical_id"] for r in rows}
