"""The public face of ``tidings.store``: exactly ``__all__``, options keyword-only."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import tidings.store
from tidings.store import Store


def test_public_api_is_exactly_all() -> None:
    assert sorted(tidings.store.__all__) == [
        "Dyad",
        "MIGRATIONS",
        "Migration",
        "MigrationError",
        "Store",
        "StoreError",
        "StoreSummary",
    ]
    for name in tidings.store.__all__:
        assert getattr(tidings.store, name) is not None


def test_options_are_keyword_only() -> None:
    for name in ("events", "event_rows", "quotes", "claims", "summary"):
        params = list(inspect.signature(getattr(Store, name)).parameters.values())[1:]
        assert params, name
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params), name
    export = inspect.signature(Store.export_table).parameters["format"]
    assert export.kind is inspect.Parameter.KEYWORD_ONLY
    assert inspect.signature(Store.open).parameters["read_only"].kind is (
        inspect.Parameter.KEYWORD_ONLY
    )


def test_store_is_a_context_manager() -> None:
    with Store.open() as store:
        assert store.counts()["articles"] == 0
    try:
        store.counts()
    except Exception as error:  # DuckDB raises its ConnectionException on a closed store
        assert "closed" in str(error).lower()
    else:
        raise AssertionError("a closed store still answered")


def test_memory_limit_caps_duckdbs_cache(tmp_path: Path) -> None:
    with Store.open(tmp_path / "capped.duckdb", memory_limit="64MB") as store:
        (limit,) = store.connection.execute("SELECT current_setting('memory_limit')").fetchone()
    assert limit.endswith("MiB") and 55 <= float(limit.split()[0]) <= 64


def test_a_memory_limit_duckdb_cannot_read_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(tidings.store.StoreError, match="S041 memory limit 'lots'"):
        Store.open(tmp_path / "never.duckdb", memory_limit="lots")
