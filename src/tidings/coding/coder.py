"""The event coder: one parsed article and its actor mentions in, PLOVER events out.

The stages run in a fixed order: find triggers, fill their arguments from the mentions, read
their status, apply PLOVER's conventions for intents and refusals, date and place them, and
finally merge the repeated mentions of one real action into a single event with several
pieces of evidence ("Putin's visit to China" said five times is one visit).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pycountry
from spacy.tokens import Doc, Token

from tidings.coding.arguments import Arg, ArgumentFinder, Arguments, MentionIndex
from tidings.coding.crosswalk import quad_class_for
from tidings.coding.lexicon import Lexicon
from tidings.coding.modality import Modality, ModalityReader
from tidings.coding.setting import event_date, event_location
from tidings.coding.syntax import children, condition_clauses, lemma, object_tokens
from tidings.coding.triggers import Trigger, TriggerFinder
from tidings.models import (
    ActorRef,
    Article,
    Event,
    EventDate,
    Location,
    Mention,
    PloverType,
    Span,
    stable_id,
)

__all__ = ["CoderError", "CoderOptions", "EventCoder"]

_VERBAL_CONFLICT = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN"})
_MATERIAL_CONFLICT = frozenset({"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})
# Events whose unstated other side is, by the CAMEO/PLOVER coders' convention, the actor's own
# country: a protest with no named target is against its own authorities, a concession or a
# crackdown with no named party is on its own population. Protesters the linker cannot name
# in a sentence about one country are that country's.
_DOMESTIC_TARGET = frozenset({"PROTEST", "CONCEDE", "COERCE"})
_DOMESTIC_SOURCE = frozenset({"PROTEST"})
_DOMESTIC_THREATS = frozenset({"COERCE"})
# Police act on their own country's people: unnamed people a country's police fire on, arrest
# or disperse are that country's, even where the sentence names another country.
_DOMESTIC_FORCES = frozenset({"COP"})
_VICTIMS = frozenset({"people", "person", "civilian", "resident", "villager", "passenger",
                      "worshipper", "pedestrian", "bystander", "child", "woman", "man",
                      "shopper", "student", "pilgrim", "tourist", "commuter", "inhabitant"})
_PRECISION_RANK = {"unknown": 0, "year": 1, "month": 2, "week": 3, "day": 4}


class CoderError(ValueError):
    """The coder was handed inputs that do not fit together; the message says how to fix it."""


@dataclass(frozen=True, kw_only=True)
class CoderOptions:
    """Every knob of the event coder, in one frozen object.

    ``min_confidence`` drops events the coder is less sure of; ``merge_repeats`` folds
    repeated mentions of one action into one event; ``plover_intents`` applies PLOVER's
    reading of statements of intent (a planned cooperative act is an AGREE, a planned
    hostile one a THREATEN, a declared refusal a REJECT); ``keep_unresolved`` keeps named
    but unlinked actors as text-only refs; ``require_actor`` drops events with neither a
    source nor a target; ``resolve_ellipsis`` codes "So too, the US says, is Tehran" as a
    copy of the previous event with a new source; ``home_country`` reads an actor the linker
    left unresolved, in a sentence that names one country only, as that country's, and fills
    the unstated side of a protest, concession or crackdown with it (the CAMEO coders'
    domestic convention).
    """

    min_confidence: float = 0.0
    merge_repeats: bool = True
    plover_intents: bool = True
    keep_unresolved: bool = True
    require_actor: bool = True
    resolve_ellipsis: bool = True
    home_country: bool = True


@dataclass
class _Draft:
    trigger: Trigger | None
    type: PloverType
    mode: str | None
    contexts: list[str]
    source: list[Arg]
    target: list[Arg]
    modality: Modality
    date: EventDate
    location: Location | None
    trigger_span: Span
    sentence: Span
    confidence: float
    provenance: str
    cameo: str | None
    anaphoric: bool = False
    evidence: list[Span] = field(default_factory=list)


class EventCoder:
    """Codes PLOVER events from a parsed article and the actor layer's mentions."""

    def __init__(self, lexicon: Lexicon, *, options: CoderOptions = CoderOptions()) -> None:
        self.lexicon = lexicon
        self.options = options
        self._triggers = TriggerFinder(lexicon)
        cues = lexicon.cues
        self._anaphoric_det = frozenset(cues.anaphoric_determiners)
        self._anaphoric_poss = frozenset(cues.anaphoric_possessives)

    def code(self, doc: Doc, *, article: Article, mentions: Sequence[Mention]) -> list[Event]:
        """The events of one article; ``doc`` must be the parse of ``article.text``."""
        if doc.text != article.text:
            raise CoderError(
                "[C001] the spaCy Doc is not a parse of article.text: offsets would point at "
                "the wrong words. Parse exactly `article.text` (nlp(article.text)) and pass "
                "that Doc."
            )
        index = MentionIndex(doc, mentions)
        finder = ArgumentFinder(self.lexicon, index, home_country=self.options.home_country)
        modality = ModalityReader(self.lexicon.cues, finder)
        triggers = self._triggers.find(doc, index)
        trigger_tokens = {t.token.i for t in triggers if t.kept}
        drafts: list[_Draft] = []
        for trigger in triggers:
            if not trigger.kept:
                continue
            draft = self._draft(trigger, finder, modality, article,
                                lambda tok: tok.i in trigger_tokens)
            if draft is not None:
                drafts.append(draft)
        if self.options.resolve_ellipsis:
            drafts.extend(self._ellipses(doc, drafts, finder, modality, article))
        drafts.sort(key=lambda d: d.trigger_span.start)
        _accused_from_content(drafts)
        _grievance_owner(drafts)
        if self.options.merge_repeats:
            drafts = self._merge(drafts)
        events = [self._event(d, article) for d in drafts]
        return [e for e in events if e.confidence >= self.options.min_confidence]

    # ------------------------------------------------------------------ one trigger
    def _draft(self, trigger: Trigger, finder: ArgumentFinder, reader: ModalityReader,
               article: Article, is_trigger: Callable[[Token], bool]) -> _Draft | None:
        args = finder.arguments(trigger)
        source, target = self._filter(args)
        modality = reader.read(trigger, source, is_trigger)
        anaphoric = self._anaphoric(trigger, source, target)
        if self.options.require_actor and not source and not target and not anaphoric:
            return None
        if trigger.rule.needs_source and not source:
            return None
        # A noun with no verb and no actor ("the civil war", "peace talks") names a topic, not
        # an event, whatever require_actor says.
        bare_noun = trigger.pos == "NOUN" and trigger.governor is None
        if bare_noun and not source and not target and not anaphoric:
            return None
        type_, mode, provenance_note = self._convention(trigger, modality, source)
        if provenance_note == "+offer" and args.partners:
            # "would meet the mediator if ...": offered by the subject, to the one to be met
            keys = {a.key for a in args.partners}
            source, target = [a for a in source if a.key not in keys], args.partners
        if self.options.home_country:
            source, target = _domestic(type_, trigger, source, target, finder.index)
        status_changed = provenance_note == "+refusal"
        if status_changed:
            modality.status = "occurred"
        date = event_date(trigger, status=modality.status, published=article.published)
        if (modality.status in {"occurred", "ongoing"} and not modality.explicit and date.start
                and article.published and date.start > article.published):
            modality.status, modality.explicit = "planned", True
        location = event_location(trigger)
        if type_ == "ASSAULT":
            target = _victims_abroad(trigger, source, target, location)
        rule = trigger.rule
        cameo = rule.cameo if type_ == rule.type and mode == trigger.mode and rule.cameo else None
        confidence = rule.confidence
        if not any(a.resolved for a in source):
            confidence *= 0.8
        if modality.status == "alleged" and not modality.attributed_to:
            confidence *= 0.9
        sentence = trigger.token.sent
        return _Draft(
            trigger=trigger,
            type=type_,
            mode=mode,
            contexts=list(rule.contexts),
            source=source,
            target=target,
            modality=modality,
            date=date,
            location=location,
            trigger_span=_span(article, trigger.start, trigger.end),
            sentence=_span(article, sentence.start_char, sentence.end_char),
            confidence=round(min(confidence, 1.0), 3),
            provenance=self.lexicon.provenance(rule) + provenance_note,
            cameo=cameo,
            anaphoric=anaphoric,
        )

    def _filter(self, args: Arguments) -> tuple[list[Arg], list[Arg]]:
        if self.options.keep_unresolved:
            return args.source, args.target
        return ([a for a in args.source if a.resolved], [a for a in args.target if a.resolved])

    def _anaphoric(self, trigger: Trigger, source: list[Arg], target: list[Arg]) -> bool:
        """"The visit", "this trip", "his stay": a nominal that repeats an event told before."""
        if trigger.pos != "NOUN" or any(a.resolved for a in source + target):
            return False
        for child in trigger.token.children:
            if child.dep_ == "det" and child.lower_ in self._anaphoric_det:
                return True
            if child.dep_ == "poss" and child.lower_ in self._anaphoric_poss:
                return True
        return False

    def _convention(self, trigger: Trigger, modality: Modality,
                    source: list[Arg]) -> tuple[PloverType, str | None, str]:
        """The type and mode after PLOVER's conventions for complements and intents."""
        rule = trigger.rule
        type_: PloverType = rule.type
        mode = trigger.mode
        part = next((p for p in trigger.absorbed if p.obj is None), None)
        note = ""
        conflict = _VERBAL_CONFLICT | _MATERIAL_CONFLICT
        negated = next((p for p in trigger.absorbed if children(p.token, "neg")), None)
        if negated is not None:
            # "promised not to attack" is a pledge of restraint (AGREE); "vowed not to return
            # the Golan Heights" a refusal (REJECT) of a cooperative act. A complement that is
            # no event ("agreed not to leave France") leaves the agreement as it is.
            if type_ == "AGREE" and negated.rule.type not in conflict:
                type_, note = "REJECT", "+refusal"
            return type_, None, note
        if part is not None and part.rule.type in conflict and rule.conflict_type is not None:
            type_ = rule.conflict_type
        if part is not None and mode is None:
            mode = self._complement_mode(type_, part.rule.type, part.mode)
        if not self.options.plover_intents:
            return type_, mode, note
        cues = self.lexicon.cues
        # Only a plan is an intent: "could attack" may be anyone's speculation, not a threat;
        # but a hostile act made to hang on another's conduct ("may halt mediation if
        # cooperation founders") is a threat, whatever its auxiliary.
        token = trigger.token
        verb = token if token.pos_ in {"VERB", "AUX"} else token.head
        conditional = (modality.status in {"hypothetical", "planned"}
                       and bool(condition_clauses(verb)))
        planned = modality.status == "planned" or modality.intended
        table: dict[PloverType, PloverType] = {}
        if conditional and type_ in cues.offer_types:
            table, note = cues.offer_types, "+offer"
        elif (planned or (conditional and cues.intent_types.get(type_) == "THREATEN")) and (
                type_ in cues.intent_types):
            table, note = cues.intent_types, "+intent"
        elif modality.status == "negated" and modality.declared_refusal and (
            type_ in cues.refusal_types
        ):
            table, note = cues.refusal_types, "+refusal"
        if table:
            type_, mode = table[type_], self._complement_mode(table[type_], type_, mode)
        return type_, mode, note

    def _complement_mode(self, outer: str, inner: str, inner_mode: str | None) -> str | None:
        table = self.lexicon.cues.complement_modes.get(outer)  # type: ignore[call-overload]
        if not table:
            return None
        if inner_mode and f"{inner}/{inner_mode}" in table:
            return str(table[f"{inner}/{inner_mode}"])
        found = table.get(inner)
        return str(found) if found else None

    # ------------------------------------------------------------------ ellipsis
    def _ellipses(self, doc: Doc, drafts: list[_Draft], finder: ArgumentFinder,
                  reader: ModalityReader, article: Article) -> list[_Draft]:
        """"So too, the US says, is Tehran": the previous event again, with a new source."""
        made: list[_Draft] = []
        for sentence in doc.sents:
            root = sentence.root
            if lemma(root) not in {"be", "do", "have"}:
                continue
            words = [t.lower_ for t in sentence[:3]]
            if not words or words[0] != "so":
                continue
            subjects = children(root, "nsubj")
            if not subjects:
                continue
            earlier = [d for d in drafts if d.sentence.end <= sentence.start_char
                       and d.trigger is not None]
            if not earlier:
                continue
            antecedent = earlier[-1]
            source = finder.resolve_all(subjects, target=False)
            if not source:
                continue
            fake = Trigger(token=root, rule=antecedent.trigger.rule,  # type: ignore[union-attr]
                           pos="VERB", words=[sentence[0], root])
            modality = reader.read(fake, source)
            if modality.status == "occurred" and not modality.explicit:
                modality = antecedent.modality
            target = [a for a in antecedent.target if a.key not in {s.key for s in source}]
            made.append(_Draft(
                trigger=None,
                type=antecedent.type,
                mode=antecedent.mode,
                contexts=list(antecedent.contexts),
                source=source,
                target=target,
                modality=modality,
                date=EventDate(),
                location=None,
                trigger_span=_span(article, fake.start, fake.end),
                sentence=_span(article, sentence.start_char, sentence.end_char),
                confidence=round(antecedent.confidence * 0.8, 3),
                provenance="ellipsis:" + antecedent.provenance,
                cameo=antecedent.cameo,
            ))
        return made

    # ------------------------------------------------------------------ merging
    def _merge(self, drafts: list[_Draft]) -> list[_Draft]:
        kept: list[_Draft] = []
        for draft in drafts:
            host = self._antecedent_event(draft, kept)
            if host is None:
                if draft.anaphoric:
                    continue
                kept.append(draft)
                continue
            _absorb_repeat(host, draft)
        return kept

    def _antecedent_event(self, draft: _Draft, kept: list[_Draft]) -> _Draft | None:
        # The most recently *mentioned* event comes first: "this visit" after a paragraph on
        # Putin's visit means Putin's, even when another visit was first told later.
        recent = sorted(kept, key=lambda d: max([d.trigger_span.start]
                                                 + [s.start for s in d.evidence]))
        for host in reversed(recent):
            if host.type != draft.type:
                continue
            if draft.mode and host.mode and draft.mode != host.mode:
                continue
            if draft.anaphoric:
                return host
            if draft.cameo != host.cameo:
                continue  # hosting a visit and making one are two sides, not one mention
            if not draft.source or _keys(host.source) != _keys(draft.source):
                continue
            targets = (_keys(host.target), _keys(draft.target))
            if targets[0] != targets[1] and all(targets):
                continue  # a mention that leaves the target unsaid can still be the same act
            if not _compatible(host, draft):
                continue
            return host
        return None

    # ------------------------------------------------------------------ output
    def _event(self, draft: _Draft, article: Article) -> Event:
        cameo, quad = self.lexicon.cameo_for(draft.type, draft.mode)
        if draft.cameo:
            cameo = draft.cameo
            quad = quad_class_for(draft.cameo)
        return Event(
            id=stable_id(article.id, draft.trigger_span.start, draft.trigger_span.end, draft.type),
            article_id=article.id,
            type=draft.type,
            mode=draft.mode,
            contexts=draft.contexts,
            source=[a.ref for a in draft.source],
            target=[a.ref for a in draft.target],
            status=draft.modality.status,
            attributed_to=[a.ref for a in draft.modality.attributed_to],
            date=draft.date,
            location=draft.location,
            trigger=draft.trigger_span,
            sentence=draft.sentence,
            evidence=draft.evidence,
            cameo=cameo,
            quad_class=quad,
            intensity=self.lexicon.intensity_for(draft.type, draft.mode),
            confidence=draft.confidence,
            provenance=draft.provenance,
        )


