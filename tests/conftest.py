"""Fixtures shared by the whole suite: one spaCy model per session, the shared data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from spacy.language import Language

from tidings.nlp import build_pipeline

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TIDINGS_SHARED", REPO.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip (a fail under CI=true) when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = f"{path} is absent: shared gold/dev data is not in this checkout"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + " (CI=true requires it)")
        pytest.skip(reason)
    return path


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
