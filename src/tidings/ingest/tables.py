"""Reading CSV and TSV files: one article per row, the text in a column the caller names.

Spreadsheets exported from newsroom tools and scraped datasets come as CSV. The header row
is required; the text column is named by ``IngestOptions.csv_text_column`` (``text`` unless
told), and the other columns are read by the same names as JSON Lines records (``id``,
``title``, ``url``, ``source``, ``published`` or ``date``, ``author`` or ``authors``,
``language``, ``site``, ``html``), so a row and a JSON record with the same values give the
same article. Empty cells count as absent.

A row that cannot become an article is a problem carrying its 1-based row number (the
header is row 1) and reading goes on. Malformed quoting, which leaves the parser unable to
tell where the next row starts, stops the file with a problem saying where.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from typing import IO

from tidings.ingest.jsonl import JsonlRecordError, article_from_record
from tidings.ingest.options import IngestOptions
from tidings.models import Article, IngestProblem

__all__ = ["read_csv_stream"]

# Record keys of the JSON Lines reader that a CSV column may fill (the text column aside).
_KNOWN = ("id", "title", "url", "source", "site", "author", "authors", "language", "html")
_DATE_KEYS = ("published", "date")


def read_csv_stream(
    stream: IO[bytes], *, origin: str, options: IngestOptions, delimiter: str = ","
) -> Iterator[Article | IngestProblem]:
    """Read a CSV (or, with ``delimiter="\\t"``, TSV) stream of articles row by row."""
    # Fields as long as a whole article are normal here; the csv module's default limit
    # (128 KiB) is not. The limit is process-wide, so it only ever grows.
    if csv.field_size_limit() < options.max_line_bytes:
        csv.field_size_limit(min(options.max_line_bytes, sys.maxsize))
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield IngestProblem(origin=origin, item="1", error=f"cannot read the header row: {exc}")
        return
    if header is None or not any(cell.strip() for cell in header):
        yield IngestProblem(origin=origin, error="empty file (no header row)")
        return
    columns = [cell.strip().lower() for cell in header]
    wanted = options.csv_text_column.strip().lower()
    if wanted not in columns and "html" not in columns:
        found = ", ".join(repr(c) for c in columns[:20])
        yield IngestProblem(
            origin=origin,
            item="1",
            error=f"no text column {options.csv_text_column!r} in the header (columns: "
            f"{found}); name the column that holds the article text",
        )
        return
    rows = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield IngestProblem(
                origin=origin,
                item=str(reader.line_num),
                error=f"malformed CSV at or before this line: {exc}; reading stopped",
            )
            return
        rows += 1
        number = str(rows + 1)
        if not any(cell.strip() for cell in row):
            continue
        yield _read_row(row, columns, wanted=wanted, origin=origin, item=number)
    if rows == 0:
        yield IngestProblem(origin=origin, error="no rows after the header")


def _read_row(
    row: list[str], columns: list[str], *, wanted: str, origin: str, item: str
) -> Article | IngestProblem:
    if len(row) > len(columns):
        return IngestProblem(
            origin=origin,
            item=item,
            error=f"row has {len(row)} cells but the header names {len(columns)}",
        )
    cells = dict(zip(columns, row, strict=False))
    for name, value in cells.items():
        if _has_surrogates(value):
            return IngestProblem(
                origin=origin, item=item, error=f"column {name!r} is not valid UTF-8"
            )
        if "\x00" in value:
            return IngestProblem(
                origin=origin, item=item, error=f"column {name!r} contains NUL bytes"
            )
    record: dict[str, str] = {}
    for key in _KNOWN:
        value = cells.get(key, "").strip()
        if value:
            record[key] = value
    for key in _DATE_KEYS:
        value = cells.get(key, "").strip()
        if value:
            record[key] = value
    body = cells.get(wanted, "")
    if body.strip():
        record["text"] = body
    try:
        article = article_from_record(record, origin=f"{origin}:{item}")
    except JsonlRecordError as exc:
        return IngestProblem(origin=origin, item=item, error=str(exc))
    return article.model_copy(update={"format": "other"})


def _has_surrogates(value: str) -> bool:
    """Whether undecodable bytes were smuggled through as surrogates (surrogateescape)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
