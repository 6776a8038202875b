"""Killing the main job mid-ingest and running it again stores exactly what a clean run stores.

A child process runs ``analyze`` over a generated JSONL corpus (a few hundred short articles
with exact copies, rewrites, non-English articles and broken lines) into a DuckDB file and
prints a dot per article handled. The test kills it with SIGKILL at several points, no
cleanup possible, then lets a last run finish, and compares the database with one made by a
single uninterrupted run: same articles, same facts, same sources, nothing partial, nothing
twice. The stub extractor stands in for spaCy so that the child starts in a second or two;
what is under test is the storing, which is the same code.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tidings.store import Store

REPO = Path(__file__).resolve().parents[1]
ARTICLES = 320
KILL_AFTER = (40, 130, 230)

DRIVER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {samples!r})
    from ingest_samples import StubExtractor
    from tidings.analyze import AnalyzeOptions, analyze
    from tidings.ingest import read_path
    from tidings.store import Store

    def tick(_article):
        sys.stdout.write(".")
        sys.stdout.flush()

    with Store.open(sys.argv[1]) as store:
        analyze(
            read_path(sys.argv[2]),
            store=store,
            extractor=StubExtractor(),
            on_article=tick,
            options=AnalyzeOptions(chunk=8),
        )
    sys.stdout.write("done")
    """
).format(samples=str(REPO / "tests" / "ingest"))

WORDS = [
    "minister",
    "envoy",
    "talks",
    "border",
    "troops",
    "ceasefire",
    "sanctions",
    "vote",
    "protest",
    "summit",
    "aid",
    "convoy",
    "port",
    "drone",
    "strike",
    "rebels",
    "treaty",
    "pipeline",
    "tariff",
    "exports",
    "court",
    "army",
    "navy",
    "island",
    "refugees",
    "grain",
    "harvest",
    "parliament",
    "capital",
    "delegation",
    "agreement",
    "election",
    "coast",
    "guard",
]
FRENCH = (
    "Les ministres se sont réunis lundi à Ankara pour discuter des frontières maritimes, "
    "une première depuis deux ans, selon des responsables. "
)


def _corpus(path: Path) -> None:
    rng = random.Random(7)
    lines: list[str] = []
    texts: list[str] = []
    for number in range(ARTICLES):
        kind = number % 16
        if kind == 5 and texts:  # a wire copy of an earlier article
            text = texts[rng.randrange(len(texts))]
        elif kind == 9 and texts:  # a rewrite: new first line, last sentence cut
            text = "Updated. " + texts[rng.randrange(len(texts))].rsplit(". ", 1)[0] + "."
        elif kind == 13:
            text = FRENCH * 3 + str(number)
        else:
            sentences = [
                " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(8)
            ]
            text = " ".join(sentences)
            texts.append(text)
        lines.append(json.dumps({"id": f"a{number:04d}", "text": text, "source": f"S{kind}"}))
        if number % 50 == 49:
            lines.append("{broken json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _run(db: Path, corpus: Path, *, kill_after: int | None = None) -> bool:
    """Run the driver; kill it after ``kill_after`` dots. True when it finished by itself."""
    child = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(db), str(corpus)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    assert child.stdout is not None
    seen = 0
    output = b""
    while True:
        byte = child.stdout.read(1)
        if not byte:
            break
        output += byte
        seen += byte == b"."
        if kill_after is not None and seen >= kill_after:
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait(timeout=120)
    stderr = child.stderr.read().decode() if child.stderr else ""
    if kill_after is None:
        assert child.returncode == 0 and output.endswith(b"done"), stderr
        return True
    return child.returncode != -signal.SIGKILL


def _state(db: Path) -> dict[str, object]:
    with Store.open(db) as store:
        con = store.connection

        def rows(sql: str) -> list[tuple[object, ...]]:
            return sorted(con.execute(sql).fetchall(), key=repr)

        return {
            "counts": store.counts(),
            "articles": rows("SELECT id, language, extracted_at IS NULL FROM articles"),
            "mentions": rows('SELECT article_id, "start", "end", text FROM mentions'),
            "sources": rows("SELECT article_id, copy_key, relation, copy_id FROM article_sources"),
            "fingerprints": rows("SELECT article_id, content_hash FROM article_fingerprints"),
            "bands": rows("SELECT key, article_id FROM article_bands"),
        }


@pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")
def test_killed_runs_resume_to_the_same_store_as_a_clean_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    _corpus(corpus)
    clean_db = tmp_path / "clean.duckdb"
    _run(clean_db, corpus)
    clean = _state(clean_db)

    killed_db = tmp_path / "killed.duckdb"
    for point in KILL_AFTER:
        finished = _run(killed_db, corpus, kill_after=point)
        assert not finished, f"the run ended before it could be killed at {point}"
        # Whatever instant the kill hit, the file opens and holds only whole articles.
        partial = _state(killed_db)
        articles = partial["articles"]
        assert isinstance(articles, list)
        assert 0 < len(articles) < len(clean["articles"])  # type: ignore[arg-type]
        coded = [a for a in articles if a[1] != "fr"]
        assert all(a[2] is False for a in coded), "an article was stored without its facts"
        assert len(partial["mentions"]) == len(coded)  # type: ignore[arg-type]
        assert len(partial["fingerprints"]) == len(articles)  # type: ignore[arg-type]
    _run(killed_db, corpus)
    resumed = _state(killed_db)

    assert resumed == clean
    articles = clean["articles"]
    sources = clean["sources"]
    assert isinstance(articles, list) and isinstance(sources, list)
    relations = [s[2] for s in sources]
    assert relations.count("original") == len(articles)
    assert relations.count("duplicate") > 0 and relations.count("near-duplicate") > 0
    assert len({(s[0], s[1]) for s in sources}) == len(sources)
    assert {a[1] for a in articles} == {"en", "fr"}
    assert all(a[2] is True for a in articles if a[1] == "fr")  # stored uncoded
