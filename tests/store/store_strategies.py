"""Hypothesis strategies for articles and their extractions, within the models' constraints.

Text leans on what news holds and storage layers get wrong: curly and straight quotes,
apostrophes, emoji (astral code points), flags, NUL and line separators, SQL wildcards.
Offsets are drawn freely (the store must not care whether they fit the text) but within
DuckDB's INTEGER, which the schema uses for offsets.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from tidings.models import (
    PLOVER_TYPES,
    ActorRef,
    Article,
    Claim,
    Event,
    EventDate,
    Extraction,
    Location,
    Mention,
    Quote,
    Span,
)

_TRICKY = "\"'“”‘’«»„‚—–…\u2028\x00\n\t\\%_;,🙂🇺🇦👩‍👩‍👧ÉßДж中文عربى"

texts = st.text(
    alphabet=st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(_TRICKY)),
    max_size=30,
)
ids = st.text(
    alphabet=st.one_of(st.characters(exclude_categories=("Cs",))), min_size=1, max_size=12
)
maybe_text = st.none() | texts
offsets = st.integers(min_value=0, max_value=2**31 - 1)
maybe_offset = st.none() | offsets
codes = st.none() | st.sampled_from(["RUS", "UKR", "USA", "FRA", "IGO", "ukr"]) | texts


def spans() -> st.SearchStrategy[Span]:
    return st.builds(Span, start=offsets, end=offsets, text=texts)


def actor_refs() -> st.SearchStrategy[ActorRef]:
    return st.builds(
        ActorRef, text=texts, code=codes, sector=maybe_text, actor_id=maybe_text, name=maybe_text
    )


def mentions() -> st.SearchStrategy[Mention]:
    return st.builds(
        Mention,
        text=texts,
        start=offsets,
        end=offsets,
        label=maybe_text,
        code=codes,
        sector=maybe_text,
        actor_id=maybe_text,
        name=maybe_text,
        method=texts,
        antecedent=st.none() | st.integers(min_value=-(2**31), max_value=2**31 - 1),
        sentence=st.none() | spans(),
    )


def event_dates() -> st.SearchStrategy[EventDate]:
    return st.builds(
        EventDate,
        start=st.none() | st.dates(),
        end=st.none() | st.dates(),
        precision=st.sampled_from(["day", "week", "month", "year", "unknown"]),
        text=maybe_text,
    )


def locations() -> st.SearchStrategy[Location]:
    return st.builds(
        Location, name=texts, country_code=maybe_text, start=maybe_offset, end=maybe_offset
    )


def events(article_id: str) -> st.SearchStrategy[Event]:
    refs = st.lists(actor_refs(), max_size=3)
    return st.builds(
        Event,
        id=ids,
        article_id=st.just(article_id),
        type=st.sampled_from(PLOVER_TYPES),
        mode=maybe_text,
        contexts=st.lists(texts, max_size=3),
        source=refs,
        target=refs,
        status=st.sampled_from(
            ["occurred", "ongoing", "planned", "hypothetical", "negated", "alleged"]
        ),
        attributed_to=refs,
        claim_id=st.none() | ids,
        date=event_dates(),
        location=st.none() | locations(),
        trigger=spans(),
        sentence=spans(),
        evidence=st.lists(spans(), max_size=3),
        cameo=maybe_text,
        quad_class=st.none() | st.sampled_from([1, 2, 3, 4]),
        intensity=st.none() | st.floats(min_value=-10, max_value=10, allow_nan=False),
        confidence=st.floats(min_value=0, max_value=1, allow_nan=False),
        provenance=texts,
    )


def quotes(article_id: str) -> st.SearchStrategy[Quote]:
    return st.builds(
        Quote,
        id=ids,
        article_id=st.just(article_id),
        text=texts,
        start=offsets,
        end=offsets,
        kind=st.sampled_from(["direct", "indirect", "partial"]),
        speaker=st.none() | mentions(),
        cue=st.none() | spans(),
        provenance=texts,
    )


def claims(article_id: str) -> st.SearchStrategy[Claim]:
    return st.builds(
        Claim,
        id=ids,
        article_id=st.just(article_id),
        text=texts,
        start=offsets,
        end=offsets,
        claimant=st.none() | actor_refs(),
        hedge=maybe_text,
        event_ids=st.lists(ids, max_size=3),
        provenance=texts,
    )


def articles() -> st.SearchStrategy[Article]:
    return st.builds(
        Article,
        id=ids,
        text=st.text(
            alphabet=st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(_TRICKY)),
            max_size=200,
        ),
        title=maybe_text,
        url=maybe_text,
        source=maybe_text,
        site=maybe_text,
        author=maybe_text,
        published=st.none() | st.dates(),
        language=maybe_text,
        origin=maybe_text,
        format=st.sampled_from(["text", "html", "jsonl", "other"]),
    )


@st.composite
def article_extractions(draw: Any) -> tuple[Article, Extraction]:
    """An article with an extraction of it: ids unique where the schema keys on them."""
    article = draw(articles())
    extraction = Extraction(
        id=article.id,
        actors=draw(st.lists(mentions(), max_size=5)),
        events=draw(st.lists(events(article.id), max_size=4, unique_by=lambda e: e.id)),
        quotes=draw(st.lists(quotes(article.id), max_size=3, unique_by=lambda q: q.id)),
        claims=draw(st.lists(claims(article.id), max_size=3, unique_by=lambda c: c.id)),
    )
    return article, extraction
