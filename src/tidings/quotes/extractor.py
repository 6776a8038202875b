"""The quote stage: one parsed article in, its quotes and claims out.

Reads a ``Doc`` and the actor layer's mentions; writes :class:`~tidings.models.Quote` and
:class:`~tidings.models.Claim` rows whose offsets index ``Article.text`` exactly. The work is
done in two passes: first every attribution is found with the token that names its speaker
(marks, then the parse); then, in text order, speakers become mentions. The second pass is
ordered because pronouns and cue-less follow-on quotes ("Stoltenberg warned last month.
“We live ...") can only be settled once the speakers before them are known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from tidings.models import Article, Claim, Mention, Quote, stable_id
from tidings.models import Span as TextSpan
from tidings.quotes.claims import Attributed, ClaimFinder
from tidings.quotes.direct import DirectReader, find_labelled
from tidings.quotes.indirect import Finding, could_speak, cue_at, find_indirect
from tidings.quotes.lexicon import CueLexicon
from tidings.quotes.marks import (
    ParagraphBreaks,
    QuotedSpans,
    paragraph_spans,
    scan_quotations,
)
from tidings.quotes.speakers import SpeakerResolver, SpokenBefore


class QuoteInputError(ValueError):
    """The Doc handed in was not parsed from the article's own text."""


@dataclass(frozen=True, kw_only=True)
class QuoteOptions:
    """Knobs of the quote stage; the defaults are the ones the evaluation gate measures.

    paragraphs: ``"line"`` ends a paragraph at every line break (feeds, extracted HTML);
        ``"blank-line"`` only at an empty line (hard-wrapped text).
    top_level_single: also read ‘single’ marks as outer quotations (British and headline
        style), with the stricter rules of :mod:`tidings.quotes.marks`.
    keep_unattributed_partials: keep partial quotations with no speaker; off because those
        are mostly scare quotes, not anyone's words.
    keep_unattributed_direct: keep full-sentence quotations whose speaker is unknown.
    indirect: read reported speech ("X said that ...") as well as quotation marks.
    claims: find claims at all; ``claims_from_neutral_speech`` also turns plainly reported
        statements ("X said that ...") into claims, so events inside them get a claimant.
    pronoun_sentences: how many sentences back a pronoun may look for its antecedent.
    keep_unresolved_pronouns: when a pronoun speaker ("..., he said") has no certain
        antecedent, keep the pronoun itself as the speaker mention (method
        ``quote-pronoun-unresolved``, no actor) instead of no speaker: the text names the
        speaker that far, and a reviewer can still follow it; off gives ``None``.
    """

    paragraphs: ParagraphBreaks = "line"
    top_level_single: bool = True
    keep_unattributed_partials: bool = False
    keep_unattributed_direct: bool = True
    indirect: bool = True
    claims: bool = True
    claims_from_neutral_speech: bool = True
    pronoun_sentences: int = 2
    keep_unresolved_pronouns: bool = True


@dataclass(frozen=True)
class QuoteResult:
    """Quotes and claims of one article, with each claimant's mention by claim id.

    A :class:`~tidings.models.Claim` names its claimant as an ``ActorRef``, without offsets;
    the mentions are kept here for scoring and for review screens that highlight them.
    """

    quotes: list[Quote]
    claims: list[Claim]
    claimants: dict[str, Mention]


