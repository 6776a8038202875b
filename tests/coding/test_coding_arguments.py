"""Argument rules on hand-built mentions shaped like the real linker's output.

Each case gives the mentions explicitly (words, code, label), so the rule under test is the
coder's, not a linker's: who fills the source and the target once the words are linked.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from tidings.coding import CoderOptions, EventCoder, Lexicon
from tidings.models import Article, Event, Mention

Linked = tuple[str, str | None, str]  # words as they appear, code, label


def run(nlp: Language, coder: EventCoder, text: str, linked: list[Linked]) -> list[Event]:
    mentions = []
    for words, code, label in linked:
        start = text.index(words)
        mentions.append(Mention(text=words, start=start, end=start + len(words), code=code,
                                label=label, method="test" if code else "unresolved"))
    return coder.code(nlp(text), article=Article.from_text(text), mentions=mentions)


def sides(events: list[Event], type_: str) -> tuple[set[str], set[str]]:
    found = [e for e in events if e.type == type_]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in events]
    event = found[0]
    return ({r.code for r in event.source if r.code}, {r.code for r in event.target if r.code})


def test_subject_pronoun_of_a_reported_clause_is_the_speaker(nlp: Language,
                                                             coder: EventCoder) -> None:
    text = "Switzerland said today it had expelled two Russian diplomats for spying."
    events = run(nlp, coder, text, [("Switzerland", "CHE", "GPE"),
                                    ("Russian diplomats", "RUS", "ROLE")])
    assert sides(events, "SANCTION") == ({"CHE"}, {"RUS"})


def test_a_person_pronoun_does_not_take_a_country_speaker(nlp: Language,
                                                          coder: EventCoder) -> None:
    text = "Iran said he had expelled two Russian diplomats."
    events = run(nlp, coder, text, [("Iran", "IRN", "GPE"), ("Russian diplomats", "RUS", "ROLE")])
    assert sides(events, "SANCTION") == (set(), {"RUS"})


def test_coordinated_nationality_modifiers_each_name_a_party(nlp: Language,
                                                             coder: EventCoder) -> None:
    text = "Senior Hungarian and Romanian officials agreed to cooperate on refugees."
    events = run(nlp, coder, text, [("Hungarian", "HUN", "ROLE"),
                                    ("Romanian officials", "ROU", "ROLE")])
    assert sides(events, "AGREE")[0] == {"HUN", "ROU"}


def test_unknown_person_in_a_one_country_sentence_is_domestic(nlp: Language,
                                                              coder: EventCoder) -> None:
    text = "President Yoweri Museveni has threatened to ban Ugandan opposition candidates."
    events = run(nlp, coder, text, [("President Yoweri Museveni", None, "PERSON"),
                                    ("Ugandan opposition", "UGA", "ROLE")])
    assert sides(events, "THREATEN") == ({"UGA"}, {"UGA"})


@pytest.mark.parametrize("text, linked", [
    # a country named as the other party is foreign, not the unknown person's home
    ("President Bush has threatened further action against Russia.",
     [("President Bush", None, "PERSON"), ("Russia", "RUS", "GPE")]),
    # two countries in the sentence: no single home
    ("President Yoweri Museveni has threatened to ban Kenyan and Ugandan traders.",
     [("President Yoweri Museveni", None, "PERSON"), ("Kenyan", "KEN", "NORP"),
      ("Ugandan traders", "UGA", "ROLE")]),
])
def test_no_home_country_when_it_would_be_a_guess(nlp: Language, coder: EventCoder, text: str,
                                                  linked: list[Linked]) -> None:
    source, _ = sides(run(nlp, coder, text, linked), "THREATEN")
    assert source == set()


def test_unknown_place_is_not_given_a_home(nlp: Language, coder: EventCoder) -> None:
    # A place no gazetteer knows is neither the visitor's country nor a guessed one.
    text = "Iraqi President Saddam Hussein arrived in Umm Jarrar on Wednesday."
    events = run(nlp, coder, text, [("Iraqi President Saddam Hussein", "IRQ", "PERSON"),
                                    ("Umm Jarrar", None, "GPE")])
    assert sides(events, "CONSULT") == ({"IRQ"}, set())


def test_a_region_is_not_the_host_of_a_visit(nlp: Language, coder: EventCoder) -> None:
    text = "China's special envoy will visit the Middle East to promote a ceasefire."
    events = [e for e in run(nlp, coder, text, [("China's special envoy", "CHN", "ROLE"),
                                                 ("the Middle East", "MEA", "LOC")])
              if e.type == "CONSULT"]
    assert events and not events[0].target


def test_a_protest_with_no_named_target_is_against_its_own_country(nlp: Language,
                                                                   coder: EventCoder) -> None:
    text = "Egyptian students rioted in the streets on Monday."
    events = run(nlp, coder, text, [("Egyptian students", "EGY", "ROLE")])
    assert sides(events, "PROTEST") == ({"EGY"}, {"EGY"})


def test_unnamed_protesters_in_a_one_country_sentence_are_its_own(nlp: Language,
                                                                  coder: EventCoder) -> None:
    text = "Thousands of workers protested against the Algerian government on Monday."
    events = run(nlp, coder, text, [("Algerian government", "DZA", "ROLE")])
    assert sides(events, "PROTEST") == ({"DZA"}, {"DZA"})


def test_no_domestic_default_across_two_countries_or_for_other_types(nlp: Language,
                                                                     coder: EventCoder) -> None:
    text = "Egyptian students rioted near the Israeli embassy on Monday."
    events = run(nlp, coder, text, [("Egyptian students", "EGY", "ROLE"),
                                    ("Israeli embassy", "ISR", "ROLE")])
    assert sides(events, "PROTEST")[1] != {"EGY"}
    text = "Egypt rejected the proposal on Monday."
    assert sides(run(nlp, coder, text, [("Egypt", "EGY", "GPE")]), "REJECT") == ({"EGY"}, set())


def test_home_country_can_be_switched_off(nlp: Language, lexicon: Lexicon) -> None:
    coder = EventCoder(lexicon, options=CoderOptions(home_country=False))
    text = "President Yoweri Museveni has threatened to ban Ugandan opposition candidates."
    events = run(nlp, coder, text, [("President Yoweri Museveni", None, "PERSON"),
                                    ("Ugandan opposition", "UGA", "ROLE")])
    assert sides(events, "THREATEN") == (set(), {"UGA"})
    events = run(nlp, coder, "Egyptian students rioted in the streets on Monday.",
                 [("Egyptian students", "EGY", "ROLE")])
    assert sides(events, "PROTEST") == ({"EGY"}, set())


def test_a_group_description_does_not_make_the_source_its_own_target(
        nlp: Language, coder: EventCoder) -> None:
    """ "the countries" stands for China and Russia; Putin's Russia is not its own target."""
    text = "Putin hailed the countries' partnership."
    events = run(nlp, coder, text, [("Putin", "RUS", "PERSON"), ("the countries", "CHN", "GPE"),
                                    ("the countries", "RUS", "GPE")])
    assert sides(events, "SUPPORT") == ({"RUS"}, {"CHN"})


