"""``tidings.nlp.dates.resolve_date``: news time expressions against a publication date."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tidings.nlp.dates import resolve_date

WEDNESDAY = date(2024, 5, 15)
DAYS = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))


@pytest.mark.parametrize(("text", "start", "end", "precision"), [
    ("on Thursday", date(2024, 5, 16), None, "day"),
    ("Wednesday", date(2024, 5, 15), None, "day"),
    ("last Thursday", date(2024, 5, 9), None, "day"),
    ("May 16–17", date(2024, 5, 16), date(2024, 5, 17), "day"),
    ("on May 16-17", date(2024, 5, 16), date(2024, 5, 17), "day"),
    ("last month", date(2024, 4, 1), date(2024, 4, 30), "month"),
    ("this month", date(2024, 5, 1), date(2024, 5, 31), "month"),
    ("a year ago", date(2023, 5, 15), None, "year"),
    ("slightly more than a year ago", date(2023, 5, 15), None, "year"),
    ("two weeks ago", date(2024, 5, 1), None, "week"),
    ("next week", date(2024, 5, 20), date(2024, 5, 26), "week"),
    ("yesterday", date(2024, 5, 14), None, "day"),
    ("this weekend", date(2024, 5, 18), date(2024, 5, 19), "day"),
    ("in June", date(2024, 6, 1), date(2024, 6, 30), "month"),
    ("last November", date(2023, 11, 1), date(2023, 11, 30), "month"),
    ("late February", date(2024, 2, 1), date(2024, 2, 29), "month"),
    ("on 12 March 2024", date(2024, 3, 12), None, "day"),
    ("September 29, 2001", date(2001, 9, 29), None, "day"),
    ("in 1988", date(1988, 1, 1), date(1988, 12, 31), "year"),
    ("the 1990s", date(1990, 1, 1), date(1999, 12, 31), "year"),
    ("1991-1995", date(1991, 1, 1), date(1995, 12, 31), "year"),
])
def test_expressions_against_a_wednesday(text: str, start: date, end: date | None,
                                         precision: str) -> None:
    resolved = resolve_date(text, published=WEDNESDAY)
    assert (resolved.start, resolved.end, resolved.precision) == (start, end, precision)
    assert resolved.text == text


def test_tense_decides_the_weekday() -> None:
    assert resolve_date("on Monday", published=WEDNESDAY, direction="past").start == date(
        2024, 5, 13)
    assert resolve_date("on Monday", published=WEDNESDAY, direction="future").start == date(
        2024, 5, 20)


@pytest.mark.parametrize("text", ["on Thursday", "last month", "a year ago", "next week",
                                  "yesterday", "May 16-17", "in June"])
def test_relative_without_publication_is_unknown(text: str) -> None:
    resolved = resolve_date(text, published=None)
    assert (resolved.start, resolved.precision, resolved.text) == (None, "unknown", text)


def test_absolute_without_publication_still_resolves() -> None:
    resolved = resolve_date("on 12 March 2024", published=None)
    assert (resolved.start, resolved.precision) == (date(2024, 3, 12), "day")


@pytest.mark.parametrize("text", ["", "the second time", "soon", "recently", "13 Smarch 2024",
                                  "31 February 2024"])
def test_what_is_not_a_date_stays_unknown(text: str) -> None:
    assert resolve_date(text, published=WEDNESDAY).precision == "unknown"


@given(published=DAYS, weekday=st.integers(0, 6))
def test_weekday_is_the_named_day_and_close(published: date, weekday: int) -> None:
    name = calendar.day_name[weekday]
    nearest = resolve_date(f"on {name}", published=published).start
    past = resolve_date(name, published=published, direction="past").start
    future = resolve_date(name, published=published, direction="future").start
    assert nearest is not None and past is not None and future is not None
    assert nearest.weekday() == past.weekday() == future.weekday() == weekday
    assert abs((nearest - published).days) <= 3
    assert -6 <= (past - published).days <= 0
    assert 0 <= (future - published).days <= 6


@given(published=DAYS, days=st.integers(1, 400))
def test_days_ago_counts_back(published: date, days: int) -> None:
    resolved = resolve_date(f"{days} days ago", published=published)
    assert resolved.start == published - timedelta(days=days)


@given(day=DAYS, published=st.one_of(st.none(), DAYS))
def test_absolute_dates_ignore_the_publication_date(day: date, published: date | None) -> None:
    text = f"{day.day} {calendar.month_name[day.month]} {day.year}"
    resolved = resolve_date(text, published=published)
    assert (resolved.start, resolved.precision) == (day, "day")


@given(published=DAYS)
def test_month_spans_are_whole_months(published: date) -> None:
    resolved = resolve_date("last month", published=published)
    assert resolved.start is not None and resolved.end is not None
    assert resolved.start.day == 1 and resolved.end < published.replace(day=1)
    assert (resolved.end + timedelta(days=1)).day == 1
