"""Every page with Streamlit's AppTest on the shipped data/: it renders, and shows the sources' own figures.

Where the expected values come from (data/figures/*.csv, the source id in the figure's row):
- labour-exploitation investigations 15 -> 28 (2022) and 8 -> 21 (2023): the Labour Inspectorate's recount,
  first published in ah-2024z16674 / nr-2024-10-18, recounted in the January 2025 document (see data/notes.csv);
- 944 registered victims in 2024 (the Rapporteur's count, the newest of the quantity): see data/figures/signalering.csv;
  CoMensha's own count ends at 814 for 2022 (second audit, finding 4: 868 for 2023 is the Rapporteur's figure);
- targets: data/targets.csv (each row its source and quote).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from dashboard import briefing, db, decks, views
from tests.helpers import PAGES, cells_of, open_app, page_frames, page_tables, page_text


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_shipped_data(real_db: Path, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    monkeypatch.setenv("MENSENHANDEL_DB", str(real_db))
    at = open_app(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error


@pytest.mark.parametrize("lang, column, reading", [
    ("nl", "Interpretatie", "zorgcoördinatie in alle 35 centrumgemeenten Vrouwenopvang, een dekkingsgraad van 100%"),
    ("en", "Interpretation", "care coordination in all 35 central municipalities for women's shelter, a coverage of 100%"),
])
def test_target_without_a_number_shows_how_it_is_read(real_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                      lang: str, column: str, reading: str) -> None:
    """care-coordination-national: the source names no number (and no due year, issue 13); the table, the note under
    the indicator's chart and the targets download say how the dashboard reads it (100%), in the reader's language."""
    monkeypatch.setenv("MENSENHANDEL_DB", str(real_db))
    at = open_app("doelen", lang=lang, ind="care_coordination_coverage")
    assert not at.exception, [e.value for e in at.exception]
    table = page_tables(at)[0]
    read = table[table[column].str.contains(reading, regex=False)]
    assert len(read) == 1
    assert {"Landelijk netwerk van zorgcoördinatie (zonder doeljaar)", "National network of care coordination (no due year)"} & set(
        read.iloc[:, 0])
    note = [c.value for c in at.caption if reading in c.value]
    assert note and ("Zo leest het dashboard het doel" if lang == "nl" else "How the dashboard reads the target") \
        in note[0]
    raw = views.charts_of("doelen", {"replaced": False, "ind": "care_coordination_coverage"}, lang).download
    assert reading in raw.set_index("id").loc["care-coordination-national", f"interpretation_{lang}"]


def test_shipped_data_overview_and_revisions(real_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENSENHANDEL_DB", str(real_db))
    assert "944" in {m.value for m in open_app().metric}   # the Rapporteur's 2024, the newest of the quantity
    revisions = page_frames(open_app("revisies"))[0]
    labour = revisions[revisions["Periode"] == "2022"]
    assert {"15 (gemeld)"} <= set(labour["Eerste versie"]) and any(v.startswith("28 ") for v in labour["Laatste versie"])


def test_no_internal_id_in_the_text_of_doelen(real_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The notes on police suspects mention `om_suspects_registered`; the reader sees the indicator's name."""
    monkeypatch.setenv("MENSENHANDEL_DB", str(real_db))
    at = open_app("doelen", ind="police_suspects_to_om")
    text = page_text(at) + "\n".join(cells_of(page_frames(at) + page_tables(at)))
    assert "om_suspects_registered" not in text and "police_suspects_to_om" not in text
    names = views.indicator_names("nl")
    assert names["om_suspects_registered"] in text
    assert "niet gehaald" in set(page_tables(at)[0]["Status"])   # the 2019 norm of 190: 145 in 2019


