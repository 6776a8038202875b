"""The seed articles: every gold quote is found with its speaker; no quotes where there are none.

The texts are read from ../shared/seeds at run time and never copied here. Speakers come from
NER mentions (the stand-in for the actor linker), so a speaker counts as right when it names
the gold speaker's surname, directly or through a pronoun's antecedent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from quotes_support import Result, Run, named

pytestmark = pytest.mark.shared


def _run_seed(run: Run, seeds_dir: Path, document: dict[str, Any]) -> Result:
    text = (seeds_dir / document["file"]).read_text(encoding="utf-8")
    return run(text, id=document["file"])


def _documents(seeds_gold: dict[str, Any], *, with_quotes: bool) -> list[dict[str, Any]]:
    return [d for d in seeds_gold["documents"] if bool(d.get("quotes")) == with_quotes]


def test_every_gold_quote_is_found_with_its_speaker(
    run: Run, seeds_dir: Path, seeds_gold: dict[str, Any]
) -> None:
    checked = 0
    for document in _documents(seeds_gold, with_quotes=True):
        result = _run_seed(run, seeds_dir, document)
        for gold in document["quotes"]:
            holding = [
                q for q in result.quotes if q.kind != "indirect" and gold["contains"] in q.text
            ]
            assert holding, f"{document['file']}: no quote holds {gold['contains']!r}"
            surname = gold["speaker"].split()[-1]
            for quote in holding:
                assert quote.speaker is not None, f"{gold['contains']!r} has no speaker"
                assert surname in named(result.text, quote.speaker), (
                    f"{gold['contains']!r}: speaker {quote.speaker.text!r}, want {gold['speaker']}"
                )
            checked += 1
    assert checked == sum(len(d["quotes"]) for d in seeds_gold["documents"])


def test_unclosed_seed_quote_stops_at_its_paragraph(
    run: Run, seeds_dir: Path, seeds_gold: dict[str, Any]
) -> None:
    for document in _documents(seeds_gold, with_quotes=True):
        result = _run_seed(run, seeds_dir, document)
        for quote in result.quotes:
            if quote.kind != "indirect":
                assert "\n" not in quote.text.strip(), f"{quote.text[:60]!r} crosses a paragraph"


def test_no_quotes_where_the_gold_lists_none(
    run: Run, seeds_dir: Path, seeds_gold: dict[str, Any]
) -> None:
    for document in _documents(seeds_gold, with_quotes=False):
        result = _run_seed(run, seeds_dir, document)
        marked = [q for q in result.quotes if q.kind != "indirect"]
        assert marked == [], f"{document['file']}: {result.describe()}"
