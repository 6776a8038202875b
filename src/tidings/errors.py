"""Errors a user can act on: each has a code and says what to do.

The CLI prints these as one line (``error[T102]: …``) instead of a traceback; anything else
that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations


class TidingsError(Exception):
    """Base of the errors Tidings reports to users."""

    code = "T000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputNotFoundError(TidingsError):
    code = "T101"


class InputUnreadableError(TidingsError):
    code = "T102"


class StoreError(TidingsError):
    code = "T201"


class DataFileError(TidingsError):
    """A built-in or user data file (actors, lexicon) is malformed."""

    code = "T301"
