#!/usr/bin/env bash
# Installs what the report cross-check tests compare Kontor with (issue 5): hledger from
# Debian and beancount + beanquery from PyPI into a venv under /tmp (the tests look there,
# or in $KONTOR_BEANCOUNT_BIN). Each is skipped when already present. A peer that cannot
# be installed is reported; the tests that need it then fail and say what is missing.
set -u
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
if ! command -v hledger >/dev/null 2>&1; then
  echo "installing: hledger"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hledger >/dev/null; } \
    || echo "could not install hledger; the report cross-check tests will fail"
fi
VENV=${KONTOR_BEANCOUNT_VENV:-/tmp/kontor-beancount-venv}
if [ ! -x "$VENV/bin/bean-check" ] || [ ! -x "$VENV/bin/bean-query" ]; then
  echo "installing beancount and beanquery into $VENV"
  { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q "beancount==3.2.3" "beanquery==0.2.0"; } \
    || echo "could not install beancount; the report cross-check tests will fail"
fi
exit 0
