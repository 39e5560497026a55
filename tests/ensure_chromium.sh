#!/usr/bin/env bash
# A Chromium for the browser tests (tests/browser/conftest.py uses /usr/bin/chromium when it exists, else
# Playwright's own build). Debian's package when run as root with apt-get; otherwise (GitHub Actions) Playwright's.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  exit 0
fi
exec playwright install chromium
