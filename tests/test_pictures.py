"""Exercise pictures: the pose library covers every bundled exercise, the figure keeps its proportions, and the
drawings (braille, SVG, PNG) are deterministic, inside their canvas, and match the golden files checked by eye."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from coach.pictures import figure
from coach.pictures.library import POSES_DATA, PoseNotFound, find, for_exercise, poses
from coach.pictures.render import scene, to_braille, to_png, to_svg
from tests.helpers import run_coach

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).with_name("golden")
LENGTHS = {"back": (figure.LOWER_BACK, figure.UPPER_BACK), "neck": (figure.NECK,),
           "arm": (figure.UPPER_ARM, figure.FOREARM), "leg": (figure.THIGH, figure.SHIN, figure.FOOT)}
EVERY_FRAME = [(pose, index) for pose in poses().values() for index in range(len(pose.frames))]


def bundled_exercises() -> list[tuple[str, object, str]]:
    from coach.routine.loader import load_routine

    found = []
    for path in sorted((ROOT / "routines").glob("*.yaml")):
        routine = load_routine(path)
        found += [(path.name, exercise, phase.kind.value) for phase in routine.phases for exercise in phase.exercises]
    return found


@pytest.mark.parametrize("routine, exercise, kind", bundled_exercises(), ids=lambda item: getattr(item, "name", item))
def test_every_exercise_of_every_bundled_routine_has_a_pose(routine, exercise, kind):
    from coach.pictures.choose import exercise_pose

    assert exercise_pose(exercise, kind) is not None, f"{routine}: {exercise.name}"


def test_poses_are_found_by_name_alias_or_the_exercises_own_words():
    assert find("Bird dog").key == "bird-dog" and find("BIRD-DOG").key == "bird-dog"
    assert find("bridge").key == "glute-bridge" and find("Child's pose").key == "childs-pose"
    assert for_exercise("Easy 2 of 4", "aerobic").key == "walking" and for_exercise("Easy 2 of 4", "main") is None
    with pytest.raises(PoseNotFound, match="did you mean glute-bridge"):
        find("brdge")
    with pytest.raises(PoseNotFound, match="coach pose list"):
        find("\x1b[2Jzzzz")


@pytest.mark.parametrize("pose, frame", EVERY_FRAME, ids=lambda item: getattr(item, "key", str(item)))
def test_the_figure_keeps_its_limb_lengths_and_stands_on_the_floor(pose, frame):
    drawn = figure.skeleton(pose.frames[frame])
    by_part: dict[tuple[str, str], list[float]] = {}
    for segment in drawn.segments:
        by_part.setdefault((segment.part, segment.side), []).append(figure.length(segment))
    for (part, _), lengths in by_part.items():
        assert lengths == pytest.approx(LENGTHS[part])
    left, bottom, right, top = drawn.bounds()
    assert (left, bottom) == pytest.approx((0.0, 0.0)) and right > 0 and top > 0
    world = scene(pose, frame)
    points = [(x, y) for s in (*world.figure.segments, *world.props) for x, y in ((s.x1, s.y1), (s.x2, s.y2))]
    assert all(0 <= x <= world.width and 0 <= y <= world.height for x, y in points)


def test_cycling_sits_on_an_exercise_bike():
    """Saddle under the hip, the flywheel round both pedals and clear of the floor, the bars under the near hand."""
    world = scene(find("cycling"), 0)
    legs = {side: [s for s in world.figure.segments if s.part == "leg" and s.side == side] for side in ("near", "far")}
    hip = (legs["near"][0].x1, legs["near"][0].y1)
    pedals = [(legs[side][1].x2, legs[side][1].y2) for side in ("near", "far")]
    hand = [s for s in world.figure.segments if s.part == "arm" and s.side == "near"][-1]
    bike = [s for s in world.props if s.part == "prop"]
    saddle = [s for s in bike if s.y1 == s.y2 and s.x1 < hip[0] < s.x2 and 0 < hip[1] - s.y1 < 3]
    bars = [s for s in bike if s.y1 == s.y2 and s.x1 < hand.x2 < s.x2 and 0 < hand.y2 - s.y1 < 3]
    assert len(saddle) == 1 and len(bars) == 1
    wheel = [(x, y) for s in bike for x, y in ((s.x1, s.y1), (s.x2, s.y2))]
    centre = ((pedals[0][0] + pedals[1][0]) / 2, (pedals[0][1] + pedals[1][1]) / 2)
    around = [point for point in wheel if abs(math.dist(point, centre) - math.dist(pedals[0], centre) - 2) < 0.01]
    assert len(around) >= 16 and min(y for _, y in around) >= 4 - 1e-9  # the flywheel, off the floor
    assert min(y for _, y in pedals) > 4  # the feet on the pedals, not on the floor


@pytest.mark.parametrize("pose, frame", EVERY_FRAME, ids=lambda item: getattr(item, "key", str(item)))
@pytest.mark.parametrize("size", [(12, 4), (40, 10), (90, 30)])
def test_the_braille_drawing_fills_its_canvas_and_no_more(pose, frame, size):
    columns, rows = size
    picture = to_braille(pose, frame, columns, rows)
    assert len(picture.rows) == rows and all(len(row) == columns for row in picture.rows)
    assert all(character == " " or 0x2800 < ord(character) <= 0x28FF for row in picture.rows for character in row)
    assert picture.rows[-1].strip(), "the floor is on the bottom row"
    assert all(0 <= row < rows and 0 <= column < columns for row, column in picture.moving)
    assert picture == to_braille(pose, frame, columns, rows)  # deterministic


@pytest.mark.parametrize("name, frame", [("bird-dog", 1), ("cat-cow", 0), ("glute-bridge", 1), ("walking", 0)])
def test_braille_matches_the_golden_drawing_checked_by_eye(name, frame):
    golden = GOLDEN / f"pose-{name}-{frame + 1}.txt"
    assert str(to_braille(find(name), frame, 36, 9)) + "\n" == golden.read_text(encoding="utf-8")


def test_the_moving_part_is_marked_for_colour():
    picture = to_braille(find("bird-dog"), 1, 36, 9)
    still = to_braille(find("hands-and-knees"), 0, 36, 9)
    assert picture.moving and not still.moving


def test_svg_and_png_are_self_contained_pictures():
    svg = to_svg(find("dead-bug"), 1)
    assert svg.startswith("<svg ") and svg.endswith("</svg>") and "script" not in svg and "href" not in svg
    assert svg.count("<line") == 1 + 13  # the floor, and the figure: back 2, neck, arms 2 × 2, legs 2 × 3
    png = to_png(find("dead-bug"), 1, 200)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20], "big") == 200
    assert to_png(find("dead-bug"), 1, 200) == png


def test_coach_pose_show_draws_in_the_terminal_and_writes_a_png(tmp_path):
    shown = run_coach("pose", "show", "Bird dog", "--frame", "end", "--size", "30x8")
    assert shown.returncode == 0 and shown.stdout.startswith("Bird dog (side view)\n\n2. end\n")
    assert "\x1b" not in shown.stdout  # no colour when not a terminal
    wrong = run_coach("pose", "show", "brdge")
    assert wrong.returncode == 2 and "did you mean glute-bridge?" in wrong.stderr
    made = run_coach("pose", "show", "cat-cow", "--frame", "cow", "--png", str(tmp_path / "cow.png"))
    assert made.returncode == 0 and (tmp_path / "cow.png").read_bytes()[:4] == b"\x89PNG"
    listed = run_coach("pose", "list")
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == len(poses())


def test_the_plan_card_links_a_picture_of_each_exercise(tmp_path):
    import re

    card = run_coach("show", "back-basics", "--format", "markdown", "--pictures", str(tmp_path / "pics"))
    assert card.returncode == 0, card.stderr
    links = re.findall(r"!\[([^\]]+)\]\(([^)]+)\)", card.stdout)
    assert ("Knee-to-chest", f"{tmp_path}/pics/single-knee-to-chest.png") in links  # its pose: names it
    assert len(links) == card.stdout.count("| ☐ |") == 11
    for _, link in links:
        assert Path(link).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "| Picture |" in card.stdout
    text_only = run_coach("show", "back-basics", "--pictures", str(tmp_path / "pics"))
    assert text_only.returncode == 2 and "--pictures goes with --format markdown" in text_only.stderr


def test_a_strip_shows_every_frame_side_by_side():
    from coach.pictures.render import to_png_strip

    one, two = to_png_strip(find("childs-pose"), 100), to_png_strip(find("bird-dog"), 100)
    width = lambda png: int.from_bytes(png[16:20], "big")  # noqa: E731
    height = lambda png: int.from_bytes(png[20:24], "big")  # noqa: E731
    frames = [scene(find("bird-dog"), index) for index in (0, 1)]
    single = [round(100 * drawn.width / drawn.height) for drawn in frames]
    assert height(one) == height(two) == 100 and width(two) == sum(single) + 100 // 6  # two frames and a gap
    assert width(one) == round(100 * scene(find("childs-pose"), 0).width / scene(find("childs-pose"), 0).height)


def test_an_svg_file_names_its_namespace_and_an_inline_one_does_not(tmp_path):
    made = run_coach("pose", "show", "bird-dog", "--svg", str(tmp_path / "bird.svg"))
    assert made.returncode == 0
    assert (tmp_path / "bird.svg").read_text().startswith('<svg xmlns="http://www.w3.org/2000/svg" ')
    assert "xmlns" not in to_svg(find("bird-dog"))  # inside the report's HTML, where no URL may appear


def test_the_library_coach_reads_is_poses_yaml_as_written():
    """poses.json is written from poses.yaml by scripts/pose_data.py: run it after editing poses.yaml."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("pose_data", Path(__file__).parents[1] / "scripts" / "pose_data.py")
    pose_data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pose_data)
    assert POSES_DATA.read_text(encoding="utf-8") == pose_data.as_json(pose_data.library_data()), (
        "poses.json is out of date: run python scripts/pose_data.py")


