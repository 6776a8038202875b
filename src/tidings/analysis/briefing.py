"""Briefings: a short extractive summary, a timeline and the key quotes, every line cited.

Nothing is generated: the summary is made of sentences from the articles themselves, each
carrying the article ids and offsets it was taken from, so a reader can check every word.
For a story, sentences are ranked by how central they are to the story (TF-IDF cosine with
the story's centroid), with a bonus for sentences that report an event several articles
carry and for the opening of an article; near-identical sentences from several outlets are
given once, citing them all. For a dyad, the summary is the sentences of its most reported
canonical events. The timeline is canonical events in date order; planned events carry the
id of what they led to.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tidings.analysis.dedup import CanonicalEvent, actor_key
from tidings.analysis.relations import DONE_OR_ALLEGED
from tidings.analysis.sources import outlet_of, story_articles
from tidings.analysis.tables import CanonicalFilter, canonical_events, event_links
from tidings.analysis.text import TermWeights, Vector, cosine, split_sentences, terms
from tidings.models import Article, Quote
from tidings.store import Store
from tidings.store.reads import fetch


@dataclass(frozen=True, kw_only=True)
class BriefOptions:
    sentences: int = 5
    quotes: int = 5
    timeline: int = 30
    min_chars: int = 40
    max_chars: int = 400
    same_sentence: float = 0.6  # cosine above which two sentences say the same thing


@dataclass(frozen=True)
class Citation:
    article_id: str
    start: int
    end: int
    outlet: str | None = None


@dataclass(frozen=True, kw_only=True)
class CitedSentence:
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, kw_only=True)
class TimelineEntry:
    canonical_id: str
    day: date | None
    type: str
    status: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    label: str
    mentions: int
    outlets: tuple[str, ...]
    article_ids: tuple[str, ...]
    led_to: tuple[str, ...] = ()  # canonical events this plan turned into


@dataclass(frozen=True, kw_only=True)
class KeyQuote:
    text: str
    speaker: str | None
    article_id: str
    start: int
    end: int
    outlet: str | None


@dataclass(frozen=True, kw_only=True)
class Briefing:
    title: str
    scope: str  # "story <id>" or "dyad A B"
    since: date | None
    until: date | None
    summary: tuple[CitedSentence, ...]
    timeline: tuple[TimelineEntry, ...]
    quotes: tuple[KeyQuote, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "scope": self.scope,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "summary": [
                {"text": s.text, "citations": [c.__dict__ for c in s.citations]}
                for s in self.summary
            ],
            "timeline": [
                {**t.__dict__, "day": t.day.isoformat() if t.day else None} for t in self.timeline
            ],
            "quotes": [q.__dict__ for q in self.quotes],
        }


def brief_story(store: Store, story_id: str, *, options: BriefOptions | None = None) -> Briefing:
    """The briefing of one stored story."""
    opts = options or BriefOptions()
    story = next((s for s in store.stories() if s.id == story_id), None)
    if story is None:
        raise LookupError(f"A050 there is no story {story_id!r}: list them with `tidings stories`")
    articles = story_articles(store, story_id)
    events = canonical_events(store.connection, CanonicalFilter(story_id=story_id))
    return Briefing(
        title=story.title or story_id,
        scope=f"story {story_id}",
        since=story.first_seen,
        until=story.last_seen,
        summary=tuple(_summarise(store, articles, events, opts)),
        timeline=tuple(_timeline(store, events, opts)),
        quotes=tuple(_key_quotes(store, articles, opts, speakers=None)),
    )


def brief_dyad(
    store: Store,
    a: str,
    b: str,
    *,
    since: date | None = None,
    until: date | None = None,
    options: BriefOptions | None = None,
) -> Briefing:
    """The briefing of what two actors did to each other over a period."""
    opts = options or BriefOptions()
    events = canonical_events(
        store.connection,
        CanonicalFilter(actor=a, other=b, since=since, until=until, statuses=DONE_OR_ALLEGED),
    )
    ranked = sorted(events, key=lambda e: (-e.mentions, e.day or date.max, e.id))
    sentences = _event_sentences(store, [e.event_ids[0] for e in ranked[: opts.sentences]])
    summary = [s for e in ranked[: opts.sentences] if (s := sentences.get(e.event_ids[0]))]
    article_ids = list(dict.fromkeys(x for e in events for x in e.article_ids))
    articles = [x for i in article_ids if (x := store.get_article(i)) is not None]
    return Briefing(
        title=f"{a} and {b}",
        scope=f"dyad {a} {b}",
        since=since,
        until=until,
        summary=tuple(summary),
        timeline=tuple(_timeline(store, events, opts)),
        quotes=tuple(_key_quotes(store, articles, opts, speakers={a.upper(), b.upper()})),
    )


def _summarise(
    store: Store,
    articles: Sequence[Article],
    events: Sequence[CanonicalEvent],
    opts: BriefOptions,
) -> list[CitedSentence]:
    weights = TermWeights()
    candidates: list[tuple[Article, int, int, int, Counter[str]]] = []
    for article in articles:
        for index, (start, end) in enumerate(split_sentences(article.text)):
            counts = Counter(terms(article.text[start:end]))
            weights.observe(counts)
            if opts.min_chars <= end - start <= opts.max_chars:
                candidates.append((article, index, start, end, counts))
    if not candidates:
        return []
    vectors = [weights.vector(c[4]) for c in candidates]
    centroid: dict[str, float] = {}
    for vector in vectors:
        for t, x in vector.items():
            centroid[t] = centroid.get(t, 0.0) + x
    reported = _reported_sentences(store, events)
    scored = []
    for (article, index, start, end, _), vector in zip(candidates, vectors, strict=True):
        score = cosine(vector, centroid) / (sum(x * x for x in centroid.values()) ** 0.5 or 1)
        score += 0.1 * reported.get((article.id, start), 0) + (0.05 if index < 3 else 0.0)
        scored.append((score, article, start, end, vector))
    scored.sort(key=lambda x: (-x[0], x[1].published or date.max, x[1].id, x[2]))
    chosen: list[tuple[Article, int, int, Vector, list[Citation]]] = []
    for _, article, start, end, vector in scored:
        citation = Citation(article.id, start, end, outlet_of(article))
        same = next((c for c in chosen if cosine(vector, c[3]) >= opts.same_sentence), None)
        if same is not None:
            if all(x.article_id != article.id for x in same[4]):
                same[4].append(citation)
            continue
        if len(chosen) < opts.sentences:
            chosen.append((article, start, end, vector, [citation]))
    chosen.sort(key=lambda c: (c[0].published or date.max, articles.index(c[0]), c[1]))
    return [
        CitedSentence(text=article.text[start:end], citations=tuple(cites))
        for article, start, end, _, cites in chosen
    ]


def _reported_sentences(
    store: Store, events: Sequence[CanonicalEvent]
) -> dict[tuple[str, int], int]:
    """(article, sentence start) -> how many articles report an event said in that sentence."""
    reach = {x: len(e.article_ids) for e in events if len(e.article_ids) > 1 for x in e.event_ids}
    if not reach:
        return {}
    rows = fetch(
        store.connection,
        "SELECT id, article_id, sentence_start FROM events "
        "WHERE id IN (SELECT unnest(?::VARCHAR[]))",
        [list(reach)],
    )
    out: dict[tuple[str, int], int] = {}
    for r in rows:
        place = (r["article_id"], r["sentence_start"])
        out[place] = max(out.get(place, 0), reach[r["id"]])
    return out


def _timeline(
    store: Store, events: Sequence[CanonicalEvent], opts: BriefOptions
) -> list[TimelineEntry]:
    links = event_links(store.connection, ids=[e.id for e in events])
    led_to: dict[str, list[str]] = {}
    for link in links:
        led_to.setdefault(link.from_id, []).append(link.to_id)
    ordered = sorted(events, key=lambda e: (e.day or date.max, e.id))[: opts.timeline]
    return [
        TimelineEntry(
            canonical_id=e.id,
            day=e.day,
            type=e.type,
            status=e.status,
            source=tuple(e.source_keys),
            target=tuple(e.target_keys),
            label=e.label,
            mentions=e.mentions,
            outlets=tuple(e.outlets),
            article_ids=tuple(e.article_ids),
            led_to=tuple(led_to.get(e.id, ())),
        )
        for e in ordered
    ]


def _event_sentences(store: Store, event_ids: Sequence[str]) -> dict[str, CitedSentence]:
    """The sentence of each raw event, cited with its offsets."""
    if not event_ids:
        return {}
    rows = fetch(
        store.connection,
        "SELECT e.id, e.article_id, e.sentence_start, e.sentence_end, e.sentence_text, "
        "COALESCE(a.source, a.site) AS outlet FROM events e JOIN articles a "
        "ON a.id = e.article_id WHERE e.id IN (SELECT unnest(?::VARCHAR[]))",
        [list(event_ids)],
    )
    return {
        r["id"]: CitedSentence(
            text=r["sentence_text"],
            citations=(
                Citation(r["article_id"], r["sentence_start"], r["sentence_end"], r["outlet"]),
            ),
        )
        for r in rows
    }


def _key_quotes(
    store: Store, articles: Sequence[Article], opts: BriefOptions, *, speakers: set[str] | None
) -> list[KeyQuote]:
    """Quotes with a known speaker first, direct before reported, one per near-same text."""
    found: list[tuple[tuple[int, int, int], Quote, Article]] = []
    for article in articles:
        for quote in store.quotes(article_id=article.id):
            speaker_key = actor_key(quote.speaker.as_ref()) if quote.speaker else None
            if speakers is not None and (speaker_key or "").upper() not in speakers:
                continue
            rank = (
                0 if speaker_key else 1,
                0 if quote.kind == "direct" else 1,
                0 if 30 <= len(quote.text) <= 300 else 1,
            )
            found.append((rank, quote, article))
    found.sort(key=lambda x: x[0])
    out: list[KeyQuote] = []
    seen: list[set[str]] = []
    for _, quote, article in found:
        words = set(terms(quote.text))
        if any(len(words & s) >= 0.6 * max(1, min(len(words), len(s))) for s in seen):
            continue
        seen.append(words)
        speaker = quote.speaker.name or quote.speaker.text if quote.speaker else None
        out.append(
            KeyQuote(
                text=quote.text,
                speaker=speaker,
                article_id=article.id,
                start=quote.start,
                end=quote.end,
                outlet=outlet_of(article),
            )
        )
        if len(out) >= opts.quotes:
            break
    return out
