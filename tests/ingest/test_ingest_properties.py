"""Fuzzing the readers: whatever the bytes, every item is an article or a problem, never a raise.

Inputs are random bytes and, more usefully, random splices of the pieces real formats are
made of (tags, entities, JSON punctuation, WARC headers, gzip magic), since pure noise is
rejected on the first byte and would leave the parsers' insides untested.
"""

from __future__ import annotations

import gzip
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.ingest import IngestOptions, canonical_url, read_jsonl_lines, read_path, read_stream
from tidings.ingest.feeds import fragment_text, read_feed_bytes
from tidings.ingest.metadata import url_key
from tidings.models import Article, IngestProblem

PIECES = [
    b"<html>",
    b"<body>",
    b"<p>",
    b"</p>",
    b"<div>",
    b"</div>",
    b"<article>",
    b"<script>",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"<?xml version='1.0'?>",
    b"<!DOCTYPE x [",
    b"<!ENTITY a 'b'>",
    b"]>",
    b"&amp;",
    b"&a;",
    b"&#0;",
    b"&#x110000;",
    b"<rss version='2.0'><channel>",
    b"<item><title>",
    b"</title><description>",
    b"</description></item>",
    b"<feed xmlns='http://www.w3.org/2005/Atom'>",
    b"<entry>",
    b"{",
    b"}",
    b'"text": ',
    b'"id": ',
    b'"',
    b",",
    b":",
    b"[",
    b"]",
    b"null",
    b"\n",
    b"\r\n",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xe9",
    b"\xc3\xa9",
    "\u200b".encode(),
    "\u202e".encode(),
    b"Ministers met in Ankara on Monday to discuss borders. ",
    "Минстры встретились. ".encode(),
    "وزراء الخارجية ".encode(),
    b"WARC/1.0\r\n",
    b"WARC-Type: response\r\n",
    b"Content-Length: 10\r\n",
    b"\x1f\x8b",
    b"BZh9",
    b"\x28\xb5\x2f\xfd",
    b"https://example.com/a\n",
    b"http://127.0.0.1/\n",
    b"text,id\n",
    b'"a ""quoted"" cell",1\n',
]
SUFFIXES = [".txt", ".html", ".jsonl", ".csv", ".tsv", ".rss", ".xml", ".warc", ".urls"]

spliced = st.lists(st.sampled_from(PIECES) | st.binary(max_size=40), max_size=40).map(b"".join)
documents = spliced | st.binary(max_size=2000)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(items: list[Article | IngestProblem]) -> None:
    for item in items:
        assert isinstance(item, Article | IngestProblem)
        if isinstance(item, Article):
            assert item.text.strip() and "\x00" not in item.text
        else:
            assert item.error.strip() and item.origin


@FUZZ
@given(data=documents, suffix=st.sampled_from(SUFFIXES), compress=st.booleans())
def test_read_path_never_raises(data: bytes, suffix: str, compress: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}{'.gz' if compress else ''}"
        path.write_bytes(gzip.compress(data) if compress else data)
        options = IngestOptions(max_document_bytes=4096, max_line_bytes=512)
        _check(list(read_path(path, options=options)))


@FUZZ
@given(data=documents)
def test_read_stream_never_raises(data: bytes) -> None:
    _check(list(read_stream(io.BytesIO(data), options=IngestOptions(max_line_bytes=256))))


@FUZZ
@given(lines=st.lists(st.text(max_size=200) | st.binary(max_size=200), max_size=20))
def test_jsonl_lines_never_raise(lines: list[str | bytes]) -> None:
    _check(list(read_jsonl_lines(lines, origin="fuzz", max_line_bytes=100)))  # type: ignore[arg-type]


@FUZZ
@given(data=spliced)
def test_feed_reader_never_raises(data: bytes) -> None:
    _check(list(read_feed_bytes(data, origin="fuzz.rss")))


@FUZZ
@given(html=st.text(max_size=500) | spliced.map(lambda b: b.decode("utf-8", "replace")))
def test_fragment_text_never_raises(html: str) -> None:
    assert isinstance(fragment_text(html), str)


@FUZZ
@given(
    url=st.text(max_size=80)
    | st.builds(
        lambda scheme, host, port, path, query: f"{scheme}://{host}{port}/{path}?{query}",
        st.sampled_from(["http", "https", "HTTP", "ftp", ""]),
        st.text(max_size=20),
        st.sampled_from(["", ":80", ":443", ":8080", ":99999", ":x"]),
        st.text(max_size=20),
        st.text(max_size=30),
    )
)
def test_canonical_url_never_raises_and_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once
    url_key(url)
