"""Reminders without a desktop: the schedule, when a reminder is due and what it says, the scheduler files (systemd
units checked by systemd-analyze, the LaunchAgent by plistlib, the crontab line), the calendar file read back by
icalendar, the settings file edited in place, and set / off with the scheduler's command faked."""

from __future__ import annotations

import plistlib
import re
import shutil
import subprocess
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from coach.remind import cron, install, launchd, systemd
from coach.remind.command import MARK, RemindCommand
from coach.remind.ics import calendar_bytes
from coach.remind.nudge import Today, message, why_not
from coach.remind.schedule import QuietHours, Schedule, ScheduleError, parse_days, parse_quiet, parse_times
from coach.settings import load_settings
from coach.settings_write import SettingsNotWritable, set_keys

MON_WED_FRI = Schedule((0, 2, 4), (time(8, 30), time(18, 0)))
MONDAY = datetime(2026, 11, 30)  # a Monday


# -- the schedule ------------------------------------------------------------------------------------------


def test_days_and_times_are_read_as_people_write_them():
    assert parse_days(["mon,wed,fri"]) == (0, 2, 4)
    assert parse_days(["Friday", "mon", "tues"]) == (0, 1, 4)
    assert parse_days(["weekdays"]) == (0, 1, 2, 3, 4) and parse_days(["daily"]) == tuple(range(7))
    assert parse_times(["18:00", "8:30", "08:30"]) == (time(8, 30), time(18))
    assert parse_quiet("22:00-07:00") == QuietHours(time(22), time(7))
    for bad, words in ((lambda: parse_days(["mo"]), '"mo" is not a day'),
                       (lambda: parse_days(["funday"]), '"funday" is not a day'),
                       (lambda: parse_times(["25:00"]), '"25:00" is not a time of day'),
                       (lambda: parse_times(["6pm"]), "write it as HH:MM"),
                       (lambda: parse_times([f"{hour:02}:00" for hour in range(9)]), "at most 8"),
                       (lambda: parse_quiet("22:00"), "HH:MM-HH:MM"),
                       (lambda: parse_quiet("07:00-07:00"), "same time"),
                       (lambda: parse_days(["\x1b[31mred"]), r"\x1b")):
        with pytest.raises(ScheduleError, match=re.escape(words)):
            bad()


def test_a_run_belongs_to_the_latest_time_today_that_has_come():
    assert MON_WED_FRI.slot(MONDAY.replace(hour=8)) is None  # before the first time
    assert MON_WED_FRI.slot(MONDAY.replace(hour=9)) == MONDAY.replace(hour=8, minute=30)
    assert MON_WED_FRI.slot(MONDAY.replace(hour=23, minute=59)) == MONDAY.replace(hour=18)
    assert MON_WED_FRI.slot((MONDAY + timedelta(days=1)).replace(hour=9)) is None  # Tuesday: a missed Monday
    assert MON_WED_FRI.next_after(MONDAY.replace(hour=18)) == (MONDAY + timedelta(days=2)).replace(hour=8, minute=30)
    assert MON_WED_FRI.next_after(MONDAY) == MONDAY.replace(hour=8, minute=30)
    assert Schedule((6,), (time(7),)).next_after(MONDAY.replace(hour=12)) == datetime(2026, 12, 6, 7)
    assert MON_WED_FRI.describe() == "Mon, Wed, Fri at 08:30 and 18:00"


def test_quiet_hours_can_run_over_midnight():
    night = QuietHours(time(22), time(7))
    assert time(23) in night and time(6, 59) in night and time(7) not in night and time(21, 59) not in night
    lunch = QuietHours(time(12), time(13))
    assert time(12, 30) in lunch and time(13) not in lunch


