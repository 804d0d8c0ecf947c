"""Generate the coach's workout cue sounds (sounds/*.wav) with the standard library only.

Every cue is a few sine notes with soft harmonic partials, a smooth attack and an
exponential decay that fades to exact silence, so nothing clicks. Output is
16-bit mono PCM at 44.1 kHz and is byte-for-byte reproducible on every run.

    python3 scripts/make_sounds.py            # writes into <repo>/sounds
    python3 scripts/make_sounds.py --out DIR  # writes into DIR
"""

import argparse
import math
import struct
import wave
from dataclasses import dataclass
from pathlib import Path

RATE = 44100
FULL_SCALE = 32767

# Partial sets: (frequency multiple, relative amplitude).
SOFT = ((1.0, 1.0), (2.0, 0.25), (3.0, 0.08))
BRIGHT = ((1.0, 1.0), (2.0, 0.3), (3.0, 0.1))
BELL = ((1.0, 1.0), (2.0, 0.3), (2.76, 0.15), (5.4, 0.04))
WOOD = ((1.0, 1.0), (2.76, 0.3))

# Note names used below (equal temperament, A4 = 440 Hz).
G4, C5, E5, G5, A5, C6 = 392.00, 523.25, 659.26, 783.99, 880.00, 1046.50


@dataclass(frozen=True)
class Note:
    """One tone: starts at `start` s, lasts `dur` s, decays with time constant `tau` s."""

    freq: float
    start: float
    dur: float
    amp: float = 1.0
    tau: float = 0.15
    partials: tuple = SOFT
    attack: float = 0.006
    release: float = 0.02


def render(note: Note) -> list[float]:
    """Synthesize one note: raised-cosine attack, exponential decay, cosine fade to exact zero."""
    n = round(note.dur * RATE)
    n_att = max(1, round(note.attack * RATE))
    n_rel = max(1, round(note.release * RATE))
    out = []
    for i in range(n):
        t = i / RATE
        env = note.amp * math.exp(-t / note.tau)
        if i < n_att:
            env *= 0.5 - 0.5 * math.cos(math.pi * i / n_att)
        left = n - 1 - i
        if left < n_rel:
            env *= 0.5 - 0.5 * math.cos(math.pi * left / n_rel)
        tone = sum(a * math.sin(2 * math.pi * note.freq * k * t) for k, a in note.partials)
        out.append(env * tone)
    return out


def mix(notes: list[Note], peak: float) -> list[int]:
    """Sum the notes into one buffer and scale it so its loudest sample is `peak` of full scale."""
    length = max(round(n.start * RATE) + round(n.dur * RATE) for n in notes)
    buf = [0.0] * length
    for note in notes:
        offset = round(note.start * RATE)
        for i, x in enumerate(render(note)):
            buf[offset + i] += x
    gain = peak * FULL_SCALE / max(abs(x) for x in buf)
    return [round(x * gain) for x in buf]


# Each cue: (notes, peak level as a fraction of full scale).
CUES = {
    # last seconds of a step: short, soft wood-block blip
    "tick": ([Note(1200, 0.0, 0.07, tau=0.015, partials=WOOD, attack=0.005, release=0.015)], 0.5),
    # work starts: bright rising fourth
    "go": ([Note(G5, 0.0, 0.13, tau=0.08, partials=BRIGHT),
            Note(C6, 0.11, 0.19, tau=0.10, partials=BRIGHT)], 0.65),
    # rest starts: soft, lower, descending fourth
    "rest": ([Note(C5, 0.0, 0.19, tau=0.12, attack=0.012),
              Note(G4, 0.17, 0.23, tau=0.12, attack=0.012)], 0.55),
    # change sides: two quick identical mid notes, "ding-ding"
    "switch": ([Note(A5, 0.0, 0.15, tau=0.06, partials=BELL),
                Note(A5, 0.17, 0.18, tau=0.07, partials=BELL)], 0.6),
    # halfway: single gentle mid bell
    "halfway": ([Note(E5, 0.0, 0.30, tau=0.11, partials=BELL, attack=0.008, release=0.04)], 0.55),
    # exercise done: pleasant major third up
    "done": ([Note(C5, 0.0, 0.17, tau=0.12),
              Note(E5, 0.15, 0.25, tau=0.14, release=0.04)], 0.6),
    # session finished: rising C-E-G-C arpeggio chime (kept under 100 KB)
    "finish": ([Note(C5, 0.00, 1.10, tau=0.30, partials=BELL, release=0.10),
                Note(E5, 0.12, 0.98, tau=0.28, partials=BELL, release=0.10),
                Note(G5, 0.24, 0.86, tau=0.26, partials=BELL, release=0.10),
                Note(C6, 0.36, 0.74, tau=0.24, partials=BELL, release=0.10)], 0.6),
}


def write_wav(path: Path, samples: list[int]) -> None:
    """Write 16-bit little-endian mono PCM."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(struct.pack(f"<{len(samples)}h", *samples))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_out = Path(__file__).resolve().parent.parent / "sounds"
    parser.add_argument("--out", type=Path, default=default_out, help=f"output directory (default: {default_out})")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (notes, peak) in CUES.items():
        path = args.out / f"{name}.wav"
        write_wav(path, mix(notes, peak))
        print(path)


if __name__ == "__main__":
    main()
