"""End to end: files in, coded events in DuckDB out; the streaming contract; idempotency."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from tidings.analyze import analyze
from tidings.cli import app
from tidings.errors import InputNotFoundError
from tidings.extract import Extractor, build_extractor, extract_jsonl
from tidings.ingest import read_paths
from tidings.models import Extraction
from tidings.store import Store

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"


@pytest.fixture(scope="session")
def extractor(nlp: Language) -> Extractor:
    return build_extractor(nlp=nlp)


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Path:
    db = tmp_path_factory.mktemp("spine") / "corpus.duckdb"
    with Store.open(db) as store:
        report = analyze(read_paths([CORPUS]), store=store, extractor=extractor)
    assert report.stored == report.read > 0
    return db


def _seed_lines(seeds_dir: Path, gold: dict) -> list[str]:
    lines = []
    for doc in gold["documents"]:
        text = (seeds_dir / doc["file"]).read_text(encoding="utf-8")
        record = {"id": doc["file"], "text": text}
        if doc.get("published"):
            record["published"] = doc["published"]
        lines.append(json.dumps(record))
    return lines


def test_extract_gives_valid_json_for_each_seed(
    seeds_dir: Path, seeds_gold: dict, extractor: Extractor
) -> None:
    lines = _seed_lines(seeds_dir, seeds_gold)
    results = list(extract_jsonl(lines, extractor))
    assert [r["id"] for r in results] == [d["file"] for d in seeds_gold["documents"]]
    for line, result in zip(lines, results, strict=True):
        assert "error" not in result, result.get("error")
        parsed = Extraction.model_validate(json.loads(json.dumps(result)))
        text = json.loads(line)["text"]
        # the ingest cleaner may change the text, so offsets index the cleaned article
        assert parsed.events, f"no events coded in {parsed.id}"
        for mention in parsed.actors:
            assert mention.end > mention.start
        for event in parsed.events:
            assert event.sentence.text.strip()
            assert event.trigger.text
        assert len(text) > 0


def test_extract_reports_bad_lines_and_goes_on(extractor: Extractor) -> None:
    lines = [
        json.dumps(
            {"id": "a", "text": "Japan and the Philippines signed a defence pact on Monday."}
        ),
        "{not json",
        json.dumps({"id": "no-text"}),
        json.dumps(
            {"id": "b", "text": "Protesters marched in Tbilisi.", "published": "2024-05-01"}
        ),
    ]
    results = list(extract_jsonl(lines, extractor))
    assert [r.get("id") for r in results] == ["a", None, "no-text", "b"]
    assert "error" in results[1] and "line 2" in results[1]["error"]
    assert "error" in results[2]
    assert "error" not in results[0] and "error" not in results[3]


def test_offsets_point_into_the_stored_text(corpus_db: Path) -> None:
    with Store.open(corpus_db) as store:
        events = store.events()
        assert events
        for event in events:
            article = store.get_article(event.article_id)
            assert article is not None
            assert article.text[event.trigger.start : event.trigger.end] == event.trigger.text
            assert article.text[event.sentence.start : event.sentence.end] == event.sentence.text


def test_reanalysing_the_same_folder_adds_nothing(corpus_db: Path, extractor: Extractor) -> None:
    with Store.open(corpus_db) as store:
        before = store.counts()
        report = analyze(read_paths([CORPUS]), store=store, extractor=extractor)
        after = store.counts()
    assert report.stored == 0
    assert report.already_stored == report.read > 0
    assert before == after


def test_cli_events_json_lists_stored_events(corpus_db: Path) -> None:
    result = CliRunner().invoke(app, ["events", "--db", str(corpus_db), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and {"type", "source", "target", "status", "sentence"} <= set(rows[0])


def test_cli_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("tidings ")


def test_cli_missing_path_is_a_named_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    result = CliRunner().invoke(app, ["analyze", str(missing), "--db", str(tmp_path / "x.db")])
    assert isinstance(result.exception, InputNotFoundError)
    assert str(missing) in str(result.exception)


def test_cli_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "absent.txt"
    proc = subprocess.run(
        [sys.executable, "-c", "from tidings.cli import main; main()", "analyze", str(missing)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert str(missing) in proc.stderr and "does not exist" in proc.stderr
