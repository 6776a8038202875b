"""Where each stored article was seen: its sources, and the fingerprints that find its copies.

An article reaches us several times: the same wire story from three outlets, a page crawled
twice, a rewrite under a new headline. It is stored once; every sighting becomes a row of
``article_sources`` (the first with relation ``original``), and its MinHash fingerprint is
kept in ``article_fingerprints`` and ``article_bands`` so that copies arriving later, in
this run, a resumed run or next week's stream, are matched against it without holding the
corpus in memory.

Every write here is one transaction holding whole articles with their extractions (a chunk of
them, for speed), so after a crash an article is either stored with its facts, fingerprint
and source, or not at all. Rows are keyed so that writing the same sighting twice adds
nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import duckdb

from tidings.ingest.dedup import (
    Deduplicator,
    Fingerprint,
    Match,
    MemoryIndex,
    signature_from_bytes,
)
from tidings.models import Article, Extraction
from tidings.store import writes
from tidings.store.core import Store
from tidings.store.errors import StoreError

__all__ = [
    "ArticleSource",
    "ChunkResult",
    "Copy",
    "NewArticle",
    "StoreFingerprints",
    "article_sources",
    "backfill_fingerprints",
    "copy_key",
    "save_article",
    "save_chunk",
    "save_copy",
    "stored_states",
]

Row = tuple[Any, ...]
# Column types of the rows each table is given, in the order of its column tuple.
_TYPES: dict[str, tuple[str, ...]] = {
    "articles": (
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "DATE",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
    ),
    "article_fingerprints": ("VARCHAR", "VARCHAR", "VARCHAR", "BLOB"),
    "article_bands": ("BIGINT", "VARCHAR"),
    "article_sources": (
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "DOUBLE",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "DATE",
        "VARCHAR",
    ),
}
_FINGERPRINT_COLUMNS = ("article_id", "content_hash", "url_key", "minhash")
_SOURCE_COLUMNS = (
    "article_id",
    "copy_key",
    "relation",
    "basis",
    "similarity",
    "copy_id",
    "source",
    "url",
    "origin",
    "published",
    "title",
)


@dataclass(frozen=True)
class ArticleSource:
    """One sighting of a stored article: the outlet, URL and file it came from, and how."""

    article_id: str
    relation: str  # original | duplicate | near-duplicate
    basis: str | None  # content | url | text; None for the original
    similarity: float | None
    copy_id: str
    source: str | None
    url: str | None
    origin: str | None
    published: date | None
    title: str | None
    seen_at: datetime


def copy_key(article: Article, fingerprint: Fingerprint) -> str:
    """What tells two sightings apart: the URL (else the outlet) and the exact text.

    Re-reading the same file or stream gives the same keys, so a re-run adds no sources;
    the same text from a second outlet, or an edited version at the same URL, is a new one.
    """
    where = f"url:{fingerprint.url_key}" if fingerprint.url_key else f"outlet:{article.source}"
    return f"{where}#{fingerprint.content_hash}"


class StoreFingerprints:
    """The store's fingerprints, looked up a chunk at a time.

    :meth:`candidates` answers for a whole chunk in two queries and returns the stored
    articles that could match any of its fingerprints as a
    :class:`~tidings.ingest.dedup.MemoryIndex`; one query per article was most of the cost
    of ingesting.
    """

    def __init__(self, store: Store) -> None:
        self._con = store.connection

    def candidates(self, fingerprints: Sequence[Fingerprint]) -> MemoryIndex:
        index = MemoryIndex()
        if not fingerprints:
            return index
        hashes = sorted({fp.content_hash for fp in fingerprints})
        urls = sorted({fp.url_key for fp in fingerprints if fp.url_key})
        keys = sorted({band for fp in fingerprints for band in fp.bands})
        bands: dict[str, list[int]] = {}
        for key, article_id in self._con.execute(
            "SELECT key, article_id FROM article_bands WHERE key IN (SELECT unnest(?::BIGINT[]))",
            [keys],
        ).fetchall():
            bands.setdefault(str(article_id), []).append(int(key))
        rows = self._con.execute(
            "SELECT article_id, content_hash, url_key, minhash FROM article_fingerprints "
            "WHERE content_hash IN (SELECT unnest(?::VARCHAR[])) "
            "OR url_key IN (SELECT unnest(?::VARCHAR[])) "
            "OR article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY article_id",
            [hashes, urls, sorted(bands)],
        ).fetchall()
        for article_id, content, url, minhash in rows:
            fingerprint = Fingerprint(
                content_hash=str(content),
                url_key=None if url is None else str(url),
                signature=signature_from_bytes(bytes(minhash)),
                bands=tuple(bands.get(str(article_id), ())),
            )
            index.add(str(article_id), fingerprint)
        return index


def stored_states(store: Store, ids: Sequence[str]) -> dict[str, bool]:
    """For each id that is stored: whether its extraction is stored too."""
    if not ids:
        return {}
    rows = store.connection.execute(
        "SELECT id, extracted_at IS NOT NULL FROM articles "
        "WHERE id IN (SELECT unnest(?::VARCHAR[]))",
        [sorted(set(ids))],
    ).fetchall()
    return {str(article_id): bool(done) for article_id, done in rows}


@dataclass(frozen=True)
class NewArticle:
    """An article to store, with its fingerprint and extraction (None: stored uncoded)."""

    article: Article
    fingerprint: Fingerprint
    extraction: Extraction | None


@dataclass(frozen=True)
class Copy:
    """A sighting of a stored (or same-chunk) article, to record as one of its sources."""

    article: Article
    fingerprint: Fingerprint
    match: Match


@dataclass
class ChunkResult:
    """What a chunk write did: ids stored, ids found already there, copies new or known."""

    stored: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    copies_added: list[bool] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # copies the store would not take


def _insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: list[Row]
) -> None:
    """Insert many rows in one statement: one list parameter per column, unnested.

    Binding a list per column costs DuckDB far less than thousands of scalar parameters
    (a chunk's band keys alone are over a thousand rows).
    """
    if not rows:
        return
    types = _TYPES[table]
    selects = ", ".join(f"unnest(?::{kind}[])" for kind in types)
    values = [list(column) for column in zip(*rows, strict=True)]
    con.execute(f"INSERT INTO {table} ({writes.column_list(columns)}) SELECT {selects}", values)


def _source_row(
    article_id: str, sighting: Article, fingerprint: Fingerprint, match: Match | None
) -> Row:
    return (
        article_id,
        copy_key(sighting, fingerprint),
        "original" if match is None else match.kind,
        None if match is None else match.basis,
        None if match is None else match.similarity,
        sighting.id,
        sighting.source,
        sighting.url,
        sighting.origin,
        sighting.published,
        sighting.title,
    )


def save_chunk(store: Store, new: Sequence[NewArticle], copies: Sequence[Copy]) -> ChunkResult:
    """Store a chunk's new articles (with facts, fingerprints, sources) and its copies.

    One transaction for the whole chunk: a crash leaves the chunk entirely stored or not at
    all, and a re-run finds every stored id and skips it. Rows go in as multi-row statements,
    since each statement, not each row, is what DuckDB charges for. An article stored
    before (by id) is left as it is and listed in ``already``; a copy whose sighting is
    known is not added again. A copy must match an article stored before or in this chunk.
    """
    for item in new:
        if item.extraction is not None:
            writes.check_extraction(item.article, item.extraction)
    con = store.connection
    result = ChunkResult()
    with writes.transaction(con):
        states = stored_states(store, [item.article.id for item in new])
        writing: list[NewArticle] = []
        seen: set[str] = set()
        for item in new:
            state = states.get(item.article.id)
            done = state is not None if item.extraction is None else bool(state)
            if done or item.article.id in seen:
                result.already.append(item.article.id)
            else:
                seen.add(item.article.id)
                writing.append(item)
        fresh_rows = [writes.article_row(w.article) for w in writing if w.article.id not in states]
        _insert_rows(con, "articles", writes.ARTICLE_COLUMNS, fresh_rows)
        for item in writing:
            if item.extraction is not None:
                writes.insert_extraction(con, item.article, item.extraction)
            result.stored.append(item.article.id)
        _insert_fingerprints(con, writing)
        stored = {w.article.id for w in writing} | set(states)
        sources = [_source_row(w.article.id, w.article, w.fingerprint, None) for w in writing]
        for copy in copies:
            if copy.match.article_id not in stored and not _exists(con, copy.match.article_id):
                raise StoreError(
                    f"S020 cannot record {copy.article.id!r} as a copy of "
                    f"{copy.match.article_id!r}: that article is not stored"
                )
            sources.append(
                _source_row(copy.match.article_id, copy.article, copy.fingerprint, copy.match)
            )
        added = _insert_sources(con, sources)
        result.copies_added = added[len(writing) :]
    return result


def _exists(con: duckdb.DuckDBPyConnection, article_id: str) -> bool:
    return writes.extraction_state(con, article_id) is not None


def _insert_fingerprints(con: duckdb.DuckDBPyConnection, items: Sequence[NewArticle]) -> None:
    ids = [item.article.id for item in items]
    if not ids:
        return
    known = {
        str(row[0])
        for row in con.execute(
            "SELECT article_id FROM article_fingerprints "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [ids],
        ).fetchall()
    }
    rows: list[Row] = []
    bands: list[Row] = []
    for item in items:
        article_id = item.article.id
        if article_id in known:
            continue
        known.add(article_id)
        fp = item.fingerprint
        rows.append((article_id, fp.content_hash, fp.url_key, fp.signature_bytes()))
        bands.extend((band, article_id) for band in fp.bands)
    _insert_rows(con, "article_fingerprints", _FINGERPRINT_COLUMNS, rows)
    _insert_rows(con, "article_bands", ("key", "article_id"), bands)


def _insert_sources(con: duckdb.DuckDBPyConnection, rows: list[Row]) -> list[bool]:
    """Insert the source rows not yet stored; for each row, whether it was new."""
    if not rows:
        return []
    pairs = con.execute(
        "SELECT article_id, copy_key FROM article_sources "
        "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
        [sorted({str(row[0]) for row in rows})],
    ).fetchall()
    known = {(str(a), str(k)) for a, k in pairs}
    added: list[bool] = []
    fresh: list[Row] = []
    for row in rows:
        key = (str(row[0]), str(row[1]))
        added.append(key not in known)
        if key not in known:
            known.add(key)
            fresh.append(row)
    _insert_rows(con, "article_sources", _SOURCE_COLUMNS, fresh)
    return added


def save_article(
    store: Store, article: Article, fingerprint: Fingerprint, extraction: Extraction | None
) -> bool:
    """Store one article as :func:`save_chunk` would; False when it was already stored."""
    result = save_chunk(store, [NewArticle(article, fingerprint, extraction)], [])
    return bool(result.stored)


def save_copy(store: Store, copy: Article, fingerprint: Fingerprint, match: Match) -> bool:
    """Record one copy as a source of the article it matched; False if already known."""
    result = save_chunk(store, [], [Copy(copy, fingerprint, match)])
    return result.copies_added == [True]


def article_sources(store: Store, article_id: str) -> list[ArticleSource]:
    """Every sighting of an article, the original first, then in the order they were seen."""
    rows = store.connection.execute(
        f"SELECT {writes.column_list(_SOURCE_COLUMNS)}, seen_at FROM article_sources "
        "WHERE article_id = ? ORDER BY relation <> 'original', seen_at, rowid",
        [article_id],
    ).fetchall()
    return [
        ArticleSource(
            article_id=row[0],
            relation=row[2],
            basis=row[3],
            similarity=row[4],
            copy_id=row[5],
            source=row[6],
            url=row[7],
            origin=row[8],
            published=row[9],
            title=row[10],
            seen_at=row[11],
        )
        for row in rows
    ]


def backfill_fingerprints(store: Store, deduplicator: Deduplicator, *, batch: int = 500) -> int:
    """Fingerprint stored articles that have none (stored before migration 4); return how many.

    Each batch is one transaction, so an interrupted backfill resumes where it stopped.
    """
    con = store.connection
    done = 0
    while True:
        ids = [
            str(row[0])
            for row in con.execute(
                "SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM "
                "article_fingerprints f WHERE f.article_id = a.id) ORDER BY a.id LIMIT ?",
                [batch],
            ).fetchall()
        ]
        if not ids:
            return done
        items = []
        for article_id in ids:
            article = store.get_article(article_id)
            if article is not None:
                items.append(NewArticle(article, deduplicator.fingerprint(article), None))
        with writes.transaction(con):
            _insert_fingerprints(con, items)
            _insert_sources(
                con, [_source_row(i.article.id, i.article, i.fingerprint, None) for i in items]
            )
        done += len(items)
