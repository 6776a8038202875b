"""Who did it and to whom: from a trigger's syntactic arguments to the linked actor mentions.

The parse says *which words* fill a role (the subject, the object, the "to" phrase); the
actor layer's mentions say *which actor* those words name. This module joins the two: an
argument token is read through its own mention, then the words of its noun phrase
("Russian President Vladimir Putin's"), then an appositive ("Iran, a country that ..."),
then one or two "of/for/from" steps ("leaders of Romania's new government"). Coordination
gives lists, relative pronouns point to their noun, and words no mention covers are kept
only when they are a proper name, because "no target is better than a wrong one".
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import pycountry
from spacy.tokens import Doc, Token

from tidings.coding.lexicon import Lexicon
from tidings.coding.setting import country_code_for_place
from tidings.coding.syntax import (
    NOMINAL_POS,
    children,
    condition_clauses,
    conjuncts,
    core_tokens,
    entity_of,
    for_clauses,
    is_passive,
    lemma,
    object_tokens,
    prep_objects,
    subject_tokens,
)
from tidings.coding.triggers import Trigger
from tidings.models import ActorRef, Mention

__all__ = ["Arg", "ArgumentFinder", "Arguments", "MentionIndex"]

# Names kept as text-only actors when no mention resolves them. Regions ("the Middle East")
# and buildings are places, not actors.
_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_RELATIVE = frozenset({"that", "which", "who", "whom", "whose"})
_PERSONAL = frozenset({"him", "her", "them", "us", "me", "he", "she", "they", "we"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_HOMED_LABELS = frozenset({"PERSON", "ORG", "NORP", "ROLE"})
_COUNTRY_CODES = frozenset(c.alpha_3 for c in pycountry.countries)
_HYPHENS = frozenset({"-", "‐", "‑", "–"})
_SPEAKER_PRONOUNS = frozenset({"it", "he", "she", "they", "we"})
# Nouns a name in front of describes by topic, not by allegiance: "an Iran hawk", "a Kremlin
# critic". ("a China expert" is left alone: "a US expert" is as often an American.)
_TOPIC_NOUNS = frozenset({"hawk", "dove", "watcher", "hand", "basher", "critic", "skeptic",
                          "sceptic"})
_BASED = frozenset({"base", "headquarter", "headquartered", "locate"})
_SOURCE_HOPS = ("of", "for", "from", "in", "at", "throughout")
_TARGET_HOPS = ("of", "for", "from", "by", "against", "to", "with", "on", "into", "in")
_HOLDING_VERBS = frozenset({"hold", "detain", "capture", "keep", "imprison", "jail", "kidnap",
                            "abduct", "seize", "take", "intern", "arrest"})
# What one gives in to or holds out against ("despite pressure from"), and what one breaks
# ("reneged on its pledge to"): the nouns whose makers and addressees are the other party.
_DEMAND_NOUNS = frozenset({"pressure", "call", "demand", "appeal", "request", "plea", "urging",
                           "protest", "objection", "criticism", "warning", "opposition"})
_PROMISE_NOUNS = frozenset({"commitment", "promise", "pledge", "vow", "obligation",
                            "undertaking", "assurance", "guarantee"})
_COMPLEMENT_ROLES = ("actor", "dative", "prep:to", "prep:against", "prep:on", "prep:with", "dobj")


@dataclass(frozen=True)
class Arg:
    """An actor filling a role, with the words it was read from."""

    ref: ActorRef
    start: int
    end: int
    label: str | None = None

    @property
    def resolved(self) -> bool:
        return self.ref.code is not None or self.ref.actor_id is not None

    @property
    def key(self) -> tuple[str, str]:
        if self.ref.actor_id:
            return ("id", self.ref.actor_id)
        if self.ref.code:
            return ("code", self.ref.code)
        return ("text", self.ref.text.lower())


@dataclass
class Arguments:
    source: list[Arg]
    target: list[Arg]
    source_role: str | None
    target_role: str | None
    # "X met Y": the partner read into the source as a co-party, for a reading that needs
    # the two sides apart again (an offer to meet Y is made to Y)
    partners: list[Arg] = field(default_factory=list)


class MentionIndex:
    """The actor layer's mentions, looked up by token."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention]) -> None:
        self.doc = doc
        self._by_token: dict[int, list[Mention]] = {}
        self._breaks = [t.idx for t in doc if t.is_space and t.text.count("\n") >= 2]
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                self._by_token.setdefault(token.i, []).append(mention)

    def at(self, token: Token) -> list[Mention]:
        return self._by_token.get(token.i, [])

    def sentence_countries(self, token: Token) -> frozenset[str]:
        """The country codes the resolved mentions of a token's sentence carry."""
        return frozenset(m.code for t in token.sent for m in self.at(t)
                         if m.code in _COUNTRY_CODES)

    def paragraph(self, char: int) -> int:
        """Which paragraph (blank-line separated) a character is in.

        Parsers run a title into the first sentence when it has no full stop; a blank line
        still ends it, so no argument is read across one.
        """
        return bisect_right(self._breaks, char)

    def within(self, tokens: Sequence[Token]) -> list[Mention]:
        seen: dict[tuple[int, int, str | None, str | None], Mention] = {}
        for token in tokens:
            for mention in self.at(token):
                seen.setdefault((mention.start, mention.end, mention.code, mention.actor_id),
                                mention)
        return sorted(seen.values(), key=lambda m: m.start)

    def names_actor(self, token: Token) -> bool:
        """Whether a word stands for an actor: a mention, a person pronoun, "Russian troops"."""
        if token.lower_ in _RELATIVE and token.head.dep_ in {"relcl", "acl"}:
            token = token.head.head
        if self.at(token) or token.lower_ in _PERSONAL:
            return True
        if token.pos_ not in NOMINAL_POS:
            return False
        return any(
            self.at(child) for child in token.children if child.dep_ in {"amod", "compound"}
        )


