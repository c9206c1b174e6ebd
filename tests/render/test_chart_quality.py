"""Briefing-grade charts, measured: every chart of every page (default views and the variants that used to break),
in Dutch and English, exported as SVG at slide size and at A4, opened one after another in headless Chromium.

Per chart the browser gives each text's box (one per rendered line) and font size, the clip rectangles, the plot
areas and the marks drawn. The chart fails when

- two texts overlap, a text runs outside the canvas or is cut by a clip path;
- on a full-width 16:9 slide (13.333 in) any text is smaller than 10.5 pt, a tick label smaller than 12 pt or the title
  smaller than 20 pt; on A4 (11.69 in wide) any text smaller than 9 pt;
- the plot areas take less than 55% of the image height;
- nothing is drawn, or more than eight series are.

The same charts as a phone shows them (charts.build(narrow=True): 340 px wide, the legend below the plot) fail on
overlapping, outside or cut-off text, text under 11 px, or nothing drawn.

A failure names the chart, the language, the size and the offending texts. The numbers of every chart are written
to tests/artifacts/chart-quality.md for a person to read.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pytest

from dashboard import charts, db, export, views

ARTIFACTS = Path(__file__).parent / "artifacts"
SLIDE_IN, A4_IN = 13.333, 11.69   # the width each canvas is shown at
MIN_PT = {"slide": 10.5, "a4": 9.0}
MIN_TICK_PT, MIN_TITLE_PT, MIN_SHARE, TOLERANCE, EDGE = 12.0, 20.0, 0.55, 2.0, 1.0

# Every page's default view, and the views the findings named: several units (and the longest names), index,
# year-on-year change, every breakdown (15 series), bars, both revision charts, targets, shelter, the justice chain.
LINKS = (
    "trends",
    "trends?ind=victims_registered_comensha,om_cases_registered,om_sepot_share",
    "trends?ind=investigation_prosecution_budget_extra,labour_inspectorate_signals_investigated_share,"
    "police_first_line_staff,offenders_custodial_sentence",   # the longest names, three units
    "trends?ind=victims_registered_comensha,victims_registered_nr&index=1",
    "trends?ind=victims_registered_comensha,om_sepot_share&yoy=1",
    "trends?ind=victims_registered_nr&bd=*",
    "trends?ind=victims_registered_comensha&chart=bar",
    "revisies",
    "doelen",
    "opvang",
    "strafrechtketen",
    "strafrechtketen?year=2012",
    "strafrechtketen?bd=arbeid",
    "trends?ind=victims_registered_nr&bd=dim:leeftijd",
    "trends?ind=victims_registered_comensha,victims_registered_nr&rate=1",
    "wijzigingen?from=2024-10-01&to=2025-01-01",   # the Labour Inspectorate's recount
    "trends?ind=labour_exploitation_investigations&vintage=compare&asof=2024-10-20",   # the recount, side by side
    "trends?ind=victims_registered_comensha,victims_registered_nr,police_victims_reported_comensha"
    "&vintage=compare&asof=2023-06-01",   # three series twice, new figures since
    "trends?ind=labour_exploitation_investigations,victims_registered_nr&vintage=compare&asof=2024-10-20&chart=bar",
)

MEASURE = r"""
([tol, edge]) => {
  const svg = document.documentElement;
  const W = parseFloat(svg.getAttribute('width')), H = parseFloat(svg.getAttribute('height'));
  const shown = (el) => {
    for (let n = el; n && n.nodeType === 1; n = n.parentNode) {
      const cs = getComputedStyle(n);
      if (cs.display === 'none' || cs.visibility === 'hidden' || parseFloat(cs.opacity) === 0) return false;
    }
    return true;
  };
  const clips = (el) => {
    const out = [];
    for (let n = el; n && n.nodeType === 1 && n !== svg; n = n.parentNode) {
      const m = /url\(["']?#([^"')]+)["']?\)/.exec(n.getAttribute('clip-path') || '');
      const rect = m && document.getElementById(m[1]) && document.getElementById(m[1]).querySelector('rect');
      if (!rect) continue;
      const ctm = n.getScreenCTM();
      const a = new DOMPoint(+rect.getAttribute('x') || 0, +rect.getAttribute('y') || 0).matrixTransform(ctm);
      const b = new DOMPoint((+rect.getAttribute('x') || 0) + (+rect.getAttribute('width')),
                             (+rect.getAttribute('y') || 0) + (+rect.getAttribute('height'))).matrixTransform(ctm);
      out.push([Math.min(a.x, b.x), Math.min(a.y, b.y), Math.max(a.x, b.x), Math.max(a.y, b.y)]);
    }
    return out;
  };
  const texts = [], lines = [];
  for (const el of svg.querySelectorAll('text')) {
    const text = (el.textContent || '').replace(/\s+/g, ' ').trim();
    if (!text || !shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (!r.width && !r.height) continue;
    const cls = el.getAttribute('class') || '';
    const t = {i: texts.length, text: text.slice(0, 90), cls, font: parseFloat(getComputedStyle(el).fontSize),
               box: [r.left, r.top, r.right, r.bottom], outside: false, clipped: false};
    t.outside = r.left < -edge || r.top < -edge || r.right > W + edge || r.bottom > H + edge;
    t.clipped = clips(el).some(([l, tp, rt, b]) => r.left < l - edge || r.top < tp - edge || r.right > rt + edge
                                                   || r.bottom > b + edge);
    texts.push(t);
    const parts = el.querySelectorAll(':scope > tspan.line');
    for (const p of (parts.length ? parts : [el])) {
      const q = p.getBoundingClientRect();
      if ((p.textContent || '').trim() && (q.width || q.height))
        lines.push({t: t.i, l: q.left, tp: q.top, r: q.right, b: q.bottom});
    }
  }
  const overlaps = [];
  for (let a = 0; a < lines.length; a++) for (let b = a + 1; b < lines.length; b++) {
    const A = lines[a], B = lines[b];
    if (A.t === B.t) continue;
    const w = Math.min(A.r, B.r) - Math.max(A.l, B.l), h = Math.min(A.b, B.b) - Math.max(A.tp, B.tp);
    if (w > tol && h > tol) overlaps.push([texts[A.t].text, texts[B.t].text]);
  }
  // the plot areas: the clip rectangle of every x-y pair of axes (plotly's axesclip ...xy, ...x2y2)
  const areas = Array.from(svg.querySelectorAll('clipPath.axesclip')).filter(c => /x\d*y\d*$/.test(c.id))
    .map(c => c.querySelector('rect')).filter(Boolean)
    .map(r => [+r.getAttribute('y'), +r.getAttribute('y') + +r.getAttribute('height')]);
  const top = Math.min(...areas.map(a => a[0])), bottom = Math.max(...areas.map(a => a[1]));
  const marks = svg.querySelectorAll('.scatterlayer .point, .barlayer .point').length
    + Array.from(svg.querySelectorAll('.scatterlayer .js-line')).filter(p => (p.getAttribute('d') || '').length > 2)
      .length;
  return {W, H, texts, overlaps, share: areas.length ? (bottom - top) / H : 0, marks};
}
"""


def _name(link: str, key: str, language: str, size: str) -> str:
    return f"{key} [{language}, {size}] from {link}"


@pytest.fixture(scope="module")
def exported(real_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """(name, size, spec, svg file) for every chart of LINKS in both languages, at slide size and A4. A chart that
    an earlier link already gave, the same in every field (the chain's step charts at another year), is measured
    once."""
    folder = tmp_path_factory.mktemp("charts")
    out, seen = [], set()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MENSENHANDEL_DB", str(real_db))
        build = db.build_info()
        for link in LINKS:
            page, values, _ = views.parse(link)
            for language in ("nl", "en"):
                for spec in views.charts_of(page, values, language).charts:
                    if (fingerprint := hashlib.sha1(pickle.dumps(spec, protocol=5)).digest()) in seen:
                        continue
                    seen.add(fingerprint)
                    for size in ("slide", "a4"):
                        path = folder / f"{len(out):03d}.svg"
                        path.write_bytes(export.svg(spec, build, size))
                        out.append((_name(link, spec.key, language, size), size, spec, path))
                    if not charts.is_empty(spec):   # the screen figure on a phone: as the page draws it
                        fig = charts.build(spec, narrow=True)
                        path = folder / f"{len(out):03d}.svg"
                        path.write_bytes(export._image(fig, "svg", charts.STANDARD.phone_width, fig.layout.height, 1,
                                                       language))
                        out.append((_name(link, spec.key, language, "phone"), "phone", spec, path))
    return out


@pytest.fixture(scope="module")
def measured(exported, browser):
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    results = []
    for name, size, spec, path in exported:
        page.goto(path.as_uri())
        results.append((name, size, spec, page.evaluate(MEASURE, [TOLERANCE, EDGE])))
    page.close()
    return results


def _pt(px: float, width: float, size: str) -> float:
    return px * 72 / (width / (SLIDE_IN if size == "slide" else A4_IN))


PHONE_MIN_PX = 11


def _problems(size: str, spec: charts.ChartSpec, m: dict) -> list[str]:
    found = []
    if size == "phone":
        found += [f"texts overlap: {a!r} and {b!r}" for a, b in m["overlaps"]]
        found += [f"outside the canvas: {t['text']!r}" for t in m["texts"] if t["outside"]]
        found += [f"cut off: {t['text']!r}" for t in m["texts"] if t["clipped"]]
        found += [f"{t['font']:.1f} px, below {PHONE_MIN_PX} px: {t['text']!r}" for t in m["texts"]
                  if t["font"] < PHONE_MIN_PX - 0.05]
        return found + (["no data drawn"] if m["marks"] == 0 else [])
    for a, b in m["overlaps"]:
        found.append(f"texts overlap: {a!r} and {b!r}")
    for t in m["texts"]:
        pt = _pt(t["font"], m["W"], size)
        if t["outside"]:
            found.append(f"outside the canvas: {t['text']!r}")
        if t["clipped"]:
            found.append(f"cut off: {t['text']!r}")
        if pt < MIN_PT[size] - 0.05:
            found.append(f"{pt:.1f} pt, below {MIN_PT[size]} pt: {t['text']!r}")
        if size == "slide" and ("tick" in t["cls"]) and pt < MIN_TICK_PT - 0.05:
            found.append(f"tick label {pt:.1f} pt, below {MIN_TICK_PT} pt: {t['text']!r}")
        if size == "slide" and t["cls"] == "gtitle" and pt < MIN_TITLE_PT - 0.05:
            found.append(f"title {pt:.1f} pt, below {MIN_TITLE_PT} pt: {t['text']!r}")
    if m["share"] < MIN_SHARE:
        found.append(f"the plot takes {m['share']:.0%} of the height, less than {MIN_SHARE:.0%}")
    if m["marks"] == 0:
        found.append("no data drawn")
    series = set(spec.data["series"]) | (set(spec.spans["series"]) if spec.spans is not None else set())
    if len(series) > charts.STANDARD.max_series:
        found.append(f"{len(series)} series in one chart (at most {charts.STANDARD.max_series})")
    return found


def _report(measured) -> str:
    rows = ["| chart | texts | overlaps | smallest pt (phone: px) | plot share | marks |", "|---|---|---|---|---|---|"]
    for name, size, _, m in measured:
        smallest = min((t["font"] if size == "phone" else _pt(t["font"], m["W"], size) for t in m["texts"]),
                       default=0)   # a phone: css px
        rows.append(f"| {name} | {len(m['texts'])} | {len(m['overlaps'])} | {smallest:.1f} | {m['share']:.0%} "
                    f"| {m['marks']} |")
    return "\n".join(rows) + "\n"


def test_every_chart_meets_the_standard_on_a_slide_and_on_a4(measured) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "chart-quality.md").write_text(_report(measured), encoding="utf-8")
    charts_seen = {name.split(" [")[0] + name.split("]")[1] for name, *_ in measured}
    assert len(charts_seen) >= 15, f"every chart of LINKS was exported: {sorted(charts_seen)}"
    failures = [f"{name}: {problem}" for name, size, spec, m in measured for problem in _problems(size, spec, m)]
    assert not failures, f"{len(failures)} shortfalls:\n" + "\n".join(failures)


def test_both_languages_and_both_sizes_were_measured(measured) -> None:
    names = [name for name, *_ in measured]
    for tag in ("[nl, slide]", "[en, slide]", "[nl, a4]", "[en, a4]", "[nl, phone]", "[en, phone]"):
        assert sum(tag in n for n in names) >= 15, tag
