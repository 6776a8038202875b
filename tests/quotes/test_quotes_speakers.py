"""Speakers as mentions: the actor layer's own mention first, pronouns only when sure."""

from __future__ import annotations

import re

from quotes_support import Run, make_runner
from spacy.language import Language

from tidings.models import Mention
from tidings.quotes import CueLexicon, QuoteExtractor, QuoteOptions


def mention(text: str, words: str, **fields: object) -> Mention:
    """A mention of ``words`` (its first occurrence as whole words), as the actor layer gives."""
    found = re.search(rf"\b{re.escape(words)}\b", text)
    assert found is not None, words
    return Mention(text=words, start=found.start(), end=found.end(), **fields)  # type: ignore[arg-type]


def test_covering_mention_is_copied_with_its_resolution(run: Run) -> None:
    text = "“We will not retreat,” Russian President Vladimir Putin said on Friday."
    putin = mention(
        text,
        "Russian President Vladimir Putin",
        label="PERSON",
        code="RUS",
        sector="GOV",
        actor_id="putin-vladimir",
        name="Vladimir Putin",
        method="kb-alias",
    )
    result = run(text, mentions=[putin])
    speaker = result.quote("not retreat").speaker
    assert speaker == putin
    assert speaker is not putin  # a copy: the quote never shares the actor layer's object


def test_pronoun_uses_the_actor_layer_antecedent(run: Run) -> None:
    text = "Jens Stoltenberg met the ministers. Afterwards he said: “Our unity is our strength.”"
    name = mention(text, "Jens Stoltenberg", label="PERSON", code="IGO", method="kb-alias")
    pronoun = mention(text, "he", label="PRON", code="IGO", method="coref", antecedent=name.start)
    result = run(text, mentions=[name, pronoun])
    speaker = result.quote("unity is our strength").speaker
    assert speaker is not None
    assert speaker.method == "coref" and speaker.antecedent == name.start and speaker.code == "IGO"


def test_pronoun_falls_back_to_the_only_person_nearby(run: Run) -> None:
    text = "Olaf Scholz arrived in Kyiv on Monday. “We stand with Ukraine,” he said."
    actors = [
        mention(text, "Olaf Scholz", label="PERSON"),
        mention(text, "Kyiv", label="GPE"),
        mention(text, "he", label="PRON"),  # the actor layer could not resolve it
    ]
    speaker = run(text, mentions=actors).quote("stand with Ukraine").speaker
    assert speaker is not None and speaker.text == "he" and speaker.label == "PRON"
    assert speaker.method == "quote-pronoun" and speaker.antecedent == 0


def test_ambiguous_pronoun_gives_no_speaker_when_asked(nlp: Language, cues: CueLexicon) -> None:
    strict = QuoteExtractor(cues, options=QuoteOptions(keep_unresolved_pronouns=False))
    run = make_runner(nlp, strict)
    text = (
        "Joe Biden and Xi Jinping spoke by video on Tuesday about trade and Taiwan.\n"
        "“It was a frank exchange,” he said."
    )
    actors = [
        mention(text, "Joe Biden", label="PERSON"),
        mention(text, "Xi Jinping", label="PERSON"),
    ]
    assert run(text, mentions=actors).quote("frank exchange").speaker is None


def test_pronoun_prefers_the_subject_over_an_object(run: Run) -> None:
    text = (
        "Joe Biden spoke with Xi Jinping by video on Tuesday about trade and Taiwan.\n"
        "“It was a frank exchange,” he said."
    )
    actors = [
        mention(text, "Joe Biden", label="PERSON"),
        mention(text, "Xi Jinping", label="PERSON"),
    ]
    speaker = run(text, mentions=actors).quote("frank exchange").speaker
    assert speaker is not None and speaker.antecedent == 0


def test_pronoun_of_an_organisation(run: Run) -> None:
    text = "The European Commission met on Monday. It said that new sanctions would follow soon."
    actors = [mention(text, "European Commission", label="ORG")]
    speaker = run(text, mentions=actors).quote("new sanctions").speaker
    assert speaker is not None and speaker.text == "It"
    assert speaker.antecedent == text.index("European Commission")


def test_pronoun_in_a_clause_refers_to_the_subject_above_it(run: Run) -> None:
    text = "Donald Trump repeated that he had told aides that the wall would be built."
    actors = [mention(text, "Donald Trump", label="ORG")]  # NER's usual mistake for the name
    speaker = run(text, mentions=actors).quote("wall would be built").speaker
    assert speaker is not None and speaker.text == "he" and speaker.antecedent == 0


def test_speaker_of_an_adding_clause_is_the_main_subject(run: Run) -> None:
    text = "Donald Trump repeated that he has never met the prince, adding that he has no plans to."
    speaker = run(text).quote("no plans to").speaker
    assert speaker is not None and speaker.start == 0


def test_unresolved_speaker_is_built_from_the_words(run: Run) -> None:
    result = run("A senior State Department official said the deal was close.", mentions=[])
    speaker = result.quote("deal was close").speaker
    assert speaker is not None
    assert speaker.method == "unresolved" and "official" in speaker.text


def test_named_person_beside_a_role(run: Run) -> None:
    result = run("“Talks will resume,” the envoy Zhai Jun said in Cairo.")
    assert result.speaker_of("Talks will resume") == "Zhai Jun"


def test_relative_pronoun_speaker(run: Run) -> None:
    result = run("Kaja Kallas, who said that Europe must be ready, arrived in Brussels.")
    assert result.speaker_of("Europe must be ready") == "Kaja Kallas"


def test_speaker_of_a_statement_is_its_issuer(run: Run) -> None:
    result = run("The ministry issued a statement saying that the border would reopen.")
    assert result.speaker_of("border would reopen") == "The ministry"


def test_previous_subject_must_be_a_person(run: Run) -> None:
    result = run("The economy shrank for a third quarter.\n“We need a new plan.”")
    assert result.quote("new plan").speaker is None


def test_ambiguous_pronoun_is_kept_unresolved(run: Run) -> None:
    text = (
        "Joe Biden and Xi Jinping spoke by video on Tuesday about trade and Taiwan.\n"
        "“It was a frank exchange,” he said."
    )
    actors = [
        mention(text, "Joe Biden", label="PERSON"),
        mention(text, "Xi Jinping", label="PERSON"),
    ]
    speaker = run(text, mentions=actors).quote("frank exchange").speaker
    assert speaker is not None and speaker.text == "he" and speaker.antecedent is None
    assert speaker.method == "quote-pronoun-unresolved" and speaker.actor_id is None


def test_criticised_for_saying_credits_the_one_criticised(run: Run) -> None:
    result = run("Clinton criticized Trump for saying that the election was rigged against him.")
    assert result.speaker_of("election was rigged") == "Trump"
