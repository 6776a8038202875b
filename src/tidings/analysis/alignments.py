"""Alignments: blocs of actors from the signed event graph, and how they shift over time.

Two actors are pulled together by cooperation between them and pushed apart by conflict, so
the graph is signed: each pair's weight is its cooperative canonical events minus its
conflictual ones. A bloc partition is then the one that puts as much positive weight inside
blocs and as much negative weight between them as it can (correlation clustering). Finding
the best partition is NP-hard; a greedy agglomeration (merge the two blocs with the most net
cooperation between them while that is positive) followed by single-actor moves is exact
enough on graphs of a few hundred actors and deterministic, which matters more here: the same
events always give the same blocs.

Over time, blocs are found on a trailing window of periods, and an actor whose partners in
one window have little in common with its partners in the next has shifted; the canonical
events of the new period between it and its new partners (cooperation) or its old ones
(conflict) are what moved it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import networkx as nx

from tidings.analysis.dedup import CanonicalEvent
from tidings.analysis.relations import (
    Period,
    RelationOptions,
    graph_of,
    is_cooperation,
    period_start,
    undirected,
)
from tidings.analysis.tables import CanonicalFilter, canonical_events
from tidings.analysis.text import jaccard
from tidings.store import Store

Bloc = frozenset[str]


def find_blocs(graph: nx.Graph, *, weight: str = "weight") -> list[Bloc]:
    """Blocs of a signed undirected graph, biggest first (ties by their first member).

    Actors with no positive tie to anyone stay blocs of one.
    """
    bloc_of: dict[str, int] = {node: i for i, node in enumerate(sorted(graph.nodes))}
    members: dict[int, set[str]] = {i: {node} for node, i in bloc_of.items()}
    while True:
        between: dict[tuple[int, int], float] = defaultdict(float)
        for s, t, data in graph.edges(data=True):
            a, b = sorted((bloc_of[s], bloc_of[t]))
            if a != b:
                between[(a, b)] += float(data.get(weight, 0.0))
        positive = [(w, pair) for pair, w in between.items() if w > 0]
        if not positive:
            break
        _, (a, b) = max(positive, key=lambda x: (x[0], -x[1][0], -x[1][1]))
        for node in members.pop(b):
            bloc_of[node] = a
            members[a].add(node)
    _refine(graph, bloc_of, members, weight)
    blocs = [frozenset(m) for m in members.values() if m]
    return sorted(blocs, key=lambda b: (-len(b), sorted(b)[0]))


def _refine(
    graph: nx.Graph, bloc_of: dict[str, int], members: dict[int, set[str]], weight: str
) -> None:
    """Move single actors to the bloc they have most net cooperation with, while that helps."""
    for _ in range(10):
        moved = False
        for node in sorted(graph.nodes):
            ties: dict[int, float] = defaultdict(float)
            for other, data in graph[node].items():
                ties[bloc_of[other]] += float(data.get(weight, 0.0))
            here = bloc_of[node]
            stay = ties.get(here, 0.0)
            best = max(ties.items(), key=lambda kv: (kv[1], -kv[0]), default=(here, 0.0))
            if best[0] != here and best[1] > stay and best[1] > 0:
                members[here].discard(node)
                members[best[0]].add(node)
                bloc_of[node] = best[0]
                moved = True
        if not moved:
            return


def blocs_of(events: Iterable[CanonicalEvent]) -> list[Bloc]:
    """Blocs from canonical events (signed by quad class)."""
    return find_blocs(undirected(graph_of(events)))


def current_blocs(store: Store, *, options: RelationOptions | None = None) -> list[Bloc]:
    """Blocs over the window of ``options`` (the whole store by default)."""
    opts = options or RelationOptions()
    found = canonical_events(
        store.connection,
        CanonicalFilter(statuses=opts.statuses, since=opts.since, until=opts.until),
    )
    return blocs_of(found)


@dataclass(frozen=True, kw_only=True)
class BlocShift:
    """An actor that changed partners between two windows, and the events that did it."""

    actor: str
    period: date
    left: tuple[str, ...]  # partners it had and lost
    joined: tuple[str, ...]  # partners it gained
    event_ids: tuple[str, ...]  # canonical events of the period that moved it


@dataclass(frozen=True, kw_only=True)
class AlignmentTimeline:
    by: Period
    window: int
    periods: tuple[tuple[date, tuple[Bloc, ...]], ...]
    shifts: tuple[BlocShift, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "by": self.by,
            "window": self.window,
            "periods": [
                {"period": p.isoformat(), "blocs": [sorted(b) for b in blocs]}
                for p, blocs in self.periods
            ],
            "shifts": [
                {
                    "actor": s.actor,
                    "period": s.period.isoformat(),
                    "left": list(s.left),
                    "joined": list(s.joined),
                    "canonical_ids": list(s.event_ids),
                }
                for s in self.shifts
            ],
        }


def alignment_timeline(
    store: Store,
    *,
    by: Period = "month",
    window: int = 3,
    options: RelationOptions | None = None,
) -> AlignmentTimeline:
    """Blocs per period over a trailing ``window`` of periods, and the shifts between them."""
    opts = options or RelationOptions()
    found = canonical_events(
        store.connection,
        CanonicalFilter(statuses=opts.statuses, since=opts.since, until=opts.until),
    )
    return timeline_of(found, by=by, window=window)


def timeline_of(
    events: Sequence[CanonicalEvent], *, by: Period = "month", window: int = 3
) -> AlignmentTimeline:
    """The pure half of :func:`alignment_timeline`: blocs per period and who moved."""
    if window < 1:
        raise ValueError("A030 the alignment window is a number of periods, at least 1")
    by_period: dict[date, list[CanonicalEvent]] = defaultdict(list)
    for event in events:
        if event.day is not None:
            by_period[period_start(event.day, by)].append(event)
    starts = sorted(by_period)
    periods: list[tuple[date, tuple[Bloc, ...]]] = []
    shifts: list[BlocShift] = []
    previous: dict[str, Bloc] | None = None
    for i, start in enumerate(starts):
        recent = [e for s in starts[max(0, i - window + 1) : i + 1] for e in by_period[s]]
        blocs = tuple(blocs_of(recent))
        periods.append((start, blocs))
        bloc_of = {actor: bloc for bloc in blocs for actor in bloc}
        if previous is not None:
            shifts.extend(_shifts(previous, bloc_of, start, by_period[start]))
        previous = bloc_of
    return AlignmentTimeline(by=by, window=window, periods=tuple(periods), shifts=tuple(shifts))


def _shifts(
    before: dict[str, Bloc], after: dict[str, Bloc], period: date, events: Sequence[CanonicalEvent]
) -> list[BlocShift]:
    common = before.keys() & after.keys()
    out: list[BlocShift] = []
    for actor in sorted(common):
        old = (before[actor] & common) - {actor}
        new = (after[actor] & common) - {actor}
        if old == new or (not old and not new) or jaccard(old, new) >= 0.5:
            continue
        left, joined = old - new, new - old
        moving = [
            e.id
            for e in events
            if _involves(e, actor)
            and (
                (is_cooperation(e) and _involves_any(e, joined))
                or (not is_cooperation(e) and _involves_any(e, left))
            )
        ]
        out.append(
            BlocShift(
                actor=actor,
                period=period,
                left=tuple(sorted(left)),
                joined=tuple(sorted(joined)),
                event_ids=tuple(moving),
            )
        )
    return out


def _involves(event: CanonicalEvent, actor: str) -> bool:
    return actor in event.source_keys or actor in event.target_keys


def _involves_any(event: CanonicalEvent, actors: Iterable[str]) -> bool:
    return any(_involves(event, a) for a in actors)
