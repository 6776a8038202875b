"""Fixtures for the store tests: a fresh in-memory store per test, and a small hand-built corpus.

The store is function-scoped on purpose: these tests count rows, so each needs an empty
database. An in-memory store migrates in milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from store_samples import CORPUS

from tidings.models import Article, Extraction
from tidings.store import Store


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open() as opened:
        yield opened


@pytest.fixture
def corpus_store(store: Store) -> Store:
    """The store holding the hand-built corpus of ``store_samples.CORPUS``."""
    for article, extraction in CORPUS:
        assert store.save_extraction(article, extraction)
    return store


@pytest.fixture
def corpus() -> list[tuple[Article, Extraction]]:
    return list(CORPUS)
