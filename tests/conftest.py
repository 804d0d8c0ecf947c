"""Shared fixtures. Every test runs with COACH_HOME in a fresh temporary folder."""

import pytest


@pytest.fixture(autouse=True)
def coach_home(tmp_path, monkeypatch):
    """Keep every test away from the real home: COACH_HOME points into tmp_path."""
    home = tmp_path / "home"
    monkeypatch.setenv("COACH_HOME", str(home))
    return home
