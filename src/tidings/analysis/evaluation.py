"""Scoring story clustering against gold clusters (the ECB+ sample under shared/data).

``evaluate_stories(path)`` clusters every document of a gold file and compares the result to
the gold stories with B-cubed precision/recall/F1 (how pure and how complete each article's
cluster is) and the adjusted Rand index (pair agreement corrected for chance). It also counts
"confusions": pairs of gold stories of one topic that share a predicted cluster, the hard
negatives (two earthquakes on one island) that a story clusterer must keep apart.

Documents are fed in a fixed shuffled order, not the file's (which is sorted by topic), since
an online clusterer would otherwise be scored on an unrealistically tidy stream; ``seeds``
averages over several orders. The gold file format is described in the data set's README:
JSON Lines with ``id``, ``topic``, ``subtopic``, ``title``, ``text`` and an optional noisy
``date`` string.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tidings.analysis.stories import StoryDocument, StoryOptions, cluster_documents

GOLD_FILE = "ecbplus-dev.jsonl"

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<mon>[A-Za-z]{3,9})\.?"
_DATE_PATTERNS = (
    re.compile(_MONTH + r"\s+(?P<d>\d{1,2})\s*,?\s+(?P<y>(?:19|20)\d\d)"),
    re.compile(r"(?P<d>\d{1,2})\s+" + _MONTH + r",?\s+(?P<y>(?:19|20)\d\d)"),
    re.compile(r"(?P<y>(?:19|20)\d\d)\s*-\s*(?P<m>\d{1,2})\s*-\s*(?P<d>\d{1,2})"),
    re.compile(r"(?P<m>\d{1,2})\s*/\s*(?P<d>\d{1,2})\s*/\s*(?P<y>(?:19|20)?\d\d)\b"),
)


@dataclass(frozen=True)
class GoldDocument:
    id: str
    story: tuple[str, str]  # (topic, subtopic): the gold story
    document: StoryDocument


@dataclass(frozen=True, kw_only=True)
class StoryScores:
    """How predicted stories compare with gold ones; every figure is in [0, 1] except ARI."""

    documents: int
    gold_stories: int
    predicted_stories: int
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    adjusted_rand: float
    confused_pairs: int  # same-topic gold story pairs merged somewhere
    topic_pairs: int  # same-topic gold story pairs there are
    orders: int = 1  # shuffled orders averaged over

    def as_dict(self) -> dict[str, float | int]:
        return dict(self.__dict__)


def parse_loose_date(raw: str | None) -> date | None:
    """The first plausible calendar date in a noisy date line ("Updated : May 2, 2013 ...")."""
    if not raw:
        return None
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(raw):
            parts = match.groupdict()
            month = _MONTHS.get(parts["mon"].lower()) if parts.get("mon") else int(parts["m"] or 0)
            year = int(parts["y"])
            year += 2000 if year < 100 else 0
            try:
                return date(year, month or 0, int(parts["d"]))
            except ValueError:
                continue
    return None


def load_gold(path: str | Path) -> list[GoldDocument]:
    """The gold documents of a file, or of ``ecbplus-dev.jsonl`` inside a folder."""
    source = Path(path)
    if source.is_dir():
        source = source / GOLD_FILE
    documents: list[GoldDocument] = []
    with source.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            title = str(row.get("title") or "")
            text = " ".join(p for p in (title, str(row.get("text") or "")) if p)
            document = StoryDocument(
                article_id=str(row["id"]), text=text, published=parse_loose_date(row.get("date"))
            )
            story = (str(row["topic"]), str(row["subtopic"]))
            documents.append(GoldDocument(id=str(row["id"]), story=story, document=document))
    return documents


def bcubed(
    predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]
) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over the items both labellings share."""
    items = [i for i in gold if i in predicted]
    if not items:
        return 0.0, 0.0, 0.0
    by_pred: dict[Hashable, set[str]] = defaultdict(set)
    by_gold: dict[Hashable, set[str]] = defaultdict(set)
    for i in items:
        by_pred[predicted[i]].add(i)
        by_gold[gold[i]].add(i)
    precision = recall = 0.0
    for i in items:
        mine, truth = by_pred[predicted[i]], by_gold[gold[i]]
        shared = len(mine & truth)
        precision += shared / len(mine)
        recall += shared / len(truth)
    precision /= len(items)
    recall /= len(items)
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return precision, recall, f1


