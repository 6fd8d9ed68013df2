from .image_dimensions import register  # noqa: F401
