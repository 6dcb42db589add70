"""Throughput of econfacts.extract, next to quantulum3 and a bare digit scan.

Usage (from the repository root, with the project's venv):

    .venv/bin/python benchmarks/throughput.py                 # 20 MB corpus, ~2 minutes at most
    .venv/bin/python benchmarks/throughput.py --mb 5          # a quicker run
    .venv/bin/python benchmarks/throughput.py --q3-kb 100     # smaller quantulum3 sample
    .venv/bin/python benchmarks/throughput.py --json bench.json   # also write the figures
    make bench                                                # the defaults

What it does:

1. Builds an in-memory corpus of `--mb` megabytes (10^6 bytes of UTF-8 text)
   from the bundled sample articles (`econfacts/data/samples/articles.jsonl`)
   and synthetic variations of them: numbers, currencies, countries, datelines
   and publication dates are varied and the body sentences shuffled, all from
   one seeded `random.Random` (`--seed`), so the same arguments build the
   same corpus.
2. econfacts: imports the package and calls `extract` once on the first
   document (warm-up), both timed apart; then times `extract` over every
   document. One-time import and data loading are thus excluded from the
   timed loop. The run is single-process, so MB/s per core equals MB/s.
   If the loop passes `--budget` seconds it stops and reports the part done.
3. A floor: `re.finditer(r"\\d+", text)` over the full corpus, the least any
   extractor has to do.
4. quantulum3 (`quantulum3.parser.parse`), warmed up the same way, timed over
   the first `--q3-kb` kilobytes of the corpus only (it runs at tens of KB/s);
   its MB/s is extrapolated from that sample. econfacts is timed on the same
   sample too, so the ratio is given both ways.
5. Peak resident memory (`resource.getrusage(...).ru_maxrss`) after each
   stage; it only grows, so each figure is the peak so far. tracemalloc is not
   used: it slows allocation-heavy code several times over.

Targets printed with the figures: >= 1 MB/s per core for econfacts, and
econfacts at least 40x quantulum3.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import re
import resource
import sys
import time
import warnings
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

TARGET_MB_PER_CORE = 1.0
TARGET_RATIO_Q3 = 40.0
MB = 1_000_000

SAMPLES_PACKAGE = "econfacts"
SAMPLES_PATH = "data/samples/articles.jsonl"


@dataclass(frozen=True)
class Doc:
    text: str
    published: str
    size: int  # UTF-8 bytes


# --- the corpus -----------------------------------------------------------------

def load_samples() -> list[dict]:
    """The bundled sample articles, read without importing econfacts (that is timed later)."""
    try:
        import importlib.util

        spec = importlib.util.find_spec(SAMPLES_PACKAGE)
        root = Path(spec.submodule_search_locations[0])
        path = root / SAMPLES_PATH
        lines = path.read_text(encoding="utf-8").splitlines()
    except (AttributeError, TypeError, OSError):
        path = resources.files(SAMPLES_PACKAGE).joinpath(SAMPLES_PATH)
        lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


CITIES = ("TOKYO", "LONDON", "MUMBAI", "MADRID", "WASHINGTON", "CANBERRA", "SEOUL", "BERLIN",
          "PARIS", "OTTAWA", "MEXICO CITY", "JAKARTA", "HANOI", "BRASILIA", "BEIJING", "BRUSSELS")
COUNTRIES = ("Japan", "Spain", "India", "Australia", "China", "South Korea", "Germany", "Mexico",
             "Canada", "Brazil", "Vietnam", "Indonesia", "France", "Italy", "Poland", "Turkey",
             "Thailand", "Malaysia", "Chile", "Saudi Arabia")
CURRENCY_PREFIXES = ("$", "US$", "A$", "C$", "HK$", "€", "£", "₩", "₹", "Rs ", "¥", "NZ$")
CURRENCY_WORDS = ("yen", "euros", "pounds", "won", "rupees", "yuan", "dollars", "pesos")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

_DATELINE = re.compile(r"^(?P<city>[A-Z][A-Z ]+), (?P<month>[A-Z][a-z]+) (?P<day>\d{1,2}) ", re.M)
_COUNTRY = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in COUNTRIES) + r")\b")
_PREFIX = re.compile(r"(?:US\$|A\$|C\$|HK\$|NZ\$|\$|€|£|₩|₹|¥|Rs )(?=\d)")
_CURRENCY_WORD = re.compile(r"(?<=illion )(?:" + "|".join(CURRENCY_WORDS) + r")\b")
_YEAR = re.compile(r"\b20[0-3]\d\b")
_DAY_AFTER_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r") (\d{1,2})\b")
_NUMBER = re.compile(r"(?<![\w:+])\d+(?:[.,]\d+)*(?![\d:])")
_SENTENCE_BREAK = re.compile(r'(?<=[.!?"])\s+(?=["A-Z])')


def _random_number_like(rng: random.Random, token: str) -> str:
    """A number written the same way as `token` (digits, separators), other digits."""
    out = []
    first = True
    for ch in token:
        if ch.isdigit():
            out.append(str(rng.randint(1, 9) if first else rng.randint(0, 9)))
            first = False
        else:
            out.append(ch)
    return "".join(out)


def vary_article(rng: random.Random, article: dict) -> Doc:
    """One synthetic document made from a sample article."""
    year = rng.randint(2019, 2026)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    published = datetime.date(year, month, day)

    title, _, body = article["text"].partition("\n")
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    lead, rest = paragraphs[0].strip(), paragraphs[1:]

    # Shuffle the sentences of the body; the lead (with the dateline) stays first.
    sentences = [s for p in rest for s in _SENTENCE_BREAK.split(p.strip())]
    rng.shuffle(sentences)
    groups, i = [], 0
    while i < len(sentences):
        n = rng.randint(1, 3)
        groups.append(" ".join(sentences[i:i + n]))
        i += n
    body = "\n\n".join([lead, *groups])

    def vary(text: str) -> str:
        # Other digits first (years kept), then calendar days and years made plausible again.
        text = _NUMBER.sub(
            lambda m: m.group(0) if _YEAR.fullmatch(m.group(0)) else _random_number_like(rng, m.group(0)),
            text)
        text = _DAY_AFTER_MONTH.sub(lambda m: f"{rng.choice(MONTHS)} {rng.randint(1, 28)}", text)
        text = _YEAR.sub(lambda m: str(year + rng.randint(-2, 3)), text)
        text = _PREFIX.sub(lambda m: rng.choice(CURRENCY_PREFIXES), text)
        text = _CURRENCY_WORD.sub(lambda m: rng.choice(CURRENCY_WORDS), text)
        text = _COUNTRY.sub(lambda m: rng.choice(COUNTRIES), text)
        return text

    body = vary(body)
    body = _DATELINE.sub(
        f"{rng.choice(CITIES)}, {MONTHS[month - 1]} {day} ", body, count=1)
    text = vary(title) + "\n\n" + body
    return Doc(text, published.isoformat(), len(text.encode("utf-8")))


def build_corpus(samples: list[dict], mb: float, seed: int) -> list[Doc]:
    """The bundled samples as they are, then variations until `mb` megabytes."""
    rng = random.Random(seed)
    docs = [Doc(a["text"], a["published"], len(a["text"].encode("utf-8"))) for a in samples]
    total, goal = sum(d.size for d in docs), mb * MB
    while total < goal:
        doc = vary_article(rng, rng.choice(samples))
        docs.append(doc)
        total += doc.size
    return docs


# --- the measurements -------------------------------------------------------------

def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (ru_maxrss is KiB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024
    return peak * scale / MB


def time_loop(parse, docs: list[Doc], budget: float | None = None) -> dict:
    """Run `parse(doc)` over `docs`; seconds, documents, bytes, results found."""
    found = done = size = 0
    clock = time.perf_counter
    start = clock()
    for doc in docs:
        found += len(parse(doc))
        done += 1
        size += doc.size
        if budget is not None and clock() - start > budget:
            break
    seconds = clock() - start
    return {"seconds": seconds, "docs": done, "bytes": size, "found": found,
            "mb_per_s": size / MB / seconds if seconds else float("inf"),
            "docs_per_s": done / seconds if seconds else float("inf")}


def digit_floor(docs: list[Doc]) -> dict:
    finditer = re.compile(r"\d+").finditer

    def scan(doc: Doc) -> list:
        return list(finditer(doc.text))

    return time_loop(scan, docs)


def prefix_sample(docs: list[Doc], kb: float) -> list[Doc]:
    """The first documents of the corpus, about `kb` kilobytes (at least one document)."""
    sample, size = [], 0
    for doc in docs:
        if sample and size + doc.size > kb * 1000:
            break
        sample.append(doc)
        size += doc.size
    return sample


def run(args: argparse.Namespace) -> dict:
    figures: dict = {
        "python": platform.python_version(), "machine": platform.machine(),
        "cpu_count": os.cpu_count(), "processes": 1, "seed": args.seed,
    }

    t0 = time.perf_counter()
    docs = build_corpus(load_samples(), args.mb, args.seed)
    corpus_bytes = sum(d.size for d in docs)
    figures["corpus"] = {"docs": len(docs), "bytes": corpus_bytes, "mb": corpus_bytes / MB,
                         "build_seconds": time.perf_counter() - t0}
    figures["rss_after_corpus_mb"] = peak_rss_mb()

    # econfacts: import and the first call (data loading) are timed apart.
    t0 = time.perf_counter()
    import econfacts
    figures["econfacts_import_seconds"] = time.perf_counter() - t0

    def ef_parse(doc: Doc) -> list:
        return econfacts.extract(doc.text, published=doc.published)

    t0 = time.perf_counter()
    ef_parse(docs[0])
    figures["econfacts_first_call_seconds"] = time.perf_counter() - t0

    ef = time_loop(ef_parse, docs, budget=args.budget)
    ef["partial"] = ef["docs"] < len(docs)
    ef["mb_per_s_per_core"] = ef["mb_per_s"]  # single process: per core = total
    figures["econfacts"] = ef
    figures["rss_after_econfacts_mb"] = peak_rss_mb()

    figures["digit_scan"] = digit_floor(docs)

    # quantulum3 on a prefix sample; econfacts on the same sample for a like-for-like ratio.
    sample = prefix_sample(docs, args.q3_kb)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "classifier dependencies not installed"
        t0 = time.perf_counter()
        from quantulum3 import parser as q3_parser
        figures["quantulum3_import_seconds"] = time.perf_counter() - t0

        def q3_parse(doc: Doc) -> list:
            return q3_parser.parse(doc.text)

        t0 = time.perf_counter()
        q3_parse(docs[0])
        figures["quantulum3_first_call_seconds"] = time.perf_counter() - t0
        q3 = time_loop(q3_parse, sample)
    q3["extrapolated_full_corpus_seconds"] = corpus_bytes / MB / q3["mb_per_s"]
    figures["quantulum3"] = q3
    figures["econfacts_on_q3_sample"] = time_loop(ef_parse, sample)
    figures["rss_after_quantulum3_mb"] = peak_rss_mb()

    figures["ratio_vs_quantulum3"] = ef["mb_per_s"] / q3["mb_per_s"]
    figures["ratio_vs_quantulum3_same_sample"] = (
        figures["econfacts_on_q3_sample"]["mb_per_s"] / q3["mb_per_s"])
    figures["targets"] = {
        "mb_per_s_per_core": TARGET_MB_PER_CORE,
        "ratio_vs_quantulum3": TARGET_RATIO_Q3,
        "mb_per_s_per_core_met": ef["mb_per_s_per_core"] >= TARGET_MB_PER_CORE,
        "ratio_vs_quantulum3_met": figures["ratio_vs_quantulum3"] >= TARGET_RATIO_Q3,
    }
    figures["econfacts_found_nothing"] = ef["found"] == 0
    return figures


# --- the report ------------------------------------------------------------------

def report(figures: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:  # piped or redirected: do not squeeze the table into 80 columns
        console = Console(width=130)
    corpus = figures["corpus"]
    console.print(
        f"[bold]econfacts throughput[/bold]  corpus {corpus['mb']:.1f} MB in {corpus['docs']:,} "
        f"documents (built in {corpus['build_seconds']:.1f} s, seed {figures['seed']}); "
        f"Python {figures['python']} on {figures['machine']}, os.cpu_count() = {figures['cpu_count']}, "
        f"1 process (MB/s per core = MB/s).")
    console.print(
        f"Excluded from the timed loops: import econfacts {figures['econfacts_import_seconds']:.2f} s, "
        f"first extract (warm-up) {figures['econfacts_first_call_seconds']:.3f} s; "
        f"import quantulum3 {figures['quantulum3_import_seconds']:.2f} s, "
        f"first parse (warm-up) {figures['quantulum3_first_call_seconds']:.3f} s.")

    table = Table(title="Throughput (MB = 10^6 bytes of UTF-8 text)")
    for name, justify in (("run", "left"), ("text", "left"), ("docs", "right"), ("MB", "right"),
                          ("seconds", "right"), ("docs/s", "right"), ("MB/s", "right"),
                          ("MB/s/core", "right"), ("found", "right")):
        table.add_column(name, justify=justify)

    def row(name: str, text: str, f: dict) -> None:
        table.add_row(name, text, f"{f['docs']:,}", f"{f['bytes'] / MB:.2f}", f"{f['seconds']:.2f}",
                      f"{f['docs_per_s']:,.0f}", f"{f['mb_per_s']:.3f}", f"{f['mb_per_s']:.3f}",
                      f"{f['found']:,}")

    ef = figures["econfacts"]
    row("econfacts.extract", "full corpus" + (" (stopped at --budget)" if ef["partial"] else ""), ef)
    row("econfacts.extract", "q3 sample", figures["econfacts_on_q3_sample"])
    q3 = figures["quantulum3"]
    row("quantulum3.parser.parse", "q3 sample", q3)
    row("re.finditer(r'\\d+') floor", "full corpus", figures["digit_scan"])
    console.print(table)

    console.print(f"quantulum3 extrapolated to the full corpus: {q3['extrapolated_full_corpus_seconds']:,.0f} s.")
    console.print(
        f"Peak RSS: {figures['rss_after_corpus_mb']:.0f} MB after building the corpus, "
        f"{figures['rss_after_econfacts_mb']:.0f} MB after econfacts, "
        f"{figures['rss_after_quantulum3_mb']:.0f} MB after quantulum3.")

    targets = figures["targets"]

    def verdict(met: bool) -> str:
        return "[green]met[/green]" if met else "[red]NOT met[/red]"

    console.print(
        f"Target >= {targets['mb_per_s_per_core']:g} MB/s per core: "
        f"{ef['mb_per_s_per_core']:.3f}, {verdict(targets['mb_per_s_per_core_met'])}")
    console.print(
        f"Target >= {targets['ratio_vs_quantulum3']:g}x quantulum3: "
        f"{figures['ratio_vs_quantulum3']:.1f}x (full corpus vs sample), "
        f"{figures['ratio_vs_quantulum3_same_sample']:.1f}x (same sample), "
        f"{verdict(targets['ratio_vs_quantulum3_met'])}")
    if figures["econfacts_found_nothing"]:
        console.print("[yellow]econfacts.extract found no facts at all: these figures measure a "
                      "stub, not the extractor.[/yellow]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    parser.add_argument("--q3-kb", type=float, default=300.0,
                        help="KB of the corpus to run quantulum3 on (default 300)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the corpus variations")
    parser.add_argument("--budget", type=float, default=75.0,
                        help="stop the econfacts loop after this many seconds (default 75)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures to FILE")
    args = parser.parse_args(argv)
    if args.mb <= 0 or args.q3_kb <= 0 or args.budget <= 0:
        parser.error("--mb, --q3-kb and --budget must be positive")

    figures = run(args)
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
