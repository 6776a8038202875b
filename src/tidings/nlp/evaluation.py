"""Scoring the actor linker against gold sets: the PLOVER GSR sentences and the seed articles.

How the GSR is scored (``evaluate_gsr_actors``). The GSR codes one event per sentence, and
its actors are that event's source and target only; the linker finds every actor in the
sentence. So two views are reported, each with precision and recall:

* *Codes* (the headline figure): per sentence, the set of codes of all the linker's
  mentions against the set of gold source and target codes. Recall is the share of gold
  codes found anywhere in the sentence. Precision here counts every other actor the
  sentence names ("a report by AFP", "in Europe") as an error, so it measures how much
  the linker says beyond the event's arguments, not only how often it is wrong.
* *Aligned*: only mentions whose characters overlap a gold actor's text (any occurrence of
  it in the sentence). Precision is the share of those coded mentions whose code is the
  code of a gold actor they overlap: "when the linker codes the words the gold coded, is it
  right?". Recall is the share of gold actors (whose text could be found in the sentence)
  covered by a mention with their code.

Sentences that appear in several records (two gold events on one sentence) are scored once,
with the union of their gold actors. The GSR's date is a placeholder (2000-01-01), so the
linker runs with no publication date. Codes are compared as strings, with one documented
equivalence: the knowledge base codes the EU and its institutions ``EUR`` (the project's
convention, as in the seeds gold) where the GSR codes the European Community ``IGO``; a
mention of an EU body (a KB ``igo`` actor coded ``EUR``) therefore also counts as ``IGO``.

How the seeds are scored (``evaluate_seed_actors``): each gold actor's text is found in its
article (case-insensitive, on word boundaries), the article is linked with the gold
``published`` date, and the actor passes when at least one mention overlapping its text has
an accepted code (``A|B`` alternatives) and, where the gold gives one, an accepted sector,
and no coded mention overlapping its text has a code the gold does not accept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from spacy.language import Language

from tidings.kb import KnowledgeBase
from tidings.models import Mention
from tidings.nlp.actors import ActorLinker

__all__ = [
    "GoldActor",
    "GsrActorReport",
    "GsrSentence",
    "Scores",
    "SeedActorResult",
    "SeedsActorReport",
    "evaluate_gsr_actors",
    "evaluate_seed_actors",
    "format_gsr_actor_report",
    "format_seed_actor_report",
    "load_gsr_sentences",
    "sample_sentences",
]

_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")


@dataclass(frozen=True)
class GoldActor:
    text: str
    code: str
    side: str  # "source" or "target"


@dataclass(frozen=True)
class GsrSentence:
    ids: tuple[str, ...]
    text: str
    actors: tuple[GoldActor, ...]

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(actor.code for actor in self.actors)


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class GsrActorError:
    ids: tuple[str, ...]
    kind: str  # "missed" (gold code not found), "extra" (code not in gold), "wrong" (aligned)
    code: str
    text: str
    mentions: list[str] = field(default_factory=list)


@dataclass
class GsrActorReport:
    sentences: int
    gold_actors: int
    located: int  # gold actors whose text was found in their sentence
    codes: Scores
    aligned_precision: Scores  # tp/fp over aligned coded mentions
    aligned_recall: Scores  # tp/fn over located gold actors
    errors: list[GsrActorError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sentences": self.sentences,
            "gold_actors": self.gold_actors,
            "located": self.located,
            "codes": self.codes.as_dict(),
            "aligned": {
                "precision": round(self.aligned_precision.precision, 4),
                "recall": round(self.aligned_recall.recall, 4),
                "mentions": self.aligned_precision.tp + self.aligned_precision.fp,
            },
            "errors": [asdict(e) for e in self.errors],
        }


def load_gsr_sentences(path: Path) -> list[GsrSentence]:
    """The GSR's records grouped by sentence text, in file order."""
    grouped: dict[str, tuple[list[str], list[GoldActor]]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        ids, actors = grouped.setdefault(raw["text"], ([], []))
        ids.append(raw["id"])
        for event in raw["events"]:
            for side in ("source", "target"):
                for actor in event[side]:
                    if actor.get("code"):
                        gold = GoldActor(text=actor["text"], code=actor["code"].upper(), side=side)
                        if gold not in actors:
                            actors.append(gold)
    return [
        GsrSentence(ids=tuple(ids), text=text, actors=tuple(actors))
        for text, (ids, actors) in grouped.items()
    ]


def sample_sentences(
    sentences: Sequence[GsrSentence], *, every: int, offset: int = 0
) -> list[GsrSentence]:
    """A fixed, reproducible sample: every ``every``-th sentence starting at ``offset``."""
    return [s for n, s in enumerate(sentences) if n % every == offset]


def locate(actor_text: str, sentence: str) -> list[tuple[int, int]]:
    """Every place the coder's actor text is in the sentence; elided texts by their first part.

    The GSR does not say which occurrence the coder meant ("Argentina apologised ...,
    disputed by Argentina and Chile"), so all of them count.
    """
    lower = sentence.lower()
    for candidate in (actor_text, _ELLIPSIS.split(actor_text)[0], " ".join(actor_text.split())):
        candidate = candidate.strip().lower()
        if len(candidate) < 2:
            continue
        found = [(m.start(), m.end()) for m in re.finditer(re.escape(candidate), lower)]
        if found:
            return found
    return []


def mention_codes(mention: Mention, kb: KnowledgeBase) -> set[str]:
    """The codes a mention counts as: its own, plus IGO for an EU body (see module doc)."""
    if mention.code is None:
        return set()
    codes = {mention.code}
    actor = kb.actors.get(mention.actor_id) if mention.actor_id else None
    if actor is not None and actor.kind == "igo" and mention.code == "EUR":
        codes.add("IGO")
    return codes


def evaluate_gsr_actors(
    sentences: Sequence[GsrSentence],
    linker: ActorLinker,
    nlp: Language,
    *,
    errors: bool = False,
    batch_size: int = 64,
) -> GsrActorReport:
    """Code-level precision and recall of the linker on GSR sentences (see module doc)."""
    report = GsrActorReport(
        sentences=len(sentences),
        gold_actors=sum(len(s.actors) for s in sentences),
        located=0,
        codes=Scores(),
        aligned_precision=Scores(),
        aligned_recall=Scores(),
    )
    docs = nlp.pipe((s.text for s in sentences), batch_size=batch_size)
    for sentence, doc in zip(sentences, docs, strict=True):
        mentions = linker.link(doc)
        _score_sentence(report, sentence, mentions, linker.kb, errors=errors)
    return report


def _score_sentence(
    report: GsrActorReport,
    sentence: GsrSentence,
    mentions: Sequence[Mention],
    kb: KnowledgeBase,
    *,
    errors: bool,
) -> None:
    found: set[str] = set()
    for mention in mentions:
        found |= mention_codes(mention, kb)
    gold = sentence.codes
    predicted = {code for code in found if code in gold} | {
        m.code for m in mentions if m.code and not (mention_codes(m, kb) & gold)
    }
    report.codes.tp += len(gold & found)
    report.codes.fn += len(gold - found)
    report.codes.fp += len(predicted - gold)

    def shown(ms: Iterable[Mention]) -> list[str]:
        return [f"{m.text!r} {m.code or '-'} {m.sector or '-'} {m.method}" for m in ms]

    if errors:
        for code in sorted(gold - found):
            report.errors.append(
                GsrActorError(sentence.ids, "missed", code, sentence.text, shown(mentions))
            )
        for code in sorted(predicted - gold):
            extra = [m for m in mentions if m.code == code]
            report.errors.append(
                GsrActorError(sentence.ids, "extra", code, sentence.text, shown(extra))
            )
    located = [(actor, locate(actor.text, sentence.text)) for actor in sentence.actors]
    located = [(actor, where) for actor, where in located if where]
    report.located += len(located)
    spans = [(actor, span) for actor, where in located for span in where]
    for mention in mentions:
        if mention.code is None:
            continue
        overlapped = [a for a, (s, e) in spans if mention.start < e and s < mention.end]
        if not overlapped:
            continue
        if mention_codes(mention, kb) & {a.code for a in overlapped}:
            report.aligned_precision.tp += 1
        else:
            report.aligned_precision.fp += 1
            if errors:
                report.errors.append(
                    GsrActorError(
                        sentence.ids,
                        "wrong",
                        mention.code,
                        sentence.text,
                        shown([mention]) + [f"gold {a.text!r} {a.code}" for a in overlapped],
                    )
                )
    for actor, where in located:
        if any(
            actor.code in mention_codes(m, kb) and m.start < e and s < m.end
            for m in mentions
            for s, e in where
        ):
            report.aligned_recall.tp += 1
        else:
            report.aligned_recall.fn += 1


def format_gsr_actor_report(report: GsrActorReport, *, errors: int = 50) -> str:
    """A readable report: the scores, then up to ``errors`` errors."""
    c = report.codes
    a_p, a_r = report.aligned_precision, report.aligned_recall
    lines = [
        f"GSR actors: {report.sentences} sentences, {report.gold_actors} gold actors "
        f"({report.located} located in their sentence)",
        f"  codes (per sentence, all mentions): P {c.precision:.3f}  R {c.recall:.3f}  "
        f"F1 {c.f1:.3f}  (tp {c.tp}, fp {c.fp}, fn {c.fn})",
        f"  aligned (mentions on gold actor text): P {a_p.precision:.3f} "
        f"({a_p.tp}/{a_p.tp + a_p.fp})  R {a_r.recall:.3f} ({a_r.tp}/{a_r.tp + a_r.fn})",
    ]
    if report.errors:
        lines.append(f"errors ({len(report.errors)}, first {min(errors, len(report.errors))}):")
        for error in report.errors[:errors]:
            lines.append(f"  {error.kind:6} {error.code}  {','.join(error.ids)}")
            lines.append(f"         {error.text[:160]}")
            lines.extend(f"         {m}" for m in error.mentions)
    return "\n".join(lines)


# -- seeds ----------------------------------------------------------------------------------


@dataclass
class SeedActorResult:
    file: str
    text: str
    codes: tuple[str, ...]
    sectors: tuple[str, ...] | None
    passed: bool
    found: list[str]  # the overlapping mentions, as "text CODE SECTOR method"


@dataclass
class SeedsActorReport:
    results: list[SeedActorResult]

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.results)

    @property
    def total(self) -> int:
        return len(self.results)

    def failures(self) -> list[SeedActorResult]:
        return [r for r in self.results if not r.passed]


