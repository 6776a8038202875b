"""Reading web archives (WARC and the older ARC) with warcio: one article per HTML page.

A crawl holds far more than articles: requests, redirects, error pages, images, scripts.
Only successful (200) responses and resource records whose media type is HTML or plain
text are read; the rest are passed over without a problem each, since they are not
articles and reporting every image would bury the real problems. A crawl that yields no
page at all is one problem.

Each page is read with the same HTML extraction as an ``.html`` file, with the record's
target URI as the URL hint. Its body is capped like any document, and is read through
warcio's decoding of chunked and compressed transfer, so a compressed bomb inside a record
costs only the cap. ``Article.origin`` is ``"<file>@<offset>"``, the record's byte offset,
so a page can be found again in the archive.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from tidings.ingest.documents import decode_document, read_html_document, read_text_document
from tidings.ingest.options import IngestOptions, InputLimitError, read_capped
from tidings.models import Article, IngestProblem

__all__ = ["read_archive_stream"]

_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_RECORD_TYPES = ("response", "resource")


def read_archive_stream(
    stream: IO[bytes], *, origin: str, options: IngestOptions
) -> Iterator[Article | IngestProblem]:
    """Every HTML or text page in a WARC/ARC stream (gzipped per record or not)."""
    try:
        records = ArchiveIterator(stream, arc2warc=True)
    except (ArchiveLoadFailed, ValueError, OSError) as exc:
        yield IngestProblem(origin=origin, error=f"not a valid WARC/ARC file: {exc}")
        return
    pages = 0
    seen = 0
    iterator = iter(records)
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            break
        # warcio raises its own error for malformed records and a few stock ones for
        # truncated or corrupt compressed data; each ends this archive with a problem.
        except Exception as exc:
            where = records.get_record_offset() if seen else 0
            yield IngestProblem(
                origin=origin,
                item=f"offset {where}",
                error=f"not a valid WARC/ARC record: {type(exc).__name__}: {exc}; reading stopped",
            )
            return
        seen += 1
        page = _page_of(record)
        if page is None:
            continue
        pages += 1
        url, charset = page
        yield _read_page(record, records, url=url, charset=charset, origin=origin, options=options)
    if pages == 0:
        yield IngestProblem(
            origin=origin,
            error=f"no HTML or text pages in this archive ({seen} records, none a 200 "
            "response or resource of type HTML or plain text)",
        )


def _page_of(record: Any) -> tuple[str | None, str | None] | None:
    """The target URL and declared charset of a record that holds a page; None otherwise."""
    if record.rec_type not in _RECORD_TYPES:
        return None
    if record.rec_type == "response":
        headers = record.http_headers
        if headers is None or headers.get_statuscode() != "200":
            return None
        content_type = headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media, _, params = content_type.partition(";")
    if media.strip().lower() not in _PAGE_TYPES:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    return url, _charset(params)


def _charset(params: str) -> str | None:
    for part in params.split(";"):
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            try:
                return codecs.lookup(value.strip().strip("\"'")).name
            except LookupError:
                return None
    return None


def _read_page(
    record: Any,
    records: ArchiveIterator,
    *,
    url: str | None,
    charset: str | None,
    origin: str,
    options: IngestOptions,
) -> Article | IngestProblem:
    # The body is read before the offset is asked for: warcio skips to the record's end to
    # answer that, after which the body reads as empty.
    body: bytes | IngestProblem
    try:
        body = read_capped(record.content_stream(), options.max_document_bytes, what="page")
    except InputLimitError as exc:
        body = IngestProblem(origin=origin, error=str(exc))
    # Corrupt content encoding inside one record costs that record only.
    except Exception as exc:
        body = IngestProblem(
            origin=origin, error=f"cannot decode the page: {type(exc).__name__}: {exc}"
        )
    offset = records.get_record_offset()
    where = f"{origin}@{offset}"
    item = url or f"offset {offset}"
    if isinstance(body, IngestProblem):
        return body.model_copy(update={"item": item})
    text: str | IngestProblem
    if charset is not None:
        try:
            text = body.decode(charset)
        except UnicodeDecodeError:
            text = decode_document(body, origin=where, html=True)
    else:
        text = decode_document(body, origin=where, html=True)
    if isinstance(text, IngestProblem):
        return IngestProblem(origin=origin, item=item, error=text.error)
    media_is_text = record.rec_type == "resource" and "<" not in text[:512]
    result = (
        read_text_document(text, origin=where)
        if media_is_text
        else read_html_document(text, origin=where, url=url)
    )
    if isinstance(result, IngestProblem):
        return IngestProblem(origin=origin, item=item, error=result.error)
    if result.url is None and url:
        result = result.model_copy(update={"url": url})
    return result
