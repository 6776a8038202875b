"""The public surface of the faces: exactly ``__all__``, and every option documented."""

from __future__ import annotations

import dataclasses

import tidings.api
import tidings.web
from tidings.api import ApiOptions


def test_public_api_is_exactly_all() -> None:
    assert tidings.api.__all__ == [
        "CONTENT_SECURITY_POLICY",
        "TOKEN_ENV",
        "ApiOptions",
        "create_app",
    ]
    assert tidings.web.__all__ == ["mount_web"]
    for module in (tidings.api, tidings.web):
        for name in module.__all__:
            assert getattr(module, name) is not None


def test_every_option_is_documented() -> None:
    doc = ApiOptions.__doc__ or ""
    for option in dataclasses.fields(ApiOptions):
        assert f"``{option.name}``" in doc, f"ApiOptions.{option.name} is not documented"
