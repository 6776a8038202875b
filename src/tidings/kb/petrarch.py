"""Importing PETRARCH/TABARI (CAMEO "Phoenix") actor and agent dictionaries.

Those dictionaries are the largest open record of CAMEO actor codes with dated roles, so an
analyst may want them as a knowledge-base extension. The format is loose and the files carry
real damage (control characters, 7- and 10-digit dates), so the importer reads line by line,
reports each bad line as a `DictionaryWarning` with file and line number, skips only that
line, and goes on.

Reading rules, after PETRARCH's own reader:
- ``#`` starts a comment; blank lines mean nothing.
- A line in column 0 is a primary phrase (``MOHAMMAD_NAJIBULLAH_``), a ``+`` line holds
  synonyms of the phrase above (several may share a line: ``+A_+B_``), and an indented line
  holds codes. Codes may also follow a phrase on its own line.
- Codes belong to every phrase read since the previous codes: a primary phrase with no codes
  of its own shares those of the entry that follows, as in PETRARCH.
- ``[AFGGOV]`` is the undated default; ``[IGOUNO >20070101]`` applies from that day,
  ``[XXX <date]`` before it, ``[AFGGOV 870930-871130]`` over the range, both ends included.
  Dates are YYMMDD (years below 30 are 20xx) or YYYYMMDD.
- A CAMEO code splits into 3-letter parts: the first is the actor code ("AFG", "IGO"), the
  first later part that is a sector gives the sector ("AFGGOV" -> AFG, GOV), and for an IGO
  the other parts name the body ("IGOUNOKID" -> igo "UNOKID"). A bare sector default such as
  ``[ELI]`` takes the actor code of the entry's dated codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from tidings.kb.knowledge import slugify
from tidings.kb.schema import ActorKind, KBActor, Role

# CAMEO/PLOVER sector codes: a 3-letter part of a code that is one of these is a sector.
# fmt: off
SECTORS = frozenset({
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "CVL", "BUS", "MED", "JRN",
    "EDU", "ELI", "REF", "REL", "AGR", "CRM", "LAB", "NGO", "HLH", "HRI", "DEV", "ENV", "MOD",
    "RAD", "UAF", "PRM", "SEP", "INS", "UNK", "NON", "SOC", "PRE", "JNK", "IMG", "IGO",
})
# fmt: on
NULL_CODE = "---"
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_CODE = re.compile(r"^(?:[A-Z0-9]{3})+$")
_PAREN = re.compile(r"\(([^()]*)\)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MACRO = re.compile(r"!([A-Z]+)!")


class DictionaryWarning(BaseModel):
    """One line of a dictionary that could not be read as written; the import goes on."""

    model_config = ConfigDict(frozen=True)

    kind: str  # bad-date, bad-code, unparsed, no-code, control-character, duplicate-noun, ...
    path: str
    line: int
    message: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind}: {self.message}: {self.text.strip()!r}"


@dataclass
class _Code:
    raw: str
    start: date | None = None
    end: date | None = None
    dated: bool = False


@dataclass
class _Entry:
    phrase: str
    line: int
    comment: str
    synonyms: list[str] = field(default_factory=list)


class _Reader:
    """State of one pass over one actor dictionary."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.warnings: list[DictionaryWarning] = []
        self.actors: list[KBActor] = []
        self.entries: list[_Entry] = []
        self.codes: list[_Code] = []
        self.ids: dict[str, int] = {}

    def warn(self, kind: str, number: int, message: str, text: str) -> None:
        self.warnings.append(
            DictionaryWarning(
                kind=kind, path=str(self.path), line=number, message=message, text=text
            )
        )

    def read(self) -> None:
        with self.path.open(encoding="utf-8", errors="replace") as handle:
            for number, raw in enumerate(handle, start=1):
                if "---STOP---" in raw:
                    break
                self.read_line(number, raw.rstrip("\r\n"))
        self.flush(end_of_file=True)

    def read_line(self, number: int, raw: str) -> None:
        line = raw
        if _CONTROL.search(line):  # tabs are not in _CONTROL: they mark code lines
            self.warn("control-character", number, "control character removed", raw)
            line = _CONTROL.sub("", line)
        body, _, comment = line.partition("#")
        if not body.strip():
            return
        if body[0] in " \t":
            self.read_codes(number, body, raw)
        elif body.startswith("+"):
            self.read_synonyms(number, body)
        else:
            if self.codes:
                self.flush()
            phrase = body.split("[", 1)[0]
            if phrase.strip():
                self.entries.append(_Entry(phrase=phrase, line=number, comment=comment))
            self.read_codes(number, body[len(phrase) :], raw, optional=True)

    def read_synonyms(self, number: int, body: str) -> None:
        text = body.split("[", 1)[0]
        if not self.entries:
            self.warn("unparsed", number, "synonym with no entry above it", body)
            return
        for part in text.split("+"):
            if part.strip():
                self.entries[-1].synonyms.append(part)
        self.read_codes(number, body[len(text) :], body, optional=True)

    def read_codes(self, number: int, text: str, raw: str, *, optional: bool = False) -> None:
        found = _BRACKET.findall(text)
        leftover = _BRACKET.sub("", text).strip()
        if leftover and "[" in leftover:
            self.warn("unparsed", number, "bracket without its closing ']'", raw)
        elif not found and not optional:
            self.warn("unparsed", number, "indented line without a [code]", raw)
        for content in found:
            code = self.parse_code(number, content, raw)
            if code is not None:
                self.codes.append(code)

    def parse_code(self, number: int, content: str, raw: str) -> _Code | None:
        token, _, rest = content.strip().partition(" ")
        token, rest = token.strip(), rest.strip()
        if token != NULL_CODE and not _CODE.match(token):
            self.warn("bad-code", number, f"code {token!r} is not 3-letter parts", raw)
            return None
        if not rest:
            return _Code(raw=token)
        try:
            if rest[0] in "<>":
                day = parse_dictionary_date(rest[1:].strip())
                if rest[0] == "<":
                    return _Code(raw=token, end=day, dated=True)
                return _Code(raw=token, start=day, dated=True)
            first, dash, second = rest.partition("-")
            if not dash:
                raise ValueError(f"date restriction {rest!r} is neither <d, >d nor d-d")
            start = parse_dictionary_date(first.strip())
            last = parse_dictionary_date(second.strip())
        except ValueError as exc:
            self.warn("bad-date", number, f"{exc}; code skipped", raw)
            return None
        if last < start:
            self.warn("bad-date", number, "range ends before it starts; code skipped", raw)
            return None
        return _Code(raw=token, start=start, end=last + timedelta(days=1), dated=True)

    def flush(self, *, end_of_file: bool = False) -> None:
        entries, codes = self.entries, self.codes
        self.entries, self.codes = [], []
        if not entries:
            return
        if not codes:
            where = "at the end of the file" if end_of_file else "before the next entry"
            for entry in entries:
                self.warn("no-code", entry.line, f"entry has no code {where}", entry.phrase)
            return
        for entry in entries:
            self.actors.append(self.build(entry, codes))

    def build(self, entry: _Entry, codes: list[_Code]) -> KBActor:
        name, extra = phrase_forms(entry.phrase)
        aliases = list(extra)
        for synonym in entry.synonyms:
            form, more = phrase_forms(synonym)
            aliases.extend(alias for alias in [form, *more] if alias and alias != name)
        roles = [_role(code, code.raw) for code in codes if code.dated and code.raw != NULL_CODE]
        defaults = [code for code in codes if not code.dated]
        actor_code, sector, igo = NULL_CODE, None, None
        if defaults and defaults[-1].raw != NULL_CODE:
            actor_code, sector, igo = split_cameo(defaults[-1].raw)
            if actor_code in SECTORS and len(defaults[-1].raw) == 3 and roles:
                actor_code, sector = roles[0].code, defaults[-1].raw  # "[ELI]": a bare sector
        slug = f"petrarch-{slugify(name)}"
        seen = self.ids.get(slug, 0)
        self.ids[slug] = seen + 1
        if seen:
            slug = f"{slug}-{seen + 1}"
        return KBActor(
            actor_id=slug,
            name=name,
            kind=_kind(actor_code, sector, roles, entry.comment),
            code=actor_code,
            sector=sector,
            country=actor_code if len(actor_code) == 3 and actor_code.isalpha() else None,
            igo=igo,
            aliases=list(dict.fromkeys(aliases)),
            roles=roles,
            note=f"imported from {self.path.name} line {entry.line}",
        )


