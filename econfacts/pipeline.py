"""Top of the extraction: text -> list[Fact].

The layers run in order, each claiming spans the later ones may not reuse:
amounts (money, percent) -> multipliers -> time expressions -> other
quantities; then each figure's qualifier, direction and role are read from
its sentence.
"""

from __future__ import annotations

import bisect
import datetime
import re

from econfacts.amounts import Amount, find_amounts
from econfacts.attribution import Taxonomy, attribute, load_taxonomy
from econfacts.context import DocumentCues, read_direction, read_qualifier, read_role
from econfacts.errors import InputError
from econfacts.facts import Fact, FactList
from econfacts.multipliers import MultiplierMatch, find_multipliers
from econfacts.quantities import QuantityMatch, find_quantities
from econfacts.sentences import split_sentences
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


class _Claimed:
    """Spans already taken by an earlier layer; disjoint, so a bisect answers overlap."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.starts, end)  # spans starting before `end`
        return index > 0 and self.ends[index - 1] > start

    def add(self, start: int, end: int) -> None:
        index = bisect.bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)

    def keep_free(self, found: list) -> list:
        """The items of `found` (with .start/.end) that overlap nothing claimed; they are claimed."""
        free = [item for item in found if not self.overlaps(item.start, item.end)]
        for item in free:
            self.add(item.start, item.end)
        return free

    def spans(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.ends))


def _deadline_starts(times: list[TimeExpression]) -> list[int]:
    return [t.start for t in times if t.time_role == "deadline"]


def _deadlines(deadline_starts: list[int], sentence: tuple[int, int], start: int) -> tuple[bool, bool]:
    """(a deadline after `start`, a deadline anywhere) in the sentence."""
    low = bisect.bisect_left(deadline_starts, sentence[0])
    high = bisect.bisect_left(deadline_starts, sentence[1])
    return high > low and deadline_starts[high - 1] > start, high > low


# A draft is the keyword arguments of a Fact, filled layer by layer; each
# becomes a Fact once, at the end (rebuilding frozen Facts per layer would
# cost more than reading the text).
_Draft = dict


def _amount_draft(text: str, amount: Amount, sentence: tuple[int, int], deadline_starts: list[int],
                  document_cues: DocumentCues) -> _Draft:
    qualifier = read_qualifier(document_cues, amount.start, amount.end, *sentence, plus=amount.plus)
    direction = read_direction(document_cues, amount.start, amount.end, *sentence, sign=amount.sign)
    role = read_role(document_cues, amount.start, amount.end, *sentence, direction,
                     *_deadlines(deadline_starts, sentence, amount.start))
    return {"kind": amount.kind, "surface": text[amount.start:amount.end], "start": amount.start,
            "end": amount.end, "value": amount.value, "value_low": amount.value_low,
            "value_high": amount.value_high, "unit": amount.unit, "qualifier": qualifier,
            "direction": direction, "role": role}


def _multiplier_draft(text: str, match: MultiplierMatch, sentence: tuple[int, int], deadline_starts: list[int],
                      document_cues: DocumentCues) -> _Draft:
    qualifier = read_qualifier(document_cues, match.start, match.end, *sentence)
    if match.direction is None:  # a fraction ("two-thirds of"): a share, not a move
        role = "level"
    else:
        role = read_role(document_cues, match.start, match.end, *sentence, match.direction,
                         *_deadlines(deadline_starts, sentence, match.start))
    return {"kind": "multiplier", "surface": text[match.start:match.end], "start": match.start,
            "end": match.end, "value": match.value, "qualifier": qualifier, "direction": match.direction,
            "role": role}


def _date_draft(text: str, time: TimeExpression) -> _Draft:
    return {"kind": "date", "surface": text[time.start:time.end], "start": time.start, "end": time.end,
            "time_start": time.time_start, "time_end": time.time_end, "time_role": time.time_role}


def _quantity_draft(text: str, quantity: QuantityMatch, sentence: tuple[int, int], deadline_starts: list[int],
                    document_cues: DocumentCues) -> _Draft:
    qualifier = read_qualifier(document_cues, quantity.start, quantity.end, *sentence)
    direction = read_direction(document_cues, quantity.start, quantity.end, *sentence)
    role = read_role(document_cues, quantity.start, quantity.end, *sentence, direction,
                     *_deadlines(deadline_starts, sentence, quantity.start))
    return {"kind": "quantity", "surface": text[quantity.start:quantity.end], "start": quantity.start,
            "end": quantity.end, "value": quantity.value, "value_low": quantity.value_low,
            "value_high": quantity.value_high, "unit": quantity.unit, "qualifier": qualifier,
            "direction": direction, "role": role}


def _inherit_restated_moves(text: str, drafts: list[_Draft]) -> None:
    """The same move restated or shared: "rose by $7.6 billion (5.3 percent)",
    "increased by $2.6 billion and $532 million"."""
    for previous, draft in zip(drafts, drafts[1:]):
        if (
            draft.get("direction") is None
            and previous.get("direction") is not None
            and draft["kind"] in ("money", "percent")
            and (_RESTATEMENT_GAP.fullmatch(text, previous["end"], draft["start"])
                 or _COORDINATION_GAP.fullmatch(text, previous["end"], draft["start"]))
        ):
            draft["direction"] = previous["direction"]
            draft["role"] = previous["role"]


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
        return FactList([], text)
    sentences = split_sentences(text)
    document_cues = DocumentCues.of(text)
    claimed = _Claimed()
    amounts = claimed.keep_free(find_amounts(text, document_cues.folded))
    multipliers = claimed.keep_free(find_multipliers(text, document_cues.folded))
    times = claimed.keep_free(find_time_expressions(text, published_date))
    quantities = find_quantities(text, claimed.spans(), document_cues.folded)

    deadline_starts = _deadline_starts(times)
    drafts = [_amount_draft(text, a, sentences.span_at(a.start), deadline_starts, document_cues) for a in amounts]
    drafts += [_multiplier_draft(text, m, sentences.span_at(m.start), deadline_starts, document_cues)
               for m in multipliers]
    drafts += [_date_draft(text, t) for t in times]
    drafts += [_quantity_draft(text, q, sentences.span_at(q.start), deadline_starts, document_cues)
               for q in quantities]
    drafts.sort(key=lambda d: (d["start"], d["end"]))
    _inherit_restated_moves(text, drafts)
    attribute(text, drafts, sentences, times, taxonomy or load_taxonomy(), document_cues.folded)
    facts = []
    for draft in drafts:
        sentence = sentences.span_at(draft["start"])
        facts.append(Fact(sentence=text[sentence[0]:sentence[1]], **draft))
    return FactList(facts, text)
