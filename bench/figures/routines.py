"""Routine files made for the bench: exact lengths, no safety note, nothing to wait on a key."""

from __future__ import annotations

from pathlib import Path


def evenly_stepped(total_seconds: float, step_count: int) -> str:
    """A routine of `step_count` equal timed steps: get-ready, then work and rest in turn.

    `step_count` must be even: get-ready + n work + (n - 1) rests is 2n steps.
    """
    if step_count < 2 or step_count % 2:
        raise ValueError(f"step_count must be an even number of at least 2, got {step_count}")
    step = total_seconds / step_count
    exercises = "".join(f"      - {{name: Move {number}, duration: {step:g}}}\n" for number in range(1, step_count // 2 + 1))
    return (
        "name: Bench evenly stepped\n"
        f"defaults: {{get_ready: {step:g}, rest: {step:g}, countdown: 3}}\n"
        "phases:\n"
        "  - name: Steps\n"
        "    kind: main\n"
        "    exercises:\n" + exercises
    )


# A session like a real one (holds, tempo reps, sides, timed cues, countdowns), about 11 minutes
# long, and without a safety note, so it starts straight away.
EVERYDAY = """\
name: Bench everyday session
defaults: {rest: 10s, get_ready: 5s, rest_between_sets: 20s, rest_between_reps: 2s, switch_sides: 5s, countdown: 3}
phases:
  - name: Warm-up
    kind: warmup
    exercises:
      - name: Cat-cow
        reps: 10
        tempo: 6s
        cues: ["Move slowly with your breath"]
        at:
          - {half: true, cue: "Keep it slow and smooth"}
      - name: Pelvic tilt
        reps: 10
        hold: 5s
  - name: Core
    kind: main
    exercises:
      - name: Bird dog
        reps: 6
        hold: 8s
        sides: true
      - name: Side plank
        sets: 2
        duration: 30s
        sides: true
        at:
          - {after: 10s, cue: "Keep your hips up"}
      - name: Curl-up
        reps: 6
        hold: 8s
  - name: Cool-down
    kind: cooldown
    exercises:
      - name: Child's pose
        duration: 60s
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
