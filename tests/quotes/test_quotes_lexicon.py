"""The cue lexicon data file: it loads, and a malformed one fails naming the entry to fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import tidings.quotes
from tidings.errors import DataFileError
from tidings.quotes import CueLexicon, load_cue_lexicon
from tidings.quotes.lexicon import DEFAULT_PATH, CueLexiconError, parse_cue_lexicon


def test_public_api_is_exactly_all() -> None:
    assert sorted(tidings.quotes.__all__) == [
        "CueLexicon",
        "QuoteExtractor",
        "QuoteOptions",
        "link_claims_to_events",
        "load_cue_lexicon",
    ]
    for name in tidings.quotes.__all__:
        assert hasattr(tidings.quotes, name)


def test_built_in_lexicon_loads(cues: CueLexicon) -> None:
    say = cues.verb("say")
    assert say is not None and say.stance == "neutral" and say.content == ("ccomp",)
    assert cues.verb("believe") is not None and not cues.verb("believe").speech  # type: ignore[union-attr]
    hail = cues.verb("hail")
    assert hail is not None and hail.frame_only
    assert cues.phrases["according to"] == "neutral"
    assert {"reportedly", "allegedly"} <= cues.adverb_hedges
    assert "alleged" in cues.adjective_hedges and "believe" in cues.passive_hedges
    assert cues.pronouns["he"] == frozenset({"PERSON"})
    assert cues.is_hedging("hedged") and not cues.is_hedging("neutral")
    assert not cues.asserts("question") and cues.asserts("neutral")


def test_phrasal_cue_needs_its_particle(cues: CueLexicon) -> None:
    assert cues.verb("point") is None
    point_out = cues.verb("point", particle="out")
    assert point_out is not None and point_out.particle == "out"
    assert cues.verb("call", particle="for") is not None
    assert cues.verb("call", particle="up") == cues.verb("call")


def test_load_from_a_path(tmp_path: Path) -> None:
    copy = tmp_path / "cues.yaml"
    copy.write_text(DEFAULT_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_cue_lexicon(copy).verbs == load_cue_lexicon().verbs


def _raw() -> dict[str, Any]:
    return yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "names"),
    [
        (lambda d: d.update(schema="other/9"), "schema"),
        (lambda d: d.update(colour="blue"), "colour"),
        (lambda d: d["verbs"].update(mutter={"stance": "grumpy"}), "verbs.mutter"),
        (lambda d: d["verbs"].update(mutter={"stance": "neutral", "tone": 1}), "verbs.mutter"),
        (
            lambda d: d["verbs"].update(mutter={"stance": "neutral", "content": ["object"]}),
            "verbs.mutter.content",
        ),
        (lambda d: d["verbs"].update(mutter={"stance": "neutral", "speech": "yes"}), "speech"),
        (lambda d: d["verbs"].update({"go on to say": {"stance": "neutral"}}), "go on to say"),
        (lambda d: d["nouns"].update(rumble="loud"), "nouns.rumble"),
        (lambda d: d["pronouns"].update(he=["HUMAN"]), "pronouns.he"),
        (lambda d: d.update(adverb_hedges="reportedly"), "adverb_hedges"),
        (lambda d: d.update(hedging_stances=["doubtful"]), "hedging_stances"),
        (lambda d: d.update(verbs=["say"]), "verbs"),
    ],
)
def test_schema_errors_name_the_entry(change: Any, names: str) -> None:
    raw = _raw()
    change(raw)
    with pytest.raises(CueLexiconError, match=names) as caught:
        parse_cue_lexicon(raw, source="test.yaml")
    assert isinstance(caught.value, DataFileError)
    assert "test.yaml" in str(caught.value)


def test_unreadable_and_invalid_files(tmp_path: Path) -> None:
    with pytest.raises(CueLexiconError, match="cannot read"):
        load_cue_lexicon(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("verbs: [unclosed", encoding="utf-8")
    with pytest.raises(CueLexiconError, match="not valid YAML"):
        load_cue_lexicon(broken)


def test_every_stance_in_use_is_declared(cues: CueLexicon) -> None:
    used = {v.stance for v in cues.verbs.values()} | set(cues.nouns.values())
    assert used <= cues.stances


def test_speaker_suffixes_name_people_not_things(cues: CueLexicon) -> None:
    assert cues.can_speak("physician") and cues.can_speak("businessman")
    assert not cues.can_speak("banner") and not cues.can_speak("pace")
    assert not cues.can_speak("woman"[1:])  # "oman": the stem is too short
    assert not cues.can_speak("nothing")
