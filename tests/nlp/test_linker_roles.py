"""Role phrases: nationality or possessive + role + name, IGO chiefs, dated office-holders."""

from __future__ import annotations

from datetime import date

import pytest
from linker_support import at, codes, one


def test_role_and_name_resolve_a_person_not_in_the_kb(link) -> None:
    mention = one(link("China's special envoy Wang Hao arrived in Cairo."), "Wang Hao")
    assert mention.text == "China's special envoy Wang Hao"
    assert (mention.code, mention.sector, mention.label) == ("CHN", "GOV", "PERSON")
    assert mention.method == "role+name" and mention.actor_id is None


def test_demonym_role_and_name_of_a_person_not_in_the_kb(link) -> None:
    mention = one(link("Gambian President Dawda Jawara will visit Senegal."), "Jawara")
    assert (mention.code, mention.sector, mention.method) == ("GMB", "GOV", "role+name")


def test_role_and_name_of_a_kb_person_keeps_the_kb_actor(link) -> None:
    mention = one(link("Russian President Vladimir Putin spoke."), "Putin")
    assert mention.text == "Russian President Vladimir Putin"
    assert (mention.code, mention.sector, mention.actor_id) == ("RUS", "GOV", "putin-vladimir")


def test_chinese_leader_xi(link) -> None:
    mention = one(link("Chinese leader Xi welcomed the delegation."), "Xi")
    assert (mention.code, mention.actor_id) == ("CHN", "xi-jinping")


@pytest.mark.parametrize(
    ("text", "words", "code", "sector"),
    [
        ("Israeli troops entered the town.", "Israeli troops", "ISR", "MIL"),
        ("American warplanes struck the base.", "American warplanes", "USA", "MIL"),
        ("Four Saudi men were arrested.", "Saudi men", "SAU", "CVL"),
        ("Turkish police dispersed the crowd.", "Turkish police", "TUR", "COP"),
        ("Afghan rebels kidnapped the advisers.", "Afghan rebels", "AFG", "REB"),
        ("Senior Iranian officials denied it.", "Iranian officials", "IRN", "GOV"),
        ("Bangladeshi peacekeeping troops arrived.", "Bangladeshi", "BGD", "MIL"),
        ("Vietnamese-led forces attacked.", "Vietnamese", "VNM", "MIL"),
        ("Western officials said so.", "Western officials", "WST", "GOV"),
    ],
)
def test_demonym_and_role_noun(link, text: str, words: str, code: str, sector: str) -> None:
    mention = one(link(text), words)
    assert (mention.code, mention.sector) == (code, sector)


@pytest.mark.parametrize(
    ("text", "words", "code", "sector"),
    [
        ("Norway's foreign minister said so.", "Norway's foreign minister", "NOR", "GOV"),
        ("South Korea's defense ministry said so.", "defense ministry", "KOR", "GOV"),
        ("Montenegro's prime minister was indicted.", "prime minister", "MNE", "GOV"),
        ("the Kremlin's spokesman said.", "spokesman", "RUS", "GOV"),
    ],
)
def test_possessive_and_role(link, text: str, words: str, code: str, sector: str) -> None:
    mention = one(link(text), words)
    assert (mention.code, mention.sector) == (code, sector)


def test_role_of_a_country_after_the_name(link) -> None:
    mention = one(link("King Hassan of Morocco hosted the talks."), "Hassan")
    assert mention.text == "King Hassan of Morocco" and mention.code == "MAR"


def test_coordinated_nationalities_give_one_mention_each(link) -> None:
    mentions = link("Senior Hungarian and Romanian officials agreed on Wednesday.")
    assert codes(mentions) == {"HUN", "ROU"}
    assert all(m.sector == "GOV" for m in mentions)


def test_a_country_before_a_named_persons_nationality_is_a_party_of_its_own(link) -> None:
    mentions = link("Klibi mediated between Syria and Palestinian leader Yasser Arafat.")
    assert one(mentions, "Syria").code == "SYR"
    assert one(mentions, "Arafat").code == "PSE"


def test_a_backed_group_is_not_its_backer(link) -> None:
    assert "RUS" not in codes(link("Russian-backed separatists shelled the town."))


