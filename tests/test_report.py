"""The report for the physical therapist: the figures from the history, one self-contained HTML page (no
script, no URL), Markdown with the same content, hostile text escaped, and the file written safely."""

from __future__ import annotations

import html as html_module
import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from coach.history.model import StoredSession
from coach.report import data, html, markdown
from tests.helpers import run_coach

UTC = timezone.utc
START = date(2026, 10, 5)  # a Monday
END = date(2026, 11, 15)  # a Sunday: six whole weeks
HOSTILE = '</style><script>alert(1)</script> [x](https://evil.example) \x1b[31m | # *'


def session(number: int, day: int, **fields) -> StoredSession:
    values = dict(id=number, uuid=f"uuid-{number}", routine_name="Back basics",
                  started=datetime.combine(START + timedelta(days=day), datetime.min.time(), UTC) + timedelta(hours=8),
                  status="completed", source="guided", done_count=3, exercise_count=3, exercise_total=3)
    values.update(fields)
    return StoredSession(**values)


def moves(*statuses: str, work: float = 40.0, sets: int = 2) -> list[dict]:
    return [{"name": name, "status": status, "sets_completed": sets if status == "done" else 0, "set_count": sets,
             "work_seconds": work if status == "done" else 0.0}
            for name, status in zip(("Bird dog", "Dead bug", "Bridge"), statuses)]


def history() -> tuple[list[StoredSession], dict[str, list[dict]]]:
    sessions = [session(number, number * 2, pain_before=4 if number < 6 else 2, pain_after=3 if number < 6 else 1)
                for number in range(1, 21)]  # every other day from 7 Oct: 3 or 4 a week
    sessions.append(session(30, 3, status="pain_stopped", done_count=1, painful_count=1, note=HOSTILE,
                            routine_name=HOSTILE))
    sessions.append(session(31, 40, aerobic_seconds=1800, routine_name="Walking", source="manual", done_count=1,
                            exercise_count=1, exercise_total=1, note="Felt good after the walk"))
    sessions.append(session(32, 60))  # after the period
    exercises = {item.uuid: moves("done", "done", "done", work=40.0 if item.id < 10 else 50.0) for item in sessions}
    exercises["uuid-30"] = moves("done", "pain")
    return sessions, exercises


def build(**options) -> data.Report:
    sessions, exercises = history()
    return data.build(sessions, exercises, START, END, END, sessions_goal=3, aerobic_goal=90, tz=UTC,
                      person="Sam <Tester>", next_day={"uuid-5": ("worse", 6)}, **options)


def test_the_figures_come_from_the_sessions_in_the_period():
    report = build()
    assert report.sessions_done == 22 and round(report.aerobic_minutes) == 30  # 20 + the stop + the walk
    assert [week.sessions for week in report.weeks] == [4, 3, 4, 3, 4, 4]  # the stop and the walk count too
    assert [week.sessions_met for week in report.weeks] == [True] * 6
    assert report.summary == (
        "Sessions: 22 in 42 days (3.7 a week; goal 3 a week)",
        "Aerobic exercise: 30 minutes (5 a week; goal 90 a week)",
        "Whole weeks that met the session goal: 6 of 6",
        "Pain trend (first two weeks → last two weeks): before sessions 3.7 → 2.0, after 2.7 → 1.0",
        '"It hurts": 1 stop',
    )
    bird = next(row for row in report.exercises if row.name == "Bird dog")
    assert (bird.done, bird.completion, bird.first_dose, bird.latest_dose) == (
        22, 100, "2 of 2 sets, 0:40 work", "2 of 2 sets, 0:50 work")
    dead = next(row for row in report.exercises if row.name == "Dead bug")
    assert (dead.done, dead.attempted, dead.painful, dead.completion) == (21, 22, 1, 95)
    [stop] = report.events
    assert (stop.what, stop.detail.endswith("Dead bug"), stop.note) == ('"It hurts" stop', True, HOSTILE)
    assert [point.next_day for point in report.pain if point.next_day] == ["worse"]
    assert len(report.notes) == 1 and not build(notes=False).notes


def test_program_decisions_are_events_with_their_reasons():
    moved = data.Decision(datetime(2026, 10, 20, 9, tzinfo=UTC), "Back to activity", 1, 2, False, "advance",
                          ("Holds go from 5 s to 7 s (Pelvic tilt).",), ())
    held = data.Decision(datetime(2026, 10, 21, 9, tzinfo=UTC), "Back to activity", 2, 2, False, "hold", ("…",), ())
    report = build(decisions=[moved, held])
    events = [event for event in report.events if event.what.startswith("Program")]
    assert [(event.what, event.detail, event.note) for event in events] == [
        ("Program: moved on", "Back to activity, stage 2", "Holds go from 5 s to 7 s (Pelvic tilt).")]


