#!/usr/bin/env bash
# A Chromium for the browser tests. Uses one the machine already has (the tests look for Debian's,
# Chrome, Chromium or Playwright's own; $CHROMIUM wins); on Debian/Ubuntu without one, installs
# Debian's chromium + chromium-driver. Never downloads a browser from anywhere else, and says what
# to do where it cannot install one.
set -euo pipefail
found=$(.venv/bin/python -c "from tests.browser.checks import find_chromium; print(find_chromium() or '')" 2>/dev/null || true)
if [ -n "$found" ]; then echo "browser tests use $found"; exit 0; fi
if ! command -v apt-get >/dev/null; then
  echo "No Chromium found and no apt-get here: install Google Chrome or Chromium, or run" >&2
  echo "  .venv/bin/python -m playwright install chromium" >&2
  echo "or set CHROMIUM=/path/to/chromium. \`make test-python\` runs every test but the browser ones." >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
/usr/bin/chromium --version
