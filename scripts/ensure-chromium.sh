#!/usr/bin/env bash
# Makes sure Playwright has a Chromium to drive: CHROMIUM_PATH when set, else Debian's
# /usr/bin/chromium, installed with apt-get when missing (Playwright's own browser download does not
# work offline). On systems without apt-get it leaves the choice to Playwright's own browser
# (`npx playwright install chromium` where the network allows it).
set -euo pipefail

if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  if [[ -x "$CHROMIUM_PATH" ]]; then
    echo "Chromium: $CHROMIUM_PATH (CHROMIUM_PATH)"
    exit 0
  fi
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file." >&2
  exit 1
fi

if [[ -x /usr/bin/chromium ]]; then
  echo "Chromium: /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "No /usr/bin/chromium and no apt-get: Playwright will use its own browser (npx playwright install chromium)."
  exit 0
fi

sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "Installing Chromium needs root: run 'apt-get install -y chromium' as root, or set CHROMIUM_PATH." >&2
    exit 1
  fi
fi

echo "Installing Chromium with apt-get…"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq chromium
echo "Chromium: /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
