"""Voice cues: espeak-ng phrases cached before the session, played through the same player.

The player tries the sound device when it is made; tests that need one take the `capture`
fixture, an ALSA device that writes what it plays to files.
"""

import shutil
import subprocess
import wave

import pytest
from test_cues_alsa import capture, cue_sounds, run_engine, scaled, wav_data, write_routine  # noqa: F401

from coach.cues import create_cue_player
from coach.cues.schedule import CueSchedule
from coach.cues.voice import ESPEAK_MISSING, phrase_file
from coach.routine.expand import expand
from coach.routine.loader import load_routine
from coach.settings import Settings

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def spoken(cache, texts, volume):
    """The cached phrases' samples at `volume`, mapped to their text."""
    return {scaled(wav_data(phrase_file(cache, text)), volume): text for text in texts}


@needs_espeak
def test_prepare_caches_every_phrase_of_the_session_before_it_starts(tmp_path, capture):
    cache = tmp_path / "voice-cache"
    routine = load_routine(write_routine(
        tmp_path, [{"name": "Bird dog", "reps": 2, "hold": 5, "sides": True, "at": [{"half": True, "cue": "Breathe"}]},
                   {"name": "Plank", "duration": 20}],
    ))
    steps = expand(routine)
    player = create_cue_player(Settings(), voice=True, voice_cache=cache)
    player.prepare(steps)
    assert player.wait_ready(30)
    player.close()
    phrases = CueSchedule().phrases(steps)
    assert phrases == ["Bird dog. 2 reps, 5 second holds, each side.", "Breathe", "Switch sides.",
                       "Rest. Next: Plank.", "Plank. 20 seconds.", "Session complete."]
    for text in phrases:
        with wave.open(str(phrase_file(cache, text)), "rb") as reader:
            assert (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()) == (1, 2, 22050)
            assert reader.getnframes() > 2205  # over a tenth of a second of speech
    assert sorted(path.name for path in cache.iterdir()) == sorted(phrase_file(cache, text).name for text in phrases)


@needs_espeak
def test_spoken_cues_play_through_the_player_in_place_of_tones_and_ticks_still_play(tmp_path, capture):
    cache = tmp_path / "voice-cache"
    routine_path = write_routine(tmp_path, [{"name": "Bridge", "duration": 10}], get_ready=0, countdown=2)
    player = create_cue_player(Settings(volume=0.6), voice=True, voice_cache=cache)
    assert player.status_text() == "♪ sound on · voice"
    player.prepare(expand(load_routine(routine_path)))
    assert player.wait_ready(30)
    run_engine(player, routine_path)
    player.close()
    known = cue_sounds(0.6) | spoken(cache, ["Bridge. 10 seconds.", "Session complete."], 0.6)
    assert capture.named(known) == ["Bridge. 10 seconds.", "tick", "tick", "Session complete."]
    assert capture.clips()[0][0].framerate == 22050


@needs_espeak
def test_a_phrase_that_would_run_into_the_countdown_gives_way_to_the_tone(tmp_path, capture):
    cache = tmp_path / "voice-cache"
    name = "Side plank with the top leg lifted"
    routine_path = write_routine(tmp_path, [{"name": name, "duration": 3}], get_ready=0, countdown=2)
    player = create_cue_player(Settings(volume=1.0), voice=True, voice_cache=cache)
    player.prepare(expand(load_routine(routine_path)))
    assert player.wait_ready(30)
    with wave.open(str(phrase_file(cache, f"{name}. 3 seconds.")), "rb") as reader:
        assert reader.getnframes() / reader.getframerate() > 1.0  # longer than the 1 s before the first tick
    run_engine(player, routine_path)
    player.close()
    assert capture.named(cue_sounds(1.0) | spoken(cache, ["Session complete."], 1.0)) == [
        "go", "tick", "tick", "Session complete.",
    ]


@needs_espeak
def test_a_phrase_not_yet_synthesized_is_skipped_for_the_tone(tmp_path, capture):
    routine_path = write_routine(tmp_path, [{"name": "Bridge", "duration": 10}], get_ready=0, countdown=0)
    player = create_cue_player(Settings(volume=1.0), voice=True, voice_cache=tmp_path / "voice-cache")
    run_engine(player, routine_path)  # no prepare(): nothing is ready
    player.close()
    assert capture.named(cue_sounds(1.0)) == ["go", "finish"]


@needs_espeak
def test_a_cached_phrase_is_not_synthesized_again(tmp_path, monkeypatch, capture):
    cache = tmp_path / "voice-cache"
    steps = expand(load_routine(write_routine(tmp_path, [{"name": "Bridge", "duration": 10}])))
    first = create_cue_player(Settings(), voice=True, voice_cache=cache)
    first.prepare(steps)
    assert first.wait_ready(30)
    first.close()
    before = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: calls.append(args))
    second = create_cue_player(Settings(), voice=True, voice_cache=cache)
    second.prepare(steps)
    assert second.wait_ready(30)
    assert second._voice.clip("Bridge. 10 seconds.") is not None
    second.close()
    assert calls == []
    assert {path.name: path.stat().st_mtime_ns for path in cache.iterdir()} == before


def test_without_espeak_the_player_says_once_how_to_install_it_and_plays_tones(tmp_path, capture):
    notices = []
    routine_path = write_routine(tmp_path, [{"name": "Bridge", "duration": 10}], get_ready=0, countdown=0)
    player = create_cue_player(Settings(volume=1.0), voice=True, notify=notices.append,
                               voice_cache=tmp_path / "voice-cache", espeak="no-such-espeak-ng")
    steps = expand(load_routine(routine_path))
    player.prepare(steps)
    player.prepare(steps)
    assert player.wait_ready(5)
    run_engine(player, routine_path)
    player.close()
    assert notices == [ESPEAK_MISSING]
    assert player.status_text() == "♪ sound on · no voice (needs espeak-ng)"
    assert capture.named(cue_sounds(1.0)) == ["go", "finish"]
    assert not (tmp_path / "voice-cache").exists()


def test_the_espeak_notice_names_the_install_command_of_each_platform():
    for command in ("apt-get install espeak-ng", "dnf install espeak-ng", "pacman -S espeak-ng",
                    "brew install espeak-ng"):
        assert command in ESPEAK_MISSING


def test_voice_in_the_settings_turns_voice_on(tmp_path, capture):
    player = create_cue_player(Settings(voice=True), espeak="no-such-espeak-ng")
    try:
        assert player.status_text() == "♪ sound on · no voice (needs espeak-ng)"
    finally:
        player.close()
