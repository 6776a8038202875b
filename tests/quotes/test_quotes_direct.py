"""Direct and partial quotations, each phenomenon on sentences written for the test."""

from __future__ import annotations

from quotes_support import Run


def test_speaker_after_the_quote(run: Run) -> None:
    result = run("“The talks went well and we will meet again,” Angela Merkel added.")
    quote = result.quote("The talks went well")
    assert quote.kind == "direct"
    assert result.speaker_of("The talks went well") == "Angela Merkel"
    assert quote.cue is not None and quote.cue.text == "added"
    assert quote.provenance.startswith("quotes:direct:")


def test_inverted_speaker_said_putin(run: Run) -> None:
    result = run("“Our partnership has a great future,” said Vladimir Putin, the Russian leader.")
    assert result.speaker_of("great future") == "Vladimir Putin"


def test_speaker_before_the_quote_with_a_colon(run: Run) -> None:
    result = run("Prime Minister Jacinda Ardern told reporters: “We will not be intimidated.”")
    assert result.speaker_of("not be intimidated") == "Jacinda Ardern"


def test_speaker_before_the_quote_with_that(run: Run) -> None:
    result = run(
        "Maria Zakharova, a ministry spokeswoman, dismissed the report, stating that "
        "“Moscow has nothing to hide.”"
    )
    quote = result.quote("nothing to hide")
    assert quote.kind == "direct"
    assert result.speaker_of("nothing to hide") == "Maria Zakharova"


def test_quote_broken_by_its_cue(run: Run) -> None:
    result = run("“We are ready,” the general said, “and we will defend every village.”")
    assert result.speaker_of("We are ready") == "the general"
    assert result.speaker_of("defend every village") == "the general"


def test_partial_quotes_take_the_speaker_of_their_verb(run: Run) -> None:
    result = run(
        "In a newspaper interview, Narendra Modi praised the “deep friendship” between the "
        "two nations and their shared effort to “protect the peace of our region.”"
    )
    first, second = result.quote("deep friendship"), result.quote("protect the peace")
    assert first.kind == second.kind == "partial"
    assert result.speaker_of("deep friendship") == "Narendra Modi"
    assert result.speaker_of("protect the peace") == "Narendra Modi"


def test_partial_quote_with_speaker_after_it(run: Run) -> None:
    result = run(
        "The two sides agreed to expand trade in “energy, farming and transport,” Erdogan added."
    )
    quote = result.quote("energy, farming")
    assert quote.kind == "partial"
    assert result.speaker_of("energy, farming") == "Erdogan"


def test_scare_quotes_without_a_speaker_are_dropped(run: Run) -> None:
    result = run("The rivalry has become a new “Cold War” in the region.")
    assert not [q for q in result.quotes if q.kind == "partial"]


def test_words_of_a_description_are_the_describer_s(run: Run) -> None:
    result = run("Analysts describe the rivalry as a new “Cold War” in the region.")
    assert result.quote("Cold War").kind == "partial"
    assert result.speaker_of("Cold War") == "Analysts"


def test_quote_spanning_sentences_keeps_one_speaker(run: Run) -> None:
    result = run(
        "“The world is getting less safe. Our rivals are working together,” the alliance "
        "chief Jens Stoltenberg cautioned on Tuesday."
    )
    quote = result.quote("less safe")
    assert "working together" in quote.text
    assert result.speaker_of("less safe") == "Jens Stoltenberg"


def test_follow_on_quote_takes_the_previous_speaker(run: Run) -> None:
    result = run(
        "“The threat is growing,” Jens Stoltenberg warned on Monday.“This shows that our "
        "defence is shared. We must act together."
    )
    assert result.speaker_of("defence is shared") == "Jens Stoltenberg"
    assert result.quote("defence is shared").provenance == "quotes:direct:previous-speaker"


def test_follow_on_quote_in_the_next_paragraph(run: Run) -> None:
    result = run(
        "Kaja Kallas, the foreign minister, spoke to reporters in Tallinn on Friday.\n"
        "“We will not accept any change of borders by force.”"
    )
    assert result.speaker_of("change of borders") == "Kaja Kallas"


def test_bare_cue_sentence_introduces_the_next_quote(run: Run) -> None:
    result = run("The Kremlin said in a statement on Monday.\n“We reject these accusations.”")
    quote = result.quote("reject these accusations")
    assert result.speaker_of("reject these accusations") == "Kremlin"
    assert quote.provenance == "quotes:direct:previous-cue"


def test_unclosed_quote_runs_to_the_end_of_its_paragraph_only(run: Run) -> None:
    result = run(
        "“We are ready to talk,” the envoy Zhai Jun said. “Peace is the only road. And we "
        "will keep working for it.\nOfficials in Cairo declined to comment."
    )
    quote = result.quote("Peace is the only road")
    assert quote.text.endswith("keep working for it.")
    assert "Cairo" not in quote.text
    assert result.speaker_of("Peace is the only road") == "Zhai Jun"


def test_straight_marks_and_a_pronoun_with_its_antecedent(run: Run) -> None:
    result = run(
        'Senator Elizabeth Warren spoke after the vote. "This bill protects families," she said.'
    )
    assert result.speaker_of("protects families") == "Elizabeth Warren"
    speaker = result.quote("protects families").speaker
    assert speaker is not None and speaker.text == "she" and speaker.method == "quote-pronoun"


def test_quote_without_any_speaker_keeps_speaker_none(run: Run) -> None:
    result = run("The banner read simply.\n“No more war.”\n“Peace now.”")
    assert all(q.speaker is None for q in result.quotes)


def test_speaker_after_the_quote_when_the_parse_took_quoted_words_as_subject(run: Run) -> None:
    text = (
        "The campaign added staff in Miami.\n\n"
        "“The campaign is in panic mode. Full panic mode,” said Leslie Wimes, an activist.\n\n"
        "“We will achieve justice in this case,” Tulsa police Chief Chuck Jordan said Monday."
    )
    result = run(text)
    assert result.speaker_of("Full panic mode") == "Leslie Wimes"
    assert result.speaker_of("achieve justice") == "Chuck Jordan"
