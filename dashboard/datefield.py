"""A date typed as the reader writes it (20-10-2024), applied on Enter.

Streamlit's `st.date_input` (1.67) applies a typed date only when focus leaves the whole widget: Enter does nothing,
and so does Tab (it moves to the widget's own calendar button). `st.text_input` applies on Enter and on leaving the
field, and checks the pattern in the browser before it sends anything. So the date is a text field here, parsed on
the server into the view's date (the URL keeps `asof=2024-10-20`); a date that does not exist or falls outside the
allowed range is named in a warning and the view keeps the date it had.
"""

from __future__ import annotations

import datetime as dt
import re

import streamlit as st

from .i18n import lang, t
from .state import View, _show

# what the browser lets through: a day-month-year date with -, / or . between, or an ISO date
PATTERN = r"^\s*(\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{1,2}-\d{1,2})\s*$"
_DMY = re.compile(r"\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*")
_ISO = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")


def parse(text: str) -> dt.date:
    """20-10-2024, 20/10/2024, 20.10.2024, 2024-10-20 -> a date; ValueError when it is no date."""
    if m := _DMY.fullmatch(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise ValueError(text)
    return dt.date(year, month, day)   # ValueError for 31-02-2024


def written(value: dt.date) -> str:
    return value.strftime("%d-%m-%Y")


def date_field(container, view: View, name: str, lo: dt.date, hi: dt.date, label: str | None = None) -> None:
    """The view's date `name` as a text field in `container` (labelled "Bekend op", with its help, unless `label`
    names another date); Enter, or leaving the field, applies it."""
    language = lang()
    text_key, shown_key, error_key = (f"{view.key(name)}.{part}" for part in ("text", "shown", "error"))
    current = view.get(name)
    if st.session_state.get(shown_key) != current:   # the date changed elsewhere (a link, a briefing): show it
        st.session_state[text_key] = written(current)
        st.session_state[shown_key] = current

    def apply() -> None:
        text = st.session_state.get(text_key) or ""
        try:
            value = parse(text)
        except ValueError:
            st.session_state[error_key] = t("w.as_of_invalid", language, value=_show([text.strip()]))
            return
        if not lo <= value <= hi:
            st.session_state[error_key] = t("w.as_of_range", language, value=written(value), lo=written(lo),
                                            hi=written(hi))
            return
        st.session_state.pop(error_key, None)
        st.session_state[view.key(name)] = value
        st.session_state[shown_key] = value
        st.session_state[text_key] = written(value)

    container.text_input(label or t("w.as_of", language), key=text_key, placeholder=t("w.as_of_placeholder", language),
                         help=t("w.date_help" if label else "w.as_of_help", language), on_change=apply,
                         validate=(PATTERN, t("w.as_of_pattern", language)))
    if error := st.session_state.get(error_key):
        container.warning(error, icon=":material/event_busy:")
