#!/bin/sh
# Install the system packages coach needs to build and run, when they are missing.
# Debian/Ubuntu: apt-get (through sudo when not root). Elsewhere: say what to install.
#
# --test: the tools the test suite drives instead: Chromium and poppler-utils (the report's PDF and
# browser tests), espeak-ng (voice cues), tmux (screens in a real terminal), dbus-daemon (reminders
# on a real session bus), systemd (systemd-analyze checks the reminder's timer), and node with npm
# (the routine schema in yaml-language-server, as an editor runs it). These are optional:
# when they cannot be installed, say so and go on; the tests that need them skip with the reason.
set -eu

PYTHON=${PYTHON:-python3}
missing=""

if [ "${1:-}" = --test ]; then
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || command -v google-chrome >/dev/null 2>&1 || missing="$missing chromium"
  command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
  command -v espeak-ng >/dev/null 2>&1 || missing="$missing espeak-ng"
  command -v tmux >/dev/null 2>&1 || missing="$missing tmux"
  command -v dbus-run-session >/dev/null 2>&1 || missing="$missing dbus-daemon"
  command -v systemd-analyze >/dev/null 2>&1 || missing="$missing systemd"
  command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
  [ -z "$missing" ] && exit 0
  if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo -n"; fi
    echo "Installing the test suite's tools:$missing"
    # shellcheck disable=SC2086
    if $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing; then
      exit 0
    fi
  fi
  echo "note: the tests that need$missing will skip; install them to run those tests too." >&2
  exit 0
fi

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  missing="python3 python3-venv python3-dev"
  PYTHON=true  # the checks below would only repeat what is already missing
fi

# simpleaudio-patched compiles against the ALSA headers.
if [ "$(uname -s)" = Linux ] && [ ! -f /usr/include/alsa/asoundlib.h ]; then
  missing="$missing libasound2-dev"
fi
command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || missing="$missing gcc libc6-dev"
"$PYTHON" -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
  || case "$missing" in *python3-dev*) ;; *) missing="$missing python3-dev" ;; esac
"$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || case "$missing" in *python3-venv*) ;; *) missing="$missing python3-venv" ;; esac

[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "coach needs these system packages:$missing" >&2
  echo "Install the equivalents for your system (see README.md, 'Other systems'), then run make again." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "coach needs:$missing  -- run as root: apt-get install$missing" >&2
  exit 1
fi

echo "Installing system packages:$missing"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
