"""The briefing this browser works on: kept in the store (dashboard/store.py), named in the URL (`b=`).

Every run `attach()` (from app.py) finds the briefing: the URL's `b=` (a reload, a shared briefing), else the one this
session already had, else the newest of the ids this browser remembers in a cookie (a link opened in a new tab, a
browser restart). It then reads the newest stored version, so a reload or another tab's edit is never lost.

Edits go through `edit(mutate)`, which saves on the version the reader saw (compare-and-swap in the store): when
another tab saved in between, nothing is overwritten; the newer version is loaded and `conflict()` says which edit was
not saved. A new briefing is stored only at its first edit, so visitors who never collect a chart leave no rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import streamlit as st

from . import briefing as model
from . import state, store
from .state import lang, t

PARAM = "b"
COOKIE = "mh_briefings"
RECENT = 8
_ID, _VERSION, _BRIEFING, _RECENT, _CONFLICT, _COOKIE_SET = (
    "brief.id", "brief.version", "briefing", "brief.recent", "brief.conflict", "brief.cookie")


def current() -> model.Briefing:
    """The briefing as last loaded or saved (an empty, unsaved one before the first edit)."""
    return st.session_state.setdefault(_BRIEFING, model.Briefing(language=lang()))


def current_id() -> str | None:
    return st.session_state.get(_ID)


def version() -> int:
    return st.session_state.get(_VERSION, 0)


def recent() -> list[str]:
    return list(st.session_state.get(_RECENT, []))


def attach() -> None:
    """Find this browser's briefing (URL, session, cookie), load its newest version, and keep `b=` in the URL."""
    try:
        db = store.get()
    except OSError as exc:   # an unwritable folder: the dashboard works, the briefing is not kept
        st.sidebar.warning(t("store.unavailable", path=str(store.store_path()), error=str(exc)[:120]))
        return
    if db.recovered is not None and not st.session_state.get("brief.recovered_shown"):
        st.session_state["brief.recovered_shown"] = True
        st.warning(t("store.recovered", name=db.recovered.name), icon=":material/healing:")
    if _RECENT not in st.session_state:
        st.session_state[_RECENT] = _cookie_ids()
    wanted = st.query_params.get(PARAM)
    ident = current_id()
    if wanted and wanted != ident:
        if store.valid_id(wanted) and db.load(wanted) is not None:
            ident = wanted
        else:
            st.warning(t("store.unknown", id=_short(wanted)), icon=":material/link_off:")
            state.write_url(remove=[PARAM])
    if ident is None and not st.session_state.get("brief.new"):
        for candidate in recent():
            if db.load(candidate) is not None:
                ident = candidate
                break
    if ident is not None:
        record = db.load(ident)
        if record is None:   # removed from the store (a fresh store after damage)
            _forget(ident)
        else:
            _use(record)
    ident = current_id()
    if ident and state.url_value(PARAM) != ident:
        state.write_url({PARAM: ident})
    _remember_in_browser()


def edit(mutate: Callable[[model.Briefing], None], what: str = "") -> bool:
    """Apply `mutate` to the version the reader saw and store it; False (and a conflict message) when another tab
    saved a newer version first: that version is loaded, nothing of it is overwritten."""
    draft = store._copy(current())
    draft.language = lang()
    mutate(draft)
    db = store.get()
    ident = current_id()
    try:
        record = db.create(draft) if ident is None else db.save(ident, draft, version())
    except store.Conflict as exc:
        _use(exc.current)
        st.session_state[_CONFLICT] = t("store.conflict", version=exc.current.version,
                                        what=what or t("store.your_edit"))
        return False
    except KeyError:   # gone from the store: keep the edit in a new briefing rather than lose it
        record = db.create(draft)
    _use(record)
    return True


def add(item: model.Item) -> tuple[bool, str]:
    """Add a chart to the newest version of the briefing; refused (with the reason) when it is already in it."""
    if (ident := current_id()) is not None:
        record = store.get().load(ident)
        if record is not None:
            _use(record)
    if any(_same(item, other) for other in current().items):
        return False, t("c.already_briefing", n=len(current().items))
    if len(current().items) >= model.MAX_ITEMS:
        return False, t("brief.items", limit=model.MAX_ITEMS)
    for _ in range(3):   # another tab may save between our read and our write: then add to its version
        if edit(lambda b: b.items.append(item)):
            st.session_state.pop(_CONFLICT, None)
            n = len(current().items)
            return True, t("c.added_briefing_one" if n == 1 else "c.added_briefing", n=n)
    return False, st.session_state.get(_CONFLICT, "")


def start_new() -> None:
    """An empty briefing; stored (and given an id) at its first edit."""
    for key in (_ID, _VERSION, _CONFLICT):
        st.session_state.pop(key, None)
    st.session_state[_BRIEFING] = model.Briefing(language=lang())
    st.session_state["brief.new"] = True
    if state.url_value(PARAM) is not None:
        state.write_url(remove=[PARAM])


def switch(ident: str) -> None:
    record = store.get().load(ident)
    if record is not None:
        st.session_state.pop(_CONFLICT, None)
        _use(record)


def conflict() -> str | None:
    """The message of the last refused edit, once."""
    return st.session_state.pop(_CONFLICT, None)


def permalink_query() -> list[tuple[str, str]]:
    """The address bar's parameters that describe a view (the briefing id is not part of any view)."""
    return [(k, ",".join(st.query_params.get_all(k))) for k in st.query_params if k != PARAM]


# --- inside --------------------------------------------------------------------------------------------------------

def _use(record: store.Record) -> None:
    st.session_state[_ID], st.session_state[_VERSION] = record.id, record.version
    st.session_state[_BRIEFING] = record.briefing
    st.session_state.pop("brief.new", None)
    ids = [record.id] + [i for i in recent() if i != record.id]
    st.session_state[_RECENT] = ids[:RECENT]


def _forget(ident: str) -> None:
    st.session_state[_RECENT] = [i for i in recent() if i != ident]
    for key in (_ID, _VERSION):
        st.session_state.pop(key, None)
    st.session_state[_BRIEFING] = model.Briefing(language=lang())


def _same(a: model.Item, b: model.Item) -> bool:
    return a.chart == b.chart and _without_lang(a.view) == _without_lang(b.view)


def _without_lang(view: str) -> str:
    import urllib.parse

    parts = urllib.parse.urlsplit(view)
    query = sorted((k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if k != "lang")
    return parts.path.strip("/") + "?" + urllib.parse.urlencode(query)


def _short(value: str) -> str:
    from .state import _show

    return _show([value])[:24]


def _cookie_ids() -> list[str]:
    try:
        raw = st.context.cookies.get(COOKIE, "")
    except Exception:   # no browser request (AppTest, bare mode)
        raw = ""
    return [i for i in str(raw).split(".") if store.valid_id(i)][:RECENT]


def _remember_in_browser() -> None:
    """The recent ids in a cookie of this site (a year), so a new tab or a restarted browser finds the briefing.
    Written only when the list changed; the ids are URL-safe, so they need no escaping."""
    ids = ".".join(i for i in recent() if store.valid_id(i))
    if not ids or st.session_state.get(_COOKIE_SET) == ids or ids == ".".join(_cookie_ids()):
        return
    st.session_state[_COOKIE_SET] = ids
    cookie = json.dumps(f"{COOKIE}={ids}; path=/; max-age=31536000; SameSite=Lax")
    with st.sidebar:
        st.html(f"<script>document.cookie = {cookie};</script>", unsafe_allow_javascript=True)
