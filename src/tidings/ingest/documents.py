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

Bytes become text here too (:func:`decode_document`), for files, archive records, fetched
pages and standard input alike, so that a Latin-1 page, a PNG named ``.txt`` or a UTF-16
export get the same verdict wherever they come from.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from datetime import date, datetime
from urllib.parse import urlsplit

import trafilatura

from tidings.ingest.cleaning import clean_text
from tidings.models import Article, IngestProblem

__all__ = [
    "HEADER_KEYS",
    "SNIFF_BYTES",
    "binary_reason",
    "declared_charset",
    "decode_document",
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


# Share of control or unassigned characters above which decoded text is called binary.
_BINARY_SHARE = 0.3
SNIFF_BYTES = 8192
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_document(
    data: bytes, *, origin: str, html: bool = False, charset: str | None = None
) -> str | IngestProblem:
    """Turn a whole document's bytes into text, or say why they are not a document.

    UTF-8 (with or without BOM) is expected; UTF-16 with a BOM is accepted. A ``charset``
    from the transport (an HTTP header) is tried first. An HTML page that is not UTF-8 may
    still be read in the charset its markup declares, because older news sites still serve
    windows-1252 and say so. A file mixing encodings is refused with the offset of the
    first bad byte rather than guessed at: a guess would silently corrupt names.
    """
    if not data.strip():
        return IngestProblem(origin=origin, error="empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return IngestProblem(origin=origin, error=f"not valid UTF-16: {exc.reason}")
    binary = binary_reason(data[:SNIFF_BYTES])
    if binary:
        return IngestProblem(origin=origin, error=binary)
    if charset is not None and _known(charset) not in (None, "utf-8"):
        try:
            return data.decode(charset)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = declared_charset(data) if html else None
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


def _known(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset a page's markup declares in its first 4 KB, if Python knows it."""
    match = _CHARSET.search(data[:4096])
    if match is None:
        return None
    return _known(match.group(1).decode("ascii", errors="ignore"))


def binary_reason(head: bytes, *, any_nul: bool = True) -> str | None:
    """Why a document's first bytes look binary, or None when they look like text.

    For a whole document one NUL byte is enough (text editors never write one); a stream of
    records passes ``any_nul=False`` so that one bad record costs that record only, and NULs
    then count with the other control characters towards the binary share.
    """
    if any_nul and b"\x00" in head:
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
    if char == "\x00":
        return True
    return unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs")
