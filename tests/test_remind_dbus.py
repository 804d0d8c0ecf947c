"""`coach remind now` against a real D-Bus session bus (dbus-daemon), with a small fake notification server
(tests/helpers/notifications.py) that records the Notify call and answers Start, Snooze or Skip as a person would.

Needs dbus-daemon (Debian: apt install dbus-daemon; `make test` installs it when it can)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from coach.history import reminder_log
from coach.history.store import HistoryStore
from coach.paths import Places
from coach.remind.notify import Desktop, find_notifier
from coach.remind.now import ANSWER_SECONDS, SNOOZE_SECONDS, Reminding
from coach.remind.schedule import QuietHours
from coach.remind.today import today_for
from coach.settings import Settings
from tests.helpers import run_coach
from tests.helpers.engine import FakeClock
from tests.helpers.notifications import FakeNotificationServer

pytestmark = pytest.mark.skipif(not (shutil.which("dbus-daemon") and shutil.which("dbus-run-session")),
                                reason="needs dbus-daemon (Debian: apt install dbus-daemon)")
ROOT = Path(__file__).resolve().parents[1]
EVERY_DAY = Settings(reminder_days=tuple(range(7)), reminder_times=(time(0, 0),))  # a reminder is always due


@pytest.fixture
def bus(monkeypatch):
    """A private session bus for the test; its address is the session's."""
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
                              stdout=subprocess.PIPE, text=True, start_new_session=True)
    address = daemon.stdout.readline().strip()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    yield address
    os.killpg(daemon.pid, signal.SIGTERM)
    daemon.wait(timeout=10)


@pytest.fixture
def server(bus):
    made = []

    def start(answers=(), actions=True) -> FakeNotificationServer:
        made.append(FakeNotificationServer(bus, actions, list(answers)).start())
        return made[-1]

    yield start
    for each in made:
        each.stop()


class Run:
    """A Reminding with the history in the test's folder, a fake clock for waits, and launches recorded."""

    def __init__(self, home: Path, settings: Settings = EVERY_DAY, wall=None) -> None:
        self.places = Places.resolve(home)
        self.store = HistoryStore.open(self.places.history_db)
        self.clock = FakeClock()
        self.launched: list[str] = []
        self.said: list[str] = []
        self.settings = settings
        self.wall = wall or (lambda: datetime.now().astimezone())
        self.notifier = find_notifier

    def __call__(self, test: bool = False) -> None:
        Reminding(self.store, lambda: self.settings, lambda now: today_for(self.store, self.places, self.settings, now),
                  self.notifier, self._launch, self.said.append, wall=self.wall, clock=self.clock,
                  sleep=self.clock.advance).run(test)

    def _launch(self, today) -> None:
        from coach.remind.nudge import run_arguments

        self.launched.append(" ".join(["coach", *run_arguments(today)]))

    def kinds(self) -> list[str]:
        return [kind for (kind,) in self.store.read("SELECT kind FROM reminders ORDER BY id")]


def test_the_reminder_says_what_and_offers_start_snooze_and_skip(server, coach_home):
    fake = server(answers=["start"])
    run = Run(coach_home)
    run()
    [call] = fake.calls
    assert call.app_name == "coach" and call.summary == "Time for your exercises"
    assert call.body.startswith("This week: ") and call.body.endswith(" of 3 sessions.")
    assert call.actions == ["start", "Start", "snooze", "Snooze 30 min", "skip", "Skip today"]
    assert run.launched == ["coach"] and run.kinds() == ["shown", "started"]  # nothing done yet: the home screen


def test_the_title_is_the_routine_done_last_and_start_runs_it(server, coach_home):
    fake = server(answers=["start"])
    store = HistoryStore.open(Places.resolve(coach_home).history_db)
    started = datetime.now().astimezone() - timedelta(days=2)
    store.add_manual("Back basics", started, 15, "main")
    store.write(lambda connection: connection.execute("UPDATE sessions SET source = 'guided', planned_seconds = 900"))
    run = Run(coach_home)
    run()
    assert fake.calls[0].summary == "Time for Back basics (15 min)"
    assert run.launched == ["coach run Back basics"]  # that routine, not a bare `coach run`


