"""Files and folders: dispatch by extension, unreadable inputs, walk order, stable ids."""

from __future__ import annotations

import gzip
import json
import os
import tracemalloc
from pathlib import Path

import pytest

import tidings.ingest
from tidings.ingest import read_path, read_paths
from tidings.models import Article, IngestProblem

TEXT = (
    "Talks resume in Ankara\n\n"
    "Foreign ministers from Turkey and Greece met in Ankara on Monday.\n\n"
    "They agreed to meet again in June, officials said.\n"
)
PAGE = (
    "<html><head><title>Ankara talks</title></head><body><article>"
    "<p>Foreign ministers from Turkey and Greece met in Ankara on Monday to discuss maritime "
    "borders, the first such meeting in more than two years, officials said.</p>"
    "<p>Both sides said experts would meet again in June to draft an agreement on fishing "
    "rights and air space, although several issues remain open.</p>"
    "</article></body></html>"
)
RECORD = json.dumps({"id": "r1", "text": "Ministers met in Ankara on Monday."}) + "\n"


def _one(path: Path) -> Article | IngestProblem:
    results = list(read_path(path))
    assert len(results) == 1, results
    return results[0]


def _problem(path: Path) -> IngestProblem:
    result = _one(path)
    assert isinstance(result, IngestProblem), result
    assert result.origin == str(path)
    return result


