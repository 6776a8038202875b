"""`tidings attach`: Parquet tables into the store, or views over them, and dyads by month.

These build the Parquet folder with DuckDB itself (the layout a Spark run writes), so they
run without pyspark; test_spark_job.py checks that Spark writes the same layout.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tidings.models import Article, Extraction
from tidings.store import Store, StoreError
from tidings.store.attach import (
    ATTACHED_TABLES,
    attach_parquet_views,
    import_parquet,
    monthly_dyads,
)

Reference = dict[str, tuple[Article, Extraction]]


def _counts(store: Store) -> dict[str, int]:
    return {t: n for t, n in store.counts().items() if t in ATTACHED_TABLES}


def test_import_stores_exactly_what_the_run_holds(
    parquet_run: Path, direct_store: Store, reference: Reference
) -> None:
    with Store.open() as store:
        report = import_parquet(store.connection, [parquet_run])
        assert report.rows == _counts(direct_store)
        assert report.rows["events"] > 0
        for article_id in reference:
            assert store.get_extraction(article_id) == direct_store.get_extraction(article_id)
        assert store.summary().extracted_articles == len(reference)


def test_importing_twice_adds_nothing(parquet_run: Path) -> None:
    with Store.open() as store:
        first = import_parquet(store.connection, [parquet_run])
        again = import_parquet(store.connection, [parquet_run, parquet_run])
        assert set(again.rows.values()) == {0}
        assert again.articles_already_stored == first.rows["articles"]


def test_a_stored_extraction_is_kept(
    parquet_run: Path, reference: Reference, direct_store: Store
) -> None:
    (article, _), *rest = reference.values()
    with Store.open() as store:
        store.save_extraction(article, Extraction(id=article.id))  # stored, found nothing
        report = import_parquet(store.connection, [parquet_run])
        assert report.articles_already_stored == 1
        assert store.get_extraction(article.id) == Extraction(id=article.id)
        for other, _ in rest:
            assert store.get_extraction(other.id) == direct_store.get_extraction(other.id)


def test_views_read_the_files_in_place(parquet_run: Path, direct_store: Store) -> None:
    with Store.open() as store:
        report = attach_parquet_views(store.connection, [parquet_run], schema="lake")
        assert report.rows == _counts(direct_store)
        assert store.counts()["events"] == 0  # nothing copied into the store's own tables
        assert monthly_dyads(store.connection, schema="lake") == monthly_dyads(
            direct_store.connection
        )


def test_monthly_dyads_count_events_per_pair_and_month(direct_store: Store) -> None:
    dyads = monthly_dyads(direct_store.connection)
    assert dyads, "the sample corpus codes events between two coded actors"
    total = sum(d.events for d in dyads)
    pairs = direct_store.connection.execute(
        "SELECT count(*) FROM (SELECT DISTINCT s.event_id, s.code, t.code FROM event_actors s "
        "JOIN event_actors t ON t.event_id = s.event_id WHERE s.role = 'source' AND "
        "t.role = 'target' AND s.code IS NOT NULL AND t.code IS NOT NULL)"
    ).fetchone()
    assert pairs is not None and total == pairs[0]  # every sample article is dated
    assert all(d.cooperation + d.conflict <= d.events for d in dyads)
    assert all(d.month.day == 1 for d in dyads)
    first = dyads[0]
    only = monthly_dyads(direct_store.connection, source=first.source, target=first.target)
    assert {(d.source, d.target) for d in only} == {(first.source, first.target)}


def test_files_from_another_schema_are_refused(parquet_run: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    for table in ATTACHED_TABLES:
        (broken / table).mkdir(parents=True)
        source = f"read_parquet('{parquet_run}/{table}/*.parquet')"
        columns = "* EXCLUDE (provenance)" if table == "events" else "*"
        duckdb.execute(
            f"COPY (SELECT {columns} FROM {source}) TO '{broken}/{table}/part-0.parquet' "
            "(FORMAT parquet)"
        )
    with Store.open() as store, pytest.raises(StoreError, match="S033"):
        import_parquet(store.connection, [broken])
    with Store.open() as store:
        assert store.counts()["articles"] == 0


def test_a_folder_that_is_not_a_run_is_refused(tmp_path: Path) -> None:
    with Store.open() as store:
        with pytest.raises(StoreError, match="S030"):
            import_parquet(store.connection, [tmp_path / "absent"])
        with pytest.raises(StoreError, match="S031"):
            import_parquet(store.connection, [tmp_path])


def test_a_run_from_a_newer_schema_is_refused(parquet_run: Path, tmp_path: Path) -> None:
    import shutil

    newer = tmp_path / "newer"
    shutil.copytree(parquet_run, newer)
    (newer / "manifest").mkdir()
    (newer / "manifest" / "part-00000.txt").write_text(
        json.dumps({"schema_version": 999}) + "\n", encoding="utf-8"
    )
    with Store.open() as store, pytest.raises(StoreError, match="S032"):
        import_parquet(store.connection, [newer])
