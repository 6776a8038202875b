"""Relations over time: dyad series, the actor graph, and the files they export to.

Everything here counts canonical events, never raw mentions, so an action reported by twenty
outlets counts once. Which statuses count is an option: by default what happened (occurred,
ongoing) and what is alleged to have happened, with the alleged share always reported apart,
so an allegation is visible as one; plans, hypotheticals and denials are left out.

The actor graph is directed (source -> target) and every edge keeps the ids of its canonical
events, so each weight can be traced back to sentences.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal, get_args

import networkx as nx

from tidings.analysis.dedup import CanonicalEvent
from tidings.analysis.tables import ANALYSIS_TABLES, CanonicalFilter, canonical_events
from tidings.store import Store
from tidings.store.exports import EXPORT_FORMATS, ExportFormat

Period = Literal["day", "week", "month"]
PERIODS: tuple[str, ...] = get_args(Period)
DONE_OR_ALLEGED: tuple[str, ...] = ("occurred", "ongoing", "alleged")

# The quad class of each PLOVER type, for events the coder left without one: 1 verbal
# cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
TYPE_QUAD: dict[str, int] = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "REQUEST": 1,
    "CONCEDE": 2,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 3,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}


@dataclass(frozen=True, kw_only=True)
class RelationOptions:
    """Which canonical events count, and over what window."""

    statuses: tuple[str, ...] = DONE_OR_ALLEGED
    since: date | None = None
    until: date | None = None


def quad_of(event: CanonicalEvent) -> int:
    return event.quad_class or TYPE_QUAD.get(event.type, 1)


def is_cooperation(event: CanonicalEvent) -> bool:
    return quad_of(event) in (1, 2)


def period_start(day: date, by: Period) -> date:
    """The first day of the period holding ``day``: itself, its ISO Monday, or its month's 1st."""
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    raise ValueError(f"A020 unknown period {by!r}: choose one of {', '.join(PERIODS)}")


# ---------------------------------------------------------------------------- dyads


@dataclass(frozen=True, kw_only=True)
class DyadPeriod:
    """What two actors did to each other in one period."""

    period: date
    events: int
    by_type: dict[str, int]
    by_quad: dict[int, int]
    by_status: dict[str, int]
    mean_intensity: float | None
    event_ids: tuple[str, ...]  # canonical events, for tracing back to sentences

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.isoformat(),
            "events": self.events,
            "by_type": self.by_type,
            "by_quad": {str(k): v for k, v in self.by_quad.items()},
            "by_status": self.by_status,
            "mean_intensity": self.mean_intensity,
            "canonical_ids": list(self.event_ids),
        }


@dataclass(frozen=True, kw_only=True)
class DyadSeries:
    a: str
    b: str
    by: Period
    directed: bool
    periods: tuple[DyadPeriod, ...]
    undated: int = 0  # matching events with no date at all (not in any period)

    @property
    def total(self) -> int:
        return sum(p.events for p in self.periods)

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "by": self.by,
            "directed": self.directed,
            "total": self.total,
            "undated": self.undated,
            "periods": [p.as_dict() for p in self.periods],
        }


def dyad_series(
    store: Store,
    a: str,
    b: str,
    *,
    by: Period = "month",
    directed: bool = False,
    options: RelationOptions | None = None,
) -> DyadSeries:
    """Counts per type, quad class and status, and mean intensity, per period, for a pair.

    ``a`` and ``b`` are actor keys (codes such as RUS, or names for generic codes such as
    NATO), matched regardless of case. ``directed`` keeps only events with ``a`` as a source
    and ``b`` as a target; otherwise both directions count.
    """
    opts = options or RelationOptions()
    found = canonical_events(
        store.connection,
        CanonicalFilter(
            actor=a, other=b, statuses=opts.statuses, since=opts.since, until=opts.until
        ),
    )
    if directed:
        found = [e for e in found if _has(e.source_keys, a) and _has(e.target_keys, b)]
    return series_of(found, a=a, b=b, by=by, directed=directed)


