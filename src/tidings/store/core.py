"""The ``Store``: one DuckDB database holding articles and everything read from them.

The class is a thin façade over the schema, write, read and export modules. It takes a ready
connection so that tests and embedding applications can pass their own; ``Store.open`` is the
one place that connects, and it brings the schema up to date before handing the store out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from tidings.models import Article, Claim, Event, Extraction, Mention, Quote, Story
from tidings.store import exports, reads, writes
from tidings.store.errors import StoreError
from tidings.store.exports import ExportFormat, StoreSummary
from tidings.store.migrations import MIGRATIONS, Migration, apply_migrations, schema_version
from tidings.store.reads import EventFilter


class Store:
    """Articles, mentions, events, quotes, claims and stories in one embedded database.

    Writes are idempotent (an article id is stored once, with its extraction once) and each
    public write is one transaction. A ``Store`` is not safe to share between threads; give
    each thread its own via ``Store(connection.cursor())``.
    """

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._con = connection

    @classmethod
    def open(
        cls,
        path: str | Path = ":memory:",
        *,
        read_only: bool = False,
        memory_limit: str | None = None,
    ) -> Store:
        """Connect to a database file (created if absent) and migrate it to this schema.

        ``read_only`` lets a reader (the web face) share a file with nothing to write; such a
        file must already be at this build's schema version, since it cannot be migrated.
        ``memory_limit`` (DuckDB's setting, e.g. ``"256MB"``) caps DuckDB's buffer pool. By
        default DuckDB caches pages up to 80% of RAM, so a long ingest's memory grows with the
        store until that cap; a small one keeps a firehose's memory flat.
        """
        config: dict[str, str | bool | int | float | list[str]] = (
            {"memory_limit": memory_limit} if memory_limit else {}
        )
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=config)
        except (duckdb.ParserException, duckdb.InvalidInputException) as exc:
            if not memory_limit:
                raise
            raise StoreError(
                f"S041 memory limit '{memory_limit}' is not a size DuckDB understands "
                "(for example 256MB or 2GB)"
            ) from exc
        store = cls(con)
        try:
            if read_only:
                store._check_current()
            else:
                store.migrate()
        except BaseException:
            con.close()
            raise
        return store

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The underlying connection, for analyses that are best written as SQL."""
        return self._con

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ schema

    def migrate(self) -> list[Migration]:
        """Apply the migrations this database lacks; return those applied (none on a re-run)."""
        return apply_migrations(self._con, MIGRATIONS)

    def schema_version(self) -> int:
        return schema_version(self._con)

    def _check_current(self) -> None:
        version = self.schema_version()
        if version != len(MIGRATIONS):
            raise StoreError(
                f"S005 the database is at schema version {version}, this tidings needs "
                f"{len(MIGRATIONS)}: open it once without read_only to migrate it"
            )

    # ------------------------------------------------------------------ writes

    def add_article(self, article: Article) -> bool:
        """Store an article without its extraction; True when it was not stored before."""
        with writes.transaction(self._con):
            return writes.insert_article(self._con, article)

    def has_article(self, article_id: str) -> bool:
        return writes.extraction_state(self._con, article_id) is not None

    def has_extraction(self, article_id: str) -> bool:
        """Whether the article's facts are stored: ``analyze`` skips the NLP for these."""
        return bool(writes.extraction_state(self._con, article_id))

    def save_extraction(self, article: Article, extraction: Extraction) -> bool:
        """Store an article and every fact read from it, all or nothing; True when written.

        An article whose extraction is already stored is left as it is (False), so re-running
        an analysis adds no rows. An article stored earlier by ``add_article`` keeps its row
        and gains its facts. Two mentions of the same span keep the first; two events, quotes
        or claims with one id are an error, and the transaction is rolled back.
        """
        writes.check_extraction(article, extraction)
        with writes.transaction(self._con):
            state = writes.extraction_state(self._con, article.id)
            if state:
                return False
            if state is None:
                writes.insert_article(self._con, article)
            writes.insert_extraction(self._con, article, extraction)
        return True

    def save_stories(self, stories: Iterable[Story]) -> int:
        """Replace the stored stories with these; return how many were saved."""
        with writes.transaction(self._con):
            return writes.replace_stories(self._con, stories)

    # ------------------------------------------------------------------ reads

    def get_article(self, article_id: str) -> Article | None:
        return reads.get_article(self._con, article_id)

    def iter_articles(self) -> Iterator[Article]:
        """Every article in id order; safe to write to the store while iterating."""
        return reads.iter_articles(self._con)

    def get_extraction(self, article_id: str) -> Extraction | None:
        """The stored extraction of an article, as ``extract`` gave it; None if not stored."""
        return reads.extraction(self._con, article_id)

    def mentions(self, article_id: str) -> list[Mention]:
        return reads.mentions(self._con, article_id)

    def events(
        self,
        *,
        article_id: str | None = None,
        type: str | None = None,
        actor_code: str | None = None,
        status: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int | None = None,
    ) -> list[Event]:
        """Events matching every given filter, chronological by article.

        ``actor_code`` matches a source or target code; ``since``/``until`` keep events whose
        dates overlap the range, undated events taking their article's publication date.
        """
        query = EventFilter(
            article_id=article_id,
            type=type,
            actor_code=actor_code,
            status=status,
            since=since,
            until=until,
            limit=limit,
        )
        return reads.events(self._con, query)

    def quotes(self, *, article_id: str | None = None, speaker: str | None = None) -> list[Quote]:
        """Quotes, optionally of one article or speaker.

        ``speaker`` matches a code or KB id exactly, or part of a name or the words used, all
        regardless of case: "putin", "RUS" and "putin-vladimir" all find Putin's quotes.
        """
        return reads.quotes(self._con, article_id=article_id, speaker=speaker)

    def claims(self, *, article_id: str | None = None, claimant: str | None = None) -> list[Claim]:
        """Claims, optionally of one article or claimant (matched as ``quotes`` matches)."""
        return reads.claims(self._con, article_id=article_id, claimant=claimant)

    def stories(self) -> list[Story]:
        return reads.stories(self._con)

    def summary(self, *, dyads: int = 10) -> StoreSummary:
        """Figures over the whole store, with the ``dyads`` most frequent coded pairs."""
        return exports.summarize(self._con, dyads=dyads)

    def counts(self) -> dict[str, int]:
        """Rows in each data table."""
        return exports.table_counts(self._con)

    # ------------------------------------------------------------------ exports

    def export_table(self, name: str, path: str | Path, *, format: ExportFormat = "csv") -> int:
        """Write a table to a csv, parquet or JSON Lines file; return the rows written."""
        return exports.export_table(self._con, name, path, format=format)

    def event_rows(
        self,
        *,
        article_id: str | None = None,
        type: str | None = None,
        actor_code: str | None = None,
        status: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Events as flat dicts (codes joined by ';') for table, JSON and CSV output."""
        query = EventFilter(
            article_id=article_id,
            type=type,
            actor_code=actor_code,
            status=status,
            since=since,
            until=until,
            limit=limit,
        )
        return exports.event_rows(self._con, query)
