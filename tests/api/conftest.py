"""Fixtures for the API tests: the shared example store served read-only in-process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_corpus import TOKEN, Client

from tidings.api import ApiOptions, create_app
from tidings.extract import Extractor
from tidings.store import Store


@pytest.fixture(scope="session")
def extractor(example_extractor: Extractor) -> Extractor:
    return example_extractor


@pytest.fixture(scope="session")
def example_store(example_db: Path) -> Iterator[Store]:
    with Store.open(example_db, read_only=True) as store:
        yield store


@pytest.fixture(scope="session")
def client(example_store: Store) -> Client:
    """The read-only app over the example corpus (no token, no extractor)."""
    return Client(create_app(example_store))


@pytest.fixture
def writable(extractor: Extractor) -> Iterator[tuple[Client, Store]]:
    """A fresh in-memory store behind an app that accepts writes with ``TOKEN``."""
    with Store.open() as store:
        options = ApiOptions(token=TOKEN, extractor=extractor, max_ingest_articles=3)
        yield Client(create_app(store, options=options)), store
