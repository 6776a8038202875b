"""Fixtures shared by the whole suite: one spaCy model per session, the shared data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from shared_data import SHARED, shared_path
from tidings.extract import Extractor, build_extractor
from tidings.nlp import build_pipeline

__all__ = ["SHARED", "shared_path"]


@pytest.fixture(scope="session")
def nlp() -> Language:
    return build_pipeline()


@pytest.fixture(scope="session")
def example_extractor(nlp: Language) -> Extractor:
    return build_extractor(nlp=nlp)


@pytest.fixture(scope="session")
def example_db(tmp_path_factory: pytest.TempPathFactory, example_extractor: Extractor) -> Path:
    """examples/corpus plus hostile articles, analysed once per session (API and web tests)."""
    from example_corpus import build_example_db

    path = tmp_path_factory.mktemp("example") / "example.duckdb"
    return build_example_db(path, example_extractor)


@pytest.fixture(scope="session")
def shared() -> Path:
    return shared_path()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return shared_path("seeds")


@pytest.fixture(scope="session")
def seeds_gold() -> dict:
    import json

    return json.loads(shared_path("gold", "seeds.json").read_text(encoding="utf-8"))
