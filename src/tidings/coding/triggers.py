"""Finding event triggers in a parsed document: which words, in which frame, match a rule.

Matching is by lemma and part of speech, then by the frame the rule asks for (particle,
preposition, object, subject, modifiers, governing verb). When several rules fit a word the
most specific one wins, so "lift the curfew" (CONCEDE, an object constraint) beats "lift"
alone. A second pass decides which triggers are *parts* of another event and must not be
coded on their own: the complement of "agreed to withdraw", the object of "cancelled a
planned visit", the noun of "arrived on a visit". Those are recorded as absorbed by the
event that contains them, because the outer event takes its target and mode from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Doc, Token

from tidings.coding.lexicon import Lexicon, TriggerRule
from tidings.coding.syntax import (
    children,
    clause_children,
    for_clauses,
    governor_of,
    is_passive,
    lemma,
    lemma_bag,
    object_tokens,
    prep_objects,
    subject_tokens,
)

__all__ = ["ActorTest", "Trigger", "TriggerFinder"]

_POS = {"VERB": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}
# Named things are not events even when their words are ("Shanghai Cooperation
# Organization", "the Cold War", "Belt and Road Initiative").
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}
)
_BARRIER_DEPS = frozenset({"relcl", "appos", "parataxis"})
_ABSORBING_PREPS = frozenset({"to", "on", "upon", "for", "from"})


def _temporal(prep: Token) -> bool:
    """"on Tuesday", "in June": a preposition that only dates the event."""
    return any(o.ent_type_ in {"DATE", "TIME"} for o in prep.children if o.dep_ == "pobj")


class ActorTest(Protocol):
    """Whether a token names an actor; the argument layer answers, the matcher asks."""

    def names_actor(self, token: Token) -> bool: ...


@dataclass(eq=False)
class Trigger:
    """One matched trigger: the word, the rule, and the frame words that made it match."""

    token: Token
    rule: TriggerRule
    pos: str
    words: list[Token]
    obj: Token | None = None
    governor: Token | None = None
    governor_rel: str | None = None
    absorbed_by: Trigger | None = None
    absorbed: list[Trigger] = field(default_factory=list)
    mode: str | None = None

    def __post_init__(self) -> None:
        if self.mode is None:
            self.mode = self.rule.mode

    @property
    def start(self) -> int:
        return min(t.idx for t in self.words)

    @property
    def end(self) -> int:
        return max(t.idx + len(t.text) for t in self.words)

    @property
    def kept(self) -> bool:
        return self.absorbed_by is None


class TriggerFinder:
    """Matches the lexicon's rules against a parsed document."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        cues = lexicon.cues
        self._light = frozenset(cues.light_verbs) | frozenset(cues.mediator_verbs)
        self._measures = tuple(cues.measure_nouns)
        self._subject_carriers = frozenset(cues.subject_carriers)
        self._order = {rule.id: n for n, rule in enumerate(lexicon.rules)}

    def find(self, doc: Doc, actors: ActorTest) -> list[Trigger]:
        found = [t for t in (self._match(token, actors) for token in doc) if t is not None]
        self._absorb(found)
        for trigger in found:
            if trigger.rule.needs_event and trigger.kept and not trigger.absorbed:
                # "refrained from naming Hamas" is no event; "refrained from joining the
                # sanctions" is one, because an event is what is refrained from.
                trigger.absorbed_by = trigger
        return [t for t in found if t.absorbed_by is not t]

    # ------------------------------------------------------------------ matching
    def _match(self, token: Token, actors: ActorTest) -> Trigger | None:
        pos = _POS.get(token.pos_)
        if pos is None or token.ent_type_ in _NAME_LABELS:
            return None
        if pos == "NOUN" and token.dep_ in {"compound", "amod", "nmod"}:
            return None
        seen: set[str] = set()
        best: tuple[tuple[int, float, int], Trigger] | None = None
        for word in (lemma(token), token.lower_):
            for rule in self.lexicon.rules_for(word):
                if rule.id in seen or pos not in rule.pos:
                    continue
                seen.add(rule.id)
                trigger = self._check(token, rule, pos, actors)
                if trigger is None:
                    continue
                rank = (rule.specificity, rule.confidence, -self._order[rule.id])
                if best is None or rank > best[0]:
                    best = (rank, trigger)
        return best[1] if best else None

    def _check(self, token: Token, rule: TriggerRule, pos: str,
               actors: ActorTest) -> Trigger | None:
        words = [token]
        if rule.particle:
            particle = self._particle(token, rule.particle)
            if particle is None:
                return None
            words.append(particle)
        preps = [c for c in token.children if c.dep_ in {"prep", "agent", "dative"}
                 and not _temporal(c)]
        # "pushed back against": the parser may hang the preposition on the frame's adverb
        preps += [c for m in token.children
                  if m.dep_ in {"advmod", "prt"} and m.lower_ in rule.modifiers
                  for c in m.children if c.dep_ == "prep" and not _temporal(c)]
        if pos == "NOUN" and token.dep_ == "nsubj" and lemma(token.head) in self._subject_carriers:
            # "pressure is mounting on Beijing over ...": the parser hangs the noun's
            # prepositions on the verb that only says the pressure exists.
            preps += [c for c in token.head.children if c.dep_ == "prep" and not _temporal(c)]
        if pos == "VERB" and "for" in rule.preps:
            # "pushing for the US to back the plan": the parser makes "for" the mark of a
            # clause, not a preposition
            preps += [m for c in for_clauses(token) for m in children(c, "mark")
                      if m.lower_ == "for"]
        if rule.preps:
            wanted = [p for p in preps if p.lower_ in rule.preps]
            if not wanted:
                return None
            words.append(wanted[0])
        if rule.preps_not and any(p.lower_ in rule.preps_not for p in preps):
            return None
        governor = governor_of(token, self._measures) if pos == "NOUN" else None
        obj = self._object(token, rule, pos)
        if obj is False:
            return None
        if not self._kind_ok(token, rule, pos, actors):
            return None
        if not self._subject_ok(token, rule):
            return None
        if not self._modifiers_ok(token, rule):
            return None
        if pos == "NOUN" and not self._governor_ok(rule, governor):
            return None
        if rule.needs_complement and not self._complements(token):
            return None
        if rule.complement_aux and not self._complement_aux(token, rule.complement_aux):
            return None
        if rule.complements_not and any(
            lemma(c) in rule.complements_not for c in self._complements(token)
        ):
            return None
        if governor is not None and pos == "NOUN":
            verb = governor[0]
            if lemma(verb) in self._light and 0 < token.i - verb.i <= 5:
                words.append(verb)
        trigger = Trigger(
            token=token,
            rule=rule,
            pos=pos,
            words=words,
            obj=obj if isinstance(obj, Token) else None,
            governor=governor[0] if governor else None,
            governor_rel=governor[1] if governor else None,
        )
        return trigger

    @staticmethod
    def _particle(token: Token, particle: str) -> Token | None:
        for child in token.children:
            if (child.lower_ == particle and child.dep_ in {"prt", "advmod", "prep", "dobj"}
                    and 0 < child.i - token.i <= 8):
                return child
        return None

    def _object_candidates(self, token: Token, rule: TriggerRule, pos: str) -> list[Token]:
        candidates = list(object_tokens(token))
        if pos != "NOUN":
            for word in rule.preps:
                candidates.extend(prep_objects(token, word))
        return candidates

    def _object(self, token: Token, rule: TriggerRule, pos: str) -> Token | bool | None:
        """The object that satisfies the rule, None when it sets no constraint, False if not met."""
        if not rule.objects and not rule.objects_not:
            return None
        candidates = self._object_candidates(token, rule, pos)
        bags = [(c, lemma_bag(c)) for c in candidates]
        if rule.objects_not and any(bag & set(rule.objects_not) for _, bag in bags):
            return False
        if not rule.objects:
            return None
        for candidate, bag in bags:
            if bag & set(rule.objects):
                return candidate
        return False

    @staticmethod
    def _kind_ok(token: Token, rule: TriggerRule, pos: str, actors: ActorTest) -> bool:
        if rule.object_kind == "any":
            return True
        if pos == "NOUN":
            objects = prep_objects(token, "of")
        elif is_passive(token):
            objects = children(token, "nsubjpass")
        else:
            objects = children(token, "dobj", "obj")
        is_actor = any(actors.names_actor(o) for o in objects)
        if rule.object_kind == "actor":
            return is_actor
        return not is_actor

    @staticmethod
    def _subject_ok(token: Token, rule: TriggerRule) -> bool:
        if not rule.subjects and not rule.subjects_not:
            return True
        if is_passive(token):
            subjects = [o for agent in children(token, "agent") for o in children(agent, "pobj")]
        else:
            subjects = subject_tokens(token)
        bag: set[str] = set()
        for subject in subjects:
            bag |= lemma_bag(subject)
        if rule.subjects_not and bag & set(rule.subjects_not):
            return False
        return not rule.subjects or bool(bag & set(rule.subjects))

    @staticmethod
    def _modifiers_ok(token: Token, rule: TriggerRule) -> bool:
        if not rule.modifiers and not rule.modifiers_not:
            return True
        bag = {
            word
            for child in token.children
            if child.dep_ in {"compound", "amod", "advmod", "nmod", "npadvmod", "prt"}
            for word in (lemma(child), child.lower_)
        }
        if rule.modifiers_not and bag & set(rule.modifiers_not):
            return False
        return not rule.modifiers or bool(bag & set(rule.modifiers))

    def _governor_ok(self, rule: TriggerRule, governor: tuple[Token, str] | None) -> bool:
        """Listed governors are a constraint; a non-standalone noun needs at least a light verb."""
        verb = lemma(governor[0]) if governor else None
        if rule.governors:
            return verb in rule.governors
        if not rule.standalone:
            return verb is not None and verb in self._light
        return True

    @staticmethod
    def _complements(token: Token) -> list[Token]:
        return [c for c in token.children if c.dep_ in {"xcomp", "ccomp", "acl"}]

    @staticmethod
    def _complement_aux(token: Token, wanted: tuple[str, ...]) -> bool:
        for clause in clause_children(token):
            for aux in children(clause, "aux", "auxpass"):
                if aux.lower_ in wanted or lemma(aux) in wanted:
                    return True
        return False

    # ------------------------------------------------------------------ absorption
    def _absorb(self, found: list[Trigger]) -> None:
        by_token = {t.token.i: t for t in found}
        for trigger in found:
            owner = self._absorber(trigger, by_token)
            if owner is not None and owner is not trigger:
                trigger.absorbed_by = owner
                owner.absorbed.append(trigger)
        for trigger in found:
            if trigger.kept and trigger.mode is None:
                for part in trigger.absorbed:
                    if part.rule.type == trigger.rule.type and part.mode:
                        trigger.mode = part.mode
                        break

    def _absorber(self, trigger: Trigger, by_token: dict[int, Trigger]) -> Trigger | None:
        # The object of a frame that names it ("cancelled a planned visit").
        for other in by_token.values():
            if other.obj is not None and other.obj.i == trigger.token.i and other is not trigger:
                return other
        # A noun carried by a verb of the same type ("arrived on a visit", "attacks killed").
        if trigger.governor is not None:
            owner = by_token.get(trigger.governor.i)
            if owner is not None and owner.rule.type == trigger.rule.type:
                return owner
        token = trigger.token
        # A purpose or complement clause of the same type ("telephoned X to discuss").
        if token.dep_ in {"advcl", "xcomp", "conj"} and token.head.i in by_token:
            owner = by_token[token.head.i]
            if owner.rule.type == trigger.rule.type and token.dep_ != "conj":
                return owner
        # Anything inside the complement of an absorbing frame ("agreed to withdraw").
        carriers = {t.governor.i: t for t in by_token.values()
                    if t.governor is not None and t.rule.absorbs and t.governor_rel == "dobj"}
        child = token
        for head in token.ancestors:
            if child.dep_ in _BARRIER_DEPS:
                return None
            owner = by_token.get(head.i)
            if owner is not None and owner.rule.absorbs and self._absorbing_edge(owner, child):
                return owner
            # "reiterated its demand today that Israel ease ...": the that-clause is the
            # noun's, whatever the parser hung it on.
            carried = carriers.get(head.i)
            if carried is not None and carried is not trigger and (
                child.dep_ == "ccomp" or (carried.rule.absorbs_purpose and child.dep_ == "advcl")
            ):
                return carried
            child = head
        return None

    @staticmethod
    def _absorbing_edge(owner: Trigger, child: Token) -> bool:
        """Whether ``child`` (a dependent of the owner) opens the owner's complement."""
        if child.head.i != owner.token.i:
            return False
        if child.dep_ in {"xcomp", "ccomp"}:
            return True
        if owner.pos == "NOUN" and child.dep_ in {"acl", "advcl"}:
            return True
        if child.dep_ == "advcl" and (
            any(a.lower_ == "to" for a in children(child, "aux"))  # "vowed to fight", mis-parsed
            or child in for_clauses(owner.token)  # "push for X to back"
            or (owner.rule.absorbs_purpose and child.tag_ == "VBG")  # "rallied, calling for"
        ):
            return True
        if child.dep_ in {"dobj", "obj"} and owner.rule.absorbs_object:
            return True
        return child.dep_ == "prep" and child.lower_ in _ABSORBING_PREPS
