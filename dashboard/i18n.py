"""Every label the dashboard shows, in Dutch and English, and number formatting per language.

Pages never write `if lang == "nl"`: they ask `t("key")`. Indicator, target and note names come bilingual from the
database (`name_nl` / `name_en`); `column(df, "name")` picks the right one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd
import streamlit as st

if TYPE_CHECKING:
    from typing_extensions import TypeIs

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

LABELS: dict[str, tuple[str, str]] = {
    # app and navigation
    "app.title": ("Mensenhandel in cijfers", "Human trafficking in figures"),
    "app.language": ("Taal", "Language"),
    "page.overview": ("Overzicht", "Overview"),
    "page.trends": ("Trends", "Trends"),
    "page.revisions": ("Gemeld vs gecorrigeerd", "Reported vs corrected"),
    "page.changes": ("Wat is er veranderd", "What changed"),
    "page.chain": ("Strafrechtketen", "Justice chain"),
    "page.shelter": ("Opvang en dark number", "Shelter and dark number"),
    "page.targets": ("Doelen", "Targets"),
    "page.sources": ("Bronnen en definities", "Sources and definitions"),
    "page.briefing": ("Briefing", "Briefing"),
    # database state
    "db.building": ("De database wordt opgebouwd uit data/ …", "Building the database from data/ …"),
    "db.build_failed": ("De database ontbreekt en kon niet worden opgebouwd: de data bevat {n} probleem/problemen. "
                        "Los ze op en voer dan uit:",
                        "The database is missing and could not be built: the data has {n} problem(s). "
                        "Fix them, then run:"),
    "db.cannot_open": ("De database {path} kan niet worden geopend ({error}). Bouw hem opnieuw met:",
                       "The database {path} cannot be opened ({error}). Rebuild it with:"),
    "db.schema": ("De database heeft schemaversie {found}, het dashboard verwacht {expected}. Bouw hem opnieuw met:",
                  "The database has schema version {found}; the dashboard expects {expected}. Rebuild it with:"),
    "db.empty": ("De database bevat nog geen cijfers. Vul data/ en bouw opnieuw met `python -m etl`.",
                 "The database holds no figures yet. Fill data/ and rebuild with `python -m etl`."),
    # URL state
    "state.unknown": ("Onbekende parameter `{name}` in de link is genegeerd.",
                      "Unknown parameter `{name}` in the link was ignored."),
    "state.invalid": ("Ongeldige waarde voor `{name}` in de link ({value}) is genegeerd.",
                      "Invalid value for `{name}` in the link ({value}) was ignored."),
    "view.too_long": ("De link is te lang of geen tekst.", "The link is too long or not text."),
    "view.unknown_page": ("Onbekende pagina '{page}' (mogelijk: {pages}).", "Unknown page '{page}' (one of: {pages})."),
    "view.unknown_param": ("Onbekende parameter '{name}'.", "Unknown parameter '{name}'."),
    "view.invalid": ("Ongeldige waarde voor '{name}': {value}.", "Invalid value for '{name}': {value}."),
    "state.permalink": ("Deze weergave is te delen: kopieer de link uit de adresbalk.",
                        "This view can be shared: copy the link from the address bar."),
    # freshness
    "fresh.built": ("Database gebouwd op {when}", "Database built on {when}"),
    "fresh.newest": ("nieuwste bron {when}", "newest source {when}"),
    "fresh.counts": ("{figures} cijfers van {indicators} indicatoren uit {sources} bronnen",
                     "{figures} figures for {indicators} indicators from {sources} sources"),
    # overview
    "overview.intro": ("Het nieuwste cijfer van elke kernindicator (een jaar, of een peildatum), met de verandering "
                       "ten opzichte van het vorige vergelijkbare cijfer.",
                       "The newest figure of each headline indicator (a year, or a reference date), with the change "
                       "against the previous comparable figure."),
    "overview.headlines": ("Kerncijfers", "Headline figures"),
    "overview.targets": ("Stand van de doelen", "How the targets stand"),
    "overview.freshness": ("Actualiteit van de data", "Data freshness"),
    "overview.vs": ("t.o.v. {year}", "vs {year}"),
    "overview.no_previous": ("geen cijfer voor {year}", "no figure for {year}"),
    "overview.no_earlier": ("geen eerder cijfer van dezelfde soort", "no earlier figure of the same kind"),
    "overview.corrected": ("gecorrigeerd", "corrected"),
    "overview.more": ("Meer in Trends", "More in Trends"),
    "overview.trend": ("Verloop in Trends", "Trend in Trends"),
    "overview.old": ("oud: {year}", "old: {year}"),
    "overview.also": ("Ook geteld door {name}: {value} ({period}).", "Also counted by {name}: {value} ({period})."),
    "overview.group_other": ("Overig", "Other"),
    # common widget labels
    "w.indicators": ("Indicatoren", "Indicators"),
    "w.choose": ("Kies een of meer", "Choose one or more"),
    "w.choose_one": ("Kies er een", "Choose one"),
    "w.breakdown": ("Uitsplitsing", "Breakdown"),
    "w.years": ("Jaren", "Years"),
    "w.vintage": ("Versie van de cijfers", "Version of the figures"),
    "w.as_of": ("Bekend op", "Known on"),
    "w.as_of_help": ("Typ de datum als dd-mm-jjjj (bijvoorbeeld 20-10-2024) en druk op Enter: de cijfers zoals "
                     "ze op die dag gepubliceerd waren.",
                     "Type the date as dd-mm-yyyy (for example 20-10-2024) and press Enter: the figures as they "
                     "had been published on that day."),
    "w.as_of_placeholder": ("dd-mm-jjjj", "dd-mm-yyyy"),
    "w.date_help": ("Typ de datum als dd-mm-jjjj (bijvoorbeeld 20-10-2024) en druk op Enter.",
                    "Type the date as dd-mm-yyyy (for example 20-10-2024) and press Enter."),
    "w.as_of_pattern": ("Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 20-10-2024.",
                        "Write the date as dd-mm-yyyy, for example 20-10-2024."),
    "w.as_of_invalid": ("{value} is geen bestaande datum; de cijfers blijven zoals ze waren.",
                        "{value} is not a date that exists; the figures stay as they were."),
    "w.as_of_range": ("{value} ligt buiten {lo} tot en met {hi}; de cijfers blijven zoals ze waren.",
                      "{value} is outside {lo} to {hi}; the figures stay as they were."),
    "w.enter_to_apply": ("Druk op Enter om toe te passen", "Press Enter to apply"),
    "w.chart": ("Grafiek", "Chart"),
    "w.index": ("Indexeren op basisjaar", "Index to a base year"),
    "w.base_year": ("Basisjaar", "Base year"),
    "w.show_change": ("Verandering t.o.v. vorig jaar", "Year-on-year change"),
    "w.per_100k": ("Per 100.000 inwoners", "Per 100,000 inhabitants"),
    "w.domain": ("Domein", "Domain"),
    "w.show_replaced": ("Ook vervangen doelen tonen", "Also show replaced targets"),
    "vintage.latest": ("Laatste", "Latest"),
    "vintage.first": ("Eerste", "First reported"),
    "vintage.asof": ("Op datum", "As known on"),
    "vintage.compare": ("Vergelijk met bekend op", "Compare with as known on"),
    "vsub.latest": ("laatste versie van elk cijfer", "latest version of each figure"),
    "vsub.first": ("zoals eerst gepubliceerd", "as first published"),
    "vsub.asof": ("zoals bekend op {date}", "as known on {date}"),
    "vsub.compare": ("laatste versie tegen bekend op {date}", "latest version against as known on {date}"),
    "chart.line": ("Lijn", "Line"),
    "chart.bar": ("Staaf", "Bar"),
    "all": ("Alle", "All"),
    # chart furniture
    "c.source": ("Bron", "Source"),
    "c.sources": ("Bronnen", "Sources"),
    "c.notes": ("Noten", "Notes"),
    "c.year": ("Jaar", "Year"),
    "c.target": ("Doel", "Target"),
    "c.due": ("doel {year}", "target {year}"),
    "c.index": ("Index ({year} = 100)", "Index ({year} = 100)"),
    "c.change": ("Verandering t.o.v. vorig jaar (%)", "Change on the year before (%)"),
    "c.change_pp": ("Verandering t.o.v. vorig jaar (procentpunten)", "Change on the year before (percentage points)"),
    "c.estimate_key": ("Schatting of voorlopig cijfer", "Estimate or provisional figure"),
    "c.notes_next": ("Noten {numbers} staan in volle tekst op de volgende afbeelding.",
                     "Notes {numbers} are printed in full on the next image."),
    "c.sources_next": ("Nog {n} bron(nen): in volle tekst op de volgende afbeelding.",
                       "{n} more source(s): printed in full on the next image."),
    "c.both_next": ("Noten {numbers} en nog {n} bron(nen) staan in volle tekst op de volgende afbeelding.",
                    "Notes {numbers} and {n} more source(s) are printed in full on the next image."),
    "c.notes_continued": ("noten (vervolg)", "notes (continued)"),
    "c.view": ("Weergave", "View"),
    "c.missing_note": ("{series}, {years}: {words}", "{series}, {years}: {words}"),
    "c.missing_key": ("geen cijfer: dat jaar ontbreekt (geen nul)", "no figure: that year is missing (not a zero)"),
    "w.one_year": ("Jaren: alleen {year} heeft een cijfer.", "Years: only {year} has a figure."),
    "c.spark": ("Verloop van {name}, {years}", "{name} over time, {years}"),
    "c.spark_gaps": ("Geen cijfer voor {years}", "No figure for {years}"),
    "c.spark_break": ("Andere telwijze vanaf {years}: de lijn is daar onderbroken",
                      "New counting basis from {years}: the line is broken there"),
    "c.more_sources": ("en {n} andere", "and {n} more"),
    "c.too_many": ("{shown} van {total} reeksen getekend (meer zijn in één grafiek niet uit elkaar te houden): de "
                   "grootste in het laatste jaar; alle reeksen staan in de tabel.",
                   "{shown} of {total} series drawn (more cannot be told apart in one chart): the largest in the "
                   "latest year; every series is in the table."),
    "c.empty_export": ("Geen afbeelding gemaakt: de grafiek is leeg. {reason}", "No image made: the chart is empty. {reason}"),
    "c.table": ("Tabel bij de grafiek", "Table behind the chart"),
    "c.download_csv": ("Download CSV", "Download CSV"),
    "c.download_xlsx": ("Download Excel", "Download Excel"),
    "c.no_data": ("Geen cijfers voor deze keuze.", "No figures for this selection."),
    "c.gap": ("Voor {names} zijn (nog) geen cijfers in de database.",
              "There are no figures (yet) in the database for {names}."),
    "c.gap_selection": ("Geen cijfers voor {names} bij deze keuze van uitsplitsing, jaren en versie.",
                        "No figures for {names} with this choice of breakdown, years and version."),
    "c.gap_note": ("Ontbrekende jaren zijn onderbrekingen in de lijn, geen nul.",
                   "Missing years are breaks in the line, not zero."),
    "c.span_note": ("Cijfers over meerdere jaren samen staan als horizontale lijn over die jaren.",
                    "Figures about several years together are drawn as a horizontal line over those years."),
    "c.download_png": ("PNG (dia)", "PNG (slide)"),
    "c.download_png_a4": ("PNG (A4, 300 dpi)", "PNG (A4, 300 dpi)"),
    "c.download_svg": ("SVG", "SVG"),
    "c.add_briefing": ("Aan briefing toevoegen", "Add to briefing"),
    "alt.kind.line": ("Lijngrafiek", "Line chart"),
    "alt.kind.bar": ("Staafgrafiek", "Bar chart"),
    "alt.kind.barh": ("Liggende staafgrafiek", "Horizontal bar chart"),
    "alt.categories": ("{n} categorieën", "{n} categories"),
    "alt.newest": ("Laatste waarde {year}: {value}", "Latest value {year}: {value}"),
    "alt.change": ("({change} t.o.v. {year})", "({change} on {year})"),
    "alt.more": ("En nog {n} reeksen.", "And {n} more series."),
    "alt.points": ("procentpunt", "percentage points"),
    "alt.more_bars": ("en nog {n}", "and {n} more"),
    "alt.label": ("Beschrijving", "Description"),
    "c.added_briefing": ("Toegevoegd aan de briefing ({n} onderdelen).", "Added to the briefing ({n} items)."),
    "c.added_briefing_one": ("Toegevoegd aan de briefing (1 onderdeel).", "Added to the briefing (1 item)."),
    "c.already_briefing": ("Deze grafiek met deze keuzes staat al in de briefing; niet nog eens toegevoegd.",
                           "This chart with these choices is already in the briefing; not added again."),
    # export
    "export.stamp": ("Databasebuild {built} UTC, invoer {checksum}", "Database build {built} UTC, input {checksum}"),
    "export.unavailable": ("Afbeelding maken lukt niet: geen bruikbare Chrome/Chromium gevonden ({error}). Installeer "
                           "chromium of zet BROWSER_PATH.",
                           "Cannot make the image: no usable Chrome/Chromium found ({error}). Install chromium or "
                           "set BROWSER_PATH."),
    "export.failed": ("Afbeelding maken is {attempts} keer mislukt: {error}.",
                      "Making the image failed {attempts} times: {error}."),
    # trends
    "trends.intro": ("Kies indicatoren, een uitsplitsing en jaren. Doelen staan als stippellijn met hun doeljaar.",
                     "Pick indicators, a breakdown and years. Targets are dotted lines with their due year."),
    "trends.units": ("De gekozen indicatoren hebben verschillende eenheden ({units}): elke eenheid krijgt een eigen "
                     "paneel; indexeer op een basisjaar om ze in één grafiek te vergelijken.",
                     "The chosen indicators have different units ({units}): each unit gets its own panel; index them "
                     "to a base year to compare them in one chart."),
    "trends.no_base": ("Geen cijfer in het basisjaar {year} voor: {names}; die reeksen ontbreken in de index.",
                       "No figure in the base year {year} for: {names}; those series are left out of the index."),
    "trends.base_auto": ("Index op basisjaar {year}: het eerste jaar met een cijfer voor elke reeks.",
                         "Indexed to {year}: the first year with a figure for every series."),
    "trends.no_change": ("Geen twee opeenvolgende jaren met een cijfer: geen verandering t.o.v. vorig jaar te tonen.",
                         "No two consecutive years with a figure: no year-on-year change to show."),
    "trends.rate_sdg": ("Aantallen per 100.000 inwoners: het aantal van een jaar gedeeld door de bevolking op 1 januari "
                        "van dat jaar (CBS), maal 100.000. Voor slachtoffers is dit SDG-indicator 16.2.2 (slachtoffers "
                        "van mensenhandel per 100.000 inwoners), die ook de Nationaal Rapporteur rapporteert. Een jaar "
                        "zonder gevonden bevolkingscijfer of zonder aantal krijgt geen waarde.",
                        "Counts per 100,000 inhabitants: a year's count divided by the population on 1 January of that "
                        "year (CBS), times 100,000. For victims this is SDG indicator 16.2.2 (victims of trafficking "
                        "per 100,000 population), which the National Rapporteur also reports. A year without a "
                        "population or count found gets no value."),
    "trends.rate_missing": ("Geen cijfer per 100.000 inwoners voor {names}: voor die jaren is geen bevolkingscijfer of "
                            "aantal gevonden ({years}).",
                            "No rate per 100,000 inhabitants for {names}: no population or count was found for "
                            "those years ({years})."),
    "trends.rate_latest": ("Cijfers per 100.000 inwoners gebruiken de laatst gepubliceerde aantallen.",
                           "Rates per 100,000 inhabitants use the latest published counts."),
    "trends.rate_count": ("Aantal", "Count"),
    "trends.rate_population": ("Bevolking op 1 januari", "Population on 1 January"),
    "trends.rate_value": ("Per 100.000 inwoners", "Per 100,000 inhabitants"),
    "trends.pick": ("Geen indicator gekozen, dus geen grafiek. Kies ten minste één indicator hierboven.",
                    "No indicator chosen, so no chart. Pick at least one indicator above."),
    "trends.title": ("{names} in Nederland, {years}", "{names} in the Netherlands, {years}"),
    "trends.n_indicators": ("{n} indicatoren ({units})", "{n} indicators ({units})"),
    "c.and": (" en ", " and "),
    "c.where": ("Nederland", "the Netherlands"),
    "trends.part": ("grafiek {n} van {total}", "chart {n} of {total}"),
    "trends.all_parts": ("Alle uitsplitsingen getoond, in {charts} grafieken: één per dimensie (vorm, geslacht, "
                         "nationaliteit, …), want die groepen tellen deels dezelfde mensen en horen niet op één as.",
                         "Every breakdown shown, in {charts} charts: one per dimension (form, sex, nationality, …), "
                         "because those groups count partly the same people and do not belong on one axis."),
    # compare vintages: the latest figures against the figures as known on a date
    "cmp.known": ("bekend op {date}", "as known on {date}"),
    "cmp.revised_key": ("herzien na {date}", "revised after {date}"),
    "cmp.status.revised": ("herzien na {date}", "revised after {date}"),
    "cmp.status.new": ("nieuw na {date}", "new after {date}"),
    "cmp.status.basis": ("andere telwijze na {date}", "new counting basis after {date}"),
    "cmp.basis_summary": ("{n} cijfer(s) zijn na {date} op een andere telwijze gepubliceerd: geen herziening, "
                          "apart getoond en niet meegeteld.",
                          "{n} figure(s) were published on a new counting basis after {date}: not revisions, shown "
                          "apart and not counted."),
    "cmp.status.unchanged": ("ongewijzigd", "unchanged"),
    "cmp.status.withdrawn": ("niet meer gepubliceerd", "no longer published"),
    "cmp.summary": ("Sinds {date} herzien: {revised} van {known} cijfers die toen bekend waren; {new} cijfers zijn "
                    "daarna nieuw verschenen.",
                    "Revised since {date}: {revised} of the {known} figures known then; {new} figures appeared "
                    "after that date."),
    "cmp.nothing_then": ("Op {date} was nog geen van deze cijfers gepubliceerd: alle cijfers zijn daarna verschenen.",
                         "On {date} none of these figures had been published yet: every figure appeared later."),
    "cmp.counts_only": ("Vergelijken toont de gepubliceerde cijfers zelf: indexeren, per 100.000 inwoners en de "
                        "verandering t.o.v. vorig jaar staan in deze stand uit.",
                        "Comparing shows the published figures themselves: index, per 100,000 inhabitants and the "
                        "year-on-year change are off in this mode."),
    "cmp.too_many": ("{shown} van {total} reeksen vergeleken (elk twee keer getekend); kies er minder om de andere "
                     "te zien.",
                     "{shown} of {total} series compared (each drawn twice); choose fewer to see the others."),
    "col.known_on": ("Bekend op {date}", "Known on {date}"),
    "col.latest_value": ("Laatste", "Latest"),
    "trends.change_title": ("Verandering t.o.v. vorig jaar: {names}, Nederland, {years}",
                            "Year-on-year change: {names}, the Netherlands, {years}"),
    # revisions
    "rev.intro": ("Elk cijfer dat in meer dan één versie is gepubliceerd: eerste tegen laatste versie, het verschil en "
                  "de noot die het verklaart.",
                  "Every figure published in more than one version: first against latest, the difference and the "
                  "note that explains it."),
    "rev.none": ("Er zijn (nog) geen cijfers met meer dan één versie.",
                 "There are no figures with more than one version (yet)."),
    "rev.chart_title": ("Eerst gemeld en laatste versie: {name}", "First reported and latest version: {name}"),
    "rev.first": ("Eerst gemeld", "First reported"),
    "rev.latest": ("Laatste versie", "Latest version"),
    "rev.pair_title": ("Twee tellingen naast elkaar", "Two counts side by side"),
    "rev.pair_intro": ("Dezelfde grootheid, door twee organisaties anders geteld: geen versies, maar twee reeksen.",
                       "The same quantity counted differently by two organisations: not versions, but two series."),
    "rev.pair_chart": ("{a} en {b}", "{a} and {b}"),
    "rev.pick": ("Cijfer", "Figure"),
    "rev.stats_title": ("Hoeveel wordt er herzien", "How much is revised"),
    "rev.stats_intro": ("Per indicator: eerste tegen laatste versie van elk cijfer. Gemiddelde herziening (richting), "
                        "gemiddelde absolute herziening (grootte) en relatieve gemiddelde absolute herziening (grootte "
                        "ten opzichte van de cijfers), volgens de definities van OECD en ABS (zie de datadictionary); "
                        "n is het aantal cijfers, een nooit herzien cijfer telt mee met herziening 0.",
                        "Per indicator: first against latest version of each figure. Mean revision (direction), mean "
                        "absolute revision (size) and relative mean absolute revision (size relative to the figures), "
                        "as the OECD and the ABS define them (see the data dictionary); n is the number of figures, a "
                        "figure never revised counts with a revision of 0."),
    "rev.stats_small": ("Let op: deze statistieken rusten op {revised} herziene van {total} cijfers. Ze beschrijven "
                        "deze herzieningen en tonen geen trend of verwachting voor andere cijfers.",
                        "Note: these statistics rest on {revised} revised figures out of {total}. They describe these "
                        "revisions; they show no trend and predict nothing about other figures."),
    "rev.stats_n": ("{revised} van {total} cijfers zijn herzien.", "{revised} of {total} figures have been revised."),
    "rev.overall": ("Alle indicatoren", "All indicators"),
    "rev.largest_note": ("**{name}**, grootste herziening ({period}): {note}",
                         "**{name}**, largest revision ({period}): {note}"),
    # what changed between two dates (page Wat is er veranderd)
    "changes.intro": ("Wat er is gepubliceerd tussen twee data: nieuwe cijfers, herziene en gecorrigeerde cijfers (oud → "
                      "nieuw, met de noot die het verklaart en de bronnen van beide versies), nieuwe en gewijzigde "
                      "noten, en doelen waarvan de status veranderde. Een versie gepubliceerd op de begindatum was "
                      "toen al bekend; een versie op de einddatum telt mee. Een datum die alleen als maand of jaar "
                      "bekend is, telt vanaf het eind van die maand of dat jaar.",
                      "What was published between two dates: new figures, revised and corrected figures (old → new, "
                      "with the note that explains it and the sources of both versions), new and changed notes, and "
                      "targets whose status changed. A version published on the start date was already known then; "
                      "one on the end date counts. A date known only as a month or year counts from the end of that "
                      "month or year."),
    "changes.from": ("Van", "From"),
    "changes.to": ("Tot en met", "Up to and including"),
    "changes.from_briefing": ("De begindatum is de datum waarop de geopende briefing is bewaard ({date}).",
                              "The start date is the date the opened briefing was saved ({date})."),
    "changes.swapped": ("De begindatum lag na de einddatum; ze zijn omgewisseld.",
                        "The start date was after the end date; they have been swapped."),
    "changes.interval": ("na {start} tot en met {end}", "after {start} up to and including {end}"),
    "changes.summary": ("{new} nieuwe cijfers, {revised} herzien, {corrected} gecorrigeerd, {basis} op een andere "
                        "telwijze ({interval}).",
                        "{new} new figures, {revised} revised, {corrected} corrected, {basis} on a new counting "
                        "basis ({interval})."),
    "changes.revised": ("Herziene en gecorrigeerde cijfers", "Revised and corrected figures"),
    "changes.new": ("Nieuwe cijfers", "New figures"),
    "changes.notes": ("Nieuwe en gewijzigde noten (datum van hun bron)", "New and changed notes (dated by their source)"),
    "changes.targets": ("Doelen waarvan de status veranderde", "Targets whose status changed"),
    "changes.none": ("Niets in deze periode.", "Nothing in this period."),
    "changes.superseded": ("later in deze periode herzien", "revised later in this period"),
    "changes.target_not_set": ("nog niet gesteld", "not yet set"),
    "changes.chart": ("Gepubliceerde versies per indicator, {interval}", "Versions published per indicator, {interval}"),
    "changes.unit": ("Aantal cijfers", "Number of figures"),
    "changes.since_title": ("Veranderd sinds deze briefing is bewaard ({date})",
                            "Changed since this briefing was saved ({date})"),
    "changes.since_none": ("Geen cijfer in deze briefing is herzien of gecorrigeerd sinds hij is bewaard ({date}).",
                           "No figure in this briefing has been revised or corrected since it was saved ({date})."),
    "changes.since_intro": ("Deze onderdelen tonen cijfers die na het bewaren zijn herzien of gecorrigeerd; de export "
                            "gebruikt de nieuwe waarden.",
                            "These items show figures revised or corrected after the briefing was saved; the export "
                            "uses the new values."),
    # chain
    "chain.intro": ("De keten van registratie tot veroordeling, per jaar en vorm van uitbuiting, voor zover er cijfers "
                    "zijn. Een leeg vak betekent: geen cijfer gevonden (niet gepubliceerd, of niet gevonden in een openbare bron: "
                    "zie Bronnen en definities), niet nul.",
                    "The chain from registration to conviction, per year and form of exploitation, as far as figures "
                    "exist. An empty cell means: no figure found (not published, or not found in a public source: see Sources "
                    "and definitions), not zero."),
    "chain.table": ("Keten per jaar", "Chain per year"),
    "chain.chart": ("De strafrechtketen per jaar", "The justice chain per year"),
    "chain.chart_year": ("Waar vallen zaken uit? De strafrechtketen in Nederland in {year}, in {unit} ({scope})",
                         "Where do cases drop out? The justice chain in the Netherlands in {year}, in {unit} ({scope})"),
    "chain.funnel_only": ("alleen stappen in deze eenheid en reikwijdte; de andere staan in de grafieken eronder",
                          "only steps of this unit and scope; the others are in the charts below"),
    "chain.steps_title": ("Stappen van de strafrechtketen in {unit}, Nederland, {years}",
                          "Steps of the justice chain counted in {unit}, the Netherlands, {years}"),
    "chain.scope.all_forms": ("alle vormen", "all forms"),
    "chain.scope.labour_only": ("alleen arbeidsuitbuiting", "labour exploitation only"),
    "chain.units": ("aantallen in {units}", "counts in {units}"),
    "chain.of_previous": ("{share} van {previous}", "{share} of {previous}"),
    "chain.missing_steps": ("Voor {year} ontbreken cijfers van: {steps}.", "For {year} there are no figures for: {steps}."),
    "chain.no_year": ("Voor {breakdown} is voor geen enkel jaar een stap van de keten gepubliceerd.",
                      "For {breakdown} no step of the chain has been published for any year."),
    "chain.year": ("Jaar van de keten", "Year of the chain"),
    "chain.ratios": ("Verhoudingen", "Ratios"),
    "chain.steps": ("Elke stap over de jaren", "Each step over the years"),
    "chain.ratio_chart": ("{name}, Nederland, {years}", "{name}, the Netherlands, {years}"),
    "chain.ratio_own": ("een verhouding met een eigen noemer: niet te vergelijken met de andere verhoudingen op één as",
                        "a ratio of its own denominator: not to be set against the other ratios on one axis"),
    "chain.step": ("Stap", "Step"),
    "chain.no_ratios": ("Geen verhoudingen: daarvoor ontbreken cijfers.", "No ratios: the figures for them are missing."),
    "step.registrations": ("Registraties", "Registrations"),
    "step.investigations": ("Opsporingsonderzoeken", "Investigations"),
    "step.suspects": ("Verdachten", "Suspects"),
    "step.om_cases": ("OM-zaken", "OM cases"),
    "step.sepots": ("Sepots", "Dismissals"),
    "step.summons": ("Dagvaardingen", "Summons"),
    "step.court_decisions": ("Rechterlijke beslissingen", "Court decisions"),
    "step.convictions": ("Veroordelingen", "Convictions"),
    # shelter
    "shelter.intro": ("Geregistreerde slachtoffers tegenover de schatting van het werkelijke aantal, en de opvang.",
                      "Registered victims against the estimate of the true number, and the shelter capacity."),
    "shelter.dark": ("Dark number: geregistreerd tegenover geschat", "Dark number: registered against estimated"),
    "shelter.share": ("Aandeel geregistreerd van geschat", "Registered as a share of the estimate"),
    "shelter.share_text": ("{registered} geregistreerd in {year} is {share} van de geschatte {estimated}.",
                           "{registered} registered in {year} is {share} of the estimated {estimated}."),
    "shelter.estimate": ("Schatting", "Estimate"),
    "shelter.ratio_title": ("Gemeld als aandeel van de schatting", "Registered as a share of the estimate"),
    "shelter.ratio_unit": ("Procent van de schatting; de streepjes tonen de marge van de schatting",
                           "Percent of the estimate; the whiskers show the estimate's range"),
    "shelter.ratio_axis": ("Procent van de schatting", "Percent of the estimate"),
    "shelter.ratio_series": ("Gemeld ÷ {estimate} {period}", "Registered ÷ {estimate} {period}"),
    "shelter.estimate_period": ("Periode van de schatting", "Period of the estimate"),
    "shelter.places": ("Opvangplekken", "Shelter places"),
    "shelter.waiting": ("Wachtlijst en wachttijd", "Waiting list and waiting time"),
    "shelter.budget": ("Budget en tekort", "Budget and shortfall"),
    "shelter.per_place": ("Budget per plek", "Budget per place"),
    "shelter.per_place_text": ("{budget} voor {places} plekken: {per_place} per plek ({period}).",
                               "{budget} for {places} places: {per_place} per place ({period})."),
    "shelter.cosm": ("COSM (categorale opvang)", "COSM (categorical shelter)"),
    "shelter.point": ("Peildatum {date}", "On {date}"),
    # targets
    "targets.intro": ("Elk doel met uitgangswaarde, laatste waarde, doeljaar en status.",
                      "Each target with baseline, latest value, due year and status."),
    "targets.rule": ("Regel: is er een cijfer voor het doeljaar, dan *gehaald* of *niet gehaald*. Daarvoor: *op koers* "
                     "als het nieuwste cijfer het doel al haalt of aan de goede kant ligt van de rechte lijn van "
                     "uitgangswaarde naar doel, anders *niet op koers*. Geen cijfer: *geen data*. Elk doel wordt "
                     "beoordeeld op het laatste cijfer en op het cijfer zoals het eerst werd gepubliceerd.",
                     "Rule: with a figure for the due year, *met* or *missed*. Before that: *on track* when the "
                     "newest figure already meets the target or lies on the right side of the straight line from "
                     "baseline to target, else *off track*. No figure: *no data*. Each target is judged on the "
                     "latest figure and on the figure as first published."),
    "targets.judged_twice": ("‘{name}’: {first_status} op het eerste cijfer ({first}), {status} na de herziening "
                             "({latest}, {year}).",
                             "‘{name}’: {first_status} on the first figure ({first}), {status} after the revision "
                             "({latest}, {year})."),
    "targets.judged_twice_title": ("Eerste cijfer en herziening", "First figure and revision"),
    "targets.from_baseline": (" (uitgangswaarde {value} in {year})", " (baseline {value} in {year})"),
    "targets.replaced": ("vervangen door {source}", "replaced by {source}"),
    "targets.replaced_short": ("vervangen", "replaced"),
    "targets.none": ("Er zijn (nog) geen doelen in de database.", "There are no targets in the database (yet)."),
    "targets.chart": ("Voortgang: {name}", "Progress: {name}"),
    "targets.progress": ("Voortgang naar het doel (%)", "Progress towards the target (%)"),
    "targets.progress_title": ("Voortgang van alle doelen", "Progress of all targets"),
    "targets.no_data_label": ("geen cijfer", "no figure"),
    "targets.no_figure": ("geen cijfer voor {year}", "no figure for {year}"),
    "targets.partial": ("deels: tot {date}", "partial: up to {date}"),
    "col.basis": ("Telwijze", "Counting basis"),
    "col.basis_id": ("Telwijze (code)", "Counting basis (code)"),
    "rev.basis_changes": ("Andere telwijze", "New counting basis"),
    "rev.basis_intro": ("Deze cijfers zijn later op een andere telwijze gepubliceerd. Dat is geen herziening: de "
                        "cijfers tellen iets anders en staan niet in de herzieningsstatistieken.",
                        "These figures were later published on a new counting basis. That is not a revision: the "
                        "figures count something else and are left out of the revision statistics."),
    "rev.basis_excluded": ("{n} wisseling(en) van telwijze niet meegeteld als herziening.",
                           "{n} change(s) of counting basis not counted as revisions."),
    "col.old_basis": ("Oude telwijze", "Old counting basis"),
    "col.new_basis": ("Nieuwe telwijze", "New counting basis"),
    "col.basis_reason": ("Waarom", "Why"),
    "targets.last_known": (" · laatste bekende cijfer {value} ({year})", " · last known figure {value} ({year})"),
    "targets.actual": ("Realisatie", "Actual"),
    "targets.interpretation": ("Zo leest het dashboard het doel ‘{name}’: {interpretation}",
                               "How the dashboard reads the target ‘{name}’: {interpretation}"),
    # sources page
    "src.catalogue": ("Indicatoren", "Indicators"),
    "src.coverage": ("Dekking per jaar", "Coverage per year"),
    "src.coverage_intro": ("Per indicator en jaar, van het eerste tot het laatste jaar met een cijfer: ● gemeld, "
                           "◐ voorlopig, ↻ herzien, ✎ gecorrigeerd, ≈ schatting, ◇ alleen uitsplitsing (geen totaal), "
                           "– ontbreekt (de reden staat in de lijst hieronder als die bekend is). Een leeg vak valt "
                           "buiten de jaren van de indicator; een cijfer over meerdere jaren samen telt voor geen enkel "
                           "jaar.",
                           "Per indicator and year, from the first to the last year with a figure: ● reported, "
                           "◐ provisional, ↻ revised, ✎ corrected, ≈ estimate, ◇ breakdown only (no total), "
                           "– missing (the reason is in the list below where it is known). An empty cell lies outside "
                           "the indicator's years; a figure about several years together counts for none of them."),
    "src.missing": ("Bekend ontbrekend", "Known to be missing"),
    "coverage.missing": ("ontbreekt", "missing"),
    "coverage.breakdown_only": ("alleen uitsplitsing", "breakdown only"),
    "src.missing_intro": ("Cijfers die niet gepubliceerd zijn, of die in geen openbare bron gevonden zijn. Een ontbrekend "
                          "cijfer blijft ontbreken: het dashboard vult het nooit in.",
                          "Figures that were not published, or that were not found in any public source. A missing "
                          "figure stays missing: the dashboard never fills it in."),
    "src.sources": ("Bronnen", "Sources"),
    "src.notes": ("Noten", "Notes"),
    "src.downloads": ("Downloads", "Downloads"),
    "src.download_intro": ("Alle cijfers: de laatste versie van elk cijfer, en elke gepubliceerde versie.",
                           "All figures: the latest version of each figure, and every published version."),
    "src.latest": ("Laatste cijfers", "Latest figures"),
    "src.all": ("Alle versies", "All versions"),
    "src.rule": ("Statusregel voor doelen", "Status rule for targets"),
    # briefing
    "brief.intro": ("Verzamel grafieken uit het dashboard (knop *Aan briefing toevoegen* onder elke grafiek), geef ze een "
                    "titel en een kernboodschap, zet ze in volgorde en exporteer als PowerPoint, PDF en Excel-bijlage. "
                    "Bewaar het briefingbestand om de briefing volgende maand met nieuwere cijfers opnieuw te maken.",
                    "Collect charts from the dashboard (the *Add to briefing* button under every chart), give each a "
                    "title and a takeaway, order them and export a PowerPoint deck, a PDF and an Excel appendix. Save "
                    "the briefing file to make the briefing again next month with newer figures."),
    "brief.title": ("Titel van de briefing", "Title of the briefing"),
    "brief.kept": ("Deze briefing wordt bewaard op deze server en blijft na herladen bestaan. Bladwijzer of deel de "
                   "link om haar terug te vinden (versie {version}, laatst gewijzigd {when} UTC).",
                   "This briefing is kept on this server and survives a reload. Bookmark or share the link to find "
                   "it again (version {version}, last changed {when} UTC)."),
    "brief.new": ("Nieuwe briefing", "New briefing"),
    "brief.recent": ("Recente briefings in deze browser", "Recent briefings in this browser"),
    "brief.recent_item": ("{title} · {n} onderdelen · {when}", "{title} · {n} items · {when}"),
    "brief.switch": ("Openen", "Open"),
    "brief.current": ("geopend", "open"),
    "brief.upload_help": ("Een bestand dat eerder met *Briefingbestand opslaan* is bewaard (.json). Het vervangt de "
                          "inhoud en de titel van de geopende briefing.",
                          "A file saved earlier with *Save the briefing file* (.json). It replaces the content and "
                          "the title of the open briefing."),
    "store.conflict": ("Deze briefing is intussen in een ander tabblad of venster gewijzigd (nu versie {version}). "
                       "De nieuwste versie is geladen; {what} is niet opgeslagen. Doe dat opnieuw als het nog nodig is.",
                       "This briefing was changed in another tab or window meanwhile (now version {version}). The "
                       "newest version is loaded; {what} was not saved. Make it again if it is still needed."),
    "store.your_edit": ("uw laatste wijziging", "your last change"),
    "store.edit_title": ("de titel ‘{text}’", "the title ‘{text}’"),
    "store.edit_item": ("de wijziging van onderdeel {n} (‘{text}’)", "the change to item {n} (‘{text}’)"),
    "store.edit_order": ("de nieuwe volgorde", "the new order"),
    "store.edit_remove": ("het verwijderen van onderdeel {n}", "removing item {n}"),
    "store.edit_file": ("het geopende bestand", "the opened file"),
    "store.unknown": ("Briefing `{id}` uit de link bestaat niet (meer) op deze server; de link is genegeerd.",
                      "Briefing `{id}` from the link does not exist (any more) on this server; the link was ignored."),
    "store.recovered": ("Het bestand met bewaarde briefings was beschadigd en is opzij gezet als {name}; er is een "
                        "nieuw, leeg bestand begonnen. Open een bewaard briefingbestand om verder te gaan.",
                        "The file of kept briefings was damaged and has been set aside as {name}; a new, empty one "
                        "was started. Open a saved briefing file to carry on."),
    "store.unavailable": ("Briefings kunnen niet worden bewaard ({path}: {error}).",
                          "Briefings cannot be kept ({path}: {error})."),
    "brief.language": ("Taal van de briefing: '{found}' is geen nl of en.", "Language of the briefing: '{found}' is not nl or en."),
    "brief.empty": ("De briefing is nog leeg. Voeg grafieken toe met de knop *Aan briefing toevoegen* onder een grafiek, "
                    "of open een briefingbestand.",
                    "The briefing is empty. Add charts with the *Add to briefing* button under a chart, or open a "
                    "briefing file."),
    "brief.item_title": ("Titel", "Title"),
    "brief.takeaway": ("Kernboodschap", "Takeaway"),
    "brief.table_alt": ("Tabel: {title}, {rows} rijen.", "Table: {title}, {rows} rows."),
    "brief.view": ("Weergave (link)", "View (link)"),
    "brief.up": ("Omhoog", "Up"),
    "brief.down": ("Omlaag", "Down"),
    "brief.remove": ("Verwijderen", "Remove"),
    "brief.open": ("Briefingbestand openen", "Open a briefing file"),
    "brief.opened": ("Briefing geopend: {n} onderdelen.", "Briefing opened: {n} items."),
    "brief.save": ("Briefingbestand opslaan", "Save the briefing file"),
    "brief.export": ("Exporteren", "Export"),
    "brief.pptx": ("PowerPoint", "PowerPoint"),
    "brief.pdf": ("PDF", "PDF"),
    "brief.xlsx": ("Excel-bijlage", "Excel appendix"),
    "brief.build": ("Exports vermelden de databasebuild: {stamp}.", "Exports state the database build: {stamp}."),
    "brief.problems": ("Dit briefingbestand kan niet worden gebruikt:", "This briefing file cannot be used:"),
    "brief.too_big": ("Het bestand is groter dan {size} kB.", "The file is larger than {size} kB."),
    "brief.not_json": ("Geen geldig JSON ({error}).", "Not valid JSON ({error})."),
    "brief.not_briefing": ("Dit is geen briefingbestand (het veld format moet 'mensenhandel-briefing' zijn).",
                           "This is not a briefing file (the field format must be 'mensenhandel-briefing')."),
    "brief.version": ("Versie {found} wordt niet ondersteund (verwacht {expected}).",
                      "Version {found} is not supported (expected {expected})."),
    "brief.field": ("veld '{field}' moet tekst zijn van hoogstens {limit} tekens",
                    "field '{field}' must be text of at most {limit} characters"),
    "brief.items": ("'items' moet een lijst zijn van hoogstens {limit} onderdelen.",
                    "'items' must be a list of at most {limit} items."),
    "brief.item": ("Onderdeel {n}: {error}", "Item {n}: {error}"),
    "brief.no_view": ("geen weergave (veld 'view')", "no view (field 'view')"),
    "brief.unknown": ("onbekende velden: {names}", "unknown fields: {names}"),
    "brief.no_chart": ("grafiek '{chart}' staat niet op pagina '{page}'", "chart '{chart}' is not on page '{page}'"),
    "brief.untitled": ("Briefing", "Briefing"),
    "brief.cover": ("{n} grafieken uit Mensenhandel in cijfers", "{n} charts from Human trafficking in figures"),
    "brief.contents": ("Inhoud", "Contents"),
    "brief.col_number": ("Nr.", "No."),
    "brief.col_sheet": ("Blad", "Sheet"),
    "brief.col_chart": ("Grafiek", "Chart"),
    "brief.col_build": ("Databasebuild", "Database build"),
    # the briefing's Excel appendix: headers of the columns a chart's download carries beyond a figure's own
    "xl.series": ("Reeks", "Series"),
    "xl.category": ("Categorie", "Category"),
    "xl.as_shown": ("Zoals getoond", "As shown"),
    "xl.registered": ("Gemeld", "Registered"),
    "xl.registered_by": ("Gemeld door", "Registered by"),
    "xl.estimate": ("Schatting", "Estimate"),
    "xl.estimate_period": ("Periode van de schatting", "Period of the estimate"),
    "xl.estimate_indicator": ("Indicator-code van de schatting", "Indicator code of the estimate"),
    "xl.change": ("Soort wijziging", "Kind of change"),
    "xl.difference": ("Verschil", "Difference"),
    "xl.difference_pct": ("Verschil (%)", "Difference (%)"),
    "xl.superseded": ("Vervangen", "Superseded"),
    "xl.note": ("Toelichting", "Note"),
    "xl.id": ("Code", "Code"),
    "xl.target_value": ("Doelwaarde", "Target value"),
    "xl.direction": ("Richting", "Direction"),
    "xl.due": ("Doeljaar", "Due year"),
    "xl.baseline_value": ("Uitgangswaarde", "Baseline value"),
    "xl.baseline_period": ("Periode van de uitgangswaarde", "Baseline period"),
    "xl.source_id": ("Bron-code", "Source code"),
    "xl.source_published": ("Bron gepubliceerd", "Source published"),
    "xl.source_organisation": ("Organisatie van de bron", "Source organisation"),
    "xl.published_on": ("Gepubliceerd op", "Published on"),
    "xl.interpretation": ("Zo leest het dashboard het doel", "How the dashboard reads the target"),
    "xl.is_current": ("Geldend", "Current"),
    "xl.actual_value": ("Laatste waarde", "Latest value"),
    "xl.actual_year": ("Jaar van de laatste waarde", "Year of the latest value"),
    "xl.trajectory_value": ("Waarde op koers", "Value on track"),
    "xl.first_value": ("Eerste waarde", "First value"),
    "xl.first_status": ("Status op het eerste cijfer", "Status on the first figure"),
    "xl.basis": ("Telwijze", "Counting basis"),
    "xl.is_current_basis": ("Huidige telwijze", "Current counting basis"),
    "xl.old": ("{label} (oud)", "{label} (old)"),
    "xl.new": ("{label} (nieuw)", "{label} (new)"),
    "xl.targets": ("Doelen in de grafieken", "Targets in the charts"),
    "xl.targets_sheet": ("Doelen", "Targets"),
    # table columns
    "col.indicator": ("Indicator", "Indicator"),
    "col.indicator_id": ("Indicator-code", "Indicator code"),
    "col.period_kind": ("Soort periode", "Kind of period"),
    "col.qualifier": ("Aanduiding", "Qualifier"),
    "col.low": ("Ondergrens", "Lower bound"),
    "col.high": ("Bovengrens", "Upper bound"),
    "col.vintage": ("Versie", "Version"),
    "col.source_title": ("Titel van de bron", "Source title"),
    "dl.long": ("cijfers", "figures"),
    "dl.wide": ("per jaar", "by year"),
    "dl.csv_long": ("CSV (een rij per cijfer)", "CSV (one row per figure)"),
    "dl.csv_wide": ("CSV (jaren × reeksen)", "CSV (years × series)"),
    "col.name": ("Naam", "Name"),
    "col.period": ("Periode", "Period"),
    "col.year": ("Jaar", "Year"),
    "col.breakdown": ("Uitsplitsing", "Breakdown"),
    "col.value": ("Waarde", "Value"),
    "col.unit": ("Eenheid", "Unit"),
    "col.status": ("Status", "Status"),
    "col.published": ("Gepubliceerd", "Published"),
    "col.source": ("Bron", "Source"),
    "col.organisation": ("Organisatie", "Organisation"),
    "col.domain": ("Domein", "Domain"),
    "col.definition": ("Definitie", "Definition"),
    "col.figures": ("Cijfers", "Figures"),
    "col.revised": ("Herzien", "Revised"),
    "col.first_provisional": ("Eerst voorlopig", "First provisional"),
    "col.mean_revision": ("Gem. herziening", "Mean revision"),
    "col.mean_abs_revision": ("Gem. absolute herziening", "Mean absolute revision"),
    "col.rel_mean_abs_revision": ("Relatieve gem. abs. herziening", "Relative mean abs. revision"),
    "col.largest_revision": ("Grootste herziening", "Largest revision"),
    "col.years": ("Jaren", "Years"),
    "col.breakdowns": ("Uitsplitsingen", "Breakdowns"),
    "col.appears": ("Waar te zien", "Where shown"),
    "col.reason": ("Reden", "Reason"),
    "dim.by": ("per {dimension}", "by {dimension}"),
    "dim.vorm": ("vorm van uitbuiting", "form of exploitation"),
    "dim.aanmelder": ("aanmelder", "reporting organisation"),
    "dim.leeftijd": ("leeftijd", "age"),
    "dim.nationaliteit": ("nationaliteit", "nationality"),
    "dim.geslacht": ("geslacht", "sex"),
    "dim.groep": ("groep", "group"),
    "dim.herkomst": ("herkomst", "region of origin"),
    "dim.sector": ("sector", "sector"),
    "dim.middelen": ("herkomst van de middelen", "origin of the funds"),
    "col.derived_from": ("afgeleid van", "derived from"),
    "col.per": ("getoond per eenheid van {name}", "shown per unit of {name}"),
    "topic.dark_number": ("Dark number", "Dark number"),
    "topic.places": ("Opvangplekken", "Shelter places"),
    "topic.waiting": ("Wachtlijst en wachttijd", "Waiting list and waiting time"),
    "topic.budget": ("Budget en tekort", "Budget and shortfall"),
    "topic.cosm": ("COSM", "COSM"),
    "col.title": ("Titel", "Title"),
    "col.reference": ("Referentie", "Reference"),
    "col.kind": ("Soort", "Kind"),
    "col.link": ("Link", "Link"),
    "col.note": ("Noot", "Note"),
    "col.periods": ("Perioden", "Periods"),
    "col.first": ("Eerste versie", "First version"),
    "col.latest": ("Laatste versie", "Latest version"),
    "col.first_source": ("Bron eerste", "Source of first"),
    "col.latest_source": ("Bron laatste", "Source of latest"),
    "col.first_published": ("Eerste gepubliceerd", "First published"),
    "col.latest_published": ("Laatste gepubliceerd", "Latest published"),
    "col.difference": ("Verschil", "Difference"),
    "col.difference_pct": ("Verschil (%)", "Difference (%)"),
    "col.versions": ("Versies", "Versions"),
    "col.target": ("Doel", "Target"),
    "col.target_value": ("Doelwaarde", "Target value"),
    "col.interpretation": ("Interpretatie", "Interpretation"),
    "col.baseline": ("Uitgangswaarde", "Baseline"),
    "col.actual": ("Laatste waarde", "Latest value"),
    "col.due": ("Doeljaar", "Due"),
    "col.series": ("Reeks", "Series"),
    "col.ratio": ("Verhouding", "Ratio"),
    "col.quote": ("Citaat", "Quote"),
    "col.change": ("Verandering", "Change"),
    "col.current": ("Geldend", "Current"),
    "col.old": ("Oud", "Old"),
    "col.new": ("Nieuw", "New"),
    "col.later": ("Later", "Later"),
    "col.item": ("Onderdeel", "Item"),
    "col.replaced_by": ("Vervangen", "Replaced"),
    "col.first_status": ("Op eerste cijfer", "On first figure"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
}

VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "missing_reason": {"not_published": ("niet gepubliceerd", "not published"),
                       "not_found": ("niet gevonden in een openbare bron", "not found in a public source")},
    "status": {
        "reported": ("gemeld", "reported"), "provisional": ("voorlopig", "provisional"),
        "revised": ("herzien", "revised"), "corrected": ("gecorrigeerd", "corrected"),
        "estimate": ("schatting", "estimate"),
    },
    "target_status": {
        "met": ("gehaald", "met"), "missed": ("niet gehaald", "missed"), "on_track": ("op koers", "on track"),
        "off_track": ("niet op koers", "off track"), "no_data": ("geen data", "no data"),
        "partial": ("deels", "partial"), "unconfirmed": ("onbevestigd", "unconfirmed"),
    },
    "change": {
        "new": ("nieuw", "new"), "revised": ("herzien", "revised"), "corrected": ("gecorrigeerd", "corrected"),
        "basis": ("andere telwijze", "new counting basis"),
    },
    "note_kind": {
        "correction": ("correctie", "correction"), "definition": ("definitie", "definition"),
        "context": ("context", "context"),
    },
    "source_kind": {"primary": ("primair", "primary"), "secondary": ("secundair", "secondary")},
    "period_kind": {"year": ("jaar", "year"), "month": ("maand", "month"), "date": ("peildatum", "reference date"),
                    "span": ("meerdere jaren", "several years")},
    "qualifier": {"about": ("ongeveer", "about"), "more_than": ("ruim", "more than"),
                  "at_least": ("minstens", "at least"), "less_than": ("minder dan", "less than")},
    "direction": {"at_least": ("ten minste", "at least"), "at_most": ("ten hoogste", "at most")},
}

QUALIFIERS: dict[str, tuple[str, str]] = {
    "about": ("ca. {v}", "about {v}"),
    "more_than": ("ruim {v}", "more than {v}"),
    "at_least": ("minstens {v}", "at least {v}"),
    "less_than": ("minder dan {v}", "less than {v}"),
}

MONTHS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def lang() -> str:
    """The language of this session, set by app.py from the URL or the sidebar switch."""
    value = st.session_state.get("lang", DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[LANGUAGES.index(language)]


def t(key: str, language: str | None = None, **fmt: Any) -> str:
    """The label for `key` in the session's language; a missing key shows as itself so it is noticed, not hidden."""
    pair = LABELS.get(key)
    text = _pick(pair, language or lang()) if pair else key
    return text.format(**fmt) if fmt else text


