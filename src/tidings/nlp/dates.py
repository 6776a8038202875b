"""Resolving the time expressions of news text against the article's publication date.

News dates are mostly relative ("on Thursday", "last month", "a year ago"): they only mean
a calendar date once the publication date is known. Without it a relative expression stays
``precision="unknown"`` (with its text kept) rather than being guessed from today's date,
while an absolute one ("on 12 March 2024", "in 1988") still resolves. The parser is a small
set of regular expressions instead of a general library so that what it accepts, and what
it refuses, is predictable and testable.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from tidings.models import DatePrecision, EventDate

__all__ = ["Direction", "resolve_date"]

Direction = Literal["nearest", "past", "future"]

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9

_WEEKDAYS: dict[str, int] = {calendar.day_name[i].lower(): i for i in range(7)}
_WEEKDAYS.update({calendar.day_abbr[i].lower(): i for i in range(7)})

_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a few": 3,
    "few": 3,
    "several": 3,
    "a couple of": 2,
    "couple of": 2,
}

# Words that only make an expression vaguer, never change what it points at.
_HEDGES = re.compile(
    r"^(?:(?:slightly|just|a little|well|some|about|around|roughly|nearly|almost|"
    r"approximately|more than|less than|over|under|fewer than|only|barely)\s+)+"
)
_LEADING = re.compile(r"^(?:on|in|at|during|by|since|from|until|till|of|for|as of|the)\s+")
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_NUM_RE = "|".join(sorted((re.escape(k) for k in _NUMBERS), key=len, reverse=True))
_UNIT = r"(day|week|month|year|decade)s?"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"


@dataclass(frozen=True)
class _Resolved:
    start: date
    end: date
    precision: DatePrecision


def resolve_date(
    text: str, *, published: date | None, direction: Direction = "nearest"
) -> EventDate:
    """Turn a time expression into an :class:`EventDate`, keeping how precise it is.

    ``direction`` says which way an expression without a year or with a bare weekday should
    be read: ``"past"`` for an event reported as done, ``"future"`` for a planned one, and
    ``"nearest"`` (the default) when the tense gives no hint.
    """
    normal = _normalise(text)
    resolved = _absolute(normal)
    if resolved is None and published is not None:
        resolved = _relative(normal, published, direction)
    if resolved is None:
        return EventDate(text=text, precision="unknown")
    end = resolved.end if resolved.end != resolved.start else None
    return EventDate(start=resolved.start, end=end, precision=resolved.precision, text=text)


def _normalise(text: str) -> str:
    lowered = text.lower().replace("–", "-").replace("—", "-").replace("‑", "-")
    lowered = re.sub(r"\s*-\s*", "-", lowered)
    lowered = re.sub(r"[.,;:!?()\"“”]+$", "", lowered.strip())
    lowered = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", lowered)
    lowered = re.sub(r"\s+", " ", lowered.replace(",", " "))
    previous = None
    while previous != lowered:
        previous = lowered
        lowered = _LEADING.sub("", lowered)
        lowered = _HEDGES.sub("", lowered)
    return lowered.strip()


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_span(year: int, month: int) -> _Resolved:
    last = calendar.monthrange(year, month)[1]
    return _Resolved(date(year, month, 1), date(year, month, last), "month")


def _year_span(first: int, last: int | None = None) -> _Resolved:
    return _Resolved(date(first, 1, 1), date(last or first, 12, 31), "year")


def _absolute(normal: str) -> _Resolved | None:
    """Expressions that carry their own year, so no publication date is needed."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", normal)
    if match:
        found = _day(int(match[1]), int(match[2]), int(match[3]))
        return _Resolved(found, found, "day") if found else None
    match = re.fullmatch(rf"(\d{{1,2}})(?:-(\d{{1,2}}))? ({_MONTH_RE}) (\d{{4}})", normal)
    if match:
        return _day_range(int(match[4]), _MONTHS[match[3]], int(match[1]), match[2])
    match = re.fullmatch(rf"({_MONTH_RE}) (\d{{1,2}})(?:-(\d{{1,2}}))? (\d{{4}})", normal)
    if match:
        return _day_range(int(match[4]), _MONTHS[match[1]], int(match[2]), match[3])
    match = re.fullmatch(rf"(?:(?:early|mid|late)-?\s?)?({_MONTH_RE}) (\d{{4}})", normal)
    if match:
        return _month_span(int(match[2]), _MONTHS[match[1]])
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}|\d{4}))?", normal)
    if match:
        first = int(match[1])
        last = _expand_year(first, match[2])
        if 1000 <= first <= 2999 and (last is None or last >= first):
            return _year_span(first, last)
    match = re.fullmatch(r"(\d{3})0s", normal)
    if match:
        return _year_span(int(match[1]) * 10, int(match[1]) * 10 + 9)
    return None


def _expand_year(first: int, tail: str | None) -> int | None:
    if tail is None:
        return None
    if len(tail) == 4:
        return int(tail)
    return first - first % 100 + int(tail)


def _day_range(year: int, month: int, first: int, last: str | None) -> _Resolved | None:
    start = _day(year, month, first)
    end = _day(year, month, int(last)) if last else start
    if start is None or end is None or end < start:
        return None
    return _Resolved(start, end, "day")


def _relative(normal: str, published: date, direction: Direction) -> _Resolved | None:
    for parse in (_deictic, _weekday, _month_day, _named_month, _calendar_unit, _ago):
        resolved = parse(normal, published, direction)
        if resolved is not None:
            return resolved
    return None


def _point(day: date) -> _Resolved:
    return _Resolved(day, day, "day")


