"""The quotes stage: quotations, reported speech, speakers and hedged claims.

Reads a parsed ``Doc`` with the actor layer's mentions and gives :class:`~tidings.models.Quote`
and :class:`~tidings.models.Claim` rows. Linguistic knowledge (cue verbs, hedges, pronouns)
lives in ``cues.yaml``; see :func:`load_cue_lexicon`.
"""

from tidings.quotes.claims import link_claims_to_events
from tidings.quotes.extractor import QuoteExtractor, QuoteOptions
from tidings.quotes.lexicon import CueLexicon, load_cue_lexicon

__all__ = [
    "CueLexicon",
    "QuoteExtractor",
    "QuoteOptions",
    "link_claims_to_events",
    "load_cue_lexicon",
]
