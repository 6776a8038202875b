"""Canonical URLs: one spelling per article, so that copies of a link compare equal.

The same article reaches us as ``https://www.Example.com:443/a?utm_source=x#top`` from a
newsletter and ``https://www.example.com/a`` from a feed. Canonicalisation removes what
does not name the document: tracking parameters, the fragment, a default port, the case of
the scheme and host, an empty query. It keeps what might: the path's case, other query
parameters (sorted, since their order never names a different page on a news site) and
``www.``, which :func:`url_key` then drops for comparing.

A URL that cannot be parsed is returned stripped but otherwise untouched; canonicalising
must never lose a URL we were given.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = [
    "TRACKING_PARAMETERS",
    "TRACKING_PREFIXES",
    "canonical_url",
    "is_tracking_parameter",
    "parse_url_list",
    "url_key",
]

# Parameters that identify a campaign, a click or a reader, never the article.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wickedid",
        "cmpid",
        "ocid",
        "smid",
        "ref_src",
        "ref_url",
        "feature",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "at_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def is_tracking_parameter(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The canonical spelling of an http(s) URL; other URLs come back only stripped."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return text
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    # Rebuilt from the host alone, so credentials in the URL never reach the store.
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_parameter(name)
    ]
    query.sort()
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def url_key(url: str | None) -> str | None:
    """What two URLs of one article share: canonical, without scheme, ``www.`` or end slash.

    Used only to compare, never stored as the article's URL: http and https, or a page with
    and without ``www.``, are the same article on every news site we know.
    """
    if not url:
        return None
    canonical = canonical_url(url)
    parts = urlsplit(canonical)
    if parts.scheme not in _DEFAULT_PORTS or not parts.netloc:
        return None
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


def parse_url_list(text: str) -> list[str | tuple[int, str]]:
    """The URLs of a list, one per line; blank lines and ``#`` comments are skipped.

    A line that is not a URL comes back as ``(line number, line)`` so that the caller can
    report it by line; the fetcher judges schemes and hosts.
    """
    found: list[str | tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if _SCHEME.match(line) and " " not in line:
            found.append(line)
        else:
            found.append((number, line))
    return found