def test_a_reminder_is_never_a_nag():
    evening = MONDAY.replace(hour=18, minute=5)

    def reason(**given):
        options = dict(reminded=False, skipped=False, done=False)
        options.update(given)
        return why_not(MON_WED_FRI, options.pop("quiet", None), options.pop("now", evening), **options)

    assert reason() is None
    assert reason(reminded=True) == "the 18:00 reminder was shown already"
    assert reason(done=True) == "today's session is done"
    assert reason(running=True) == "a session is going on now"  # in another coach, right now
    assert reason(skipped=True) == "you chose to skip today"
    assert reason(quiet=QuietHours(time(18), time(19))) == "it is quiet hours (18:00-19:00)"
    assert reason(now=MONDAY.replace(hour=7)).startswith("no reminder is due now")
    assert reason(now=evening + timedelta(days=1)).startswith("no reminder is due now")  # Tuesday
    assert why_not(None, None, evening, reminded=False, skipped=False, done=False).startswith("no reminders are set")


def test_the_message_names_the_plan_its_length_and_the_week():
    assert message(Today("Back basics", 15, 1, 3)) == ("Time for Back basics (15 min)", "This week: 1 of 3 sessions.")
    title, body = message(Today("Foundation", 12, 2, 4, "Holds go from 5 s to 7 s (Pelvic tilt)."))
    assert title == "Time for Foundation (12 min)"
    assert body == "This week: 2 of 4 sessions.\nHolds go from 5 s to 7 s (Pelvic tilt)."
    assert message(Today(None, None, 0, 1))[0] == "Time for your exercises"
    assert message(Today(None, None, 0, 1))[1] == "This week: 0 of 1 session."


# -- the scheduler files -----------------------------------------------------------------------------------


def odd_command() -> RemindCommand:
    return RemindCommand.for_places(Path("/tmp/my data/100% $HOME"))


def unit_entries(text: str) -> list[tuple[str, str, str]]:
    """(section, key, value) of every line of a unit file, in order (a key may repeat, as OnCalendar does)."""
    section, entries = "", []
    for line in text.splitlines():
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif line and not line.startswith("#"):
            key, _, value = line.partition("=")
            entries.append((section, key, value))
    return entries


def test_systemd_units_have_a_calendar_line_per_time_and_catch_up_after_sleep(tmp_path):
    service, timer = systemd.files(MON_WED_FRI, odd_command(), tmp_path)
    assert (service.path.name, timer.path.name) == ("coach-remind.service", "coach-remind.timer")
    assert MARK in service.text and MARK in timer.text
    entries = unit_entries(timer.text)
    assert [value for section, key, value in entries if key == "OnCalendar"] == [
        "Mon,Wed,Fri *-*-* 08:30:00", "Mon,Wed,Fri *-*-* 18:00:00"]
    assert ("Timer", "Persistent", "true") in entries and ("Install", "WantedBy", "timers.target") in entries
    [(_, _, exec_start)] = [entry for entry in unit_entries(service.text) if entry[1] == "ExecStart"]
    assert exec_start.endswith('-m coach --data-dir "/tmp/my data/100%% $$HOME" remind now')
    assert ("Service", "Type", "oneshot") in unit_entries(service.text)


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze (Debian: apt install systemd)")
def test_systemd_analyze_accepts_the_units_and_reads_the_times_as_written(tmp_path):
    for item in systemd.files(MON_WED_FRI, odd_command(), tmp_path):
        item.path.write_text(item.text)
    checked = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "coach-remind.timer"),
                              str(tmp_path / "coach-remind.service")], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and checked.stderr == "" and checked.stdout == ""
    normal = subprocess.run(["systemd-analyze", "calendar", "Mon,Wed,Fri *-*-* 18:00:00"], capture_output=True,
                            text=True, timeout=60).stdout
    assert "Normalized form: Mon,Wed,Fri *-*-* 18:00:00" in normal
    broken = tmp_path / "coach-remind.timer"
    broken.write_text(broken.read_text().replace("18:00:00", "25:00:00"))  # the check can fail
    assert subprocess.run(["systemd-analyze", "verify", str(broken)], capture_output=True, text=True,
                          timeout=60).stderr != ""


