"""The Parquet tables a Spark job writes: the store's own schema, and the rows that fill it.

The column names, order and types are read from the DuckDB schema itself (an in-memory store
migrated to the current version), not written out a second time, so that a migration that
adds a column changes the Parquet output with it and ``tidings attach`` never meets a table it
cannot load. The rows come from the store's own row builders in ``store/writes.py``: a fact
becomes the same tuple whether it goes into DuckDB directly or through Parquet.

Nothing here imports pyspark or pyarrow at module level: executors and the driver import
them lazily, and the row builders can be tested without either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import duckdb

from tidings.models import Article, Claim, Event, Extraction
from tidings.store.migrations import EXTRACTION_TABLES, apply_migrations
from tidings.store.writes import (
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    CLAIM_EVENT_COLUMNS,
    EVENT_ACTOR_COLUMNS,
    EVENT_COLUMNS,
    EVIDENCE_COLUMNS,
    MENTION_COLUMNS,
    QUOTE_COLUMNS,
    ROLES,
    Row,
    article_row,
    claim_row,
    event_row,
    mention_row,
    quote_row,
    unique_mentions,
)

__all__ = [
    "FACT_TABLES",
    "OUTPUT_TABLES",
    "PROBLEM_COLUMNS",
    "Column",
    "TableLayout",
    "extraction_rows",
    "store_layout",
]

# The store tables an extraction fills (stories are built afterwards by tidings.analysis, so
# the job never writes them): the articles, then the facts found in each.
OUTPUT_TABLES: tuple[str, ...] = EXTRACTION_TABLES
FACT_TABLES: tuple[str, ...] = EXTRACTION_TABLES[1:]

# Which columns of each table the row builders fill; the rest (``ingested_at``,
# ``extracted_at``) are the store's own bookkeeping and are set by the job's driver.
WRITTEN_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ARTICLE_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "events": EVENT_COLUMNS,
    "event_actors": EVENT_ACTOR_COLUMNS,
    "event_evidence": EVIDENCE_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "claims": CLAIM_COLUMNS,
    "claim_events": CLAIM_EVENT_COLUMNS,
}

# Inputs that produced no article, or an article the pipeline failed on: one row each, so that
# every input record can be accounted for. Not a store table; `tidings attach` reports it.
PROBLEM_COLUMNS: tuple[str, ...] = ("article_id", "origin", "error")


@dataclass(frozen=True)
class Column:
    """One column as DuckDB declares it: the name, the SQL type and whether NULL is allowed."""

    name: str
    type: str
    nullable: bool

    def spark_type(self) -> Any:
        """The Spark SQL type that round-trips through Parquet to this DuckDB type."""
        from pyspark.sql import types as t

        element = {
            "VARCHAR": t.StringType,
            "INTEGER": t.IntegerType,
            "BIGINT": t.LongType,
            "TINYINT": t.ByteType,
            "SMALLINT": t.ShortType,
            "DOUBLE": t.DoubleType,
            "BOOLEAN": t.BooleanType,
            "DATE": t.DateType,
            # Not adjusted to UTC, like DuckDB's TIMESTAMP: the store keeps local wall time.
            "TIMESTAMP": t.TimestampNTZType,
        }
        base = self.type.removesuffix("[]")
        if base not in element:
            raise ValueError(f"no Spark type for DuckDB type {self.type!r} of column {self.name}")
        spark = element[base]()
        return t.ArrayType(spark) if self.type.endswith("[]") else spark

    def arrow_type(self) -> Any:
        """The Arrow type Spark expects back from a Python worker for :meth:`spark_type`."""
        import pyarrow as pa

        element = {
            "VARCHAR": pa.string,
            "INTEGER": pa.int32,
            "BIGINT": pa.int64,
            "TINYINT": pa.int8,
            "SMALLINT": pa.int16,
            "DOUBLE": pa.float64,
            "BOOLEAN": pa.bool_,
            "DATE": pa.date32,
        }
        base = self.type.removesuffix("[]")
        if base not in element:
            raise ValueError(f"no Arrow type for DuckDB type {self.type!r} of column {self.name}")
        arrow = element[base]()
        return pa.list_(arrow) if self.type.endswith("[]") else arrow


@dataclass(frozen=True)
class TableLayout:
    """Every output table's columns in DuckDB order: plain data, cheap to ship to executors."""

    tables: tuple[tuple[str, tuple[Column, ...]], ...]
    schema_version: int

    def columns(self, table: str) -> tuple[Column, ...]:
        for name, columns in self.tables:
            if name == table:
                return columns
        raise KeyError(table)

    def written(self, table: str) -> tuple[Column, ...]:
        """The columns the row builders fill, in the builders' tuple order."""
        by_name = {c.name: c for c in self.columns(table)}
        return tuple(by_name[name] for name in WRITTEN_COLUMNS[table])


