"""Spark scaling (local[1] against local[2]) and DuckDB's dyads by month over the Parquet.

Run alone with `python benchmarks/spark.py --n 200` or as part of `benchmarks/run.py --spark`.
For each ``local[N]`` a fresh child process starts its own JVM, runs a small warm-up job (so
that every Python worker has loaded the model, as it stays loaded on a long job), then times
``run_spark_extract`` on the first ``n`` articles of news-international with the same
partitioning for every N; the speed-up is local[2]'s rate over local[1]'s.

Then DuckDB answers dyad counts per month over the Parquet that local[max] wrote, through
views (``tidings attach --views``) and after an import. ``--dyad-scale K`` also makes K
copies of that output (fresh ids, dates spread over two years) to time the same query on a
corpus K times larger than the one parsed, without parsing it. Needs pyspark (the spark
extra) and Java. Never part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from run import (
    NEWS,
    Measurement,
    TreeRss,
    fastest,
    load_average,
    load_records,
    print_table,
    tree_cpu_seconds,
)

HERE = Path(__file__).resolve()


def write_input(data: Path, n: int, target: Path) -> None:
    with target.open("w", encoding="utf-8") as out:
        for record in load_records(data, n):
            out.write(json.dumps(record) + "\n")


def measure_child(
    cores: int, source: Path, output: Path, partitions: int, batch: int, repeat: int
) -> list[dict]:
    """In this process: one JVM at local[cores], a warm-up job, then the timed job(s)."""
    from tidings.ingest import clean_text
    from tidings.spark import SparkExtractOptions, build_session, run_spark_extract

    lines = source.read_text(encoding="utf-8").splitlines()
    words = sum(len(clean_text(json.loads(line)["text"]).split()) for line in lines)
    warm_input = output.parent / f"warm-{cores}.jsonl"
    warm_input.write_text("\n".join(lines[: 2 * cores]) + "\n", encoding="utf-8")
    sampler = TreeRss()
    sampler.start()
    spark = build_session(
        f"local[{cores}]",
        app_name=f"tidings-bench-{cores}",
        config={"spark.ui.enabled": "false", "spark.driver.memory": "2g"},
    )
    spark.sparkContext.setLogLevel("ERROR")
    results = []
    try:
        warm = run_spark_extract(
            str(warm_input),
            str(output.parent / f"warm-{cores}"),
            options=SparkExtractOptions(partitions=cores, batch_size=batch, overwrite=True),
            spark=spark,
        )
        for _ in range(repeat):
            cpu = tree_cpu_seconds()
            report = run_spark_extract(
                str(source),
                str(output),
                options=SparkExtractOptions(
                    partitions=partitions, batch_size=batch, overwrite=True
                ),
                spark=spark,
            )
            measurement = Measurement(
                pipeline=f"spark local[{cores}]",
                processes=cores,
                articles=report.coded_articles,
                words=words,
                seconds=report.seconds,
                peak_rss_mb=0.0,
                cpu_seconds=tree_cpu_seconds() - cpu,
                events=report.rows["events"],
                note=f"{partitions} partitions; models loaded warm-up {warm.models_loaded}, "
                f"timed {report.models_loaded}",
            )
            results.append(measurement)
    finally:
        peak = sampler.stop()
        spark.stop()
    for measurement in results:
        measurement.peak_rss_mb = peak
    return [asdict(m) for m in results]


def _child(
    cores: int, source: Path, output: Path, partitions: int, batch: int, repeat: int
) -> Measurement:
    args = [str(cores), str(source), str(output), str(partitions), str(batch), str(repeat)]
    done = subprocess.run(
        [sys.executable, str(HERE), "--child", *args],
        check=True,
        capture_output=True,
        text=True,
    )
    last = [line for line in done.stdout.splitlines() if line.startswith("[")][-1]
    return fastest([Measurement(**m) for m in json.loads(last)])


def scale_copies(run: Path, copies: int, target: Path) -> None:
    """``copies`` copies of a run's articles and event tables, with fresh ids and spread dates."""
    import duckdb

    con = duckdb.connect()
    shift = "CAST(k % 730 AS INTEGER)"  # date + integer days stays a DATE
    replaced = {
        "articles": f"id || '-' || k AS id, published + {shift} AS published",
        "events": f"id || '-' || k AS id, article_id || '-' || k AS article_id, "
        f"date_start + {shift} AS date_start, date_end + {shift} AS date_end",
        "event_actors": "event_id || '-' || k AS event_id",
    }
    for table, replace in replaced.items():
        (target / table).mkdir(parents=True, exist_ok=True)
        con.execute(
            f"COPY (SELECT * EXCLUDE (k) REPLACE ({replace}) "
            f"FROM read_parquet('{run}/{table}/*.parquet'), range({copies}) r(k)) "
            f"TO '{target}/{table}/part-0.parquet' (FORMAT parquet)"
        )
    for table in ("mentions", "event_evidence", "quotes", "claims", "claim_events"):
        shutil.copytree(run / table, target / table, dirs_exist_ok=True)


