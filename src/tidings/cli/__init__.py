"""The command line face: thin commands over library calls, errors as one-line messages."""

from __future__ import annotations

import sys

from rich.console import Console

from tidings.cli.app import app
from tidings.errors import TidingsError
from tidings.nlp import ModelNotInstalledError

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `tidings` script."""
    try:
        app(standalone_mode=True)
    except (TidingsError, ModelNotInstalledError) as exc:
        Console(stderr=True).print(f"[bold red]error[/]: {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)
