"""Source comparison: how the outlets reporting one story differ, side by side.

For each outlet in a story: which of the story's canonical events and claims it carries and
which it leaves out, whom it quotes, and its tone toward each actor. Tone is a lexicon score
("despotic rule" -3, "dear friend" +3) over the sentences in which the outlet names the actor:
crude next to a trained model, but every score can be checked by reading the words that made
it, which are returned with it. The lexicon is data (``data/tone.csv``), so an analyst can
extend it without touching code.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidings.analysis.dedup import CanonicalEvent, actor_key
from tidings.analysis.tables import CanonicalFilter, canonical_events, canonical_of_events
from tidings.analysis.text import jaccard, terms
from tidings.errors import DataFileError
from tidings.models import Article, Claim
from tidings.store import Store

TONE_LEXICON = Path(__file__).parent / "data" / "tone.csv"
_NEGATORS = frozenset({"not", "no", "never", "without", "n't", "nor", "hardly"})
_WORD = re.compile(r"\w+(?:['’]\w+)*|n['’]t", re.UNICODE)


@dataclass(frozen=True)
class ToneHit:
    """One lexicon term found in a sentence, with its (possibly flipped) score."""

    term: str
    score: float
    article_id: str
    start: int  # offsets of the term in the article's text
    end: int


class ToneLexicon:
    """Terms with scores, matched longest first on whole words; see ``data/tone.csv``.

    A plural matches its singular entry (the last word may add an "s").
    """

    def __init__(self, entries: dict[str, float]) -> None:
        self.entries = {" ".join(k.lower().split()): v for k, v in entries.items()}
        self._longest = max((len(k.split()) for k in self.entries), default=1)

    def hits(self, text: str, *, article_id: str = "", offset: int = 0) -> list[ToneHit]:
        """Every lexicon term in ``text``, negation applied; offsets shifted by ``offset``."""
        words = [(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
        found: list[ToneHit] = []
        i = 0
        while i < len(words):
            for n in range(min(self._longest, len(words) - i), 0, -1):
                phrase = " ".join(w for w, _, _ in words[i : i + n])
                score = self.entries.get(phrase)
                if score is None and phrase.endswith("s"):  # "dear friends", "despots"
                    phrase = phrase[:-1]
                    score = self.entries.get(phrase)
                if score is None:
                    continue
                before = {w for w, _, _ in words[max(0, i - 3) : i]}
                if before & _NEGATORS or any(w.endswith(("n't", "n’t")) for w in before):
                    score = -score
                start, end = words[i][1], words[i + n - 1][2]
                found.append(ToneHit(phrase, score, article_id, offset + start, offset + end))
                i += n - 1
                break
            i += 1
        return found


def load_tone_lexicon(path: str | Path | None = None) -> ToneLexicon:
    """Read a tone lexicon (ours by default), refusing rows that do not fit the schema."""
    source = Path(path) if path is not None else TONE_LEXICON
    entries: dict[str, float] = {}
    with source.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if line.strip() and not line.lstrip().startswith("#"))
        reader = csv.DictReader(lines)
        if reader.fieldnames is None or {"term", "score"} - set(reader.fieldnames):
            raise DataFileError(f"A040 {source}: the header must name the columns term,score")
        for number, row in enumerate(reader, start=2):
            term = " ".join((row.get("term") or "").lower().split())
            try:
                score = float(row.get("score") or "")
            except ValueError:
                raise DataFileError(
                    f"A041 {source} row {number}: score {row.get('score')!r} is not a number"
                ) from None
            if not term or not -5 <= score <= 5:
                raise DataFileError(
                    f"A042 {source} row {number}: need a term and a score between -5 and 5"
                )
            if term in entries:
                raise DataFileError(f"A043 {source} row {number}: {term!r} is listed twice")
            entries[term] = score
    return ToneLexicon(entries)


@dataclass(frozen=True, kw_only=True)
class ActorTone:
    """An outlet's tone toward one actor: the mean score per sentence naming it."""

    actor: str
    tone: float
    sentences: int
    hits: tuple[ToneHit, ...]


@dataclass(frozen=True, kw_only=True)
class OutletCoverage:
    """What one outlet's articles in a story carry, omit, quote, and how they speak."""

    outlet: str
    article_ids: tuple[str, ...]
    events: tuple[str, ...]  # canonical ids carried
    omitted_events: tuple[str, ...]
    claims: tuple[int, ...]  # claim groups carried (indexes into SourceComparison.claims)
    omitted_claims: tuple[int, ...]
    quoted: dict[str, int]  # speaker -> quotes
    tone: tuple[ActorTone, ...]