def measure_dyads(run: Path, copies: int, workdir: Path) -> list[str]:
    """Seconds for DuckDB to count dyads per month over the Parquet, as views and imported."""
    from tidings.store import Store
    from tidings.store.attach import attach_parquet_views, import_parquet, monthly_dyads

    notes = []
    targets = [(run, 1)]
    if copies > 1:
        scaled = workdir / f"scaled-{copies}"
        started = time.perf_counter()
        scale_copies(run, copies, scaled)
        notes.append(
            f"made {copies} copies of the Parquet in {time.perf_counter() - started:.1f} s"
        )
        targets.append((scaled, copies))
    for folder, factor in targets:
        with Store.open() as store:
            started = time.perf_counter()
            views = attach_parquet_views(store.connection, [folder])
            attach_s = time.perf_counter() - started
            started = time.perf_counter()
            dyads = monthly_dyads(store.connection, schema="lake")
            view_s = time.perf_counter() - started
            started = time.perf_counter()
            import_parquet(store.connection, [folder])
            import_s = time.perf_counter() - started
            started = time.perf_counter()
            imported = monthly_dyads(store.connection)
            table_s = time.perf_counter() - started
        assert imported == dyads, "views and imported tables disagree"
        months = len({d.month for d in dyads})
        notes.append(
            f"dyads per month over {views.rows['events']:,} events / "
            f"{views.rows['event_actors']:,} actor rows (x{factor}): {len(dyads):,} "
            f"(month, dyad) rows over {months} months; views {view_s:.2f} s "
            f"(+{attach_s:.2f} s to create and count), import {import_s:.2f} s then "
            f"{table_s:.2f} s over the store's tables"
        )
    return notes


def measure_spark(
    data: Path,
    n: int,
    cores: list[int],
    *,
    batch_size: int = 32,
    partitions: int | None = None,
    dyad_scale: int = 500,
    repeat: int = 1,
) -> tuple[list[Measurement], list[str]]:
    """The Spark rows of the benchmark table, and notes on scaling and on DuckDB's dyads."""
    workdir = Path(tempfile.mkdtemp(prefix="tidings-spark-bench-"))
    try:
        source = workdir / "articles.jsonl"
        write_input(data, n, source)
        parts = partitions or 16 * max(cores)
        rows = []
        for c in cores:
            rows.append(_child(c, source, workdir / f"out-{c}", parts, batch_size, repeat))
        notes = [f"load average after the Spark runs: {load_average()}"]
        by_cores = {r.processes: r for r in rows}
        if 1 in by_cores and 2 in by_cores:
            one, two = by_cores[1], by_cores[2]
            notes.append(
                f"Spark local[2] / local[1] speed-up: {two.rate / one.rate:.2f} by wall time; "
                f"CPU per article local[2] / local[1]: {two.cpu_seconds / one.cpu_seconds:.2f} "
                f"(so {2 * one.cpu_seconds / two.cpu_seconds:.2f} on two idle cores)"
            )
        notes.extend(measure_dyads(workdir / f"out-{max(cores)}", dyad_scale, workdir))
        return rows, notes
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--cores", default="1,2")
    parser.add_argument("--partitions", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--dyad-scale", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=1, help="timed jobs per master")
    parser.add_argument("--data", type=Path, default=NEWS)
    parser.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        cores, source, output, partitions, batch, repeat = args.child
        results = measure_child(
            int(cores), Path(source), Path(output), int(partitions), int(batch), int(repeat)
        )
        print(json.dumps(results))
        return
    print(f"load average before: {load_average()}; {os.cpu_count()} CPUs")
    rows, notes = measure_spark(
        args.data,
        args.n,
        [int(c) for c in args.cores.split(",")],
        batch_size=args.batch_size,
        partitions=args.partitions,
        dyad_scale=args.dyad_scale,
        repeat=args.repeat,
    )
    print_table(rows, f"Spark extract on {args.n} news-international articles")
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
