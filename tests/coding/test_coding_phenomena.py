"""One test per phenomenon the coder must get right, on short sentences written for them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from spacy.language import Language

from tidings.coding import CoderError, EventCoder, Lexicon
from tidings.models import Article, Event, stable_id

WEDNESDAY = date(2024, 5, 15)
Code = Callable[..., list[Event]]  # the ``code`` fixture of conftest.py


def codes(refs: list) -> set[str]:
    return {r.code for r in refs if r.code}


def only(events: list[Event], type_: str) -> Event:
    found = [e for e in events if e.type == type_]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in events]
    return found[0]


# ---------------------------------------------------------------- verbal and nominal triggers


def test_verbal_visit_has_source_target_and_crosswalk(code: Code) -> None:
    event = only(code("Vladimir Putin visited China on Thursday."), "CONSULT")
    assert (codes(event.source), codes(event.target)) == ({"RUS"}, {"CHN"})
    assert event.mode == "visit"
    assert (event.cameo, event.quad_class, event.intensity) == ("042", 1, 4.0)
    assert event.provenance == "lexicon:visit/verb@v1"
    assert event.status == "occurred"


def test_nominal_visit_reads_possessor_and_destination(code: Code) -> None:
    event = only(code("Putin's visit to China drew wide attention."), "CONSULT")
    assert (codes(event.source), codes(event.target)) == ({"RUS"}, {"CHN"})
    assert event.provenance == "lexicon:visit/noun@v1"


def test_light_verb_carries_nominal_trigger(code: Code) -> None:
    event = only(code("Israel and Lebanon held talks in Washington."), "CONSULT")
    assert event.trigger.text == "held talks"


def test_sanctions_on(code: Code) -> None:
    event = only(code("The European Union imposed sanctions on Russia."), "SANCTION")
    assert (codes(event.source), codes(event.target)) == ({"IGO"}, {"RUS"})


def test_air_strike_against_with_stated_location(code: Code) -> None:
    event = only(code("Israel launched an air strike against Hamas in Gaza."), "ASSAULT")
    assert event.mode == "aerial"
    assert (codes(event.source), codes(event.target)) == ({"ISR"}, {"PSE"})
    assert event.location is not None and event.location.name == "Gaza"
    assert event.location.country_code == "PSE"


def test_called_for_is_a_request(code: Code) -> None:
    event = only(code("Egypt called for a ceasefire between Israel and Hamas."), "REQUEST")
    assert codes(event.source) == {"EGY"}


def test_accused_is_accuse_with_target(code: Code) -> None:
    events = code("Ukraine accused Russia of shelling Kharkiv.")
    accuse = only(events, "ACCUSE")
    assert (codes(accuse.source), codes(accuse.target)) == ({"UKR"}, {"RUS"})
    assert accuse.status == "occurred"


def test_warned_that_it_would_is_a_threat(code: Code) -> None:
    event = only(code("Russia warned that it would retaliate against Ukraine."), "THREATEN")
    assert codes(event.source) == {"RUS"}


def test_aiding_with_war_supplies(code: Code) -> None:
    event = only(code("North Korea is aiding Russia with war supplies."), "AID")
    assert (codes(event.source), codes(event.target)) == ({"PRK"}, {"RUS"})
    assert event.status == "ongoing"


# ---------------------------------------------------------------- arguments


def test_passive_was_attacked_by(code: Code) -> None:
    event = only(code("A camp for Rwandan refugees was attacked by Burundian militiamen."),
                 "ASSAULT")
    assert (codes(event.source), codes(event.target)) == ({"BDI"}, {"RWA"})


def test_reciprocal_talks_put_both_parties_in_source(code: Code) -> None:
    event = only(code("Israel and Lebanon held talks in Washington."), "CONSULT")
    assert codes(event.source) == {"ISR", "LBN"}
    assert event.target == []


def test_talks_between_two_leaders(code: Code) -> None:
    event = only(code("The Kremlin announced talks between Putin and Xi."), "CONSULT")
    assert codes(event.source) == {"RUS", "CHN"}
    assert event.target == []


def test_met_with_is_reciprocal(code: Code) -> None:
    event = only(code("The Japanese prime minister met with Chinese officials."), "CONSULT")
    assert codes(event.source) == {"JPN", "CHN"} and event.target == []


def test_coordinated_sources_agree(code: Code) -> None:
    event = only(code("Russia and China agreed to expand trade."), "AGREE")
    assert codes(event.source) == {"RUS", "CHN"} and event.target == []


def test_mediator_is_source_and_parties_are_target(code: Code) -> None:
    event = only(code("China facilitated dialogue between Iran and Saudi Arabia."), "CONSULT")
    assert (codes(event.source), codes(event.target)) == ({"CHN"}, {"IRN", "SAU"})


def test_relative_clause_subject_is_its_noun(code: Code) -> None:
    events = code("China has ties with Iran, a country that supports Hamas and Hezbollah.")
    event = only(events, "SUPPORT")
    assert (codes(event.source), codes(event.target)) == ({"IRN"}, {"PSE", "LBN"})


def test_no_actor_no_event(code: Code) -> None:
    assert code("The rebels attacked the town at dawn.") == []


# ---------------------------------------------------------------- status


def test_planned_visit_is_not_counted_as_occurred(code: Code) -> None:
    for text in ("Vladimir Putin will visit China on Thursday.",
                 "Putin is scheduled to arrive in China on Thursday.",
                 "Putin plans to visit China next month.",
                 "Putin is expected to visit China next week."):
        event = only(code(text), "CONSULT")
        assert event.status == "planned", text


def test_did_not_attend_is_negated(code: Code) -> None:
    event = only(code("Putin did not attend the summit in Beijing."), "CONSULT")
    assert event.status == "negated"
    assert event.location is not None and event.location.country_code == "CHN"


def test_refused_to_meet_is_a_reject(code: Code) -> None:
    events = code("Israel refused to meet Jordan's king.")
    event = only(events, "REJECT")
    assert (codes(event.source), codes(event.target)) == ({"ISR"}, {"JOR"})
    assert event.mode == "meet"
    assert not [e for e in events if e.type == "CONSULT"]


def test_declared_refusal_is_a_reject(code: Code) -> None:
    event = only(code("Syria said it will not accept any more refugees."), "REJECT")
    assert codes(event.source) == {"SYR"}
    assert event.provenance.endswith("+refusal")


def test_planned_cooperation_is_an_agreement(code: Code) -> None:
    event = only(code("Finland will give Tanzania a grant of 64 million dollars."), "AGREE")
    assert (codes(event.source), codes(event.target)) == ({"FIN"}, {"TZA"})
    assert event.status == "planned"


def test_a_reported_plan_is_still_a_promise(code: Code) -> None:
    """A plan told on hearsay is an AGREE like any plan, and stays alleged."""
    text = "Finland will give Tanzania a grant of 64 million dollars, according to Norway."
    event = only(code(text), "AGREE")
    assert (codes(event.source), codes(event.target)) == ({"FIN"}, {"TZA"})
    assert event.status == "alleged" and codes(event.attributed_to) == {"NOR"}


def test_conditional_is_hypothetical(code: Code) -> None:
    events = code("Norway would send troops if Saudi Arabia is attacked.")
    assault = only(events, "ASSAULT")
    assert assault.status == "hypothetical"


def test_believed_by_western_governments_is_alleged(code: Code) -> None:
    text = ("Pyongyang is believed by Western governments to be aiding Russia with war "
            "supplies.")
    event = only(code(text), "AID")
    assert (codes(event.source), codes(event.target)) == ({"PRK"}, {"RUS"})
    assert event.status == "alleged"
    assert codes(event.attributed_to) == {"WST"}


def test_reported_speech_of_another_actor_is_alleged(code: Code) -> None:
    event = only(code("Iran is sending drones to Russia, the United States says."), "AID")
    assert event.status == "alleged"
    assert codes(event.attributed_to) == {"USA"}


def test_speaker_who_is_the_source_does_not_make_a_claim(code: Code) -> None:
    text = "Jordan and Britain have agreed to hold joint exercises, a Jordanian official said."
    event = only(code(text), "AGREE")
    assert event.status == "occurred" and event.attributed_to == []


def test_according_to(code: Code) -> None:
    event = only(code("According to Ukraine, Russian troops attacked Ukrainian villages."),
                 "ASSAULT")
    assert event.status == "alleged"
    assert codes(event.attributed_to) == {"UKR"}


def test_event_inside_an_accusation_is_alleged_by_the_accuser(code: Code) -> None:
    events = code("Ukraine accused Russia of shelling Kharkiv.")
    shelling = only(events, "ASSAULT")
    assert codes(shelling.source) == {"RUS"}
    assert shelling.status == "alleged"
    assert codes(shelling.attributed_to) == {"UKR"}


def test_so_too_ellipsis_copies_the_event_with_its_own_claimant(code: Code) -> None:
    text = ("Pyongyang is believed by Western governments to be aiding Russia with war "
            "supplies. So too, the US says, is Tehran.")
    events = [e for e in code(text) if e.type == "AID"]
    second = next(e for e in events if codes(e.source) == {"IRN"})
    assert codes(second.target) == {"RUS"}
    assert second.status == "alleged" and codes(second.attributed_to) == {"USA"}
    assert second.provenance.startswith("ellipsis:")


# ---------------------------------------------------------------- dates and places


def test_on_thursday_resolves_against_publication(code: Code) -> None:
    event = only(code("Vladimir Putin will visit China on Thursday.", published=WEDNESDAY),
                 "CONSULT")
    assert event.date.start == date(2024, 5, 16) and event.date.precision == "day"


def test_on_thursday_without_publication_is_unknown(code: Code) -> None:
    event = only(code("Vladimir Putin will visit China on Thursday."), "CONSULT")
    assert event.date.start is None and event.date.precision == "unknown"
    assert event.date.text == "Thursday"


def test_absolute_date_resolves_without_publication(code: Code) -> None:
    event = only(code("Putin visited China on 12 March 2024."), "CONSULT")
    assert event.date.start == date(2024, 3, 12)


def test_report_date_is_not_the_event_date(code: Code) -> None:
    events = code("Officials said on Thursday that Russia had attacked Ukraine in June.",
                  published=WEDNESDAY)
    event = only(events, "ASSAULT")
    assert event.date.precision == "month"


def test_location_only_where_stated(code: Code) -> None:
    assert only(code("Putin met Xi."), "CONSULT").location is None
    located = only(code("Putin met Xi in Beijing."), "CONSULT").location
    assert located is not None and located.country_code == "CHN"


# ---------------------------------------------------------------- one event per action


def test_repeated_mentions_merge_into_one_event(code: Code) -> None:
    text = ("Putin's visit to China began on Thursday. The visit is his second this year. "
            "Analysts say Putin's visit to China matters.")
    visits = [e for e in code(text) if e.type == "CONSULT"]
    assert len(visits) == 1
    assert len(visits[0].evidence) == 2
    assert all(text[s.start: s.end] == s.text for s in visits[0].evidence)


def test_two_visits_with_different_dates_stay_apart(code: Code) -> None:
    text = "Putin visited China in 2023. Putin will visit China next week."
    visits = [e for e in code(text, published=WEDNESDAY) if e.type == "CONSULT"]
    assert len(visits) == 2
    assert {v.status for v in visits} == {"occurred", "planned"}


# ---------------------------------------------------------------- contract


def test_offsets_ids_and_provenance(nlp: Language, coder: EventCoder,
                                    find_mentions: object) -> None:
    text = "Israel and Lebanon held talks in Washington. Israel attacked Hezbollah."
    article = Article.from_text(text, id="a1")
    doc = nlp(text)
    events = coder.code(doc, article=article, mentions=find_mentions(doc, article))  # type: ignore[operator]
    assert events
    for event in events:
        assert event.article_id == "a1"
        assert text[event.trigger.start: event.trigger.end] == event.trigger.text
        assert text[event.sentence.start: event.sentence.end] == event.sentence.text
        assert event.sentence.start <= event.trigger.start < event.sentence.end
        assert event.id == stable_id("a1", event.trigger.start, event.trigger.end, event.type)
        assert event.provenance.startswith(("lexicon:", "ellipsis:"))
        assert 0 <= event.confidence <= 1


def test_min_confidence_filters(code: Code) -> None:
    text = "Putin's visit to China drew wide attention."
    assert code(text)
    assert code(text, min_confidence=0.99) == []


def test_doc_must_parse_the_article_text(nlp: Language, lexicon: Lexicon) -> None:
    coder = EventCoder(lexicon)
    with pytest.raises(CoderError, match="C001"):
        coder.code(nlp("Putin visited China."), article=Article.from_text("Other text."),
                   mentions=[])
