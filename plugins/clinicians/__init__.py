from .clinicians import register  # noqa: F401
