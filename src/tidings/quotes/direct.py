"""Direct and partial quotations: what kind each one is and which cue introduces it.

A quotation found by its marks is tied to a cue in the order English reporting makes
reliable: the cue the parse hangs it from (``the minister praised the “deep friendship”``), a cue
right after it (``“...,” Putin added`` / ``said Putin``), a cue right before it in the same
sentence (``She said: “...”``), the verb before a colon. A full-sentence quotation with no cue
of its own is marked to follow the previous sentence's speaker; the extractor settles that
once the earlier speakers are known. A partial quotation with no cue is usually a scare quote
(``a “Cold War”``) and is left without a speaker.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Token

from tidings.models import QuoteKind
from tidings.quotes.indirect import Finding, cue_at, cue_span
from tidings.quotes.lexicon import CueLexicon, VerbCue
from tidings.quotes.marks import MarkedQuote, QuotedSpans
from tidings.quotes.speakers import inverted_subject, subject_of, token_spans_inside

_TERMINAL = frozenset({".", "!", "?"})
_CLAUSE_EDGE = frozenset({".", "!", "?", ":", ";", ",", "—", "–", "-", "(", "[", "…"})
_BEFORE_REACH = 6  # tokens between a cue and the opening mark: "said on Tuesday in Kyiv:"
_AFTER_REACH = 25  # tokens after the closing mark: "“...,” Smith, the director of ..., said"
_ANCESTOR_STEPS = 8


@dataclass(frozen=True)
class _Cue:
    token: Token
    entry: VerbCue
    speaker: Token | None
    where: str


class DirectReader:
    """Reads the marked quotations of one document against its parse."""

    def __init__(
        self,
        doc: Doc,
        quotes: Sequence[MarkedQuote],
        *,
        cues: CueLexicon,
        paragraphs: Sequence[tuple[int, int]],
        text: str | None = None,
    ) -> None:
        self.doc = doc
        self.quotes = list(quotes)
        self.cues = cues
        self.paragraphs = list(paragraphs)
        self._para_starts = [lo for lo, _ in self.paragraphs]
        self.text = doc.text if text is None else text  # Doc.text is rebuilt per call
        self.spans = QuotedSpans(self.quotes)
        self._quote_starts = [q.start for q in self.quotes]
        offsets = doc.to_array([IDX, LENGTH]).tolist() if len(doc) else []
        self._token_starts = [start for start, _ in offsets]
        self._token_ends = [start + length for start, length in offsets]

    def read(self) -> list[Finding]:
        return [self._read_one(number, quote) for number, quote in enumerate(self.quotes)]

    def paragraph_of(self, char: int) -> tuple[int, int]:
        number = max(0, bisect_right(self._para_starts, char) - 1)
        return self.paragraphs[number] if self.paragraphs else (0, len(self.text))

    def _read_one(self, number: int, quote: MarkedQuote) -> Finding:
        kind = self.kind_of(quote)
        cue = (
            self._after_cue(quote, adjacent=True)
            or self._ancestor_cue(quote)
            or self._after_cue(quote, adjacent=kind == "partial")
        )
        if cue is None and kind == "direct":
            cue = self._before_cue(number, quote) or self._colon_cue(number, quote)
        if cue is None:
            return Finding(
                kind=kind,
                start=quote.content_start,
                end=quote.content_end,
                rule=f"{kind}:no-cue",
                follows_previous=kind == "direct",
            )
        return Finding(
            kind=kind,
            start=quote.content_start,
            end=quote.content_end,
            rule=f"{kind}:{cue.where}:{cue.entry.lemma}",
            speaker=cue.speaker,
            cue=cue_span(cue.token, cue.entry),
            cue_lemma=cue.entry.lemma,
            stance=cue.entry.stance,
        )

    def kind_of(self, quote: MarkedQuote) -> QuoteKind:
        """Partial when the quoted words are a piece of the reporter's own sentence.

        They are when they start in lower case, or follow a word of the sentence that is
        neither a cue ("said “...") nor a complementizer ("stating that “..."), or run on into
        it ("a “Cold War” rhetoric"). Otherwise they stand as whole sentences: direct.
        """
        text = self.text
        if text[quote.content_start].islower():
            return "partial"
        lo, _ = self.paragraph_of(quote.start)
        before = self._token_before(quote.start, lo)
        if before is not None and not (
            before.text in _CLAUSE_EDGE
            or before.is_punct
            or before.lower_ in ("that", "whether", "if")
            or cue_at(before, self.cues) is not None
        ):
            return "partial"
        after = self._token_after(quote.end)
        # The last word and what stands between it and the closing mark (`,”` `.”` `?”`).
        edge = any(c in _CLAUSE_EDGE for c in text[quote.content_end - 1 : quote.end])
        if (
            quote.closed
            and after is not None
            and not edge
            and after.text[:1].islower()
            and after.pos_ != "PRON"
            and cue_at(after, self.cues) is None
        ):
            return "partial"
        return "direct"

    def _ancestor_cue(self, quote: MarkedQuote) -> _Cue | None:
        """The nearest cue verb above the quotation in the parse of its sentence."""
        best: tuple[int, _Cue] | None = None
        for token in self._tokens(quote.content_start, quote.content_end):
            if quote.start <= token.head.idx < quote.end or token.head is token:
                continue
            head, steps = token.head, 1
            while steps <= _ANCESTOR_STEPS and not token_spans_inside(head, self.spans):
                owner = self._speech_noun_owner(head)
                if owner is not None:
                    noun = VerbCue(lemma=head.lemma_.lower(), stance="neutral", content=())
                    if best is None or steps < best[0]:
                        best = (steps, _Cue(head, noun, owner, "noun"))
                    break
                entry = cue_at(head, self.cues)
                if entry is not None and entry.speech:
                    speaker = subject_of(head)
                    if speaker is None and head.idx >= quote.end:
                        speaker = inverted_subject(head)
                    if speaker is not None and token_spans_inside(speaker, self.spans):
                        speaker = None  # the parse took quoted words for the speaker
                    if speaker is not None and (best is None or steps < best[0]):
                        best = (steps, _Cue(head, entry, speaker, "parse"))
                    break
                if head.head is head:
                    break
                head, steps = head.head, steps + 1
        return best[1] if best else None

    def _speech_noun_owner(self, token: Token) -> Token | None:
        """``Trump's call for a “total shutdown”``: the owner of a noun of saying."""
        if token.pos_ != "NOUN" or token.lemma_.lower() not in self.cues.nouns:
            return None
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is None or token_spans_inside(owner, self.spans):
            return None
        return owner

    def _after_cue(self, quote: MarkedQuote, *, adjacent: bool) -> _Cue | None:
        """A cue after the closing mark that reports nothing else: ``,” she said.``

        ``adjacent`` asks for the English frame itself: nothing but the cue and its speaker
        between the closing mark and the cue (``,” the Russian president added``). That frame
        beats any reading of the parse, which may hang a partial quotation from a verb of the
        reporter's own sentence.
        """
        _, para_hi = self.paragraph_of(quote.start if not quote.continued else quote.end - 1)
        following = bisect_left(self._quote_starts, quote.end)
        limit = (
            min(para_hi, self._quote_starts[following]) if following < len(self.spans) else para_hi
        )
        tokens = self._tokens(quote.end, limit)
        for count, token in enumerate(tokens):
            if count >= _AFTER_REACH or token.text in _TERMINAL:
                break
            entry = cue_at(token, self.cues)
            if entry is None or token.dep_ in ("relcl", "acl"):
                continue  # "Smith, who has long argued that ..., said": not that cue
            if self._reports_other(token, quote):
                return None
            speaker = subject_of(token) or inverted_subject(token)
            if speaker is None or token_spans_inside(speaker, self.spans):
                return None
            if adjacent and not _only_frame(tokens[:count], speaker):
                return None
            return _Cue(token, entry, speaker, "after")
        return None

    def _before_cue(self, number: int, quote: MarkedQuote) -> _Cue | None:
        """The nearest cue before the opening mark in the same sentence: ``She said, “...”``."""
        tokens = self._frame_before(number, quote)
        for distance, token in enumerate(reversed(tokens)):
            entry = cue_at(token, self.cues)
            if entry is None:
                continue
            if distance > _BEFORE_REACH or self._reports_other(token, quote):
                return None
            speaker = subject_of(token)
            if speaker is None or token_spans_inside(speaker, self.spans):
                return None
            return _Cue(token, entry, speaker, "before")
        return None

    def _colon_cue(self, number: int, quote: MarkedQuote) -> _Cue | None:
        """``Stoltenberg put it bluntly: “...”``: the clause before a colon introduces the quote."""
        tokens = self._frame_before(number, quote)
        if not tokens or tokens[-1].text != ":":
            return None
        for distance, token in enumerate(reversed(tokens[:-1])):
            if distance > _BEFORE_REACH:
                return None  # "received a text threatening more killings:" is no speaker
            if token.pos_ in ("VERB", "AUX") and token.dep_ in ("ROOT", "conj"):
                speaker = subject_of(token)
                if speaker is None or token_spans_inside(speaker, self.spans):
                    return None
                entry = VerbCue(lemma=token.lemma_.lower(), stance="neutral", content=())
                return _Cue(token, entry, speaker, "colon")
        return None

    def _reports_other(self, cue: Token, quote: MarkedQuote) -> bool:
        """Whether a cue has reported content of its own outside the quotation."""
        for child in cue.children:
            if child.dep_ not in ("ccomp", "xcomp"):
                continue
            lo, hi = child.left_edge, child.right_edge
            start, end = lo.idx, hi.idx + len(hi)
            outside = end <= quote.start or start >= quote.end
            if outside and not token_spans_inside(child, self.spans) and hi.i - lo.i >= 1:
                return True
        return False

    def _frame_before(self, number: int, quote: MarkedQuote) -> list[Token]:
        """Tokens of the sentence before the opening mark, up to a full stop or another quote."""
        para_lo, _ = self.paragraph_of(quote.start)
        lo = para_lo
        if number > 0 and self.quotes[number - 1].end > lo:
            lo = self.quotes[number - 1].end
        tokens = [t for t in self._tokens(lo, quote.start) if t.idx + len(t) <= quote.start]
        for cut in range(len(tokens) - 1, -1, -1):
            if tokens[cut].text in _TERMINAL:
                return tokens[cut + 1 :]
        return tokens

    def _tokens(self, start: int, end: int) -> list[Token]:
        """Tokens overlapping ``start:end``, whitespace tokens left out."""
        first = bisect_right(self._token_ends, start)
        last = bisect_left(self._token_starts, end)
        return [t for t in self.doc[first:last] if not t.is_space]

    def _token_before(self, char: int, floor: int) -> Token | None:
        number = bisect_right(self._token_ends, char) - 1
        while number >= 0:
            token = self.doc[number]
            if token.idx < floor:
                return None
            if not token.is_space:
                return token
            number -= 1
        return None

    def _token_after(self, char: int) -> Token | None:
        number = bisect_left(self._token_starts, char)
        while number < len(self.doc):
            token = self.doc[number]
            if not token.is_space:
                return token if "\n" not in self.text[char : token.idx] else None
            number += 1
        return None


def _only_frame(between: list[Token], speaker: Token) -> bool:
    """Whether the words between a closing mark and its cue are only the speaker's name."""
    lo, hi = speaker.left_edge.i, speaker.right_edge.i
    return all(t.is_punct or lo <= t.i <= hi for t in between)
