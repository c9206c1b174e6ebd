"""Briefing: the charts collected with "add to briefing", each with a title and a takeaway, in order; exported as a
PowerPoint deck, a PDF and an Excel appendix, and saved as a small file to make the briefing again next month."""

import datetime as dt
from functools import partial

import streamlit as st

from dashboard import briefing, db, decks, export, render, session, state, store
from dashboard.i18n import format_date
from dashboard.state import lang, t
from dashboard.views import changes

language = lang()


def _updated(ident: str) -> str:
    known = store.get().titles([ident]).get(ident)
    return known[2][:16].replace("T", " ") if known else ""


st.title(t("page.briefing"))
st.caption(t("brief.intro"))
view = state.View("briefing", [])   # the page takes no link parameters: unknown ones are named and dropped
view.restore()
view.publish()

message = session.conflict()
if message:
    st.warning(message, icon=":material/sync_problem:")
current = session.current()
current.language = language   # the briefing speaks the dashboard's language: no mixed slides
ident, version = session.current_id(), session.version()
scope = f"{ident}.{version}"   # widgets per stored version: a newer version (another tab, a file) shows its own text


def edit(mutate, what: str) -> None:
    session.edit(mutate, what)


def set_title(key: str) -> None:
    text = st.session_state[key]
    edit(lambda b: setattr(b, "title", text), t("store.edit_title", text=text[:60]))


def set_field(key: str, index: int, name: str) -> None:
    text = st.session_state[key]
    edit(lambda b: setattr(b.items[index], name, text), t("store.edit_item", n=index + 1, text=text[:60]))


def move(index: int, step: int) -> None:
    def swap(b):
        b.items[index], b.items[index + step] = b.items[index + step], b.items[index]
    edit(swap, t("store.edit_order"))


def remove(index: int) -> None:
    edit(lambda b: b.items.pop(index), t("store.edit_remove", n=index + 1))


def open_file(opened: briefing.Briefing) -> None:
    def replace(b):
        b.title, b.items[:] = opened.title, opened.items
        b.saved, b.build = opened.saved, opened.build   # when it was saved: what changed since is listed below
    st.session_state["brief.saved"] = dt.date.fromisoformat(opened.saved) if opened.saved else None
    if session.edit(replace, t("store.edit_file")):
        st.success(t("brief.opened", n=len(opened.items)))


upload = st.file_uploader(t("brief.open"), type=["json"], key="brief.upload", help=t("brief.upload_help"),
                          max_upload_size=1)   # MB; a briefing file is at most 200 kB (briefing.MAX_BYTES)
if upload is not None and st.session_state.get("brief.opened") != upload.file_id:
    try:
        opened = briefing.loads(upload.getvalue(), language)
    except briefing.BriefingError as exc:
        st.error(t("brief.problems") + "\n\n" + "\n".join(f"- {p}" for p in exc.problems))
    else:
        st.session_state["brief.opened"] = upload.file_id
        open_file(opened)
        current, ident, version = session.current(), session.current_id(), session.version()
        scope = f"{ident}.{version}"

title_key = f"brief.title.{scope}"
st.text_input(t("brief.title"), value=current.title, key=title_key, max_chars=briefing.MAX_TITLE,
              on_change=set_title, args=(title_key,))
if ident:
    st.caption(t("brief.kept", version=version, when=_when) if (_when := _updated(ident)) else "")

if current.saved and current.items:   # opened later: what changed since it was saved, before any export
    try:
        changed = changes.changed_since(briefing.slides(current), dt.date.fromisoformat(current.saved), language)
    except briefing.BriefingError:
        changed = None   # the export section names the views that no longer resolve
    if changed is not None and changed.empty:
        st.success(t("changes.since_none", date=format_date(current.saved, language)))
    elif changed is not None:
        st.warning(t("changes.since_title", date=format_date(current.saved, language)) + "  \n" + t("changes.since_intro"))
        table, notes = changes.split_notes(changed, language)
        render.show_text_table(table)
        for note in notes:
            st.caption(note)

if not current.items:
    st.info(t("brief.empty"))

for n, item in enumerate(current.items):
    with st.container(border=True):
        ident_n = f"{scope}.{n}"
        left, right = st.columns([5, 1])
        for name, label, limit in (("title", "brief.item_title", briefing.MAX_TITLE),
                                   ("takeaway", "brief.takeaway", briefing.MAX_TAKEAWAY)):
            key = f"brief.{name}.{ident_n}"
            left.text_input(t(label), value=getattr(item, name), key=key, max_chars=limit, on_change=set_field,
                            args=(key, n, name))
        left.caption(f"{t('brief.view')}: `{item.view}`")
        right.button(t("brief.up"), key=f"brief.up.{ident_n}", icon=":material/arrow_upward:", disabled=n == 0,
                     on_click=move, args=(n, -1), width="stretch")
        right.button(t("brief.down"), key=f"brief.down.{ident_n}", icon=":material/arrow_downward:",
                     disabled=n == len(current.items) - 1, on_click=move, args=(n, 1), width="stretch")
        right.button(t("brief.remove"), key=f"brief.rm.{ident_n}", icon=":material/delete:", on_click=remove,
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
            column.download_button(t(label), data=partial(make, current, build), file_name=f"{stem}.{suffix}",
                                   mime=mime, icon=":material/download:", key=f"brief.export.{suffix}",
                                   on_click="ignore", width="stretch")

others = [i for i in session.recent() if i != ident]
known = store.get().titles(others)
if known:
    st.subheader(t("brief.recent"))
for other in [i for i in others if i in known]:
    title, count, when = known[other]
    left, right = st.columns([5, 1])
    left.markdown(t("brief.recent_item", title=title or t("brief.untitled"), n=count,
                    when=when[:16].replace("T", " ")))
    right.button(t("brief.switch"), key=f"brief.switch.{other}", on_click=session.switch, args=(other,),
                 icon=":material/open_in_new:", width="stretch")
st.button(t("brief.new"), key="brief.new_button", on_click=session.start_new, icon=":material/note_add:")
