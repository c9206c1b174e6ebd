-- The published database: tables loaded from data/, and the documented views analysts query.
-- Every view is described, with an example query, in README.md ("Querying the database").

CREATE TABLE indicators (
    id               VARCHAR PRIMARY KEY,
    name_nl          VARCHAR NOT NULL,
    name_en          VARCHAR NOT NULL,
    unit             VARCHAR NOT NULL,
    domain           VARCHAR NOT NULL,
    organisation     VARCHAR NOT NULL,
    higher_is_better BOOLEAN,
    definition_nl    VARCHAR NOT NULL,
    definition_en    VARCHAR NOT NULL,
    measures         VARCHAR NOT NULL,   -- the quantity counted; the id itself when no other indicator counts it
    chain_step       VARCHAR,            -- its step in the justice chain
    headline         INTEGER,            -- its position on the overview
    topic            VARCHAR,            -- its section on the shelter page
    derived_from     VARCHAR[] NOT NULL, -- for a published ratio or share: the indicators it relates
    per              VARCHAR,            -- for an amount: the count it is shown per (budget per place)
    scope            VARCHAR NOT NULL,   -- what a count covers: all_forms, or labour_only
    file             VARCHAR NOT NULL,
    line             INTEGER NOT NULL
);

CREATE TABLE sources (
    id           VARCHAR PRIMARY KEY,
    title        VARCHAR NOT NULL,
    organisation VARCHAR NOT NULL,
    reference    VARCHAR NOT NULL,
    published    VARCHAR NOT NULL,          -- as written: YYYY-MM-DD, YYYY-MM or YYYY
    published_on DATE NOT NULL,             -- the last day published may mean: surely out by then
    url          VARCHAR,
    kind         VARCHAR NOT NULL,
    seed         VARCHAR,
    file         VARCHAR NOT NULL,
    line         INTEGER NOT NULL
);

CREATE TABLE figures (
    indicator    VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,          -- 2023, 2023-07, 2025-04-15 or 2018-2019
    period_kind  VARCHAR NOT NULL,          -- year, month, date or span
    period_start DATE NOT NULL,
    period_end   DATE NOT NULL,
    breakdown    VARCHAR NOT NULL,
    value        DOUBLE NOT NULL,
    qualifier    VARCHAR,                   -- about, more_than, at_least, less_than; NULL = exact
    low          DOUBLE,
    high         DOUBLE,
    status       VARCHAR NOT NULL,
    published    VARCHAR NOT NULL,
    published_on DATE NOT NULL,
    source       VARCHAR NOT NULL,
    quote        VARCHAR NOT NULL,
    comment      VARCHAR,
    file         VARCHAR NOT NULL,
    line         INTEGER NOT NULL,
    basis        VARCHAR NOT NULL,          -- its counting basis (data/series_breaks.csv); '' when never changed
    is_current_basis BOOLEAN NOT NULL,      -- on the newest basis that has a figure for this indicator/period/breakdown
    vintage      INTEGER NOT NULL,          -- 1, 2, ...: this version's place among the figure's published versions
                                            -- on its basis (a value on a new basis is not a version of the old one)
    vintages     INTEGER NOT NULL           -- how many versions of the figure are published on its basis
    -- key (indicator, period, breakdown, published) and references are checked by the validator and again by
    -- build._integrity; declared constraints would cost a second index build on every load
);

CREATE TABLE targets (
    id              VARCHAR PRIMARY KEY,
    indicator       VARCHAR NOT NULL REFERENCES indicators (id),
    breakdown       VARCHAR NOT NULL,
    value           DOUBLE NOT NULL,
    direction       VARCHAR NOT NULL,
    due             INTEGER,                -- NULL: the document gives no due year (see the target status rule)
    baseline_value  DOUBLE,
    baseline_period INTEGER,
    source          VARCHAR NOT NULL REFERENCES sources (id),
    quote           VARCHAR NOT NULL,
    name_nl         VARCHAR NOT NULL,
    name_en         VARCHAR NOT NULL,
    interpretation_nl VARCHAR,              -- how a target worded without a number is read
    interpretation_en VARCHAR,
    standing        VARCHAR NOT NULL DEFAULT 'set', -- set, or unconfirmed: no document confirms it, nothing is judged
    file            VARCHAR NOT NULL,
    line            INTEGER NOT NULL
);

CREATE TABLE notes (
    id        VARCHAR PRIMARY KEY,
    indicator VARCHAR NOT NULL REFERENCES indicators (id),
    periods   VARCHAR[] NOT NULL,           -- empty: every period
    breakdown VARCHAR,                      -- NULL: every breakdown
    kind      VARCHAR NOT NULL,
    text_nl   VARCHAR NOT NULL,
    text_en   VARCHAR NOT NULL,
    source    VARCHAR NOT NULL REFERENCES sources (id),
    file      VARCHAR NOT NULL,
    line      INTEGER NOT NULL
);

-- Further sources of one version of a figure: the same value published again later (data/figure_sources.csv).
CREATE TABLE figure_sources (
    indicator VARCHAR NOT NULL,
    period    VARCHAR NOT NULL,
    breakdown VARCHAR NOT NULL,
    published VARCHAR NOT NULL,             -- the version's publication date, as in data/figures
    source    VARCHAR NOT NULL REFERENCES sources (id),
    quote     VARCHAR NOT NULL,
    comment   VARCHAR,
    file      VARCHAR NOT NULL,
    line      INTEGER NOT NULL
);

