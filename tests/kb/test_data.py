"""Checks on our own data files: codes that exist, no contradictions, offices without gaps.

These guard the curated YAML/CSV as it grows: a typo in a code, a demonym given to two
countries, two presidents at once, or a month with no foreign minister fails here.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from tidings.kb import KnowledgeBase, load_knowledge_base
from tidings.kb.knowledge import lookup_key

TODAY = date(2026, 11, 23)


def _words(text: str) -> list[str]:
    return text.split()


SECTORS = set(
    _words(
        "GOV MIL REB OPP PTY COP JUD SPY LEG CVL BUS MED JRN EDU ELI REF REL AGR CRM LAB NGO "
        "HRI DEV ENV UAF PRM"
    )
)
NON_STATE_CODES = set(_words("IGO NGO IMG EUR WST MEA AFR ASA"))

# Countries the brief names as most in international news.
FOCUS = _words(
    "USA RUS CHN UKR ISR PSE IRN PRK KOR JPN IND PAK TUR SAU ARE QAT EGY SYR IRQ AFG GBR FRA "
    "DEU ITA CAN AUS BRA MEX ARG ZAF IDN VNM PHL TWN POL HUN BLR VEN"
)
HEAD_TITLES = [
    "president",
    "prime minister",
    "chancellor",
    "monarch",
    "supreme leader",
    "general secretary",
    "head of the junta",
    "acting president",
    "head of state",
]
# Months with no holder that are real vacancies or caretakers we do not record.
KNOWN_GAPS = {
    ("PAK", "foreign minister"): {
        "2013-04",
        "2013-05",
        "2018-06",
        "2018-07",
        "2018-08",
        "2022-04",
        "2023-08",
    },  # caretaker cabinets
    ("SYR", "foreign minister"): {"2024-12"},  # between Mekdad and al-Shaibani
    ("IRQ", "foreign minister"): {"2020-05"},  # post vacant until Fuad Hussein
    ("MEX", "foreign minister"): {"2023-06"},  # between Ebrard and Bárcena
    ("CHN", "defence minister"): {"2023-11", "2023-12"},  # Li Shangfu removed, post vacant
    ("ISR", "defence minister"): {"2018-11"},  # Lieberman resigned, Netanyahu took it on the 18th
    ("FRA", "defence minister"): {"2025-09"},  # caretaker while Lecornu formed a government
    ("KOR", "defence minister"): {
        "2024-12",
        "2025-01",
        "2025-02",
        "2025-03",
        "2025-04",
        "2025-05",
        "2025-06",
    },  # vice-minister acting after martial law
}
# Afghanistan's foreign ministers under the republic (2012-2021) are not recorded.
FM_COUNTRIES = [code for code in FOCUS if code != "AFG"]
DM_COUNTRIES = _words("USA RUS CHN UKR ISR IRN GBR FRA DEU ITA CAN AUS JPN IND TUR SAU POL KOR")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def _gaps(kb: KnowledgeBase, code: str, titles: list[str]) -> set[str]:
    missing = set()
    for year in range(2012, TODAY.year + 1):
        for month in range(1, 13):
            day = date(year, month, 15)
            if day <= TODAY and not any(kb.role_holder(code, t, on=day) for t in titles):
                missing.add(f"{year}-{month:02d}")
    return missing


@pytest.mark.parametrize("code", FOCUS)
def test_heads_of_state_or_government_cover_2012_to_today(kb: KnowledgeBase, code: str) -> None:
    assert not _gaps(kb, code, HEAD_TITLES)


@pytest.mark.parametrize("code", FM_COUNTRIES)
def test_foreign_ministers_cover_2012_to_today(kb: KnowledgeBase, code: str) -> None:
    known = KNOWN_GAPS.get((code, "foreign minister"), set())
    assert _gaps(kb, code, ["foreign minister"]) == known


@pytest.mark.parametrize("code", DM_COUNTRIES)
def test_defence_ministers_cover_2012_to_today(kb: KnowledgeBase, code: str) -> None:
    known = KNOWN_GAPS.get((code, "defence minister"), set())
    assert _gaps(kb, code, ["defence minister"]) == known


def test_no_two_holders_of_one_office_at_once(kb: KnowledgeBase) -> None:
    exclusive = {
        "president",
        "prime minister",
        "chancellor",
        "foreign minister",
        "defence minister",
        "supreme leader",
        "monarch",
        "secretary general",
        "high representative",
        "commission president",
        "council president",
    }
    spans: dict[tuple[str, str], list[tuple[str, date, date]]] = {}
    for actor in kb.actors.values():
        for role in actor.roles:
            title = kb.canonical_title(role.title)
            if title in exclusive:
                key = (role.igo or role.code, title)
                spans.setdefault(key, []).append(
                    (actor.actor_id, role.start or date.min, role.end or date.max)
                )
    clashes = []
    for key, items in spans.items():
        items.sort(key=lambda item: item[1])
        for (a, _, a_end), (b, b_start, _) in pairwise(items):
            if a != b and (a_end - b_start).days > 1:  # a day's overlap is a handover
                clashes.append((key, a, b))
    assert not clashes


def test_codes_and_sectors_are_known(kb: KnowledgeBase) -> None:
    countries = {a.code for a in kb.actors.values() if a.kind == "country"}
    regions = {a.code for a in kb.actors.values() if a.kind == "region"}
    known = countries | regions | NON_STATE_CODES
    bad = []
    for actor in kb.actors.values():
        if actor.code not in known:
            bad.append((actor.actor_id, "code", actor.code))
        if actor.sector is not None and actor.sector not in SECTORS:
            bad.append((actor.actor_id, "sector", actor.sector))
        if actor.country is not None and actor.country not in known:
            bad.append((actor.actor_id, "country", actor.country))
        for role in actor.roles:
            if role.code not in known:
                bad.append((actor.actor_id, role.title, role.code))
            if role.sector is not None and role.sector not in SECTORS:
                bad.append((actor.actor_id, role.title, role.sector))
            if role.start and role.start > TODAY:
                bad.append((actor.actor_id, role.title, "starts in the future"))
    assert not bad


def test_every_person_has_a_role_or_a_sector(kb: KnowledgeBase) -> None:
    bare = [
        a.actor_id
        for a in kb.actors.values()
        if a.kind == "person" and not a.roles and a.sector is None
    ]
    assert not bare


def test_no_demonym_names_two_codes(kb: KnowledgeBase) -> None:
    owners: dict[str, set[str]] = {}
    for actor in kb.actors.values():
        for word in actor.demonyms:
            owners.setdefault(lookup_key(word), set()).add(actor.code)
    assert {word: codes for word, codes in owners.items() if len(codes) > 1} == {}


def test_every_un_member_has_a_demonym(kb: KnowledgeBase) -> None:
    states = [a for a in kb.actors.values() if a.kind == "country" and a.demonyms]
    # 193 UN members less Dominica, whose "Dominican" is left to the Dominican Republic,
    # plus observers, disputed states and some territories
    assert len(states) >= 192 + 2


def test_people_forms_do_not_collide_silently(kb: KnowledgeBase) -> None:
    """A form naming two people must be one we meant to be ambiguous."""
    people_by_form: dict[str, set[str]] = {}
    meant: dict[str, set[str]] = {}
    for actor in kb.actors.values():
        if actor.kind == "person":
            for form in actor.forms():
                people_by_form.setdefault(lookup_key(form), set()).add(actor.actor_id)
            for form in actor.ambiguous_forms:
                meant.setdefault(lookup_key(form), set()).add(actor.actor_id)
    shared = {form: ids for form, ids in people_by_form.items()
              if len(ids) > 1 and meant.get(form) != ids}
    assert shared == {}
    assert meant.get("bush") == {"bush-george-hw", "bush-george-w"}
