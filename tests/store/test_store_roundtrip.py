"""Property tests: whatever extraction is saved reads back equal, and saving twice adds nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_strategies import article_extractions

from tidings.models import Article, Extraction, Mention
from tidings.store import Store

# Each example opens its own in-memory store: fixtures are not reset between examples.
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def expected_mentions(mentions: list[Mention]) -> list[Mention]:
    """What the store promises for mentions: one per span (the first), in text order."""
    first: dict[tuple[int, int], Mention] = {}
    for m in mentions:
        first.setdefault((m.start, m.end), m)
    return [first[key] for key in sorted(first)]


@PROPERTY
@given(article_extractions())
def test_extraction_round_trips(pair: tuple[Article, Extraction]) -> None:
    article, extraction = pair
    with Store.open() as store:
        assert store.save_extraction(article, extraction)

        assert store.get_article(article.id) == article
        got = store.get_extraction(article.id)
        assert got is not None
        assert got.events == extraction.events
        assert got.quotes == extraction.quotes
        assert got.claims == extraction.claims
        assert got.actors == expected_mentions(extraction.actors)
        # The filtered readers give the same models as the whole-extraction reader.
        assert store.events(article_id=article.id) == extraction.events
        assert store.mentions(article.id) == expected_mentions(extraction.actors)


@PROPERTY
@given(article_extractions())
def test_saving_twice_changes_nothing(pair: tuple[Article, Extraction]) -> None:
    article, extraction = pair
    with Store.open() as store:
        assert store.save_extraction(article, extraction)
        before = store.counts()
        assert store.save_extraction(article, extraction) is False
        assert store.add_article(article) is False
        assert store.counts() == before
        assert before["articles"] == 1
        assert before["events"] == len(extraction.events)
        assert before["event_actors"] == sum(
            len(e.source) + len(e.target) + len(e.attributed_to) for e in extraction.events
        )


@PROPERTY
@given(st.lists(article_extractions(), min_size=1, max_size=4, unique_by=lambda p: p[0].id))
def test_many_articles_keep_their_own_facts(pairs: list[tuple[Article, Extraction]]) -> None:
    # Event, quote and claim ids are keys across the whole store, so keep them apart here.
    seen: set[str] = set()
    kept: list[tuple[Article, Extraction]] = []
    for article, extraction in pairs:
        own = {e.id for e in extraction.events} | {q.id for q in extraction.quotes}
        own |= {c.id for c in extraction.claims}
        if own & seen:
            continue
        seen |= own
        kept.append((article, extraction))
    with Store.open() as store:
        for article, extraction in kept:
            store.save_extraction(article, extraction)
        for article, extraction in kept:
            got = store.get_extraction(article.id)
            assert got is not None
            assert got.events == extraction.events
            assert got.quotes == extraction.quotes
            assert got.claims == extraction.claims
        assert sorted(a.id for a in store.iter_articles()) == sorted(a.id for a, _ in kept)
