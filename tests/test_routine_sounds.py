"""A routine's `sounds:` key: its own WAV files for cues, checked with exact located errors."""

import json
import struct
import wave
from pathlib import Path

import jsonschema
import pytest

from coach.routine.errors import RoutineError
from coach.routine.loader import load_routine
from coach.routine.model import CUE_SOUNDS, Routine

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "coach" / "routine" / "routine.schema.json").read_text(encoding="utf-8"))

# The `sounds:` mapping starts on line 7; its first entry's value is at line 8, column 7.
HEAD = "name: R\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\nsounds:\n"


def make_wav(path: Path, *, channels: int = 1, width: int = 2, rate: int = 44100, frames: int = 100) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(width)
        writer.setframerate(rate)
        writer.writeframes(b"\x01" * frames * channels * width)
    return path


def load(tmp_path: Path, entries: str) -> Routine:
    path = tmp_path / "r.yaml"
    path.write_text(HEAD + entries, encoding="utf-8")
    return load_routine(path, display="r.yaml")


def errors(tmp_path: Path, entries: str) -> list[str]:
    with pytest.raises(RoutineError) as caught:
        load(tmp_path, entries)
    return [str(problem) for problem in caught.value.problems]


# -- accepted ------------------------------------------------------------------------------

def test_a_routine_without_sounds_has_none(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(HEAD.removesuffix("sounds:\n"), encoding="utf-8")
    assert load_routine(path).sounds == {}


def test_sound_paths_resolve_against_the_routine_folder_not_the_working_folder(tmp_path, monkeypatch):
    whistle = make_wav(tmp_path / "sounds" / "whistle.wav")
    gong = make_wav(tmp_path / "elsewhere" / "gong.wav", channels=2, width=1, rate=22050)
    monkeypatch.chdir(tmp_path / "elsewhere")
    routine = load(tmp_path, f"  go: sounds/whistle.wav\n  finish: {gong}\n")
    assert routine.sounds == {"go": whistle.resolve(), "finish": gong.resolve()}
    assert all(path.is_absolute() for path in routine.sounds.values())


def test_every_cue_name_may_be_given(tmp_path):
    make_wav(tmp_path / "beep.wav")
    routine = load(tmp_path, "".join(f"  {cue}: beep.wav\n" for cue in CUE_SOUNDS))
    assert set(routine.sounds) == {"tick", "go", "rest", "switch", "halfway", "done", "finish"}


def test_a_routine_with_sounds_stays_hashable(tmp_path):
    make_wav(tmp_path / "beep.wav")
    hash(load(tmp_path, "  go: beep.wav\n"))


# -- refused, with the place and the fix ---------------------------------------------------

def test_unknown_cue_name_gets_a_suggestion(tmp_path):
    make_wav(tmp_path / "beep.wav")
    assert errors(tmp_path, "  gong: beep.wav\n") == ['r.yaml:8:3: sounds: unknown key "gong"; did you mean "go"?']


def test_unknown_cue_name_without_a_close_match_lists_the_cue_names(tmp_path):
    make_wav(tmp_path / "beep.wav")
    assert errors(tmp_path, "  whistle: beep.wav\n") == [
        'r.yaml:8:3: sounds: unknown key "whistle"; expected one of: tick, go, rest, switch, halfway, done, finish'
    ]


def test_sounds_must_be_a_mapping(tmp_path):
    assert errors(tmp_path, "  - beep.wav\n") == [
        "r.yaml:8:3: sounds: expected cue sounds (a mapping of keys), got a list"
    ]


def test_a_sound_path_must_be_text(tmp_path):
    assert errors(tmp_path, "  go: 5\n") == ["r.yaml:8:7: sounds.go: expected text, got 5"]


def test_a_missing_sound_file_says_where_it_was_looked_for(tmp_path):
    looked_for = tmp_path.resolve() / "sounds" / "whistle.wav"
    assert errors(tmp_path, "  go: sounds/whistle.wav\n") == [
        f'r.yaml:8:7: sounds.go: no such file "sounds/whistle.wav" (looked for {looked_for}; '
        "paths are relative to the routine file)"
    ]


def test_a_folder_is_not_a_sound(tmp_path):
    (tmp_path / "sounds").mkdir()
    assert errors(tmp_path, "  go: sounds\n") == ['r.yaml:8:7: sounds.go: "sounds" is not a file; give a WAV file']


def test_a_sound_file_over_5_mib_is_refused(tmp_path):
    with (tmp_path / "big.wav").open("wb") as handle:
        handle.truncate(5 * 1024 * 1024 + 1)
    assert errors(tmp_path, "  finish: big.wav\n") == [
        'r.yaml:8:11: sounds.finish: "big.wav" is 5.1 MiB; a cue sound may be at most 5 MiB'
    ]


def test_a_sound_file_of_exactly_5_mib_is_accepted(tmp_path):
    frames = (5 * 1024 * 1024 - 44) // 2
    make_wav(tmp_path / "long.wav", frames=frames)
    assert (tmp_path / "long.wav").stat().st_size == 5 * 1024 * 1024
    assert set(load(tmp_path, "  finish: long.wav\n").sounds) == {"finish"}


def test_a_text_file_is_not_a_wav(tmp_path):
    (tmp_path / "notes.wav").write_text("not audio", encoding="utf-8")
    assert errors(tmp_path, "  go: notes.wav\n") == [
        'r.yaml:8:7: sounds.go: "notes.wav" is not a PCM WAV file (file does not start with RIFF id); '
        "export it as 16-bit PCM WAV"
    ]


def test_a_float_wav_is_not_pcm(tmp_path):
    fmt = struct.pack("<HHIIHH", 3, 1, 44100, 44100 * 4, 4, 32)  # format 3: IEEE float
    data = b"\x00" * 40
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    (tmp_path / "float.wav").write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    assert errors(tmp_path, "  go: float.wav\n") == [
        'r.yaml:8:7: sounds.go: "float.wav" is not a PCM WAV file (unknown format: 3); export it as 16-bit PCM WAV'
    ]


def test_a_24_bit_wav_is_refused(tmp_path):
    make_wav(tmp_path / "deep.wav", width=3)
    assert errors(tmp_path, "  go: deep.wav\n") == [
        'r.yaml:8:7: sounds.go: "deep.wav" has 24-bit samples; a cue sound must be 8- or 16-bit PCM'
    ]


def test_a_wav_with_more_than_two_channels_is_refused(tmp_path):
    make_wav(tmp_path / "surround.wav", channels=6)
    assert errors(tmp_path, "  go: surround.wav\n") == [
        'r.yaml:8:7: sounds.go: "surround.wav" has 6 channels; a cue sound must be mono or stereo'
    ]


def test_a_sample_rate_the_player_cannot_play_is_refused(tmp_path):
    make_wav(tmp_path / "odd.wav", rate=12345)
    assert errors(tmp_path, "  go: odd.wav\n") == [
        'r.yaml:8:7: sounds.go: "odd.wav" has a sample rate of 12345 Hz; use one of 8000, 11025, 16000, 22050, '
        "24000, 32000, 44100, 48000, 88200, 96000, 192000 Hz"
    ]


def test_an_empty_wav_is_refused(tmp_path):
    make_wav(tmp_path / "empty.wav", frames=0)
    assert errors(tmp_path, "  go: empty.wav\n") == ['r.yaml:8:7: sounds.go: "empty.wav" holds no sound (0 frames)']


def test_a_cut_short_wav_is_refused(tmp_path):
    path = make_wav(tmp_path / "cut.wav", frames=100)
    path.write_bytes(path.read_bytes()[:-50])
    assert errors(tmp_path, "  go: cut.wav\n") == [
        'r.yaml:8:7: sounds.go: "cut.wav" is cut short: its header promises 100 frames but it holds 75'
    ]


def test_every_bad_sound_is_reported_with_the_other_mistakes(tmp_path):
    make_wav(tmp_path / "odd.wav", rate=1000)
    path = tmp_path / "r.yaml"
    path.write_text(
        "name: R\nweekly_goal: 20\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\n"
        "sounds:\n  go: missing.wav\n  tick: odd.wav\n  tik: odd.wav\n",
        encoding="utf-8",
    )
    with pytest.raises(RoutineError) as caught:
        load_routine(path, display="r.yaml")
    assert [f"{problem.line}:{problem.column}: {problem.path}" for problem in caught.value.problems] == [
        "2:14: weekly_goal", "9:7: sounds.go", "10:9: sounds.tick", "11:3: sounds",
    ]


def test_unknown_top_level_key_lists_sounds_among_the_keys(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("name: R\nzzz: 1\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\n")
    with pytest.raises(RoutineError) as caught:
        load_routine(path, display="r.yaml")
    assert [str(problem) for problem in caught.value.problems] == [
        'r.yaml:2:1: unknown key "zzz"; expected one of: name, description, safety, weekly_goal, defaults, phases, sounds'
    ]


def test_sound_singular_suggests_sounds(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(HEAD.replace("sounds:", "sound:") + "  go: x.wav\n", encoding="utf-8")
    with pytest.raises(RoutineError) as caught:
        load_routine(path, display="r.yaml")
    assert [str(problem) for problem in caught.value.problems] == [
        'r.yaml:7:1: unknown key "sound"; did you mean "sounds"?'
    ]


# -- the schema ------------------------------------------------------------------------------

def test_schema_accepts_sounds_for_known_cues():
    document = {"name": "R", "phases": [{"name": "P", "exercises": [{"name": "E", "duration": 3}]}],
                "sounds": {"go": "sounds/whistle.wav", "finish": "/tmp/gong.wav"}}
    assert list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(document)) == []


@pytest.mark.parametrize("sounds", [{"gong": "x.wav"}, {"go": ""}, {"go": 5}, ["x.wav"]], ids=str)
def test_schema_refuses_bad_sounds(sounds):
    document = {"name": "R", "phases": [{"name": "P", "exercises": [{"name": "E", "duration": 3}]}], "sounds": sounds}
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(document)


def test_schema_names_exactly_the_cue_sounds():
    sounds = SCHEMA["properties"]["sounds"]
    assert list(sounds["properties"]) == list(CUE_SOUNDS)
    assert sounds["propertyNames"]["enum"] == list(CUE_SOUNDS)
    assert sounds["additionalProperties"] is False


def test_a_sound_path_may_start_at_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    gong = make_wav(tmp_path / "home" / "Music" / "gong.wav")
    assert load(tmp_path, "  finish: ~/Music/gong.wav\n").sounds == {"finish": gong.resolve()}


def test_a_wav_whose_header_makes_the_wave_module_raise_runtime_error_is_a_located_error(tmp_path):
    path = make_wav(tmp_path / "bad.wav")
    data = bytearray(path.read_bytes())
    data[16] = 0x3C  # the fmt chunk claims 60 bytes: wave.py raises RuntimeError, not wave.Error
    path.write_bytes(bytes(data))
    [problem] = errors(tmp_path, "  go: bad.wav\n")
    assert problem.startswith('r.yaml:8:7: sounds.go: "bad.wav" is not a PCM WAV file (')
