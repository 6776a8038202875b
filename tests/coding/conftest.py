"""Fixtures of the coder's tests: one lexicon, one coder and the mention makers, per session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from coding_mentions import MentionMaker, mention_maker
from spacy.language import Language
from spacy.tokens import Doc

from shared_data import SHARED
from tidings.coding import CoderOptions, EventCoder, Lexicon, load_lexicon
from tidings.coding.evaluation import MentionFinder
from tidings.models import Article, Event, Mention

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
def link_mentions(nlp: Language) -> MentionFinder:
    """The real actor linker (knowledge base included), built once: what users get.

    The evaluation gates measure the coder with it; unit tests of single phenomena keep the
    stand-in (``find_mentions``) so that a linker change does not move them.
    """
    from tidings.kb import load_knowledge_base
    from tidings.nlp.actors import ActorLinker

    linker = ActorLinker(load_knowledge_base(), nlp)

    def run(doc: Doc, article: Article) -> list[Mention]:
        return linker.link(doc, published=article.published)

    return run


@pytest.fixture(scope="session")
def code(nlp: Language, lexicon: Lexicon, find_mentions: MentionMaker) -> Code:
    """Code one text: ``code(text, published=None, **options)`` -> events."""

    def run(text: str, *, published: date | None = None, **options: object) -> list[Event]:
        coder = EventCoder(lexicon, options=CoderOptions(**options))  # type: ignore[arg-type]
        article = Article.from_text(text, published=published)
        doc = nlp(text)
        return coder.code(doc, article=article, mentions=find_mentions(doc, article))

    return run
