"""The domain's vocabulary is data: a new nationality or reporting organisation is one row in data/breakdowns.csv,
labelled in both languages on a chart and in its downloads; a word the vocabulary does not know is an ETL problem
naming file, line and column. The files are in tests/fixtures/data (a copy of data/'s vocabulary)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from dashboard import breakdowns, chartmodel, charts, render, views, vocabulary
from dashboard.chartmodel import ComparabilityError
from dashboard.i18n import format_value, value_label
from dashboard.tables import download_long, download_wide
from etl.build import build, problems_in


def _append(path: Path, *rows: list[str]) -> int:
    """Appends rows to a CSV file; the line number of the first one."""
    with path.open(encoding="utf-8") as handle:
        first = sum(1 for _ in handle) + 1
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return first


def _comensha_2023(breakdown: str, value: int, words: str) -> list[str]:
    """A figure of the fixture's CoMensha registrations for 2023 in a breakdown, from the source the total has."""
    return ["victims_registered_comensha", "2023", breakdown, str(value), "", "", "", "reported", "2025-04-15",
            "ah-2024-2025-1651", f"Daarvan waren er {value} {words}.", ""]


def test_a_new_nationality_and_reporting_organisation_are_one_row_each(fixture_data: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _append(fixture_data / "breakdowns.csv",
            ["nationaliteit:Eritrees", "Eritrees", "Eritrean", "7"],
            ["aanmelder:Leger des Heils", "Leger des Heils", "Salvation Army", "11"])
    _append(fixture_data / "figures" / "figures.csv",
            _comensha_2023("nationaliteit:Eritrees", 23, "Eritrees"),
            _comensha_2023("nationaliteit:Pools", 41, "Pools"),
            _comensha_2023("aanmelder:Leger des Heils", 17, "door het Leger des Heils gemeld"))
    db = tmp_path / "new-words.duckdb"
    build(fixture_data, db)
    monkeypatch.setenv("MENSENHANDEL_DB", str(db))

    expected = {"nl": ("nationaliteit: Eritrees", "aanmelder: Leger des Heils"),
                "en": ("nationality: Eritrean", "reported by: Salvation Army")}
    for language, (nationality, organisation) in expected.items():
        by_nationality = views.charts_of("trends", views.parse(
            "trends?ind=victims_registered_comensha&bd=dim:nationaliteit")[1], language).spec("trends")
        legend = {trace.name for trace in charts.build(by_nationality).data if trace.name}
        assert any(name.endswith(nationality) for name in legend), legend
        assert any(name.endswith(nationality.replace("Eritrees", "Pools").replace("Eritrean", "Polish"))
                   for name in legend), legend

        organisation_spec = views.charts_of("trends", views.parse(
            "trends?ind=victims_registered_comensha&bd=aanmelder:Leger des Heils")[1], language).spec("trends")
        assert organisation_spec.download is not None   # the CSV and Excel downloads, as render.downloads makes them
        text = render.csv_bytes(download_long(organisation_spec.download, language), language).decode("utf-8-sig")
        assert organisation in text and "17" in text
        book = openpyxl.load_workbook(io.BytesIO(render.excel_bytes(
            {"long": download_long(organisation_spec.download, language),
             "wide": download_wide(by_nationality.download, language)})))   # a column per nationality
        for sheet, label in zip(book.worksheets, (organisation, nationality), strict=True):
            cells = {str(c.value) for row in sheet.iter_rows() for c in row}
            assert any(label in c for c in cells), (sheet.title, cells)


def test_a_breakdown_missing_from_the_vocabulary_is_an_etl_problem_naming_file_and_line(fixture_data: Path) -> None:
    line = _append(fixture_data / "figures" / "figures.csv", _comensha_2023("nationaliteit:Fries", 5, "Fries"))
    found = [str(p) for p in problems_in(fixture_data)]
    assert any(p.startswith(f"data/figures/figures.csv line {line}, column breakdown: 'nationaliteit:Fries' is not "
                            "a breakdown of data/breakdowns.csv") for p in found), found


@pytest.mark.parametrize(("file", "row", "column", "message"), [
    ("breakdowns.csv", ["aanmelder:KMar", "KMar", "KMar", "12"], "breakdown", "'aanmelder:KMar' is already on line"),
    ("breakdowns.csv", ["nationaliteit:Fries", "Fries", "", "9"], "label_en", "is empty"),
    ("breakdowns.csv", ["regio:Noord", "Noord", "North", "1"], "breakdown", "unknown dimension 'regio'"),
    ("breakdown_dimensions.csv", ["regio", "regio", "region", "", "region", "11", "true"], "label_nl", "is empty"),
    ("breakdown_dimensions.csv", ["regio", "regio", "region", "regio", "region", "11", "misschien"], "exclusive",
     "is not true or false"),
    ("series_colours.csv", ["om_sepot_share", "blue"], "colour", "'blue' is not a colour: write it as #rrggbb"),
    ("series_colours.csv", ["victims_registered_nr", "#E69F00"], "series", "'victims_registered_nr' is not an indicator"),
    ("series_colours.csv", ["seksueel", "#000000"], "series", "'seksueel' is already on line"),
    ("units.csv", ["persons", "personen", "persons", "true", "0", "count", "false"], "unit", "is already on line"),
    ("units.csv", ["uren", "uren", "hours", "true", "0", "duration", "false"], "style", "'duration' is not one of"),
    ("domains.csv", ["preventie", "preventie", "", "9"], "label_en", "is empty"),
    ("domains.csv", ["preventie", "preventie", "prevention", "3"], "order", "3 is also the order of vervolging"),
    ("chain_steps.csv", ["appeals", "9", "true", "verdicts"], "share_of", "'verdicts' is not another step"),
])
def test_a_bad_vocabulary_row_is_named_with_file_line_and_column(fixture_data: Path, file: str, row: list[str],
                                                                  column: str, message: str) -> None:
    line = _append(fixture_data / file, row)
    found = [str(p) for p in problems_in(fixture_data)]
    assert any(p.startswith(f"data/{file} line {line}, column {column}: ") and message in p for p in found), found


def test_an_unknown_unit_in_the_catalogue_names_the_allowed_ones_from_units_csv(fixture_data: Path) -> None:
    path = fixture_data / "indicators.csv"
    text = path.read_text(encoding="utf-8").replace(",investigations,opsporing,", ",hours,opsporing,", 1)
    path.write_text(text, encoding="utf-8")
    found = [str(p) for p in problems_in(fixture_data)]
    assert any(p.startswith("data/indicators.csv line 2, column unit: 'hours' is not one of: persons, cases")
               and "per_100k" not in p for p in found), found   # a computed unit is not one a figure is counted in


def test_the_vocabulary_reads_as_the_dashboard_wrote_it_before() -> None:
    """Labels, formats, orders and colours from the fixture's vocabulary files, as the code had them."""
    assert value_label("breakdown", "seksueel_herkomst:Afrika", "en") == "sexual exploitation, origin: Africa"
    assert value_label("breakdown", "aanmelder:KMar", "nl") == "aanmelder: KMar"
    assert value_label("breakdown", "vorm:seksueel en arbeid", "en") == "form: sexual and labour"
    assert value_label("breakdown", "nationaliteit:Onbekend", "nl") == "nationaliteit: Onbekend"   # passes through
    assert value_label("unit", "per_100k", "nl") == "per 100.000 inwoners"
    assert value_label("domain", "berechting", "en") == "adjudication"
    assert breakdowns.dimension_label("aanmelder", "en") == "reporting organisation"
    assert breakdowns.dimension_label("seksueel_herkomst", "nl") == "herkomst (seksuele uitbuiting)"
    assert charts.unit_axis("euros", "nl") == {"y_format": ",.0f", "y_prefix": "€ "}
    assert charts.unit_axis("change_pp", "en") == {"y_format": ",.1f"}
    # CLDR's short form of a Dutch amount, with no-break spaces (dashboard/i18n.py _with_unit)
    assert format_value(2_300_000, "euros", language="nl") == "€\u00a02,3\u00a0mln."
    assert format_value(45, "percent", language="nl") == "45%"
    assert vocabulary.domain_order()[:3] == ("signalering", "opsporing", "vervolging")
    assert vocabulary.chain_steps()[0] == "registrations" and vocabulary.beside_the_chain() == (
        "registrations", "investigations")
    assert vocabulary.forms() == ["seksueel", "arbeid", "crimineel", "overig"]
    assert vocabulary.scope_of("labour_exploitation_investigations") == "all_forms"   # not in the fixture
    assert chartmodel.colour_of("om_sepot_share|seksueel|") == "#D55E00"


def test_groups_that_overlap_are_not_stacked() -> None:
    """Registrations by reporting organisation add up to more than the victims (one victim, several reporters):
    data/breakdown_dimensions.csv says its groups are not exclusive."""
    with pytest.raises(ComparabilityError, match="overlap"):
        chartmodel.check_stack(["aanmelder:KMar", "aanmelder:politie"])
    chartmodel.check_stack(["nationaliteit:Pools", "nationaliteit:Nederlands"])


def test_a_rebuild_brings_the_new_words_without_a_restart(fixture_data: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "rebuilt.duckdb"
    build(fixture_data, db)
    monkeypatch.setenv("MENSENHANDEL_DB", str(db))
    assert value_label("unit", "persons", "en") == "persons"
    units = fixture_data / "units.csv"
    units.write_text(units.read_text(encoding="utf-8").replace("persons,personen,persons,", "persons,personen,people,"),
                     encoding="utf-8")
    build(fixture_data, db)
    assert value_label("unit", "persons", "en") == "people"
