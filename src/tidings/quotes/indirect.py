"""Cue verbs and reported (indirect) speech: "X said that ...", "..., X warned", "according to X".

Reported speech has no marks, so it is read from the dependency parse: a cue verb from the
lexicon, its subject as the speaker, and the clause it governs as the content. A cue without
a content clause ("added sugar", "praised the plan") yields nothing here; that requirement
is what keeps ambiguous verbs such as *add* or *note* from turning every sentence into a
quote. Content already inside quotation marks is left to the direct-quote reader.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from tidings.models import QuoteKind
from tidings.quotes.lexicon import CueLexicon, VerbCue
from tidings.quotes.marks import QuotedSpans
from tidings.quotes.speakers import subject_of, token_spans_inside

# Words trimmed from the edges of a content span: the complementizer and punctuation.
_LEADING = frozenset({"that", ",", ":", ";", "-", "–", "—"})
_MIN_CONTENT_WORDS = 2
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


@dataclass(frozen=True)
class Finding:
    """An attribution read from the text, before its speaker is turned into a mention.

    ``start:end`` is the content; ``rule`` is the provenance ("indirect:ccomp:say").
    ``follows_previous`` marks a direct quote with no cue of its own, which takes the
    speaker of the sentence before it once earlier speakers are known.
    """

    kind: QuoteKind
    start: int
    end: int
    rule: str
    speaker: Token | None = None
    cue: tuple[int, int] | None = None
    cue_lemma: str | None = None
    stance: str | None = None
    speech: bool = True
    follows_previous: bool = False


def cue_at(token: Token, cues: CueLexicon) -> VerbCue | None:
    """The lexicon entry for a token used as a verb, phrasal entries ("point out") first."""
    if token.pos_ not in ("VERB", "AUX") and not token.tag_.startswith("VB"):
        return None
    if token.dep_ in ("amod", "compound"):
        return None
    particle = None
    wanted = cues.particles(token.lemma_)
    if wanted:
        for child in token.rights:
            if child.dep_ in ("prt", "prep") and child.lower_ in wanted and child.i <= token.i + 2:
                particle = child.lower_
                break
    return cues.verb(token.lemma_, particle=particle)


def could_speak(subject: Token, cues: CueLexicon) -> bool:
    """Whether a subject can be the source of reported speech.

    Names, entities and personal pronouns can; of common nouns only people, bodies and
    documents can ("the ministry", "officials", "the report"). This keeps a writer's own
    inferences ("The pace of the talks suggests that ...") out of the quotes.
    """
    if subject.pos_ == "PROPN" or subject.ent_type_:
        return True
    if subject.lower_ in cues.pronouns or subject.lower_ in ("who", "i", "you"):
        return True
    return cues.can_speak(subject.lemma_) or cues.can_speak(subject.lower_)


def cue_span(token: Token, cue: VerbCue) -> tuple[int, int]:
    """Characters of the cue words: the verb, and its particle for a two-word cue."""
    end = token.idx + len(token)
    if cue.particle is not None:
        for child in token.rights:
            if child.lower_ == cue.particle:
                end = child.idx + len(child)
                break
    return token.idx, end


def is_passive(token: Token) -> bool:
    return any(child.dep_ in ("auxpass", "nsubjpass") for child in token.children)


def find_indirect(
    doc: Doc,
    cues: CueLexicon,
    *,
    quoted: QuotedSpans,
    paragraphs: Sequence[tuple[int, int]] = (),
    max_quoted_share: float = 0.8,
) -> list[Finding]:
    """Every reported-speech or reported-belief clause with a speaker, in text order.

    ``quoted`` holds the spans of direct quotations: cues inside them belong to the quoted
    speaker's own words, and content mostly inside them is already a direct quote. The
    parser can run a sentence over a line break (a headline has no full stop), so content
    is cut back to the cue's paragraph, and a speaker outside it is not trusted.
    """
    found: list[Finding] = []
    starts = [lo for lo, _ in paragraphs]
    for token in doc:
        according = token.lower_ == "according"
        if not according and token.pos_ not in ("VERB", "AUX") and token.tag_[:2] != "VB":
            continue  # the cheap test first: most tokens are no cue
        if token_spans_inside(token, quoted):
            continue
        following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        if according and following == "to":
            finding = _according_to(token, cues)
        else:
            finding = _verb_finding(token, cues)
        if finding is None:
            continue
        if finding.speaker is not None and token_spans_inside(finding.speaker, quoted):
            continue  # the parse took quoted words for the speaker
        if paragraphs:
            finding = _within_paragraph(finding, token, paragraphs[_paragraph(starts, token.idx)])
            if finding is None:
                continue
        if finding.end - finding.start < 2:
            continue
        if quoted.share(finding.start, finding.end) >= max_quoted_share:
            continue
        found.append(finding)
    return found


def _paragraph(starts: Sequence[int], char: int) -> int:
    return max(0, bisect_right(starts, char) - 1)


def _within_paragraph(finding: Finding, cue: Token, paragraph: tuple[int, int]) -> Finding | None:
    lo, hi = paragraph
    if finding.speaker is not None and not lo <= finding.speaker.idx < hi:
        return None
    start, end = max(finding.start, lo), min(finding.end, hi)
    if (start, end) == (finding.start, finding.end):
        return finding
    doc = cue.doc
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or len(span) == 0:
        return None
    trimmed = _trim(span[0], span[-1])
    if trimmed is None:
        return None
    first, last = trimmed
    return replace(finding, start=first.idx, end=last.idx + len(last))


def _verb_finding(token: Token, cues: CueLexicon) -> Finding | None:
    cue = cue_at(token, cues)
    if cue is None or cue.frame_only or is_passive(token):
        return None
    speaker = subject_of(token)
    if speaker is None:
        return None
    content = _content(token, cue, cues)
    if content is None:
        return None
    first, last, pattern = content
    if first.i < token.i < last.i:
        # "what Trump says his plan would do": the wh-word fronted before the speaker
        # belongs to the content, but the speaker and cue between do not.
        after = _trim(token.doc[token.i + 1], last)
        if after is None:
            return None
        first, last = after
    if first.i <= speaker.i <= last.i:
        return None  # the parse put the speaker inside its own words: not trustworthy
    return Finding(
        kind="indirect",
        start=first.idx,
        end=last.idx + len(last),
        rule=f"indirect:{pattern}:{cue.lemma}" + (f"-{cue.particle}" if cue.particle else ""),
        speaker=speaker,
        cue=cue_span(token, cue),
        cue_lemma=cue.lemma if cue.particle is None else f"{cue.lemma} {cue.particle}",
        stance=cue.stance,
        # "The data suggest that ...": a claim resting on the data, but nobody's speech.
        speech=cue.speech and could_speak(speaker, cues),
    )


def _content(token: Token, cue: VerbCue, cues: CueLexicon) -> tuple[Token, Token, str] | None:
    """The first and last token of a cue's content, and which pattern found it."""
    children = list(token.children)
    by_dep: dict[str, Token] = {}
    for child in children:
        by_dep.setdefault(child.dep_, child)
    for pattern in cue.content:
        span: tuple[Token, Token] | None = None
        if pattern == "ccomp" and "ccomp" in by_dep:
            span = _clause(by_dep["ccomp"], cues)
        elif pattern == "xcomp" and "xcomp" in by_dep and "dobj" not in by_dep:
            span = _subtree(by_dep["xcomp"])
        elif pattern == "obj+xcomp" and "dobj" in by_dep and "xcomp" in by_dep:
            span = _join(by_dep["dobj"], by_dep["xcomp"])
        elif pattern == "obj+of" and "dobj" in by_dep:
            of = _preposition(children, "of")
            if of is not None:
                span = _join(by_dep["dobj"], of)
        elif pattern == "obj+oprd" and "dobj" in by_dep and "oprd" in by_dep:
            span = _join(by_dep["dobj"], by_dep["oprd"])
        elif pattern == "obj+as" and "dobj" in by_dep:
            as_ = _preposition(children, "as")
            if as_ is not None:
                span = _join(by_dep["dobj"], as_)
        elif pattern in ("of", "for", "about"):
            prep = _preposition(children, pattern)
            objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")] if prep else []
            if objects:
                span = _subtree(objects[0])
        elif pattern == "on+xcomp" and "xcomp" in by_dep:
            # "called on Obama to retaliate": the one asked, then what they are asked to do.
            on = next((c for c in children if c.lower_ == "on" and c.i == token.i + 1), None)
            objects = [c for c in on.children if c.dep_ == "pobj"] if on is not None else []
            if objects:
                span = _join(objects[0], by_dep["xcomp"])
        elif pattern == "dobj" and "dobj" in by_dep and by_dep["dobj"].pos_ != "PRON":
            span = _subtree(by_dep["dobj"])
        if span is not None:
            trimmed = _trim(*span)
            if trimmed is not None:
                return trimmed[0], trimmed[1], pattern
    misread = _clause_read_as_object(token, cue, by_dep)
    if misread is not None:
        return misread[0], misread[1], "ccomp-as-dobj"
    if token.dep_ == "parataxis" and token.head.pos_ in ("VERB", "AUX"):
        # "So too, the ministry says, is Tehran": the cue sits inside the clause it reports.
        side = _side_of(token.head, token)
        if side is not None:
            return side[0], side[1], "parataxis"
    return None


