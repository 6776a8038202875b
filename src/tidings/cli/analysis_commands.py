"""The analysis commands: stories, story, dyad, brief, graph, blocs, export and cluster.

``register(app)`` adds them to the ``tidings`` app. Each is a thin wrapper over one library
call in ``tidings.analysis``. Every reading command first calls ``ensure_analysis``, which
rebuilds stories and canonical events when articles were added since the last build (and
does nothing otherwise), so no command shows a stale analysis; ``tidings cluster`` forces a
rebuild and reports what it built. Output is a rich table for people, or ``--format json``
for programs.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.table import Table

from tidings.analysis import (
    AnalysisReport,
    Briefing,
    DyadSeries,
    RelationOptions,
    actor_graph,
    alignment_timeline,
    brief_dyad,
    brief_story,
    build_analysis,
    compare_sources,
    dyad_series,
    ensure_analysis,
    export_analysis,
    strongest_dyads,
    write_graphml,
)
from tidings.analysis.sources import SourceComparison
from tidings.errors import InputNotFoundError
from tidings.store import Store

console = Console()

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB database file.")]
DEFAULT_DB = Path("tidings.duckdb")
Format = Annotated[
    Literal["table", "json"], typer.Option("--format", help="table for people, json for programs.")
]
Since = Annotated[
    datetime | None, typer.Option("--since", formats=["%Y-%m-%d"], help="From this day (ISO).")
]
Until = Annotated[
    datetime | None, typer.Option("--until", formats=["%Y-%m-%d"], help="Up to this day (ISO).")
]


def register(app: typer.Typer) -> None:
    """Add the analysis commands to the ``tidings`` app."""
    for name, command in (
        ("cluster", cluster),
        ("stories", stories),
        ("story", story),
        ("dyad", dyad),
        ("brief", brief),
        ("graph", graph),
        ("blocs", blocs),
        ("export", export),
    ):
        app.command(name)(command)


def _open(db: Path) -> Store:
    if not db.exists():
        raise InputNotFoundError(
            f"database '{db}' does not exist; run `tidings analyze PATH --db {db}` first"
        )
    return Store.open(db)


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _json(data: Any) -> None:
    console.print_json(json.dumps(data, ensure_ascii=False, default=str))


def cluster(db: DbOption = DEFAULT_DB, format: Format = "table") -> None:
    """Rebuild stories and canonical (de-duplicated) events from every stored article."""
    with _open(db) as store:
        report = build_analysis(store)
    _print_report(report, format)


def stories(
    db: DbOption = DEFAULT_DB,
    format: Format = "table",
    limit: Annotated[int, typer.Option("--limit", help="At most this many.")] = 50,
) -> None:
    """List stories, biggest first (rebuilt first if articles were added since)."""
    with _open(db) as store:
        ensure_analysis(store)
        found = store.stories()[:limit]
    if format == "json":
        _json([s.model_dump(mode="json") for s in found])
        return
    table = Table(title=f"Stories in {db}", show_edge=False)
    for column in ("id", "articles", "first", "last", "title"):
        table.add_column(column, justify="right" if column == "articles" else "left")
    for s in found:
        table.add_row(
            s.id, str(len(s.article_ids)), str(s.first_seen or ""), str(s.last_seen or ""), s.title
        )
    console.print(table)


def story(
    story_id: Annotated[str, typer.Argument(help="A story id from `tidings stories`.")],
    db: DbOption = DEFAULT_DB,
    format: Format = "table",
) -> None:
    """One story's sources side by side: events and claims carried or omitted, quotes, tone."""
    with _open(db) as store:
        ensure_analysis(store)
        if story_id not in {s.id for s in store.stories()}:
            raise InputNotFoundError(f"there is no story '{story_id}'; see `tidings stories`")
        comparison = compare_sources(store, story_id)
    if format == "json":
        _json(comparison.as_dict())
        return
    _print_comparison(comparison)


def dyad(
    a: Annotated[str, typer.Argument(help="An actor: a code (RUS) or a name (NATO).")],
    b: Annotated[str, typer.Argument(help="The other actor.")],
    db: DbOption = DEFAULT_DB,
    since: Since = None,
    until: Until = None,
    by: Annotated[
        Literal["day", "week", "month"], typer.Option("--by", help="Period of each row.")
    ] = "month",
    directed: Annotated[bool, typer.Option("--directed", help="Only A acting on B.")] = False,
    format: Format = "table",
) -> None:
    """What two actors did to each other per period, from de-duplicated events."""
    with _open(db) as store:
        ensure_analysis(store)
        series = dyad_series(
            store,
            a,
            b,
            by=by,
            directed=directed,
            options=RelationOptions(since=_day(since), until=_day(until)),
        )
    if format == "json":
        _json(series.as_dict())
        return
    _print_series(series)


def brief(
    target: Annotated[list[str], typer.Argument(help="A story id, or two actors A B.")],
    db: DbOption = DEFAULT_DB,
    since: Since = None,
    until: Until = None,
    format: Format = "table",
) -> None:
    """A cited summary, a timeline of canonical events and the key quotes."""
    if len(target) not in (1, 2):
        raise typer.BadParameter("give one story id, or two actors")
    with _open(db) as store:
        ensure_analysis(store)
        if len(target) == 1:
            try:
                briefing = brief_story(store, target[0])
            except LookupError as exc:
                raise InputNotFoundError(str(exc)) from exc
        else:
            briefing = brief_dyad(store, *target, since=_day(since), until=_day(until))
    if format == "json":
        _json(briefing.as_dict())
        return
    _print_briefing(briefing)


