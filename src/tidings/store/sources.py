"""Where each stored article was seen: its sources, and the fingerprints that find its copies.

An article reaches us several times: the same wire story from three outlets, a page crawled
twice, a rewrite under a new headline. It is stored once; every sighting becomes a row of
``article_sources`` (the first with relation ``original``), and its MinHash fingerprint is
kept in ``article_fingerprints`` and ``article_bands`` so that copies arriving later, in
this run, a resumed run or next week's stream, are matched against it without holding the
corpus in memory.

Every write here is one transaction that includes the article and its extraction, so after a
crash an article is either stored with its facts, fingerprint and source, or not at all.
Rows are keyed so that writing the same sighting twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from tidings.ingest.dedup import Deduplicator, Fingerprint, Match, Signature, signature_from_bytes
from tidings.models import Article, Extraction
from tidings.store import writes
from tidings.store.core import Store

__all__ = [
    "ArticleSource",
    "StoreFingerprints",
    "article_sources",
    "backfill_fingerprints",
    "copy_key",
    "save_article",
    "save_copy",
]

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
    """What tells two sightings apart: the URL, else the outlet and the exact text.

    Re-reading the same file or stream gives the same keys, so a re-run adds no sources;
    the same text from a second outlet is a second source.
    """
    if fingerprint.url_key:
        return f"url:{fingerprint.url_key}"
    return f"text:{article.source or ''}:{fingerprint.content_hash}"


class StoreFingerprints:
    """The store's fingerprints as a :class:`~tidings.ingest.dedup.FingerprintIndex`."""

    def __init__(self, store: Store) -> None:
        self._con = store.connection

    def by_content(self, content_hash: str) -> str | None:
        row = self._con.execute(
            "SELECT article_id FROM article_fingerprints WHERE content_hash = ? "
            "ORDER BY article_id LIMIT 1",
            [content_hash],
        ).fetchone()
        return None if row is None else str(row[0])

    def by_url(self, url_key: str) -> list[tuple[str, Signature]]:
        rows = self._con.execute(
            "SELECT article_id, minhash FROM article_fingerprints WHERE url_key = ? "
            "ORDER BY article_id",
            [url_key],
        ).fetchall()
        return [(str(i), signature_from_bytes(bytes(m))) for i, m in rows]

    def by_bands(self, bands: Sequence[int]) -> list[tuple[str, Signature]]:
        if not bands:
            return []
        # Integers formatted into the statement (they are ours, not input), so that DuckDB
        # can answer from the index instead of joining against a parameter list.
        keys = ", ".join(str(int(band)) for band in bands)
        rows = self._con.execute(
            "SELECT f.article_id, any_value(f.minhash) FROM article_bands b "
            "JOIN article_fingerprints f ON f.article_id = b.article_id "
            f"WHERE b.key IN ({keys}) GROUP BY f.article_id ORDER BY f.article_id"
        ).fetchall()
        return [(str(i), signature_from_bytes(bytes(m))) for i, m in rows]


def _insert_fingerprint(
    con: duckdb.DuckDBPyConnection, article_id: str, fingerprint: Fingerprint
) -> None:
    exists = con.execute(
        "SELECT 1 FROM article_fingerprints WHERE article_id = ?", [article_id]
    ).fetchone()
    if exists:
        return
    con.execute(
        "INSERT INTO article_fingerprints (article_id, content_hash, url_key, minhash) "
        "VALUES (?, ?, ?, ?)",
        [article_id, fingerprint.content_hash, fingerprint.url_key, fingerprint.signature_bytes()],
    )
    marks = ", ".join("(?, ?)" for _ in fingerprint.bands)
    params: list[object] = []
    for band in fingerprint.bands:
        params.extend((band, article_id))
    con.execute(f"INSERT INTO article_bands (key, article_id) VALUES {marks}", params)


def _insert_source(
    con: duckdb.DuckDBPyConnection,
    article_id: str,
    sighting: Article,
    fingerprint: Fingerprint,
    match: Match | None,
) -> bool:
    row = (
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
    marks = ", ".join("?" for _ in row)
    result = con.execute(
        f"INSERT INTO article_sources ({writes.column_list(_SOURCE_COLUMNS)}) VALUES ({marks}) "
        "ON CONFLICT DO NOTHING",
        list(row),
    ).fetchone()
    return bool(result and result[0])


def save_article(
    store: Store, article: Article, fingerprint: Fingerprint, extraction: Extraction | None
) -> bool:
    """Store a new article, its extraction (None: stored uncoded), fingerprint and source.

    All in one transaction; False, with nothing written, when the article was already
    stored (with its extraction, when one is given).
    """
    con = store.connection
    if extraction is not None:
        writes.check_extraction(article, extraction)
    with writes.transaction(con):
        state = writes.extraction_state(con, article.id)
        if extraction is None:
            if state is not None:
                return False
            writes.insert_article(con, article)
        else:
            if state:
                return False
            if state is None:
                writes.insert_article(con, article)
            writes.insert_extraction(con, article, extraction)
        _insert_fingerprint(con, article.id, fingerprint)
        _insert_source(con, article.id, article, fingerprint, None)
    return True


def save_copy(store: Store, copy: Article, fingerprint: Fingerprint, match: Match) -> bool:
    """Record a copy as one more source of the article it matched; False if already known."""
    con = store.connection
    with writes.transaction(con):
        if writes.extraction_state(con, match.article_id) is None:
            raise ValueError(
                f"cannot record {copy.id!r} as a copy of {match.article_id!r}: that article "
                "is not stored"
            )
        return _insert_source(con, match.article_id, copy, fingerprint, match)


def article_sources(store: Store, article_id: str) -> list[ArticleSource]:
    """Every sighting of an article, the original first, then in the order they were seen."""
    rows = store.connection.execute(
        f"SELECT {writes.column_list(_SOURCE_COLUMNS)}, seen_at FROM article_sources "
        "WHERE article_id = ? ORDER BY relation <> 'original', seen_at, copy_key",
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
        articles = [store.get_article(article_id) for article_id in ids]
        with writes.transaction(con):
            for article in articles:
                if article is None:
                    continue
                fingerprint = deduplicator.fingerprint(article)
                _insert_fingerprint(con, article.id, fingerprint)
                _insert_source(con, article.id, article, fingerprint, None)
                done += 1
