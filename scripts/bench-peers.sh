#!/usr/bin/env bash
# Installs the peers `kontor-bench bank-csv|bank-ofx` compares Kontor with (issue 3):
# hledger and GNU time from Debian, ofxtools from PyPI into a venv under /tmp (the bench
# looks there when the system python lacks it). Each is skipped when already present; a
# peer that cannot be installed is only reported, and the bench goes on without it.
set -u
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
missing=""
command -v hledger >/dev/null 2>&1 || missing="$missing hledger"
[ -x /usr/bin/time ] || missing="$missing time"
if [ -n "$missing" ]; then
  echo "installing:$missing"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null; } \
    || echo "could not install$missing; the bench skips what is missing"
fi
VENV=/tmp/kontor-bench-venv
if ! python3 -c 'import ofxtools' 2>/dev/null && ! "$VENV/bin/python3" -c 'import ofxtools' 2>/dev/null; then
  echo "installing ofxtools into $VENV"
  { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q ofxtools; } || echo "could not install ofxtools; the bench skips it"
fi
exit 0
