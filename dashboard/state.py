"""View state <-> URL query parameters, validated against the catalogue.

A page declares its parameters, then:

    view = View("trends", [choices("ind", ids, default=[...]), years("years", lo, hi), ...])
    view.restore()                              # URL -> checked values -> widget keys (warnings for bad input)
    st.multiselect(label, ids, key=view.key("ind"))
    view.publish()                              # widget values -> session state and URL

Why both session state and the URL: Streamlit clears `st.query_params` when the user switches page, so the values
live in session state (per page) and are written back to the URL on every run. A URL value is applied only when it
differs from what this session last wrote, i.e. when it came from outside (an opened link), so it never overrides
a widget the user just changed. Invalid or unknown parameters are dropped with a visible warning naming them; only
checked values leave this module.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.parse
from collections.abc import Sequence
from typing import Any

import streamlit as st

from . import datefield, i18n
from .i18n import DEFAULT_LANGUAGE, LANGUAGES
from .urlparams import (  # noqa: F401  (the declarations pages and tests know as state.*)
    Invalid,
    Param,
    choice,
    choices,
    date,
    flag,
    language_param,
    year,
    year_span,
)
from .urlparams import show as _show

log = logging.getLogger(__name__)
GLOBAL = ("lang", "b")   # kept across pages: the language and the briefing id (dashboard/session.py)
_STREAMLIT_OWN = ("embed", "embed_options")
WRITTEN_KEPT = 20   # the values of a parameter this session wrote last, recognised as its own when they come back


def lang() -> str:
    """The language of this session, set by app.py from the URL or the sidebar switch: the only place that asks."""
    value = st.session_state.get("lang", DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, language: str | None = None, **fmt: Any) -> str:
    """A label for the page: `i18n.t` in this session's language (or the one given)."""
    return i18n.t(key, language or lang(), **fmt)


def _store(page: str, slot: str) -> dict:
    return st.session_state.setdefault(f"_view.{page}.{slot}", {})


class View:
    """The parameters of one page (or of the app frame: the language)."""

    def __init__(self, page: str, params: Sequence[Param], check_unknown: bool = True, per_language: bool = True):
        self.page, self.params, self.check_unknown = page, {p.name: p for p in params}, check_unknown
        self.values: dict[str, Any] = {}
        # Widgets keep the labels of their options from when they were made, so each language gets its own widgets
        # (seeded from the same view state): otherwise a switch to English leaves Dutch names in a multiselect.
        self.scope = f"{page}.{lang()}" if per_language else page

    def key(self, name: str) -> str:
        return f"w.{self.scope}.{name}"

    def restore(self) -> dict[str, Any]:
        """Apply URL values that came from outside, warn about bad ones, and seed the widgets' keys."""
        canonical, written = _store(self.page, "values"), _store(self.page, "written")
        if self.page != "app" and st.session_state.get("_page_arrived"):
            self.forget_written()
        for name, param in self.params.items():
            raw = st.query_params.get_all(name)
            # A value this session wrote itself is not news: a rerun can carry the address bar from before the
            # browser applied our last write (quick arrow presses on a slider), and applying it would undo them.
            if raw and raw not in written.get(name, []):
                try:
                    value = param.normalise(param.parse(raw))
                except Invalid:
                    log.info("bad link on page %s: parameter %r has an invalid value", self.page, name)
                    if _first_warning(self.page, name, raw):
                        st.warning(t("state.invalid", name=name, value=_show(raw)), icon=":material/link_off:")
                else:
                    canonical[name] = value
                    st.session_state[self.key(name)] = value
            value = param.normalise(canonical.get(name, param.default))
            canonical[name] = value
            if self.key(name) not in st.session_state:
                st.session_state[self.key(name)] = value
        if self.check_unknown:
            for name in list(st.query_params.keys()):
                if name not in self.params and name not in GLOBAL and name not in _STREAMLIT_OWN:
                    log.info("bad link on page %s: an unknown parameter was dropped", self.page)
                    if _first_warning(self.page, name, st.query_params.get_all(name)):
                        st.warning(t("state.unknown", name=_show([name])), icon=":material/link_off:")
                    write_url(remove=[name])
        self.values = dict(canonical)
        return self.values

    def get(self, name: str) -> Any:
        """The current (checked) value: the widget's if it has rendered, else the restored one."""
        param = self.params[name]
        value = st.session_state.get(self.key(name), self.values.get(name, param.default))
        return param.normalise(param.default if value is None else value)

    def set(self, name: str, value: Any) -> None:
        """For values without a widget on this run: keep them in the view and the URL."""
        self.values[name] = self.params[name].normalise(value)

    def publish(self) -> None:
        """Widget values -> session state -> URL, so the address bar is always a permalink of the view."""
        canonical, written = _store(self.page, "values"), _store(self.page, "written")
        changed = {}
        for name, param in self.params.items():
            value = self.get(name) if self.key(name) in st.session_state else self.values.get(name, param.default)
            canonical[name] = value
            raw = param.dump(value)
            written[name] = ([raw] + [w for w in written.get(name, []) if w != raw])[:WRITTEN_KEPT]
            if st.query_params.get_all(name) != raw:
                changed[name] = raw if len(raw) > 1 else raw[0]
        if changed:
            write_url(changed)   # one address-bar update per run, not one per parameter
        self.values = dict(canonical)

    def forget_written(self) -> None:
        """On arriving at the page: a link's values apply even when this session wrote them once before."""
        _store(self.page, "written").clear()


