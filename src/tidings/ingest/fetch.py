"""Fetching article URLs over HTTP(S), politely and without being turned against our own network.

The fetcher is given its ``httpx.Client`` (or a transport to build one on), so tests pass
``httpx.MockTransport`` and never touch the network, and an application can share its
client's proxies and certificates. Each URL gets one result or one problem; nothing about a
URL stops the others.

Safety, in the order it is applied to every URL and every redirect hop:

1. only ``http`` and ``https``;
2. the host is resolved (by an injectable resolver) and refused when any address is
   loopback, private, link-local, multicast, reserved or otherwise not global, before any
   connection is made. The check and the connection resolve separately, so a hostile DNS
   server could still answer differently the second time (DNS rebinding); a deployment that
   must rule that out needs an egress proxy, which the injected client can carry;
3. ``robots.txt`` of the host is read (once per host and run) and obeyed for our agent;
4. redirects are followed by hand, at most ``max_redirects``, each hop checked again;
5. the response must be 200 with an HTML, text or feed media type, and at most
   ``max_bytes`` after content decoding, so a compressed bomb costs only the cap.

Politeness: at most ``concurrency`` requests at once overall, one at a time per host, with
``host_delay`` seconds between two requests to a host. Timeouts, connection errors, 429 and
5xx answers are retried ``retries`` times with exponential backoff (honouring a short
``Retry-After``). ``sleep`` is injectable so tests never wait.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from tidings import __version__
from tidings.ingest.documents import decode_document, read_html_document, read_text_document
from tidings.ingest.feeds import looks_like_feed, read_feed_bytes
from tidings.models import Article, IngestProblem

__all__ = ["FetchOptions", "Fetcher", "Resolver", "refusal_reason", "system_resolver"]

Resolver = Callable[[str], list[str]]
Item = Article | IngestProblem

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml"}
)
_TEXT_TYPES = frozenset({"text/plain"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_ROBOTS_MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class FetchOptions:
    """Limits and manners of fetching; the defaults suit a research crawl of news sites."""

    timeout: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    concurrency: int = 4
    host_delay: float = 1.0
    retries: int = 2
    backoff: float = 1.0
    max_backoff: float = 30.0
    respect_robots: bool = True
    allow_private_addresses: bool = False
    user_agent: str = f"tidings/{__version__} (news research; +https://pypi.org/project/tidings)"
    robots_agent: str = "tidings"


def system_resolver(host: str) -> list[str]:
    """The addresses the system resolver gives for a host name."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]) for info in infos})


def _address_refusal(address: str) -> str | None:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"{address!r} is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
    ):
        if flag:
            article = "an" if kind[0] in "aeiou" else "a"
            return f"{ip} is {article} {kind} address"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return None


