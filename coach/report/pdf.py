"""The report as PDF: its HTML page printed by headless Chromium.

Chromium, not WeasyPrint: it is the engine that draws the HTML report on screen, so the PDF is what the
person saw, inline SVG and print CSS included, and it adds no Python package with native libraries to
coach. It runs with a throwaway profile, never the person's, on a page with no script and no address to
fetch, and is stopped, with everything it started, when it takes too long. (Turning scripts off with
--blink-settings=scriptEnabled=false makes Chromium 156 print nothing at all, so it is not passed.)
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

ENGINES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_SECONDS = 120.0
PAPERS = {"a4": "A4", "letter": "letter"}  # the --paper choice → CSS @page size


class PdfUnavailable(Exception):
    """No PDF engine on this machine."""

    def __init__(self) -> None:
        super().__init__("--format pdf needs Chromium, and none was found on PATH (looked for "
                         + ", ".join(ENGINES) + "). On Debian or Ubuntu: sudo apt install chromium. "
                         "Or write --format html and print it from any browser.")


class PdfFailed(Exception):
    """The engine ran but made no PDF."""


def find_engine() -> str | None:
    """The path of the first Chromium on PATH, or None."""
    for name in ENGINES:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html: str, engine: str | None = None, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The PDF of the HTML page `html`. Raises PdfUnavailable without an engine, PdfFailed when it fails."""
    engine = engine or find_engine()
    if engine is None:
        raise PdfUnavailable()
    with tempfile.TemporaryDirectory(prefix="coach-pdf-") as folder:
        page, printed = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        code, complaint = _run(_command(engine, page, printed, Path(folder) / "profile"), timeout, Path(folder))
        made = printed.read_bytes() if printed.is_file() else b""
    if not made.startswith(b"%PDF"):
        detail = f": {complaint}" if complaint else ""
        raise PdfFailed(f"Chromium ({engine}) made no PDF (exit status {code}){detail}")
    return made


def _command(engine: str, page: Path, printed: Path, profile: Path) -> list[str]:
    command = [engine, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
               "--disable-extensions", "--disable-background-networking", "--disable-sync",
               "--disable-crash-reporter", "--disable-breakpad",
               f"--user-data-dir={profile}",
               "--no-pdf-header-footer", "--print-to-pdf-no-header",  # the flag's new name, and its old one
               f"--print-to-pdf={printed}", page.as_uri()]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(1, "--no-sandbox")  # Chromium refuses to start as root with its sandbox
    return command


def _run(command: list[str], timeout: float, scratch: Path) -> tuple[int | str, str]:
    """Run the engine in its own process group, its config and cache (crash reports too) in `scratch`; its exit
    status and the last line it complained with."""
    from coach.safe_text import for_terminal

    env = {**os.environ, "XDG_CONFIG_HOME": str(scratch / "config"), "XDG_CACHE_HOME": str(scratch / "cache")}
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, start_new_session=True, env=env)
    except OSError as error:
        raise PdfFailed(f"cannot start Chromium ({command[0]}): {error.strerror or error}") from None
    try:
        _, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop_group(process)
        raise PdfFailed(f"Chromium ({command[0]}) did not finish within {timeout:g} s; it was stopped") from None
    _stop_group(process)  # helpers it left behind
    lines = [line for line in errors.decode("utf-8", "replace").splitlines()
             if line.strip() and "dbus" not in line.lower() and "bytes written" not in line]
    return process.returncode, for_terminal(lines[-1][-300:]) if lines else ""


def _stop_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if process.poll() is None:
        process.wait()