-- Years of an indicator known to have no figure, and why (data/missing.csv).
CREATE TABLE missing (
    indicator VARCHAR NOT NULL REFERENCES indicators (id),
    period    VARCHAR NOT NULL,             -- a year
    reason    VARCHAR NOT NULL,             -- not_published, not_found
    note_nl   VARCHAR NOT NULL,
    note_en   VARCHAR NOT NULL,
    file      VARCHAR NOT NULL,
    line      INTEGER NOT NULL
);

-- Where an indicator's series changed counting basis (data/series_breaks.csv): a figure published on or after the
-- first day of `published` is on `basis`, one published before the indicator's first break on its `basis_before`.
CREATE TABLE series_breaks (
    indicator       VARCHAR NOT NULL REFERENCES indicators (id),
    period          VARCHAR NOT NULL,       -- the first period the new basis covers
    published       VARCHAR NOT NULL,       -- as written: YYYY-MM-DD, YYYY-MM or YYYY
    published_from  DATE NOT NULL,          -- its first day: a figure with published_on from then is on basis
    basis_before    VARCHAR NOT NULL,
    basis           VARCHAR NOT NULL,
    label_before_nl VARCHAR NOT NULL,
    label_before_en VARCHAR NOT NULL,
    label_nl        VARCHAR NOT NULL,
    label_en        VARCHAR NOT NULL,
    reason_nl       VARCHAR NOT NULL,
    reason_en       VARCHAR NOT NULL,
    source          VARCHAR NOT NULL REFERENCES sources (id),
    file            VARCHAR NOT NULL,
    line            INTEGER NOT NULL
);

-- The vocabulary (data/units.csv, domains.csv, chain_steps.csv, breakdown_dimensions.csv, breakdowns.csv,
-- series_colours.csv): the words the figures are written in, with their Dutch and English labels.
CREATE TABLE units (
    unit     VARCHAR PRIMARY KEY,
    label_nl VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL,
    whole    BOOLEAN NOT NULL,              -- counted in whole numbers: a fraction is a problem in the data
    decimals INTEGER NOT NULL,              -- decimals of its value axis
    style    VARCHAR NOT NULL,              -- count, share (45%) or money (€ 2,3 mln)
    computed BOOLEAN NOT NULL,              -- a unit the dashboard computes (index, change), not one of a figure
    per_inhabitants BOOLEAN NOT NULL,       -- a count that has a rate per 100,000 inhabitants (rates_per_100k)
    file     VARCHAR NOT NULL,
    line     INTEGER NOT NULL
);

CREATE TABLE domains (
    domain   VARCHAR PRIMARY KEY,
    label_nl VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL,
    "order"  INTEGER NOT NULL,              -- the domains in the order of the chain
    file     VARCHAR NOT NULL,
    line     INTEGER NOT NULL
);

CREATE TABLE chain_steps (
    step    VARCHAR PRIMARY KEY,
    "order" INTEGER NOT NULL,
    funnel  BOOLEAN NOT NULL,               -- drawn in the funnel; false: beside the chain (what it starts from)
    share_of VARCHAR,                       -- the step whose count this one is also shown as a share of
    file    VARCHAR NOT NULL,
    line    INTEGER NOT NULL
);

CREATE TABLE breakdown_dimensions (
    dimension VARCHAR PRIMARY KEY,
    name_nl   VARCHAR NOT NULL,             -- the dimension as a reader chooses it: per leeftijd / by age
    name_en   VARCHAR NOT NULL,
    label_nl  VARCHAR NOT NULL,             -- before a group's label: 'aanmelder: FairWork' / 'reported by: FairWork'
    label_en  VARCHAR NOT NULL,
    "order"   INTEGER NOT NULL,
    exclusive BOOLEAN NOT NULL,             -- its groups do not overlap (they may be stacked)
    file      VARCHAR NOT NULL,
    line      INTEGER NOT NULL
);

CREATE TABLE breakdowns (
    breakdown VARCHAR PRIMARY KEY,          -- as written in the figures: totaal, seksueel, aanmelder:FairWork
    dimension VARCHAR,                      -- NULL for the total; vorm for a bare form of exploitation
    form      VARCHAR,                      -- the form a dimension follows (seksueel in seksueel_herkomst:Afrika)
    value     VARCHAR,                      -- the group within its dimension (FairWork)
    label_nl  VARCHAR NOT NULL,             -- the group's label (FairWork, seksuele uitbuiting)
    label_en  VARCHAR NOT NULL,
    "order"   INTEGER NOT NULL,             -- its place within its dimension
    file      VARCHAR NOT NULL,
    line      INTEGER NOT NULL
);

CREATE TABLE series_colours (
    series VARCHAR PRIMARY KEY,             -- an indicator id, a breakdown, or a vintage (first, latest)
    colour VARCHAR NOT NULL,                -- #RRGGBB
    file   VARCHAR NOT NULL,
    line   INTEGER NOT NULL
);

