"""A tiny HTTP server packaged with a classic setup.py."""

__version__ = "0.1.0"