def test_the_home_row_names_each_picture_as_the_routine_names_its_exercise():
    """The person's own word under the picture, not the pose library's (shown safely on a terminal)."""
    from coach.pictures.render import routine_strip
    from coach.routine.model import Exercise, Phase, PhaseKind, Routine

    exercises = (Exercise("Cat camel", hold=5, reps=(2,), pose="cat-cow"),
                 Exercise("Arch\x1b[2J", hold=5, reps=(2,), pose="cat-cow"),  # the same pose: shown once
                 Exercise("Bad\x1b[31m", hold=5, reps=(2,), pose="glute-bridge"))
    strip = routine_strip(Routine("Mine", (Phase("P", PhaseKind.WARMUP, exercises),)), 60, (14, 5))
    labels = strip.splitlines()[-1].split()
    assert labels == ["Cat", "camel", "Bad\\x1b[31m"]
    assert "\x1b" not in strip


def test_a_label_of_wide_characters_keeps_its_picture_s_width_in_cells():
    from rich.cells import cell_len

    from coach.pictures.render import _label

    for title in ("腰痛の体操をゆっくり", "Bridge", "Cat-cow with a long name", "Café"):
        assert cell_len(_label(title, 14)) == 14
    assert _label("腰痛の体操をゆっくり", 14).strip() == "腰痛の体操を…"
    assert _label("Bridge", 14) == "    Bridge    "