CREATE TABLE build_info (
    schema_version INTEGER NOT NULL,
    built_at       TIMESTAMPTZ NOT NULL,
    input_checksum VARCHAR NOT NULL,        -- sha256 over the files in data/
    indicators     INTEGER NOT NULL,
    sources        INTEGER NOT NULL,
    figures        INTEGER NOT NULL,
    targets        INTEGER NOT NULL,
    notes          INTEGER NOT NULL,
    newest_source  DATE,
    figure_sources INTEGER NOT NULL DEFAULT 0,
    missing        INTEGER NOT NULL DEFAULT 0,
    series_breaks  INTEGER NOT NULL DEFAULT 0
);

-- Every counting basis of an indicator with a declared break, in order (rank 0: the basis before the first break),
-- with its labels and the break that started it (NULL for rank 0).
CREATE VIEW counting_bases AS
WITH chain AS (
    SELECT *, row_number() OVER (PARTITION BY indicator ORDER BY published_from) AS rank FROM series_breaks
)
SELECT indicator, basis_before AS basis, label_before_nl AS label_nl, label_before_en AS label_en, 0 AS rank,
       NULL::VARCHAR AS since_period, NULL::VARCHAR AS since_published, NULL::VARCHAR AS reason_nl,
       NULL::VARCHAR AS reason_en, NULL::VARCHAR AS source
FROM chain WHERE rank = 1
UNION ALL
SELECT indicator, basis, label_nl, label_en, rank, period, published, reason_nl, reason_en, source FROM chain;

-- Every published version (vintage) of every figure, with its indicator and source spelled out; further_sources
-- lists the references of the later documents that published the same value again (figure_sources), oldest first.
CREATE VIEW figures_all AS
SELECT
    f.indicator, i.name_nl, i.name_en, i.unit, i.domain, i.organisation, i.higher_is_better,
    f.period, f.period_kind, f.period_start, f.period_end,
    year(f.period_start) AS year_start,
    year(f.period_end) AS year_end,
    CASE WHEN f.period_kind <> 'span' THEN year(f.period_end) END AS year,
    f.breakdown, f.value, f.qualifier, f.low, f.high, f.status, f.published, f.published_on,
    f.vintage, f.vintages, f.vintage = 1 AS is_first, f.vintage = f.vintages AS is_latest,
    f.basis, cb.label_nl AS basis_label_nl, cb.label_en AS basis_label_en, f.is_current_basis,
    f.source, s.title AS source_title, s.organisation AS source_organisation, s.reference AS source_reference,
    s.published AS source_published, s.url AS source_url, s.kind AS source_kind,
    f.quote, f.comment, f.file, f.line,
    coalesce(x.further_sources, []) AS further_sources
FROM figures f
JOIN indicators i ON i.id = f.indicator
JOIN sources s ON s.id = f.source
LEFT JOIN counting_bases cb ON cb.indicator = f.indicator AND cb.basis = f.basis
LEFT JOIN (
    SELECT fs.indicator, fs.period, fs.breakdown, fs.published,
           list(s2.reference ORDER BY s2.published_on, s2.reference) AS further_sources
    FROM figure_sources fs JOIN sources s2 ON s2.id = fs.source
    GROUP BY ALL
) x ON x.indicator = f.indicator AND x.period = f.period AND x.breakdown = f.breakdown AND x.published = f.published;

-- The newest published value of each figure, on its current counting basis: what the dashboard shows by default.
CREATE VIEW figures_latest AS SELECT * FROM figures_all WHERE is_latest AND is_current_basis;

-- The newest published value of each figure on each counting basis: where two bases cover the same period, both.
CREATE VIEW figures_latest_by_basis AS SELECT * FROM figures_all WHERE is_latest;

-- The value as first published on the figure's current counting basis.
CREATE VIEW figures_first AS SELECT * FROM figures_all WHERE is_first AND is_current_basis;

-- The value as known on a date: the newest vintage published on or before it (partial dates count from their end).
CREATE MACRO figures_as_of(known_on) AS TABLE
SELECT * EXCLUDE (newest)
FROM (
    SELECT *, row_number() OVER (PARTITION BY indicator, period, breakdown
                                 ORDER BY published_on DESC, published DESC, vintage DESC) AS newest
    FROM figures_all
    WHERE published_on <= CAST(known_on AS DATE)
)
WHERE newest = 1;

-- Notes attached to each figure (indicator, period, breakdown): a note without periods or breakdown applies to all.
CREATE VIEW figure_notes AS
SELECT DISTINCT f.indicator, f.period, f.breakdown, n.id AS note, n.kind, n.text_nl, n.text_en, n.source
FROM figures f
JOIN notes n
  ON n.indicator = f.indicator
 AND (len(n.periods) = 0 OR list_contains(n.periods, f.period))
 AND (n.breakdown IS NULL OR n.breakdown = f.breakdown);

