"""Claims: statements attributed to someone, with the words that hedge them kept.

A claim is what lets the rest of Tidings tell "Russia attacked" from "Russia is believed by
European officials to have attacked": the event coder finds the same event in both, and
:func:`link_claims_to_events` then marks the second as resting on someone's word. Claims
come from reported speech (the speaker is the claimant), from passive hedges ("is believed
to", "it is alleged that"), from hedging adverbs and adjectives ("reportedly", "alleged")
and from attributive nouns ("Moscow's claim that ..."). A hedge without a named claimant is
still a claim: the text itself distances the reporter from it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from tidings.models import Claim, Event, Mention, stable_id
from tidings.quotes.indirect import Finding, could_speak
from tidings.quotes.lexicon import CueLexicon
from tidings.quotes.speakers import is_unresolved_pronoun

ResolveSpeaker = Callable[[Token], Mention | None]


@dataclass(frozen=True)
class Attributed:
    """A stretch of text already credited to a speaker (a quote, direct or reported)."""

    start: int
    end: int
    speaker: Mention | None


class ClaimFinder:
    """Finds the claims of one document; built per document by the extractor."""

    def __init__(
        self,
        doc: Doc,
        *,
        article_id: str,
        cues: CueLexicon,
        resolve: ResolveSpeaker,
        attributed: Sequence[Attributed],
        paragraphs: Sequence[tuple[int, int]] = (),
        from_neutral_speech: bool = True,
        text: str | None = None,
    ) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text  # Doc.text is rebuilt per call
        self.article_id = article_id
        self.cues = cues
        self.resolve = resolve
        self.attributed = sorted(attributed, key=lambda a: a.end - a.start)
        self.from_neutral_speech = from_neutral_speech
        self.paragraphs = list(paragraphs)
        self._para_starts = [lo for lo, _ in self.paragraphs]
        self._claims: dict[tuple[int, int], Claim] = {}
        # Last words of the adjective hedges ("called" of "so-called"), a cheap first test.
        self._hedge_ends = {re.split(r"[\s-]", h)[-1] for h in cues.adjective_hedges}
        # The claimant's mention (with offsets) by claim id; a Claim only keeps an ActorRef.
        self.claimants: dict[str, Mention] = {}

    def find(self, speech: Iterable[tuple[Finding, Mention | None]]) -> list[Claim]:
        """All claims, in text order; reported speech first so its claimant wins a tie."""
        for finding, speaker in speech:
            self._from_speech(finding, speaker)
        for token in self.doc:
            lower = token.lower_
            if token.lemma_.lower() in self.cues.passive_hedges and token.tag_ in ("VBN", "VBD"):
                self._from_passive(token)
            if lower in self.cues.adverb_hedges and token.dep_ == "advmod":
                self._from_adverb(token)
            if (
                token.dep_ == "amod"
                and token.lower_ in self._hedge_ends
                and _words(token) in self.cues.adjective_hedges
            ):
                self._from_adjective(token)
            if token.pos_ == "NOUN" and token.lemma_.lower() in self.cues.nouns:
                self._from_noun(token)
        return sorted(self._claims.values(), key=lambda c: (c.start, c.end))

    def _from_speech(self, finding: Finding, speaker: Mention | None) -> None:
        """Reported speech or belief: the content, claimed by the speaker.

        A pronoun speaker that could not be resolved still makes a claim, with no claimant:
        the text attributes it to someone, just not to anyone we can name.
        """
        someone = speaker is not None or (
            finding.speaker is not None and finding.speaker.lower_ in self.cues.pronouns
        )
        if not someone or not self.cues.asserts(finding.stance):
            return
        if speaker is not None and not finding.speech and speaker.label is None:
            speaker = speaker if _names_someone(finding, self.cues) else None
        hedging = self.cues.is_hedging(finding.stance)
        if not hedging and not self.from_neutral_speech:
            return
        hedge = self.text[finding.cue[0] : finding.cue[1]] if hedging and finding.cue else None
        self._add(finding.start, finding.end, speaker, hedge, f"speech:{finding.cue_lemma}")

    def _from_passive(self, verb: Token) -> None:
        """``Y is believed (by Z) to ...``, ``it is alleged that ...``, ``a man believed to be``."""
        children = {c.dep_: c for c in verb.children}
        subject = children.get("nsubjpass")
        if subject is None and verb.dep_ == "conj" and "auxpass" in children:
            subject = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
        reduced = verb.dep_ == "acl" and "xcomp" in children
        if subject is None and not reduced:
            return
        if not reduced and "auxpass" not in children:
            return
        if reduced:
            first: Token = verb.head.left_edge
        elif subject is not None and subject.lower_ == "it" and "ccomp" in children:
            first = children["ccomp"].left_edge
        elif subject is not None:
            first = subject.left_edge
        else:
            return
        tail = children.get("xcomp") or children.get("ccomp") or _preposition(verb, ("of", "as"))
        if tail is None:
            return
        last = tail.right_edge
        auxes = [c.i for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
        hedge_start = min(auxes, default=verb.i)
        hedge = self.doc[hedge_start : verb.i + 1].text
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        objects = [c for c in agent.children if c.dep_ == "pobj"] if agent is not None else []
        claimant = self.resolve(objects[0]) if objects else self._speaker_at(verb.idx)
        self._add_tokens(
            first, last, claimant, hedge, f"passive:{verb.lemma_.lower()}", anchor=verb
        )

    def _from_adverb(self, adverb: Token) -> None:
        head = adverb.head
        if head.pos_ not in ("VERB", "AUX"):
            return
        if self._merge_hedge(adverb):
            return
        first, last = _clause(head)
        claimant = self._speaker_at(adverb.idx)
        self._add_tokens(first, last, claimant, adverb.text, "adverb", anchor=adverb)

    def _from_adjective(self, adjective: Token) -> None:
        noun = adjective.head
        if noun.pos_ not in ("NOUN", "PROPN") or self._merge_hedge(adjective):
            return
        words = _words(adjective)
        claimant = self._speaker_at(adjective.idx)
        self._add_tokens(
            noun.left_edge, noun.right_edge, claimant, words, "adjective", anchor=adjective
        )

    def _from_noun(self, noun: Token) -> None:
        """``Moscow's claim that ...``: the noun's "that" clause, claimed by its possessor."""
        for clause in noun.children:
            if clause.dep_ not in ("acl", "ccomp", "appos"):
                continue
            if not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
                continue
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            claimant = self.resolve(owner) if owner is not None else self._speaker_at(noun.idx)
            first, last = clause.left_edge, clause.right_edge
            if first.lower_ == "that" and first.i < last.i:
                first = self.doc[first.i + 1]
            rule = f"noun:{noun.lemma_.lower()}"
            self._add_tokens(first, last, claimant, noun.text, rule, anchor=noun)
            return

    def _merge_hedge(self, token: Token) -> bool:
        """Adds a hedge word to a claim from reported speech that already holds it."""
        for key, claim in self._claims.items():
            if key[0] <= token.idx < key[1] and claim.provenance.startswith("claims:speech"):
                if claim.hedge is None:
                    claim.hedge = _words(token)
                elif _words(token) not in claim.hedge:
                    claim.hedge = f"{claim.hedge}, {_words(token)}"
                return True
        return False

    def _speaker_at(self, char: int) -> Mention | None:
        """The speaker of the innermost quote around a position: the words are theirs."""
        for span in self.attributed:
            if span.start <= char < span.end:
                return span.speaker
        return None

    def _add_tokens(
        self,
        first: Token,
        last: Token,
        claimant: Mention | None,
        hedge: str | None,
        rule: str,
        *,
        anchor: Token,
    ) -> None:
        doc = self.doc
        lo, hi = first.i, last.i
        if self.paragraphs:
            # Keep to the paragraph of the hedge: the parse may run over a line break.
            number = max(0, bisect_right(self._para_starts, anchor.idx) - 1)
            para_lo, para_hi = self.paragraphs[number]
            while lo < hi and doc[lo].idx < para_lo:
                lo += 1
            while hi > lo and doc[hi].idx >= para_hi:
                hi -= 1
        while lo < hi and (doc[lo].is_punct or doc[lo].is_space or doc[lo].dep_ == "mark"):
            lo += 1
        while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
            hi -= 1
        if hi - lo < 1:
            return
        self._add(doc[lo].idx, doc[hi].idx + len(doc[hi]), claimant, hedge, rule)

    def _add(
        self, start: int, end: int, claimant: Mention | None, hedge: str | None, rule: str
    ) -> None:
        key = (start, end)
        existing = self._claims.get(key)
        if existing is not None:
            if existing.hedge is None and hedge:
                existing.hedge = hedge
            return
        claim_id = stable_id(self.article_id, "claim", start, end)
        if claimant is not None:
            self.claimants[claim_id] = claimant
        if claimant is not None and is_unresolved_pronoun(claimant):
            # The mention is kept for review screens, but a bare "he" is no actor to credit
            # events to (link_claims_to_events copies the claimant onto them).
            claimant = None
        self._claims[key] = Claim(
            id=claim_id,
            article_id=self.article_id,
            text=self.text[start:end],
            start=start,
            end=end,
            claimant=claimant.as_ref() if claimant is not None else None,
            hedge=hedge,
            provenance=f"claims:{rule}",
        )


def link_claims_to_events(claims: Sequence[Claim], events: Sequence[Event]) -> None:
    """Ties each event to the narrowest claim whose text holds its trigger word.

    Sets ``claim.event_ids`` and ``event.claim_id``, and credits the event to the claimant
    when the coder left ``attributed_to`` empty. Claims and events of different articles are
    never tied. Runs in place, so the façade can call it after both stages.
    """
    for event in events:
        holding = [
            c
            for c in claims
            if c.article_id == event.article_id
            and c.start <= event.trigger.start
            and event.trigger.end <= c.end
        ]
        if not holding:
            continue
        claim = min(holding, key=lambda c: (c.end - c.start, c.start))
        if event.id not in claim.event_ids:
            claim.event_ids.append(event.id)
        event.claim_id = claim.id
        if not event.attributed_to and claim.claimant is not None:
            event.attributed_to = [claim.claimant.model_copy(deep=True)]


def _names_someone(finding: Finding, cues: CueLexicon) -> bool:
    """Whether the subject of a thinking or showing verb is a claimant or only a basis.

    "Analysts believe ..." has claimants; "the pace of the talks suggests ..."
    has none, only a ground for the claim.
    """
    return finding.speaker is not None and could_speak(finding.speaker, cues)


def _words(token: Token) -> str:
    """A modifier's own words, so that "so-called" (three tokens) is read as one hedge."""
    return token.doc[token.left_edge.i : token.i + 1].text.lower()


def _preposition(verb: Token, words: tuple[str, ...]) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in words), None)


def _clause(head: Token) -> tuple[Token, Token]:
    """The clause a verb heads, without a leading "that" and without clauses of other speech."""
    first, last = head.left_edge, head.right_edge
    if first.lower_ == "that" and first.i < last.i:
        first = head.doc[first.i + 1]
    return first, last
