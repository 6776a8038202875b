"""Small helpers for asserting on linker output by the words of a mention."""

from __future__ import annotations

from collections.abc import Sequence

from tidings.models import Mention


def at(mentions: Sequence[Mention], words: str) -> list[Mention]:
    """The mentions whose text contains ``words`` (several for a group like "the two leaders")."""
    return [m for m in mentions if words in m.text]


def one(mentions: Sequence[Mention], words: str) -> Mention:
    found = at(mentions, words)
    assert len(found) == 1, f"want one mention with {words!r}, got {_show(mentions)}"
    return found[0]


def codes(mentions: Sequence[Mention]) -> set[str]:
    return {m.code for m in mentions if m.code}


def _show(mentions: Sequence[Mention]) -> list[tuple[str, str | None, str]]:
    return [(m.text, m.code, m.method) for m in mentions]
