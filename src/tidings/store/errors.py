"""The store's errors, each with a code (``S0xx``) and a hint of what to do.

One base class so that a caller (the CLI, the API) can report any store failure the same way
without catching DuckDB's own exceptions by name.
"""

from __future__ import annotations


class StoreError(Exception):
    """A store operation refused or failed; the message says why and what to do."""


class MigrationError(StoreError):
    """The database's schema history cannot be reconciled with this build's migrations."""