def _resolved(mention: Mention) -> bool:
    return mention.code is not None or mention.actor_id is not None


def _arg(mention: Mention, text: str | None = None, start: int | None = None,
         end: int | None = None) -> Arg:
    ref = mention.as_ref()
    if text is not None:
        ref = ref.model_copy(update={"text": text})
    return Arg(ref, mention.start if start is None else start,
               mention.end if end is None else end, mention.label)


def _in_dateline(token: Token) -> bool:
    """"MOSCOW — Ninety-five servicemen ...": where the story was filed, never a party.

    The parser often takes the dateline for a subject of the first clause.
    """
    sentence = token.sent
    for word in sentence[:6]:
        if word.text in _HYPHENS or word.text in {"—", "--"}:
            return sentence.start < word.i and token.i < word.i
        if not (word.is_upper and word.is_alpha) and word.text not in {",", "."}:
            return False
    return False


def _region(arg: Arg) -> bool:
    """A named region ("the Middle East", "the Sahel"): a place, not a government."""
    if arg.label == "ROLE" or arg.ref.code in _COUNTRY_CODES:
        return False
    return arg.label == "LOC" or (arg.ref.actor_id or "").startswith("region-")


def _direct_part(part: Token, owner: Trigger) -> bool:
    """Whether an absorbed event is what the owner is about, not an adjunct inside it.

    "threatened to impose sanctions on X": the sanctions are the threat, and X its target.
    "threatened to shell towns in retaliation for a raid on Y": the raid is the reason, and
    Y is no target of the threat. A preposition on the way counts only when it hangs on the
    owner itself ("called for sanctions against X"); a nominal owner's clause may hang on
    its verb ("continued their hunger strike to demand ...").
    """
    heads = {owner.token.i} | ({owner.governor.i} if owner.governor is not None else set())
    child = part
    for head in part.ancestors:
        if child.dep_ == "prep" and head.i not in heads:
            return False
        if head.i in heads:
            return True
        child = head
    return False


def _place_countries(target: list[Arg], source: list[Arg]) -> list[Arg]:
    """"Arrived in Amman", "shelled Jericho": a named town stands for its country.

    Only a place the linker left unresolved (a city, not a seat of government it already
    knows), only when gazetteers place it in one country, and never the source's own
    country: a leader back in his capital has visited no one, and an army firing on its own
    town is a domestic event the sentence does not spell out.
    """
    own = {a.ref.code for a in source if a.ref.code}
    placed: list[Arg] = []
    for arg in target:
        code = None
        if not arg.resolved and arg.label in _PLACE_LABELS:
            code = country_code_for_place(arg.ref.text)
        if code is None:
            placed.append(arg)
        elif code not in own:
            placed.append(Arg(arg.ref.model_copy(update={"code": code}), arg.start, arg.end,
                              arg.label))
    return _dedupe(placed)


