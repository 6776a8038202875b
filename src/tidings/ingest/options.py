"""The knobs of reading, and the byte streams that hold every reader to them.

Limits exist because inputs are hostile as often as they are broken: a 200 MB "article", a
gzip bomb or a 50 MB JSON line must cost one reported problem and a bounded amount of memory,
never the run. The defaults are far above any real news article (the longest text in our
international-news sample is 77 KB) and far below what would hurt a laptop.

Every reader takes its bytes through the streams here, so the limits of
:class:`IngestOptions` hold for files, archives and standard input alike: decompression that
stops when it inflates like a bomb, documents read whole only up to a cap, lines only up to
a cap. A limit that trips raises :class:`InputLimitError` (whose message is the problem to
report) or, for one overlong line, yields a :class:`LineTooLong` marker in place of the
line so that the caller can report that line and go on with the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from tidings.models import Article, IngestProblem
import bz2
import gzip
import io
import zlib
from typing import IO, Literal, cast

import zstandard

__all__ = [
    "COMPRESSED_SUFFIXES",
    "DEFAULT_OPTIONS",
    "Compression",
    "IngestOptions",
    "InputLimitError",
    "LineTooLong",
    "UrlFetcher",
    "bounded_lines",
    "compression_error",
    "open_decompressed",
    "read_capped",
    "sniff_compression",
]

MIB = 1024 * 1024


class UrlFetcher(Protocol):
    """Anything that turns URLs into articles; :class:`tidings.ingest.fetch.Fetcher` is one.

    Readers only fetch when the caller hands them a fetcher, so reading a folder never
    touches the network unless asked to.
    """

    def fetch_many(self, urls: list[str], *, origin: str) -> Iterator[Article | IngestProblem]: ...


@dataclass(frozen=True)
class IngestOptions:
    """How much any one input may cost, and the few choices a reader cannot guess.

    * ``max_document_bytes``: one document read whole (a text or HTML file, a WARC record,
      standard input holding one page). Checked against the file size before reading.
    * ``max_line_bytes``: one JSON line or one CSV record; a longer one is skipped and
      reported, and the next line is read.
    * ``max_decompressed_bytes`` and ``max_compression_ratio``: a compressed input stops with
      a problem when it inflates past either, which is how a gzip bomb looks. The ratio is
      only judged after ``ratio_grace_bytes`` of output, since small files compress oddly.
    * ``csv_text_column``: the column holding the article text in CSV/TSV files.
    * ``fetcher``: fetches the URLs of a ``.urls`` list; without one such lists are reported,
      not fetched.
    """

    max_document_bytes: int = 50 * MIB
    max_line_bytes: int = 16 * MIB
    max_decompressed_bytes: int = 4096 * MIB
    max_compression_ratio: float = 200.0
    ratio_grace_bytes: int = 16 * MIB
    csv_text_column: str = "text"
    fetcher: UrlFetcher | None = None

    def __post_init__(self) -> None:
        for name in (
            "max_document_bytes",
            "max_line_bytes",
            "max_decompressed_bytes",
            "ratio_grace_bytes",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"IngestOptions.{name} must be positive")
        if self.max_compression_ratio <= 1:
            raise ValueError("IngestOptions.max_compression_ratio must be above 1")
        if not self.csv_text_column.strip():
            raise ValueError("IngestOptions.csv_text_column must name a column")


DEFAULT_OPTIONS = IngestOptions()


Compression = Literal["gzip", "bzip2", "zstd"]
COMPRESSED_SUFFIXES: dict[str, Compression] = {
    ".gz": "gzip",
    ".gzip": "gzip",
    ".bz2": "bzip2",
    ".zst": "zstd",
    ".zstd": "zstd",
}
_MAGIC: tuple[tuple[bytes, Compression], ...] = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
)
_BUFFER = 64 * 1024


class InputLimitError(Exception):
    """An input went past one of the configured limits; the message says which and how far."""


@dataclass(frozen=True)
class LineTooLong:
    """Stands in for a line longer than the limit, which was skipped without being kept."""

    length: int
    limit: int

    @property
    def message(self) -> str:
        return (
            f"line is {_size(self.length)}, over the {_size(self.limit)} limit for one "
            "record; skipped (raise max_line_bytes if such records are real)"
        )


def _size(count: int) -> str:
    if count >= MIB:
        return f"{count / MIB:.1f} MiB"
    if count >= 1024:
        return f"{count / 1024:.1f} KiB"
    return f"{count} bytes"


def sniff_compression(head: bytes) -> Compression | None:
    """The compression a stream's first bytes announce, if any."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    return None


