"""The report in a real browser: headless Chromium draws the HTML page (a screenshot) and prints it (a PDF), and
the figures read back from the PDF with pdftotext equal those `coach history --json` gives for the same days.

Needs Debian's `chromium` and `poppler-utils`; `make test` installs them when it can (scripts/system-deps.sh
--test), and these tests say why they skip where they are missing."""

from __future__ import annotations

import json
import re
import shutil
import statistics
import struct
import subprocess
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from coach.report import pdf
from tests.helpers import run_coach

CHROMIUM = pdf.find_engine()
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo") and shutil.which("pdftoppm")
needs_browser = pytest.mark.skipif(
    not (CHROMIUM and POPPLER),
    reason="needs Chromium and poppler-utils (Debian: apt install chromium poppler-utils; make test installs "
           "them when run as root or with sudo)")

START, END = date(2026, 10, 5), date(2026, 11, 15)  # Monday to Sunday: six whole weeks
MOVES = ("Pelvic tilt", "Knee to chest", "Cat-cow", "Bird dog", "Dead bug", "Bridge", "Side plank",
         "Clamshell", "Hamstring stretch", "Piriformis stretch", "Child's pose", "Plank")
HOSTILE = '</style><script>alert(1)</script><img src=x onerror=alert(2)> \x1b[31mred \x07'


def exercise(position: int, name: str, done: bool, kind: str = "main", work: float = 45.0) -> dict:
    return {"position": position, "name": name, "phase": kind.title(), "phase_kind": kind,
            "status": "done" if done else "skipped", "planned_seconds": work, "active_seconds": work if done else 0,
            "sets_completed": 2 if done else 0, "set_count": 2, "start_offset": position * 60.0,
            "end_offset": position * 60.0 + (work if done else 0), "work_seconds": work if done else 0,
            "planned_work_seconds": work}


