"""A tiny HTTP server exposed as the ``hello-server`` console script."""

__version__ = "0.1.0"
