"""The scripts in examples/ run as a user runs them, and print what they promise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run_example(name: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(EXAMPLES / name), *args], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_quickstart_prints_the_figures_with_their_attribution():
    out = run_example("quickstart.py")
    assert "5.1%" in out and "metric=exports" in out and "actor=KR" in out
    assert "deadline=2027-12-31" in out  # "double ... by 2027"
    assert "C$9.4 billion" in out and "value_usd" in out
    assert "total_usd" in out  # the by_metric summary


def test_bi_feed_is_incremental_and_readable(tmp_path):
    out = run_example("bi_feed.py", str(tmp_path))
    lines = out.splitlines()
    assert "from 3 documents added" in lines[0]
    assert "from 0 documents added" in lines[1] and "3 unchanged documents skipped" in lines[1]
    assert "from 1 documents added" in lines[2] and "1 replaced" in lines[2]
    assert "3 documents in" in out
    assert "['published_month=2025-02', 'published_month=2025-03']" in out
    assert "$2.3 billion" in out and "$2.1 billion" not in out
    assert (tmp_path / "feed" / "facts").is_dir()
