"""Drawing a pose: in any terminal with Unicode braille (2×4 dots a cell), or as SVG and PNG. Pure and
deterministic, so golden tests can hold the output.

What every drawing shares: the floor, the props, the far limbs behind the near ones, and the moving part in
colour where colour is drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from coach.pictures.figure import Segment, Skeleton, skeleton
from coach.pictures.library import Pose

MARGIN = 4.0  # figure units around the drawing
STEP_HEIGHT, STEP_WIDTH = 14.0, 12.0
BIKE_WHEEL_MARGIN, BIKE_CLEARANCE = 2.0, 4.0  # the flywheel: beyond the pedals' circle, above the floor
BIKE_BASE = 1.5  # the bike's base, just above the floor line
BRAILLE_BASE = 0x2800
_DOT = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [row][column] of a cell's 2×4 dots


@dataclass(frozen=True)
class Scene:
    """A keyframe ready to draw: its skeleton, the props' lines, and the world's size."""

    figure: Skeleton
    props: tuple[Segment, ...]
    width: float
    height: float
    moving: tuple[str, ...]


def scene(pose: Pose, frame: int = 0) -> Scene:
    figure = skeleton(pose.frames[frame % len(pose.frames)])
    props: list[Segment] = []
    if "bike" in pose.props:
        figure, props = _on_a_bike(figure)
    _, _, right, top = figure.bounds()
    right = max([right, *(max(s.x1, s.x2) for s in props)])
    if "step" in pose.props:  # under the near foot: a box the heel rests on
        foot = [s for s in figure.segments if s.part == "leg" and s.side == "near"][-1]
        x = max(foot.x1, foot.x2) - STEP_WIDTH / 2
        height = min(foot.y1, foot.y2)
        props += [Segment(x, 0, x, height, "prop"), Segment(x, height, x + STEP_WIDTH, height, "prop"),
                  Segment(x + STEP_WIDTH, height, x + STEP_WIDTH, 0, "prop")]
        right = max(right, x + STEP_WIDTH)
    if "wall" in pose.props:
        props.append(Segment(right + 2, 0, right + 2, top, "prop"))
        right += 2
    width = right + 2 * MARGIN
    figure = _moved(figure, MARGIN)
    props = [Segment(s.x1 + MARGIN, s.y1, s.x2 + MARGIN, s.y2, s.part) for s in props]
    if "water" in pose.props:
        props.append(Segment(0, pose.water, width, pose.water, "water"))
    props.append(Segment(0, 0, width, 0, "floor"))
    return Scene(figure, tuple(props), width, top + MARGIN, pose.moving)


def _on_a_bike(figure: Skeleton) -> tuple[Skeleton, list[Segment]]:
    """The figure lifted onto an exercise bike drawn around it: the saddle under the hip on its post, the flywheel
    round the pedals (the two ankles) with the crank between them, and the handlebars under the near hand on theirs,
    both posts standing on one base."""
    from coach.pictures.figure import shifted

    def joint(part: str, side: str, index: int) -> tuple[float, float]:
        segment = [s for s in figure.segments if s.part == part and s.side == side][index]
        return segment.x2, segment.y2

    hip_x, hip_y = [(s.x1, s.y1) for s in figure.segments if s.part == "leg" and s.side == "near"][0]
    (near_x, near_y), (far_x, far_y) = joint("leg", "near", 1), joint("leg", "far", 1)
    centre_x, centre_y = (near_x + far_x) / 2, (near_y + far_y) / 2
    wheel = math.hypot(near_x - far_x, near_y - far_y) / 2 + BIKE_WHEEL_MARGIN
    lift = max(0.0, BIKE_CLEARANCE - (centre_y - wheel))  # the flywheel clear of the floor
    figure = shifted(figure, 0.0, lift)
    hip_y, centre_y = hip_y + lift, centre_y + lift
    hand_x, hand_y = joint("arm", "near", 1)
    saddle = hip_y - 2.0
    bar_x = max(hand_x, centre_x + wheel)
    parts = [
        (hip_x - 5, saddle, hip_x + 4, saddle),  # the saddle
        (hip_x, saddle, hip_x, BIKE_BASE),  # the seat post
        (bar_x, hand_y - 2, bar_x, BIKE_BASE),  # the front post
        (hip_x - 6, BIKE_BASE, bar_x + 6, BIKE_BASE),  # the base, on the floor
        (hand_x - 3, hand_y - 2, bar_x + 2, hand_y - 2),  # the handlebars, under the hand
        (near_x, near_y + lift, far_x, far_y + lift),  # the crank, between the pedals
    ]
    points = 16
    circle = [(centre_x + wheel * math.cos(2 * math.pi * k / points), centre_y + wheel * math.sin(2 * math.pi * k / points))
              for k in range(points + 1)]
    parts += [(*circle[k], *circle[k + 1]) for k in range(points)]  # the flywheel
    behind = max(0.0, -min(x for part in parts for x in (part[0], part[2])))  # the saddle and base, left of x = 0
    return shifted(figure, behind, 0.0), [Segment(x1 + behind, y1, x2 + behind, y2, "prop") for x1, y1, x2, y2 in parts]


def _moved(figure: Skeleton, dx: float) -> Skeleton:
    from coach.pictures.figure import shifted

    return shifted(figure, dx, 0.0)


def _is_moving(segment: Segment, moving: tuple[str, ...]) -> bool:
    return f"{segment.part} {segment.side}".strip() in moving or segment.part in moving


# -- braille ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextPicture:
    rows: tuple[str, ...]
    moving: frozenset[tuple[int, int]]  # (row, column) of cells that draw a moving part

    def __str__(self) -> str:
        return "\n".join(self.rows)


def to_braille(pose: Pose, frame: int, columns: int, rows: int) -> TextPicture:
    """The keyframe in `columns` × `rows` cells of braille, as large as fits, standing on the bottom row."""
    drawn = scene(pose, frame)
    dots_x, dots_y = columns * 2, rows * 4
    scale = min((dots_x - 1) / drawn.width, (dots_y - 1) / drawn.height)
    left = (dots_x - 1 - drawn.width * scale) / 2
    dots: dict[tuple[int, int], bool] = {}  # (x, y) → part of a moving limb

    def put(x: float, y: float, moving: bool) -> None:
        column, row = round(left + x * scale), round(dots_y - 1 - y * scale)
        if 0 <= column < dots_x and 0 <= row < dots_y:
            dots[(column, row)] = dots.get((column, row), False) or moving

    def line(segment: Segment, moving: bool = False, dashed: bool = False) -> None:
        steps = max(1, math.ceil(math.hypot(segment.x2 - segment.x1, segment.y2 - segment.y1) * scale * 2))
        for index in range(steps + 1):
            if dashed and (index // 3) % 2:
                continue
            t = index / steps
            put(segment.x1 + (segment.x2 - segment.x1) * t, segment.y1 + (segment.y2 - segment.y1) * t, moving)

    for segment in drawn.props:
        line(segment, dashed=segment.part == "water")
    for segment in drawn.figure.segments:
        line(segment, _is_moving(segment, drawn.moving))
    (cx, cy), radius = drawn.figure.head, drawn.figure.head_radius
    around = max(12, math.ceil(2 * math.pi * radius * scale * 2))
    for index in range(around):
        angle = 2 * math.pi * index / around
        put(cx + radius * math.cos(angle), cy + radius * math.sin(angle), False)
    cells = [[0] * columns for _ in range(rows)]
    moving_cells = set()
    for (x, y), moving in dots.items():
        cells[y // 4][x // 2] |= _DOT[y % 4][x % 2]
        if moving:
            moving_cells.add((y // 4, x // 2))
    text = tuple("".join(chr(BRAILLE_BASE + bits) if bits else " " for bits in row) for row in cells)
    return TextPicture(text, frozenset(moving_cells))


# -- SVG and PNG ------------------------------------------------------------------------------------------------

INK, FAR_INK, MOVING_INK, PROP_INK, WATER_INK = "#1d1d1d", "#8a8a8a", "#c0392b", "#6b6b6b", "#3b82c4"


def _strokes(drawn: Scene) -> list[tuple[Segment, str, float]]:
    """(segment, colour, width) in drawing order: props, the far limbs, the rest, the moving part last."""
    order = []
    for segment in drawn.props:
        order.append((segment, WATER_INK if segment.part == "water" else PROP_INK, 1.2 if segment.part != "floor" else 1.6))
    figure = sorted(drawn.figure.segments, key=lambda s: (s.side != "far", _is_moving(s, drawn.moving)))
    for segment in figure:
        colour = MOVING_INK if _is_moving(segment, drawn.moving) else FAR_INK if segment.side == "far" else INK
        order.append((segment, colour, 3.2))
    return order


def to_svg(pose: Pose, frame: int = 0, width: int = 160, height: int | None = None, standalone: bool = False) -> str:
    """The keyframe as a self-contained SVG element `width` pixels wide, or `height` tall when given (no script, no
    link). `standalone`: an .svg file of its own, which names SVG's namespace (inline in HTML it needs none)."""
    drawn = scene(pose, frame)
    if height is not None:
        width = round(height * drawn.width / drawn.height)
    else:
        height = round(width * drawn.height / drawn.width)

    lines = []
    for segment, colour, stroke in _strokes(drawn):
        dashes = ' stroke-dasharray="3,2"' if segment.part == "water" else ""
        lines.append(f'<line x1="{segment.x1:.1f}" y1="{drawn.height - segment.y1:.1f}" x2="{segment.x2:.1f}" '
                     f'y2="{drawn.height - segment.y2:.1f}" stroke="{colour}" stroke-width="{stroke}" '
                     f'stroke-linecap="round"{dashes}/>')
    (cx, cy), radius = drawn.figure.head, drawn.figure.head_radius
    lines.append(f'<circle cx="{cx:.1f}" cy="{drawn.height - cy:.1f}" r="{radius:.1f}" fill="white" stroke="{INK}" '
                 'stroke-width="2.6"/>')
    namespace = 'xmlns="http://www.w3.org/2000/svg" ' if standalone else ""
    return (f'<svg {namespace}width="{width}" height="{height}" viewBox="0 0 {drawn.width:.1f} {drawn.height:.1f}" role="img" '
            f'aria-label="{pose.title}, {pose.frames[frame % len(pose.frames)].name}">' + "".join(lines) + "</svg>")


