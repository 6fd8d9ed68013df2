from .image_sizes import register  # noqa: F401
