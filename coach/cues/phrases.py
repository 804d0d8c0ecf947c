"""The words voice cues speak: exercise announcements, rests, side switches and the end."""

from __future__ import annotations

from coach.routine.model import Exercise

SWITCH_SIDES = "Switch sides."
SESSION_COMPLETE = "Session complete."


def announcement(exercise: Exercise) -> str:
    """What is said as an exercise starts: 'Bird dog. 3 sets, 8 second holds, each side.' and its `say:`."""
    text = f"{_sentence(exercise.name)} {_sentence(spoken_dose(exercise))}"
    return f"{text} {_sentence(exercise.say)}" if exercise.say else text


def rest_before(next_name: str | None) -> str:
    return f"Rest. Next: {_sentence(next_name)}" if next_name else "Rest."


def rest_between_sets(set_number: int, set_count: int) -> str:
    return f"Rest. Next: set {set_number} of {set_count}."


def spoken_dose(exercise: Exercise) -> str:
    """The dose in words for speech: '3 sets, 8 second holds, each side'; '8 reps, 3 seconds per rep'.

    The parts are the exercise's own (Exercise.dose_parts), as the screen shows them."""
    dose = exercise.dose_parts()
    parts = []
    if dose.sets > 1:
        parts.append(f"{dose.sets} sets")
    if dose.reps is not None:
        parts.append(f"{_counts(dose.reps)} {'rep' if dose.reps == (1,) else 'reps'}")
    if dose.duration is not None:
        parts.append(spoken_seconds(dose.duration))
    if dose.hold is not None:
        if dose.single_hold:
            parts.append(f"hold for {spoken_seconds(dose.hold)}")
        elif dose.hold < 60:
            parts.append(f"{spoken_seconds(dose.hold, adjective=True)} holds")
        else:
            parts.append(f"holds of {spoken_seconds(dose.hold)}")
    if dose.tempo is not None:
        parts.append(f"{spoken_seconds(dose.tempo)} per rep")
    if dose.both_sides:
        parts.append("each side")
    elif dose.sides:
        parts.append(f"{dose.sides[0]} side only")
    return ", ".join(parts)


def spoken_seconds(seconds: float, adjective: bool = False) -> str:
    """'30 seconds', '1 minute 30 seconds', '2.5 seconds'; as an adjective '8 second'."""
    if adjective and seconds < 60:
        return f"{_number(seconds)} second"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    words = []
    for amount, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second")):
        if amount:
            words.append(f"{_number(amount)} {unit}{'' if amount == 1 else 's'}")
    return " ".join(words) or "0 seconds"


def _counts(reps: tuple[int, ...]) -> str:
    """'8' for equal sets, '6, 4 and 2' for a pyramid."""
    if len(set(reps)) == 1:
        return str(reps[0])
    return ", ".join(str(count) for count in reps[:-1]) + f" and {reps[-1]}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."
