"""The store stage: an embedded DuckDB database of articles and the facts read from them.

``Store.open(path)`` connects and migrates; everything else goes through the ``Store``.
"""

from tidings.store.core import Store
from tidings.store.errors import MigrationError, StoreError
from tidings.store.exports import Dyad, StoreSummary
from tidings.store.migrations import MIGRATIONS, Migration

__all__ = [
    "MIGRATIONS",
    "Dyad",
    "Migration",
    "MigrationError",
    "Store",
    "StoreError",
    "StoreSummary",
]
