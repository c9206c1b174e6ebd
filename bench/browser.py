"""The app as readers meet it: `streamlit run` on 127.0.0.1 and headless Chromium.

- Time to chart: from `page.goto` to the page's chart being visible (pages without a chart: their main table or
  block), each load in a fresh browser context, so a fresh Streamlit session.
- Peak memory: the app process's VmHWM (peak resident set) from /proc after every page has been visited.
- Capacity: N browser sessions loading pages in a loop against one app process, N increasing until the 95th
  percentile load passes 1 s; then two app processes on the same read-only database file with the sessions split.

Every server runs under `timeout`, so it stops by itself even if the bench is killed.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(db: Path, log: Path) -> Iterator[Server]:
    """`streamlit run app.py` on a free port of 127.0.0.1, the database opened read-only from `db`."""
    port = _free_port()
    env = {**os.environ, "MENSENHANDEL_DB": str(db), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    command = ["timeout", "-k", "5", str(SERVER_LIMIT_S), sys.executable, "-m", "streamlit", "run", "app.py",
               "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
               "--server.fileWatcherType", "none", "--server.runOnSave", "false"]
    with open(log, "ab") as out:
        wrapper = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", wrapper)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as answer:
                    if answer.read() == b"ok":
                        break
            except OSError:
                pass
            if wrapper.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start; see {log}")
            time.sleep(0.2)
        yield server
    finally:
        wrapper.terminate()   # timeout passes SIGTERM on to the app
        try:
            wrapper.wait(10)
        except subprocess.TimeoutExpired:
            wrapper.kill()
            wrapper.wait()


async def _load(browser, url: str, ready: str) -> float:
    """Seconds from navigation to `ready` visible, in a fresh context (a new Streamlit session)."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = await context.new_page()
        start = time.perf_counter()
        await page.goto(url, wait_until="commit", timeout=60_000)
        await page.locator(ready).first.wait_for(state="visible", timeout=60_000)
        return time.perf_counter() - start
    finally:
        await context.close()


async def _time_to_chart(server: Server, loads: int, warm_up: bool) -> dict[str, list[float]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            if warm_up:   # the first visitor after start fills the caches; readers after it are what we report
                for page, ready in READY.items():
                    await _load(browser, f"{server.url}/{page}", ready)
            return {page: [await _load(browser, f"{server.url}/{page}", ready) for _ in range(loads)]
                    for page, ready in READY.items()}
        finally:
            await browser.close()


def time_to_chart(server: Server, loads: int, warm_up: bool) -> dict[str, list[float]]:
    """Per page, `loads` times from navigation to the chart visible."""
    return asyncio.run(_time_to_chart(server, loads, warm_up))


@dataclass
class Load:
    """The page loads of one step of the capacity test, per server."""

    sessions: int
    seconds: float
    times: dict[str, list[float]] = field(default_factory=dict)   # server url -> load times
    errors: int = 0

    @staticmethod
    def p95(times: list[float]) -> float:
        ordered = sorted(times)
        return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] if ordered else float("nan")

    @property
    def all_times(self) -> list[float]:
        return [t for ts in self.times.values() for t in ts]


async def _sessions(urls: list[str], sessions: int, seconds: float) -> Load:
    """`sessions` browser sessions, spread over `urls` in turn, each loading the pages in a loop for `seconds`."""
    from playwright.async_api import async_playwright

    result = Load(sessions, seconds, {url: [] for url in urls})
    pages = list(READY.items())

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            deadline = time.monotonic() + seconds

            async def session(n: int) -> None:
                url = urls[n % len(urls)]
                context = await browser.new_context(viewport={"width": 1400, "height": 1000})
                try:
                    tab = await context.new_page()
                    k = n
                    while time.monotonic() < deadline:
                        name, ready = pages[k % len(pages)]
                        k += 1
                        start = time.perf_counter()
                        try:
                            await tab.goto(f"{url}/{name}", wait_until="commit", timeout=30_000)
                            await tab.locator(ready).first.wait_for(state="visible", timeout=30_000)
                        except Exception:   # a timeout under load counts against the step, it does not end it
                            result.errors += 1
                            continue
                        result.times[url].append(time.perf_counter() - start)
                finally:
                    await context.close()

            await asyncio.gather(*(session(n) for n in range(sessions)))
        finally:
            await browser.close()
    return result


def sessions(urls: list[str], n: int, seconds: float) -> Load:
    return asyncio.run(_sessions(urls, n, seconds))


def median(times: list[float]) -> float:
    return statistics.median(times) if times else float("nan")
