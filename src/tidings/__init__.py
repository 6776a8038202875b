"""Tidings: news about international affairs in, a queryable model of who did what to whom out."""

__version__ = "0.1.0"
