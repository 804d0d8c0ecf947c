"""Cue sounds a routine names in `sounds:`: checked to be WAV files the sound player can play."""

from __future__ import annotations

import math
import stat
import struct
from pathlib import Path

from coach.safe_text import for_terminal

MAX_SOUND_BYTES = 5 * 1024 * 1024
# The sample rates the sound player (simpleaudio) accepts; it refuses any other.
SOUND_RATES = (8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000, 192000)


def sound_file(folder: Path, written: str, name: str) -> tuple[Path | None, str | None]:
    """The absolute path of the cue sound `written` in a routine in `folder`, or why it cannot be played.

    `name` is how messages quote what was written."""
    file, problem = routine_file(folder, written, name, MAX_SOUND_BYTES, "a WAV file", "a cue sound")
    if file is None:
        return None, problem
    problem = wav_problem(file)
    return (None, f"{name} {problem}") if problem else (file, None)


def routine_file(folder: Path, written: str, name: str, limit: int, wanted: str, what: str
                 ) -> tuple[Path | None, str | None]:
    """The absolute path of a file a routine in `folder` names (`written`, relative to it), when it is a regular
    file of at most `limit` bytes; else why not. `wanted` ("a WAV file") and `what` ("a cue sound") word it."""
    try:
        file = (folder / Path(written).expanduser()).resolve()
        info = file.stat()
    except FileNotFoundError:
        return None, f"no such file {name} (looked for {for_terminal(file)}; paths are relative to the routine file)"
    except PermissionError:
        return None, f"{name} cannot be read: permission denied"
    except (OSError, ValueError, RuntimeError) as error:
        return None, f"{name} cannot be read: {getattr(error, 'strerror', None) or error}"
    if not stat.S_ISREG(info.st_mode):  # a folder, or a device or pipe that would hang the read
        return None, f"{name} is not a file; give {wanted}"
    if info.st_size > limit:
        size = math.ceil(info.st_size / 1024 / 1024 * 10) / 10  # rounded up, so it never reads "5.0"
        return None, f"{name} is {size:.1f} MiB; {what} may be at most {limit // 1024 // 1024} MiB"
    return file, None


def wav_problem(file: Path) -> str | None:
    """What keeps `file` from being a WAV the player can play, or None."""
    import wave  # only a routine with its own sounds needs it

    try:
        with wave.open(str(file), "rb") as reader:
            params = reader.getparams()
            data = reader.readframes(params.nframes)
    except PermissionError:
        return "cannot be read: permission denied"
    except OSError as error:
        return f"cannot be read: {error.strerror or error}"
    except (wave.Error, EOFError, RuntimeError, ValueError, struct.error) as error:  # a damaged header
        reason = str(error) or "it ends too early"
        return f"is not a PCM WAV file ({reason}); export it as 16-bit PCM WAV"
    if params.sampwidth not in (1, 2):
        return f"has {params.sampwidth * 8}-bit samples; a cue sound must be 8- or 16-bit PCM"
    if params.nchannels not in (1, 2):
        return f"has {params.nchannels} channels; a cue sound must be mono or stereo"
    if params.framerate not in SOUND_RATES:
        rates = ", ".join(str(rate) for rate in SOUND_RATES)
        return f"has a sample rate of {params.framerate} Hz; use one of {rates} Hz"
    if params.nframes == 0:
        return "holds no sound (0 frames)"
    held = len(data) // (params.sampwidth * params.nchannels)
    if held < params.nframes:
        return f"is cut short: its header promises {params.nframes} frames but it holds {held}"
    return None
