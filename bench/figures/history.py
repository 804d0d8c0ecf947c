"""History scale: 10 years, 5,000 sessions; measured by bench/history_scale.py, judged here."""

from __future__ import annotations

import importlib
import inspect

from bench.figures.plan import Plan
from bench.figures.rows import Row, Spec, Spread

HISTORY_JSON = Spec("history_json", "history scale: coach history --json", "≤ 300 ms")
HISTORY_SCREEN = Spec("history_screen", "history scale: ready history screen", "≤ 300 ms")
REPORT = Spec("report_520_weeks", "history scale: coach report --weeks 520", "≤ 2000 ms")
SPECS = (HISTORY_JSON, HISTORY_SCREEN, REPORT)
LIMITS_MS = {HISTORY_JSON: 300.0, HISTORY_SCREEN: 300.0, REPORT: 2000.0}
SERIES = ((HISTORY_JSON, "history_json_ms"), (HISTORY_SCREEN, "history_screen_ms"), (REPORT, "report_ms"))
COLD_SCREEN = "history_screen_cold_ms"  # shown beside the screen's figure when given; not judged


def measure(plan: Plan) -> list[Row]:
    """Expects `bench.history_scale.measure(runs=…, quick=…)` → {"history_json_ms": [...], "history_screen_ms": [...],
    "report_ms": [...]}."""
    try:
        module = importlib.import_module("bench.history_scale")
    except ModuleNotFoundError as error:
        if error.name not in ("bench.history_scale", "bench"):
            raise
        return [spec.skipped("bench/history_scale.py missing") for spec in SPECS]
    offered = {"runs": plan.process_runs, "quick": plan.quick}
    accepted = inspect.signature(module.measure).parameters
    results = module.measure(**{name: value for name, value in offered.items() if name in accepted})
    rows = []
    for spec, series in SERIES:
        runs = results.get(series)
        if not runs:
            rows.append(spec.skipped(f"bench/history_scale.py gave no {series}"))
            continue
        times = Spread.of(runs)
        shown, series = times.text("ms"), {"ms": list(times.values)}
        if spec is HISTORY_SCREEN and results.get(COLD_SCREEN):
            cold = Spread.of(results[COLD_SCREEN])
            shown += f"; nothing read before: {cold.text('ms')}"
            series["cold_ms"] = list(cold.values)
        rows.append(spec.judged(times.median, times.median <= LIMITS_MS[spec], "ms", shown, series))
    return rows
