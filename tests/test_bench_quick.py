"""`bench/run.py --quick` measures every figure of the bench and writes them all to its JSON.

It runs the same code as `make bench` with tiny sizes; no goal is asserted, only that each
figure was measured (a number) or skipped for a stated reason.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIGURES = [
    "end_drift", "step_lateness", "long_drift", "session_cpu", "startup_help", "startup_validate", "first_frame",
    "memory", "history_json", "history_screen", "report_520_weeks", "hostile_large", "hostile_alias_bomb",
    "hostile_deep",
]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bench reads /proc")


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    results = tmp_path_factory.mktemp("bench") / "results.json"
    done = subprocess.run([sys.executable, "bench/run.py", "--quick", "--json", str(results)],
                          cwd=ROOT, capture_output=True, text=True, timeout=180)
    return done, json.loads(results.read_text(encoding="utf-8")) if results.exists() else None


def test_quick_bench_exits_0(quick_run):
    done, _ = quick_run
    assert done.returncode == 0, done.stdout + done.stderr


def test_quick_bench_writes_every_figure_in_table_order(quick_run):
    _, results = quick_run
    assert results["mode"] == "quick"
    assert [row["key"] for row in results["figures"]] == FIGURES


@pytest.mark.parametrize("key", FIGURES)
def test_each_figure_is_measured_or_skipped_with_a_reason(quick_run, key):
    _, results = quick_run
    row = next(row for row in results["figures"] if row["key"] == key)
    if row["status"] == "skip":
        assert row["measured"] is None and row["note"]
    else:
        assert row["status"] in ("pass", "fail"), row
        assert isinstance(row["measured"], float), row
        assert row["runs"] and all(runs for runs in row["runs"].values()), row


def test_the_table_shows_one_line_per_figure(quick_run):
    done, results = quick_run
    for row in results["figures"]:
        assert sum(line.startswith(row["figure"] + "  ") for line in done.stdout.splitlines()) == 1, row["figure"]
