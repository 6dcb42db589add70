"""A large corpus streamed into a Parquet dataset, with 1 and 2 worker processes, side by side.

Usage (from the repository root, with the project's venv):

    .venv/bin/python benchmarks/dataset_feed.py                 # 200 MB corpus, workers 1 and 2
    .venv/bin/python benchmarks/dataset_feed.py --mb 20 --workers 1 2 4
    .venv/bin/python benchmarks/dataset_feed.py --json feed.json
    make bench-feed                                            # the defaults

What it does:

1. Writes a JSON Lines corpus of `--mb` megabytes to a temporary directory,
   streaming: the bundled sample articles and seeded variations of them, the
   same generator as `throughput.py` (`--seed`).
2. For each worker count, runs the command a user runs,
   `econfacts extract corpus.jsonl --dataset DIR --workers N`, in a fresh
   process (so import and lexicon loading are included, as a user pays them)
   into a fresh dataset directory, and times it wall-clock.
3. Samples the memory of that process and its workers every 0.2 s from
   /proc: the peak of the summed RSS, and of the summed PSS (proportional set
   size, which counts a page shared by forked workers once, split between
   them — the memory the run really takes).
4. Checks the datasets of all worker counts hold the same rows.

Target printed with the figures: peak memory under 600 MB whatever the
corpus size, and near-linear speed-up from 1 to 2 workers.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import MB, load_samples, vary_article  # noqa: E402

TARGET_PEAK_MB = 600


def write_corpus(path: Path, mb: float, seed: int) -> tuple[int, int]:
    """Stream a corpus of `mb` megabytes of text to `path`; (documents, text bytes)."""
    rng = random.Random(seed)
    samples = load_samples()
    documents = size = 0
    with open(path, "w", encoding="utf-8") as sink:
        while size < mb * MB:
            article = samples[documents] if documents < len(samples) else None
            if article is not None:
                text, published = article["text"], article["published"]
            else:
                doc = vary_article(rng, rng.choice(samples))
                text, published = doc.text, doc.published
            sink.write(json.dumps({"doc_id": f"doc-{documents:07d}", "published": published, "text": text}) + "\n")
            documents += 1
            size += len(text.encode("utf-8"))
    return documents, size


def _tree(pid: int) -> list[int]:
    """`pid` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, ()))
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB, 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            fields = dict(line.split(":", 1) for line in rollup if ":" in line)
        return int(fields["Rss"].split()[0]), int(fields["Pss"].split()[0])
    except (OSError, KeyError, ValueError):
        return 0, 0


class MemorySampler(threading.Thread):
    """Peak summed RSS and PSS of a process tree, sampled until it exits."""

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss_kb = self.peak_pss_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            rss = pss = 0
            for pid in _tree(self.pid):
                process_rss, process_pss = _memory_kb(pid)
                rss += process_rss
                pss += process_pss
            self.peak_rss_kb = max(self.peak_rss_kb, rss)
            self.peak_pss_kb = max(self.peak_pss_kb, pss)
            self.done.wait(self.interval)


def feed(corpus: Path, dataset: Path, workers: int) -> dict:
    """Run the CLI into a fresh dataset; wall time and peak memory."""
    command = [str(Path(sys.executable).with_name("econfacts")), "extract", str(corpus),
               "--dataset", str(dataset), "--workers", str(workers)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = MemorySampler(process.pid)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"econfacts failed ({process.returncode}):\n{stderr}")
    return {"workers": workers, "seconds": seconds, "peak_rss_mb": sampler.peak_rss_kb * 1024 / MB,
            "peak_pss_mb": sampler.peak_pss_kb * 1024 / MB, "summary": stderr.strip().splitlines()[-1]}


def dataset_rows(dataset: Path) -> tuple[int, int, list[str]]:
    """(fact rows, document rows, sorted fact ids) of a dataset, to check runs agree."""
    import pyarrow.dataset as pads

    facts = pads.dataset(dataset / "facts", partitioning="hive").to_table(columns=["fact_id"])
    documents = pads.dataset(dataset / "documents", partitioning="hive").count_rows()
    return facts.num_rows, documents, sorted(facts.column("fact_id").to_pylist())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=200.0, help="corpus size in MB (default 200)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts (default 1 2)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the corpus variations")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures to FILE")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="econfacts-feed-") as scratch:
        corpus = Path(scratch) / "corpus.jsonl"
        documents, size = write_corpus(corpus, args.mb, args.seed)
        print(f"corpus: {documents:,} documents, {size / MB:.1f} MB of text, "
              f"{corpus.stat().st_size / MB:.1f} MB on disk; {os.cpu_count()} cores")
        runs, contents = [], []
        for workers in args.workers:
            dataset = Path(scratch) / f"dataset-{workers}"
            figures = feed(corpus, dataset, workers)
            figures.update(documents=documents, mb=size / MB, docs_per_s=documents / figures["seconds"],
                           mb_per_s=size / MB / figures["seconds"])
            files = sorted(dataset.rglob("*.parquet"))
            figures.update(files=len(files), dataset_mb=sum(f.stat().st_size for f in files) / MB)
            runs.append(figures)
            contents.append(dataset_rows(dataset))
            print(f"  workers={workers}: {figures['seconds']:.0f} s", flush=True)

    base = runs[0]["seconds"]
    print()
    print(f"{'workers':>7} {'seconds':>8} {'docs/s':>8} {'MB/s':>6} {'speed-up':>8} "
          f"{'peak RSS':>9} {'peak PSS':>9} {'files':>6} {'dataset':>8}")
    for figures in runs:
        print(f"{figures['workers']:>7} {figures['seconds']:>8.1f} {figures['docs_per_s']:>8,.0f} "
              f"{figures['mb_per_s']:>6.2f} {base / figures['seconds']:>7.2f}x "
              f"{figures['peak_rss_mb']:>6.0f} MB {figures['peak_pss_mb']:>6.0f} MB "
              f"{figures['files']:>6} {figures['dataset_mb']:>5.0f} MB")
    same = all(content == contents[0] for content in contents)
    print(f"\nsame rows with every worker count: {'yes' if same else 'NO'} "
          f"({contents[0][0]:,} facts, {contents[0][1]:,} documents)")
    worst = max(figures["peak_pss_mb"] for figures in runs)
    print(f"target: peak memory < {TARGET_PEAK_MB} MB: {'met' if worst < TARGET_PEAK_MB else 'NOT met'} "
          f"(worst PSS {worst:.0f} MB)")
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "same_rows": same}, indent=2))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