def test_a_name_after_anti_is_not_the_actor(nlp: Language, coder: EventCoder) -> None:
    text = "Gunmen shot a prominent anti-Syria journalist in Beirut."
    events = run(nlp, coder, text, [("Syria", "SYR", "GPE")])
    assert not any("SYR" in {r.code for r in e.target} for e in events)


def test_a_place_inside_the_reason_is_no_target_of_the_threat(nlp: Language,
                                                              coder: EventCoder) -> None:
    text = ("Iran threatened to shell border towns in retaliation for an air raid on the "
            "city of Susangerd.")
    events = run(nlp, coder, text, [("Iran", "IRN", "GPE"), ("Susangerd", None, "ORG")])
    assert sides(events, "THREATEN") == ({"IRN"}, set())


def test_a_threatened_curfew_is_domestic(nlp: Language, coder: EventCoder) -> None:
    text = "Ivorian President Laurent Gbagbo announced that he will extend the curfew."
    events = run(nlp, coder, text, [("Ivorian President Laurent Gbagbo", "CIV", "PERSON"),
                                    ("he", "CIV", "PRON")])
    assert sides(events, "THREATEN") == ({"CIV"}, {"CIV"})


def test_a_participle_with_an_object_is_active(nlp: Language, coder: EventCoder) -> None:
    """A mis-parsed "Volunteers from groups donated and delivered ...": the groups gave."""
    text = ("Volunteers from three British charity groups donated and personally delivered "
            "$20,000 worth of medicine to Iraq.")
    events = run(nlp, coder, text, [("British charity groups", "GBR", "ROLE"),
                                    ("Iraq", "IRQ", "GPE")])
    assert sides(events, "AID") == ({"GBR"}, {"IRQ"})


# ---------------------------------------------------------------- places, objects, swaps


def test_a_visit_destination_town_stands_for_its_country(nlp: Language,
                                                         coder: EventCoder) -> None:
    text = "Iraqi President Saddam Hussein arrived in Amman on Wednesday."
    events = run(nlp, coder, text, [("Iraqi President Saddam Hussein", "IRQ", "PERSON"),
                                    ("Amman", None, "GPE")])
    assert sides(events, "CONSULT") == ({"IRQ"}, {"JOR"})
    event = next(e for e in events if e.type == "CONSULT")
    assert event.location is not None and event.location.name == "Amman"


def test_a_town_of_the_visitors_own_country_is_no_host(nlp: Language,
                                                       coder: EventCoder) -> None:
    text = "Iraqi President Saddam Hussein arrived in Mosul on Wednesday."
    events = run(nlp, coder, text, [("Iraqi President Saddam Hussein", "IRQ", "PERSON"),
                                    ("Mosul", None, "GPE")])
    assert sides(events, "CONSULT") == ({"IRQ"}, set())


