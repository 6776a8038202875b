"""Scoring quotes and speakers against PolNeAR's attribution gold (``tidings evaluate quotes``).

PolNeAR annotates every attribution in 84 US political news articles: the content, the cue
and the source. Tidings' quotes are compared with those contents and sources. The match
rules are fixed here, because a score is only worth the definition behind it:

* **content, overlap**: a predicted quote matches a gold content when the characters they
  share are at least half of the *shorter* of the two (gold fragments of a discontinuous
  content count together). Half of the shorter lets a partial quote (``the “great
  prospects”``) match the whole reported clause it sits in, and lets one long gold quote
  broken by ``he said`` match each of its halves, without letting a stray word match.
* **content, exact**: the two texts are equal after trimming quotation marks, punctuation,
  whitespace and a leading "that", with inner whitespace collapsed.
* **speaker**: a correct pair is a predicted quote whose content overlap-matches a gold
  content and whose speaker mention overlaps that attribution's gold source (or whose
  antecedent starts inside it: a resolved pronoun points at the name). The mirror case is
  PolNeAR's relative pronouns: in "Gabuev, who said ..." the gold source is "who", while
  Tidings names the noun the relative stands for, as it does for pronouns; a speaker
  mention that ends right before a gold "who"/"which"/"that" source, with only a comma
  between, is that antecedent and counts.

Predictions are everything the extractor attributes: its quotes (direct, partial, indirect)
and its claims not already covered by a quote, since PolNeAR annotates beliefs and hedged
statements as well as speech; a claim's speaker is its claimant's mention. Precision counts
predictions that match some gold item; recall counts gold items matched by some prediction.
Several predictions may match one gold item (the halves of a broken quote), so this is a
many-to-one score, as in attribution-extraction work generally. Speaker precision is over
predictions that name a speaker, speaker recall over gold items that have a source, so an
honest "speaker unknown" costs recall but never precision. The report also shows the quotes
alone, and the subset of gold contents that are quotations (they open with a quotation mark).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc

from tidings.models import Article, Mention
from tidings.quotes.extractor import QuoteExtractor
from tidings.quotes.lexicon import load_cue_lexicon
from tidings.quotes.speakers import entity_mentions

Spans = tuple[tuple[int, int], ...]
ErrorKind = Literal["missed", "spurious", "wrong-speaker"]
DEFAULT_DATA = Path("../shared/data/quotes-polnear-dev/polnear-dev.jsonl")
_QUOTE_MARKS = "\"'“”‘’«»„‹›"
_RELATIVES = frozenset({"who", "which", "that"})
_RELATIVE_GAP = re.compile(r"\s*,?\s*")
_TRIM = re.compile(rf"^[\s{_QUOTE_MARKS}.,;:!?—–-]+|[\s{_QUOTE_MARKS}.,;:!?—–-]+$")


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution: content and source as fragments of the article text."""

    id: str
    content: Spans
    source: Spans
    content_text: str
    source_text: str | None

    @property
    def direct(self) -> bool:
        """A quotation in the article (PolNeAR's contents that open with a quotation mark)."""
        return self.content_text[:1] in _QUOTE_MARKS


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    attributions: tuple[GoldAttribution, ...]


@dataclass(frozen=True)
class Predicted:
    """A prediction reduced to what is scored: content span, speaker span, and provenance."""

    start: int
    end: int
    text: str
    speaker: Spans  # the speaker mention, and where its antecedent starts
    speaker_text: str | None
    kind: str
    rule: str


@dataclass(frozen=True)
class Score:
    """Precision over predictions, recall over gold items."""

    matched_predicted: int
    predicted: int
    matched_gold: int
    gold: int

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.matched_predicted + other.matched_predicted,
            self.predicted + other.predicted,
            self.matched_gold + other.matched_gold,
            self.gold + other.gold,
        )


@dataclass(frozen=True)
class QuoteError:
    """One disagreement with the gold, for ``--errors``."""

    article_id: str
    kind: ErrorKind
    text: str
    gold_source: str | None = None
    predicted_speaker: str | None = None
    rule: str | None = None


