"""Downloads as an analyst expects them: Dutch CSV with semicolons, decimal commas, a BOM and Dutch words; English
with commas and dots; a long and a wide table; Excel with typed numbers; file names that say what they hold."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from dashboard import render
from dashboard.tables import download_long, download_wide

RAW = pd.DataFrame({
    "indicator": ["victims_registered_comensha"] * 3 + ["victims_registered_share_nr"],
    "name": ["Gemelde (mogelijke) slachtoffers (CoMensha)"] * 3 + ["Aandeel"],
    "unit": ["persons", "persons", "persons", "percent"],
    "period": ["2022", "2023", "2023", "2023"],
    "period_kind": ["year"] * 4,
    "breakdown": ["totaal", "totaal", "seksueel", "totaal"],
    "value": [1711.0, 868.0, 305.0, 12.5],
    "qualifier": [None, None, "about", None],
    "status": ["reported", "corrected", "reported", "provisional"],
})


def test_dutch_csv_has_semicolons_decimal_comma_bom_and_dutch_words() -> None:
    data = render.csv_bytes(download_long(RAW, "nl"), "nl")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    header, first = text.splitlines()[:2]
    assert header.split(";")[:4] == ["Indicator-code", "Indicator", "Eenheid", "Periode"]
    assert "Soort periode" in header and "Waarde" in header and "period_kind" not in header
    assert first.split(";")[2:8] == ["personen", "2022", "jaar", "totaal", "1711", ""]
    assert "1711.0" not in text and "12,5" in text and "gecorrigeerd" in text and "ongeveer" in text
    assert "persons" not in text and "reported" not in text


def test_english_csv_has_commas_dots_and_english_labels() -> None:
    text = render.csv_bytes(download_long(RAW, "en"), "en").decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Indicator code,Indicator,Unit,Period,Kind of period,Breakdown,Value")
    assert "totaal" not in text and "total" in text and "sexual exploitation" in text and "12.5" in text
    assert ",1711," in text and ",305," in text and "305.0" not in text


def test_wide_table_has_years_down_and_one_column_per_series() -> None:
    wide = download_wide(RAW[RAW["unit"] == "persons"], "nl")
    assert list(wide.columns) == ["Periode", "Gemelde (mogelijke) slachtoffers (CoMensha) – seksuele uitbuiting",
                                  "Gemelde (mogelijke) slachtoffers (CoMensha) – totaal"]
    assert wide["Periode"].tolist() == ["2022", "2023"]
    text = render.csv_bytes(wide, "nl").decode("utf-8-sig")
    assert text.splitlines()[1] == "2022;;1711", "a missing figure is an empty cell, not 0"


def test_excel_has_both_tables_with_typed_numbers() -> None:
    data = render.excel_bytes({"cijfers": download_long(RAW, "nl"), "per jaar": download_wide(RAW, "nl")})
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["cijfers", "per jaar"]
    sheet = book["cijfers"]
    header = [c.value for c in sheet[1]]
    values = [row[header.index("Waarde")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == [1711, 868, 305, 12.5] and all(isinstance(v, (int, float)) for v in values)


@pytest.mark.parametrize("language, expected", [("nl", "laatste-versie"), ("en", "latest-version")])
def test_file_names_say_indicator_version_and_date(monkeypatch, language: str, expected: str) -> None:
    import datetime as dt

    class Params(dict):
        def get_all(self, key):
            return [self[key]] if key in self else []

    monkeypatch.setattr(render.st, "query_params", Params(ind="victims_registered_comensha", vintage="latest"))
    stem = render.download_stem("trends", language)
    assert stem == f"victims_registered_comensha_{expected}_{dt.date.today().isoformat()}"




