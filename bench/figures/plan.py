"""How much to measure: the full bench, the seconds-long smoke run (--quick), and --long."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Plan:
    quick: bool
    long: bool = False  # run the 30-minute engine drift
    install: bool = True  # may pip install termdown into the bench's venv
    session_runs: int = 3  # runs of the figures that last a minute each (drift, CPU)
    process_runs: int = 10  # runs of the figures that last a fraction of a second (start-up, validation)
    drift_seconds: float = 60.0
    drift_steps: int = 12
    long_drift_seconds: float = 30 * 60.0
    cpu_window: float = 30.0
    cpu_warmup: float = 2.0  # start-up CPU is not what a running session costs
    hostile_bytes: int = 1024 * 1024

    def with_long(self, long: bool) -> Plan:
        return replace(self, long=long)


FULL = Plan(quick=False)
QUICK = Plan(
    quick=True, long=True, install=False, session_runs=1, process_runs=1,
    drift_seconds=4.0, drift_steps=4, long_drift_seconds=4.0,
    cpu_window=3.0, cpu_warmup=1.5, hostile_bytes=64 * 1024,
)
