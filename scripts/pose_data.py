"""Write coach/pictures/poses.json, the pose library as coach reads it, from poses.yaml, the file people edit.

PyYAML takes about 7 ms to read the library, on the way to every routine's first screen (a routine's `pose:` is
checked against the poses' names as it loads); JSON takes a fortieth of that. Run `python scripts/pose_data.py`
after changing poses.yaml; tests/test_pictures.py fails until the two agree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "coach" / "pictures" / "poses.yaml"
WRITTEN = ROOT / "coach" / "pictures" / "poses.json"


def library_data() -> dict:
    return yaml.safe_load(SOURCE.read_text(encoding="utf-8"))


def as_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


if __name__ == "__main__":
    WRITTEN.write_text(as_json(library_data()), encoding="utf-8")
    print(f"wrote {WRITTEN.relative_to(ROOT)}", file=sys.stderr)
