"""Cue sounds in memory: read WAV files once, and scale their samples to the volume setting."""

from __future__ import annotations

import functools
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

from coach.routine.model import CUE_SOUNDS

_INT16_MIN, _INT16_MAX = -32768, 32767


@dataclass(frozen=True)
class Clip:
    """PCM audio ready to hand to the player: little-endian, 8-bit unsigned or 16-bit signed."""

    data: bytes
    channels: int
    sample_width: int  # bytes per sample: 1 or 2
    rate: int

    @property
    def frames(self) -> int:
        return len(self.data) // (self.channels * self.sample_width)

    @property
    def seconds(self) -> float:
        return self.frames / self.rate


def read_wav(path: Path) -> Clip:
    """A WAV file's audio. Raises OSError, EOFError, wave.Error or ValueError when it is unusable."""
    with wave.open(str(path), "rb") as reader:
        params = reader.getparams()
        data = reader.readframes(params.nframes)
    if params.sampwidth not in (1, 2):
        raise ValueError(f"{path}: {params.sampwidth * 8}-bit samples; only 8- and 16-bit are played")
    if params.nchannels not in (1, 2):
        raise ValueError(f"{path}: {params.nchannels} channels; only mono and stereo are played")
    return Clip(data, params.nchannels, params.sampwidth, params.framerate)


def scale(clip: Clip, volume: float) -> Clip:
    """The clip at `volume` (0.0–1.0): every sample multiplied, rounded and clamped.

    Through a table of every possible sample value, because a multiplication per sample
    in Python would cost most of coach's start-up.
    """
    volume = min(1.0, max(0.0, volume))
    if volume == 1.0:
        return clip
    if clip.sample_width == 1:
        # 8-bit WAV is unsigned, with silence at 128.
        table = bytes(min(255, max(0, 128 + round((value - 128) * volume))) for value in range(256))
        return Clip(clip.data.translate(table), clip.channels, 1, clip.rate)
    samples = array("H")  # read unsigned, so each sample indexes the table directly
    samples.frombytes(clip.data[: len(clip.data) // 2 * 2])
    if sys.byteorder == "big":  # WAV data is little-endian
        samples.byteswap()
    scaled = array("h", map(_int16_table(volume).__getitem__, samples))
    if sys.byteorder == "big":
        scaled.byteswap()
    return Clip(scaled.tobytes(), clip.channels, 2, clip.rate)


@functools.lru_cache(maxsize=4)
def _int16_table(volume: float) -> tuple[int, ...]:
    """The scaled value of every 16-bit sample, indexed by its unsigned bit pattern."""
    return tuple(
        min(_INT16_MAX, max(_INT16_MIN, round((pattern - 65536 if pattern > _INT16_MAX else pattern) * volume)))
        for pattern in range(65536)
    )


def load_cue_sounds(folder: Path, overrides: dict[str, Path] | None, volume: float) -> dict[str, Clip]:
    """Every cue's sound at `volume`: the routine's own file where given and readable, else coach's.

    A cue whose files are all unreadable is left out, so it plays nothing.
    """
    clips: dict[str, Clip] = {}
    for cue in CUE_SOUNDS:
        candidates = [path for path in ((overrides or {}).get(cue), folder / f"{cue}.wav") if path is not None]
        for path in candidates:
            try:
                clips[cue] = scale(read_wav(path), volume)
                break
            except (OSError, EOFError, wave.Error, ValueError):
                continue
    return clips