def evaluate_seed_actors(
    gold: dict[str, Any], seeds_dir: Path, linker: ActorLinker, nlp: Language
) -> SeedsActorReport:
    """Whether every gold actor of the seed articles is linked as the gold says."""
    results = []
    for document in gold["documents"]:
        text = (Path(seeds_dir) / document["file"]).read_text(encoding="utf-8")
        published = document.get("published")
        on = date.fromisoformat(published) if published else None
        mentions = linker.link(nlp(text), published=on)
        for actor in document["actors"]:
            results.append(_seed_actor(document["file"], text, actor, mentions))
    return SeedsActorReport(results=results)


def _seed_actor(
    file: str, text: str, actor: dict[str, Any], mentions: Sequence[Mention]
) -> SeedActorResult:
    codes = tuple(actor["code"].split("|"))
    sectors = tuple(actor["sector"].split("|")) if actor.get("sector") else None
    pattern = re.compile(rf"(?<!\w){re.escape(actor['text'])}(?!\w)", re.IGNORECASE)
    spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
    over = [m for m in mentions if m.code and any(m.start < e and s < m.end for s, e in spans)]
    good = [m for m in over if m.code in codes and (sectors is None or m.sector in sectors)]
    wrong = [m for m in over if m.code not in codes]
    return SeedActorResult(
        file=file,
        text=actor["text"],
        codes=codes,
        sectors=sectors,
        passed=bool(good) and not wrong,
        found=[f"{m.text!r} {m.code} {m.sector or '-'} {m.method}" for m in over],
    )


def format_seed_actor_report(report: SeedsActorReport) -> str:
    lines = [f"seed actors: {report.passed}/{report.total} pass"]
    for failure in report.failures():
        accepted = "|".join(failure.codes) + (
            f" {'|'.join(failure.sectors)}" if failure.sectors else ""
        )
        lines.append(f"  FAIL {failure.file} {failure.text!r} want {accepted}")
        lines.extend(f"       {found}" for found in failure.found or ["(no coded mention)"])
    return "\n".join(lines)
