"""Seeing the facts: a text with every figure marked, as HTML or as rich terminal text.

Each fact becomes one mark over its span, coloured by kind, followed by a
small label with its normalized figure and, when known, its metric and
actor; the HTML mark carries every non-null field in its tooltip. A text
and its facts go in; nothing is extracted here except by `show`.

Overlapping facts (not produced by `extract`, whose layers claim disjoint
spans, but possible in hand-made or merged lists) are never dropped: a fact
inside another is a mark nested in the outer one; a fact that crosses
another's end cannot be nested, so it is listed in the tooltip and label of
the mark it starts in (`data-overlaps` names it).

The HTML keeps the text exactly: line breaks and blank lines are kept as
characters under `white-space: pre-wrap` (not rewritten to <p>/<br>), so the
text nodes outside the labels, unescaped, are the text itself.
"""

from __future__ import annotations

import dataclasses
import datetime
import html
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rich import box
from rich.style import Style
from rich.table import Table
from rich.text import Text

from econfacts.attribution import Taxonomy
from econfacts.errors import InputError
from econfacts.facts import Fact
from econfacts.pipeline import extract

# Background of each kind's mark: tints of the Okabe-Ito colour-blind-safe
# palette, light enough for dark text on any page (Jupyter light or dark).
KIND_COLOURS: dict[str, str] = {
    "money": "#9ad9c6",       # bluish green
    "percent": "#abd8f2",     # sky blue
    "multiplier": "#f2cd80",  # orange
    "quantity": "#e4b9d1",    # reddish purple
    "date": "#dcdcdc",        # neutral grey: dates are many and are context, not figures
}
_OTHER_COLOUR = "#e8e2cf"
_MARK_TEXT = "#151515"

_QUALIFIER_SIGNS = {"approximately": "≈", "more_than": ">", "at_least": "≥", "less_than": "<", "at_most": "≤"}
_DIRECTION_SIGNS = {"increase": "↑", "decrease": "↓"}
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
# The sentence is on the screen next to the mark; the tooltip leaves it out.
_TOOLTIP_SKIPS = ("sentence",)
# A mark this short is kept on one line with its label ("9.4 per cent" split
# over two lines reads badly); a longer one may wrap, or it could overflow.
_UNBROKEN_CHARS = 40

_CSS = f"""
.econfacts .ef-text {{ line-height: 2.1; white-space: pre-wrap; overflow-wrap: break-word; }}
.econfacts mark.ef {{
  color: {_MARK_TEXT}; padding: 0.2em 0.35em; border-radius: 0.35em; line-height: 1;
  -webkit-box-decoration-break: clone; box-decoration-break: clone;
}}
.econfacts mark.ef-unbroken {{ white-space: nowrap; }}
.econfacts mark.ef mark.ef {{ box-shadow: 0 0 0 1px rgba(0, 0, 0, 0.45); padding: 0.1em 0.25em; }}
.econfacts mark.ef-overlap {{ outline: 2px dashed #8a8a8a; outline-offset: 1px; }}
.econfacts .ef-label {{
  font: 600 0.68em/1 system-ui, -apple-system, "Segoe UI", sans-serif; letter-spacing: 0.01em;
  margin-left: 0.45em; padding: 0.1em 0.3em; border-radius: 0.25em; vertical-align: 0.12em;
  background: rgba(255, 255, 255, 0.6); color: {_MARK_TEXT}; white-space: nowrap;
  -webkit-user-select: none; user-select: none;
}}
.econfacts .ef-chip {{ color: {_MARK_TEXT}; padding: 0.1em 0.45em; border-radius: 0.35em; margin-right: 0.3em; }}
"""


# ---------------------------------------------------------------- labels


def figure_label(fact: Fact) -> str:
    """The normalized figure, readable: "≈68.5 billion USD", "↓ 4.5 %", "↑ ×2", "2027 (deadline)"."""
    if fact.kind == "date":
        period = _period(fact.time_start, fact.time_end) or "unresolved"
        return f"{period} ({fact.time_role})" if fact.time_role in ("deadline", "effective") else period
    if fact.value is None:
        return fact.kind
    arrow = _DIRECTION_SIGNS.get(fact.direction or "")
    signs = (f"{arrow} " if arrow else "") + _QUALIFIER_SIGNS.get(fact.qualifier or "", "")
    if fact.kind == "multiplier":
        return f"{signs}×{_plain_number(fact.value)}"
    if fact.value_low is not None and fact.value_high is not None and fact.value_low != fact.value_high:
        number = _number_range(fact.value_low, fact.value_high)
    else:
        number = human_number(fact.value)
    unit = _unit(fact.unit)
    return f"{signs}{number} {unit}" if unit else f"{signs}{number}"


