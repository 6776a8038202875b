"""Reading the store back into the data contracts: models out, never bare tuples.

A model is rebuilt from its flat row plus its child rows (an event's actors and evidence, a
claim's events), so that what ``Store.events`` returns equals what ``save_extraction`` was
given, list order included.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from tidings.models import (
    ActorRef,
    Article,
    Claim,
    Event,
    EventDate,
    Extraction,
    Location,
    Mention,
    Quote,
    Span,
    Story,
)
from tidings.store.writes import (
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    CLAIM_EVENT_COLUMNS,
    EVENT_ACTOR_COLUMNS,
    EVENT_COLUMNS,
    EVIDENCE_COLUMNS,
    MENTION_COLUMNS,
    QUOTE_COLUMNS,
    STORY_ARTICLE_COLUMNS,
    column_list,
)

Record = dict[str, Any]


def fetch(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> list[Record]:
    """Rows as dicts keyed by column name, so builders do not depend on column order."""
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _columns(alias: str, columns: tuple[str, ...]) -> str:
    return ", ".join(f'{alias}."{c}"' for c in columns)


def _span(r: Record, prefix: str) -> Span | None:
    if r[f"{prefix}start"] is None:
        return None
    return Span(start=r[f"{prefix}start"], end=r[f"{prefix}end"], text=r[f"{prefix}text"])


def _required_span(r: Record, prefix: str) -> Span:
    return Span(start=r[f"{prefix}start"], end=r[f"{prefix}end"], text=r[f"{prefix}text"])


def _ref(r: Record, prefix: str = "") -> ActorRef | None:
    if r[f"{prefix}text"] is None:
        return None
    return ActorRef(
        text=r[f"{prefix}text"],
        code=r[f"{prefix}code"],
        sector=r[f"{prefix}sector"],
        actor_id=r[f"{prefix}actor_id"],
        name=r[f"{prefix}name"],
    )


def _mention(r: Record, prefix: str = "") -> Mention | None:
    if r[f"{prefix}text"] is None:
        return None
    return Mention(
        text=r[f"{prefix}text"],
        start=r[f"{prefix}start"],
        end=r[f"{prefix}end"],
        label=r[f"{prefix}label"],
        code=r[f"{prefix}code"],
        sector=r[f"{prefix}sector"],
        actor_id=r[f"{prefix}actor_id"],
        name=r[f"{prefix}name"],
        method=r[f"{prefix}method"],
        antecedent=r[f"{prefix}antecedent"],
        sentence=_span(r, f"{prefix}sentence_"),
    )


# ---------------------------------------------------------------------------- articles


def article_from(r: Record) -> Article:
    return Article(**{c: r[c] for c in ARTICLE_COLUMNS})


def get_article(con: duckdb.DuckDBPyConnection, article_id: str) -> Article | None:
    rows = fetch(
        con, f"SELECT {column_list(ARTICLE_COLUMNS)} FROM articles WHERE id = ?", [article_id]
    )
    return article_from(rows[0]) if rows else None


def iter_articles(con: duckdb.DuckDBPyConnection, *, batch: int = 500) -> Iterator[Article]:
    """Every article, in id order, a page at a time.

    Paging by id (rather than holding a cursor open) lets the caller write to the store on
    the same connection while it iterates, as ``analyze`` does; each page is a fresh query.
    """
    last: str | None = None
    while True:
        where = "" if last is None else "WHERE id > ?"
        rows = fetch(
            con,
            f"SELECT {column_list(ARTICLE_COLUMNS)} FROM articles {where} ORDER BY id LIMIT ?",
            [batch] if last is None else [last, batch],
        )
        for r in rows:
            yield article_from(r)
        if len(rows) < batch:
            return
        last = rows[-1]["id"]


# ---------------------------------------------------------------------------- mentions


def mentions(con: duckdb.DuckDBPyConnection, article_id: str) -> list[Mention]:
    """The article's mentions in text order (the table keys them by span)."""
    rows = fetch(
        con,
        f"SELECT {column_list(MENTION_COLUMNS)} FROM mentions WHERE article_id = ? "
        'ORDER BY "start", "end"',
        [article_id],
    )
    return [m for r in rows if (m := _mention(r)) is not None]


# ---------------------------------------------------------------------------- events