@dataclass
class QuoteEvaluation:
    """All scores of one run, plus the disagreements behind them."""

    articles: int
    content_overlap: Score = field(default_factory=lambda: Score(0, 0, 0, 0))
    content_exact: Score = field(default_factory=lambda: Score(0, 0, 0, 0))
    speaker: Score = field(default_factory=lambda: Score(0, 0, 0, 0))
    direct: Score = field(default_factory=lambda: Score(0, 0, 0, 0))
    direct_speaker: Score = field(default_factory=lambda: Score(0, 0, 0, 0))
    quotes_only: Score = field(default_factory=lambda: Score(0, 0, 0, 0))
    errors: list[QuoteError] = field(default_factory=list)


def load_polnear(path: Path) -> list[GoldArticle]:
    """Articles of the converted PolNeAR JSONL, sorted by id."""
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        gold = _gold(row["attributions"])
        articles.append(GoldArticle(id=row["id"], text=row["text"], attributions=gold))
    return sorted(articles, key=lambda a: a.id)


def _gold(rows: list[dict]) -> tuple[GoldAttribution, ...]:
    return tuple(
        GoldAttribution(
            id=a["id"],
            content=_spans(a["content"]),
            source=_spans(a["source"]),
            content_text=a["content"]["text"],
            source_text=a["source"]["text"] if a["source"] else None,
        )
        for a in rows
        if a.get("content")
    )


def every_nth(articles: Sequence[GoldArticle], *, step: int = 4) -> list[GoldArticle]:
    """A fixed sample: every ``step``-th article by sorted id, starting with the first."""
    return sorted(articles, key=lambda a: a.id)[::step]


def predict(
    article: GoldArticle,
    doc: Doc,
    extractor: QuoteExtractor,
    *,
    mentions: Sequence[Mention],
    with_claims: bool = False,
) -> list[Predicted]:
    """The extractor's quotes for one article (and its new claims, when asked)."""
    result = extractor.extract_detailed(
        doc, article=Article(id=article.id, text=article.text), mentions=mentions
    )
    out = [
        Predicted(
            start=quote.start,
            end=quote.end,
            text=quote.text,
            speaker=_speaker_spans(quote.speaker),
            speaker_text=quote.speaker.text if quote.speaker else None,
            kind=quote.kind,
            rule=quote.provenance,
        )
        for quote in result.quotes
    ]
    if with_claims:
        quoted = [((p.start, p.end),) for p in out]
        for claim in result.claims:
            if any(_overlaps(((claim.start, claim.end),), q) for q in quoted):
                continue
            claimant = result.claimants.get(claim.id)
            out.append(
                Predicted(
                    start=claim.start,
                    end=claim.end,
                    text=claim.text,
                    speaker=_speaker_spans(claimant),
                    speaker_text=claimant.text if claimant else None,
                    kind="claim",
                    rule=claim.provenance,
                )
            )
    return out


def _speaker_spans(mention: Mention | None) -> Spans:
    if mention is None:
        return ()
    spans: Spans = ((mention.start, mention.end),)
    if mention.antecedent is not None:
        spans += ((mention.antecedent, mention.antecedent + 1),)
    return spans


def score_article(
    gold: GoldArticle, predicted: Sequence[Predicted], result: QuoteEvaluation
) -> None:
    """Adds one article's counts and errors to ``result``."""
    golds = gold.attributions
    overlap = [[_overlaps(((p.start, p.end),), g.content) for g in golds] for p in predicted]
    exact = [[_same_text(p.text, g.content_text) for g in golds] for p in predicted]
    pairs = [
        [
            overlap[i][j]
            and (_speaker_hits(p.speaker, g.source) or _antecedent_of_relative(p, g, gold.text))
            for j, g in enumerate(golds)
        ]
        for i, p in enumerate(predicted)
    ]
    everything = list(range(len(predicted)))
    every_gold = list(range(len(golds)))
    quotes = [i for i, p in enumerate(predicted) if p.kind != "claim"]
    marked = [i for i, p in enumerate(predicted) if p.kind in ("direct", "partial")]
    direct = [j for j, g in enumerate(golds) if g.direct]
    result.content_overlap += _score(overlap, everything, every_gold)
    result.content_exact += _score(exact, everything, every_gold)
    result.speaker += _pair_score(pairs, predicted, everything, golds, every_gold)
    result.quotes_only += _score(overlap, quotes, every_gold)
    result.direct += _score(overlap, marked, direct)
    result.direct_speaker += _pair_score(pairs, predicted, marked, golds, direct)
    _collect_errors(gold, predicted, overlap, pairs, result)


