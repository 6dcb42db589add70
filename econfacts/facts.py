"""The `Fact`: one figure found in a text, with the span it came from."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, fields


@dataclass(frozen=True, slots=True)
class Fact:
    """One extracted figure.

    Offsets are character offsets into the document (end exclusive), so
    `text[fact.start:fact.end] == fact.surface` always holds. Fields that the
    text does not support are None. The column meanings are documented once,
    in `econfacts.schema`.
    """

    kind: str
    surface: str
    start: int
    end: int
    value: float | None = None
    value_low: float | None = None
    value_high: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    direction: str | None = None
    role: str | None = None
    time_start: datetime.date | None = None
    time_end: datetime.date | None = None
    time_role: str | None = None
    sentence: str = field(default="", repr=False, compare=False)
    # Attribution (filled by a later layer; null until then).
    metric: str | None = None
    metric_text: str | None = None
    actor: str | None = None
    counterpart: str | None = None
    deadline: datetime.date | None = None
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


class FactList(list):
    """The facts of one text, in order: a plain `list` of `Fact` that also keeps the `text`.

    It compares, slices and serializes as the list it is; the text is there
    so that a notebook can show the facts marked up in it (`_repr_html_`).
    """

    def __init__(self, facts: Iterable[Fact] = (), text: str = "") -> None:
        super().__init__(facts)
        self.text = text

    def _repr_html_(self) -> str:
        from econfacts.render import facts_html  # rendering sits above this layer

        return facts_html(self.text, self)
