"""The pose library (poses.yaml, data): each pose's name, aliases, view, props and keyframes, and which pose an
exercise shows.

A keyframe gives only what differs from the one before it (the first, from the pose it is `like`), so a pose
reads as a therapist would describe it: "as lying on your back, knees bent; then the near knee to the chest".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.pictures.figure import Keyframe, Limb


POSES_FILE = Path(__file__).with_name("poses.yaml")  # where poses are written; coach reads its JSON copy:
POSES_DATA = Path(__file__).with_name("poses.json")  # scripts/pose_data.py writes it (JSON reads 40 times faster)
VIEWS = ("side", "front")
PROPS = ("step", "water", "wall", "bike")


class PoseNotFound(LookupError):
    def __init__(self, name: str, suggestion: str | None) -> None:
        from coach.safe_text import for_terminal

        hint = f"; did you mean {suggestion}?" if suggestion else "; `coach pose list` shows them all"
        super().__init__(f'no pose named "{for_terminal(name)[:60]}"{hint}')
        self.suggestion = suggestion


@dataclass(frozen=True)
class Pose:
    key: str  # "bird-dog"
    title: str  # "Bird dog"
    aliases: tuple[str, ...]
    view: str
    props: tuple[str, ...]
    frames: tuple[Keyframe, ...]
    moving: tuple[str, ...] = ()  # parts drawn in colour: "arm near", "leg far", "back"
    water: float = 0.0  # the water line's height, with the `water` prop


def normal(name: str) -> str:
    """A name as matched: lower case, every run of other characters one hyphen ("Child's pose" → "child-s-pose")."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@cache
def _entries() -> dict[str, dict]:
    """The library as read: enough for the names (a routine's `pose:` is checked against them when it loads)."""
    import json

    return json.loads(POSES_DATA.read_text(encoding="utf-8"))["poses"]


@cache
def poses() -> dict[str, Pose]:
    """Every pose, by key, in the file's order."""
    built: dict[str, Pose] = {}
    for key, entry in _entries().items():
        built[key] = _pose(key, entry, built)
    return built


def _title(key: str, entry: dict) -> str:
    return entry.get("title", key.replace("-", " ").capitalize())


def _pose(key: str, entry: dict, built: dict[str, Pose]) -> Pose:
    view = entry.get("view", "side")
    props = tuple(entry.get("props", ()))
    if view not in VIEWS or any(prop not in PROPS for prop in props):
        raise ValueError(f"poses.yaml: {key}: view {view!r} or props {props!r} unknown")
    base = built[entry["like"]].frames[0] if "like" in entry else None
    frames = []
    for index, given in enumerate(entry["frames"]):
        base = _frame(given, base, f"{key}.frames[{index}]")
        frames.append(base)
    return Pose(key, _title(key, entry), tuple(entry.get("aliases", ())), view,
                props, tuple(frames), tuple(entry.get("moving", ())), float(entry.get("water", 0)))


def _frame(given: dict, base: Keyframe | None, where: str) -> Keyframe:
    from coach.pictures.figure import SIDES, Keyframe, Limb  # drawing's types, not wanted to check a pose's name

    def limbs(kind: str, count: int) -> dict[str, Limb]:
        found = dict(getattr(base, kind)) if base else {}
        for side, angles in (given.get(kind) or {}).items():
            if side not in SIDES or len(angles) != count:
                raise ValueError(f"poses.yaml: {where}.{kind}.{side}: {count} angles for near or far")
            found[side] = Limb(tuple(float(angle) for angle in angles))
        if set(found) != set(SIDES):
            raise ValueError(f"poses.yaml: {where}.{kind}: needs near and far")
        return found

    if base is None and not {"back", "head", "arms", "legs"} <= set(given):
        raise ValueError(f"poses.yaml: {where}: the first frame needs back, head, arms and legs (or `like`)")
    back = tuple(float(angle) for angle in given.get("back", base.back if base else ()))
    if len(back) != 2:
        raise ValueError(f"poses.yaml: {where}.back: two angles, lower and upper")
    return Keyframe(given.get("name", base.name if base else "hold"), back,  # type: ignore[arg-type]
                    float(given.get("head", base.head if base else 90)), limbs("arms", 2), limbs("legs", 3))


def find(name: str) -> Pose:
    """The pose named `name` (its key, title or an alias, in any case and spelling of spaces and hyphens).
    Raises PoseNotFound with the nearest name."""
    return poses()[find_key(name)]


def find_key(name: str) -> str:
    """The key of the pose named `name`, as find() finds it, without drawing up the poses' keyframes."""
    wanted = normal(name)
    names = _names()
    if wanted in names:
        return names[wanted]
    import difflib

    close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.7)
    raise PoseNotFound(name, names[close[0]] if close else None)


def for_exercise(name: str, phase_kind: str | None = None) -> Pose | None:
    """The pose an exercise shows: by its name (or an alias), else walking for an aerobic phase; None when no
    pose matches."""
    found = _names().get(normal(name))
    if found:
        return poses()[found]
    if phase_kind == "aerobic":
        return poses()["walking"]
    return None


@cache
def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for key, entry in _entries().items():
        for name in (key, _title(key, entry), *entry.get("aliases", ())):
            names.setdefault(normal(name), key)
    return names
