"""Reading files, folders and streams: the ingest entry points the faces call.

Everything here yields :class:`~tidings.models.Article` or
:class:`~tidings.models.IngestProblem` and never lets an exception about the *input*
escape: a missing file, a PDF named ``.txt``, a Latin-1 file, a gzip bomb or an empty file
is reported against its path and the run continues with the next. Bugs in our own code
still raise.

The reader is chosen by extension (:data:`READERS`); a compression suffix (``.gz``,
``.bz2``, ``.zst``) is looked through, so ``corpus.jsonl.zst`` streams like
``corpus.jsonl``. Folders are walked recursively in sorted order, so two runs over the same
tree produce articles in the same order. Standard input is sniffed instead, since it has no
name: compressed or not, JSON Lines, a feed, a web archive, an HTML page or plain text.

Problems carry a message written for the person fixing the input; a run report also wants
them counted by kind ("12 not valid UTF-8, 3 too large"). :func:`problem_reason` reads the
kind from the message by the patterns of :data:`REASONS`, in order, so that every reader
keeps writing messages for people and that table is the one place that knows how to group
them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Literal, cast

from tidings.ingest.archives import read_archive_stream
from tidings.ingest.documents import (
    SNIFF_BYTES,
    binary_reason,
    decode_document,
    read_html_document,
    read_text_document,
)
from tidings.ingest.feeds import looks_like_feed, read_feed_bytes
from tidings.ingest.jsonl import read_csv_stream, read_jsonl_lines
from tidings.ingest.metadata import parse_url_list
from tidings.ingest.options import (
    COMPRESSED_SUFFIXES,
    DEFAULT_OPTIONS,
    Compression,
    IngestOptions,
    InputLimitError,
    compression_error,
    open_decompressed,
    read_capped,
    sniff_compression,
)
from tidings.models import Article, IngestProblem

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "READERS",
    "REASONS",
    "decode_document",
    "problem_reason",
    "read_path",
    "read_paths",
    "read_stream",
]

Kind = Literal["text", "html", "jsonl", "csv", "tsv", "feed", "warc", "urls"]
READERS: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".warc": "warc",
    ".arc": "warc",
    ".urls": "urls",
}
MAX_DOCUMENT_BYTES = DEFAULT_OPTIONS.max_document_bytes
_WHOLE: frozenset[Kind] = frozenset({"text", "html", "feed", "urls"})

Item = Article | IngestProblem


def read_path(path: Path | str, *, options: IngestOptions | None = None) -> Iterator[Item]:
    """Read one file, or every supported file under a folder, as articles and problems."""
    path = Path(path)
    options = options or DEFAULT_OPTIONS
    if path.is_dir():
        yield from _read_directory(path, options)
    elif path.exists():
        yield from _read_file(path, options)
    else:
        yield IngestProblem(origin=str(path), error="no such file or directory")


def read_paths(
    paths: Iterable[Path | str], *, options: IngestOptions | None = None
) -> Iterator[Item]:
    """Read several files or folders in the order given."""
    for path in paths:
        yield from read_path(path, options=options)


def read_stream(
    fileobj: IO[str] | IO[bytes] | Iterable[str] | Iterable[bytes],
    *,
    origin: str = "stdin",
    options: IngestOptions | None = None,
) -> Iterator[Item]:
    """Read an open stream (standard input by default): its format is sniffed from its bytes.

    A binary stream, or a text stream with an underlying binary buffer (``sys.stdin``), is
    sniffed: compressed data is looked through, then ``{`` opens JSON Lines, ``WARC/`` a web
    archive, a feed root an RSS/Atom feed, ``<`` an HTML page, a list of only URLs a URL
    list, and anything else is one plain-text document. A text stream without a buffer (or
    any iterable of lines) is read as JSON Lines and stops at the first undecodable line,
    with a problem that says where.
    """
    options = options or DEFAULT_OPTIONS
    binary: object = fileobj
    buffer = getattr(fileobj, "buffer", None)
    if isinstance(buffer, io.BufferedIOBase | io.RawIOBase):
        binary = buffer
    if not isinstance(binary, io.BufferedIOBase | io.RawIOBase):
        yield from read_jsonl_lines(fileobj, origin=origin, max_line_bytes=options.max_line_bytes)
        return
    yield from _guarded(_read_sniffed(_peekable(binary), origin, options), origin, None)


def _peekable(stream: IO[bytes] | io.RawIOBase | io.BufferedIOBase) -> io.BufferedReader:
    if isinstance(stream, io.BufferedReader):
        return stream
    return io.BufferedReader(cast(io.RawIOBase, stream), SNIFF_BYTES)


def _read_sniffed(stream: io.BufferedReader, origin: str, options: IngestOptions) -> Iterator[Item]:
    head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    compression = sniff_compression(head)
    if compression is not None:
        stream = open_decompressed(stream, compression, options=options)
        yield from _guarded(_read_sniffed(stream, origin, options), origin, compression)
        return
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:64]
    if not start:
        yield IngestProblem(origin=origin, error="empty input")
    elif start.startswith(b"{"):
        yield from _read_jsonl(stream, origin, options)
    elif start.startswith((b"WARC/", b"filedesc://")):
        yield from read_archive_stream(stream, origin=origin, options=options)
    elif start.startswith(b"<") and looks_like_feed(head):
        yield from read_feed_bytes(read_capped(stream, options.max_document_bytes), origin=origin)
    else:
        kind: Kind = "html" if start.startswith(b"<") else "text"
        data = read_capped(stream, options.max_document_bytes)
        if kind == "text" and options.fetcher is not None and _only_urls(data):
            kind = "urls"
        yield from _read_whole(data, kind, origin, options)


def _only_urls(data: bytes) -> bool:
    text = data.decode("utf-8", errors="replace")
    entries = parse_url_list(text)
    return bool(entries) and all(isinstance(entry, str) for entry in entries)


def _read_directory(root: Path, options: IngestOptions) -> Iterator[Item]:
    for entry in _walk(root, seen=set()):
        if isinstance(entry, IngestProblem):
            yield entry
        else:
            yield from _read_file(entry, options)


def _walk(directory: Path, *, seen: set[Path]) -> Iterator[Path | IngestProblem]:
    """Files under a folder, depth first, entries sorted by name; hidden ones skipped.

    A symlinked folder that leads back to one already walked is skipped, so a link loop
    cannot make a run endless. A folder that cannot be listed is a problem, not an end.
    """
    real = directory.resolve()
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(directory.iterdir(), key=lambda entry: entry.name)
    except OSError as exc:
        yield IngestProblem(
            origin=str(directory), error=f"cannot list folder: {exc.strerror or exc}"
        )
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen=seen)
        elif entry.is_file():
            yield entry


def _kind_of(path: Path) -> tuple[Kind | None, Compression | None]:
    """The reader for a file name, and the compression its last suffix names."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    compression = COMPRESSED_SUFFIXES.get(suffixes[-1]) if suffixes else None
    if compression is not None:
        suffixes = suffixes[:-1]
    if not suffixes:
        return None, compression
    return READERS.get(suffixes[-1]), compression


def _read_file(path: Path, options: IngestOptions) -> Iterator[Item]:
    origin = str(path)
    kind, compression = _kind_of(path)
    if kind is None:
        expected = ", ".join(READERS)
        yield IngestProblem(
            origin=origin,
            error=f"unsupported file type {path.suffix or '(no extension)'!r}; "
            f"expected one of {expected} (optionally .gz, .bz2 or .zst)",
        )
        return
    try:
        size = path.stat().st_size
        if compression is None and kind in _WHOLE and size > options.max_document_bytes:
            raise InputLimitError(
                f"file is larger than {options.max_document_bytes // (1024 * 1024)} MiB "
                f"({size} bytes); skipped (split it, convert it to JSON Lines, or raise "
                "max_document_bytes)"
            )
        raw = open(path, "rb")  # noqa: SIM115 -- closed below, after the generator is done
    except OSError as exc:
        yield IngestProblem(origin=origin, error=f"cannot read file: {exc.strerror or exc}")
        return
    except InputLimitError as exc:
        yield IngestProblem(origin=origin, error=str(exc))
        return
    try:
        yield from _guarded(
            _read_opened(raw, kind, compression, origin, options), origin, compression
        )
    finally:
        raw.close()


def _read_opened(
    raw: IO[bytes], kind: Kind, compression: Compression | None, origin: str, options: IngestOptions
) -> Iterator[Item]:
    stream: io.BufferedReader
    if kind == "warc" and compression == "gzip":
        # WARC files are gzipped record by record; warcio reads the members itself.
        yield from read_archive_stream(raw, origin=origin, options=options)
        return
    if compression is not None:
        stream = open_decompressed(raw, compression, options=options)
    else:
        stream = _peekable(raw)
    if kind == "jsonl":
        yield from _read_jsonl(stream, origin, options)
    elif kind in ("csv", "tsv"):
        head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]
        reason = _records_binary_reason(head) if head.strip() else "empty file"
        if reason:
            yield IngestProblem(origin=origin, error=reason)
            return
        delimiter = "\t" if kind == "tsv" else ","
        yield from read_csv_stream(stream, origin=origin, options=options, delimiter=delimiter)
    elif kind == "warc":
        yield from read_archive_stream(stream, origin=origin, options=options)
    else:
        data = read_capped(stream, options.max_document_bytes, what="file")
        yield from _read_whole(data, kind, origin, options)