class _Counting(io.RawIOBase):
    """Counts the compressed bytes a decompressor has consumed, to judge its ratio."""

    def __init__(self, inner: IO[bytes]) -> None:
        self.inner = inner
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(len(buffer))
        count = len(data)
        buffer[:count] = data
        self.consumed += count
        return count


class _Guarded(io.RawIOBase):
    """Decompressed bytes, stopped with InputLimitError when they inflate too far."""

    def __init__(
        self, inner: IO[bytes], counter: _Counting, *, kind: Compression, options: IngestOptions
    ) -> None:
        self.inner = inner
        self.counter = counter
        self.kind = kind
        self.options = options
        self.produced = 0
        # read1 hands over what is decompressed so far, so that the data before a corrupt or
        # truncated point is still read before the error surfaces.
        self._read = getattr(inner, "read1", inner.read)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._read(len(buffer))
        count = len(data)
        buffer[:count] = data
        self.produced += count
        self._check()
        return count

    def _check(self) -> None:
        limits = self.options
        if self.produced > limits.max_decompressed_bytes:
            raise InputLimitError(
                f"{self.kind} data inflates past {_size(limits.max_decompressed_bytes)}; "
                "stopped (a decompression bomb, or raise max_decompressed_bytes)"
            )
        if self.produced > limits.ratio_grace_bytes:
            ratio = self.produced / max(self.counter.consumed, 1)
            if ratio > limits.max_compression_ratio:
                raise InputLimitError(
                    f"{self.kind} data inflates {ratio:.0f} times ({_size(self.produced)} "
                    f"from {_size(self.counter.consumed)}); stopped as a decompression bomb"
                )

    def close(self) -> None:
        try:
            self.inner.close()
        finally:
            super().close()


def open_decompressed(
    raw: IO[bytes], kind: Compression, *, options: IngestOptions
) -> io.BufferedReader:
    """A buffered reader of ``raw`` decompressed, guarded by the options' limits.

    Errors of the compressed data itself surface on read; :func:`compression_error` turns
    them into a message.
    """
    counter = _Counting(raw)
    source = cast(IO[bytes], counter)
    inner: IO[bytes]
    if kind == "gzip":
        inner = cast(IO[bytes], gzip.GzipFile(fileobj=source, mode="rb"))
    elif kind == "bzip2":
        inner = cast(IO[bytes], bz2.BZ2File(source, mode="rb"))
    else:
        reader = zstandard.ZstdDecompressor().stream_reader(source, read_across_frames=True)
        inner = cast(IO[bytes], reader)
    return io.BufferedReader(_Guarded(inner, counter, kind=kind, options=options), _BUFFER)


def compression_error(exc: BaseException, kind: Compression | None) -> str | None:
    """The message for an error raised by corrupt compressed data, or None for other errors."""
    if kind is None:
        return None
    corrupt = (gzip.BadGzipFile, zlib.error, EOFError, zstandard.ZstdError)
    if isinstance(exc, corrupt) or (kind == "bzip2" and isinstance(exc, OSError | ValueError)):
        reason = str(exc) or type(exc).__name__
        return f"not a valid {kind} file: {reason}"
    if kind == "zstd" and isinstance(exc, OSError) and "zstd" in str(exc).lower():
        return f"not a valid zstd file: {exc}"
    return None


def read_capped(stream: IO[bytes], limit: int, *, what: str = "document") -> bytes:
    """Read a whole document, refusing one larger than ``limit`` after reading one byte more."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputLimitError(
            f"{what} is larger than {_size(limit)}; skipped (split it, convert it to JSON "
            "Lines, or raise max_document_bytes)"
        )
    return data


def bounded_lines(stream: IO[bytes], limit: int) -> Iterator[bytes | LineTooLong]:
    """The lines of a binary stream, each at most ``limit`` bytes (newline not counted).

    A longer line is read through in pieces and dropped, so memory stays at the limit
    whatever the line's length, and a :class:`LineTooLong` takes its place.
    """
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or (line.endswith(b"\n") and len(line) == limit + 1):
            yield line
            continue
        length = len(line)
        while True:
            more = stream.readline(_BUFFER)
            length += len(more)
            if not more or more.endswith(b"\n"):
                break
        yield LineTooLong(length=length, limit=limit)
