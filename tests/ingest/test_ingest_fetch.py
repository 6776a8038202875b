"""Fetching URLs through a mock transport: safety checks, manners, limits. No network, ever."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from ingest_samples import page, rss

from tidings.ingest import Fetcher, FetchOptions, IngestOptions, read_path
from tidings.ingest.fetch import refusal_reason
from tidings.models import Article, IngestProblem

PUBLIC = "93.184.216.34"
HOSTS = {"private.example": ["10.1.2.3"], "mixed.example": [PUBLIC, "127.0.0.1"]}
Handler = Callable[[httpx.Request], httpx.Response]


def resolve(host: str) -> list[str]:
    if host == "nowhere.example":
        raise OSError("Name or service not known")
    return HOSTS.get(host, [PUBLIC])


class Recorder:
    """A mock transport that serves routes by URL and remembers every request."""

    def __init__(self, routes: dict[str, httpx.Response | Handler]) -> None:
        self.routes = routes
        self.requests: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.requests.append(url)
        route = self.routes.get(url)
        if route is None:
            if url.endswith("/robots.txt"):
                return httpx.Response(404)
            return httpx.Response(404, text="not here")
        return route(request) if callable(route) else route


def fetcher(recorder: Recorder, **options: object) -> tuple[Fetcher, list[float]]:
    slept: list[float] = []
    instance = Fetcher(
        transport=httpx.MockTransport(recorder),
        options=FetchOptions(**options),  # type: ignore[arg-type]
        resolve=resolve,
        sleep=slept.append,
    )
    return instance, slept


def html(body: str = page(), **headers: str) -> httpx.Response:
    return httpx.Response(
        200, headers={"Content-Type": "text/html; charset=utf-8", **headers}, text=body
    )


def one(results: list[Article | IngestProblem]) -> Article | IngestProblem:
    assert len(results) == 1, results
    return results[0]


def test_a_page_is_fetched_into_an_article() -> None:
    recorder = Recorder({"https://news.example/a": html()})
    item = one(fetcher(recorder)[0].fetch("https://news.example/a"))
    assert isinstance(item, Article), item
    assert item.origin == "https://news.example/a" and "Ankara" in item.text
    assert recorder.requests == ["https://news.example/robots.txt", "https://news.example/a"]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "scheme 'file' is not http or https"),
        ("ftp://news.example/a", "scheme 'ftp'"),
        ("javascript:alert(1)", "scheme 'javascript'"),
        ("gopher://127.0.0.1:25/", "scheme 'gopher'"),
        ("http://127.0.0.1/admin", "127.0.0.1 is a loopback address"),
        ("http://[::1]:8080/", "::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "127.0.0.1 is a loopback address"),
        ("http://10.0.0.5/", "10.0.0.5 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://0.0.0.0/", "0.0.0.0 is an unspecified address"),
        ("http://private.example/", "'private.example' resolves to 10.1.2.3"),
        ("http://mixed.example/", "127.0.0.1 is a loopback address"),
        ("http://nowhere.example/", "cannot resolve host 'nowhere.example'"),
        ("http:///no-host", "no host"),
        ("http://[::1/", "not a valid URL"),
    ],
)
def test_unsafe_urls_are_refused_before_connecting(url: str, reason: str) -> None:
    recorder = Recorder({})
    item = one(fetcher(recorder)[0].fetch(url))
    assert isinstance(item, IngestProblem) and item.origin == url
    assert reason in item.error
    assert recorder.requests == []


def test_private_addresses_may_be_allowed_explicitly() -> None:
    assert refusal_reason("http://10.0.0.5/", resolve=resolve, allow_private=True) is None
    assert refusal_reason("https://news.example/", resolve=resolve) is None


def test_a_redirect_to_a_private_address_is_refused_at_the_hop() -> None:
    recorder = Recorder(
        {
            "https://news.example/a": httpx.Response(302, headers={"Location": "/b"}),
            "https://news.example/b": httpx.Response(
                301, headers={"Location": "http://169.254.169.254/latest"}
            ),
        }
    )
    item = one(fetcher(recorder)[0].fetch("https://news.example/a"))
    assert isinstance(item, IngestProblem) and "169.254.169.254" in item.error
    assert not any("169.254" in url for url in recorder.requests)


def test_redirects_are_followed_up_to_the_cap() -> None:
    loop = {
        f"https://news.example/{i}": httpx.Response(302, headers={"Location": f"/{i + 1}"})
        for i in range(10)
    }
    recorder = Recorder({**loop, "https://news.example/3": html()})
    item = one(fetcher(recorder, max_redirects=3)[0].fetch("https://news.example/0"))
    assert isinstance(item, Article) and item.url == "https://news.example/3"
    recorder = Recorder(loop)
    item = one(fetcher(recorder, max_redirects=3)[0].fetch("https://news.example/0"))
    assert isinstance(item, IngestProblem) and "too many redirects (more than 3)" in item.error


@pytest.mark.parametrize(
    ("robots", "allowed"),
    [
        (httpx.Response(200, text="User-agent: *\nDisallow: /private/\n"), True),
        (httpx.Response(200, text="User-agent: tidings\nDisallow: /\n"), False),
        (httpx.Response(404), True),
        (httpx.Response(403), True),
        (httpx.Response(503), False),
    ],
)
def test_robots_txt_is_obeyed(robots: httpx.Response, allowed: bool) -> None:
    recorder = Recorder(
        {"https://news.example/robots.txt": robots, "https://news.example/a": html()}
    )
    item = one(fetcher(recorder, retries=0)[0].fetch("https://news.example/a"))
    assert isinstance(item, Article) is allowed, item
    if not allowed:
        assert "https://news.example/a" not in recorder.requests


def test_robots_txt_is_read_once_per_host() -> None:
    routes: dict[str, httpx.Response | Handler] = {
        f"https://news.example/{i}": html(page(f"Talks {i}")) for i in range(3)
    }
    recorder = Recorder(routes)
    instance, _ = fetcher(recorder)
    for i in range(3):
        instance.fetch(f"https://news.example/{i}")
    assert recorder.requests.count("https://news.example/robots.txt") == 1


def test_robots_disallow_is_reported_per_url() -> None:
    recorder = Recorder(
        {
            "https://news.example/robots.txt": httpx.Response(
                200, text="User-agent: *\nDisallow: /p/"
            ),
            "https://news.example/p/1": html(),
            "https://news.example/a": html(),
        }
    )
    instance, _ = fetcher(recorder)
    results = list(instance.fetch_many(["https://news.example/p/1", "https://news.example/a"]))
    assert isinstance(results[0], IngestProblem) and "robots.txt" in results[0].error
    assert isinstance(results[1], Article)


def test_content_type_is_checked() -> None:
    recorder = Recorder(
        {
            "https://news.example/a.pdf": httpx.Response(
                200, headers={"Content-Type": "application/pdf"}, content=b"%PDF"
            )
        }
    )
    item = one(fetcher(recorder)[0].fetch("https://news.example/a.pdf"))
    assert (
        isinstance(item, IngestProblem)
        and "unsupported content type 'application/pdf'" in item.error
    )


def test_size_cap_by_header_and_by_body() -> None:
    body = page(paragraphs=["Ministers met in Ankara on Monday to talk. " * 50] * 20)
    declared = html(body)
    streamed = httpx.Response(
        200,
        headers={"Content-Type": "text/html"},
        content=iter([body.encode()[:5000], body.encode()[5000:]]),
    )
    bomb = httpx.Response(
        200,
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
        content=gzip.compress(b"<p>" + b"a" * (8 * 1024 * 1024)),
    )
    recorder = Recorder(
        {
            "https://n.example/1": declared,
            "https://n.example/2": streamed,
            "https://n.example/3": bomb,
        }
    )
    instance, _ = fetcher(recorder, max_bytes=10_000)
    results = list(instance.fetch_many([f"https://n.example/{i}" for i in (1, 2, 3)]))
    assert [type(r).__name__ for r in results] == ["IngestProblem"] * 3
    assert "over the 10000-byte limit" in results[0].error
    assert "larger than the 10000-byte limit" in results[1].error
    assert "larger than the 10000-byte limit" in results[2].error


def test_transient_failures_are_retried_with_backoff() -> None:
    answers = iter([httpx.Response(503), httpx.Response(429, headers={"Retry-After": "7"}), html()])
    recorder = Recorder({"https://news.example/a": lambda _request: next(answers)})
    instance, slept = fetcher(recorder, backoff=0.5, host_delay=0)
    item = one(instance.fetch("https://news.example/a"))
    assert isinstance(item, Article)
    assert slept == [0.5, 7.0]


def test_connection_errors_give_up_after_the_retries() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    recorder = Recorder({"https://news.example/a": refuse})
    instance, slept = fetcher(recorder, retries=2, backoff=1.0, host_delay=0)
    item = one(instance.fetch("https://news.example/a"))
    assert isinstance(item, IngestProblem)
    assert item.error.startswith("fetch failed: ConnectError")
    assert slept == [1.0, 2.0]
    assert recorder.requests.count("https://news.example/a") == 3


def test_http_errors_are_problems_naming_the_status() -> None:
    recorder = Recorder({})
    item = one(fetcher(recorder)[0].fetch("https://news.example/missing"))
    assert isinstance(item, IngestProblem) and item.error == "HTTP 404 Not Found"


def test_a_feed_url_gives_its_entries() -> None:
    feed = rss(
        [
            (
                "One",
                "https://wire.example/1",
                "<p>Ministers met in Ankara on Monday, officials said.</p>",
            ),
            (
                "Two",
                "https://wire.example/2",
                "<p>Ministers met in Athens on Tuesday, officials said.</p>",
            ),
        ]
    )
    recorder = Recorder(
        {
            "https://wire.example/feed": httpx.Response(
                200, headers={"Content-Type": "application/rss+xml"}, content=feed
            )
        }
    )
    results = fetcher(recorder)[0].fetch("https://wire.example/feed")
    assert [getattr(r, "title", None) for r in results] == ["One", "Two"]


def test_many_urls_keep_their_order_and_hosts_are_paced() -> None:
    routes: dict[str, httpx.Response | Handler] = {
        f"https://h{i % 3}.example/{i}": html(page(f"Story {i}")) for i in range(12)
    }
    recorder = Recorder(routes)
    instance, slept = fetcher(recorder, concurrency=3, host_delay=5.0)
    urls = [f"https://h{i % 3}.example/{i}" for i in range(12)]
    results = list(instance.fetch_many(urls))
    assert [r.title for r in results if isinstance(r, Article)] == [f"Story {i}" for i in range(12)]
    # Every request after the first to a host waits for its delay (the clock barely moves).
    assert len(slept) == 12 and all(0 < s <= 5.0 for s in slept)


def test_url_list_is_fetched_when_a_fetcher_is_given(tmp_path: Path) -> None:
    recorder = Recorder({"https://news.example/a": html()})
    instance, _ = fetcher(recorder)
    path = tmp_path / "links.urls"
    path.write_text("https://news.example/a\nfile:///etc/passwd\n", encoding="utf-8")
    results = list(read_path(path, options=IngestOptions(fetcher=instance)))
    assert isinstance(results[0], Article)
    assert isinstance(results[1], IngestProblem) and "scheme 'file'" in results[1].error
