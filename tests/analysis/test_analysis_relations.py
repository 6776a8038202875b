"""Dyads over time and the actor graph, counted from canonical events, never raw mentions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from tidings.analysis import (
    RelationOptions,
    actor_graph,
    dyad_series,
    strongest_dyads,
    undirected,
    write_graphml,
)
from tidings.analysis.dedup import CanonicalEvent
from tidings.analysis.relations import graph_of, period_start, series_of
from tidings.store import Store


def canon(
    id: str,
    type: str,
    s: str,
    t: str,
    day: date | None,
    *,
    quad: int | None = None,
    status: str = "occurred",
    intensity: float | None = None,
) -> CanonicalEvent:
    return CanonicalEvent(
        id=id,
        type=type,
        status=status,
        source_keys=[s],
        target_keys=[t],
        source_names=[s],
        target_names=[t],
        day=day,
        quad_class=quad,
        intensity=intensity,
        event_ids=[f"{id}-e"],
        label=f"{s} {type} {t}",
    )


def test_period_starts() -> None:
    wednesday = date(2024, 3, 20)
    assert period_start(wednesday, "day") == wednesday
    assert period_start(wednesday, "week") == date(2024, 3, 18)
    assert period_start(wednesday, "month") == date(2024, 3, 1)
    with pytest.raises(ValueError, match="A020"):
        period_start(wednesday, "year")  # type: ignore[arg-type]


def test_series_counts_types_quads_statuses_and_mean_intensity_per_period() -> None:
    events = [
        canon("a", "SANCTION", "EUR", "RUS", date(2024, 3, 18), quad=4, intensity=-5),
        canon("b", "THREATEN", "RUS", "EUR", date(2024, 3, 19), quad=3, intensity=-3),
        canon("c", "CONSULT", "RUS", "EUR", date(2024, 4, 2), intensity=None),
        canon("d", "AID", "EUR", "RUS", None, status="alleged"),
    ]
    series = series_of(events, a="EUR", b="RUS", by="month", directed=False)
    assert [p.period for p in series.periods] == [date(2024, 3, 1), date(2024, 4, 1)]
    march, april = series.periods
    assert march.events == 2 and march.by_type == {"SANCTION": 1, "THREATEN": 1}
    assert march.by_quad == {3: 1, 4: 1} and march.mean_intensity == -4
    assert april.by_quad == {1: 1} and april.mean_intensity is None  # quad from the type
    assert series.undated == 1 and series.total == 3
    weekly = series_of(events, a="EUR", b="RUS", by="week", directed=False)
    assert [p.events for p in weekly.periods] == [2, 1]


def test_dyads_come_from_canonical_events(sample_store: Store) -> None:
    both = dyad_series(sample_store, "eur", "rus", by="day")
    assert both.total == 2  # one package (three reports) and one threat (three reports)
    (day,) = both.periods
    assert day.by_type == {"SANCTION": 1, "THREATEN": 1} and day.by_quad == {3: 1, 4: 1}
    one_way = dyad_series(sample_store, "EUR", "RUS", directed=True)
    assert one_way.total == 1
    later = dyad_series(
        sample_store, "EUR", "RUS", options=RelationOptions(since=date(2024, 3, 19))
    )
    assert later.total == 0
    data = both.as_dict()
    assert data["periods"][0]["period"] == "2024-03-18" and data["total"] == 2


def test_plans_do_not_count_as_deeds_unless_asked(sample_store: Store) -> None:
    assert dyad_series(sample_store, "CHN", "RUS").total == 2  # the talks and Russia's welcome
    every = RelationOptions(statuses=("occurred", "ongoing", "alleged", "planned"))
    assert dyad_series(sample_store, "CHN", "RUS", options=every).total == 3


def test_graph_edges_weigh_cooperation_against_conflict(sample_store: Store) -> None:
    graph = actor_graph(sample_store)
    assert set(graph.nodes) == {"EUR", "RUS", "UKR", "CHN"}
    edge = graph["EUR"]["RUS"]
    assert (edge["events"], edge["cooperation"], edge["conflict"], edge["weight"]) == (1, 0, 1, -1)
    assert edge["types"] == "SANCTION:1" and edge["mean_intensity"] == -5
    assert graph["UKR"]["EUR"]["weight"] == 1
    assert graph.nodes["EUR"]["label"] == "European Union"


def test_allegations_are_visible_on_the_edges() -> None:
    graph = graph_of(
        [
            canon("a", "AID", "PRK", "RUS", date(2024, 5, 1), status="alleged"),
            canon("b", "AID", "PRK", "RUS", date(2024, 5, 2)),
        ]
    )
    edge = graph["PRK"]["RUS"]
    assert edge["alleged"] == 1 and edge["alleged_types"] == "AID:1" and edge["cooperation"] == 2


def test_strongest_dyads_rank_undirected_pairs() -> None:
    graph = graph_of(
        [
            canon("a", "CONSULT", "RUS", "CHN", date(2024, 5, 1)),
            canon("b", "SUPPORT", "CHN", "RUS", date(2024, 5, 2)),
            canon("c", "AID", "IRN", "RUS", date(2024, 5, 3)),
            canon("d", "ASSAULT", "RUS", "UKR", date(2024, 5, 3)),
        ]
    )
    top = strongest_dyads(graph)
    assert (top[0].a, top[0].b, top[0].cooperation) == ("CHN", "RUS", 2)
    worst = strongest_dyads(graph, kind="conflict", top=1)
    assert (worst[0].a, worst[0].b) == ("RUS", "UKR")
    pairs = undirected(graph)
    assert sorted(pairs["RUS"]["CHN"]["canonical_ids"].split(";")) == ["a", "b"]
    assert pairs["RUS"]["CHN"]["weight"] == 2


def test_an_event_with_both_directions_counts_once_for_its_pair(tmp_path: Path) -> None:
    meeting = canon("m", "CONSULT", "RUS", "CHN", date(2024, 5, 16), quad=1)
    meeting.source_keys, meeting.target_keys = ["RUS", "CHN"], ["CHN", "RUS"]
    meeting.source_names, meeting.target_names = ["RUS", "CHN"], ["CHN", "RUS"]
    strike = canon("s", "ASSAULT", "RUS", "CHN", date(2024, 5, 17), quad=4, status="alleged")
    graph = graph_of([meeting, strike])
    assert graph["RUS"]["CHN"]["events"] == 2 and graph["CHN"]["RUS"]["events"] == 1
    pair = undirected(graph)["CHN"]["RUS"]
    assert (pair["events"], pair["cooperation"], pair["conflict"], pair["weight"]) == (2, 1, 1, 0)
    assert pair["alleged"] == 1 and sorted(pair["canonical_ids"].split(";")) == ["m", "s"]
    # GraphML cannot hold the per-event kinds: they are left out of the file, and a graph
    # read back sums its two directions.
    written = write_graphml(graph, tmp_path / "g.graphml")
    assert undirected(nx.read_graphml(written))["CHN"]["RUS"]["events"] == 3
