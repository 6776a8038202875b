"""Bringing the Parquet tables of a Spark run into the store: an import, or views over them.

A Spark run (``tidings spark-extract``) writes the store's own tables, column for column, as
``DIR/<table>/*.parquet``. Two ways to use them, for two sizes of corpus:

* :func:`import_parquet` (the default of ``tidings attach``) copies them into the store's
  tables in one transaction. Everything then works as if ``tidings analyze`` had stored the
  articles: every CLI command, the web face, the analysis layer (which writes tables of its
  own next to these), and later ``analyze`` runs that add to the same file. It follows
  ``Store.save_extraction``: an article whose extraction is stored already keeps it, so
  attaching a folder twice, or two folders that overlap, adds nothing twice.
* :func:`attach_parquet_views` creates views in a schema of their own (``lake.events``,
  ...) that read the files in place. Nothing is copied, which is what one wants for a year
  of the world's news, but the views are read-only and point at absolute paths, and the
  store's commands, which read the tables of the main schema, do not see them; SQL does.

Either way the files' columns are checked against the store's before anything is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, NamedTuple

import duckdb

from tidings.store.errors import StoreError
from tidings.store.migrations import EXTRACTION_TABLES, MIGRATIONS
from tidings.store.writes import transaction

__all__ = [
    "ATTACHED_TABLES",
    "AttachReport",
    "MonthlyDyad",
    "attach_parquet_views",
    "import_parquet",
    "monthly_dyads",
    "read_manifests",
]

# The store tables a Spark run writes, parents before children.
ATTACHED_TABLES: tuple[str, ...] = EXTRACTION_TABLES
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

AttachMode = Literal["import", "views"]


@dataclass(frozen=True)
class AttachReport:
    """What attaching did: rows added per table (import) or rows visible (views)."""

    mode: AttachMode
    directories: tuple[str, ...]
    rows: dict[str, int]
    problems: int = 0  # inputs the Spark run could not read or extract
    articles_already_stored: int = 0  # import only: their stored extraction was kept
    schema: str = "main"
    manifests: list[dict[str, Any]] = field(default_factory=list)


class MonthlyDyad(NamedTuple):
    """Events from one actor code to another in one calendar month.

    ``cooperation`` and ``conflict`` split ``events`` by quad class (1-2 and 3-4); events
    with no quad class count in neither. The month is the event's own date, or its
    article's publication date when the text gives none, as ``tidings events`` dates them.
    """

    month: date
    source: str
    target: str
    events: int
    cooperation: int
    conflict: int
    mean_intensity: float | None


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _location(directory: str | Path) -> str:
    """The folder as DuckDB should read it: absolute when local, untouched when a URL."""
    text = str(directory)
    if "://" in text:
        return text.rstrip("/")
    return str(Path(text).resolve())


def _glob_list(directories: Sequence[str], table: str) -> str:
    globs = [_sql_string(f"{d}/{table}/*.parquet") for d in directories]
    return "[" + ", ".join(globs) + "]"


def _check_layout(directories: Sequence[str]) -> None:
    for directory in directories:
        if "://" in directory:
            continue  # a remote folder: DuckDB says so if a table is missing
        if not Path(directory).is_dir():
            raise StoreError(f"S030 there is no folder '{directory}' to attach")
        missing = [t for t in ATTACHED_TABLES if not any(Path(directory, t).glob("*.parquet"))]
        if missing:
            raise StoreError(
                f"S031 '{directory}' is not the output of `tidings spark-extract`: it has no "
                f"Parquet files for {', '.join(missing)}"
            )


def read_manifests(
    con: duckdb.DuckDBPyConnection, directories: Sequence[str | Path]
) -> list[dict[str, Any]]:
    """The manifest of each run folder (which tidings and schema made it), where present.

    A run newer than this build is refused: its tables may carry columns we cannot store.
    """
    manifests: list[dict[str, Any]] = []
    for directory in (_location(d) for d in directories):
        if "://" not in directory and not any(Path(directory, "manifest").glob("part-*")):
            continue
        glob = _sql_string(f"{directory}/manifest/part-*")
        for (content,) in con.execute(f"SELECT content FROM read_text({glob})").fetchall():
            for line in str(content).splitlines():
                if line.strip():
                    manifests.append(json.loads(line))
    for manifest in manifests:
        version = int(manifest.get("schema_version", 0))
        if version > len(MIGRATIONS):
            raise StoreError(
                f"S032 the Parquet tables were written at schema version {version}, newer than "
                f"this tidings knows ({len(MIGRATIONS)}): upgrade tidings to attach them"
            )
    return manifests


def _check_columns(
    con: duckdb.DuckDBPyConnection, directories: Sequence[str], *, target_schema: str = "main"
) -> None:
    """Refuse files whose columns differ from the store's, before writing anything."""
    for table in ATTACHED_TABLES:
        expected = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = ? AND table_schema = ? ORDER BY ordinal_position",
            [table, target_schema],
        ).fetchall()
        found = con.execute(
            f"DESCRIBE SELECT * FROM read_parquet({_glob_list(directories, table)})"
        ).fetchall()
        if [(str(n), str(t)) for n, t, *_ in found] != [(str(n), str(t)) for n, t in expected]:
            raise StoreError(
                f"S033 the Parquet table {table} does not have the store's columns: it was "
                "written by another version of tidings; re-run `tidings spark-extract`"
            )


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def _problem_count(con: duckdb.DuckDBPyConnection, directories: Sequence[str]) -> int:
    found = [d for d in directories if "://" in d or any(Path(d, "problems").glob("*.parquet"))]
    if not found:
        return 0
    return _count(con, f"SELECT count(*) FROM read_parquet({_glob_list(found, 'problems')})")