def _dedupe(args: list[Arg]) -> list[Arg]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for arg in args:
        if arg.key not in seen:
            seen.add(arg.key)
            kept.append(arg)
    return kept


def _others_of_group(target: list[Arg], source: list[Arg]) -> list[Arg]:
    """"Putin hailed the countries' partnership": a group names the source's partners only.

    A description standing for several actors ("the countries", "the two leaders") gives one
    mention per member on the same words; the member that is the source itself is not its
    own target.
    """
    source_codes = {a.ref.code for a in source if a.ref.code}
    shared = Counter((a.start, a.end) for a in target)
    return [a for a in target if shared[(a.start, a.end)] < 2 or a.ref.code not in source_codes]


class ArgumentFinder:
    """Fills a trigger's source and target from the parse and the mentions."""

    def __init__(self, lexicon: Lexicon, index: MentionIndex, *,
                 home_country: bool = True) -> None:
        self.lexicon = lexicon
        self.home_country = home_country
        self.index = index
        cues = lexicon.cues
        self._light = frozenset(cues.light_verbs)
        self._mediators = frozenset(cues.mediator_verbs)
        self._reactions = frozenset(cues.reaction_verbs)
        self._speech = frozenset(cues.speech_verbs) | frozenset(cues.factive_verbs)
        self._stance_prefixes = frozenset(cues.stance_prefixes)
        self._stative_carriers = frozenset(cues.stative_carriers)
        self._statements = frozenset(cues.statement_nouns)

    # ------------------------------------------------------------------ words -> actors
    def resolve(self, token: Token, *, hops: int = 2, target: bool = False) -> list[Arg]:
        found: list[Arg] = []
        for member in conjuncts(token):
            found.extend(self._resolve_one(member, hops=hops, target=target))
        return _dedupe(found)

    def _resolve_one(self, token: Token, *, hops: int, target: bool) -> list[Arg]:
        if _in_dateline(token):
            # "KYIV — Ukraine and Russia exchanged": the parser makes the parties its apposition
            return _dedupe([a for appos in children(token, "appos")
                            for a in self.resolve(appos, hops=hops, target=target)])
        token = self._antecedent(token)
        if token.pos_ == "VERB":
            # A mis-parsed noun phrase ("The Red Cross operating in Iraq said"): the words
            # that name the actor hang on the verb as its subject.
            subjects = children(token, "nsubj")
            if not subjects:
                return []
            token = subjects[0]
        own = self.index.at(token)
        core = core_tokens(token) if token.pos_ in NOMINAL_POS else [token]
        modifiers = [m for m in self.index.within(core)
                     if m not in own and not self._stance(m)]
        resolved_own = [m for m in own if _resolved(m)]
        if resolved_own:
            return _dedupe([_arg(m) for m in resolved_own] + self._coordinated_modifiers(token))
        if hops > 0 and token.lower_ in _SPEAKER_PRONOUNS:
            speaker = self._reporter(token)
            if speaker:
                return speaker
        resolved_mods = [m for m in modifiers if _resolved(m)]
        named_mods = [m for m in resolved_mods if m.label != "PRON"]
        pronoun_mods = [m for m in resolved_mods if m.label == "PRON"]
        if named_mods:
            return self._modifier_args(named_mods, core, token)
        for appos in children(token, "appos"):
            # "the two neighbours, India and Pakistan", and a dateline the parser takes for
            # the subject ("KYIV — Ukraine and Russia exchanged ..."): every conjunct counts.
            found = [a for member in conjuncts(appos)
                     for a in self._resolve_one(member, hops=0, target=target)]
            if found:
                return _dedupe(found)
        if token.dep_ == "appos" and hops > 0:
            # "Iran, a country that supports ...": the appositive names its head.
            found = self._resolve_one(token.head, hops=0, target=target)
            if found:
                return found
        if pronoun_mods:
            return self._modifier_args(pronoun_mods, core, token)
        if hops > 0 and token.pos_ == "NOUN":
            based = self._based_in(token)
            if based:
                return based
            for word in _TARGET_HOPS if target else _SOURCE_HOPS:
                found = []
                for obj in prep_objects(token, word):
                    found.extend(self._resolve_one(obj, hops=hops - 1, target=target))
                if found:
                    return _dedupe(found)
        if own:
            return [_arg(m) for m in own]
        if token.ent_type_ in _ENTITY_LABELS or (token.pos_ == "PROPN" and not token.ent_type_):
            ent = entity_of(token)
            words = ent if ent is not None else self.index.doc[core[0].i: token.i + 1]
            if "\n" not in words.text:  # a name never runs across lines; a mis-parse does
                return [Arg(ActorRef(text=words.text), words.start_char, words.end_char,
                            token.ent_type_ or None)]
        return []

    def _based_in(self, noun: Token) -> list[Arg]:
        """"A newspaper based in east Beirut", "a group based in Trinidad": a body the text
        places in a country is that country's (CAMEO codes domestic bodies by their base)."""
        for clause in children(noun, "acl"):
            if lemma(clause) not in _BASED:
                continue
            for place in [*prep_objects(clause, "in"), *prep_objects(clause, "at")]:
                coded = [m.code for m in self.index.at(place) if m.code in _COUNTRY_CODES]
                ent = entity_of(place)
                code = coded[0] if coded else (
                    country_code_for_place(ent.text) if ent is not None else None)
                if code is None:
                    continue
                words = self.index.doc[noun.left_edge.i: place.i + 1]
                return [Arg(ActorRef(text=words.text, code=code), words.start_char,
                            words.end_char, "ORG")]
        return []

    def _stance(self, mention: Mention) -> bool:
        """"anti-Syria journalist", "an Iran hawk", "a Kremlin critic": the name is what the
        actor opposes or watches, not who it is ("Iranian hawks" are Iran's own)."""
        doc = self.index.doc
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return False
        last = span[-1]
        if last.dep_ == "compound" and last.pos_ == "PROPN" and lemma(last.head) in _TOPIC_NOUNS:
            return True
        if span.start < 2:
            return False
        return doc[span.start - 1].text in _HYPHENS and (
            doc[span.start - 2].lower_ in self._stance_prefixes
        )

    def _homed(self, args: list[Arg], other: list[Arg], token: Token) -> list[Arg]:
        """Named actors the linker left unresolved, in a sentence about one country only.

        "President Yoweri Museveni threatened to ban Ugandan opposition candidates": a
        person or group the knowledge base does not know, named in a sentence whose only
        country is Uganda, is coded as Uganda's (the CAMEO coders' domestic reading). Places
        stay places, and a country or person named as the other party ("Bush threatened
        Russia") is foreign, no one's home; two countries, or none, and the name stays
        unresolved. A group named by nationality ("Ugandan opposition") is domestic.
        """
        if not self.home_country or all(a.resolved for a in args):
            return args
        args = [self._named_after_a_place(a) for a in args]
        foreign = {a.ref.code for a in other
                   if a.label in _PLACE_LABELS | {"PERSON", "NORP"} and self._names_itself(a)}
        home = self.index.sentence_countries(token)
        if len(home) != 1 or home & foreign:
            return args
        code = next(iter(home))
        return _dedupe([
            a if a.resolved or a.label not in _HOMED_LABELS
            else Arg(a.ref.model_copy(update={"code": code}), a.start, a.end, a.label)
            for a in args
        ])

    def _names_itself(self, arg: Arg) -> bool:
        """"Bush threatened Russia", not "boycott Algeria's elections": the country is the
        party only when the words are its name, not a thing or body of its ("Algeria's
        elections", "the Kenya Anti-Corruption Commission")."""
        span = self.index.doc.char_span(arg.start, arg.end, alignment_mode="expand")
        return span is None or bool(self.index.at(span.root))

    def _named_after_a_place(self, arg: Arg) -> Arg:
        """"Baghdad University Medical School": a body named after a town is that country's.

        Only an unresolved organisation whose name opens with a town or country the
        gazetteers place, so that the sentence's other country is not given to it instead.
        """
        if arg.resolved or arg.label != "ORG":
            return arg
        span = self.index.doc.char_span(arg.start, arg.end, alignment_mode="expand")
        if span is None:
            return arg
        words = [t for t in span if t.lower_ != "the"]
        if len(words) < 2 or words[0].pos_ != "PROPN":
            return arg
        code = country_code_for_place(words[0].text)
        if code is None:
            return arg
        return Arg(arg.ref.model_copy(update={"code": code}), arg.start, arg.end, arg.label)

    def _coordinated_modifiers(self, token: Token) -> list[Arg]:
        """"Hungarian and Romanian officials": each coordinated modifier names an actor.

        The linker gives the head noun one mention ("Romanian officials"); the other
        modifiers of the coordination carry their own.
        """
        found: list[Arg] = []
        for child in token.children:
            if child.dep_ not in {"amod", "compound", "nmod"} or child.i > token.i:
                continue
            members = [child, *[c for c in child.conjuncts if c.i < token.i]]
            if len(members) < 2:
                continue
            for member in members:
                found.extend(_arg(m) for m in self.index.at(member) if _resolved(m))
        return found

    def _modifier_args(self, mentions: list[Mention], core: list[Token],
                       token: Token) -> list[Arg]:
        """"Russian President X", "Moroccan diplomats": the phrase takes its modifier's code."""
        if len(mentions) == 1:
            words = self.index.doc[core[0].i: token.i + 1]
            return [_arg(mentions[0], words.text, words.start_char, words.end_char)]
        return [_arg(m) for m in mentions]

    def _reporter(self, pronoun: Token) -> list[Arg]:
        """"Syria says it is willing": a subject pronoun of a reported clause is the speaker.

        Only the subject of the clause right under the reporting verb, and only when the
        speaker is a named, resolved actor whose kind fits the pronoun ("it" a country or
        body, "he"/"she" a person).
        """
        if pronoun.dep_ not in {"nsubj", "nsubjpass"}:
            return []
        clause = pronoun.head
        while clause.dep_ == "conj" and clause.head.i != clause.i:
            clause = clause.head
        verb = clause.head
        if clause.dep_ != "ccomp" or verb.i == clause.i or lemma(verb) not in self._speech:
            return []
        found = [a for s in subject_tokens(verb) if s.lower_ not in _SPEAKER_PRONOUNS
                 for a in self._resolve_one(s, hops=0, target=False) if a.resolved]
        person = {"he", "she"}
        fits = [a for a in found
                if (a.label == "PERSON") == (pronoun.lower_ in person) or a.label == "ROLE"]
        return fits

    @staticmethod
    def _antecedent(token: Token) -> Token:
        """A relative pronoun stands for the noun its clause modifies ("a country that ...")."""
        if token.lower_ in _RELATIVE and token.head.dep_ in {"relcl", "acl"}:
            return token.head.head
        return token

    # ------------------------------------------------------------------ roles
    def arguments(self, trigger: Trigger, *, depth: int = 0) -> Arguments:
        roles = self.lexicon.roles(trigger.rule, trigger.pos)
        source_roles = list(roles.source)
        target_roles = list(roles.target)
        if trigger.pos == "NOUN" and trigger.rule.compound_role != "source":
            target_roles.insert(0, "compound")
        source, source_role = self._first(trigger, source_roles, depth=depth, target=False)
        target, target_role = self._first(trigger, target_roles, depth=depth, target=True,
                                          avoid=source)
        if source_role == "poss" and not target and trigger.pos == "NOUN":
            # "Crimea's annexation by Russia": with a "by" agent the possessor is the patient
            agents = self._role(trigger, "prep:by", depth=depth, target=False)
            if agents:
                source, source_role, target, target_role = agents, "prep:by", source, "poss"
        if not target and trigger.pos == "NOUN":
            target, target_role = self._reaction_target(trigger)
        partners: list[Arg] = []
        if trigger.rule.stative and not source and is_passive(trigger.token):
            source = self.resolve_all(children(trigger.token, "nsubjpass"), target=False)
            source_role = "subj"
        mediator = trigger.governor is not None and lemma(trigger.governor) in self._mediators
        if mediator and source_role == "between" and trigger.pos == "NOUN":
            target, target_role = source, "between"
            source = self.resolve_all(self._governor_subjects(trigger), target=False)
            source_role = "governor"
        elif trigger.rule.mutual_with and (
            target_role in {"prep:with", "between"}
            or (target_role == "dobj" and trigger.rule.reciprocal)
        ):
            # "X met with Y", "X met Y": both are parties, neither the other's target.
            partners = self._without(target, source)
            source, target, target_role = _dedupe(source + target), [], None
        if trigger.rule.reciprocal and len(source) >= 2:
            target, target_role = [], None
        target = self._without(target, source)
        if trigger.mode == "visit":
            # "will visit the Middle East": a region is where one goes, not who receives.
            target = [a for a in target if not _region(a)]
        if trigger.rule.place_target != "none":
            target = _place_countries(target, source)
        source, target = (self._homed(source, target, trigger.token),
                          self._homed(target, source, trigger.token))
        paragraph = self.index.paragraph(trigger.token.idx)
        source = [a for a in source if self.index.paragraph(a.start) == paragraph]
        target = [a for a in target if self.index.paragraph(a.start) == paragraph]
        source_keys = {a.key for a in source}
        target = [a for a in target if a.label != "PRON" or a.key not in source_keys]
        target = _others_of_group(target, source)
        partners = [a for a in partners if a in source]
        return Arguments(source, target, source_role, target_role, partners)

    def _first(self, trigger: Trigger, roles: list[str], *, depth: int, target: bool,
               avoid: list[Arg] | None = None) -> tuple[list[Arg], str | None]:
        """The first role that yields actors (other than the ones in ``avoid``)."""
        for role in roles:
            found = self._role(trigger, role, depth=depth, target=target)
            if avoid:
                # "reneged on his commitment to ...": "his" is the source again, not a target
                keys = {a.key for a in avoid}
                found = [a for a in self._without(found, avoid)
                         if a.label != "PRON" or a.key not in keys]
            if found:
                return found, role
        return [], None

    def resolve_all(self, tokens: list[Token], *, target: bool) -> list[Arg]:
        found: list[Arg] = []
        for token in tokens:
            found.extend(self.resolve(token, target=target))
        return _dedupe(found)

    def _role(self, trigger: Trigger, role: str, *, depth: int, target: bool) -> list[Arg]:
        token = trigger.token
        if role == "subj":
            return self.resolve_all(self._subjects(trigger), target=target)
        if role == "agent":
            return self.resolve_all(self._agents(token), target=target)
        if role == "dobj":
            if trigger.pos == "NOUN" or (trigger.rule.stative and is_passive(token)):
                return []
            return self.resolve_all(object_tokens(token), target=target)
        if role == "dative":
            return self.resolve_all(children(token, "dative", "iobj"), target=target)
        if role == "poss":
            return self.resolve_all(children(token, "poss"), target=target)
        if role in {"modifier", "compound"}:
            return self._modifiers(trigger, compound=role == "compound")
        if role == "governor":
            return self.resolve_all(self._governor_subjects(trigger), target=target)
        if role == "between":
            return self.resolve_all(self._prep_candidates(trigger, "between"), target=target)
        if role == "comp":
            return self._complement(trigger, depth=depth)
        if role == "comp_subj":
            clauses = [*children(token, "ccomp", "acl"), *for_clauses(token)]
            if trigger.pos == "NOUN" and trigger.governor is not None and self._carried(trigger):
                # "reiterated its demand that Israel ease ...": the clause may hang on the verb.
                clauses += children(trigger.governor, "ccomp")
            return self.resolve_all([s for c in clauses for s in children(c, "nsubj")],
                                    target=target)
        if role == "owner":
            return self.resolve_all(self._owners(trigger), target=target)
        if role == "holder":
            return self.resolve_all(self._holders(trigger), target=target)
        if role == "despite":
            return self.resolve_all(self._defied(trigger), target=target)
        if role == "promisee":
            return self.resolve_all(self._promisees(trigger), target=target)
        if role == "cond_subj":
            return self.resolve_all(self._condition_subjects(trigger), target=target)
        if role.startswith("prep:"):
            return self.resolve_all(self._prep_candidates(trigger, role[5:]), target=target)
        if role.startswith("inner:"):
            return self.resolve_all(self._inner_candidates(trigger, role[6:]), target=target)
        return []

    @staticmethod
    def _owners(trigger: Trigger) -> list[Token]:
        """"rejected an offer from Afghanistan", "vetoed a Security Council resolution": who
        made what is turned down or taken up, when the object is a thing, not an actor."""
        if trigger.pos != "VERB":
            return []
        found: list[Token] = []
        for obj in object_tokens(trigger.token):
            found.extend(children(obj, "poss"))
            found.extend(prep_objects(obj, "from"))
            found.extend(prep_objects(obj, "by"))
            stack = children(obj, "compound")
            while stack:
                word = stack.pop()
                found.append(word)
                stack.extend(children(word, "compound"))
        return found

    @staticmethod
    def _defied(trigger: Trigger) -> list[Token]:
        """"declined to resign despite pressure by the anti-corruption commission": a refusal
        made despite someone's pressure, calls or demands is a refusal of them."""
        if trigger.pos != "VERB":
            return []
        found: list[Token] = []
        hosts = [trigger.token, *children(trigger.token, "xcomp")]  # "declined to resign despite"
        for noun in [n for host in hosts for n in prep_objects(host, "despite")]:
            if lemma(noun) in _DEMAND_NOUNS:
                found.extend(children(noun, "poss"))
                for word in ("by", "from", "of"):
                    found.extend(prep_objects(noun, word))
        return found

    @staticmethod
    def _promisees(trigger: Trigger) -> list[Token]:
        """"reneged on his commitment to the Zambian people": to whom the broken promise was
        made."""
        if trigger.pos != "VERB":
            return []
        found: list[Token] = []
        for noun in [*object_tokens(trigger.token), *prep_objects(trigger.token, "on")]:
            if lemma(noun) in _PROMISE_NOUNS:
                found.extend(prep_objects(noun, "to"))
        return found

    def _holders(self, trigger: Trigger) -> list[Token]:
        """"servicemen held by Ukraine were freed": Ukraine held them, so Ukraine freed them."""
        token = trigger.token
        if trigger.pos != "VERB":
            return []
        captives = children(token, "nsubjpass") if is_passive(token) else subject_tokens(token)
        found: list[Token] = []
        for captive in captives:
            for clause in children(captive, "acl", "relcl"):
                if lemma(clause) in _HOLDING_VERBS:
                    found.extend(self._agents(clause))
        return found

    def _inner_candidates(self, trigger: Trigger, word: str) -> list[Token]:
        """"receiving support for its war from China": the parser hangs a trigger noun's
        "from" phrase on the nearer noun of its "for" or "of" phrase; that noun must not be
        an actor itself, or the phrase is its own ("support for refugees from Syria")."""
        if trigger.pos != "NOUN":
            return []
        inner = [*prep_objects(trigger.token, "for"), *prep_objects(trigger.token, "of")]
        found: list[Token] = []
        for noun in inner:
            if not self.index.names_actor(noun):
                found.extend(prep_objects(noun, word))
        return found

    def _carried(self, trigger: Trigger) -> bool:
        verb = trigger.governor
        return verb is not None and (
            lemma(verb) in self._light or lemma(verb) in trigger.rule.governors
        )

    @staticmethod
    def _condition_subjects(trigger: Trigger) -> list[Token]:
        """"Threatened to X unless Baghdad accepted": who must meet the condition."""
        found: list[Token] = []
        heads = [trigger.token, *[c for c in trigger.token.children
                                  if c.dep_ in {"xcomp", "ccomp", "advcl"}]]
        for head in heads:
            for clause in condition_clauses(head):
                found.extend(children(clause, "nsubj", "nsubjpass"))
        return found

    def _subjects(self, trigger: Trigger) -> list[Token]:
        token = trigger.token
        if trigger.pos == "NOUN":
            return []
        if trigger.pos == "ADJ" and token.dep_ in {"acomp", "xcomp", "oprd"}:
            return subject_tokens(token.head)
        if is_passive(token):
            if trigger.rule.stative:
                return children(token, "nsubjpass")
            return self._agents(token)
        document = token.head
        if (token.dep_ == "acl" and lemma(document) in self._statements
                and document.dep_ in {"dobj", "obj"}):
            return subject_tokens(document.head)
        return subject_tokens(token)

    @staticmethod
    def _agents(token: Token) -> list[Token]:
        return [o for agent in children(token, "agent") for o in children(agent, "pobj")]

    def _governor_subjects(self, trigger: Trigger) -> list[Token]:
        verb = trigger.governor
        if verb is None or trigger.governor_rel in {"nsubj"}:
            return []
        if (lemma(verb) in self._stative_carriers and (trigger.governor_rel or "") == "prep:in"
                and is_passive(verb) and not self._agents(verb)):
            return children(verb, "nsubjpass")
        allowed = self._light | self._mediators | set(trigger.rule.governors)
        if lemma(verb) not in allowed:
            return []
        if trigger.governor_rel == "nsubjpass" or is_passive(verb):
            return self._agents(verb)
        return subject_tokens(verb)

    def _modifiers(self, trigger: Trigger, *, compound: bool) -> list[Arg]:
        """Modifier actors: "US sanctions" (source), "Ukraine invasion" (target)."""
        role = trigger.rule.compound_role
        found: list[Arg] = []
        for child in trigger.token.children:
            if child.dep_ not in {"amod", "compound", "nmod"} or child.i > trigger.token.i:
                continue
            goes_to_target = role == "destination" or (role == "target" and child.pos_ == "PROPN")
            if goes_to_target != compound:
                continue
            found.extend(_arg(m) for m in self.index.at(child))
        return _dedupe([a for a in found if a.resolved] or found)

    def _prep_candidates(self, trigger: Trigger, word: str) -> list[Token]:
        token = trigger.token
        hosts = [token]
        if trigger.pos != "NOUN":
            hosts.extend(object_tokens(token))
            if trigger.obj is not None:
                hosts.append(trigger.obj)
        else:
            if token.dep_ == "conj" and token.head.pos_ in NOMINAL_POS:
                hosts.append(token.head)
            hosts.extend(c for c in token.conjuncts if c.i > token.i)
            if trigger.governor is not None and (trigger.governor_rel in {
                "dobj", "nsubj", "nsubjpass", "attr", "obj"
            } or self._carried(trigger)):
                hosts.append(trigger.governor)
        hosts.extend(prep_objects(token, "of"))
        for host in hosts:
            objects = prep_objects(host, word)
            if objects:
                return objects
        return []

    def _complement(self, trigger: Trigger, *, depth: int) -> list[Arg]:
        if depth > 2:
            return []
        for part in trigger.absorbed:
            if part.token.i == trigger.token.i:
                continue
            if not _direct_part(part.token, trigger):
                continue
            found: list[Arg] = self.arguments(part, depth=depth + 1).target
            if found:
                return found
        clauses = [c for c in trigger.token.children if c.dep_ in {"xcomp", "ccomp", "acl"}
                   or (c.dep_ == "advcl" and any(a.lower_ == "to" for a in children(c, "aux")))]
        for clause in clauses:
            for role in _COMPLEMENT_ROLES:
                if role == "actor":
                    tokens = [o for o in object_tokens(clause) if self.index.names_actor(o)]
                elif role == "dobj":
                    tokens = object_tokens(clause)
                elif role == "dative":
                    tokens = children(clause, "dative", "iobj")
                else:
                    tokens = prep_objects(clause, role[5:])
                found = self.resolve_all(tokens, target=True)
                if found:
                    return found
        return []

    def _reaction_target(self, trigger: Trigger) -> tuple[list[Arg], str | None]:
        """"X's actions led to sanctions": the sanctions are aimed at the causer."""
        verb = trigger.governor
        if verb is None or lemma(verb) not in self._reactions:
            return [], None
        if trigger.governor_rel not in {"dobj", "prep:to", "prep:in"}:
            return [], None
        found = self.resolve_all(subject_tokens(verb), target=True)
        return found, ("reaction" if found else None)

    @staticmethod
    def _without(target: list[Arg], source: list[Arg]) -> list[Arg]:
        spans = [(a.start, a.end) for a in source]
        return [
            a for a in target
            if not any(a.start < end and start < a.end for start, end in spans)
        ]