-- Every figure published in more than one version on one counting basis: first against latest on that basis, with
-- the notes that explain the change. A value on a new basis is a basis change (basis_changes), not a revision.
CREATE VIEW revisions AS
WITH versions AS (
    SELECT f.*, s.reference AS source_reference
    FROM figures f
    JOIN sources s ON s.id = f.source
    WHERE f.vintages > 1
),
explained AS (
    SELECT n.indicator, n.period, n.breakdown,
           string_agg(n.text_nl, ' ' ORDER BY n.note) AS note_nl,
           string_agg(n.text_en, ' ' ORDER BY n.note) AS note_en
    FROM figure_notes n
    SEMI JOIN (SELECT DISTINCT indicator, period, breakdown FROM versions) USING (indicator, period, breakdown)
    GROUP BY ALL
)
SELECT
    fst.indicator, i.name_nl, i.name_en, i.unit, fst.period, fst.period_kind,
    CASE WHEN fst.period_kind <> 'span' THEN year(fst.period_end) END AS year, fst.breakdown,
    fst.basis, cb.label_nl AS basis_label_nl, cb.label_en AS basis_label_en,
    fst.vintages,
    fst.value AS first_value, fst.qualifier AS first_qualifier, fst.status AS first_status,
    fst.published AS first_published, fst.source AS first_source, fst.source_reference AS first_source_reference,
    lst.value AS latest_value, lst.qualifier AS latest_qualifier, lst.status AS latest_status,
    lst.published AS latest_published, lst.source AS latest_source, lst.source_reference AS latest_source_reference,
    lst.value - fst.value AS difference,
    CASE WHEN fst.value <> 0 THEN (lst.value - fst.value) / fst.value * 100 END AS difference_pct,
    e.note_nl, e.note_en
FROM versions fst
JOIN versions lst ON lst.indicator = fst.indicator AND lst.period = fst.period AND lst.breakdown = fst.breakdown
                 AND lst.basis = fst.basis AND lst.vintage = lst.vintages
JOIN indicators i ON i.id = fst.indicator
LEFT JOIN counting_bases cb ON cb.indicator = fst.indicator AND cb.basis = fst.basis
LEFT JOIN explained e ON e.indicator = fst.indicator AND e.period = fst.period AND e.breakdown = fst.breakdown
WHERE fst.vintage = 1;

-- Every figure published on two counting bases, per break: the value last published on the old basis against the
-- value first published on the new one, each with its publication and source, and the break's reason and source.
-- Not a revision: the statistics of revision_stats leave these out and count them.
CREATE VIEW basis_changes AS
SELECT
    o.indicator, i.name_nl, i.name_en, i.unit, o.period, o.period_kind,
    CASE WHEN o.period_kind <> 'span' THEN year(o.period_end) END AS year, o.breakdown,
    b.basis_before AS old_basis, b.label_before_nl AS old_basis_label_nl, b.label_before_en AS old_basis_label_en,
    b.basis AS new_basis, b.label_nl AS new_basis_label_nl, b.label_en AS new_basis_label_en,
    o.value AS old_value, o.qualifier AS old_qualifier, o.status AS old_status, o.published AS old_published,
    o.published_on AS old_published_on, o.source AS old_source, os.reference AS old_source_reference,
    n.value AS new_value, n.qualifier AS new_qualifier, n.status AS new_status, n.published AS new_published,
    n.published_on AS new_published_on, n.source AS new_source, ns.reference AS new_source_reference,
    n.value - o.value AS difference,
    CASE WHEN o.value <> 0 THEN (n.value - o.value) / o.value * 100 END AS difference_pct,
    b.period AS break_period, b.published AS break_published, b.reason_nl, b.reason_en,
    b.source AS break_source, bs.reference AS break_source_reference
FROM series_breaks b
JOIN figures o ON o.indicator = b.indicator AND o.basis = b.basis_before AND o.vintage = o.vintages
JOIN figures n ON n.indicator = o.indicator AND n.period = o.period AND n.breakdown = o.breakdown
              AND n.basis = b.basis AND n.vintage = 1
JOIN indicators i ON i.id = o.indicator
JOIN sources os ON os.id = o.source
JOIN sources ns ON ns.id = n.source
JOIN sources bs ON bs.id = b.source;

-- How one figure judges a target, in the year `this_year` (the rule, also in docs/data-dictionary.md):
--   no due year (the document gives none): met when the newest figure satisfies the target; no_data when there
--                                             is no figure after the baseline year; else off_track;
--   a figure for the due year exists      -> met when it satisfies the target, else missed;
--   no figure for the due year, due passed -> no_data;
--   before the due year, newest figure     -> on_track when it already satisfies the target, or lies on the right
--                                             side of the straight line from baseline to target; else off_track;
--   no figure since the baseline (or, without a baseline, since the year before the target was set) -> no_data.
CREATE MACRO target_judgement(direction, target, due, due_value, newest_value, trajectory_value, this_year,
                               newest_year, baseline_period) AS
    CASE
        WHEN due IS NULL THEN
            CASE WHEN newest_value IS NULL OR newest_year <= baseline_period THEN 'no_data'
                 WHEN (direction = 'at_least' AND newest_value >= target) OR (direction = 'at_most' AND newest_value <= target)
                 THEN 'met' ELSE 'off_track' END
        WHEN due_value IS NOT NULL THEN
            CASE WHEN (direction = 'at_least' AND due_value >= target) OR (direction = 'at_most' AND due_value <= target)
                 THEN 'met' ELSE 'missed' END
        WHEN newest_value IS NULL OR due < this_year THEN 'no_data'
        WHEN (direction = 'at_least' AND newest_value >= target) OR (direction = 'at_most' AND newest_value <= target)
            THEN 'on_track'
        WHEN trajectory_value IS NOT NULL
         AND ((direction = 'at_least' AND newest_value >= trajectory_value)
           OR (direction = 'at_most' AND newest_value <= trajectory_value)) THEN 'on_track'
        ELSE 'off_track'
    END;

