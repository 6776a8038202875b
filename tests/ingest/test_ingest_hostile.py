"""Hostile input: each case costs one clear problem (or a safe article), never the run.

The size cases use the real sizes where that is cheap (a sparse 200 MB file, a 50 MB JSON
line, a gzip bomb that would inflate to 1 GiB) and a smaller configured limit where the
point is the limit itself, so the suite stays fast.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
import zstandard
from ingest_samples import PARAGRAPHS, page, rss

from tidings.ingest import IngestOptions, read_path, read_stream
from tidings.ingest.files import problem_reason
from tidings.models import Article, IngestProblem

MIB = 1024 * 1024
RECORD = json.dumps({"id": "ok", "text": PARAGRAPHS[0]})


def _read(path: Path, **options: object) -> list[Article | IngestProblem]:
    return list(read_path(path, options=IngestOptions(**options)))  # type: ignore[arg-type]


def _only_problem(path: Path, **options: object) -> IngestProblem:
    items = _read(path, **options)
    assert len(items) == 1 and isinstance(items[0], IngestProblem), items
    assert items[0].origin == str(path)
    return items[0]


@pytest.mark.parametrize(
    "name", ["a.txt", "a.html", "a.jsonl", "a.csv", "a.rss", "a.warc", "a.urls", "a.txt.gz"]
)
def test_empty_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(b"") if name.endswith(".gz") else b"")
    problem = _only_problem(path)
    assert "empty" in problem.error or "no HTML or text pages" in problem.error


@pytest.mark.parametrize("name", ["a.txt", "a.html", "a.jsonl", "a.csv", "a.rss", "a.md.gz"])
def test_binary_file_with_a_text_extension(tmp_path: Path, name: str) -> None:
    blob = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8
    path = tmp_path / name
    path.write_bytes(gzip.compress(blob) if name.endswith(".gz") else blob)
    assert "binary content" in _only_problem(path).error


def test_mixed_encodings_are_refused_with_the_offset(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    good = "Ministers met in Zürich on Monday. ".encode()
    path.write_bytes(good + "Café talks followed.".encode("cp1252"))
    problem = _only_problem(path)
    assert "not valid UTF-8" in problem.error and f"offset {len(good) + 3}" in problem.error


def test_invalid_utf8_costs_only_its_jsonl_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        RECORD.encode() + b"\n" + b'{"text": "Caf\xe9"}\n' + RECORD.replace("ok", "ok2").encode()
    )
    items = _read(path)
    assert [type(i).__name__ for i in items] == ["Article", "IngestProblem", "Article"]
    assert "not valid UTF-8" in items[1].error  # type: ignore[union-attr]


def test_a_200_mb_html_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:
        handle.write(page().encode())
        handle.truncate(200 * MIB)  # sparse: costs no disk, reading it would cost 200 MB
    problem = _only_problem(path)
    assert "larger than 50 MiB" in problem.error and str(200 * MIB) in problem.error
    assert problem_reason(problem) == "too large"


def test_the_document_cap_also_holds_for_compressed_and_streamed_pages(tmp_path: Path) -> None:
    big = page(paragraphs=PARAGRAPHS * 400).encode()  # about 120 KB of real article
    path = tmp_path / "big.html.gz"
    path.write_bytes(gzip.compress(big))
    assert "larger than 64.0 KiB" in _only_problem(path, max_document_bytes=64 * 1024).error
    (article,) = _read(path)
    assert isinstance(article, Article)
    (problem,) = list(read_stream(io.BytesIO(big), options=IngestOptions(max_document_bytes=1000)))
    assert isinstance(problem, IngestProblem) and "larger than" in problem.error


def test_deeply_nested_html_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    depth = 100_000
    path = tmp_path / "deep.html"
    path.write_text(
        "<html><body>" + "<div>" * depth + f"<p>{PARAGRAPHS[0]}</p>" + "</div>" * depth,
        encoding="utf-8",
    )
    (item,) = _read(path)
    if isinstance(item, IngestProblem):
        assert "no article text" in item.error or "extraction failed" in item.error
    else:
        assert "Ankara" in item.text


@pytest.mark.parametrize(
    "feed",
    [
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut',
        b"<rss><channel><item><title>A</title><description>x</item></rss>",
        b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>T & </title>'
        b"<description>Ministers met in Ankara on Monday, officials said.</description>"
        b"</item></channel></rss>",
        b"<<<<>>>>" * 100,
    ],
)
def test_malformed_feeds_do_not_raise(tmp_path: Path, feed: bytes) -> None:
    path = tmp_path / "bad.rss"
    path.write_bytes(feed)
    items = _read(path)
    assert items
    for item in items:
        if isinstance(item, IngestProblem):
            assert item.origin == str(path) and item.error


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'.encode()
        for i in range(1, 10)
    )
    + b']><rss version="2.0"><channel><title>&lol9;</title><item><title>x</title>'
    b"<description>&lol9;</description></item></channel></rss>"
)


def test_billion_laughs_feed_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "laughs.rss"
    path.write_bytes(LAUGHS)
    problem = _only_problem(path)
    assert "declares XML entities" in problem.error
    assert problem_reason(problem) == "unsafe XML"


def test_external_entities_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER", encoding="utf-8")
    doctype = f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{secret}">]>'.encode()
    feed = tmp_path / "xxe.rss"
    feed.write_bytes(
        b'<?xml version="1.0"?>' + doctype + b'<rss version="2.0"><channel><item><title>&xxe;'
        b"</title><description>&xxe; Ministers met in Ankara.</description></item>"
        b"</channel></rss>"
    )
    assert "declares XML entities" in _only_problem(feed).error
    html = tmp_path / "xxe.html"
    html.write_bytes(b'<?xml version="1.0"?>' + doctype + page("&xxe;").encode())
    for item in _read(html):
        assert "TOP-SECRET" not in item.model_dump_json()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """About 1 MB of gzip that inflates to 1 GiB of one endless line.

    Sixty-four copies of one 16 MiB gzip member: a multi-member file is valid gzip, and
    building it this way takes a tenth of a second instead of compressing a gigabyte.
    """
    member = gzip.compress(b"a" * (16 * MIB), compresslevel=9)
    return member * 64


@pytest.mark.parametrize("name", ["bomb.txt.gz", "bomb.jsonl.gz", "bomb.html.gz"])
def test_gzip_bomb_is_stopped(tmp_path: Path, bomb: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(bomb)
    problem = _only_problem(path)
    assert "decompression bomb" in problem.error
    assert problem_reason(problem) == "decompression bomb"


def test_zstd_bomb_on_stdin_is_stopped() -> None:
    data = zstandard.ZstdCompressor().compress(b"a" * (64 * MIB))
    (problem,) = list(read_stream(io.BytesIO(data), options=IngestOptions(ratio_grace_bytes=MIB)))
    assert isinstance(problem, IngestProblem) and "decompression bomb" in problem.error


def test_a_50_mb_jsonl_line_is_skipped_and_the_next_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(RECORD + "\n")
        handle.write('{"id": "huge", "text": "' + "word " * (10 * MIB) + '"}\n')
        handle.write(RECORD.replace('"ok"', '"after"') + "\n")
    items = _read(path)
    assert [getattr(i, "id", None) for i in items] == ["ok", None, "after"]
    problem = items[1]
    assert isinstance(problem, IngestProblem) and problem.item == "2"
    assert "50.0 MiB, over the 16.0 MiB limit" in problem.error


def test_nul_bytes(tmp_path: Path) -> None:
    text = tmp_path / "nul.txt"
    text.write_bytes(b"Ministers met\x00 in Ankara on Monday.")
    assert "NUL bytes" in _only_problem(text).error
    lines = tmp_path / "nul.jsonl"
    escaped = json.dumps({"id": "esc", "text": "Ministers met\u0000 in Ankara."})
    lines.write_bytes(escaped.encode() + b'\n{"id": "raw", "text": "a\x00b"}\n')
    clean, raw = _read(lines)
    assert isinstance(clean, Article) and clean.text == "Ministers met in Ankara."
    assert isinstance(raw, IngestProblem) and raw.item == "2" and "NUL bytes" in raw.error
    first = tmp_path / "nul-first.jsonl"
    first.write_bytes(b'{"id": "raw", "text": "a\x00b"}\n' + escaped.encode() + b"\n")
    assert "binary content" in _only_problem(first).error


def test_right_to_left_and_zero_width_characters(tmp_path: Path) -> None:
    arabic = "التقى وزراء الخارجية في أنقرة يوم الاثنين"
    hebrew = "\u200fשרי החוץ נפגשו באנקרה\u200f"
    path = tmp_path / "rtl.txt"
    path.write_text(
        f"Ministers\u200b met in Ankara.\u200d\n\n{arabic}\n\n{hebrew}\n", encoding="utf-8"
    )
    (article,) = _read(path)
    assert isinstance(article, Article)
    assert "\u200b" not in article.text and "\u200d" not in article.text
    assert "Ministers met in Ankara." in article.text
    assert arabic in article.text and hebrew in article.text  # direction marks are kept


def test_one_feed_of_hostile_entries_keeps_the_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "mixed.rss"
    path.write_bytes(
        rss(
            [
                ("Good", "https://wire.example/a", "<p>" + PARAGRAPHS[0] + "</p>"),
                ("Script", "https://wire.example/b", "<script>alert(1)</script>"),
                ("Deep", "https://wire.example/c", "<div>" * 5000 + "x"),
            ]
        )
    )
    items = _read(path)
    assert isinstance(items[0], Article) and "alert" not in items[0].text
    assert all(isinstance(item, IngestProblem) for item in items[1:])