def _domestic(type_: str, trigger: Trigger, source: list[Arg], target: list[Arg],
              index: MentionIndex) -> tuple[list[Arg], list[Arg]]:
    """Fill the unstated side of a domestic event with the sentence's one country.

    A threat or plan of a crackdown ("will extend the curfew", "threatened to impose martial
    law") is domestic in the same way as the crackdown itself.
    """
    underlying = {trigger.rule.type, *(p.rule.type for p in trigger.absorbed)}
    policing = _policing(source)
    domestic = type_ in _DOMESTIC_TARGET or (
        type_ == "THREATEN" and bool(underlying & _DOMESTIC_THREATS)
    ) or (type_ == "ASSAULT" and policing)
    fill_target = domestic and not any(a.resolved for a in target)
    fill_source = type_ in _DOMESTIC_SOURCE and not any(a.resolved for a in source)
    if not (fill_target or fill_source):
        return source, target
    home = index.sentence_countries(trigger.token)
    if fill_target and policing:
        home = frozenset(_codes(source))  # police act at home, whatever else is named
    if len(home) != 1:
        return source, target
    code = next(iter(home))
    named = _codes(source) if fill_target else _codes(target)
    if named != home:
        return source, target
    country = pycountry.countries.get(alpha_3=code)
    ref = ActorRef(text=country.name if country is not None else code, code=code)
    arg = Arg(ref, trigger.start, trigger.end, "GPE")
    if fill_target:
        return source, [*target, arg]
    return [*source, arg], target