@dataclass(frozen=True, kw_only=True)
class EventFilter:
    """Which events to read; shared by ``events`` and the flat ``event_rows``.

    ``since``/``until`` keep events whose dates overlap the range, inclusive. An event the text
    does not date is placed on its article's publication date, so that a query by period does
    not silently drop the many events reported without a date of their own.
    """

    article_id: str | None = None
    type: str | None = None
    actor_code: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        """The WHERE clause (over ``events e`` joined to ``articles a``) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.article_id is not None:
            clauses.append("e.article_id = ?")
            params.append(self.article_id)
        if self.type is not None:
            clauses.append("e.type = upper(?)")
            params.append(self.type)
        if self.actor_code is not None:
            clauses.append(
                "e.id IN (SELECT event_id FROM event_actors "
                "WHERE role IN ('source', 'target') AND upper(code) = upper(?))"
            )
            params.append(self.actor_code)
        if self.status is not None:
            clauses.append("e.status = lower(?)")
            params.append(self.status)
        if self.since is not None:
            clauses.append("COALESCE(e.date_end, e.date_start, a.published) >= ?")
            params.append(self.since)
        if self.until is not None:
            clauses.append("COALESCE(e.date_start, e.date_end, a.published) <= ?")
            params.append(self.until)
        sql = " WHERE " + " AND ".join(clauses) if clauses else ""
        return sql, params

    def tail(self) -> tuple[str, list[Any]]:
        """ORDER BY and LIMIT: chronological by article, then in extraction order."""
        sql = " ORDER BY a.published NULLS LAST, e.article_id, e.position"
        if self.limit is None:
            return sql, []
        return sql + " LIMIT ?", [self.limit]


def _children(
    con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...], key: str, ids: list[str]
) -> dict[str, list[Record]]:
    """Child rows of the given parents, grouped by parent id, in position order."""
    grouped: dict[str, list[Record]] = defaultdict(list)
    if not ids:
        return grouped
    rows = fetch(
        con,
        f"SELECT {column_list(columns)} FROM {table} WHERE {key} IN (SELECT unnest(?)) "
        f"ORDER BY {key}, position",
        [ids],
    )
    for r in rows:
        grouped[r[key]].append(r)
    return grouped


def event_from(r: Record, actors: list[Record], evidence: list[Record]) -> Event:
    roles: dict[str, list[ActorRef]] = {"source": [], "target": [], "attributed_to": []}
    for a in actors:
        ref = _ref(a)
        if ref is not None:
            roles[a["role"]].append(ref)
    location = None
    if r["location_name"] is not None:
        location = Location(
            name=r["location_name"],
            country_code=r["location_country"],
            start=r["location_start"],
            end=r["location_end"],
        )
    return Event(
        id=r["id"],
        article_id=r["article_id"],
        type=r["type"],
        mode=r["mode"],
        contexts=list(r["contexts"]),
        source=roles["source"],
        target=roles["target"],
        status=r["status"],
        attributed_to=roles["attributed_to"],
        claim_id=r["claim_id"],
        date=EventDate(
            start=r["date_start"],
            end=r["date_end"],
            precision=r["date_precision"],
            text=r["date_text"],
        ),
        location=location,
        trigger=_required_span(r, "trigger_"),
        sentence=_required_span(r, "sentence_"),
        evidence=[_required_span(x, "") for x in evidence],
        cameo=r["cameo"],
        quad_class=r["quad_class"],
        intensity=r["intensity"],
        confidence=r["confidence"],
        provenance=r["provenance"],
    )


def events(con: duckdb.DuckDBPyConnection, query: EventFilter) -> list[Event]:
    where, params = query.where()
    tail, tail_params = query.tail()
    rows = fetch(
        con,
        f"SELECT {_columns('e', EVENT_COLUMNS)} FROM events e "
        f"LEFT JOIN articles a ON a.id = e.article_id{where}{tail}",
        params + tail_params,
    )
    ids = [r["id"] for r in rows]
    actors = _children(con, "event_actors", EVENT_ACTOR_COLUMNS, "event_id", ids)
    evidence = _children(con, "event_evidence", EVIDENCE_COLUMNS, "event_id", ids)
    return [event_from(r, actors.get(r["id"], []), evidence.get(r["id"], [])) for r in rows]


# ---------------------------------------------------------------------------- quotes, claims


def _actor_match(prefix: str) -> str:
    """Match an actor by code or KB id exactly, or by a piece of its name or words.

    Case is ignored throughout: a user types "putin" for "Vladimir Putin" and "rus" for RUS.
    """
    return (
        f"(upper(x.{prefix}code) = upper(?) OR lower(x.{prefix}actor_id) = lower(?) "
        f"OR contains(lower(x.{prefix}name), lower(?)) "
        f"OR contains(lower(x.{prefix}text), lower(?)))"
    )


def _fact_query(
    table: str,
    columns: tuple[str, ...],
    article_id: str | None,
    actor_prefix: str,
    actor: str | None,
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if article_id is not None:
        clauses.append("x.article_id = ?")
        params.append(article_id)
    if actor is not None:
        clauses.append(_actor_match(actor_prefix))
        params.extend([actor] * 4)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    sql = (
        f"SELECT {_columns('x', columns)} FROM {table} x "
        f"LEFT JOIN articles a ON a.id = x.article_id{where} "
        "ORDER BY a.published NULLS LAST, x.article_id, x.position"
    )
    return sql, params


def quote_from(r: Record) -> Quote:
    return Quote(
        id=r["id"],
        article_id=r["article_id"],
        text=r["text"],
        start=r["start"],
        end=r["end"],
        kind=r["kind"],
        speaker=_mention(r, "speaker_"),
        cue=_span(r, "cue_"),
        provenance=r["provenance"],
    )


def quotes(
    con: duckdb.DuckDBPyConnection, *, article_id: str | None = None, speaker: str | None = None
) -> list[Quote]:
    sql, params = _fact_query("quotes", QUOTE_COLUMNS, article_id, "speaker_", speaker)
    return [quote_from(r) for r in fetch(con, sql, params)]


def claim_from(r: Record, links: list[Record]) -> Claim:
    return Claim(
        id=r["id"],
        article_id=r["article_id"],
        text=r["text"],
        start=r["start"],
        end=r["end"],
        claimant=_ref(r, "claimant_"),
        hedge=r["hedge"],
        event_ids=[link["event_id"] for link in links],
        provenance=r["provenance"],
    )


def claims(
    con: duckdb.DuckDBPyConnection, *, article_id: str | None = None, claimant: str | None = None
) -> list[Claim]:
    sql, params = _fact_query("claims", CLAIM_COLUMNS, article_id, "claimant_", claimant)
    rows = fetch(con, sql, params)
    ids = [r["id"] for r in rows]
    links = _children(con, "claim_events", CLAIM_EVENT_COLUMNS, "claim_id", ids)
    return [claim_from(r, links.get(r["id"], [])) for r in rows]


# ---------------------------------------------------------------------------- wholes


def extraction(con: duckdb.DuckDBPyConnection, article_id: str) -> Extraction | None:
    """The stored extraction of an article; None unless one was saved for it."""
    row = con.execute(
        "SELECT extracted_at IS NOT NULL FROM articles WHERE id = ?", [article_id]
    ).fetchone()
    if row is None or not row[0]:
        return None
    return Extraction(
        id=article_id,
        actors=mentions(con, article_id),
        events=events(con, EventFilter(article_id=article_id)),
        quotes=quotes(con, article_id=article_id),
        claims=claims(con, article_id=article_id),
    )


def stories(con: duckdb.DuckDBPyConnection) -> list[Story]:
    """The stored stories, biggest first, each with its articles in the saved order."""
    rows = fetch(
        con,
        "SELECT s.id, s.title, s.first_seen, s.last_seen FROM stories s "
        "ORDER BY (SELECT count(*) FROM story_articles l WHERE l.story_id = s.id) DESC, "
        "s.first_seen NULLS LAST, s.id",
    )
    ids = [r["id"] for r in rows]
    links = _children(con, "story_articles", STORY_ARTICLE_COLUMNS, "story_id", ids)
    return [
        Story(
            id=r["id"],
            title=r["title"],
            article_ids=[link["article_id"] for link in links.get(r["id"], [])],
            first_seen=r["first_seen"],
            last_seen=r["last_seen"],
        )
        for r in rows
    ]
