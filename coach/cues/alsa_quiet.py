"""Keep libasound from printing its error messages over the terminal (file descriptor 2).

With no sound card, every failed open makes libasound write several "ALSA lib …" lines
straight to fd 2, which would scribble over the Textual screen. libasound sends those
lines through a replaceable error handler; we install one that does nothing.
"""

from __future__ import annotations

import ctypes

# snd_lib_error_handler_t is variadic in C: (file, line, function, err, fmt, ...).
# A callback declared with just the fixed arguments is the usual way to silence it: it
# never reads the variadic part, so the calling convention mismatch is harmless.
_HANDLER_TYPE = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p)


def _ignore(file, line, function, error, fmt) -> None:
    return None


# ALSA keeps only the raw function pointer. If this object were collected, the next error
# would jump into freed memory, so it lives as long as the process.
_installed_handler = None


def silence_alsa_errors() -> bool:
    """Install the no-op handler once per process; False where there is no libasound."""
    global _installed_handler
    if _installed_handler is not None:
        return True
    try:
        library = ctypes.CDLL("libasound.so.2")
        handler = _HANDLER_TYPE(_ignore)
        library.snd_lib_error_set_handler(handler)
    except (OSError, AttributeError):  # not Linux, or no ALSA: nothing to silence
        return False
    _installed_handler = handler
    return True
