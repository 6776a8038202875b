"""HTML pages through trafilatura: text, metadata, furniture, and a benchmark sanity check."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from datetime import date

import pytest

from shared_data import shared_path
from tidings.ingest import read_html_document
from tidings.models import Article, IngestProblem

PARAGRAPHS = [
    "Foreign ministers from Turkey and Greece met in Ankara on Monday to discuss maritime "
    "borders, the first such meeting in more than two years.",
    "“We have agreed to keep talking,” the Turkish minister told reporters after the "
    "three-hour session, adding that experts would meet again in June.",
    "Officials on both sides said a draft agreement on fishing rights could be ready "
    "before the end of the summer, although several issues remain open.",
]

PAGE = f"""<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Ministers meet in Ankara | The Meridian Post</title>
<meta property="og:site_name" content="The Meridian Post">
<meta property="og:title" content="Ministers meet in Ankara">
<meta name="author" content="Selin Kaya">
<meta property="article:published_time" content="2024-03-11T08:15:00+03:00">
<link rel="canonical" href="https://www.meridianpost.example/world/ankara-talks">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies to improve your experience on our site.</div>
<article>
<h1>Ministers meet in Ankara</h1>
<p>{PARAGRAPHS[0]}</p>
<p>Share this article</p>
<p>Advertisement</p>
<p>{PARAGRAPHS[1]}</p>
<p>Read more: Five things to know about the Aegean dispute</p>
<p>{PARAGRAPHS[2]}</p>
<p>Sign up for our newsletter</p>
</article>
<footer>© The Meridian Post. Cookie policy. Contact us.</footer>
</body></html>
"""


def _article(result: Article | IngestProblem) -> Article:
    assert isinstance(result, Article), result
    return result


def test_page_text_keeps_paragraphs_and_drops_furniture() -> None:
    article = _article(read_html_document(PAGE, origin="ankara.html"))
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    for furniture in ("Share this article", "Advertisement", "Read more:", "Sign up", "Home"):
        assert furniture not in article.text
    # Paragraphs are separated by one blank line, so sentence splitting sees the breaks.
    assert f"{PARAGRAPHS[0]}\n\n{PARAGRAPHS[1]}\n\n{PARAGRAPHS[2]}" in article.text


def test_page_metadata() -> None:
    article = _article(read_html_document(PAGE, origin="ankara.html", url="https://x.example/a"))
    assert article.title == "Ministers meet in Ankara"
    assert article.source == "The Meridian Post"
    assert article.site == "meridianpost.example"
    assert article.url == "https://www.meridianpost.example/world/ankara-talks"  # canonical
    assert article.author == "Selin Kaya"
    assert article.published == date(2024, 3, 11)
    assert article.format == "html" and article.origin == "ankara.html"


def test_given_url_is_used_when_the_page_has_no_canonical_link() -> None:
    page = PAGE.replace('<link rel="canonical" href="https://www.meridianpost.example/world/', "")
    page = page.replace('ankara-talks">\n', "")
    article = _article(read_html_document(page, origin="p.html", url="https://news.example/a"))
    assert article.url == "https://news.example/a"
    assert article.site == "news.example"


def test_bytes_and_text_give_the_same_article() -> None:
    from_text = _article(read_html_document(PAGE, origin="a.html"))
    from_bytes = _article(read_html_document(PAGE.encode("utf-8"), origin="a.html"))
    assert from_text.id == from_bytes.id and from_text.text == from_bytes.text


@pytest.mark.parametrize(
    "page",
    [
        "",
        "   ",
        "<html><head><title>Nothing</title></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
    ],
)
def test_page_without_article_text_is_a_problem(page: str) -> None:
    result = read_html_document(page, origin="empty.html")
    assert isinstance(result, IngestProblem)
    assert result.origin == "empty.html"
    assert "no article text found" in result.error or "empty HTML" in result.error


def test_page_of_only_furniture_is_a_problem() -> None:
    page = "<html><body><article>" + "<p>Share this post</p><p>Advertisement</p>" * 5
    result = read_html_document(page + "</article></body></html>", origin="f.html")
    assert isinstance(result, IngestProblem)
    assert "no article text found" in result.error


# --- a sanity check on the extraction benchmark; the scored evaluation lives elsewhere ---


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text)
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


@pytest.mark.shared
def test_extraction_recall_on_five_benchmark_pages() -> None:
    folder = shared_path("data", "extraction")
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    recalls = []
    for page_id in sorted(truth)[:5]:
        html = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        result = read_html_document(html, origin=page_id, url=truth[page_id]["url"])
        gold = _shingles(truth[page_id]["articleBody"])
        found = _shingles(result.text) if isinstance(result, Article) else Counter()
        matched = sum((gold & found).values())
        recalls.append(matched / sum(gold.values()) if gold else 1.0)
    assert sum(recalls) / len(recalls) >= 0.8, recalls