def fact_label(fact: Fact) -> str:
    """The label after a mark: the figure, then metric, actor (↔ counterpart) and deadline when known."""
    deadline = f"by {fact.deadline.isoformat()}" if fact.deadline else None
    return " · ".join(part for part in (figure_label(fact), fact.metric, _parties(fact), deadline) if part)


def _parties(fact: Fact) -> str | None:
    """"US", "US ↔ JP", "↔ JP" or None."""
    if not fact.counterpart:
        return fact.actor
    return f"{fact.actor} ↔ {fact.counterpart}" if fact.actor else f"↔ {fact.counterpart}"


def fact_tooltip(fact: Fact) -> str:
    """Every non-null field (but the sentence) as `name: value` lines."""
    lines = []
    for item in dataclasses.fields(fact):
        value = getattr(fact, item.name)
        if value is not None and item.name not in _TOOLTIP_SKIPS:
            lines.append(f"{item.name}: {_field_text(value)}")
    return "\n".join(lines)


def human_number(value: float, digits: int = 12) -> str:
    """1.5e12 -> "1.5 trillion", 6.85e10 -> "68.5 billion", 12000 -> "12,000", to `digits` significant digits."""
    for scale, word in _SCALES:
        if abs(value) >= scale:
            return f"{_plain_number(value / scale, digits)} {word}"
    return _plain_number(value, digits)


def _number_range(low: float, high: float) -> str:
    """Both ends on the scale of the larger one: "4–5 billion"."""
    for scale, word in _SCALES:
        if max(abs(low), abs(high)) >= scale:
            return f"{_plain_number(low / scale)}–{_plain_number(high / scale)} {word}"
    return f"{_plain_number(low)}–{_plain_number(high)}"


def _plain_number(value: float, digits: int = 12) -> str:
    # 12 significant digits hide float noise (68.5e9 / 1e9) and keep every real digit.
    return format(value, f",.{digits}g")


def _unit(unit: str | None) -> str:
    """A pint unit expression made readable: "oil_barrel / day" -> "oil barrel/day"."""
    if not unit:
        return ""
    return unit.replace(" ** 2", "²").replace(" ** 3", "³").replace(" / ", "/").replace("_", " ")


def _period(start: datetime.date | None, end: datetime.date | None) -> str | None:
    """A day, a whole month or year as such ("2025-03", "2027"), else first…last day ("2025-03-10…03-16")."""
    if start is None or end is None:
        day = start or end
        return None if day is None else day.isoformat()
    if start == end:
        return start.isoformat()
    next_day = end + datetime.timedelta(days=1)
    if start.day == 1 and next_day.day == 1:
        if start.month == 1 and next_day.month == 1 and next_day.year == start.year + 1:
            return str(start.year)
        if (next_day.year * 12 + next_day.month) - (start.year * 12 + start.month) == 1:
            return f"{start.year}-{start.month:02d}"
    last = end.isoformat()[5:] if end.year == start.year else end.isoformat()
    return f"{start.isoformat()}…{last}"


def _field_text(value: object) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return format(value, ",.15g")
    return str(value)


# ---------------------------------------------------------------- layout


@dataclass(slots=True)
class _Mark:
    """One marked fact: `index` into the facts given, the marks nested in it, the facts crossing it."""

    index: int
    fact: Fact
    children: list[_Mark] = field(default_factory=list)
    crossing: list[tuple[int, Fact]] = field(default_factory=list)


def _layout(text: str, facts: Sequence[Fact]) -> list[_Mark]:
    """The facts as a forest of marks in text order; every fact is a mark or in one's `crossing`."""
    for index, fact in enumerate(facts):
        if not (0 <= fact.start <= fact.end <= len(text)) or text[fact.start:fact.end] != fact.surface:
            raise InputError(f"fact {index} ({fact.kind} {fact.surface!r} at {fact.start}:{fact.end}) "
                             "does not match the text")
    order = sorted(range(len(facts)), key=lambda i: (facts[i].start, -facts[i].end, i))
    roots: list[_Mark] = []
    open_marks: list[_Mark] = []
    for index in order:
        fact = facts[index]
        while open_marks and open_marks[-1].fact.end <= fact.start:
            open_marks.pop()
        if not open_marks:
            mark = _Mark(index, fact)
            roots.append(mark)
        elif fact.end <= open_marks[-1].fact.end:
            mark = _Mark(index, fact)
            open_marks[-1].children.append(mark)
        else:  # starts inside the open mark and ends after it: cannot nest
            open_marks[-1].crossing.append((index, fact))
            continue
        open_marks.append(mark)
    return roots


