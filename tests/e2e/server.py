"""Start the real app for browser tests: `streamlit run app.py` on a given database, on a free local port."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from etl.build import PROJECT

BROWSER = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def require_chromium() -> None:
    """A missing browser is a failure, not a skip: CI installs it."""
    if not Path(BROWSER).exists():
        pytest.fail(f"no Chromium at {BROWSER}: install Debian's chromium (bash scripts/test.sh does)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(database: Path, log: Path, data: Path | None = None, lifetime: int = 600,
                store: Path | None = None) -> Iterator[str]:
    """`streamlit run app.py` on `database`; it stops by itself after `lifetime` seconds whatever happens here.
    Briefings go to `store` (default: beside the log), never to the project's data/user/."""
    port = _free_port()
    env = {**os.environ, "MENSENHANDEL_DB": str(database),
           "MENSENHANDEL_STORE": str(store or log.with_name("briefings.sqlite"))}
    if data is not None:
        env["MENSENHANDEL_DATA"] = str(data)
    with open(log, "wb") as out:
        process = subprocess.Popen(
            ["timeout", "--signal=TERM", "--kill-after=10", str(lifetime), sys.executable, "-m", "streamlit", "run",
             "app.py", "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("streamlit did not start: " + log.read_text(errors="replace"))
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