def import_parquet(
    con: duckdb.DuckDBPyConnection, directories: Sequence[str | Path]
) -> AttachReport:
    """Copy the tables of one or more Spark runs into the store, all or nothing.

    An article id that appears in several runs is taken once. Its facts are added only when
    the store does not yet hold an extraction for it; an article stored uncoded (another
    language, by ``analyze``) gains the run's extraction if the run coded it.
    """
    dirs = [_location(d) for d in directories]
    _check_layout(dirs)
    manifests = read_manifests(con, dirs)
    _check_columns(con, dirs)
    before = {t: _count(con, f"SELECT count(*) FROM {t}") for t in ATTACHED_TABLES}
    with transaction(con):
        already = _stage(con, dirs)
        _insert_facts(con, dirs)
        con.execute("DROP TABLE _attach_articles")
        con.execute("DROP TABLE _attach_new")
    after = {t: _count(con, f"SELECT count(*) FROM {t}") for t in ATTACHED_TABLES}
    return AttachReport(
        mode="import",
        directories=tuple(dirs),
        rows={t: after[t] - before[t] for t in ATTACHED_TABLES},
        problems=_problem_count(con, dirs),
        articles_already_stored=already,
        manifests=manifests,
    )


def _stage(con: duckdb.DuckDBPyConnection, dirs: Sequence[str]) -> int:
    """Stage the runs' articles, insert the new ones; return how many were stored already."""
    con.execute(
        "CREATE TEMP TABLE _attach_articles AS SELECT * FROM "
        f"read_parquet({_glob_list(dirs, 'articles')}) "
        "QUALIFY row_number() OVER (PARTITION BY id ORDER BY extracted_at NULLS LAST) = 1"
    )
    # The articles whose facts this import adds: coded by the run, not yet coded in the store.
    con.execute(
        "CREATE TEMP TABLE _attach_new AS SELECT p.id FROM _attach_articles p "
        "LEFT JOIN articles a ON a.id = p.id "
        "WHERE p.extracted_at IS NOT NULL AND (a.id IS NULL OR a.extracted_at IS NULL)"
    )
    already = _count(
        con, "SELECT count(*) FROM _attach_articles p SEMI JOIN articles a ON a.id = p.id"
    )
    con.execute(
        "INSERT INTO articles BY NAME SELECT p.* FROM _attach_articles p "
        "ANTI JOIN articles a ON a.id = p.id"
    )
    con.execute(
        "UPDATE articles SET extracted_at = p.extracted_at FROM _attach_articles p "
        "WHERE articles.id = p.id AND articles.extracted_at IS NULL "
        "AND p.id IN (SELECT id FROM _attach_new)"
    )
    return already


