"""The activities a back-pain program recommends, with the names people give them, for `coach log`.

Pure: names in, an Activity out. "ride", "Bike" and "cycling" are all Cycling, so the history counts
them as one activity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

# What each kind is stored as: the phase kinds the history counts by (aerobic minutes, sessions).
STORED_KIND = {"aerobic": "aerobic", "core": "main", "stretch": "cooldown", "visit": "main"}


@dataclass(frozen=True)
class Activity:
    name: str  # as stored and shown
    kind: str  # aerobic, core, stretch or visit
    aliases: tuple[str, ...] = ()

    @property
    def stored_kind(self) -> str:
        return STORED_KIND[self.kind]


KNOWN: tuple[Activity, ...] = (
    Activity("Walking", "aerobic", ("walk", "walks", "hike", "hiking", "stroll")),
    Activity("Swimming", "aerobic", ("swim", "swims", "lengths")),
    Activity("Water walking", "aerobic", ("water walk", "water aerobics", "aqua aerobics", "aquafit", "aqua jogging")),
    Activity("Cycling", "aerobic", ("cycle", "bike", "biking", "ride", "bike ride", "bicycle")),
    Activity("Stationary bike", "aerobic", ("exercise bike", "spin bike", "indoor bike", "indoor cycling", "spinning")),
    Activity("Treadmill", "aerobic", ("treadmill walk", "treadmill walking")),
    Activity("Elliptical", "aerobic", ("cross trainer", "cross-trainer", "elliptical trainer")),
    Activity("Yoga", "stretch", ()),
    Activity("Pilates", "core", ("reformer pilates", "mat pilates")),
    Activity("Gyrotonics", "core", ("gyrotonic", "gyrokinesis")),
    Activity("Physiotherapy visit", "visit", ("physiotherapy", "physio", "physio visit", "pt", "pt visit",
                                              "physical therapy", "physical therapist")),
)


def _folded(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).casefold()


_BY_NAME = {_folded(alias): activity for activity in KNOWN for alias in (activity.name, *activity.aliases)}


def known(name: str) -> Activity | None:
    """The known activity `name` stands for, whatever its case or spacing; None when it is none of them."""
    return _BY_NAME.get(_folded(name))


def own(name: str, remembered: Iterable[str]) -> str | None:
    """The person's own activity `name` stands for (its first spelling), or None."""
    wanted = _folded(name)
    return next((each for each in remembered if _folded(each) == wanted), None)


def canonical(name: str) -> str:
    """The name the history groups `name` under: a known activity's own name, or `name` itself."""
    activity = known(name)
    return activity.name if activity is not None else name


def suggestion(name: str, remembered: Iterable[str] = ()) -> str | None:
    """The known (or remembered) activity nearest to `name`, for a did-you-mean; None when none is near."""
    import difflib

    names = {**{alias: activity.name for alias, activity in _BY_NAME.items()},
             **{_folded(each): each for each in remembered}}
    close = difflib.get_close_matches(_folded(name), list(names), n=1, cutoff=0.75)
    return names[close[0]] if close else None


def listing(remembered: Iterable[str] = ()) -> str:
    """`coach log --list`: each known activity, its kind and the other names it answers to."""
    width = max(len(activity.name) for activity in KNOWN)
    lines = [f"{activity.name:<{width}}  {activity.kind:<7}  {', '.join(activity.aliases)}".rstrip()
             for activity in KNOWN]
    mine = list(remembered)
    if mine:
        lines += ["", "Your own: " + ", ".join(mine)]
    return "\n".join(lines)