-- Each target with the figure it is judged on and its status, as known on a date (NULL: everything published).
-- Judged twice: on the latest version of the figure (actual_value, status) and on the version first published
-- (first_value, first_status). A target is current unless a later document set another value for the same indicator,
-- breakdown and year.
CREATE MACRO target_status_on(known_on) AS TABLE
WITH t AS (
    SELECT tg.*, i.name_nl AS indicator_name_nl, i.name_en AS indicator_name_en, i.unit,
           s.reference AS source_reference, s.published AS source_published, s.published_on AS source_published_on,
           row_number() OVER (PARTITION BY tg.indicator, tg.breakdown, tg.due ORDER BY s.published_on DESC, tg.id) = 1
               AS is_current
    FROM targets tg
    JOIN indicators i ON i.id = tg.indicator
    JOIN sources s ON s.id = tg.source
    WHERE known_on IS NULL OR s.published_on <= CAST(known_on AS DATE)
),
targeted AS (  -- the latest and the first version of the figures a target is about, without windowing every figure
    SELECT f.indicator, f.breakdown, f.period_kind, f.period_end,
           CASE WHEN f.period_kind <> 'span' THEN year(f.period_end) END AS year,
           arg_max(f.value, (f.published_on, f.published)) AS value,
           arg_min(f.value, (f.published_on, f.published)) AS first_value
    FROM figures f
    SEMI JOIN (SELECT DISTINCT indicator, breakdown FROM targets) k USING (indicator, breakdown)
    WHERE known_on IS NULL OR f.published_on <= CAST(known_on AS DATE)
    GROUP BY f.indicator, f.period, f.breakdown, f.period_kind, f.period_end
),
at_due AS (
    SELECT t.id, f.value, f.first_value
    FROM t JOIN targeted f
      ON f.indicator = t.indicator AND f.breakdown = t.breakdown AND f.period_kind = 'year' AND f.year = t.due
),
part_due AS (  -- a count part-way through the due year (a month or a date in it): the newest such count
    SELECT t.id, arg_max(f.value, f.period_end) AS value, arg_max(f.first_value, f.period_end) AS first_value,
           max(f.period_end) AS partial_end
    FROM t JOIN targeted f
      ON f.indicator = t.indicator AND f.breakdown = t.breakdown AND f.period_kind IN ('month', 'date')
     AND f.year = t.due
    GROUP BY t.id
),
newest AS (
    SELECT t.id, arg_max(f.value, f.period_end) AS value, arg_max(f.first_value, f.period_end) AS first_value,
           max(f.year) AS year
    FROM t JOIN targeted f
      ON f.indicator = t.indicator AND f.breakdown = t.breakdown AND f.period_kind IN ('year', 'date')
     AND (t.due IS NULL OR f.year <= t.due) AND f.year >= coalesce(t.baseline_period, year(t.source_published_on) - 1)
    GROUP BY t.id
),
judged AS (
    SELECT t.*, d.value AS due_value, n.value AS newest_value, n.year AS newest_year,
           d.first_value AS due_first_value, n.first_value AS newest_first_value,
           CASE WHEN d.value IS NULL THEN pd.value END AS partial_value,
           CASE WHEN d.value IS NULL THEN pd.first_value END AS partial_first_value,
           CASE WHEN d.value IS NULL THEN pd.partial_end END AS partial_end,
           m.reason AS missing_reason, m.note_nl AS missing_note_nl, m.note_en AS missing_note_en,
           CASE WHEN t.baseline_value IS NOT NULL AND n.year > t.baseline_period
                THEN t.baseline_value + (t.value - t.baseline_value) * (n.year - t.baseline_period)
                                        / (t.due - t.baseline_period) END AS trajectory_value,
           year(coalesce(CAST(known_on AS DATE), current_date)) AS this_year
    FROM t LEFT JOIN at_due d USING (id) LEFT JOIN newest n USING (id) LEFT JOIN part_due pd USING (id)
    LEFT JOIN missing m ON m.indicator = t.indicator AND m.period = CAST(t.due AS VARCHAR)
)
SELECT
    id, indicator, indicator_name_nl, indicator_name_en, unit, breakdown, name_nl, name_en,
    value AS target_value, direction, due, baseline_value, baseline_period,
    source, source_reference, source_published, quote, interpretation_nl, interpretation_en, is_current, standing,
    coalesce(due_value, partial_value, newest_value) AS actual_value,
    CASE WHEN due_value IS NOT NULL OR partial_value IS NOT NULL THEN due ELSE newest_year END AS actual_year,
    partial_end,
    trajectory_value,
    CASE WHEN standing = 'unconfirmed' THEN 'unconfirmed'
         WHEN partial_value IS NOT NULL THEN 'partial'
         ELSE target_judgement(direction, value, due, due_value, newest_value, trajectory_value, this_year,
                               newest_year, baseline_period) END AS status,
    coalesce(due_first_value, partial_first_value, newest_first_value) AS first_value,
    CASE WHEN standing = 'unconfirmed' THEN 'unconfirmed'
         WHEN partial_value IS NOT NULL THEN 'partial'
         ELSE target_judgement(direction, value, due, due_first_value, newest_first_value, trajectory_value,
                               this_year, newest_year, baseline_period) END AS first_status,
    missing_reason, missing_note_nl, missing_note_en