@dataclass(frozen=True, kw_only=True)
class ClaimGroup:
    """One claim as several outlets make it: the same canonical events or near-same words."""

    text: str
    claimant: str | None
    claim_ids: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class SourceComparison:
    story_id: str
    events: tuple[CanonicalEvent, ...]
    claims: tuple[ClaimGroup, ...]
    outlets: tuple[OutletCoverage, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id,
            "events": [
                {"id": e.id, "type": e.type, "status": e.status, "label": e.label}
                for e in self.events
            ],
            "claims": [
                {"text": c.text, "claimant": c.claimant, "claim_ids": list(c.claim_ids)}
                for c in self.claims
            ],
            "outlets": [
                {
                    "outlet": o.outlet,
                    "article_ids": list(o.article_ids),
                    "events": list(o.events),
                    "omitted_events": list(o.omitted_events),
                    "claims": list(o.claims),
                    "omitted_claims": list(o.omitted_claims),
                    "quoted": o.quoted,
                    "tone": {
                        t.actor: {
                            "tone": round(t.tone, 3),
                            "sentences": t.sentences,
                            "terms": [h.term for h in t.hits],
                        }
                        for t in o.tone
                    },
                }
                for o in self.outlets
            ],
        }


def story_articles(store: Store, story_id: str) -> list[Article]:
    """The articles of a stored story, in the order the story lists them."""
    rows = store.connection.execute(
        "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY position", [story_id]
    ).fetchall()
    return [a for (article_id,) in rows if (a := store.get_article(article_id)) is not None]


def outlet_of(article: Article) -> str:
    return article.source or article.site or article.id


def compare_sources(
    store: Store, story_id: str, *, lexicon: ToneLexicon | None = None
) -> SourceComparison:
    """Side by side, per outlet: events and claims carried and omitted, quotes, tone."""
    lexicon = lexicon or load_tone_lexicon()
    articles = story_articles(store, story_id)
    events = canonical_events(store.connection, CanonicalFilter(story_id=story_id))
    claims = [c for a in articles for c in store.claims(article_id=a.id)]
    groups, group_of = _group_claims(store, claims)
    by_outlet: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_outlet[outlet_of(article)].append(article)
    outlets = []
    for outlet, own in by_outlet.items():
        ids = {a.id for a in own}
        carried = tuple(e.id for e in events if ids & set(e.article_ids))
        claimed = sorted({group_of[c.id] for c in claims if c.article_id in ids})
        quoted: Counter[str] = Counter()
        for article in own:
            for quote in store.quotes(article_id=article.id):
                if quote.speaker is not None:
                    quoted[quote.speaker.name or quote.speaker.text] += 1
        outlets.append(
            OutletCoverage(
                outlet=outlet,
                article_ids=tuple(a.id for a in own),
                events=carried,
                omitted_events=tuple(e.id for e in events if e.id not in carried),
                claims=tuple(claimed),
                omitted_claims=tuple(i for i in range(len(groups)) if i not in claimed),
                quoted=dict(quoted.most_common()),
                tone=tuple(actor_tones(store, own, lexicon=lexicon)),
            )
        )
    return SourceComparison(
        story_id=story_id, events=tuple(events), claims=tuple(groups), outlets=tuple(outlets)
    )


def actor_tones(
    store: Store, articles: Iterable[Article], *, lexicon: ToneLexicon
) -> list[ActorTone]:
    """Tone toward each actor named in these articles, strongest feeling first."""
    sentences: dict[str, dict[tuple[str, int], list[ToneHit]]] = defaultdict(dict)
    for article in articles:
        for mention in store.mentions(article.id):
            key = actor_key(mention.as_ref())
            if key is None or mention.sentence is None:
                continue
            place = (article.id, mention.sentence.start)
            if place not in sentences[key]:
                sentences[key][place] = lexicon.hits(
                    mention.sentence.text, article_id=article.id, offset=mention.sentence.start
                )
    tones = []
    for key, found in sentences.items():
        hits = [h for sentence_hits in found.values() for h in sentence_hits]
        tones.append(
            ActorTone(
                actor=key,
                tone=sum(h.score for h in hits) / len(found),
                sentences=len(found),
                hits=tuple(hits),
            )
        )
    return sorted(tones, key=lambda t: (-abs(t.tone), t.actor))


def _group_claims(store: Store, claims: Sequence[Claim]) -> tuple[list[ClaimGroup], dict[str, int]]:
    """Claims made by several outlets, grouped by shared canonical events or similar words."""
    canonical = canonical_of_events(store.connection, [e for c in claims for e in c.event_ids])
    groups: list[list[Claim]] = []
    keys: list[tuple[frozenset[str], set[str]]] = []
    group_of: dict[str, int] = {}
    for claim in claims:
        events = frozenset(canonical[e] for e in claim.event_ids if e in canonical)
        words = set(terms(claim.text))
        for i, (group_events, group_words) in enumerate(keys):
            if (events and events & group_events) or jaccard(words, group_words) >= 0.5:
                groups[i].append(claim)
                keys[i] = (group_events | events, group_words | words)
                group_of[claim.id] = i
                break
        else:
            group_of[claim.id] = len(groups)
            groups.append([claim])
            keys.append((events, words))
    out = [
        ClaimGroup(
            text=g[0].text,
            claimant=(g[0].claimant.name or g[0].claimant.text) if g[0].claimant else None,
            claim_ids=tuple(c.id for c in g),
        )
        for g in groups
    ]
    return out, group_of
