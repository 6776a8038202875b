"""Fixtures for the Spark job and attach tests: a small corpus, its reference extraction, and
one local[2] Spark session for the whole run (stopped at the end, so no JVM outlives it).

The corpus is our own (examples/corpus), so these tests need nothing from ../shared. The
Spark fixtures skip, naming what is missing, when pyspark/pyarrow or Java is absent, and fail
instead under CI=true: pyspark is a dev dependency, so CI that lacks it is broken, not
excused. The attach tests need neither.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from tidings.extract import ExtractOptions, build_extractor
from tidings.ingest import read_jsonl_lines, read_paths
from tidings.models import Article, Extraction
from tidings.store import Store
from tidings.store.attach import ATTACHED_TABLES

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "examples" / "corpus"
N_ARTICLES = 6  # a handful of short articles: enough for every table, cheap on two cores


@pytest.fixture(scope="session")
def sample_records() -> list[dict[str, Any]]:
    """JSONL records of the first articles of the example corpus, text and HTML alike."""
    articles = [a for a in read_paths([CORPUS]) if isinstance(a, Article)]
    articles.sort(key=lambda a: a.origin or a.id)
    return [
        {
            "id": a.id,
            "text": a.text,
            "title": a.title,
            "source": a.source,
            "url": a.url,
            "published": a.published.isoformat() if a.published else None,
        }
        for a in articles[:N_ARTICLES]
    ]


@pytest.fixture(scope="session")
def sample_jsonl(tmp_path_factory: pytest.TempPathFactory, sample_records: list[dict]) -> Path:
    """The records as JSONL, plus one broken line and one repeated id, as real feeds have."""
    path = tmp_path_factory.mktemp("spark-input") / "articles.jsonl"
    lines = [json.dumps(r) for r in sample_records]
    lines.append('{"id": "broken", "text": ')
    lines.append(json.dumps({**sample_records[0], "title": "a later copy"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def reference(nlp: Language, sample_jsonl: Path) -> dict[str, tuple[Article, Extraction]]:
    """The single-machine result: the same file through ``Extractor.extract_many``."""
    extractor = build_extractor(nlp=nlp, options=ExtractOptions(batch_size=8))
    with sample_jsonl.open(encoding="utf-8") as fh:
        articles = [a for a in read_jsonl_lines(fh, origin="ref") if isinstance(a, Article)]
    out: dict[str, tuple[Article, Extraction]] = {}
    for article, result in extractor.extract_many(articles):
        assert isinstance(result, Extraction), result
        out.setdefault(article.id, (article, result))  # the first copy wins, as in the job
    return out


@pytest.fixture(scope="session")
def spark_installed() -> None:
    """Skip (or, under CI=true, fail) with the library's own message when Spark cannot run."""
    from tidings.spark import SparkUnavailableError, require_java, require_pyspark

    try:
        require_pyspark()
        require_java()
    except SparkUnavailableError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{exc} (CI=true requires Spark: it is a dev dependency)")
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def spark(spark_installed: None) -> Iterator[Any]:
    from tidings.spark import build_session

    session = build_session(
        "local[2]",
        app_name="tidings-tests",
        config={
            "spark.ui.enabled": "false",
            "spark.driver.memory": "1g",
            "spark.sql.shuffle.partitions": "2",
        },
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def direct_store(reference: dict[str, tuple[Article, Extraction]]) -> Iterator[Store]:
    """The reference extraction saved the single-machine way."""
    with Store.open() as store:
        for article, extraction in reference.values():
            assert store.save_extraction(article, extraction)
        yield store


@pytest.fixture(scope="session")
def parquet_run(tmp_path_factory: pytest.TempPathFactory, direct_store: Store) -> Path:
    """A run folder in the layout `tidings spark-extract` writes, made by DuckDB's COPY."""
    folder = tmp_path_factory.mktemp("parquet-run")
    for table in ATTACHED_TABLES:
        (folder / table).mkdir()
        direct_store.export_table(table, folder / table / "part-00000.parquet", format="parquet")
    return folder
