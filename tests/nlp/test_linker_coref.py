"""Coreference inside an article: pronouns, descriptions, groups and surnames."""

from __future__ import annotations

from datetime import date

from linker_support import at, one

TWO_LEADERS = (
    "Russian President Vladimir Putin arrived in Beijing on Thursday. "
    "He was welcomed by Chinese leader Xi Jinping. "
    "The Russian leader praised the partnership. "
    "The two leaders signed a joint statement."
)


def test_pronoun_points_to_the_nearest_person(link) -> None:
    mentions = link(TWO_LEADERS)
    he = one(mentions, "He")
    assert (he.label, he.method, he.actor_id) == ("PRON", "coref:pronoun", "putin-vladimir")
    assert he.antecedent == TWO_LEADERS.index("Russian President")


def test_description_points_to_the_person_of_that_country(link) -> None:
    """ "The Russian leader" comes after Xi: the nationality, not nearness, decides."""
    mentions = link(TWO_LEADERS)
    described = one(mentions, "Russian leader")
    assert described.method == "coref:description"
    assert (described.code, described.actor_id) == ("RUS", "putin-vladimir")
    assert described.antecedent == TWO_LEADERS.index("Russian President")


def test_the_two_leaders_are_both_earlier_leaders(link) -> None:
    mentions = link(TWO_LEADERS)
    group = at(mentions, "two leaders")
    assert {m.actor_id for m in group} == {"putin-vladimir", "xi-jinping"}
    assert all(m.method == "coref:group" and m.antecedent is not None for m in group)
    assert len({(m.start, m.end) for m in group}) == 1


def test_both_countries(link) -> None:
    mentions = link("Israel and Jordan reopened the crossing. Both countries praised the deal.")
    group = at(mentions, "Both countries")
    assert {m.code for m in group} == {"ISR", "JOR"}


def test_pronoun_prefers_the_subject_of_the_previous_sentence(link) -> None:
    text = "Emmanuel Macron met Olaf Scholz in Berlin. He said the talks went well."
    he = one(link(text), "He")
    assert he.actor_id == "macron-emmanuel"


def test_pronoun_in_the_same_sentence(link) -> None:
    text = "China's special envoy Wang Hao said he would travel to Israel."
    he = one(link(text), "he")
    assert (he.code, he.sector, he.method) == ("CHN", "GOV", "coref:pronoun")


def test_pronoun_of_an_unknown_person_points_back_without_a_code(link) -> None:
    text = "President Idrissa Kamboule said he is prepared to lift the ban."
    he = one(link(text), "he")
    assert he.code is None and he.antecedent == 0


def test_pronoun_with_no_person_before_it_is_not_a_mention(link) -> None:
    assert not at(link("He said the talks went well."), "He")


def test_surname_of_a_person_first_named_by_role(link) -> None:
    text = "China's special envoy Wang Hao visited Cairo. Wang said the talks went well."
    wang = at(link(text), "Wang")[-1]
    assert wang.text == "Wang"
    assert (wang.code, wang.sector, wang.method) == ("CHN", "GOV", "coref:surname")


def test_surname_of_an_unknown_person_keeps_no_code(link) -> None:
    text = "Oleg Chemezov, a regional official, spoke. Chemezov said the plan would work."
    later = at(link(text), "Chemezov")[-1]
    assert later.text == "Chemezov"
    assert later.method == "coref:surname" and later.code is None and later.antecedent == 0


def test_the_president_points_back_to_a_president(link) -> None:
    text = "Joe Biden met Olaf Scholz. The president said the alliance was strong."
    described = one(link(text, published=date(2023, 5, 1)), "The president")
    assert described.actor_id == "biden-joe" and described.method == "coref:description"


def test_description_with_no_antecedent_uses_the_date(link) -> None:
    text = "The Russian president said the talks went well."
    described = one(link(text, published=date(2023, 5, 1)), "Russian president")
    assert (described.actor_id, described.method) == ("putin-vladimir", "role-holder")


def test_bare_description_with_nothing_to_point_to_is_dropped(link) -> None:
    assert not at(link("The president said the talks went well."), "president")


def test_apposition_gives_an_unknown_person_the_role(link) -> None:
    text = "The US rejected calls by Kofi Annan, UN secretary-general, to act."
    mentions = link(text)
    annan = one(mentions, "Kofi Annan")
    assert (annan.code, annan.sector, annan.method) == ("IGO", "GOV", "apposition")
    title = one(mentions, "secretary-general")
    assert title.antecedent == annan.start


def test_they_points_to_a_coordinated_subject(link) -> None:
    text = "Emmanuel Macron and Olaf Scholz spoke in Berlin. They have met many times."
    they = at(link(text), "They")
    assert {m.actor_id for m in they} == {"macron-emmanuel", "scholz-olaf"}
    assert all(m.method == "coref:plural" and m.label == "PRON" for m in they)


def test_they_through_a_resolved_pronoun_in_the_coordination(link) -> None:
    text = "When Xi Jinping took office, he and Putin built a rapport. They met often."
    assert {m.code for m in at(link(text), "They")} == {"CHN", "RUS"}


def test_they_after_a_plural_common_noun_stays_unlinked(link) -> None:
    """The nearer plural subject ("the talks") is the likelier antecedent; it is not coded."""
    text = "China and Russia held talks. The talks were long. They ended late."
    assert not at(link(text), "They")


def test_they_after_a_single_plural_name_stays_unlinked(link) -> None:
    assert not at(link("Palestinians marched in Ramallah. They burned tyres."), "They")


def test_bare_the_leaders_are_the_people_just_named(link) -> None:
    text = "Xi Jinping welcomed Vladimir Putin in Beijing. The leaders signed a statement."
    group = at(link(text), "The leaders")
    assert {m.actor_id for m in group} == {"xi-jinping", "putin-vladimir"}


def test_bare_the_countries_are_the_countries_just_named(link) -> None:
    text = "Putin praised China in an interview. He hailed the countries' partnership."
    assert {m.code for m in at(link(text), "the countries")} == {"CHN", "RUS"}


def test_the_leaders_of_something_say_who_they_are(link) -> None:
    text = "Xi Jinping welcomed Vladimir Putin. The leaders of Hamas were not invited."
    assert not any(m.method == "coref:group" for m in link(text))
