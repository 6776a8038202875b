"""The formats beyond text/HTML/JSONL: CSV, feeds, web archives, compression, stdin sniffing."""

from __future__ import annotations

import bz2
import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest
import zstandard
from ingest_samples import PARAGRAPHS, arc, page, rss, warc

from tidings.ingest import IngestOptions, read_path, read_stream
from tidings.models import Article, IngestProblem

RECORD = {"id": "r1", "text": "Ministers met in Ankara on Monday to discuss borders."}
TEASER = "<p>Foreign ministers met in <b>Ankara</b> on Monday.</p><p>They will meet again.</p>"


def _read(path: Path, **options: object) -> list[Article | IngestProblem]:
    return list(read_path(path, options=IngestOptions(**options)))  # type: ignore[arg-type]


def _articles(items: list[Article | IngestProblem]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def _problems(items: list[Article | IngestProblem]) -> list[IngestProblem]:
    return [item for item in items if isinstance(item, IngestProblem)]


# --- CSV and TSV ---------------------------------------------------------------------------


def test_csv_rows_become_articles_with_their_metadata(tmp_path: Path) -> None:
    path = tmp_path / "dump.csv"
    path.write_text(
        "id,Title,text,url,outlet,date,authors\n"
        'a1,Talks,"Ministers met in Ankara.\n\nThey will meet again.",https://x.example/a,'
        "X,2024-05-16,Ann Lee\n"
        "a2,Empty,,https://x.example/b,X,,\n"
        'a3,Quoted,"He said ""no"" to the plan, officials said.",,,2024-05-17,\n',
        encoding="utf-8",
    )
    items = _read(path)
    articles = _articles(items)
    assert [a.id for a in articles] == ["a1", "a3"]
    first = articles[0]
    assert first.title == "Talks" and first.url == "https://x.example/a"
    assert first.published == date(2024, 5, 16) and first.author == "Ann Lee"
    assert first.text == "Ministers met in Ankara.\n\nThey will meet again."
    assert first.origin == f"{path}:2"
    assert articles[1].text == 'He said "no" to the plan, officials said.'
    (problem,) = _problems(items)
    assert problem.item == "3" and "missing text" in problem.error


def test_csv_text_column_is_named_by_the_caller(tmp_path: Path) -> None:
    path = tmp_path / "dump.tsv"
    path.write_text("headline\tbody\nTalks\tMinisters met in Ankara on Monday.\n", "utf-8")
    (problem,) = _read(path)
    assert isinstance(problem, IngestProblem)
    assert "no text column 'text'" in problem.error and "'body'" in problem.error
    (article,) = _read(path, csv_text_column="body")
    assert isinstance(article, Article) and article.text == "Ministers met in Ankara on Monday."


def test_csv_with_a_bad_row_and_bad_bytes_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "dump.csv"
    path.write_bytes(
        b"id,text\n"
        b"a,Ministers met in Ankara.\n"
        b"b,Caf\xe9 talks in Paris.\n"
        b"c,one,two,three\n"
        b"d,Ministers met again in Athens.\n"
    )
    items = _read(path)
    assert [a.id for a in _articles(items)] == ["a", "d"]
    assert [(p.item, p.error.split(":")[0]) for p in _problems(items)] == [
        ("3", "column 'text' is not valid UTF-8"),
        ("4", "row has 4 cells but the header names 2"),
    ]


# --- feeds ---------------------------------------------------------------------------------


def test_rss_entries_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_bytes(
        rss(
            [
                ("Talks in Ankara", "https://wire.example/a?utm_source=rss", TEASER),
                ("No teaser", "https://wire.example/b", ""),
            ]
        )
    )
    items = _read(path)
    (article,) = _articles(items)
    assert article.text == "Foreign ministers met in Ankara on Monday.\n\nThey will meet again."
    assert article.title == "Talks in Ankara" and article.source == "Meridian Wire"
    assert article.published == date(2024, 5, 16) and article.site == "wire.example"
    assert article.origin == f"{path}#entry-1"
    (problem,) = _problems(items)
    assert problem.item == "entry 2" and "no article text" in problem.error


def test_atom_content_wins_over_summary(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Atom Post</title><entry><title>Talks</title>"
        '<link href="https://atom.example/talks"/><updated>2024-05-17T08:00:00Z</updated>'
        "<author><name>Ann Lee</name></author><summary>Short teaser only.</summary>"
        f'<content type="html"><![CDATA[{TEASER}]]></content></entry></feed>',
        encoding="utf-8",
    )
    (article,) = _read(path)
    assert isinstance(article, Article)
    assert article.text.startswith("Foreign ministers met in Ankara")
    assert article.author == "Ann Lee" and article.published == date(2024, 5, 17)
    assert article.url == "https://atom.example/talks" and article.source == "Atom Post"


def test_xml_that_is_not_a_feed_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "data.xml"
    path.write_text('<?xml version="1.0"?><catalog><book>A</book></catalog>', "utf-8")
    (problem,) = _read(path)
    assert isinstance(problem, IngestProblem) and "not an RSS or Atom feed" in problem.error


# --- web archives --------------------------------------------------------------------------

PAGES = [
    ("https://news.example/a", 200, "text/html; charset=utf-8", page().encode()),
    ("https://news.example/logo.png", 200, "image/png", b"\x89PNG\r\n\x1a\n"),
    ("https://news.example/gone", 404, "text/html", b"<html><body>Not found</body></html>"),
    (
        "https://news.example/b",
        200,
        "text/html",
        page("Athens", ["Ministers met again in Athens on Tuesday to finish the draft."]).encode(),
    ),
]


@pytest.mark.parametrize("compressed", [True, False])
def test_warc_pages_become_articles_and_the_rest_is_passed_over(
    tmp_path: Path, compressed: bool
) -> None:
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    path.write_bytes(warc(PAGES, gzip=compressed))
    items = _read(path)
    assert all(isinstance(item, Article) for item in items), items
    assert [a.url for a in _articles(items)] == ["https://news.example/a", "https://news.example/b"]
    assert all(a.format == "html" and a.origin.startswith(f"{path}@") for a in _articles(items))
    offsets = [int((a.origin or "").rsplit("@", 1)[1]) for a in _articles(items)]
    assert offsets[0] == 0 and offsets[1] > 0


def test_arc_files_are_read_too(tmp_path: Path) -> None:
    path = tmp_path / "old-crawl.arc"
    path.write_bytes(arc([("http://news.example/a", page().encode())]))
    (article,) = _read(path)
    assert isinstance(article, Article), article
    assert article.url == "http://news.example/a" and "Ankara" in article.text


def test_warc_without_pages_and_a_corrupt_warc_are_problems(tmp_path: Path) -> None:
    empty = tmp_path / "images.warc.gz"
    empty.write_bytes(warc(PAGES[1:3]))
    (problem,) = _read(empty)
    assert isinstance(problem, IngestProblem) and "no HTML or text pages" in problem.error
    corrupt = tmp_path / "bad.warc"
    corrupt.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: x\r\n\r\n" * 3)
    (problem,) = _read(corrupt)
    assert isinstance(problem, IngestProblem)
    assert "WARC/ARC" in problem.error


def test_a_cut_warc_keeps_the_pages_before_the_cut(tmp_path: Path) -> None:
    whole = warc(PAGES, gzip=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(whole[: len(whole) - 40])
    items = _read(path)
    assert [a.url for a in _articles(items)][:1] == ["https://news.example/a"]


# --- compression ---------------------------------------------------------------------------

COMPRESSORS = {
    ".gz": gzip.compress,
    ".bz2": bz2.compress,
    ".zst": lambda data: zstandard.ZstdCompressor().compress(data),
}


@pytest.mark.parametrize("suffix", sorted(COMPRESSORS))
@pytest.mark.parametrize("inner", [".jsonl", ".html", ".csv"])
def test_compressed_inputs_are_looked_through(tmp_path: Path, suffix: str, inner: str) -> None:
    content = {
        ".jsonl": (json.dumps(RECORD) + "\n").encode(),
        ".html": page().encode(),
        ".csv": b"text\nMinisters met in Ankara on Monday to discuss borders.\n",
    }[inner]
    path = tmp_path / f"input{inner}{suffix}"
    path.write_bytes(COMPRESSORS[suffix](content))
    (article,) = _read(path)
    assert isinstance(article, Article), article
    assert "Ankara" in article.text


@pytest.mark.parametrize("suffix", [".bz2", ".zst"])
def test_corrupt_compressed_files_are_problems(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"bad.jsonl{suffix}"
    path.write_bytes(COMPRESSORS[suffix](b"x" * 10)[:6] + b"garbage")
    (problem,) = _read(path)
    assert isinstance(problem, IngestProblem), problem
    assert problem.error.startswith("not a valid ")


# --- standard input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ((json.dumps(RECORD) + "\n").encode(), "jsonl"),
        (gzip.compress((json.dumps(RECORD) + "\n").encode()), "jsonl"),
        (page().encode(), "html"),
        (b"Talks resume in Ankara\n\n" + PARAGRAPHS[0].encode(), "text"),
        (rss([("Talks", "https://wire.example/a", TEASER)]), "other"),
        (warc(PAGES[:1]), "html"),
    ],
)
def test_stdin_format_is_sniffed(data: bytes, expected: str) -> None:
    (article,) = list(read_stream(io.BytesIO(data)))
    assert isinstance(article, Article), article
    assert article.format == expected and "Ankara" in article.text


def test_empty_stdin_is_a_problem() -> None:
    (problem,) = list(read_stream(io.BytesIO(b"  \n")))
    assert isinstance(problem, IngestProblem) and "empty input" in problem.error


# --- URL lists without a fetcher -----------------------------------------------------------


def test_url_list_is_not_fetched_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "links.urls"
    path.write_text("# wire links\nhttps://a.example/1\n\nnot a url\nhttps://a.example/2\n")
    items = _read(path)
    assert [(p.item, p.error[:10]) for p in _problems(items)] == [
        ("4", "not a URL:"),
        (None, "URL list o"),
    ]
    assert "2 URLs not fetched" in _problems(items)[1].error
