"""Fixtures for the linker's tests: one knowledge base and one linker per session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from spacy.language import Language

from tidings.kb import KnowledgeBase, load_knowledge_base
from tidings.models import Mention
from tidings.nlp.actors import ActorLinker

Link = Callable[..., list[Mention]]


@pytest.fixture(scope="session")
def actor_kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope="session")
def linker(actor_kb: KnowledgeBase, nlp: Language) -> ActorLinker:
    return ActorLinker(actor_kb, nlp)


@pytest.fixture(scope="session")
def link(linker: ActorLinker, nlp: Language) -> Link:
    """Link a text: ``link("...", published=date(...))`` -> mentions."""

    def run(text: str, *, published: date | None = None) -> list[Mention]:
        return linker.link(nlp(text), published=published)

    return run
