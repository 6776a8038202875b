"""Fixtures of the coder's tests: one lexicon, one coder and one mention maker per session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from coding_mentions import MentionMaker, mention_maker
from spacy.language import Language

from shared_data import SHARED
from tidings.coding import CoderOptions, EventCoder, Lexicon, load_lexicon
from tidings.models import Article, Event

Code = Callable[..., list[Event]]


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="session")
def coder(lexicon: Lexicon) -> EventCoder:
    return EventCoder(lexicon)


@pytest.fixture(scope="session")
def find_mentions() -> MentionMaker:
    """The stand-in linker; it reads the codebook's demonyms when the shared data is here."""
    countries = SHARED / "data" / "codebooks" / "countries.csv"
    return mention_maker(countries if countries.exists() else None)


@pytest.fixture(scope="session")
def code(nlp: Language, lexicon: Lexicon, find_mentions: MentionMaker) -> Code:
    """Code one text: ``code(text, published=None, **options)`` -> events."""

    def run(text: str, *, published: date | None = None, **options: object) -> list[Event]:
        coder = EventCoder(lexicon, options=CoderOptions(**options))  # type: ignore[arg-type]
        article = Article.from_text(text, published=published)
        doc = nlp(text)
        return coder.code(doc, article=article, mentions=find_mentions(doc, article))

    return run
