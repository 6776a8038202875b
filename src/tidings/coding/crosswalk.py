"""The CAMEO crosswalk and the intensity table: from a PLOVER (type, mode) to numbers.

Both tables are CSV files in ``coding/data`` so that an analyst can read and amend them
without touching code. Lookups fall back from (type, mode) to the type-level row because
text gives a mode far less often than a type, and because the PLOVER codebooks do not all
list the same modes (the score table lacks ``assassinate``, the crosswalk lacks ``drone``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from tidings.models import PLOVER_TYPES, PloverType, QuadClass

__all__ = [
    "Crosswalk",
    "CrosswalkRow",
    "IntensityRow",
    "IntensityTable",
    "LexiconError",
    "quad_class_for",
    "read_crosswalk",
    "read_intensity",
]

CameoCode = Annotated[str, StringConstraints(pattern=r"^\d{3,4}$")]
ModeName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]*$")]


class LexiconError(ValueError):
    """A lexicon data file is unreadable or breaks its schema.

    The message always names the file and the entry (id or row number) and a code, so an
    analyst extending a table can find and fix the line without reading Python.
    """

    def __init__(self, code: str, path: Path | str, entry: str | None, problem: str) -> None:
        self.code = code
        self.path = str(path)
        self.entry = entry
        self.problem = problem
        where = f"{Path(self.path).name}" + (f", entry {entry}" if entry else "")
        super().__init__(f"[{code}] {where}: {problem} (file: {self.path})")


class CrosswalkRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: PloverType
    mode: ModeName | None = None
    cameo: CameoCode
    description: str = ""


class IntensityRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: PloverType
    mode: ModeName | None = None
    score: float = Field(ge=-10, le=10)


def quad_class_for(cameo: str) -> QuadClass:
    """The CAMEO quad class of a code, from its two-digit root.

    01-05 verbal cooperation, 06-08 material cooperation, 09-13 verbal conflict, 14-20
    material conflict: the split that CAMEO-based datasets share, so our numbers line up.
    """
    root = int(cameo[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


@dataclass(frozen=True)
class Crosswalk:
    """PLOVER (type, mode) to the CAMEO code an analyst would choose for it."""

    rows: tuple[CrosswalkRow, ...]
    _index: dict[tuple[str, str | None], str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {(r.type, r.mode): r.cameo for r in self.rows})

    def modes(self, type_: str) -> set[str]:
        return {r.mode for r in self.rows if r.type == type_ and r.mode}

    def cameo_for(self, type_: str, mode: str | None) -> tuple[str | None, int | None]:
        code = self._index.get((type_, mode)) or self._index.get((type_, None))
        if code is None:
            return None, None
        return code, quad_class_for(code)


@dataclass(frozen=True)
class IntensityTable:
    """PLOVER (type, mode) to a conflict-cooperation score on the -10..10 scale."""

    rows: tuple[IntensityRow, ...]
    _index: dict[tuple[str, str | None], float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {(r.type, r.mode): r.score for r in self.rows})

    def modes(self, type_: str) -> set[str]:
        return {r.mode for r in self.rows if r.type == type_ and r.mode}

    def intensity_for(self, type_: str, mode: str | None) -> float:
        score = self._index.get((type_, mode))
        if score is None:
            score = self._index.get((type_, None))
        if score is None:
            raise KeyError(f"no intensity for PLOVER type {type_!r}; known: {PLOVER_TYPES}")
        return score


def _csv_rows(path: Path) -> Iterable[tuple[int, dict[str, str]]]:
    """Rows of a CSV file whose '#' lines are comments, numbered as in the file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise LexiconError("L001", path, None, f"cannot read the file: {exc}") from exc
    kept = [(n, line) for n, line in enumerate(lines, start=1) if not line.startswith("#")]
    kept = [(n, line) for n, line in kept if line.strip()]
    if not kept:
        raise LexiconError("L001", path, None, "the table is empty")
    reader = csv.DictReader(io.StringIO("\n".join(line for _, line in kept)))
    for (number, _), row in zip(kept[1:], reader, strict=True):
        if None in row:
            raise LexiconError("L002", path, f"line {number}", "more cells than the header")
        yield number, {k: (v or "").strip() for k, v in row.items()}


def _validation_problem(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        location = ".".join(str(p) for p in error["loc"]) or "entry"
        parts.append(f"field '{location}': {error['msg']}")
    return "; ".join(parts)


def _check_unique(path: Path, seen: set[tuple[str, str | None]], key: tuple[str, str | None],
                  number: int) -> None:
    if key in seen:
        label = f"{key[0]}/{key[1] or '(type)'}"
        raise LexiconError("L003", path, f"line {number}", f"duplicate row for {label}")
    seen.add(key)


def read_crosswalk(path: Path) -> Crosswalk:
    """Load and check ``crosswalk.csv``: every type needs a type-level row."""
    rows: list[CrosswalkRow] = []
    seen: set[tuple[str, str | None]] = set()
    for number, raw in _csv_rows(path):
        try:
            row = CrosswalkRow.model_validate({**raw, "mode": raw.get("mode") or None})
        except ValidationError as exc:
            raise LexiconError("L002", path, f"line {number}", _validation_problem(exc)) from exc
        _check_unique(path, seen, (row.type, row.mode), number)
        rows.append(row)
    _check_type_rows(path, {(r.type, r.mode) for r in rows})
    return Crosswalk(tuple(rows))


def read_intensity(path: Path) -> IntensityTable:
    """Load and check ``intensity.csv``: every type needs a type-level score."""
    rows: list[IntensityRow] = []
    seen: set[tuple[str, str | None]] = set()
    for number, raw in _csv_rows(path):
        try:
            row = IntensityRow.model_validate({**raw, "mode": raw.get("mode") or None})
        except ValidationError as exc:
            raise LexiconError("L002", path, f"line {number}", _validation_problem(exc)) from exc
        _check_unique(path, seen, (row.type, row.mode), number)
        rows.append(row)
    _check_type_rows(path, {(r.type, r.mode) for r in rows})
    return IntensityTable(tuple(rows))


def _check_type_rows(path: Path, keys: set[tuple[str, str | None]]) -> None:
    missing = [t for t in PLOVER_TYPES if (t, None) not in keys]
    if missing:
        raise LexiconError(
            "L004", path, None, f"no type-level row (blank mode) for: {', '.join(missing)}"
        )
