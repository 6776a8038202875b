"""The analysis commands, driven in-process: tables for people, JSON for programs."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
import typer
from analysis_samples import corpus
from typer.testing import CliRunner

from tidings.cli.analysis_commands import register
from tidings.errors import InputNotFoundError
from tidings.store import Store

runner = CliRunner()


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "t.duckdb"
    with Store.open(path) as store:
        for article, extraction in corpus():
            store.save_extraction(article, extraction)
    return path


def run(app: typer.Typer, *args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_stories_builds_when_stale_and_lists_as_json(app: typer.Typer, db: Path) -> None:
    listed = json.loads(run(app, "stories", "--db", str(db), "--format", "json"))
    assert sorted(len(s["article_ids"]) for s in listed) == [1, 2, 3]
    assert "Brussels imposes" in run(app, "stories", "--db", str(db))


def test_cluster_reports_the_duplicate_ratio(app: typer.Typer, db: Path) -> None:
    report = json.loads(run(app, "cluster", "--db", str(db), "--format", "json"))
    assert report["mentions"] == 10 and report["canonical_events"] == 6
    assert report["duplicate_ratio"] == pytest.approx(10 / 6, abs=1e-3)
    assert "canonical events" in run(app, "cluster", "--db", str(db))


def test_story_compares_sources(app: typer.Typer, db: Path) -> None:
    listed = json.loads(run(app, "stories", "--db", str(db), "--format", "json"))
    biggest = listed[0]["id"]
    data = json.loads(run(app, "story", biggest, "--db", str(db), "--format", "json"))
    assert {o["outlet"] for o in data["outlets"]} == {
        "Harbour Daily",
        "Capital Wire",
        "Eastern Courier",
    }
    assert "Capital Wire" in run(app, "story", biggest, "--db", str(db))


def test_dyad_by_day_with_a_window(app: typer.Typer, db: Path) -> None:
    data = json.loads(
        run(
            app,
            "dyad",
            "EUR",
            "RUS",
            "--db",
            str(db),
            "--by",
            "day",
            "--since",
            "2024-03-01",
            "--format",
            "json",
        )
    )
    assert data["total"] == 2 and data["periods"][0]["period"] == "2024-03-18"
    assert "SANCTION" in run(app, "dyad", "EUR", "RUS", "--db", str(db))


def test_brief_takes_a_story_or_two_actors(app: typer.Typer, db: Path) -> None:
    listed = json.loads(run(app, "stories", "--db", str(db), "--format", "json"))
    story = json.loads(run(app, "brief", listed[0]["id"], "--db", str(db), "--format", "json"))
    assert story["summary"] and story["timeline"]
    pair = json.loads(run(app, "brief", "EUR", "RUS", "--db", str(db), "--format", "json"))
    assert pair["scope"] == "dyad EUR RUS"
    assert "Timeline" in run(app, "brief", "EUR", "RUS", "--db", str(db))


def test_graph_writes_graphml(app: typer.Typer, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    run(app, "graph", "--out", str(out), "--db", str(db))
    assert set(nx.read_graphml(out).nodes) == {"EUR", "RUS", "UKR", "CHN"}


def test_blocs_and_export(app: typer.Typer, db: Path, tmp_path: Path) -> None:
    data = json.loads(run(app, "blocs", "--db", str(db), "--format", "json"))
    assert data["periods"]
    run(app, "export", "--format", "parquet", "--out", str(tmp_path / "x"), "--db", str(db))
    assert (tmp_path / "x" / "canonical_events.parquet").is_file()


def test_a_missing_database_or_story_is_a_user_error(app: typer.Typer, db: Path) -> None:
    with pytest.raises(InputNotFoundError, match="tidings analyze"):
        runner.invoke(app, ["stories", "--db", "nowhere.duckdb"], catch_exceptions=False)
    with pytest.raises(InputNotFoundError, match="tidings stories"):
        runner.invoke(app, ["story", "nope", "--db", str(db)], catch_exceptions=False)