def to_png(pose: Pose, frame: int = 0, width: int = 320) -> bytes:
    """The keyframe as a PNG `width` pixels wide (drawn 4× larger and scaled down, for smooth lines)."""
    return _png_bytes(_image(pose, frame, width))


def to_png_strip(pose: Pose, height: int = 160) -> bytes:
    """Every keyframe side by side, `height` pixels tall (start and end positions, as a handout shows them)."""
    from PIL import Image

    scenes = [scene(pose, index) for index in range(len(pose.frames))]
    zoom = height / max(drawn.height for drawn in scenes)  # one scale: the same person in every frame
    images = [_image(pose, index, max(1, round(drawn.width * zoom))) for index, drawn in enumerate(scenes)]
    gap = height // 6
    strip = Image.new("RGB", (sum(image.width for image in images) + gap * (len(images) - 1),
                              max(image.height for image in images)), "white")
    x = 0
    for image in images:
        strip.paste(image, (x, strip.height - image.height))
        x += image.width + gap
    return _png_bytes(strip)


def _png_bytes(image) -> bytes:
    import io

    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _image(pose: Pose, frame: int, width: int):
    from PIL import Image, ImageDraw

    drawn = scene(pose, frame)
    zoom = 4 * width / drawn.width
    size = (round(drawn.width * zoom), round(drawn.height * zoom))
    image = Image.new("RGB", size, "white")
    pen = ImageDraw.Draw(image)

    def at(x: float, y: float) -> tuple[float, float]:
        return x * zoom, (drawn.height - y) * zoom

    for segment, colour, stroke in _strokes(drawn):
        pen.line([at(segment.x1, segment.y1), at(segment.x2, segment.y2)], fill=colour, width=max(1, round(stroke * zoom / 2)))
        for x, y in ((segment.x1, segment.y1), (segment.x2, segment.y2)):  # round joints
            r = stroke * zoom / 4
            cx, cy = at(x, y)
            pen.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour)
    (cx, cy), radius = drawn.figure.head, drawn.figure.head_radius
    x, y = at(cx, cy)
    r = radius * zoom
    pen.ellipse([x - r, y - r, x + r, y + r], fill="white", outline=INK, width=max(1, round(1.3 * zoom)))
    return image.resize((width, max(1, round(width * size[1] / size[0]))), Image.LANCZOS)