def test_the_launch_agent_is_a_plist_launchd_reads(tmp_path):
    [agent] = launchd.files(MON_WED_FRI, odd_command(), tmp_path)
    assert agent.path == tmp_path / "local.coach-remind.plist"
    data = plistlib.loads(agent.text.encode())
    assert data["Label"] == "local.coach-remind" and data["Comment"] == MARK
    assert data["ProgramArguments"][-4:] == ["--data-dir", "/tmp/my data/100% $HOME", "remind", "now"]
    assert data["StartCalendarInterval"] == [  # launchd counts Sunday 0, Monday 1
        {"Weekday": weekday, "Hour": hour, "Minute": minute}
        for weekday in (1, 3, 5) for hour, minute in ((8, 30), (18, 0))]


def test_the_crontab_line_escapes_percent_signs():
    lines = cron.lines(MON_WED_FRI, odd_command())
    assert [line.split(" ", 5)[:5] for line in lines] == [["30", "8", "*", "*", "1,3,5"], ["0", "18", "*", "*", "1,3,5"]]
    assert all("'/tmp/my data/100\\% $HOME' remind now" in line for line in lines)


# -- the calendar file -------------------------------------------------------------------------------------


def test_the_calendar_has_a_weekly_event_per_day_and_time_with_an_alarm():
    from icalendar import Calendar

    data = calendar_bytes(MON_WED_FRI, "Time for Back basics (15 min)", "This week: 1 of 3 sessions.\nline two",
                          15, date(2026, 12, 1), weeks=6)  # a Tuesday
    events = Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == 6
    starts = sorted((event["RRULE"]["BYDAY"][0], event.decoded("DTSTART")) for event in events)
    assert starts[0] == ("FR", datetime(2026, 12, 4, 8, 30)) and ("MO", datetime(2026, 12, 7, 18, 0)) in starts
    assert ("WE", datetime(2026, 12, 2, 8, 30)) in starts
    for event in events:
        assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["COUNT"] == [6]
        assert event.decoded("DTSTART").tzinfo is None  # floating: the local time wherever the phone is
        assert event.decoded("DURATION") == timedelta(minutes=15)
        assert str(event["SUMMARY"]) == "Time for Back basics (15 min)"
        assert str(event["DESCRIPTION"]) == "This week: 1 of 3 sessions.\nline two"
        [alarm] = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == timedelta(0)
    uids = {str(event["UID"]) for event in events}
    assert len(uids) == 6 and "coach-remind-mon-1830@coach" not in uids and "coach-remind-mon-1800@coach" in uids


def test_hostile_text_in_the_calendar_is_escaped_not_a_new_property():
    from icalendar import Calendar

    data = calendar_bytes(Schedule((0,), (time(9),)), "X\r\nDTSTART:19700101T000000\x1b[31m", "a;b,c\r\nEND:VEVENT",
                          10, MONDAY.date())
    [event] = Calendar.from_ical(data).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2026, 11, 30, 9) and b"\x1b" not in data
    assert "END:VEVENT" in str(event["DESCRIPTION"]) and data.count(b"\r\nEND:VEVENT\r\n") == 1


# -- the settings file -------------------------------------------------------------------------------------


def test_setting_the_schedule_changes_only_its_own_lines(tmp_path):
    settings = tmp_path / "settings.yaml"
    settings.write_text("# mine\nvolume: 0.5  # quieter\nreminder_days:\n  - tue\n\n# goals\nname: Sam\n"
                        "reminder_times: [\"07:00\"]\nreminder_days: [sun]\n")
    set_keys(settings, {"reminder_days": "[mon, wed, fri]", "reminder_times": '["18:00"]', "quiet_hours": None})
    assert settings.read_text() == ("# mine\nvolume: 0.5  # quieter\nreminder_days: [mon, wed, fri]\n\n# goals\n"
                                    "name: Sam\nreminder_times: [\"18:00\"]\n")
    set_keys(settings, {"quiet_hours": '"22:00-07:00"'})
    loaded = load_settings(settings)
    assert loaded.warnings == () and loaded.settings.reminders == Schedule((0, 2, 4), (time(18),))
    assert loaded.settings.quiet_hours == QuietHours(time(22), time(7)) and loaded.settings.volume == 0.5
    set_keys(settings, {"reminder_days": None, "reminder_times": None})
    assert "reminder" not in settings.read_text() and settings.read_text().startswith("# mine\nvolume: 0.5  # quieter")