def test_the_html_is_one_self_contained_page_with_no_script_and_no_url():
    page = html.render(build())
    assert page.startswith("<!DOCTYPE html>") and page.count("<style>") == 1 and page.count("<svg") == 3 + 3  # charts; pictures
    assert "<script" not in page.lower() and not re.search(r"https?:|//", page)
    assert " src=" not in page and " href=" not in page and "@import" not in page and "url(" not in page
    assert "&lt;&#x2F;style&gt;&lt;script&gt;alert(1)&lt;&#x2F;script&gt;" in page  # shown as text, never run
    assert "\x1b" not in page and "\\x1b[31m" in page
    assert "Sam &lt;Tester&gt;: home exercise report" in page
    for heading in ("Summary", "Adherence by week", "Pain", "Exercises", "Events", "Notes"):
        assert f"<h2>{heading}</h2>" in page
    assert page.index("<h2>Summary") < page.index("<h2>Adherence") < page.index("<h2>Pain") < page.index(
        "<h2>Exercises") < page.index("<h2>Events") < page.index("<h2>Notes")
    assert "<h2>Notes</h2>" not in html.render(build(notes=False))


def test_the_markdown_has_the_same_content_with_hostile_text_escaped():
    text = markdown.render(build())
    assert text.startswith("# Sam \\<Tester\\>: home exercise report\n")
    assert "- Sessions: 22 in 42 days (3.7 a week; goal 3 a week)" in text
    assert "| 05 Oct | 4 | met | 0 | not met |" in text
    assert "| Bird dog | 22 | 100% | 2 of 2 sets, 0:40 work → 2 of 2 sets, 0:50 work |  |" in text
    assert "\\<\\/style\\>" not in text and "\\</style\\>\\<script\\>" in text  # escaped, not markup
    assert "\\[x\\](https:\\/\\/evil.example)" in text and "\\|" in text and "\x1b" not in text
    tables = re.findall(r"(?:^\|.*\n)+", text, re.M)
    assert len(tables) >= 5
    for table in tables:  # the hostile "|" in a note or a name never adds a column
        columns = {len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(columns) == 1, table


def test_coach_report_writes_the_file_and_refuses_to_overwrite_without_force(tmp_path):
    home = tmp_path / "home"
    logged = run_coach("log", "walk", "--minutes", "20", home=home)
    assert logged.returncode == 0, logged.stderr
    made = run_coach("report", home=home, cwd=tmp_path)
    name = f"coach-report-{date.today():%Y-%m-%d}.html"
    assert made.returncode == 0 and made.stdout.strip() == name, made.stderr
    page = html_module.unescape((tmp_path / name).read_text())
    assert "Aerobic exercise: 20 minutes" in page
    again = run_coach("report", home=home, cwd=tmp_path)
    assert again.returncode == 1 and "--force" in again.stderr
    assert run_coach("report", "--force", home=home, cwd=tmp_path).returncode == 0
    md = run_coach("report", "--format", "md", "--out", str(tmp_path / "r.md"), "--weeks", "2", home=home)
    assert md.returncode == 0 and (tmp_path / "r.md").read_text().startswith("# Home exercise report")
    (tmp_path / "link.html").symlink_to(tmp_path / "elsewhere.html")
    linked = run_coach("report", "--out", str(tmp_path / "link.html"), "--force", home=home)
    assert linked.returncode == 1 and not (tmp_path / "elsewhere.html").exists()
    backwards = run_coach("report", "--since", "2026-11-30", "--until", "2026-11-01", home=home)
    assert backwards.returncode == 2 and "after --until" in backwards.stderr


def test_the_report_matches_coach_history_json_for_the_same_period(tmp_path):
    home = tmp_path / "home"
    for minutes, pain in ((20, "3"), (30, "5")):
        assert run_coach("log", "walk", "--minutes", str(minutes), "--pain-before", pain, "--pain-after", "2",
                         home=home).returncode == 0
    exported = json.loads(run_coach("history", "--json", home=home).stdout)["sessions"]
    out = tmp_path / "r.md"
    assert run_coach("report", "--format", "md", "--out", str(out), home=home).returncode == 0
    text = out.read_text()
    minutes = round(sum(item["active_seconds"] for item in exported) / 60)
    assert f"Aerobic exercise: {minutes} minutes" in text and f"Sessions: {len(exported)} in" in text


def test_a_long_period_keeps_its_charts_on_the_page():
    sessions, exercises = history()
    report = data.build(sessions, exercises, START - timedelta(weeks=300), END, END, sessions_goal=3, aerobic_goal=90,
                        tz=UTC)
    page = html.render(report)
    widths = [float(width) for width in re.findall(r'<svg width="([0-9.]+)"', page)]
    assert len(report.weeks) == 306 and max(widths) <= html.CHART_W
    sessions_chart = page[page.index("<svg"):page.index("</svg>")]
    labels = [html_module.unescape(label) for label in re.findall(
        rf'y="{html.TOP + html.CHART_H + 14}" font-size="8" text-anchor="middle">([^<]+)</text>', sessions_chart)]
    assert f"{report.weeks[-1].monday:%b %Y}" == labels[-1] and 5 < len(labels) < 40  # the newest week labelled


def long_history(weeks: int) -> tuple[list[StoredSession], dict[str, list[dict]]]:
    """Three sessions a week for `weeks` weeks to END, pain before falling from 6 to 2 over the period."""
    sessions = []
    for week in range(weeks):
        for day in (0, 2, 4):
            number = len(sessions) + 1
            before = 6 - round(4 * week / max(1, weeks - 1))
            sessions.append(session(number, day - 7 * (weeks - 1 - week) + 42 - 7, pain_before=before,
                                    pain_after=max(0, before - 1)))
    return sessions, {item.uuid: moves("done", "done", "done") for item in sessions}


def test_half_a_year_has_a_row_a_week_and_longer_a_row_a_month():
    from coach.report import periods

    sessions, exercises = long_history(60)
    short = data.build(sessions, exercises, START, END, END, sessions_goal=3, aerobic_goal=90, tz=UTC)
    heading, rows = periods.adherence_rows(short)
    assert heading == "Week of" and [row.label for row in rows][:2] == ["05 Oct", "12 Oct"]
    assert periods.met_text(rows[0]) == ("met", "not met")
    long = data.build(sessions, exercises, END - timedelta(weeks=60) + timedelta(days=1), END, END, sessions_goal=3,
                      aerobic_goal=90, tz=UTC)
    heading, rows = periods.adherence_rows(long)
    assert heading == "Month" and rows[-1].label == "Nov 2026" and len(rows) == 15  # Sep 2025 to Nov 2026
    assert sum(row.sessions for row in rows) == long.sessions_done == 180
    assert sum(row.weeks for row in rows) == len(long.weeks) == 60
    november = rows[-1]  # Mondays 2, 9 (a whole week each)
    assert (november.weeks, november.sessions, periods.met_text(november)) == (2, 6, ("2 of 2", "0 of 2"))
    page, text = html.render(long), markdown.render(long)
    assert "<th>Month</th>" in page and "| Month | Sessions |" in text and "| Nov 2026 | 6 | 2 of 2 | 0 | 0 of 2 |" in text


def test_many_pain_answers_are_drawn_as_means_over_weeks():
    from coach.report import periods

    sessions, exercises = long_history(60)
    report = data.build(sessions, exercises, END - timedelta(weeks=60) + timedelta(days=1), END, END,
                        sessions_goal=3, aerobic_goal=90, tz=UTC)
    assert len(report.pain) == 180 and periods.is_dense(report)
    weeks, means = periods.pain_means(report)
    assert weeks == 1 and len(means) == 60 and all(mean.sessions == 3 for mean in means)
    assert (means[0].before, means[0].after, means[-1].before, means[-1].after) == (6, 5, 2, 1)
    assert means[0].first == report.start and means[-1].last == END
    page = html.render(report)
    assert page.count("<polyline") == 2 and "in each week, from 180 sessions with pain answers" in page
    pain = page[page.index("<h2>Pain"):page.index("<h2>Exercises")]
    assert pain.count("<circle") == 60  # a mark per mean, not per session
    assert "| From | To | Sessions | Before | After |" in markdown.render(report)
    sparse = data.build(*history(), START, END, END, sessions_goal=3, aerobic_goal=90, tz=UTC)
    assert not periods.is_dense(sparse) and "<polyline" not in html.render(sparse)


@pytest.mark.pilot
async def test_r_on_the_history_screen_writes_the_report_and_says_where(tmp_path):
    from coach.history.store import HistoryStore
    from coach.report.make import write_to_data_folder
    from coach.settings import Settings
    from coach.tui.history_app import HistoryApp
    from coach.tui.screens.history import HistoryScreen
    from tests.helpers import wait_for_screen

    home = tmp_path / "home"
    assert run_coach("log", "swim", "--minutes", "25", home=home).returncode == 0
    with HistoryStore.open(home / "history.db") as store:
        app = HistoryApp(store, Settings(name="Sam"), write_report=lambda: write_to_data_folder(
            store, Settings(name="Sam"), home, date.today()))
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, HistoryScreen)
            await pilot.press("r")
            await app.workers.wait_for_complete()
            await pilot.pause()
            messages = [notice.message for notice in app._notifications]
    path = home / "reports" / f"coach-report-{date.today():%Y-%m-%d}.html"
    assert f"Report written: {path}" in messages
    page = html_module.unescape(path.read_text())
    assert "Sam: home exercise report" in page and "Aerobic exercise: 25 minutes" in page


