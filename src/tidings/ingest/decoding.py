"""Bytes to text for whole documents, or the reason they are not text at all.

Shared by files, archives, fetched pages and standard input, so that a Latin-1 page, a PNG
named ``.txt`` or a UTF-16 export get the same verdict wherever they come from.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from tidings.models import IngestProblem

__all__ = ["SNIFF_BYTES", "binary_reason", "declared_charset", "decode_document"]

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


def binary_reason(head: bytes) -> str | None:
    """Why a document's first bytes look binary, or None when they look like text."""
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
