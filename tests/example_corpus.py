"""The example corpus, analysed into one DuckDB file per test session, with hostile articles.

Shared by ``tests/api`` and ``tests/web`` through the session fixture ``example_db`` in
``tests/conftest.py``: analysing the corpus takes seconds, and both faces must read the same
store. Besides ``examples/corpus`` it holds ``examples/hostile/script-payload.html`` and an
article whose event sentences, title and outlet carry ``<script>`` and ``onerror=`` payloads;
each payload would set ``window.__tidingsPwned`` if any page ever ran it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from tidings.analysis import ensure_analysis
from tidings.analyze import analyze
from tidings.extract import Extractor
from tidings.ingest import read_paths
from tidings.models import Article, IngestProblem
from tidings.store import Store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
HOSTILE_HTML = ROOT / "examples" / "hostile" / "script-payload.html"

PWNED = "__tidingsPwned"  # the window variable a payload sets if it runs
PWNED_TAG = "pwned-node"  # the element a payload creates if it runs
_RUN = f"window.{PWNED}=1;document.body.appendChild(document.createElement('{PWNED_TAG}'))"
PAYLOAD = f'<img src=x onerror="{_RUN}">'
HOSTILE_TEXT = (
    "Russia accused Ukraine of shelling the border town of Belgorod "
    f"{PAYLOAD} on Monday, officials in Moscow said. "
    f"<script>{_RUN}</script> "
    "Ukraine rejected the accusation and said Russia had attacked Kharkiv."
)
HOSTILE_TITLE = f"Border shelling <script>window.{PWNED}=3</script> claims"
HOSTILE_OUTLET = "The <b>Payload</b> Gazette"


def hostile_article() -> Article:
    return Article.from_text(
        HOSTILE_TEXT,
        title=HOSTILE_TITLE,
        source=HOSTILE_OUTLET,
        published=date(2024, 5, 6),
        origin="tests",
    )


def corpus_items() -> Iterator[Article | IngestProblem]:
    yield from read_paths([CORPUS, HOSTILE_HTML])
    yield hostile_article()


def build_example_db(path: Path, extractor: Extractor) -> Path:
    """Analyse the corpus (and the hostile articles) into ``path`` and build the analysis."""
    with Store.open(path) as store:
        analyze(corpus_items(), store=store, extractor=extractor)
        ensure_analysis(store)
    return path