def _clause_read_as_object(
    token: Token, cue: VerbCue, by_dep: dict[str, Token]
) -> tuple[Token, Token] | None:
    """``said many of the examples ... failed to note ...``: a clause parsed as an object.

    The parser often takes the subject of a reported clause without "that" for the cue's
    object and hangs the clause's verb inside it. A verb that takes a clause, with no clause
    but an object holding a finite verb, is read as reporting that whole stretch. Verbs of
    thinking are left out: "assume a role in which ..." and "consider X, who ..." are
    objects far more often than misread clauses.
    """
    if not cue.speech or "ccomp" not in cue.content:
        return None
    if "ccomp" in by_dep or "dobj" not in by_dep:
        return None
    obj = by_dep["dobj"]
    if obj.pos_ == "PRON" or obj.i < token.i:
        return None
    words = obj.doc[obj.left_edge.i : obj.right_edge.i + 1]
    if not any(t.tag_ in _FINITE for t in words if t is not obj):
        return None
    return _trim(obj.left_edge, obj.right_edge)


def _according_to(token: Token, cues: CueLexicon) -> Finding | None:
    if "according to" not in cues.phrases:
        return None
    to = token.doc[token.i + 1]
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects:
        return None
    source = objects[0]
    phrase_end = source.right_edge
    sent = token.sent
    before = _trim(sent[0], token.doc[token.i - 1]) if token.i > sent.start else None
    rest = token.doc[phrase_end.i + 1 : sent.end]
    if before is None and all(t.is_punct or t.is_space for t in rest):
        # "According to X, the move reeks of fear.": when the parse hangs the whole clause
        # on the source, the comma after the source is where the reported words begin.
        comma = next((t for t in token.doc[source.i + 1 : phrase_end.i] if t.text == ","), None)
        if comma is not None:
            phrase_end = token.doc[comma.i - 1]
    after = _trim(token.doc[phrase_end.i + 1], sent[-1]) if phrase_end.i + 1 < sent.end else None
    chosen: tuple[Token, Token] | None = before or after
    if before is not None and after is not None:
        chosen = before if sent.root.i < token.i else after
    if chosen is None:
        return None
    return Finding(
        kind="indirect",
        start=chosen[0].idx,
        end=chosen[1].idx + len(chosen[1]),
        rule="indirect:according-to",
        speaker=source,
        cue=(token.idx, to.idx + len(to)),
        cue_lemma="according to",
        stance=cues.phrases["according to"],
    )


