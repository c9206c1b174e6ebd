"""Every page with Streamlit's AppTest, on the fixture database built by the real ETL (tests/fixtures/data).
The shipped data's pages are tests/shipped/test_shipped_pages.py; the Trends page's own tests test_trends_page.py."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.build import build
from tests.helpers import APP, PAGES, as_the_browser_writes_it, cells_of, open_app, page_frames, page_tables, page_text


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(app, page: str, lang: str) -> None:
    at = app(page, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title, "every page has a title"


def test_overview_shows_latest_registrations_with_source(app) -> None:
    at = app()
    values = {m.value for m in at.metric}
    assert "868" in values
    assert "ca. 5.000" in values  # the estimate keeps its qualifier, in Dutch number format
    assert "Aanhangsel Handelingen 2024–2025, nr. 1651" in page_text(at)
    assert "Database gebouwd op" in page_text(at) or any("Database gebouwd" in c.value for c in at.sidebar.caption)


def test_overview_marks_corrected_figure(app) -> None:
    at = app()
    assert "gecorrigeerd" in [b.proto.body for b in at.get("badge")] or "gecorrigeerd" in page_text(at) or any(
        "gecorrigeerd" in str(e.proto) for e in at.main)


def test_revisions_page_shows_first_and_latest_with_sources(app) -> None:
    at = app("revisies")
    table = page_frames(at)[0]
    row_2022 = table[table["Periode"] == "2022"].iloc[0]
    assert row_2022["Eerste versie"] == "15 (gemeld)"
    assert row_2022["Laatste versie"] == "28 (gecorrigeerd)"
    assert row_2022["Verschil"] == "+13"
    assert "Nationaal Rapporteur, 18-10-2024" in row_2022["Bron eerste"]
    assert "2024Z16674" in row_2022["Bron laatste"]
    assert "hertelling" in row_2022["Noot"]
    row_2023 = table[table["Periode"] == "2023"].iloc[0]
    assert (row_2023["Eerste versie"], row_2023["Laatste versie"]) == ("8 (gemeld)", "21 (gecorrigeerd)")
    assert any("hertelling" in c.value for c in at.caption), "the note is listed under the chart"


@pytest.mark.parametrize("params, named", [
    ({"ind": "no_such_indicator"}, "ind"),
    ({"years": "1800-x"}, "years"),
    ({"vintage": "'; DROP TABLE figures; --"}, "vintage"),
    ({"asof": "2024-13-45"}, "asof"),
    ({"junk": "1"}, "junk"),
])
def test_bad_url_parameters_warn_and_are_dropped(app, params: dict, named: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/trends.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert any(f"`{named}`" in w.value for w in at.warning), [w.value for w in at.warning]
    assert at.title[0].value == "Trends"
    if named == "junk":
        assert "junk" not in at.query_params
    else:
        assert at.query_params[named] != params[named]


def test_bad_language_warns_and_falls_back_to_dutch(app) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "xx"
    as_the_browser_writes_it(at.run())
    assert any("`lang`" in w.value for w in at.warning)
    assert at.query_params["lang"] == "nl"


def test_language_switch_gives_english_everywhere(app) -> None:
    """The switch writes lang=en into the URL (clicking it is covered by the browser test); AppTest reruns only the
    page script after the first run, so the language is set the way a shared link sets it."""
    at = app(lang="en")
    switch = at.sidebar.segmented_control[0]
    assert (switch.label, switch.value) == ("Language", "en")
    assert at.header[0].value == "Headline figures"   # h2; the chain steps under it are h3
    at.switch_page("app_pages/trends.py")
    at.query_params.update({"bd": "arbeid", "ind": "labour_investigations"})
    at.run()
    assert at.query_params["lang"] == "en"
    assert at.multiselect[0].label == "Indicators"
    table = page_frames(at)[0]
    assert list(table.columns) == ["Indicator", "Period", "Breakdown", "Value", "Status", "Published", "Source"]
    assert set(table["Indicator"]) == {"Labour-exploitation investigations"}
    assert set(table["Breakdown"]) == {"labour exploitation"}
    assert "Indicatoren" not in page_text(at)


def test_english_number_format(app) -> None:
    at = app(lang="en")
    assert "about 5,000" in {m.value for m in at.metric}


def test_view_state_survives_a_page_switch(app) -> None:
    at = app("trends", ind="om_sepot_share", bd="totaal", years="2022-2023")
    at.switch_page("app_pages/overzicht.py").run()
    at.query_params.clear()   # Streamlit clears the URL on a page switch
    at.switch_page("app_pages/trends.py").run()
    assert at.multiselect[0].value == ["om_sepot_share"]
    assert at.query_params["years"] == "2022-2023"


def test_chain_shows_gaps_not_zeros(app) -> None:
    at = app("strafrechtketen")
    chain = page_frames(at)[0]
    suspects = chain[chain["Indicator"] == "OM-verdachten aangeleverd door politie"]
    assert suspects.empty or "0" not in set(suspects.drop(columns=["Stap", "Indicator"]).iloc[0])
    assert "45%" in cells_of(page_frames(at)), "the published sepot share is among the ratios"


def test_shelter_page_shows_share_of_estimate(app) -> None:
    at = app("opvang")
    cells = cells_of(page_frames(at))
    assert "ca. 17,4%" in cells   # 868 of about 5.000
    assert "€\u00a02,3\u00a0mln." in cells   # CLDR nl: the abbreviation with its full stop, no-break spaces


def test_targets_page_shows_status_and_source(app) -> None:
    at = app("doelen")
    table = page_tables(at)[0]
    assert set(table["Doelwaarde"]) == {"ten minste 220"}
    statuses = {"gehaald", "niet gehaald", "op koers", "niet op koers", "geen data"}
    assert all(s in statuses or re.fullmatch(r"geen cijfer voor \d{4}( \(.+\))?", s) for s in table["Status"])
    assert "Kamerstuk 36410 VI nr. 2" in set(table["Bron"])


def test_sources_page_lists_catalogue_sources_and_notes(app) -> None:
    at = app("bronnen")
    frames = {tuple(f.columns)[:2]: f for f in page_frames(at)}   # catalogue, coverage, known gaps, sources, notes
    catalogue = next(f for f in frames.values() if "id" in f)
    assert "labour_investigations" in set(catalogue["id"])
    sources = next(f for f in frames.values() if "Referentie" in f)
    assert "Aanhangsel Handelingen 2024–2025, nr. 1651" in set(sources["Referentie"])
    notes = next(f for f in frames.values() if "Noot" in f and "Soort" in f)
    assert any("hertelling" in n for n in notes["Noot"])
    coverage = next(f for f in frames.values() if "2022" in f)
    assert "✎" in set(coverage["2022"])   # the recount of the labour-exploitation investigations
    labels = {b.label for b in at.get("download_button")}
    assert {"CSV", "Excel", "Parquet"} <= labels


def test_missing_database_is_built(tmp_path: Path, fixture_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "new" / "mensenhandel.duckdb"
    monkeypatch.setenv("MENSENHANDEL_DB", str(db))
    monkeypatch.setenv("MENSENHANDEL_DATA", str(fixture_data))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert db.exists()
    assert "868" in {m.value for m in at.metric}


def test_unbuildable_database_explains_what_to_run(tmp_path: Path, fixture_data: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    figures = fixture_data / "figures" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",868,", ",8x8,"), encoding="utf-8")
    monkeypatch.setenv("MENSENHANDEL_DB", str(tmp_path / "none.duckdb"))
    monkeypatch.setenv("MENSENHANDEL_DATA", str(fixture_data))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "kon niet worden opgebouwd" in at.error[0].value
    code = "\n".join(c.value for c in at.code)
    assert "python -m etl" in code and "figures.csv" in code


def test_rebuilt_database_is_noticed(tmp_path: Path, fixture_data: Path, fixture_db: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert "868" in {m.value for m in at.metric}
    with open(fixture_data / "figures" / "figures.csv", "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerow(["victims_registered_comensha", "2024", "totaal", "1004", "", "", "", "reported",
                                     "2025-04-15", "ah-2024-2025-1651", "in 2024 waren het er 1004", ""])
    build(fixture_data, fixture_db)
    at.run()
    values = {m.value for m in at.metric}
    assert "1.004" in values


# --- Doelen: judged twice, replaced targets shown, no internal ids ----------------------------------------------

def test_targets_judged_on_first_and_latest_figure(fixture_data: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A target of 20 labour-exploitation investigations in 2022: missed on the first figure (15), met after the
    Labour Inspectorate's recount (28); the page says so in a sentence with the recount's note."""
    with open(fixture_data / "targets.csv", "a", encoding="utf-8") as handle:
        handle.write("t-labour,labour_investigations,arbeid,20,at_least,2022,,,nr-2023-10-18,"
                     "Het doel is ten minste 20 onderzoeken naar arbeidsuitbuiting,Twintig onderzoeken,Twenty\n")
    db = tmp_path / "twice.duckdb"
    build(fixture_data, db)
    monkeypatch.setenv("MENSENHANDEL_DB", str(db))
    at = open_app("doelen")
    assert not at.exception, [e.value for e in at.exception]
    table = page_tables(at)[0]
    row = table[table["Doel"].str.startswith("Twintig onderzoeken")].iloc[0]   # "(arbeidsuitbuiting)": not totaal
    assert (row["Status"], row["Op eerste cijfer"]) == ("gehaald", "niet gehaald")
    sentence = next(m.value for m in at.markdown if "Twintig onderzoeken" in m.value)
    assert "niet gehaald op het eerste cijfer (15), gehaald na de herziening (28, 2022)" in sentence
    assert "hertelling" in sentence


