"""The cue player: turns engine events into sounds, through one audio path that degrades safely.

How the app uses it:

    cues = create_cue_player(settings, mute=args.mute, voice=args.voice, bell=app.bell,
                             notify=thread_safe_notify, routine_sounds=routine.sounds,
                             voice_cache=places.data_dir / "voice-cache")
    engine.subscribe(cues.handle)    # collects the cues of the current instant
    cues.prepare(steps)              # at session start: voice phrases, in a thread
    engine.update(); cues.flush()    # after every engine update or command: plays one cue
    cues.close()                     # at exit

Backends, chosen at start: simpleaudio; if it cannot be imported or its first play
fails, the terminal bell, rung only for go, switch and finish (a bell per countdown
second would be awful); with no bell given, silence. The first failure sends one notice;
after that the player stays quiet. `sound: false` in the settings turns everything off.

Voice (`voice=True` or `voice: true` in the settings) goes through the same audio path.
A phrase plays in place of its instant's tone, only if it is already synthesized and
ends before the step's countdown begins (see schedule.py); otherwise the tone plays.
Countdown ticks always play, and a new cue cuts off whatever is still sounding, so
speech never hides the countdown. With espeak-ng missing, one notice says how to
install it and the tones go on.

Threads: handle(), flush(), toggle_mute() and status_text() run on the caller's thread
and return at once; flush() only puts a clip on a queue (or rings the bell, which is the
app's own cheap call, on the caller's thread). Sound devices and espeak-ng are used only
by daemon threads. `notify` is called from those threads, never from the caller's.
No public method raises.
"""

from __future__ import annotations

import functools
import threading
import time
from enum import StrEnum
from pathlib import Path
from typing import Callable, Iterable

from coach.cues.alsa_quiet import silence_alsa_errors
from coach.cues.backends import AudioOutput, import_simpleaudio
from coach.cues.schedule import Cue, CueSchedule
from coach.cues.sounds import Clip, load_cue_sounds
from coach.cues.voice import ESPEAK, ESPEAK_MISSING, VoiceCache
from coach.paths import bundled
from coach.routine.expand import Step
from coach.session.events import Event, EventKind
from coach.settings import Settings

NO_DEVICE = "No audio device found — sound cues are off; visual cues stay on"
BELL_CUES = ("go", "switch", "finish")
TONES_WAIT = 2.0  # seconds the audio thread waits for the tones at the very first cue


class Mode(StrEnum):
    AUDIO = "audio"  # simpleaudio
    BELL = "bell"  # no audio device: the terminal bell for the cues that matter most
    SILENT = "silent"  # no audio device and no bell
    OFF = "off"  # sound: false in the settings


