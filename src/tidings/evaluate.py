"""Scoring against gold sets, one entry per set, each with a default gold path under ../shared.

Each stage keeps its own scorer next to its code (``coding/evaluation.py``,
``quotes/evaluation.py``, …); this module is the one place that knows them all, so that
`tidings evaluate NAME` and `make evaluate` run every scorer the same way: against the real
pipeline (the knowledge base and linker included), on the whole gold set, with an optional
list of the cases it got wrong.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language

from tidings.errors import InputNotFoundError
from tidings.extract import Extractor, build_extractor

SHARED = Path(os.environ.get("TIDINGS_SHARED", Path.cwd().parent / "shared"))


@dataclass(frozen=True)
class EvaluationResult:
    """A scorer's figures as JSON-ready data, and the same as text for a terminal."""

    name: str
    gold: str
    figures: dict[str, Any]
    text: str


Scorer = Callable[[Path, Extractor, bool], EvaluationResult]


def _events(gold: Path, extractor: Extractor, errors: bool) -> EvaluationResult:
    from tidings.coding.evaluation import evaluate_gsr, load_gsr

    records = load_gsr(gold)
    report = evaluate_gsr(
        records,
        nlp=extractor.nlp,
        coder=extractor.coder,
        find_mentions=lambda doc, article: extractor.linker.link(doc, published=article.published),
    )
    figures = report.as_dict(errors=errors)
    lines = [
        f"events on {report.records} PLOVER GSR records ({gold})",
        _prf("type", report.type_scores),
        _prf("type+source+target", report.full_scores),
        f"recall anywhere in the sentence: type {report.any_type_recall:.3f}, "
        f"full {report.any_full_recall:.3f}",
    ]
    for name, scores in sorted(report.per_type.items()):
        lines.append("  " + _prf(name, scores))
    if errors:
        lines.append("")
        lines += [f"{e.kind:9} {e.id}: gold {e.gold} | got {e.predicted}" for e in report.errors]
    return EvaluationResult("events", str(gold), figures, "\n".join(lines))


def _seeds(gold: Path, extractor: Extractor, errors: bool) -> EvaluationResult:
    from tidings.coding.evaluation import evaluate_seeds

    data = json.loads(gold.read_text(encoding="utf-8"))
    report = evaluate_seeds(
        data,
        seeds_dir=gold.parent.parent / "seeds",
        nlp=extractor.nlp,
        coder=extractor.coder,
        find_mentions=lambda doc, article: extractor.linker.link(doc, published=article.published),
    )
    right, checked = report.dates
    figures: dict[str, Any] = {
        "required": report.required,
        "found": report.found,
        "recall": round(report.recall, 4),
        "status_errors": len(report.status_errors),
        "dates_right": right,
        "dates_checked": checked,
    }
    lines = [
        f"seed events ({gold}): required {report.required}, found {report.found} "
        f"(recall {report.recall:.3f}), status errors {len(report.status_errors)}, "
        f"exact dates right {right}/{checked}"
    ]
    if errors:
        for outcome in report.outcomes:
            if not outcome.found or outcome.status_error:
                why = outcome.status_error or "missed"
                lines.append(
                    f"  {why:12} {outcome.document}#{outcome.index}: {outcome.gold}"
                    f" | got {outcome.predicted}"
                )
        figures["outcomes"] = [o.__dict__ for o in report.outcomes]
    return EvaluationResult("seeds", str(gold), figures, "\n".join(lines))


def _quotes(gold: Path, extractor: Extractor, errors: bool) -> EvaluationResult:
    from tidings.quotes.evaluation import evaluate, format_evaluation, load_polnear

    result = evaluate(
        load_polnear(gold),
        nlp=extractor.nlp,
        extractor=extractor.quotes,
        mentions_for=lambda doc: extractor.linker.link(doc),
    )
    figures = {
        name: {
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
            "f1": round(s.f1, 4),
        }
        for name, s in (
            ("content_overlap", result.content_overlap),
            ("content_exact", result.content_exact),
            ("speaker", result.speaker),
        )
    }
    return EvaluationResult("quotes", str(gold), figures, format_evaluation(result, errors=errors))