def _score(matches: list[list[bool]], rows: Sequence[int], columns: Sequence[int]) -> Score:
    """Matched predictions among ``rows`` and matched gold items among ``columns``."""
    return Score(
        sum(1 for i in rows if any(matches[i])),
        len(rows),
        sum(1 for j in columns if any(matches[i][j] for i in rows)),
        len(columns),
    )


def _pair_score(
    pairs: list[list[bool]],
    predicted: Sequence[Predicted],
    rows: Sequence[int],
    golds: Sequence[GoldAttribution],
    columns: Sequence[int],
) -> Score:
    """Like :func:`_score`, over predictions with a speaker and gold items with a source."""
    spoken = [i for i in rows if predicted[i].speaker]
    sourced = [j for j in columns if golds[j].source]
    return Score(
        sum(1 for i in spoken if any(pairs[i])),
        len(spoken),
        sum(1 for j in sourced if any(pairs[i][j] for i in spoken)),
        len(sourced),
    )


def evaluate(
    articles: Iterable[GoldArticle],
    *,
    nlp: Language,
    extractor: QuoteExtractor | None = None,
    mentions_for: Callable[[Doc], list[Mention]] = entity_mentions,
) -> QuoteEvaluation:
    """Runs the extractor over gold articles and scores it (mentions from NER by default)."""
    extractor = extractor or QuoteExtractor(load_cue_lexicon())
    chosen = list(articles)
    result = QuoteEvaluation(articles=len(chosen))
    docs = nlp.pipe(a.text for a in chosen)
    for article, doc in zip(chosen, docs, strict=True):
        predicted = predict(article, doc, extractor, mentions=mentions_for(doc), with_claims=True)
        score_article(article, predicted, result)
    return result


def evaluate_polnear(
    path: Path = DEFAULT_DATA,
    *,
    nlp: Language,
    extractor: QuoteExtractor | None = None,
    sample_step: int | None = None,
) -> QuoteEvaluation:
    """The quote evaluation on the PolNeAR dev file, whole or as the fixed sample."""
    articles = load_polnear(path)
    if sample_step:
        articles = every_nth(articles, step=sample_step)
    return evaluate(articles, nlp=nlp, extractor=extractor)


def annotator_agreement(path: Path = DEFAULT_DATA) -> QuoteEvaluation:
    """The human ceiling: PolNeAR's annotators scored against each other, every ordered pair.

    Only the articles with several annotators (``other_annotations``) take part; each
    annotator's attributions are scored as predictions against each other annotator's.
    """
    result = QuoteEvaluation(articles=0)
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        if not row.get("other_annotations"):
            continue
        result.articles += 1
        versions = {row["annotator"]: row["attributions"], **row["other_annotations"]}
        for one, other in itertools.permutations(versions, 2):
            gold = GoldArticle(row["id"], row["text"], _gold(versions[other]))
            predicted = [
                Predicted(
                    start=g.content[0][0],
                    end=g.content[-1][1],
                    text=g.content_text,
                    speaker=g.source,
                    speaker_text=g.source_text,
                    kind="direct" if g.direct else "indirect",
                    rule=f"annotator:{one}",
                )
                for g in _gold(versions[one])
            ]
            score_article(gold, predicted, result)
    return result


