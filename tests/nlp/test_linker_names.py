"""Names, metonyms and the names that need context: Georgia, Washington, Jordan, Chad, Niger.

Each ambiguous case has both readings in a text of its own, because the rule that picks
the country must not be the rule that turns every "Jordan" into Jordan.
"""

from __future__ import annotations

from datetime import date

import pytest
from linker_support import at, codes, one

from tidings.models import Mention


def test_names_and_metonyms_resolve_with_offsets(link) -> None:
    text = "The Kremlin said Vladimir Putin would meet NATO officials in Brussels."
    mentions = link(text)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    kremlin = one(mentions, "Kremlin")
    assert (kremlin.code, kremlin.sector, kremlin.method) == ("RUS", "GOV", "kb-alias")
    assert one(mentions, "Putin").actor_id == "putin-vladimir"
    nato = one(mentions, "NATO")
    assert (nato.code, nato.sector) == ("IGO", "GOV")
    assert kremlin.sentence is not None and kremlin.sentence.text.startswith("The Kremlin")


def test_unknown_entities_are_kept_with_their_label_and_no_code(link) -> None:
    mentions = link("Oleg Chemezov met officials of the Islamic Salvation Front.")
    person = one(mentions, "Chemezov")
    assert (person.label, person.code, person.method) == ("PERSON", None, "unresolved")
    front = one(mentions, "Islamic Salvation Front")
    assert front.code is None and front.label == "ORG"


def test_a_capital_after_in_is_a_place_not_an_actor(link) -> None:
    mentions = link("Talks were held in Moscow. Moscow rejected the offer.")
    place, actor = at(mentions, "Moscow")
    assert (place.method, place.code) == ("place", None)
    assert (actor.code, actor.method) == ("RUS", "kb-alias")


def test_a_country_after_in_stays_an_actor(link) -> None:
    mention = one(link("Tensions rose in France after the vote."), "France")
    assert mention.code == "FRA"


# -- Georgia ------------------------------------------------------------------------------


def test_georgia_after_a_us_city_is_the_state(link) -> None:
    mentions = link("The rally in Atlanta, Georgia drew thousands.")
    georgia = one(mentions, "Georgia")
    assert georgia.code is None and georgia.method == "place"


def test_georgia_the_country(link) -> None:
    mentions = link("Russia accused Georgia of provoking the clashes in South Ossetia.")
    assert one(mentions, "Georgia").code == "GEO"


def test_georgia_with_a_georgian_role_is_the_country(link) -> None:
    mentions = link("Georgia's president met Georgian officials in Tbilisi.")
    assert one(mentions, "president").code == "GEO"
    assert one(mentions, "Georgian officials").code == "GEO"


# -- Washington ---------------------------------------------------------------------------


def test_washington_the_government(link) -> None:
    mention = one(link("Washington imposed new sanctions on Iran on Tuesday."), "Washington")
    assert (mention.code, mention.sector) == ("USA", "GOV")


@pytest.mark.parametrize(
    "text", ["Denzel Washington won the award.", "The actor Denzel Washington won the award."]
)
def test_washington_inside_a_persons_name_is_not_the_us(link, text: str) -> None:
    mentions = link(text)
    assert "USA" not in codes(mentions)
    assert one(mentions, "Denzel Washington").code is None


def test_washington_state_is_not_the_us_government(link) -> None:
    mentions = link("Wildfires spread across Washington state on Monday.")
    assert "USA" not in codes(mentions)


# -- Jordan, Chad, Niger ------------------------------------------------------------------


def test_jordan_the_country(link) -> None:
    mentions = link("Jordan's King Abdullah met Egyptian officials in Amman.")
    assert one(mentions, "Jordan").code == "JOR"


def test_jordan_the_basketball_player_and_his_surname(link) -> None:
    mentions = link("Michael Jordan scored 40 points. Jordan said the team was ready.")
    assert "JOR" not in codes(mentions)
    first, second = at(mentions, "Jordan")
    assert first.label == "PERSON" and first.code is None
    assert second.method == "coref:surname" and second.antecedent == first.start


def test_chad_the_country_among_other_states(link) -> None:
    mention = one(link("Chad closed its border with Sudan on Friday."), "Chad")
    assert mention.code == "TCD" and mention.label != "PERSON"


def test_chad_a_persons_first_name(link) -> None:
    mentions = link("Chad Smith played the drums at the concert.")
    assert "TCD" not in codes(mentions)


def test_niger_the_country(link) -> None:
    mentions = link("Niger's junta expelled French troops.")
    junta = one(mentions, "Niger")
    assert (junta.code, junta.sector) == ("NER", "GOV")
    assert one(mentions, "French troops").code == "FRA"


def test_the_niger_delta_is_not_niger(link) -> None:
    assert "NER" not in codes(link("Oil spills have ruined farms in the Niger Delta."))