def test_the_paper_is_the_browsers_unless_one_is_chosen():
    report = build()
    assert not re.search(r"(?<![-\w])size:", html.render(report))
    assert "@page { size: letter; }" in html.render(report, "letter")


def fake_engine(folder, script: str):
    folder.mkdir()
    engine = folder / "chromium"
    engine.write_text("#!/bin/sh\n" + script)
    engine.chmod(0o755)
    return engine


def test_pdf_without_chromium_says_what_to_install_and_writes_nothing(tmp_path):
    import os

    empty = tmp_path / "bin"
    empty.mkdir()
    made = run_coach("report", "--format", "pdf", cwd=tmp_path, env={**os.environ, "PATH": str(empty)})
    assert made.returncode == 1 and made.stdout == ""
    assert "--format pdf needs Chromium" in made.stderr and "apt install chromium" in made.stderr
    assert "Nothing was written" in made.stderr and "Traceback" not in made.stderr
    assert list(tmp_path.glob("coach-report-*")) == []


def test_pdf_when_chromium_fails_says_why_and_writes_nothing(tmp_path):
    import os

    fake_engine(tmp_path / "bin", "echo 'cannot open display \x1b[31m' >&2\nexit 3\n")
    made = run_coach("report", "--format", "pdf", "--out", str(tmp_path / "r.pdf"), cwd=tmp_path,
                     env={**os.environ, "PATH": str(tmp_path / "bin")})
    assert made.returncode == 1 and "made no PDF (exit status 3): cannot open display" in made.stderr
    assert "\x1b" not in made.stderr and "Nothing was written" in made.stderr
    assert not (tmp_path / "r.pdf").exists() and list(tmp_path.glob(".r.pdf*")) == []


