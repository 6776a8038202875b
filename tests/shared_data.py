"""Where the shared gold and development data live, importable from any test module.

Kept out of conftest.py because several test folders have their own conftest and
``from conftest import …`` would pick whichever was imported last.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