@lru_cache(maxsize=1)
def store_layout() -> TableLayout:
    """The output tables as the current store schema declares them.

    Read from a throwaway in-memory database, so the answer is whatever the migrations in
    this build produce; checked against the row builders so that a column added to a table
    but not to its builder is found here rather than as an unloadable Parquet file.
    """
    con = duckdb.connect(":memory:")
    try:
        applied = apply_migrations(con)
        tables: list[tuple[str, tuple[Column, ...]]] = []
        for table in OUTPUT_TABLES:
            rows = con.execute(
                "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                "WHERE table_name = ? AND table_schema = current_schema() "
                "ORDER BY ordinal_position",
                [table],
            ).fetchall()
            columns = tuple(Column(str(n), str(ty), str(nul) == "YES") for n, ty, nul in rows)
            missing = set(WRITTEN_COLUMNS[table]) - {c.name for c in columns}
            if missing:
                raise ValueError(f"table {table} lacks the written columns {sorted(missing)}")
            tables.append((table, columns))
    finally:
        con.close()
    return TableLayout(tables=tuple(tables), schema_version=len(applied))


def _event_actor_rows(events: Sequence[Event]) -> list[Row]:
    # Mirrors writes.insert_events, which builds these rows inline; see the module docstring.
    rows: list[Row] = []
    for e in events:
        for role, refs in zip(ROLES, (e.source, e.target, e.attributed_to), strict=True):
            rows.extend(
                (e.id, role, i, r.text, r.code, r.sector, r.actor_id, r.name)
                for i, r in enumerate(refs)
            )
    return rows


def _evidence_rows(events: Sequence[Event]) -> list[Row]:
    return [(e.id, i, s.start, s.end, s.text) for e in events for i, s in enumerate(e.evidence)]


def _claim_event_rows(claims: Sequence[Claim]) -> list[Row]:
    return [(c.id, i, event_id) for c in claims for i, event_id in enumerate(c.event_ids)]


def extraction_rows(article: Article, extraction: Extraction) -> dict[str, list[Row]]:
    """Every store row of one extracted article, by table, in the tuple order of its builder."""
    return {
        "articles": [article_row(article)],
        "mentions": [mention_row(article.id, m) for m in unique_mentions(extraction.actors)],
        "events": [event_row(i, e) for i, e in enumerate(extraction.events)],
        "event_actors": _event_actor_rows(extraction.events),
        "event_evidence": _evidence_rows(extraction.events),
        "quotes": [quote_row(i, q) for i, q in enumerate(extraction.quotes)],
        "claims": [claim_row(i, c) for i, c in enumerate(extraction.claims)],
        "claim_events": _claim_event_rows(extraction.claims),
    }


def as_record(columns: Sequence[Column], row: Row) -> dict[str, Any]:
    """A row tuple as the dict Arrow builds a struct from; dates stay dates."""
    return {c.name: _plain(v) for c, v in zip(columns, row, strict=True)}


def _plain(value: Any) -> Any:
    # Pydantic keeps dates as dates and lists as lists; anything else would be a builder bug.
    if value is None or isinstance(value, str | int | float | bool | date | list):
        return value
    raise TypeError(f"cannot write {type(value).__name__} to Parquet: {value!r}")
