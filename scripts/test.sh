#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run every test tier (CI runs this via .ci/run).
#   bash scripts/test.sh            lint, types, then all tiers
#   bash scripts/test.sh -x -q      extra arguments go to each pytest run
# The quick check while developing is `python -m pytest` (the fast tier alone; see pyproject.toml).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's chromium drives the browser tests and kaleido's chart export; DejaVu gives the PDF export € and –.
if ! command -v chromium >/dev/null 2>&1 || [ ! -d /usr/share/fonts/truetype/dejavu ]; then
    echo "Installing Debian's chromium and fonts-dejavu-core..."
    sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
# Debian's nginx for the serving tier (tests/serving/test_nginx_replicas.py).
bash scripts/install-nginx.sh
# the tested versions of everything (constraints.txt; regenerate with scripts/freeze-constraints.py)
python -m pip install -q --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
# axe-core for the accessibility browser test (tests/e2e/test_analyst.py), pinned, into ./node_modules (gitignored)
if [ ! -f node_modules/axe-core/axe.min.js ]; then
    npm install --no-save --no-package-lock --no-audit --no-fund axe-core@4.14.1 >/dev/null
fi

export BROWSER_PATH="${BROWSER_PATH:-$(command -v chromium)}"
started=$SECONDS
step() { echo; echo "== $1 ($((SECONDS - started)) s in)"; }

step "lint: ruff"
ruff check .
step "types: mypy (dashboard/, etl/, the pages)"
mypy
step "data: python -m etl check"
python -m etl check

# Every tier in one session of three processes (pyproject.toml's --dist loadgroup; the groups, longest first, from
# tests/conftest.py): a file stays in one process, in order (a module's server is shared by its tests). Three, not the
# fast tier's two: the browser and server files spend much of their time waiting on a page, and a third process keeps
# both cores busy meanwhile (beside a CPU-heavy neighbour, 2026-12-03: 1144 s against 1176–1295 s with two).
step "every tier: fast, render, shipped, stress, e2e, serving and bench"
if ! python -m pytest --all-tiers --hypothesis-profile=thorough -n 3 "$@"; then
    step "FAILED (see above)"
    exit 1
fi
step "all tiers passed in $((SECONDS - started)) s"
