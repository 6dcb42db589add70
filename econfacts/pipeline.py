"""Top of the extraction: text -> list[Fact].

The layers run in order, each claiming spans the later ones may not reuse:
amounts (money, percent) -> multipliers -> time expressions -> other
quantities; then each figure's qualifier, direction and role are read from
its sentence.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import replace

from econfacts.amounts import Amount, find_amounts
from econfacts.attribution import Taxonomy, attribute, load_taxonomy
from econfacts.context import DocumentCues, read_direction, read_qualifier, read_role
from econfacts.errors import InputError
from econfacts.facts import Fact
from econfacts.multipliers import MultiplierMatch, find_multipliers
from econfacts.quantities import find_quantities
from econfacts.sentences import Sentences, split_sentences
from econfacts.timex import TimeExpression, find_time_expressions

# A figure in brackets right after another one restates it: "$6.9 billion (4.6 percent)".
_RESTATEMENT_GAP = re.compile(r"\s*\(\s*(?:or\s+|about\s+|roughly\s+)?")
# Figures joined by "and" share the verb before the first: "rose by $6.8 billion and $2.5 billion".
_COORDINATION_GAP = re.compile(r"\)?,?\s+and\s+")


def parse_published(value: object) -> datetime.date | None:
    """A publication date from an ISO string, a date or a datetime.

    None and the empty string mean "unknown". A full timestamp such as
    `2025-02-08T09:30:00Z` gives the calendar date it names. Anything else
    raises `InputError`, because a silently dropped date would shift every
    relative date ("next year") of the document.
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime):  # before date: datetime is a date subclass
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        for parse in (datetime.date.fromisoformat, datetime.datetime.fromisoformat):
            try:
                parsed = parse(text)
            except ValueError:
                continue
            return parsed.date() if isinstance(parsed, datetime.datetime) else parsed
    raise InputError(f"published {value!r} is not an ISO date (YYYY-MM-DD)")


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)


def _deadlines(times: list[TimeExpression], sentence: tuple[int, int], start: int) -> tuple[bool, bool]:
    """(a deadline after `start`, a deadline anywhere) in the sentence."""
    starts = [t.start for t in times if t.time_role == "deadline" and sentence[0] <= t.start < sentence[1]]
    return any(s > start for s in starts), bool(starts)


def _amount_fact(text: str, amount: Amount, sentences: Sentences, times: list[TimeExpression],
                 document_cues: DocumentCues) -> Fact:
    sentence = sentences.span_at(amount.start)
    qualifier = read_qualifier(document_cues, amount.start, amount.end, *sentence, plus=amount.plus)
    direction = read_direction(document_cues, amount.start, amount.end, *sentence, sign=amount.sign)
    role = read_role(document_cues, amount.start, amount.end, *sentence, direction,
                     *_deadlines(times, sentence, amount.start))
    value = amount.value
    return Fact(
        kind=amount.kind,
        surface=text[amount.start:amount.end],
        start=amount.start,
        end=amount.end,
        value=value,
        value_low=amount.value_low,
        value_high=amount.value_high,
        unit=amount.unit,
        qualifier=qualifier,
        direction=direction,
        role=role,
        sentence=text[sentence[0]:sentence[1]],
    )


def _multiplier_fact(text: str, match: MultiplierMatch, sentences: Sentences,
                     times: list[TimeExpression], document_cues: DocumentCues) -> Fact:
    sentence = sentences.span_at(match.start)
    qualifier = read_qualifier(document_cues, match.start, match.end, *sentence)
    if match.direction is None:  # a fraction ("two-thirds of"): a share, not a move
        role = "level"
    else:
        role = read_role(document_cues, match.start, match.end, *sentence, match.direction,
                         *_deadlines(times, sentence, match.start))
    return Fact(
        kind="multiplier",
        surface=text[match.start:match.end],
        start=match.start,
        end=match.end,
        value=match.value,
        qualifier=qualifier,
        direction=match.direction,
        role=role,
        sentence=text[sentence[0]:sentence[1]],
    )


def _inherit_restated_moves(text: str, facts: list[Fact]) -> list[Fact]:
    """The same move restated or shared: "rose by $7.6 billion (5.3 percent)",
    "increased by $2.6 billion and $532 million"."""
    result: list[Fact] = []
    for fact in facts:
        previous = result[-1] if result else None
        if (
            previous is not None
            and fact.direction is None
            and previous.direction is not None
            and fact.kind in ("money", "percent")
            and (_RESTATEMENT_GAP.fullmatch(text, previous.end, fact.start)
                 or _COORDINATION_GAP.fullmatch(text, previous.end, fact.start))
        ):
            fact = replace(fact, direction=previous.direction, role=previous.role)
        result.append(fact)
    return result


def extract(text: str, published: datetime.date | str | None = None, *,
            taxonomy: Taxonomy | None = None) -> list[Fact]:
    """All facts in `text`, in order of their start offset.

    `published` (a date or an ISO string) anchors relative dates such as
    "next week"; without it they are found but left unresolved. `taxonomy`
    (from `load_taxonomy`) replaces the bundled metric taxonomy, e.g. to add
    a user's own metrics file.
    """
    if not isinstance(text, str):
        raise InputError(f"text must be a string, not {type(text).__name__}")
    published_date = parse_published(published)
    if not text.strip():
        return []
    sentences = split_sentences(text)
    amounts = find_amounts(text)
    claimed = [(a.start, a.end) for a in amounts]
    multipliers = [m for m in find_multipliers(text) if not _overlaps(m.start, m.end, claimed)]
    claimed += [(m.start, m.end) for m in multipliers]
    times = [t for t in find_time_expressions(text, published_date) if not _overlaps(t.start, t.end, claimed)]
    claimed += [(t.start, t.end) for t in times]
    quantities = find_quantities(text, claimed)

    document_cues = DocumentCues.of(text)
    facts = [_amount_fact(text, a, sentences, times, document_cues) for a in amounts]
    facts += [_multiplier_fact(text, m, sentences, times, document_cues) for m in multipliers]
    for t in times:
        sentence = sentences.span_at(t.start)
        facts.append(Fact(kind="date", surface=text[t.start:t.end], start=t.start, end=t.end,
                          time_start=t.time_start, time_end=t.time_end, time_role=t.time_role,
                          sentence=text[sentence[0]:sentence[1]]))
    for q in quantities:
        sentence = sentences.span_at(q.start)
        qualifier = read_qualifier(document_cues, q.start, q.end, *sentence)
        direction = read_direction(document_cues, q.start, q.end, *sentence)
        role = read_role(document_cues, q.start, q.end, *sentence, direction,
                         *_deadlines(times, sentence, q.start))
        facts.append(Fact(kind="quantity", surface=text[q.start:q.end], start=q.start, end=q.end,
                          value=q.value, value_low=q.value_low, value_high=q.value_high, unit=q.unit,
                          qualifier=qualifier, direction=direction, role=role,
                          sentence=text[sentence[0]:sentence[1]]))
    facts.sort(key=lambda f: (f.start, f.end))
    facts = _inherit_restated_moves(text, facts)
    return attribute(text, facts, sentences, times, taxonomy or load_taxonomy())
