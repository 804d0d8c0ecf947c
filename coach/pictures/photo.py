"""A person's own picture of an exercise (`image:` in a routine): checked like a cue sound before it is ever
shown, and drawn in any terminal with half blocks (two pixels a cell, in colour).

The checks: a regular file (never a FIFO or a device), at most MAX_BYTES, a PNG or JPEG of at most MAX_SIDE
pixels a side, decoded in full once (a truncated file fails here, not on the session screen) with Pillow's
decompression-bomb guard as an error.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 4000
FORMATS = ("PNG", "JPEG")


def image_file(folder: Path, written: str, name: str) -> tuple[Path | None, str | None]:
    """The absolute path of the picture `written` in a routine in `folder`, or why it cannot be shown."""
    from coach.routine.sound_files import routine_file

    file, problem = routine_file(folder, written, name, MAX_BYTES, "a PNG or JPEG picture", "a picture")
    if file is None:
        return None, problem
    problem = image_problem(file)
    return (None, f"{name} {problem}") if problem else (file, None)


def image_problem(file: Path) -> str | None:
    """What keeps `file` from being a picture coach shows, or None."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(file) as image:
                if image.format not in FORMATS:
                    return f"is a {image.format} image; give a PNG or JPEG picture"
                width, height = image.size
                if width > MAX_SIDE or height > MAX_SIDE:
                    return f"is {width}×{height} pixels; a picture may be at most {MAX_SIDE}×{MAX_SIDE}"
                image.load()  # the whole picture, once: a truncated file fails here
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            return "holds more pixels than is safe to decode (a decompression bomb?); give a smaller picture"
        except UnidentifiedImageError:
            return "is not a picture coach can read; give a PNG or JPEG picture"
        except PermissionError:
            return "cannot be read: permission denied"
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            from coach.safe_text import for_terminal

            return f"cannot be decoded ({for_terminal(str(error))[:120]}); save it again as PNG or JPEG"
    return None


@lru_cache(maxsize=16)
def half_blocks(file: str, columns: int, rows: int) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The picture fitted into `columns` × `rows` cells: for each cell, the colours of its top and bottom pixel
    ("#rrggbb"), drawn as "▀" in the top colour on the bottom one. Empty when the file cannot be read now."""
    import io

    from PIL import Image

    from coach.fileio import read_limited

    try:  # read as the check read it: a file swapped for a FIFO since is refused at once, never waited on
        with Image.open(io.BytesIO(read_limited(Path(file), MAX_BYTES))) as image:
            picture = image.convert("RGB")
    except Exception:  # noqa: BLE001 - checked when the routine loaded; changed since: show nothing
        return ()
    picture.thumbnail((columns, rows * 2))
    width, height = picture.size
    pixels = picture.load()
    cells = []
    for top in range(0, height - 1, 2):
        cells.append(tuple(("#%02x%02x%02x" % pixels[x, top], "#%02x%02x%02x" % pixels[x, top + 1])
                           for x in range(width)))
    return tuple(cells)
