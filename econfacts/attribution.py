"""Attribution: what each figure measures, whose it is, against whom, by when.

Every figure is linked inside its sentence first:

* **metric**: the metric term nearest the figure (`data/metrics.toml`):
  a term right after it when nothing but modifiers stands between ("a
  $100 billion U.S. trade deficit", "$3.53 per gallon"), else the nearest
  term before it ("exports fell 3%", "tariffs of 25%"); a generic term
  ("growth", "rates") yields to a specific one next to it ("export growth").
  A sentence with no metric term gives `other`.
* **actor**: the country or organization that modifies the metric term
  ("U.S. trade deficit", "Japan's defence spending", "Japanese investment"),
  else the nearest one before the figure that is not inside a prepositional
  phrase (the subject: "Japan pledged to double..."); a sentence with no
  such mention ("It also pledged...") keeps the actor of the sentence before.
* **counterpart**: for bilateral metrics (trade, tariffs, investment, aid,
  deals, exchange rates), the first country after the metric term that
  follows a preposition ("deficit *with Japan*", "tariffs *on Chinese* steel",
  "investment *in the U.S.*").
* **deadline**: for targets, the last day of the deadline in the same
  sentence ("double ... by 2027" -> 2027-12-31).
* **period**: the period a figure refers to, when its sentence names one
  ("rose 3% in 2024").

Countries come from pycountry plus `data/country_aliases.tsv` (short forms,
demonyms, capitals, central banks); organizations are capitalized names
ending in a corporate word ("Nippon Steel", "Daehan Motors Co.").
Anything the sentence does not support stays null.
"""

from __future__ import annotations

import bisect
import csv
import functools
import os
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from econfacts.errors import InputError
from econfacts.lexicon import data_path, fold_case, load_toml, trie_regex, word_start_trie_regex
from econfacts.sentences import Sentences
from econfacts.timex import TimeExpression

# Metrics whose figures have another side ("with Japan", "on Chinese goods").
_BILATERAL = frozenset({"trade_balance", "exports", "imports", "trade_value", "tariff", "investment",
                        "aid", "deal_value", "exchange_rate"})
# Prepositions that put a country on the other side of a figure, or (before a
# subject candidate) show it is not the subject.
_COUNTERPART_PREPOSITION = (r"made\s+in|produced\s+in|imports\s+of|exports\s+of|purchases\s+of|with|to|from|on|in|"
                            r"into|against|for|toward|towards|vs\.?|versus|than|between|per|of")
# Patterns marked "(folded)" ignore case: written in lower case, they run on
# the folded text (`_Document.folded`, see `fold_case`), which `re` matches
# about twice as fast as `(?i)` on the text.
# A preposition, then up to two words that are not prepositions themselves, then the mention (folded).
_COUNTERPART_BEFORE = re.compile(
    rf"\b(?P<preposition>{_COUNTERPART_PREPOSITION})\s+(?:the\s+|a\s+|an\s+|its\s+)?"
    rf"(?:(?!(?:{_COUNTERPART_PREPOSITION})\b)[\w-]+\s+){{0,2}}$")
# The prepositions that introduce the other side of each bilateral metric: exports go
# *to* a country, imports come *from* one; "analysts in Seoul" is no other side of exports.
_TRADE_PREPOSITIONS = {"with", "to", "from", "into", "toward", "towards", "between", "vs", "vs.", "versus",
                       "imports of", "purchases of"}
_OTHER_SIDE_PREPOSITIONS = {
    "trade_balance": _TRADE_PREPOSITIONS | {"against", "than"},
    # Exports *from* a country and imports *into* one are its own.
    "exports": _TRADE_PREPOSITIONS - {"from"} | {"for"},
    "imports": _TRADE_PREPOSITIONS - {"into"} | {"of"},
    "trade_value": _TRADE_PREPOSITIONS,
    "tariff": {"on", "against", "from", "imports of", "for", "of", "made in", "produced in"},
    "investment": {"in", "into", "to", "toward", "towards", "for"},
    "aid": {"for", "to", "toward", "towards", "into", "in"},
    "deal_value": {"with", "to", "from", "for", "in"},
    "exchange_rate": {"against", "to", "per", "versus", "vs", "vs.", "than", "with"},
}
# The preposition that names a trade flow's own side after its term: "exports from Chile".
_OWN_SIDE_PREPOSITION = {"exports": "from", "imports": "into"}
# "..., and Hong Kong, which fell": a country listed after another other side.
_COORDINATED_BEFORE = re.compile(r"(?:,\s*|\s)and\s+(?:the\s+)?$")
# Words that, right before a country, put it in a prepositional phrase (not a subject).
_PREPOSITIONS = frozenset({"with", "to", "from", "on", "in", "into", "against", "for", "toward", "towards", "than",
                           "between", "of", "over", "at", "by", "across", "among", "about", "like", "as",
                           "under", "beyond", "behind", "after", "before", "since", "including", "and", "or"})
# One of them, then the mention (folded).
_PREPOSITION_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(_PREPOSITIONS))})\s+(?:the\s+)?$")
# Between a modifier and its metric term: "Japan's", "U.S. total", "China's crude".
_MODIFIER_GAP = re.compile(r"(?:['’]s)?(?:\s+(?:[a-z][\w-]*|[A-Z]{2,}|total|annual|monthly))?(?:\s+[a-z][\w-]*)?\s*")
# Between a figure and a metric term after it: only modifiers, no verb or preposition.
_ATTACHED_GAP = re.compile(
    r"(?:\s*[-/]?\s*(?!(?:to|from|in|on|at|by|of|and|or|with|for|as|than|after|before|while|when|which|that|"
    r"is|was|were|are|be|been|will|would|has|have|had|but|because|since|if|amid|despite|so|up|down|more|less|"
    r"higher|lower|compared|said|says|added|rose|fell)\b)[\w.'’&-]+){0,3}\s*[-/]?\s*")