def parse_dictionary_date(text: str) -> date:
    """YYMMDD (years below 30 are 20xx) or YYYYMMDD; anything else is a ValueError."""
    if not text.isdigit():
        raise ValueError(f"date {text!r} is not all digits")
    if len(text) == 6:
        year = int(text[:2])
        year += 2000 if year < 30 else 1900
        month, day = int(text[2:4]), int(text[4:6])
    elif len(text) == 8:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    else:
        raise ValueError(f"date {text!r} has {len(text)} digits, not 6 or 8")
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"date {text!r} is not a calendar day ({exc})") from exc


def split_cameo(code: str) -> tuple[str, str | None, str | None]:
    """'AFGGOV' -> ('AFG', 'GOV', None); 'IGOUNOREFHCR' -> ('IGO', 'REF', 'UNOHCR')."""
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    head, rest = parts[0], parts[1:]
    sector = next((part for part in rest if part in SECTORS), None)
    others = [part for part in rest if part != sector]
    igo = "".join(others) if head == "IGO" and others else None
    return head, sector, igo


def phrase_forms(phrase: str) -> tuple[str, list[str]]:
    """A dictionary phrase as text, and any acronym it carries in brackets.

    'ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_' -> ('ADEN ABYAN ISLAMIC ARMY', ['AAIA']).
    """
    text = " ".join(phrase.replace("_", " ").split())
    extra = [inner.strip() for inner in _PAREN.findall(text) if inner.strip()]
    if extra:
        text = " ".join(_PAREN.sub(" ", text).split()) or extra[0]
    return text, extra


