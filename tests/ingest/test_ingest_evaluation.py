"""The extraction benchmark's metric, its report, and the gate on a fixed sample of pages."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from ingest_samples import page

from shared_data import shared_path
from tidings.ingest.evaluation import (
    evaluate_extraction,
    format_extraction_report,
    shingle_scores,
)

# Pinned on the first 30 pages in id order (measured 0.959 with trafilatura 2.3; the full
# 181 pages measure 0.961). Floors only ever move up.
SAMPLE_PAGES = 30
F1_FLOOR = 0.94


def test_shingle_scores() -> None:
    text = "one two three four five six"
    assert shingle_scores(text, text) == (1.0, 1.0)
    assert shingle_scores("", text) == (None, 0.0)
    assert shingle_scores(text, "") == (0.0, None)
    assert shingle_scores("", "") == (1.0, 1.0)
    precision, recall = shingle_scores("one two three four five six seven eight", text)
    assert (precision, recall) == (3 / 5, 1.0)
    assert shingle_scores("One two three four", "one two three four") == (0.0, 0.0)  # case kept


def _benchmark(folder: Path, pages: dict[str, tuple[bytes, str]]) -> Path:
    (folder / "html").mkdir(parents=True)
    truth = {}
    for page_id, (html, body) in pages.items():
        (folder / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html))
        truth[page_id] = {"articleBody": body, "url": f"https://example.com/{page_id}"}
    (folder / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return folder


def test_evaluation_scores_pages_and_lists_the_ones_without_text(tmp_path: Path) -> None:
    good = page("Ankara talks", ["Ministers met in Ankara on Monday to discuss maritime borders."])
    folder = _benchmark(
        tmp_path,
        {
            "a": (good.encode(), "Ministers met in Ankara on Monday to discuss maritime borders."),
            "b": (b"<html><body><nav>Home</nav></body></html>", "A body that was never found."),
        },
    )
    result = evaluate_extraction(folder)
    assert [p.page_id for p in result.errors] == ["b"]
    assert result.recall == pytest.approx((result.pages[0].recall or 0) / 2)  # b costs recall only
    assert result.precision == result.pages[0].precision
    report = format_extraction_report(result)
    assert report.startswith("HTML extraction on 2 pages") and "1 pages gave no text" in report
    assert "https://example.com/b" in report


def test_evaluation_names_a_folder_that_is_not_a_benchmark(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"ground-truth\.json"):
        evaluate_extraction(tmp_path)
    (tmp_path / "ground-truth.json").write_text("[1]", encoding="utf-8")
    with pytest.raises(ValueError, match="must map page ids"):
        evaluate_extraction(tmp_path)


@pytest.mark.shared
def test_extraction_f1_on_the_pinned_sample_stays_above_its_floor() -> None:
    result = evaluate_extraction(shared_path("data", "extraction"), limit=SAMPLE_PAGES)
    assert len(result.pages) == SAMPLE_PAGES
    assert result.f1 >= F1_FLOOR, format_extraction_report(result)
