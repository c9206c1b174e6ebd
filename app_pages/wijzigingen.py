"""Wat is er veranderd: what was published between two dates (by default since the briefing opened in this session,
else the last three months): new, revised and corrected figures, new and changed notes, targets whose status changed."""

import datetime as dt

import streamlit as st

from dashboard import render, state, views
from dashboard.i18n import format_date
from dashboard.state import lang, t
from dashboard.views import changes

language = lang()
st.title(t("page.changes"))
st.caption(t("changes.intro"))

view = state.View("wijzigingen", views.params("wijzigingen"))
view.restore()
saved = st.session_state.get("brief.saved")   # the date the briefing opened in this session was saved
if saved and "from" not in st.query_params and st.session_state.get("changes.from_briefing") != saved:
    st.session_state["changes.from_briefing"] = saved
    st.session_state[view.key("from")] = saved
left, right, _ = st.columns([1, 1, 2])
for column, name in ((left, "from"), (right, "to")):
    state.date_field(column, view, name, changes.EARLIEST, dt.date.today(), label=t(f"changes.{name}"))
view.publish()
if saved and view.get("from") == saved:
    st.caption(t("changes.from_briefing", date=format_date(saved.isoformat(), language)))

result = views.charts_of("wijzigingen", view.values, language)
render.show_messages(result)
st.markdown(t("changes.summary", interval=result.interval, **result.counts._asdict()))

for part, table, notes in (("revised", result.revised, result.revised_notes), ("new", result.new, []),
                           ("notes", result.notes, []), ("targets", result.targets, [])):
    st.subheader(t(f"changes.{part}"))
    if table.empty:
        st.caption(t("changes.none"))
    elif part == "new":   # many short rows: a scrolling table
        render.show_table(table, key=f"changes-{part}")
    else:
        render.show_text_table(table)
    for note in notes:
        st.markdown(note)
render.downloads(result.download, "wijzigingen", language)
render.show_chart(result.chart)