def _read_whole(data: bytes, kind: Kind, origin: str, options: IngestOptions) -> Iterator[Item]:
    if kind == "feed":
        if not data.strip():
            yield IngestProblem(origin=origin, error="empty file")
            return
        reason = binary_reason(data[:SNIFF_BYTES])
        if reason:
            yield IngestProblem(origin=origin, error=reason)
            return
        yield from read_feed_bytes(data, origin=origin)
        return
    text = decode_document(data, origin=origin, html=kind == "html")
    if isinstance(text, IngestProblem):
        yield text
    elif kind == "urls":
        yield from _read_url_list(text, origin, options)
    elif kind == "html":
        yield read_html_document(text, origin=origin)
    else:
        yield read_text_document(text, origin=origin)


def _read_url_list(text: str, origin: str, options: IngestOptions) -> Iterator[Item]:
    entries = parse_url_list(text)
    urls: list[str] = []
    for entry in entries:
        if isinstance(entry, str):
            urls.append(entry)
        else:
            number, line = entry
            yield IngestProblem(origin=origin, item=str(number), error=f"not a URL: {line[:200]!r}")
    if not urls:
        yield IngestProblem(origin=origin, error="URL list has no URLs")
        return
    if options.fetcher is None:
        yield IngestProblem(
            origin=origin,
            error=f"URL list of {len(urls)} URLs not fetched: fetching is off (ask for it "
            "explicitly, e.g. `tidings analyze --fetch`)",
        )
        return
    yield from options.fetcher.fetch_many(urls, origin=origin)