def _victims_abroad(trigger: Trigger, source: list[Arg], target: list[Arg],
                    location: Location | None) -> list[Arg]:
    """"Palestinian bombers killed 23 people in Tel Aviv": unnamed people killed in a town of
    another country than the attacker's are that country's people (the CAMEO coders'
    reading of victims by place). At home ("Iraqi gunmen killed 12 people in Baghdad") the
    victims stay unnamed: the text does not say whose they are."""
    if any(a.resolved for a in target) or location is None or location.country_code is None:
        return target
    attackers = _codes(source)
    if not attackers or location.country_code in attackers or trigger.pos != "VERB":
        return target
    victims = [o for o in object_tokens(trigger.token) if lemma(o) in _VICTIMS]
    if not victims:
        return target
    words = victims[0].doc[victims[0].left_edge.i: victims[0].i + 1]
    ref = ActorRef(text=words.text, code=location.country_code, sector="CVL")
    return [*target, Arg(ref, words.start_char, words.end_char, "ROLE")]


def _policing(source: list[Arg]) -> bool:
    named = [a for a in source if a.resolved]
    return bool(named) and all(a.ref.sector in _DOMESTIC_FORCES for a in named)


_GRIEVANCE_PREPS = frozenset({"over", "for", "about"})
_OWNER_PRONOUNS = frozenset({"its", "their", "his", "her"})


