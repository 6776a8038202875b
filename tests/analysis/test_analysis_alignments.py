"""Blocs from the signed event graph, and the events that move an actor between them."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from tidings.analysis import current_blocs, find_blocs
from tidings.analysis.alignments import blocs_of, timeline_of
from tidings.analysis.dedup import CanonicalEvent
from tidings.store import Store


def canon(id: str, type: str, s: str, t: str, day: date) -> CanonicalEvent:
    return CanonicalEvent(
        id=id,
        type=type,
        status="occurred",
        source_keys=[s],
        target_keys=[t],
        source_names=[s],
        target_names=[t],
        day=day,
        event_ids=[id],
        label=id,
    )


def signed(*edges: tuple[str, str, float]) -> nx.Graph:
    graph = nx.Graph()
    for s, t, w in edges:
        graph.add_edge(s, t, weight=w)
    return graph


def test_two_camps_at_odds_come_out_as_two_blocs() -> None:
    graph = signed(
        ("RUS", "CHN", 5),
        ("IRN", "RUS", 2),
        ("PRK", "RUS", 1),
        ("CHN", "IRN", 1),
        ("USA", "GBR", 3),
        ("USA", "CHN", -2),
        ("GBR", "RUS", -1),
        ("USA", "RUS", -3),
    )
    assert find_blocs(graph) == [frozenset({"RUS", "CHN", "IRN", "PRK"}), frozenset({"USA", "GBR"})]


def test_conflict_keeps_actors_apart_even_with_a_shared_friend() -> None:
    graph = signed(("A", "B", 1), ("B", "C", 1), ("A", "C", -5))
    blocs = find_blocs(graph)
    assert not any({"A", "C"} <= b for b in blocs)
    assert sorted(map(len, blocs)) == [1, 2]


def test_blocs_are_deterministic_and_cover_every_actor() -> None:
    graph = signed(("A", "B", 1), ("C", "D", 1), ("B", "C", 1), ("A", "D", -1), ("E", "A", -1))
    first = find_blocs(graph)
    assert first == find_blocs(graph.copy())
    assert set().union(*first) == set(graph.nodes)


def test_an_actor_that_turns_is_caught_with_the_events_that_turned_it() -> None:
    jan, feb = date(2024, 1, 10), date(2024, 2, 10)
    events = [
        canon("j1", "AGREE", "X", "A", jan),
        canon("j2", "COOPERATE", "A", "B", jan),
        canon("j3", "AID", "C", "D", jan),
        canon("j4", "ASSAULT", "A", "C", jan),
        canon("f1", "ASSAULT", "X", "A", feb),
        canon("f2", "AID", "X", "C", feb),
        canon("f3", "AGREE", "D", "X", feb),
        canon("f4", "COOPERATE", "A", "B", feb),
        canon("f5", "AID", "C", "D", feb),
    ]
    timeline = timeline_of(events, by="month", window=1)
    assert [p for p, _ in timeline.periods] == [date(2024, 1, 1), date(2024, 2, 1)]
    (shift,) = [s for s in timeline.shifts if s.actor == "X"]
    assert shift.left == ("A", "B") and shift.joined == ("C", "D")
    assert set(shift.event_ids) == {"f1", "f2", "f3"}
    assert timeline.as_dict()["shifts"][0]["actor"] in {"A", "B", "C", "D", "X"}


def test_window_must_be_positive() -> None:
    with pytest.raises(ValueError, match="A030"):
        timeline_of([], window=0)


def test_blocs_from_the_samples(sample_store: Store) -> None:
    blocs = current_blocs(sample_store)
    assert frozenset({"CHN", "RUS"}) in blocs  # talks and welcome
    assert not any({"EUR", "RUS"} <= b for b in blocs)  # sanctions and threats
    assert blocs_of([]) == []
