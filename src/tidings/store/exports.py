"""What the faces take out of the store: summary figures, tables as files, flat event rows.

Everything here is computed in SQL over the whole store, so that a summary or an export of a
large corpus does not rebuild a model per row. Tables are written by DuckDB's own ``COPY`` and
stream to disk without passing through Python. The flat event rows are what the CLI prints as
a table, JSON or CSV: one line per event, actors reduced to their codes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, NamedTuple, get_args

import duckdb

from tidings.store.errors import StoreError
from tidings.store.migrations import TABLES
from tidings.store.reads import EventFilter, fetch

ExportFormat = Literal["csv", "parquet", "json"]
EXPORT_FORMATS: tuple[str, ...] = get_args(ExportFormat)

_COPY_OPTIONS: dict[str, str] = {
    "csv": "FORMAT csv, HEADER true",
    "parquet": "FORMAT parquet",
    # One JSON object per line (JSON Lines), the same shape as `tidings extract` writes.
    "json": "FORMAT json",
}

# Keys of each flat event row, in column order for a table or a CSV header.
EVENT_ROW_KEYS: tuple[str, ...] = (
    "id",
    "article_id",
    "date",
    "type",
    "mode",
    "source",
    "target",
    "status",
    "intensity",
    "trigger",
    "sentence",
)


class Dyad(NamedTuple):
    """A directed pair of actor codes and how they have dealt with each other.

    ``events`` counts events, not actor pairs: an event with two sources coded RUS counts
    once for RUS -> UKR. (Not named ``count``, which a tuple already has as a method.)
    ``mean_intensity`` is None when none of those events was scored.
    """

    source: str
    target: str
    events: int
    mean_intensity: float | None


@dataclass(frozen=True, kw_only=True)
class StoreSummary:
    """Counts over the whole store; every figure is computed, none is cached."""

    articles: int = 0
    extracted_articles: int = 0
    mentions: int = 0
    actors: int = 0  # distinct named actors the KB resolved mentions to (actor_id)
    events: int = 0
    events_by_type: dict[str, int] = field(default_factory=dict)
    events_by_status: dict[str, int] = field(default_factory=dict)
    quotes: int = 0
    claims: int = 0
    stories: int = 0
    top_dyads: tuple[Dyad, ...] = ()
    date_range: tuple[date, date] | None = None  # earliest and latest article publication

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings, dyads as objects) for the CLI and the API."""
        data = asdict(self)
        data["top_dyads"] = [d._asdict() for d in self.top_dyads]
        if self.date_range is not None:
            data["date_range"] = [d.isoformat() for d in self.date_range]
        return data


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    row = con.execute(sql).fetchone()
    return None if row is None else row[0]


def _tally(con: duckdb.DuckDBPyConnection, column: str) -> dict[str, int]:
    """Events per value of a column, most frequent first, ties in name order."""
    rows = con.execute(
        f"SELECT {column}, count(*) AS n FROM events GROUP BY {column} ORDER BY n DESC, {column}"
    ).fetchall()
    return {str(value): int(n) for value, n in rows}


def top_dyads(con: duckdb.DuckDBPyConnection, *, limit: int = 10) -> tuple[Dyad, ...]:
    """The most frequent source -> target code pairs over events that code both sides."""
    rows = con.execute(
        """
        WITH pairs AS (
            SELECT DISTINCT s.event_id, s.code AS source, t.code AS target
            FROM event_actors s
            JOIN event_actors t ON t.event_id = s.event_id
            WHERE s.role = 'source' AND t.role = 'target'
              AND s.code IS NOT NULL AND t.code IS NOT NULL
        )
        SELECT p.source, p.target, count(*) AS n, avg(e.intensity) AS mean_intensity
        FROM pairs p JOIN events e ON e.id = p.event_id
        GROUP BY p.source, p.target
        ORDER BY n DESC, p.source, p.target
        LIMIT ?
        """,
        [limit],
    ).fetchall()
    return tuple(
        Dyad(str(s), str(t), int(n), None if mean is None else float(mean))
        for s, t, n, mean in rows
    )


