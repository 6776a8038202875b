"""Every actor in the seeds gold resolves to a code and sector the gold accepts.

The gold writes alternatives as "A|B"; a missing sector means any. Documents with a
publication date are looked up on that date (Stoltenberg was NATO chief on 2024-05-15);
undated ones with no date, where open roles count as current.
"""

from __future__ import annotations

from datetime import date

import pytest

from tidings.kb import KnowledgeBase, Resolution, load_knowledge_base


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def _gold_actors(seeds_gold: dict) -> list[tuple[str, dict, date | None]]:
    rows = []
    for document in seeds_gold["documents"]:
        published = document.get("published")
        on = date.fromisoformat(published) if published else None
        for actor in document["actors"]:
            rows.append((document["file"], actor, on))
    return rows


def _accepts(actor: dict, res: Resolution) -> bool:
    codes = set(actor["code"].split("|"))
    sectors = set(actor["sector"].split("|")) if actor.get("sector") else None
    return res.code in codes and (sectors is None or res.sector in sectors)


def test_every_gold_actor_resolves_by_lookup(kb: KnowledgeBase, seeds_gold: dict) -> None:
    rows = _gold_actors(seeds_gold)
    misses = []
    for file, actor, on in rows:
        results = kb.lookup(actor["text"], on=on)
        # the first result is what a linker takes when it has no other evidence
        if not results or not _accepts(actor, results[0]):
            misses.append((file, actor["text"], [(r.code, r.sector) for r in results]))
    assert not misses, f"{len(misses)} of {len(rows)} gold actors missed: {misses}"
    assert len(rows) == 35  # the gold's size when this test was written; a change is news


@pytest.mark.parametrize("text", ["Western officials", "Western governments"])
def test_western_officials_also_resolve_by_parts(kb: KnowledgeBase, text: str) -> None:
    """A linker without the phrase in the KB gets there from demonym + role noun."""
    adjective, noun = text.split()
    assert kb.demonym(adjective) == "WST"
    assert kb.role_sector(noun) == "GOV"


def test_stoltenberg_depends_on_the_document_date(kb: KnowledgeBase) -> None:
    on_publication = kb.lookup("Jens Stoltenberg", on=date(2024, 5, 15))[0]
    assert (on_publication.code, on_publication.sector, on_publication.igo) == (
        "IGO",
        "GOV",
        "NATO",
    )
    after_handover = kb.lookup("Jens Stoltenberg", on=date(2024, 12, 1))[0]
    assert (after_handover.code, after_handover.sector) == ("NOR", "ELI")
