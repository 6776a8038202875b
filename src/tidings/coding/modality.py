"""Whether an event happened, is planned, hypothetical, denied or only claimed, and by whom.

News states far more than it reports as fact: "will visit" is a plan, "would allow" a
conditional offer, "did not attend" a non-event, and "is believed by Western governments to
be aiding Russia" a claim of Western governments. The status is read from the trigger's own
clause (auxiliaries, negation, adverbs) and then from the clauses above it, climbing until
the sentence root: a to-clause of "plan" or "aim", an if-clause, the complement of "say" by
someone other than the event's source, a passive hedge ("is believed to"), "according to".
Speech never turns a claim into a fact; a factive verb ("confirmed", "announced") does not
make one a claim either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Token

from tidings.coding.arguments import Arg, ArgumentFinder
from tidings.coding.lexicon import Cues
from tidings.coding.syntax import children, lemma, prep_objects, subject_tokens
from tidings.coding.triggers import Trigger
from tidings.models import EventStatus

__all__ = ["Modality", "ModalityReader"]

_PAST_TAGS = frozenset({"VBD"})
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})


@dataclass
class Modality:
    """The status of one event, with the cue words that decided it."""

    status: EventStatus = "occurred"
    explicit: bool = False  # a cue decided it, not the default
    attributed_to: list[Arg] = field(default_factory=list)
    declared_refusal: bool = False  # "will not", "won't": a REJECT in its own right
    intended: bool = False  # a reported plan ("will return weapons, according to reports")
    cues: list[str] = field(default_factory=list)
    hedge: str | None = None


@dataclass
class _Clues:
    negated: bool = False
    future: bool = False
    modal: bool = False
    conditional: bool = False
    planned: bool = False
    hedged: bool = False
    past: bool = False
    ongoing: bool = False
    hedgers: list[Arg] = field(default_factory=list)
    speakers: list[list[Arg]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


def _identities(arg: Arg) -> set[tuple[str, str]]:
    """Both the actor id and the code: a spokesman (an id) speaks for his country (a code)."""
    found = {arg.key}
    if arg.ref.code:
        found.add(("code", arg.ref.code))
    return found


class ModalityReader:
    """Reads status and attribution for triggers of one document."""

    def __init__(self, cues: Cues, finder: ArgumentFinder) -> None:
        self.cues = cues
        self.finder = finder
        self._future = frozenset(cues.future_aux)
        self._modal = frozenset(cues.hypothetical_aux)
        self._planning = frozenset(cues.planning_verbs)
        self._planning_adj = frozenset(cues.planning_adjectives)
        self._planning_nouns = frozenset(cues.planning_nouns)
        self._doubt_adj = frozenset(cues.doubt_adjectives)
        self._negation = frozenset(cues.negation_words)
        self._conditional = frozenset(cues.conditional_marks)
        self._speech = frozenset(cues.speech_verbs)
        self._factive = frozenset(cues.factive_verbs)
        self._hedge_verbs = frozenset(cues.hedge_verbs)
        self._accusation = frozenset(cues.accusation_verbs)
        self._hedge_mods = frozenset(cues.hedge_modifiers)
        self._hedge_advs = frozenset(cues.hedge_adverbs)
        self._planned_mods = frozenset(cues.planned_modifiers)
        self._carriers = frozenset(cues.light_verbs) | frozenset(cues.mediator_verbs)
        self._subject_carriers = frozenset(cues.subject_carriers)
        self._past_mods = frozenset(cues.past_modifiers)

    def read(self, trigger: Trigger, source: list[Arg],
             is_trigger: Callable[[Token], bool] = lambda _t: False) -> Modality:
        clues = _Clues()
        token = trigger.token
        if token.sent.text.rstrip().endswith("?"):
            # "Will China continue to back Russia?" asks; it asserts no event.
            clues.conditional = True
            clues.words.append("?")
        if trigger.pos == "NOUN":
            self._nominal(token, clues)
            carrier = trigger.governor
            carried = carrier is not None and not is_trigger(carrier) and (
                (trigger.governor_rel == "nsubj" and lemma(carrier) in self._subject_carriers)
                or (trigger.governor_rel != "nsubj" and (
                    lemma(carrier) in self._carriers or lemma(carrier) in trigger.rule.governors))
            )
            if carried and carrier is not None:
                # "held talks", "will impose sanctions": the carrying verb's status is the event's.
                self._own_clause(carrier, clues, tense=True)
                self._climb(carrier, clues)
            else:
                # A bare noun phrase presupposes its event ("Xi's state visit to Moscow"):
                # what the sentence asserts or reports about it is not its status.
                self._climb(token, clues, nominal=True)
        else:
            verb = token.head if trigger.pos == "ADJ" and token.dep_ == "acomp" else token
            self._own_clause(verb, clues, tense=True)
            if verb is not token:
                self._own_clause(token, clues, tense=False)
            self._climb(verb, clues)
        return self._decide(clues, source)

    # ------------------------------------------------------------------ clues
    def _nominal(self, noun: Token, clues: _Clues) -> None:
        for child in noun.children:
            word = lemma(child)
            if child.dep_ in {"amod", "compound", "nmod"}:
                if word in self._planned_mods:
                    clues.planned = True
                    clues.words.append(child.text)
                elif word in self._past_mods:
                    clues.past = True
                    clues.words.append(child.text)
                elif word in self._hedge_mods:
                    clues.hedged = True
                    clues.words.append(child.text)
            if child.dep_ == "relcl":
                relative = _Clues()
                self._own_clause(child, relative, tense=True)
                if lemma(child) in self._planning or lemma(child) in self._planning_adj:
                    relative.planned = True
                    relative.words.append(child.text)
                if relative.planned or relative.future:
                    clues.planned = True
                    clues.words.extend(relative.words)

    @staticmethod
    def _intended(noun: Token, clues: _Clues) -> None:
        """What a plan noun governs has not happened; with "no" in front, it will not."""
        clues.planned = True
        clues.words.append(noun.text)
        if any(d.lower_ == "no" for d in children(noun, "det")):
            clues.negated = True
            clues.words.append("no")

    def _own_clause(self, verb: Token, clues: _Clues, *, tense: bool) -> None:
        auxes = children(verb, "aux", "auxpass")
        for child in verb.children:
            word = child.lower_
            if child.dep_ == "neg" or (child.dep_ in {"advmod", "det"} and word in self._negation
                                       and child.i < verb.i):
                clues.negated = True
                clues.words.append(child.text)
            elif child.dep_ == "advmod" and word in self._hedge_advs:
                clues.hedged = True
                clues.words.append(child.text)
            elif child.dep_ == "advmod" and word == "longer" and any(
                g.lower_ == "no" for g in child.children
            ):
                clues.negated = True
                clues.words.append("no longer")
        for aux in auxes:
            word = aux.lower_
            if word in self._future or lemma(aux) in self._future:
                clues.future = True
                clues.words.append(aux.text)
            elif word in self._modal:
                clues.modal = True
                clues.words.append(aux.text)
        if verb.dep_ == "advcl" and any(
            m.lower_ in self._conditional for m in children(verb, "mark")
        ):
            clues.conditional = True
            clues.words.extend(m.text for m in children(verb, "mark"))
        if not tense:
            return
        perfect = any(lemma(a) == "have" for a in auxes)
        if verb.tag_ in _PAST_TAGS or any(a.tag_ in _PAST_TAGS for a in auxes):
            clues.past = True
        elif perfect:
            # "has been sharing" goes on; "has agreed" is done.
            if verb.tag_ == "VBG":
                clues.ongoing = True
            else:
                clues.past = True
        elif verb.tag_ in _PRESENT_TAGS or any(a.tag_ in _PRESENT_TAGS for a in auxes):
            clues.ongoing = True

    def _climb(self, start: Token, clues: _Clues, *, nominal: bool = False) -> None:
        if not nominal:
            self._according_to(start, clues)
            self._parenthetical(start, clues)
        child = start
        for head in start.ancestors:
            relation = child.dep_
            if relation in {"relcl", "appos"} or (nominal and relation in {"acl"}):
                break
            word = lemma(head)
            if nominal:
                if relation == "pobj" and head.lower_ in {"for", "of"} and (
                    lemma(head.head) in self._planning_nouns
                ):
                    clues.planned = True
                    clues.words.append(head.head.text)
                    break
                if relation in {"pcomp", "pobj"} and head.dep_ == "prep" and (
                    lemma(head.head) in self._accusation
                ):
                    clues.hedged = True
                    clues.words.append(head.head.text)
                    clues.hedgers.extend(self.finder.resolve_all(
                        subject_tokens(head.head), target=False))
                    break
                child = head
                continue
            self._according_to(head, clues)
            self._parenthetical(head, clues)
            if relation == "xcomp":
                if word in self._planning or word in self._planning_adj:
                    clues.planned = True
                    clues.words.append(head.text)
                if word in self._hedge_verbs and children(head, "nsubjpass", "auxpass"):
                    clues.hedged = True
                    clues.words.append(head.text)
                    clues.hedgers.extend(self.finder.resolve_all(
                        [o for a in children(head, "agent") for o in children(a, "pobj")],
                        target=False))
                if head.pos_ == "ADJ" and head.dep_ == "acomp" and word in self._planning_adj:
                    clues.planned = True
                if head.pos_ == "ADJ" and word in self._doubt_adj:
                    clues.modal = True
                    clues.words.append(head.text)
                self._own_clause(head, clues, tense=False)
            elif relation in {"acl", "advcl"} and word in self._planning_nouns and (
                    head.pos_ in {"NOUN", "PROPN"}):
                # "the president's desire to withdraw", "a chance for Xi and Trump to meet"
                self._intended(head, clues)
            elif relation == "ccomp":
                if (word in self._speech or word in self._factive) and clues.modal and (
                    head.tag_ in _PAST_TAGS and any(w.lower() == "would" for w in clues.words)
                ):
                    # "said it would allow": the future of a past statement, not a condition.
                    clues.modal = False
                    clues.future = True
                if word in self._speech and word not in self._factive:
                    speakers = self.finder.resolve_all(subject_tokens(head), target=False)
                    clues.speakers.append(speakers)
                    clues.words.append(head.text)
                elif word in self._hedge_verbs and children(head, "nsubjpass"):
                    clues.hedged = True
                    clues.words.append(head.text)
            elif relation in {"pcomp", "pobj"} and head.dep_ == "prep":
                verb = head.head
                if lemma(verb) in self._planning_nouns and head.lower_ == "of":
                    self._intended(verb, clues)  # "has no intention of sending troops"
                    break
                if head.lower_ == "of" and lemma(verb) in self._doubt_adj:
                    clues.modal = True  # "capable of launching"
                    clues.words.append(verb.text)
                    break
                if lemma(verb) in self._accusation:
                    clues.hedged = True
                    clues.words.append(verb.text)
                    clues.hedgers.extend(
                        self.finder.resolve_all(subject_tokens(verb), target=False)
                        if not children(verb, "agent") else self.finder.resolve_all(
                            [o for a in children(verb, "agent") for o in children(a, "pobj")],
                            target=False))
                    break
            elif relation == "advcl" and any(
                m.lower_ in self._conditional for m in children(child, "mark")
            ):
                clues.conditional = True
            elif relation == "conj" and not (children(child, "aux") or clues.future or clues.modal):
                # "will visit China and meet Xi": a conjunct shares the first verb's auxiliary.
                own = _Clues()
                self._own_clause(head, own, tense=False)
                clues.future = clues.future or own.future
                clues.modal = clues.modal or own.modal
            child = head

    def _according_to(self, head: Token, clues: _Clues) -> None:
        for prep in head.children:
            if prep.lower_ == "according" and prep.dep_ in {"prep", "advcl", "advmod"}:
                objects = prep_objects(prep, "to")
                clues.hedged = True
                clues.words.append("according to")
                clues.hedgers.extend(self.finder.resolve_all(objects, target=False))

    def _parenthetical(self, head: Token, clues: _Clues) -> None:
        """"So too, the US says, is Tehran": a speech verb hung on the clause it reports."""
        for child in head.children:
            if child.dep_ == "parataxis" and lemma(child) in self._speech:
                speakers = self.finder.resolve_all(subject_tokens(child), target=False)
                clues.speakers.append(speakers)
                clues.words.append(child.text)

    # ------------------------------------------------------------------ decision
    def _decide(self, clues: _Clues, source: list[Arg]) -> Modality:
        attributed: list[Arg] = []
        foreign_speech = False
        source_keys = {k for a in source for k in _identities(a)}
        for speakers in clues.speakers:
            resolved = [s for s in speakers if s.resolved]
            if resolved and not ({k for s in resolved for k in _identities(s)} & source_keys):
                attributed.extend(resolved)
                foreign_speech = True
        hedgers = [h for h in clues.hedgers if h.resolved]
        result = Modality(cues=clues.words)
        if clues.negated:
            # "will not", "would not", "does not accept" declare a refusal; "may not", "did
            # not" only deny that something happens or happened.
            result.status = "negated"
            would = any(w.lower() in {"would", "'d"} for w in clues.words)
            result.declared_refusal = (
                clues.future or (clues.modal and would) or (clues.ongoing and not clues.past)
            ) and not clues.conditional
        elif clues.conditional or clues.modal:
            result.status = "hypothetical"
        elif clues.hedged:
            result.status = "alleged"
            result.hedge = next(iter(clues.words), None)
            result.intended = clues.future or clues.planned
            attributed = hedgers + attributed
        elif clues.future or clues.planned:
            result.status = "planned"
        elif foreign_speech:
            result.status = "alleged"
        elif clues.past:
            result.status = "occurred"
        elif clues.ongoing:
            result.status = "ongoing"
        else:
            return result
        result.explicit = True
        seen: set[tuple[str, str]] = set()
        for arg in attributed:
            if arg.key not in seen:
                seen.add(arg.key)
                result.attributed_to.append(arg)
        return result
