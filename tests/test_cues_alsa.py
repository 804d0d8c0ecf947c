"""Real audio output with no speakers: ALSA's `file` plugin writes every play to a WAV we read back.

ALSA_CONFIG_PATH (set only here, with monkeypatch) replaces the whole ALSA configuration,
and ALSA re-reads it on every open. Successive plays land in cue.wav, cue.wav.0001, …
The null slave is not real time, so the tests check content, never durations.

Other cue test files import the fixtures and helpers from here.
"""

import json
import shutil
import struct
import subprocess
import sys
import textwrap
import threading
import wave
from pathlib import Path

import pytest
import yaml
from tests.helpers.engine import FakeClock

from coach.cues import NO_DEVICE, create_cue_player
from coach.routine.expand import expand
from coach.routine.loader import load_routine
from coach.routine.model import CUE_SOUNDS
from coach.session.engine import SessionEngine
from coach.session.events import EventKind
from coach.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SOUNDS = ROOT / "sounds"

FILE_PLUGIN = """\
pcm.!default {{
    type file
    slave.pcm {{ type null }}
    file "{file}"
    format "wav"
    truncate false
}}
"""
# The default PCM names a card that does not exist: opening it fails, and libasound
# prints "ALSA lib … Cannot get card index" to fd 2 unless its error handler is replaced.
NO_CARD = 'pcm.!default { type hw card "nosuchcard" }\n'


class Capture:
    """The WAV files the file plugin wrote, in the order they were played."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def files(self) -> list[Path]:
        return sorted(self.folder.glob("cue.wav*"))  # cue.wav sorts before cue.wav.0001

    def clips(self) -> list[tuple]:
        """(wave parameters, frame bytes) of each capture, but the all-silent one the player plays at
        the start to try the device (so its status line is true from the first frame)."""
        clips = []
        for path in self.files():
            with wave.open(str(path), "rb") as reader:
                data = reader.readframes(reader.getnframes())
                if data.strip(b"\0"):
                    clips.append((reader.getparams(), data))
        return clips

    def probes(self) -> int:
        """How many all-silent captures there were."""
        count = 0
        for path in self.files():
            with wave.open(str(path), "rb") as reader:
                count += not reader.readframes(reader.getnframes()).strip(b"\0")
        return count

    def named(self, known: dict[bytes, str]) -> list[str]:
        """Each capture's name, by comparing its samples with the `known` sounds; '?' if none match."""
        return [known.get(data, "?") for _, data in self.clips()]


@pytest.fixture
def capture(tmp_path, monkeypatch) -> Capture:
    folder = tmp_path / "capture"
    folder.mkdir()  # the plugin does not create it
    config = tmp_path / "asound-file.conf"
    config.write_text(FILE_PLUGIN.format(file=folder / "cue.wav"), encoding="utf-8")
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(config))
    return Capture(folder)


@pytest.fixture
def no_card(tmp_path, monkeypatch) -> Path:
    config = tmp_path / "asound-no-card.conf"
    config.write_text(NO_CARD, encoding="utf-8")
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(config))
    return config


def samples(data: bytes) -> tuple[int, ...]:
    return struct.unpack(f"<{len(data) // 2}h", data)


def scaled(data: bytes, volume: float) -> bytes:
    """16-bit samples times `volume`, rounded and clamped: what the player should send."""
    values = [max(-32768, min(32767, round(sample * volume))) for sample in samples(data)]
    return struct.pack(f"<{len(values)}h", *values)


def wav_data(path: Path) -> bytes:
    with wave.open(str(path), "rb") as reader:
        return reader.readframes(reader.getnframes())


def cue_sounds(volume: float) -> dict[bytes, str]:
    """The samples of every bundled cue sound at `volume`, mapped to the cue's name."""
    return {scaled(wav_data(SOUNDS / f"{name}.wav"), volume): name for name in CUE_SOUNDS}