def test_skip_today_is_recorded_and_no_other_reminder_comes_that_day(server, coach_home):
    fake = server(answers=["skip", "start"])
    run = Run(coach_home)
    run()
    assert run.kinds() == ["shown", "skipped"] and run.launched == []
    later = Run(coach_home, settings=Settings(reminder_days=tuple(range(7)), reminder_times=(time(0, 0), time(0, 1))),
                wall=lambda: datetime.now().astimezone().replace(hour=23, minute=0))
    later()
    assert len(fake.calls) == 1 and later.said == ["No reminder: you chose to skip today."]


def test_one_reminder_per_chosen_time_even_when_run_twice(server, coach_home):
    fake = server(answers=["dismissed", "dismissed"])
    run = Run(coach_home)
    run()
    run()
    assert len(fake.calls) == 1 and run.kinds() == ["shown", "dismissed"]
    assert run.said[-1] == "No reminder: the 00:00 reminder was shown already."


def test_snooze_shows_it_again_after_30_minutes_on_the_clock(server, coach_home):
    fake = server(answers=["snooze", "snooze", "start"])
    run = Run(coach_home)
    started = run.clock()
    run()
    assert len(fake.calls) == 3 and run.kinds() == ["shown", "snoozed", "shown", "snoozed", "shown", "started"]
    assert run.clock() - started == pytest.approx(2 * SNOOZE_SECONDS)  # waited to the deadlines, no more
    assert fake.calls[0].summary == fake.calls[2].summary


def test_a_session_done_during_the_snooze_ends_it(server, coach_home):
    fake = server(answers=["snooze"])
    run = Run(coach_home)
    original = run.clock.advance

    def sleep(seconds: float) -> None:  # the person does the session while the reminder is snoozed
        original(seconds)
        if not run.store.sessions():
            run.store.add_manual("Back basics", datetime.now().astimezone(), 15, "main")

    run.clock.advance = sleep
    run()
    assert len(fake.calls) == 1 and run.said == ["No reminder after the snooze: today's session is done."]


def test_nothing_when_todays_session_is_done_or_in_quiet_hours(server, coach_home):
    fake = server(answers=[])
    now = datetime.now().astimezone()
    quiet = Run(coach_home, Settings(reminder_days=tuple(range(7)), reminder_times=(time(0, 0),),
                                     quiet_hours=QuietHours((now - timedelta(hours=1)).time().replace(second=0, microsecond=0),
                                                            (now + timedelta(hours=1)).time().replace(second=0, microsecond=0))))
    quiet()
    assert quiet.said[0].startswith("No reminder: it is quiet hours (")
    quiet.store.add_manual("Walk", now - timedelta(minutes=1), 20, "aerobic")
    Run(coach_home)()
    assert fake.calls == [] and Run(coach_home).kinds() == []


def test_without_actions_the_reminder_is_shown_and_coach_does_not_wait(server, coach_home):
    fake = server(actions=False)
    run = Run(coach_home)
    run()
    assert fake.calls[0].actions == [] and run.kinds() == ["shown"]
    assert run.clock() == FakeClock()()  # no wait at all
    assert run.said == ["Reminded (desktop notification): Time for your exercises"]


def test_with_no_notification_server_the_reminder_is_printed(bus, coach_home):
    assert Desktop.connect() is None
    run = Run(coach_home)
    run()
    assert run.said == ["Time for your exercises\nThis week: 0 of 3 sessions."] and run.kinds() == ["printed"]


def test_an_unanswered_reminder_is_let_be_after_an_hour(server, coach_home):
    import threading
    import time as real_time

    server(answers=[None])
    run = Run(coach_home)

    def notifier():
        found = Desktop.connect()
        found.clock = run.clock  # the wait for an answer runs on the test's clock too
        return found

    run.notifier = notifier
    ticker = threading.Thread(target=lambda: [run.clock.advance(ANSWER_SECONDS / 4) or real_time.sleep(0.1)
                                              for _ in range(6)], daemon=True)
    ticker.start()
    run()
    ticker.join()
    assert run.kinds() == ["shown"] and run.said == []


