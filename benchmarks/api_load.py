"""Load on the events endpoint: requests/s and latency percentiles of ``tidings serve``.

Run after `make run` (which writes tidings.duckdb): ``python benchmarks/api_load.py --db
tidings.duckdb`` (``--help`` for the knobs). The server is the real one, ``tidings serve``
in its own process (one uvicorn worker, read-only), so the client here does not share its
interpreter; the client is a bounded number of asyncio workers over one httpx connection
pool on loopback, each sending requests back to back. Requests cycle through a fixed mix of
``/api/events`` queries (pages, actor, dyad, type, quad class and date filters), so the
figures are for the endpoint as a dashboard uses it, not for one cached query.

A warm-up pass runs first and is not counted. Only 200 answers count as successes; any other
status is reported. Never part of the test suite: timings belong here, not in assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

QUERIES: tuple[str, ...] = (
    "/api/events?limit=50",
    "/api/events?limit=50&offset=50",
    "/api/events?limit=50&offset=150",
    "/api/events?actor=RUS&limit=50",
    "/api/events?actor=RUS&other=CHN",
    "/api/events?actor=USA&other=IRN",
    "/api/events?type=ASSAULT",
    "/api/events?quad_class=4&limit=100",
    "/api/events?status=alleged",
    "/api/events?since=2024-04-01&until=2024-04-30",
    "/api/events?outlet=The%20Meridian%20Post&limit=20",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "TIDINGS_API_TOKEN"}
    command = [sys.executable, "-c", "from tidings.cli import main; main()"]
    return subprocess.Popen(
        [*command, "serve", "--db", str(db), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def wait_until_up(client: httpx.AsyncClient, *, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if (await client.get("/api/summary")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit("the server did not answer within a minute")


async def load(
    base: str, *, requests: int, workers: int
) -> tuple[list[float], dict[int, int], float]:
    """Send ``requests`` from ``workers`` workers: latencies (s), status counts, seconds."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    next_index = 0
    limits = httpx.Limits(max_connections=workers, max_keepalive_connections=workers)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        await wait_until_up(client)
        for query in QUERIES:  # warm-up, not counted
            await client.get(query)

        async def worker() -> None:
            nonlocal next_index
            while next_index < requests:
                query = QUERIES[next_index % len(QUERIES)]
                next_index += 1
                started = time.perf_counter()
                response = await client.get(query)
                latencies.append(time.perf_counter() - started)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(workers)))
        elapsed = time.perf_counter() - started
    return latencies, statuses, elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("tidings.duckdb"))
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=8, help="Concurrent client workers.")
    args = parser.parse_args()
    if not args.db.is_file():
        raise SystemExit(f"{args.db} does not exist: run `make run` first")
    port = free_port()
    server = start_server(args.db, port)
    try:
        latencies, statuses, elapsed = asyncio.run(
            load(f"http://127.0.0.1:{port}", requests=args.requests, workers=args.workers)
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    ms = [x * 1000 for x in latencies]
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"{len(ms)} requests to /api/events ({len(QUERIES)} queries in turn), "
        f"{args.workers} workers, loopback, one uvicorn worker"
    )
    print(f"statuses: {dict(sorted(statuses.items()))}")
    print(f"throughput: {len(ms) / elapsed:.0f} requests/s")
    print(
        f"latency ms: p50 {statistics.median(ms):.1f}  p90 {percentile(ms, 0.9):.1f}  "
        f"p99 {percentile(ms, 0.99):.1f}  max {max(ms):.1f}"
    )


if __name__ == "__main__":
    main()
