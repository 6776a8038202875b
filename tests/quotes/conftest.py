"""Fixtures of the quote tests: one cue lexicon, one extractor and a runner per session."""

from __future__ import annotations

import pytest
from quotes_support import Run, make_runner
from spacy.language import Language

from tidings.quotes import CueLexicon, QuoteExtractor, load_cue_lexicon


@pytest.fixture(scope="session")
def cues() -> CueLexicon:
    return load_cue_lexicon()


@pytest.fixture(scope="session")
def extractor(cues: CueLexicon) -> QuoteExtractor:
    return QuoteExtractor(cues)


@pytest.fixture(scope="session")
def run(nlp: Language, extractor: QuoteExtractor) -> Run:
    return make_runner(nlp, extractor)