def test_changes_page_lists_the_recount_with_note_and_both_sources(real_db: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENSENHANDEL_DB", str(real_db))
    at = open_app("wijzigingen", **{"from": "2024-10-01", "to": "2025-01-01"})
    assert not at.exception, [e.value for e in at.exception]
    revised = page_tables(at)[0]
    labour = revised[revised["Indicator"].str.contains("arbeidsuitbuiting")].set_index("Periode")
    assert (labour.loc["2022", "Oud"], labour.loc["2022", "Nieuw"], labour.loc["2022", "Verschil"]) == (
        "15 (gemeld)", "28 (gecorrigeerd)", "+13 (+86,7%)")
    assert (labour.loc["2023", "Oud"], labour.loc["2023", "Nieuw"]) == ("8 (gemeld)", "21 (gecorrigeerd)")
    notes = [m.value for m in at.markdown if "na hertelling zijn het er 28 (2022) en 21 (2023)" in m.value]
    assert len(notes) == 1 and notes[0].startswith("**Opsporingsonderzoeken arbeidsuitbuiting"), "once per indicator"
    assert "2024Z16674" in labour.loc["2022", "Bron laatste"] and labour.loc["2022", "Bron eerste"]
    assert "2 gecorrigeerd" in page_text(at)
    assert {"Download Excel"} <= {b.label for b in at.get("download_button")}


def test_changes_page_2012_registrations(real_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENSENHANDEL_DB", str(real_db))
    at = open_app("wijzigingen", **{"from": "2013-01-01", "to": "2015-01-01"}, lang="en")
    revised = page_tables(at)[0]
    row = revised[revised["Period"] == "2012"].iloc[0]
    assert (row["Old"], row["New"], row["Change"]) == ("more than 1,700 (provisional)", "1,711 (revised)", "revised")


def test_revision_statistics_with_their_n(real_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Labour-exploitation investigations, by hand: R = 13 and 13, so MR = MAR = 13 over n = 2; RMAR = 26 / 49."""
    monkeypatch.setenv("MENSENHANDEL_DB", str(real_db))
    at = open_app("revisies")
    stats = next(f for f in page_tables(at) if "Gem. herziening" in f.columns)
    row = stats[stats["Indicator"].str.contains("arbeidsuitbuiting")].iloc[0]
    assert (row["Cijfers"], row["Herzien"], row["Gem. herziening"], row["Gem. absolute herziening"]) == (
        2, 2, "+13 (n = 2)", "13 (n = 2)")
    assert row["Relatieve gem. abs. herziening"] == "53,1% (n = 2)"
    assert row["Grootste herziening"] == "2023: 8 → 21"
    assert any("grootste herziening (2023)" in c.value and "hertelling" in c.value for c in at.caption)
    assert any("geen trend" in i.value for i in at.info), "a handful of revisions is said to be no trend"


def test_shipped_overview_tells_a_story_one_card_per_quantity(real_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One card for registered victims, led by the newest figure of the quantity (the Rapporteur's 944 for 2024;
    CoMensha's own count for the latest year both have, 814 for 2022, in its help), old figures badged with their
    year, cards grouped along the chain, each with its years as a sparkline and a link to Trends."""
    monkeypatch.setenv("MENSENHANDEL_DB", str(real_db))
    result = views.charts_of("overzicht", {}, "nl")
    cards = {c.indicator: c for c in result.cards}
    assert "victims_registered_nr" in cards and "victims_registered_comensha" not in cards
    assert (cards["victims_registered_nr"].label, cards["victims_registered_nr"].value) == ("2024", "944")
    assert "(CoMensha): 814 (2022)" in cards["victims_registered_nr"].help
    assert result.groups[:5] == ["signalering", "opsporing", "vervolging", "berechting", "opvang"]
    assert cards["om_suspects_registered"].old == "oud: 2017" and cards["victims_registered_nr"].old is None
    assert len(cards["victims_registered_nr"].spark) > 5
    spark = cards["victims_registered_nr"].spark_svg
    first, last = cards["victims_registered_nr"].spark[0][0], cards["victims_registered_nr"].spark[-1][0]
    assert 'role="img"' in spark and 'aria-label="Verloop van Gemelde' in spark and "<title>" in spark
    assert f">{first}</text>" in spark and f">{last}</text>" in spark, "first and last year written"
    at = open_app()
    assert [m.value for m in at.metric].count("944") == 1
    assert any(h.value == "Signalering" for h in at.subheader)


def test_what_changed_goes_into_the_deck_as_a_table(real_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Labour Inspectorate's recount between October 2024 and January 2025: a native table slide after the
    chart, old → new per figure (15 → 28, 8 → 21)."""
    from pptx import Presentation

    monkeypatch.setenv("MENSENHANDEL_DB", str(real_db))
    item = briefing.Item(view="wijzigingen?from=2024-10-01&to=2025-01-01", chart="changes", title="Wat is er veranderd")
    deck = Presentation(io.BytesIO(decks.deck(briefing.Briefing(title="Kwartaal", items=[item]), db.build_info())))
    tables = [shape.table for slide in deck.slides for shape in slide.shapes if shape.has_table]
    assert tables, "a table slide"
    cells = [[cell.text for cell in row.cells] for table in tables for row in table.rows]
    assert cells[0][:4] == ["Indicator", "Periode", "Oud", "Nieuw"]
    labour = [row for row in cells if row[0].startswith("Opsporingsonderzoeken arbeidsuitbuiting")]
    assert {(row[1], row[2], row[3]) for row in labour} >= {("2022", "15 (gemeld)", "28 (gecorrigeerd)"),
                                                           ("2023", "8 (gemeld)", "21 (gecorrigeerd)")}
