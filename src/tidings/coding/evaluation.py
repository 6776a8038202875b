"""Scoring the event coder against gold sets: the PLOVER GSR sentences and the seed articles.

How the GSR is scored (``evaluate_gsr``):

* Every record is one sentence with one gold event; the coder runs on its text with no
  publication date. Records that share a text (two gold events for one sentence) are scored
  together.
* The GSR annotates one event per sentence, the main one, so the coder is asked for as many
  events as the sentence has gold events: its events are ranked by how close the trigger is
  to the sentence root (reporting verbs such as "said" do not count as a level), then by
  confidence, and the top ones are its answer. Each answered event that matches a gold event
  is a true positive, each other answered event a false positive, each unmatched gold event
  a false negative. ``any_recall`` also reports how many gold events appear anywhere among
  all the coder's events for the sentence.
* *Type* match: the PLOVER type is equal. *Full* match: the type is equal and the set of
  source codes and the set of target codes are each equal to the gold sets. Codes are
  compared as strings: ISO 3166 alpha-3 for countries, and the CAMEO classes (IGO, NGO, IMG,
  WST, ...) for non-state actors; an actor the coder kept without a code adds nothing to its
  set, so an unresolved name neither matches nor spoils a side.

How the seeds are scored (``evaluate_seeds``): each ``required`` gold event must be found
among the coder's events whose trigger (or merged evidence) lies in the sentence carrying the
gold ``evidence``, with a type among its ``A|B`` alternatives, its actors (below) and a status
among its alternatives. A predicted event that matches type and actors but not status is a
status error. Actor sides: each gold element ("RUS", "PSE|IMG") must be met by a predicted
code, and each predicted code must be allowed by that side's gold elements or by the same side
of another gold event on the same evidence (the gold splits "supports both Hamas and
Hezbollah" into two events). A gold event whose source and target are the same set
(mutual) is met by the union of the predicted sides; a predicted reciprocal event (two or more
sources, no target) meets a directed gold event when its sources cover both gold sides.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from tidings.coding.coder import EventCoder
from tidings.coding.lexicon import Lexicon
from tidings.models import ActorRef, Article, Event, Mention
from tidings.nlp.evaluation import Scores

__all__ = [
    "GsrError",
    "GsrGold",
    "GsrRecord",
    "GsrReport",
    "MentionFinder",
    "Scores",
    "SeedsReport",
    "evaluate_gsr",
    "evaluate_seeds",
    "load_gsr",
    "salience",
    "sample_records",
    "seed_actors_match",
]

MentionFinder = Callable[[Doc, Article], Sequence[Mention]]


@dataclass(frozen=True)
class GsrGold:
    type: str
    source: frozenset[str]
    target: frozenset[str]

    def describe(self) -> str:
        return f"{self.type} {sorted(self.source)}->{sorted(self.target)}"


@dataclass(frozen=True)
class GsrRecord:
    id: str
    text: str
    events: tuple[GsrGold, ...]


@dataclass(frozen=True)
class GsrError:
    id: str
    gold: str
    predicted: str
    kind: str  # "missed" (no event), "type", "actors", "spurious"
    text: str


@dataclass
class GsrReport:
    records: int
    type_scores: Scores
    full_scores: Scores
    per_type: dict[str, Scores]
    any_type_recall: float
    any_full_recall: float
    errors: list[GsrError] = field(default_factory=list)

    def as_dict(self, *, errors: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "records": self.records,
            "type": self.type_scores.as_dict(),
            "full": self.full_scores.as_dict(),
            "per_type": {k: v.as_dict() for k, v in sorted(self.per_type.items())},
            "any_type_recall": round(self.any_type_recall, 4),
            "any_full_recall": round(self.any_full_recall, 4),
        }
        if errors:
            data["errors"] = [asdict(e) for e in self.errors]
        return data


def codes(refs: Iterable[ActorRef]) -> frozenset[str]:
    """The comparable codes of a side: uppercase codes, unresolved actors left out."""
    return frozenset(r.code.upper() for r in refs if r.code)


def load_gsr(path: Path) -> list[GsrRecord]:
    records = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        events = tuple(
            GsrGold(
                type=e["type"],
                source=frozenset(a["code"].upper() for a in e["source"] if a.get("code")),
                target=frozenset(a["code"].upper() for a in e["target"] if a.get("code")),
            )
            for e in raw["events"]
        )
        records.append(GsrRecord(id=raw["id"], text=raw["text"], events=events))
    return records


def sample_records(records: Sequence[GsrRecord], *, every: int, offset: int = 0
                   ) -> list[GsrRecord]:
    """A fixed, reproducible sample: every ``every``-th record starting at ``offset``."""
    return [r for n, r in enumerate(records) if n % every == offset]


def salience(event: Event, doc: Doc, *, reporting: frozenset[str] = frozenset()) -> int:
    """How deep the trigger sits below its sentence root.

    The step from a reported clause up to its reporting verb ("X attacked Y, officials
    said") does not count, so the reported event is as salient as a main clause.
    """
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is None:
        return 99
    child = span.root
    depth = 0
    for head in child.ancestors:
        reported = child.dep_ in {"ccomp", "parataxis"} and head.lemma_.lower() in reporting
        depth += 0 if reported else 1
        child = head
    return depth


def _rank(events: list[Event], doc: Doc, reporting: frozenset[str]) -> list[Event]:
    return sorted(
        events,
        key=lambda e: (salience(e, doc, reporting=reporting), -e.confidence, e.trigger.start),
    )


def _describe(event: Event) -> str:
    return (f"{event.type} {sorted(codes(event.source))}->{sorted(codes(event.target))}"
            f" [{event.status}] '{event.trigger.text}'")


def evaluate_gsr(
    records: Sequence[GsrRecord],
    *,
    nlp: Language,
    coder: EventCoder,
    find_mentions: MentionFinder,
) -> GsrReport:
    """Score the coder on GSR records (see the module docstring for the matching rules)."""
    groups: dict[str, list[GsrRecord]] = defaultdict(list)
    for record in records:
        groups[record.text].append(record)
    reporting = _reporting_words(coder.lexicon)
    type_scores, full_scores = Scores(), Scores()
    per_type: dict[str, Scores] = defaultdict(Scores)
    any_type = any_full = total = 0
    errors: list[GsrError] = []
    texts = list(groups)
    for text, doc in zip(texts, nlp.pipe(texts), strict=True):
        members = groups[text]
        article = Article.from_text(text, id=members[0].id)
        events = coder.code(doc, article=article, mentions=find_mentions(doc, article))
        gold = [(m.id, g) for m in members for g in m.events]
        total += len(gold)
        answered = _rank(events, doc, reporting)[: len(gold)]
        any_type += sum(1 for _, g in gold if any(e.type == g.type for e in events))
        any_full += sum(1 for _, g in gold if any(_full(e, g) for e in events))
        _score(gold, answered, type_scores, per_type, match=lambda e, g: e.type == g.type)
        _score(gold, answered, full_scores, None, match=_full)
        errors.extend(_errors(gold, answered, text))
    return GsrReport(
        records=total,
        type_scores=type_scores,
        full_scores=full_scores,
        per_type=dict(per_type),
        any_type_recall=any_type / total if total else 0.0,
        any_full_recall=any_full / total if total else 0.0,
        errors=errors,
    )


def _reporting_words(lexicon: Lexicon) -> frozenset[str]:
    cues = lexicon.cues
    return frozenset(cues.speech_verbs) | frozenset(cues.factive_verbs)


def _full(event: Event, gold: GsrGold) -> bool:
    return (event.type == gold.type and codes(event.source) == gold.source
            and codes(event.target) == gold.target)


def _score(gold: list[tuple[str, GsrGold]], answered: list[Event], scores: Scores,
           per_type: dict[str, Scores] | None, *, match: Callable[[Event, GsrGold], bool]
           ) -> None:
    unused = list(answered)
    for _, item in gold:
        hit = next((e for e in unused if match(e, item)), None)
        if hit is not None:
            unused.remove(hit)
            scores.tp += 1
            if per_type is not None:
                per_type[item.type].tp += 1
        else:
            scores.fn += 1
            if per_type is not None:
                per_type[item.type].fn += 1
    scores.fp += len(unused)
    if per_type is not None:
        for event in unused:
            per_type[event.type].fp += 1


def _errors(gold: list[tuple[str, GsrGold]], answered: list[Event], text: str
            ) -> list[GsrError]:
    found = []
    unused = list(answered)
    open_gold = []
    for record_id, item in gold:
        hit = next((e for e in unused if _full(e, item)), None)
        if hit is not None:
            unused.remove(hit)
        else:
            open_gold.append((record_id, item))
    for record_id, item in open_gold:
        near = next((e for e in unused if e.type == item.type), None)
        if near is not None:
            unused.remove(near)
            found.append(GsrError(record_id, item.describe(), _describe(near), "actors", text))
        elif unused:
            other = unused.pop(0)
            found.append(GsrError(record_id, item.describe(), _describe(other), "type", text))
        else:
            found.append(GsrError(record_id, item.describe(), "-", "missed", text))
    for event in unused:
        found.append(GsrError(gold[0][0], "-", _describe(event), "spurious", text))
    return found


# ---------------------------------------------------------------------- seeds


@dataclass
class SeedOutcome:
    document: str
    index: int
    gold: str
    found: bool
    status_error: str | None  # "planned->occurred": gold status -> predicted status
    predicted: str | None
    date_right: bool | None = None  # None: the gold fixes no exact date, or no match


@dataclass
class SeedsReport:
    required: int
    found: int
    status_errors: list[SeedOutcome]
    outcomes: list[SeedOutcome]

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 0.0

    @property
    def dates(self) -> tuple[int, int]:
        """(right, checked) over found events whose gold gives an exact start date."""
        checked = [o for o in self.outcomes if o.date_right is not None]
        return sum(1 for o in checked if o.date_right), len(checked)

    def as_dict(self) -> dict[str, Any]:
        right, checked = self.dates
        return {
            "required": self.required,
            "found": self.found,
            "recall": round(self.recall, 4),
            "dates_right": right,
            "dates_checked": checked,
            "status_errors": [asdict(o) for o in self.status_errors],
            "missed": [asdict(o) for o in self.outcomes if not o.found],
        }


def _alternatives(value: str) -> frozenset[str]:
    return frozenset(v.strip().upper() for v in value.split("|") if v.strip())


def _side(items: Sequence[str]) -> list[frozenset[str]]:
    return [_alternatives(x) for x in items]


def _covers(gold: list[frozenset[str]], predicted: frozenset[str],
            allowed: frozenset[str]) -> bool:
    if not all(alt & predicted for alt in gold):
        return False
    return predicted <= allowed


def seed_actors_match(event: Event, gold: Mapping[str, Any],
                    siblings: Sequence[Mapping[str, Any]]) -> bool:
    source, target = _side(gold.get("source", [])), _side(gold.get("target", []))
    allowed_source = frozenset().union(*source, *(a for s in siblings
                                                  for a in _side(s.get("source", []))))
    allowed_target = frozenset().union(*target, *(a for s in siblings
                                                  for a in _side(s.get("target", []))))
    predicted_source, predicted_target = codes(event.source), codes(event.target)
    if source and sorted(map(sorted, source)) == sorted(map(sorted, target)):
        union = predicted_source | predicted_target
        return _covers(source, union, allowed_source | allowed_target)
    if _covers(source, predicted_source, allowed_source) and (
        _covers(target, predicted_target, allowed_target)
        if target else not predicted_target
    ):
        return True
    reciprocal = not predicted_target and len(predicted_source) >= 2
    return reciprocal and _covers(source + target, predicted_source,
                                  allowed_source | allowed_target)


def evaluate_seeds(
    gold: Mapping[str, Any],
    *,
    seeds_dir: Path,
    nlp: Language,
    coder: EventCoder,
    find_mentions: MentionFinder,
) -> SeedsReport:
    """Recall of the required seed events and the status errors among near-matches."""
    outcomes: list[SeedOutcome] = []
    for document in gold["documents"]:
        text = (Path(seeds_dir) / document["file"]).read_text(encoding="utf-8")
        published = document.get("published")
        article = Article.from_text(
            text, id=Path(document["file"]).stem,
            published=date.fromisoformat(published) if published else None,
        )
        doc = nlp(text)
        events = coder.code(doc, article=article, mentions=find_mentions(doc, article))
        golds = document["events"]
        for number, item in enumerate(golds):
            if not item.get("required"):
                continue
            siblings = [g for g in golds if g is not item and g["evidence"] == item["evidence"]]
            outcomes.append(_seed_outcome(document["file"], number, item, siblings, text, doc,
                                          events))
    found = sum(1 for o in outcomes if o.found)
    errors = [o for o in outcomes if o.status_error]
    return SeedsReport(required=len(outcomes), found=found, status_errors=errors,
                       outcomes=outcomes)


def _seed_outcome(name: str, number: int, item: Mapping[str, Any],
                  siblings: Sequence[Mapping[str, Any]], text: str, doc: Doc,
                  events: Sequence[Event]) -> SeedOutcome:
    describe = f"{item['type']} {item.get('source')}->{item.get('target')} [{item['status']}]"
    start = text.find(item["evidence"])
    candidates: list[Event] = []
    if start >= 0:
        span = doc.char_span(start, start + len(item["evidence"]), alignment_mode="expand")
        if span is not None:
            lo = span[0].sent.start_char
            hi = max(span[-1].sent.end_char, span.end_char)
            candidates = [e for e in events if any(lo <= s.start < hi
                                                    for s in [e.trigger, *e.evidence])]
    types = _alternatives(item["type"])
    statuses = {s.strip() for s in item["status"].split("|")}
    near = [e for e in candidates if e.type in types and seed_actors_match(e, item, siblings)]
    exact = next((e for e in near if e.status in statuses), None)
    if exact is not None:
        return SeedOutcome(name, number, describe, True, None, _describe(exact),
                           _date_right(exact, item.get("date")))
    if near:
        wrong = near[0]
        return SeedOutcome(name, number, describe, False,
                           f"{item['status']}->{wrong.status}", _describe(wrong))
    best = candidates[0] if candidates else None
    return SeedOutcome(name, number, describe, False, None,
                       _describe(best) if best else None)


def _date_right(event: Event, gold: Mapping[str, str] | None) -> bool | None:
    """Whether the event's date is the gold's exact one; approximate gold dates are not scored."""
    if not gold or "start" not in gold:
        return None
    start = date.fromisoformat(gold["start"])
    end = date.fromisoformat(gold["end"]) if "end" in gold else None
    return event.date.start == start and (end is None or event.date.end == end)