def side_by_side(pictures: list[TextPicture], gap: int = 2) -> str:
    """Braille pictures of the same height in a row, `gap` cells apart."""
    if not pictures:
        return ""
    rows = len(pictures[0].rows)
    return "\n".join((" " * gap).join(picture.rows[row] for picture in pictures).rstrip() for row in range(rows))


def routine_strip(routine, columns: int, size: tuple[int, int] = (14, 5)) -> str:
    """A row of the routine's pictures, each pose once, in order, as many as fit in `columns`, each with the
    name of the (first) exercise it shows under it, as the routine calls it ("" for none)."""
    from coach.pictures.choose import exercise_pose
    from coach.safe_text import for_terminal

    poses: list = []
    names: list[str] = []  # the first exercise drawn with each pose
    for phase in routine.phases:
        for exercise in phase.exercises:
            pose = exercise_pose(exercise, phase.kind.value)
            if pose is not None and pose not in poses:
                poses.append(pose)
                names.append(for_terminal(exercise.name))
    shown = poses[:max(0, (columns + 2) // (size[0] + 2))]
    if not shown:
        return ""
    pictures = side_by_side([to_braille(pose, len(pose.frames) - 1, *size) for pose in shown])
    return pictures + "\n" + "  ".join(_label(name, size[0]) for name in names[:len(shown)]).rstrip()


def _label(title: str, width: int) -> str:
    """`title` centred in `width` terminal cells, cut with "…" when longer (a wide character, as in
    Chinese or Japanese, takes two cells; a combining mark none)."""
    if _cells(title) > width:
        while title and _cells(title) > width - 1:
            title = title[:-1]
        title += "…"
    room = width - _cells(title)
    return " " * (room // 2) + title + " " * (room - room // 2)


def _cells(text: str) -> int:
    import unicodedata

    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