def test_a_town_fired_at_stands_for_its_country(nlp: Language, coder: EventCoder) -> None:
    text = "Israeli tanks fired four shells at targets in Jericho, witnesses said."
    events = run(nlp, coder, text, [("Israeli tanks", "ISR", "ROLE"), ("Jericho", None, "GPE")])
    assert sides(events, "ASSAULT") == ({"ISR"}, {"PSE"})


def test_a_town_is_no_target_of_a_frame_without_place_targets(nlp: Language,
                                                             coder: EventCoder) -> None:
    text = "Egypt accused Tehran of meddling, officials in Cairo said."
    events = run(nlp, coder, text, [("Egypt", "EGY", "GPE"), ("Tehran", "IRN", "GPE"),
                                    ("Cairo", None, "GPE")])
    assert sides(events, "ACCUSE") == ({"EGY"}, {"IRN"})


def test_a_shifted_heavy_object_after_an_as_phrase(nlp: Language, coder: EventCoder) -> None:
    text = "Albania on Friday denounced as an ugly crime Serbia's suppression of the unrest."
    events = run(nlp, coder, text, [("Albania", "ALB", "GPE"), ("Serbia", "SRB", "GPE")])
    assert sides(events, "ACCUSE") == ({"ALB"}, {"SRB"})


def test_agreeing_a_package_of_sanctions_imposes_them(nlp: Language,
                                                      coder: EventCoder) -> None:
    text = "EU foreign ministers on Monday agreed a new package of sanctions on Russia."
    events = run(nlp, coder, text, [("EU foreign ministers", "EUR", "ROLE"),
                                    ("Russia", "RUS", "GPE")])
    assert sides(events, "SANCTION") == ({"EUR"}, {"RUS"})


def test_restrictions_against_a_state_are_sanctions(nlp: Language, coder: EventCoder) -> None:
    text = "The European Union approved another package of restrictions against Russia."
    events = run(nlp, coder, text, [("The European Union", "EUR", "ORG"),
                                    ("Russia", "RUS", "GPE")])
    assert sides(events, "SANCTION") == ({"EUR"}, {"RUS"})


def test_a_prisoner_swap_is_a_release_by_both_parties(nlp: Language,
                                                      coder: EventCoder) -> None:
    # The dateline is parsed as the subject, with the parties as its appositive.
    text = "KYIV — Ukraine and Russia exchanged 95 prisoners each on Friday."
    events = run(nlp, coder, text, [("Ukraine", "UKR", "GPE"), ("Russia", "RUS", "GPE")])
    assert sides(events, "RETREAT") == ({"UKR", "RUS"}, set())


def test_what_is_being_prepared_is_planned(nlp: Language, coder: EventCoder) -> None:
    text = "The sides also discussed preparations for a visit by Putin to China."
    events = run(nlp, coder, text, [("Putin", "RUS", "PERSON"), ("China", "CHN", "GPE")])
    visit = next(e for e in events if e.type == "CONSULT" and e.trigger.text == "visit")
    assert visit.status == "planned"


def test_a_body_named_after_a_town_is_that_towns_country(nlp: Language,
                                                         coder: EventCoder) -> None:
    text = "American aid groups delivered medicine to Baghdad University Medical School."
    events = run(nlp, coder, text, [("American aid groups", "USA", "ROLE"),
                                    ("Baghdad University Medical School", None, "ORG")])
    assert sides(events, "AID") == ({"USA"}, {"IRQ"})


def test_the_subject_of_were_engaged_in_did_the_event(nlp: Language,
                                                      coder: EventCoder) -> None:
    text = "Serb forces were engaged in ethnic cleansing in Montenegro."
    events = run(nlp, coder, text, [("Serb forces", "SRB", "ROLE"), ("Montenegro", "MNE", "GPE")])
    source, _ = sides(events, "ASSAULT")
    assert source == {"SRB"}


def test_a_statement_speaks_for_whoever_issued_it(nlp: Language, coder: EventCoder) -> None:
    text = "The PKK issued a declaration demanding that the Turkish government free prisoners."
    events = run(nlp, coder, text, [("The PKK", "TUR", "ORG"),
                                    ("Turkish government", "TUR", "ROLE")])
    assert sides(events, "REQUEST") == ({"TUR"}, {"TUR"})


def test_entities_read_off_iob_tags_equal_spacys(nlp: Language) -> None:
    from tidings.coding.syntax import entities_in, entity_of

    doc = nlp(
        "Russian President Vladimir Putin met Chinese leader Xi Jinping in Beijing on May 16. "
        "The United Nations and the European Union said nothing on Thursday."
    )
    for sentence in doc.sents:
        assert [(e.start, e.end, e.label_) for e in entities_in(sentence)] == [
            (e.start, e.end, e.label_) for e in sentence.ents
        ]
    bounds = [(e.start, e.end, e.label_) for e in doc.ents]
    for token in doc:
        expected = next((b for b in bounds if b[0] <= token.i < b[1]), None)
        found = entity_of(token)
        assert (None if found is None else (found.start, found.end, found.label_)) == expected


