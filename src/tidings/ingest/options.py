"""The knobs of reading, in one frozen object passed down to every reader.

Limits exist because inputs are hostile as often as they are broken: a 200 MB "article", a
gzip bomb or a 50 MB JSON line must cost one reported problem and a bounded amount of memory,
never the run. The defaults are far above any real news article (the longest text in our
international-news sample is 77 KB) and far below what would hurt a laptop.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from tidings.models import Article, IngestProblem

__all__ = ["DEFAULT_OPTIONS", "IngestOptions", "UrlFetcher"]

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
