"""Reading RSS and Atom feeds with feedparser: one article per entry that carries text.

Feeds are XML from strangers, so two things are refused before any parser sees them: a
document type that declares entities (the billion-laughs expansion and external-entity
reads both need one, and real feeds never do), and a feed over the document size limit.
feedparser is always handed the bytes as a stream, never a string, because it treats a
string that looks like a URL or a path as something to open.

An entry's text is its longest ``content`` value, else its ``summary``; HTML in either is
reduced to paragraphs. Many feeds carry only a teaser, and that teaser is what is read: a
feed is not a licence to fetch every linked page (pass the links as a ``.urls`` list with a
fetcher for that). Dates are the entry's publication date, else its update date, as the
feed states them in UTC.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from datetime import date
from html import unescape
from typing import Any

import feedparser
import lxml.html
from lxml import etree

from tidings.ingest.cleaning import clean_text
from tidings.ingest.documents import site_of
from tidings.models import Article, IngestProblem

__all__ = ["MIN_ENTRY_CHARS", "fragment_text", "looks_like_feed", "read_feed_bytes"]

# An entry whose text is shorter than this is a link without a teaser, not an article.
MIN_ENTRY_CHARS = 20
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
# The first start tag of an element, where the document type (and any entity) must have ended.
_ROOT_TAG = re.compile(rb"<[A-Za-z]")
_FEED_ROOT = re.compile(rb"<(?:[A-Za-z0-9_-]+:)?(rss|feed|RDF)[\s>]")
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "tr",
        "section",
        "article",
        "header",
        "footer",
    ]
)
_DROP = ("script", "style", "noscript", "iframe", "object", "embed", "template", "svg")


def looks_like_feed(head: bytes) -> bool:
    """Whether a document's first bytes open an RSS, RDF or Atom root element."""
    return _FEED_ROOT.search(head[:4096]) is not None


def read_feed_bytes(data: bytes, *, origin: str) -> Iterator[Article | IngestProblem]:
    """Every entry of a feed with text as an article; a feed that cannot be read is a problem."""
    refusal = _entity_refusal(data)
    if refusal is not None:
        yield IngestProblem(origin=origin, error=refusal)
        return
    try:
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False)
    # feedparser falls back to a lenient parser for most bad XML; what still escapes is
    # reported against the feed so that the run goes on.
    except Exception as exc:
        yield IngestProblem(
            origin=origin, error=f"feed could not be parsed: {type(exc).__name__}: {exc}"
        )
        return
    entries = parsed.get("entries") or []
    if not entries:
        yield IngestProblem(origin=origin, error=_empty_reason(parsed))
        return
    outlet = _string(parsed.get("feed", {}).get("title"))
    for number, entry in enumerate(entries, start=1):
        yield _read_entry(entry, outlet=outlet, origin=origin, item=str(number))


def _entity_refusal(data: bytes) -> str | None:
    root = _ROOT_TAG.search(data)
    prolog = data[: root.start()] if root else data
    if _ENTITY_DECLARATION.search(prolog):
        return (
            "refused: the document type declares XML entities (entity expansion and external "
            "entities are not allowed in feeds)"
        )
    return None


def _empty_reason(parsed: Any) -> str:
    problem = parsed.get("bozo_exception")
    if parsed.get("version"):
        return "feed has no entries"
    if problem is not None:
        return f"malformed feed (not RSS or Atom): {_first_line(problem)}"
    return "not an RSS or Atom feed (no feed root element, no entries)"


def _first_line(exc: object) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


def _read_entry(
    entry: Any, *, outlet: str | None, origin: str, item: str
) -> Article | IngestProblem:
    raw, kind = _entry_body(entry)
    text = clean_text(fragment_text(raw) if "html" in kind else raw)
    if len(text) < MIN_ENTRY_CHARS:
        return IngestProblem(
            origin=origin,
            item=f"entry {item}",
            error=f"entry has no article text ({len(text)} characters in content and summary)",
        )
    link = _string(entry.get("link"))
    author = _string(entry.get("author"))
    language = _string(entry.get("language"))
    return Article.from_text(
        text,
        title=_string(entry.get("title")),
        url=link,
        source=outlet,
        site=site_of(link),
        author=author,
        published=_entry_date(entry),
        language=language,
        origin=f"{origin}#entry-{item}",
        format="other",
    )


def _entry_body(entry: Any) -> tuple[str, str]:
    """The entry's longest content value, else its summary, with its media type."""
    best, kind = "", "text/plain"
    for content in entry.get("content") or []:
        value = _string(content.get("value")) or ""
        if len(value) > len(best):
            best, kind = value, str(content.get("type") or "text/html")
    if best:
        return best, kind
    summary = _string(entry.get("summary")) or ""
    detail = entry.get("summary_detail") or {}
    return summary, str(detail.get("type") or "text/html")


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


def _string(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def fragment_text(html: str) -> str:
    """The text of an HTML fragment with one blank line between blocks; scripts dropped.

    Used for feed content, which is a fragment and usually too short for trafilatura's
    article detection to take it.
    """
    if "<" not in html:
        return unescape(html)
    # A whole document is built around the fragment: lxml's fragment helpers assert on
    # fragments that carry their own <html> tag, and feeds do send those.
    try:
        document = lxml.html.document_fromstring(f"<html><body><div>{html}</div></body></html>")
    except (etree.ParserError, ValueError):
        return ""
    root = document.find("body")
    if root is None:
        return ""
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for element in list(root.iter(*_DROP)):
        element.drop_tree()
    parts: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else None
        if event == "start":
            if tag in _BLOCKS:
                parts.append("\n\n")
            if tag is not None and element.text:
                parts.append(element.text)
        else:
            if tag in _BLOCKS:
                parts.append("\n\n")
            if element is not root and element.tail:
                parts.append(element.tail)
    text = "".join(parts)
    return re.sub(r"[ \t]*\n[ \t\n]*\n[ \t\n]*", "\n\n", text)
