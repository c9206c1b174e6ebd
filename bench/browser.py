"""The app as readers meet it: `streamlit run` on 127.0.0.1 and headless Chromium.

- Time to chart: from `page.goto` to the page's chart being visible (pages without a chart: their main table or
  block). A first visit loads the page in a fresh browser context: nothing cached. A repeat visit navigates a context
  that has seen every page once to the page again: Streamlit's scripts come from the browser's cache, the Streamlit
  session is still a new one, as on every page load.
- Peak memory: the app process's VmHWM (peak resident set) from /proc after every page has been visited.

Capacity is measured without a browser (bench/wsload.py), on servers started here. Every server runs under
`timeout`, so it stops by itself even if the bench is killed.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
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


async def _visit(tab, url: str, ready: str) -> float:
    """Seconds from navigation to `ready` visible."""
    start = time.perf_counter()
    await tab.goto(url, wait_until="commit", timeout=60_000)
    await tab.locator(ready).first.wait_for(state="visible", timeout=60_000)
    return time.perf_counter() - start


async def _first_visit(browser, url: str, ready: str) -> float:
    """A visit in a fresh context: nothing cached."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        return await _visit(await context.new_page(), url, ready)
    finally:
        await context.close()


async def _time_to_chart(server: Server, loads: int, warm_up: bool) -> dict[str, dict[str, list[float]]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            if warm_up:   # the first visitor after start fills the caches; readers after it are what we report
                for page, ready in READY.items():
                    await _first_visit(browser, page_url(server.url, page), ready)
            first = {page: [await _first_visit(browser, page_url(server.url, page), ready) for _ in range(loads)]
                     for page, ready in READY.items()}
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            try:
                tab = await context.new_page()
                for page, ready in READY.items():   # the reader's first round, filling the browser's caches
                    await _visit(tab, page_url(server.url, page), ready)
                repeat = {page: [await _visit(tab, page_url(server.url, page), ready) for _ in range(loads)]
                          for page, ready in READY.items()}
            finally:
                await context.close()
            return dict(zip(VISITS, (first, repeat)))
        finally:
            await browser.close()


def time_to_chart(server: Server, loads: int, warm_up: bool) -> dict[str, dict[str, list[float]]]:
    """Per visit (VISITS) and page, `loads` times from navigation to the chart visible."""
    return asyncio.run(_time_to_chart(server, loads, warm_up))
