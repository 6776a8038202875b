"""Migrations: recorded in the database, applied once, each in its own transaction."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tidings.store import MIGRATIONS, Migration, MigrationError, Store, StoreError
from tidings.store.migrations import TABLES, apply_migrations, check_migrations


def ledger(store: Store) -> list[tuple[int, str]]:
    rows = store.connection.execute(
        "SELECT number, name FROM schema_migrations ORDER BY number"
    ).fetchall()
    return [(int(n), str(name)) for n, name in rows]


def table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    return {str(r[0]) for r in rows}


def test_open_applies_and_records_every_migration(store: Store) -> None:
    assert store.schema_version() == len(MIGRATIONS) >= 2
    assert ledger(store) == [(m.number, m.name) for m in MIGRATIONS]
    stamped = store.connection.execute(
        "SELECT count(*) FROM schema_migrations WHERE applied_at IS NOT NULL"
    ).fetchone()
    assert stamped == (len(MIGRATIONS),)
    assert set(TABLES) <= table_names(store.connection)
    assert store.migrate() == []


def test_reopening_a_file_applies_nothing(tmp_path: Path) -> None:
    path = tmp_path / "news.duckdb"
    with Store.open(path) as first:
        recorded = first.connection.execute("SELECT * FROM schema_migrations").fetchall()
        version = first.schema_version()
    with Store.open(path) as second:
        assert second.schema_version() == version == len(MIGRATIONS)
        assert second.migrate() == []
        again = second.connection.execute("SELECT * FROM schema_migrations").fetchall()
    assert again == recorded  # same rows, same applied_at: nothing was re-applied


def test_constructor_does_no_io() -> None:
    con = duckdb.connect()
    store = Store(con)
    assert table_names(con) == set()
    assert store.schema_version() == 0
    assert table_names(con) == set()  # asking the version does not create the ledger
    applied = store.migrate()
    assert [m.number for m in applied] == [m.number for m in MIGRATIONS]
    con.close()


def test_a_migration_is_applied_in_steps_over_time() -> None:
    con = duckdb.connect()
    assert apply_migrations(con, MIGRATIONS[:1]) == [MIGRATIONS[0]]
    indexes = con.execute("SELECT count(*) FROM duckdb_indexes()").fetchone()
    assert indexes == (0,)
    assert apply_migrations(con, MIGRATIONS) == list(MIGRATIONS[1:])
    names = {r[0] for r in con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
    assert {"events_by_type", "events_by_article", "event_actors_by_code"} <= names
    con.close()


def test_a_failing_migration_leaves_no_trace() -> None:
    con = duckdb.connect()
    broken = (
        Migration(1, "first", "CREATE TABLE one (x INTEGER);"),
        Migration(2, "second", "CREATE TABLE two (x INTEGER); SELECT * FROM no_such_table;"),
    )
    with pytest.raises(duckdb.Error):
        apply_migrations(con, broken)
    assert "one" in table_names(con)
    assert "two" not in table_names(con)
    rows = con.execute("SELECT number, name FROM schema_migrations").fetchall()
    assert rows == [(1, "first")]
    # The connection is still usable, and a fixed second step applies on the next run.
    fixed = (broken[0], Migration(2, "second", "CREATE TABLE two (x INTEGER);"))
    assert apply_migrations(con, fixed) == [fixed[1]]
    con.close()


@pytest.mark.parametrize(
    "migrations",
    [
        (Migration(1, "a", "SELECT 1"), Migration(3, "b", "SELECT 1")),
        (Migration(2, "a", "SELECT 1"),),
        (Migration(1, "a", "SELECT 1"), Migration(2, "a", "SELECT 1")),
    ],
    ids=["gap", "not-from-one", "same-name"],
)
def test_malformed_migration_lists_are_refused(migrations: tuple[Migration, ...]) -> None:
    with pytest.raises(MigrationError):
        check_migrations(migrations)


def test_a_newer_database_is_refused(store: Store) -> None:
    store.connection.execute(
        "INSERT INTO schema_migrations VALUES (?, 'from-the-future', current_timestamp)",
        [len(MIGRATIONS) + 1],
    )
    with pytest.raises(MigrationError, match="S003"):
        store.migrate()


def test_a_database_with_another_history_is_refused(store: Store) -> None:
    store.connection.execute("UPDATE schema_migrations SET name = 'other' WHERE number = 1")
    with pytest.raises(MigrationError, match="S004"):
        store.migrate()


def test_read_only_open_needs_a_migrated_file(tmp_path: Path) -> None:
    bare = tmp_path / "bare.duckdb"
    duckdb.connect(str(bare)).close()
    with pytest.raises(StoreError, match="S005"):
        Store.open(bare, read_only=True)
    done = tmp_path / "done.duckdb"
    Store.open(done).close()
    with Store.open(done, read_only=True) as reader:
        assert reader.schema_version() == len(MIGRATIONS)
        assert reader.counts()["articles"] == 0


def test_every_fact_table_carries_provenance(store: Store) -> None:
    def columns(table: str) -> set[str]:
        rows = store.connection.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
        return {str(r[0]) for r in rows}

    for table in ("mentions", "quotes", "claims"):
        assert {"article_id", "start", "end"} <= columns(table), table
    assert {"article_id", "trigger_start", "sentence_start", "provenance"} <= columns("events")
    assert {"event_id", "start", "end"} <= columns("event_evidence")