def write_routine(folder: Path, exercises: list[dict], **defaults) -> Path:
    document = {"name": "Cue test", "defaults": defaults, "phases": [{"name": "Main", "exercises": exercises}]}
    path = folder / "cue-test.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def run_engine(player, routine_path: Path, step: float = 0.5, on_time=None) -> SessionEngine:
    """Run a whole session on a fake clock, flushing after every update and waiting for each play."""
    routine = load_routine(routine_path)
    clock = FakeClock()
    engine = SessionEngine(routine.name, expand(routine), now=clock)
    engine.subscribe(player.handle)
    engine.start()
    player.flush()
    assert player.wait_idle(5)
    while not engine.finished:
        clock.advance(step)
        if on_time is not None:
            on_time(clock.t)
        engine.update()
        player.flush()
        assert player.wait_idle(5)
    return engine


# -- the capture mechanism itself ---------------------------------------------------------------

def test_the_file_plugin_captures_each_simpleaudio_play_in_its_own_file(capture):
    import simpleaudio

    data = wav_data(SOUNDS / "tick.wav")
    for _ in range(2):
        simpleaudio.WaveObject(data, 1, 2, 44100).play().wait_done()
    assert [path.name for path in capture.files()] == ["cue.wav", "cue.wav.0001"]
    assert [(params.nchannels, params.sampwidth, params.framerate, clip) for params, clip in capture.clips()] == [
        (1, 2, 44100, data), (1, 2, 44100, data),
    ]


# -- a session through the player -----------------------------------------------------------------

SIDES_AND_REST = [
    {"name": "Plank", "duration": 4, "sides": True},
    {"name": "Bridge", "duration": 20},
]
SIDES_AND_REST_DEFAULTS = {"get_ready": 2, "rest": 3, "countdown": 2, "switch_sides": 2,
                           "rest_between_sets": 0, "rest_between_reps": 0}


@pytest.mark.pilot
async def test_a_session_in_the_app_plays_every_cue_once_at_the_volume_and_nothing_while_muted(tmp_path, capture):
    from coach.paths import Places
    from coach.tui.app import CoachApp
    from coach.tui.screens.session import SessionScreen

    routine = load_routine(write_routine(tmp_path, SIDES_AND_REST, **SIDES_AND_REST_DEFAULTS))
    settings = Settings(safety_acknowledged=True, volume=0.5)
    player = create_cue_player(settings)
    clock = FakeClock()
    app = CoachApp(Places(tmp_path, tmp_path), routine=routine, settings=settings, no_checkin=True,
                   now=clock, cues=player)
    captured_at: dict[float, int] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        player.flush()
        t = 0.0
        while not screen.engine.finished:
            t += 0.5
            clock.at(t)
            if t in (12.5, 14.5):  # mute just after the done at 12, unmute before the go at 15
                await pilot.press("m")
            screen.tick()
            player.flush()  # harmless if SessionScreen.tick() already flushed: flush is idempotent
            await pilot.pause()
            assert player.wait_idle(5)
            captured_at[t] = len(capture.clips())
    player.close()

    assert capture.named(cue_sounds(0.5)) == [
        "tick",  # 1: the get-ready's countdown (2 s long, so only the 1)
        "go", "tick", "tick",  # 2: Plank, left; ticks at 4 and 5
        "switch", "tick",  # 6: switch sides; tick at 7
        "go", "tick", "tick",  # 8: right side; ticks at 10 and 11
        "done",  # 12: Plank done, rest starts; the ticks at 13 and 14 are muted
        "go",  # 15: Bridge
        "halfway",  # 25
        "tick", "tick",  # 33, 34
        "finish",  # 35
    ]
    assert captured_at[12.5] == captured_at[14.5] == 10  # nothing written while muted
    assert all((params.nchannels, params.sampwidth, params.framerate) == (1, 2, 44100)
               for params, _ in capture.clips())