def _role(code: _Code, raw: str) -> Role:
    actor_code, sector, igo = split_cameo(raw)
    return Role(title=raw, code=actor_code, sector=sector, igo=igo, start=code.start, end=code.end)


def _kind(code: str, sector: str | None, roles: list[Role], comment: str) -> ActorKind:
    head = code if code != NULL_CODE else (roles[0].code if roles else code)
    if head == "IGO":
        return "igo"
    if "CountryInfo" in comment or "rulers" in comment or (roles and head != "NGO"):
        return "person"
    if head in {"NGO", "MNC"}:
        return "organisation"
    if head == "IMG" or sector in {"REB", "INS", "SEP", "UAF"}:
        return "group"
    if sector is None and head.isalpha() and len(head) == 3:
        return "country"
    return "organisation"


def import_petrarch_dictionary(path: Path) -> tuple[list[KBActor], list[DictionaryWarning]]:
    """Read a PETRARCH actor dictionary into actors, with a warning for each bad line."""
    reader = _Reader(Path(path))
    reader.read()
    return reader.actors, reader.warnings


def import_petrarch_agents(
    path: Path, *, warnings: list[DictionaryWarning] | None = None
) -> dict[str, str]:
    """Read a PETRARCH agents dictionary: lower-case noun phrase -> sector ("rebel" -> REB).

    The sector is the first 3-letter part of the agent code as the file writes it, which
    may be a religion or ethnic code rather than a PLOVER sector ("buddhist" -> BUD).

    Macro lines (``!PERSON! = MAN, MEN, ...``) are expanded the way PETRARCH does, by
    pasting each value in place of the marker (``CATTLE!PERSON!`` -> cattleman, ...). A
    ``{plural}`` after the noun adds that plural; the regular plurals PETRARCH makes on the
    fly are not added (`KnowledgeBase.role_sector` makes its own). Problems go to
    `warnings` when given.
    """
    sink = warnings if warnings is not None else []
    source = str(path)
    macros: dict[str, list[str]] = {}
    nouns: dict[str, str] = {}

    def warn(kind: str, number: int, message: str, text: str) -> None:
        sink.append(
            DictionaryWarning(kind=kind, path=source, line=number, message=message, text=text)
        )

    with Path(path).open(encoding="utf-8", errors="replace") as handle:
        for number, raw in enumerate(handle, start=1):
            body = raw.partition("#")[0].strip()
            if not body:
                continue
            if "!" in body and "=" in body and "[" not in body:
                name, _, values = body.partition("=")
                marker = _MACRO.search(name)
                if marker is None:
                    warn("bad-macro", number, "macro line without a !NAME! marker", raw)
                    continue
                macros[marker.group(1)] = [v.strip() for v in values.split(",") if v.strip()]
                continue
            match = _BRACKET.search(body)
            if match is None:
                warn("no-code", number, "agent without a [~code]", raw)
                continue
            code = match.group(1).strip()
            if not re.fullmatch(r"~(?:[A-Z]{3})+", code):
                warn("bad-code", number, f"agent code {code!r} is not ~ and 3-letter parts", raw)
                continue
            phrase, _, plural = body[: match.start()].partition("{")
            forms = _expand(phrase.strip(), macros)
            if forms is None:
                warn("bad-macro", number, "unknown !MACRO! in agent", raw)
                continue
            if plural.strip(" }"):
                forms.append(plural.strip(" }"))
            clashes = set()
            for form in forms:
                noun = " ".join(form.replace("_", " ").split()).lower()
                known = nouns.setdefault(noun, code[1:4])
                if known != code[1:4]:
                    clashes.add(known)
            if clashes:
                warn("duplicate-noun", number, f"already read as {sorted(clashes)}; kept", raw)
    return nouns


def _expand(phrase: str, macros: dict[str, list[str]]) -> list[str] | None:
    marker = _MACRO.search(phrase)
    if marker is None:
        return [phrase]
    values = macros.get(marker.group(1))
    if values is None:
        return None
    out: list[str] = []
    for value in values:
        expanded = _expand(phrase[: marker.start()] + value + phrase[marker.end() :], macros)
        if expanded is None:
            return None
        out.extend(expanded)
    return out
