"""Server-side capacity: many Streamlit sessions against one app process, without a browser.

A browser session on this 2-core machine spends most of a page load in Chromium itself (parsing plotly.js, layout,
drawing), on the same cores as the app: one headless-Chromium session alone measured a p95 of 1.6 s, so a capacity
figure from browsers measures the client, not the app. This module speaks Streamlit's own websocket protocol
instead, as the frontend does, and times only what the app process does: running the page script and sending its
elements. Browser rendering is left out on purpose; the browser's time to chart is measured on its own
(bench/browser.py).

The protocol (Streamlit 1.67; read from streamlit/web/server/starlette/starlette_websocket.py and
runtime/app_session.py):

- A session is one websocket connection to `/_stcore/stream` with the subprotocol `streamlit` (the frontend also
  passes an XSRF token and a session id to resume in that header; a new session needs neither). The server sends
  nothing until asked.
- A page load is a `BackMsg.rerun_script` carrying a `ClientState`: the query string and the page's url path as
  `page_name`, which `st.navigation` matches against each page's url path (the default page's is "", the root url).
- The server answers with ForwardMsgs, one a frame: `new_session` (tagged with the run's id), the `navigation`
  (which page ran), a `delta` per element, and `script_finished` with the same run id and a status.
- Elements the client says it has cached (`ClientState.cached_message_hashes`) come back as a `ref_hash` only. This
  client announces no cache, so the server always sends the whole element, as to a new browser session.

A load counts when its run finished successfully, ran the page asked for, raised no exception and sent the element
the browser bench waits for (bench/browser.py READY); anything else, or no answer within TIMEOUT_S, is an error.
`warm_up` runs every page once and raises ProtocolError on any failure, so a Streamlit upgrade that changes the
protocol stops the bench instead of reporting zero loads.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import streamlit
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets import ConnectionClosed, InvalidHandshake
from websockets.asyncio.client import ClientConnection, connect

from bench.browser import DEFAULT_PAGE, READY

PAGES = tuple(READY)
TIMEOUT_S = 30
SUBPROTOCOL = "streamlit"

# url path -> the element the page must send: what bench/browser.py's READY waits to see
ELEMENT = {"overzicht": "metric", "trends": "plotly_chart", "revisies": "plotly_chart",
           "strafrechtketen": "plotly_chart", "opvang": "plotly_chart", "doelen": "plotly_chart",
           "bronnen": "dataframe", "briefing": "file_uploader"}


class ProtocolError(RuntimeError):
    """The server did not answer as this client expects Streamlit's protocol to work."""


class PageError(Exception):
    """A run that finished, but not as the page should: an exception, another page, its element missing."""


