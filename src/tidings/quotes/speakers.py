"""Who said it: the subject of a cue, the words that name it, and the actor mention behind them.

The parser gives a cue verb's subject; this module turns that token into a speaker the rest
of Tidings can use. It prefers the actor layer's own mention (which carries the KB code and,
for a pronoun, the antecedent), and only when there is none builds a mention from the words
with the NER label. Pronouns the actor layer left unresolved get a cautious fallback: the
most recent compatible speaker or a single compatible named entity nearby, matched on the
kind of entity only (no gender is guessed from names). When the choice is not clear the
speaker stays unknown, because a wrong speaker is worse than none.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tidings.models import Mention
from tidings.models import Span as TextSpan
from tidings.quotes.lexicon import CueLexicon
from tidings.quotes.marks import QuotedSpans

# Dependents of a noun that belong to the name of a speaker ("NATO chief Jens Stoltenberg",
# "Russia's foreign minister"); relative clauses and appositions do not.
_NAME_PARTS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod", "case"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_RELATIVES = frozenset({"who", "that", "which", "whom"})
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
UNRESOLVED_PRONOUN = "quote-pronoun-unresolved"
# "X did Y after saying ...": the one saying is X. With "for" ("thanked X for saying") and
# most other prepositions it is someone else.
_SAME_SUBJECT_PREPOSITIONS = frozenset(
    {"by", "after", "before", "while", "when", "without", "since", "upon", "in"}
)


def subject_of(verb: Token) -> Token | None:
    """The token naming who performs a cue verb, following the parse up where it is shared.

    A verb joined to another ("stood up and said"), an -ing clause ("..., stating that",
    "by saying that") or an infinitive ("went on to say") takes the subject of the verb it
    hangs from; "criticized Trump for saying" takes the object, Trump;
    "issued a statement saying" takes the issuer's; a
    relative pronoun ("Gabuev, who said") gives way to the noun it stands for. A passive
    verb's speaker is its "by" phrase. A verb inside someone else's reported words does not
    borrow their subject, since that would hand the quote to the wrong person.
    """
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
            if child.dep_ == "nsubj":
                return _through_relative(child, current)
        head = current.head
        if current.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            # "a statement saying ...": the statement's issuer when the parse gives one.
            if head.pos_ == "NOUN" and head.dep_ == "dobj" and head.head.pos_ == "VERB":
                current = head.head
                continue
            return head
        if (
            current.dep_ == "pcomp"
            and head.lower_ in _SAME_SUBJECT_PREPOSITIONS
            and head.head.pos_ in ("VERB", "AUX")
        ):
            current = head.head  # "... by saying that"; but not "criticized X for saying"
            continue
        if current.dep_ == "pcomp" and head.lower_ == "for" and head.head.pos_ == "VERB":
            # "criticized Trump for saying ...": the one saying is the one criticised.
            return next((c for c in head.head.children if c.dep_ == "dobj"), None)
        if head is current or head.pos_ not in ("VERB", "AUX"):
            break
        shares = (
            (current.dep_ == "conj" and head.dep_ not in ("ccomp", "xcomp", "relcl"))
            or current.dep_ == "xcomp"
            or (current.dep_ == "advcl" and current.tag_ == "VBG")
        )
        if not shares:
            break
        current = head
    return None


def _through_relative(subject: Token, verb: Token) -> Token:
    if subject.lower_ in _RELATIVES and verb.dep_ == "relcl":
        return verb.head
    return subject


def inverted_subject(verb: Token) -> Token | None:
    """The speaker after the verb in ``“...,” said Putin`` when the parser missed the subject."""
    for child in verb.rights:
        if child.i - verb.i > 3:
            break
        if child.ent_type_ in ("DATE", "TIME"):
            continue  # "said Monday"
        if child.pos_ in ("PROPN", "NOUN", "PRON") and child.dep_ not in ("prep", "pobj"):
            return child
    return None


def speaker_extent(head: Token) -> tuple[int, int]:
    """The character span of the words naming a speaker: the head with its name-like modifiers.

    Appositions and relative clauses are left out so that the span is the name itself
    ("Alexander Gabuev", not the director's title after the comma).
    """
    first = head.i
    for child in head.lefts:
        if child.dep_ in _NAME_PARTS:
            first = min(first, child.left_edge.i)
    doc = head.doc
    last = head.i
    if head.ent_iob_ in ("B", "I"):
        # Widen to the whole entity the head belongs to ("Ki-moon" -> "Ban Ki-moon").
        while first > 0 and doc[first].ent_iob_ == "I":
            first -= 1
        while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
            last += 1
    return doc[first].idx, doc[last].idx + len(doc[last])


def entity_mentions(doc: Doc) -> list[Mention]:
    """Mentions built from the NER entities, for when no actor layer has run.

    Tests and the evaluation use these until the actor linker lands; the extractor uses
    them too as pronoun antecedents when it is given no mentions at all.
    """
    return [
        Mention(
            text=ent.text,
            start=ent.start_char,
            end=ent.end_char,
            label=ent.label_,
            method="ner",
            sentence=TextSpan(start=ent.sent.start_char, end=ent.sent.end_char, text=ent.sent.text),
        )
        for ent in doc.ents
        if ent.label_ in _SPEAKER_LABELS
    ]


@dataclass(frozen=True)
class SpokenBefore:
    """A speaker already attributed earlier in the article, for pronouns and follow-on quotes."""

    position: int  # where the attribution ends (quote, cue or speaker, whichever is last)
    mention: Mention
    label: str | None  # the entity label of the named speaker behind a resolved pronoun


class SpeakerResolver:
    """Turns speaker tokens into mentions for one document."""

    def __init__(
        self,
        doc: Doc,
        *,
        cues: CueLexicon,
        mentions: Sequence[Mention],
        quoted: QuotedSpans,
        pronoun_sentences: int = 2,
        keep_unresolved_pronouns: bool = True,
        text: str | None = None,
    ) -> None:
        self.doc = doc
        self.keep_unresolved_pronouns = keep_unresolved_pronouns
        self.text = doc.text if text is None else text  # Doc.text is rebuilt per call
        self.cues = cues
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self.mentions]
        # Named antecedents for pronouns: the actor layer's, or NER's when it gave none.
        pool = [m for m in self.mentions if m.label != "PRON"] or entity_mentions(doc)
        self.antecedents = [m for m in pool if not quoted.holds(m.start)]
        self.pronoun_sentences = pronoun_sentences

    def resolve(
        self, head: Token, history: Sequence[SpokenBefore], *, anchor: int | None = None
    ) -> Mention | None:
        """The mention for a speaker head token, or None when it names no one for sure.

        ``anchor`` is where the attribution starts (the opening mark of ``“...,” he said``):
        a pronoun looks back from there, not from inside the quotation.
        """
        lower = head.lower_
        if lower in self.cues.non_speakers and lower not in self.cues.pronouns:
            return None
        covering = self.covering(head)
        if covering is not None and (covering.label != "PRON" or covering.antecedent is not None):
            return covering.model_copy(deep=True)
        if head.pos_ == "PRON" or head.tag_ in ("PRP", "PRP$", "WP"):
            found = self._pronoun(head, history, anchor=anchor)
            if found is None and self.keep_unresolved_pronouns and lower in self.cues.pronouns:
                return unresolved_pronoun(head)
            return found
        named = self._named_apposition(head)
        if named is not None:
            return named
        start, end = speaker_extent(head)
        return Mention(
            text=self.text[start:end],
            start=start,
            end=end,
            label=head.ent_type_ or None,
            method="unresolved",
            sentence=_sentence(head),
        )

    def _named_apposition(self, head: Token) -> Mention | None:
        """``the envoy Zhai Jun`` / ``the minister, Kaja Kallas,``: the name beside a role."""
        if head.pos_ != "NOUN":
            return None
        for child in head.rights:
            if child.dep_ not in ("appos", "compound", "npadvmod") or child.i - head.i > 4:
                continue
            mention = self.covering(child)
            if mention is not None and mention.label in ("PERSON", "ORG"):
                return mention.model_copy(deep=True)
        return None

    def covering(self, head: Token) -> Mention | None:
        """The longest actor mention that covers the head word of a speaker."""
        lo, hi = head.idx, head.idx + len(head)
        best: Mention | None = None
        stop = bisect_left(self._starts, hi)
        for mention in self.mentions[:stop]:
            if (
                mention.end > lo
                and mention.start < hi
                and (best is None or mention.end - mention.start > best.end - best.start)
            ):
                best = mention
        return best

    def label_of(self, mention: Mention) -> str | None:
        """The kind of entity a speaker is, seen through pronouns and person nouns."""
        if mention.label == "PRON":
            for candidate in self.antecedents:
                if candidate.start == mention.antecedent:
                    return candidate.label
            labels = self.cues.pronouns.get(mention.text.lower(), frozenset())
            return min(labels) if len(labels) == 1 else None
        if mention.label is None:
            words = mention.text.lower().split()
            if words and words[-1] in self.cues.person_nouns:
                return "PERSON"
        return mention.label

    def _pronoun(
        self, head: Token, history: Sequence[SpokenBefore], *, anchor: int | None
    ) -> Mention | None:
        labels = self.cues.pronouns.get(head.lower_)
        if not labels:
            return None
        start = head
        if anchor is not None and anchor < head.idx:
            span = self.doc.char_span(anchor, anchor + 1, alignment_mode="expand")
            if span is not None and len(span):
                start = span[0]
        governing = self._governing_subject(head, labels, history)
        if governing is not None:
            return governing
        window = _window_start(start, self.pronoun_sentences)
        own = head.sent.start_char
        # In the pronoun's own sentence only a subject can be its antecedent: in "Asked about
        # Trump, he said" the pronoun is not Trump.
        before = [
            m
            for m in self.antecedents
            if window <= m.start < head.idx
            and m.label in labels
            and (m.start < own or self._is_subject(m))
        ]
        recent = next(
            (
                h
                for h in reversed(history)
                if window <= h.position <= head.idx
                and h.label in labels
                and not is_unresolved_pronoun(h.mention)
            ),
            None,
        )
        if recent is not None:
            speaker_key = _identity(recent.mention)
            rivals = [
                m
                for m in before
                if m.start > recent.position and _identity(m) != speaker_key and self._is_subject(m)
            ]
            if not rivals:
                return _pronoun_mention(head, recent.mention, target=_target(recent.mention))
        if not before:
            return None
        identities = {_identity(m) for m in before}
        if len(identities) == 1:
            return _pronoun_mention(head, before[-1], target=before[-1].start)
        subjects = [m for m in before if self._is_subject(m)]
        if subjects:
            last_sentence = _sentence_start(self.doc, subjects[-1].start)
            same = [m for m in subjects if _sentence_start(self.doc, m.start) == last_sentence]
            if len({_identity(m) for m in same}) == 1:
                return _pronoun_mention(head, same[-1], target=same[-1].start)
        return None

    def _governing_subject(
        self, head: Token, labels: frozenset[str], history: Sequence[SpokenBefore]
    ) -> Mention | None:
        """``Trump repeated he had never met Putin``: the subject of the clause above wins.

        A subject pronoun in a reported or subordinate clause refers, far more often than
        not, to the subject of the clause that governs it; this holds even where NER gave
        that subject no label, which the window search below would miss.
        """
        verb = head.head
        for _ in range(4):
            if verb.head is verb or verb.dep_ not in ("ccomp", "advcl", "conj", "xcomp"):
                return None
            verb = verb.head
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is None or subject.i > head.i:
                continue
            if subject.pos_ == "PRON":
                if subject.lower_ != head.lower_:
                    return None
                outer = self._pronoun(subject, history, anchor=None)
                return _pronoun_mention(head, outer, target=_target(outer)) if outer else None
            # NER often calls a person's bare surname an ORG; the grammar is the better guide.
            allowed = labels | {"ORG"} if "PERSON" in labels else labels
            if subject.ent_type_ and subject.ent_type_ not in allowed:
                return None
            if not subject.ent_type_ and not self._could_be(subject, labels):
                return None
            mention = self.covering(subject)
            if mention is None:
                lo, hi = speaker_extent(subject)
                text = self.text[lo:hi]
                mention = Mention(text=text, start=lo, end=hi, label=subject.ent_type_ or None)
            return _pronoun_mention(head, mention, target=_target(mention))
        return None

    def _could_be(self, token: Token, labels: frozenset[str]) -> bool:
        """An unlabelled subject that may still be a person or body: a name or a role noun."""
        if token.pos_ == "PROPN":
            return True
        return "PERSON" in labels and token.lemma_.lower() in self.cues.person_nouns

    def _is_subject(self, mention: Mention) -> bool:
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        token = span.root
        for _ in range(3):
            if token.dep_ in _SUBJECTS:
                return True
            if token.dep_ not in ("compound", "appos", "nmod", "conj") or token.head is token:
                return False
            token = token.head
        return False


def _pronoun_mention(head: Token, antecedent: Mention, *, target: int) -> Mention:
    return Mention(
        text=head.text,
        start=head.idx,
        end=head.idx + len(head),
        label="PRON",
        code=antecedent.code,
        sector=antecedent.sector,
        actor_id=antecedent.actor_id,
        name=antecedent.name,
        method="quote-pronoun",
        antecedent=target,
        sentence=_sentence(head),
    )


def unresolved_pronoun(head: Token) -> Mention:
    """The pronoun itself as the speaker, pointing nowhere.

    "“...,” he said" names its speaker by the pronoun even when no antecedent is certain;
    the mention says who spoke as far as the text does, without guessing whom it means.
    """
    return Mention(
        text=head.text,
        start=head.idx,
        end=head.idx + len(head),
        label="PRON",
        method=UNRESOLVED_PRONOUN,
        sentence=_sentence(head),
    )


def is_unresolved_pronoun(mention: Mention) -> bool:
    return mention.method == UNRESOLVED_PRONOUN


def _target(mention: Mention) -> int:
    """Where a speaker really points: a pronoun's antecedent, else the mention itself."""
    return mention.antecedent if mention.antecedent is not None else mention.start


def _identity(mention: Mention) -> str:
    """Who a mention names, loosely: the KB id, else the last word ("Putin" = "Vladimir Putin")."""
    if mention.actor_id:
        return mention.actor_id
    words = mention.text.split()
    return words[-1].lower().removesuffix("'s").removesuffix("’s") if words else ""


def _window_start(head: Token, sentences: int) -> int:
    sent = head.sent
    doc = head.doc
    for _ in range(sentences):
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
    return sent.start_char


def _sentence_start(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.sent.start_char if span is not None and len(span) else -1


def _sentence(token: Token) -> TextSpan:
    sent: Span = token.sent
    return TextSpan(start=sent.start_char, end=sent.end_char, text=sent.text)


def token_spans_inside(token: Token, spans: QuotedSpans) -> bool:
    """Whether a token overlaps any quotation."""
    return spans.overlaps(token.idx, token.idx + len(token))