def refusal_reason(url: str, *, resolve: Resolver, allow_private: bool = False) -> str | None:
    """Why a URL must not be fetched (scheme, host, address), or None when it may be."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 -- parsing the port is the check
    except ValueError as exc:
        return f"refused: not a valid URL ({exc})"
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = scheme or "(none)"
        return f"refused: scheme {shown!r} is not http or https"
    if not host:
        return "refused: the URL has no host"
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            addresses = resolve(host)
        except (OSError, UnicodeError) as exc:
            return f"cannot resolve host {host!r}: {exc}"
        if not addresses:
            return f"cannot resolve host {host!r}: no addresses"
    if allow_private:
        return None
    for address in addresses:
        reason = _address_refusal(address)
        if reason is not None:
            return f"refused: host {host!r} resolves to {reason}"
    return None


class _Refused(Exception):
    """A URL or hop that must not be fetched; the message is the problem to report."""


class Fetcher:
    """Fetches URLs into articles; safe to use from several threads at once."""

    def __init__(
        self,
        *,
        client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        options: FetchOptions | None = None,
        resolve: Resolver = system_resolver,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.options = options or FetchOptions()
        if client is None:
            client = httpx.Client(
                transport=transport,
                timeout=self.options.timeout,
                follow_redirects=False,
                headers={"User-Agent": self.options.user_agent},
            )
        self.client = client
        self.resolve = resolve
        self.sleep = sleep
        self._robots: OrderedDict[str, RobotFileParser | bool] = OrderedDict()
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._last_request: dict[str, float] = {}

    def close(self) -> None:
        self.client.close()

    # ---------------------------------------------------------------- public

    def fetch_many(self, urls: list[str], *, origin: str = "urls") -> Iterator[Item]:
        """Fetch URLs concurrently; results come back in the order of ``urls``.

        Only a window of ``2 × concurrency`` URLs is in flight or waiting, so a list of a
        million URLs does not hold a million pending results.
        """
        del origin  # each result names its own URL
        window = max(1, self.options.concurrency) * 2
        with ThreadPoolExecutor(max_workers=max(1, self.options.concurrency)) as pool:
            pending: list[Future[list[Item]]] = []
            for url in urls:
                pending.append(pool.submit(self.fetch, url))
                if len(pending) >= window:
                    yield from pending.pop(0).result()
            for future in pending:
                yield from future.result()

    def fetch(self, url: str) -> list[Item]:
        """One URL as articles (several for a feed) or as one problem naming it."""
        try:
            return self._fetch(url.strip())
        except _Refused as exc:
            return [IngestProblem(origin=url, error=str(exc))]
        except httpx.HTTPError as exc:
            return [IngestProblem(origin=url, error=f"fetch failed: {_describe(exc)}")]
        except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
            return [IngestProblem(origin=url, error=f"refused: not a valid URL ({exc})")]

    # ---------------------------------------------------------------- steps

    def _fetch(self, url: str) -> list[Item]:
        current = url
        for _hop in range(self.options.max_redirects + 1):
            self._check(current)
            response = self._request(current)
            if response.status_code in _REDIRECTS:
                location = response.headers.get("location")
                response.close()
                if not location:
                    raise _Refused(f"HTTP {response.status_code} redirect without a Location")
                current = urljoin(current, location)
                continue
            try:
                return self._read(response, given=url, final=current)
            finally:
                response.close()
        raise _Refused(f"too many redirects (more than {self.options.max_redirects})")

    def _check(self, url: str) -> None:
        reason = refusal_reason(
            url, resolve=self.resolve, allow_private=self.options.allow_private_addresses
        )
        if reason is not None:
            raise _Refused(reason)
        if self.options.respect_robots and not self._allowed_by_robots(url):
            raise _Refused(f"refused: robots.txt of {urlsplit(url).netloc} disallows {url}")

    def _request(self, url: str) -> httpx.Response:
        """A streamed GET with retries; the caller closes the response."""
        host = urlsplit(url).netloc.lower()
        attempt = 0
        while True:
            with self._host_lock(host):
                self._wait_for_host(host)
                try:
                    request = self.client.build_request("GET", url)
                    response = self.client.send(request, stream=True, follow_redirects=False)
                except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError):
                    if attempt >= self.options.retries:
                        raise
                    response = None
                finally:
                    self._last_request[host] = time.monotonic()
            if response is not None and (
                response.status_code not in _RETRY_STATUS or attempt >= self.options.retries
            ):
                return response
            delay = self._backoff(attempt, response)
            if response is not None:
                response.close()
            attempt += 1
            self.sleep(delay)

    def _backoff(self, attempt: int, response: httpx.Response | None) -> float:
        delay = self.options.backoff * (2**attempt)
        if response is not None:
            retry_after = response.headers.get("retry-after", "").strip()
            if retry_after.isdigit():
                delay = max(delay, float(retry_after))
        return min(delay, self.options.max_backoff)

    def _host_lock(self, host: str) -> threading.Lock:
        with self._lock:
            return self._host_locks.setdefault(host, threading.Lock())

    def _wait_for_host(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is None or self.options.host_delay <= 0:
            return
        wait = self.options.host_delay - (time.monotonic() - last)
        if wait > 0:
            self.sleep(wait)

    def _allowed_by_robots(self, url: str) -> bool:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}".lower()
        with self._lock:
            rules = self._robots.get(key)
        if rules is None:
            rules = self._load_robots(key)
            with self._lock:
                self._robots[key] = rules
                if len(self._robots) > 4096:
                    self._robots.popitem(last=False)
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(self.options.robots_agent, url)

    def _load_robots(self, base: str) -> RobotFileParser | bool:
        """The host's rules, or True (no rules: all allowed) or False (all disallowed).

        As RFC 9309 says: a 4xx answer means no rules; a 5xx answer or an unreachable
        server means the whole site is off limits for now. A redirected robots.txt is
        treated as absent rather than followed, which errs towards fetching only pages a
        human could reach.
        """
        try:
            response = self._request(f"{base}/robots.txt")
        except httpx.HTTPError:
            return False
        try:
            if 400 <= response.status_code < 500 or response.status_code in _REDIRECTS:
                return True
            if response.status_code != 200:
                return False
            body = _read_capped(response, _ROBOTS_MAX_BYTES)
        except (httpx.HTTPError, _Refused):
            return False
        finally:
            response.close()
        rules = RobotFileParser()
        rules.parse(body.decode("utf-8", errors="replace").splitlines())
        return rules

    def _read(self, response: httpx.Response, *, given: str, final: str) -> list[Item]:
        if response.status_code != 200:
            phrase = response.reason_phrase or ""
            raise _Refused(f"HTTP {response.status_code} {phrase}".strip())
        media, charset = _media_type(response.headers.get("content-type", ""))
        allowed = _HTML_TYPES | _FEED_TYPES | _TEXT_TYPES
        if media not in allowed:
            raise _Refused(
                f"unsupported content type {media or '(none)'!r}; expected HTML, plain text "
                "or an RSS/Atom feed"
            )
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > self.options.max_bytes:
            raise _Refused(
                f"response is {int(length)} bytes, over the {self.options.max_bytes}-byte limit"
            )
        body = _read_capped(response, self.options.max_bytes)
        if media in _FEED_TYPES and (media != "text/xml" or looks_like_feed(body)):
            return list(read_feed_bytes(body, origin=given))
        text = decode_document(body, origin=given, html=media in _HTML_TYPES, charset=charset)
        if isinstance(text, IngestProblem):
            return [text]
        if media in _TEXT_TYPES:
            result = read_text_document(text, origin=given)
        else:
            result = read_html_document(text, origin=given, url=final)
        if isinstance(result, Article) and result.url is None:
            result = result.model_copy(update={"url": final})
        return [result]


def _read_capped(response: httpx.Response, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise _Refused(f"response is larger than the {limit}-byte limit; stopped reading")
        chunks.append(chunk)
    return b"".join(chunks)


def _media_type(header: str) -> tuple[str, str | None]:
    media, _, params = header.partition(";")
    charset = None
    for part in params.split(";"):
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"