def test_a_linked_settings_file_is_written_where_it_points_and_a_broken_one_is_left_alone(tmp_path):
    real = tmp_path / "dotfiles" / "coach.yaml"
    real.parent.mkdir()
    real.write_text("sound: false")
    link = tmp_path / "settings.yaml"
    link.symlink_to(real)
    assert set_keys(link, {"reminder_days": "[sat]"}) == real
    assert link.is_symlink() and real.read_text() == "sound: false\nreminder_days: [sat]\n"
    broken = tmp_path / "broken.yaml"
    broken.write_text("volume: [0.5\n")
    with pytest.raises(SettingsNotWritable, match="is not valid YAML"):
        set_keys(broken, {"reminder_days": "[sat]"})
    assert broken.read_text() == "volume: [0.5\n"


def test_reminder_settings_written_by_hand_are_checked_where_they_are():
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.yaml"
        path.write_text("reminder_days: [mon, someday]\nreminder_times: 18:00\nquiet_hours: 7pm\n"
                        "terminal: [gnome-terminal]\n")
        loaded = load_settings(path)
    assert loaded.settings.reminder_times == (time(18),)  # unquoted 18:00 is read as written, not as 1080
    assert loaded.settings.reminder_days == () and loaded.settings.quiet_hours is None
    assert [warning.split(": ", 2)[1] for warning in loaded.warnings] == ["reminder_days", "quiet_hours", "terminal"]
    assert '"someday" is not a day' in loaded.warnings[0] and loaded.warnings[0].endswith("using none")


# -- set and off, with the scheduler's command faked -------------------------------------------------------


class FakeSystemctl:
    def __init__(self, answers: bool = True) -> None:
        self.calls: list[list[str]] = []
        self.answers = answers

    def __call__(self, argv):
        self.calls.append(list(argv))
        if not self.answers:
            return 1, "Failed to connect to bus: No medium found"
        return 0, {"is-enabled": "enabled", "is-active": "active"}.get(argv[2], "")


@pytest.fixture
def user_config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr("sys.platform", "linux")
    return tmp_path / "config" / "systemd" / "user"


def test_set_writes_the_units_and_enables_the_timer_and_off_removes_only_them(user_config):
    systemctl = FakeSystemctl()
    user_config.mkdir(parents=True)
    theirs = user_config / "backup.timer"
    theirs.write_text("[Timer]\nOnCalendar=daily\n")
    outcome = install.install(MON_WED_FRI, odd_command(), systemctl)
    assert outcome.problems == [] and outcome.printed == []
    assert outcome.written == [user_config / "coach-remind.service", user_config / "coach-remind.timer"]
    assert ["systemctl", "--user", "enable", "--now", "coach-remind.timer"] in systemctl.calls
    assert install.scheduler_state(systemctl) == "enabled, active"
    removed, problems = install.remove(outcome.written, systemctl)
    assert problems == [] and removed == outcome.written
    assert ["systemctl", "--user", "disable", "--now", "coach-remind.timer"] in systemctl.calls
    assert sorted(path.name for path in user_config.iterdir()) == ["backup.timer"]
    assert theirs.read_text() == "[Timer]\nOnCalendar=daily\n"


def test_a_file_of_someone_elses_in_the_way_is_never_replaced(user_config):
    user_config.mkdir(parents=True)
    (user_config / "coach-remind.timer").write_text("[Timer]\nOnCalendar=hourly\n")
    outcome = install.install(MON_WED_FRI, odd_command(), FakeSystemctl())
    assert outcome.written == [] and "was not written by coach; nothing was changed" in outcome.problems[0]
    assert (user_config / "coach-remind.timer").read_text() == "[Timer]\nOnCalendar=hourly\n"
    removed, _ = install.remove([user_config / "coach-remind.timer"], FakeSystemctl())
    assert removed == [] and (user_config / "coach-remind.timer").exists()


