"""Entry point: page set-up, the language (URL `lang=nl|en`, switch in the sidebar) and the navigation.

Run with `streamlit run app.py` (or `bash scripts/run.sh`, which builds the database first).
"""

import streamlit as st

from dashboard import db, state
from dashboard.i18n import LANGUAGES, format_date, t

st.set_page_config(page_title="Mensenhandel in cijfers", page_icon=":material/bar_chart:", layout="wide")

language = state.View("app", [state.language_param()], check_unknown=False, per_language=False)
language.restore()
st.session_state["lang"] = language.get("lang")
with st.sidebar:
    st.segmented_control(t("app.language"), LANGUAGES, key=language.key("lang"), format_func=str.upper,
                         required=True)
language.publish()

PAGES = [
    ("pages/overzicht.py", "page.overview", ":material/dashboard:", "overzicht"),
    ("pages/trends.py", "page.trends", ":material/show_chart:", "trends"),
    ("pages/revisies.py", "page.revisions", ":material/difference:", "revisies"),
    ("pages/strafrechtketen.py", "page.chain", ":material/gavel:", "strafrechtketen"),
    ("pages/opvang.py", "page.shelter", ":material/home_health:", "opvang"),
    ("pages/doelen.py", "page.targets", ":material/flag:", "doelen"),
    ("pages/bronnen.py", "page.sources", ":material/menu_book:", "bronnen"),
    ("pages/briefing.py", "page.briefing", ":material/slideshow:", "briefing"),
]
navigation = st.navigation([st.Page(path, title=t(title), icon=icon, url_path=url, default=(n == 0))
                            for n, (path, title, icon, url) in enumerate(PAGES)])
# After st.navigation: Streamlit treats the app as an old-style pages/ app (deep links run the page script alone)
# until st.navigation has been called once, so it must be called even when the database check below stops the run.
info = db.require()
with st.sidebar:
    st.caption(t("fresh.built", when=format_date(str(info.built_at)[:10])) + " · "
               + t("fresh.newest", when=format_date(str(info.newest_source)[:10])))
try:
    navigation.run()
except db.DatabaseUnavailable as exc:  # the file changed or went bad after require() above
    db.explain(exc)
