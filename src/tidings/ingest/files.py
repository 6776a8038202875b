"""Reading files, folders and streams: the ingest entry points the faces call.

Everything here yields :class:`~tidings.models.Article` or
:class:`~tidings.models.IngestProblem` and never lets an exception about the *input*
escape: a missing file, a PDF named ``.txt``, a Latin-1 file or an empty one is reported
against its path and the run continues with the next. Bugs in our own code still raise.

The reader is chosen by extension (:data:`READERS`); ``.gz`` is looked through, so
``corpus.jsonl.gz`` streams like ``corpus.jsonl``. Folders are walked recursively in
sorted order, so two runs over the same tree produce articles in the same order.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Literal

from tidings.ingest.documents import read_html_document, read_text_document
from tidings.ingest.jsonl import read_jsonl_lines
from tidings.models import Article, IngestProblem

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "READERS",
    "decode_document",
    "read_path",
    "read_paths",
    "read_stream",
]

Kind = Literal["text", "html", "jsonl"]
READERS: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
# A single article is never this large; a file that is is a dump or a mistake, and
# reading it whole would cost the memory that streaming is meant to save.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
# Share of control or unassigned characters above which decoded text is called binary.
_BINARY_SHARE = 0.3
_SNIFF_BYTES = 8192
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

Item = Article | IngestProblem


def read_path(path: Path | str) -> Iterator[Item]:
    """Read one file, or every supported file under a folder, as articles and problems."""
    path = Path(path)
    if path.is_dir():
        yield from _read_directory(path)
    elif path.exists():
        yield from _read_file(path)
    else:
        yield IngestProblem(origin=str(path), error="no such file or directory")


def read_paths(paths: Iterable[Path | str]) -> Iterator[Item]:
    """Read several files or folders in the order given."""
    for path in paths:
        yield from read_path(path)


def read_stream(
    fileobj: IO[str] | IO[bytes] | Iterable[str] | Iterable[bytes], *, origin: str = "stdin"
) -> Iterator[Item]:
    """Read JSON Lines from an open stream (standard input by default), line by line.

    A text stream with an underlying binary buffer (``sys.stdin``) is read through the
    buffer, so that a line of bad UTF-8 costs that line only; a text stream without one
    stops at the first undecodable line, with a problem that says where.
    """
    buffer = getattr(fileobj, "buffer", None)
    if isinstance(buffer, io.BufferedIOBase | io.RawIOBase):
        yield from read_jsonl_lines(buffer, origin=origin)
    else:
        yield from read_jsonl_lines(fileobj, origin=origin)


def _read_directory(root: Path) -> Iterator[Item]:
    for entry in _walk(root, seen=set()):
        if isinstance(entry, IngestProblem):
            yield entry
        else:
            yield from _read_file(entry)


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


def _kind_of(path: Path) -> tuple[Kind | None, bool]:
    """The reader for a file name, and whether it is gzip-compressed."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    if compressed:
        suffixes = suffixes[:-1]
    if not suffixes:
        return None, compressed
    return READERS.get(suffixes[-1]), compressed


class _TooLarge(Exception):
    """A file over MAX_DOCUMENT_BYTES; its message is the problem to report."""


def _read_file(path: Path) -> Iterator[Item]:
    origin = str(path)
    kind, compressed = _kind_of(path)
    if kind is None:
        expected = ", ".join(READERS)
        yield IngestProblem(
            origin=origin,
            error=f"unsupported file type {path.suffix or '(no extension)'!r}; "
            f"expected one of {expected} (optionally .gz)",
        )
        return
    try:
        if kind == "jsonl":
            yield from _read_jsonl_file(path, compressed=compressed)
            return
        data = _read_bytes(path, compressed=compressed)
    except (gzip.BadGzipFile, zlib.error, EOFError) as exc:
        # Before OSError, of which BadGzipFile is a subclass.
        yield IngestProblem(origin=origin, error=f"not a valid gzip file: {exc}")
        return
    except OSError as exc:
        yield IngestProblem(origin=origin, error=f"cannot read file: {exc.strerror or exc}")
        return
    except _TooLarge as exc:
        yield IngestProblem(origin=origin, error=str(exc))
        return
    text = decode_document(data, origin=origin, html=kind == "html")
    if isinstance(text, IngestProblem):
        yield text
    elif kind == "html":
        yield read_html_document(text, origin=origin)
    else:
        yield read_text_document(text, origin=origin)


def _read_bytes(path: Path, *, compressed: bool) -> bytes:
    opener = gzip.open if compressed else open
    with opener(path, "rb") as handle:
        data = handle.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _TooLarge(
            f"file is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB; "
            "split it or convert it to JSON Lines"
        )
    return data


def _read_jsonl_file(path: Path, *, compressed: bool) -> Iterator[Item]:
    origin = str(path)
    opener = gzip.open if compressed else open
    with opener(path, "rb") as handle:
        head = handle.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
        if not head:
            yield IngestProblem(origin=origin, error="empty file")
            return
        binary = _binary_reason(head)
        if binary:
            yield IngestProblem(origin=origin, error=binary)
            return
        count = 0
        for item in read_jsonl_lines(handle, origin=origin):
            count += 1
            yield item
        if count == 0:
            yield IngestProblem(origin=origin, error="empty file (no records, only blank lines)")


def decode_document(data: bytes, *, origin: str, html: bool = False) -> str | IngestProblem:
    """Turn a whole file's bytes into text, or say why they are not a document.

    UTF-8 (with or without BOM) is expected; UTF-16 with a BOM is accepted. An HTML page
    that is not UTF-8 may still be read in the charset its markup declares, because
    older news sites still serve windows-1252 and say so.
    """
    if not data.strip():
        return IngestProblem(origin=origin, error="empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return IngestProblem(origin=origin, error=f"not valid UTF-16: {exc.reason}")
    binary = _binary_reason(data[:_SNIFF_BYTES])
    if binary:
        return IngestProblem(origin=origin, error=binary)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = _declared_charset(data) if html else None
        if declared is not None:
            try:
                return data.decode(declared)
            except UnicodeDecodeError:
                pass
        return IngestProblem(
            origin=origin,
            error=f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} "
            "(save the file as UTF-8)",
        )


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    if match is None:
        return None
    name = match.group(1).decode("ascii", errors="ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _binary_reason(head: bytes) -> str | None:
    """Why a file's first bytes look binary, or None when they look like text."""
    if b"\x00" in head:
        return "binary content (NUL bytes); not a text document"
    sample = head.decode("utf-8", errors="ignore")
    if not sample:
        return None
    odd = sum(1 for char in sample if _is_odd(char))
    if odd / len(sample) > _BINARY_SHARE:
        return "binary content (mostly non-printable characters); not a text document"
    return None


def _is_odd(char: str) -> bool:
    if char in "\t\n\r\f":
        return False
    return unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs")