def test_without_a_reachable_scheduler_nothing_is_written_and_the_files_are_printed(user_config):
    outcome = install.install(MON_WED_FRI, odd_command(), FakeSystemctl(answers=False))
    assert outcome.written == [] and not user_config.exists()
    assert "systemd user timer cannot be set up here" in outcome.problems[0]
    text = "\n".join(outcome.printed)
    assert f"--- {user_config / 'coach-remind.timer'}" in text and "OnCalendar=Mon,Wed,Fri *-*-* 18:00:00" in text
    assert "systemctl --user enable --now coach-remind.timer" in text
    assert re.search(r"^0 18 \* \* 1,3,5 .*remind now$", text, re.M)


# -- the commands, as a person runs them (the scheduler's own command faked on PATH) -----------------------


def fake_systemctl(folder: Path, answers: bool = True) -> dict:
    """PATH with a `systemctl` that logs its arguments and answers (or fails as without a user instance)."""
    import os

    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "calls.log"
    script = folder / "systemctl"
    script.write_text(f'#!/bin/sh\necho "$@" >> {log}\n' + ('case "$2" in is-enabled) echo enabled;; '
                      'is-active) echo active;; esac\nexit 0\n' if answers else
                      'echo "Failed to connect to bus: No medium found" >&2\nexit 1\n'))
    script.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}"}


def test_remind_set_status_and_off_as_a_person_runs_them(tmp_path, coach_home, monkeypatch):
    from tests.helpers import run_coach

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    env = fake_systemctl(tmp_path / "bin")
    units = tmp_path / "config" / "systemd" / "user"
    units.mkdir(parents=True)
    (units / "mine.service").write_text("[Service]\nExecStart=/bin/true\n")
    coach_home.mkdir(parents=True)
    (coach_home / "settings.yaml").write_text("# my settings\nvolume: 0.5\n")
    made = run_coach("remind", "set", "--days", "mon,wed,fri", "--at", "18:00", "--quiet", "22:00-07:00", env=env)
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("Reminders: Mon, Wed, Fri at 18:00. Saved in ")
    assert f"  {units / 'coach-remind.timer'}" in made.stdout and "Next reminder: " in made.stdout
    assert (coach_home / "settings.yaml").read_text() == (
        '# my settings\nvolume: 0.5\nreminder_days: [mon, wed, fri]\nreminder_times: ["18:00"]\n'
        'quiet_hours: "22:00-07:00"\n')
    assert "--user enable --now coach-remind.timer" in (tmp_path / "bin" / "calls.log").read_text()
    shown = run_coach("remind", "status", env=env)
    assert shown.returncode == 0 and "Scheduler: enabled, active" in shown.stdout
    assert "Quiet hours: 22:00-07:00" in shown.stdout and str(units / "coach-remind.service") in shown.stdout
    ended = run_coach("remind", "off", env=env)
    assert ended.returncode == 0 and ended.stdout.endswith("Reminders are off.\n")
    assert sorted(path.name for path in units.iterdir()) == ["mine.service"]  # only coach's files went
    assert "--user disable --now coach-remind.timer" in (tmp_path / "bin" / "calls.log").read_text()
    assert (coach_home / "settings.yaml").read_text() == '# my settings\nvolume: 0.5\nquiet_hours: "22:00-07:00"\n'
    assert run_coach("remind", "now", env=env).stdout == "No reminder: none are set (coach remind set --days … --at …).\n"


def test_remind_set_with_bad_input_says_where_and_changes_nothing(tmp_path, coach_home, monkeypatch):
    from tests.helpers import run_coach

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    env = fake_systemctl(tmp_path / "bin")
    for arguments, words in ((["--days", "someday", "--at", "18:00"], '"someday" is not a day'),
                             (["--days", "mon", "--at", "\x1b]0;x\x0718:00"], "is not a time of day"),
                             (["--days", "mon"], "say when: coach remind set --days"),
                             (["--days", "mon", "--at", "9:00", "--quiet", "9"], "is not quiet hours")):
        refused = run_coach("remind", "set", *arguments, env=env)
        assert refused.returncode == 2 and words in refused.stderr and "\x1b" not in refused.stderr
    assert not (coach_home / "settings.yaml").exists() and not (tmp_path / "config").exists()


