"""Terms, weights and sentence spans: the text primitives stories and briefings rest on."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from tidings.analysis.text import TermWeights, cosine, jaccard, split_sentences, terms, unit


def test_terms_fold_plurals_and_possessives_and_drop_function_words() -> None:
    found = terms("The sanctions hit Russia's tankers")
    assert "sanction" in found and "tanker" in found and "russia" in found
    assert "the" not in found


def test_names_and_numbers_get_their_own_namespace_but_a_sentence_start_does_not() -> None:
    found = terms("Floods hit Qeshm. A 5.6 quake shook Qeshm again.")
    assert "E:flood" not in found  # capitalised only because it starts the sentence
    assert found.count("E:qeshm") == 4  # twice per naming, two namings
    assert "N:5.6" in found


def test_idf_favours_rare_terms_and_vectors_are_unit_length() -> None:
    weights = TermWeights()
    for text in ("quake island", "quake city", "quake island rescue"):
        weights.observe(Counter(terms(text)))
    assert weights.idf("rescue") > weights.idf("island") > weights.idf("quake")
    vector = weights.vector(Counter(terms("quake island rescue")))
    assert abs(sum(x * x for x in vector.values()) - 1) < 1e-9
    assert abs(cosine(vector, vector) - 1) < 1e-9


def test_a_prior_flattens_weights_while_few_documents_are_known() -> None:
    bare, flat = TermWeights(), TermWeights(prior=20)
    for weights in (bare, flat):
        weights.observe(["quake", "island"])
        weights.observe(["quake", "city"])
    assert flat.idf("quake") / flat.idf("city") > bare.idf("quake") / bare.idf("city")


def test_the_vocabulary_forgets_single_document_terms_past_its_cap() -> None:
    weights = TermWeights(max_terms=3)
    weights.observe(["a1", "shared"])
    weights.observe(["b1", "shared"])
    weights.observe(["c1", "shared"])
    assert weights.idf("shared") < weights.idf("a1") == weights.idf("never-seen")


def test_unit_and_jaccard_edge_cases() -> None:
    assert unit({"a": 0.0}) == {}
    assert jaccard([], []) == 0.0
    assert jaccard(["a", "b"], ["b", "c"]) == 1 / 3


def test_sentences_keep_abbreviations_and_closing_quotes() -> None:
    text = 'Mr. Lan met the U.S. envoy. "We agreed." Then he left!\n\nNew paragraph'
    got = [text[s:e] for s, e in split_sentences(text)]
    assert got == ["Mr. Lan met the U.S. envoy.", '"We agreed."', "Then he left!", "New paragraph"]


@given(st.text(alphabet=st.sampled_from('ab .!?\n"A'), max_size=80))
def test_sentence_spans_are_ordered_trimmed_and_inside_the_text(text: str) -> None:
    spans = split_sentences(text)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        last = end
