"""`tidings actors …`: resolve short phrases to actors, and explain how a name resolves."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from tidings.errors import InputNotFoundError
from tidings.extract import build_extractor, resolve_actor_jsonl
from tidings.kb import load_knowledge_base

actors_app = typer.Typer(help="The actor knowledge base: resolve phrases, explain names.")
console = Console()


@actors_app.command("resolve")
def resolve(
    input: Annotated[str, typer.Argument(help="JSONL {id, text, date?}; - for stdin.")] = "-",
    actors: Annotated[
        list[Path] | None, typer.Option("--actors", help="Extra actor files merged over the KB.")
    ] = None,
) -> None:
    """Each phrase ("American warplanes") to {id, code, sector, actor_id, name}."""
    extractor = build_extractor(extra_actors=actors or ())
    if input == "-":
        lines = list(sys.stdin)
    else:
        path = Path(input)
        if not path.is_file():
            raise InputNotFoundError(f"input '{path}' does not exist or is not a file")
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for result in resolve_actor_jsonl(lines, extractor):
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


@actors_app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="A name, alias, demonym or role.")],
    on: Annotated[
        str | None, typer.Option("--date", help="Resolve roles as of this day (YYYY-MM-DD).")
    ] = None,
    actors: Annotated[
        list[Path] | None, typer.Option("--actors", help="Extra actor files merged over the KB.")
    ] = None,
) -> None:
    """Explain how a name resolves: candidates, codes, sectors, dated roles."""
    try:
        day = date.fromisoformat(on) if on else None
    except ValueError as exc:
        raise typer.BadParameter(f"'{on}' is not a date (YYYY-MM-DD)", param_hint="--date") from exc
    kb = load_knowledge_base(extra=actors or ())
    lines = kb.explain(name, on=day)
    if not lines:
        console.print(f"'{name}' is not in the knowledge base.")
        raise typer.Exit(1)
    for line in lines:
        console.print(line, highlight=False)


@actors_app.command("stats")
def stats() -> None:
    """The size of the built-in knowledge base."""
    for key, value in load_knowledge_base().stats().items():
        console.print(f"{key}: {value}")
