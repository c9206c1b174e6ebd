"""The app as readers meet it: `streamlit run` on 127.0.0.1 and headless Chromium.

- Time to chart: from `page.goto` to the page's chart being visible (pages without a chart: their main table or
  block). A first visit loads the page in a fresh browser context: nothing cached. A repeat visit navigates a context
  that has seen every page once to the page again: Streamlit's scripts come from the browser's cache, the Streamlit
  session is still a new one, as on every page load.
- Peak memory: the app process's VmHWM (peak resident set) from /proc after every page has been visited.

- Serving: the first visit over an emulated office link (Chromium's network emulation through a CDP session), to
  one replica directly and through nginx as `scripts/serve.sh` runs it (compression, cached static files).

Capacity is measured without a browser (bench/wsload.py), on servers started here. Every server runs under
`timeout`, so it stops by itself even if the bench is killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from etl.build import PROJECT

CHROMIUM = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SERVER_LIMIT_S = 1800   # a server lives at most this long, whatever happens to the bench

# url path -> what must be visible: the chart, or for pages without one their main block
READY = {
    "overzicht": "[data-testid='stMetric']",
    "trends": ".js-plotly-plot",
    "revisies": ".js-plotly-plot",
    "strafrechtketen": ".js-plotly-plot",
    "opvang": ".js-plotly-plot",
    "doelen": ".js-plotly-plot",
    "bronnen": "[data-testid='stDataFrame']",
    "briefing": "[data-testid='stFileUploader']",
}
DEFAULT_PAGE = "overzicht"   # app.py's default page: served at the root url (/overzicht redirects there)
VISITS = ("first visit", "repeat visit")


def page_url(server_url: str, page: str) -> str:
    return f"{server_url}/{'' if page == DEFAULT_PAGE else page}"


@dataclass
class Server:
    url: str
    wrapper: subprocess.Popen   # `timeout`, whose child is the app process

    @property
    def pid(self) -> int:
        """The app process (the child of `timeout`)."""
        children = Path(f"/proc/{self.wrapper.pid}/task/{self.wrapper.pid}/children").read_text().split()
        return int(children[0])

    def memory_mb(self, field_name: str = "VmHWM") -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
        raise RuntimeError(f"no {field_name} for process {self.pid}")

    def cpu_seconds(self) -> float:
        """CPU time the app process has used so far, all its threads, user and system."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")   # utime, stime


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(db: Path, log: Path, app: str = "app.py") -> Iterator[Server]:
    """`streamlit run app.py` (or another app of the project) on a free port of 127.0.0.1, the database opened
    read-only from `db`."""
    port = _free_port()
    env = {**os.environ, "MENSENHANDEL_DB": str(db), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    command = ["timeout", "-k", "5", str(SERVER_LIMIT_S), sys.executable, "-m", "streamlit", "run", app,
               "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
               "--server.fileWatcherType", "none", "--server.runOnSave", "false"]
    with open(log, "ab") as out:
        wrapper = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", wrapper)
    try:
        _wait_healthy(f"{server.url}/_stcore/health", wrapper, log, seconds=60)
        yield server
    finally:
        wrapper.terminate()   # timeout passes SIGTERM on to the app
        try:
            wrapper.wait(10)
        except subprocess.TimeoutExpired:
            wrapper.kill()
            wrapper.wait()


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, seconds: float) -> None:
    """Until `url` answers "ok"; an error naming the log if `process` ends first or time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.read() == b"ok":
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{url} did not answer; the end of {log}:\n{tail}")
        time.sleep(0.2)


@dataclass(frozen=True)
class Production:
    """`scripts/serve.sh` running: nginx's url and each replica's own url."""

    url: str
    replicas: list[str]


@contextmanager
def serve_production(db: Path, log: Path, replicas: int = 2) -> Iterator[Production]:
    """`bash scripts/serve.sh` (replicas behind nginx) on a free port of 127.0.0.1, in a process group of its own;
    SIGTERM stops it (serve.sh stops what it started), the group is killed if anything is left. Its run directory
    is a temp folder of its own: nginx runs as nobody when the bench runs as root, and must be able to enter it."""
    port = _free_port()
    run_dir = Path(tempfile.mkdtemp(prefix="mh-serve-"))
    run_dir.chmod(0o755)
    env = {**os.environ, "MENSENHANDEL_DB": str(db), "MENSENHANDEL_RUN": str(run_dir)}
    with open(log, "ab") as out:
        wrapper = subprocess.Popen(
            ["timeout", "--foreground", "-k", "10", str(SERVER_LIMIT_S), "bash", "scripts/serve.sh", "--replicas",
             str(replicas), "--port", str(port)],
            cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_healthy(f"http://127.0.0.1:{port}/healthz", wrapper, log, seconds=120)
        ports = [line.split()[1] for line in (run_dir / "replicas").read_text().splitlines()]
        yield Production(f"http://127.0.0.1:{port}", [f"http://127.0.0.1:{p}" for p in ports])
    finally:
        wrapper.terminate()
        try:
            wrapper.wait(20)
        except subprocess.TimeoutExpired:
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(wrapper.pid, signal.SIGKILL)
        shutil.rmtree(run_dir, ignore_errors=True)


@dataclass(frozen=True)
class Link:
    """A network as Chromium's DevTools emulate it (Network.emulateNetworkConditions)."""

    name: str
    mbit_s: float
    latency_ms: float

    def conditions(self) -> dict:
        rate = self.mbit_s * 1e6 / 8   # bytes per second, both ways
        return {"offline": False, "latency": self.latency_ms, "downloadThroughput": rate, "uploadThroughput": rate}


