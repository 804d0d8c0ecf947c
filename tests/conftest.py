"""Shared fixtures. Every test runs with COACH_HOME in a fresh temporary folder.

Tests that start processes (the CLI, a pty, ALSA, the benchmarks), wait on the real clock or run
many generated examples are marked `slow`: `pytest -m "not slow"` is the fast inner loop, and
`make test` runs everything.

Tests that drive the real app through Pilot are marked `pilot`, and so `slow` too: Pilot settles
after every key by sleeping on the wall clock in 20 ms slices until the app is idle, so each such
test takes about half a second. `pytest -m pilot` runs just those. A test that starts an app
without the mark fails, saying so, so the fast loop stays free of them.
"""

import pytest

# Modules whose tests nearly all start a coach process or wait on real time.
SLOW_MODULES = {
    "test_app_history", "test_bench_quick", "test_cli", "test_cli_guards", "test_cues_alsa", "test_history_cli",
    "test_history_corrections", "test_history_faults", "test_history_places", "test_hostile_output", "test_installed", "test_malformed_corpus",
    "test_program_e2e", "test_program_properties", "test_properties", "test_real_clock", "test_record_faults",
    "test_editor", "test_remind_dbus", "test_report_browser", "test_schema_agreement",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.module.__name__.rpartition(".")[2] in SLOW_MODULES or item.get_closest_marker("pilot"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def pilot_tests_are_marked(request, monkeypatch):
    """Fail a test that drives an app through Pilot (`run_test`, or `run_async` as snapshots do) without
    the `pilot` mark."""
    if request.node.get_closest_marker("pilot") is not None:
        return
    from textual.app import App

    def unmarked(app, *args, **kwargs):
        pytest.fail("this test drives the app through Pilot: mark it @pytest.mark.pilot (see tests/conftest.py)",
                    pytrace=False)

    monkeypatch.setattr(App, "run_test", unmarked)
    monkeypatch.setattr(App, "run_async", unmarked)


@pytest.fixture(autouse=True)
def coach_home(tmp_path, monkeypatch):
    """Keep every test away from the real home: COACH_HOME points into tmp_path, and so do the
    cache and temporary folders that recovery files fall back to. Pictures are braille whatever terminal runs
    the tests (a test that wants pixels sets COACH_GRAPHICS itself)."""
    home = tmp_path / "home"
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("COACH_GRAPHICS", "none")
    return home


@pytest.fixture
def clock():
    """A fake monotonic clock at a fixed origin: tests move it with clock.advance(seconds)."""
    from tests.helpers.engine import FakeClock

    return FakeClock()
