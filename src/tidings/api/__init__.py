"""The HTTP face: a FastAPI app over a ready ``Store``, built by ``create_app``.

``create_app(store, options=ApiOptions(...))`` serves the JSON API under ``/api`` (schema at
``/api/openapi.json``) and the dashboard pages from ``tidings.web``. Read-only unless a token
is given; see ``ApiOptions``.
"""

from tidings.api.app import CONTENT_SECURITY_POLICY, TOKEN_ENV, ApiOptions, create_app

__all__ = ["CONTENT_SECURITY_POLICY", "TOKEN_ENV", "ApiOptions", "create_app"]
