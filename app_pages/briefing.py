"""Briefing: the charts collected with "add to briefing", each with a title and a takeaway, in order; exported as a
PowerPoint deck, a PDF and an Excel appendix, and saved as a small file to make the briefing again next month."""

import datetime as dt

import streamlit as st

from dashboard import briefing, db, decks, export, render, state
from dashboard.i18n import format_date, lang, t
from dashboard.views import changes

language = lang()
st.title(t("page.briefing"))
st.caption(t("brief.intro"))
view = state.View("briefing", [])   # the page takes no link parameters: unknown ones are named and dropped
view.restore()
view.publish()

current = briefing.session_briefing()
current.language = language   # the briefing speaks the dashboard's language: no mixed slides

upload = st.file_uploader(t("brief.open"), type=["json"], key="brief.upload")
if upload is not None and st.session_state.get("brief.opened") != upload.file_id:
    try:
        opened = briefing.loads(upload.getvalue(), language)
    except briefing.BriefingError as exc:
        st.error(t("brief.problems") + "\n\n" + "\n".join(f"- {p}" for p in exc.problems))
    else:
        st.session_state["brief.opened"] = upload.file_id
        current.title, current.items[:] = opened.title, opened.items
        current.saved, current.build = opened.saved, opened.build
        st.session_state["brief.saved"] = dt.date.fromisoformat(opened.saved) if opened.saved else None
        st.session_state.pop("brief.title", None)
        st.success(t("brief.opened", n=len(opened.items)))

if current.saved and current.items:   # opened later: what changed since it was saved, before any export
    try:
        changed = changes.changed_since(briefing.slides(current), dt.date.fromisoformat(current.saved), language)
    except briefing.BriefingError:
        changed = None   # the export section names the views that no longer resolve
    if changed is not None and changed.empty:
        st.success(t("changes.since_none", date=format_date(current.saved)))
    elif changed is not None:
        st.warning(t("changes.since_title", date=format_date(current.saved)) + "  \n" + t("changes.since_intro"))
        table, notes = changes.split_notes(changed, language)
        render.show_text_table(table)
        for note in notes:
            st.caption(note)

current.title = st.text_input(t("brief.title"), value=current.title, key="brief.title", max_chars=briefing.MAX_TITLE)

if not current.items:
    st.info(t("brief.empty"))


def move(index: int, step: int) -> None:
    items = current.items
    items[index], items[index + step] = items[index + step], items[index]


def remove(index: int) -> None:
    del current.items[index]


for n, item in enumerate(current.items):
    with st.container(border=True):
        ident = f"{n}.{hash((item.view, item.chart))}"
        left, right = st.columns([5, 1])
        item.title = left.text_input(t("brief.item_title"), value=item.title, key=f"brief.t.{ident}",
                                     max_chars=briefing.MAX_TITLE)
        item.takeaway = left.text_input(t("brief.takeaway"), value=item.takeaway, key=f"brief.k.{ident}",
                                        max_chars=briefing.MAX_TAKEAWAY)
        left.caption(f"{t('brief.view')}: `{item.view}`")
        right.button(t("brief.up"), key=f"brief.up.{ident}", icon=":material/arrow_upward:", disabled=n == 0,
                     on_click=move, args=(n, -1), width="stretch")
        right.button(t("brief.down"), key=f"brief.down.{ident}", icon=":material/arrow_downward:",
                     disabled=n == len(current.items) - 1, on_click=move, args=(n, 1), width="stretch")
        right.button(t("brief.remove"), key=f"brief.rm.{ident}", icon=":material/delete:", on_click=remove,
                     args=(n,), width="stretch")

stem = briefing.file_stem(current)
st.download_button(t("brief.save"), data=briefing.dumps(briefing.stamped(current, db.build_info())),
                   file_name=f"{stem}.briefing.json", mime="application/json", icon=":material/save:",
                   key="brief.save", on_click="ignore")

if current.items:
    build = db.build_info()
    st.subheader(t("brief.export"))
    st.caption(t("brief.build", stamp=export.stamp(build, language)))
    try:
        briefing.slides(current)   # every view still resolves against this database: else say which does not
    except briefing.BriefingError as exc:
        st.error(t("brief.problems") + "\n\n" + "\n".join(f"- {p}" for p in exc.problems))
    else:
        columns = st.columns(3)
        for column, (label, make, suffix, mime) in zip(columns, (
                ("brief.pptx", decks.deck, "pptx",
                 "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
                ("brief.pdf", decks.pdf, "pdf", "application/pdf"),
                ("brief.xlsx", decks.workbook, "xlsx",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))):
            column.download_button(t(label), data=lambda make=make: make(current, build), file_name=f"{stem}.{suffix}",
                                   mime=mime, icon=":material/download:", key=f"brief.export.{suffix}",
                                   on_click="ignore", width="stretch")
