"""The stage's contract: offsets, ids, provenance, options, and input it refuses."""

from __future__ import annotations

import pytest
from quotes_support import Run
from spacy.language import Language

from tidings.models import Article, stable_id
from tidings.quotes import QuoteExtractor, QuoteOptions
from tidings.quotes.extractor import QuoteInputError

TEXT = (
    "Kaja Kallas, Estonia's prime minister, spoke in Tallinn on Friday.\n"
    "“We will not accept any change of borders by force,” she said. “Never.”\n"
    "Officials said that talks with the “partners” would go on. The navy was reportedly "
    "on alert."
)


def test_offsets_ids_and_provenance(run: Run) -> None:
    result = run(TEXT, id="art-1")
    assert result.quotes and result.claims
    for quote in result.quotes:
        assert TEXT[quote.start : quote.end] == quote.text
        assert quote.id == stable_id("art-1", quote.start, quote.end)
        assert quote.article_id == "art-1"
        assert quote.provenance.startswith(f"quotes:{quote.kind}:")
        if quote.cue is not None:
            assert TEXT[quote.cue.start : quote.cue.end] == quote.cue.text
    for claim in result.claims:
        assert claim.id == stable_id("art-1", "claim", claim.start, claim.end)
        assert claim.provenance.startswith("claims:") and claim.event_ids == []
    assert [q.start for q in result.quotes] == sorted(q.start for q in result.quotes)


def test_same_input_same_output(run: Run) -> None:
    first, second = run(TEXT, id="x"), run(TEXT, id="x")
    assert first.quotes == second.quotes and first.claims == second.claims


def test_doc_of_another_text_is_refused(nlp: Language, extractor: QuoteExtractor) -> None:
    article = Article(id="a", text="He said “yes.”")
    with pytest.raises(QuoteInputError, match="Doc's text differs"):
        extractor.extract(nlp("Something else."), article=article, mentions=[])


def test_empty_article(nlp: Language, extractor: QuoteExtractor) -> None:
    assert extractor.extract(nlp(""), article=Article(id="e", text=""), mentions=[]) == ([], [])


def test_options_switch_parts_off(nlp: Language, cues: object) -> None:
    doc = nlp(TEXT)
    article = Article(id="a", text=TEXT)
    only_marks = QuoteExtractor(cues, options=QuoteOptions(indirect=False, claims=False))  # type: ignore[arg-type]
    quotes, claims = only_marks.extract(doc, article=article, mentions=[])
    assert claims == [] and {q.kind for q in quotes} <= {"direct", "partial"}
    keep = QuoteExtractor(cues, options=QuoteOptions(keep_unattributed_partials=True))  # type: ignore[arg-type]
    quotes, _ = keep.extract(doc, article=article, mentions=[])
    assert any(q.text == "partners" and q.kind == "partial" for q in quotes)


def test_every_option_is_documented() -> None:
    doc = QuoteOptions.__doc__ or ""
    for name in QuoteOptions.__dataclass_fields__:
        assert f"{name}:" in doc or f"``{name}``" in doc, f"QuoteOptions.{name} is undocumented"


def test_options_are_frozen_and_keyword_only() -> None:
    options = QuoteOptions(pronoun_sentences=3)
    with pytest.raises(AttributeError):
        options.pronoun_sentences = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        QuoteOptions("blank-line")  # type: ignore[call-arg]


def test_one_article_never_leaks_into_the_next(run: Run) -> None:
    first = run("The minister said: “We will win this fight.\nNobody believed it.")
    second = run("“Hello,” she said.")
    assert [q.text for q in first.quotes if q.kind == "direct"] == ["We will win this fight."]
    assert [q.text for q in second.quotes] == ["Hello"]