_CLAUSE_BREAK = re.compile(r"[,;:()]|\b(?:and|but|while|which)\b")
# Where a clause begins. Each branch starts with a plain character, not a
# class (the word boundary is checked after it): `re` then skips ahead to the
# characters a branch starts with, which keeps this whole-document scan fast.
_CLAUSE_OPENER = re.compile(
    r";\s*|:\s*"                                                   # "; ", ": "
    r"|,\s*(?:and|but|while|whereas|although|in\s+case|if|after|because|as|when|unless|before|since|though)\b\s*"
    r"|w(?<!\ww)(?:hile|hereas)\b\s*"                              # "while", "whereas"
    r"|i(?<!\wi)n\s+case\b\s*"                                     # "in case"
)
# A second pledge in the same clause has its own deadline: "double it by 2027 and to raise ...".
_SECOND_PLEDGE = re.compile(r"\band\s+to\b")
# "between X and Y" (folded).
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:the\s+)?$")
# A clause that opens with a pronoun has no subject of its own: "It also pledged..." (folded).
_ANAPHORA_START = re.compile(r"\s*[\"“]?(?:it|they|he|she|its|their|the\s+(?:country|government|bank|"
                             r"company|group|firm|bloc|ministry|administration|buyer|carmaker|maker|lender))\b")
# "$117 billion in imports", "$1.9 trillion in two-way trade".
_IN_GAP = re.compile(r"(?:\s+dollars?)?\s+in\s+(?:[\w.'’-]+\s+){0,3}")
# "43 percent of total U.S. agricultural exports", "two-thirds of the growth".
_SHARE_OF_GAP = re.compile(r"\s+of\s+(?:the\s+|total\s+|all\s+|its\s+|their\s+|[\w.'’-]+\s+){0,4}")
_ORG_SUFFIXES = tuple(load_toml("organizations.toml")["suffixes"])
# Organizations are found from their last word (rare, so the scan is cheap),
# then extended backwards over the capitalized words before it. The word
# boundary before the suffix is checked after its first letter
# (`word_start_trie_regex`): a leading `\b` would make `re` try every offset.
_ORGANIZATION_SUFFIX = re.compile(word_start_trie_regex(sorted(_ORG_SUFFIXES), not_after=r"\w") + r"\b\.?")
# A name stays on one line: a headline's last word is not part of the next line's name.
_CAPITALIZED_WORDS_BEFORE = re.compile(r"(?:[A-Z][\w&'’-]*[^\S\n]+){1,4}$")
# Capitalized words that start a sentence or name a time, not a company: "Monday", "The".
_NOT_NAME_WORDS = frozenset("""The A An This That These Those Its Their Shares Stocks Monday Tuesday Wednesday
    Thursday Friday Saturday Sunday January February March April May June July August September October
    November December""".split())


class Mention(NamedTuple):
    """A country, bloc or organization named in the text (a NamedTuple, as `numbers.Number`)."""

    start: int
    end: int
    actor: str  # ISO code, "EU", or the organization's name as written
    kind: str  # name, demonym, capital, institution, organization


class MetricTerm(NamedTuple):
    """A metric term named in the text (a NamedTuple, as `numbers.Number`)."""

    start: int
    end: int
    metric: str
    weak: bool


@dataclass(frozen=True)
class Taxonomy:
    """The metric terms and country names, compiled once."""

    metric_pattern: re.Pattern
    metric_of: dict[str, str]
    weak_terms: frozenset[str]
    country_patterns: tuple[re.Pattern, ...]  # the names by first letter: see `_country_matches`
    country_of: dict[str, tuple[str, str]]

    @property
    def metrics(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.metric_of.values())))


def _metric_tables(sources: Iterable[dict]) -> tuple[dict[str, str], set[str]]:
    metric_of: dict[str, str] = {}
    weak: set[str] = set()
    for data in sources:
        for metric, table in data.items():
            if metric == "weak":
                weak.update(" ".join(t.lower().split()) for t in table.get("terms", []))
                continue
            if metric == "ignore":
                for term in table.get("terms", []):
                    metric_of[" ".join(term.lower().split())] = ""
                continue
            for term in table.get("terms", []):
                metric_of[" ".join(term.lower().split())] = metric
    return metric_of, weak


def _read_metrics_file(path: str) -> dict:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise InputError(f"cannot read metrics file: {error.strerror}", source=path) from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"not valid TOML: {error}", source=path) from None
    for metric, table in data.items():
        if not isinstance(table, dict) or not isinstance(table.get("terms", []), list):
            raise InputError(f"[{metric}] must be a table with a list `terms`", source=path)
    return data


