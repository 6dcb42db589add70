"""Qualifier, direction and role of a figure, read from the words around it.

Only the few words right before and after the figure, inside its sentence,
are looked at; the cue words are data (`data/context_cues.toml`).

Every figure asks about ten questions of the words that end right before it
("about", "rose by", "target of", "to"). Asked with `search` over a window
ending at the figure, `re` would run the cue alternation from every offset of
the window. Instead the text is read backwards: each such question is one
anchored `match` at the figure's start in the reversed text, with a
*backward* pattern whose phrases and structure are spelled in reverse
(`DocumentCues.match_before`). Words after a figure are read forwards, as
usual. All patterns are case-sensitive and run on a lower-cased copy of the
text (`fold_case`), which `re` matches about twice as fast as `(?i)`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from econfacts.lexicon import fold_case, load_toml, trie_regex

# A character that, right before a phrase, glues it to a longer word, so the
# phrase is not a cue there: what the forward lookbehind `(?<![\w-])` (and, for
# "to" and "from", `\b`) rejected. See `DocumentCues.match_before`.
_GLUED = re.compile(r"[\w-]")
_WORD = re.compile(r"\w")

# Words allowed between "to" / "from" and the figure ("rose to about $5bn", "from a record");
# "a" or "an" goes with either of "record" and "estimated".
_POINT_QUALIFIERS = ["about", "around", "roughly", "nearly", "almost", "more than", "over", "at least", "some",
                     "just"] + [f"{article} {word}" for article in ("a", "an") for word in ("record", "estimated")]
# Words between a direction noun and the figure ("an increase of 5%", "growth was 2.1%").
_NOUN_LINKS = ["of", "by", "is", "was", "at", "will be", "would be", "came in at", "stood at"]


@dataclass(frozen=True)
class Cues:
    """The compiled cue patterns and the names of the phrases they find.

    Every pattern is case-sensitive and runs on `DocumentCues.folded`.
    Patterns named `*_before` (and `restated`) are backward: they run on
    `DocumentCues.backwards` through `DocumentCues.match_before`, and the
    groups they capture are spelled backwards. The comment on each field
    gives the forward phrase that it finds.
    """

    qualifier_before: re.Pattern  # backward: "about " -> approximately
    qualifier_after: re.Pattern  # " or more" -> at_least
    qualifier_names: dict[str, str]  # phrase (lower case, single spaces) -> qualifier name
    move_before: re.Pattern  # backward: "rose by a further ", "raised by "
    move_noun_before: re.Pattern  # backward: "an increase of ", "growth rate was "
    move_after: re.Pattern  # " higher", "/yr drop"
    move_by: re.Pattern  # backward: "reduce the cost of wind power by "
    restated: re.Pattern  # backward: "190 points, or "
    directions: dict[str, str]  # verb, noun or word after (lower case, single spaces) -> increase / decrease
    target_before: re.Pattern  # backward: "target of ", "target of about "
    target_after: re.Pattern  # " inflation target"
    to_before: re.Pattern  # backward: "to about "
    from_before: re.Pattern  # backward: "from around "
    target_cue: re.Pattern  # "pledged", "aims" anywhere earlier in the sentence
    forecast_cue: re.Pattern  # "expected", "could" anywhere earlier in the sentence


def _phrase(surface: str) -> str:
    """Key of a found phrase: inner whitespace made single spaces."""
    return " ".join(surface.split())


def _words(phrases: list[str]) -> str:
    """Trie regex over phrases (lower-cased); a space in a phrase matches any whitespace."""
    return trie_regex(sorted(fold_case(phrase) for phrase in phrases)).replace(r"\ ", r"\s+")


def _words_backwards(phrases: list[str]) -> str:
    """`_words` for the reversed text: every phrase spelled backwards ("more than" -> "naht erom")."""
    return _words([phrase[::-1] for phrase in phrases])


@functools.cache
def cues() -> Cues:
    data = load_toml("context_cues.toml")
    qualifier_names: dict[str, str] = {}
    for name, phrases in data["qualifier_before"].items():
        for phrase in phrases:
            qualifier_names[_phrase(fold_case(phrase))] = name
    after_names: dict[str, str] = {}
    for name, phrases in data["qualifier_after"].items():
        for phrase in phrases:
            after_names[_phrase(fold_case(phrase))] = name
    qualifier_names.update(after_names)
    directions: dict[str, str] = {}
    for table in ("direction_verbs", "direction_verbs_with_by", "direction_after", "direction_nouns"):
        for name, words in data[table].items():
            for word in words:
                directions[_phrase(fold_case(word))] = name
    before_qualifiers = [p for p in qualifier_names if p not in after_names]
    verbs = data["direction_verbs"]["increase"] + data["direction_verbs"]["decrease"]
    by_verbs = data["direction_verbs_with_by"]["increase"] + data["direction_verbs_with_by"]["decrease"]
    nouns = data["direction_nouns"]["increase"] + data["direction_nouns"]["decrease"]
    words_after = data["direction_after"]["increase"] + data["direction_after"]["decrease"]
    # Fillers between a verb and the figure, backwards: "a further " is "rehtruf a".
    fillers = _words_backwards(data["filler"]["words"])
    return Cues(
        # Forward: (?<![\w-])(?P<q>QUALIFIER)\s*$
        qualifier_before=re.compile(rf"\s*(?P<q>{_words_backwards(before_qualifiers)})(?![\w-])"),
        qualifier_after=re.compile(rf"\s*(?P<q>{_words(list(after_names))})(?!\w)"),
        qualifier_names=qualifier_names,
        # Forward: (?<![\w-])(?:(?P<verb>VERB)(?:\s+FILLER)*|(?P<by_verb>BY_VERB)\s+by(?:\s+FILLER)*)\s*$
        move_before=re.compile(
            rf"\s*(?:(?:(?:{fillers})\s+)*(?P<verb>{_words_backwards(verbs)})"
            rf"|(?:(?:{fillers})\s+)*yb\s+(?P<by_verb>{_words_backwards(by_verbs)}))(?![\w-])"
        ),
        # Forward: (?<![\w-])(?P<verb>NOUN)(?:\s+(?:rate|pace))?\s+(?:of|by|is|...)(?:\s+FILLER)*\s*$
        move_noun_before=re.compile(
            rf"\s*(?:(?:{fillers})\s+)*(?:{_words_backwards(_NOUN_LINKS)})"
            rf"\s+(?:(?:{_words_backwards(['rate', 'pace'])})\s+)?(?P<verb>{_words_backwards(nouns)})(?![\w-])"
        ),
        move_after=re.compile(
            rf"(?:/\s?[a-z]+\.?)?\)?(?:\s*\([^()]{{0,40}}\))?[\s-]+(?P<verb>{_words(words_after)})(?!\w)"
        ),
        # Forward: (?<![\w-])(?P<verb>VERB|BY_VERB)(?:\s+[a-z][\w'’-]*){1,8}\s+by(?:\s+FILLER)*\s*$
        # (one to eight words between the verb and "by").
        move_by=re.compile(
            rf"\s*(?:(?:{fillers})\s+)*yb(?:\s+[\w'’-]*[a-z]){{1,8}}"
            rf"\s+(?P<verb>{_words_backwards(verbs)}|{_words_backwards(by_verbs)})(?![\w-])"
        ),
        # Forward: [-+$£€¥]?\d[\d,.]*\s*(?:[a-z%]+\s*){0,2}(?:,?\s*|\(\s*)or\s+(?:about\s+|roughly\s+)?$
        # (a figure, up to two words, then "or": "190 points, or ", "$2.1 billion (or about ").
        restated=re.compile(r"""
            (?:\s+tuoba|\s+ylhguor)?  # " about " or " roughly " after "or"
            \s+ro                     # "or "
            (?:\s*,?|\s*\()           # ", " or " (" before "or"
            (?:\s*[a-z%]+){0,2}       # up to two words after the earlier figure ("points")
            \s*[\d,.]*\d[-+$£€¥]?     # the earlier figure, from its first digit or sign
        """, re.VERBOSE),
        directions=directions,
        target_after=re.compile(rf"[\s-]+(?:{_words(data['target_after']['words'])})(?!\w)"),
        # Forward: (?<![\w-])(?:TARGET_WORD)(?:\s+QUALIFIER)?\s*$
        target_before=re.compile(
            rf"\s*(?:(?:{_words_backwards(list(qualifier_names))})\s+)?"
            rf"(?:{_words_backwards(data['target_before']['words'])})(?![\w-])"
        ),
        # Forward: \bto(?:\s+POINT_QUALIFIER)*\s*$
        # ... but not "up to" (a qualifier: "duties of up to 12%").
        to_before=re.compile(rf"\s*(?:(?:{_words_backwards(_POINT_QUALIFIERS)})\s+)*ot(?!\w)(?!\s+pu(?!\w))"),
        # Forward: \bfrom(?:\s+POINT_QUALIFIER)*\s*$
        from_before=re.compile(rf"\s*(?:(?:{_words_backwards(_POINT_QUALIFIERS)})\s+)*morf(?!\w)"),
        target_cue=re.compile(rf"(?<![\w-])(?:{_words(data['target_cues']['words'])})(?!\w)"),
        forecast_cue=re.compile(rf"(?<![\w-])(?:{_words(data['forecast_cues']['words'])})(?!\w)"),
    )


class DocumentCues:
    """One document, prepared once for reading the context of all its figures.

    Holds the folded text (`fold_case`) and its reverse, on which backward
    patterns read the words before a figure with one anchored `match`; and
    answers, once per sentence, where its first pledge and forecast words are.
    Built by the pipeline with `DocumentCues.of(text)`.
    """

    __slots__ = ("folded", "backwards", "_first_cues")

    def __init__(self, folded: str) -> None:
        self.folded = folded
        self.backwards = folded[::-1]
        # (cue pattern, sentence start) -> offset of the first such cue in the sentence, or None.
        self._first_cues: dict[tuple[re.Pattern, int], int | None] = {}

    @classmethod
    def of(cls, text: str) -> "DocumentCues":
        return cls(fold_case(text))

    def match_before(self, pattern: re.Pattern, window_start: int, start: int,
                     glued: re.Pattern | None = _GLUED) -> re.Match | None:
        """Backward `pattern` matched on the words of `text[window_start:start]` that end at `start`.

        Stands for the forward pattern's `search(text, window_start, start)`,
        which finds the phrase starting furthest back, with one anchored
        match on the reversed text from `start` back to `window_start`: a
        backward pattern tries longer phrases and more filler words first, so
        its first match is that same phrase. A reversed offset `r` is the
        original offset `len(text) - r`.

        The closing lookahead of a backward pattern (the forward pattern's
        opening lookbehind) cannot see past the window, where the forward
        lookbehind could. So when a match reaches `window_start`, the
        character before it is checked: if it is `glued` to the phrase, the
        window is narrowed by one character and matched again.
        """
        length = len(self.folded)
        while True:
            limit = length - window_start
            match = pattern.match(self.backwards, length - start, limit)
            if (match is None or glued is None or match.end() < limit or window_start == 0
                    or not glued.match(self.folded, window_start - 1)):
                return match
            window_start += 1

    def _first_cue(self, cue: re.Pattern, sentence_start: int, sentence_end: int) -> int | None:
        key = (cue, sentence_start)
        if key not in self._first_cues:
            match = cue.search(self.folded, sentence_start, sentence_end)
            self._first_cues[key] = match.start() if match else None
        return self._first_cues[key]

    def pledged(self, sentence_start: int, sentence_end: int, start: int) -> bool:
        """A pledge or goal word earlier in the sentence than `start`."""
        first = self._first_cue(cues().target_cue, sentence_start, sentence_end)
        return first is not None and first < start

    def forecast(self, sentence_start: int, sentence_end: int, start: int) -> bool:
        """A forecast word earlier in the sentence than `start`."""
        first = self._first_cue(cues().forecast_cue, sentence_start, sentence_end)
        return first is not None and first < start


def read_qualifier(document: DocumentCues, start: int, end: int, sentence_start: int, sentence_end: int,
                   plus: bool = False) -> str:
    """exact / approximately / more_than / at_least / less_than / at_most."""
    c = cues()
    before = document.match_before(c.qualifier_before, max(sentence_start, start - 40), start)
    if before:
        return c.qualifier_names[_phrase(before.group("q")[::-1])]
    after = c.qualifier_after.match(document.folded, end, sentence_end)
    if after:
        return c.qualifier_names[_phrase(after.group("q"))]
    return "more_than" if plus else "exact"


def read_direction(document: DocumentCues, start: int, end: int, sentence_start: int, sentence_end: int,
                   sign: str | None = None) -> str | None:
    """increase / decrease when the figure is the size of a move, else None."""
    if sign == "-":
        return "decrease"
    if sign == "+":
        return "increase"
    c = cues()
    window_start = max(sentence_start, start - 60)
    for pattern in (c.move_before, c.move_noun_before):
        match = document.match_before(pattern, window_start, start)
        if match:
            verb = match.group("verb") or match.group("by_verb")
            return c.directions[_phrase(verb[::-1])]
    after = c.move_after.match(document.folded, end, sentence_end)
    if after:
        return c.directions[_phrase(after.group("verb"))]
    by = document.match_before(c.move_by, max(sentence_start, start - 90), start)
    if by:  # "reduce the cost of wind power by 70%"
        return c.directions[_phrase(by.group("verb")[::-1])]
    restated = document.match_before(c.restated, max(sentence_start, start - 40), start, glued=None)
    if restated:  # "lost 190 points, or 0.6%"
        restated_start = len(document.folded) - restated.end()
        if restated_start > sentence_start:
            return read_direction(document, restated_start, restated_start, sentence_start, sentence_end)
    return None


def read_role(document: DocumentCues, start: int, end: int, sentence_start: int, sentence_end: int,
              direction: str | None, deadline_after: bool, deadline_in_sentence: bool) -> str:
    """target (goal, pledge) / change (a rise or fall) / level (an amount).

    A goal word next to the figure makes it a target; so does a pledge or
    goal word earlier in the sentence when the figure is where something is
    to get ("raise investment to $1 trillion") or is due by a deadline.
    """
    c = cues()
    if (document.match_before(c.target_before, max(sentence_start, start - 40), start)
            or c.target_after.match(document.folded, end, sentence_end)):
        return "target"
    if document.match_before(c.from_before, max(sentence_start, start - 30), start, glued=_WORD):
        return "change" if direction is not None else "level"  # the starting point of a move
    # The sentence's pledge and forecast words are looked up only when they can matter.
    if document.match_before(c.to_before, max(sentence_start, start - 30), start, glued=_WORD) and (
            document.pledged(sentence_start, sentence_end, start)
            or (deadline_after and not document.forecast(sentence_start, sentence_end, start))):
        return "target"
    if (deadline_after or (direction is not None and deadline_in_sentence)) and document.pledged(
            sentence_start, sentence_end, start):
        return "target"
    return "change" if direction is not None else "level"
