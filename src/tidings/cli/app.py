"""The `tidings` command: the spine commands (analyze, events, extract)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from tidings import __version__
from tidings.analyze import analyze as run_analysis
from tidings.cli.actors_commands import actors_app
from tidings.cli.analysis_commands import register as register_analysis
from tidings.cli.evaluate_commands import register as register_evaluation
from tidings.cli.render import print_events, print_run_report, print_summary
from tidings.cli.serve_commands import register as register_serve
from tidings.cli.spark_commands import register as register_spark
from tidings.errors import InputNotFoundError, InputUnreadableError, StoreError
from tidings.extract import ExtractOptions, build_extractor, extract_jsonl
from tidings.ingest import Fetcher, IngestOptions, read_paths, read_stream
from tidings.models import Article, IngestProblem
from tidings.store import Store
from tidings.store import StoreError as StoreOpenError

app = typer.Typer(
    name="tidings",
    help="Who is doing what to whom: PLOVER events, actors and quotes from international news.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB database file.")]
DEFAULT_DB = Path("tidings.duckdb")


def _version(value: bool) -> None:
    if value:
        console.print(f"tidings {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Tidings reads news about international affairs and builds who-did-what-to-whom data."""


def open_store(db: Path, *, must_exist: bool = False, memory_limit: str | None = None) -> Store:
    """The store at ``db``; a query command on a missing database is a user error, not a crash."""
    if must_exist and not db.exists():
        raise InputNotFoundError(
            f"database '{db}' does not exist; run `tidings analyze PATH --db {db}` first"
        )
    try:
        return Store.open(db, memory_limit=memory_limit)
    except StoreOpenError as exc:
        raise StoreError(str(exc)) from exc


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of articles.")],
    db: DbOption = DEFAULT_DB,
    errors: Annotated[
        Path | None, typer.Option("--errors", help="Write skipped items as JSONL here.")
    ] = None,
    actors: Annotated[
        list[Path] | None, typer.Option("--actors", help="Extra actor files merged over the KB.")
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Articles per nlp.pipe batch.")] = 32,
    fetch: Annotated[
        bool, typer.Option("--fetch", help="Fetch the URLs listed in .urls files (http/https).")
    ] = False,
    text_column: Annotated[
        str | None, typer.Option("--text-column", help="CSV/TSV column holding the text.")
    ] = None,
    memory_limit: Annotated[
        str | None,
        typer.Option(
            "--memory-limit",
            help="Cap DuckDB's cache (e.g. 256MB) so a long ingest's memory stays flat.",
        ),
    ] = None,
) -> None:
    """Read articles (text, HTML, JSONL, CSV, feeds, WARC, URL lists; - for stdin), extract
    actors/events/quotes, store them in DuckDB."""
    for path in paths:
        if str(path) != "-" and not path.exists():
            raise InputNotFoundError(f"input '{path}' does not exist")
    ingest_options = IngestOptions(
        fetcher=Fetcher() if fetch else None, csv_text_column=text_column or "text"
    )
    extractor = build_extractor(
        extra_actors=actors or (), options=ExtractOptions(batch_size=batch_size)
    )
    with open_store(db, memory_limit=memory_limit) as store, _progress() as progress:
        task = progress.add_task("analysing", total=None)
        report = run_analysis(
            _read_inputs(paths, ingest_options),
            store=store,
            extractor=extractor,
            on_article=lambda _a: progress.advance(task),
        )
        progress.update(task, total=report.read, completed=report.read)
    with open_store(db) as store:
        print_run_report(console, report)
        print_summary(console, store.summary(), db=db)
    if errors is not None:
        with errors.open("w", encoding="utf-8") as fh:
            for problem in report.problems:
                fh.write(problem.model_dump_json() + "\n")


@app.command()
def events(
    db: DbOption = DEFAULT_DB,
    format: Annotated[
        Literal["table", "json", "csv"], typer.Option("--format", help="Output format.")
    ] = "table",
    type: Annotated[str | None, typer.Option("--type", help="Only this PLOVER type.")] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Only events with this code.")
    ] = None,
    status: Annotated[str | None, typer.Option("--status", help="occurred, planned, …")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many.")] = None,
) -> None:
    """List stored events, with the sentence each one came from."""
    with open_store(db, must_exist=True) as store:
        found = store.event_rows(type=type, actor_code=actor, status=status, limit=limit)
    print_events(console, found, format=format)


@app.command()
def extract(
    input: Annotated[str, typer.Argument(help="JSONL file, or - for standard input.")] = "-",
    actors: Annotated[
        list[Path] | None, typer.Option("--actors", help="Extra actor files merged over the KB.")
    ] = None,
) -> None:
    """Streaming contract: JSONL {id, text, published?} in, one JSON result per line out."""
    extractor = build_extractor(extra_actors=actors or ())
    if input == "-":
        lines = sys.stdin
        _stream(extract_jsonl(lines, extractor))
        return
    path = Path(input)
    if not path.is_file():
        raise InputNotFoundError(f"input '{path}' does not exist or is not a file")
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            _stream(extract_jsonl(fh, extractor))
    except OSError as exc:
        raise InputUnreadableError(f"cannot read '{path}': {exc.strerror}") from exc


def _read_inputs(paths: list[Path], options: IngestOptions) -> Iterator[Article | IngestProblem]:
    for path in paths:
        if str(path) == "-":
            yield from read_stream(sys.stdin, options=options)
        else:
            yield from read_paths([path], options=options)


def _stream(results: object) -> None:
    out = sys.stdout
    for result in results:  # type: ignore[attr-defined]
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
        transient=True,
    )


# Explicit registration, after the spine commands so `tidings --help` lists those first.
app.add_typer(actors_app, name="actors")
register_evaluation(app)
register_analysis(app)
register_serve(app)
register_spark(app)
