"""Entry point: page set-up, the language (URL `lang=nl|en`, switch in the sidebar) and the navigation.

Run with `streamlit run app.py` (or `bash scripts/run.sh`, which builds the database first).
"""

import streamlit as st

from dashboard import db, logs, render, session, state
from dashboard.i18n import LANGUAGES, format_date
from dashboard.state import lang, t

logs.configure()
st.set_page_config(page_title="Mensenhandel in cijfers", page_icon=":material/bar_chart:", layout="wide")

language = state.View("app", [state.language_param()], check_unknown=False, per_language=False)
language.restore()
render.readable_text(language.get("lang"))
st.session_state["lang"] = language.get("lang")
with st.sidebar:
    st.segmented_control(t("app.language"), LANGUAGES, key=language.key("lang"), format_func=str.upper,
                         required=True)
language.publish()

PAGES = [
    ("app_pages/overzicht.py", "page.overview", ":material/dashboard:", "start"),   # served at /
    ("app_pages/trends.py", "page.trends", ":material/show_chart:", "trends"),
    ("app_pages/revisies.py", "page.revisions", ":material/difference:", "revisies"),
    ("app_pages/wijzigingen.py", "page.changes", ":material/history:", "wijzigingen"),
    ("app_pages/strafrechtketen.py", "page.chain", ":material/gavel:", "strafrechtketen"),
    ("app_pages/opvang.py", "page.shelter", ":material/home_health:", "opvang"),
    ("app_pages/doelen.py", "page.targets", ":material/flag:", "doelen"),
    ("app_pages/bronnen.py", "page.sources", ":material/menu_book:", "bronnen"),
    ("app_pages/briefing.py", "page.briefing", ":material/slideshow:", "briefing"),
]
pages = [st.Page(path, title=t(title), icon=icon, url_path=url, default=(n == 0))
         for n, (path, title, icon, url) in enumerate(PAGES)]


def overview_by_name() -> None:
    """/overzicht: the default page is served at / (Streamlit needs it a distinct url_path, "start"), but a link by
    its name should open it too, not Streamlit's "page not found"."""
    st.switch_page(pages[0], query_params=st.query_params.to_dict())


navigation = st.navigation(pages + [st.Page(overview_by_name, title=t("page.overview"), url_path="overzicht",
                                            visibility="hidden")])
# The page scripts live in app_pages/, not pages/: a pages/ folder would make Streamlit run a deep link's page script
# without this file on a fresh server. st.navigation comes before the database check so the router is always known.
arrived = st.session_state.get("_page") != navigation.url_path   # a page switch: its link's values apply afresh
st.session_state["_page"], st.session_state["_page_arrived"] = navigation.url_path, arrived
session.attach()   # this browser's briefing, from the URL (b=), the session or the browser's cookie
info = render.require_database()
with st.sidebar:
    st.caption(t("fresh.built", when=format_date(str(info.built_at)[:10], lang())) + " · "
               + t("fresh.newest", when=format_date(str(info.newest_source)[:10], lang())))
try:
    navigation.run()
except db.DatabaseUnavailable as exc:  # the file changed or went bad after require_database() above
    render.explain(exc)
state.install_history_rule()   # after the page: its first-run URL writes go into the address bar with the rule
