"""The extractor version, written into every output so a table says what made it."""

__version__ = "0.2.0"