OFFICE_LINK = Link("20 Mbit/s, 20 ms", 20, 20)


async def _visit(tab, url: str, ready: str) -> float:
    """Seconds from navigation to `ready` visible."""
    start = time.perf_counter()
    await tab.goto(url, wait_until="commit", timeout=60_000)
    await tab.locator(ready).first.wait_for(state="visible", timeout=60_000)
    return time.perf_counter() - start


async def _first_visit(browser, url: str, ready: str, link: Link | None = None) -> float:
    """A visit in a fresh context: nothing cached; over `link` when given."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        tab = await context.new_page()
        if link is not None:
            devtools = await context.new_cdp_session(tab)
            await devtools.send("Network.enable")
            await devtools.send("Network.emulateNetworkConditions", link.conditions())
        return await _visit(tab, url, ready)
    finally:
        await context.close()


async def _time_to_chart(server: Server, loads: int, warm_up: bool,
                         repeat: tuple[str, ...] | None) -> dict[str, dict[str, list[float]]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            if warm_up:   # the first visitor after start fills the caches; readers after it are what we report
                for page, ready in READY.items():
                    await _first_visit(browser, page_url(server.url, page), ready)
            first = {page: [await _first_visit(browser, page_url(server.url, page), ready) for _ in range(loads)]
                     for page, ready in READY.items()}
            again = {page: ready for page, ready in READY.items() if repeat is None or page in repeat}
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            try:
                tab = await context.new_page()
                for page, ready in again.items():   # the reader's first round, filling the browser's caches
                    await _visit(tab, page_url(server.url, page), ready)
                repeated = {page: [await _visit(tab, page_url(server.url, page), ready) for _ in range(loads)]
                            for page, ready in again.items()}
            finally:
                await context.close()
            return dict(zip(VISITS, (first, repeated)))
        finally:
            await browser.close()


def time_to_chart(server: Server, loads: int, warm_up: bool,
                  repeat: tuple[str, ...] | None = None) -> dict[str, dict[str, list[float]]]:
    """Per visit (VISITS) and page, `loads` times from navigation to the chart visible; the repeat visit only for the
    pages in `repeat` (None: every page)."""
    return asyncio.run(_time_to_chart(server, loads, warm_up, repeat))


MAX_STALLS = 2   # per visit; a third stall stops the bench


@dataclass
class Visits:
    """First visits per server name and page; `stalled` counts visits repeated because nothing came for a minute."""

    times: dict[str, dict[str, list[float]]]
    stalled: dict[str, int]


async def _first_visits(servers: dict[str, str], pages: list[str], loads: int, link: Link | None,
                        warm_up: bool) -> Visits:
    from playwright.async_api import TimeoutError as PlaywrightTimeout
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            if warm_up:   # the first visitor after start fills the app's caches (and nginx's), at full speed
                for url in servers.values():
                    for page in pages:
                        await _first_visit(browser, page_url(url, page), READY[page])
            visits = Visits({name: {page: [] for page in pages} for name in servers}, dict.fromkeys(servers, 0))
            for _ in range(loads):   # the servers in turn, so that the machine's load falls on each alike
                for page in pages:
                    for name, url in servers.items():
                        for attempt in range(MAX_STALLS + 1):
                            try:
                                seconds = await _first_visit(browser, page_url(url, page), READY[page], link)
                            except PlaywrightTimeout:
                                # Seen with Chromium's network emulation on a loaded machine: every request of
                                # the page pending while the server had answered them all. Counted and repeated.
                                visits.stalled[name] += 1
                                if attempt == MAX_STALLS:
                                    raise
                            else:
                                visits.times[name][page].append(seconds)
                                break
            return visits
        finally:
            await browser.close()


def first_visits(servers: dict[str, str], pages: list[str], loads: int, link: Link | None, warm_up: bool) -> Visits:
    """Per server (name -> url) and page, `loads` first visits over `link` (None: no network limit), navigation to
    chart visible."""
    return asyncio.run(_first_visits(servers, pages, loads, link, warm_up))
