"""Writes: idempotent, all-or-nothing, and refusing facts filed under the wrong article."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest
from store_samples import A1, A2, X1, X2

from tidings.models import Article, Extraction, Mention, Story
from tidings.store import Store, StoreError, writes


def empty_counts(store: Store) -> dict[str, int]:
    return dict.fromkeys(store.counts(), 0)


def test_add_article_is_idempotent(store: Store) -> None:
    assert store.has_article(A1.id) is False
    assert store.add_article(A1) is True
    assert store.add_article(A1) is False
    assert store.add_article(A1.model_copy(update={"title": "Changed"})) is False
    assert store.get_article(A1.id) == A1  # the first copy wins
    assert store.has_article(A1.id) is True
    assert store.has_extraction(A1.id) is False
    assert store.get_extraction(A1.id) is None
    assert store.get_article("missing") is None


def test_save_extraction_twice_adds_no_rows(store: Store) -> None:
    assert store.save_extraction(A1, X1) is True
    once = store.counts()
    assert store.save_extraction(A1, X1) is False
    assert store.counts() == once
    assert once["articles"] == 1
    assert once["mentions"] == len(X1.actors)
    assert once["events"] == len(X1.events)
    assert once["event_actors"] == 2 + 3 + 3  # 1+1, 2+1, 1+1+1 (attributed_to)
    assert once["event_evidence"] == 1
    assert once["quotes"] == 1
    assert once["claims"] == once["claim_events"] == 1


def test_an_article_added_earlier_gains_its_extraction(store: Store) -> None:
    assert store.add_article(A1)
    assert store.save_extraction(A1, X1) is True
    assert store.has_extraction(A1.id)
    assert store.counts()["articles"] == 1
    assert store.get_extraction(A1.id) == X1.model_copy(
        update={"actors": sorted(X1.actors, key=lambda m: (m.start, m.end))}
    )


def test_a_failure_midway_leaves_no_partial_article(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(con: duckdb.DuckDBPyConnection, quotes: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(writes, "insert_quotes", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save_extraction(A1, X1)
    assert store.counts() == empty_counts(store)
    assert store.has_article(A1.id) is False

    # The store is still usable: the same save goes through once the fault is gone.
    monkeypatch.undo()
    assert store.save_extraction(A1, X1) is True
    assert len(store.events(article_id=A1.id)) == len(X1.events)


def test_a_failure_keeps_an_article_added_before(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add_article(A1)

    def broken(con: duckdb.DuckDBPyConnection, claims: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(writes, "insert_claims", broken)
    with pytest.raises(RuntimeError):
        store.save_extraction(A1, X1)
    counts = store.counts()
    assert counts["articles"] == 1
    assert sum(counts.values()) == 1  # the events and quotes written before are rolled back
    assert store.has_extraction(A1.id) is False


def test_duplicate_event_ids_roll_back(store: Store) -> None:
    twice = X1.model_copy(update={"events": [X1.events[0], X1.events[0]]})
    with pytest.raises(duckdb.ConstraintException):
        store.save_extraction(A1, twice)
    assert store.counts() == empty_counts(store)
    assert store.save_extraction(A2, X2)


def test_an_event_already_stored_under_another_article_rolls_back(store: Store) -> None:
    store.save_extraction(A1, X1)
    before = store.counts()
    stolen = X1.events[0].model_copy(update={"article_id": A2.id})
    with pytest.raises(duckdb.ConstraintException):
        store.save_extraction(A2, X2.model_copy(update={"events": [stolen]}))
    assert store.counts() == before
    assert store.has_article(A2.id) is False


@pytest.mark.parametrize(
    ("extraction", "code"),
    [
        (X1.model_copy(update={"id": "other"}), "S010"),
        (X1.model_copy(update={"events": [X2.events[0]]}), "S011"),
        (X1.model_copy(update={"quotes": [X2.quotes[0]]}), "S011"),
    ],
    ids=["extraction-id", "event-article", "quote-article"],
)
def test_facts_from_another_article_are_refused(
    store: Store, extraction: Extraction, code: str
) -> None:
    with pytest.raises(StoreError, match=code):
        store.save_extraction(A1, extraction)
    assert store.counts() == empty_counts(store)


def test_two_mentions_of_one_span_keep_the_first(store: Store) -> None:
    first = Mention(text="Kyiv", start=5, end=9, code="UKR", method="kb-alias")
    second = Mention(text="Kyiv", start=5, end=9, label="GPE", method="ner")
    article = Article(id="k", text="From Kyiv.")
    store.save_extraction(article, Extraction(id="k", actors=[first, second]))
    assert store.mentions("k") == [first]


def test_save_stories_replaces_the_old_set(store: Store) -> None:
    old = [
        Story(id="s1", title="Old", article_ids=["a1"], first_seen=date(2024, 1, 1)),
        Story(id="s2", article_ids=["a2", "a1"]),
    ]
    assert store.save_stories(old) == 2
    # Biggest story first, articles in the saved order.
    assert store.stories() == [old[1], old[0]]
    new = [Story(id="s1", title="New", article_ids=["a3"], last_seen=date(2024, 2, 2))]
    assert store.save_stories(new) == 1
    assert store.stories() == new
    assert store.counts()["story_articles"] == 1
    # Kept ids with longer and shorter article lists overwrite in place.
    grown = [Story(id="s2", article_ids=["a3", "a2", "a1"]), Story(id="s1", article_ids=["a2"])]
    store.save_stories(grown)
    assert store.stories() == grown
    shrunk = [Story(id="s2", article_ids=["a1"])]
    store.save_stories(shrunk)
    assert store.stories() == shrunk
    assert store.save_stories([]) == 0
    assert store.stories() == []
    assert store.counts()["stories"] == 0


def test_stories_with_one_id_twice_are_refused(store: Store) -> None:
    kept = [Story(id="s1", article_ids=["a1"])]
    store.save_stories(kept)
    with pytest.raises(StoreError, match="S012"):
        store.save_stories([Story(id="s2"), Story(id="s2", title="again")])
    assert store.stories() == kept
