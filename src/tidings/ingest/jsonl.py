"""Reading records: JSON Lines (one article per line) and CSV/TSV (one article per row).

A JSON record is ``{"id", "text" | "html", "url"?, "source"?, "published"?, "title"?,
"author"?, "language"?, "site"?}``. Lines are consumed one at a time so a corpus of any
size streams through in constant memory. A bad line becomes an
:class:`~tidings.models.IngestProblem` carrying the origin and the 1-based line number,
and reading goes on with the next line: one broken record must not cost a whole batch.

Decisions worth knowing:

* ``id`` is optional; without it the id is the content hash of the cleaned text, so the
  same article read from a text file and from JSONL gets the same id.
* ``text`` wins over ``html`` when both are given (the text is what the sender chose to
  send); ``html`` goes through the same extraction as an HTML file, and the record's
  own fields then override what extraction found.
* ``date`` and ``authors`` are read as aliases of ``published`` and ``author``, the
  field names of common news datasets; the canonical name wins when both are present.
* No headline is guessed from ``text`` (unlike a bare text file): a record either gives
  its ``title`` or has none, and ``text`` is kept as sent, apart from cleaning.
* Other keys are ignored, so records can carry a pipeline's own bookkeeping.
* ``Article.origin`` is ``"<origin>:<line>"`` so that every article can be traced back to
  its line.

CSV, as newsroom tools and scraped datasets export it, is read with the same record rules:
the header row is required; the text column is named by ``IngestOptions.csv_text_column``
(``text`` unless told) and the other columns by the JSON names above, so a row and a JSON
record with the same values give the same article. Empty cells count as absent. A row that
cannot become an article is a problem carrying its row number (the header is row 1);
malformed quoting, which leaves the parser unable to tell where the next row starts, stops
the file with a problem saying where.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, Any, cast

from tidings.ingest.cleaning import clean_text
from tidings.ingest.documents import parse_published, read_html_document, site_of
from tidings.ingest.options import DEFAULT_OPTIONS, IngestOptions, LineTooLong, bounded_lines
from tidings.models import Article, IngestProblem

__all__ = [
    "JsonlRecordError",
    "article_from_record",
    "read_csv_stream",
    "read_jsonl_lines",
]

_STRING_FIELDS = ("url", "source", "title", "author", "language", "site")


class JsonlRecordError(ValueError):
    """One record cannot become an article; the message says which field and why."""


def read_jsonl_lines(
    lines: Iterable[str] | Iterable[bytes],
    *,
    origin: str,
    max_line_bytes: int = DEFAULT_OPTIONS.max_line_bytes,
) -> Iterator[Article | IngestProblem]:
    """Read JSON Lines one line at a time; blank lines are skipped, bad lines reported.

    ``lines`` may be text or bytes (a file opened in binary mode); bytes are decoded per
    line, so one line of bad UTF-8 costs only that line. A line longer than
    ``max_line_bytes`` is a problem; from a binary stream it is skipped without ever being
    held whole, so a 50 MB line costs no more memory than the limit.
    """
    source: Iterable[str | bytes | LineTooLong] = lines
    if isinstance(lines, io.BufferedIOBase | io.RawIOBase):
        source = bounded_lines(cast(IO[bytes], lines), max_line_bytes)
    iterator: Iterator[str | bytes | LineTooLong] = iter(source)
    number = 0
    while True:
        try:
            raw = next(iterator)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            # Only a text-mode stream fails here; we cannot resynchronise inside it.
            yield IngestProblem(
                origin=origin,
                item=str(number + 1),
                error=f"input is not valid UTF-8 ({exc.reason}) at or after this line; "
                "reading stopped (pass a binary stream to skip only the bad lines)",
            )
            return
        number += 1
        item = str(number)
        if isinstance(raw, LineTooLong):
            yield IngestProblem(origin=origin, item=item, error=raw.message)
            continue
        # A text line is measured in characters, which never exceed its UTF-8 bytes.
        if len(raw) > max_line_bytes + 2:  # the line end is not counted
            too_long = LineTooLong(length=len(raw), limit=max_line_bytes)
            yield IngestProblem(origin=origin, item=item, error=too_long.message)
            continue
        if isinstance(raw, bytes):
            if b"\x00" in raw:
                yield IngestProblem(
                    origin=origin, item=item, error="line contains NUL bytes (binary data?)"
                )
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield IngestProblem(
                    origin=origin,
                    item=item,
                    error=f"line is not valid UTF-8: byte 0x{raw[exc.start]:02x} "
                    f"at column {exc.start + 1}",
                )
                continue
        else:
            line = raw
        if number == 1:
            line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        yield _read_line(line, origin=origin, item=item)


def _read_line(line: str, *, origin: str, item: str) -> Article | IngestProblem:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return IngestProblem(
            origin=origin,
            item=item,
            error=f"invalid JSON: {exc.msg} at column {exc.colno}",
        )
    if not isinstance(record, dict):
        return IngestProblem(
            origin=origin,
            item=item,
            error=f"expected a JSON object, got {_json_type(record)}",
        )
    try:
        return article_from_record(record, origin=f"{origin}:{item}")
    except JsonlRecordError as exc:
        return IngestProblem(origin=origin, item=item, error=str(exc))


def article_from_record(record: dict[str, Any], *, origin: str) -> Article:
    """Build an article from one decoded record; raises JsonlRecordError when it cannot.

    Exposed for callers that already hold decoded records (an API body, a Spark row).
    """
    article_id = _record_id(record)
    fields = {name: _optional_string(record, name) for name in _STRING_FIELDS}
    if fields["author"] is None:
        fields["author"] = _optional_string(record, "authors")
    published = _published(record)
    text = _optional_string(record, "text", strip=False)
    html = _optional_string(record, "html", strip=False)
    if text is not None and text.strip():
        cleaned = clean_text(text)
        if not cleaned:
            raise JsonlRecordError("'text' is empty after cleaning (only page furniture)")
        return Article.from_text(
            cleaned,
            id=article_id,
            published=published,
            format="jsonl",
            origin=origin,
            **_with_site(fields),
        )
    if html is not None and html.strip():
        return _article_from_html(
            html, article_id=article_id, fields=fields, published=published, origin=origin
        )
    raise JsonlRecordError("missing text: the record needs a non-empty 'text' or 'html'")


def _article_from_html(
    html: str,
    *,
    article_id: str | None,
    fields: dict[str, str | None],
    published: date | None,
    origin: str,
) -> Article:
    extracted = read_html_document(html, origin=origin, url=fields["url"])
    if isinstance(extracted, IngestProblem):
        raise JsonlRecordError(f"'html': {extracted.error}")
    updates: dict[str, Any] = {k: v for k, v in fields.items() if v is not None}
    if published is not None:
        updates["published"] = published
    if article_id is not None:
        updates["id"] = article_id
    updates["format"] = "jsonl"
    return extracted.model_copy(update=updates)


def _with_site(fields: dict[str, str | None]) -> dict[str, str | None]:
    if fields["site"] is None:
        return {**fields, "site": site_of(fields["url"])}
    return fields


def _record_id(record: dict[str, Any]) -> str | None:
    value = record.get("id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise JsonlRecordError(f"'id' must be a string or an integer, got {_json_type(value)}")
    text = str(value).strip()
    if not text:
        raise JsonlRecordError("'id' is an empty string; leave it out to get a content hash")
    return text


def _optional_string(record: dict[str, Any], name: str, *, strip: bool = True) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise JsonlRecordError(f"'{name}' must be a string, got {_json_type(value)}")
    if strip:
        value = value.strip()
        return value or None
    return value


def _published(record: dict[str, Any]) -> date | None:
    name = "published" if record.get("published") is not None else "date"
    raw = _optional_string(record, name)
    if raw is None:
        return None
    try:
        return parse_published(raw)
    except ValueError as exc:
        raise JsonlRecordError(f"bad date in '{name}': {exc}") from None


def _json_type(value: object) -> str:
    """The JSON name of a decoded value's type, for messages a data owner can act on."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


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