def _read_jsonl(stream: io.BufferedReader, origin: str, options: IngestOptions) -> Iterator[Item]:
    head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    if not head:
        yield IngestProblem(origin=origin, error="empty file")
        return
    binary = _records_binary_reason(head)
    if binary:
        yield IngestProblem(origin=origin, error=binary)
        return
    count = 0
    for item in read_jsonl_lines(stream, origin=origin, max_line_bytes=options.max_line_bytes):
        count += 1
        yield item
    if count == 0:
        yield IngestProblem(origin=origin, error="empty file (no records, only blank lines)")


def _records_binary_reason(head: bytes) -> str | None:
    """Binary verdict for a file of records: a NUL in the first record, or mostly controls.

    A NUL further down costs only its own record, so that one corrupt line in a dump of a
    million does not throw the rest away.
    """
    first = head.split(b"\n", 1)[0]
    return binary_reason(first) or binary_reason(head, any_nul=False)


def _guarded(items: Iterator[Item], origin: str, compression: Compression | None) -> Iterator[Item]:
    """Pass items through; an error of the input itself ends it with one problem.

    Limits, corrupt compression and read errors surface wherever the reader happens to be
    pulling bytes, so they are caught here, around the whole reader, and what was read
    before them is kept.
    """
    try:
        yield from items
    except InputLimitError as exc:
        yield IngestProblem(origin=origin, error=str(exc))
    except (OSError, EOFError, ValueError) as exc:
        corrupt = compression_error(exc, compression)
        if corrupt is not None:
            yield IngestProblem(origin=origin, error=corrupt)
        elif isinstance(exc, OSError):
            yield IngestProblem(origin=origin, error=f"cannot read file: {exc.strerror or exc}")
        else:
            raise
    except Exception as exc:
        corrupt = compression_error(exc, compression)
        if corrupt is None:
            raise
        yield IngestProblem(origin=origin, error=corrupt)


REASONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("unsupported file type", r"^unsupported file type"),
        ("refused URL", r"^refused: (scheme|host|the URL|not a valid URL)"),
        ("robots.txt", r"robots\.txt"),
        ("fetch failed", r"^(fetch failed|HTTP \d{3}|cannot resolve host|too many redirects)"),
        ("unsupported content type", r"^unsupported content type"),
        ("unsafe XML", r"declares XML entities"),
        ("decompression bomb", r"decompression bomb|inflates past"),
        ("too large", r"larger than|over the .* limit|^line is .* limit"),
        ("corrupt compressed file", r"^not a valid (gzip|bzip2|zstd) file"),
        ("malformed archive", r"WARC/ARC"),
        ("malformed feed", r"feed"),
        ("binary content", r"binary content|NUL bytes"),
        ("not valid UTF-8", r"not valid UTF-(8|16)|undecodable"),
        ("empty", r"^empty|no rows|no article text|empty after cleaning|has no URLs"),
        ("invalid JSON", r"^invalid JSON|expected a JSON object"),
        ("bad record", r"^'|must be a string|missing text|bad date|header Published"),
        ("malformed CSV", r"malformed CSV|header names|no text column|header row"),
        ("not found or unreadable", r"^no such file|^cannot read|^cannot list"),
        ("not fetched", r"not fetched"),
        ("copy of a failed article", r"which could not be extracted"),
        ("not a URL", r"^not a URL"),
    )
)


def problem_reason(problem: IngestProblem) -> str:
    """The kind of a problem, from its message; ``other`` when no pattern knows it."""
    for name, pattern in REASONS:
        if pattern.search(problem.error):
            return name
    return "other"
