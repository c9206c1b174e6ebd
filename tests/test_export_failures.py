"""How chart export fails: a browser slow to start is tried again, and the reader is told the real cause. kaleido is
replaced by a stand-in here; the real rendering is the render tier's (tests/render/)."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from kaleido.errors import ChromeNotFoundError, JavascriptError

from dashboard import export

SLOW_START = JavascriptError("{'type': 'object', 'subtype': 'error', 'description': "
                             "'ReferenceError: kaleido_scopes is not defined'}")


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What happened, in order: 'render' per image tried, 'restart' per fresh server. No real browser starts."""
    events: list[str] = []
    monkeypatch.setattr(export, "_start_server", lambda: None)
    monkeypatch.setattr(export, "_restart_server", lambda: events.append("restart"))
    monkeypatch.setattr(export, "RETRY_PAUSE_S", 0.0)
    return events


def _failing(monkeypatch: pytest.MonkeyPatch, events: list[str], failures: list[BaseException]) -> None:
    def to_image(self, **kwargs) -> bytes:
        events.append("render")
        if failures:
            raise failures.pop(0)
        return b"image"
    monkeypatch.setattr(go.Figure, "to_image", to_image)


def test_a_slow_browser_start_is_tried_again_on_a_fresh_server(renders, monkeypatch) -> None:
    _failing(monkeypatch, renders, [SLOW_START])
    assert export._image(go.Figure(), "png", 10, 10, 1, "nl") == b"image"
    assert renders == ["render", "restart", "render"]


def test_every_try_failing_names_the_real_cause_not_a_missing_browser(renders, monkeypatch) -> None:
    _failing(monkeypatch, renders, [SLOW_START] * export.START_ATTEMPTS)
    with pytest.raises(export.ExportUnavailable) as raised:
        export._image(go.Figure(), "png", 10, 10, 1, "nl")
    message = str(raised.value)
    assert message.startswith(f"Afbeelding maken is {export.START_ATTEMPTS} keer mislukt: JavascriptError")
    assert "kaleido_scopes is not defined" in message
    assert "Chrome/Chromium gevonden" not in message
    assert renders.count("render") == export.START_ATTEMPTS


def test_no_browser_at_all_is_said_at_once_in_the_readers_language(renders, monkeypatch) -> None:
    def missing() -> RuntimeError:   # as plotly raises it: a RuntimeError from kaleido's ChromeNotFoundError
        try:
            raise ChromeNotFoundError("no chrome")
        except ChromeNotFoundError:
            try:
                raise RuntimeError("Kaleido requires Google Chrome to be installed.") from None
            except RuntimeError as exc:
                return exc
    _failing(monkeypatch, renders, [missing()])
    with pytest.raises(export.ExportUnavailable, match="no usable Chrome/Chromium found"):
        export._image(go.Figure(), "svg", 10, 10, 1, "en")
    assert renders == ["render"]
