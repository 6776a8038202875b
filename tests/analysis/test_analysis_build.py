"""Building the analysis into the store: stories, canonical events, links, staleness, exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import networkx as nx
import pytest
from analysis_samples import corpus

from tidings.analysis import (
    AnalysisOptions,
    CanonicalFilter,
    StoryOptions,
    actor_graph,
    analysis_is_stale,
    build_analysis,
    canonical_events,
    ensure_analysis,
    event_links,
    export_analysis,
    write_graphml,
)
from tidings.models import Article, Extraction
from tidings.store import MIGRATIONS, Store


def test_migration_three_creates_the_analysis_tables(store: Store) -> None:
    assert [m.number for m in MIGRATIONS][:3] == [1, 2, 3]
    assert MIGRATIONS[2].name == "analysis-tables"
    tables = {
        r[0]
        for r in store.connection.execute(
            "SELECT table_name FROM information_schema.tables"
        ).fetchall()
    }
    assert {"canonical_events", "canonical_mentions", "event_links", "analysis_builds"} <= tables


def test_build_reports_and_stores_stories_events_and_links(store: Store) -> None:
    for article, extraction in corpus():
        store.save_extraction(article, extraction)
    report = build_analysis(store)
    assert (report.articles, report.stories, report.mentions) == (6, 3, 10)
    assert report.canonical_events == 6 and report.links == 1
    assert report.duplicate_ratio == pytest.approx(10 / 6)
    stories = store.stories()
    assert sorted(sorted(s.article_ids) for s in stories) == [
        ["f1"],
        ["p1", "p2"],
        ["s1", "s2", "s3"],
    ]
    sanction = canonical_events(store.connection, CanonicalFilter(actor="rus", other="EUR"))
    assert [(c.type, c.mentions, len(c.outlets)) for c in sanction] == [
        ("SANCTION", 3, 3),
        ("THREATEN", 3, 3),
    ]
    story = next(s for s in stories if "s1" in s.article_ids)
    assert all(story.id in c.story_ids for c in sanction)


def test_every_canonical_mention_points_at_a_stored_sentence(sample_store: Store) -> None:
    rows = sample_store.connection.execute(
        "SELECT e.sentence_start, e.sentence_end, e.sentence_text, a.text "
        "FROM canonical_mentions m JOIN events e ON e.id = m.event_id "
        "JOIN articles a ON a.id = m.article_id"
    ).fetchall()
    assert len(rows) == 10
    assert all(text[start:end] == sentence for start, end, sentence, text in rows)


def test_canonical_events_read_back_as_built(sample_store: Store) -> None:
    everything = canonical_events(sample_store.connection, CanonicalFilter())
    again = canonical_events(
        sample_store.connection, CanonicalFilter(ids=tuple(c.id for c in everything))
    )
    assert again == everything
    planned = canonical_events(sample_store.connection, CanonicalFilter(statuses=("planned",)))
    assert [c.type for c in planned] == ["CONSULT"]
    links = event_links(sample_store.connection, ids=[planned[0].id])
    assert [link.from_id for link in links] == [planned[0].id]


def test_a_rebuild_replaces_rather_than_adds(sample_store: Store) -> None:
    before = sample_store.connection.execute("SELECT count(*) FROM canonical_events").fetchone()
    build_analysis(sample_store)
    after = sample_store.connection.execute("SELECT count(*) FROM canonical_events").fetchone()
    assert before == after


def test_staleness_follows_new_articles_and_changed_options(sample_store: Store) -> None:
    assert not analysis_is_stale(sample_store)
    assert not ensure_analysis(sample_store).rebuilt
    stricter = AnalysisOptions(stories=StoryOptions(threshold=0.9))
    assert analysis_is_stale(sample_store, options=stricter)
    sample_store.save_extraction(Article(id="n1", text="Fresh news."), Extraction(id="n1"))
    assert analysis_is_stale(sample_store)
    report = ensure_analysis(sample_store)
    assert report.rebuilt and report.articles == 7
    assert not analysis_is_stale(sample_store)


def test_an_empty_store_builds_an_empty_analysis(store: Store) -> None:
    report = build_analysis(store)
    assert (report.articles, report.stories, report.canonical_events) == (0, 0, 0)
    assert report.duplicate_ratio == 0.0


@pytest.mark.parametrize("format", ["csv", "parquet", "json"])
def test_exports_write_one_readable_file_per_table(
    sample_store: Store, tmp_path: Path, format: str
) -> None:
    written = export_analysis(sample_store, tmp_path / "out", format=format)  # type: ignore[arg-type]
    assert set(written) == {
        "stories",
        "story_articles",
        "canonical_events",
        "canonical_mentions",
        "event_links",
        "dyads_monthly",
    }
    path = written["canonical_events"]
    reader = {"csv": "read_csv_auto", "parquet": "read_parquet", "json": "read_json_auto"}[format]
    count = duckdb.connect().execute(f"SELECT count(*) FROM {reader}('{path}')").fetchone()
    assert count == (6,)
    if format == "csv":
        with written["dyads_monthly"].open() as fh:
            rows = list(csv.DictReader(fh))
        sanctions = [r for r in rows if r["type"] == "SANCTION"]
        assert sanctions == [
            {
                "source": "EUR",
                "target": "RUS",
                "month": "2024-03-01",
                "type": "SANCTION",
                "status": "occurred",
                "events": "1",
                "mean_intensity": "-5.0",
            }
        ]
    if format == "json":
        first = json.loads(written["stories"].read_text().splitlines()[0])
        assert {"id", "title", "first_seen", "last_seen"} <= set(first)


def test_graphml_round_trips(sample_store: Store, tmp_path: Path) -> None:
    graph = actor_graph(sample_store)
    path = write_graphml(graph, tmp_path / "actors.graphml")
    back = nx.read_graphml(path)
    assert set(back.nodes) == set(graph.nodes)
    assert back["EUR"]["RUS"]["conflict"] == graph["EUR"]["RUS"]["conflict"] == 1
    assert back["EUR"]["RUS"]["canonical_ids"] == graph["EUR"]["RUS"]["canonical_ids"]
