"""Data the actor linker needed: historical names, Northern Ireland, more role nouns."""

from __future__ import annotations

import pytest

from tidings.kb import KnowledgeBase, load_knowledge_base


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.mark.parametrize("name", ["European Community", "EC", "EEC", "the Common Market"])
def test_the_eus_earlier_names(kb: KnowledgeBase, name: str) -> None:
    (res,) = kb.lookup(name)
    assert (res.actor_id, res.code, res.igo) == ("igo-eu", "EUR", "EU")


def test_ec_in_lower_case_is_not_the_eu(kb: KnowledgeBase) -> None:
    assert kb.lookup("ec") == []


def test_kampuchea_is_cambodia(kb: KnowledgeBase) -> None:
    assert kb.lookup("Kampuchea")[0].code == "KHM"
    assert kb.demonym("Kampuchean") == "KHM"


def test_northern_ireland_is_in_the_united_kingdom(kb: KnowledgeBase) -> None:
    (res,) = kb.lookup("Northern Ireland")
    assert (res.code, res.kind) == ("GBR", "region")


def test_the_red_crescent(kb: KnowledgeBase) -> None:
    assert kb.lookup("the Red Crescent")[0].code == "NGO"


@pytest.mark.parametrize(
    ("noun", "sector"),
    [
        ("prisoners", "CVL"),
        ("youths", "CVL"),
        ("settlers", "CVL"),
        ("immigrants", "REF"),
        ("helicopters", "MIL"),
        ("aircraft", "MIL"),
        ("army officers", "MIL"),
        ("police officers", "COP"),
        ("advisers", "GOV"),
        ("military advisers", "MIL"),
        ("missionaries", "REL"),
    ],
)
def test_added_role_nouns(kb: KnowledgeBase, noun: str, sector: str) -> None:
    assert kb.role_sector(noun) == sector
