"""What the e2e and serving tiers share: the real app started for them (`streamlit run app.py` on a given database,
on a free local port; or the production set-up, `scripts/serve.sh`, replicas behind nginx, on a free port of
127.0.0.1), the browser's path, where screenshots go, and the data versions the rebuild tests write."""

from __future__ import annotations

import contextlib
import csv
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from etl.build import DEFAULT_DATA, PROJECT, BuildError, build

ARTIFACTS = PROJECT / "tests" / "artifacts"          # screenshots for a person to look at
FIXTURE_DATA = PROJECT / "tests" / "fixtures" / "data"

BROWSER = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def require_chromium() -> None:
    """A missing browser is a failure, not a skip: CI installs it."""
    if not Path(BROWSER).exists():
        pytest.fail(f"no Chromium at {BROWSER}: install Debian's chromium (bash scripts/test.sh does)")


def require_nginx() -> None:
    """Like Chromium: a missing nginx is a failure, not a skip; scripts/test.sh installs it."""
    if shutil.which("nginx") is None:
        pytest.fail("no nginx: install Debian's nginx (bash scripts/test.sh does, via scripts/install-nginx.sh)")


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
        _wait_healthy(f"{url}/_stcore/health", process, log, seconds=60)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, seconds: float) -> None:
    """Until `url` answers 200; fails the test with the log when `process` ends first or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.25)
    pytest.fail(f"{url} did not answer: " + log.read_text(errors="replace")[-4000:])


@dataclass(frozen=True)
class Serving:
    """A running `scripts/serve.sh`: nginx's url, and each replica's loopback port and process id."""

    url: str
    database: Path
    run_dir: Path
    replicas: dict[int, tuple[int, int]]   # replica number -> (port, pid)

    @property
    def access_log(self) -> Path:
        return self.run_dir / "nginx" / "access.log"


@contextlib.contextmanager
def serving(database: Path, run_dir: Path, data: Path | None = None, replicas: int = 2,
            lifetime: int = 600) -> Iterator[Serving]:
    """`bash scripts/serve.sh` with `replicas` replicas on `database` and nginx on a free port of 127.0.0.1.

    It runs in a process group of its own under `timeout --foreground` (so it stops by itself after `lifetime` s).
    On exit it gets SIGTERM, as from a service manager, and must stop everything it started within 20 s: a process
    left in its group fails the test (and is killed).
    """
    require_nginx()
    port = _free_port()
    env = {**os.environ, "MENSENHANDEL_DB": str(database), "MENSENHANDEL_RUN": str(run_dir)}
    if data is not None:
        env["MENSENHANDEL_DATA"] = str(data)
    log = run_dir / "serve.log"
    run_dir.mkdir(parents=True, exist_ok=True)
    run_dir.chmod(0o755)   # nginx runs as nobody when the tests run as root: it must reach its config
    with open(log, "wb") as out:
        process = subprocess.Popen(
            ["timeout", "--foreground", "--kill-after=15", str(lifetime), "bash", "scripts/serve.sh",
             "--replicas", str(replicas), "--port", str(port)],
            cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_healthy(f"http://127.0.0.1:{port}/healthz", process, log, seconds=120)
        rows = [line.split() for line in (run_dir / "replicas").read_text().splitlines()]
        yield Serving(f"http://127.0.0.1:{port}", database, run_dir, {int(n): (int(p), int(pid)) for n, p, pid in rows})
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        left = _group_members(process.pid)
        if left:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"serve.sh left processes running after SIGTERM: {left}")


def _group_members(pgid: int) -> list[str]:
    """The command lines of the processes still in process group `pgid` (ends waiting up to 5 s for them)."""
    deadline = time.monotonic() + 5
    while True:
        members = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[2]) == pgid and fields[0] != "Z":
                    command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ")
                    members.append(command.decode("utf-8", "replace"))
            except OSError:
                continue   # ended meanwhile
        if not members or time.monotonic() > deadline:
            return members
        time.sleep(0.2)


def copy_of_data(target: Path) -> Path:
    """A writable copy of data/ at `target` (the fixture data if data/ does not build), without its build output."""
    shutil.copytree(DEFAULT_DATA, target, ignore=shutil.ignore_patterns("build"))
    try:
        build(target, target.parent / f"probe-{target.name}.duckdb")
    except (BuildError, OSError):
        shutil.rmtree(target)
        shutil.copytree(FIXTURE_DATA, target)
    return target


def shipped_or_fixture_db(db: Path) -> Path:
    """The shipped data/ built at `db` when it builds, else the fixture: what a new user would see."""
    try:
        build(DEFAULT_DATA, db)
    except (BuildError, OSError):
        build(FIXTURE_DATA, db)
    return db


# --- data versions for the rebuild tests ----------------------------------------------------------------------------

HEADER = ["indicator", "period", "breakdown", "value", "qualifier", "low", "high", "status", "published", "source",
          "quote", "comment"]


def marker(version: int) -> str:
    """The 2024 registrations figure of data version `version` as the overview shows it (Dutch format)."""
    return f"{1000 + version:,}".replace(",", ".")


def write_version(data: Path, version: int) -> None:
    """Data version 0 is data/ as shipped; version k adds the 2024 registrations with the value 1000 + k, and (as a
    curator does when the figure is published) takes 2024 off the list of known gaps in data/missing.csv."""
    path = data / "figures" / "zz_reliability.csv"
    if version == 0:
        path.unlink(missing_ok=True)
        return
    missing = data / "missing.csv"
    if missing.exists():
        lines = missing.read_text(encoding="utf-8").splitlines(keepends=True)
        missing.write_text("".join(line for line in lines
                                   if not line.startswith("victims_registered_comensha,2024,")), encoding="utf-8")
    value = 1000 + version
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerow(["victims_registered_comensha", "2024", "totaal", value, "", "", "", "reported", "2025-04-15",
                         "ah-2024-2025-1651", f"in 2024 waren het er {value}", f"reliability test, version {version}"])


def server_errors(log: Path) -> list[str]:
    """Tracebacks and errors in a server's log."""
    text = log.read_text(errors="replace")
    return [line for line in text.splitlines() if "Traceback" in line or "Uncaught app execution" in line
            or re.search(r"\bERROR\b", line)]