class CuePlayer:
    def __init__(self, settings: Settings, *, mute: bool = False, voice: bool = False,
                 bell: Callable[[], None] | None = None, notify: Callable[[str], None] | None = None,
                 routine_sounds: dict[str, Path] | None = None, sounds_dir: Path | None = None,
                 voice_cache: Path | None = None, espeak: str = ESPEAK) -> None:
        self.muted = mute
        self.mode = Mode.OFF
        self._device_notice_due = False  # simpleaudio was missing at start: say so at the first cue
        self._bell = bell
        self._notify = notify
        self._volume = settings.volume
        self._sounds_dir = sounds_dir or bundled("sounds")
        self._schedule = CueSchedule()
        self._tones: dict[str, Clip] = {}
        self._output: AudioOutput | None = None
        self._voice: VoiceCache | None = None
        self._voice_wanted = (voice or settings.voice) and settings.sound
        self._closed = False
        self._notified: set[str] = set()
        self._notice_lock = threading.Lock()
        self._background: list[threading.Thread] = []
        self._ready = threading.Event()
        self._ready.set()
        self._generation = 0
        self._tones_loaded = threading.Event()
        self._tones_lock = threading.Lock()
        self._tones_chosen = False  # set once a session's own sounds replace the bundled tones
        if not settings.sound:
            return
        # Reading and scaling the tones takes tens of milliseconds: not on the way to the first frame.
        self._start_thread(self._load_tones, routine_sounds)
        simpleaudio = import_simpleaudio()
        if simpleaudio is None:
            self.mode = Mode.BELL if bell else Mode.SILENT
            self._device_notice_due = True
            return
        silence_alsa_errors()
        self.mode = Mode.AUDIO
        self._output = AudioOutput(simpleaudio, on_failure=self._audio_failed)
        # Try the device now, with a moment of silence: the sound status is then the real one from
        # the start, and a machine with no device says so in the status line, not with a notice.
        self._probed = False
        self._output.play(Clip(b"\0\0" * 441, 1, 2, 44100))
        self._output.play(self._probe_done)
        if self._voice_wanted:
            self._voice = VoiceCache(voice_cache, self._volume, espeak)

    # -- the engine's events -----------------------------------------------------------

    def handle(self, event: Event) -> None:
        """Note an engine event; at the end of each engine update (UPDATE_DONE), play what fell due."""
        if getattr(event, "kind", None) is EventKind.UPDATE_DONE:
            self.flush()
            return
        try:
            if not self._closed:
                self._schedule.add(event)
        except Exception:
            pass

    def flush(self) -> None:
        """Play the one cue of the latest instant, if any. Call after every engine update; idempotent."""
        try:
            cue = self._schedule.take()
            if cue is None or self.muted or self._closed:
                return
            if self.mode is Mode.AUDIO and self._output is not None:
                speech = self._speech_clip(cue)
                if speech is not None:
                    self._output.play(speech)
                elif cue.sound:
                    self._output.play(functools.partial(self._tone, cue.sound))
            elif self.mode in (Mode.BELL, Mode.SILENT):
                if self._device_notice_due:
                    self._device_notice_due = False
                    self._notify_once("device", NO_DEVICE)
                if self.mode is Mode.BELL and cue.sound in BELL_CUES and self._bell is not None:
                    self._bell()
        except Exception:
            pass

    # -- commands ----------------------------------------------------------------------

    def toggle_mute(self) -> bool:
        """Mute or unmute; muting also cuts off the sound now playing. Returns the new state."""
        try:
            self.muted = not self.muted
            if self.muted and self._output is not None:
                self._output.stop()
        except Exception:
            pass
        return self.muted

    def status_text(self) -> str:
        if self.mode is Mode.OFF:
            return "sound off in settings"
        if self.muted:
            return "muted (m)"
        if self.mode is Mode.BELL:
            return "bell only: no audio device"
        if self.mode is Mode.SILENT:
            return "sound off: no audio device"
        if self._voice is not None:
            return "♪ sound on · voice" if self._voice.available else "♪ sound on · no voice (needs espeak-ng)"
        return "♪ sound on"

    def prepare(self, steps: Iterable[Step], routine_sounds: dict[str, Path] | None = None) -> None:
        """Get ready for a session of `steps`: voice phrases (and a new routine's sounds) in a thread.

        Returns at once; `wait_ready()` waits for the work to finish.
        """
        try:
            steps = list(steps)
            texts = self._schedule.phrases(steps)
            self._generation += 1
            self._ready.clear()
            self._start_thread(self._prepare_in_background, self._generation, texts, routine_sounds)
        except Exception:
            self._ready.set()

    def wait_ready(self, timeout: float | None = None) -> bool:
        """True once the last prepare() has finished (every phrase synthesized that can be)."""
        return self._ready.wait(timeout)

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """True once nothing is queued, playing or being announced. For tests; never on the event loop."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            output_idle = self._output is None or self._output.idle()
            if output_idle and not any(thread.is_alive() for thread in self._background):
                return True
            time.sleep(0.005)
        return False

    def close(self) -> None:
        try:
            if self._closed:
                return
            self._closed = True
            if self._output is not None:
                self._output.close()
            if self._voice is not None:
                self._voice.close()
        except Exception:
            pass

    # -- inside -----------------------------------------------------------------------

    def _load_tones(self, routine_sounds: dict[str, Path] | None) -> None:
        try:
            tones = load_cue_sounds(self._sounds_dir, routine_sounds, self._volume)
            with self._tones_lock:
                if not self._tones_chosen:  # a routine's own sounds, loaded meanwhile, win
                    self._tones = tones
        finally:
            self._tones_loaded.set()

    def _tone(self, name: str) -> Clip | None:
        """A tone, on the audio thread: the first cue may wait there for the tones to load."""
        self._tones_loaded.wait(TONES_WAIT)
        return self._tones.get(name)

    def _speech_clip(self, cue: Cue) -> Clip | None:
        """The phrase for this cue, when it is ready and ends before the countdown."""
        if self._voice is None or cue.speech is None:
            return None
        clip = self._voice.clip(cue.speech)
        if clip is None or (cue.speech_room is not None and clip.seconds > cue.speech_room):
            return None
        return clip

    def _prepare_in_background(self, generation: int, texts: list[str],
                               routine_sounds: dict[str, Path] | None) -> None:
        try:
            # The bundled tones are loaded at start; reload only for a routine's own sounds,
            # or to go back to the bundled ones after such a routine.
            if self.mode is not Mode.OFF and (routine_sounds or self._tones_chosen):
                tones = load_cue_sounds(self._sounds_dir, routine_sounds, self._volume)
                with self._tones_lock:
                    self._tones, self._tones_chosen = tones, bool(routine_sounds)
                self._tones_loaded.set()
            if self._voice is not None and self.mode is Mode.AUDIO:
                if self._voice.available:
                    self._voice.build(texts)
                else:
                    self._notify_once("espeak", ESPEAK_MISSING)
        except Exception:
            pass
        finally:
            if generation == self._generation:
                self._ready.set()

    def _probe_done(self) -> None:
        """Queued after the probe: the device played it, so a later failure is news worth a notice."""
        self._probed = True
        return None

    def _audio_failed(self) -> None:
        """Called once, from the audio thread, when a play fails: fall back, and say so once when the
        device was working (at the start, the status line says it: "bell only: no audio device")."""
        self.mode = Mode.BELL if self._bell else Mode.SILENT
        if getattr(self, "_probed", True):
            self._notify_once("device", NO_DEVICE)

    def _notify_once(self, key: str, message: str) -> None:
        with self._notice_lock:
            if key in self._notified:
                return
            self._notified.add(key)
        if self._notify is not None:
            # Its own thread: the caller may be the event loop, and the app's thread-safe
            # notify (call_from_thread) refuses to run there.
            self._start_thread(self._deliver, message)

    def _deliver(self, message: str) -> None:
        try:
            if self._notify is not None:
                self._notify(message)
        except Exception:
            pass

    def _start_thread(self, target: Callable, *args: object) -> None:
        self._background = [thread for thread in self._background if thread.is_alive()]
        thread = threading.Thread(target=target, args=args, name="coach-cues", daemon=True)
        self._background.append(thread)
        thread.start()


def create_cue_player(settings: Settings, *, mute: bool = False, voice: bool = False,
                      bell: Callable[[], None] | None = None, notify: Callable[[str], None] | None = None,
                      routine_sounds: dict[str, Path] | None = None, sounds_dir: Path | None = None,
                      voice_cache: Path | None = None, espeak: str = ESPEAK) -> CuePlayer:
    """The player for one run of the app. Never raises: at worst it is silent.

    `voice` or `settings.voice` turns voice on. `espeak` names the espeak-ng program (tests
    point it at a missing one).
    """
    try:
        return CuePlayer(settings, mute=mute, voice=voice, bell=bell, notify=notify, routine_sounds=routine_sounds,
                         sounds_dir=sounds_dir, voice_cache=voice_cache, espeak=espeak)
    except Exception:
        return CuePlayer(settings.with_changes(sound=False), mute=mute)
