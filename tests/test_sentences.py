"""Sentence spans: enough to keep a figure's context inside its own sentence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from econfacts.sentences import split_sentences


def sentences_of(text: str) -> list[str]:
    spans = split_sentences(text)
    return [text[start:end] for start, end in zip(spans.starts, spans.ends)]


SPLITS = [
    pytest.param("Sales rose 5%. The company said margins improved.",
                 ["Sales rose 5%.", "The company said margins improved."], id="splits-at-dot-The"),
    pytest.param("U.S. exports rose 3%. The deficit narrowed.",
                 ["U.S. exports rose 3%.", "The deficit narrowed."], id="us-at-start"),
    pytest.param("The firm, based in the U.S. and Canada, grew 4%.",
                 ["The firm, based in the U.S. and Canada, grew 4%."], id="no-split-after-us"),
    pytest.param("Tariffs on U.S. Steel rose.", ["Tariffs on U.S. Steel rose."], id="no-split-us-before-capital"),
    pytest.param("The duties take effect on Dec. 1 and cover aluminium.",
                 ["The duties take effect on Dec. 1 and cover aluminium."], id="no-split-after-dec"),
    pytest.param("Mr. Powell said rates would stay high. The dollar rose.",
                 ["Mr. Powell said rates would stay high.", "The dollar rose."], id="no-split-after-mr"),
    pytest.param("Dr. Lee, the economist, spoke. Markets fell 2.1%.",
                 ["Dr. Lee, the economist, spoke.", "Markets fell 2.1%."], id="no-split-after-dr"),
    pytest.param("J.P. Morgan Chase Inc. reported. The bank rose.",
                 ["J.P. Morgan Chase Inc. reported.", "The bank rose."], id="initials-and-inc"),
    pytest.param("The E.U. imposed duties. Beijing retaliated.",
                 ["The E.U. imposed duties.", "Beijing retaliated."], id="eu-abbreviation"),
    pytest.param("Gold hit $2,000. 2024 was a record year.",
                 ["Gold hit $2,000.", "2024 was a record year."], id="splits-before-digit"),
    pytest.param("Inflation was 2.5 percent in the euro area.",
                 ["Inflation was 2.5 percent in the euro area."], id="decimal-point"),
    pytest.param('Exports grew 3.5 percent. "We are pleased," she said.',
                 ["Exports grew 3.5 percent.", '"We are pleased," she said.'], id="before-quote"),
    pytest.param("Prices rose! Then they fell? Yes.", ["Prices rose!", "Then they fell?", "Yes."],
                 id="exclamation-and-question"),
    pytest.param("Headline: tariffs\nBody text follows", ["Headline: tariffs", "Body text follows"],
                 id="line-break"),
    pytest.param("No final period", ["No final period"], id="no-final-period"),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_split_sentences(text, expected):
    assert sentences_of(text) == expected


def test_span_at_finds_the_sentence_of_an_offset():
    text = "Exports rose. About 3% went to Mexico."
    spans = split_sentences(text)
    assert text[slice(*spans.span_at(text.index("3%")))] == "About 3% went to Mexico."
    assert text[slice(*spans.span_at(0))] == "Exports rose."


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB. U.S.Dec 3!?\n\"'()")), max_size=80) | st.text(max_size=80))
def test_spans_are_ordered_and_inside_the_text(text):
    spans = split_sentences(text)
    assert spans.starts, "at least one span, even for empty text"
    previous_end = 0
    for start, end in zip(spans.starts, spans.ends):
        assert previous_end <= start <= end <= len(text)
        previous_end = end
    pairs = set(zip(spans.starts, spans.ends))
    for offset in range(spans.starts[0], len(text)):
        start, end = spans.span_at(offset)
        assert (start, end) in pairs
        assert start <= offset, "the sentence of an offset starts at or before it"