def test_pressure_over_a_grievance_is_an_accusation_of_the_pressed(nlp: Language,
                                                                   coder: EventCoder) -> None:
    # "its" linked to the nearer Washington, as a nearest-antecedent reading would link it
    text = "Pressure is mounting on Beijing from Washington over its alleged support for Moscow."
    events = run(nlp, coder, text, [("Beijing", "CHN", "GPE"), ("Washington", "USA", "GPE"),
                                    ("its", "USA", "GPE"), ("Moscow", "RUS", "GPE")])
    assert sides(events, "ACCUSE") == ({"USA"}, {"CHN"})
    assert sides(events, "SUPPORT")[0] == {"CHN"}


def test_the_owner_of_a_grievance_is_the_criticised(nlp: Language, coder: EventCoder) -> None:
    text = "Washington criticized Beijing for its support for Moscow."
    events = run(nlp, coder, text, [("Washington", "USA", "GPE"), ("Beijing", "CHN", "GPE"),
                                    ("its", "USA", "GPE"), ("Moscow", "RUS", "GPE")])
    assert sides(events, "SUPPORT")[0] == {"CHN"}


def test_a_possessive_outside_the_grievance_keeps_its_reading(nlp: Language,
                                                              coder: EventCoder) -> None:
    text = "Washington criticized Beijing on Monday and its support for Kyiv continued."
    events = run(nlp, coder, text, [("Washington", "USA", "GPE"), ("Beijing", "CHN", "GPE"),
                                    ("its", "USA", "GPE"), ("Kyiv", "UKR", "GPE")])
    assert sides(events, "SUPPORT")[0] == {"USA"}


def test_a_warning_accuses_whoever_does_what_it_warns_of(nlp: Language,
                                                         coder: EventCoder) -> None:
    text = '"Russia is receiving support for its war from China and Iran," the NATO chief warned.'
    events = run(nlp, coder, text, [("Russia", "RUS", "GPE"), ("China", "CHN", "GPE"),
                                    ("Iran", "IRN", "GPE"), ("NATO chief", "IGO", "ROLE")])
    assert sides(events, "ACCUSE") == ({"IGO"}, {"CHN", "IRN"})
    assert sides(events, "AID") == ({"CHN", "IRN"}, {"RUS"})


def test_a_warning_of_no_one_s_act_has_no_target(nlp: Language, coder: EventCoder) -> None:
    text = "The NATO chief warned that the winter in Ukraine has been hard."
    events = run(nlp, coder, text, [("NATO chief", "IGO", "ROLE"), ("Ukraine", "UKR", "GPE")])
    assert sides(events, "ACCUSE") == ({"IGO"}, set())


def test_captives_held_by_a_named_holder_were_released_by_it(nlp: Language,
                                                              coder: EventCoder) -> None:
    text = "Ninety-five Russian servicemen held by Ukraine returned home on Friday."
    events = run(nlp, coder, text, [("Russian servicemen", "RUS", "ROLE"),
                                    ("Ukraine", "UKR", "GPE")])
    assert sides(events, "RETREAT") == ({"UKR"}, {"RUS"})


def test_returning_soldiers_with_no_holder_are_no_release(nlp: Language,
                                                          coder: EventCoder) -> None:
    text = "Ninety-five Russian servicemen returned home from Syria on Friday."
    events = run(nlp, coder, text, [("Russian servicemen", "RUS", "ROLE"),
                                    ("Syria", "SYR", "GPE")])
    assert not [e for e in events if e.type == "RETREAT" and e.mode == "release"]


def test_a_dateline_is_not_a_party(nlp: Language, coder: EventCoder) -> None:
    text = "KYIV — Ukraine and Russia exchanged 95 prisoners each on Friday."
    events = run(nlp, coder, text, [("KYIV", "UKR", "GPE"), ("Ukraine", "UKR", "GPE"),
                                    ("Russia", "RUS", "GPE")])
    source, _ = sides(events, "RETREAT")
    assert source == {"UKR", "RUS"}
    text = "MOSCOW — Russian servicemen held by Ukraine returned home on Friday."
    events = run(nlp, coder, text, [("MOSCOW", "RUS", "GPE"), ("Russian servicemen", "RUS", "ROLE"),
                                    ("Ukraine", "UKR", "GPE")])
    retreat = next(e for e in events if e.type == "RETREAT")
    assert [r.text for r in retreat.target] == ["Russian servicemen"]


