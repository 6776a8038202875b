"""Finding quotations by their marks, on plain text, before any parsing.

Quotation marks are read with a small state machine per paragraph rather than with the
tokenizer, because spaCy does not always split a mark from its word (``needs.“We``) and
because the paragraph, not the sentence, is the unit of the English convention for long
quotes: a paragraph that ends inside a quotation continues it only when the next paragraph
opens with a quotation mark; otherwise the quotation was left unclosed and ends with its
paragraph. That rule is what keeps a missing closing mark from swallowing the rest of an
article (or the next article in a batch).

Straight marks (``"`` and ``'``) carry no direction, so their role is read from what
flanks them; curly marks used the wrong way round (a ``“`` that plainly closes) are read the
same way. Inside a double quotation, single marks are a nested one. As outer marks (British
and headline style) they get a separate, stricter reading, because ``’`` is far more often
an apostrophe (``Xi’s``, ``countries’``) than a quotation mark.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, overload

ParagraphBreaks = Literal["line", "blank-line"]
Role = Literal["open", "close", "either"]
Family = Literal["double", "guillemet", "single"]

_FAMILY: dict[str, Family] = {
    '"': "double",
    "“": "double",
    "”": "double",
    "„": "double",
    "‟": "double",
    "«": "guillemet",
    "»": "guillemet",
    "'": "single",
    "‘": "single",
    "’": "single",
    "‹": "single",
    "›": "single",
}
MARKS = frozenset(_FAMILY) | {"`"}
_NATURAL_OPEN = frozenset("“„‟«‘‹")
_NATURAL_CLOSE = frozenset("”»’›")
_APOSTROPHES = frozenset("'’")
# What may stand right before an opening mark and right after a closing one.
_OPEN_CONTEXT = frozenset("([{—–-/:;,") | MARKS
_CLOSE_CONTEXT = frozenset(".,;:!?)]}—–-/…") | MARKS
# Characters trimmed from the end of a quotation's content: the comma of `“...,” she said`.
_TRAILING = frozenset(",;")
_MAX_DEPTH = 3

_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_BLANK_LINES = re.compile(r"[ \t]*(?:\r\n|\r|\n)(?:[ \t\u00a0]*(?:\r\n|\r|\n))+")


@dataclass(frozen=True)
class MarkedQuote:
    """One top-level quotation: where its marks are and where its words are.

    ``end`` is just past the closing mark, or the end of the words when the quotation was
    never closed. ``content_start:content_end`` holds the quoted words without the marks,
    the whitespace inside them and a trailing comma.
    """

    start: int
    end: int
    content_start: int
    content_end: int
    opener: str
    closed: bool
    continued: bool  # ran on over at least one paragraph break

    def contains(self, index: int) -> bool:
        return self.start <= index < self.end


@dataclass
class _Open:
    family: Family
    index: int
    width: int
    char: str
    continued: bool = field(default=False)


def paragraph_spans(text: str, *, breaks: ParagraphBreaks = "line") -> list[tuple[int, int]]:
    """The non-blank paragraphs of a text, as ``(start, end)`` without their line breaks.

    News text from feeds and extractors puts one paragraph per line, so any line break ends a
    paragraph by default; ``breaks="blank-line"`` is for hard-wrapped text.
    """
    pattern = _LINE_BREAKS if breaks == "line" else _BLANK_LINES
    spans: list[tuple[int, int]] = []
    start = 0
    for match in pattern.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(lo, hi) for lo, hi in spans if text[lo:hi].strip()]


def classify_mark(text: str, index: int, lo: int, hi: int) -> tuple[Family, Role, int] | None:
    """Whether the mark at ``index`` can open or close a quotation, judged by its neighbours.

    Returns the mark's family, role and width in characters: two apostrophes (``''``) or two
    backticks are the ASCII spelling of a double mark that some wires and converters use.
    ``lo``/``hi`` bound the paragraph: its edges count as whitespace. Returns None for an
    apostrophe inside or at the edge of a word.
    """
    char = text[index]
    width = 2 if char in "'`" and index + 1 < hi and text[index + 1] == char else 1
    if index > lo and char in "'`" and text[index - 1] == char:
        return None  # the second half of a doubled mark
    family: Family | None = "double" if width == 2 else _FAMILY.get(char)
    if family is None:
        return None
    prev = text[index - 1] if index > lo else " "
    nxt = text[index + width] if index + width < hi else " "
    can_open = not nxt.isspace() and (prev.isspace() or prev in _OPEN_CONTEXT)
    can_close = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_CONTEXT)
    if width == 1 and char in _APOSTROPHES:
        if prev.isalnum() and nxt.isalnum():
            return None  # don't, Xi’s
        if prev.isspace() and nxt.isdigit():
            return None  # ’90s
        if char == "’" and can_open and not can_close:
            return None  # ’em: an elision, not an opening mark
    if char in _NATURAL_OPEN or char == "`":
        role: Role = "close" if can_close and not can_open else "open"
    elif char in _NATURAL_CLOSE:
        role = "open" if can_open and not can_close else "close"
    elif can_open and not can_close:
        role = "open"
    elif can_close and not can_open:
        role = "close"
    else:
        role = "either"
    return family, role, width


def scan_quotations(
    text: str,
    *,
    breaks: ParagraphBreaks = "line",
    top_level_single: bool = True,
) -> list[MarkedQuote]:
    """Every top-level quotation in a text, in order, never overlapping one another.

    Never raises on any input: marks that cannot be paired are ignored, and a quotation that
    is still open at the end of a paragraph either continues (the next paragraph opens with
    a mark of its kind) or ends there, unclosed.
    """
    scanner = _Scanner(text)
    paragraphs = paragraph_spans(text, breaks=breaks)
    for number, (lo, hi) in enumerate(paragraphs):
        for index in range(lo, hi):
            if text[index] in MARKS and index != scanner.skip:
                mark = classify_mark(text, index, lo, hi)
                if mark is not None:
                    scanner.step(index, mark)
        if scanner.stack:
            following = paragraphs[number + 1] if number + 1 < len(paragraphs) else None
            scanner.end_paragraph(hi, following)
    if not top_level_single:
        return scanner.found
    return _merge(scanner.found, _single_quotations(text, paragraphs))


def _single_quotations(text: str, paragraphs: list[tuple[int, int]]) -> list[MarkedQuote]:
    """Quotations in single marks, read apart because ``’`` is usually an apostrophe.

    An opening mark must start a word; a closing mark must end one. A closing mark that is
    plainly one (after ``,.!?``, or before punctuation) wins over one that might be a plural
    possessive (``the countries’ leaders``), which is taken only when there is no better. A
    single quotation never runs on unclosed: an apostrophe misread as an opening mark would
    otherwise swallow its paragraph.
    """
    found: list[MarkedQuote] = []
    for lo, hi in paragraphs:
        openers = [i for i in range(lo, hi) if text[i] in "'‘" and _opens_single(text, i, lo, hi)]
        position = lo
        for number, opener in enumerate(openers):
            if opener < position:
                continue
            limit = openers[number + 1] if number + 1 < len(openers) else hi
            strong: int | None = None
            weak: int | None = None
            for index in range(opener + 2, limit):
                if text[index] not in "'’":
                    continue
                kind = _closes_single(text, index, hi)
                if kind == "strong":
                    strong = index
                    break
                if kind == "weak" and weak is None:
                    weak = index
            close = strong if strong is not None else weak
            if close is None:
                continue
            quote = _single(text, opener, close)
            if quote is not None:
                found.append(quote)
                position = close + 1
    return found


def _opens_single(text: str, index: int, lo: int, hi: int) -> bool:
    prev = text[index - 1] if index > lo else " "
    nxt = text[index + 1] if index + 1 < hi else " "
    return (prev.isspace() or prev in '([{—–-/:"“') and nxt.isalpha()


def _closes_single(text: str, index: int, hi: int) -> str | None:
    prev = text[index - 1]
    nxt = text[index + 1] if index + 1 < hi else " "
    if prev.isspace() or nxt.isalnum() or "'" in (prev, nxt):
        return None
    if prev in ".,!?;:" or nxt in ".,;:!?)]—–…" or index + 1 >= hi:
        return "strong"
    return "weak"


def _single(text: str, opener: int, close: int) -> MarkedQuote | None:
    start, end = opener + 1, close
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING):
        end -= 1
    if sum(char.isalnum() for char in text[start:end]) < 2:
        return None  # "rock 'n' roll"
    return MarkedQuote(
        start=opener,
        end=close + 1,
        content_start=start,
        content_end=end,
        opener=text[opener],
        closed=True,
        continued=False,
    )


def _merge(double: list[MarkedQuote], single: list[MarkedQuote]) -> list[MarkedQuote]:
    """Double and single quotations together, never overlapping.

    A single quotation inside a double one is nested and dropped; one that holds double
    quotations whole is the outer one (British style) and replaces them; any other overlap
    is a misread apostrophe and the single quotation goes.
    """
    kept = list(double)
    for quote in single:
        overlapping = [d for d in kept if d.start < quote.end and quote.start < d.end]
        if not overlapping:
            kept.append(quote)
        elif all(quote.start < d.start and d.end <= quote.end for d in overlapping):
            kept = [d for d in kept if d not in overlapping] + [quote]
    return sorted(kept, key=lambda q: q.start)


class _Scanner:
    """The state machine of :func:`scan_quotations`: a stack of open quotations."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.stack: list[_Open] = []
        self.found: list[MarkedQuote] = []
        self.skip = -1  # a continuation mark at the head of a paragraph, already consumed

    def step(self, index: int, mark: tuple[Family, Role, int]) -> None:
        family, role, width = mark
        stack = self.stack
        opened = _Open(family, index, width, self.text[index : index + width])
        if not stack:
            if role != "close" and family != "single":
                stack.append(opened)
            return
        if role in ("close", "either"):
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth].family == family:
                    if depth == 0:
                        self._emit(stack[0], close=(index, index + width))
                        stack.clear()
                    else:
                        del stack[depth:]
                    return
        if role == "close":
            return
        if all(frame.family != family for frame in stack):
            if len(stack) < _MAX_DEPTH:
                stack.append(opened)
        elif family == stack[0].family and role == "open":
            # A second opening mark of the outer kind: the first quotation was never closed.
            self._emit(stack[0], close=None, limit=index)
            stack.clear()
            stack.append(opened)

    def end_paragraph(self, hi: int, following: tuple[int, int] | None) -> None:
        top = self.stack[0]
        if following is not None:
            lo_next, hi_next = following
            first = lo_next
            while first < hi_next and self.text[first].isspace():
                first += 1
            mark = classify_mark(self.text, first, lo_next, hi_next)
            if mark is not None and mark[1] != "close" and mark[0] == top.family:
                # French and Russian typesetting repeats « or » at the head of a continued
                # paragraph; English repeats the opening mark.
                del self.stack[1:]
                top.continued = True
                self.skip = first
                return
        self._emit(top, close=None, limit=hi)
        self.stack.clear()

    def _emit(
        self, frame: _Open, *, close: tuple[int, int] | None, limit: int | None = None
    ) -> None:
        text = self.text
        start = frame.index + frame.width
        end = len(text) if limit is None else limit
        if close is not None:
            end = close[0]
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING):
            end -= 1
        if not any(char.isalnum() for char in text[start:end]):
            return
        self.found.append(
            MarkedQuote(
                start=frame.index,
                end=close[1] if close is not None else end,
                content_start=start,
                content_end=end,
                opener=frame.char,
                closed=close is not None,
                continued=frame.continued,
            )
        )


