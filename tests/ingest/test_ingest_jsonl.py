"""JSON Lines: good records, bad lines that are reported and skipped, streaming."""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Iterator
from datetime import date

import pytest

from tidings.ingest import read_jsonl_lines, read_stream
from tidings.models import Article, IngestProblem, content_hash

TEXT = "Ministers met in Ankara on Monday. They agreed to meet again in June."
PAGE = (
    "<html><head><title>Ankara talks</title></head><body><article>"
    "<p>Foreign ministers from Turkey and Greece met in Ankara on Monday to discuss maritime "
    "borders, the first such meeting in more than two years, officials said.</p>"
    "<p>Share this article</p>"
    "<p>Both sides said experts would meet again in June to draft an agreement on fishing "
    "rights and air space, although several issues remain open.</p>"
    "</article></body></html>"
)


def _line(**record: object) -> str:
    return json.dumps(record) + "\n"


def test_good_record_fills_every_field() -> None:
    line = _line(
        id="doc-1",
        text=TEXT + "\n\nShare this post\n",
        url="https://www.ledger.example/a",
        source="Daily Ledger",
        published="2024-03-11",
        title="Ankara talks",
        author="Selin Kaya",
    )
    [article] = list(read_jsonl_lines([line], origin="batch.jsonl"))
    assert isinstance(article, Article)
    assert article.id == "doc-1"
    assert article.text == TEXT  # cleaned: the share line is gone
    assert article.title == "Ankara talks"
    assert article.source == "Daily Ledger"
    assert article.site == "ledger.example"
    assert article.author == "Selin Kaya"
    assert article.published == date(2024, 3, 11)
    assert article.origin == "batch.jsonl:1"
    assert article.format == "jsonl"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-11", date(2024, 3, 11)),
        ("2024-03-11T23:30:00", date(2024, 3, 11)),
        ("2024-03-11T23:30:00Z", date(2024, 3, 11)),
        ("2024-03-11T23:30:00.123-05:00", date(2024, 3, 11)),
        ("2024-03-11 08:00:00+01:00", date(2024, 3, 11)),
    ],
)
def test_published_accepts_dates_and_iso_datetimes(value: str, expected: date) -> None:
    [article] = list(read_jsonl_lines([_line(text=TEXT, published=value)], origin="b"))
    assert isinstance(article, Article) and article.published == expected


def test_without_id_the_id_is_the_content_hash() -> None:
    [article] = list(read_jsonl_lines([_line(text=TEXT)], origin="b"))
    assert isinstance(article, Article) and article.id == content_hash(TEXT)


def test_integer_id_becomes_a_string() -> None:
    [article] = list(read_jsonl_lines([_line(id=42, text=TEXT)], origin="b"))
    assert isinstance(article, Article) and article.id == "42"


def test_dataset_aliases_date_and_authors() -> None:
    line = _line(text=TEXT, date="2019-11-12", authors="Ann Lee, Bo Chen")
    [article] = list(read_jsonl_lines([line], origin="b"))
    assert isinstance(article, Article)
    assert article.published == date(2019, 11, 12) and article.author == "Ann Lee, Bo Chen"


def test_html_record_is_extracted_and_its_fields_win() -> None:
    line = _line(id="p1", html=PAGE, title="Given title", published="2024-03-11")
    [article] = list(read_jsonl_lines([line], origin="b"))
    assert isinstance(article, Article)
    assert article.id == "p1" and article.title == "Given title"
    assert article.published == date(2024, 3, 11)
    assert "met in Ankara on Monday" in article.text
    assert "Share this article" not in article.text
    assert article.format == "jsonl" and article.origin == "b:1"


