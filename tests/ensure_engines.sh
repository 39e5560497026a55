#!/usr/bin/env bash
# The other engines of the smoke tests (tests/browser/test_engines.py): Debian's Firefox ESR, and WebKitGTK's
# MiniBrowser (package webkit2gtk-driver) with xvfb-run. Installed when run as root with apt-get, like
# tests/ensure_chromium.sh; elsewhere (GitHub Actions runs Playwright's three engines instead) the tests skip.
set -euo pipefail

missing=()
command -v firefox-esr >/dev/null 2>&1 || missing+=(firefox-esr)
compgen -G "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.*/MiniBrowser" >/dev/null || missing+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  exit 0
fi
echo "tests/ensure_engines.sh: ${missing[*]} not installed (not root with apt-get); their smoke tests will skip" >&2