def test_remind_ics_writes_a_calendar_a_phone_imports(tmp_path, coach_home):
    from icalendar import Calendar

    from tests.helpers import run_coach

    made = run_coach("remind", "ics", str(tmp_path / "coach.ics"), "--days", "tue,thu", "--at", "07:15", "--weeks", "4")
    assert made.returncode == 0 and made.stdout == f"{tmp_path / 'coach.ics'}\n"
    events = Calendar.from_ical((tmp_path / "coach.ics").read_bytes()).walk("VEVENT")
    assert sorted(event["RRULE"]["BYDAY"][0] for event in events) == ["TH", "TU"]
    assert all(event["RRULE"]["COUNT"] == [4] and event.walk("VALARM") for event in events)
    again = run_coach("remind", "ics", str(tmp_path / "coach.ics"), "--days", "tue", "--at", "07:15")
    assert again.returncode == 1 and "add --force" in again.stderr


def test_the_report_says_whether_reminders_were_followed_by_a_session(coach_home):
    from datetime import timezone

    from coach.history import reminder_log
    from coach.history.store import HistoryStore
    from coach.report.make import report_text
    from coach.settings import Settings

    coach_home.mkdir(parents=True)
    local = timezone.utc
    with HistoryStore.open(coach_home / "history.db") as store:
        for day in (2, 3, 4, 5):  # reminders at 18:00 on four days of November
            slot = datetime(2026, 11, day, 18, 0)
            reminder_log.record(store, "shown", slot, slot.replace(tzinfo=local))
        reminder_log.record(store, "snoozed", datetime(2026, 11, 3, 18), datetime(2026, 11, 3, 18, tzinfo=local))
        reminder_log.record(store, "skipped", datetime(2026, 11, 4, 18), datetime(2026, 11, 4, 18, tzinfo=local))
        store.add_manual("Walk", datetime(2026, 11, 2, 18, 30, tzinfo=local), 20, "aerobic")  # after the reminder
        store.add_manual("Walk", datetime(2026, 11, 3, 9, 0, tzinfo=local), 20, "aerobic")  # before it: not "after"
        store.add_manual("Walk", datetime(2026, 11, 5, 19, 0, tzinfo=local), 20, "aerobic")
        days = reminder_log.reminder_days(store, store.sessions(), date(2026, 11, 1), date(2026, 11, 30), local)
        assert days == reminder_log.ReminderDays(days=4, followed=2, snoozed=1, skipped=1)
        assert days.line() == "Reminders: on 4 days; a session followed on 2 (50%); snoozed 1 time, skipped 1 day"
        assert reminder_log.reminded(store, datetime(2026, 11, 2, 18)) and not reminder_log.reminded(
            store, datetime(2026, 11, 2, 8, 30))
        assert reminder_log.skipped(store, date(2026, 11, 4)) and not reminder_log.skipped(store, date(2026, 11, 5))
        page = report_text(store, Settings(), date(2026, 11, 1), date(2026, 11, 30), date(2026, 11, 30), "md", tz=local)
    assert "Reminders: on 4 days; a session followed on 2 (50%)" in page
    assert reminder_log.ReminderDays(0, 0, 0, 0).line() is None


def test_the_terminal_start_opens_outlives_the_reminder_and_a_login_waits_for_the_desktop(tmp_path):
    service, _ = systemd.files(MON_WED_FRI, odd_command(), tmp_path)
    entries = unit_entries(service.text)
    assert ("Service", "KillMode", "process") in entries and ("Unit", "After", "graphical-session.target") in entries


