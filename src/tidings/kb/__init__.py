"""The kb stage."""
