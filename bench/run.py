"""`make bench`: measure every figure of issue 6, print one table, and write bench/results.json.

The exit code is 0 when every figure was measured, goals met or not (this is a report);
it is 1 only when the bench itself could not take a measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import traceback
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # import the bench as the package `bench`, from the top of the checkout

from bench.figures import cpu_memory, end_drift, history, hostile, long_drift, startup  # noqa: E402
from bench.figures.plan import FULL, QUICK, Plan  # noqa: E402
from bench.figures.processes import use_bytecode_cache  # noqa: E402
from bench.figures.rows import ERROR, FAIL, PASS, SKIP, BenchError, Row  # noqa: E402

# In the order of the table; each measures one or more rows.
FIGURES = (
    (end_drift.measure, end_drift.SPECS),
    (long_drift.measure, long_drift.SPECS),
    (cpu_memory.measure, cpu_memory.SPECS),
    (startup.measure_no_screen, startup.NO_SCREEN_SPECS),
    (startup.measure_first_frame, startup.FIRST_FRAME_SPECS),
    (history.measure, history.SPECS),
    (hostile.measure, hostile.SPECS),
)
TABLE_ORDER = ("end_drift", "step_lateness", "long_drift", "session_cpu", "startup_help", "startup_validate",
               "first_frame", "memory", "history_json", "history_screen", "report_520_weeks", "hostile_large", "hostile_alias_bomb",
               "hostile_deep")
SHOWN_STATUS = {PASS: "pass", FAIL: "FAIL", SKIP: "skip", ERROR: "ERROR"}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="a seconds-long smoke run of the same code: one short run of each figure")
    parser.add_argument("--long", action="store_true", help="also play a 30-minute timeline (long-session drift)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json", metavar="FILE",
                        help="where to write the results (default: bench/results.json)")
    parser.add_argument("--only", action="append", metavar="KEY", choices=TABLE_ORDER,
                        help="measure only the figure with this row key (repeatable)")
    return parser.parse_args(argv)


def measure_all(plan: Plan, only: list[str] | None) -> list[Row]:
    rows: list[Row] = []
    for measure, specs in FIGURES:
        if only and not any(spec.key in only for spec in specs):
            continue
        names = ", ".join(spec.figure for spec in specs)
        print(f"measuring {names} …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            rows.extend(measure(plan))
        except BenchError as error:
            rows.extend(spec.crashed(str(error)) for spec in specs)
        except Exception as error:  # a bug in the bench: keep going, show it, exit 1 at the end
            traceback.print_exc()
            rows.extend(spec.crashed(f"{type(error).__name__}: {error}") for spec in specs)
        print(f"  … {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return sorted(rows, key=lambda row: TABLE_ORDER.index(row.key))


def render_table(rows: list[Row]) -> str:
    header = ("figure", "goal", "measured", "result")
    lines = [(row.figure, row.goal, row.shown, SHOWN_STATUS[row.status]) for row in rows]
    widths = [max(len(line[column]) for line in [header, *lines]) for column in range(4)]

    def format_line(cells) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([format_line(header), rule, *(format_line(line) for line in lines)])


def summary(rows: list[Row]) -> str:
    lines = []
    for status, title in ((FAIL, "Missed goals"), (ERROR, "Not measured because of a bench error"),
                          (SKIP, "Skipped")):
        chosen = [row for row in rows if row.status == status]
        if chosen:
            lines.append(f"{title}:")
            for row in chosen:
                detail = row.note if status != FAIL else f"{row.shown}; goal {row.goal}"
                lines.append(f"  - {row.figure}: {detail}")
    passed = sum(row.status == PASS for row in rows)
    lines.append(f"{passed} of {len(rows)} figures met their goal.")
    return "\n".join(lines)


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def write_json(path: Path, plan: Plan, rows: list[Row], seconds: float, loads: tuple[float, float],
               bytecode_cache: Path) -> None:
    import textual

    document = {
        "mode": "quick" if plan.quick else "full",
        "plan": asdict(plan),
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(seconds, 1),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "textual": textual.__version__,
                    "load_average_at_start": loads[0], "load_average_at_end": loads[1],
                    "bytecode_cache": str(bytecode_cache)},
        "figures": [asdict(row) for row in rows],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = (QUICK if args.quick else FULL.with_long(args.long))
    os.chdir(ROOT)  # `coach validate routines/back-basics.yaml` names a file of the checkout
    bytecode_cache = use_bytecode_cache()
    started, load_at_start = time.perf_counter(), load_average()
    rows = measure_all(plan, args.only)
    seconds, load_at_end = time.perf_counter() - started, load_average()
    write_json(args.json, plan, rows, seconds, (load_at_start, load_at_end), bytecode_cache)
    print()
    print(render_table(rows))
    print()
    print(summary(rows))
    when = time.strftime("%Y-%m-%d %H:%M %Z")
    print(f"({'quick' if plan.quick else 'full'} run on {when}, {seconds:.0f} s; load average {load_at_start} at the start, "
          f"{load_at_end} at the end, on {os.cpu_count()} cores; results in {args.json})")
    return 1 if any(row.status == ERROR for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