def _insert_facts(con: duckdb.DuckDBPyConnection, dirs: Sequence[str]) -> None:
    def source(table: str) -> str:
        return f"read_parquet({_glob_list(dirs, table)})"

    # Keyed by the article directly, or through the event or claim they hang from.
    for table in ("mentions", "events", "quotes", "claims"):
        con.execute(
            f"INSERT INTO {table} BY NAME SELECT x.* FROM {source(table)} x "
            "SEMI JOIN _attach_new n ON n.id = x.article_id ON CONFLICT DO NOTHING"
        )
    for table, parent, key in (
        ("event_actors", "events", "event_id"),
        ("event_evidence", "events", "event_id"),
        ("claim_events", "claims", "claim_id"),
    ):
        con.execute(
            f"INSERT INTO {table} BY NAME SELECT x.* FROM {source(table)} x "
            f"SEMI JOIN (SELECT p.id FROM {source(parent)} p SEMI JOIN _attach_new n "
            f"ON n.id = p.article_id) k ON k.id = x.{key} ON CONFLICT DO NOTHING"
        )


def attach_parquet_views(
    con: duckdb.DuckDBPyConnection,
    directories: Sequence[str | Path],
    *,
    schema: str = "lake",
) -> AttachReport:
    """Views ``<schema>.<table>`` over the runs' Parquet files, replacing earlier ones.

    Queries read the files in place each time (DuckDB pushes filters and column choices into
    the Parquet scan), so a view costs no space and sees a run folder that was re-written.
    """
    if not _IDENTIFIER.fullmatch(schema) or schema.lower() in {"main", "temp"}:
        raise StoreError(
            f"S034 {schema!r} cannot hold the views: name a new schema (letters, digits, _)"
        )
    dirs = [_location(d) for d in directories]
    _check_layout(dirs)
    manifests = read_manifests(con, dirs)
    _check_columns(con, dirs)
    with transaction(con):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        for table in ATTACHED_TABLES:
            con.execute(
                f"CREATE OR REPLACE VIEW {schema}.{table} AS "
                f"SELECT * FROM read_parquet({_glob_list(dirs, table)})"
            )
    rows = {t: _count(con, f"SELECT count(*) FROM {schema}.{t}") for t in ATTACHED_TABLES}
    return AttachReport(
        mode="views",
        directories=tuple(dirs),
        rows=rows,
        problems=_problem_count(con, dirs),
        schema=schema,
        manifests=manifests,
    )


def monthly_dyads(
    con: duckdb.DuckDBPyConnection,
    *,
    schema: str = "main",
    source: str | None = None,
    target: str | None = None,
    limit: int | None = None,
) -> list[MonthlyDyad]:
    """Events per month for each directed pair of actor codes, busiest pairs first per month.

    One SQL aggregation over the event tables of ``schema`` (the store's own, or views over
    Parquet), so it costs the same whichever way the tables were attached. Pairs are counted
    per event as ``Store.summary`` counts its top dyads: an event with two sources coded RUS
    counts once for RUS -> UKR.
    """
    if not _IDENTIFIER.fullmatch(schema):
        raise StoreError(f"S035 {schema!r} is not a schema name")
    filters, params = [], []
    if source is not None:
        filters.append("p.source = ?")
        params.append(source)
    if target is not None:
        filters.append("p.target = ?")
        params.append(target)
    where = "".join(f" AND {f}" for f in filters)
    tail = "" if limit is None else f" LIMIT {int(limit)}"
    rows = con.execute(
        f"""
        WITH pairs AS (
            SELECT DISTINCT s.event_id, s.code AS source, t.code AS target
            FROM {schema}.event_actors s
            JOIN {schema}.event_actors t ON t.event_id = s.event_id
            WHERE s.role = 'source' AND t.role = 'target'
              AND s.code IS NOT NULL AND t.code IS NOT NULL
        ),
        dated AS (
            SELECT p.source, p.target, e.quad_class, e.intensity,
                   CAST(date_trunc('month', COALESCE(e.date_start, e.date_end, a.published))
                        AS DATE) AS month
            FROM pairs p
            JOIN {schema}.events e ON e.id = p.event_id
            LEFT JOIN {schema}.articles a ON a.id = e.article_id
            WHERE true{where}
        )
        SELECT month, source, target, count(*) AS events,
               count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,
               count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict,
               avg(intensity) AS mean_intensity
        FROM dated
        WHERE month IS NOT NULL
        GROUP BY month, source, target
        ORDER BY month, events DESC, source, target{tail}
        """,
        params,
    ).fetchall()
    return [
        MonthlyDyad(
            month=month,
            source=str(s),
            target=str(t),
            events=int(n),
            cooperation=int(coop),
            conflict=int(conf),
            mean_intensity=None if mean is None else float(mean),
        )
        for month, s, t, n, coop, conf, mean in rows
    ]
