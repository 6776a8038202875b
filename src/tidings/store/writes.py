"""Writing models into the store's tables: one flat row per fact, keyed back to its article.

These functions take a ready connection and do not open transactions of their own (except
``transaction`` itself), so that ``Store.save_extraction`` can wrap an article and every fact
read from it in a single transaction: an error anywhere leaves no partial article behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb

from tidings.models import (
    ActorRef,
    Article,
    Claim,
    Event,
    Extraction,
    Mention,
    Quote,
    Span,
    Story,
)
from tidings.store.errors import StoreError

Row = tuple[Any, ...]

ARTICLE_COLUMNS = (
    "id",
    "title",
    "url",
    "source",
    "site",
    "author",
    "published",
    "language",
    "origin",
    "format",
    "text",
)
MENTION_COLUMNS = (
    "article_id",
    "start",
    "end",
    "text",
    "label",
    "code",
    "sector",
    "actor_id",
    "name",
    "method",
    "antecedent",
    "sentence_start",
    "sentence_end",
    "sentence_text",
)
EVENT_COLUMNS = (
    "id",
    "article_id",
    "position",
    "type",
    "mode",
    "contexts",
    "status",
    "claim_id",
    "date_start",
    "date_end",
    "date_precision",
    "date_text",
    "location_name",
    "location_country",
    "location_start",
    "location_end",
    "trigger_start",
    "trigger_end",
    "trigger_text",
    "sentence_start",
    "sentence_end",
    "sentence_text",
    "cameo",
    "quad_class",
    "intensity",
    "confidence",
    "provenance",
)
EVENT_ACTOR_COLUMNS = (
    "event_id",
    "role",
    "position",
    "text",
    "code",
    "sector",
    "actor_id",
    "name",
)
EVIDENCE_COLUMNS = ("event_id", "position", "start", "end", "text")
QUOTE_COLUMNS = (
    "id",
    "article_id",
    "position",
    "text",
    "start",
    "end",
    "kind",
    "speaker_text",
    "speaker_start",
    "speaker_end",
    "speaker_label",
    "speaker_code",
    "speaker_sector",
    "speaker_actor_id",
    "speaker_name",
    "speaker_method",
    "speaker_antecedent",
    "speaker_sentence_start",
    "speaker_sentence_end",
    "speaker_sentence_text",
    "cue_start",
    "cue_end",
    "cue_text",
    "provenance",
)
CLAIM_COLUMNS = (
    "id",
    "article_id",
    "position",
    "text",
    "start",
    "end",
    "claimant_text",
    "claimant_code",
    "claimant_sector",
    "claimant_actor_id",
    "claimant_name",
    "hedge",
    "provenance",
)
CLAIM_EVENT_COLUMNS = ("claim_id", "position", "event_id")
STORY_COLUMNS = ("id", "title", "first_seen", "last_seen")
STORY_ARTICLE_COLUMNS = ("story_id", "position", "article_id")

ROLES = ("source", "target", "attributed_to")


def column_list(columns: Sequence[str]) -> str:
    """Columns quoted for SQL, since ``end`` (and perhaps a future name) is a keyword."""
    return ", ".join(f'"{c}"' for c in columns)


def _insert_sql(table: str, columns: Sequence[str], *, rows: int = 1, replace: bool = False) -> str:
    marks = "(" + ", ".join("?" for _ in columns) + ")"
    values = ", ".join(marks for _ in range(rows))
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    return f"{verb} INTO {table} ({column_list(columns)}) VALUES {values}"


# Rows per INSERT statement. DuckDB's executemany runs one statement per row (about a
# millisecond each), so an article's facts go in as a few multi-row statements instead.
_CHUNK = 200


def _insert_many(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    rows: list[Row],
    *,
    replace: bool = False,
) -> None:
    for at in range(0, len(rows), _CHUNK):
        chunk = rows[at : at + _CHUNK]
        params = [value for row in chunk for value in row]
        con.execute(_insert_sql(table, columns, rows=len(chunk), replace=replace), params)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Commit when the block ends normally, roll back and re-raise on any error."""
    con.begin()
    try:
        yield
    except BaseException:
        con.rollback()
        raise
    con.commit()