# Streamlit writes every change of st.query_params with history.pushState (its frontend, handlePageInfoChanged), so a
# page that keeps its view in the URL adds an entry per parameter and per widget change: Back then walks through
# every slider step instead of returning to the previous page. The smallest fix that keeps Streamlit's own routing: a
# push that changes only the query string of the current path becomes a replace. Opening another page (a new path)
# still pushes, so Back goes to the previous page as it was last seen.
#
# The rule is a script, and it runs only once the browser has drawn it: on a session's first run Streamlit would push
# the language and the view's parameters before that (a fresh tab on Trends ended with three entries, so Back took
# three presses to leave). So the first run of a session writes nothing to st.query_params: its URL writes wait in
# the session, and the rule's own script writes them with replaceState once it is installed.
_HISTORY_RULE = """(function () {
  if (window.__mhOneEntryPerPage) return;
  window.__mhOneEntryPerPage = true;
  var push = window.history.pushState.bind(window.history);
  window.history.pushState = function (data, title, url) {
    try {
      var next = new URL(url, window.location.href);
      if (next.pathname === window.location.pathname) {
        return window.history.replaceState(data, title, url);
      }
    } catch (e) {}
    return push(data, title, url);
  };
})();"""
_INSTALLED, _PENDING, _WARNED = "_history_rule", "_url_pending", "_url_warned"
WRITTEN_BY_SCRIPT = "_url_written_by_script"


def write_url(changes: dict[str, str | list[str]] | None = None, remove: Sequence[str] = ()) -> None:
    """Every write of the app to the address bar. Once the history rule runs in the browser it goes to
    st.query_params at once; before that (a session's first run) it waits for `install_history_rule`."""
    changes = changes or {}
    if st.session_state.get(_INSTALLED):
        if changes:
            st.query_params.update(changes)
        for name in remove:
            if name in st.query_params:
                del st.query_params[name]
        return
    pending = st.session_state.setdefault(_PENDING, {})
    pending.update(changes)
    pending.update({name: None for name in remove})


def url_value(name: str) -> str | None:
    """A parameter as the address bar will show it at the end of this run (pending first-run writes included)."""
    pending = st.session_state.get(_PENDING, {}) if not st.session_state.get(_INSTALLED) else {}
    if name in pending:
        value = pending[name]
        return value[-1] if isinstance(value, list) else value
    return st.query_params.get(name)


def _first_warning(page: str, name: str, raw: list[str]) -> bool:
    """A bad link is named once per session: the first run's address bar is written by the script, so the browser
    may send the link as it came once more."""
    warned = st.session_state.setdefault(_WARNED, set())
    key = (page, name, tuple(raw))
    if key in warned:
        return False
    warned.add(key)
    return True


