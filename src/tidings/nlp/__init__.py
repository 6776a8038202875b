"""The NLP stage: the spaCy pipeline, actor linking, coreference and dates."""

from tidings.nlp.pipeline import (
    MODEL_PACKAGE,
    ModelNotInstalledError,
    build_pipeline,
    shared_pipeline,
)

__all__ = ["MODEL_PACKAGE", "ModelNotInstalledError", "build_pipeline", "shared_pipeline"]