def series_of(
    events: Iterable[CanonicalEvent], *, a: str, b: str, by: Period, directed: bool
) -> DyadSeries:
    """Group canonical events by period (the pure half of :func:`dyad_series`)."""
    buckets: dict[date, list[CanonicalEvent]] = defaultdict(list)
    undated = 0
    for event in events:
        if event.day is None:
            undated += 1
            continue
        buckets[period_start(event.day, by)].append(event)
    periods = tuple(_period(start, buckets[start]) for start in sorted(buckets))
    return DyadSeries(a=a, b=b, by=by, directed=directed, periods=periods, undated=undated)


def _period(start: date, events: Sequence[CanonicalEvent]) -> DyadPeriod:
    intensities = [e.intensity for e in events if e.intensity is not None]
    return DyadPeriod(
        period=start,
        events=len(events),
        by_type=dict(Counter(e.type for e in events).most_common()),
        by_quad=dict(sorted(Counter(quad_of(e) for e in events).items())),
        by_status=dict(Counter(e.status for e in events).most_common()),
        mean_intensity=sum(intensities) / len(intensities) if intensities else None,
        event_ids=tuple(e.id for e in events),
    )


def _has(keys: Sequence[str], key: str) -> bool:
    return key.upper() in (k.upper() for k in keys)


# ---------------------------------------------------------------------------- graph


@dataclass
class _Edge:
    events: list[CanonicalEvent] = field(default_factory=list)


def actor_graph(store: Store, *, options: RelationOptions | None = None) -> nx.DiGraph:
    """The directed actor graph over a window, from canonical events.

    Edge attributes (all plain values, so the graph writes to GraphML as it is): ``events``,
    ``cooperation`` and ``conflict`` (counts by quad class), ``weight`` (cooperation minus
    conflict), ``mean_intensity`` (NaN-free: 0.0 when none is scored), ``types``
    ("AID:2;ACCUSE:1"), ``alleged`` (how many of the events are only alleged), ``alleged_types``
    and ``canonical_ids``.
    """
    opts = options or RelationOptions()
    found = canonical_events(
        store.connection,
        CanonicalFilter(statuses=opts.statuses, since=opts.since, until=opts.until),
    )
    return graph_of(found)


_EVENT_KINDS = "tidings_event_kinds"


def graph_of(events: Iterable[CanonicalEvent]) -> nx.DiGraph:
    """The directed graph of these canonical events (the pure half of :func:`actor_graph`)."""
    edges: dict[tuple[str, str], _Edge] = defaultdict(_Edge)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for event in events:
        for key, name in zip(event.source_keys, event.source_names, strict=False):
            names[key][name] += 1
        for key, name in zip(event.target_keys, event.target_names, strict=False):
            names[key][name] += 1
        for s in event.source_keys:
            for t in event.target_keys:
                if s != t:
                    edges[(s, t)].events.append(event)
    graph = nx.DiGraph()
    # What each canonical event counts as, so that :func:`undirected` counts an event with
    # both directions (a mutual meeting: RUS->CHN and CHN->RUS) once, not once per direction.
    graph.graph[_EVENT_KINDS] = {
        e.id: (is_cooperation(e), e.status == "alleged")
        for edge in edges.values()
        for e in edge.events
    }
    for (s, t), edge in sorted(edges.items()):
        for node in (s, t):
            if node not in graph:
                label = names[node].most_common(1)[0][0] if names[node] else node
                graph.add_node(node, label=label)
        graph.add_edge(s, t, **_edge_attributes(edge.events))
    return graph


def _edge_attributes(events: Sequence[CanonicalEvent]) -> dict[str, Any]:
    cooperation = sum(1 for e in events if is_cooperation(e))
    conflict = len(events) - cooperation
    intensities = [e.intensity for e in events if e.intensity is not None]
    alleged = [e for e in events if e.status == "alleged"]
    return {
        "events": len(events),
        "cooperation": cooperation,
        "conflict": conflict,
        "weight": cooperation - conflict,
        "mean_intensity": sum(intensities) / len(intensities) if intensities else 0.0,
        "types": _tally(e.type for e in events),
        "alleged": len(alleged),
        "alleged_types": _tally(e.type for e in alleged),
        "canonical_ids": ";".join(e.id for e in events),
    }


def _tally(values: Iterable[str]) -> str:
    return ";".join(f"{k}:{n}" for k, n in Counter(values).most_common())


