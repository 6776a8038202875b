"""Dated roles: who held which office when, and how that changes a lookup."""

from __future__ import annotations

from datetime import date

import pytest

from tidings.kb import KnowledgeBase, load_knowledge_base


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def _code_sector(kb: KnowledgeBase, text: str, on: date | None) -> tuple[str, str | None]:
    res = kb.lookup(text, on=on)[0]
    return res.code, res.sector


def test_stoltenberg_is_nato_chief_in_2020_not_2025(kb: KnowledgeBase) -> None:
    assert _code_sector(kb, "Stoltenberg", date(2020, 1, 1)) == ("IGO", "GOV")
    assert kb.lookup("Stoltenberg", on=date(2020, 1, 1))[0].igo == "NATO"
    assert _code_sector(kb, "Stoltenberg", date(2025, 1, 1)) == ("NOR", "ELI")
    # from February 2025 he is Norway's finance minister
    assert _code_sector(kb, "Stoltenberg", date(2025, 6, 1)) == ("NOR", "GOV")


def test_nato_secretary_general_hands_over_on_1_october_2024(kb: KnowledgeBase) -> None:
    before = kb.role_holder("NATO", "secretary general", on=date(2024, 9, 30))
    after = kb.role_holder("NATO", "secretary general", on=date(2024, 10, 1))
    assert before is not None and before.actor_id == "stoltenberg-jens"
    assert after is not None and after.actor_id == "rutte-mark"
    assert (after.code, after.igo) == ("IGO", "NATO")


@pytest.mark.parametrize(
    ("on", "holder"),
    [
        (date(2013, 6, 1), "obama-barack"),
        (date(2019, 6, 1), "trump-donald"),
        (date(2024, 6, 1), "biden-joe"),
        (date(2025, 6, 1), "trump-donald"),
    ],
)
def test_us_president(kb: KnowledgeBase, on: date, holder: str) -> None:
    res = kb.role_holder("USA", "president", on=on)
    assert res is not None and res.actor_id == holder
    assert (res.code, res.sector) == ("USA", "GOV")


def test_title_synonyms_reach_the_canonical_office(kb: KnowledgeBase) -> None:
    res = kb.role_holder("USA", "secretary of state", on=date(2022, 3, 1))
    assert res is not None and res.name == "Antony Blinken"
    res = kb.role_holder("GBR", "foreign secretary", on=date(2017, 1, 1))
    assert res is not None and res.name == "Boris Johnson"
    res = kb.role_holder("CHN", "premier", on=date(2020, 1, 1))
    assert res is not None and res.name == "Li Keqiang"


def test_putin_was_prime_minister_in_2010(kb: KnowledgeBase) -> None:
    res = kb.lookup("Putin", on=date(2010, 1, 1))[0]
    assert (res.code, res.sector, res.role) == ("RUS", "GOV", "prime minister")
    assert kb.lookup("Putin", on=date(2015, 1, 1))[0].role == "president"
    assert kb.role_holder("RUS", "president", on=date(2010, 1, 1)).name == "Dmitry Medvedev"


def test_former_leader_is_elite(kb: KnowledgeBase) -> None:
    assert _code_sector(kb, "Angela Merkel", date(2023, 1, 1)) == ("DEU", "ELI")
    assert _code_sector(kb, "Angela Merkel", date(2015, 1, 1)) == ("DEU", "GOV")
    assert _code_sector(kb, "Angela Merkel", None) == ("DEU", "ELI")  # no open role


def test_undated_lookup_uses_open_roles(kb: KnowledgeBase) -> None:
    assert _code_sector(kb, "Vladimir Putin", None) == ("RUS", "GOV")
    assert _code_sector(kb, "Xi Jinping", None) == ("CHN", "GOV")
    assert _code_sector(kb, "Barack Obama", None) == ("USA", "ELI")


def test_groups_with_dated_roles(kb: KnowledgeBase) -> None:
    assert _code_sector(kb, "the Taliban", date(2015, 1, 1)) == ("AFG", "REB")
    assert _code_sector(kb, "the Taliban", date(2022, 1, 1)) == ("AFG", "GOV")
    assert _code_sector(kb, "RSF", date(2020, 1, 1)) == ("SDN", "MIL")
    assert _code_sector(kb, "Rapid Support Forces", date(2024, 1, 1)) == ("SDN", "REB")


# Offices that news asks about most: every month from 2012 to today has a holder.
CONTINUOUS_OFFICES = [
    ("USA", "president"),
    ("USA", "foreign minister"),
    ("RUS", "president"),
    ("RUS", "foreign minister"),
    ("RUS", "defence minister"),
    ("CHN", "president"),
    ("CHN", "prime minister"),
    ("UKR", "foreign minister"),
    ("GBR", "prime minister"),
    ("GBR", "foreign minister"),
    ("FRA", "president"),
    ("DEU", "chancellor"),
    ("ISR", "prime minister"),
    ("IND", "prime minister"),
    ("JPN", "prime minister"),
    ("TUR", "president"),
    ("SAU", "monarch"),
    ("IRN", "supreme leader"),
    ("PRK", "supreme leader"),
    ("NATO", "secretary general"),
    ("UN", "secretary general"),
    ("EU", "high representative"),
]


@pytest.mark.parametrize(("code", "title"), CONTINUOUS_OFFICES)
def test_key_offices_have_a_holder_every_month(kb: KnowledgeBase, code: str, title: str) -> None:
    gaps = [
        f"{year}-{month:02d}"
        for year in range(2012, 2027)
        for month in range(1, 13)
        if date(year, month, 15) <= date(2026, 11, 15)
        and kb.role_holder(code, title, on=date(year, month, 15)) is None
    ]
    assert not gaps, f"{code} {title}: no holder in {gaps}"
