"""A date typed as the reader writes it (20-10-2024), applied on Enter.

Streamlit's `st.date_input` (1.67) applies a typed date only when focus leaves the whole widget: Enter does nothing,
and so does Tab (it moves to the widget's own calendar button). `st.text_input` applies on Enter and on leaving the
field, and checks the pattern in the browser before it sends anything. So the date is a text field here, parsed on
the server into the view's date (the URL keeps `asof=2024-10-20`); a date that does not exist or falls outside the
allowed range is named in a warning and the view keeps the date it had. The widget itself is the web layer's
(`state.date_field`); what a typed date means is here, without Streamlit.
"""

from __future__ import annotations

import datetime as dt
import re

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
