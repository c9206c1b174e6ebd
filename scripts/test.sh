#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests..."
    sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
python -m pip install -q --disable-pip-version-check -r requirements-dev.txt

export BROWSER_PATH="${BROWSER_PATH:-$(command -v chromium)}"
python -m etl check
python -m pytest "$@"