def summarize(con: duckdb.DuckDBPyConnection, *, dyads: int = 10) -> StoreSummary:
    row = con.execute("SELECT min(published), max(published) FROM articles").fetchone()
    first, last = row if row is not None else (None, None)
    return StoreSummary(
        articles=int(_scalar(con, "SELECT count(*) FROM articles")),
        extracted_articles=int(
            _scalar(con, "SELECT count(*) FROM articles WHERE extracted_at IS NOT NULL")
        ),
        mentions=int(_scalar(con, "SELECT count(*) FROM mentions")),
        actors=int(_scalar(con, "SELECT count(DISTINCT actor_id) FROM mentions")),
        events=int(_scalar(con, "SELECT count(*) FROM events")),
        events_by_type=_tally(con, "type"),
        events_by_status=_tally(con, "status"),
        quotes=int(_scalar(con, "SELECT count(*) FROM quotes")),
        claims=int(_scalar(con, "SELECT count(*) FROM claims")),
        stories=int(_scalar(con, "SELECT count(*) FROM stories")),
        top_dyads=top_dyads(con, limit=dyads),
        date_range=None if first is None else (first, last),
    )


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per data table, in schema order; the check that a re-run wrote nothing."""
    return {t: int(_scalar(con, f"SELECT count(*) FROM {t}")) for t in TABLES}


def _sql_string(text: str) -> str:
    """A SQL string literal; COPY takes no parameters for its target, so quote by hand."""
    return "'" + text.replace("'", "''") + "'"


def export_table(
    con: duckdb.DuckDBPyConnection,
    name: str,
    path: str | Path,
    *,
    format: ExportFormat = "csv",
) -> int:
    """Write one table to a file; return the number of rows written.

    The table name is checked against the schema's own list because it is spliced into SQL.
    """
    if name not in TABLES:
        raise StoreError(
            f"S020 there is no table {name!r} to export: choose one of {', '.join(TABLES)}"
        )
    if format not in _COPY_OPTIONS:
        raise StoreError(
            f"S021 cannot export as {format!r}: choose one of {', '.join(EXPORT_FORMATS)}"
        )
    target = Path(path)
    if not target.parent.is_dir():
        raise StoreError(
            f"S022 cannot write {target}: the folder {target.parent} does not exist; create it "
            "first"
        )
    row = con.execute(
        f"COPY {name} TO {_sql_string(str(target))} ({_COPY_OPTIONS[format]})"
    ).fetchone()
    return int(row[0]) if row else 0


def _codes(role: str) -> str:
    """The codes of one role of an event, in saved order, joined by ';' ('' when none)."""
    return (
        "COALESCE((SELECT string_agg(x.code, ';' ORDER BY x.position) FROM event_actors x "
        f"WHERE x.event_id = e.id AND x.role = '{role}' AND x.code IS NOT NULL), '')"
    )


def event_rows(con: duckdb.DuckDBPyConnection, query: EventFilter) -> list[dict[str, Any]]:
    """Events as flat dicts with the keys of ``EVENT_ROW_KEYS``, ready for json or csv.

    ``date`` is an ISO string: the event's own start date, or its article's publication date
    when the text gives none (the same rule the ``since``/``until`` filters use).
    """
    where, params = query.where()
    tail, tail_params = query.tail()
    sql = f"""
        SELECT
            e.id,
            e.article_id,
            CAST(COALESCE(e.date_start, e.date_end, a.published) AS VARCHAR) AS date,
            e.type,
            e.mode,
            {_codes("source")} AS source,
            {_codes("target")} AS target,
            e.status,
            e.intensity,
            e.trigger_text AS trigger,
            e.sentence_text AS sentence
        FROM events e LEFT JOIN articles a ON a.id = e.article_id{where}{tail}
    """
    return fetch(con, sql, params + tail_params)
