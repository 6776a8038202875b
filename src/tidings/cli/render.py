"""How the CLI shows things: rich tables for people, JSON and CSV for programs."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from tidings.analyze import RunReport
from tidings.store import StoreSummary

EVENT_COLUMNS = ("date", "type", "mode", "source", "target", "status", "intensity", "sentence")


def print_run_report(console: Console, report: RunReport) -> None:
    """The run report: read, stored, duplicates, skipped with reasons."""
    uncoded = (
        f" ({report.stored_uncoded} not in English, stored uncoded)"
        if (report.stored_uncoded)
        else ""
    )
    console.print(
        f"[bold]Read[/] {report.read} articles: {report.stored} stored{uncoded}, "
        f"{report.already_stored} already stored, {report.duplicates} duplicates, "
        f"{report.near_duplicates} near-duplicates (kept as extra sources); "
        f"{report.skipped} inputs skipped.",
        highlight=False,
    )
    for reason, count in report.skipped_by_reason.items():
        console.print(f"  [yellow]skipped[/] {count} × {reason}", highlight=False)
    for problem in report.problems[:20]:
        where = f"{problem.origin}" + (f" ({problem.item})" if problem.item else "")
        console.print(f"    {where}: {problem.error}", highlight=False, soft_wrap=True)
    if report.skipped > 20:
        console.print(f"    … and {report.skipped - 20} more (use --errors FILE to list them all)")


def print_summary(console: Console, summary: StoreSummary, *, db: Path) -> None:
    """What the store holds now, and how to query it next."""
    span = ""
    if summary.date_range is not None:
        span = f" dated {summary.date_range[0]} to {summary.date_range[1]}"
    console.print(
        f"\n[bold]{db}[/] holds {summary.articles} articles{span}, "
        f"{summary.mentions} actor mentions ({summary.actors} distinct named actors), "
        f"{summary.events} events, {summary.quotes} quotes and {summary.claims} claims."
    )
    if summary.events_by_type:
        table = Table(title="Events by PLOVER type", show_edge=False)
        table.add_column("type")
        table.add_column("events", justify="right")
        for name, count in sorted(summary.events_by_type.items(), key=lambda kv: -kv[1]):
            table.add_row(name, str(count))
        console.print(table)
    if summary.events_by_status:
        parts = ", ".join(f"{k} {v}" for k, v in sorted(summary.events_by_status.items()))
        console.print(f"By status: {parts}")
    if summary.top_dyads:
        table = Table(title="Top dyads (source -> target)", show_edge=False)
        for col in ("source", "target", "events", "mean intensity"):
            table.add_column(col, justify="right" if col != "source" else "left")
        for dyad in summary.top_dyads:
            mean = "" if dyad.mean_intensity is None else f"{dyad.mean_intensity:+.1f}"
            table.add_row(dyad.source, dyad.target, str(dyad.events), mean)
        console.print(table)
    console.print(
        f"\nNext: [cyan]tidings events --db {db}[/] lists every event with its sentence; "
        f"[cyan]tidings events --db {db} --format json[/] for programs; or open the database "
        f'with DuckDB: [cyan]duckdb {db} "select type, count(*) from events group by 1"[/]',
        highlight=False,
    )


def print_events(console: Console, rows: Sequence[dict[str, Any]], *, format: str) -> None:
    """Events as a table, a JSON array or CSV on stdout."""
    if format == "json":
        print(json.dumps(list(rows), ensure_ascii=False, default=str, indent=1))
        return
    if format == "csv":
        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        print(buffer.getvalue(), end="")
        return
    table = Table(show_lines=False)
    for col in EVENT_COLUMNS:
        table.add_column(col, overflow="fold", max_width=60 if col == "sentence" else None)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in EVENT_COLUMNS))
    console.print(table)
    console.print(f"{len(rows)} events")
