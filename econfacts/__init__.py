"""econfacts: figures from economic news, as a normalized facts table."""

from econfacts.attribution import load_taxonomy
from econfacts.errors import EconfactsError, InputError, OutputError
from econfacts.facts import Fact
from econfacts.pipeline import extract
from econfacts.schema import FACTS_SCHEMA
from econfacts.table import extract_frame

__version__ = "0.1.0"

__all__ = [
    "EconfactsError",
    "FACTS_SCHEMA",
    "Fact",
    "InputError",
    "OutputError",
    "__version__",
    "extract",
    "extract_frame",
    "load_taxonomy",
]