def test_a_pdf_engine_that_hangs_is_stopped_with_everything_it_started(tmp_path):
    from coach.report import pdf

    pid_file = tmp_path / "child.pid"
    engine = fake_engine(tmp_path / "bin", f"sleep 60 & echo $! > {pid_file}\nwait\n")
    with pytest.raises(pdf.PdfFailed, match="did not finish within 0.5 s; it was stopped"):
        pdf.print_pdf("<p>hi</p>", str(engine), timeout=0.5)
    assert stopped(int(pid_file.read_text()))  # the engine's own child, not only the engine


def stopped(pid: int) -> bool:
    """Whether process `pid` is gone or dead (a zombie waiting for init), looking for up to 2 s."""
    import time

    for _ in range(100):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except FileNotFoundError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.02)
    return False


def test_a_pdf_is_written_from_what_the_engine_printed(tmp_path):
    from coach.report import pdf

    engine = fake_engine(tmp_path / "bin", 'for a; do case "$a" in --print-to-pdf=*) out="${a#*=}";; esac; done\n'
                                           'printf "%%PDF-1.4 fake" > "$out"\n')
    assert pdf.print_pdf("<p>hi</p>", str(engine)) == b"%PDF-1.4 fake"


def test_no_notes_leaves_the_persons_words_out_of_the_events_too():
    kept, left_out = build(), build(notes=False)
    assert [event.note for event in kept.events] == [HOSTILE]
    assert [event.note for event in left_out.events] == [None] and left_out.notes == ()
    for render, heading in ((html.render, "<h2>Events</h2>"), (markdown.render, "## Events")):
        # the routine's name (hostile too) stays in the detail; the note goes
        events = [render(report).split(heading)[1].split("Notes")[0] for report in (kept, left_out)]
        assert (events[0].count("evil"), events[1].count("evil")) == (2, 1)