def adjusted_rand(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> float:
    """The adjusted Rand index (Hubert & Arabie) from the contingency table of the labels."""
    items = [i for i in gold if i in predicted]
    n = len(items)
    if n < 2:
        return 1.0
    table = Counter((predicted[i], gold[i]) for i in items)
    rows = Counter(predicted[i] for i in items)
    cols = Counter(gold[i] for i in items)

    def pairs(k: int) -> float:
        return k * (k - 1) / 2

    index = sum(pairs(k) for k in table.values())
    row_sum = sum(pairs(k) for k in rows.values())
    col_sum = sum(pairs(k) for k in cols.values())
    expected = row_sum * col_sum / pairs(n)
    maximum = (row_sum + col_sum) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def _confusions(predicted: Mapping[str, Hashable], gold: Sequence[GoldDocument]) -> tuple[int, int]:
    """(merged, total) same-topic pairs of gold stories."""
    stories_by_topic: dict[str, set[str]] = defaultdict(set)
    clusters: dict[tuple[str, str], set[Hashable]] = defaultdict(set)
    for doc in gold:
        stories_by_topic[doc.story[0]].add(doc.story[1])
        clusters[doc.story].add(predicted[doc.id])
    merged = total = 0
    for topic, subs in stories_by_topic.items():
        ordered = sorted(subs)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                total += 1
                if clusters[(topic, a)] & clusters[(topic, b)]:
                    merged += 1
    return merged, total


def score_clustering(
    predicted: Mapping[str, Hashable], gold: Sequence[GoldDocument]
) -> StoryScores:
    """Scores of one predicted labelling against the gold documents."""
    truth = {doc.id: doc.story for doc in gold}
    precision, recall, f1 = bcubed(predicted, truth)
    merged, total = _confusions(predicted, gold)
    return StoryScores(
        documents=len(gold),
        gold_stories=len(set(truth.values())),
        predicted_stories=len({predicted[d.id] for d in gold}),
        bcubed_precision=precision,
        bcubed_recall=recall,
        bcubed_f1=f1,
        adjusted_rand=adjusted_rand(predicted, truth),
        confused_pairs=merged,
        topic_pairs=total,
    )


def evaluate_stories(
    path: str | Path,
    *,
    options: StoryOptions | None = None,
    seeds: Sequence[int] = (0, 1, 2),
    topics: Sequence[int | str] | None = None,
) -> StoryScores:
    """Cluster the gold documents in each seeded order; return the mean scores.

    ``topics`` keeps only those topics (a fast sample for the test gate).
    """
    gold = load_gold(path)
    if topics is not None:
        keep = {str(t) for t in topics}
        gold = [d for d in gold if d.story[0] in keep]
    runs: list[StoryScores] = []
    for seed in seeds:
        order = _firehose_order(gold, seed)
        predicted = dict(cluster_documents((d.document for d in order), options=options))
        runs.append(score_clustering(predicted, gold))
    return _mean(runs)


def _firehose_order(gold: Sequence[GoldDocument], seed: int) -> list[GoldDocument]:
    """A seeded shuffle in which the dated documents come in date order.

    A news stream is roughly chronological, and the clusterer closes stories by article time,
    so dated documents keep their order; undated ones fall anywhere among them.
    """
    order = list(gold)
    random.Random(seed).shuffle(order)
    dated = sorted(
        (d for d in order if d.document.published),
        key=lambda d: d.document.published or date.min,
    )
    slots = iter(dated)
    return [next(slots) if d.document.published else d for d in order]


def _mean(runs: Sequence[StoryScores]) -> StoryScores:
    def avg(name: str) -> float:
        return sum(float(getattr(r, name)) for r in runs) / len(runs)

    first = runs[0]
    return StoryScores(
        documents=first.documents,
        gold_stories=first.gold_stories,
        predicted_stories=round(avg("predicted_stories")),
        bcubed_precision=avg("bcubed_precision"),
        bcubed_recall=avg("bcubed_recall"),
        bcubed_f1=avg("bcubed_f1"),
        adjusted_rand=avg("adjusted_rand"),
        confused_pairs=round(avg("confused_pairs")),
        topic_pairs=first.topic_pairs,
        orders=len(runs),
    )


def format_story_scores(scores: StoryScores) -> str:
    """A few plain lines for a terminal or a log."""
    return "\n".join(
        (
            f"story clustering on {scores.documents} documents "
            f"({scores.gold_stories} gold stories, mean of {scores.orders} orders)",
            f"  predicted stories  {scores.predicted_stories}",
            f"  B-cubed precision  {scores.bcubed_precision:.3f}",
            f"  B-cubed recall     {scores.bcubed_recall:.3f}",
            f"  B-cubed F1         {scores.bcubed_f1:.3f}",
            f"  adjusted Rand      {scores.adjusted_rand:.3f}",
            f"  same-topic stories merged  {scores.confused_pairs} of {scores.topic_pairs} pairs",
        )
    )