def six_weeks() -> dict:
    """An export of six weeks as a person keeps it: 3 or 4 sessions a week, a walk in most, pain easing,
    one stop, one interruption, a few notes, one of them hostile."""
    sessions = []
    day, number = START, 0
    while day <= END:
        number += 1
        status = "stopped" if number == 5 else "interrupted" if number == 11 else "completed"
        reached = 7 if status != "completed" else len(MOVES)
        moves = [exercise(position, name, position < reached) for position, name in enumerate(MOVES)]
        if number % 3:
            moves.append(exercise(len(MOVES), "Brisk walk", status == "completed", "aerobic", 600.0 + 60 * number))
        started = datetime.combine(day, datetime.min.time(), timezone.utc) + timedelta(hours=7, minutes=number)
        sessions.append({
            "uuid": str(uuid.UUID(int=number)), "routine_name": "Back basics", "routine_file": None,
            "routine_hash": None, "started": started.isoformat(), "ended": (started + timedelta(minutes=30)).isoformat(),
            "status": status, "source": "guided", "planned_seconds": 1800, "active_seconds": 1700,
            "paused_seconds": 0, "pain_before": max(1, 6 - number // 4), "pain_after": max(0, 5 - number // 3),
            "note": HOSTILE if number == 3 else ("Tight in the morning" if number % 7 == 0 else None),
            "exercise_total": len(moves), "edited_at": None, "exercises": moves})
        day += timedelta(days=2 if number % 2 else 3)
    return {"format": "coach-history", "version": 1, "exported": "2026-11-16T10:00:00+00:00", "sessions": sessions}


@pytest.fixture
def history(tmp_path, coach_home, monkeypatch) -> Path:
    monkeypatch.setenv("TZ", "UTC")
    exported = tmp_path / "six-weeks.json"
    exported.write_text(json.dumps(six_weeks()), encoding="utf-8")
    imported = run_coach("import", str(exported))
    assert imported.returncode == 0, imported.stderr
    return coach_home


def expected_figures() -> dict:
    """The report's figures, worked out here from `coach history --json` for the same days."""
    listed = run_coach("history", "--json", "--since", START.isoformat())
    assert listed.returncode == 0, listed.stderr
    sessions = [item for item in json.loads(listed.stdout)["sessions"]
                if START <= date.fromisoformat(item["started"][:10]) <= END]
    counted = [item for item in sessions if any(move["status"] == "done" for move in item["exercises"])]
    minutes = sum(move["work_seconds"] for item in sessions for move in item["exercises"]
                  if move["phase_kind"] == "aerobic") / 60
    return {"sessions": len(counted), "minutes": round(minutes),
            "before": f"{statistics.fmean(item['pain_before'] for item in sessions):.1f}",
            "after": f"{statistics.fmean(item['pain_after'] for item in sessions):.1f}"}


def make_pdf(folder: Path, *extra: str) -> Path:
    target = folder / "report.pdf"
    made = run_coach("report", "--format", "pdf", "--since", START.isoformat(), "--until", END.isoformat(),
                     "--out", str(target), *extra)
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == str(target)
    return target


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_pages(path: Path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:.*\((\w+)\)", info, re.M).group(1)
    return pages, size


@needs_browser
def test_the_pdf_figures_equal_the_history_for_the_same_days(history, tmp_path):
    expected = expected_figures()
    text = pdf_text(make_pdf(tmp_path))
    days = (END - START).days + 1
    assert f"Sessions: {expected['sessions']} in {days} days" in text
    assert f"Aerobic exercise: {expected['minutes']} minutes" in text
    assert f"Mean pain before sessions {expected['before']}; after {expected['after']}" in text
    assert expected["sessions"] > 12 and expected["minutes"] > 100  # the history is a real one, not empty


@needs_browser
@pytest.mark.parametrize("paper, name", [("a4", "A4"), ("letter", "letter")])
def test_six_weeks_print_on_one_or_two_pages(history, tmp_path, paper, name):
    pages, size = pdf_pages(make_pdf(tmp_path, "--paper", paper))
    assert size == name
    assert 1 <= pages <= 2


@needs_browser
def test_the_charts_are_drawn_and_hostile_text_is_only_text(history, tmp_path):
    printed = make_pdf(tmp_path)
    text = pdf_text(printed)
    assert "</style><script>alert(1)</script>" in text  # shown as the characters typed, never run or hidden
    assert "\x1b" not in text and "\x07" not in text
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", str(printed), str(tmp_path / "page")], check=True)
    pixels = read_ppm(next(tmp_path.glob("page*.ppm")))
    # The session bars (#3b6fb6), the aerobic bars (#3a9a6a) and the pain bands (#dcefdc) are on the page.
    for colour in ((0x3B, 0x6F, 0xB6), (0x3A, 0x9A, 0x6A), (0xDC, 0xEF, 0xDC)):
        assert count_near(pixels, colour) > 50, colour


@needs_browser
def test_a_screenshot_of_the_page_as_a_person_opens_it(history, tmp_path):
    page = tmp_path / "report.html"
    made = run_coach("report", "--since", START.isoformat(), "--until", END.isoformat(), "--out", str(page))
    assert made.returncode == 0, made.stderr
    shot = tmp_path / "shot.png"
    command = [CHROMIUM, "--headless", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}",
               f"--screenshot={shot}", "--window-size=900,1400", "--hide-scrollbars", page.as_uri()]
    if pdf.os.geteuid() == 0:
        command.insert(1, "--no-sandbox")
    subprocess.run(command, capture_output=True, timeout=120, start_new_session=True)
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (900, 1400)
    assert shot.stat().st_size > 20_000  # a drawn page with charts, not a blank one


def read_ppm(path: Path) -> tuple[int, int, bytes]:
    """(width, height, RGB bytes) of a binary PPM (P6) as pdftoppm writes it."""
    data = path.read_bytes()
    fields, at = [], 0
    while len(fields) < 4:
        while data[at:at + 1].isspace():
            at += 1
        end = at
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[at:end])
        at = end
    assert fields[0] == b"P6" and fields[3] == b"255"
    return int(fields[1]), int(fields[2]), data[at + 1:]


def count_near(pixels: tuple[int, int, bytes], colour: tuple[int, int, int], within: int = 12) -> int:
    _, _, rgb = pixels
    red, green, blue = colour
    return sum(1 for at in range(0, len(rgb), 3)
               if abs(rgb[at] - red) <= within and abs(rgb[at + 1] - green) <= within
               and abs(rgb[at + 2] - blue) <= within)


@needs_browser
@pytest.mark.parametrize("paper, name", [("a4", "A4"), ("letter", "letter")])
def test_six_busy_weeks_still_print_on_two_pages(tmp_path, coach_home, monkeypatch, paper, name):
    """A note on every session and a third of them stopped early: the notes and the events grow, not the pages."""
    monkeypatch.setenv("TZ", "UTC")
    busy = six_weeks()
    for index, item in enumerate(busy["sessions"]):
        item["note"] = f"Felt stiff in the morning, better after the walk; the bridge twinged on the left ({index})"
        if index % 3 == 0:
            item["status"] = "stopped"
    exported = tmp_path / "busy.json"
    exported.write_text(json.dumps(busy), encoding="utf-8")
    assert run_coach("import", str(exported)).returncode == 0
    printed = make_pdf(tmp_path, "--paper", paper)
    assert pdf_pages(printed) == (2, name)
    text = pdf_text(printed)
    for index in range(len(busy["sessions"])):  # every note is there, once
        assert text.count(f"left ({index})") == 1, index


@needs_browser
def test_printing_leaves_nothing_in_the_persons_folders(history, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    make_pdf(tmp_path)
    assert not (tmp_path / "config").exists() and not (tmp_path / "cache" / "chromium").exists()