def _country_names() -> dict[str, tuple[str, str]]:
    """alias -> (code, kind): pycountry's English names plus the news aliases."""
    import pycountry

    # Country names that are far more often something else in news text.
    ambiguous = {"Jordan", "Chad", "Georgia", "Guinea", "Niger", "Turkey", "Lebanon", "Dominica", "Mali"}
    names: dict[str, tuple[str, str]] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            if name and "," not in name and "(" not in name and name not in ambiguous:
                names.setdefault(name, (country.alpha_2, "name"))
    with data_path("country_aliases.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for row in rows:
            names[row["alias"]] = (row["code"], row["kind"])
            alias = row["alias"]
            if alias.startswith("the "):  # "The yen fell" at the start of a sentence
                names["The" + alias[3:]] = (row["code"], row["kind"])
            elif alias[0].islower():  # "Sterling rose"
                names[alias[0].upper() + alias[1:]] = (row["code"], row["kind"])
    return names


def load_taxonomy(*metric_files: str | os.PathLike) -> Taxonomy:
    """The bundled metric taxonomy, extended by user metric files (TOML, same layout).

    A term listed in a user file wins over the same term in the bundled file;
    new metric names are allowed. Built once per set of files.
    """
    return _taxonomy(tuple(os.fspath(path) for path in metric_files))


@functools.cache
def _taxonomy(extra_metric_files: tuple[str, ...]) -> Taxonomy:
    sources = [load_toml("metrics.toml"), *(_read_metrics_file(path) for path in extra_metric_files)]
    metric_of, weak = _metric_tables(sources)
    terms = sorted(metric_of)
    # The character before a term is matched, not looked behind at (see
    # `find_metric_terms`): so `re` enters the trie only at word starts.
    metric_pattern = re.compile(
        r"[^\w&](?P<term>" + trie_regex(terms).replace(r"\ ", r"\s+") + r")(?![\w&])"
    )
    country_of = _country_names()
    capitalized = sorted(name for name in country_of if name[0].isupper())
    others = sorted(name for name in country_of if not name[0].isupper())  # "the yen", "sterling"
    country_patterns = tuple(
        re.compile(word_start_trie_regex(names, not_after=r"[\w.]") + r"(?![\w$])")
        for names in (capitalized, others) if names
    )
    return Taxonomy(metric_pattern, metric_of, frozenset(weak), country_patterns, country_of)


def _country_matches(patterns: Sequence[re.Pattern], text: str) -> list[re.Match]:
    """The matches one pattern of all the country names would give, in order.

    `re` skips fast between the letters a name can start with. Capitals are
    rare in text, but the few names that start in lower case ("the yen",
    "euro area", "sterling") would make one pattern stop at a third of all
    letters. So the names are split by their first letter into patterns that
    never match at the same offset, each scanned on its own. When more than
    one finds something, their matches are merged as the one pattern would
    take them: the leftmost first, and a pattern whose next match starts
    inside the one taken is searched again after it.
    """
    scans = [found for pattern in patterns if (found := list(pattern.finditer(text)))]
    if len(scans) <= 1:
        return scans[0] if scans else []
    matches: list[re.Match] = []
    upcoming = [pattern.search(text) for pattern in patterns]
    while any(upcoming):
        taken = min((match for match in upcoming if match is not None), key=re.Match.start)
        matches.append(taken)
        upcoming = [pattern.search(text, taken.end()) if match is not None and match.start() < taken.end() else match
                    for pattern, match in zip(patterns, upcoming)]
    return matches


def _matches(pattern: re.Pattern, text: str, spans: Sequence[tuple[int, int]] | None) -> Iterable[re.Match]:
    if spans is None:
        return pattern.finditer(text)
    return (match for start, end in spans for match in pattern.finditer(text, start, end))


def find_mentions(text: str, taxonomy: Taxonomy,
                  spans: Sequence[tuple[int, int]] | None = None) -> list[Mention]:
    """Countries and blocs named anywhere in `text`, and organizations named in its `spans`, in order.

    Countries are always read from the whole text: the country a document is
    about (`main_actor`) is counted over all of them.
    """
    mentions = []
    for match in _country_matches(taxonomy.country_patterns, text):
        code, kind = taxonomy.country_of[match.group(0)]
        partners = _PARTNERS_AFTER.match(text, match.end())
        if partners is not None:  # "U.S. FTA partner countries": other countries, named as written
            mentions.append(Mention(match.start(), partners.end(), text[match.start():partners.end()], "region"))
        else:
            mentions.append(Mention(match.start(), match.end(), code, kind))
    taken = [(m.start, m.end) for m in mentions]
    organizations: list[Mention] = []
    for match in _matches(_ORGANIZATION_SUFFIX, text, spans):
        head = _CAPITALIZED_WORDS_BEFORE.search(text, max(0, match.start() - 60), match.start())
        if head is None:
            continue
        start, end = head.start(), match.end()
        name = text[start:end]
        if not name.endswith(("Co.", "Inc.", "Corp.", "Ltd.")):
            name = name.rstrip(".")
        # "Bank of Japan" is a country's institution, found above: skip overlaps.
        if any(start < e and s < end for s, e in taken):
            continue
        words = name.split()
        while words and (words[0] in _NOT_NAME_WORDS or words[0].endswith("-based")):
            words = words[1:]
        if len(words) < 2:  # a bare "Bank" or "Group" names nobody
            continue
        start += text[start:end].index(words[0])
        name = " ".join(words)
        if organizations and organizations[-1].start == start:  # "Harland Steel" inside "Harland Steel Corp."
            organizations.pop()
        organizations.append(Mention(start, start + len(name), name, "organization"))
    mentions.extend(_named_by_acronym(text, organizations, mentions))
    mentions.sort(key=lambda m: m.start)
    return mentions


# After a country, an agreement's acronym and its partners: "U.S. FTA partner
# countries" are the other parties, not the country. (A bloc's "countries"
# stay the bloc: "ASEAN countries" is ASEAN.)
_PARTNERS_AFTER = re.compile(r"\s+[A-Z]{2,6}\s+(?:(?:partner|member)\s+)?(?:countries|states|nations|economies|partners)\b")
# "... Bank of the Nordic Countries (NIB)": an acronym an organization gives itself.
_ACRONYM_AFTER = re.compile(r"(?:\s+of\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})?\s*"
                            r"\((?P<acronym>[A-Z][A-Za-z&-]*[A-Z])\)")


def _named_by_acronym(text: str, organizations: list[Mention], others: list[Mention]) -> list[Mention]:
    """The organizations, each named by the acronym it gives itself, plus every other use of the acronym.

    A document that introduces "the Nordic Investment Bank (NIB)" goes on
    (and often starts, in its headline) with "NIB": one actor for both.
    """
    acronym_of = {}
    for organization in organizations:
        defined = _ACRONYM_AFTER.match(text, organization.end)
        if defined is not None:
            acronym_of[organization.actor] = defined.group("acronym")
    if not acronym_of:
        return organizations
    named = [m._replace(actor=acronym_of.get(m.actor, m.actor)) for m in organizations]
    taken = [(m.start, m.end) for m in (*organizations, *others)]
    uses = re.compile(r"(?<![\w(-])(?:" + "|".join(map(re.escape, sorted(set(acronym_of.values())))) + r")(?![\w)-])")
    for use in uses.finditer(text):
        if not any(use.start() < end and start < use.end() for start, end in taken):
            named.append(Mention(use.start(), use.end(), use.group(), "organization"))
    return named


def find_metric_terms(text: str, taxonomy: Taxonomy, spans: Sequence[tuple[int, int]] | None = None,
                      folded: str | None = None) -> list[MetricTerm]:
    """Metric terms named in `text` (or in its `spans`), in order; matched on the folded case."""
    # The pattern reads the character before a term, so it runs on the folded
    # text behind one space (a term may open the text): an offset there is
    # the offset in `text` plus one, and a span (start, end) is searched
    # from `start`, the character before it, to `end + 1`.
    padded = " " + (folded if folded is not None else fold_case(text))
    padded_spans = [(start, end + 1) for start, end in spans] if spans is not None else None
    terms = []
    for match in _matches(taxonomy.metric_pattern, padded, padded_spans):
        key = " ".join(match.group("term").split())
        metric = taxonomy.metric_of[key]
        start, end = match.start("term") - 1, match.end("term") - 1
        if not metric or _inside_a_name(text, start, end):
            continue  # "at an annual rate", "World Trade Organization"
        terms.append(MetricTerm(start, end, metric, key in taxonomy.weak_terms))
    return terms


_CAPITALIZED_WORD_AFTER = re.compile(r"[\s-]+[A-Z][a-z]")
_CAPITALIZED_WORD_BEFORE = re.compile(r"(?<![\w.])(?!(?:The|A|An|Its|Their)\b)[A-Z][\w.]*[\s-]+$")


def _inside_a_name(text: str, start: int, end: int) -> bool:
    """ "World Trade Organization", "Export-Import Bank": a capitalized term inside a proper name."""
    if not text[start].isupper() or not all(word[0].isupper() for word in text[start:end].split()):
        return False  # (most terms are in lower case: their first letter settles it)
    if _CAPITALIZED_WORD_AFTER.match(text, end):
        return True  # "World Trade Organization"
    at_sentence_start = text[max(0, start - 2):start].strip(" ") in ("", ".", "\n")
    return not at_sentence_start and bool(_CAPITALIZED_WORD_BEFORE.search(text, max(0, start - 20), start))


@dataclass
class _Document:
    """Everything attribution looks up per document, found once."""

    text: str
    folded: str  # fold_case(text), for the patterns marked "(folded)"
    sentences: Sentences
    mentions: list[Mention]
    mention_starts: list[int]
    terms: list[MetricTerm]
    term_starts: list[int]
    times: list[TimeExpression]
    main_actor: str | None
    clause_openers: list[int]  # offsets where a clause begins (after ", and", ";"...)

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        low = bisect.bisect_left(self.mention_starts, start)
        high = bisect.bisect_left(self.mention_starts, end)
        return self.mentions[low:high]

    def terms_between(self, start: int, end: int) -> list[MetricTerm]:
        low = bisect.bisect_left(self.term_starts, start)
        high = bisect.bisect_left(self.term_starts, end)
        return self.terms[low:high]


def _main_actor(text: str, mentions: list[Mention]) -> str | None:
    """The country a document is about: the one it names most often outside prepositional phrases."""
    counts: Counter[str] = Counter()
    for mention in mentions:
        if mention.kind == "organization":
            continue
        words_before = text[max(0, mention.start - 16):mention.start].lower().split()
        if words_before and words_before[-1] == "the":
            words_before.pop()
        if not words_before or words_before[-1] not in _PREPOSITIONS:
            counts[mention.actor] += 1
    return counts.most_common(1)[0][0] if counts else None


def _attached_after(doc: _Document, fact: Figure, sentence: tuple[int, int],
                    has_term_before: bool) -> MetricTerm | None:
    """The metric term a figure modifies: "$5bn trade deficit", "$117bn in imports", "43% of exports"."""
    text = doc.text
    for term in doc.terms_between(fact.end, min(sentence[1], fact.end + 60)):
        if _ATTACHED_GAP.fullmatch(text, fact.end, term.start) or _IN_GAP.fullmatch(text, fact.end, term.start):
            return term
        if _SHARE_OF_GAP.fullmatch(text, fact.end, term.start):
            # "2% of GDP" is a ratio to GDP: the metric is named before it, if anywhere.
            if term.metric == "gdp" and has_term_before:
                return None
            return term
    return None


# "5.4% of GDP" (folded).
_OF_BEFORE = re.compile(r"\bof\s+(?:the\s+)?(?:[\w’']+\s+)?$")


def _is_ratio_base(doc: _Document, term: MetricTerm) -> bool:
    """ "5.4% of GDP": GDP is the denominator of another metric, not the metric."""
    return term.metric == "gdp" and bool(_OF_BEFORE.search(doc.folded, max(0, term.start - 25), term.start))


_PREPOSITION_AFTER_HEAD = re.compile(r"\s+(?:on|of|for|from)\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){0,2}")


def _head_before_preposition(doc: _Document, term: MetricTerm, before: list[MetricTerm]) -> MetricTerm | None:
    """ "tariff on imported cars": a term inside the prepositional phrase of another names its object."""
    index = before.index(term)
    if index == 0:
        return None
    head = before[index - 1]
    if not head.weak and _PREPOSITION_AFTER_HEAD.fullmatch(doc.text, head.end, term.start):
        return head
    return None


def _choose_term(doc: _Document, fact: Figure, sentence: tuple[int, int]) -> MetricTerm | None:
    before = [t for t in doc.terms_between(sentence[0], fact.start) if t.end <= fact.start]
    if any(not _is_ratio_base(doc, t) for t in before):
        before = [t for t in before if not _is_ratio_base(doc, t)]
    chosen = _attached_after(doc, fact, sentence, bool(before))
    inside = [t for t in doc.terms_between(fact.start, fact.end) if t.end <= fact.end]
    if chosen is None and inside:  # "25 basis points", "3,000 jobs": the unit names the metric
        return inside[-1]
    if chosen is None and before:
        chosen = before[-1]
        head = _head_before_preposition(doc, chosen, before)
        if head is not None:
            chosen = head
    if chosen is None:  # "That amount is $200 billion more than the deficit"
        after = [t for t in doc.terms_between(fact.end, min(sentence[1], fact.end + 40))
                 if not _CLAUSE_OPENER.search(doc.text, fact.end, t.start)]
        chosen = after[0] if after else None
    if chosen is None:
        return None
    if chosen.weak:
        # "export growth": a specific term in the same noun phrase wins; failing
        # that, a specific term earlier in the sentence ("imported ..., 44% of trade").
        # A neighbour on the other side of the figure is in another phrase:
        # "trims rates to 4.25% as tariffs cloud the outlook".
        before_figure = chosen.end <= fact.start
        neighbours = [t for t in doc.terms_between(chosen.start - 35, chosen.end + 35)
                      if not t.weak and t is not chosen and sentence[0] <= t.start < sentence[1]
                      and (t.end <= fact.start if before_figure else t.start >= fact.end)
                      and not _CLAUSE_BREAK.search(doc.text, min(t.end, chosen.end), max(t.start, chosen.start))]
        clause = _clause_start(doc, sentence[0], fact.start)
        strong_before = [t for t in before if not t.weak and t.start >= clause]
        if neighbours:
            chosen = min(neighbours, key=lambda t: abs(t.start - chosen.start))
        elif strong_before:
            chosen = strong_before[-1]
    return chosen


def _modifier_of(doc: _Document, term: MetricTerm, sentence: tuple[int, int]) -> Mention | None:
    """The country or organization written right before a metric term: "U.S. trade deficit"."""
    for mention in reversed(doc.mentions_between(max(sentence[0], term.start - 40), term.start)):
        if mention.end > term.start:
            continue
        if _MODIFIER_GAP.fullmatch(doc.text, mention.end, term.start):
            return mention
        break
    return None


def _in_prepositional_phrase(folded: str, mention: Mention, sentence_start: int) -> bool:
    match = _PREPOSITION_BEFORE.search(folded, max(sentence_start, mention.start - 20), mention.start)
    if match and mention.kind == "organization" and match.group(0).startswith("of"):
        return False  # "shares of Brightline Industries": the company's own figure
    return bool(match)


def _restates_previous(text: str, mention: Mention) -> bool:
    """ "the United Kingdom (UK)": the bracketed short form is the same mention again."""
    return mention.start > 0 and text[mention.start - 1] == "("


def _clause_start(doc: "_Document", sentence_start: int, position: int) -> int:
    """Where the clause holding `position` begins: after ", and", "; ", ", while"..."""
    index = bisect.bisect_right(doc.clause_openers, position) - 1
    if index >= 0 and doc.clause_openers[index] > sentence_start:
        return doc.clause_openers[index]
    return sentence_start


def _subject(doc: _Document, fact: Figure, term: MetricTerm | None, sentence: tuple[int, int]) -> Mention | None:
    """Whose figure, when no country modifies the metric term.

    The first mention of the figure's clause that is not in a prepositional
    phrase (the subject: "Kuroshio Chemical agreed to buy Brightline for
    $14bn"); in "trade between X and Y", X. A sentence that opens with a
    pronoun ("It also pledged...") has no subject of its own: None, so the
    caller keeps the previous actor. Failing all that, for metrics without
    another side, a country named anywhere in the sentence ("prices in the
    United States", "for U.S. customers").
    """
    text = doc.text
    clause = _clause_start(doc, sentence[0], fact.start)
    before = [m for m in doc.mentions_between(clause, fact.start) if not _restates_previous(text, m)]
    for mention in before:
        if _BETWEEN_BEFORE.search(doc.folded, max(sentence[0], mention.start - 12), mention.start):
            return mention
    subjects = [m for m in before if not _in_prepositional_phrase(doc.folded, m, max(sentence[0], clause))]
    if subjects:
        return subjects[0]
    if _ANAPHORA_START.match(doc.folded, clause):
        return None
    own_preposition = _OWN_SIDE_PREPOSITION.get(term.metric) if term is not None else None
    for mention in before if own_preposition else ():
        opening = _COUNTERPART_BEFORE.search(doc.folded, max(sentence[0], mention.start - 40), mention.start)
        if opening is not None and opening.group("preposition") == own_preposition and mention.start > term.end:
            return mention  # "exports from Chile to China": Chile's exports
    if term is not None and term.metric in _BILATERAL:
        return None
    located = [m for m in doc.mentions_between(sentence[0], sentence[1])
               if m.kind != "organization" and not _restates_previous(text, m)]
    if located:
        return min(located, key=lambda m: abs(m.start - fact.start))
    return None


def _counterpart(doc: _Document, fact: Figure, term: MetricTerm | None, metric: str, actor: str | None,
                 sentence: tuple[int, int]) -> str | None:
    if metric not in _BILATERAL:
        return None
    text = doc.text
    if metric == "exchange_rate":
        found = _other_side(doc, fact, term.start if term is not None else fact.start, metric, actor, sentence)
        if found is None and actor not in (None, "US") and _QUOTED_IN_DOLLARS.search(text, sentence[0], sentence[1]):
            return "US"  # exchange rates are quoted against the dollar unless said otherwise
        return found
    if term is None:
        return None
    return _other_side(doc, fact, term.start, metric, actor, sentence)


_QUOTED_IN_DOLLARS = re.compile(r"\$|\bdollars?\b|\bU\.?S\.? cents\b")


def _other_side(doc: _Document, fact: Figure, term_start: int, metric: str, actor: str | None,
                sentence: tuple[int, int]) -> str | None:
    text = doc.text

    fitting = _OTHER_SIDE_PREPOSITIONS[metric]

    def after_preposition(mention: Mention) -> bool:
        if mention.actor == actor or (mention.kind == "organization" and metric != "deal_value"):
            return False
        if metric == "deal_value" and mention.kind == "organization":
            return True  # the company bought, lent to or contracted with
        match = _COUNTERPART_BEFORE.search(doc.folded, max(sentence[0], mention.start - 40), mention.start)
        return bool(match) and " ".join(match.group("preposition").split()) in fitting

    def continues_list(mention: Mention, previous: Mention) -> bool:
        """ "trade between X and Y"; "with Mexico, which fell $1.1bn, and Hong Kong, which fell ..."."""
        if mention.actor == actor or not _COORDINATED_BEFORE.search(text, max(sentence[0], mention.start - 6),
                                                                     mention.start):
            return False
        if _BETWEEN_BEFORE.search(doc.folded, max(sentence[0], previous.start - 12), previous.start):
            return True
        return any(ch.isdigit() for ch in text[previous.end:mention.start])  # a figure of its own in between

    # The nearest other side between the metric term and the figure.
    start = min(term_start, fact.start)
    if metric == "deal_value":  # "agreed to buy Brightline Industries for $14bn ... takeover"
        start = min(start, _clause_start(doc, sentence[0], fact.start))
    found: Mention | None = None
    previous: Mention | None = None
    for mention in doc.mentions_between(start, fact.start):
        if after_preposition(mention) or (previous is not None and continues_list(mention, previous)):
            found = mention
        previous = mention
    if found is not None:
        return found.actor
    for mention in doc.mentions_between(fact.end, sentence[1]):
        if after_preposition(mention):
            return mention.actor
    for anaphor in _ANAPHORIC_SIDE.finditer(doc.folded, start, sentence[1]):
        if " ".join(anaphor.group("preposition").split()) in fitting:
            return _antecedent(doc, anaphor.start(), anaphor.group("noun"), actor)
    return None


# "exports to that country", "trade with the region": the other side named
# earlier, by a noun that stands for it (folded).
_ANAPHORIC_SIDE = re.compile(r"\b(?P<preposition>to|from|with|into|on|in|for)\s+"
                             r"(?:(?:that|this)\s+(?P<noun>country|nation|economy|market)|the\s+region)\b")


def _antecedent(doc: _Document, position: int, noun: str | None, actor: str | None) -> str | None:
    """The country (or, for "the region", the region) named last before `position`, not the actor itself.

    Searched back over the three sentences before: further back, "that
    country" no longer points anywhere sure.
    """
    current = bisect.bisect_right(doc.sentences.starts, position) - 1
    since = doc.sentences.starts[max(0, current - 3)]
    wanted = ("region",) if noun is None else ("name", "demonym", "capital", "institution", "place")
    for mention in reversed(doc.mentions_between(since, position)):
        if mention.kind in wanted and mention.actor != actor:
            return mention.actor
    return None


def _deadline(doc: _Document, fact: Figure, sentence: tuple[int, int]):
    """When a target is due: the time right after it in its clause ("to 4.7% in 2026",
    "double it by 2029"), else a deadline elsewhere in the sentence."""
    in_sentence = [t for t in doc.times if sentence[0] <= t.start < sentence[1] and t.time_end is not None]
    following = [t for t in in_sentence if t.start >= fact.end
                 and not _CLAUSE_OPENER.search(doc.text, fact.end, t.start)
                 and not _SECOND_PLEDGE.search(doc.text, fact.end, t.start)]
    if following and following[0].time_role in ("deadline", "period"):
        return following[0].time_end
    clause = _clause_start(doc, sentence[0], fact.start)
    deadlines = [t for t in in_sentence if t.time_role == "deadline" and t.start >= clause
                 and not _SECOND_PLEDGE.search(doc.text, min(t.end, fact.end), max(t.start, fact.start))]
    if not deadlines:
        return None
    later = [t for t in deadlines if t.start >= fact.end]
    return (later[0] if later else deadlines[-1]).time_end


def _period(doc: _Document, fact: Figure, sentence: tuple[int, int]):
    periods = [t for t in doc.times if t.time_role == "period" and sentence[0] <= t.start < sentence[1]
               and t.time_start is not None]
    if not periods:
        return None
    return min(periods, key=lambda t: (t.start < fact.start, abs(t.start - fact.end)))


class Figure(NamedTuple):
    """Where a figure stands: all the linking rules need of it."""

    start: int
    end: int


def attribute(text: str, drafts: Sequence[dict], sentences: Sentences, times: Sequence[TimeExpression],
              taxonomy: Taxonomy, folded: str | None = None) -> None:
    """Fill metric, actor, counterpart, deadline and period into each draft where the text says.

    `drafts` are the keyword arguments of the Facts to come (kind, start,
    end, role...), in text order; date drafts are left alone. `folded` is
    `fold_case(text)` when the caller has it.
    """
    figures = [draft for draft in drafts if draft["kind"] != "date"]
    if not figures:
        return
    if folded is None:
        folded = fold_case(text)
    # Only the sentences holding figures (and the opening lines, which say what
    # the document is about) are searched: the rest cannot change an answer.
    spans = _merged({sentences.span_at(d["start"]) for d in figures} | _opening(sentences))
    mentions = find_mentions(text, taxonomy, spans)
    terms = find_metric_terms(text, taxonomy, spans, folded)
    doc = _Document(text, folded, sentences, mentions, [m.start for m in mentions], terms, [t.start for t in terms],
                    list(times), _main_actor(text, mentions),
                    [m.end() for m in _matches(_CLAUSE_OPENER, text, spans)])
    previous_actor = doc.main_actor
    previous: dict | None = None
    for draft in figures:
        fact = Figure(draft["start"], draft["end"])
        sentence = sentences.span_at(fact.start)
        if previous is not None and _RESTATED_BEFORE.search(text, max(sentence[0], fact.start - 12), fact.start):
            # "115.6% of GDP ..., or €3.35 trillion": the same figure in other units
            draft.update({key: previous[key] for key in _RESTATED_KEYS})
            previous = draft
            continue
        term = _choose_term(doc, fact, sentence)
        actor_mention = _modifier_of(doc, term, sentence) if term is not None else None
        owned_by_topic = (actor_mention is None and term is not None and doc.main_actor is not None
                          and _TOPIC_OWNER_BEFORE.search(doc.folded, max(sentence[0], term.start - 40), term.start))
        if actor_mention is None and not owned_by_topic:
            actor_mention = _subject(doc, fact, term, sentence)
        if owned_by_topic:  # "of the country's soy shipments": the country the article is about
            actor = doc.main_actor
        elif actor_mention is not None:
            actor = actor_mention.actor
            previous_actor = actor
        else:
            actor = previous_actor
        period = _period(doc, fact, sentence)
        if term is not None and _is_ratio_base(doc, term) and _carries_metric(previous, fact, sentence, doc):
            term = None  # "a new goal of 5% of GDP": the metric of the sentence before
        if actor_mention is not None and actor_mention.kind == "currency" and (term is None or term.weak
                                                                            or term.start < actor_mention.start):
            # "The peso fell 1.1%": a currency as the subject is its exchange rate
            metric, metric_text = "exchange_rate", text[actor_mention.start:actor_mention.end]
        elif term is not None:
            metric, metric_text = term.metric, text[term.start:term.end]
        elif _carries_metric(previous, fact, sentence, doc):
            metric, metric_text = previous["metric"], previous["metric_text"]  # "... and France would add €700m"
        else:
            metric, metric_text = "other", None
        counterpart = _counterpart(doc, fact, term, metric, actor, sentence)
        if counterpart is None and metric in _BILATERAL:
            counterpart = _share_holder(doc, fact, actor, sentence)
        if (counterpart is None and metric in _BILATERAL and previous is not None and previous["metric"] == metric
                and previous["start"] >= sentence[0] and previous.get("counterpart") != actor):
            counterpart = previous.get("counterpart")  # "... support for Ukraine, and France would add €700m"
        draft.update(
            metric=metric,
            metric_text=metric_text,
            actor=actor,
            counterpart=counterpart,
            deadline=_deadline(doc, fact, sentence) if draft.get("role") == "target" else None,
            period_start=period.time_start if period is not None else None,
            period_end=period.time_end if period is not None else None,
        )
        previous = draft
    _pair_respectively(doc, figures)


# "accounts for 16% of U.S. imports", "make up 30% of" (folded), right before the figure.
_SHARE_VERB_BEFORE = re.compile(
    r"\b(?:(?P<pronoun>they|it)\s+(?:now\s+|still\s+|also\s+)?)?"
    r"(?:account(?:s|ed)?\s+for|make\s+up|makes\s+up|made\s+up|represent(?:s|ed)?)\s+"
    r"(?:about\s+|around\s+|nearly\s+|almost\s+|roughly\s+|some\s+|over\s+|more\s+than\s+|less\s+than\s+)?$")


def _share_holder(doc: _Document, fact: Figure, actor: str | None, sentence: tuple[int, int]) -> str | None:
    """The other side of a share of trade: "Mexico accounted for 16% of U.S. imports" gives MX.

    The subject of the share verb, when it is not the actor; a pronoun
    subject ("they account for 43% of ...") stands for the first subject of
    the sentence.
    """
    verb = _SHARE_VERB_BEFORE.search(doc.folded, max(sentence[0], fact.start - 60), fact.start)
    if verb is None:
        return None
    clause = sentence[0] if verb.group("pronoun") else _clause_start(doc, sentence[0], verb.start())
    for mention in doc.mentions_between(clause, verb.start()):
        if (mention.actor != actor and mention.kind != "organization"
                and not _in_prepositional_phrase(doc.folded, mention, clause)):
            return mention.actor
    return None


# "..., respectively" (folded).
_RESPECTIVELY = re.compile(r"\brespectively\b")
# What joins the items of a list: ", ", " and ", ", and " ("the" allowed after).
_LIST_JOINT = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?")
# A figure restating the one before it: "$2.6 billion (8.3 percent)".
_PARENTHESIZED_BEFORE = re.compile(r"\(\s*$")


def _pair_respectively(doc: _Document, figures: Sequence[dict]) -> None:
    """Pair listed countries with listed figures: "imports from Mexico and Canada
    rose $2.6 billion and $532 million, respectively" gives the first to Mexico.

    The countries go to the counterpart when a preposition of the other side
    comes before the list ("imports from"), else to the actor ("from the
    United States, the EU and Canada" for exports). A figure in parentheses
    restates the one before it and goes with it. Nothing changes unless
    the list and the figures of a kind are as many.
    """
    by_sentence: dict[tuple[int, int], list[dict]] = {}
    for draft in figures:
        by_sentence.setdefault(doc.sentences.span_at(draft["start"]), []).append(draft)
    for sentence, drafts in by_sentence.items():
        word = _RESPECTIVELY.search(doc.folded, sentence[0], sentence[1])
        if word is None:
            continue
        groups: list[list[dict]] = []
        for draft in (d for d in drafts if d["end"] <= word.start()):
            restates = _PARENTHESIZED_BEFORE.search(doc.text, max(sentence[0], draft["start"] - 3), draft["start"])
            if restates and groups:
                groups[-1].append(draft)
            else:
                groups.append([draft])
        for kind in dict.fromkeys(group[0]["kind"] for group in groups):
            series = [group for group in groups if group[0]["kind"] == kind]
            listed = _listed_before(doc, series[0][0]["start"], sentence, len(series))
            if listed is None:
                continue
            metric = series[0][0]["metric"]
            opening = _COUNTERPART_BEFORE.search(doc.folded, max(sentence[0], listed[0].start - 40), listed[0].start)
            to_other_side = opening is not None and (
                " ".join(opening.group("preposition").split()) in _OTHER_SIDE_PREPOSITIONS.get(metric, ()))
            for group, mention in zip(series, listed):
                for draft in group:
                    draft["counterpart" if to_other_side else "actor"] = mention.actor


def _listed_before(doc: _Document, position: int, sentence: tuple[int, int], count: int) -> list[Mention] | None:
    """The last list of exactly `count` countries (or organizations) before `position` in the sentence."""
    mentions = doc.mentions_between(sentence[0], position)
    runs: list[list[Mention]] = []
    for mention in mentions:
        if runs and _LIST_JOINT.fullmatch(doc.folded, runs[-1][-1].end, mention.start):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    fitting = [run for run in runs if len(run) == count > 1]
    return fitting[-1] if fitting else None


# "the country's exports": owned by the country the document is about, not by the clause subject (folded).
_TOPIC_OWNER_BEFORE = re.compile(r"\bthe\s+(?:country|nation)['’]s\s+(?:[\w-]+\s+){0,2}$")

_RESTATED_KEYS = ("metric", "metric_text", "actor", "counterpart", "period_start", "period_end")


def _opening(sentences: Sentences) -> set[tuple[int, int]]:
    return {(start, end) for start, end in zip(sentences.starts[:2], sentences.ends[:2])}


def _merged(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_RESTATED_BEFORE = re.compile(r"(?:,\s*or|\(\s*(?:or\s+)?)\s*(?:about\s+|roughly\s+|some\s+)?$")


def _carries_metric(previous: dict | None, fact: Figure, sentence: tuple[int, int], doc: _Document) -> bool:
    """Whether a figure with no metric word of its own takes the previous figure's metric:
    in the same sentence, or in the next one when that opens by pointing back
    ("It also...", "The government has also...")."""
    if previous is None or not previous["metric"] or previous["metric"] == "other":
        return False
    if previous["start"] >= sentence[0]:
        return True
    previous_sentence = doc.sentences.span_at(max(0, sentence[0] - 1))
    return (previous["start"] >= previous_sentence[0] and doc.text.find("\n\n", previous["start"], fact.start) == -1
            and bool(_ANAPHORA_START.match(doc.folded, sentence[0])))
