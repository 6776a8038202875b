"""The Spark job in local[2] mode against the single-machine path on the same input.

One job runs for the module (about a minute on two cores); the tests read its Parquet
output with DuckDB and compare it with ``Extractor.extract_many`` fact by fact.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from tidings.models import Article, Extraction
from tidings.spark import (
    FACT_TABLES,
    OUTPUT_TABLES,
    SparkExtractOptions,
    SparkExtractReport,
    run_spark_extract,
)
from tidings.store import Store
from tidings.store.attach import import_parquet

Reference = dict[str, tuple[Article, Extraction]]


@pytest.fixture(scope="module")
def spark_run(
    spark: Any, sample_jsonl: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[SparkExtractReport, Path]:
    out = tmp_path_factory.mktemp("spark-output") / "run"
    # More partitions than cores, so that a worker must serve several partitions.
    options = SparkExtractOptions(partitions=3, batch_size=4)
    report = run_spark_extract(str(sample_jsonl), str(out), options=options, spark=spark)
    return report, out


def _parquet(out: Path, table: str) -> str:
    return f"read_parquet('{out}/{table}/*.parquet')"


def test_events_are_those_of_extract_many(spark_run: tuple, reference: Reference) -> None:
    _, out = spark_run
    con = duckdb.connect()
    got_events = set(
        con.execute(
            f"SELECT id, article_id, type, status, trigger_start, trigger_end "
            f"FROM {_parquet(out, 'events')}"
        ).fetchall()
    )
    got_actors = set(
        con.execute(
            f"SELECT event_id, role, position, text, code, sector, actor_id "
            f"FROM {_parquet(out, 'event_actors')}"
        ).fetchall()
    )
    want_events = set()
    want_actors = set()
    for _, extraction in reference.values():
        for e in extraction.events:
            want_events.add((e.id, e.article_id, e.type, e.status, e.trigger.start, e.trigger.end))
            for role, refs in (("source", e.source), ("target", e.target)):
                want_actors.update(
                    (e.id, role, i, r.text, r.code, r.sector, r.actor_id)
                    for i, r in enumerate(refs)
                )
            want_actors.update(
                (e.id, "attributed_to", i, r.text, r.code, r.sector, r.actor_id)
                for i, r in enumerate(e.attributed_to)
            )
    assert len(want_events) >= 10, "the sample corpus should code a fair number of events"
    assert got_events == want_events
    assert got_actors == want_actors


def test_attached_run_stores_what_save_extraction_stores(
    spark_run: tuple, reference: Reference
) -> None:
    """Through Parquet, every fact table holds the very rows a single-machine run stores.

    Compared with the store rather than with the Extraction itself, because the store keeps
    one mention per span (``writes.unique_mentions``) and the linker can give two.
    """
    _, out = spark_run
    with Store.open() as direct, Store.open() as attached:
        for article, extraction in reference.values():
            direct.save_extraction(article, extraction)
        import_parquet(attached.connection, [out])
        for table in FACT_TABLES:
            sql = f"SELECT * FROM {table} ORDER BY ALL"
            want = direct.connection.execute(sql).fetchall()
            assert attached.connection.execute(sql).fetchall() == want, table
        article_sql = "SELECT id, text, title, source, published FROM articles ORDER BY id"
        assert attached.connection.execute(article_sql).fetchall() == (
            direct.connection.execute(article_sql).fetchall()
        )
        for article_id in reference:
            assert attached.get_extraction(article_id) == direct.get_extraction(article_id)


def test_report_counts_what_was_written(spark_run: tuple, reference: Reference) -> None:
    report, out = spark_run
    con = duckdb.connect()
    for table in OUTPUT_TABLES:
        rows = con.execute(f"SELECT count(*) FROM {_parquet(out, table)}").fetchone()
        assert rows is not None and rows[0] == report.rows[table], table
    assert report.rows["articles"] == report.coded_articles == len(reference)
    assert report.partitions == 3
    # Loaded once per Python worker, not once per partition: local[2] runs two workers.
    assert 1 <= report.models_loaded <= 2


def test_each_table_is_written_in_no_more_files_than_cores(spark_run: tuple) -> None:
    # three partitions balance the NLP; local[2] writes each table as at most two files
    _, out = spark_run
    for table in OUTPUT_TABLES:
        assert 1 <= len(list((out / table).glob("*.parquet"))) <= 2, table


def test_a_local_session_gives_the_jvm_light_flags(spark: Any) -> None:
    from tidings.spark.job import LOCAL_JAVA_OPTIONS

    # what the running JVM was started with, not only what was asked for
    runtime = spark.sparkContext._jvm.java.lang.management.ManagementFactory.getRuntimeMXBean()
    started_with = set(runtime.getInputArguments())
    assert set(LOCAL_JAVA_OPTIONS.split()) <= started_with


def test_bad_lines_and_repeated_ids_are_reported_not_lost(spark_run: tuple) -> None:
    report, out = spark_run
    problems = (
        duckdb.connect()
        .execute(f"SELECT article_id, error FROM {_parquet(out, 'problems')} ORDER BY error")
        .fetchall()
    )
    assert report.rows["problems"] == 2
    assert problems[0][1].startswith("duplicate id")
    assert problems[1][1].startswith("invalid JSON")  # too broken to read its id, too


def test_parquet_input_gives_the_same_events(
    spark: Any, sample_records: list[dict], reference: Reference, tmp_path: Path
) -> None:
    import datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    records = [
        {**r, "published": datetime.date.fromisoformat(r["published"]) if r["published"] else None}
        for r in sample_records[:2]
    ]
    folder = tmp_path / "input"
    folder.mkdir()
    pq.write_table(pa.Table.from_pylist(records), folder / "articles.parquet")
    out = tmp_path / "run"
    report = run_spark_extract(
        str(folder), str(out), options=SparkExtractOptions(partitions=2), spark=spark
    )
    got = duckdb.connect().execute(f"SELECT id FROM {_parquet(out, 'events')}").fetchall()
    want = {e.id for r in records for e in reference[r["id"]][1].events}
    assert {row[0] for row in got} == want
    assert report.rows["articles"] == 2 and report.rows["problems"] == 0


def test_an_existing_output_is_refused_before_any_work(
    spark: Any, spark_run: tuple, sample_jsonl: Path
) -> None:
    from tidings.spark import SparkJobError

    _, out = spark_run
    with pytest.raises(SparkJobError, match="--overwrite"):
        run_spark_extract(str(sample_jsonl), str(out), spark=spark)
