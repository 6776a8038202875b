"""Reported speech: cue verbs, their speakers and the clauses they report."""

from __future__ import annotations

import pytest
from quotes_support import Run


def test_said_that(run: Run) -> None:
    result = run("Foreign Minister Sergei Lavrov said that the talks had collapsed.")
    quote = result.quote("talks had collapsed")
    assert quote.kind == "indirect"
    assert quote.text == "the talks had collapsed"  # the complementizer is not content
    assert result.speaker_of("talks had collapsed") == "Sergei Lavrov"
    assert quote.cue is not None and quote.cue.text == "said"
    assert quote.provenance == "quotes:indirect:ccomp:say"


def test_said_without_that(run: Run) -> None:
    result = run("Emmanuel Macron said Europe must rearm quickly.")
    assert result.quote("Europe must rearm").text == "Europe must rearm quickly"
    assert result.speaker_of("Europe must rearm") == "Emmanuel Macron"


def test_cue_after_the_clause(run: Run) -> None:
    result = run("Iran will retaliate against any attack, a senior commander warned on Sunday.")
    quote = result.quote("Iran will retaliate")
    assert quote.kind == "indirect"
    assert result.speaker_of("Iran will retaliate") == "a senior commander"


@pytest.mark.parametrize(
    "text",
    [
        "According to the Kremlin, the two presidents spoke by phone for an hour.",
        "The two presidents spoke by phone for an hour, according to the Kremlin.",
    ],
)
def test_according_to(run: Run, text: str) -> None:
    result = run(text)
    quote = result.quote("spoke by phone")
    assert quote.text.lower() == "the two presidents spoke by phone for an hour"
    assert result.speaker_of("spoke by phone") == "Kremlin"  # the NER mention
    assert quote.provenance == "quotes:indirect:according-to"


def test_warned_that(run: Run) -> None:
    result = run("The United Nations warned that famine could spread across the region.")
    assert result.speaker_of("famine could spread") == "The United Nations"
    assert result.quote("famine could spread").cue.text == "warned"  # type: ignore[union-attr]


def test_parenthetical_cue(run: Run) -> None:
    result = run("Also in that camp, the ministry says, is Caracas, which buys drones abroad.")
    quote = result.quote("is Caracas")
    assert quote.provenance == "quotes:indirect:parataxis:say"
    assert result.speaker_of("is Caracas") == "the ministry"
    assert "the ministry says" not in quote.text


def test_commissive_with_an_infinitive(run: Run) -> None:
    result = run("Chancellor Olaf Scholz vowed to raise defence spending next year.")
    assert result.quote("raise defence spending").text.startswith("to raise")
    assert result.speaker_of("raise defence spending") == "Olaf Scholz"


def test_told_reporters_that(run: Run) -> None:
    result = run("Antony Blinken told reporters that a ceasefire was within reach.")
    assert result.quote("ceasefire was within reach").text == "a ceasefire was within reach"
    assert result.speaker_of("ceasefire") == "Antony Blinken"


def test_cue_without_content_is_not_a_quote(run: Run) -> None:
    result = run("The chef added sugar to the sauce and praised the waiters.")
    assert result.quotes == []


def test_thinking_is_a_claim_not_a_quote(run: Run) -> None:
    result = run("Western analysts believe that the army is short of shells.")
    assert not [q for q in result.quotes if "short of shells" in q.text]
    claim = result.claim("short of shells")
    assert claim.claimant is not None and claim.claimant.text == "Western analysts"
    assert claim.hedge == "believe"


def test_cues_inside_a_quotation_belong_to_its_speaker(run: Run) -> None:
    result = run("“They said the border would stay open,” the driver told us.")
    assert [q.kind for q in result.quotes] == ["direct"]


def test_reported_clause_stays_in_its_paragraph(run: Run) -> None:
    # A headline without a full stop: the parser runs its sentence into the next paragraph.
    result = run("Obama: we are not losing the fight\nThe fight is going well, Obama said today.")
    quote = result.quote("going well")
    assert "\n" not in quote.text and "losing" not in quote.text


def test_called_on_someone_to_act(run: Run) -> None:
    result = run("Adam Schiff called on President Obama to retaliate against Russia.")
    quote = result.quote("retaliate against Russia")
    assert (
        quote.text.startswith("President Obama") and result.speaker_of("retaliate") == "Adam Schiff"
    )


def test_agreed_to_an_undertaking(run: Run) -> None:
    result = run("The company agreed to clean up the shuttered mines by next year.")
    assert result.quote("clean up the shuttered mines").kind == "indirect"


def test_questioned_what(run: Run) -> None:
    result = run("Clinton supporters have also questioned the health of Donald Trump.")
    assert result.quote("the health of Donald Trump").kind == "indirect"


def test_fronted_wh_word_keeps_speaker_and_cue_out(run: Run) -> None:
    text = (
        "That sort of sharp difference between what Trump says his tax plan would do and how"
        " experts say it would shape tax law has endured throughout the campaign."
    )
    result = run(text)
    trump = [q for q in result.quotes if "his tax plan would do" in q.text]
    assert trump and all("Trump says" not in q.text and "experts" not in q.text for q in trump)


def test_conjoined_report_of_another_speaker_is_cut(run: Run) -> None:
    text = (
        "Officials said that the talks had stalled, and analysts said that a deal was still likely."
    )
    result = run(text)
    officials = result.quote("talks had stalled")
    assert "analysts" not in officials.text


def test_role_nouns_by_their_ending_can_speak(run: Run) -> None:
    result = run("The columnist said that the recession would end by the spring.")
    assert result.quote("recession would end").kind == "indirect"
    assert result.speaker_of("recession would end") == "The columnist"


def test_according_to_before_a_clause_the_parse_hangs_on_the_source(run: Run) -> None:
    result = run("According to conservative talk radio host Rush Limbaugh, the move reeks of fear.")
    quote = result.quote("reeks of fear")
    assert quote.text == "the move reeks of fear"
    assert result.speaker_of("reeks of fear") == "Rush Limbaugh"


def test_reported_clause_misread_as_an_object(run: Run) -> None:
    text = (
        "Angelique Brunner, a developer, said many of the examples that critics point to as"
        " investments in upscale areas failed to note that the program helped poor places."
    )
    quote = run(text).quote("many of the examples")
    assert quote.speaker is not None and quote.speaker.text == "Angelique Brunner"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The judge ruled that the files would stay sealed for now.", "files would stay sealed"),
        ("The senator assured voters that taxes would not rise next year.", "taxes would not"),
        ("The campaign touted that the candidate had raised record sums.", "raised record sums"),
    ],
)
def test_more_reporting_verbs(run: Run, text: str, words: str) -> None:
    assert run(text).quote(words).kind == "indirect"


def test_complained_about_a_topic(run: Run) -> None:
    result = run("Donald Trump complained about his microphone the morning after the debate.")
    assert result.quote("his microphone").kind == "indirect"
