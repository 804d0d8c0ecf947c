"""Outside text on its way out: one function per target (terminal, CSV cell, JSON on a terminal, HTML, Markdown).

Routine files, imported histories, notes, settings and file names can hold anything. Before such
text reaches a terminal, the control characters that a terminal obeys (C0, DEL, C1 and so ESC,
CSI and OSC), the bidirectional overrides that reorder what is shown, and lone surrogates (which
cannot be written as UTF-8 at all) are turned into visible escapes such as ``\\x1b``. Tab is kept,
and newline where the text may span lines (a note, a multi-line message).
"""

from __future__ import annotations

import re

# C0 but tab and newline, DEL, C1, the bidi embeddings/overrides/isolates, and lone surrogates.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
# Patterns are compiled on first use (re keeps them): compiling all of them took about 1.5 ms at every start.
_UNSAFE_INLINE = f"[\n{_UNSAFE}]"
_UNSAFE_LINES = f"[{_UNSAFE}]"
# In JSON, C0 is escaped already (json and SQLite both do); the rest may be written raw.
_UNSAFE_IN_JSON = "[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x0A:
        return "\\n"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: object, *, lines: bool = False) -> str:
    """`text` with every character a terminal would act on made visible.

    `lines=True` keeps newlines (a note, a list of located errors); otherwise they show as ``\\n``.
    """
    text = str(text)
    if _printable(text, lines):  # most text: nothing to replace, and no pattern to compile on the way to a first frame
        return text
    return re.sub(_UNSAFE_LINES if lines else _UNSAFE_INLINE, _visible, text)


def _printable(text: str, lines: bool) -> bool:
    """True when `text` holds nothing for_terminal replaces. Every character it replaces is a control (Cc), a format
    character (Cf) or a surrogate (Cs), none of which str.isprintable() allows; tab is kept, and newline with `lines`.
    (isprintable() also refuses some harmless characters, such as U+2028; the pattern then decides.)"""
    kept = text.replace("\t", "")
    if lines:
        kept = kept.replace("\n", "")
    return kept.isprintable()


def for_csv(value: object) -> object:
    """A CSV cell: text that a spreadsheet would run as a formula gets a leading ' (OWASP's advice),
    and control characters are made visible, as the CSV may well be read on a terminal."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_STARTS):
        value = "'" + value
    return for_terminal(value, lines=True)


def json_for_terminal(text: str) -> str:
    """JSON text with DEL, C1, bidi controls and lone surrogates written as \\u escapes: the same
    JSON value, safe to print. (Escapes are only valid inside strings, where such characters are.)"""
    return re.sub(_UNSAFE_IN_JSON, lambda match: f"\\u{ord(match.group()):04x}", text)


def for_html(text: object) -> str:
    """Text for an HTML page (the therapist's report): markup characters escaped (&, <, >, ", ', / and :), so
    `</style>` or `<script>` in a note is shown, never run; control characters made visible as on a terminal."""
    import html

    # "/" and ":" as references too (OWASP's advice for "/"): a note's "https://…" is shown as written, and the
    # page's source then holds no URL of any kind, not even in text.
    return html.escape(for_terminal(text, lines=True), quote=True).replace("/", "&#x2F;").replace(":", "&#x3A;")


_MARKDOWN_SPECIAL = r"([\\`*_\[\]<>|~])"
# What GitHub-style Markdown turns into a link by itself: "://" (http://…), "www." and "@" (an e-mail address).
# A backslash before the "/", "." or "@" keeps it text; it shows as written.
_AUTOLINK = r"(?i)(?<=:)/|(?<=:/)/|(?<=www)\.|@"
_MARKDOWN_LINE_START = r"^(\s*)(?:([#+\-=>])|(\d+)([.)]))"


def _line_start(match: re.Match[str]) -> str:
    """A heading, list or quote marker at the start, escaped: "\\# a", "1\\. first"."""
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"{match.group(1)}{match.group(3)}\\{match.group(4)}"


def for_markdown(text: object) -> str:
    """Outside text for a Markdown line or table cell: the characters Markdown or HTML would act on anywhere
    (\\ ` * _ [ ] < > | ~) escaped with a backslash, a start that would make a heading, a list or a quote, and
    what would become a link by itself (://, www., @); newlines as spaces (a cell is one line); control
    characters made visible."""
    flat = for_terminal(" ".join(str(text).split()))
    escaped = re.sub(_MARKDOWN_LINE_START, _line_start, re.sub(_MARKDOWN_SPECIAL, r"\\\1", flat))
    return re.sub(_AUTOLINK, lambda match: "\\" + match.group(0), escaped)