def install_history_rule() -> None:
    """At the end of a session's first complete run: install the pushState -> replaceState rule and write the run's
    URL with replaceState, so opening a page adds exactly one history entry."""
    if st.session_state.get(_INSTALLED):
        return
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    for name, value in st.session_state.pop(_PENDING, {}).items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value if isinstance(value, list) else [value]
    st.session_state[_INSTALLED] = True
    st.session_state[WRITTEN_BY_SCRIPT] = params   # what the script writes, for tests without a browser (AppTest)
    query = json.dumps(urllib.parse.urlencode([(k, v) for k, vs in params.items() for v in vs], safe=",:"))
    script = (_HISTORY_RULE + "\n(function () { var q = " + query + ";"
              " var url = window.location.pathname + (q ? '?' + q : '') + window.location.hash;"
              " window.history.replaceState(window.history.state, '', url); })();")
    with st.sidebar:
        st.html("<script>" + script + "</script>", unsafe_allow_javascript=True)


def date_field(container: Any, view: View, name: str, lo: dt.date, hi: dt.date, label: str | None = None) -> None:
    """The view's date `name` as a text field in `container` (labelled "Bekend op", with its help, unless `label`
    names another date); Enter, or leaving the field, applies it (dashboard/datefield.py says why a text field)."""
    language = lang()
    text_key, shown_key, error_key = (f"{view.key(name)}.{part}" for part in ("text", "shown", "error"))
    current = view.get(name)
    if st.session_state.get(shown_key) != current:   # the date changed elsewhere (a link, a briefing): show it
        st.session_state[text_key] = datefield.written(current)
        st.session_state[shown_key] = current

    def apply() -> None:
        text = st.session_state.get(text_key) or ""
        try:
            value = datefield.parse(text)
        except ValueError:
            st.session_state[error_key] = t("w.as_of_invalid", language, value=_show([text.strip()]))
            return
        if not lo <= value <= hi:
            st.session_state[error_key] = t("w.as_of_range", language, value=datefield.written(value),
                                            lo=datefield.written(lo), hi=datefield.written(hi))
            return
        st.session_state.pop(error_key, None)
        st.session_state[view.key(name)] = value
        st.session_state[shown_key] = value
        st.session_state[text_key] = datefield.written(value)

    container.text_input(label or t("w.as_of", language), key=text_key, placeholder=t("w.as_of_placeholder", language),
                         help=t("w.date_help", language) if label else t("w.as_of_help", language), on_change=apply,
                         validate=(datefield.PATTERN, t("w.as_of_pattern", language)))
    if error := st.session_state.get(error_key):
        container.warning(error, icon=":material/event_busy:")


def year_range_slider(container: Any, view: View, offered: tuple[int, int], label: str) -> None:
    """The year range of `view` as a slider offering `offered`: the years its charts have figures for, not the
    database's whole span (no 2007-2027 axis for a series that starts in 2011).

    The untouched default narrows to `offered`; years a link chose explicitly stay offered. The ends stay put while
    the reader moves a thumb inward (a link's 2010-2023 on data up to 2022, then ArrowLeft): a slider whose ends change
    is a new widget to Streamlit, which would reset it to its full range and lose the presses. They are held per
    session for as long as `offered` stays the same. One year only: a caption instead of a slider."""
    key = view.key("years")
    chosen = tuple(st.session_state.get(key, view.get("years")))
    if chosen == tuple(view.params["years"].default):
        clamped = (min(max(chosen[0], offered[0]), offered[1]), max(min(chosen[1], offered[1]), offered[0]))
        if chosen != clamped:
            st.session_state[key] = clamped
    else:
        held_key = f"_offered.{key}"
        held = st.session_state.get(held_key)
        widened = (min(offered[0], chosen[0]), max(offered[1], chosen[1]))
        if held and held[0] == offered:
            widened = (min(widened[0], held[1][0]), max(widened[1], held[1][1]))
        st.session_state[held_key] = (offered, widened)
        offered = widened
    if offered[0] < offered[1]:
        container.slider(label, offered[0], offered[1], key=key, step=1)
    else:
        container.caption(t("w.one_year", year=offered[0]))
