"""The analysis package's public surface is exactly its ``__all__``, and each name is documented."""

from __future__ import annotations

import inspect

import tidings.analysis as analysis


def test_all_names_exist_and_are_documented() -> None:
    assert sorted(analysis.__all__) == analysis.__all__
    for name in analysis.__all__:
        value = getattr(analysis, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert (value.__doc__ or "").strip(), f"{name} has no docstring"


def test_nothing_public_is_left_out() -> None:
    public = {
        n for n, v in vars(analysis).items() if not n.startswith("_") and not inspect.ismodule(v)
    }
    assert public == set(analysis.__all__)


def test_the_core_never_imports_a_face() -> None:
    import pathlib

    root = pathlib.Path(analysis.__file__).parent
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for face in ("tidings.cli", "tidings.api", "tidings.web", "typer", "rich"):
            assert f"import {face}" not in source and f"from {face}" not in source, path
