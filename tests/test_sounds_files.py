"""Checks for the committed cue sounds in sounds/ and their generator script."""

import struct
import subprocess
import sys
import wave
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOUNDS = ROOT / "sounds"
SCRIPT = ROOT / "scripts" / "make_sounds.py"
NAMES = ["tick", "go", "rest", "switch", "halfway", "done", "finish"]
FULL_SCALE = 32767


def read_samples(path: Path) -> tuple:
    with wave.open(str(path), "rb") as w:
        params = w.getparams()
        frames = w.readframes(w.getnframes())
    return params, struct.unpack(f"<{len(frames) // 2}h", frames)


@pytest.mark.parametrize("name", NAMES)
def test_sound_file_format_and_shape(name):
    path = SOUNDS / f"{name}.wav"
    assert path.is_file(), f"missing {path}"
    assert path.stat().st_size < 100_000
    params, samples = read_samples(path)
    assert params.nchannels == 1
    assert params.sampwidth == 2
    assert params.framerate == 44100
    assert len(samples) > 0
    assert abs(samples[0]) < 64 and abs(samples[-1]) < 64, "must start and end in silence"
    peak = max(abs(x) for x in samples) / FULL_SCALE
    assert 0.3 <= peak <= 0.95
    # A sample-to-sample jump this large would be an audible click.
    max_jump = max(abs(a - b) for a, b in zip(samples, samples[1:])) / FULL_SCALE
    assert max_jump < 0.2


def test_sounds_are_distinct():
    seen = {}
    for name in NAMES:
        _, samples = read_samples(SOUNDS / f"{name}.wav")
        assert samples not in seen, f"{name}.wav is identical to {seen.get(samples)}.wav"
        seen[samples] = name


@pytest.mark.slow  # a child process
def test_script_reproduces_committed_files(tmp_path):
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], check=True, capture_output=True)
    for name in NAMES:
        generated = (tmp_path / f"{name}.wav").read_bytes()
        committed = (SOUNDS / f"{name}.wav").read_bytes()
        assert generated == committed, f"{name}.wav differs from script output"