def test_a_data_folder_with_a_line_break_cannot_be_scheduled():
    from coach.remind.command import UnschedulablePath

    with pytest.raises(UnschedulablePath, match="control character"):
        RemindCommand.for_places(Path("/tmp/x\nExecStartPre=/bin/touch /tmp/PWNED"))


def test_a_walk_does_not_count_as_the_programs_session(coach_home):
    from coach.history.program_log import start
    from coach.history.store import HistoryStore
    from coach.paths import Places
    from coach.remind.today import today_for
    from coach.settings import Settings

    places = Places.resolve(coach_home)
    coach_home.mkdir(parents=True)
    now = datetime.now().astimezone()
    with HistoryStore.open(places.history_db) as store:
        start(store, "Back to activity", "back-to-activity", 1, now - timedelta(days=3))
        store.add_manual("Walking", now - timedelta(minutes=5), 20, "aerobic")
        today = today_for(store, places, Settings(), now)
        assert today.routine and not today.done and today.week_goal == 5
    with HistoryStore.open(coach_home / "other.db") as other:
        other.add_manual("Walking", now - timedelta(minutes=5), 20, "aerobic")
        assert today_for(other, places, Settings(), now).done  # without a program, any session counts


def test_settings_keep_their_mode_and_line_ends_and_a_link_loop_is_refused(tmp_path):
    import os

    crlf = tmp_path / "settings.yaml"
    crlf.write_bytes(b"# mine\r\nvolume: 0.5\r\n")
    crlf.chmod(0o644)
    set_keys(crlf, {"reminder_days": "[mon]"})
    assert crlf.read_bytes() == b"# mine\r\nvolume: 0.5\r\nreminder_days: [mon]\r\n"
    assert os.stat(crlf).st_mode & 0o777 == 0o644
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    with pytest.raises(SettingsNotWritable, match="leads nowhere"):
        set_keys(loop, {"reminder_days": "[mon]"})
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: 1\nb: [2\n")
    with pytest.raises(SettingsNotWritable, match=r"broken.yaml:3:1: is not valid YAML"):
        set_keys(broken, {"reminder_days": "[mon]"})


def test_a_refused_set_changes_nothing_and_off_never_stops_another_timer(tmp_path, coach_home, monkeypatch):
    from tests.helpers import run_coach

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    env = fake_systemctl(tmp_path / "bin")
    units = tmp_path / "config" / "systemd" / "user"
    units.mkdir(parents=True)
    (units / "coach-remind.timer").write_text("[Timer]\nOnCalendar=hourly\n")  # someone else's
    coach_home.mkdir(parents=True)
    (coach_home / "settings.yaml").write_text("volume: 0.5\n")
    refused = run_coach("remind", "set", "--days", "mon", "--at", "18:00", env=env)
    assert refused.returncode == 1 and "was not written by coach; nothing was changed" in refused.stderr
    assert "Saved in" not in refused.stdout and (coach_home / "settings.yaml").read_text() == "volume: 0.5\n"
    (units / "coach-remind.service").write_text(f"# {MARK}\n[Service]\nExecStart=/bin/true\n")  # coach's
    ended = run_coach("remind", "off", env=env)
    assert ended.returncode == 0 and not (units / "coach-remind.service").exists()
    assert (units / "coach-remind.timer").exists()
    assert "disable" not in (tmp_path / "bin" / "calls.log").read_text()


def test_remind_commands_name_a_bad_reminder_line_in_the_settings(tmp_path, coach_home):
    from tests.helpers import run_coach

    coach_home.mkdir(parents=True)
    (coach_home / "settings.yaml").write_text('reminder_days: [mon]\nreminder_times: ["18:00", 7pm]\n')
    shown = run_coach("remind", "status")
    assert "settings.yaml:2:17: reminder_times: " in shown.stderr and '"7pm" is not a time of day' in shown.stderr
    quiet = run_coach("remind", "set", "--days", "daily", "--at", "23:00", "--quiet", "22:00-07:00",
                      env=fake_systemctl(tmp_path / "bin"))
    assert "23:00 falls in your quiet hours (22:00-07:00); no reminder will show then" in quiet.stderr
