#!/usr/bin/env bash
# Install the dashboard, build the database from data/ and start the app on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
# Chart export (PNG/SVG, briefing decks) renders in Debian's chromium; the dashboard itself runs without it.
if ! command -v chromium >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null 2>&1; }; then
    sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq \
        --no-install-recommends chromium fonts-dejavu-core >/dev/null; } \
        || echo "note: chromium could not be installed; chart export will say so, the dashboard works"
fi
python -m pip install -q --disable-pip-version-check -r requirements.txt -c constraints.txt   # the tested versions
python -m etl
exec python -m streamlit run app.py --server.headless true "$@"
