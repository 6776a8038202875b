"""Direct and partial quotations: what kind each one is and which cue introduces it.

A quotation found by its marks is tied to a cue in the order English reporting makes
reliable: the cue the parse hangs it from (``the minister praised the “deep friendship”``), a cue
right after it (``“...,” Putin added`` / ``said Putin``), a cue right before it in the same
sentence (``She said: “...”``), the verb before a colon. A full-sentence quotation with no cue
of its own is marked to follow the previous sentence's speaker; the extractor settles that
once the earlier speakers are known. A partial quotation with no cue is usually a scare quote
(``a “Cold War”``) and is left without a speaker.

Two frames credit words with no verb at all, and are read from the tokens rather than the
parse: a name signing a quotation after a dash (``“...” ― Sonya Herridge``) and a speaker
label opening a transcript turn or a headline (``PENCE: Well, look, ...``).
"""

from __future__ import annotations

import re
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
# A signature after a quotation: spaces, a dash (or two hyphens), spaces, then the name.
_DASH_SIGNATURE = re.compile(r"[ \t\u00a0]*(―|—|–|--)[ \t\u00a0]*")
_SIGNATURE_LABELS = frozenset({"PERSON", "ORG"})
_SIGNATURE_WORDS = 5
_SIGNATURE_ENDS = frozenset({",", ".", "(", "[", ";"})
_NAME_WORDS = 6  # "Tulsa police Chief Chuck Jordan"
_NAME_TAGS = frozenset({"PROPN", "NOUN", "DET", "ADJ"})
# Speaker labels (PENCE: ...): what may form a label, and what must follow it.
_LABEL_ENTITIES = frozenset({"PERSON", "ORG"})
_MAX_LABEL_WORDS = 4
_MIN_LABELLED_WORDS = 3
_OPENERS = frozenset("\"'“‘«„")
_CLOSERS = "\"'”’»"


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
            or self._dash_cue(quote)
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
                speaker = _frame_subject(token, tokens[:count], self.spans)
            if speaker is None:
                return None
            between = tokens[:count]
            if adjacent and not (_only_frame(between, speaker) or _name_gap(between)):
                return None
            return _Cue(token, entry, speaker, "after")
        return None

    def _dash_cue(self, quote: MarkedQuote) -> _Cue | None:
        """``“...” ― Sonya Herridge``: a name after a dash signs the quotation.

        Reader comments, epigraphs and vox pops credit quotes this way, with no verb. Only
        a name that ends its line or is followed by a comma or bracket (``— John Smith,
        mayor of ...``) counts: a dash in running prose opens an aside, not a signature.
        """
        if not quote.closed:
            return None
        match = _DASH_SIGNATURE.match(self.text, quote.end)
        if match is None:
            return None
        dash_at, name_at = match.start(1), match.end()
        dash = self._token_at(dash_at)
        names = [
            t for t in self._tokens(name_at, self.paragraph_of(name_at)[1]) if t.idx >= name_at
        ]
        run: list[Token] = []
        for token in names:
            if token.pos_ != "PROPN" and token.ent_type_ not in _SIGNATURE_LABELS:
                break
            run.append(token)
        if dash is None or not run or len(run) > _SIGNATURE_WORDS:
            return None
        after = names[len(run)] if len(run) < len(names) else None
        if after is not None and after.text not in _SIGNATURE_ENDS:
            return None
        if not any(t.ent_type_ in _SIGNATURE_LABELS for t in run) and len(run) < 2:
            return None  # one bare capitalised word may be anything; two make a name
        entry = VerbCue(lemma="dash", stance="neutral", content=())
        return _Cue(dash, entry, run[-1], "dash")

    def _token_at(self, char: int) -> Token | None:
        number = bisect_right(self._token_starts, char) - 1
        return self.doc[number] if 0 <= number < len(self.doc) else None

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


def _frame_subject(cue: Token, between: list[Token], quoted: QuotedSpans) -> Token | None:
    """The speaker of ``“...,” X said`` when the parse made the quoted words the subject.

    The parser often hangs the last quoted sentence on the cue as its subject, beside or
    instead of the real one. The frame still says who spoke: another subject of the cue
    outside the marks, else a name filling the gap between the closing mark and the cue
    (``“...,” Tulsa police Chief Chuck Jordan said``), else a name right after the cue.
    """
    for child in cue.children:
        if child.dep_ == "nsubj" and not token_spans_inside(child, quoted):
            return child
    name = _name_gap(between)
    if name is not None:
        return name
    if not any(not t.is_punct for t in between):
        after = inverted_subject(cue)
        if after is not None and not token_spans_inside(after, quoted):
            return after
    return None


def _name_gap(between: list[Token]) -> Token | None:
    """The last word of a name that alone fills the words between a closing mark and a cue."""
    words = [t for t in between if not t.is_punct]
    # A capitalised word counts whatever its tag: taggers misread names ("Tulsa" as a verb).
    if not 0 < len(words) <= _NAME_WORDS or any(
        t.pos_ not in _NAME_TAGS and not t.is_title for t in words
    ):
        return None
    return words[-1] if words[-1].pos_ in ("PROPN", "NOUN") else None


