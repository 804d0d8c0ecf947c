"""Cue sounds in memory: reading WAVs, scaling to the volume, and falling back to coach's own."""

import struct
import wave
from pathlib import Path

import pytest

from coach.cues.sounds import Clip, load_cue_sounds, read_wav, scale
from coach.routine.model import CUE_SOUNDS

SOUNDS = Path(__file__).resolve().parents[1] / "sounds"


def pcm16(*values: int) -> bytes:
    return struct.pack(f"<{len(values)}h", *values)


def test_scale_multiplies_rounds_and_keeps_16_bit_samples_in_range():
    clip = Clip(pcm16(0, 1, -1, 3, -3, 1000, 32767, -32768), 1, 2, 44100)
    assert scale(clip, 0.5).data == pcm16(0, 0, 0, 2, -2, 500, 16384, -16384)
    assert scale(clip, 1.0).data == clip.data
    assert scale(clip, 0.0).data == pcm16(0, 0, 0, 0, 0, 0, 0, 0)


def test_scale_clamps_a_volume_outside_0_to_1():
    clip = Clip(pcm16(20000, -20000), 1, 2, 44100)
    assert scale(clip, 7.0).data == clip.data
    assert scale(clip, -1.0).data == pcm16(0, 0)


def test_scale_keeps_8_bit_silence_at_128():
    clip = Clip(bytes([128, 255, 0, 130]), 2, 1, 8000)
    assert scale(clip, 0.5).data == bytes([128, 192, 64, 129])


def test_clip_length_counts_frames_across_channels():
    clip = Clip(pcm16(*range(8)), 2, 2, 4)
    assert (clip.frames, clip.seconds) == (4, 1.0)


def test_read_wav_gives_the_bundled_tick_as_16_bit_mono_44100():
    clip = read_wav(SOUNDS / "tick.wav")
    assert (clip.channels, clip.sample_width, clip.rate, clip.frames) == (1, 2, 44100, 3087)


def test_read_wav_refuses_24_bit(tmp_path):
    path = tmp_path / "deep.wav"
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(3)
        writer.setframerate(44100)
        writer.writeframes(b"\0" * 30)
    with pytest.raises(ValueError):
        read_wav(path)


def test_every_cue_loads_from_the_bundled_folder():
    clips = load_cue_sounds(SOUNDS, None, 1.0)
    assert list(clips) == list(CUE_SOUNDS)
    assert clips["go"] == read_wav(SOUNDS / "go.wav")


def test_an_unreadable_routine_sound_falls_back_to_coachs_own(tmp_path):
    broken = tmp_path / "broken.wav"
    broken.write_text("gone bad since the routine was checked")
    clips = load_cue_sounds(SOUNDS, {"go": broken, "done": tmp_path / "missing.wav"}, 1.0)
    assert clips["go"] == read_wav(SOUNDS / "go.wav")
    assert clips["done"] == read_wav(SOUNDS / "done.wav")


def test_a_cue_with_no_readable_file_is_left_out(tmp_path):
    clips = load_cue_sounds(tmp_path, None, 1.0)
    assert clips == {}