@dataclass
class Load:
    """The page loads of one step of the capacity test, per server."""

    sessions: int
    seconds: float = 0.0   # wall time of the step: from the first request to the last answer
    times: dict[str, list[float]] = field(default_factory=dict)    # server url -> load times
    errors: dict[str, list[str]] = field(default_factory=dict)     # server url -> what went wrong, per failed load
    client_cpu_s: float = 0.0   # this process's CPU time during the step: the load generator's own share

    @staticmethod
    def p95(times: list[float]) -> float:
        ordered = sorted(times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else float("nan")

    @property
    def all_times(self) -> list[float]:
        return [t for ts in self.times.values() for t in ts]

    @property
    def all_errors(self) -> list[str]:
        return [e for es in self.errors.values() for e in es]


def median(times: list[float]) -> float:
    return statistics.median(times) if times else float("nan")


def _hint() -> str:
    return f"has Streamlit's websocket protocol changed (streamlit {streamlit.__version__})? See bench/wsload.py"


@asynccontextmanager
async def _session(url: str) -> AsyncIterator[ClientConnection]:
    """A new Streamlit session on the server at `url` (http://host:port), closed on leaving."""
    stream = "ws" + url.removeprefix("http") + "/_stcore/stream"
    try:
        async with connect(stream, subprotocols=[SUBPROTOCOL], max_size=None, proxy=None,
                           open_timeout=TIMEOUT_S) as ws:
            if ws.subprotocol != SUBPROTOCOL:
                raise ProtocolError(f"{stream} accepted subprotocol {ws.subprotocol!r}, not {SUBPROTOCOL!r}; "
                                    + _hint())
            yield ws
    except InvalidHandshake as exc:
        raise ProtocolError(f"{stream} refused the websocket handshake ({exc}); " + _hint()) from exc


async def _load(ws: ClientConnection, page: str, shown: list[Element] | None = None,
                timeout: float = TIMEOUT_S) -> float:
    """Seconds from asking for `page` to its run's script_finished. Raises PageError if the run went wrong, and
    TimeoutError if it did not finish within `timeout` seconds (the stream is then in an unknown state). The elements
    the run sent are appended to `shown`, when given (tests read what a reader would have seen)."""
    request = BackMsg()
    request.rerun_script.query_string = ""
    request.rerun_script.page_name = "" if page == DEFAULT_PAGE else page
    problems, elements, ran, run = [], set(), None, None
    start = time.perf_counter()
    await ws.send(request.SerializeToString())
    async with asyncio.timeout(timeout):
        while True:
            msg = ForwardMsg.FromString(await ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                run = msg.metadata.run.script_run_id
            elif kind == "navigation":
                ran = next((p.url_pathname for p in msg.navigation.app_pages
                            if p.page_script_hash == msg.navigation.page_script_hash), None)
            elif kind == "page_not_found":
                problems.append("page not found")
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element.WhichOneof("type")
                elements.add(element)
                if shown is not None:
                    shown.append(msg.delta.new_element)
                if element == "exception":
                    problems.append(f"exception {msg.delta.new_element.exception.message!r}")
            elif kind == "script_finished" and run is not None and msg.metadata.run.script_run_id == run:
                break   # a script_finished before this run's new_session belongs to the run before
    elapsed = time.perf_counter() - start
    if msg.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
        problems.append(ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished))
    if ran != request.rerun_script.page_name:
        problems.append(f"ran the page at {ran!r}")
    if ELEMENT[page] not in elements:
        problems.append(f"no {ELEMENT[page]} element")
    if problems:
        raise PageError(f"{page}: " + ", ".join(problems))
    return elapsed


async def _warm_up(url: str, pages: tuple[str, ...]) -> dict[str, float]:
    async with _session(url) as ws:
        try:
            return {page: await _load(ws, page) for page in pages}
        except (PageError, TimeoutError, ConnectionClosed) as exc:
            raise ProtocolError(f"{url}: a page load in a quiet session failed ({exc!r}); " + _hint()) from exc


def warm_up(url: str, pages: tuple[str, ...] = PAGES) -> dict[str, float]:
    """Every page once in one session, the first visitor filling the app's caches. Raises ProtocolError on any
    failure: run it before measuring, so that a broken client fails loudly instead of counting errors."""
    return asyncio.run(_warm_up(url, pages))


async def _sessions(urls: list[str], n: int, seconds: float, pages: tuple[str, ...]) -> Load:
    result = Load(n, times={url: [] for url in urls}, errors={url: [] for url in urls})
    deadline = time.monotonic() + seconds

    async def session(k: int) -> None:   # session k starts at page k, so the pages are spread over the sessions
        url = urls[k % len(urls)]
        while time.monotonic() < deadline:
            page = "connect"
            try:
                async with _session(url) as ws:
                    while time.monotonic() < deadline:
                        page = pages[k % len(pages)]
                        k += 1
                        try:
                            result.times[url].append(await _load(ws, page))
                        except PageError as exc:
                            result.errors[url].append(str(exc))
            except (TimeoutError, ConnectionClosed) as exc:   # counts against the step; then a new session
                result.errors[url].append(f"{page}: {exc!r}")

    cpu, start = time.process_time(), time.perf_counter()
    await asyncio.gather(*(session(k) for k in range(n)))
    result.seconds, result.client_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    if not result.all_times:
        raise RuntimeError(f"no page load succeeded in {result.seconds:.0f} s with {n} sessions; first errors: "
                           + "; ".join(result.all_errors[:3]))
    return result


def sessions(urls: list[str], n: int, seconds: float, pages: tuple[str, ...] = PAGES) -> Load:
    """`n` concurrent sessions, spread over `urls` in turn, each loading `pages` in a loop for `seconds`."""
    return asyncio.run(_sessions(urls, n, seconds, pages))


# for callers that drive sessions of their own (tests/serving/test_sessions_during_rebuilds.py)
open_session = _session
load_page = _load
