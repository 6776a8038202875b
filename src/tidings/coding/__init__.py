"""The coding stage: PLOVER events from a parsed article and its linked actor mentions.

The public surface is exactly ``__all__``: build a :class:`Lexicon` with
:func:`load_lexicon`, hand it to an :class:`EventCoder`, and call ``code`` per article.
``cameo_for`` and ``intensity_for`` look up the built-in tables without building a coder.
"""

from __future__ import annotations

from tidings.coding.coder import CoderError, CoderOptions, EventCoder
from tidings.coding.crosswalk import LexiconError
from tidings.coding.lexicon import Lexicon, default_lexicon, load_lexicon
from tidings.models import QuadClass

__all__ = [
    "CoderError",
    "CoderOptions",
    "EventCoder",
    "Lexicon",
    "LexiconError",
    "cameo_for",
    "intensity_for",
    "load_lexicon",
]


def cameo_for(type: str, mode: str | None) -> tuple[str | None, QuadClass | None]:
    """The CAMEO code and quad class of a PLOVER (type, mode), from the built-in crosswalk."""
    return default_lexicon().cameo_for(type, mode)


def intensity_for(type: str, mode: str | None) -> float:
    """The -10..10 intensity of a PLOVER (type, mode), falling back to the type's score."""
    return default_lexicon().intensity_for(type, mode)
