#!/bin/sh
# Install the system packages coach needs to build and run, when they are missing.
# Debian/Ubuntu: apt-get (through sudo when not root). Elsewhere: say what to install.
set -eu

PYTHON=${PYTHON:-python3}
missing=""

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
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
