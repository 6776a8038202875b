"""Quotation marks on plain text: pairing, nesting, paragraphs and marks that never close."""

from __future__ import annotations

import pytest

from tidings.quotes.marks import MarkedQuote, classify_mark, paragraph_spans, scan_quotations


def contents(text: str, **options: object) -> list[str]:
    return [text[q.content_start : q.content_end] for q in scan_quotations(text, **options)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win" today.', ["we will win"]),
        ("He said “we will win” today.", ["we will win"]),
        ("“First,” she said, “second.”", ["First", "second."]),
        ('"One." "Two."', ["One.", "Two."]),
        ("Le ministre a dit « nous partons » hier.", ["nous partons"]),
        ("Er sagte „wir gehen“ heute.", ["wir gehen"]),
        ("He said ''we will win,'' and left.", ["we will win"]),
        ("He said ``we will win'' and left.", ["we will win"]),
    ],
)
def test_pairs_straight_curly_and_foreign_marks(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


def test_trailing_comma_is_not_part_of_the_words() -> None:
    text = "“We will not back down,” the minister said."
    (quote,) = scan_quotations(text)
    assert text[quote.content_start : quote.content_end] == "We will not back down"
    assert text[quote.start : quote.end] == "“We will not back down,”"


def test_nested_single_quotes_stay_inside_the_outer_quote() -> None:
    text = "“He told me ‘go home’ and I did,” she said. “Then ‘they’ came.”"
    assert contents(text) == ["He told me ‘go home’ and I did", "Then ‘they’ came."]


def test_apostrophes_are_not_quotation_marks() -> None:
    text = "The countries’ leaders met; Xi’s envoy said it wasn’t over in the ’90s."
    assert scan_quotations(text) == []


def test_outer_single_quotes_with_a_possessive_inside() -> None:
    text = "The envoy said 'the two countries' leaders agree,' before leaving."
    assert contents(text) == ["the two countries' leaders agree"]


def test_single_quoted_phrase_followed_by_more_words() -> None:
    text = "He praised the 'deep friendship' of the partnership."
    assert contents(text) == ["deep friendship"]


def test_single_quotes_can_be_switched_off() -> None:
    text = "He praised the 'deep friendship' of the partnership."
    assert contents(text, top_level_single=False) == []


def test_outer_single_quote_holding_double_quotes_wins() -> None:
    text = "'He shouted \"stop\" at us,' the witness said."
    assert contents(text) == ['He shouted "stop" at us']


def test_quote_continues_into_a_paragraph_that_opens_with_a_mark() -> None:
    text = "“The first part runs on.\n“And the second part ends it,” he said.\nNext paragraph."
    (quote,) = scan_quotations(text)
    assert quote.continued and quote.closed
    assert text[quote.content_start : quote.content_end].endswith("ends it")


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "She warned: “We are not ready for this.\nThe minister left.\n“New quote,” he said."
    quotes = scan_quotations(text)
    assert [text[q.content_start : q.content_end] for q in quotes] == [
        "We are not ready for this.",
        "New quote",
    ]
    assert not quotes[0].closed and quotes[1].closed


def test_unclosed_quote_at_the_end_of_the_text() -> None:
    text = "The envoy said: “We will keep the corridor open for aid.\nSource: wire"
    (quote,) = scan_quotations(text)
    assert not quote.closed
    assert text[quote.content_start : quote.content_end].endswith("open for aid.")
    assert "Source" not in text[quote.start : quote.end]


def test_second_opening_mark_ends_an_unclosed_quote() -> None:
    text = '"We will win, he said. "They will lose," she replied.'
    quotes = scan_quotations(text)
    assert [text[q.content_start : q.content_end] for q in quotes] == [
        "We will win, he said.",
        "They will lose",
    ]


def test_mark_glued_to_the_previous_sentence_still_opens() -> None:
    text = "Experts agree.“We live in a dangerous world,” she said."
    assert contents(text) == ["We live in a dangerous world"]


def test_blank_line_paragraphs_for_hard_wrapped_text() -> None:
    text = "He said “this runs\nover a wrapped line” and left.\n\nNext."
    assert contents(text, breaks="blank-line") == ["this runs\nover a wrapped line"]
    assert contents(text) == ["this runs"]  # one paragraph per line: unclosed, cut at the line


def test_paragraph_spans_skip_blank_lines() -> None:
    text = "One.\n\n  \nTwo.\r\nThree."
    assert [text[lo:hi] for lo, hi in paragraph_spans(text)] == ["One.", "Two.", "Three."]


def test_classify_mark_reads_direction_from_neighbours() -> None:
    text = 'a "b" c'
    assert classify_mark(text, 2, 0, len(text)) == ("double", "open", 1)
    assert classify_mark(text, 4, 0, len(text)) == ("double", "close", 1)
    assert classify_mark("don't", 3, 0, 5) is None


def test_empty_and_punctuation_only_quotes_are_dropped() -> None:
    assert scan_quotations('He said "" and "..." and “ , ”.') == []


def test_offsets_index_the_text() -> None:
    text = "A “quoted” word and «another one» here."
    for quote in scan_quotations(text):
        assert isinstance(quote, MarkedQuote)
        assert text[quote.start] in "“«" and text[quote.end - 1] in "”»"
        assert quote.start < quote.content_start < quote.content_end < quote.end
