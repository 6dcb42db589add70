"""The error family: every user-facing failure is an `EconfactsError`.

Each error also subclasses the builtin it resembles, so callers can catch
`ValueError` or `OSError` as they would anywhere else.
"""

from __future__ import annotations


class EconfactsError(Exception):
    """Base of all econfacts errors; the message is meant for the user."""


class InputError(EconfactsError, ValueError):
    """An input document or file could not be read.

    `source` names the file (and `line` the JSON line) so the message points
    at the exact place to fix.
    """

    def __init__(self, message: str, source: str | None = None, line: int | None = None):
        self.source = source
        self.line = line
        where = source if source else ""
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)


class OutputError(EconfactsError, ValueError):
    """The requested output cannot be written (e.g. unknown file suffix)."""