FROM judged;

-- Each target as judged today, on everything published (statuses: met, missed, on_track, off_track, no_data;
-- partial: only a count part-way through the due year exists, partial_end the day it reached; unconfirmed: the
-- target's standing is unconfirmed, nothing is judged against it). missing_reason: why a due year has no figure.
CREATE VIEW target_status AS SELECT * FROM target_status_on(NULL);

-- One row per indicator: how many figures, which years and breakdowns, how many revised.
CREATE VIEW indicator_coverage AS
WITH per_figure AS (
    SELECT indicator, period, breakdown, vintages, year(period_start) AS year_start, year(period_end) AS year_end
    FROM figures WHERE vintage = 1
)
SELECT
    i.id AS indicator, i.name_nl, i.name_en, i.unit, i.domain, i.organisation,
    count(f.indicator) AS figures,
    count(f.indicator) FILTER (WHERE f.vintages > 1) AS revised_figures,
    min(f.year_start) AS first_year,
    max(f.year_end) AS last_year,
    list_sort(list_distinct(list(f.breakdown))) AS breakdowns
FROM indicators i
LEFT JOIN per_figure f ON f.indicator = i.id
GROUP BY ALL;

-- Counts per 100,000 inhabitants (SDG indicator 16.2.2 for victims): a year's count over the population on 1 January
-- of that year, both the latest published figures. The population is the indicator whose catalogue `measures` is
-- 'population'. A rate exists only where both numbers are published: no year is filled in from another.
CREATE VIEW rates_per_100k AS
WITH population AS (
    SELECT p.year, p.period, p.value, p.source_reference, p.published
    FROM figures_latest p JOIN indicators i ON i.id = p.indicator
    WHERE i.measures = 'population' AND p.breakdown = 'totaal'
      AND (p.period_kind = 'year' OR (p.period_kind = 'date' AND month(p.period_start) = 1 AND day(p.period_start) = 1))
)
SELECT c.indicator, c.name_nl, c.name_en, c.organisation, c.breakdown, c.period, c.year,
       c.value AS count, c.qualifier, c.status, c.source_reference AS count_source, c.published AS count_published,
       p.value AS population, p.period AS population_period, p.source_reference AS population_source,
       p.published AS population_published,
       c.value / p.value * 100000 AS rate
FROM figures_latest c
JOIN indicators ci ON ci.id = c.indicator
JOIN population p ON p.year = c.year
WHERE c.period_kind = 'year' AND ci.measures <> 'population'
  AND ci.unit IN (SELECT unit FROM units WHERE per_inhabitants);   -- data/units.csv
-- One row per indicator and year, from its first to its last year (of its figures and of data/missing.csv): the
-- status of the figure for that year (reported, provisional, revised, corrected, estimate), 'breakdown_only' (the
-- year has figures of a breakdown but not the total) or 'missing', with the reason and note from data/missing.csv
-- when the gap is explained. The figure is the latest version (on its current basis) of the newest figure of that
-- year in the indicator's total: the 'totaal' breakdown, or the only breakdown an indicator has. Only year, month
-- and date figures count for a year; a span (an estimate per year over 2018-2019, a share over 2011-2015) is about
-- several years together and is not counted for any one of them.
CREATE VIEW indicator_year_coverage AS
WITH yearly AS (
    SELECT indicator, year(period_end) AS year, period, period_end, breakdown, value, status, published_on, published
    FROM figures
    WHERE period_kind IN ('year', 'month', 'date') AND vintage = vintages AND is_current_basis
),
total AS (  -- the breakdown that is the indicator's total: 'totaal', or its only breakdown
    SELECT indicator, CASE WHEN bool_or(breakdown = 'totaal') THEN 'totaal'
                           WHEN count(DISTINCT breakdown) = 1 THEN any_value(breakdown) END AS total
    FROM yearly GROUP BY indicator
),
per_year AS (
    SELECT y.indicator, y.year,
           count(DISTINCT (y.period, y.breakdown)) AS figures,
           list_sort(list_distinct(list(y.breakdown))) AS breakdowns,
           arg_max(y.status, (y.period_end, y.published_on, y.published)) FILTER (WHERE y.breakdown = t.total) AS status,
           arg_max(y.value, (y.period_end, y.published_on, y.published)) FILTER (WHERE y.breakdown = t.total) AS value,
           any_value(t.total) FILTER (WHERE y.breakdown = t.total) AS breakdown
    FROM yearly y JOIN total t USING (indicator) GROUP BY y.indicator, y.year
),
gaps AS (
    SELECT indicator, CAST(period AS INTEGER) AS year, reason, note_nl, note_en FROM missing
),
span AS (
    SELECT indicator, min(year) AS first_year, max(year) AS last_year
    FROM (SELECT indicator, year FROM per_year UNION ALL SELECT indicator, year FROM gaps)
    GROUP BY indicator
)
SELECT i.id AS indicator, i.name_nl, i.name_en, i.unit, i.domain, i.organisation, y.year,
       coalesce(p.status, CASE WHEN p.figures > 0 THEN 'breakdown_only' END, 'missing') AS status, p.value,
       p.breakdown, coalesce(p.figures, 0) AS figures,
       coalesce(p.breakdowns, []) AS breakdowns,
       g.reason AS missing_reason, g.note_nl AS missing_note_nl, g.note_en AS missing_note_en
FROM span s
JOIN indicators i ON i.id = s.indicator
CROSS JOIN LATERAL (SELECT unnest(range(s.first_year, s.last_year + 1)) AS year) y
LEFT JOIN per_year p ON p.indicator = s.indicator AND p.year = y.year
LEFT JOIN gaps g ON g.indicator = s.indicator AND g.year = y.year;

-- ===== What changed between two dates, and how much figures are revised (issue 14) ==================================
-- The interval is (from_date, to_date]: a version published on from_date was already known then (figures_as_of
-- includes it), one published on to_date counts. A publication date known only to the month or year counts from the
-- end of that month or year (published_on), as in figures_as_of.

-- Every version of a figure published in (from_date, to_date], against the version before it: `change` is `new`
-- (the first version), `basis` (the first version on a new counting basis, against the last on the old one: "andere
-- telwijze"), `corrected` (status corrected) or `revised` (any later version on one basis). `superseded` marks a
-- version that a later one in the same interval replaced; the notes explain the figure, reason_nl/en the break.
CREATE MACRO changes_between(from_date, to_date) AS TABLE
WITH published AS (
    SELECT f.*, row_number() OVER (PARTITION BY f.indicator, f.period, f.breakdown
                                   ORDER BY f.published_on DESC, f.published DESC) > 1 AS superseded
    FROM figures f
    WHERE f.published_on > CAST(from_date AS DATE) AND f.published_on <= CAST(to_date AS DATE)
),
explained AS (
    SELECT n.indicator, n.period, n.breakdown,
           string_agg(n.text_nl, ' ' ORDER BY n.note) AS note_nl,
           string_agg(n.text_en, ' ' ORDER BY n.note) AS note_en
    FROM figure_notes n
    SEMI JOIN (SELECT DISTINCT indicator, period, breakdown FROM published) USING (indicator, period, breakdown)
    GROUP BY ALL
)
SELECT
    CASE WHEN p.vintage > 1 AND p.status = 'corrected' THEN 'corrected' WHEN p.vintage > 1 THEN 'revised'
         WHEN o.value IS NOT NULL THEN 'basis' ELSE 'new' END AS change,
    p.indicator, i.name_nl, i.name_en, i.unit, p.period, p.period_kind,
    CASE WHEN p.period_kind <> 'span' THEN year(p.period_end) END AS year, p.breakdown,
    o.basis AS old_basis, ob.label_nl AS old_basis_label_nl, ob.label_en AS old_basis_label_en,
    p.basis AS new_basis, nb.label_nl AS new_basis_label_nl, nb.label_en AS new_basis_label_en,
    o.value AS old_value, o.qualifier AS old_qualifier, o.status AS old_status, o.published AS old_published,
    o.source AS old_source, os.reference AS old_source_reference,
    p.value AS new_value, p.qualifier AS new_qualifier, p.status AS new_status, p.published AS new_published,
    p.published_on AS new_published_on, p.source AS new_source, ps.reference AS new_source_reference,
    p.value - o.value AS difference,
    CASE WHEN o.value <> 0 THEN (p.value - o.value) / o.value * 100 END AS difference_pct,
    p.vintage, p.vintages, p.superseded,
    e.note_nl, e.note_en,
    CASE WHEN p.vintage = 1 AND o.value IS NOT NULL THEN nb.reason_nl END AS basis_reason_nl,
    CASE WHEN p.vintage = 1 AND o.value IS NOT NULL THEN nb.reason_en END AS basis_reason_en
FROM published p
JOIN indicators i ON i.id = p.indicator
JOIN sources ps ON ps.id = p.source
LEFT JOIN counting_bases nb ON nb.indicator = p.indicator AND nb.basis = p.basis
LEFT JOIN series_breaks b ON b.indicator = p.indicator AND b.basis = p.basis AND p.vintage = 1
LEFT JOIN figures o ON o.indicator = p.indicator AND o.period = p.period AND o.breakdown = p.breakdown
                   AND ((p.vintage > 1 AND o.basis = p.basis AND o.vintage = p.vintage - 1)
                     OR (p.vintage = 1 AND o.basis = b.basis_before AND o.vintage = o.vintages))
LEFT JOIN counting_bases ob ON ob.indicator = o.indicator AND ob.basis = o.basis
LEFT JOIN sources os ON os.id = o.source
LEFT JOIN explained e ON e.indicator = p.indicator AND e.period = p.period AND e.breakdown = p.breakdown;

-- Notes new or changed in (from_date, to_date]: a note has no date of its own, so its source's publication date counts.
CREATE MACRO notes_between(from_date, to_date) AS TABLE
SELECT n.id AS note, n.indicator, i.name_nl, i.name_en, n.periods, n.breakdown, n.kind, n.text_nl, n.text_en,
       n.source, s.reference AS source_reference, s.published AS source_published, s.published_on
FROM notes n
JOIN indicators i ON i.id = n.indicator
JOIN sources s ON s.id = n.source
WHERE s.published_on > CAST(from_date AS DATE) AND s.published_on <= CAST(to_date AS DATE);

-- Targets whose status on to_date differs from their status on from_date (NULL old_status: not yet set then).
CREATE MACRO target_changes_between(from_date, to_date) AS TABLE
SELECT b.id, b.indicator, b.indicator_name_nl, b.indicator_name_en, b.unit, b.breakdown, b.name_nl, b.name_en,
       b.target_value, b.direction, b.due, b.is_current, b.source_reference,
       a.status AS old_status, a.actual_value AS old_value, a.actual_year AS old_year,
       b.status AS new_status, b.actual_value AS new_value, b.actual_year AS new_year
FROM target_status_on(to_date) b
LEFT JOIN target_status_on(from_date) a USING (id)
WHERE a.status IS DISTINCT FROM b.status;

-- Revision statistics (OECD/ABS revision analysis; definitions in docs/data-dictionary.md): per indicator, and one
-- row `overall` (indicator NULL), each figure's first published value P against its latest value L, R = L - P.
-- mean_revision = avg(R), mean_absolute_revision = avg(|R|), relative_mean_absolute_revision = sum(|R|) / sum(|L|),
-- over every figure of the indicator (a figure never revised has R = 0). Overall these three are NULL: the units
-- differ. The largest revision: the largest |R| of the indicator (overall: the largest |R| / |P|), with the notes
-- written for its period. P and L are versions on the figure's current counting basis: a value on a new basis is
-- not a revision; basis_changes_excluded counts the figures whose basis changed, left out in that way.
CREATE VIEW revision_stats AS
WITH pairs AS (
    SELECT indicator, period, breakdown, max(vintages) AS vintages,
           arg_min(value, vintage) AS first_value, arg_min(status, vintage) AS first_status,
           arg_max(value, vintage) AS latest_value, arg_max(value, vintage) - arg_min(value, vintage) AS revision
    FROM figures WHERE is_current_basis GROUP BY indicator, period, breakdown
),
rebased AS (  -- per indicator: figures published on more than one basis (each change of basis once)
    SELECT indicator, sum(bases - 1)::BIGINT AS basis_changes_excluded
    FROM (SELECT indicator, count(DISTINCT basis) AS bases FROM figures GROUP BY indicator, period, breakdown)
    GROUP BY indicator
),
explained AS (  -- the notes written for the revised period (not those on every period of the indicator)
    SELECT indicator, period, breakdown,
           string_agg(text_nl, ' ' ORDER BY note) AS note_nl, string_agg(text_en, ' ' ORDER BY note) AS note_en
    FROM figure_notes
    SEMI JOIN (SELECT indicator, period, breakdown FROM pairs WHERE vintages > 1) USING (indicator, period, breakdown)
    WHERE note IN (SELECT id FROM notes WHERE len(periods) > 0)
    GROUP BY ALL
),
revised AS (
    SELECT p.*, abs(p.revision) / nullif(abs(p.first_value), 0) AS relative, e.note_nl, e.note_en
    FROM pairs p LEFT JOIN explained e USING (indicator, period, breakdown)
    WHERE p.vintages > 1
),
largest AS (
    SELECT * FROM revised
    QUALIFY row_number() OVER (PARTITION BY indicator ORDER BY abs(revision) DESC, relative DESC NULLS LAST, period) = 1
),
largest_overall AS (
    SELECT * FROM revised
    QUALIFY row_number() OVER (ORDER BY relative DESC NULLS LAST, abs(revision) DESC, indicator, period) = 1
),
per_indicator AS (
    SELECT indicator, count(*) AS figures, count(*) FILTER (WHERE vintages > 1) AS figures_revised,
           count(*) FILTER (WHERE first_status = 'provisional') AS first_provisional,
           avg(revision) AS mean_revision, avg(abs(revision)) AS mean_absolute_revision,
           sum(abs(revision)) / nullif(sum(abs(latest_value)), 0) AS relative_mean_absolute_revision
    FROM pairs GROUP BY indicator
),
stats AS (
    SELECT 'indicator' AS scope, s.indicator, i.name_nl, i.name_en, i.unit, s.figures, s.figures_revised,
           s.first_provisional, s.mean_revision, s.mean_absolute_revision, s.relative_mean_absolute_revision,
           l.indicator AS largest_indicator, l.period AS largest_period, l.breakdown AS largest_breakdown,
           l.first_value AS largest_first_value, l.latest_value AS largest_latest_value,
           l.revision AS largest_revision, l.note_nl AS largest_note_nl, l.note_en AS largest_note_en,
           coalesce(r.basis_changes_excluded, 0) AS basis_changes_excluded
    FROM per_indicator s JOIN indicators i ON i.id = s.indicator LEFT JOIN largest l USING (indicator)
    LEFT JOIN rebased r USING (indicator)
    UNION ALL
    SELECT 'overall', NULL, NULL, NULL, NULL, sum(figures)::BIGINT, sum(figures_revised)::BIGINT,
           sum(first_provisional)::BIGINT,
           NULL, NULL, NULL,
           any_value(l.indicator), any_value(l.period), any_value(l.breakdown), any_value(l.first_value),
           any_value(l.latest_value), any_value(l.revision), any_value(l.note_nl), any_value(l.note_en),
           (SELECT coalesce(sum(basis_changes_excluded), 0) FROM rebased)::BIGINT
    FROM per_indicator LEFT JOIN largest_overall l ON true
)
SELECT *, figures_revised / figures AS share_revised, first_provisional / figures AS share_first_provisional
FROM stats;
-- ===== end of issue 14 ==============================================================================================