def value_label(kind: str, value: str | None, language: str | None = None) -> str:
    """A data value (status, unit, domain, breakdown, …) in the session's language; unknown values pass through.
    The vocabulary's kinds (VOCABULARY_KINDS) are data: dashboard.vocabulary labels them from the database."""
    if missing(value):
        return ""
    language = language or lang()
    if kind in VOCABULARY_KINDS:
        return _vocabulary().label(kind, str(value), language)
    pair = VALUES.get(kind, {}).get(value)
    if pair:
        return _pick(pair, language)
    return str(value)


# The kinds of value whose labels are data (data/units.csv, domains.csv, breakdown_dimensions.csv, breakdowns.csv).
VOCABULARY_KINDS = ("unit", "domain", "breakdown", "breakdown_dimension", "breakdown_value")


class Vocabulary(Protocol):
    def label(self, kind: str, value: str, language: str) -> str: ...
    def unit_style(self, unit: str | None) -> str: ...


_VOCABULARY: list[Vocabulary] = []


def use_vocabulary(vocabulary: Vocabulary) -> None:
    """Called by dashboard.vocabulary when it is imported. It reads the database, whose module uses this one for its
    messages, so this module cannot import it: it registers itself instead."""
    _VOCABULARY[:] = [vocabulary]


def _vocabulary() -> Vocabulary:
    if not _VOCABULARY:
        raise RuntimeError("the vocabulary is not loaded: import dashboard.vocabulary before labelling its words")
    return _VOCABULARY[0]


