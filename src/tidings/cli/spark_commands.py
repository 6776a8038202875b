"""The scale-out commands: ``spark-extract`` (a Spark job) and ``attach`` (its output to DuckDB).

``register(app)`` adds them to the ``tidings`` app. Each is a thin wrapper over one library
call: :func:`tidings.spark.run_spark_extract` and :func:`tidings.store.attach.import_parquet`
(or ``attach_parquet_views``). ``tidings.spark`` imports pyspark only when a job runs, so
without the ``spark`` extra the command says which extra to install instead of failing on an
import.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

import duckdb
import typer
from rich.console import Console
from rich.table import Table

from tidings.errors import TidingsError
from tidings.spark import SparkExtractOptions, SparkExtractReport, require_pyspark
from tidings.store import Store, StoreError
from tidings.store.attach import AttachReport, attach_parquet_views, import_parquet

console = Console()

DEFAULT_DB = Path("tidings.duckdb")


class AttachError(TidingsError):
    """Parquet tables that cannot be attached; the store's message says why and what to do."""

    code = "T403"


def register(app: typer.Typer) -> None:
    """Add ``spark-extract`` and ``attach`` to the ``tidings`` app."""
    app.command("spark-extract")(spark_extract)
    app.command("attach")(attach)


def spark_extract(
    input: Annotated[
        str, typer.Argument(help="JSONL (.gz) or Parquet articles: a file, folder, glob or URL.")
    ],
    output: Annotated[str, typer.Argument(help="Folder for the Parquet tables (local or URL).")],
    partitions: Annotated[
        int | None,
        typer.Option("--partitions", min=1, help="Pieces to split the input into [2 x cores]."),
    ] = None,
    master: Annotated[
        str | None,
        typer.Option("--master", help="Spark master (local[4], yarn, spark://…) [spark-submit's]."),
    ] = None,
    format: Annotated[
        Literal["auto", "jsonl", "parquet"],
        typer.Option("--format", help="Input format; auto goes by the file names."),
    ] = "auto",
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace the tables of an earlier run in OUTPUT.")
    ] = False,
    actors: Annotated[
        list[Path] | None, typer.Option("--actors", help="Extra actor files merged over the KB.")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per nlp.pipe batch.")] = 32,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Extract articles on Spark and write the store's tables as Parquet (the spark extra)."""
    require_pyspark()
    from tidings.spark import run_spark_extract

    options = SparkExtractOptions(
        partitions=partitions,
        master=master,
        input_format=format,
        overwrite=overwrite,
        extra_actors=tuple(actors or ()),
        batch_size=batch_size,
    )
    report = run_spark_extract(input, output, options=options)
    if as_json:
        console.print_json(json.dumps(report.as_dict()))
    else:
        _print_job(report)


def attach(
    directories: Annotated[
        list[str], typer.Argument(help="Output folders of `tidings spark-extract`.")
    ],
    db: Annotated[Path, typer.Option("--db", help="DuckDB database file.")] = DEFAULT_DB,
    views: Annotated[
        bool,
        typer.Option("--views", help="Create views over the files instead of importing them."),
    ] = False,
    schema: Annotated[
        str, typer.Option("--schema", help="Schema that holds the views (with --views).")
    ] = "lake",
) -> None:
    """Load Spark output into the store (or, with --views, query it in place from DuckDB)."""
    try:
        with Store.open(db) as store:
            if views:
                report = attach_parquet_views(store.connection, directories, schema=schema)
            else:
                report = import_parquet(store.connection, directories)
    except (StoreError, duckdb.Error) as exc:  # a folder or file we cannot attach: one line
        raise AttachError(str(exc)) from exc
    _print_attach(report, db)


def _print_job(report: SparkExtractReport) -> None:
    table = Table(title=f"Parquet tables written to {report.output}")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, rows in report.rows.items():
        table.add_row(name, f"{rows:,}")
    console.print(table)
    console.print(
        f"{report.coded_articles:,} articles coded in {report.seconds:.1f} s over "
        f"{report.partitions} partitions; the model was loaded {report.models_loaded} time(s). "
        f"Next: `tidings attach {report.output}`"
    )


def _print_attach(report: AttachReport, db: Path) -> None:
    verb = "rows added" if report.mode == "import" else f"rows in view {report.schema}.*"
    table = Table(title=f"{', '.join(report.directories)} -> {db}")
    table.add_column("table")
    table.add_column(verb, justify="right")
    for name, rows in report.rows.items():
        table.add_row(name, f"{rows:,}")
    console.print(table)
    if report.articles_already_stored:
        console.print(
            f"{report.articles_already_stored:,} articles were stored already; "
            "their stored extraction was kept."
        )
    if report.problems:
        console.print(f"{report.problems:,} inputs could not be extracted (see problems/).")
