"""The commented starter routine that `coach new` writes."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from coach.paths import schema_file

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A coach routine. The full format is in docs/routines.md; `coach validate FILE` checks it,
# and `coach show FILE` prints the plan with its total time.
name: {name}
description: My own routine                  # optional
safety: Stop any exercise that causes sharp pain or pain that spreads down a leg.
weekly_goal: 3                               # optional: sessions a week
defaults:                                    # every exercise inherits these and may override them
  rest: 15s                                  # after each exercise (0 = none)
  get_ready: 5s                              # before the first exercise
  rest_between_sets: 20s
  rest_between_reps: 2s
  switch_sides: 5s
  countdown: 3                               # tick cues in the last 3 seconds of timed steps
phases:
  - name: Warm-up stretches
    kind: warmup                             # warmup | main | cooldown | aerobic
    exercises:
      - name: Cat-cow
        reps: 8                              # 8 holds ...
        hold: 5s                             # ... of 5 seconds each
        cues: ["Arch slowly, then round", "Move with your breath"]
  - name: Core
    kind: main
    exercises:
      - name: Bird dog
        sets: 2
        reps: [6, 4]                         # reps of each set: a pyramid
        hold: 8s
        sides: true                          # left then right
        cues: ["Keep your back flat, as if a cup sat on it"]
      - name: Glute bridge
        reps: 10                             # no hold or tempo: press Enter when done
        cues: ["Squeeze your glutes; don't arch your back"]
  - name: Cool-down stretches
    kind: cooldown
    exercises:
      - name: Child's pose
        duration: 45s                        # one timed block
        cues: ["Let your back relax"]
        # The picture beside the clock comes from the name ("Child's pose"). Another of coach's
        # drawings: `pose: cat-cow` (`coach pose list`); your own: `image: my-photo.png`.
"""


def slug(name: str) -> str:
    """A file name for a routine name: lower case, words joined by hyphens.

    Accents are dropped where a plain letter remains (Rückenübungen → ruckenubungen);
    letters of other scripts are kept as they are.
    """
    plain = "".join(_unaccented(char) for char in unicodedata.normalize("NFC", name))
    return re.sub(r"[\W_]+", "-", plain.lower()).strip("-")


def _unaccented(char: str) -> str:
    base = "".join(part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part))
    return base if base.isascii() else char


def starter_text(name: str, schema: Path | None = None) -> str:
    """A commented starter routine; its schema line names `schema` (the data folder's copy), else this coach's."""
    return TEMPLATE.format(schema=schema or schema_file(), name=_yaml_text(name))


MODELINE = re.compile(r"^# yaml-language-server: \$schema=.*$", re.MULTILINE)


def renamed_copy(text: str, name: str, schema: Path | None = None) -> str:
    """Another (valid) routine's text under a new name, its schema line pointing at this coach's schema.

    Only the name's value is replaced, wherever and however it was written; the rest,
    comments included, is kept as written.
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    value = next(value for key, value in root.value if key.value == "name")
    start, end = value.start_mark.index, value.end_mark.index
    replacement = _yaml_text(name)
    if value.style in ("|", ">"):  # a block scalar runs to the end of its last line
        replacement += "\n"
    renamed = text[:start] + replacement + text[end:]
    modeline = f"# yaml-language-server: $schema={schema or schema_file()}"
    renamed, count = MODELINE.subn(lambda match: modeline, renamed, count=1)
    return renamed if count else f"{modeline}\n{renamed}"


def _yaml_text(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