def _label(mark: _Mark) -> str:
    label = fact_label(mark.fact)
    if mark.crossing:
        label += f" · +{len(mark.crossing)} overlapping"
    return label


def _tooltip(mark: _Mark) -> str:
    parts = [fact_tooltip(mark.fact)]
    parts += [f"overlapping fact {index}:\n{fact_tooltip(fact)}" for index, fact in mark.crossing]
    return "\n\n".join(parts)


# ---------------------------------------------------------------- HTML


def _escape(value: str) -> str:
    return html.escape(value, quote=True)


def _colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, _OTHER_COLOUR)


def _marks_html(text: str, marks: list[_Mark], start: int, end: int) -> str:
    parts = []
    position = start
    for mark in marks:
        fact = mark.fact
        parts.append(_escape(text[position:fact.start]))
        classes = f"ef ef-{_escape(fact.kind)}" + (" ef-overlap" if mark.crossing else "")
        if len(fact.surface) <= _UNBROKEN_CHARS and "\n" not in fact.surface:
            classes += " ef-unbroken"
        overlaps = ""
        if mark.crossing:
            overlaps = f' data-overlaps="{" ".join(str(index) for index, _ in mark.crossing)}"'
        parts.append(
            f'<mark class="{classes}" data-fact="{mark.index}"{overlaps} '
            f'style="background-color:{_colour(fact.kind)}" title="{_escape(_tooltip(mark))}">'
            f"{_marks_html(text, mark.children, fact.start, fact.end)}"
            f'<span class="ef-label">{_escape(_label(mark))}</span></mark>')
        position = fact.end
    parts.append(_escape(text[position:end]))
    return "".join(parts)


def _article_html(text: str, facts: Sequence[Fact]) -> str:
    # No whitespace between the tags: under pre-wrap it would show.
    return f'<div class="ef-text">{_marks_html(text, _layout(text, facts), 0, len(text))}</div>'


def facts_html(text: str, facts: Sequence[Fact]) -> str:
    """`text` as an HTML fragment with every fact marked, its label after it and its fields in a tooltip.

    Self-contained (a <style> block scoped under `.econfacts`), escaped
    throughout, readable on light and dark pages. Raises `InputError` when a
    fact's span does not match `text`.
    """
    return f'<div class="econfacts"><style>{_CSS}</style>{_article_html(text, facts)}</div>'


def _legend_html() -> str:
    chips = "".join(f'<span class="ef-chip" style="background-color:{colour}">{kind}</span>'
                    for kind, colour in KIND_COLOURS.items())
    return f'<p class="ef-legend">{chips}</p>'


_PAGE_CSS = """
body { font: 17px/1.5 Georgia, "Times New Roman", serif; max-width: 50rem; margin: 2rem auto;
       padding: 0 1.5rem; background: #ffffff; color: #1b1b1b; }
h1, h2, .ef-legend, .ef-meta { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 1.4rem; }
h2 { font-size: 1.1rem; margin: 2.5rem 0 0.2rem; }
.ef-meta { font-size: 0.85rem; opacity: 0.75; margin: 0 0 0.8rem; }
.ef-legend { font-size: 0.85rem; }
@media (prefers-color-scheme: dark) { body { background: #1e1e1e; color: #e4e4e4; } }
"""


def facts_page(views: Iterable[FactsView], title: str = "econfacts") -> str:
    """A complete standalone HTML page: one section (heading, text, marks) per view."""
    sections = []
    for view in views:
        heading = f"<h2>{_escape(view.heading)}</h2>" if view.heading else ""
        meta = f'<p class="ef-meta">{_escape(view.summary())}</p>'
        sections.append(f"<section>{heading}{meta}{_article_html(view.text, view.facts)}</section>")
    return ("<!DOCTYPE html>\n"
            f'<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_escape(title)}</title><style>{_PAGE_CSS}{_CSS}</style></head>\n"
            f'<body><div class="econfacts"><h1>{_escape(title)}</h1>{_legend_html()}\n'
            + "\n".join(sections) + "\n</div></body></html>\n")


# ---------------------------------------------------------------- terminal


def _kind_style(kind: str) -> Style:
    return Style(color=_MARK_TEXT, bgcolor=_colour(kind))


