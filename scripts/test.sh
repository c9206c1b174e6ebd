#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's chromium drives the browser tests and kaleido's chart export; DejaVu gives the PDF export € and –.
if ! command -v chromium >/dev/null 2>&1 || [ ! -d /usr/share/fonts/truetype/dejavu ]; then
    echo "Installing Debian's chromium and fonts-dejavu-core..."
    sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
# Debian's nginx for the serving test (tests/e2e/test_serving.py).
bash scripts/install-nginx.sh
python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
# axe-core for the accessibility browser test (tests/e2e/test_analyst.py), pinned, into ./node_modules (gitignored)
if [ ! -f node_modules/axe-core/axe.min.js ]; then
    npm install --no-save --no-package-lock --no-audit --no-fund axe-core@4.14.1 >/dev/null
fi

export BROWSER_PATH="${BROWSER_PATH:-$(command -v chromium)}"
python -m etl check
python -m pytest "$@"