def format_evaluation(result: QuoteEvaluation, *, errors: bool = False, limit: int = 200) -> str:
    """A plain-text report; with ``errors`` the disagreements follow the table."""
    rows = [
        ("content (overlap)", result.content_overlap),
        ("content (exact)", result.content_exact),
        ("speaker (pairs)", result.speaker),
        ("direct quotes", result.direct),
        ("direct speaker", result.direct_speaker),
        ("quotes only (overlap)", result.quotes_only),
    ]
    lines = [
        f"quotes on {result.articles} articles",
        f"{'measure':<22}{'P':>7}{'R':>7}{'F1':>7}   pred    gold",
    ]
    for name, s in rows:
        lines.append(
            f"{name:<22}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}"
            f"   {s.matched_predicted}/{s.predicted}  {s.matched_gold}/{s.gold}"
        )
    if errors:
        lines.append("")
        for error in result.errors[:limit]:
            lines.append(
                f"{error.kind:<14}{error.article_id[:40]:<41}{_clip(error.text)!r}"
                f" gold={error.gold_source!r} got={error.predicted_speaker!r} rule={error.rule}"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tidings.quotes.evaluation [--data PATH] [--sample N] [--errors]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sample", type=int, default=None, help="every Nth article by id")
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--ceiling", action="store_true", help="annotators against each other")
    args = parser.parse_args(argv)
    if args.ceiling:
        print(format_evaluation(annotator_agreement(args.data)))
        return 0
    from tidings.nlp import build_pipeline

    result = evaluate_polnear(args.data, nlp=build_pipeline(), sample_step=args.sample)
    print(format_evaluation(result, errors=args.errors))
    return 0


def _collect_errors(
    gold: GoldArticle,
    predicted: Sequence[Predicted],
    overlap: list[list[bool]],
    pairs: list[list[bool]],
    result: QuoteEvaluation,
) -> None:
    for j, g in enumerate(gold.attributions):
        hits = [i for i in range(len(predicted)) if overlap[i][j]]
        if not hits:
            result.errors.append(QuoteError(gold.id, "missed", g.content_text, g.source_text))
        elif g.source and not any(pairs[i][j] for i in hits):
            best = predicted[hits[0]]
            result.errors.append(
                QuoteError(
                    gold.id,
                    "wrong-speaker",
                    g.content_text,
                    g.source_text,
                    best.speaker_text,
                    best.rule,
                )
            )
    for i, p in enumerate(predicted):
        if not any(overlap[i]):
            result.errors.append(
                QuoteError(gold.id, "spurious", p.text, None, p.speaker_text, p.rule)
            )


def _spans(role: dict | None) -> Spans:
    if not role:
        return ()
    return tuple((int(lo), int(hi)) for lo, hi in role["spans"])


def _overlaps(predicted: Spans, gold: Spans) -> bool:
    """Shared characters are at least half of the shorter side (module docstring)."""
    size_p = sum(hi - lo for lo, hi in predicted)
    size_g = sum(hi - lo for lo, hi in gold)
    if not size_p or not size_g:
        return False
    shared = sum(
        max(0, min(hi_p, hi_g) - max(lo_p, lo_g)) for lo_p, hi_p in predicted for lo_g, hi_g in gold
    )
    return shared * 2 >= min(size_p, size_g)


def _speaker_hits(speaker: Spans, source: Spans) -> bool:
    return any(lo < s_hi and hi > s_lo for lo, hi in speaker for s_lo, s_hi in source)


def _antecedent_of_relative(predicted: Predicted, gold: GoldAttribution, text: str) -> bool:
    """Whether the speaker is the noun a gold relative-pronoun source stands for."""
    if not predicted.speaker or (gold.source_text or "").lower() not in _RELATIVES:
        return False
    _, end = predicted.speaker[0]
    start = gold.source[0][0]
    return end <= start and _RELATIVE_GAP.fullmatch(text[end:start]) is not None


def _normal(text: str) -> str:
    trimmed = _TRIM.sub("", " ".join(text.split()))
    if trimmed.lower().startswith("that "):
        trimmed = _TRIM.sub("", trimmed[5:])
    return trimmed.lower()


def _same_text(predicted: str, gold: str) -> bool:
    return bool(predicted.strip()) and _normal(predicted) == _normal(gold)


def _clip(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


if __name__ == "__main__":
    raise SystemExit(main())
