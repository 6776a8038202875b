"""Cleaning the text of an article before any offset into it is taken.

Every reader passes its text through :func:`clean_text`, so the text that later stages
code, and whose character offsets they record, is always the cleaned one. Cleaning is
deliberately conservative: it normalises encoding artefacts and removes whole lines of
page furniture, but never rewrites a sentence. Curly quotes and dashes are left as they
are because quote extraction relies on them.

The furniture patterns are data (``furniture.yaml`` beside this module) so that an analyst
can extend them without touching code; :func:`load_furniture` checks their shape and
compiles them once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "FurnitureError",
    "FurnitureRule",
    "FurnitureRules",
    "clean_text",
    "default_furniture",
    "furniture_key",
    "load_furniture",
]

# Zero-width characters that scraped pages sprinkle into words; they break tokenisation
# and string matching. Directional marks (U+200E, U+200F, U+202A..U+202E) are kept: they
# carry meaning for right-to-left text.
# Other C0 controls (form feeds from PDF dumps, stray escapes) have no place in prose;
# tab and newline are kept. One regex deletes both kinds: str.translate with a mapping
# walks the text in Python and cost ten times as much on long articles.
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f\u200b\u200c\u200d\ufeff]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_BLANK_RUNS = re.compile(r"\n{3,}")
_SPACES = re.compile(r"\s+")
# Quotation marks are not stripped from a line's key: a quoted line is speech, not a button.
_QUOTES = frozenset("\"'“”‘’«»„‚‹›")

_RULE_KEYS = frozenset({"name", "why", "patterns", "max_length"})
_TOP_KEYS = frozenset({"version", "default_max_length", "rules"})


class FurnitureError(ValueError):
    """The furniture file is malformed; the message names the file and the bad entry."""


@dataclass(frozen=True)
class FurnitureRule:
    """One kind of furniture: a compiled whole-line pattern and the longest line it may take."""

    name: str
    why: str
    pattern: re.Pattern[str]
    max_length: int

    def matches(self, line: str, key: str) -> bool:
        return len(line) <= self.max_length and self.pattern.fullmatch(key) is not None


@dataclass(frozen=True)
class FurnitureRules:
    """The loaded rule set; passed to :func:`clean_text` when a caller needs its own."""

    rules: tuple[FurnitureRule, ...]
    origin: str

    def rule_for(self, line: str) -> FurnitureRule | None:
        """The rule that makes ``line`` furniture, or None when the line is content."""
        stripped = line.strip()
        if not stripped:
            return None
        key = furniture_key(stripped)
        if not key:
            return None
        for rule in self.rules:
            if rule.matches(stripped, key):
                return rule
        return None


def furniture_key(line: str) -> str:
    """Reduce a line to what the patterns see: single spaces, no decoration at either end.

    Decoration is anything that is neither a letter, a digit nor a quotation mark, so close
    buttons ("× Chat Now"), bullets and trailing ellipses do not hide a widget's label.
    """
    key = _SPACES.sub(" ", line).strip()
    start, end = 0, len(key)
    while start < end and not _is_kept_edge(key[start]):
        start += 1
    while end > start and not _is_kept_edge(key[end - 1]):
        end -= 1
    return key[start:end]


def _is_kept_edge(char: str) -> bool:
    return char.isalnum() or char in _QUOTES


def load_furniture(path: Path | None = None) -> FurnitureRules:
    """Read and check a furniture file; the package's own file when no path is given.

    Raises :class:`FurnitureError` with the file and rule named, so a typo in an analyst's
    edit fails at load time rather than silently matching nothing.
    """
    if path is None:
        resource = resources.files("tidings.ingest").joinpath("furniture.yaml")
        origin = "tidings/ingest/furniture.yaml"
        raw = resource.read_text(encoding="utf-8")
    else:
        origin = str(path)
        try:
            raw = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise FurnitureError(f"{origin}: cannot read furniture file: {exc}") from exc
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise FurnitureError(f"{origin}: not valid YAML: {exc}") from exc
    return _parse_furniture(data, origin=origin)


def _parse_furniture(data: Any, *, origin: str) -> FurnitureRules:
    if not isinstance(data, dict):
        raise FurnitureError(f"{origin}: expected a mapping with 'version' and 'rules'")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise FurnitureError(f"{origin}: unknown top-level keys {sorted(unknown)}")
    if data.get("version") != 1:
        raise FurnitureError(f"{origin}: 'version' must be 1, got {data.get('version')!r}")
    default_max = data.get("default_max_length", 120)
    if not _is_positive_int(default_max):
        raise FurnitureError(f"{origin}: 'default_max_length' must be a positive integer")
    entries = data.get("rules")
    if not isinstance(entries, list) or not entries:
        raise FurnitureError(f"{origin}: 'rules' must be a non-empty list")
    rules: list[FurnitureRule] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        rule = _parse_rule(entry, index=index, default_max=default_max, origin=origin)
        if rule.name in seen:
            raise FurnitureError(f"{origin}: rule name {rule.name!r} is used twice")
        seen.add(rule.name)
        rules.append(rule)
    return FurnitureRules(rules=tuple(rules), origin=origin)


def _parse_rule(entry: Any, *, index: int, default_max: int, origin: str) -> FurnitureRule:
    where = f"{origin}: rule #{index + 1}"
    if not isinstance(entry, dict):
        raise FurnitureError(f"{where}: expected a mapping with name, why and patterns")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise FurnitureError(f"{where}: 'name' must be a non-empty string")
    where = f"{origin}: rule {name!r}"
    unknown = set(entry) - _RULE_KEYS
    if unknown:
        raise FurnitureError(f"{where}: unknown keys {sorted(unknown)}")
    why = entry.get("why")
    if not isinstance(why, str) or not why.strip():
        raise FurnitureError(f"{where}: 'why' must say why these lines are furniture")
    max_length = entry.get("max_length", default_max)
    if not _is_positive_int(max_length):
        raise FurnitureError(f"{where}: 'max_length' must be a positive integer")
    patterns = entry.get("patterns")
    if not isinstance(patterns, list) or not patterns:
        raise FurnitureError(f"{where}: 'patterns' must be a non-empty list of regexes")
    for pattern in patterns:
        if not isinstance(pattern, str) or not pattern.strip():
            raise FurnitureError(f"{where}: every pattern must be a non-empty string")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise FurnitureError(
                f"{where}: pattern {pattern!r} is not a valid regex: {exc}"
            ) from exc
    combined = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    return FurnitureRule(name=name, why=why.strip(), pattern=combined, max_length=max_length)


def _is_positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


@lru_cache(maxsize=1)
def default_furniture() -> FurnitureRules:
    """The package's furniture rules, loaded once per process."""
    return load_furniture()


def clean_text(text: str, *, furniture: FurnitureRules | None = None) -> str:
    """Normalise a document and drop its furniture lines; safe to apply twice.

    Steps, in an order chosen so that a second pass changes nothing: unify line breaks;
    remove NULs, zero-width characters and stray control characters (before NFC, so that
    characters they separated can compose); Unicode NFC; strip trailing whitespace from
    every line; drop whole furniture lines; turn runs of blank lines into one blank line;
    trim blank lines at both ends.
    """
    rules = furniture if furniture is not None else default_furniture()
    text = _LINE_BREAKS.sub("\n", text)
    text = _UNWANTED.sub("", text)
    text = unicodedata.normalize("NFC", text)
    kept = [line.rstrip() for line in text.split("\n")]
    kept = [line for line in kept if rules.rule_for(line) is None]
    text = "\n".join(kept)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()