def _only_frame(between: list[Token], speaker: Token) -> bool:
    """Whether the words between a closing mark and its cue are only the speaker's name."""
    lo, hi = speaker.left_edge.i, speaker.right_edge.i
    return all(t.is_punct or lo <= t.i <= hi for t in between)


# ---------------------------------------------------------------- speaker labels
#
# Transcripts print the speaker's name before each turn ("PENCE: Well, look, ..."), and
# headlines use the same shape for what someone said ("Caddell: Voters Worried About ...").
# Neither has a verb for the parse to find, so the frame is read from the tokens. A colon
# after a paragraph's first words is also how a writer opens a list or a section ("Update:",
# "Partial transcript as follows:"), so the label must look like a name: every word
# capitalised, few of them, and one of them either an entity the NER knows as a person or
# body, or (for the all-capitals transcript style, which NER seldom labels) the surname of
# such an entity elsewhere in the article.


@dataclass(frozen=True)
class Label:
    """A name and its colon at the start of a stretch of text."""

    speaker: Token  # the last word of the name: the head the resolver widens from
    colon: Token
    transcript: bool  # all capitals, the transcript convention


def label_at(doc: Doc, start: int, end: int) -> Label | None:
    """The speaker label that opens ``doc``'s text at ``start``, if the words there are one.

    ``end`` bounds the search (the paragraph or quotation); the words after the colon must
    still hold a statement of a few words, or the colon only introduces what follows.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    tokens = [t for t in span if not t.is_space and t.idx >= start]
    while tokens and tokens[0].text in _OPENERS:
        tokens = tokens[1:]
    colon = next((n for n, t in enumerate(tokens[: _MAX_LABEL_WORDS + 1]) if t.text == ":"), None)
    if not colon:
        return None
    words, rest = tokens[:colon], tokens[colon + 1 :]
    if sum(1 for t in rest if not t.is_punct) < _MIN_LABELLED_WORDS:
        return None
    if not all(_capitalised(t) for t in words):
        return None
    transcript = all(t.is_upper for t in words if t.is_alpha)
    named = any(t.ent_type_ in _LABEL_ENTITIES for t in words)
    if not named and not (transcript and _surname_elsewhere(doc, words[-1])):
        return None
    return Label(speaker=words[-1], colon=tokens[colon], transcript=transcript)


def find_labelled(doc: Doc, *, paragraphs: Sequence[tuple[int, int]]) -> list[Finding]:
    """A finding for every paragraph that opens with a speaker label, in text order.

    A turn printed inside quotation marks follows the convention for quotes that run over
    several paragraphs: each paragraph reopens the mark and none closes it, so the turn
    goes on through the reopened paragraphs until one brings a new label. Straight marks
    laid out this way defeat pairing, which is why the turns are read here from the
    paragraphs and not from the marks.
    """
    text = doc.text
    found = []
    number = 0
    while number < len(paragraphs):
        lo, hi = paragraphs[number]
        number += 1
        first = _first_char(text, lo, hi)
        if first >= hi:
            continue
        label = label_at(doc, first, hi)
        if label is None:
            continue
        marked = text[first] in _OPENERS
        while marked and number < len(paragraphs):
            next_lo, next_hi = paragraphs[number]
            opener = _first_char(text, next_lo, next_hi)
            if opener >= next_hi or text[opener] not in _OPENERS:
                break
            if label_at(doc, opener, next_hi) is not None:
                break
            hi = next_hi
            number += 1
        start = _first_char(text, label.colon.idx + 1, hi)
        end = start + len(text[start:hi].rstrip().rstrip(_CLOSERS).rstrip())
        if end > start:
            found.append(labelled_finding(label, start, end, marked=marked))
    return found


def _first_char(text: str, lo: int, hi: int) -> int:
    """Where the first non-space character of ``text[lo:hi]`` is (``hi`` when none)."""
    return lo + len(text[lo:hi]) - len(text[lo:hi].lstrip())


def labelled_finding(label: Label, start: int, end: int, *, marked: bool) -> Finding:
    """The attribution a label makes: the colon is the cue, the name the speaker.

    The all-capitals transcript turn is the speaker's own words (``direct``), and so is
    any turn inside quotation marks (``marked``); a headline's ``Name: ...`` is headline
    paraphrase (``indirect``).
    """
    colon = label.colon
    kind: QuoteKind = "direct" if marked or label.transcript else "indirect"
    return Finding(
        kind=kind,
        start=start,
        end=end,
        rule=f"{kind}:label",
        speaker=label.speaker,
        cue=(colon.idx, colon.idx + len(colon)),
        cue_lemma=":",
        stance="neutral",
    )


def _capitalised(token: Token) -> bool:
    """A word of a name: "Pat", "PENCE", "Sen.", "O'Neill"; not "the" or a number."""
    word = token.text.rstrip(".")
    return bool(word) and word[0].isupper() and word.replace("'", "").replace("-", "").isalpha()


def _surname_elsewhere(doc: Doc, word: Token) -> bool:
    """Whether ``WALLACE`` is, in title case, the end of a person or body named in the text."""
    wanted = word.text.title()
    return any(
        ent.label_ in _LABEL_ENTITIES and ent[-1].text == wanted and ent.start != word.i
        for ent in doc.ents
    )