def _span(span: Span | None) -> Row:
    return (None, None, None) if span is None else (span.start, span.end, span.text)


def _ref(ref: ActorRef | None) -> Row:
    if ref is None:
        return (None, None, None, None, None)
    return (ref.text, ref.code, ref.sector, ref.actor_id, ref.name)


def article_row(article: Article) -> Row:
    return (
        article.id,
        article.title,
        article.url,
        article.source,
        article.site,
        article.author,
        article.published,
        article.language,
        article.origin,
        article.format,
        article.text,
    )


def insert_article(con: duckdb.DuckDBPyConnection, article: Article) -> bool:
    """Insert the article unless its id is stored; True when it was new."""
    sql = _insert_sql("articles", ARTICLE_COLUMNS) + " ON CONFLICT DO NOTHING"
    result = con.execute(sql, article_row(article)).fetchone()
    return bool(result and result[0])


def extraction_state(con: duckdb.DuckDBPyConnection, article_id: str) -> bool | None:
    """None when the article is not stored; else whether its extraction is stored too."""
    row = con.execute(
        "SELECT extracted_at IS NOT NULL FROM articles WHERE id = ?", [article_id]
    ).fetchone()
    return None if row is None else bool(row[0])


def check_extraction(article: Article, extraction: Extraction) -> None:
    """Refuse an extraction whose facts point at another article.

    Provenance is the article id on every row; a mismatch would file facts under the wrong
    text, with offsets that point at nothing, so it is an error rather than something to fix.
    """
    if extraction.id != article.id:
        raise StoreError(
            f"S010 extraction {extraction.id!r} is not for article {article.id!r}: "
            "pass the article the extraction was made from"
        )
    facts: list[Event | Quote | Claim] = [*extraction.events, *extraction.quotes]
    facts.extend(extraction.claims)
    for fact in facts:
        if fact.article_id != article.id:
            kind = type(fact).__name__.lower()
            raise StoreError(
                f"S011 {kind} {fact.id!r} names article {fact.article_id!r} inside the "
                f"extraction of {article.id!r}: every fact must come from the article it is "
                "saved with"
            )


def unique_mentions(mentions: Iterable[Mention]) -> list[Mention]:
    """The mentions with one per span, the first kept.

    Two rules can find the same words (a NER entity and a role noun); the table keys mentions
    by span, and the first is the one the pipeline ranked highest.
    """
    seen: set[tuple[int, int]] = set()
    kept: list[Mention] = []
    for mention in mentions:
        key = (mention.start, mention.end)
        if key not in seen:
            seen.add(key)
            kept.append(mention)
    return kept


def mention_row(article_id: str, m: Mention) -> Row:
    return (
        article_id,
        m.start,
        m.end,
        m.text,
        m.label,
        m.code,
        m.sector,
        m.actor_id,
        m.name,
        m.method,
        m.antecedent,
        *_span(m.sentence),
    )


def insert_mentions(
    con: duckdb.DuckDBPyConnection, article_id: str, mentions: Iterable[Mention]
) -> None:
    rows = [mention_row(article_id, m) for m in unique_mentions(mentions)]
    _insert_many(con, "mentions", MENTION_COLUMNS, rows)


def event_row(position: int, e: Event) -> Row:
    loc = e.location
    return (
        e.id,
        e.article_id,
        position,
        e.type,
        e.mode,
        list(e.contexts),
        e.status,
        e.claim_id,
        e.date.start,
        e.date.end,
        e.date.precision,
        e.date.text,
        None if loc is None else loc.name,
        None if loc is None else loc.country_code,
        None if loc is None else loc.start,
        None if loc is None else loc.end,
        *_span(e.trigger),
        *_span(e.sentence),
        e.cameo,
        e.quad_class,
        e.intensity,
        e.confidence,
        e.provenance,
    )


