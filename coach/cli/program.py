"""`coach program`: list, start, status, set-stage and stop a program."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

from coach.cli.history import _changing_history, _open_history
from coach.cli.output import EXIT_FAILED, EXIT_INVALID, EXIT_OK, say, say_error, say_json
from coach.safe_text import for_terminal


def list_programs(args, places) -> int:
    from coach.program.catalog import load_programs
    from coach.program.dose import describe

    programs, notices = load_programs(places)
    for choice in programs:
        origin = "bundled" if choice.entry.bundled else "yours"
        if choice.program is None:
            say(f"{choice.entry.name}  ({origin})  invalid: {len(choice.problems)} error(s): "
                f"coach validate {choice.entry.path}")
            continue
        program = choice.program
        stages = f"{len(program.stages)} stage" + ("" if len(program.stages) == 1 else "s")
        say(f"{choice.entry.name}  ({origin})  {program.name}: {stages}")
        for number, stage in enumerate(program.stages, 1):
            aerobic = f", aerobic {stage.aerobic_minutes} min a bout" if stage.aerobic_minutes else ""
            say(f"  {number}. {stage.name}: {stage.routine.name}, {describe(stage.change)}{aerobic}")
    if not programs:
        say("No programs found.")
    say(f"\nYour own programs go in {places.user_programs} (docs/programs.md describes the format).")
    for notice in notices:
        say_error(notice)
    return EXIT_OK


def start(args, places) -> int:
    from coach.history import program_log
    from coach.program.catalog import ProgramNotFound, find_program, load_program_file
    from coach.routine.errors import RoutineError

    try:
        path = find_program(args.program, places)
        program = load_program_file(path, places, display=str(path))
    except ProgramNotFound as error:
        say_error(str(error))
        return EXIT_INVALID
    except RoutineError as error:
        say(for_terminal(str(error), lines=True))
        return EXIT_INVALID
    stage = args.stage or 1
    if stage > len(program.stages):
        say_error(f"--stage {stage}: {program.name} has {len(program.stages)} stages")
        return EXIT_INVALID

    def change(store) -> int:
        now = datetime.now(timezone.utc)
        before = program_log.active(store)
        if before is not None:
            say(f"You were following {before.name} since {before.started.astimezone():%a %d %b}; it ends here "
                "(its sessions and decisions stay in your history).")
        # A program of the catalog is kept by its name, so a new install (or a moved checkout) still finds it.
        from coach.paths import expand_user

        catalogued = not expand_user(args.program).exists()
        active = program_log.start(store, program.name, path.stem if catalogued else str(path.resolve()), stage, now)
        from coach.history.following import Following

        following = Following(active, program, store)
        decision = following.decide(date.today())
        following.record(decision, None, now)
        say(f"Following {program.name}, from stage {stage} of {len(program.stages)}: {program.stages[stage - 1].name}.")
        if program.safety:
            say(f"Safety: {program.safety}")
        say("`coach run` runs today's plan; `coach program status` shows it.")
        return EXIT_OK

    return _with_history(places, change)


def status(args, places) -> int:
    store = _open_history(places, reading=True) if places.history_db.exists() else None
    if store is None and places.history_db.exists():
        return EXIT_FAILED
    if store is None:
        return _none_followed(args)
    with store:
        followed = _followed(store, places)
        if isinstance(followed, int):
            return followed
        if followed is None:
            return _none_followed(args)
        today = date.today()
        history = followed.history()
        from coach.program.decide import decide

        decision = decide(followed.program, history, today)
        week = followed.week(today, history, decision)
    data = status_data(followed.program, decision, week)
    if args.json:
        say_json(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    for line in status_lines(data):
        say(line)
    return EXIT_OK


def _followed(store, places):
    """The program followed (None when none is), or, after saying why its file cannot be used, an exit status."""
    from coach.history.following import ProgramProblem, following

    try:
        return following(store, places)
    except ProgramProblem as error:
        say_error(str(error))
        return EXIT_INVALID


def _none_followed(args) -> int:
    if args.json:
        say_json(json.dumps({"program": None}) + "\n")
    else:
        say("No program followed. `coach program list` shows them; `coach program start NAME` starts one.")
    return EXIT_OK


def status_data(program, decision, week) -> dict:
    """What `coach program status --json` prints (documented in the README)."""
    from coach.routine.expand import expand, total_planned_seconds

    stage = program.stages[decision.stage - 1]
    return {
        "program": program.name,
        "stage": decision.stage,
        "stages": len(program.stages),
        "stage_name": stage.name,
        "flare": decision.flare,
        "activity": program.activity,
        "action": decision.action.value,
        "reasons": list(decision.reasons),
        "today": {
            "routine": decision.plan.name,
            "planned_seconds": round(total_planned_seconds(expand(decision.plan))),
            "aerobic_minutes": decision.aerobic_minutes,
        },
        "week": {
            "sessions": {"done": week.sessions, "goal": week.sessions_goal},
            "aerobic_minutes": {"done": round(week.aerobic_minutes), "goal": week.aerobic_goal},
        },
    }


def status_lines(data: dict) -> list[str]:
    from coach.routine.durations import format_duration

    today = data["today"]
    where = "the flare-up routine" if data["flare"] else f"stage {data['stage']} of {data['stages']}: {data['stage_name']}"
    lines = [f"{data['program']}, {where}",
             f"Today: {today['routine']} ({format_duration(today['planned_seconds'])})"
             + (f", and a {today['aerobic_minutes']}-minute {data['activity'] or 'aerobic'} bout"
                if today["aerobic_minutes"] else "")]
    lines += [f"  {reason}" for reason in data["reasons"]]
    week = data["week"]
    lines.append(f"This week: {week['sessions']['done']} of {week['sessions']['goal']} sessions, "
                 f"{week['aerobic_minutes']['done']} of {week['aerobic_minutes']['goal']} aerobic minutes")
    return lines


def set_stage(args, places) -> int:
    from coach.history import program_log

    def change(store) -> int:
        followed = _followed(store, places)
        if isinstance(followed, int):
            return followed
        if followed is None:
            say_error("no program is followed; start one with `coach program start NAME`")
            return EXIT_INVALID
        count = len(followed.program.stages)
        if not 1 <= args.stage <= count:
            say_error(f"{followed.program.name} has stages 1 to {count}")
            return EXIT_INVALID
        now = datetime.now(timezone.utc)
        before = followed.decide(date.today())
        program_log.set_stage(store, followed.active, args.stage, before.stage, now)
        decision = followed.decide(date.today())
        followed.record(decision, before.stage, now)
        say(f"{followed.program.name}: stage {args.stage} of {count}, "
            f"{followed.program.stages[args.stage - 1].name} (recorded; the rules go on from here).")
        return EXIT_OK

    return _with_history(places, change)


def stop(args, places) -> int:
    from coach.history import program_log

    def change(store) -> int:
        active = program_log.active(store)
        if active is None:
            say("No program is followed.")
            return EXIT_OK
        program_log.stop(store, active, datetime.now(timezone.utc))
        say(f"Stopped following {active.name}. Your history keeps its sessions and decisions.")
        return EXIT_OK

    return _with_history(places, change)


def _with_history(places, change) -> int:
    return _changing_history(places, change, "nothing was changed")


def program_file(reference: str) -> bool:
    """Whether ROUTINE on the command line is a program file (for `coach show` and `coach validate`)."""
    from coach.routine.yaml_source import read_nodes
    from coach.routine.errors import RoutineError

    path = Path(reference)
    try:
        import yaml

        root = read_nodes(path) if path.is_file() else None
    except RoutineError:
        return False
    return isinstance(root, yaml.MappingNode) and any(
        key.value == "stages" for key, _ in root.value if isinstance(key, yaml.ScalarNode))