def test_public_interface_is_exactly_all() -> None:
    assert set(tidings.ingest.__all__) == {
        "read_path",
        "read_paths",
        "read_stream",
        "read_text_document",
        "read_html_document",
        "read_jsonl_lines",
        "clean_text",
        "IngestOptions",
        "Fetcher",
        "FetchOptions",
        "Deduplicator",
        "DedupOptions",
        "Fingerprint",
        "Match",
        "MemoryIndex",
        "enrich_article",
        "detect_language",
        "canonical_url",
        "url_key",
    }
    for name in tidings.ingest.__all__:
        assert callable(getattr(tidings.ingest, name))


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("a.txt", TEXT, "text"),
        ("a.text", TEXT, "text"),
        ("a.md", TEXT, "text"),
        ("A.TXT", TEXT, "text"),
        ("a.html", PAGE, "html"),
        ("a.htm", PAGE, "html"),
        ("a.jsonl", RECORD, "jsonl"),
        ("a.ndjson", RECORD, "jsonl"),
    ],
)
def test_reader_is_chosen_by_extension(tmp_path: Path, name: str, content: str, fmt: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    article = _one(path)
    assert isinstance(article, Article), article
    assert article.format == fmt
    assert "Ankara on Monday" in article.text


def test_gzip_files_are_looked_through(tmp_path: Path) -> None:
    (tmp_path / "p.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (tmp_path / "r.jsonl.gz").write_bytes(gzip.compress((RECORD * 2).encode()))
    results = list(read_path(tmp_path))
    assert [(type(r).__name__, getattr(r, "format", None)) for r in results] == [
        ("Article", "html"),
        ("Article", "jsonl"),
        ("Article", "jsonl"),
    ]


def test_corrupt_gzip_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt.gz"
    path.write_bytes(b"not gzip at all")
    assert "not a valid gzip file" in _problem(path).error


def test_truncated_gzip_jsonl_keeps_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    whole = gzip.compress((RECORD * 200).encode())
    path.write_bytes(whole[: len(whole) // 2 + 20])
    results = list(read_path(path))
    assert isinstance(results[0], Article)
    assert isinstance(results[-1], IngestProblem)
    assert "not a valid gzip file" in results[-1].error


def test_unsupported_file_type(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7")
    problem = _problem(path)
    assert "unsupported file type" in problem.error and ".pdf" in problem.error


def test_missing_path(tmp_path: Path) -> None:
    assert "no such file" in _problem(tmp_path / "absent.txt").error


@pytest.mark.parametrize("name", ["doc.txt", "doc.html", "doc.jsonl"])
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary content"),
        (bytes(range(1, 9)) * 64, "binary content"),
    ],
)
def test_empty_and_binary_files_are_problems(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert message in _problem(path).error


def test_whitespace_only_text_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n\t\n", encoding="utf-8")
    assert "empty file" in _problem(path).error


def test_invalid_utf8_is_a_problem_that_says_so(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Les ministres se sont réunis à Ankara.".encode("latin-1"))
    problem = _problem(path)
    assert "not valid UTF-8" in problem.error and "0xe9" in problem.error


def test_html_in_its_declared_charset_is_read(tmp_path: Path) -> None:
    path = tmp_path / "legacy.html"
    page = PAGE.replace("<head>", '<head><meta charset="windows-1252">')
    page = page.replace("Monday", "Monday – après-midi")
    path.write_bytes(page.encode("cp1252"))
    article = _one(path)
    assert isinstance(article, Article) and "Monday – après-midi" in article.text


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(TEXT.encode("utf-16"))
    article = _one(path)
    assert isinstance(article, Article) and article.title == "Talks resume in Ankara"


def test_jsonl_file_with_only_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n\n  \n", encoding="utf-8")
    assert "empty file" in _problem(path).error


def test_jsonl_file_reports_bad_lines_and_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(RECORD.encode() + b"\xff\xfe\n" + b"{}\n" + RECORD.encode())
    results = list(read_path(path))
    assert [type(r).__name__ for r in results] == [
        "Article",
        "IngestProblem",
        "IngestProblem",
        "Article",
    ]
    assert [r.item for r in results if isinstance(r, IngestProblem)] == ["2", "3"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0)
    try:
        assert "cannot read file" in _problem(path).error
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize("name", ["doc.txt", "doc.jsonl"])
def test_read_error_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    path = tmp_path / name
    path.write_text(TEXT, encoding="utf-8")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tidings.ingest.files.open", refuse, raising=False)
    problem = _problem(path)
    assert "cannot read file" in problem.error and "Permission denied" in problem.error


def test_folders_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    files = {
        "b.txt": TEXT,
        "a/z.txt": TEXT.replace("Monday", "Tuesday"),
        "a/b/c.txt": TEXT.replace("Monday", "Wednesday"),
        "c.md": TEXT.replace("Monday", "Thursday"),
        "d.jsonl": RECORD,
        "notes.pdf": "x",
        ".hidden.txt": TEXT,
        ".git/config.txt": TEXT,
    }
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    results = list(read_path(tmp_path))
    origins = [r.origin for r in results]
    expected = ["a/b/c.txt", "a/z.txt", "b.txt", "c.md", "d.jsonl:1", "notes.pdf"]
    assert origins == [str(tmp_path / name) for name in expected]
    assert isinstance(results[-1], IngestProblem)
    assert all(isinstance(r, Article) for r in results[:-1])


def test_symlink_loop_does_not_walk_forever(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    results = list(read_path(tmp_path))
    assert len(results) == 1 and isinstance(results[0], Article)


def test_read_paths_keeps_the_given_order(tmp_path: Path) -> None:
    first, second = tmp_path / "z.txt", tmp_path / "a.txt"
    first.write_text(TEXT, encoding="utf-8")
    second.write_text(TEXT.replace("Monday", "Friday"), encoding="utf-8")
    origins = [r.origin for r in read_paths([first, second, tmp_path / "gone.txt"])]
    assert origins == [str(first), str(second), str(tmp_path / "gone.txt")]


def test_ids_are_stable_across_reads_and_whitespace(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text(TEXT, encoding="utf-8")
    rewrapped = tmp_path / "rewrapped.txt"
    rewrapped.write_bytes(
        TEXT.replace("\n\n", "\r\n\r\n\r\n").replace(" in Ankara", "  in\r\nAnkara  ").encode()
    )
    other = tmp_path / "other.txt"
    other.write_text(TEXT.replace("Monday", "Sunday"), encoding="utf-8")
    first = [r.id for r in read_path(tmp_path) if isinstance(r, Article)]
    again = [r.id for r in read_path(tmp_path) if isinstance(r, Article)]
    assert first == again and len(first) == 3
    ids = {Path(r.origin or "").name: r.id for r in read_path(tmp_path) if isinstance(r, Article)}
    assert ids["plain.txt"] == ids["rewrapped.txt"] != ids["other.txt"]


def _traced_peak(path: Path) -> tuple[int, int]:
    """Articles read from ``path`` and the peak of memory allocated while reading them."""
    tracemalloc.start()
    try:
        count = sum(isinstance(item, Article) for item in read_path(path))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_jsonl_is_streamed_in_memory_that_does_not_grow_with_the_file(tmp_path: Path) -> None:
    peaks = {}
    for size in (1_000, 5_000):
        path = tmp_path / f"corpus-{size}.jsonl.gz"
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            for i in range(size):
                record = {"id": f"n{i}", "text": f"Ministers met in Ankara on day {i} to talk."}
                handle.write(json.dumps(record) + "\n")
        count, peaks[size] = _traced_peak(path)
        assert count == size
    # Five times the articles, not five times the memory: only the read buffers are held.
    assert peaks[5_000] < peaks[1_000] * 1.5 + 64 * 1024, peaks
