"""Fixtures for the analysis tests: fresh in-memory stores, empty or holding the samples."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from analysis_samples import corpus

from tidings.analysis import build_analysis
from tidings.store import Store


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open() as opened:
        yield opened


@pytest.fixture
def sample_store(store: Store) -> Store:
    """The hand-built corpus, stored and analysed."""
    for article, extraction in corpus():
        assert store.save_extraction(article, extraction)
    build_analysis(store)
    return store