class QuotedSpans(Sequence[tuple[int, int]]):
    """The stretches that quotation marks enclose (marks included), for fast lookups.

    The scanner's quotations are sorted and never overlap, so "is this word quoted?" is a
    binary search; articles with thousands of quotations (transcripts) stay linear.
    """

    def __init__(self, quotes: Iterable[MarkedQuote | tuple[int, int]]) -> None:
        pairs = [(q.start, q.end) if isinstance(q, MarkedQuote) else q for q in quotes]
        self._spans = sorted(pairs)
        self._starts = [lo for lo, _ in self._spans]

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[int, int]]: ...
    def __getitem__(self, index: int | slice) -> tuple[int, int] | Sequence[tuple[int, int]]:
        return self._spans[index]

    def __len__(self) -> int:
        return len(self._spans)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``start:end`` shares a character with any quotation."""
        number = bisect_left(self._starts, end) - 1
        return number >= 0 and self._spans[number][1] > start

    def holds(self, index: int) -> bool:
        """Whether the character at ``index`` lies inside a quotation."""
        return self.overlaps(index, index + 1)

    def share(self, start: int, end: int) -> float:
        """The share of ``start:end`` that lies inside quotations."""
        if end <= start:
            return 0.0
        first = max(0, bisect_right(self._starts, start) - 1)
        last = bisect_left(self._starts, end)
        inside = sum(max(0, min(end, hi) - max(start, lo)) for lo, hi in self._spans[first:last])
        return inside / (end - start)