def _deictic(normal: str, published: date, direction: Direction) -> _Resolved | None:
    if re.fullmatch(r"(?:today|tonight|this (?:morning|afternoon|evening))", normal):
        return _point(published)
    if re.fullmatch(r"(?:yesterday|last night)" + _PART_OF_DAY, normal):
        return _point(published - timedelta(days=1))
    if re.fullmatch(r"tomorrow" + _PART_OF_DAY, normal):
        return _point(published + timedelta(days=1))
    match = re.fullmatch(r"(this|last|next|the|over the)? ?weekend", normal)
    if match:
        saturday = published - timedelta(days=published.weekday()) + timedelta(days=5)
        weekday_now = published.weekday() < 5
        if match[1] == "last" or (match[1] != "next" and direction == "past" and weekday_now):
            saturday -= timedelta(days=7)
        elif match[1] == "next" and not weekday_now:
            saturday += timedelta(days=7)
        return _Resolved(saturday, saturday + timedelta(days=1), "day")
    return None


def _weekday(normal: str, published: date, direction: Direction) -> _Resolved | None:
    match = re.fullmatch(rf"(last|next|this|coming|past)? ?({_WEEKDAY_RE}){_PART_OF_DAY}", normal)
    if not match:
        return None
    wanted = _WEEKDAYS[match[2]]
    if match[1] in {"last", "past"}:
        direction = "past"
    elif match[1] in {"next", "coming"}:
        direction = "future"
    offsets = {
        "nearest": range(-3, 4),
        "past": range(-6, 1),
        "future": range(0, 7),
    }[direction]
    for offset in offsets:
        day = published + timedelta(days=offset)
        if day.weekday() == wanted:
            if match[1] in {"last", "past"} and offset == 0:
                day -= timedelta(days=7)
            if match[1] == "next" and offset == 0:
                day += timedelta(days=7)
            return _point(day)
    return None  # pragma: no cover - every range covers the seven weekdays


def _nearest_year(
    candidates: list[tuple[date, date]], published: date, direction: Direction
) -> tuple[date, date] | None:
    """Pick the reading of a year-less date that fits the tense, or the closest one."""
    if direction == "past":
        fitting = [c for c in candidates if c[0] <= published]
        return max(fitting, default=None)
    if direction == "future":
        fitting = [c for c in candidates if c[1] >= published]
        return min(fitting, default=None)
    return min(candidates, key=lambda c: abs((c[0] - published).days), default=None)


def _month_day(normal: str, published: date, direction: Direction) -> _Resolved | None:
    match = re.fullmatch(
        rf"(?:(?:{_WEEKDAY_RE}) )?({_MONTH_RE}) (\d{{1,2}})(?:-(\d{{1,2}}))?", normal
    ) or re.fullmatch(rf"(?:(?:{_WEEKDAY_RE}) )?(\d{{1,2}})(?:-(\d{{1,2}}))? ({_MONTH_RE})", normal)
    if not match:
        return None
    if match[1].isdigit():
        month, first, last = _MONTHS[match[3]], int(match[1]), match[2]
    else:
        month, first, last = _MONTHS[match[1]], int(match[2]), match[3]
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        resolved = _day_range(year, month, first, last)
        if resolved is not None:
            candidates.append((resolved.start, resolved.end))
    chosen = _nearest_year(candidates, published, direction)
    return _Resolved(chosen[0], chosen[1], "day") if chosen else None


def _named_month(normal: str, published: date, direction: Direction) -> _Resolved | None:
    match = re.fullmatch(
        rf"(last|next|this|early|mid|late|early-|mid-|late-)? ?({_MONTH_RE})", normal
    )
    if not match:
        return None
    month = _MONTHS[match[2]]
    if match[1] == "last":
        direction = "past"
    elif match[1] == "next":
        direction = "future"
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        span = _month_span(year, month)
        candidates.append((span.start, span.end))
    if match[1] == "last":
        candidates = [c for c in candidates if c[1] < published.replace(day=1)]
    elif match[1] == "next":
        candidates = [c for c in candidates if c[0] > published]
    chosen = _nearest_year(candidates, published, direction)
    return _Resolved(chosen[0], chosen[1], "month") if chosen else None


def _calendar_unit(normal: str, published: date, direction: Direction) -> _Resolved | None:
    match = re.fullmatch(
        r"(?:(earlier|later) )?(this|last|next|past|previous|coming) (week|month|year)", normal
    )
    if not match:
        return None
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(match[2], 0)
    unit = match[3]
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
        return _Resolved(monday, monday + timedelta(days=6), "week")
    if unit == "month":
        index = published.year * 12 + published.month - 1 + step
        return _month_span(index // 12, index % 12 + 1)
    return _year_span(published.year + step)


def _ago(normal: str, published: date, direction: Direction) -> _Resolved | None:
    match = re.fullmatch(rf"(\d+|{_NUM_RE}) {_UNIT} (ago|earlier|before|later|from now)", normal)
    match = match or re.fullmatch(rf"(?:in|within) (\d+|{_NUM_RE}) {_UNIT}()", normal)
    if not match:
        return None
    amount = int(match[1]) if match[1].isdigit() else _NUMBERS[match[1]]
    sign = 1 if match[3] in {"later", "from now", ""} else -1
    unit = match[2]
    precision: DatePrecision
    if unit == "day":
        return _point(published + timedelta(days=sign * amount))
    if unit == "week":
        day = published + timedelta(weeks=sign * amount)
        precision = "week"
    elif unit == "month":
        index = published.year * 12 + published.month - 1 + sign * amount
        day = _clamp(index // 12, index % 12 + 1, published.day)
        precision = "month"
    else:
        years = amount * (10 if unit == "decade" else 1)
        day = _clamp(published.year + sign * years, published.month, published.day)
        precision = "year"
    return _Resolved(day, day, precision)


def _clamp(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))