@pytest.mark.parametrize("text, linked, target", [
    ("Pakistan rejected a fresh offer from Afghanistan for direct talks.",
     [("Pakistan", "PAK", "GPE"), ("Afghanistan", "AFG", "GPE")], {"AFG"}),
    ("The United States vetoed a Security Council resolution on Monday.",
     [("The United States", "USA", "GPE"), ("Security Council", "IGO", "ORG")], {"IGO"}),
    ("Pakistan rejected Afghanistan's offer of talks.",
     [("Pakistan", "PAK", "GPE"), ("Afghanistan", "AFG", "GPE")], {"AFG"}),
    ("Pakistan rejected the offer on Monday.", [("Pakistan", "PAK", "GPE")], set()),
])
def test_what_is_turned_down_points_at_who_made_it(nlp: Language, coder: EventCoder, text: str,
                                                   linked: list[Linked],
                                                   target: set[str]) -> None:
    assert sides(run(nlp, coder, text, linked), "REJECT")[1] == target


def test_a_count_with_up_to_leaves_the_object_in_place(nlp: Language, coder: EventCoder) -> None:
    text = "Afghan rebels have kidnapped up to 16 Russian civilian advisers from a bazaar."
    events = run(nlp, coder, text, [("Afghan rebels", "AFG", "ROLE"),
                                    ("Russian civilian advisers", "RUS", "ROLE")])
    assert sides(events, "ASSAULT") == ({"AFG"}, {"RUS"})


def test_a_hostile_act_made_to_hang_on_a_condition_is_a_threat(nlp: Language,
                                                               coder: EventCoder) -> None:
    text = "Washington may impose sanctions on Moscow if the talks fail."
    linked: list[Linked] = [("Washington", "USA", "GPE"), ("Moscow", "RUS", "GPE")]
    events = run(nlp, coder, text, linked)
    assert sides(events, "THREATEN") == ({"USA"}, {"RUS"})
    unconditioned = run(nlp, coder, "Washington may impose sanctions on Moscow.", linked)
    assert [e.type for e in unconditioned] == ["SANCTION"]
    assert unconditioned[0].status == "hypothetical"


def test_what_is_refused_to_someone_is_refused_them(nlp: Language, coder: EventCoder) -> None:
    text = "Benin was still refusing admittance to Ghanaians on Monday."
    events = run(nlp, coder, text, [("Benin", "BEN", "GPE"), ("Ghanaians", "GHA", "NORP")])
    assert sides(events, "REJECT") == ({"BEN"}, {"GHA"})


def _police(text: str, country: tuple[str, str], others: list[Linked]) -> list[Mention]:
    words, code = country
    start = text.index(words)
    mentions = [Mention(text=words, start=start, end=start + len(words), code=code, sector="COP",
                        label="ROLE", method="test")]
    for other, other_code, label in others:
        at = text.index(other)
        mentions.append(Mention(text=other, start=at, end=at + len(other), code=other_code,
                                label=label, method="test"))
    return mentions


@pytest.mark.parametrize("text, others", [
    ("Egyptian police opened fire on demonstrators in Cairo on Monday night.", []),
    # another country in the sentence does not make the students foreign
    ("Egyptian police arrested students protesting against the war in Iraq.",
     [("Iraq", "IRQ", "GPE")]),
])
def test_the_unnamed_people_police_act_on_are_their_own_countrys(
        nlp: Language, coder: EventCoder, text: str, others: list[Linked]) -> None:
    mentions = _police(text, ("Egyptian police", "EGY"), others)
    events = coder.code(nlp(text), article=Article.from_text(text), mentions=mentions)
    hostile = [e for e in events if e.type in {"ASSAULT", "COERCE"}]
    assert hostile and all({r.code for r in e.target} == {"EGY"} for e in hostile)


def test_soldiers_firing_on_unnamed_people_get_no_guessed_target(nlp: Language,
                                                                 coder: EventCoder) -> None:
    text = "Egyptian troops opened fire on a crowd near the border with Libya."
    events = run(nlp, coder, text, [("Egyptian troops", "EGY", "ROLE"), ("Libya", "LBY", "GPE")])
    assert sides(events, "ASSAULT") == ({"EGY"}, set())


@pytest.mark.parametrize("text, linked, type_", [
    ("Jakarta forced the UN refugee agency out of the country.",
     [("Jakarta", "IDN", "GPE"), ("UN refugee agency", "IGO", "ORG")], "SANCTION"),
    ("Jakarta forced out 300 Timorese refugees last week.",
     [("Jakarta", "IDN", "GPE"), ("Timorese refugees", "TLS", "ROLE")], "COERCE"),
])
def test_an_agency_forced_out_is_expelled_and_people_are_deported(
        nlp: Language, coder: EventCoder, text: str, linked: list[Linked], type_: str) -> None:
    assert [e.type for e in run(nlp, coder, text, linked)] == [type_]


def test_who_converges_for_a_rally_holds_it(nlp: Language, coder: EventCoder) -> None:
    text = "Thousands of Nigerians were converging on Thursday for a rally in Lagos."
    events = run(nlp, coder, text, [("Nigerians", "NGA", "NORP")])
    rally = next(e for e in events if e.trigger.text.endswith("rally"))
    assert {r.code for r in rally.source} == {"NGA"}