def name_column(language: str | None = None, base: str = "name") -> str:
    """The bilingual column to show: name_nl or name_en (also text_nl/text_en, definition_nl/definition_en)."""
    return f"{base}_{language or lang()}"


def separators(language: str | None = None) -> str:
    """plotly's layout.separators: decimal then thousands."""
    return ",." if (language or lang()) == "nl" else ".,"


def format_number(value: float | int | None, language: str | None = None, decimals: int | None = None) -> str:
    """1234.5 -> '1.234,5' in Dutch, '1,234.5' in English. Whole numbers show no decimals unless asked."""
    if missing(value):
        return "–"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else (1 if abs(value) >= 10 else 2)
    text = f"{value:,.{decimals}f}"
    if (language or lang()) == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_value(value: float | None, unit: str | None = None, qualifier: str | None = None,
                 low: float | None = None, high: float | None = None, language: str | None = None) -> str:
    """A figure as a reader should see it: 'ca. 5.000 (5.000–7.500)', 'ruim 1.700', '45%', '€ 2,3 mln'."""
    language = language or lang()
    if missing(value):
        return "–"
    text = _with_unit(value, unit, language)
    if isinstance(qualifier, str) and qualifier in QUALIFIERS:
        text = _pick(QUALIFIERS[qualifier], language).format(v=text)
    if _present(low) and _present(high):
        text += f" ({_with_unit(low, unit, language)}–{_with_unit(high, unit, language)})"
    return text