# -- as the scheduler runs it ------------------------------------------------------------------------------


def test_the_scheduler_runs_it_and_start_opens_a_terminal_with_coach_run(tmp_path, coach_home):
    terminal = tmp_path / "fake-terminal"
    opened = tmp_path / "opened.txt"
    terminal.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {opened}\n")
    terminal.chmod(0o755)
    coach_home.mkdir(parents=True, exist_ok=True)
    (coach_home / "settings.yaml").write_text(
        f'reminder_days: [daily]\nreminder_times: ["00:00"]\nterminal: "{terminal} --title coach"\n')
    calls = tmp_path / "calls.json"
    done = subprocess.run(["dbus-run-session", "--", sys.executable, str(ROOT / "tests/helpers/notifications.py"),
                           str(calls), "--answer", "start", "--", sys.executable, "-m", "coach", "remind", "now"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    [call] = json.loads(calls.read_text())
    assert call["summary"] == "Time for your exercises" and "skip" in call["actions"]
    for _ in range(100):
        if opened.exists():
            break
        __import__("time").sleep(0.05)
    # Nothing done yet and no program: Start opens coach's home screen to choose from.
    assert opened.read_text().splitlines() == ["--title", "coach", sys.executable, "-m", "coach", "--data-dir",
                                               str(coach_home)]
    again = run_coach("remind", "now")
    assert again.returncode == 0 and again.stdout == "No reminder: the 00:00 reminder was shown already.\n"
    with HistoryStore.open(coach_home / "history.db") as store:
        assert [kind for (kind,) in store.read("SELECT kind FROM reminders ORDER BY id")] == ["shown", "started"]
        assert reminder_log.reminded(store, datetime.combine(datetime.now().date(), time(0, 0)))


def test_a_server_that_fails_means_the_reminder_is_printed_not_a_traceback(server, coach_home):
    broken = server()
    broken.fail = True
    run = Run(coach_home)
    run()
    assert run.said[0].startswith("(the desktop notification failed: ") and "out of order" in run.said[0]
    assert run.said[1].startswith("Time for your exercises") and run.kinds() == ["printed"]


def test_an_unanswered_reminder_is_taken_away_when_coach_stops_waiting(server, coach_home):
    fake = server(answers=[None])
    run = Run(coach_home)

    def notifier():
        found = Desktop.connect()
        readings = iter([0.0])  # the deadline is set at 0; every later look finds the hour gone
        found.clock = lambda: next(readings, ANSWER_SECONDS + 1)
        return found

    run.notifier = notifier
    run()
    assert fake.closed == [1] and run.kinds() == ["shown"]


def test_a_terminal_setting_that_cannot_be_read_is_said_not_raised(server, coach_home):
    from coach.remind import terminal

    assert terminal.launch(terminal.start_argv("xterm '-e", ["coach", "run"])).startswith(
        "the terminal setting cannot be read")
    server(answers=["start"])
    run = Run(coach_home)
    run._launch = lambda today: terminal.launch(terminal.start_argv("xterm '-e", ["coach", "run"]))
    run()
    assert run.said[-1].startswith("Could not open a terminal: the terminal setting cannot be read")
    assert run.kinds() == ["shown"]


def test_skip_pressed_after_midnight_skips_the_new_day(server, coach_home):
    server(answers=["skip"])
    evening = datetime.now().astimezone().replace(hour=23, minute=30)
    times = iter([evening, evening, evening + timedelta(hours=1), evening + timedelta(hours=1)])
    run = Run(coach_home, wall=lambda: next(times, evening + timedelta(hours=1)))
    run()
    assert reminder_log.skipped(run.store, (evening + timedelta(hours=1)).date())


def test_a_damaged_history_still_gets_its_reminder(tmp_path, coach_home):
    coach_home.mkdir(parents=True)
    (coach_home / "settings.yaml").write_text('reminder_days: [daily]\nreminder_times: ["00:00"]\n')
    (coach_home / "history.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    done = run_coach("remind", "now", env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"})
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "the reminder comes anyway, and is not recorded" in done.stderr
    assert done.stdout.startswith("Time for your exercises\n")
