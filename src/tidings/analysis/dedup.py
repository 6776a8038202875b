"""Cross-document event deduplication: one canonical event per real-world action.

A hundred outlets reporting one air strike give a hundred coded events; counting them as a
hundred strikes is the error GDELT is best known for. Here event mentions are merged into a
canonical event when they are the same action:

* the same PLOVER type and the same status family (occurred and ongoing are one family, and
  the canonical event is occurred if any report says so; a planned, hypothetical or negated
  event only meets its own kind). An allegation meets other allegations and, with both sides
  of its dyad coded, the report of the same deed as done: then it is that deed counted once,
  its author kept in ``alleged_by``. An allegation alone stays alleged, so it never
  inflates the count of things done;
* the same dyad: a source actor in common and a target actor in common (for inherently
  mutual types, CONSULT, AGREE and COOPERATE, either way round, except visits, which go
  from the visitor to the host and meet only visits). "X and Y exchanged prisoners" names
  no target: it meets reports of X towards Y and of Y towards X;
* compatible time. When both mentions carry a date the text fixes to the day or week, the
  dates must overlap (give or take ``date_tolerance_days``), whatever story they are in. When
  either is dated only by its article's publication (or not at all), they must also be in the
  same story: without a date of its own, only the story shows two reports share a happening.

A planned event and its later occurrence are never merged; they are linked (``EventLink``
with relation ``planned-then-occurred``), so the plan stays visible as a plan.

Mentions are taken in publication order and canonical events that can no longer gain
mentions (their time is ``horizon_days`` behind the stream) are handed out by ``drain``,
keeping memory bounded on a long stream.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tidings.models import ActorRef, Event, stable_id

# Codes that name a kind of actor rather than one actor: NATO and the UN are both IGO, so for
# these the actor's own name is its key in dyads and graphs.
GENERIC_CODES: frozenset[str] = frozenset({"IGO", "NGO", "IMG", "MNC", "UIS", "UNK"})
MUTUAL_TYPES: frozenset[str] = frozenset({"CONSULT", "AGREE", "COOPERATE"})
# A visit has a direction even though CONSULT does not: Wang's trip to Moscow and Putin's
# visit to China are two events. Hosting (CAMEO 043, "Putin received Wang") is keyed from
# the guest to the host, so that it meets the visit it hosts (CAMEO 042) and not the host's
# own trips.
DIRECTED_MODES: frozenset[str] = frozenset({"visit"})
HOSTING_CAMEO = "043"
_FAMILY = {"occurred": "occurred", "ongoing": "occurred"}
# A claim and a report of the same action as done are one action (see _corroborated).
_CORROBORATES = {"alleged": "occurred", "occurred": "alleged"}
PLANNED_THEN_OCCURRED = "planned-then-occurred"


def actor_key(ref: ActorRef) -> str | None:
    """The key an actor goes by in dyads and graphs: its code, or its name for generic codes.

    None for an actor the coder could not resolve to a code: an uncoded "officials" is not a
    node anyone can query.
    """
    if not ref.code:
        return None
    code = ref.code.upper()
    if code in GENERIC_CODES:
        return ref.name or ref.text
    return code


@dataclass(frozen=True, kw_only=True)
class DedupOptions:
    """How near two mentions must be to count as one action; see the module docstring."""

    date_tolerance_days: int = 1
    undated_window_days: int = 7
    plan_horizon_days: int = 60
    horizon_days: int = 90
    mutual_types: frozenset[str] = MUTUAL_TYPES
    directed_modes: frozenset[str] = DIRECTED_MODES

    def __post_init__(self) -> None:
        if min(self.date_tolerance_days, self.undated_window_days, self.plan_horizon_days) < 0:
            raise ValueError("A010 dedup windows are day counts and cannot be negative")


@dataclass(frozen=True, kw_only=True)
class EventMention:
    """One coded event as the deduplicator sees it, with where and when it was reported."""

    event: Event
    published: date | None = None
    outlet: str | None = None
    story_id: str | None = None


@dataclass
class CanonicalEvent:
    """One real-world action and every mention of it; every figure traces to a sentence."""

    id: str
    type: str
    status: str
    source_keys: list[str]
    target_keys: list[str]
    source_names: list[str]
    target_names: list[str]
    alleged_by: list[str] = field(default_factory=list)
    date_start: date | None = None
    date_end: date | None = None
    day: date | None = None  # the date it is counted on: its own, else its first report's
    quad_class: int | None = None
    intensity: float | None = None
    event_ids: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    story_ids: list[str] = field(default_factory=list)
    label: str = ""  # the sentence of the first mention

    @property
    def mentions(self) -> int:
        return len(self.event_ids)


@dataclass(frozen=True)
class EventLink:
    """A relation between two canonical events that are not the same action."""

    from_id: str
    to_id: str
    relation: str


@dataclass
class _Group:
    canonical: CanonicalEvent
    window: tuple[date, date] | None  # hull of the mentions' intervals
    first_published: date | None
    intensities: list[float] = field(default_factory=list)
    quads: Counter[int] = field(default_factory=Counter)


@dataclass(frozen=True)
class _Interval:
    window: tuple[date, date] | None
    precise: bool  # fixed by the text to a day or a week


class EventDeduplicator:
    """Merges event mentions, fed in publication order, into canonical events."""

    def __init__(self, *, options: DedupOptions | None = None) -> None:
        self.options = options or DedupOptions()
        self._by_key: dict[tuple[str, str, str, str], list[_Group]] = {}
        self._groups: dict[str, _Group] = {}
        self._planned: dict[tuple[str, str, str], list[_Group]] = {}
        self._closed: list[CanonicalEvent] = []
        self.links: list[EventLink] = []
        self._realised: set[str] = set()  # plans already linked to their occurrence
        self._now: date | None = None
        self._added = 0

    def add(self, mention: EventMention) -> str:
        """Merge one mention; return the id of its canonical event."""
        self._added += 1
        if mention.published is not None and (self._now is None or mention.published > self._now):
            self._now = mention.published
        event = mention.event
        family = _FAMILY.get(event.status, event.status)
        interval = self._interval(mention)
        keys = self._dyad_keys(event, family)
        group = self._match(keys, mention, interval)
        if group is None and family in _CORROBORATES:
            group = self._corroborated(event, family, mention, interval)
        if group is None:
            group = self._start(mention, interval)
            for key in keys:
                self._by_key.setdefault(key, []).append(group)
        else:
            self._join(group, mention, interval)
        # Plans are linked on the dyad as told: "X and Y will meet" is not read both ways
        # here, as a plan that names its pair loosely would meet any later talks of the two.
        if family == "planned":
            for key in self._dyad_keys(event, family, both_ways=False):
                self._planned.setdefault(key[1:], []).append(group)
        elif family == "occurred":
            self._link_plans(group, self._dyad_keys(event, family, both_ways=False), mention)
        if self._added % 256 == 0:
            self._close_old()
        return group.canonical.id

    def drain(self) -> list[CanonicalEvent]:
        closed, self._closed = self._closed, []
        return closed

    def finish(self) -> list[CanonicalEvent]:
        """Close every canonical event and return those not yet drained."""
        for group in list(self._groups.values()):
            self._close(group)
        self._by_key.clear()
        self._planned.clear()
        return self.drain()

    # ------------------------------------------------------------------ matching

    def _dyad_keys(
        self, event: Event, family: str, *, both_ways: bool = True
    ) -> list[tuple[str, str, str, str]]:
        sources = _keys(event.source) or ["?"]
        targets = _keys(event.target) or ["?"]
        pairs = [(s, t) for s in sources for t in targets]
        if both_ways and targets == ["?"] and len(sources) > 1:
            # "Ukraine and Russia exchanged prisoners": each side acts towards the other,
            # as a report that names one side as the target tells it; the one-sided keys
            # stay, for reports that name no target either
            pairs += [(s, t) for s in sources for t in sources if s != t]
        keys: list[tuple[str, str, str, str]] = []
        directed = event.mode in self.options.directed_modes
        kind = f"{event.type}/{event.mode}" if directed else event.type
        hosting = directed and event.cameo == HOSTING_CAMEO
        for s, t in pairs:
            if hosting or (not directed and event.type in self.options.mutual_types and t < s):
                s, t = t, s
            keys.append((family, kind, s, t))
        return sorted(set(keys))

    def _corroborated(
        self, event: Event, family: str, mention: EventMention, interval: _Interval
    ) -> _Group | None:
        """The same action told as done by one report and as someone's claim by another.

        "Ukraine and Russia exchanged prisoners" and "servicemen returned, the ministry said"
        are one exchange, counted once: a claim joins the occurrence, and an occurrence
        reported after the claim takes the claim's event over, which becomes occurred. Both
        sides of the dyad must be coded; the claim's author stays in ``alleged_by``.
        """
        other = _CORROBORATES[family]
        keys = [k for k in self._dyad_keys(event, other) if "?" not in k[2:]]
        group = self._match(keys, mention, interval)
        if group is not None and family == "occurred":
            group.canonical.status = event.status
            for key in self._dyad_keys(event, family):
                self._by_key.setdefault(key, []).append(group)
        return group

    def _interval(self, mention: EventMention) -> _Interval:
        event = mention.event
        opts = self.options
        own = event.date
        if own.start is not None or own.end is not None:
            start = own.start or own.end
            end = own.end or own.start
            assert start is not None and end is not None
            widen = {"day": 0, "week": 3, "month": 15, "year": 183}.get(own.precision, 15)
            slack = timedelta(days=widen + opts.date_tolerance_days)
            precise = own.precision in ("day", "week")
            return _Interval((start - slack, end + slack), precise)
        if mention.published is None:
            return _Interval(None, False)
        if event.status == "planned":
            ahead = timedelta(days=opts.plan_horizon_days)
            return _Interval((mention.published, mention.published + ahead), False)
        back = timedelta(days=opts.undated_window_days)
        return _Interval((mention.published - back, mention.published), False)

    def _match(
        self, keys: list[tuple[str, str, str, str]], mention: EventMention, interval: _Interval
    ) -> _Group | None:
        best: _Group | None = None
        for key in keys:
            for group in reversed(self._by_key.get(key, [])):
                if group.canonical.id not in self._groups:
                    continue
                coded = "?" not in key[2:]
                if self._same_action(group, mention, interval, coded=coded):
                    if best is None or len(group.canonical.event_ids) > len(
                        best.canonical.event_ids
                    ):
                        best = group
                    break
        return best

    def _same_action(
        self, group: _Group, mention: EventMention, interval: _Interval, *, coded: bool
    ) -> bool:
        together = mention.event.article_id in group.canonical.article_ids or (
            mention.story_id is not None and mention.story_id in group.canonical.story_ids
        )
        if coded and interval.precise and group.canonical.date_start is not None:
            return _overlap(interval.window, group.window)
        if not together:
            return False
        if interval.window is None or group.window is None:
            return True
        return _overlap(interval.window, group.window)

    # ------------------------------------------------------------------ building

    def _start(self, mention: EventMention, interval: _Interval) -> _Group:
        event = mention.event
        canonical = CanonicalEvent(
            id=stable_id("canonical", event.id),
            type=event.type,
            status=event.status,
            source_keys=_keys(event.source),
            target_keys=_keys(event.target),
            source_names=_names(event.source),
            target_names=_names(event.target),
            label=event.sentence.text,
        )
        group = _Group(canonical=canonical, window=None, first_published=mention.published)
        self._groups[canonical.id] = group
        self._join(group, mention, interval)
        return group

    def _join(self, group: _Group, mention: EventMention, interval: _Interval) -> None:
        event = mention.event
        canonical = group.canonical
        canonical.event_ids.append(event.id)
        _add_unique(canonical.article_ids, event.article_id)
        if mention.outlet:
            _add_unique(canonical.outlets, mention.outlet)
        if mention.story_id:
            _add_unique(canonical.story_ids, mention.story_id)
        for key in _keys(event.attributed_to):
            _add_unique(canonical.alleged_by, key)
        for key in _keys(event.source):
            _add_unique(canonical.source_keys, key)
        for key in _keys(event.target):
            _add_unique(canonical.target_keys, key)
        if interval.precise and event.date.start is not None:
            start = event.date.start
            end = event.date.end or start
            canonical.date_start = min(canonical.date_start or start, start)
            canonical.date_end = max(canonical.date_end or end, end)
        if interval.window is not None:
            if group.window is None:
                group.window = interval.window
            elif interval.precise:
                # a precise date narrows the action's time; an imprecise one only widens it
                group.window = (
                    interval.window
                    if not _overlap(interval.window, group.window)
                    else (
                        max(group.window[0], interval.window[0]),
                        min(group.window[1], interval.window[1]),
                    )
                )
            else:
                group.window = (
                    min(group.window[0], interval.window[0]),
                    max(group.window[1], interval.window[1]),
                )
        if canonical.status == "ongoing" and event.status == "occurred":
            canonical.status = "occurred"
        if mention.published is not None and (
            group.first_published is None or mention.published < group.first_published
        ):
            group.first_published = mention.published
        if event.intensity is not None:
            group.intensities.append(event.intensity)
        if event.quad_class is not None:
            group.quads[event.quad_class] += 1
        canonical.day = canonical.date_start or event.date.start or group.first_published
        if group.intensities:
            canonical.intensity = sum(group.intensities) / len(group.intensities)
        if group.quads:
            canonical.quad_class = group.quads.most_common(1)[0][0]

    def _link_plans(
        self, group: _Group, keys: list[tuple[str, str, str, str]], mention: EventMention
    ) -> None:
        """Link the plans this occurrence realises: each plan once, to its first occurrence.

        Both sides of the dyad must be coded (an uncoded "someone will visit" fits any
        visit), the occurrence must be reported in another article no earlier than the
        plan, their times must overlap, and unless both are dated to the day or week by
        their texts, they must be in one story.
        """
        occurred_window = group.window
        occurred_precise = group.canonical.date_start is not None
        for key in keys:
            if "?" in key[2:]:
                continue
            for plan in self._planned.get(key[1:], []):
                plan_id = plan.canonical.id
                if plan_id in self._realised or plan_id == group.canonical.id:
                    continue
                if mention.event.article_id in plan.canonical.article_ids:
                    continue  # a plan and an occurrence in one text are two things it says
                announced = plan.first_published
                later = announced is None or mention.published is None
                if not later and mention.published < announced:  # type: ignore[operator]
                    continue
                both_dated = occurred_window is not None and plan.window is not None
                if both_dated and not _overlap(occurred_window, plan.window):
                    continue
                precise = occurred_precise and plan.canonical.date_start is not None
                same_story = bool(set(plan.canonical.story_ids) & set(group.canonical.story_ids))
                if not (precise or same_story):
                    continue
                self._realised.add(plan_id)
                self.links.append(EventLink(plan_id, group.canonical.id, PLANNED_THEN_OCCURRED))

    def _close_old(self) -> None:
        if self._now is None:
            return
        horizon = self._now - timedelta(days=self.options.horizon_days)
        for group in list(self._groups.values()):
            if group.window is not None and group.window[1] < horizon:
                self._close(group)
        _prune(self._by_key, self._groups)
        _prune(self._planned, self._groups)

    def _close(self, group: _Group) -> None:
        if self._groups.pop(group.canonical.id, None) is not None:
            self._closed.append(group.canonical)


def deduplicate(
    mentions: Iterable[EventMention], *, options: DedupOptions | None = None
) -> tuple[list[CanonicalEvent], list[EventLink]]:
    """All canonical events of the mentions (in order of first mention) and their links."""
    dedup = EventDeduplicator(options=options)
    order: dict[str, int] = {}
    out: list[CanonicalEvent] = []
    for mention in mentions:
        canonical_id = dedup.add(mention)
        order.setdefault(canonical_id, len(order))
        out.extend(dedup.drain())
    out.extend(dedup.finish())
    out.sort(key=lambda c: order[c.id])
    return out, list(dedup.links)


def _prune(table: dict[Any, list[_Group]], alive: dict[str, _Group]) -> None:
    """Drop closed groups from an index, and keys left with none."""
    for key in list(table):
        kept = [g for g in table[key] if g.canonical.id in alive]
        if kept:
            table[key] = kept
        else:
            del table[key]


def _keys(refs: Iterable[ActorRef]) -> list[str]:
    keys: list[str] = []
    for ref in refs:
        key = actor_key(ref)
        if key is not None:
            _add_unique(keys, key)
    return keys


def _names(refs: Iterable[ActorRef]) -> list[str]:
    names: list[str] = []
    for ref in refs:
        if actor_key(ref) is not None:
            _add_unique(names, ref.name or ref.text)
    return names


def _add_unique(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _overlap(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    if a is None or b is None:
        return False
    return a[0] <= b[1] and b[0] <= a[1]
