"""Lookup rules: normalisation, acronyms, ambiguity, demonyms, role nouns, surface forms."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tidings.kb
from tidings.kb import KnowledgeBase, load_knowledge_base
from tidings.kb.knowledge import clean, lookup_key


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def _codes(kb: KnowledgeBase, text: str) -> list[str]:
    return [res.code for res in kb.lookup(text)]


def test_public_api_is_exactly_all() -> None:
    assert sorted(tidings.kb.__all__) == sorted(
        [
            "DictionaryWarning",
            "KBActor",
            "KBDataError",
            "KnowledgeBase",
            "Resolution",
            "Role",
            "import_petrarch_agents",
            "import_petrarch_dictionary",
            "load_knowledge_base",
        ]
    )
    for name in tidings.kb.__all__:
        assert hasattr(tidings.kb, name)


def test_loading_is_fast_and_caches_nothing() -> None:
    # CPU time, not wall time, so that a busy shared machine does not fail the test
    started = time.process_time()
    first = load_knowledge_base()
    elapsed = time.process_time() - started
    assert elapsed < 1.0, f"loading took {elapsed:.2f} s of CPU"
    assert load_knowledge_base() is not first


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("the Kremlin's", "RUS"),
        ("Kremlin", "RUS"),
        ("the Kremlin’s", "RUS"),  # curly apostrophe
        ("THE KREMLIN", "RUS"),
        ("al-Qaeda", "IMG"),
        ("Al Qaeda", "IMG"),
        ("al-Qaida", "IMG"),
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("Côte d’Ivoire", "CIV"),
        ("the U.S.", "USA"),
        ("US", "USA"),
        ("the United States", "USA"),
        ("America", "USA"),
        ("Britain", "GBR"),
        ("the UK", "GBR"),
        ("North Korea", "PRK"),
        ("South Korea", "KOR"),
        ("Syria", "SYR"),
        ("Taiwan", "TWN"),
        ("the Palestinian territories", "PSE"),
        ("Gaza", "PSE"),
        ("Zhongnanhai", "CHN"),
        ("Downing Street", "GBR"),
        ("Whitehall", "GBR"),
        ("the Elysee", "FRA"),
        ("Élysée", "FRA"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("Foggy Bottom", "USA"),
        ("Brussels", "EUR"),
        ("Jerusalem", "ISR"),
        ("Guinea-Bissau", "GNB"),
        ("Guinea Bissau", "GNB"),
        ("Nato", "IGO"),
        ("Opec", "IGO"),
        ("Mohammed bin Salman", "SAU"),
        ("Pedro Sanchez", "ESP"),
        ("Jonas Gahr Store", "NOR"),
    ],
)
def test_normalised_forms_resolve(kb: KnowledgeBase, text: str, code: str) -> None:
    assert code in _codes(kb, text)


@pytest.mark.parametrize(
    ("text", "code", "sector"),
    [
        ("the Pentagon", "USA", "MIL"),
        ("the White House", "USA", "GOV"),
        ("the State Department", "USA", "GOV"),
        ("Pyongyang", "PRK", "GOV"),
        ("Tehran", "IRN", "GOV"),
        ("Beijing", "CHN", "GOV"),
    ],
)
def test_seats_of_power_are_metonyms(kb: KnowledgeBase, text: str, code: str, sector: str) -> None:
    res = kb.lookup(text)[0]
    assert (res.kind, res.code, res.sector) == ("seat", code, sector)


@pytest.mark.parametrize("text", ["us", "who", "un", "Us", "Who", "eu", "icc"])
def test_short_acronyms_need_capitals(kb: KnowledgeBase, text: str) -> None:
    assert kb.lookup(text) == []


@pytest.mark.parametrize(
    ("text", "igo"),
    [
        ("UN", "UN"),
        ("WHO", "WHO"),
        ("the United Nations", "UN"),
        ("UN Security Council", "UNSC"),
        ("IAEA", "IAEA"),
        ("ICC", "ICC"),
        ("ICJ", "ICJ"),
        ("IMF", "IMF"),
        ("World Bank", "WB"),
        ("WTO", "WTO"),
        ("UNHCR", "UNHCR"),
        ("UNICEF", "UNICEF"),
        ("WFP", "WFP"),
        ("UNGA", "UNGA"),
        ("NATO", "NATO"),
        ("African Union", "AU"),
        ("ASEAN", "ASEAN"),
        ("BRICS", "BRICS"),
        ("SCO", "SCO"),
        ("OPEC+", "OPECPLUS"),
        ("G7", "G7"),
        ("G20", "G20"),
        ("Arab League", "ARL"),
        ("GCC", "GCC"),
        ("OSCE", "OSCE"),
        ("CSTO", "CSTO"),
        ("the Quad", "QUAD"),
        ("AUKUS", "AUKUS"),
        ("Interpol", "INTERPOL"),
    ],
)
def test_igos_carry_their_body(kb: KnowledgeBase, text: str, igo: str) -> None:
    res = kb.lookup(text)[0]
    assert (res.code, res.igo) == ("IGO", igo)


def test_eu_and_its_institutions_are_eur(kb: KnowledgeBase) -> None:
    for text in ["EU", "European Union", "European Commission", "European Parliament"]:
        assert kb.lookup(text)[0].code == "EUR", text


@pytest.mark.parametrize(
    ("text", "code", "sector"),
    [
        ("Hamas", "PSE", "REB"),
        ("Hezbollah", "LBN", "REB"),
        ("the Houthis", "YEM", "REB"),
        ("Ansar Allah", "YEM", "REB"),
        ("ISIS", "IMG", "REB"),
        ("Daesh", "IMG", "REB"),
        ("ISIL", "IMG", "REB"),
        ("al-Shabaab", "SOM", "REB"),
        ("Boko Haram", "NGA", "REB"),
        ("Wagner Group", "RUS", "UAF"),
        ("Palestinian Islamic Jihad", "PSE", "REB"),
        ("PKK", "TUR", "REB"),
        ("YPG", "SYR", "REB"),
        ("SDF", "SYR", "REB"),
        ("M23", "COD", "REB"),
        ("Carnegie Endowment", "NGO", "EDU"),
        ("Carnegie Russia Eurasia Center", "NGO", "EDU"),
        ("Amnesty International", "NGO", "HRI"),
        ("Human Rights Watch", "NGO", "HRI"),
        ("ICRC", "NGO", None),
        ("MSF", "NGO", "MED"),
    ],
)
def test_groups_and_organisations(
    kb: KnowledgeBase, text: str, code: str, sector: str | None
) -> None:
    res = kb.lookup(text)[0]
    assert (res.code, res.sector) == (code, sector)


@pytest.mark.parametrize(
    "text", ["Georgia", "Jordan", "Chad", "Niger", "Washington", "Turkey", "Congo", "Guinea"]
)
def test_ambiguous_forms_are_flagged(kb: KnowledgeBase, text: str) -> None:
    results = kb.lookup(text)
    assert results and all(res.ambiguous for res in results)
    assert any(kb.actors[res.actor_id].note for res in results)  # says why


def test_ambiguity_is_per_form(kb: KnowledgeBase) -> None:
    assert not kb.lookup("Türkiye")[0].ambiguous
    assert not kb.lookup("Republic of Georgia")[0].ambiguous
    assert not kb.lookup("Washington DC")[0].ambiguous


def test_congo_gives_both_countries(kb: KnowledgeBase) -> None:
    assert set(_codes(kb, "Congo")) == {"COD", "COG"}
    assert _codes(kb, "DRC") == ["COD"]
    assert _codes(kb, "Congo-Brazzaville") == ["COG"]


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Russian", "RUS"),
        ("Russians", "RUS"),
        ("Chinese", "CHN"),
        ("Emirati", "ARE"),
        ("Emiratis", "ARE"),
        ("Israeli", "ISR"),
        ("Palestinian", "PSE"),
        ("North Korean", "PRK"),
        ("South Korean", "KOR"),
        ("American", "USA"),
        ("British", "GBR"),
        ("Britons", "GBR"),
        ("Iranian", "IRN"),
        ("Saudi", "SAU"),
        ("Saudis", "SAU"),
        ("Turkish", "TUR"),
        ("Ukrainian", "UKR"),
        ("Frenchmen", "FRA"),
        ("Western", "WST"),
        ("European", "EUR"),
        ("Middle Eastern", "MEA"),
        ("African", "AFR"),
        ("Asian", "ASA"),
    ],
)
def test_demonyms(kb: KnowledgeBase, word: str, code: str) -> None:
    assert kb.demonym(word) == code


def test_unknown_demonym(kb: KnowledgeBase) -> None:
    assert kb.demonym("Martian") is None


@pytest.mark.parametrize(
    ("noun", "sector"),
    [
        ("president", "GOV"),
        ("leader", "GOV"),
        ("ministers", "GOV"),
        ("envoy", "GOV"),
        ("ambassadors", "GOV"),
        ("diplomats", "GOV"),
        ("spokesperson", "GOV"),
        ("officials", "GOV"),
        ("government", "GOV"),
        ("administration", "GOV"),
        ("regime", "GOV"),
        ("foreign minister", "GOV"),
        ("prime minister", "GOV"),
        ("defence minister", "GOV"),
        ("secretary of state", "GOV"),
        ("secretaries of state", "GOV"),
        ("special envoy", "GOV"),
        ("troops", "MIL"),
        ("soldiers", "MIL"),
        ("army", "MIL"),
        ("military", "MIL"),
        ("forces", "MIL"),
        ("warplanes", "MIL"),
        ("jets", "MIL"),
        ("navy", "MIL"),
        ("drones", "MIL"),
        ("artillery", "MIL"),
        ("rebels", "REB"),
        ("militants", "REB"),
        ("insurgents", "REB"),
        ("guerrillas", "REB"),
        ("fighters", "REB"),
        ("police", "COP"),
        ("security forces", "COP"),
        ("lawmakers", "LEG"),
        ("parliament", "LEG"),
        ("congress", "LEG"),
        ("senators", "LEG"),
        ("protesters", "CVL"),
        ("demonstrators", "CVL"),
        ("opposition", "OPP"),
        ("activists", "OPP"),
        ("journalists", "JRN"),
        ("reporters", "JRN"),
        ("state media", "JRN"),
        ("judges", "JUD"),
        ("courts", "JUD"),
        ("businesses", "BUS"),
        ("companies", "BUS"),
        ("civilians", "CVL"),
        ("residents", "CVL"),
        ("villagers", "CVL"),
        ("refugees", "REF"),
        ("scholars", "EDU"),
        ("analysts", "EDU"),
        ("experts", "EDU"),
        ("think tank", "EDU"),
        ("spy agencies", "SPY"),
        ("intelligence", "SPY"),
        ("religious leaders", "REL"),
        ("medical workers", "MED"),
        ("rebel leader", "REB"),
        ("militias", "UAF"),
    ],
)
def test_role_nouns(kb: KnowledgeBase, noun: str, sector: str) -> None:
    assert kb.role_sector(noun) == sector


def test_role_noun_falls_back_to_its_head(kb: KnowledgeBase) -> None:
    assert kb.role_sector("senior Western officials") == "GOV"
    assert kb.role_sector("Russian troops") == "MIL"
    assert kb.role_sector("banana") is None


def test_surface_forms_cover_names_aliases_and_metonyms(kb: KnowledgeBase) -> None:
    forms = set(kb.surface_forms())
    assert ("the Kremlin", "seat-kremlin") in forms
    assert ("Kremlin", "seat-kremlin") in forms  # "the" dropped for "Kremlin spokesman"
    assert ("Xi", "xi-jinping") in forms
    assert ("Moscow", "seat-moscow") in forms
    ids = {actor_id for _, actor_id in forms}
    assert ids == set(kb.actors)
    # every form written down resolves back to its actor
    for form, actor_id in forms:
        assert actor_id in {res.actor_id for res in kb.lookup(form)} or all(
            res.code == "---" for res in kb.lookup(form)
        ), form


def test_explain_says_how(kb: KnowledgeBase) -> None:
    from datetime import date

    lines = kb.explain("Putin", on=date(2010, 1, 1))
    assert any("prime minister" in line and "*" in line for line in lines)
    assert any("RUS GOV" in line for line in lines)
    assert "demonym 'Russian' -> RUS" in " ".join(kb.explain("Russian troops"))
    assert kb.explain("zzz qqq")[-1].strip() == "no match"


def test_stats(kb: KnowledgeBase) -> None:
    stats = kb.stats()
    assert stats["countries"] >= 249  # every ISO 3166 country, and Kosovo
    assert stats["people"] >= 400
    assert stats["dated roles"] >= 600
    assert stats["organisations"] >= 150
    assert stats["groups"] >= 40
    assert stats["role nouns"] >= 400
    assert stats["surface forms"] >= 2000


# hypothesis runs a test many times, so it shares one knowledge base across examples
KB = load_knowledge_base()


@given(st.text(max_size=40))
def test_lookup_key_is_idempotent(text: str) -> None:
    assert lookup_key(lookup_key(text)) == lookup_key(text)
    assert clean(clean(text)) == clean(text)


@given(st.text(max_size=30))
def test_lookup_never_raises(text: str) -> None:
    KB.lookup(text)
    KB.demonym(text)
    KB.role_sector(text)