def test_a_routine_sound_replaces_the_cue_it_names(tmp_path, capture):
    whistle = tmp_path / "whistle.wav"
    with wave.open(str(whistle), "wb") as writer:  # 8-bit stereo at 22050 Hz: any playable format
        writer.setnchannels(2)
        writer.setsampwidth(1)
        writer.setframerate(22050)
        writer.writeframes(bytes([128, 255, 0, 200] * 500))
    routine_path = write_routine(tmp_path, [{"name": "A", "duration": 2}], get_ready=0, countdown=0)
    player = create_cue_player(Settings(volume=0.5), routine_sounds={"go": whistle})
    run_engine(player, routine_path)
    player.close()
    (go_params, go_data), (_, finish_data) = capture.clips()
    assert (go_params.nchannels, go_params.sampwidth, go_params.framerate) == (2, 1, 22050)
    # 8-bit samples are unsigned around 128: 255 → 128 + round(127 * 0.5), 0 → 128 + round(-128 * 0.5)
    assert go_data == bytes([128, 192, 64, 164] * 500)
    assert finish_data == scaled(wav_data(SOUNDS / "finish.wav"), 0.5)


def test_starting_muted_plays_nothing_until_unmuted(tmp_path, capture):
    routine_path = write_routine(tmp_path, [{"name": "A", "duration": 3}, {"name": "B", "duration": 2}],
                                 get_ready=0, countdown=0, rest=0)
    player = create_cue_player(Settings(volume=1.0), mute=True)
    assert player.muted is True
    assert player.status_text() == "muted (m)"

    def unmute_at_three(t):
        if t == 2.5:
            assert player.toggle_mute() is False

    run_engine(player, routine_path, on_time=unmute_at_three)
    player.close()
    assert capture.named(cue_sounds(1.0)) == ["go", "finish"]  # B's go at 3, the finish at 5


def test_sound_off_in_settings_plays_nothing_and_says_so(tmp_path, capture):
    notices = []
    routine_path = write_routine(tmp_path, [{"name": "A", "duration": 2}], get_ready=1)
    player = create_cue_player(Settings(sound=False), bell=lambda: notices.append("bell"), notify=notices.append,
                               voice=True)
    run_engine(player, routine_path)
    assert player.status_text() == "sound off in settings"
    player.toggle_mute()
    assert player.status_text() == "sound off in settings"
    player.close()
    assert capture.clips() == []
    assert notices == []


def test_status_text_says_sound_is_on():
    player = create_cue_player(Settings())
    try:
        assert player.status_text() == "♪ sound on"
        assert player.toggle_mute() is True
        assert player.status_text() == "muted (m)"
    finally:
        player.close()


def test_no_public_method_raises_even_when_fed_nonsense(capture):
    player = create_cue_player(Settings())
    player.handle(None)
    player.handle("not an event")
    player.flush()
    player.prepare(None)
    assert player.wait_ready(5)
    player.close()
    player.close()
    player.flush()
    assert player.toggle_mute() is True
    assert capture.clips() == []


# -- no audio device ------------------------------------------------------------------------------

NO_DEVICE_SCRIPT = textwrap.dedent("""\
    import json, sys
    from coach.cues import create_cue_player
    from coach.routine.expand import expand
    from coach.routine.loader import load_routine
    from coach.session.engine import SessionEngine
    from coach.settings import Settings

    class Clock:
        now = 0.0
        def __call__(self):
            return self.now

    clock = Clock()
    notices, bells = [], []
    player = create_cue_player(Settings(), voice=True, bell=lambda: bells.append(clock.now), notify=notices.append)
    player.wait_idle(5)  # the device has been tried, as it has by the time a session starts in the app
    first_status = player.status_text()
    routine = load_routine(sys.argv[1])
    engine = SessionEngine(routine.name, expand(routine), now=clock)
    engine.subscribe(player.handle)
    player.prepare(engine.steps)
    engine.start()
    player.flush()
    player.wait_idle(5)
    while not engine.finished:
        clock.now += 0.5
        engine.update()
        player.flush()
        player.wait_idle(5)
    player.toggle_mute()
    player.toggle_mute()
    player.wait_ready(5)
    player.close()
    print(json.dumps({"notices": notices, "bells": bells, "status": player.status_text(),
                      "first_status": first_status}))
""")


def run_python(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60, cwd=ROOT)


def test_with_no_audio_device_alsa_would_print_to_stderr(no_card):
    """The control for the next test: without coach's handler, libasound writes to fd 2."""
    result = run_python(
        "import simpleaudio\n"
        "try:\n    simpleaudio.WaveObject(b'\\0\\0' * 100, 1, 2, 44100).play()\n"
        "except Exception as error:\n    print(type(error).__name__)\n"
    )
    assert result.stdout == "SimpleaudioError\n"
    assert "ALSA lib" in result.stderr