def _actors(gold: Path, extractor: Extractor, errors: bool) -> EvaluationResult:
    from tidings.nlp.evaluation import (
        evaluate_gsr_actors,
        format_gsr_actor_report,
        load_gsr_sentences,
    )

    report = evaluate_gsr_actors(
        load_gsr_sentences(gold), extractor.linker, extractor.nlp, errors=errors
    )
    text = format_gsr_actor_report(report, errors=10_000 if errors else 0)
    return EvaluationResult("actors", str(gold), report.as_dict(), text)


def _seed_actors(gold: Path, extractor: Extractor, errors: bool) -> EvaluationResult:
    from tidings.nlp.evaluation import evaluate_seed_actors, format_seed_actor_report

    data = json.loads(gold.read_text(encoding="utf-8"))
    report = evaluate_seed_actors(
        data, gold.parent.parent / "seeds", extractor.linker, extractor.nlp
    )
    figures = {"passed": report.passed, "total": report.total}
    return EvaluationResult("seed-actors", str(gold), figures, format_seed_actor_report(report))


def _stories(gold: Path, extractor: Extractor, errors: bool) -> EvaluationResult:
    from tidings.analysis import evaluate_stories, format_story_scores

    scores = evaluate_stories(gold)
    figures = dict(scores.as_dict())
    return EvaluationResult("stories", str(gold), figures, format_story_scores(scores))


def _extraction(gold: Path, extractor: Extractor, errors: bool) -> EvaluationResult:
    from tidings.ingest.evaluation import evaluate_extraction, format_extraction_report

    result = evaluate_extraction(gold)
    figures = {
        "pages": len(result.pages),
        "precision": round(result.precision, 4),
        "recall": round(result.recall, 4),
        "f1": round(result.f1, 4),
        "accuracy": round(result.accuracy, 4),
    }
    text = format_extraction_report(result, worst=len(result.pages) if errors else 10)
    return EvaluationResult("extraction", str(gold), figures, text)


def _prf(name: str, scores: Any) -> str:
    return (
        f"{name:<22} P {scores.precision:.3f}  R {scores.recall:.3f}  F1 {scores.f1:.3f}"
        f"  (tp {scores.tp}, fp {scores.fp}, fn {scores.fn})"
    )


SCORERS: dict[str, tuple[Scorer, Path]] = {
    "events": (_events, SHARED / "data" / "plover-gsr" / "plover-gsr.jsonl"),
    "seeds": (_seeds, SHARED / "gold" / "seeds.json"),
    "actors": (_actors, SHARED / "data" / "plover-gsr" / "plover-gsr.jsonl"),
    "seed-actors": (_seed_actors, SHARED / "gold" / "seeds.json"),
    "stories": (_stories, SHARED / "data" / "stories-ecbplus-dev"),
    "extraction": (_extraction, SHARED / "data" / "extraction"),
    "quotes": (_quotes, SHARED / "data" / "quotes-polnear-dev" / "polnear-dev.jsonl"),
}


def run_evaluation(
    name: str,
    gold: Path | None = None,
    *,
    nlp: Language | None = None,
    errors: bool = False,
    extractor: Extractor | None = None,
) -> EvaluationResult:
    """Score one gold set with the full pipeline; the gold path defaults to ../shared."""
    if name not in SCORERS:
        raise InputNotFoundError(f"no evaluation named '{name}'; choose from {sorted(SCORERS)}")
    scorer, default = SCORERS[name]
    path = gold or default
    if not path.exists():
        raise InputNotFoundError(f"gold data '{path}' for '{name}' does not exist")
    return scorer(path, extractor or build_extractor(nlp=nlp), errors)
