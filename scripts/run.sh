#!/usr/bin/env bash
# Install the dashboard, build the database from data/ and start the app on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q --disable-pip-version-check -r requirements.txt
python -m etl
exec python -m streamlit run app.py --server.headless true "$@"