def test_replaced_targets_are_shown_marked_with_the_document_that_replaced_them(
        fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open(fixture_data / "targets.csv", "a", encoding="utf-8") as handle:
        handle.write("t-reset,police_suspects_to_om,totaal,240,at_least,2024,,,nr-2023-10-18,"
                     "The target was reset to 240 (45%),Bijgesteld doel,Reset target\n")
    db = tmp_path / "reset.duckdb"
    build(fixture_data, db)
    monkeypatch.setenv("MENSENHANDEL_DB", str(db))
    assert len(page_tables(open_app("doelen"))[0]) == 1
    table = page_tables(open_app("doelen", replaced="1"))[0]
    assert len(table) == 2
    replaced = table[table["Vervangen"] != ""]
    assert list(replaced["Doel"]) == ["Veiligheidsagenda: 220 OM-verdachten in 2024"]
    assert list(replaced["Vervangen"]) == ["vervangen door dutchrapporteur.nl, 18-10-2023"]


# --- Wat is er veranderd ----------------------------------------------------------------------------------------


def test_changes_page_starts_at_the_opened_briefing(app) -> None:
    """With a briefing opened in the session (saved 20 October 2024), the page compares from that date: the recount
    (published in 2024) is listed as corrected."""
    import datetime as dt

    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["brief.saved"] = dt.date(2024, 10, 20)
    at.run()
    at.switch_page("app_pages/wijzigingen.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.text_input[0].value == "20-10-2024"
    assert "bewaard (20 okt 2024)" in page_text(at)
    revised = page_tables(at)[0]
    assert set(revised["Nieuw"]) == {"28 (gecorrigeerd)", "21 (gecorrigeerd)"}


def test_changes_page_opens_on_the_newest_publications(app) -> None:
    """Three months before the newest publication in the fixture (15 April 2025), up to today: the default window
    is never empty, however long ago the newest figures were published."""
    import datetime as dt

    at = app("wijzigingen")
    assert at.text_input[0].value == (dt.date(2025, 4, 15) - dt.timedelta(days=91)).strftime("%d-%m-%Y")
    assert at.text_input[1].value == dt.date.today().strftime("%d-%m-%Y")
    assert "0 nieuwe cijfers" not in page_text(at)


# --- The briefing that keeps itself (dashboard/session.py, dashboard/store.py) ----------------------------------------

def _add_trends_chart(at: AppTest) -> str:
    next(b for b in at.button if b.key == "brief.trends").click().run()
    return at.toast[0].value


def _fields(at: AppTest) -> dict[str, str]:
    """The briefing page's text fields: the briefing's title, and title/takeaway of its first item."""
    out = {}
    for w in at.text_input:
        kind, rest = w.key.split(".")[1], w.key.split(".", 2)[2]
        out[kind if rest.count(".") == 1 else f"item_{kind}"] = w.value
    return out


def _briefing_page(b: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["b"] = b
    at.run()
    at.switch_page("app_pages/briefing.py")
    at.query_params["b"] = b
    at.run()
    return at


def test_briefing_survives_a_new_session_with_its_title_and_refuses_a_duplicate(app) -> None:
    at = app("trends")
    assert _add_trends_chart(at) == "Toegevoegd aan de briefing (1 onderdeel)."
    assert "staat al in de briefing" in _add_trends_chart(at)
    ident = at.query_params["b"]
    at.switch_page("app_pages/briefing.py")
    at.run()
    title = next(w for w in at.text_input if w.key.startswith("brief.title."))
    title.set_value("Debat mensenhandel").run()
    takeaway = next(w for w in at.text_input if w.key.startswith("brief.takeaway."))
    takeaway.set_value("868 meldingen in 2023").run()

    again = _briefing_page(ident)   # a reload: a new session with only the address bar
    assert not again.exception
    values = _fields(again)
    assert values["title"] == "Debat mensenhandel" and values["item_takeaway"] == "868 meldingen in 2023"
    assert len([w for w in again.text_input if w.key.startswith("brief.takeaway.")]) == 1, "added once, not twice"
    assert again.query_params["b"] == ident


def test_two_sessions_editing_one_briefing_one_gets_the_conflict_and_nothing_is_lost(app) -> None:
    first = app("trends")
    _add_trends_chart(first)
    ident = first.query_params["b"]
    tab_a, tab_b = _briefing_page(ident), _briefing_page(ident)
    next(w for w in tab_a.text_input if w.key.startswith("brief.title.")).set_value("Titel van A").run()
    next(w for w in tab_b.text_input if w.key.startswith("brief.takeaway.")).set_value("Boodschap van B").run()
    assert any("in een ander tabblad of venster gewijzigd" in w.value for w in tab_b.warning)
    assert "Titel van A" in [w.value for w in tab_b.text_input], "B now shows A's edit"
    next(w for w in tab_b.text_input if w.key.startswith("brief.takeaway.")).set_value("Boodschap van B").run()
    assert not tab_b.warning
    final = _briefing_page(ident)
    values = _fields(final)
    assert values["title"] == "Titel van A" and values["item_takeaway"] == "Boodschap van B"


def test_an_opened_briefing_file_restores_its_title(app) -> None:
    from dashboard import briefing
    body = briefing.dumps(briefing.Briefing(title="Kamerdebat november", items=[
        briefing.Item(view="trends?ind=victims_registered_comensha", chart="trends", title="Meldingen")]))
    at = app("briefing")
    at.file_uploader[0].upload("debat.briefing.json", body, "application/json").run()
    assert "Kamerdebat november" in [w.value for w in at.text_input]


def test_an_unknown_briefing_id_in_the_link_is_named_and_dropped(app) -> None:
    at = app("trends", b="nietbestaand-0123456789abc")
    assert any("bestaat niet (meer)" in w.value for w in at.warning)
    assert "b" not in at.query_params
