"""Story clustering: grouping articles that report the same real-world happening, online.

Articles are taken one at a time, in the order they arrive, and each joins the open story it
is most like or starts a new one; nothing is revisited, so a firehose can be clustered in one
pass. Three signals decide:

* text: the cosine between the article's TF-IDF vector and the story's centroid (the sum of
  its members' unit vectors), which is what separates two earthquakes on the same island;
* actors: a story whose actors the article does not share at all is less likely to be its
  story (and one that shares all of them more), by a bounded factor;
* time: when both the article and the story are dated, an article more than
  ``max_gap_days`` away from the story's span cannot join it, and nearer ones are discounted
  by their distance; and no story, once dated, may come to span more than
  ``max_span_days``, because follow-ups that each join a few weeks on would otherwise chain
  a topic (a year of a nuclear crisis) into one "happening". Undated articles are judged on
  text and actors alone.

Memory is bounded: a story that has had no new article for ``idle_days`` in article time, and
none in the last ``idle_arrivals`` articles, is closed and leaves the index (the second rule
lets an undated straggler in a mixed stream still find its story), as is the least recently
fed one when more than ``max_open`` are open; each centroid keeps only its ``story_terms``
heaviest terms.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from tidings.analysis.text import TermWeights, Vector, terms
from tidings.models import Story, stable_id


@dataclass(frozen=True, kw_only=True)
class StoryOptions:
    """The knobs of story clustering; the defaults are the ones measured on ECB+ topics 1–20.

    ``threshold`` is the score an article needs to join a story rather than start one.
    An article is scored only against the ``candidates`` open stories that share most of
    its ``probe_terms`` heaviest terms, which keeps each arrival's cost flat however many
    stories are open.
    """

    threshold: float = 0.25
    actor_weight: float = 0.2
    max_gap_days: int = 30
    max_span_days: int = 60
    time_weight: float = 0.2
    idle_days: int = 30
    idle_arrivals: int = 1000
    max_open: int = 1000
    story_terms: int = 400
    document_terms: int = 200
    probe_terms: int = 40
    candidates: int = 30
    max_vocabulary: int = 200_000
    idf_prior: int = 5

    def __post_init__(self) -> None:
        if not 0 < self.threshold < 1:
            raise ValueError("A001 story threshold must lie between 0 and 1 (exclusive)")
        if not 0 <= self.actor_weight < 1 or not 0 <= self.time_weight < 1:
            raise ValueError("A002 actor_weight and time_weight must lie in [0, 1)")
        if self.max_gap_days < 0 or self.idle_days < 1 or self.max_open < 1:
            raise ValueError("A003 max_gap_days must be >= 0, idle_days and max_open >= 1")
        if self.max_span_days < self.max_gap_days:
            raise ValueError("A004 max_span_days must be at least max_gap_days")


@dataclass(frozen=True, kw_only=True)
class StoryDocument:
    """What the clusterer reads of an article: its words, date and the actors it names."""

    article_id: str
    text: str
    title: str | None = None
    published: date | None = None
    actors: frozenset[str] = frozenset()


@dataclass
class _OpenStory:
    """A story still taking articles.

    Its centroid is kept without IDF (``profile``: the sum of its members' log-TF vectors,
    each scaled by its length at arrival) and weighted by the IDF of the moment when compared,
    so that a story started early, when document frequencies meant little, is not judged by
    those early weights forever. The centroid's length is cached and refreshed when the story
    grows or the corpus has grown by a tenth since.
    """

    id: str
    title: str | None
    profile: dict[str, float] = field(default_factory=dict)
    article_ids: list[str] = field(default_factory=list)
    first: date | None = None
    last: date | None = None
    actors: Counter[str] = field(default_factory=Counter)
    touched: int = 0
    _norm: float = 0.0
    _norm_at: int = -1

    def add(self, profile: Vector) -> None:
        for t, x in profile.items():
            self.profile[t] = self.profile.get(t, 0.0) + x
        self._norm_at = -1

    def prune(self, keep: int, weights: TermWeights) -> set[str]:
        """Keep the ``keep`` heaviest terms; return the dropped ones (for the index)."""
        if len(self.profile) <= keep:
            return set()
        ranked = sorted(self.profile.items(), key=lambda kv: -kv[1] * weights.idf(kv[0]))
        self.profile = dict(ranked[:keep])
        self._norm_at = -1
        return {t for t, _ in ranked[keep:]}

    def norm(self, weights: TermWeights) -> float:
        if self._norm_at < 0 or weights.documents > self._norm_at * 1.1 + 10:
            self._norm = math.sqrt(sum((x * weights.idf(t)) ** 2 for t, x in self.profile.items()))
            self._norm_at = weights.documents
        return self._norm

    def similarity(self, weighted: Vector, weights: TermWeights) -> float:
        """Cosine of a unit TF-IDF vector with the centroid under the current weights.

        ``weighted`` is the vector with each weight already multiplied by its term's IDF
        once more (the centroid's share of it), computed once per article, not per story.
        """
        norm = self.norm(weights)
        if norm <= 0:
            return 0.0
        profile = self.profile
        dot = 0.0
        for t, x in weighted.items():
            y = profile.get(t)
            if y is not None:
                dot += x * y
        return dot / norm

    def as_story(self) -> Story:
        return Story(
            id=self.id,
            title=self.title,
            article_ids=list(self.article_ids),
            first_seen=self.first,
            last_seen=self.last,
        )


class StoryClusterer:
    """Assigns each article, as it comes, to a story; see the module docstring for how.

    ``add`` returns the story id at once; closed stories are handed out by ``drain`` so that
    a long run can write them away, and ``finish`` closes and returns all that remain.
    """

    def __init__(self, *, options: StoryOptions | None = None) -> None:
        self.options = options or StoryOptions()
        self.weights = TermWeights(
            max_terms=self.options.max_vocabulary, prior=self.options.idf_prior
        )
        self._open: dict[str, _OpenStory] = {}
        self._index: dict[str, set[str]] = {}
        self._closed: list[Story] = []
        self._seen = 0
        self._now: date | None = None

    @property
    def open_stories(self) -> int:
        return len(self._open)

    def add(self, document: StoryDocument) -> str:
        """Cluster one article; return the id of the story it joined or started."""
        self._seen += 1
        counts = Counter(terms(_full_text(document)))
        self.weights.observe(counts)
        vector = self.weights.vector(counts, keep=self.options.document_terms)
        profile = _profile(counts, vector, self.weights)
        if document.published is not None and (self._now is None or document.published > self._now):
            self._now = document.published
        story = self._best_story(vector, document)
        if story is None:
            story = _OpenStory(id=stable_id("story", document.article_id), title=_title(document))
            self._open[story.id] = story
        self._join(story, profile, document)
        if self._seen % 64 == 0 or len(self._open) > self.options.max_open:
            self._close_stale()
        return story.id

    def drain(self) -> list[Story]:
        """The stories closed since the last call, in the order they were closed."""
        closed, self._closed = self._closed, []
        return closed

    def finish(self) -> list[Story]:
        """Close every story; return all not yet drained."""
        for story_id in list(self._open):
            self._close(story_id)
        return self.drain()

    # ------------------------------------------------------------------ internals

    def _best_story(self, vector: Vector, document: StoryDocument) -> _OpenStory | None:
        probes = sorted(vector.items(), key=lambda kv: -kv[1])[: self.options.probe_terms]
        overlap: dict[str, float] = {}
        for term, weight in probes:
            for story_id in self._index.get(term, ()):
                overlap[story_id] = overlap.get(story_id, 0.0) + weight
        ranked = sorted(overlap, key=lambda k: (-overlap[k], k))[: self.options.candidates]
        weighted = {t: x * self.weights.idf(t) for t, x in vector.items()}
        best: _OpenStory | None = None
        best_score = self.options.threshold
        for story_id in ranked:
            story = self._open[story_id]
            score = self._score(story, weighted, document)
            if score >= best_score:
                best, best_score = story, score
        return best

    def _score(self, story: _OpenStory, weighted: Vector, document: StoryDocument) -> float:
        score = story.similarity(weighted, self.weights)
        opts = self.options
        if document.actors and story.actors and opts.actor_weight:
            shared = len(document.actors & story.actors.keys()) / len(document.actors)
            score *= 1 + opts.actor_weight * (2 * shared - 1)
        day, first, last = document.published, story.first, story.last
        if _span_after_joining(day, first, last) > opts.max_span_days:
            return 0.0
        gap = _gap(day, first, last)
        if gap is not None and gap > 0:
            score *= time_factor(gap, opts)
        return score

    def _join(self, story: _OpenStory, profile: Vector, document: StoryDocument) -> None:
        story.add(profile)
        for term in profile:
            self._index.setdefault(term, set()).add(story.id)
        if len(story.profile) > self.options.story_terms * 3 // 2:
            for term in story.prune(self.options.story_terms, self.weights):
                self._unindex(term, story.id)
        story.article_ids.append(document.article_id)
        story.actors.update(document.actors)
        story.touched = self._seen
        day = document.published
        if day is not None:
            story.first = day if story.first is None else min(story.first, day)
            story.last = day if story.last is None else max(story.last, day)

    def _close_stale(self) -> None:
        if self._now is not None:
            horizon = self._now.toordinal() - self.options.idle_days
            recent = self._seen - self.options.idle_arrivals
            for story in list(self._open.values()):
                stale = story.last is not None and story.last.toordinal() < horizon
                if stale and story.touched < recent:
                    self._close(story.id)
        excess = len(self._open) - self.options.max_open
        if excess > 0:
            oldest = sorted(self._open.values(), key=lambda s: s.touched)[:excess]
            for story in oldest:
                self._close(story.id)

    def _close(self, story_id: str) -> None:
        story = self._open.pop(story_id)
        for term in story.profile:
            self._unindex(term, story_id)
        self._closed.append(story.as_story())

    def _unindex(self, term: str, story_id: str) -> None:
        holders = self._index.get(term)
        if holders is not None:
            holders.discard(story_id)
            if not holders:
                del self._index[term]


def cluster_documents(
    documents: Iterable[StoryDocument], *, options: StoryOptions | None = None
) -> Iterator[tuple[str, str]]:
    """(article id, story id) for each document, in input order: the clusterer as a stream."""
    clusterer = StoryClusterer(options=options)
    for document in documents:
        yield document.article_id, clusterer.add(document)


def cluster_stories(
    documents: Iterable[StoryDocument], *, options: StoryOptions | None = None
) -> list[Story]:
    """Every story of the documents, biggest first, ties by first article seen."""
    clusterer = StoryClusterer(options=options)
    order: dict[str, int] = {}
    stories: list[Story] = []
    for document in documents:
        order.setdefault(document.article_id, len(order))
        clusterer.add(document)
        stories.extend(clusterer.drain())
    stories.extend(clusterer.finish())
    return sorted(stories, key=lambda s: (-len(s.article_ids), order[s.article_ids[0]]))


def _profile(counts: Counter[str], vector: Vector, weights: TermWeights) -> Vector:
    """The log-TF weights of a document's kept terms, scaled by its TF-IDF length at arrival."""
    raw = {t: 1.0 + math.log(counts[t]) for t in vector}
    length = math.sqrt(sum((x * weights.idf(t)) ** 2 for t, x in raw.items()))
    if length == 0:
        return {}
    return {t: x / length for t, x in raw.items()}


def time_factor(gap: int, options: StoryOptions) -> float:
    """How much a gap of ``gap`` days between an article and a story discounts their score.

    Falls linearly to ``1 - time_weight`` at ``max_gap_days``, then halves every further
    ``max_gap_days``: a follow-up a few weeks on can still join when its words are close, a
    report months later of the same kind of happening (the leader's next visit) hardly can.
    """
    if options.max_gap_days == 0:
        return 1.0 - options.time_weight if gap else 1.0
    near = 1.0 - options.time_weight * min(1.0, gap / options.max_gap_days)
    beyond = max(0, gap - options.max_gap_days) / options.max_gap_days
    return near * 0.5**beyond


def _full_text(document: StoryDocument) -> str:
    if document.title and not document.text.startswith(document.title):
        return document.title + "\n" + document.text
    return document.text


def _title(document: StoryDocument) -> str | None:
    if document.title:
        return document.title
    first_line = document.text.strip().split("\n", 1)[0]
    return first_line[:120] or None


def _span_after_joining(day: date | None, first: date | None, last: date | None) -> int:
    """Days a dated story would span with this article in it (0 when either is undated)."""
    if day is None or first is None or last is None:
        return 0
    return (max(day, last) - min(day, first)).days


def _gap(day: date | None, first: date | None, last: date | None) -> int | None:
    """Days from ``day`` to the span [first, last]; None when either side is undated."""
    if day is None or first is None or last is None:
        return None
    if day < first:
        return (first - day).days
    if day > last:
        return (day - last).days
    return 0
