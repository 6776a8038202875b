"""Fixtures shared by the whole suite: one spaCy model per session, the shared data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from shared_data import SHARED, shared_path
from tidings.nlp import build_pipeline

__all__ = ["SHARED", "shared_path"]


@pytest.fixture(scope="session")
def nlp() -> Language:
    return build_pipeline()


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