def test_a_country_whose_thing_is_the_target_is_still_home(nlp: Language,
                                                           coder: EventCoder) -> None:
    """An unknown party that boycotts Algeria's elections is Algeria's; one that threatens
    Algeria itself is no one's home."""
    text = "The Umma party will boycott Algeria's first multi-party elections."
    events = run(nlp, coder, text, [("Umma party", None, "ORG"), ("Algeria", "DZA", "GPE")])
    assert sides(events, "THREATEN")[0] == {"DZA"}
    text = "The Umma party threatened Algeria with a boycott."
    events = run(nlp, coder, text, [("Umma party", None, "ORG"), ("Algeria", "DZA", "GPE")])
    assert sides(events, "THREATEN")[0] == set()


def test_a_meeting_offered_on_a_condition_is_an_offer_to_the_other(nlp: Language,
                                                                   coder: EventCoder) -> None:
    linked: list[Linked] = [("Afghan rebel leaders", "AFG", "ROLE"),
                            ("U.N. mediator", "IGO", "ROLE")]
    text = "Afghan rebel leaders said they would meet the U.N. mediator if he gave them a veto."
    assert sides(run(nlp, coder, text, linked), "AGREE") == ({"AFG"}, {"IGO"})
    plain = run(nlp, coder, "Afghan rebel leaders said they would meet the U.N. mediator.",
                linked)
    meeting = next(e for e in plain if e.type == "CONSULT")
    assert meeting.status == "planned" and {r.code for r in meeting.source} == {"AFG", "IGO"}


def test_an_army_preparing_to_fight_mobilises_a_state_ready_to_threatens(
        nlp: Language, coder: EventCoder) -> None:
    text = "The Macedonian army prepared to resume shelling Albanian rebel positions."
    events = run(nlp, coder, text, [("Macedonian army", "MKD", "ROLE"),
                                    ("Albanian rebel", "ALB", "ROLE")])
    assert sides(events, "MOBILIZE")[0] == {"MKD"}
    text = "Russia is prepared to strike Ukraine again."
    events = run(nlp, coder, text, [("Russia", "RUS", "GPE"), ("Ukraine", "UKR", "GPE")])
    assert sides(events, "THREATEN") == ({"RUS"}, {"UKR"})


def test_pushing_for_another_to_act_is_a_request_to_them(nlp: Language,
                                                         coder: EventCoder) -> None:
    text = "The UK is pushing hard for the US to support its debt relief plan."
    events = run(nlp, coder, text, [("The UK", "GBR", "GPE"), ("the US", "USA", "GPE")])
    assert [e.type for e in events] == ["REQUEST"]  # what is pushed for has not happened
    assert sides(events, "REQUEST") == ({"GBR"}, {"USA"})


def test_who_is_guilty_of_a_deed_did_it_who_is_capable_of_it_did_not(
        nlp: Language, coder: EventCoder) -> None:
    text = "The Philippine military is guilty of violating the ceasefire agreement."
    events = run(nlp, coder, text, [("Philippine military", "PHL", "ROLE")])
    assert sides(events, "ASSAULT")[0] == {"PHL"}
    text = "North Korea is capable of launching attacks on the United States."
    events = run(nlp, coder, text, [("North Korea", "PRK", "GPE"),
                                    ("the United States", "USA", "GPE")])
    assert all("PRK" not in {r.code for r in e.source} for e in events)


def test_a_refusal_despite_someones_pressure_refuses_them(nlp: Language,
                                                          coder: EventCoder) -> None:
    text = "The minister declined to resign despite growing pressure from the Kenyan parliament."
    events = run(nlp, coder, text, [("minister", None, "ROLE"),
                                    ("Kenyan parliament", "KEN", "ORG")])
    assert sides(events, "REJECT") == ({"KEN"}, {"KEN"})
    text = "The minister declined to resign despite the scandal."
    events = run(nlp, coder, text, [("minister", "KEN", "ROLE")])
    assert sides(events, "REJECT") == ({"KEN"}, set())


def test_a_broken_commitment_targets_whom_it_was_made_to(nlp: Language,
                                                         coder: EventCoder) -> None:
    text = "President Mwanawasa has reneged on his commitment to the Zambian people."
    events = run(nlp, coder, text, [("President Mwanawasa", "ZMB", "PERSON"),
                                    ("his", "ZMB", "PRON"), ("Zambian people", "ZMB", "ROLE")])
    event = next(e for e in events if e.type == "REJECT")
    assert [r.text for r in event.target] == ["Zambian people"]


def test_a_body_based_in_a_town_is_that_countrys(nlp: Language, coder: EventCoder) -> None:
    text = "A newspaper based in east Beirut has violated a ban by General Aoun."
    events = run(nlp, coder, text, [("Beirut", None, "GPE"), ("General Aoun", "LBN", "PERSON")])
    assert sides(events, "REJECT") == ({"LBN"}, {"LBN"})