class QuoteExtractor:
    """Finds quotes and claims with their speakers; one instance serves many documents."""

    def __init__(self, cues: CueLexicon, *, options: QuoteOptions = QuoteOptions()) -> None:
        self.cues = cues
        self.options = options

    def extract(
        self, doc: Doc, *, article: Article, mentions: Sequence[Mention]
    ) -> tuple[list[Quote], list[Claim]]:
        """Quotes (direct, partial, indirect) and claims of one article, in text order."""
        result = self.extract_detailed(doc, article=article, mentions=mentions)
        return result.quotes, result.claims

    def extract_detailed(
        self, doc: Doc, *, article: Article, mentions: Sequence[Mention]
    ) -> QuoteResult:
        """What :meth:`extract` gives, plus the claimants' mentions."""
        text = doc.text
        if text != article.text:
            raise QuoteInputError(
                f"article {article.id}: the Doc's text differs from Article.text; parse "
                "article.text itself so that quote offsets index it"
            )
        options = self.options
        paragraphs = paragraph_spans(text, breaks=options.paragraphs)
        marked = scan_quotations(
            text, breaks=options.paragraphs, top_level_single=options.top_level_single
        )
        quoted = QuotedSpans(marked)
        reader = DirectReader(doc, marked, cues=self.cues, paragraphs=paragraphs, text=text)
        turns = find_labelled(doc, paragraphs=paragraphs)
        findings = [f for f in reader.read() if not _opens_turn(f, turns, text)] + turns
        if options.indirect:
            findings += find_indirect(doc, self.cues, quoted=quoted, paragraphs=paragraphs)
        findings.sort(key=lambda f: (_anchor(f), f.start))

        resolver = SpeakerResolver(
            doc,
            cues=self.cues,
            mentions=mentions,
            quoted=quoted,
            pronoun_sentences=options.pronoun_sentences,
            keep_unresolved_pronouns=options.keep_unresolved_pronouns,
            text=text,
        )
        history: list[SpokenBefore] = []
        speech: list[tuple[Finding, Mention | None]] = []
        quotes: dict[tuple[int, int], Quote] = {}
        for finding in findings:
            speaker, rule = self._speaker(finding, doc, resolver, reader, history)
            if speaker is not None:
                history.append(
                    SpokenBefore(_last_end(finding, speaker), speaker, resolver.label_of(speaker))
                )
            if finding.kind == "indirect":
                speech.append((finding, speaker))
            if not self._keeps(finding, speaker):
                continue
            key = (finding.start, finding.end)
            if key not in quotes:
                quotes[key] = _quote(finding, speaker, rule, article=article, text=text)
        quote_list = sorted(quotes.values(), key=lambda q: (q.start, q.end))
        claims: list[Claim] = []
        claimants: dict[str, Mention] = {}
        if options.claims:
            attributed = [Attributed(q.start, q.end, q.speaker) for q in quote_list]
            finder = ClaimFinder(
                doc,
                article_id=article.id,
                cues=self.cues,
                resolve=lambda token: resolver.resolve(token, history),
                attributed=attributed,
                paragraphs=paragraphs,
                from_neutral_speech=options.claims_from_neutral_speech,
                text=text,
            )
            claims = finder.find(speech)
            claimants = finder.claimants
        return QuoteResult(quotes=quote_list, claims=claims, claimants=claimants)

    def _speaker(
        self,
        finding: Finding,
        doc: Doc,
        resolver: SpeakerResolver,
        reader: DirectReader,
        history: Sequence[SpokenBefore],
    ) -> tuple[Mention | None, str]:
        if finding.speaker is not None:
            speaker = resolver.resolve(finding.speaker, history, anchor=_anchor(finding))
            return speaker, finding.rule
        if not finding.follows_previous:
            return None, finding.rule
        return _previous_speaker(finding, doc, resolver, reader, history)

    def _keeps(self, finding: Finding, speaker: Mention | None) -> bool:
        """Whether a finding becomes a quote.

        Reported speech needs a speaker, or at least a pronoun subject that could not be
        resolved: the words are someone's even when it is unclear whose. A partial
        quotation is kept when a cue introduces it, for the same reason.
        """
        someone = speaker is not None or (
            finding.speaker is not None and finding.speaker.lower_ in self.cues.pronouns
        )
        if finding.kind == "indirect":
            return someone and finding.speech
        if someone:
            return True
        if finding.kind == "partial":
            return self.options.keep_unattributed_partials
        return self.options.keep_unattributed_direct


def _previous_speaker(
    finding: Finding,
    doc: Doc,
    resolver: SpeakerResolver,
    reader: DirectReader,
    history: Sequence[SpokenBefore],
) -> tuple[Mention | None, str]:
    """The speaker of a cue-less quotation: whoever spoke, or was the subject, just before.

    Only the sentence right before the quotation counts, and only within the same or the
    previous paragraph: further back, a change of speaker is too likely to have gone unseen.
    """
    opener = doc.char_span(finding.start, finding.start + 1, alignment_mode="expand")
    if opener is None or len(opener) == 0:
        return None, finding.rule
    sent = opener[0].sent
    if sent.start == 0:
        return None, finding.rule
    previous = doc[sent.start - 1].sent
    para_lo, _ = reader.paragraph_of(finding.start)
    prev_para_lo, _ = reader.paragraph_of(max(0, para_lo - 1))
    if previous.end_char <= prev_para_lo:
        return None, finding.rule
    for spoken in reversed(history):
        if previous.start_char <= spoken.position <= finding.start:
            return spoken.mention.model_copy(deep=True), "direct:previous-speaker"
    root = previous.root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None, finding.rule
    mention = resolver.resolve(subject, history)
    if mention is None:
        return None, finding.rule
    cue = cue_at(root, resolver.cues)
    if cue is not None and cue.speech and could_speak(subject, resolver.cues):
        # "The Kremlin said in a statement. “...”": a cue with no words of its own.
        return mention, "direct:previous-cue"
    if resolver.label_of(mention) != "PERSON":
        return None, finding.rule
    return mention, "direct:previous-subject"


def _opens_turn(finding: Finding, turns: Sequence[Finding], text: str) -> bool:
    """Whether a quotation starts at a labelled turn ("“PENCE: ..."), which supersedes it."""
    for turn in turns:
        if (
            turn.cue is not None
            and finding.start <= turn.cue[0]
            and "\n" not in text[finding.start : turn.cue[0]]
            and turn.start < finding.end
        ):
            return True
    return False


def _anchor(finding: Finding) -> int:
    """Where an attribution begins in the text: its speaker, cue or content, whichever first."""
    points = [finding.start]
    if finding.speaker is not None:
        points.append(finding.speaker.idx)
    if finding.cue is not None:
        points.append(finding.cue[0])
    return min(points)


def _last_end(finding: Finding, speaker: Mention) -> int:
    ends = [finding.end]
    if finding.cue is not None:
        ends.append(finding.cue[1])
    if finding.speaker is not None:
        ends.append(speaker.end)
    return max(ends)


def _quote(
    finding: Finding, speaker: Mention | None, rule: str, *, article: Article, text: str
) -> Quote:
    cue = None
    if finding.cue is not None:
        lo, hi = finding.cue
        cue = TextSpan(start=lo, end=hi, text=text[lo:hi])
    return Quote(
        id=stable_id(article.id, finding.start, finding.end),
        article_id=article.id,
        text=text[finding.start : finding.end],
        start=finding.start,
        end=finding.end,
        kind=finding.kind,
        speaker=speaker,
        cue=cue,
        provenance=f"quotes:{rule}",
    )
