"""The audio output: simpleaudio driven by one worker thread, so playing never blocks the caller.

`AudioOutput.play()` only puts the clip on a queue. The worker thread opens the sound
device, and it alone waits: for a cut-off sound to let go of the device before the next
one starts. One sound plays at a time, and a new cue cuts off the one still playing: the
newest cue is the one that matters now (a countdown tick must not wait for the tail of a
spoken phrase), and a plain hardware device can only play one stream at a time anyway.
"""

from __future__ import annotations

import importlib
import queue
import threading
import time
from types import ModuleType
from typing import Callable

from coach.cues.sounds import Clip

QUEUE_LIMIT = 16  # if the device stalls, cues beyond this are dropped rather than piling up
RELEASE_WAIT = 0.25  # seconds the worker waits for a stopped sound to let go of the device


def import_simpleaudio() -> ModuleType | None:
    """simpleaudio, or None when it or libasound is missing."""
    try:
        return importlib.import_module("simpleaudio")
    except Exception:  # ImportError, or OSError when libasound.so.2 is missing
        return None


class AudioOutput:
    """Plays clips one at a time in a daemon thread; stops for good at the first failure.

    `on_failure` is called once, from the worker thread, when a play raises (no device,
    device busy, …). Nothing the device does ever raises into the caller.
    """

    def __init__(self, simpleaudio: ModuleType, on_failure: Callable[[], None]) -> None:
        self._simpleaudio = simpleaudio
        self._on_failure = on_failure
        self._queue: queue.Queue[tuple[str, Clip | None]] = queue.Queue(maxsize=QUEUE_LIMIT)
        self._current = None  # the PlayObject of the sound now playing, if any
        self.failed = False
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="coach-cue-audio", daemon=True)
        self._thread.start()

    # -- called from any thread; never blocks ----------------------------------------

    def play(self, clip: Clip | Callable[[], Clip | None]) -> None:
        """Queue a clip, or a function the worker calls for it (so a caller never waits for one)."""
        self._put("play", clip)

    def stop(self) -> None:
        """Cut off the sound now playing."""
        self._put("stop", None)

    def idle(self) -> bool:
        """Nothing queued and nothing playing."""
        if self._queue.unfinished_tasks:
            return False
        current = self._current
        return current is None or not _is_playing(current)

    def close(self, timeout: float = 1.0) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._queue.put(("close", None), timeout=timeout)
        except queue.Full:
            return  # the worker is stuck in the device; it is a daemon and dies with the process
        self._thread.join(timeout)

    def _put(self, command: str, clip: Clip | None) -> None:
        if self._closed or self.failed:
            return
        try:
            self._queue.put_nowait((command, clip))
        except queue.Full:
            pass

    # -- the worker thread ---------------------------------------------------------------

    def _run(self) -> None:
        while True:
            command, clip = self._queue.get()
            try:
                if command == "close":
                    self._release()
                    return
                self._release()
                if callable(clip):
                    clip = clip()
                if command == "play" and clip is not None and not self.failed:
                    self._start(clip)
            except Exception:
                pass  # a broken play must not end the worker
            finally:
                self._queue.task_done()

    def _start(self, clip: Clip) -> None:
        try:
            wave_object = self._simpleaudio.WaveObject(clip.data, clip.channels, clip.sample_width, clip.rate)
            self._current = wave_object.play()
        except Exception:
            self.failed = True
            self._on_failure()

    def _release(self) -> None:
        """Stop the sound now playing and wait, briefly, until the device is free."""
        current, self._current = self._current, None
        if current is None or not _is_playing(current):
            return
        try:
            current.stop()
        except Exception:
            return
        deadline = time.monotonic() + RELEASE_WAIT
        while _is_playing(current) and time.monotonic() < deadline:
            time.sleep(0.005)


def _is_playing(play_object) -> bool:
    try:
        return bool(play_object.is_playing())
    except Exception:
        return False