def graph(
    out: Annotated[Path, typer.Option("--out", help="GraphML file to write.")],
    db: DbOption = DEFAULT_DB,
    since: Since = None,
    until: Until = None,
    format: Format = "table",
) -> None:
    """Write the actor graph (cooperation/conflict edge weights) as GraphML."""
    with _open(db) as store:
        ensure_analysis(store)
        built = actor_graph(store, options=RelationOptions(since=_day(since), until=_day(until)))
    write_graphml(built, out)
    top = strongest_dyads(built, top=10)
    if format == "json":
        _json(
            {
                "out": str(out),
                "nodes": built.number_of_nodes(),
                "edges": built.number_of_edges(),
                "strongest_cooperation": [r.__dict__ for r in top],
            }
        )
        return
    console.print(
        f"Wrote {out}: {built.number_of_nodes()} actors, {built.number_of_edges()} edges."
    )
    table = Table(title="Most cooperative pairs", show_edge=False)
    for column in ("a", "b", "cooperation", "conflict", "events"):
        table.add_column(column)
    for r in top:
        table.add_row(r.a, r.b, str(r.cooperation), str(r.conflict), str(r.events))
    console.print(table)


def blocs(
    db: DbOption = DEFAULT_DB,
    by: Annotated[Literal["day", "week", "month"], typer.Option("--by")] = "month",
    window: Annotated[int, typer.Option("--window", help="Periods per trailing window.")] = 3,
    format: Format = "table",
) -> None:
    """Blocs of actors per period and the actors that moved between them."""
    with _open(db) as store:
        ensure_analysis(store)
        timeline = alignment_timeline(store, by=by, window=window)
    if format == "json":
        _json(timeline.as_dict())
        return
    for period, found in timeline.periods:
        groups = " | ".join(", ".join(sorted(b)) for b in found if len(b) > 1) or "(none)"
        console.print(f"[bold]{period}[/] {groups}", highlight=False)
    for shift in timeline.shifts:
        console.print(
            f"  {shift.period} [yellow]{shift.actor}[/] left {', '.join(shift.left) or '-'}; "
            f"joined {', '.join(shift.joined) or '-'} ({len(shift.event_ids)} events)",
            highlight=False,
        )


def export(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the files into.")],
    db: DbOption = DEFAULT_DB,
    format: Annotated[
        Literal["csv", "parquet", "json"], typer.Option("--format", help="File format.")
    ] = "csv",
) -> None:
    """Export stories, canonical events, their mentions and links, and monthly dyads."""
    with _open(db) as store:
        ensure_analysis(store)
        written = export_analysis(store, out, format=format)
    for name, path in written.items():
        console.print(f"{name}: {path}", highlight=False)


# ---------------------------------------------------------------------------- rendering


def _print_report(report: AnalysisReport, format: str) -> None:
    if format == "json":
        _json(report.as_dict())
        return
    console.print(
        f"{report.articles} articles -> {report.stories} stories; {report.mentions} event "
        f"mentions -> {report.canonical_events} canonical events "
        f"({report.duplicate_ratio:.2f} mentions each), {report.links} plan links."
    )


def _print_comparison(c: SourceComparison) -> None:
    console.print(f"[bold]Story {c.story_id}[/]: {len(c.outlets)} outlets, {len(c.events)} events")
    table = Table(show_edge=False)
    table.add_column("event")
    for outlet in c.outlets:
        table.add_column(outlet.outlet)
    for event in c.events:
        label = f"{event.type} {','.join(event.source_keys)}->{','.join(event.target_keys)}"
        table.add_row(label, *("yes" if event.id in o.events else "-" for o in c.outlets))
    console.print(table)
    for outlet in c.outlets:
        quoted = ", ".join(f"{k} ({v})" for k, v in outlet.quoted.items()) or "nobody"
        tones = ", ".join(f"{t.actor} {t.tone:+.2f}" for t in outlet.tone if t.hits) or "neutral"
        console.print(f"[bold]{outlet.outlet}[/] quotes {quoted}; tone: {tones}", highlight=False)


def _print_series(series: DyadSeries) -> None:
    arrow = "->" if series.directed else "<->"
    table = Table(title=f"{series.a} {arrow} {series.b} by {series.by}", show_edge=False)
    for column in ("period", "events", "types", "quad 1/2/3/4", "statuses", "mean intensity"):
        table.add_column(column)
    for p in series.periods:
        quads = "/".join(str(p.by_quad.get(q, 0)) for q in (1, 2, 3, 4))
        mean = "" if p.mean_intensity is None else f"{p.mean_intensity:+.1f}"
        table.add_row(
            p.period.isoformat(),
            str(p.events),
            ", ".join(f"{k} {v}" for k, v in p.by_type.items()),
            quads,
            ", ".join(f"{k} {v}" for k, v in p.by_status.items()),
            mean,
        )
    console.print(table)
    if series.undated:
        console.print(f"({series.undated} undated events not in any period)")


def _print_briefing(b: Briefing) -> None:
    console.print(f"[bold]{b.title}[/] ({b.scope})", highlight=False)
    for sentence in b.summary:
        cites = ", ".join(
            f"{c.outlet or c.article_id} [{c.article_id}]" for c in sentence.citations
        )
        console.print(f"• {sentence.text} [dim]({cites})[/]", highlight=False)
    if b.timeline:
        table = Table(title="Timeline", show_edge=False)
        for column in ("day", "type", "status", "source", "target", "sources", "sentence"):
            table.add_column(column)
        for t in b.timeline:
            table.add_row(
                str(t.day or "?"),
                t.type,
                t.status + (" (then occurred)" if t.led_to else ""),
                ",".join(t.source),
                ",".join(t.target),
                str(len(t.article_ids)),
                t.label[:120],
            )
        console.print(table)
    for quote in b.quotes:
        console.print(f'"{quote.text}" — {quote.speaker or "?"} ({quote.outlet})', highlight=False)
