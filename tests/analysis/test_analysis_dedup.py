"""Cross-document dedup: one action is one canonical event; a plan is linked, not merged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from analysis_samples import (
    CHN,
    DONE,
    EUR,
    NATO,
    PLAN,
    RUS,
    SANCTIONS_1,
    SANCTIONS_2,
    SANCTIONS_3,
    UKR,
    UN,
    USA,
    corpus,
    event,
)

from tidings.analysis import DedupOptions, EventMention, actor_key, deduplicate
from tidings.analysis.dedup import PLANNED_THEN_OCCURRED
from tidings.models import ActorRef, Article, Event

MARCH18 = date(2024, 3, 18)


def m(e: Event, article: Article, story: str | None = None) -> EventMention:
    return EventMention(event=e, published=article.published, outlet=article.source, story_id=story)


def test_actor_keys_are_codes_except_for_generic_codes() -> None:
    assert actor_key(ActorRef(text="Moscow", code="RUS")) == "RUS"
    assert actor_key(ActorRef(text="the alliance", code="IGO", name="NATO")) == "NATO"
    assert actor_key(ActorRef(text="officials")) is None
    assert {actor_key(ActorRef(text=x["name"], **x)) for x in (NATO, UN)} == {
        "NATO",
        "United Nations",
    }


def test_one_package_reported_by_three_outlets_is_one_canonical_event() -> None:
    events = [
        event(a, 1, "SANCTION", trigger, source=[EUR], target=[RUS], day=MARCH18)
        for a, trigger in (
            (SANCTIONS_1, "imposed sanctions"),
            (SANCTIONS_2, "imposed sanctions"),
            (SANCTIONS_3, "imposed"),
        )
    ]
    arts = (SANCTIONS_1, SANCTIONS_2, SANCTIONS_3)
    canonical, links = deduplicate(m(e, a) for e, a in zip(events, arts, strict=True))
    assert len(canonical) == 1 and not links
    only = canonical[0]
    assert only.event_ids == ["s1-e1", "s2-e1", "s3-e1"]
    assert only.outlets == ["Harbour Daily", "Capital Wire", "Eastern Courier"]
    assert only.day == MARCH18 and only.mentions == 3
    assert only.label == events[0].sentence.text  # traceable to the first sentence


def test_precise_dates_a_week_apart_are_two_actions() -> None:
    first = event(
        SANCTIONS_1, 1, "SANCTION", "imposed sanctions", source=[EUR], target=[RUS], day=MARCH18
    )
    second = event(
        SANCTIONS_2,
        1,
        "SANCTION",
        "imposed sanctions",
        source=[EUR],
        target=[RUS],
        day=date(2024, 3, 25),
    )
    canonical, _ = deduplicate([m(first, SANCTIONS_1), m(second, SANCTIONS_2)])
    assert len(canonical) == 2


def test_undated_mentions_merge_only_within_one_story() -> None:
    a = event(SANCTIONS_1, 2, "THREATEN", "vowed a response", source=[RUS], target=[EUR])
    b = event(SANCTIONS_2, 2, "THREATEN", "vowed a response", source=[RUS], target=[EUR])
    apart, _ = deduplicate([m(a, SANCTIONS_1, "x"), m(b, SANCTIONS_2, "y")])
    together, _ = deduplicate([m(a, SANCTIONS_1, "x"), m(b, SANCTIONS_2, "x")])
    assert len(apart) == 2 and len(together) == 1


def _deed_and_claim(claim_day: date = MARCH18) -> tuple[Event, Event]:
    done = event(
        SANCTIONS_1, 1, "SANCTION", "imposed sanctions", source=[EUR], target=[RUS], day=MARCH18
    )
    alleged = event(
        SANCTIONS_2,
        1,
        "SANCTION",
        "imposed sanctions",
        source=[EUR],
        target=[RUS],
        day=claim_day,
        status="alleged",
        attributed_to=[ActorRef(text="Kyiv", code="UKR")],
    )
    return done, alleged


@pytest.mark.parametrize("claim_first", [False, True])
def test_a_claim_of_a_reported_deed_is_that_deed_counted_once(claim_first: bool) -> None:
    done, alleged = _deed_and_claim()
    mentions = [m(done, SANCTIONS_1, "x"), m(alleged, SANCTIONS_2, "x")]
    canonical, _ = deduplicate(mentions[::-1] if claim_first else mentions)
    assert len(canonical) == 1
    assert canonical[0].status == "occurred" and canonical[0].mentions == 2
    assert canonical[0].alleged_by == ["UKR"]  # who claims it stays visible


def test_a_claim_of_another_day_stays_a_claim() -> None:
    done, alleged = _deed_and_claim(claim_day=MARCH18 + timedelta(days=40))
    canonical, _ = deduplicate([m(done, SANCTIONS_1, "x"), m(alleged, SANCTIONS_2, "x")])
    assert sorted(c.status for c in canonical) == ["alleged", "occurred"]
    assert next(c for c in canonical if c.status == "alleged").alleged_by == ["UKR"]


def test_occurred_and_ongoing_are_one_family() -> None:
    a = event(
        SANCTIONS_1,
        1,
        "SANCTION",
        "imposed sanctions",
        source=[EUR],
        target=[RUS],
        day=MARCH18,
        status="ongoing",
    )
    b = event(
        SANCTIONS_2, 1, "SANCTION", "imposed sanctions", source=[EUR], target=[RUS], day=MARCH18
    )
    canonical, _ = deduplicate([m(a, SANCTIONS_1), m(b, SANCTIONS_2)])
    assert [c.status for c in canonical] == ["occurred"]


def test_mutual_types_merge_either_way_round_and_others_do_not() -> None:
    talks = [
        event(DONE, 1, "CONSULT", "held talks", source=[CHN], target=[RUS], day=date(2024, 4, 8)),
        event(
            SANCTIONS_1, 1, "CONSULT", "imposed", source=[RUS], target=[CHN], day=date(2024, 4, 8)
        ),
    ]
    assert len(deduplicate([m(talks[0], DONE), m(talks[1], SANCTIONS_1)])[0]) == 1
    blows = [
        event(DONE, 1, "ASSAULT", "held talks", source=[CHN], target=[RUS], day=date(2024, 4, 8)),
        event(
            SANCTIONS_1, 1, "ASSAULT", "imposed", source=[RUS], target=[CHN], day=date(2024, 4, 8)
        ),
    ]
    assert len(deduplicate([m(blows[0], DONE), m(blows[1], SANCTIONS_1)])[0]) == 2


def test_visits_keep_their_direction() -> None:
    day = date(2024, 4, 8)
    there = event(PLAN, 1, "CONSULT", "travel", source=[CHN], target=[RUS], day=day, mode="visit")
    back = event(DONE, 1, "CONSULT", "held talks", source=[RUS], target=[CHN], day=day)
    back = back.model_copy(update={"mode": "visit"})
    again = event(
        SANCTIONS_1, 1, "CONSULT", "imposed", source=[CHN], target=[RUS], day=day, mode="visit"
    )
    hosted = event(SANCTIONS_2, 1, "CONSULT", "imposed", source=[RUS], target=[CHN], day=day)
    hosted = hosted.model_copy(update={"mode": "visit", "cameo": "043"})
    mentions = [m(there, PLAN), m(back, DONE), m(again, SANCTIONS_1), m(hosted, SANCTIONS_2)]
    canonical, _ = deduplicate(mentions)
    # CHN's visit to RUS, reported twice and hosted once, is one event; RUS's visit is another.
    assert sorted(len(c.event_ids) for c in canonical) == [1, 3]


def test_a_planned_visit_and_its_occurrence_are_linked_not_merged() -> None:
    plan = event(
        PLAN,
        1,
        "CONSULT",
        "travel",
        source=[CHN],
        target=[RUS],
        day=date(2024, 4, 8),
        status="planned",
    )
    done = event(DONE, 1, "CONSULT", "held talks", source=[CHN], target=[RUS], day=date(2024, 4, 8))
    canonical, links = deduplicate([m(plan, PLAN), m(done, DONE)])
    assert sorted(c.status for c in canonical) == ["occurred", "planned"]
    planned = next(c for c in canonical if c.status == "planned")
    occurred = next(c for c in canonical if c.status == "occurred")
    assert [(x.from_id, x.to_id, x.relation) for x in links] == [
        (planned.id, occurred.id, PLANNED_THEN_OCCURRED)
    ]


def test_a_plan_is_not_linked_to_a_deed_reported_before_it_or_far_from_its_date() -> None:
    plan = event(
        DONE,
        1,
        "CONSULT",
        "held talks",
        source=[CHN],
        target=[RUS],
        day=date(2024, 4, 8),
        status="planned",
    )
    earlier = event(PLAN, 1, "CONSULT", "travel", source=[CHN], target=[RUS], day=date(2024, 4, 8))
    assert deduplicate([m(earlier, PLAN), m(plan, DONE)])[1] == []
    far = event(DONE, 2, "CONSULT", "held talks", source=[CHN], target=[RUS], day=date(2024, 6, 1))
    plan_first = event(
        PLAN,
        1,
        "CONSULT",
        "travel",
        source=[CHN],
        target=[RUS],
        day=date(2024, 4, 8),
        status="planned",
    )
    assert deduplicate([m(plan_first, PLAN), m(far, DONE)])[1] == []


def test_uncoded_sides_merge_only_within_a_story() -> None:
    a = event(SANCTIONS_1, 1, "SANCTION", "imposed sanctions", target=[RUS], day=MARCH18)
    b = event(SANCTIONS_2, 1, "SANCTION", "imposed sanctions", target=[RUS], day=MARCH18)
    assert len(deduplicate([m(a, SANCTIONS_1, "x"), m(b, SANCTIONS_2, "y")])[0]) == 2
    assert len(deduplicate([m(a, SANCTIONS_1, "x"), m(b, SANCTIONS_2, "x")])[0]) == 1


def test_intensity_is_averaged_and_quad_class_kept() -> None:
    a = event(
        SANCTIONS_1,
        1,
        "SANCTION",
        "imposed sanctions",
        source=[EUR],
        target=[RUS],
        day=MARCH18,
        intensity=-4.0,
        quad_class=4,
    )
    b = event(
        SANCTIONS_2,
        1,
        "SANCTION",
        "imposed sanctions",
        source=[EUR],
        target=[RUS],
        day=MARCH18,
        intensity=-6.0,
        quad_class=4,
    )
    (only,), _ = deduplicate([m(a, SANCTIONS_1), m(b, SANCTIONS_2)])
    assert only.intensity == pytest.approx(-5.0) and only.quad_class == 4


def test_the_sample_corpus_counts_ten_mentions_as_six_actions() -> None:
    mentions = [
        EventMention(event=e, published=a.published, outlet=a.source, story_id="one-story")
        for a, x in corpus()
        for e in x.events
    ]
    canonical, links = deduplicate(mentions)
    assert len(mentions) == 10 and len(canonical) == 6 and len(links) == 1
    assert {k for c in canonical for k in c.source_keys} == {"EUR", "RUS", "UKR", "CHN"}
    assert USA["code"] not in {k for c in canonical for k in c.target_keys}
    assert UKR["code"] in {k for c in canonical for k in c.source_keys}


def test_negative_windows_are_refused() -> None:
    with pytest.raises(ValueError, match="A010"):
        DedupOptions(undated_window_days=-1)


def test_a_plan_is_linked_once_and_only_with_both_sides_coded() -> None:
    plan = event(
        PLAN,
        1,
        "CONSULT",
        "travel",
        source=[CHN],
        target=[RUS],
        day=date(2024, 4, 8),
        status="planned",
    )
    done = event(DONE, 1, "CONSULT", "held talks", source=[CHN], target=[RUS], day=date(2024, 4, 8))
    again = event(
        SANCTIONS_1, 1, "CONSULT", "imposed", source=[CHN], target=[RUS], day=date(2024, 4, 11)
    )
    _, links = deduplicate([m(plan, PLAN), m(done, DONE), m(again, SANCTIONS_1)])
    assert len(links) == 1
    vague = event(
        PLAN, 1, "CONSULT", "travel", source=[CHN], day=date(2024, 4, 8), status="planned"
    )
    vague_done = event(DONE, 1, "CONSULT", "held talks", source=[CHN], day=date(2024, 4, 8))
    assert deduplicate([m(vague, PLAN), m(vague_done, DONE)])[1] == []


def test_undated_plans_are_linked_only_within_a_story() -> None:
    plan = event(PLAN, 1, "CONSULT", "travel", source=[CHN], target=[RUS], status="planned")
    done = event(DONE, 1, "CONSULT", "held talks", source=[CHN], target=[RUS])
    assert deduplicate([m(plan, PLAN, "x"), m(done, DONE, "y")])[1] == []
    assert len(deduplicate([m(plan, PLAN, "x"), m(done, DONE, "x")])[1]) == 1


def test_a_two_sided_report_meets_a_one_sided_one() -> None:
    # "Ukraine and Russia exchanged prisoners" (both sources) and "servicemen held by Ukraine
    # returned" (Ukraine towards Russia) tell one exchange
    both = event(SANCTIONS_1, 1, "RETREAT", "imposed", source=[UKR, RUS], target=[], day=MARCH18)
    one = event(SANCTIONS_2, 1, "RETREAT", "imposed", source=[UKR], target=[RUS], day=MARCH18)
    canonical, _ = deduplicate([m(both, SANCTIONS_1, "x"), m(one, SANCTIONS_2, "y")])
    assert len(canonical) == 1 and set(canonical[0].source_keys) == {"UKR", "RUS"}
