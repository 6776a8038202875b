"""Readers for one document held in memory: plain text and HTML.

Both return a single :class:`~tidings.models.Article`, or an
:class:`~tidings.models.IngestProblem` when the input cannot become one, and never raise
for bad input: a batch of thousands of files must not stop at the first odd one.

Offsets. ``Article.text`` is the cleaned text and every later offset points into it.
For a bare text file (no header) nothing but furniture and encoding debris is removed,
so the first line stays in the text even when it is taken as the title: the headline is
coded like any other sentence and offsets line up with the file's own lines. For a file
with a ``Key: value`` header the header is metadata, not prose, and the text starts with
the body; changing the header therefore never changes the article's id.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlsplit

import trafilatura

from tidings.ingest.cleaning import clean_text
from tidings.models import Article, IngestProblem

__all__ = [
    "HEADER_KEYS",
    "parse_published",
    "read_html_document",
    "read_text_document",
    "site_of",
    "split_header",
]

# Header keys of the example-corpus shape, and the Article field each one fills.
HEADER_KEYS: dict[str, str] = {
    "title": "title",
    "outlet": "source",
    "published": "published",
    "url": "url",
    "author": "author",
    "language": "language",
}
_HEADER_LINE = re.compile(
    r"(?P<key>" + "|".join(HEADER_KEYS) + r")[ \t]*:[ \t]*(?P<value>.*)", re.IGNORECASE
)
# A bare text's first line is a headline only when it is short and does not end like a
# sentence or a clause.
TITLE_MAX_CHARS = 200
_NOT_TITLE_ENDINGS = (".", ",", ";")
# Trafilatura falls back to any text on the page when it finds no article; a few words of
# navigation ("Home") are what that yields on an empty page, and they are not an article.
MIN_HTML_TEXT_CHARS = 20


def parse_published(value: str) -> date:
    """A publication date from ``YYYY-MM-DD`` or a full ISO 8601 datetime.

    A datetime keeps the calendar date as the publisher wrote it, without converting its
    time zone: "2024-05-16T23:30:00-05:00" was published on the 16th where it was written.
    Raises ValueError with the offending value quoted.
    """
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise ValueError(
            f"{value!r} is not a date (expected YYYY-MM-DD or an ISO 8601 datetime)"
        ) from None


def site_of(url: str | None) -> str | None:
    """The host name of a URL without a leading ``www.``, for grouping by outlet site."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split a ``Key: value`` header block off the top of a text file.

    The top counts as a header only when the very first line is one of :data:`HEADER_KEYS`
    (any case), so a body that happens to open with "Update: ..." is left alone. The header
    is the run of such lines; the blank lines after it are dropped and the rest is the
    body. A line with another key ends the header and starts the body. A key given twice
    keeps its last value. Returns the fields by Article field name (empty values omitted)
    and the body.
    """
    lines = text.split("\n")
    fields: dict[str, str] = {}
    index = 0
    while index < len(lines):
        match = _HEADER_LINE.fullmatch(lines[index].strip())
        if match is None:
            break
        value = match.group("value").strip()
        field = HEADER_KEYS[match.group("key").lower()]
        if value:
            fields[field] = value
        else:
            fields.pop(field, None)
        index += 1
    if index == 0:
        return {}, text
    while index < len(lines) and not lines[index].strip():
        index += 1
    return fields, "\n".join(lines[index:])


def _title_line(text: str) -> str | None:
    """The first line of a bare text when it reads as a headline with a body after it."""
    lines = [line.strip() for line in text.split("\n")]
    non_empty = [line for line in lines if line]
    if len(non_empty) < 2:
        return None
    first = non_empty[0]
    if len(first) >= TITLE_MAX_CHARS or first.endswith(_NOT_TITLE_ENDINGS):
        return None
    return first


def read_text_document(text: str, *, origin: str) -> Article | IngestProblem:
    """Read one plain-text document, with or without a ``Key: value`` header.

    ``Outlet`` fills ``Article.source``; ``site`` is taken from the URL. Without a
    ``Title`` header the headline rule for bare texts applies to the body. A header date
    that does not parse is a problem, not a silent ``None``: the corpus is ours to fix.
    """
    # The BOM and Windows line ends would hide a header's first key; clean_text removes
    # them from the body too, this only matters for recognising the header.
    raw = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    fields, body = split_header(raw)
    published: date | None = None
    if "published" in fields:
        try:
            published = parse_published(fields["published"])
        except ValueError as exc:
            return IngestProblem(origin=origin, item="header", error=f"header Published: {exc}")
    cleaned = clean_text(body)
    if not cleaned:
        return IngestProblem(origin=origin, error="no article text found (empty after cleaning)")
    title = fields.get("title") or _title_line(cleaned)
    url = fields.get("url")
    return Article.from_text(
        cleaned,
        title=title,
        url=url,
        source=fields.get("source"),
        site=site_of(url),
        author=fields.get("author"),
        published=published,
        language=fields.get("language"),
        origin=origin,
        format="text",
    )


def _paragraphs(extracted: str) -> str:
    """Trafilatura puts one paragraph per line; we separate paragraphs by a blank line."""
    return "\n\n".join(line for line in extracted.split("\n") if line.strip())


def read_html_document(
    html: str | bytes, *, origin: str, url: str | None = None
) -> Article | IngestProblem:
    """Extract the article from one HTML page with trafilatura, metadata included.

    Comments are left out (they are not the outlet's reporting). Dates are the original
    publication date, not the last-modified one. The canonical URL from the page wins
    over ``url``, which is only a hint; ``site`` is the host name and ``source`` the
    outlet's name when the page declares one.
    """
    if not html or (isinstance(html, str) and not html.strip()):
        return IngestProblem(origin=origin, error="empty HTML document")
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={"original_date": True, "extensive_search": True},
        )
    # Trafilatura and lxml raise a variety of errors on malformed markup; each one is
    # reported against this page so that the batch goes on.
    except Exception as exc:
        return IngestProblem(
            origin=origin, error=f"HTML extraction failed: {type(exc).__name__}: {exc}"
        )
    extracted = getattr(document, "text", None) if document is not None else None
    if not isinstance(extracted, str) or not extracted.strip():
        return IngestProblem(origin=origin, error="no article text found")
    cleaned = clean_text(_paragraphs(extracted))
    if len(cleaned) < MIN_HTML_TEXT_CHARS:
        return IngestProblem(
            origin=origin,
            error=f"no article text found ({len(cleaned)} characters after cleaning)",
        )
    page_url = _text_or_none(getattr(document, "url", None)) or url
    published: date | None = None
    raw_date = _text_or_none(getattr(document, "date", None))
    if raw_date:
        try:
            published = parse_published(raw_date)
        except ValueError:
            published = None  # a date we cannot read is no worse than none
    return Article.from_text(
        cleaned,
        title=_text_or_none(getattr(document, "title", None)),
        url=page_url,
        source=_text_or_none(getattr(document, "sitename", None)),
        site=_text_or_none(getattr(document, "hostname", None)) or site_of(page_url),
        author=_text_or_none(getattr(document, "author", None)),
        published=published,
        language=_text_or_none(getattr(document, "language", None)),
        origin=origin,
        format="html",
    )


def _text_or_none(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