def test_bad_lines_are_reported_with_their_numbers_and_reading_goes_on() -> None:
    lines = [
        _line(id="a", text=TEXT),  # 1 good
        "{not json\n",  # 2
        "\n",  # 3 blank: skipped, but still counted
        _line(id="b"),  # 4 missing text
        _line(id="c", text=5),  # 5 wrong type
        _line(id="d", text=TEXT, published="11/03/2024"),  # 6 bad date
        "[1, 2]\n",  # 7 not an object
        _line(id="e", text=TEXT, title=["x"]),  # 8 wrong type
        _line(id=True, text=TEXT),  # 9 wrong id type
        _line(id="f", text="Share this post"),  # 10 only furniture
        _line(id="g", html="<html><body></body></html>"),  # 11 no article in the page
        _line(id="h", text=TEXT),  # 12 good
    ]
    results = list(read_jsonl_lines(lines, origin="batch.jsonl"))
    articles = [r for r in results if isinstance(r, Article)]
    problems = [r for r in results if isinstance(r, IngestProblem)]
    assert [a.id for a in articles] == ["a", "h"]
    assert [a.origin for a in articles] == ["batch.jsonl:1", "batch.jsonl:12"]
    assert [p.item for p in problems] == ["2", "4", "5", "6", "7", "8", "9", "10", "11"]
    assert all(p.origin == "batch.jsonl" for p in problems)
    messages = {p.item: p.error for p in problems}
    assert "invalid JSON" in messages["2"]
    assert "missing text" in messages["4"]
    assert "'text' must be a string" in messages["5"]
    assert "bad date" in messages["6"] and "11/03/2024" in messages["6"]
    assert "expected a JSON object" in messages["7"]
    assert "'title' must be a string" in messages["8"]
    assert "'id'" in messages["9"]
    assert "empty after cleaning" in messages["10"]
    assert "no article text found" in messages["11"]


def test_binary_lines_are_decoded_one_by_one() -> None:
    lines = [
        "\ufeff".encode() + _line(id="a", text=TEXT).encode(),
        b'{"id": "b", "text": "caf\xe9"}\n',
        b'{"id": "c", "text": "\x00\x00"}\n',
        _line(id="d", text="Café talks resume in Ankara.").encode(),
    ]
    results = list(read_jsonl_lines(lines, origin="b"))
    assert isinstance(results[0], Article) and results[0].id == "a"
    assert isinstance(results[1], IngestProblem) and "UTF-8" in results[1].error
    assert isinstance(results[2], IngestProblem) and "NUL" in results[2].error
    assert isinstance(results[3], Article) and results[3].text == "Café talks resume in Ankara."
    assert [r.item for r in results if isinstance(r, IngestProblem)] == ["2", "3"]


def _endless() -> Iterator[str]:
    for number in itertools.count(1):
        yield _line(id=f"n{number}", text=f"{TEXT} Item {number}.")


def test_lines_are_consumed_lazily() -> None:
    first = list(itertools.islice(read_jsonl_lines(_endless(), origin="endless"), 3))
    assert [a.id for a in first if isinstance(a, Article)] == ["n1", "n2", "n3"]


def test_read_stream_reads_binary_and_text_streams() -> None:
    data = (_line(id="a", text=TEXT) + "oops\n" + _line(id="b", text=TEXT)).encode()
    for stream in (
        io.BytesIO(data),
        io.StringIO(data.decode()),
        io.TextIOWrapper(io.BytesIO(data)),
    ):
        results = list(read_stream(stream))
        assert [type(r).__name__ for r in results] == ["Article", "IngestProblem", "Article"]
        assert results[1].origin == "stdin" and results[1].item == "2"


def test_read_stream_over_a_text_wrapper_skips_only_the_bad_line() -> None:
    data = (
        _line(id="a", text=TEXT).encode()
        + b'{"text": "\xff"}\n'
        + _line(id="b", text=TEXT).encode()
    )
    results = list(read_stream(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"), origin="in"))
    assert [getattr(r, "id", None) for r in results] == ["a", None, "b"]
    assert isinstance(results[1], IngestProblem) and results[1].item == "2"


def test_undecodable_text_iterable_stops_with_a_problem() -> None:
    def failing() -> Iterator[str]:
        yield _line(id="a", text=TEXT)
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    results = list(read_stream(failing(), origin="pipe"))
    assert isinstance(results[0], Article)
    assert isinstance(results[1], IngestProblem)
    assert results[1].item == "2" and "not valid UTF-8" in results[1].error