def missing(x: Any) -> TypeIs[None]:
    """None, NaN and pandas' NA alike (DuckDB hands pandas nullable columns). For the type checker: a value that is
    not missing is not None."""
    return x is None or (not isinstance(x, (str, list, tuple)) and bool(pd.isna(x)))


def _present(x: float | None) -> TypeIs[float]:
    return not missing(x)


def _with_unit(value: float, unit: str | None, language: str) -> str:
    style = _vocabulary().unit_style(unit) if unit else "count"   # data/units.csv
    if style == "share":
        return f"{format_number(value, language)}%"
    if style == "money":
        if abs(value) >= 1_000_000:
            millions = format_number(value / 1_000_000, language, decimals=1 if value % 1_000_000 else 0)
            return f"€ {millions} mln" if language == "nl" else f"€{millions} million"
        return f"€ {format_number(value, language)}" if language == "nl" else f"€{format_number(value, language)}"
    return format_number(value, language)


def format_change(delta: float | None, pct: float | None, unit: str | None, language: str | None = None) -> str:
    """'+12 (+1,4%)' — the signed change with its percentage."""
    if missing(delta):
        return "–"
    sign = "+" if delta > 0 else ("-" if delta < 0 else "±")
    text = sign + _with_unit(abs(delta), unit, language or lang())
    share = bool(unit) and _vocabulary().unit_style(unit) == "share"
    if _present(pct) and not share:
        text += f" ({'+' if pct > 0 else '-' if pct < 0 else '±'}{format_number(abs(pct), language, 1)}%)"
    elif share:
        text = text.replace("%", " " + ("procentpunt" if (language or lang()) == "nl" else "percentage points"))
    return text


def format_date(value: Any, language: str | None = None) -> str:
    """A date (or a partial date as written: 2024, 2024-10) in the reader's language: 18 okt 2024 / 18 Oct 2024."""
    if missing(value):
        return "–"
    text = str(value)[:10]
    parts = text.split("-")
    months = MONTHS[language or lang()]
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{months[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return text


def format_period(period: str, language: str | None = None) -> str:
    """'2023' stays; '2025-04-15' becomes a date; '2018-2019' becomes '2018–2019'."""
    if len(period) == 9 and period[4] == "-" and period[:4].isdigit() and period[5:].isdigit():
        return f"{period[:4]}–{period[5:]}"
    if len(period) in (7, 10):
        return format_date(period, language)
    return period
