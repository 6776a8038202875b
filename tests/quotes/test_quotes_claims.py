"""Claims with their hedges, and how they are tied to events."""

from __future__ import annotations

from quotes_support import Run

from tidings.models import ActorRef, Claim, Event, Span
from tidings.quotes import link_claims_to_events


def test_passive_belief_with_its_believers(run: Run) -> None:
    result = run("Minsk is believed by European officials to be storing the missiles.")
    claim = result.claim("storing the missiles")
    assert claim.hedge == "is believed"
    assert claim.claimant is not None and claim.claimant.text == "European officials"
    assert claim.text.startswith("Minsk") and claim.text.endswith("the missiles")
    assert claim.provenance == "claims:passive:believe"
    assert claim.event_ids == []


def test_it_is_alleged_that(run: Run) -> None:
    result = run("It is alleged that the convoy was attacked near the border.")
    claim = result.claim("convoy was attacked")
    assert claim.text == "the convoy was attacked near the border"
    assert claim.hedge == "is alleged" and claim.claimant is None


def test_hedging_verb_keeps_its_word(run: Run) -> None:
    result = run("Moscow claims that the drones were launched from Ukrainian territory.")
    claim = result.claim("drones were launched")
    assert claim.hedge == "claims"
    assert claim.claimant is not None and claim.claimant.text == "Moscow"


def test_reportedly_inside_reported_speech_joins_that_claim(run: Run) -> None:
    result = run("The rebels reportedly killed 12 villagers, the army said.")
    claim = result.claim("killed 12 villagers")
    assert claim.hedge == "reportedly"
    assert claim.claimant is not None and claim.claimant.text == "the army"


def test_reportedly_alone_is_a_claim_without_claimant(run: Run) -> None:
    result = run("The tanker was reportedly seized by the navy on Monday.")
    claim = result.claim("seized by the navy")
    assert claim.hedge == "reportedly" and claim.claimant is None


def test_alleged_keeps_the_noun_phrase(run: Run) -> None:
    result = run("Critics questioned the firm about its alleged support for the arms industry.")
    claim = result.claim("support for the arms industry")
    assert claim.hedge == "alleged"
    assert claim.text == "its alleged support for the arms industry"


def test_so_called_is_one_hedge(run: Run) -> None:
    result = run("The so-called peace plan was rejected by both sides.")
    assert result.claim("peace plan").hedge == "so-called"


def test_claim_noun_with_its_owner(run: Run) -> None:
    result = run("Beijing's claim that the balloon was a weather device was met with doubt.")
    claim = result.claim("weather device")
    assert claim.hedge == "claim"
    assert claim.claimant is not None and claim.claimant.text == "Beijing"


def test_plain_reported_speech_is_a_claim_without_hedge(run: Run) -> None:
    result = run("The ministry said that the troops had withdrawn from the village.")
    claim = result.claim("troops had withdrawn")
    assert claim.hedge is None
    assert claim.claimant is not None and claim.claimant.text == "The ministry"


def test_questions_and_requests_are_not_claims(run: Run) -> None:
    result = run(
        "The envoy urged Iran to return to the talks and asked whether sanctions would end."
    )
    assert result.claims == []


def _event(event_id: str, start: int, end: int, *, article: str = "a") -> Event:
    trigger = Span(start=start, end=end, text="x" * (end - start))
    return Event(id=event_id, article_id=article, type="ASSAULT", trigger=trigger, sentence=trigger)


def _claim(claim_id: str, start: int, end: int, claimant: str | None) -> Claim:
    return Claim(
        id=claim_id,
        article_id="a",
        text="x" * (end - start),
        start=start,
        end=end,
        claimant=ActorRef(text=claimant, code="USA") if claimant else None,
    )


def test_link_claims_to_events_uses_the_narrowest_claim() -> None:
    outer, inner = _claim("outer", 0, 100, "the US"), _claim("inner", 10, 40, None)
    inside, outside = _event("e1", 20, 26), _event("e2", 60, 66)
    link_claims_to_events([outer, inner], [inside, outside])
    assert inner.event_ids == ["e1"] and outer.event_ids == ["e2"]
    assert inside.claim_id == "inner" and outside.claim_id == "outer"
    assert inside.attributed_to == []  # the narrowest claim has no claimant
    assert [a.text for a in outside.attributed_to] == ["the US"]


def test_link_claims_keeps_existing_attribution_and_other_articles_apart() -> None:
    claim = _claim("c", 0, 50, "the US")
    credited = _event("e1", 5, 10)
    credited.attributed_to = [ActorRef(text="Reuters")]
    elsewhere = _event("e2", 5, 10, article="b")
    straddling = _event("e3", 45, 55)
    link_claims_to_events([claim], [credited, elsewhere, straddling])
    assert claim.event_ids == ["e1"]
    assert [a.text for a in credited.attributed_to] == ["Reuters"]
    assert elsewhere.claim_id is None and straddling.claim_id is None
    link_claims_to_events([claim], [credited])
    assert claim.event_ids == ["e1"]  # linking twice adds nothing twice
