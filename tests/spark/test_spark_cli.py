"""The scale-out commands as a user meets them, including without the spark extra."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tidings.cli.spark_commands import AttachError, register
from tidings.spark import (
    SparkJobError,
    SparkUnavailableError,
    require_java,
    require_pyspark,
    run_spark_extract,
)


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root() -> None:
        """A stand-in for the tidings app, which the commands are registered on."""

    register(app)
    return app


def test_without_pyspark_the_error_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark now raises ImportError
    with pytest.raises(SparkUnavailableError, match=r"pip install 'tidings\[spark\]'"):
        require_pyspark()
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "Rain."}\n', encoding="utf-8")
    result = CliRunner().invoke(_app(), ["spark-extract", str(source), str(tmp_path / "out")])
    assert isinstance(result.exception, SparkUnavailableError)
    assert "tidings[spark]" in str(result.exception)
    assert str(result.exception).startswith("[T401]")
    assert not (tmp_path / "out").exists()


@pytest.mark.usefixtures("spark_installed")
def test_a_missing_input_is_named(tmp_path: Path) -> None:
    from tidings.errors import InputNotFoundError

    with pytest.raises(InputNotFoundError, match=r"nope\.jsonl"):
        run_spark_extract(str(tmp_path / "nope.jsonl"), str(tmp_path / "out"))


@pytest.mark.usefixtures("spark_installed")
def test_an_input_of_unknown_format_asks_for_one(tmp_path: Path) -> None:
    source = tmp_path / "articles.dat"
    source.write_text("?", encoding="utf-8")
    with pytest.raises(SparkJobError, match="--format jsonl"):
        run_spark_extract(str(source), str(tmp_path / "out"))


def test_without_java_the_error_says_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no java on it
    with pytest.raises(SparkUnavailableError, match="Java runtime"):
        require_java()


@pytest.mark.usefixtures("spark_installed")
def test_an_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "Rain."}\n', encoding="utf-8")
    (tmp_path / "out").write_text("", encoding="utf-8")
    with pytest.raises(SparkJobError, match="is a file"):
        run_spark_extract(str(source), str(tmp_path / "out"))


def test_attach_errors_are_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["attach", str(tmp_path), "--db", str(tmp_path / "d")])
    assert isinstance(result.exception, AttachError)
    assert str(result.exception).startswith("[T403] S031")


def test_attach_command_imports_a_run(tmp_path: Path, parquet_run: Path) -> None:
    db = tmp_path / "store.duckdb"
    result = CliRunner().invoke(_app(), ["attach", str(parquet_run), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "events" in result.output
    views = CliRunner().invoke(_app(), ["attach", str(parquet_run), "--db", str(db), "--views"])
    assert views.exit_code == 0, views.output
    assert "lake" in views.output