_LABEL_STYLE = Style(dim=True, italic=True)


def _append_marks(out: Text, text: str, marks: list[_Mark], start: int, end: int) -> None:
    position = start
    for mark in marks:
        fact = mark.fact
        out.append(text[position:fact.start])
        inner = Text()
        _append_marks(inner, text, mark.children, fact.start, fact.end)
        inner.stylize_before(_kind_style(fact.kind))  # under the nested marks' own styles
        out.append_text(inner)
        out.append(f" [{_label(mark)}]", style=_LABEL_STYLE)
        position = fact.end
    out.append(text[position:end])


def rich_text(text: str, facts: Sequence[Fact]) -> Text:
    """`text` for a terminal: each fact on its kind's colour, its label after it, dim, in brackets.

    The article is never parsed as rich markup: `[bold]` in it stays literal.
    """
    out = Text()
    _append_marks(out, text, _layout(text, facts), 0, len(text))
    return out


# Columns of `facts_table`: "figure" is the label's figure, "actor" reads "US ↔ JP" with a
# counterpart (as in the labels), "usd" is the value_usd column.
_TABLE_COLUMNS = ("doc_id", "kind", "surface", "figure", "metric", "actor", "role", "deadline", "usd")
# On a narrow terminal these keep their width and the text columns wrap.
_TABLE_UNBROKEN = ("kind", "role", "deadline", "usd")
_FACT_FIELDS = tuple(item.name for item in dataclasses.fields(Fact))


def facts_table(rows: Iterable[dict]) -> Table:
    """Rows of a facts table (dicts with its columns) as a rich table for a terminal.

    The figure reads as in the labels ("≈68.5 billion USD"), money in US
    dollars as "68.5 billion" (4 significant digits: a converted value is no
    more precise than that); the kind and surface are coloured as in the
    text; columns empty on every row are left out. Cells are `Text`, so
    brackets in a surface are never read as markup.
    """
    cells: list[dict[str, Text]] = []
    for row in rows:
        fact = Fact(**{name: row.get(name) for name in _FACT_FIELDS if row.get(name) is not None})
        usd = row.get("value_usd")
        values = {name: row.get(name) for name in _TABLE_COLUMNS}
        values.update(figure=figure_label(fact), actor=_parties(fact), usd=None if usd is None else human_number(usd, digits=4),
                      deadline=fact.deadline.isoformat() if fact.deadline else None)
        line = {name: Text("" if value is None else str(value)) for name, value in values.items()}
        for name in ("kind", "surface"):
            line[name].stylize(_kind_style(fact.kind))
        cells.append(line)
    shown = [name for name in _TABLE_COLUMNS if any(line[name].plain for line in cells)]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name in shown:
        table.add_column("USD" if name == "usd" else name, overflow="fold", no_wrap=name in _TABLE_UNBROKEN,
                         justify="right" if name == "usd" else "left")
    for line in cells:
        table.add_row(*(line[name] for name in shown))
    return table


# ---------------------------------------------------------------- display object


@dataclass(frozen=True, slots=True)
class FactsView:
    """A text and its facts, displayed marked up: HTML in Jupyter, colours in a rich terminal."""

    text: str
    facts: tuple[Fact, ...]
    heading: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "facts", tuple(self.facts))
        _layout(self.text, self.facts)  # a fact off its span fails here, not at display time

    def summary(self) -> str:
        """"5 facts: 2 money, 1 percent, 2 date · 412 characters"."""
        counts = Counter(fact.kind for fact in self.facts)
        kinds = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        facts = f"{len(self.facts)} fact{'' if len(self.facts) == 1 else 's'}"
        return f"{facts}{': ' + kinds if kinds else ''} · {len(self.text):,} characters"

    def html(self) -> str:
        return facts_html(self.text, self.facts)

    def _repr_html_(self) -> str:
        return self.html()

    def __rich__(self) -> Text:
        return rich_text(self.text, self.facts)

    def __repr__(self) -> str:
        heading = f"{self.heading!r}, " if self.heading else ""
        return f"FactsView({heading}{self.summary()})"


def show(text: str, published: datetime.date | str | None = None, *,
         facts: Sequence[Fact] | None = None, taxonomy: Taxonomy | None = None) -> FactsView:
    """`text` with its facts marked: extracted now (see `econfacts.extract`) unless `facts` are given.

    In Jupyter the result displays as HTML; `rich.print` shows it in colour.
    """
    if facts is None:
        facts = extract(text, published, taxonomy=taxonomy)
    return FactsView(text, tuple(facts))
