"""`tidings actors resolve|show|evaluate`, driven in-process through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from shared_data import shared_path
from tidings.cli import app


@pytest.fixture(autouse=True)
def _session_model(monkeypatch: pytest.MonkeyPatch, nlp: Language) -> None:
    """The commands load the model once per process; in tests, reuse the session's."""
    monkeypatch.setattr("tidings.cli.actors_commands.shared_pipeline", lambda: nlp)


def _resolve(lines: list[dict]) -> list[dict]:
    stdin = "".join(json.dumps(line) + "\n" for line in lines)
    result = CliRunner().invoke(app, ["actors", "resolve", "-"], input=stdin)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_resolve_the_briefs_phrases() -> None:
    out = _resolve(
        [
            {"id": "a", "text": "American warplanes"},
            {"id": "b", "text": "four Saudi men"},
            {"id": "c", "text": "Russian President Vladimir Putin"},
        ]
    )
    assert [r["id"] for r in out] == ["a", "b", "c"]
    assert (out[0]["code"], out[0]["sector"]) == ("USA", "MIL")
    # men are civilians: CVL, a decision recorded in role_nouns.yaml
    assert (out[1]["code"], out[1]["sector"]) == ("SAU", "CVL")
    assert (out[2]["code"], out[2]["sector"], out[2]["actor_id"]) == (
        "RUS",
        "GOV",
        "putin-vladimir",
    )
    assert out[2]["name"] == "Vladimir Putin"
    assert set(out[0]) == {"id", "code", "sector", "actor_id", "name"}


def test_resolve_uses_the_date_of_each_line() -> None:
    out = _resolve(
        [
            {"id": 1, "text": "the US president", "date": "2019-06-01"},
            {"id": 2, "text": "the US president", "date": "2024-06-01"},
        ]
    )
    assert [r["actor_id"] for r in out] == ["trump-donald", "biden-joe"]


def test_resolve_gives_nulls_for_an_unknown_phrase_and_an_error_for_a_bad_line() -> None:
    stdin = '{"id": "x", "text": "the weather"}\nnot json\n{"id": "y", "text": 3}\n'
    result = CliRunner().invoke(app, ["actors", "resolve", "-"], input=stdin)
    assert result.exit_code == 0, result.output
    unknown, bad, wrong = (json.loads(line) for line in result.stdout.splitlines())
    assert unknown == {"id": "x", "code": None, "sector": None, "actor_id": None, "name": None}
    assert "error" in bad and bad["id"] is None
    assert wrong["id"] == "y" and "error" in wrong


def test_resolve_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "phrases.jsonl"
    path.write_text(json.dumps({"id": "z", "text": "Israeli troops"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["actors", "resolve", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["code"] == "ISR"


def test_show_explains_the_kb_and_the_linker() -> None:
    result = CliRunner().invoke(app, ["actors", "show", "Jens Stoltenberg", "--date", "2024-05-15"])
    assert result.exit_code == 0, result.output
    assert "stoltenberg-jens" in result.stdout and "IGO GOV" in result.stdout
    assert "linker reading:" in result.stdout


def test_show_a_role_phrase_gives_the_linkers_rule() -> None:
    result = CliRunner().invoke(app, ["actors", "show", "Russian President Vladimir Putin"])
    assert result.exit_code == 0, result.output
    assert "putin-vladimir" in result.stdout


def test_show_rejects_a_bad_date() -> None:
    result = CliRunner().invoke(app, ["actors", "show", "Putin", "--date", "yesterday"])
    assert result.exit_code != 0


@pytest.mark.shared
def test_evaluate_prints_scores() -> None:
    gold = shared_path("gold", "seeds.json")
    result = CliRunner().invoke(app, ["actors", "evaluate", "--seeds-gold", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    seeds = json.loads(result.stdout)["seeds"]
    assert seeds["total"] == 35 and seeds["passed"] > 0