def test_exercises_after_a_stop_were_never_reached_and_are_not_counted_as_missed():
    stopped = session(1, 0, status="stopped", done_count=1)
    finished = session(2, 2)
    exercises = {
        "uuid-1": [dict(item, start_offset=0.0 if item["status"] == "done" else None)
                   for item in moves("done", "skipped", "skipped")],
        "uuid-2": [dict(item, start_offset=None) for item in moves("done", "done", "skipped")],  # skipped on purpose
    }
    report = data.build([stopped, finished], exercises, START, END, END, sessions_goal=3, aerobic_goal=90, tz=UTC)
    rows = {row.name: (row.done, row.attempted, row.completion) for row in report.exercises}
    assert rows == {"Bird dog": (2, 2, 100), "Dead bug": (1, 1, 100), "Bridge": (0, 1, 0)}


def test_a_week_the_period_cuts_is_marked_as_part_of_a_week():
    from coach.report import periods

    sessions, exercises = history()
    report = data.build(sessions, exercises, START, END - timedelta(days=2), END, sessions_goal=3, aerobic_goal=90,
                        tz=UTC)
    _, rows = periods.adherence_rows(report)
    assert rows[-1].label == "09 Nov (part)" and periods.met_text(rows[-1])[1] == "part week"
    assert not any(row.partial for row in rows[:-1])


def test_links_in_notes_stay_text_in_a_github_style_markdown_renderer():
    from markdown_it import MarkdownIt

    pytest.importorskip("linkify_it")
    rendered = MarkdownIt("gfm-like").render(markdown.render(build()))
    assert "<a " not in rendered and "https://evil.example" in rendered and "<script>" not in rendered


def test_the_format_follows_the_file_name_and_future_days_are_refused(tmp_path):
    home = tmp_path / "home"
    assert run_coach("log", "walk", "--minutes", "20", home=home).returncode == 0
    made = run_coach("report", "--out", str(tmp_path / "r.md"), home=home)
    assert made.returncode == 0 and (tmp_path / "r.md").read_text().startswith("# Home exercise report")
    clash = run_coach("report", "--out", str(tmp_path / "r.pdf"), "--format", "md", home=home)
    assert clash.returncode == 2 and "names a PDF file, but --format is md" in clash.stderr
    future = run_coach("report", "--until", "9999-12-31", home=home)
    assert future.returncode == 2 and "is after today" in future.stderr and "Traceback" not in future.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["home", "r.md"]


def test_each_exercise_has_its_picture_drawn_inline():
    page = html.render(build())
    exercises = page[page.index("<h2>Exercises"):page.index("<h2>Events")]
    assert exercises.count('<td class="figure"><svg') == 3 and 'aria-label="Bird dog, end"' in exercises
    assert "href" not in exercises and "<script" not in exercises


def test_a_note_beside_its_stop_in_the_events_is_not_repeated_in_the_notes():
    report = build()
    assert [event.note for event in report.events] == [HOSTILE]
    assert [note for _, _, note in report.notes] == ["Felt good after the walk"]


def test_it_hurts_counts_the_exercises_marked_painful_where_the_session_went_on():
    sessions, exercises = history()
    sessions.append(session(40, 10, painful_count=1))  # x, then "the other side": marked, not stopped
    report = data.build(sessions, exercises, START, END, END, sessions_goal=3, aerobic_goal=90, tz=UTC)
    assert report.summary[-1] == '"It hurts": 1 stop, and 1 exercise marked painful where the session went on'


def test_an_exercise_whose_routine_names_its_pose_is_drawn_in_that_pose(coach_home):
    """The history keeps exercise names: the routines' `pose:` keys come from the catalog, by name."""
    from coach.paths import Places
    from coach.pictures.library import find
    from coach.pictures.render import to_svg
    from coach.routine.loaded_catalog import chosen_poses

    chosen = chosen_poses(Places(coach_home, coach_home))
    assert chosen["Knee-to-chest"] == "single-knee-to-chest"  # back-basics: one knee at a time
    page = html.render(build(poses={"Bird dog": "knee-to-chest"}))
    knees = to_svg(find("knee-to-chest"), len(find("knee-to-chest").frames) - 1, height=html.FIGURE_HEIGHT)
    bird = to_svg(find("bird-dog"), len(find("bird-dog").frames) - 1, height=html.FIGURE_HEIGHT)
    assert knees in page and bird not in page  # the pose it names, not the one its name matches
    assert to_svg(find("dead-bug"), 1, height=html.FIGURE_HEIGHT) in page  # the others, by their names
