"""econfacts: figures from economic news, as a normalized facts table."""

from econfacts.attribution import load_taxonomy
from econfacts.errors import EconfactsError, InputError, OutputError
from econfacts.facts import Fact
from econfacts.pipeline import extract
from econfacts.schema import DOCUMENTS_SCHEMA, FACTS_SCHEMA, facts_schema
from econfacts.table import extract_frame
from econfacts.version import __version__

__all__ = [
    "DOCUMENTS_SCHEMA",
    "FACTS_SCHEMA",
    "EconfactsError",
    "Fact",
    "InputError",
    "OutputError",
    "__version__",
    "extract",
    "extract_frame",
    "facts_schema",
    "load_taxonomy",
]
