"""The linker's contract: its word lists, offsets for any text, and the façade's actors."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from tidings.extract import build_extractor
from tidings.models import Article
from tidings.nlp.actors import ActorLinker
from tidings.nlp.linking import LinkerDataError, load_linker_lexicon

LEXICON = Path(__file__).resolve().parents[2] / "src" / "tidings" / "nlp" / "data"


def test_the_shipped_word_lists_load_lowercased() -> None:
    lexicon = load_linker_lexicon()
    assert "he" in lexicon.person_pronouns and "in" in lexicon.locative_prepositions
    assert "proposal" in lexicon.agent_nouns and lexicon.group_numbers["two"] == 2
    assert all(word == word.lower() for word in lexicon.agent_nouns)
    assert "CVL" in lexicon.local_sectors


def test_a_bad_word_list_names_the_file_and_field(tmp_path: Path) -> None:
    text = (LEXICON / "linking.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "linking.yaml"
    bad.write_text(text + "\nsurprise: [x]\n", encoding="utf-8")
    with pytest.raises(LinkerDataError, match=r"linking\.yaml.*surprise"):
        load_linker_lexicon(bad)
    bad.write_text("person_pronouns: [he, '']\n", encoding="utf-8")
    with pytest.raises(LinkerDataError, match="person_pronouns"):
        load_linker_lexicon(bad)


WORDS = [
    "Russian",
    "President",
    "Vladimir",
    "Putin",
    "the",
    "Kremlin",
    "said",
    "he",
    "met",
    "Chinese",
    "leader",
    "Xi",
    "in",
    "Beijing",
    "two",
    "leaders",
    "Israeli",
    "troops",
    "and",
    "Jordan",
    "Georgia",
    ",",
    "Atlanta",
    "'s",
    "envoy",
    "Zhai",
    "Jun",
    "NATO",
    "chief",
    "of",
    "Palestinians",
    "an",
    "Indian",
    "proposal",
    "both",
    "countries",
    "-",
    "led",
    ".",
    "Wang",
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
def test_every_mention_is_a_span_of_its_text(
    linker: ActorLinker, nlp: Language, words: list[str]
) -> None:
    text = " ".join(words)
    mentions = linker.link(nlp(text))
    spans = set()
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.sentence is not None
        assert mention.sentence.start <= mention.start < mention.end <= mention.sentence.end
        if mention.antecedent is not None:
            assert mention.antecedent < mention.start
            assert mention.method.startswith("coref")
        if mention.method != "coref:group":
            assert (mention.start, mention.end) not in spans
            spans.add((mention.start, mention.end))
    ordered = sorted(spans)
    for (_, end), (start, _) in pairwise(ordered):
        assert end <= start, f"overlapping mentions in {text!r}"


def test_extract_carries_every_mention_with_offsets(nlp: Language) -> None:
    text = (
        "Russian President Vladimir Putin arrived in Beijing. "
        "He met Chinese leader Xi Jinping and Israeli troops were put on alert."
    )
    extraction = build_extractor(nlp=nlp).extract(Article.from_text(text))
    found = {(m.text, m.code, m.method) for m in extraction.actors}
    assert ("Russian President Vladimir Putin", "RUS", "kb-alias") in found
    assert ("He", "RUS", "coref:pronoun") in found
    assert ("Israeli troops", "ISR", "role") in found
    for mention in extraction.actors:
        assert text[mention.start : mention.end] == mention.text
