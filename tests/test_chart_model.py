"""The chart model: style by series identity, and the rules of comparability, each refusing a purpose-built bad spec."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import chartmodel, charts, vocabulary
from dashboard.chartmodel import ComparabilityError, Series, Step


def _series(sid: str, unit: str) -> Series:
    return Series(id=sid, label=sid, unit=unit, colour="#000000", dash="solid", marker="circle", kind="count")


def _frame(series: str, indicator: str, breakdown: str = "totaal", **extra) -> pd.DataFrame:
    return pd.DataFrame({"series": series, "x": [2021, 2022], "y": [10.0, 12.0], "period": ["2021", "2022"],
                         "text": ["10", "12"], "indicator": indicator, "breakdown": breakdown, **extra})


def test_one_axis_refuses_two_units() -> None:
    with pytest.raises(ComparabilityError, match="different units"):
        chartmodel.check_axis([_series("a|totaal|", "persons"), _series("b|totaal|", "percent")])
    chartmodel.check_axis([_series("a|totaal|", "persons"), _series("c|totaal|", "persons")])


def test_two_units_become_two_panels_each_of_one_unit() -> None:
    found = chartmodel.panels([_series("a|totaal|", "persons"), _series("b|totaal|", "percent"),
                               _series("c|totaal|", "persons")])
    assert [(p.unit, p.series) for p in found] == [("persons", ["a|totaal|", "c|totaal|"]), ("percent", ["b|totaal|"])]


def test_one_line_refuses_two_counting_bases() -> None:
    bad = _frame("Slachtoffers", "victims_registered_nr", basis=["nr_monitor_2017", "comensha_count"])
    with pytest.raises(ComparabilityError, match="counting bases"):
        chartmodel.check_line(bad)
    with pytest.raises(ComparabilityError):
        charts.build(charts.ChartSpec(key="k", title="T", unit="Personen", data=bad, language="nl"))


def test_two_bases_become_two_series_labelled_with_their_basis_and_never_one_line() -> None:
    frame = _frame("Slachtoffers", "victims_registered_nr", basis=["nr_monitor_2017", "comensha_count"],
                   basis_label_nl=["telwijze 2017", "telling CoMensha"])
    split = chartmodel.split_bases(frame, "nl")
    assert sorted(split["series"]) == ["Slachtoffers — telling CoMensha", "Slachtoffers — telwijze 2017"]
    chartmodel.check_line(split)
    fig = charts.build(charts.ChartSpec(key="k", title="T", unit="Personen", data=split, language="nl"))
    lines = [tr for tr in fig.data if tr.mode == "lines+markers"]
    assert sorted(tr.name for tr in lines) == ["telling CoMensha", "telwijze 2017"], "each labelled with its basis"
    assert all(sum(pd.notna(y) for y in tr.y) == 1 for tr in lines), "no trace joins the two bases"
    assert {tr.marker.symbol for tr in lines} == {"circle", "square"}
    model = charts.model(charts.ChartSpec(key="k", title="T", unit="P", data=split, language="nl"))
    assert {s.id for s in model.series} == {"victims_registered_nr|totaal|nr_monitor_2017",
                                            "victims_registered_nr|totaal|comensha_count"}
    assert len({s.colour for s in model.series}) == 1, "one series, one colour, whatever its basis"
    assert len({s.marker for s in model.series}) == 2, "the older basis has its own mark"


@pytest.mark.parametrize("other", [
    Step("om_cases_registered", "suspects", "all_forms", "Nationaal Rapporteur"),    # unit
    Step("om_cases_registered", "cases", "labour_only", "Nationaal Rapporteur"),     # scope
    Step("court_cases_om", "cases", "all_forms", "OM"),                              # organisation
])
def test_a_ratio_refuses_steps_of_different_unit_scope_or_organisation(other: Step) -> None:
    numerator = Step("om_prosecutions", "cases", "all_forms", "Nationaal Rapporteur")
    with pytest.raises(ComparabilityError, match="no ratio"):
        chartmodel.check_ratio(numerator, other)
    chartmodel.check_ratio(numerator, Step("om_cases_registered", "cases", "all_forms", "Nationaal Rapporteur"))


def test_stacking_refuses_overlapping_breakdown_groups() -> None:
    with pytest.raises(ComparabilityError, match="overlap"):
        chartmodel.check_stack(["seksueel", "geslacht:vrouw", "nationaliteit:Pools"])
    with pytest.raises(ComparabilityError, match="total"):
        chartmodel.check_stack(["totaal", "seksueel", "arbeid"])
    chartmodel.check_stack(["seksueel", "arbeid", "crimineel", "overig"])


def test_colour_follows_the_series_id_not_its_label_in_either_language() -> None:
    nl = _frame("Geschat aantal slachtoffers", "victims_estimated", status="estimate")
    en = _frame("Estimated number of victims", "victims_estimated", status="estimate")
    other = _frame("Zaken", "om_cases_registered")
    c_nl = charts.colours_of(charts.ChartSpec(key="k", title="T", unit="", data=pd.concat([nl, other]), language="nl"))
    c_en = charts.colours_of(charts.ChartSpec(key="k", title="T", unit="", data=pd.concat([en, other.assign(
        series="Cases")]), language="en"))
    assert c_nl["Geschat aantal slachtoffers"] == c_en["Estimated number of victims"] == vocabulary.colours()[
        "victims_estimated"]
    assert c_nl["Zaken"] == c_en["Cases"]


def test_style_is_decided_once_from_the_series() -> None:
    estimate = chartmodel.style_of("victims_estimated|totaal|", estimate=True)
    assert (estimate.dash, estimate.marker, estimate.kind) == ("dash", "circle-open", "estimate")
    older = chartmodel.style_of("victims_registered_nr|totaal|nr_monitor_2017", basis_rank=1)
    newer = chartmodel.style_of("victims_registered_nr|totaal|comensha_count")
    assert older.colour == newer.colour and older.marker != newer.marker
    assert chartmodel.colour_of("x_indicator|seksueel|") == vocabulary.colours()["seksueel"]


def test_the_model_carries_series_panels_notes_sources_and_link() -> None:
    data = pd.concat([_frame("Slachtoffers", "victims_registered_nr", unit="persons"),
                      _frame("Sepots", "om_sepot_share", unit="percent")])
    spec = charts.ChartSpec(key="k", title="T", unit="", data=data, language="nl", sources=["A", "B"],
                            notes=[charts.Note(1, "Een noot.", "A")])
    found = charts.model(spec, "trends?ind=a,b").to_json()
    assert [p["unit"] for p in found["panels"]] == ["persons", "percent"]
    assert found["sources"] == ["A", "B"] and found["notes"][0]["text"] == "Een noot."
    assert found["link"] == "trends?ind=a,b"
    assert {s["id"] for s in found["series"]} == {"victims_registered_nr|totaal|", "om_sepot_share|totaal|"}
    assert all({"id", "label", "unit", "colour", "dash", "marker", "kind", "basis", "points"} <= set(s)
               for s in found["series"])


def test_a_missing_year_in_bars_is_marked_with_its_reason_never_an_empty_slot() -> None:
    pts = pd.DataFrame({"series": "Verdachten", "x": [2014, 2017, 2020], "y": [198.0, 166.0, 187.0],
                        "period": ["2014", "2017", "2020"], "text": ["198", "166", "187"],
                        "indicator": "police_suspects_to_om", "breakdown": "totaal"})
    known = pd.DataFrame({"indicator": "police_suspects_to_om", "period": ["2015", "2021"], "reason": "not_found",
                          "note_nl": ["De bron noemt alleen een daling.", "Niet in de jaarverslagen gevonden."],
                          "note_en": ["x", "y"]})
    gaps = chartmodel.missing_points(pts, known, "nl", span=(2014, 2024))
    assert sorted(gaps["x"]) == [2015, 2016, 2018, 2019, 2021], "inside the range, and 2021 that missing.csv lists"
    assert gaps["y"].isna().all(), "never a zero"
    assert gaps.set_index("x").loc[2015, "text"] == "geen cijfer (niet gevonden in een openbare bron)"
    assert gaps.set_index("x").loc[2016, "text"] == "geen cijfer", "nobody said why: no reason invented"
    fig = charts.build(charts.ChartSpec(key="k", title="T", unit="Verdachten", kind="bar", language="nl",
                                        data=pd.concat([pts, gaps], ignore_index=True)))
    marks = [a for a in fig.layout.annotations if a.text == "geen cijfer"]
    assert len(marks) == 5 and any("daling" in (a.hovertext or "") for a in marks)
    notes = chartmodel.missing_notes(gaps, "nl")
    assert any("2015" in text and "daling" in text for text, _ in notes)


def test_one_year_of_data_is_a_dot_with_its_value_on_that_year_not_a_seven_year_axis() -> None:
    data = pd.DataFrame({"series": "Schatting", "x": [2023], "y": [5000.0], "period": ["2023"], "text": ["ca. 5.000"]})
    fig = charts.build(charts.ChartSpec(key="k", title="T", unit="Personen", data=data, language="nl"))
    lo, hi = fig.layout.xaxis.range
    assert hi - lo <= 2 and lo < 2023 < hi
    assert any(tr.mode == "text" and list(tr.text) == ["ca. 5.000"] for tr in fig.data), "its value is written"


def test_few_lines_carry_their_last_value_many_do_not() -> None:
    few = pd.concat([_frame(f"s{n}", f"ind_{n}").assign(y=[10.0 * (n + 1), 12.0 * (n + 1)]) for n in range(2)])
    same_end = pd.concat([_frame(f"s{n}", f"ind_{n}") for n in range(2)])
    many = pd.concat([_frame(f"s{n}", f"ind_{n}") for n in range(5)])
    labels = lambda d: [tr for tr in charts.build(charts.ChartSpec(key="k", title="T", unit="", data=d,   # noqa: E731
                                                                    language="nl")).data if tr.mode == "text"]
    assert len(labels(few)) == 2 and not labels(many)
    assert len(labels(same_end)) == 1, "two lines ending at one value: one label, not two on top of each other"
