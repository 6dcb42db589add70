"""The README's worked example runs, and the table it shows is what it prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pandas as pd

README = Path(__file__).resolve().parent.parent / "README.md"


def _worked_example() -> tuple[str, str]:
    """(the Python block, the printed table) of the README section "A worked example"."""
    section = README.read_text(encoding="utf-8").split("## A worked example", 1)[1].split("\n## ", 1)[0]
    code, shown = re.findall(r"```(?:python)?\n(.*?)```", section, re.DOTALL)[:2]
    return code, shown


def test_worked_example_runs_and_matches_the_table_shown():
    code, shown = _worked_example()
    namespace: dict = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), namespace)
    facts: pd.DataFrame = namespace["facts"]
    lines = shown.splitlines()[1:]
    assert len(lines) == len(facts), "one table row per fact"
    for line, (_, fact) in zip(lines, facts.iterrows()):
        assert f" {fact['surface']} " in line
        for column in ("kind", "unit", "qualifier", "direction", "role", "metric", "actor", "counterpart"):
            value = fact[column]
            assert (str(value) if not pd.isna(value) else "<NA>") in line, (fact["surface"], column)
        for column in ("deadline", "time_start", "time_end"):
            value = fact[column]
            if not pd.isna(value):
                assert str(value) in line, (fact["surface"], column)


def test_readme_lists_every_column_of_the_schema():
    from econfacts.schema import COLUMN_NAMES

    text = README.read_text(encoding="utf-8")
    missing = [name for name in COLUMN_NAMES if name not in text]
    assert missing == []
