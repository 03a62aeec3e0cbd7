#!/usr/bin/env bash
# Playwright drives Debian's Chromium: its own browser download cannot reach the network here.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ]; then
  echo "Installing Debian's chromium for the end-to-end tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
else
  echo "The end-to-end tests need /usr/bin/chromium: run 'sudo apt-get install chromium' once." >&2
  exit 1
fi
