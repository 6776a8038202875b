"""The analysis over real pipeline output: the three seeds and the example corpus.

The articles go through ``build_extractor`` (spaCy, the actor KB, the coder, quotes) and
``analyze`` into a store, then ``build_analysis``. Expectations that today's coder output
does not support yet are marked ``xfail(strict=True)`` with the reason, so they turn into
failures (to be unmarked) as soon as the coder gets them right.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from spacy.language import Language

from shared_data import shared_path
from tidings.analysis import (
    CanonicalFilter,
    actor_graph,
    build_analysis,
    canonical_events,
    current_blocs,
    event_links,
    strongest_dyads,
    undirected,
)
from tidings.analyze import analyze
from tidings.extract import build_extractor
from tidings.ingest import read_paths
from tidings.models import Article
from tidings.store import Store

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
# NATO, or its secretary general: an ActorRef carries no IGO body, so a NATO official is keyed
# by his own name rather than by NATO.
NATO_KEYS = {"NATO", "Jens Stoltenberg"}


@pytest.fixture(scope="module")
def seeds_store(nlp: Language) -> Iterator[Store]:
    gold = json.loads(shared_path("gold", "seeds.json").read_text(encoding="utf-8"))
    articles = []
    for document in gold["documents"]:
        text = shared_path("seeds", document["file"]).read_text(encoding="utf-8")
        published = date.fromisoformat(document["published"]) if document["published"] else None
        articles.append(
            Article.from_text(
                text,
                id=document["file"][:3],
                published=published,
                source=f"seed {document['file'][:3]}",
            )
        )
    with Store.open() as store:
        analyze(articles, store=store, extractor=build_extractor(nlp=nlp))
        build_analysis(store)
        yield store


@pytest.fixture(scope="module")
def corpus_store(nlp: Language) -> Iterator[Store]:
    with Store.open() as store:
        analyze(read_paths([CORPUS]), store=store, extractor=build_extractor(nlp=nlp))
        build_analysis(store)
        yield store


def _story_of(store: Store, article_id: str) -> str:
    return next(s.id for s in store.stories() if article_id in s.article_ids)


def _by_file(store: Store, prefix: str) -> str:
    row = store.connection.execute(
        "SELECT id FROM articles WHERE origin LIKE ?", [f"%{prefix}%"]
    ).fetchone()
    assert row is not None, f"no article read from {prefix}"
    return str(row[0])


def _pair(graph: nx.DiGraph, a: str, b: str) -> dict[str, int]:
    pairs = undirected(graph)
    return pairs[a][b] if pairs.has_edge(a, b) else {"cooperation": 0, "conflict": 0}


# ---------------------------------------------------------------------------- the seeds


@pytest.mark.shared
def test_two_visits_months_apart_stay_two_stories(seeds_store: Store) -> None:
    assert _story_of(seeds_store, "000") != _story_of(seeds_store, "003")


@pytest.mark.shared
def test_russia_china_is_the_strongest_cooperative_dyad(seeds_store: Store) -> None:
    top = strongest_dyads(actor_graph(seeds_store), top=1)[0]
    assert (top.a, top.b) == ("CHN", "RUS") and top.cooperation > top.conflict


@pytest.mark.shared
@pytest.mark.parametrize("helper", ["PRK", "IRN"])
def test_north_korea_and_iran_are_tied_to_russia_by_alleged_aid(
    seeds_store: Store, helper: str
) -> None:
    graph = actor_graph(seeds_store)
    assert graph.has_edge(helper, "RUS")
    edge = graph[helper]["RUS"]
    assert "AID" in edge["alleged_types"] and edge["alleged"] >= 1


@pytest.mark.shared
@pytest.mark.parametrize(("a", "b"), [("RUS", "UKR"), ("ISR", "PSE")])
def test_wars_are_conflict(seeds_store: Store, a: str, b: str) -> None:
    pair = _pair(actor_graph(seeds_store), a, b)
    assert pair["conflict"] >= 1 and pair["conflict"] > pair["cooperation"]


@pytest.mark.shared
def test_the_us_and_nato_accuse_china(seeds_store: Store) -> None:
    graph = actor_graph(seeds_store)
    accusers = {s for s, t, d in graph.edges(data=True) if t == "CHN" and d["conflict"] >= 1}
    assert "USA" in accusers and accusers & NATO_KEYS


@pytest.mark.shared
def test_russia_china_iran_and_north_korea_are_one_bloc(seeds_store: Store) -> None:
    blocs = current_blocs(seeds_store)
    assert any({"RUS", "CHN", "IRN", "PRK"} <= bloc for bloc in blocs)
    assert not any({"RUS", "UKR"} <= bloc or {"ISR", "PSE"} <= bloc for bloc in blocs)


@pytest.mark.shared
def test_every_canonical_event_of_the_seeds_traces_to_sentences(seeds_store: Store) -> None:
    canonical = canonical_events(seeds_store.connection, CanonicalFilter())
    assert canonical
    raw = {e.id: e for e in seeds_store.events()}
    assert sum(c.mentions for c in canonical) == len(raw)
    for c in canonical:
        for event_id in c.event_ids:
            event = raw[event_id]
            text = seeds_store.get_article(event.article_id).text  # type: ignore[union-attr]
            assert text[event.sentence.start : event.sentence.end] == event.sentence.text


# ---------------------------------------------------------------------------- the example corpus


@pytest.mark.parametrize(
    ("first", "second"), [("016-", "017-"), ("030-", "031-")], ids=["sanctions", "prisoners"]
)
def test_duplicate_reports_are_one_story(corpus_store: Store, first: str, second: str) -> None:
    a, b = _by_file(corpus_store, first), _by_file(corpus_store, second)
    assert _story_of(corpus_store, a) == _story_of(corpus_store, b)


def test_unrelated_articles_are_not_lumped(corpus_store: Store) -> None:
    sizes = [len(s.article_ids) for s in corpus_store.stories()]
    assert len(sizes) >= 28 and max(sizes) <= 3


@pytest.mark.parametrize(
    ("first", "second", "type", "codes"),
    [
        pytest.param(
            "016-",
            "017-",
            "SANCTION",
            {"RUS"},
            id="sanctions",
        ),
        pytest.param(
            "030-",
            "031-",
            "RETREAT",
            {"RUS", "UKR"},
            id="prisoners",
        ),
    ],
)
def test_duplicate_reports_collapse_to_one_canonical_event(
    corpus_store: Store, first: str, second: str, type: str, codes: set[str]
) -> None:
    a, b = _by_file(corpus_store, first), _by_file(corpus_store, second)
    found = [
        c
        for c in canonical_events(corpus_store.connection, CanonicalFilter())
        if c.type == type and {a, b} <= set(c.article_ids)
    ]
    assert found and codes <= set(found[0].source_keys + found[0].target_keys)
    assert len(found[0].outlets) >= 2


def test_the_planned_visit_is_linked_to_its_occurrence_not_merged(corpus_store: Store) -> None:
    plan_article, done_article = _by_file(corpus_store, "020-"), _by_file(corpus_store, "022-")
    canonical = {c.id: c for c in canonical_events(corpus_store.connection, CanonicalFilter())}
    links = [
        link
        for link in event_links(corpus_store.connection)
        if plan_article in canonical[link.from_id].article_ids
        and done_article in canonical[link.to_id].article_ids
    ]
    assert links, "the visit announced in 020 is not linked to the talks reported in 022"
    for link in links:
        plan, done = canonical[link.from_id], canonical[link.to_id]
        assert plan.type == done.type == "CONSULT"
        assert plan.status == "planned" and done.status == "occurred"
        assert done_article not in plan.article_ids and plan_article not in done.article_ids