def test_ethnic_group_takes_the_country_it_lives_in(link) -> None:
    mention = one(link("Ethnic Albanians in south Serbia demanded autonomy."), "Albanians")
    assert mention.code == "SRB" and mention.method == "ethnic"


def test_nationality_on_an_agent_noun_names_the_nation(link) -> None:
    mentions = link("Bangladesh rejected an Indian proposal and bought Russian oil.")
    indian = one(mentions, "Indian")
    assert (indian.code, indian.method) == ("IND", "demonym")
    assert "RUS" not in codes(mentions)  # "Russian oil" is an attribute, not an actor


@pytest.mark.parametrize(
    ("text", "words", "code"),
    [
        ("The army lifted a blockade on Palestinian lorries.", "Palestinian", "PSE"),
        ("Iran threatened to shell Iraqi towns today.", "Iraqi", "IRQ"),
        ("Power to the Azerbaijani republic of Nakhichevan was cut.", "Azerbaijani", "AZE"),
    ],
)
def test_a_nationality_on_a_thing_that_stands_for_its_nation(
    link, text: str, words: str, code: str
) -> None:
    assert one(link(text), words).code == code


def test_a_people_named_by_its_plural(link) -> None:
    mention = one(link("The Palestinians rejected the plan."), "Palestinians")
    assert (mention.code, mention.sector, mention.label) == ("PSE", None, "NORP")


def test_people_in_a_capital_are_from_there(link) -> None:
    mention = one(link("Demonstrators in Baghdad blocked a road."), "Demonstrators")
    assert (mention.code, mention.sector) == ("IRQ", "CVL")


# -- IGO chiefs -----------------------------------------------------------------------------


def test_nato_chief_by_name_is_nato_not_his_later_office(link) -> None:
    mention = one(link("NATO chief Jens Stoltenberg warned Russia."), "Stoltenberg")
    assert (mention.code, mention.sector, mention.actor_id) == ("IGO", "GOV", "stoltenberg-jens")


def test_un_secretary_general_by_date(link) -> None:
    mention = one(
        link("The UN Secretary-General called for a ceasefire.", published=date(2019, 6, 1)),
        "Secretary",
    )
    assert mention.code == "IGO" and mention.actor_id == "guterres-antonio"
    assert mention.method == "role-holder"


def test_nato_chief_without_a_name_is_the_holder_on_the_day(link) -> None:
    dated = link("The NATO chief visited Kyiv.", published=date(2020, 3, 1))
    assert one(dated, "NATO chief").actor_id == "stoltenberg-jens"
    later = link("The NATO chief visited Kyiv.", published=date(2025, 3, 1))
    assert one(later, "NATO chief").actor_id == "rutte-mark"


# -- role-holders by date -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "holder"),
    [(date(2019, 6, 1), "trump-donald"), (date(2024, 6, 1), "biden-joe")],
)
def test_the_us_president_depends_on_the_date(link, published: date, holder: str) -> None:
    mention = one(link("The US president spoke to reporters.", published=published), "president")
    assert (mention.code, mention.sector, mention.actor_id) == ("USA", "GOV", holder)
    assert mention.method == "role-holder"


def test_without_a_date_a_role_names_no_person(link) -> None:
    mention = one(link("The US president spoke to reporters."), "president")
    assert (mention.code, mention.sector, mention.actor_id) == ("USA", "GOV", None)


def test_an_indefinite_role_is_never_a_holder(link) -> None:
    mention = one(link("A Russian minister resigned.", published=date(2020, 1, 1)), "minister")
    assert mention.actor_id is None and mention.code == "RUS"


def test_a_kb_person_is_resolved_by_the_date(link) -> None:
    early = one(link("Joe Biden spoke.", published=date(2015, 1, 1)), "Biden")
    late = one(link("Joe Biden spoke.", published=date(2022, 1, 1)), "Biden")
    assert early.sector == "GOV" and late.sector == "GOV"
    after = one(link("Joe Biden spoke.", published=date(2026, 1, 1)), "Biden")
    assert after.sector == "ELI"


def test_several_mentions_of_one_role_phrase(link) -> None:
    mentions = link("US and British forces entered the city.")
    assert codes(mentions) == {"USA", "GBR"}
    assert {m.sector for m in at(mentions, "")} == {"MIL"}
