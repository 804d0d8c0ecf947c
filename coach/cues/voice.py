"""Spoken cues: synthesize every phrase a session needs with espeak-ng, ahead of time, into a cache.

The player calls `VoiceCache.build(texts)` from its own background thread, so the session
starts at once; `clip()` never waits, and a phrase that is not ready when its moment
comes is skipped (the tone plays instead). Each phrase is a WAV file in the cache folder,
named by a hash of the text and the voice settings, so a routine run again costs nothing.
espeak-ng writes with `-w FILE` (its `--stdout` WAV header has placeholder sizes) and
reads the text from stdin, so a phrase that begins with "-" is never taken for an option.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
import wave
from pathlib import Path
from typing import Iterable

from coach.cues.sounds import Clip, read_wav, scale

ESPEAK = "espeak-ng"
SYNTH_TIMEOUT = 20.0  # seconds for one phrase; espeak-ng takes about 20 ms

ESPEAK_MISSING = (
    "Voice cues need espeak-ng, which was not found, so tones play instead. Install it with "
    "`apt-get install espeak-ng` (Debian, Ubuntu), `dnf install espeak-ng` (Fedora), "
    "`pacman -S espeak-ng` (Arch) or `brew install espeak-ng` (macOS)."
)


def espeak_arguments(voice: str = "en", words_per_minute: int = 165) -> list[str]:
    """espeak-ng's options, without the output file: UTF-8 text from stdin, no trailing pause."""
    return ["-v", voice, "-s", str(words_per_minute), "-z", "-b", "1", "--stdin"]


def phrase_file(folder: Path, text: str, arguments: list[str] | None = None) -> Path:
    """Where the cache keeps `text` spoken with `arguments`."""
    key = "\0".join([*(arguments or espeak_arguments()), text])
    return folder / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.wav"


class VoiceCache:
    """Spoken phrases, synthesized in the background and held in memory at the volume setting."""

    def __init__(self, folder: Path | None, volume: float, executable: str = ESPEAK,
                 arguments: list[str] | None = None) -> None:
        self._folder = folder
        self._owns_folder = False  # a temporary folder of ours, removed at close
        self._volume = volume
        self._arguments = arguments or espeak_arguments()
        self.executable = shutil.which(executable)
        self._clips: dict[str, Clip] = {}  # filled by the building thread, read by the player
        self._closed = False

    @property
    def available(self) -> bool:
        return self.executable is not None

    def clip(self, text: str) -> Clip | None:
        """The phrase, if it is ready; never waits."""
        return self._clips.get(text)

    def build(self, texts: Iterable[str]) -> None:
        """Load or synthesize each phrase, in order; slow, so call it off the event loop."""
        if not self.available:
            return
        try:
            folder = self._cache_folder()
            for text in dict.fromkeys(texts):
                if self._closed:
                    return
                if text not in self._clips:
                    clip = self._load_or_synthesize(folder, text)
                    if clip is not None:
                        self._clips[text] = clip
        except Exception:
            pass  # voice is a nicety: any failure leaves the tones

    def close(self) -> None:
        self._closed = True
        if self._owns_folder and self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)

    # -- synthesis -------------------------------------------------------------------------

    def _cache_folder(self) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="coach-voice-"))
            self._owns_folder = True
        self._folder.mkdir(parents=True, exist_ok=True)
        return self._folder

    def _load_or_synthesize(self, folder: Path, text: str) -> Clip | None:
        path = phrase_file(folder, text, self._arguments)
        clip = _read(path)
        if clip is None:
            clip = self._synthesize(text, path)
        return None if clip is None else scale(clip, self._volume)

    def _synthesize(self, text: str, path: Path) -> Clip | None:
        # Write beside the final name and rename, so a half-written file is never cached.
        partial = path.with_name(f"{path.stem}.{os.getpid()}.{threading.get_ident()}.partial.wav")
        try:
            result = subprocess.run(
                [str(self.executable), *self._arguments, "-w", str(partial)],
                input=text.encode("utf-8"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                timeout=SYNTH_TIMEOUT, check=False,
            )
            if result.returncode != 0 or _read(partial) is None:
                return None
            os.replace(partial, path)
            return _read(path)
        except (OSError, subprocess.SubprocessError):
            return None
        finally:
            partial.unlink(missing_ok=True)


def _read(path: Path) -> Clip | None:
    try:
        clip = read_wav(path)
    except (OSError, EOFError, wave.Error, ValueError):
        return None
    return clip if clip.frames else None
