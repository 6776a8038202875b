"""``tidings serve``: a missing database is a named error, and the app it serves is the API.

uvicorn is replaced by a stand-in that drives the app in-process, so no port is opened here
(the browser tests run the real server).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from api_corpus import TOKEN, Client
from typer.testing import CliRunner

from tidings.cli import serve_commands
from tidings.cli.app import app
from tidings.errors import InputNotFoundError


@pytest.fixture
def db_copy(example_db: Path, tmp_path: Path) -> Path:
    """A copy: the session's read-only connection to the original forbids a writable one."""
    return Path(shutil.copy(example_db, tmp_path / "served.duckdb"))


def test_serve_without_a_database_is_a_named_error(tmp_path: Path) -> None:
    missing = tmp_path / "absent.duckdb"
    result = CliRunner().invoke(app, ["serve", "--db", str(missing)])
    assert isinstance(result.exception, InputNotFoundError)
    assert "does not exist" in str(result.exception) and str(missing) in str(result.exception)
    assert not missing.exists(), "serve must not create an empty database"


def test_serve_runs_the_app_read_only_by_default(
    db_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TIDINGS_API_TOKEN", raising=False)
    seen: dict[str, Any] = {}

    def fake_run(served: Any, *, host: str, port: int, **_: Any) -> None:
        client = Client(served)
        seen.update(host=host, port=port)
        seen["summary"] = client.get("/api/summary").status_code
        seen["write"] = client.post("/api/articles", json={"articles": [{"text": "x"}]})
        seen["page"] = client.get("/").status_code

    monkeypatch.setattr(uvicorn, "run", fake_run)
    result = CliRunner().invoke(app, ["serve", "--db", str(db_copy), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    assert seen["summary"] == 200 and seen["page"] == 200
    assert seen["write"].status_code == 403


def test_serve_with_a_token_accepts_writes(db_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_API_TOKEN", TOKEN)
    monkeypatch.setattr(serve_commands, "_extractor", lambda: None)
    codes: list[int] = []

    def fake_run(served: Any, **_: Any) -> None:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        body = {"articles": [{"text": "Russia accused Ukraine of shelling Belgorod."}]}
        codes.append(Client(served).post("/api/articles", json=body, headers=auth).status_code)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    result = CliRunner().invoke(app, ["serve", "--db", str(db_copy)])
    assert result.exit_code == 0, result.output
    assert codes == [503], "token accepted; no extractor in this stand-in, so 503 not 401/403"


def test_serve_with_a_short_token_says_so(db_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_API_TOKEN", "short")
    monkeypatch.setattr(serve_commands, "_extractor", lambda: None)
    result = CliRunner().invoke(app, ["serve", "--db", str(db_copy)])
    assert result.exit_code == 2
    assert "at least 16 characters" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