def insert_events(con: duckdb.DuckDBPyConnection, events: Sequence[Event]) -> None:
    """Insert events with their actors (one row per role and place) and evidence spans."""
    _insert_many(con, "events", EVENT_COLUMNS, [event_row(i, e) for i, e in enumerate(events)])
    actors: list[Row] = []
    evidence: list[Row] = []
    for e in events:
        for role, refs in zip(ROLES, (e.source, e.target, e.attributed_to), strict=True):
            actors.extend((e.id, role, i, *_ref(ref)) for i, ref in enumerate(refs))
        evidence.extend((e.id, i, *_span(span)) for i, span in enumerate(e.evidence))
    _insert_many(con, "event_actors", EVENT_ACTOR_COLUMNS, actors)
    _insert_many(con, "event_evidence", EVIDENCE_COLUMNS, evidence)


def quote_row(position: int, q: Quote) -> Row:
    s = q.speaker
    speaker: Row = (None,) * 13
    if s is not None:
        speaker = (
            s.text,
            s.start,
            s.end,
            s.label,
            s.code,
            s.sector,
            s.actor_id,
            s.name,
            s.method,
            s.antecedent,
            *_span(s.sentence),
        )
    cue = (None, None, None) if q.cue is None else (q.cue.start, q.cue.end, q.cue.text)
    head = (q.id, q.article_id, position, q.text, q.start, q.end, q.kind)
    return (*head, *speaker, *cue, q.provenance)


def insert_quotes(con: duckdb.DuckDBPyConnection, quotes: Sequence[Quote]) -> None:
    _insert_many(con, "quotes", QUOTE_COLUMNS, [quote_row(i, q) for i, q in enumerate(quotes)])


def claim_row(position: int, c: Claim) -> Row:
    return (
        c.id,
        c.article_id,
        position,
        c.text,
        c.start,
        c.end,
        *_ref(c.claimant),
        c.hedge,
        c.provenance,
    )


def insert_claims(con: duckdb.DuckDBPyConnection, claims: Sequence[Claim]) -> None:
    """Insert claims and the ordered links to the events each asserts."""
    _insert_many(con, "claims", CLAIM_COLUMNS, [claim_row(i, c) for i, c in enumerate(claims)])
    links = [(c.id, i, event_id) for c in claims for i, event_id in enumerate(c.event_ids)]
    _insert_many(con, "claim_events", CLAIM_EVENT_COLUMNS, links)


def insert_extraction(
    con: duckdb.DuckDBPyConnection, article: Article, extraction: Extraction
) -> None:
    """Write every fact of the extraction and mark the article as extracted.

    The caller holds the transaction; the article row must already be there.
    """
    insert_mentions(con, article.id, extraction.actors)
    insert_events(con, extraction.events)
    insert_quotes(con, extraction.quotes)
    insert_claims(con, extraction.claims)
    con.execute("UPDATE articles SET extracted_at = current_timestamp WHERE id = ?", [article.id])


def replace_stories(con: duckdb.DuckDBPyConnection, stories: Iterable[Story]) -> int:
    """Swap the story tables for these stories; return how many were written.

    Stories are recomputed over the whole corpus each time, so the old clustering is
    replaced, never merged with. Rows whose key survives are overwritten in place and only
    the others deleted, because DuckDB before 1.2 refuses to delete and re-insert one key
    inside a transaction.
    """
    items = list(stories)
    story_ids = [s.id for s in items]
    if len(set(story_ids)) != len(story_ids):
        raise StoreError("S012 two stories share an id: give each story its own id")
    links = [(s.id, i, article_id) for s in items for i, article_id in enumerate(s.article_ids)]
    con.execute(
        "DELETE FROM story_articles l WHERE NOT EXISTS (SELECT 1 FROM "
        "(SELECT unnest(?::VARCHAR[]) AS story_id, unnest(?::INTEGER[]) AS position) n "
        "WHERE n.story_id = l.story_id AND n.position = l.position)",
        [[link[0] for link in links], [link[1] for link in links]],
    )
    con.execute("DELETE FROM stories WHERE id NOT IN (SELECT unnest(?::VARCHAR[]))", [story_ids])
    rows = [(s.id, s.title, s.first_seen, s.last_seen) for s in items]
    _insert_many(con, "stories", STORY_COLUMNS, rows, replace=True)
    _insert_many(con, "story_articles", STORY_ARTICLE_COLUMNS, links, replace=True)
    return len(items)
