"""Helpers of the quote tests: run the extractor on a text and look results up by words."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from tidings.models import Article, Claim, Mention, Quote
from tidings.quotes import QuoteExtractor
from tidings.quotes.speakers import entity_mentions


@dataclass
class Result:
    """What the extractor gave for one text, with lookups that fail with a readable message."""

    text: str
    doc: Doc
    quotes: list[Quote]
    claims: list[Claim]

    def quote(self, words: str, *, kind: str | None = None) -> Quote:
        """The one quote (of ``kind``, if given) whose text contains ``words``.

        Without a kind, a quotation in marks wins over the reported clause that holds it, and
        of nested reported clauses ("X said Y told aides that ...") the innermost wins.
        """
        found = [q for q in self.quotes if words in q.text and kind in (None, q.kind)]
        if kind is None and len(found) > 1:
            marked = [q for q in found if q.kind != "indirect"]
            found = marked or [min(found, key=lambda q: q.end - q.start)]
        assert len(found) == 1, f"{len(found)} quotes contain {words!r}: {self.describe()}"
        return found[0]

    def claim(self, words: str) -> Claim:
        found = [c for c in self.claims if words in c.text]
        assert len(found) == 1, f"{len(found)} claims contain {words!r}: {self.describe()}"
        return found[0]

    def speaker_of(self, words: str, *, kind: str | None = None) -> str | None:
        """The words naming who said a quote; for a pronoun, the words it points back to."""
        speaker = self.quote(words, kind=kind).speaker
        return None if speaker is None else named(self.text, speaker)

    def describe(self) -> str:
        rows = [
            f"{q.kind}:{q.provenance}:{q.text!r}<-{q.speaker and q.speaker.text}"
            for q in self.quotes
        ]
        return "; ".join(rows) or "no quotes"


Run = Callable[..., Result]


def named(text: str, speaker: Mention) -> str:
    """A speaker's name as the article gives it, following a pronoun to its antecedent."""
    if speaker.antecedent is None:
        return speaker.text
    start = speaker.antecedent
    end = start
    while end < len(text) and (text[end].isalnum() or text[end] in "-'. "):
        end += 1
        if text[end - 1] == " " and not text[end : end + 1].istitle():
            break
    return text[start:end].strip(" .,")


def make_runner(nlp: Language, extractor: QuoteExtractor) -> Run:
    """A function ``run(text, mentions=None)``; mentions default to the NER entities."""

    def run(text: str, *, mentions: Sequence[Mention] | None = None, **fields: object) -> Result:
        doc = nlp(text)
        article = Article.from_text(text, **fields)
        chosen = entity_mentions(doc) if mentions is None else mentions
        quotes, claims = extractor.extract(doc, article=article, mentions=chosen)
        items: list[Quote | Claim] = [*quotes, *claims]
        for item in items:
            assert text[item.start : item.end] == item.text
        return Result(text=text, doc=doc, quotes=quotes, claims=claims)

    return run