def test_an_offer_to_host_talks_is_made_to_the_parties(nlp: Language, coder: EventCoder) -> None:
    text = "Morocco is ready to host a meeting between Israel and the PLO."
    events = run(nlp, coder, text, [("Morocco", "MAR", "GPE"), ("Israel", "ISR", "GPE"),
                                    ("PLO", "PSE", "ORG")])
    assert sides(events, "AGREE") == ({"MAR"}, {"ISR", "PSE"})


def test_a_border_opened_to_let_aid_through_opens_it_to_the_receiver(
        nlp: Language, coder: EventCoder) -> None:
    text = "Uzbekistan opened the Friendship Bridge to allow the delivery of grain to Afghanistan."
    events = run(nlp, coder, text, [("Uzbekistan", "UZB", "GPE"), ("Afghanistan", "AFG", "GPE")])
    assert [e.type for e in events] == ["RETREAT"]
    assert sides(events, "RETREAT") == ({"UZB"}, {"AFG"})


@pytest.mark.parametrize("text, linked, target", [
    ("Two Palestinian bombers killed 23 people when they blew themselves up in Tel Aviv.",
     [("Palestinian bombers", "PSE", "ROLE"), ("Tel Aviv", None, "GPE")], {"ISR"}),
    # at home the victims are not named by the place: the text does not say whose they are
    ("Iraqi gunmen killed 12 people when they opened fire in Baghdad.",
     [("Iraqi gunmen", "IRQ", "ROLE"), ("Baghdad", None, "GPE")], set()),
])
def test_people_killed_in_another_country_are_its_people(
        nlp: Language, coder: EventCoder, text: str, linked: list[Linked],
        target: set[str]) -> None:
    events = run(nlp, coder, text, linked)
    assault = next(e for e in events if e.type == "ASSAULT")
    assert {r.code for r in assault.target if r.code} == target
    assert assault.location is not None and assault.location.country_code in {"ISR", "IRQ"}


@pytest.mark.parametrize("text, type_", [
    ("Iran promised not to attack Israel.", "AGREE"),  # a pledge of restraint
    ("Iran vowed to attack Israel.", "THREATEN"),
    ("Iran vowed not to return the islands to Israel.", "REJECT"),  # a refusal
    ("Iran vowed to return the islands to Israel.", "AGREE"),
])
def test_a_promise_not_to_act_is_restraint_or_refusal(nlp: Language, coder: EventCoder,
                                                      text: str, type_: str) -> None:
    events = run(nlp, coder, text, [("Iran", "IRN", "GPE"), ("Israel", "ISR", "GPE")])
    assert [e.type for e in events] == [type_]
    assert sides(events, type_) == ({"IRN"}, {"ISR"})


def test_declining_to_hand_back_territory_is_a_refusal(nlp: Language, coder: EventCoder) -> None:
    text = "Israel said it would not return the Golan Heights to Syria."
    events = run(nlp, coder, text, [("Israel", "ISR", "GPE"), ("Golan Heights", "SYR", "LOC"),
                                    ("Syria", "SYR", "GPE")])
    assert sides(events, "REJECT") == ({"ISR"}, {"SYR"})


def test_a_people_named_as_the_other_party_is_no_ones_home(nlp: Language,
                                                           coder: EventCoder) -> None:
    """Jurists who investigate the welfare of Libyans are not, for that, Libyan."""
    text = "Members of the Association of African Jurists investigated the welfare of Libyans."
    events = run(nlp, coder, text, [("Association of African Jurists", None, "ORG"),
                                    ("Libyans", "LBY", "NORP")])
    assert sides(events, "ACCUSE") == (set(), {"LBY"})


def test_pushing_back_is_resisting_not_asking(nlp: Language, coder: EventCoder) -> None:
    text = "Beijing pushed back on the American proposal on Friday."
    events = run(nlp, coder, text, [("Beijing", "CHN", "GPE"), ("American", "USA", "NORP")])
    assert [e.type for e in events] == ["REJECT"]


def test_an_army_preparing_to_shrink_is_no_mobilisation(nlp: Language,
                                                        coder: EventCoder) -> None:
    text = "The US Army had been preparing to shrink to 490,000 soldiers."
    assert run(nlp, coder, text, [("US Army", "USA", "ROLE")]) == []


@pytest.mark.parametrize("text, linked", [
    # a document allows nothing: no CONCEDE without someone who allows
    ("Merkley said the deal allows Iran to import conventional arms.", [("Iran", "IRN", "GPE")]),
    # kept out of the meetings: no one met
    ("The WHO blocked Taiwan from participating in critical meetings.",
     [("WHO", "IGO", "ORG"), ("Taiwan", "TWN", "GPE")]),
    # fighting a resurgence back is not refusing anything
    ("The troops are needed to push back a resurgence of the Taliban.",
     [("Taliban", "AFG", "ORG")]),
])
def test_no_event_where_the_words_only_look_like_one(nlp: Language, coder: EventCoder,
                                                      text: str, linked: list[Linked]) -> None:
    events = run(nlp, coder, text, linked)
    assert not [e for e in events if e.type in {"CONCEDE", "CONSULT", "REJECT"}]


