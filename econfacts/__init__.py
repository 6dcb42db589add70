"""econfacts: figures from economic news, as a normalized facts table."""

import econfacts.accessor  # noqa: F401  registers the `df.econfacts` pandas accessor
from econfacts.attribution import load_taxonomy
from econfacts.errors import EconfactsError, InputError, OutputError
from econfacts.facts import Fact
from econfacts.pipeline import extract
from econfacts.render import show
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
    "show",
]
