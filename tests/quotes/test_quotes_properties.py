"""Property tests: any soup of quotation marks, words and line breaks is read without failing.

The scanner runs on every article, including broken HTML extractions and feeds that mangle
typography, so it must never raise, never return offsets outside the text, and never let one
quotation overlap another or run over a paragraph it has no right to.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from tidings.models import Article, Claim, Quote
from tidings.quotes import QuoteExtractor
from tidings.quotes.marks import paragraph_spans, scan_quotations
from tidings.quotes.speakers import entity_mentions

PIECES = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "'",
        "‘",
        "’",
        "«",
        "»",
        "„",
        "''",
        "``",
        "\n",
        "\n\n",
        " ",
        " ",
        ", ",
        ". ",
        ": ",
        "he",
        "said",
        "She",
        "warned",
        "Putin",
        "we",
        "will",
        "win",
        "the",
        "countries",
        "don't",
        "Xi’s",
        "’90s",
        "—",
    ]
)
SOUP = st.lists(PIECES, max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(SOUP, st.sampled_from(["line", "blank-line"]), st.booleans())
def test_scanner_never_fails_and_offsets_index_the_text(
    text: str, breaks: str, single: bool
) -> None:
    quotes = scan_quotations(text, breaks=breaks, top_level_single=single)  # type: ignore[arg-type]
    previous_end = -1
    for quote in quotes:
        assert 0 <= quote.start < quote.content_start <= quote.content_end <= quote.end
        assert quote.end <= len(text)
        assert quote.start >= previous_end, "quotations overlap"
        previous_end = quote.end
        words = text[quote.content_start : quote.content_end]
        assert words == words.strip() and any(c.isalnum() for c in words)


@settings(max_examples=200, deadline=None)
@given(SOUP)
def test_unclosed_quotes_stay_inside_their_paragraph(text: str) -> None:
    paragraphs = paragraph_spans(text)
    for quote in scan_quotations(text):
        if quote.closed or quote.continued:
            continue
        inside = [p for p in paragraphs if p[0] <= quote.start < p[1]]
        assert inside and quote.end <= inside[0][1]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=SOUP)
def test_extractor_never_fails_on_mark_soup(
    text: str, nlp: Language, extractor: QuoteExtractor
) -> None:
    doc = nlp(text)
    article = Article.from_text(text) if text.strip() else Article(id="empty", text=text)
    quotes, claims = extractor.extract(doc, article=article, mentions=entity_mentions(doc))
    items: list[Quote | Claim] = [*quotes, *claims]
    for item in items:
        assert text[item.start : item.end] == item.text
    for quote in quotes:
        if quote.speaker is not None:
            assert text[quote.speaker.start : quote.speaker.end] == quote.speaker.text
