"""Plain-text documents: the seed articles, the example-corpus header, the headline rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tidings.ingest import read_path, read_text_document
from tidings.models import Article, IngestProblem

BODY = (
    "Foreign ministers from both countries met in Ankara on Monday.\n\n"
    "They agreed to reopen the border crossing, officials said."
)


def _article(result: Article | IngestProblem) -> Article:
    assert isinstance(result, Article), result
    return result


@pytest.mark.shared
def test_seed_articles_clean_as_the_gold_says(seeds_dir: Path, seeds_gold: dict) -> None:
    documents = seeds_gold["documents"]
    assert documents, "the seed gold lists no documents"
    for doc in documents:
        results = list(read_path(seeds_dir / doc["file"]))
        assert len(results) == 1, doc["file"]
        article = _article(results[0])
        assert article.format == "text"
        for wanted in doc["clean"]["must_contain"]:
            assert wanted in article.text, f"{doc['file']}: lost {wanted!r}"
        for unwanted in doc["clean"]["must_not_contain"]:
            assert unwanted not in article.text, f"{doc['file']}: kept {unwanted!r}"


@pytest.mark.shared
def test_seed_headlines_are_titles_kept_in_the_text(seeds_dir: Path, seeds_gold: dict) -> None:
    for doc in seeds_gold["documents"]:
        article = _article(next(read_path(seeds_dir / doc["file"])))
        first_line = article.text.split("\n", 1)[0]
        if article.title is not None:
            assert article.text.startswith(article.title)
            assert len(article.title) < 200 and not article.title.endswith(".")
        else:
            assert len(first_line) >= 200 or first_line.endswith(".")
        assert article.published is None  # the seeds carry no header and no date


def test_header_fields_fill_the_article() -> None:
    text = (
        "Title: Border crossing to reopen\n"
        "Outlet: The Meridian Post\n"
        "Published: 2024-03-11\n"
        "URL: https://www.meridianpost.example/world/border\n"
        "Author: Selin Kaya\n"
        "Language: en\n"
        "\n" + BODY + "\n"
    )
    article = _article(read_text_document(text, origin="corpus/border.txt"))
    assert article.text == BODY
    assert article.title == "Border crossing to reopen"
    assert article.source == "The Meridian Post"
    assert article.site == "meridianpost.example"
    assert article.url == "https://www.meridianpost.example/world/border"
    assert article.author == "Selin Kaya"
    assert article.published == date(2024, 3, 11)
    assert article.language == "en"
    assert article.origin == "corpus/border.txt"
    assert article.format == "text"


def test_header_keys_are_case_insensitive_and_need_no_blank_line() -> None:
    text = "TITLE: Talks\noutlet:   Daily Ledger \n" + BODY
    article = _article(read_text_document(text, origin="x.txt"))
    assert (article.title, article.source) == ("Talks", "Daily Ledger")
    assert article.text == BODY


def test_header_changes_do_not_change_the_id() -> None:
    one = _article(read_text_document("Title: A\n\n" + BODY, origin="a.txt"))
    two = _article(read_text_document("Title: B\nOutlet: C\n\n" + BODY, origin="b.txt"))
    bare = _article(read_text_document(BODY, origin="c.txt"))
    assert one.id == two.id == bare.id


def test_a_header_is_only_read_when_the_first_line_is_a_key() -> None:
    text = "Update: the crossing reopened at noon.\nTitle: not a header\n\n" + BODY
    article = _article(read_text_document(text, origin="x.txt"))
    assert article.text.startswith("Update: the crossing reopened at noon.\nTitle: not a header")
    assert article.title is None


def test_unknown_key_ends_the_header() -> None:
    text = "Outlet: The Meridian Post\nSection: World\n\n" + BODY
    article = _article(read_text_document(text, origin="x.txt"))
    assert article.source == "The Meridian Post"
    assert article.text.startswith("Section: World\n\n")


def test_header_without_title_uses_the_headline_rule_on_the_body() -> None:
    text = "Outlet: The Meridian Post\n\nBorder crossing to reopen\n\n" + BODY
    article = _article(read_text_document(text, origin="x.txt"))
    assert article.title == "Border crossing to reopen"
    assert article.text.startswith("Border crossing to reopen\n\n")


@pytest.mark.parametrize("value", ["11/03/2024", "2024-13-01", "last Monday"])
def test_bad_header_date_is_a_problem(value: str) -> None:
    result = read_text_document(f"Published: {value}\n\n{BODY}", origin="x.txt")
    assert isinstance(result, IngestProblem)
    assert result.origin == "x.txt" and result.item == "header"
    assert "Published" in result.error and value in result.error


def test_header_date_may_be_a_full_iso_datetime() -> None:
    text = f"Published: 2024-03-11T23:30:00-05:00\n\n{BODY}"
    assert _article(read_text_document(text, origin="x.txt")).published == date(2024, 3, 11)


@pytest.mark.parametrize(
    ("first", "title"),
    [
        ("Border crossing to reopen", "Border crossing to reopen"),
        ("Why the talks failed?", "Why the talks failed?"),
        ("The border crossing will reopen on Monday.", None),
        ("A" * 200, None),
        ("A" * 199, "A" * 199),
    ],
)
def test_bare_text_headline_rule(first: str, title: str | None) -> None:
    article = _article(read_text_document(f"\n\n{first}\n{BODY}", origin="x.txt"))
    assert article.title == title
    assert article.text.startswith(first)  # the headline stays in the coded text


def test_single_line_text_has_no_title() -> None:
    article = _article(read_text_document("Talks resume in Ankara", origin="x.txt"))
    assert article.title is None and article.text == "Talks resume in Ankara"


def test_text_of_only_furniture_is_a_problem() -> None:
    result = read_text_document("Share this post\n\nChat Now\n", origin="x.txt")
    assert isinstance(result, IngestProblem)
    assert "no article text" in result.error


def test_windows_line_ends_and_bom_do_not_hide_the_header() -> None:
    text = "\ufeffTitle: Talks\r\nOutlet: Ledger\r\n\r\n" + BODY.replace("\n", "\r\n")
    article = _article(read_text_document(text, origin="x.txt"))
    assert (article.title, article.source, article.text) == ("Talks", "Ledger", BODY)
