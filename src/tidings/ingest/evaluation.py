"""Scoring HTML article extraction against the article-extraction benchmark's ground truth.

``tidings evaluate extraction`` runs the ingest stage's own HTML reader (trafilatura plus
our cleaning, exactly what ``tidings analyze`` stores) on every page of the benchmark and
compares the text with the ground-truth article body. The metric is the benchmark's, so our
figure can be set beside the ones it publishes:

* both texts are split into ``\\w+`` tokens (Unicode, case kept) and cut into 4-token
  shingles; matches are counted between the two *multisets* of shingles: TP is the sum of
  the smaller counts, FP the predicted shingles left over, FN the true ones left over;
* per page, precision is TP/(TP+FP) and recall TP/(TP+FN); a page with neither FP nor FN
  scores 1 on both. Precision is averaged over pages that predicted something, recall over
  pages whose truth has something, so a page where extraction failed costs recall only;
* F1 is the harmonic mean of the averaged precision and recall; accuracy is the share of
  pages whose token lists are identical.

A text of fewer than four tokens is one shingle of all its tokens, so that a very short
truth is still scored rather than skipped.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tidings.ingest.documents import read_html_document
from tidings.models import Article

__all__ = [
    "ExtractionResult",
    "PageScore",
    "evaluate_extraction",
    "format_extraction_report",
    "shingle_scores",
]

_TOKEN = re.compile(r"\w+")
_SHINGLE = 4


@dataclass(frozen=True)
class PageScore:
    """One page: its scores (None where the metric leaves the page out) and any error."""

    page_id: str
    url: str | None
    precision: float | None
    recall: float | None
    exact: bool
    error: str | None = None


@dataclass(frozen=True)
class ExtractionResult:
    """Averaged scores over the pages, with each page's score and the pages that failed."""

    pages: tuple[PageScore, ...]
    precision: float
    recall: float
    f1: float
    accuracy: float

    @property
    def errors(self) -> list[PageScore]:
        return [page for page in self.pages if page.error is not None]


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < _SHINGLE:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1))


def shingle_scores(predicted: str, truth: str) -> tuple[float | None, float | None]:
    """Precision and recall of one page by the benchmark's shingle metric (None: left out)."""
    found, gold = _shingles(predicted), _shingles(truth)
    tp = sum((found & gold).values())
    fp = sum(found.values()) - tp
    fn = sum(gold.values()) - tp
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp > 0 else None
    recall = tp / (tp + fn) if tp + fn > 0 else None
    return precision, recall


def _score_page(folder: Path, page_id: str, truth: dict[str, str]) -> PageScore:
    url = truth.get("url")
    gold = truth.get("articleBody", "")
    path = folder / "html" / f"{page_id}.html.gz"
    predicted = ""
    error: str | None = None
    try:
        html = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as exc:
        error = f"cannot read {path.name}: {exc}"
    else:
        result = read_html_document(html, origin=page_id, url=url)
        if isinstance(result, Article):
            predicted = result.text
        else:
            error = result.error
    precision, recall = shingle_scores(predicted, gold)
    exact = _TOKEN.findall(predicted) == _TOKEN.findall(gold)
    return PageScore(page_id, url, precision, recall, exact, error)


def evaluate_extraction(
    folder: Path | str, *, ids: Sequence[str] | None = None, limit: int | None = None
) -> ExtractionResult:
    """Score extraction on the benchmark in ``folder`` (``ground-truth.json`` and ``html/``).

    ``ids`` picks pages; ``limit`` keeps the first pages in id order. Raises
    FileNotFoundError or ValueError naming the file when the folder is not a benchmark.
    """
    folder = Path(folder)
    truth_path = folder / "ground-truth.json"
    try:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(
            f"{truth_path} not found: pass the folder of the extraction benchmark"
        ) from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{truth_path} is not valid JSON: {exc}") from exc
    if not isinstance(truth, dict):
        raise ValueError(f"{truth_path} must map page ids to their ground truth")
    chosen = sorted(truth) if ids is None else list(ids)
    unknown = [page_id for page_id in chosen if page_id not in truth]
    if unknown:
        raise ValueError(f"{truth_path} has no page {unknown[0]!r}")
    if limit is not None:
        chosen = chosen[:limit]
    pages = tuple(_score_page(folder, page_id, truth[page_id]) for page_id in chosen)
    precisions = [p.precision for p in pages if p.precision is not None]
    recalls = [p.recall for p in pages if p.recall is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(p.exact for p in pages) / len(pages) if pages else 0.0
    return ExtractionResult(pages, precision, recall, f1, accuracy)


def format_extraction_report(result: ExtractionResult, *, worst: int = 10) -> str:
    """A plain-text report: the figures, the pages that failed, and the worst pages by F1."""
    lines = [
        f"HTML extraction on {len(result.pages)} pages (4-token shingles): "
        f"F1 {result.f1:.3f}  precision {result.precision:.3f}  recall {result.recall:.3f}  "
        f"accuracy {result.accuracy:.3f}",
    ]
    if result.errors:
        lines.append(f"{len(result.errors)} pages gave no text:")
        lines.extend(f"  {page.page_id[:16]}  {page.url}: {page.error}" for page in result.errors)
    scored = [(_page_f1(page), page) for page in result.pages if page.error is None and worst > 0]
    scored.sort(key=lambda pair: pair[0])
    if scored:
        lines.append(f"Worst {min(worst, len(scored))} pages:")
        for f1, page in scored[:worst]:
            p = "-" if page.precision is None else f"{page.precision:.2f}"
            r = "-" if page.recall is None else f"{page.recall:.2f}"
            lines.append(f"  F1 {f1:.2f}  P {p}  R {r}  {page.url}")
    return "\n".join(lines)


def _page_f1(page: PageScore) -> float:
    p, r = page.precision or 0.0, page.recall or 0.0
    return 2 * p * r / (p + r) if p + r else 0.0