def _clause_tokens(heads: list[Token]) -> set[int]:
    return {t.i for head in heads for t in head.subtree}


def _accused_from_content(drafts: list[_Draft]) -> None:
    """"Stoltenberg warned: Russia is receiving support from China": China is accused.

    A frame marked ``accuses_content`` that found no target of its own takes the actors who
    do the event its complement clause tells, other than the accuser: what one warns of or
    complains about is someone else's act.
    """
    for draft in drafts:
        trigger = draft.trigger
        if trigger is None or draft.target or not trigger.rule.accuses_content:
            continue
        inside = _clause_tokens([c for c in trigger.token.children if c.dep_ == "ccomp"])
        accuser = {a.key for a in draft.source}
        for other in drafts:
            if other is draft or other.trigger is None or other.trigger.token.i not in inside:
                continue
            accused = [a for a in other.source if a.key not in accuser]
            if accused:
                draft.target = list(accused)
                break


def _grievance_owner(drafts: list[_Draft]) -> None:
    """"Pressure on Beijing from Washington over its alleged support": "its" is Beijing's.

    An event told inside the grievance of an accusation ("over", "for", "about") whose only
    source is a pronoun read as the accuser is read as the accused's instead: one is not
    pressed over one's own acts. The pronoun's words stay the evidence.
    """
    for draft in drafts:
        trigger = draft.trigger
        if trigger is None or draft.type != "ACCUSE" or not draft.target or not draft.source:
            continue
        token = trigger.token
        hosts = [token]
        if token.dep_ == "nsubj":  # "pressure is mounting ... over": the verb holds the phrases
            hosts.append(token.head)
        grievance = _clause_tokens([c for h in hosts for c in h.children
                                    if c.dep_ == "prep" and c.lower_ in _GRIEVANCE_PREPS])
        accuser = {a.key for a in draft.source}
        for other in drafts:
            if other is draft or other.trigger is None or other.trigger.token.i not in grievance:
                continue
            owners = [c for c in other.trigger.token.children
                      if c.dep_ == "poss" and c.lower_ in _OWNER_PRONOUNS]
            if owners and other.source and all(a.key in accuser for a in other.source):
                start, end = owners[0].idx, owners[0].idx + len(owners[0])
                other.source = [Arg(a.ref, start, end, a.label) for a in draft.target]


