"""The floor under a first visit: a bare Streamlit app whose Trends page holds one small plotly chart and nothing
else. The serving bench visits it as it visits the dashboard; what this costs, no app can go below with Streamlit
and plotly on the same machine and browser. Run by bench/browser.py, never by the dashboard."""

import plotly.graph_objects as go
import streamlit as st


def overzicht() -> None:
    st.title("Overzicht")


def trends() -> None:
    st.title("Trends")
    st.plotly_chart(go.Figure(go.Scatter(x=[2021, 2022, 2023], y=[1, 3, 2])), theme=None)


st.navigation([st.Page(overzicht, url_path="overzicht", default=True), st.Page(trends, url_path="trends")]).run()