def test_agreeing_not_to_do_what_is_no_event_is_still_an_agreement(
        nlp: Language, coder: EventCoder) -> None:
    text = "Iran has agreed not to leave the talks in Vienna."
    assert [e.type for e in run(nlp, coder, text, [("Iran", "IRN", "GPE")])] == ["AGREE"]


def test_with_a_by_agent_the_possessor_is_the_patient(nlp: Language, coder: EventCoder) -> None:
    linked: list[Linked] = [("Crimea", "UKR", "GPE"), ("Russia", "RUS", "GPE")]
    events = run(nlp, coder, "Crimea's annexation by Russia was condemned.", linked)
    assert sides(events, "ASSAULT") == ({"RUS"}, {"UKR"})
    events = run(nlp, coder, "Russia's annexation of Crimea was condemned.", linked)
    assert sides(events, "ASSAULT") == ({"RUS"}, {"UKR"})


def test_a_court_order_is_a_demand_on_whom_it_orders(nlp: Language, coder: EventCoder) -> None:
    text = "An Argentine judge has ordered former president Carlos Menem to appear in court."
    events = run(nlp, coder, text, [("Argentine judge", "ARG", "ROLE"),
                                    ("president Carlos Menem", "ARG", "PERSON")])
    assert sides(events, "REQUEST") == ({"ARG"}, {"ARG"})
    assert [e.type for e in events] == ["REQUEST"]  # the appearance has not happened


@pytest.mark.parametrize("text, linked, type_", [
    ("The report said Egypt had demonstrated pragmatism in the talks.",
     [("Egypt", "EGY", "GPE")], None),
    ("Le Pen has a blunt style that appeals to French youth.",
     [("French youth", "FRA", "ROLE")], None),
    ("Ukraine appealed to NATO to send more air defences.",
     [("Ukraine", "UKR", "GPE"), ("NATO", "IGO", "ORG")], "REQUEST"),
    ("The question is whether Russia can pull it off.", [("Russia", "RUS", "GPE")], None),
    ("Russia pulled its troops out of Kyiv.", [("Russia", "RUS", "GPE")], "RETREAT"),
])
def test_words_that_only_sometimes_name_an_event(nlp: Language, coder: EventCoder, text: str,
                                                 linked: list[Linked], type_: str | None) -> None:
    assert [e.type for e in run(nlp, coder, text, linked)] == ([type_] if type_ else [])


def test_a_hawk_on_a_country_is_not_that_countrys(nlp: Language, coder: EventCoder) -> None:
    text = "Bolton, an Iran hawk, urged new sanctions on Tehran."
    events = run(nlp, coder, text, [("Iran", "IRN", "GPE"), ("Tehran", "IRN", "GPE")])
    assert sides(events, "REQUEST") == (set(), {"IRN"})


@pytest.mark.parametrize("text, linked, type_, status", [
    ("The FBI was very unlikely to prosecute Flynn.", [("Flynn", "USA", "PERSON")],
     "ACCUSE", "hypothetical"),
    ("Kerry said Washington has no intention of sending ground troops to Syria.",
     [("Washington", "USA", "GPE"), ("Syria", "SYR", "GPE")], "AID", "negated"),
    ("The next opportunity for Xi and Trump to meet is the G20.",
     [("Xi", "CHN", "PERSON"), ("Trump", "USA", "PERSON")], "CONSULT", "planned"),
    ("North Korea is capable of launching attacks on the United States.",
     [("North Korea", "PRK", "GPE"), ("the United States", "USA", "GPE")], "ASSAULT",
     "hypothetical"),
    ("Vietnam is committed to opening up its economy.", [("Vietnam", "VNM", "GPE")], "AGREE",
     "ongoing"),
])
def test_what_is_only_wanted_possible_or_disowned_has_not_happened(
        nlp: Language, coder: EventCoder, text: str, linked: list[Linked], type_: str,
        status: str) -> None:
    event = next(e for e in run(nlp, coder, text, linked) if e.type == type_)
    assert event.status == status


def test_striking_a_tone_or_committing_a_crime_is_no_event(nlp: Language,
                                                          coder: EventCoder) -> None:
    linked: list[Linked] = [("Trump", "USA", "PERSON")]
    assert run(nlp, coder, "Trump struck a conciliatory tone on Monday.", linked) == []
    assert run(nlp, coder, "Trump did not commit obstruction of justice.", linked) == []


def test_what_a_force_was_able_to_do_it_did(nlp: Language, coder: EventCoder) -> None:
    text = "Israeli jets were able to strike Iranian air defences on Saturday."
    events = run(nlp, coder, text, [("Israeli jets", "ISR", "ROLE"),
                                    ("Iranian air defences", "IRN", "ROLE")])
    assert next(e for e in events if e.type == "ASSAULT").status == "occurred"