def _side_of(head: Token, cue: Token) -> tuple[Token, Token] | None:
    """The part of ``head``'s clause on the side of the head word, without the cue's clause."""
    lo, hi = cue.left_edge.i, cue.right_edge.i
    clause_lo, clause_hi = head.left_edge.i, head.right_edge.i
    doc = head.doc
    if head.i > hi and hi + 1 <= clause_hi:
        return _trim(doc[hi + 1], doc[clause_hi])
    if head.i < lo and clause_lo <= lo - 1:
        return _trim(doc[clause_lo], doc[lo - 1])
    return None


def _preposition(children: list[Token], word: str) -> Token | None:
    for child in children:
        if child.dep_ in ("prep", "prt") and child.lower_ == word:
            return child
    return None


def _clause(head: Token, cues: CueLexicon) -> tuple[Token, Token]:
    """A content clause without a later conjunct that reports someone else's speech.

    In "what Trump says his plan would do and how experts say it would shape tax law" the
    parse joins the experts' clause to Trump's content; it is their words, not his.
    """
    last = head.right_edge.i
    doc = head.doc
    for child in head.rights:
        if child.dep_ != "conj" or not any(c.dep_ == "nsubj" for c in child.children):
            continue
        entry = cue_at(child, cues)
        if entry is not None and entry.speech:
            last = child.left_edge.i - 1
            while last > head.i and (doc[last].dep_ == "cc" or doc[last].is_punct):
                last -= 1
            break
    return head.left_edge, doc[last]


def _subtree(token: Token) -> tuple[Token, Token]:
    return token.left_edge, token.right_edge


def _join(first: Token, second: Token) -> tuple[Token, Token]:
    lo = min(first.left_edge.i, second.left_edge.i)
    hi = max(first.right_edge.i, second.right_edge.i)
    return first.doc[lo], first.doc[hi]


def _trim(first: Token, last: Token) -> tuple[Token, Token] | None:
    """Drop a leading "that" and edge punctuation; None when too few words are left."""
    doc = first.doc
    lo, hi = first.i, last.i
    while lo <= hi and (doc[lo].lower_ in _LEADING or doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi >= lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    if hi < lo or sum(1 for t in doc[lo : hi + 1] if not t.is_punct) < _MIN_CONTENT_WORDS:
        return None
    return doc[lo], doc[hi]
