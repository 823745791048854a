#!/usr/bin/env bash
# Makes sure the Chromium that the browser tests drive (through playwright-core) is installed.
# Debian's package is used because no browser can be downloaded by playwright here.
# CHROMIUM_PATH overrides the default /usr/bin/chromium.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO=""; fi
  if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
    echo "browser tests: installing Debian's chromium (apt-get install chromium)" >&2
    $SUDO apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends chromium >&2
    [ -x "$CHROMIUM" ] && exit 0
  fi
fi
echo "browser tests need Chromium at $CHROMIUM: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary" >&2
exit 1
