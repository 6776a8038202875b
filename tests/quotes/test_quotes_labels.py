"""Speakers named without a verb: a dash signature after a quotation, a label before a turn."""

from __future__ import annotations

from quotes_support import Run


def test_dash_signature_names_the_speaker(run: Run) -> None:
    text = (
        "Readers wrote in after the debate.\n"
        "“The plan will hurt families like mine.” ― Maria Lopez\n"
        "“We need better schools for our children.” — John Carter, a teacher in Ohio."
    )
    result = run(text)
    assert result.speaker_of("hurt families") == "Maria Lopez"
    assert result.speaker_of("better schools") == "John Carter"
    assert result.quote("hurt families").provenance == "quotes:direct:dash:dash"


def test_dash_in_running_prose_is_no_signature(run: Run) -> None:
    text = "The mayor called it “a good day” — and Mary Smith agreed with him later."
    result = run(text)
    assert all(q.provenance != "quotes:partial:dash:dash" for q in result.quotes)


def test_transcript_turns_take_their_labels(run: Run) -> None:
    text = (
        "Chris Wallace interviewed Mike Pence on Sunday.\n\n"
        '"WALLACE: Will she be at the debate tomorrow night?\n\n'
        '"PENCE: Well, look, she will not be attending the debate.\n\n'
        '"It is a serious election about serious things.\n\n'
        '"WALLACE: Thank you for your time today."'
    )
    result = run(text)
    assert result.speaker_of("Will she be") == "WALLACE"
    pence = result.quote("she will not be attending")
    assert pence.speaker is not None and pence.speaker.text == "PENCE"
    assert "serious election" in pence.text and "Thank you" not in pence.text
    assert pence.cue is not None and pence.cue.text == ":"


def test_headline_label_is_reported_speech(run: Run) -> None:
    result = run("Bernie Sanders: Young Voters Will Not Stay Home in November\n\nThe story.")
    quote = result.quote("Young Voters")
    assert quote.kind == "indirect" and result.speaker_of("Young Voters") == "Bernie Sanders"


def test_a_colon_after_words_that_are_no_name_is_no_label(run: Run) -> None:
    result = run("Partial transcript as follows:\n\nUPDATE: The vote was moved to Friday night.")
    assert not [q for q in result.quotes if "vote was moved" in q.text]
