"""Source comparison for a story: events, claims, quotes and tone per outlet, side by side."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.analysis import compare_sources, load_tone_lexicon
from tidings.analysis.sources import TONE_LEXICON, ToneLexicon
from tidings.errors import DataFileError
from tidings.store import Store


def story_of(store: Store, article_id: str) -> str:
    return next(s.id for s in store.stories() if article_id in s.article_ids)


def test_the_shipped_lexicon_loads_and_tells_despots_from_dear_friends() -> None:
    lexicon = load_tone_lexicon()
    assert len(lexicon.entries) > 100
    harsh = lexicon.hits("prolonging his despotic rule until 2030")
    warm = lexicon.hits("his “dear friend” Xi Jinping")
    assert [(h.term, h.score) for h in harsh] == [("despotic rule", -3)]  # longest match wins
    assert [(h.term, h.score) for h in warm] == [("dear friend", 3)]


def test_negation_flips_and_offsets_point_into_the_article() -> None:
    lexicon = ToneLexicon({"friendly": 1, "brutal": -3})
    text = "The talks were not friendly. The raid was brutal."
    hits = lexicon.hits(text, article_id="a", offset=100)
    assert [(h.term, h.score) for h in hits] == [("friendly", -1), ("brutal", -3)]
    assert [text[h.start - 100 : h.end - 100] for h in hits] == ["friendly", "brutal"]
    assert lexicon.hits("it wasn't friendly")[0].score == -1


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("word,score\nx,1\n", "A040"),
        ("term,score\nx,loud\n", "A041"),
        ("term,score\nx,9\n", "A042"),
        ("term,score\nx,1\nX,2\n", "A043"),
    ],
)
def test_a_malformed_lexicon_is_refused_with_a_code(tmp_path: Path, body: str, code: str) -> None:
    path = tmp_path / "tone.csv"
    path.write_text("# a comment\n" + body, encoding="utf-8")
    with pytest.raises(DataFileError, match=code):
        load_tone_lexicon(path)


def test_the_shipped_lexicon_is_the_data_file() -> None:
    assert TONE_LEXICON.name == "tone.csv" and TONE_LEXICON.is_file()


def test_outlets_side_by_side(sample_store: Store) -> None:
    comparison = compare_sources(sample_store, story_of(sample_store, "s1"))
    outlets = {o.outlet: o for o in comparison.outlets}
    assert set(outlets) == {"Harbour Daily", "Capital Wire", "Eastern Courier"}
    by_id = {e.id: e for e in comparison.events}
    assert {by_id[i].type for i in outlets["Harbour Daily"].events} == {
        "SANCTION",
        "THREATEN",
        "SUPPORT",
    }
    assert [by_id[i].type for i in outlets["Capital Wire"].omitted_events] == ["SUPPORT"]
    assert outlets["Harbour Daily"].omitted_events == ()
    assert outlets["Harbour Daily"].quoted == {"European Union": 1}
    assert outlets["Eastern Courier"].quoted == {"Russia": 1}
    assert len(comparison.claims) == 1
    assert outlets["Harbour Daily"].claims == (0,) and outlets["Capital Wire"].omitted_claims == (
        0,
    )


def test_tone_toward_an_actor_differs_by_outlet(sample_store: Store) -> None:
    comparison = compare_sources(sample_store, story_of(sample_store, "s1"))
    tone = {o.outlet: {t.actor: t for t in o.tone} for o in comparison.outlets}
    # Capital Wire calls Moscow's rulers despotic and its measures illegal
    assert tone["Capital Wire"]["RUS"].tone < 0
    assert {h.term for h in tone["Capital Wire"]["RUS"].hits} >= {"despotic"}
    # Harbour Daily names Kyiv in a sentence of praise for "dear friends"
    assert tone["Harbour Daily"]["UKR"].tone > 0
    assert {h.term for h in tone["Harbour Daily"]["UKR"].hits} == {"praised", "dear friend"}
    data = comparison.as_dict()
    assert data["outlets"][0]["tone"] and data["story_id"] == comparison.story_id