def _codes(args: list[Arg]) -> set[str]:
    return {a.ref.code for a in args if a.ref.code}


def _span(article: Article, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=article.text[start:end])


def _keys(args: list[Arg]) -> frozenset[tuple[str, str]]:
    return frozenset(a.key for a in args if a.resolved)


def _compatible(host: _Draft, draft: _Draft) -> bool:
    """Two mentions can be one action unless their status or dates clearly differ."""
    if host.modality.explicit and draft.modality.explicit:
        statuses = {host.modality.status, draft.modality.status}
        if "planned" in statuses and statuses & {"occurred", "ongoing"}:
            return False
        if "negated" in statuses and len(statuses) > 1:
            return False
    a, b = host.date, draft.date
    if a.start and b.start:
        a_end, b_end = a.end or a.start, b.end or b.start
        if a_end < b.start or b_end < a.start:
            return False
    return True


def _absorb_repeat(host: _Draft, draft: _Draft) -> None:
    host.evidence.append(draft.trigger_span)
    host.evidence.extend(draft.evidence)
    if not host.modality.explicit and draft.modality.explicit and not draft.anaphoric:
        host.modality = draft.modality
    if _PRECISION_RANK[draft.date.precision] > _PRECISION_RANK[host.date.precision] or (
        draft.date.end and not host.date.end and draft.date.start and host.date.start
        and draft.date.start <= host.date.start <= draft.date.end
    ):
        host.date = draft.date
    if host.location is None and draft.location is not None:
        host.location = draft.location
    if not host.target and draft.target and _keys(draft.source) == _keys(host.source):
        host.target = draft.target
    host.confidence = max(host.confidence, draft.confidence)

