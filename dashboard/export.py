"""Charts as files: PNG for slides (16:9) and for A4 reports (300 dpi), and SVG.

An exported chart is the on-screen figure laid out again for its canvas by the chart standard (charts.STANDARD): the
slide on 960 x 540 layout px, so 1 px is 1 pt on a full-width 16:9 slide (PNG at 5/3: 1600 x 900), A4 on 877 x 620
(PNG at 4x: 3508 x 2480, 300 dpi). It carries its title, unit, every source, every note in full and, last, the
database build it came from ("Databasebuild 2025-05-01 09:30 UTC, invoer 1a2b3c4d") with the view's link beside it,
so a slide pasted on its own still says what it shows and where the numbers come from. Notes that do not fit beside
the plot's share of the height go on next images of the same size (`notes_images`), never "see the notes". A chart
with nothing to draw is refused (`EmptyChart`, saying why) rather than exported empty.

Rendering is plotly's static export through kaleido 1.x, which drives a Chrome/Chromium it finds on PATH or through
BROWSER_PATH. A cold call starts a browser (about 3 s); one warm kaleido server per process, started on first use
under a lock, brings an image to about 0.1–0.3 s. When the server cannot start, each image falls back to a cold call.
A failed image is tried again on a fresh server (a browser slow to start is the usual cause); when no browser is found
at all, or every try failed, `ExportUnavailable` says which, with the real cause, in the reader's language.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import re
import struct
import threading
import time
import warnings
import zlib
from typing import Any

import plotly.graph_objects as go

from . import charts
from .db import Build
from .i18n import t

# name -> (layout width, layout height, scale): the pixel size is width*scale x height*scale. The layout canvas is
# the page in points (a 13.333 in slide is 960 pt wide), so the chart standard's sizes are the sizes a reader sees.
SIZES = {
    "slide": (*charts.SLIDE, 5 / 3),   # 16:9 for PowerPoint: 1600 x 900 px
    "a4": (*charts.A4, 4),             # A4 landscape at 300 dpi: 3508 x 2480 px, text at print size
}
A4_DPI = 300

_server_lock = threading.Lock()
_render_lock = threading.Lock()
_server: dict[str, object] = {"started": False, "error": None}
START_ATTEMPTS = 3    # a Chromium slow to start on a loaded machine gets two more tries before the reader is told
RETRY_PAUSE_S = 1.0   # then 2 s: time for the machine to calm down
# kaleido reloads its page after every image, which parses plotly.js (4.6 MB) again: 0.20 s and 0.26 s of CPU per
# image, against 0.03 s for the render of a small chart (2026-12-03, kaleido 1.5.1). plotly.js's toImage draws each
# figure in a div of its own and removes it after, so the page keeps nothing of one image for the next (the SVGs of
# every chart in tests/render/test_chart_quality.py are the same either way). It is reloaded every
# TAB_RELOAD_EVERY images to bound its memory, and a failed image restarts the server (_image).
TAB_RELOAD_EVERY = 100


class ExportUnavailable(RuntimeError):
    """No image could be made (no browser found, or it failed); the message is meant for the reader."""


class EmptyChart(ValueError):
    """The chart has nothing to draw: no image is made, and the message says why (in the chart's language)."""


def stamp(build: Build, language: str) -> str:
    return t("export.stamp", language, built=build.built_at, checksum=str(build.input_checksum)[:8])


def export_spec(spec: charts.ChartSpec, build: Build) -> charts.ChartSpec:
    """The spec as exported: notes inside the figure, the build stamp in the footer (a copy; specs are shared)."""
    return dataclasses.replace(spec, notes_in_figure=True, stamp=stamp(build, spec.language))


def export_figure(spec: charts.ChartSpec, build: Build, size: str = "slide") -> go.Figure:
    """The figure laid out for its canvas (slide or A4). An empty chart raises EmptyChart instead of making an image
    that shows nothing."""
    if charts.is_empty(spec):
        raise EmptyChart(t("c.empty_export", spec.language, reason=charts.empty_message(spec)))
    fig = charts.build(export_spec(spec, build), canvas=SIZES[size][:2])
    for n, trace in enumerate(fig.data):  # plotly.js would give each trace a random id, visible in SVG
        trace.uid = f"trace{n:02d}"
    return fig


def png(spec: charts.ChartSpec, build: Build, size: str = "slide") -> bytes:
    width, height, scale = SIZES[size]
    image = _image(export_figure(spec, build, size), "png", width, height, scale, spec.language)
    return _with_dpi(image, A4_DPI) if size == "a4" else image


def print_png(spec: charts.ChartSpec, build: Build, width_mm: float, height_mm: float, dpi: int = A4_DPI) -> bytes:
    """The chart for a printed page that sets its title, sources and notes as text around it (the briefing's PDF):
    laid out for its print area with 1 layout px = 1 pt, so the chart standard's text sizes are the sizes on paper,
    at `dpi` (a full-width chart on A4 landscape: about 3150 px wide). The image keeps its unit, legend, the notes'
    markers on their points; the title, sources, note texts and the build are left to the page."""
    if charts.is_empty(spec):
        raise EmptyChart(t("c.empty_export", spec.language, reason=charts.empty_message(spec)))
    width, height = round(width_mm / 25.4 * 72), round(height_mm / 25.4 * 72)
    bare = dataclasses.replace(spec, title="", sources=[], notes_in_figure=False, stamp="")
    fig = charts.build(bare, canvas=(width, height))
    for n, trace in enumerate(fig.data):
        trace.uid = f"trace{n:02d}"
    return _with_dpi(_image(fig, "png", width, height, dpi / 72, spec.language), dpi)


def svg(spec: charts.ChartSpec, build: Build, size: str = "slide") -> bytes:
    width, height, _ = SIZES[size]
    return _stable_svg(_image(export_figure(spec, build, size), "svg", width, height, 1, spec.language))


def notes_images(spec: charts.ChartSpec, build: Build, size: str = "slide", fmt: str = "png") -> list[bytes]:
    """The notes the chart's image had no room for, in full, as next images of the same size (none when all fit)."""
    fig = export_figure(spec, build, size)
    meta = fig.layout.meta or {}
    numbers = set(meta.get("notes_next", []))
    if not numbers and not meta.get("sources_next"):
        return []
    width, height, scale = SIZES[size]
    figures = charts.notes_figure(export_spec(spec, build), [n for n in spec.notes if n.number in numbers],
                                  (width, height))
    out = []
    for figure in figures:
        if fmt == "svg":
            out.append(_stable_svg(_image(figure, "svg", width, height, 1, spec.language)))
        else:
            image = _image(figure, "png", width, height, scale, spec.language)
            out.append(_with_dpi(image, A4_DPI) if size == "a4" else image)
    return out


def file_stem(spec: charts.ChartSpec) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", spec.key).strip("-") or "chart"


# --- kaleido ---------------------------------------------------------------------------------------------------------

def _reload_tab_less_often() -> None:
    """Have kaleido reload its page every TAB_RELOAD_EVERY images rather than after each (see TAB_RELOAD_EVERY).
    kaleido has no setting for it: this wraps the method that returns a tab to its queue (`_return_kaleido_tab`),
    and tests/render/test_chart_images.py fails when a kaleido release renames it."""
    from kaleido import kaleido as engine

    every_image = engine.Kaleido._return_kaleido_tab
    if getattr(every_image, "reload_every", None):
        return
    returned = itertools.count(1)

    async def return_tab(self: Any, tab: Any) -> None:
        if next(returned) % TAB_RELOAD_EVERY == 0:
            await every_image(self, tab)   # reload, then back in the queue
        else:
            await self.tabs_ready.put(tab)

    return_tab.reload_every = TAB_RELOAD_EVERY  # type: ignore[attr-defined]
    engine.Kaleido._return_kaleido_tab = return_tab


def _start_server() -> None:
    """Start the process's one warm kaleido server, once; a failure is remembered and images go cold."""
    with _server_lock:
        if _server["started"] or _server["error"] is not None:
            return
        try:
            import kaleido

            _reload_tab_less_often()
            kaleido.start_sync_server(headless=True, silence_warnings=True)
            _server["started"] = True
        except Exception as exc:   # any failure means: fall back to cold calls
            _server["error"] = exc


def _restart_server() -> None:
    """Stop the warm server (it may hold a browser that never finished starting) so the next image starts afresh."""
    with _server_lock:
        if _server["started"]:
            import kaleido

            with contextlib.suppress(Exception):   # a browser that died may fail to close; it is gone either way
                kaleido.stop_sync_server(silence_warnings=True)
        _server.update(started=False, error=None)


def _no_browser(exc: BaseException) -> bool:
    """Whether kaleido found no Chrome/Chromium at all (plotly turns ChromeNotFoundError into a RuntimeError)."""
    from kaleido.errors import ChromeNotFoundError

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ChromeNotFoundError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _cause(exc: BaseException) -> str:
    first = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _image(fig: go.Figure, fmt: str, width: int, height: int, scale: float, language: str) -> bytes:
    """The image from kaleido. A browser slow to start (its page not yet holding kaleido's script, which shows as
    `ReferenceError: kaleido_scopes is not defined`) gets START_ATTEMPTS tries, each on a freshly started server;
    a failure names its real cause, and only a missing browser is called one."""
    failures: list[BaseException] = []
    for attempt in range(START_ATTEMPTS):
        _start_server()
        try:
            with _render_lock, warnings.catch_warnings():  # one request at a time through the shared browser
                warnings.filterwarnings("ignore", message="The kopts argument is ignored")
                return fig.to_image(format=fmt, width=width, height=height, scale=scale)
        except Exception as exc:   # kaleido raises RuntimeError, JavascriptError, BrowserFailedError, …
            if _no_browser(exc):
                raise ExportUnavailable(t("export.unavailable", language, error=_cause(exc))) from exc
            failures.append(exc)
            if attempt + 1 < START_ATTEMPTS:
                _restart_server()
                time.sleep(RETRY_PAUSE_S * (attempt + 1))
    raise ExportUnavailable(t("export.failed", language, attempts=len(failures),
                              error="; ".join(_cause(e) for e in failures))) from failures[-1]


def _with_dpi(png_bytes: bytes, dpi: int) -> bytes:
    """Write the print resolution into the PNG (a pHYs chunk after IHDR) so word processors place it at A4 size."""
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    end_of_ihdr = 8 + 4 + 4 + 13 + 4
    return png_bytes[:end_of_ihdr] + chunk + png_bytes[end_of_ihdr:]


def _stable_svg(data: bytes) -> bytes:
    """plotly.js names clip paths and gradients after a random id per plot; fix it so equal charts give equal files."""
    text = data.decode("utf-8")
    ids = set(re.findall(r'id="clip([0-9a-f]{6})', text))
    for n, uid in enumerate(sorted(ids)):
        text = text.replace(uid, f"plot{n:02d}")
    return text.encode("utf-8")