def test_a_name_only_the_document_can_settle_is_left_unresolved(link) -> None:
    """ "Congo" is shared by two states: with nothing else to go on, no code is guessed."""
    mentions: list[Mention] = link("Pakistan broke off relations with Congo.")
    assert "COD" not in codes(mentions) and "COG" not in codes(mentions)


def test_the_document_settles_congo(link) -> None:
    mentions = link("Brazzaville protested. Congo recalled its ambassador from Paris.")
    assert one(mentions, "Congo").code == "COG"


def test_leaders_of_earlier_decades_are_known(link) -> None:
    """Archive news: "President Bush" with no date is a US leader, whichever Bush it is."""
    bush = one(link("President Bush has threatened further action against Russia."), "Bush")
    assert bush.code == "USA" and bush.actor_id in {"bush-george-hw", "bush-george-w"}
    clinton = one(link("President Bill Clinton imposed sanctions.", published=None), "Clinton")
    assert (clinton.code, clinton.actor_id) == ("USA", "clinton-bill")


@pytest.mark.parametrize(("text", "words", "code"), [
    ("Ethopia has agreed to re-open its borders to UN peacekeepers.", "Ethopia", "ETH"),
    ("Pakistan rejected a fresh offer from Afganistan for direct talks.", "Afganistan", "AFG"),
    ("Quatar's emir launched a mediation effort on Saturday.", "Quatar", "QAT"),
])
def test_a_country_misspelt_by_one_letter_is_still_that_country(link, text: str, words: str,
                                                                 code: str) -> None:
    assert one(link(text), words).code == code


@pytest.mark.parametrize(("text", "words"), [
    # a person's name one letter from a country is a person
    ("Jordana Brewster met reporters in Los Angeles on Monday.", "Jordana"),
    # too short to tell a slip from another name ("Iran"/"Iraq" are one letter apart)
    ("Irak rejected the offer on Monday.", "Irak"),
])
def test_near_names_that_are_not_slips_stay_unresolved(link, text: str, words: str) -> None:
    assert all(m.code is None for m in at(link(text), words))


@pytest.mark.parametrize(("text", "words", "actor_id"), [
    ("President Francois Mitterand gave a warm welcome to the visitors.", "Mitterand",
     "mitterrand-francois"),
    ("President Abdelaziz Bouteflicka threatened to institute a curfew.", "Bouteflicka",
     "bouteflika-abdelaziz"),
])
def test_a_leader_misspelt_by_one_letter_is_still_that_leader(link, text: str, words: str,
                                                               actor_id: str) -> None:
    assert one(link(text), words).actor_id == actor_id


def test_a_surname_alone_is_not_fuzzy_matched(link) -> None:
    """One word of a name is too little to call a slip: "Mitterand" alone stays unknown."""
    assert all(m.code is None for m in at(link("Mitterand spoke on Monday."), "Mitterand"))


def test_a_surname_two_leaders_share_is_their_country(link) -> None:
    """"Bush" is father or son; the date picks one, and either is the United States."""
    mentions = link("The Bush administration declared that China must drop barriers.")
    assert one(mentions, "Bush").code == "USA"
    son = one(link("Bush met Putin.", published=date(2005, 3, 1)), "Bush")
    assert son.actor_id == "bush-george-w"
    assert all(m.code is None for m in at(link("Kate Bush sang in London."), "Bush"))


@pytest.mark.parametrize(("text", "words", "code"), [
    ("The Sudanese government accused Darfur rebels of violating the ceasefire.",
     "Darfur rebels", "SDN"),
    ("Chechen fighters attacked a police post.", "Chechen fighters", "RUS"),
    ("Russia annexed Crimea in 2014.", "Crimea", "UKR"),
    ("Druze inhabitants of the Golan Heights threatened a strike.", "Golan Heights", "SYR"),
])
def test_a_province_names_its_country(link, text: str, words: str, code: str) -> None:
    assert one(link(text), words).code == code


@pytest.mark.parametrize(("text", "words", "code"), [
    ("Republicans praised the plan on Monday.", "Republicans", "USA"),
    ("Senior Democrats criticized the memo.", "Democrats", "USA"),
    ("The Liberal Democrats voted against the bill.", "Democrats", None),
    ("The Sweden Democrats won 20 percent of the vote.", "Democrats", None),
])
def test_the_us_parties_and_other_countries_democrats(link, text: str, words: str,
                                                      code: str | None) -> None:
    assert {m.code for m in at(link(text), words)} <= {code}


@pytest.mark.parametrize(("text", "words", "code"), [
    ("Trista Moretti of South Plainfield, New Jersey, was killed.", "Jersey", None),
    ("The governor of New Mexico met officials on Monday.", "Mexico", None),
    ("Russian forces struck Western Ukraine overnight.", "Ukraine", "UKR"),
    ("Israel bombed Southern Lebanon on Sunday.", "Lebanon", "LBN"),
])
def test_a_place_named_after_a_country_is_not_that_country(link, text: str, words: str,
                                                           code: str | None) -> None:
    assert {m.code for m in at(link(text), words)} <= {code}
    if code:
        assert code in codes(link(text))
