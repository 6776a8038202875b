"""The dashboard face: server-rendered pages over the same app as the API."""

from tidings.web.pages import mount_web

__all__ = ["mount_web"]
