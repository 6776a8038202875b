"""`tidings actors …`: resolve short phrases to actors, explain a name, score the linker."""

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
from tidings.nlp import shared_pipeline

actors_app = typer.Typer(help="The actor knowledge base: resolve phrases, explain names.")
console = Console()

ActorsOption = Annotated[
    list[Path] | None, typer.Option("--actors", help="Extra actor files merged over the KB.")
]


def _day(value: str | None, option: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as exc:
        message = f"'{value}' is not a date (YYYY-MM-DD)"
        raise typer.BadParameter(message, param_hint=option) from exc


@actors_app.command("resolve")
def resolve(
    input: Annotated[str, typer.Argument(help="JSONL {id, text, date?}; - for stdin.")] = "-",
    actors: ActorsOption = None,
) -> None:
    """Each phrase ("American warplanes") to its code, sector, actor_id and name."""
    extractor = build_extractor(nlp=shared_pipeline(), extra_actors=actors or ())
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
    name: Annotated[str, typer.Argument(help="A name, alias, demonym or role phrase.")],
    on: Annotated[
        str | None, typer.Option("--date", help="Resolve roles as of this day (YYYY-MM-DD).")
    ] = None,
    actors: ActorsOption = None,
    kb_only: Annotated[
        bool, typer.Option("--kb-only", help="Only the knowledge base, without parsing.")
    ] = False,
) -> None:
    """Explain how a name resolves: KB candidates, dated roles, and the linker's reading."""
    from tidings.nlp.actors import ActorLinker, describe_mentions

    day = _day(on, "--date")
    kb = load_knowledge_base(extra=actors or ())
    for line in kb.explain(name, on=day):
        console.print(line, highlight=False)
    if kb_only:
        return
    nlp = shared_pipeline()
    mentions = ActorLinker(kb, nlp).link(nlp(name), published=day)
    console.print("linker reading:", highlight=False)
    for line in describe_mentions(mentions) or ["  no actor mention"]:
        console.print(line, highlight=False)


@actors_app.command("stats")
def stats() -> None:
    """The size of the built-in knowledge base."""
    for key, value in load_knowledge_base().stats().items():
        console.print(f"{key}: {value}")


@actors_app.command("evaluate")
def evaluate(
    gsr: Annotated[
        Path | None, typer.Option("--gsr", help="plover-gsr.jsonl (PLOVER gold records).")
    ] = None,
    seeds_gold: Annotated[
        Path | None, typer.Option("--seeds-gold", help="seeds.json; texts beside it in ../seeds.")
    ] = None,
    every: Annotated[int, typer.Option(help="Score every n-th GSR sentence (1: all).")] = 1,
    errors: Annotated[int, typer.Option(help="How many errors to list.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Score the actor linker on the GSR sentences and/or the seed articles' gold actors."""
    from tidings.nlp.actors import ActorLinker
    from tidings.nlp.evaluation import (
        evaluate_gsr_actors,
        evaluate_seed_actors,
        format_gsr_actor_report,
        format_seed_actor_report,
        load_gsr_sentences,
        sample_sentences,
    )

    if gsr is None and seeds_gold is None:
        raise typer.BadParameter("give --gsr, --seeds-gold or both")
    for path in (gsr, seeds_gold):
        if path is not None and not path.is_file():
            raise InputNotFoundError(f"gold file '{path}' does not exist")
    nlp = shared_pipeline()
    linker = ActorLinker(load_knowledge_base(), nlp)
    out: dict[str, object] = {}
    if gsr is not None:
        sentences = sample_sentences(load_gsr_sentences(gsr), every=max(every, 1))
        report = evaluate_gsr_actors(sentences, linker, nlp, errors=errors > 0)
        out["gsr"] = report.as_dict()
        if not as_json:
            typer.echo(format_gsr_actor_report(report, errors=errors))
    if seeds_gold is not None:
        gold = json.loads(seeds_gold.read_text(encoding="utf-8"))
        seeds = evaluate_seed_actors(gold, seeds_gold.parent.parent / "seeds", linker, nlp)
        out["seeds"] = {"passed": seeds.passed, "total": seeds.total}
        if not as_json:
            typer.echo(format_seed_actor_report(seeds))
    if as_json:
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
