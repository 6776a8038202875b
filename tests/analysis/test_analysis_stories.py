"""Online story clustering: reports of one happening meet, others stay apart, memory is bounded."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from analysis_samples import FLOOD, PLAN, SANCTIONS_1, SANCTIONS_2, SANCTIONS_3

from shared_data import shared_path
from tidings.analysis import StoryClusterer, StoryDocument, StoryOptions, cluster_stories
from tidings.analysis.evaluation import evaluate_stories
from tidings.analysis.stories import time_factor
from tidings.analysis.text import terms
from tidings.models import Article


def doc(article: Article, **kw: object) -> StoryDocument:
    fields = {
        "article_id": article.id,
        "text": article.text,
        "title": article.title,
        "published": article.published,
    }
    fields.update(kw)
    return StoryDocument(**fields)  # type: ignore[arg-type]


def test_three_reports_of_one_package_are_one_story_and_a_flood_another() -> None:
    stories = cluster_stories(
        [doc(SANCTIONS_1), doc(FLOOD), doc(SANCTIONS_2), doc(SANCTIONS_3), doc(PLAN)]
    )
    groups = sorted(sorted(s.article_ids) for s in stories)
    assert groups == [["f1"], ["p1"], ["s1", "s2", "s3"]]
    sanctions = stories[0]
    assert sanctions.first_seen == date(2024, 3, 18) and sanctions.last_seen == date(2024, 3, 19)
    assert sanctions.title == SANCTIONS_1.title


def test_the_same_report_months_later_is_a_new_story() -> None:
    later = SANCTIONS_2.published + timedelta(days=150)  # type: ignore[operator]
    stories = cluster_stories([doc(SANCTIONS_1), doc(SANCTIONS_2, article_id="x", published=later)])
    assert len(stories) == 2


def test_follow_ups_a_few_weeks_apart_do_not_chain_past_the_span() -> None:
    # Each report is 25 days after the last, within the gap, so only the span stops the chain.
    start = SANCTIONS_1.published
    reports = [
        doc(SANCTIONS_1, article_id=f"r{i}", published=start + timedelta(days=25 * i))  # type: ignore[operator]
        for i in range(5)
    ]
    stories = cluster_stories(reports, options=StoryOptions(max_gap_days=30, max_span_days=60))
    assert sorted(sorted(s.article_ids) for s in stories) == [["r0", "r1", "r2"], ["r3", "r4"]]
    assert all((s.last_seen - s.first_seen).days <= 60 for s in stories)  # type: ignore[operator]


def test_time_discount_is_gentle_within_the_gap_and_steep_beyond_it() -> None:
    options = StoryOptions(max_gap_days=30, time_weight=0.2)
    assert time_factor(0, options) == 1.0
    assert time_factor(15, options) == pytest.approx(0.9)
    assert time_factor(30, options) == pytest.approx(0.8)
    assert time_factor(90, options) == pytest.approx(0.2)


def test_disjoint_actors_count_against_joining() -> None:
    plain = StoryClusterer()
    first = plain.add(doc(SANCTIONS_1))
    score_plain = plain._score(plain._open[first], _vector(plain, SANCTIONS_2), doc(SANCTIONS_2))
    with_actors = StoryClusterer()
    story = with_actors.add(doc(SANCTIONS_1, actors=frozenset({"EUR", "RUS"})))
    stranger = doc(SANCTIONS_2, actors=frozenset({"BRA"}))
    score_disjoint = with_actors._score(
        with_actors._open[story], _vector(with_actors, SANCTIONS_2), stranger
    )
    assert score_disjoint < score_plain


def _vector(clusterer: StoryClusterer, article: Article) -> dict[str, float]:
    """The article's vector as the clusterer scores it (IDF applied once more)."""
    vector = clusterer.weights.vector(Counter(terms(f"{article.title}\n{article.text}")))
    return {t: x * clusterer.weights.idf(t) for t, x in vector.items()}


def test_idle_stories_are_closed_and_drained_so_memory_stays_bounded() -> None:
    clusterer = StoryClusterer(options=StoryOptions(idle_days=5, idle_arrivals=1))
    day = date(2024, 1, 1)
    for i in range(130):
        clusterer.add(
            StoryDocument(
                article_id=f"a{i}",
                text=f"Unique topic {i} word{i} thing{i}",
                published=day + timedelta(days=i),
            )
        )
    closed = clusterer.drain()
    assert closed and clusterer.open_stories < 70
    rest = clusterer.finish()
    assert sorted(a for s in closed + rest for a in s.article_ids) == sorted(
        f"a{i}" for i in range(130)
    )


def test_max_open_evicts_the_least_recently_fed_story() -> None:
    clusterer = StoryClusterer(options=StoryOptions(max_open=2))
    for i in range(3):
        clusterer.add(StoryDocument(article_id=f"u{i}", text=f"alpha{i} beta{i} gamma{i}"))
    assert clusterer.open_stories == 2
    assert [s.article_ids for s in clusterer.drain()] == [["u0"]]


@pytest.mark.parametrize(
    "bad",
    [
        {"threshold": 0},
        {"threshold": 1.5},
        {"actor_weight": 1},
        {"idle_days": 0},
        {"max_span_days": 10},
    ],
)
def test_options_refuse_nonsense(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="A00"):
        StoryOptions(**bad)  # type: ignore[arg-type]


@pytest.mark.shared
def test_the_two_qeshm_earthquakes_stay_two_stories() -> None:
    """ECB+ topic 20: a 2005 quake that killed ten and a later magnitude-5.6 one."""
    scores = evaluate_stories(shared_path("data", "stories-ecbplus-dev"), topics=[20])
    assert scores.confused_pairs == 0
    assert scores.bcubed_precision == 1.0
