"""`tidings evaluate NAME [GOLD]` and `tidings quotes`: the measured and the quoted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from tidings.evaluate import SCORERS, run_evaluation
from tidings.extract import build_extractor
from tidings.store import Store

console = Console()


def register(app: typer.Typer) -> None:
    """Add the evaluation and quote commands to the `tidings` app."""

    @app.command()
    def evaluate(
        name: Annotated[str, typer.Argument(help=f"One of: {', '.join(SCORERS)}, or all.")],
        gold: Annotated[
            Path | None, typer.Argument(help="Gold file; defaults to ../shared/...")
        ] = None,
        errors: Annotated[bool, typer.Option("--errors", help="List the failing cases.")] = False,
        format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
    ) -> None:
        """Score the pipeline on a gold set (precision, recall, F1), optionally with errors."""
        names = list(SCORERS) if name == "all" else [name]
        extractor = build_extractor()
        for one in names:
            result = run_evaluation(
                one, gold if name != "all" else None, errors=errors, extractor=extractor
            )
            if format == "json":
                print(
                    json.dumps(
                        {"name": result.name, "gold": result.gold, **result.figures}, default=str
                    )
                )
            else:
                console.print(result.text, highlight=False, soft_wrap=True)

    @app.command()
    def quotes(
        db: Annotated[Path, typer.Option("--db", help="DuckDB database file.")] = Path(
            "tidings.duckdb"
        ),
        actor: Annotated[
            str | None, typer.Option("--actor", help="Speaker name, KB id or code.")
        ] = None,
        format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
        limit: Annotated[int, typer.Option("--limit")] = 50,
    ) -> None:
        """Stored quotes with their speakers, optionally by one actor."""
        from tidings.cli.app import open_store

        store: Store
        with open_store(db, must_exist=True) as store:
            found = store.quotes(speaker=actor)[:limit]
        if format == "json":
            print(json.dumps([q.model_dump(mode="json") for q in found], ensure_ascii=False))
            return
        table = Table()
        for col in ("speaker", "code", "kind", "quote"):
            table.add_column(col, overflow="fold", max_width=70 if col == "quote" else None)
        for q in found:
            who = q.speaker.name or q.speaker.text if q.speaker else ""
            code = q.speaker.code or "" if q.speaker else ""
            table.add_row(who, code, q.kind, q.text)
        console.print(table)
