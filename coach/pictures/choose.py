"""Which picture the session screen shows, and which of its frames: pure, from the step and the time into it.

- During an exercise's work: its held frame (the last) for a hold; for tempo reps, the start frame in the first
  half of each rep and the end frame in the second, so the figure moves with the count.
- Before it (get-ready), between its reps and sets, and at a switch of sides: its start frame, "get into
  position".
- In the rest after an exercise: the next exercise's start frame.
"""

from __future__ import annotations

from coach.pictures.library import Pose, for_exercise, poses
from coach.routine.expand import Step, StepKind
from coach.routine.model import Exercise


def exercise_pose(exercise: Exercise, phase_kind: str | None) -> Pose | None:
    """The exercise's pose: the one its `pose:` names, else the one its name matches (walking for aerobic work)."""
    if exercise.pose:
        return poses()[exercise.pose]
    return for_exercise(exercise.name, phase_kind)


def pose_of(step: Step) -> Pose | None:
    return exercise_pose(step.exercise, step.phase.kind.value)


Figure = tuple[str, str, int]  # ("pose", its key, the frame) or ("image", the picture's path, 0)


def figure_for(step: Step, elapsed: float, upcoming: Step | None) -> Figure | None:
    """What to draw at this moment, or None when the exercise has no picture: its own (`image:`) before a pose."""
    if step.kind is StepKind.REST:
        if upcoming is None:
            return None
        step, elapsed = upcoming, 0.0
        if step.exercise.image is not None:
            return "image", str(step.exercise.image), 0
        pose = pose_of(step)
        return None if pose is None else ("pose", pose.key, 0)
    if step.exercise.image is not None:
        return "image", str(step.exercise.image), 0
    pose = pose_of(step)
    if pose is None:
        return None
    last = len(pose.frames) - 1
    if step.kind is not StepKind.WORK:
        return "pose", pose.key, 0
    if step.rep_seconds and last:
        into_rep = elapsed % step.rep_seconds
        return "pose", pose.key, 0 if into_rep < step.rep_seconds / 2 else last
    return "pose", pose.key, last
