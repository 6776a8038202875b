"""Inputs the ingest tests build on the fly: pages, feeds, web archives, a stub extractor.

Kept in one module so that every test file makes its WARC or feed the same way, and so the
crash-safety driver and the analyze tests share one stub extractor that stores a fact per
article (an article stored without its facts must be visible as such).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tidings.models import Article, Extraction, ExtractionError, Mention

PARAGRAPHS = (
    "Foreign ministers from Turkey and Greece met in Ankara on Monday to discuss maritime "
    "borders, the first such meeting in more than two years, officials said.",
    "Both sides said experts would meet again in June to draft an agreement on fishing "
    "rights and air space, although several issues remain open.",
)


def page(title: str = "Ankara talks", paragraphs: Iterable[str] = PARAGRAPHS) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{body}</article></body></html>"
    )


def rss(items: Iterable[tuple[str, str, str]], *, title: str = "Meridian Wire") -> bytes:
    """An RSS 2.0 feed of (title, link, description) items, dated 16 May 2024."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link>"
        f"<pubDate>Thu, 16 May 2024 09:30:00 GMT</pubDate>"
        f"<description><![CDATA[{d}]]></description></item>"
        for t, link, d in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}'
        f"</title><link>https://wire.example/</link>{entries}</channel></rss>"
    ).encode()


def warc(records: Iterable[tuple[str, int, str, bytes]], *, gzip: bool = True) -> bytes:
    """A WARC file of HTTP responses: (url, status, content type, body)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for url, status, content_type, body in records:
        headers = StatusAndHeaders(
            f"{status} {'OK' if status == 200 else 'Other'}",
            [("Content-Type", content_type)],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()


class StubExtractor:
    """Stands in for the NLP: one mention per article, and a failure on request.

    Articles whose text contains ``fail_marker`` come back as an ExtractionError, to test that
    a failing article is reported and the batch goes on.
    """

    def __init__(self, fail_marker: str = "\u2620") -> None:
        self.fail_marker = fail_marker
        self.seen: list[str] = []

    def extract_many(
        self, articles: Iterable[Article]
    ) -> Iterator[tuple[Article, Extraction | ExtractionError]]:
        for article in articles:
            self.seen.append(article.id)
            if self.fail_marker in article.text:
                yield article, ExtractionError(id=article.id, error="stub: refused")
                continue
            end = min(5, len(article.text))
            mention = Mention(text=article.text[:end], start=0, end=end, method="stub")
            yield article, Extraction(id=article.id, actors=[mention])


def arc(records: Iterable[tuple[str, bytes]]) -> bytes:
    """An ARC (version 1) file of 200 HTML responses: (url, html)."""
    version = b"1 0 Tidings\nURL IP-address Archive-date Content-type Archive-length\n"
    out = b"filedesc://test.arc 0.0.0.0 20240516000000 text/plain %d\n" % len(version)
    out += version + b"\n"
    for url, html in records:
        payload = b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
        line = b"%s 93.184.216.34 20240516093000 text/html %d\n" % (url.encode(), len(payload))
        out += line + payload + b"\n"
    return out
