"""Briefings: every summary sentence is the article's own words at the offsets it cites."""

from __future__ import annotations

from datetime import date

import pytest

from tidings.analysis import BriefOptions, brief_dyad, brief_story
from tidings.store import Store


def story_of(store: Store, article_id: str) -> str:
    return next(s.id for s in store.stories() if article_id in s.article_ids)


def assert_cited(store: Store, text: str, citations: tuple) -> None:  # type: ignore[type-arg]
    assert citations
    for c in citations:
        article = store.get_article(c.article_id)
        assert article is not None
        # the first citation is verbatim; the others say the same thing in their own words
        if c is citations[0]:
            assert article.text[c.start : c.end] == text


def test_a_story_briefing_cites_every_sentence(sample_store: Store) -> None:
    briefing = brief_story(sample_store, story_of(sample_store, "s1"))
    assert briefing.title.startswith("Brussels imposes tanker sanctions")
    assert 1 <= len(briefing.summary) <= 5
    for sentence in briefing.summary:
        assert_cited(sample_store, sentence.text, sentence.citations)
    assert briefing.since == date(2024, 3, 18) and briefing.until == date(2024, 3, 19)


def test_the_same_fact_from_several_outlets_is_given_once_citing_all(
    sample_store: Store,
) -> None:
    briefing = brief_story(
        sample_store, story_of(sample_store, "s1"), options=BriefOptions(same_sentence=0.3)
    )
    texts = [s.text for s in briefing.summary]
    assert len(texts) == len(set(texts))
    assert any(len(s.citations) > 1 for s in briefing.summary)


def test_the_timeline_is_canonical_events_in_date_order(sample_store: Store) -> None:
    briefing = brief_story(sample_store, story_of(sample_store, "s1"))
    types = [t.type for t in briefing.timeline]
    assert sorted(types) == ["SANCTION", "SUPPORT", "THREATEN"]
    sanction = next(t for t in briefing.timeline if t.type == "SANCTION")
    assert sanction.mentions == 3 and len(sanction.outlets) == 3
    days = [t.day for t in briefing.timeline]
    assert days == sorted(days)  # type: ignore[type-var]


def test_key_quotes_are_distinct_and_attributed(sample_store: Store) -> None:
    briefing = brief_story(sample_store, story_of(sample_store, "s1"))
    texts = [q.text for q in briefing.quotes]
    assert texts.count("This fleet funds the war") == 1  # said in two outlets, given once
    assert {q.speaker for q in briefing.quotes} == {"European Union", "Russia"}
    for q in briefing.quotes:
        article = sample_store.get_article(q.article_id)
        assert article is not None and article.text[q.start : q.end] == q.text


def test_a_plan_in_the_timeline_shows_what_it_led_to(sample_store: Store) -> None:
    briefing = brief_story(sample_store, story_of(sample_store, "p1"))
    planned = next(t for t in briefing.timeline if t.status == "planned")
    done = next(t for t in briefing.timeline if t.type == "CONSULT" and t.status == "occurred")
    assert planned.led_to == (done.canonical_id,)


def test_a_dyad_briefing_over_a_period(sample_store: Store) -> None:
    briefing = brief_dyad(sample_store, "EUR", "RUS", since=date(2024, 3, 1))
    assert briefing.scope == "dyad EUR RUS"
    assert [t.type for t in briefing.timeline] == ["SANCTION", "THREATEN"]
    for sentence in briefing.summary:
        assert_cited(sample_store, sentence.text, sentence.citations)
    assert {q.speaker for q in briefing.quotes} <= {"European Union", "Russia"}
    assert briefing.as_dict()["since"] == "2024-03-01"
    empty = brief_dyad(sample_store, "EUR", "RUS", until=date(2024, 1, 1))
    assert empty.summary == () and empty.timeline == ()


def test_an_unknown_story_is_an_error_that_says_what_to_do(sample_store: Store) -> None:
    with pytest.raises(LookupError, match="tidings stories"):
        brief_story(sample_store, "nope")