def undirected(graph: nx.DiGraph) -> nx.Graph:
    """Both directions of each pair as one signed edge (for blocs and rankings).

    A canonical event on both directed edges of a pair counts once. Graphs not made by
    :func:`graph_of` (read back from GraphML) lack the per-event kinds; their two
    directions are summed.
    """
    kinds: dict[str, tuple[bool, bool]] = graph.graph.get(_EVENT_KINDS, {})
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for s, t, data in graph.edges(data=True):
        a, b = sorted((s, t))
        pairs[(a, b)].append(data)
    for (a, b), directions in pairs.items():
        ids = [i for data in directions for i in str(data["canonical_ids"]).split(";") if i]
        if kinds and all(i in kinds for i in ids):
            unique = list(dict.fromkeys(ids))
            cooperation = sum(1 for i in unique if kinds[i][0])
            events = len(unique)
            edge = {
                "events": events,
                "cooperation": cooperation,
                "conflict": events - cooperation,
                "weight": 2 * cooperation - events,
                "alleged": sum(1 for i in unique if kinds[i][1]),
                "canonical_ids": ";".join(unique),
            }
        else:
            edge = {
                name: sum(data[name] for data in directions)
                for name in ("events", "cooperation", "conflict", "weight", "alleged")
            }
            edge["canonical_ids"] = ";".join(str(data["canonical_ids"]) for data in directions)
        out.add_edge(a, b, **edge)
    return out


@dataclass(frozen=True)
class RankedDyad:
    a: str
    b: str
    cooperation: int
    conflict: int
    events: int


def strongest_dyads(
    graph: nx.DiGraph, *, kind: Literal["cooperation", "conflict"] = "cooperation", top: int = 10
) -> list[RankedDyad]:
    """Undirected pairs with the most cooperative (or conflictual) canonical events."""
    pairs = undirected(graph)
    ranked: list[RankedDyad] = []
    for s, t, d in pairs.edges(data=True):
        a, b = sorted((s, t))
        ranked.append(RankedDyad(a, b, d["cooperation"], d["conflict"], d["events"]))
    ranked.sort(key=lambda r: (-getattr(r, kind), -r.events, r.a, r.b))
    return ranked[:top]


def write_graphml(graph: nx.DiGraph, path: str | Path) -> Path:
    """Write the graph as GraphML (Gephi, Cytoscape and networkx all read it)."""
    target = Path(path)
    plain = graph.copy()
    plain.graph.pop(_EVENT_KINDS, None)  # a dict, which GraphML cannot hold
    nx.write_graphml(plain, target)
    return target


# ---------------------------------------------------------------------------- exports

_COPY = {"csv": "FORMAT csv, HEADER true", "parquet": "FORMAT parquet", "json": "FORMAT json"}

# Monthly counts for every directed dyad of canonical events, one row per (pair, month, type).
_DYAD_ROWS = """
SELECT s.k AS source, t.k AS target, date_trunc('month', c.day)::DATE AS month, c.type,
       c.status, count(*) AS events, avg(c.intensity) AS mean_intensity
FROM canonical_events c, unnest(c.source_keys) AS s(k), unnest(c.target_keys) AS t(k)
WHERE s.k <> t.k
GROUP BY ALL
ORDER BY source, target, month NULLS LAST, type, status
"""


def export_analysis(
    store: Store, folder: str | Path, *, format: ExportFormat = "csv"
) -> dict[str, Path]:
    """Write the stories, canonical events, their mentions and links and the monthly dyads.

    One file per table in ``folder`` (created if missing); returns the files by table name.
    """
    if format not in _COPY:
        raise ValueError(f"A021 cannot export as {format!r}: choose one of {EXPORT_FORMATS}")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    suffix = {"csv": "csv", "parquet": "parquet", "json": "jsonl"}[format]
    written: dict[str, Path] = {}
    for table in ("stories", "story_articles"):
        path = out / f"{table}.{suffix}"
        store.export_table(table, path, format=format)
        written[table] = path
    queries = {t: f"SELECT * FROM {t}" for t in ANALYSIS_TABLES if t != "analysis_builds"}
    queries["dyads_monthly"] = _DYAD_ROWS
    for name, sql in queries.items():
        path = out / f"{name}.{suffix}"
        quoted = "'" + str(path).replace("'", "''") + "'"
        store.connection.execute(f"COPY ({sql}) TO {quoted} ({_COPY[format]})")
        written[name] = path
    return written
