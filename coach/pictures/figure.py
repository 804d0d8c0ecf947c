"""A stick figure from joint angles: forward kinematics, pure.

Every angle is the direction of a body segment in the picture, in degrees: 0 points right (the way the figure
faces in a side view), 90 up, 180 left, -90 down. Directions, not bends, because that is how a therapist sketches a
pose: "thigh straight up, shin level". The figure is then set down so that its lowest point rests on the floor.

The spine has two segments (lower and upper back), so a cat, a cow and a curl-up read as themselves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Segment lengths, for a figure about 100 units tall standing.
LOWER_BACK, UPPER_BACK, NECK, HEAD_RADIUS = 15.0, 15.0, 5.0, 6.0
UPPER_ARM, FOREARM = 16.0, 15.0
THIGH, SHIN, FOOT = 24.0, 23.0, 6.0
SIDES = ("near", "far")  # the limbs nearer the viewer, and the ones behind


@dataclass(frozen=True)
class Limb:
    """An arm (upper arm, forearm) or a leg (thigh, shin, foot), each segment's direction in degrees."""

    angles: tuple[float, ...]


@dataclass(frozen=True)
class Keyframe:
    name: str  # "start", "end", "hold"
    back: tuple[float, float]  # lower back (hip to mid-back), upper back (mid-back to shoulders)
    head: float  # shoulders to the head's centre
    arms: dict[str, Limb]  # by side
    legs: dict[str, Limb]


@dataclass(frozen=True)
class Segment:
    """A line of the figure: from (x1, y1) to (x2, y2); `part` names it ("near arm", "back"), `side` its side."""

    x1: float
    y1: float
    x2: float
    y2: float
    part: str
    side: str = ""


@dataclass(frozen=True)
class Skeleton:
    segments: tuple[Segment, ...]
    head: tuple[float, float]  # the head's centre
    head_radius: float

    def bounds(self) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) of everything drawn."""
        xs = [value for segment in self.segments for value in (segment.x1, segment.x2)]
        ys = [value for segment in self.segments for value in (segment.y1, segment.y2)]
        x, y, r = *self.head, self.head_radius
        return min(*xs, x - r), min(*ys, y - r), max(*xs, x + r), max(*ys, y + r)


def _step(x: float, y: float, angle: float, length: float) -> tuple[float, float]:
    radians = math.radians(angle)
    return x + length * math.cos(radians), y + length * math.sin(radians)


def skeleton(frame: Keyframe) -> Skeleton:
    """The figure's segments, set down with its lowest point on the floor (y = 0) and its left edge at x = 0."""
    segments: list[Segment] = []
    hip = (0.0, 0.0)
    middle = _step(*hip, frame.back[0], LOWER_BACK)
    shoulder = _step(*middle, frame.back[1], UPPER_BACK)
    segments += [Segment(*hip, *middle, "back"), Segment(*middle, *shoulder, "back")]
    neck_top = _step(*shoulder, frame.head, NECK)
    segments.append(Segment(*shoulder, *neck_top, "neck"))
    head = _step(*shoulder, frame.head, NECK + HEAD_RADIUS)
    for side in SIDES:
        segments += _chain(shoulder, frame.arms[side].angles, (UPPER_ARM, FOREARM), "arm", side)
        segments += _chain(hip, frame.legs[side].angles, (THIGH, SHIN, FOOT), "leg", side)
    drawn = Skeleton(tuple(segments), head, HEAD_RADIUS)
    left, bottom, _, _ = drawn.bounds()
    return shifted(drawn, -left, -bottom)


def _chain(start: tuple[float, float], angles: tuple[float, ...], lengths: tuple[float, ...], part: str,
           side: str) -> list[Segment]:
    segments, point = [], start
    for angle, length in zip(angles, lengths):
        end = _step(*point, angle, length)
        segments.append(Segment(*point, *end, part, side))
        point = end
    return segments


def shifted(drawn: Skeleton, dx: float, dy: float) -> Skeleton:
    return Skeleton(tuple(Segment(s.x1 + dx, s.y1 + dy, s.x2 + dx, s.y2 + dy, s.part, s.side) for s in drawn.segments),
                    (drawn.head[0] + dx, drawn.head[1] + dy), drawn.head_radius)


def length(segment: Segment) -> float:
    return math.hypot(segment.x2 - segment.x1, segment.y2 - segment.y1)
