"""Served as in production: `scripts/serve.sh` with two replicas behind nginx, on 127.0.0.1, in headless Chromium.

In order (the last test kills a replica, so the module's tests share one server and run top to bottom):

- every page loads through the proxy; the plotly chunk arrives compressed; headers and the query-free access log;
- a file download and an upload inside a session work on both replicas (both live in the session's process:
  affinity);
- a rebuild (`python -m etl` on a copy of data/ with one figure changed) is seen by sessions on both replicas;
- a replica killed: its open sessions reconnect (counted), new sessions load every page through the survivor.

The server stops by itself (`timeout`), every wait is bounded, and leaving a process behind fails the test
(tests/e2e/server.py: `serving`). Run with `-s -n 0` to see the figures printed.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit

from bench.browser import READY, page_url
from dashboard import briefing
from e2e.server import Serving, copy_of_data, marker, serving, write_version
from etl.build import PROJECT

WAIT_MS = 60_000                    # a page on this shared 2-core machine, at most
PLOTLY_CHUNK = re.compile(r"/static/js/PlotlyChart\.[^/]+\.js$")
STATIC = Path(streamlit.__file__).parent / "static"   # the server's root: /static/js/... is static/static/js/...


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A writable copy of data/ (the fixture data if data/ does not build) that the rebuild test changes."""
    return copy_of_data(tmp_path_factory.mktemp("serving") / "data")


@pytest.fixture(scope="module")
def stack(data_copy: Path) -> Iterator[Serving]:
    """Two replicas behind nginx; serve.sh builds the (missing) database from the copy. The run directory is a
    temp folder of its own under /tmp: nginx runs as nobody, who cannot enter pytest's private temp folders."""
    run_dir = Path(tempfile.mkdtemp(prefix="mh-serve-"))
    try:
        with serving(data_copy.parent / "build" / "mensenhandel.duckdb", run_dir, data=data_copy,
                     lifetime=300) as server:
            yield server
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def _open(browser, url: str, ready: str):
    """A fresh browser context (a new reader, no routing cookie) on `url`; returns (page, the replica that served
    the document), the page's content visible."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    response = page.goto(url, wait_until="domcontentloaded")
    page.locator(ready).first.wait_for(state="visible")
    return page, response.headers["x-replica"]


def _sessions_on_every_replica(browser, server: Serving, per_replica: int) -> dict[str, list]:
    """New readers on the overview until each replica holds `per_replica` of them (the routing cookie is random, so
    this takes a few; bounded at 6 per replica wanted)."""
    sessions: dict[str, list] = {str(n): [] for n in server.replicas}
    for _ in range(6 * per_replica * len(server.replicas)):
        if all(len(pages) >= per_replica for pages in sessions.values()):
            break
        page, replica = _open(browser, page_url(server.url, "overzicht"), READY["overzicht"])
        if len(sessions[replica]) < per_replica:
            sessions[replica].append(page)
        else:
            page.context.close()
    assert all(len(pages) >= per_replica for pages in sessions.values()), \
        {replica: len(pages) for replica, pages in sessions.items()}
    return sessions


def _close(sessions: dict[str, list]) -> None:
    for pages in sessions.values():
        for page in pages:
            page.context.close()


def _assert_no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, page.locator("[data-testid='stMain']").inner_text()


def test_every_page_through_the_proxy_with_plotly_compressed(browser, stack: Serving) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    chunks = []
    page.on("response", lambda response: chunks.append(response) if PLOTLY_CHUNK.search(response.url) else None)
    try:
        replicas = set()
        for name, ready in READY.items():
            response = page.goto(page_url(stack.url, name), wait_until="domcontentloaded")
            page.locator(ready).first.wait_for(state="visible")
            _assert_no_exception(page)
            replicas.add(response.headers["x-replica"])
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["content-security-policy"] == "frame-ancestors 'self'"
            assert response.headers["referrer-policy"] == "same-origin"
        assert len(replicas) == 1, f"one browser, one replica (the routing cookie): {replicas}"

        chunk = chunks[0]
        raw = (STATIC / urllib.parse.urlsplit(chunk.url).path.lstrip("/")).stat().st_size
        sent = chunk.request.sizes()["responseBodySize"]
        print(f"\nplotly chunk: {raw:,} bytes raw, {sent:,} bytes sent ({chunk.headers.get('content-encoding')}, "
              f"{sent / raw:.0%})")
        assert chunk.headers.get("content-encoding") in {"gzip", "br"}
        assert sent <= 0.4 * raw
        assert "max-age=31536000" in chunk.headers["cache-control"]
    finally:
        context.close()

    # the access log has paths, never the query string of a link
    page, _ = _open(browser, f"{stack.url}/trends?briefing=capability-7f3a&lang=en", READY["trends"])
    page.context.close()
    log = stack.access_log.read_text()
    assert "GET /trends " in log and "capability-7f3a" not in log and "lang=en" not in log


def test_download_and_upload_inside_a_session_on_each_replica(browser, stack: Serving, tmp_path: Path) -> None:
    """Bronnen's CSV button: the file is made in the session's process and fetched by a second request, which only
    works if that request reaches the same replica. Checked on a session of each replica, and in nginx's log. Then
    a saved briefing opened on the Briefing page: the upload goes to `/_stcore/upload_file/<session>/`, which only
    the session's replica knows."""
    saved = tmp_path / "affinity.briefing.json"
    saved.write_bytes(briefing.dumps(briefing.Briefing(title="Affinity", items=[])))
    sessions = _sessions_on_every_replica(browser, stack, per_replica=1)
    try:
        for replica, (page,) in sessions.items():
            page.goto(page_url(stack.url, "bronnen"), wait_until="domcontentloaded")
            page.locator(READY["bronnen"]).first.wait_for(state="visible")
            button = page.locator(".st-key-full-csv-latest button").first   # the full data, not a table's CSV
            button.wait_for(state="visible")
            logged = stack.access_log.stat().st_size
            with page.expect_download(timeout=WAIT_MS) as download:
                button.click()
            body = Path(download.value.path()).read_text(encoding="utf-8-sig")
            # either CSV (latest or all versions): on a loaded machine the page may still move under the click
            assert download.value.suggested_filename in {"mensenhandel-laatste.csv", "mensenhandel-alle-versies.csv"}
            assert body.splitlines()[0].startswith("indicator") and len(body.splitlines()) > 10
            path = urllib.parse.urlsplit(download.value.url).path
            with open(stack.access_log) as log:   # the lines of this download (the name is the content's hash)
                log.seek(logged)
                served = [line for line in log.read().splitlines() if f" {path} " in line]
            assert served and all(line.endswith(f"replica={replica}") for line in served), (replica, served)

            page.locator(f"[data-testid='stSidebarNav'] a[href='{page_url(stack.url, 'briefing')}']").first.click()
            page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(saved))
            page.get_by_text("Briefing geopend: 0 onderdelen.").wait_for(state="visible")
            _assert_no_exception(page)
            uploads = [line for line in stack.access_log.read_text().splitlines() if "/_stcore/upload_file/" in line]
            assert uploads and uploads[-1].endswith(f"replica={replica}"), uploads[-3:]
    finally:
        _close(sessions)