def test_with_no_audio_device_the_status_says_bell_only_from_the_start_and_the_bell_rings_with_silence_on_fd2(
        tmp_path, no_card):
    routine_path = write_routine(
        tmp_path, [{"name": "A", "duration": 2, "sides": True}, {"name": "B", "duration": 2}],
        get_ready=0, countdown=1, switch_sides=1, rest=1,
    )
    result = run_python(NO_DEVICE_SCRIPT, str(routine_path))
    assert result.returncode == 0
    assert result.stderr == ""
    # The player tries the device when it is made, with silence; it fails, so the status says
    # "bell only" from the start (no notice needed), and the bell rings for go (0, 3 and 6),
    # switch (2) and finish (8), never for a tick or the done at 5.
    report = json.loads(result.stdout)
    # Voice is on here; on a machine without espeak-ng its own one notice comes too.
    espeak_notices = [notice for notice in report["notices"] if "espeak-ng" in notice]
    assert len(espeak_notices) == (0 if shutil.which("espeak-ng") else 1)
    assert [notice for notice in report["notices"] if notice not in espeak_notices] == []
    assert report["first_status"] == "bell only: no audio device"
    assert (report["bells"], report["status"]) == ([0.0, 2.0, 3.0, 6.0, 8.0], "bell only: no audio device")


def test_without_simpleaudio_the_bell_rings_from_the_first_cue_and_the_notice_comes_from_another_thread(
        tmp_path, monkeypatch):
    monkeypatch.setattr("coach.cues.player.import_simpleaudio", lambda: None)
    notices, bells = [], []
    caller = threading.current_thread()
    player = create_cue_player(
        Settings(), bell=lambda: bells.append(threading.current_thread()),
        notify=lambda message: notices.append((message, threading.current_thread() is caller)),
    )
    assert player.status_text() == "bell only: no audio device"
    run_engine(player, write_routine(tmp_path, [{"name": "A", "duration": 2}], get_ready=1, countdown=1))
    player.close()
    assert notices == [(NO_DEVICE, False)]
    assert bells == [caller, caller]  # go and finish, rung on the caller's thread; not the ticks


def test_without_simpleaudio_or_a_bell_the_player_is_silent_with_one_notice(tmp_path, monkeypatch):
    monkeypatch.setattr("coach.cues.player.import_simpleaudio", lambda: None)
    notices = []
    player = create_cue_player(Settings(), notify=notices.append)
    run_engine(player, write_routine(tmp_path, [{"name": "A", "duration": 2}, {"name": "B", "duration": 2}]))
    player.close()
    assert player.status_text() == "sound off: no audio device"
    assert notices == [NO_DEVICE]


def test_every_cue_of_back_basics_is_captured_in_order(capture):
    """The whole bundled default routine: what the schedule chose, the device received, sample for sample."""
    from coach.cues.schedule import CueSchedule

    player = create_cue_player(Settings(volume=0.8))
    schedule = CueSchedule()
    expected: list[str] = []

    def take_expected() -> None:
        cue = schedule.take()
        if cue is not None and cue.sound:
            expected.append(cue.sound)

    routine = load_routine(ROOT / "routines" / "back-basics.yaml")
    clock = FakeClock()
    engine = SessionEngine(routine.name, expand(routine), now=clock)
    def expect(event) -> None:  # what the player does: gather an update's events, take one cue at its end
        if event.kind is EventKind.UPDATE_DONE:
            take_expected()
        else:
            schedule.add(event)

    engine.subscribe(player.handle)  # plays at the end of each update by itself
    engine.subscribe(expect)
    engine.start()
    assert player.wait_idle(5)
    while not engine.finished:
        clock.advance(0.5)
        engine.update()
        assert player.wait_idle(5)  # each update plays its own cue: let it finish before the next
        if engine.step.is_manual:
            engine.done()  # the prone press-ups: as if Enter were pressed at once
            assert player.wait_idle(5)
    player.close()
    assert len(expected) > 100
    assert expected[-1] == "finish"
    assert capture.named(cue_sounds(0.8)) == expected