def test_rebuild_is_seen_by_sessions_on_both_replicas(browser, stack: Serving, data_copy: Path) -> None:
    """`python -m etl` publishes a new build while sessions on both replicas are open; no replica restarts, and each
    session shows the changed figure at its next page (the sidebar link: the same Streamlit session)."""
    sessions = _sessions_on_every_replica(browser, stack, per_replica=1)
    try:
        shown = [v.strip() for pages in sessions.values() for page in pages
                 for v in page.locator("[data-testid='stMetricValue']").all_inner_texts()]
        assert shown and marker(1) not in shown
        write_version(data_copy, 1)
        env = {**os.environ, "MENSENHANDEL_DATA": str(data_copy), "MENSENHANDEL_DB": str(stack.database)}
        done = subprocess.run([sys.executable, "-m", "etl"], cwd=PROJECT, env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        for (page,) in sessions.values():
            for name in ("bronnen", "overzicht"):   # by way of another page: the same link again would not rerun
                page.locator(f"[data-testid='stSidebarNav'] a[href='{page_url(stack.url, name)}']").first.click()
                page.locator(READY[name]).first.wait_for(state="visible")
            page.wait_for_function("v => [...document.querySelectorAll(\"[data-testid='stMetricValue']\")]"
                                   ".some(e => e.innerText.trim() === v)", arg=marker(1), timeout=WAIT_MS)
            _assert_no_exception(page)
        assert all(pid_alive(pid) for _, pid in stack.replicas.values()), "no replica was restarted"
    finally:
        _close(sessions)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_killed_replica_fails_over(browser, stack: Serving) -> None:
    """Replica 1 is killed (SIGKILL, as a crash): sessions it held reconnect through nginx to replica 2, counted;
    new readers load every page."""
    sessions = _sessions_on_every_replica(browser, stack, per_replica=2)
    sockets: dict[int, list[float]] = {}
    for pages in sessions.values():
        for page in pages:
            sockets[id(page)] = []
            page.on("websocket", lambda ws, key=id(page): sockets[key].append(time.monotonic()))  # noqa: B008 — bound per page on purpose
    try:
        killed = time.monotonic()
        os.kill(stack.replicas[1][1], signal.SIGKILL)
        reconnected = 0
        deadline = time.monotonic() + 45
        for page in sessions["1"]:
            while not sockets[id(page)] and time.monotonic() < deadline:
                page.wait_for_timeout(250)   # lets playwright deliver the page's events
            if sockets[id(page)] and sockets[id(page)][0] > killed:
                page.locator(READY["overzicht"]).first.wait_for(state="visible")
                _assert_no_exception(page)
                reconnected += 1
        print(f"\nreplica 1 killed: {reconnected} of {len(sessions['1'])} open sessions on it reconnected")
        assert reconnected == len(sessions["1"])
        for page in sessions["2"]:   # the survivor's sessions keep working: next page in the same session
            page.locator(f"[data-testid='stSidebarNav'] a[href='{page_url(stack.url, 'trends')}']").first.click()
            page.locator(READY["trends"]).first.wait_for(state="visible")
            _assert_no_exception(page)
    finally:
        _close(sessions)

    # New readers, each with a routing cookie of its own (half of them would hash to the dead replica): the
    # overview, and for one of them every page.
    for reader in range(4):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        try:
            for name, ready in (READY.items() if reader == 0 else [("overzicht", READY["overzicht"])]):
                response = page.goto(page_url(stack.url, name), wait_until="domcontentloaded")
                page.locator(ready).first.wait_for(state="visible")
                _assert_no_exception(page)
                assert response.headers["x-replica"] == "2"
        finally:
            context.close()
