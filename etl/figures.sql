-- The checks of every figure row, over figure_cells (file, line and the cells as read, VARCHAR; figure_cells_any:
-- the same with blank rows, whose distinct cells are cheaper to collect).
-- Needs the macros of checks.sql, the tables known_indicators (id, unit) and known_sources (id), and the variables
-- statuses, qualifiers, breakdowns, whole_units and share_units (lists of the allowed words) and today (a date).
-- Leaves figure_typed: every row with its typed values and one column per check holding its message or NULL.
--
-- A million figures hold few distinct cells in most columns (a few indicators, periods, dates, sources, statuses
-- and numbers), so every distinct cell of those columns is stripped, parsed and checked once, in a dictionary per
-- column (cell_*), and joined back to its rows. Quotes and comments differ from row to row and are checked per row.

-- The distinct cells of one column: each as read (raw), as Row.get() sees it (v: stripped, '' when empty or
-- missing), whether it has control characters, and a number per distinct v (key_no) for grouping rows by it.
CREATE OR REPLACE TEMP MACRO distinct_cells(column_name) AS TABLE
SELECT raw, v, has_control(v) AS ctl, dense_rank() OVER (ORDER BY v) AS key_no
FROM (SELECT raw, cell(raw) AS v
      FROM query('SELECT DISTINCT ' || column_name || ' AS raw FROM figure_cells_any'));

CREATE OR REPLACE TEMP TABLE cell_indicator AS
SELECT c.raw, c.v, c.key_no, c.v <> '' AND NOT c.ctl AND i.id IS NOT NULL AS known,
       CASE WHEN c.v <> '' AND NOT c.ctl THEN i.unit END AS unit,
       coalesce(text_problem_given(c.v, true, c.ctl),
                CASE WHEN c.v <> '' AND NOT c.ctl AND i.id IS NULL
                     THEN format('unknown indicator ''{}'': add it to data/indicators.csv first', c.v) END) AS problem
FROM distinct_cells('indicator') AS c
LEFT JOIN known_indicators i ON i.id = c.v;

CREATE OR REPLACE TEMP TABLE cell_period AS
WITH parsed AS (
    SELECT *, CASE WHEN v <> '' AND NOT ctl THEN period_kind_unchecked(v) END AS kind_u FROM distinct_cells('period')
), dated AS (
    SELECT *, period_start_unchecked(v, kind_u) AS start_u, period_end_unchecked(v, kind_u) AS end_u FROM parsed
)
SELECT raw, v, key_no, v <> '' AND NOT ctl AS usable,
       period_kind_of(kind_u, start_u, end_u) AS kind,
       CASE WHEN period_kind_of(kind_u, start_u, end_u) IS NOT NULL THEN start_u END AS start,
       CASE WHEN period_kind_of(kind_u, start_u, end_u) IS NOT NULL THEN end_u END AS "end",
       coalesce(text_problem_given(v, true, ctl),
                CASE WHEN v <> '' AND NOT ctl AND period_kind_of(kind_u, start_u, end_u) IS NULL
                     THEN format('''{}'' is not a period: use a year (2023), a month (2023-07), a date (2025-04-15) '
                                 'or a span of years (2018-2019)', v) END) AS problem
FROM dated;

CREATE OR REPLACE TEMP TABLE cell_breakdown AS
SELECT raw, v, key_no, v <> '' AND NOT ctl AND is_breakdown(v, getvariable('breakdowns')) AS ok,
       coalesce(text_problem_given(v, true, ctl),
                CASE WHEN v <> '' AND NOT ctl AND NOT is_breakdown(v, getvariable('breakdowns'))
                     THEN breakdown_message(v, getvariable('breakdowns')) END) AS problem
FROM distinct_cells('breakdown');

-- value, low and high share one dictionary; a number's reading depends on its file (dutch: a semicolon file).
CREATE OR REPLACE TEMP TABLE cell_number AS
WITH c AS (
    SELECT raw, dutch, v, has_control(v) AS ctl
    FROM (SELECT raw, dutch, cell(raw) AS v
          FROM (SELECT DISTINCT raw, dutch FROM (SELECT value AS raw, dutch FROM figure_cells_any
                                                 UNION ALL SELECT low, dutch FROM figure_cells_any
                                                 UNION ALL SELECT high, dutch FROM figure_cells_any)))
), parsed AS (
    SELECT *, CASE WHEN v <> '' AND NOT ctl THEN parse_number_clean(compact(v), dutch) END AS n FROM c
)
SELECT raw, dutch, v, n, spelling(n) AS spelled,
       coalesce(text_problem_given(v, true, ctl),
                CASE WHEN v <> '' AND NOT ctl AND n IS NULL THEN number_message(v) END) AS problem_required,
       coalesce(text_problem_given(v, false, ctl),
                CASE WHEN v <> '' AND NOT ctl AND n IS NULL THEN number_message(v) END) AS problem_optional
FROM parsed;

CREATE OR REPLACE TEMP TABLE cell_qualifier AS
SELECT raw, nullif(v, '') AS v,
       coalesce(text_problem_given(v, false, ctl),
                CASE WHEN v <> '' AND NOT ctl THEN choice_message(v, getvariable('qualifiers')) END) AS problem
FROM distinct_cells('qualifier');

CREATE OR REPLACE TEMP TABLE cell_status AS
SELECT raw, v,
       coalesce(text_problem_given(v, true, ctl),
                CASE WHEN v <> '' AND NOT ctl THEN choice_message(v, getvariable('statuses')) END) AS problem
FROM distinct_cells('status');

CREATE OR REPLACE TEMP TABLE cell_published AS
WITH parsed AS (
    SELECT *, CASE WHEN v <> '' AND NOT ctl THEN date_first_of(date_first_unchecked(v)) END AS first
    FROM distinct_cells('published')
)
SELECT raw, v, key_no, first, date_last_of(v, first) AS "on",
       coalesce(text_problem_given(v, true, ctl),
                CASE WHEN v <> '' AND NOT ctl AND first IS NULL THEN date_message(v) END) AS problem,
       CASE WHEN first > getvariable('today') THEN format('''{}'' lies in the future', v) END AS future
FROM parsed;

CREATE OR REPLACE TEMP TABLE cell_source AS
SELECT c.raw, c.v,
       coalesce(text_problem_given(c.v, true, c.ctl),
                CASE WHEN c.v <> '' AND NOT c.ctl AND s.id IS NULL
                     THEN format('unknown source ''{}'': add it to data/sources.csv first', c.v) END) AS problem
FROM distinct_cells('source') AS c
LEFT JOIN known_sources s ON s.id = c.v;

CREATE OR REPLACE TEMP TABLE figure_typed AS
WITH joined AS (  -- every row with its cells' dictionary entries; quotes and comments as read
    SELECT x.file_no, x.file, x.line, x.dutch,
           i.v AS indicator, i.known AS indicator_known, i.unit, i.problem AS p_indicator, i.key_no AS indicator_no,
           p.v AS period, p.kind AS period_kind, p.start AS period_start, p."end" AS period_end,
           p.problem AS p_period, p.usable AS period_usable, p.key_no AS period_no,
           b.v AS breakdown, b.ok AS breakdown_ok, b.problem AS p_breakdown, b.key_no AS breakdown_no,
           nv.v AS value, nv.n AS value_n, nv.spelled, nv.problem_required AS p_value,
           nl.v AS low, nl.n AS low_n, nl.problem_optional AS p_low,
           nh.v AS high, nh.n AS high_n, nh.problem_optional AS p_high,
           q.v AS qualifier, q.problem AS p_qualifier,
           s.v AS status, s.problem AS p_status,
           pb.v AS published, pb.first AS published_first, pb."on" AS published_on, pb.problem AS p_published,
           pb.future AS p_future, pb.key_no AS published_no,
           so.v AS source, so.problem AS p_source,
           cell(x.quote) AS quote, nullif(cell(x.comment), '') AS comment
    FROM figure_cells x
    JOIN cell_indicator i ON i.raw IS NOT DISTINCT FROM x.indicator
    JOIN cell_period p ON p.raw IS NOT DISTINCT FROM x.period
    JOIN cell_breakdown b ON b.raw IS NOT DISTINCT FROM x.breakdown
    JOIN cell_number nv ON nv.raw IS NOT DISTINCT FROM x.value AND nv.dutch = x.dutch
    JOIN cell_number nl ON nl.raw IS NOT DISTINCT FROM x.low AND nl.dutch = x.dutch
    JOIN cell_number nh ON nh.raw IS NOT DISTINCT FROM x.high AND nh.dutch = x.dutch
    JOIN cell_qualifier q ON q.raw IS NOT DISTINCT FROM x.qualifier
    JOIN cell_status s ON s.raw IS NOT DISTINCT FROM x.status
    JOIN cell_published pb ON pb.raw IS NOT DISTINCT FROM x.published
    JOIN cell_source so ON so.raw IS NOT DISTINCT FROM x.source
),
quoted AS (
    SELECT *, has_control(quote) AS quote_ctl,
           indicator_known AND period_usable AND breakdown_ok AND published_first IS NOT NULL AS has_key
    FROM joined
),
found AS (  -- where the value's plain spelling first occurs in the quote (digits: the same before and after lower())
    SELECT *,
           CASE WHEN quote <> '' AND NOT quote_ctl AND value_n IS NOT NULL THEN strpos(quote, spelled) END AS found_at
    FROM quoted
),
checked AS (
    SELECT * EXCLUDE (spelled, found_at),
           CASE WHEN found_at IS NULL THEN NULL
                WHEN found_at > 0 AND delimited_at(quote, spelled, found_at) THEN true  -- most quotes: decided here
                ELSE quote_contains_lower(quote_text(quote), value_n) END AS quote_has_value
    FROM found
)
SELECT d.* EXCLUDE (dutch, indicator_known, unit, period_usable, breakdown_ok, low, high, published_first, quote_ctl,
                    quote_has_value),
    bounds_problem(d.value_n, d.unit, getvariable('whole_units'), getvariable('share_units')) AS p_value_bounds,
    bounds_problem(d.low_n, d.unit, getvariable('whole_units'), getvariable('share_units')) AS p_low_bounds,
    bounds_problem(d.high_n, d.unit, getvariable('whole_units'), getvariable('share_units')) AS p_high_bounds,
    CASE WHEN d.value_n IS NOT NULL AND ((d.low_n IS NOT NULL AND d.low_n > d.value_n)
                                         OR (d.high_n IS NOT NULL AND d.high_n < d.value_n)) THEN
        CASE WHEN d.low_n IS NOT NULL AND d.high_n IS NOT NULL
             THEN format('{} lies outside its range {}–{}', fmt_g(d.value_n), fmt_g(d.low_n), fmt_g(d.high_n))
             ELSE format('{} lies outside its published range', fmt_g(d.value_n)) END
    END AS p_range,
    CASE WHEN d.period_kind IS NOT NULL AND d.published_first IS NOT NULL AND d.status IS DISTINCT FROM 'estimate'
          AND d.published_on < d.period_start
         THEN format('''{}'' lies before the period {} begins; a count cannot be published before the period it '
                     'counts', d.published, d.period) END AS p_before_period,
    coalesce(text_problem_given(d.quote, true, d.quote_ctl),
             CASE WHEN NOT d.quote_has_value
                  THEN format('does not contain the value {}: the quote must be the source''s own words including '
                              'the number', fmt_g(d.value_n)) END) AS p_quote
FROM checked d;

-- Rows whose key (indicator, period, breakdown, publication date) an earlier row has: which row, and its value when
-- it differs. Few rows have one, so they get a table of their own rather than two columns in figure_typed.
CREATE OR REPLACE TEMP TABLE figure_duplicates AS
WITH keyed AS (
    SELECT file_no, file, line, file_no * 4294967296 + line AS pos, value, value_n,
           indicator_no, period_no, breakdown_no, published_no
    FROM figure_typed WHERE has_key
),
repeated AS (
    SELECT indicator_no, period_no, breakdown_no, published_no FROM keyed GROUP BY ALL HAVING count(*) > 1
),
firsts AS (  -- the first row of every key that occurs more than once
    SELECT indicator_no, period_no, breakdown_no, published_no, min(pos) AS first_pos,
           arg_min(file, pos) AS first_file, arg_min(line, pos) AS first_line, arg_min(value_n, pos) AS first_value,
           arg_min(value, pos) AS first_raw
    FROM keyed SEMI JOIN repeated USING (indicator_no, period_no, breakdown_no, published_no)
    GROUP BY ALL
)
SELECT k.file_no, k.line,
       CASE WHEN f.first_file <> k.file THEN f.first_file || ' line ' || f.first_line
            ELSE 'line ' || f.first_line END AS duplicate_of,
       CASE WHEN k.value_n IS DISTINCT FROM f.first_value
            THEN coalesce(fmt_g(f.first_value), '''' || f.first_raw || '''') END AS conflicting_value
FROM keyed k
JOIN firsts f USING (indicator_no, period_no, breakdown_no, published_no)
WHERE k.pos <> f.first_pos;

-- FIGURE_PROBLEMS: (file_no, file, line, column, message), in file and line order and, within a row, in the order
-- the checks are listed above.
CREATE OR REPLACE TEMP VIEW figure_problems AS
SELECT file_no, file, line, p.no AS check_no, p.col AS "column", p.message
FROM (
    SELECT file_no, file, line, unnest([
        {'no': 1, 'col': 'indicator', 'message': p_indicator},
        {'no': 2, 'col': 'period', 'message': p_period},
        {'no': 3, 'col': 'value', 'message': p_value},
        {'no': 4, 'col': 'low', 'message': p_low},
        {'no': 5, 'col': 'high', 'message': p_high},
        {'no': 6, 'col': 'value', 'message': p_value_bounds},
        {'no': 7, 'col': 'low', 'message': p_low_bounds},
        {'no': 8, 'col': 'high', 'message': p_high_bounds},
        {'no': 9, 'col': 'value', 'message': p_range},
        {'no': 10, 'col': 'status', 'message': p_status},
        {'no': 11, 'col': 'published', 'message': p_published},
        {'no': 12, 'col': 'published', 'message': p_future},
        {'no': 13, 'col': 'published', 'message': p_before_period},
        {'no': 14, 'col': 'quote', 'message': p_quote},
        {'no': 15, 'col': 'breakdown', 'message': p_breakdown},
        {'no': 16, 'col': CASE WHEN conflicting_value IS NOT NULL THEN 'published' END,
         'message': CASE
             WHEN conflicting_value IS NOT NULL
             THEN duplicate_of || ' has the same figure, period, breakdown and publication date with value '
                  || conflicting_value || ': a different value is a new version and needs its own, later '
                  || 'publication date'
             WHEN duplicate_of IS NOT NULL
             THEN 'duplicates ' || duplicate_of || ': the same figure, period, breakdown and publication date; '
                  || 'keep one row' END},
        {'no': 17, 'col': 'qualifier', 'message': p_qualifier},
        {'no': 18, 'col': 'source', 'message': p_source}
    ]) AS p
    FROM figure_typed LEFT JOIN figure_duplicates USING (file_no, line)
    WHERE coalesce(p_indicator, p_period, p_value, p_low, p_high, p_value_bounds, p_low_bounds, p_high_bounds,
                   p_range, p_status, p_published, p_future, p_before_period, p_quote, p_breakdown, duplicate_of,
                   p_qualifier, p_source) IS NOT NULL
) AS row_problems
WHERE p.message IS NOT NULL;

-- Every figure row with its counting basis: the temp table figure_basis holds the basis of each row of an indicator
-- with a declared break (filled by validate._series_breaks once data/series_breaks.csv is checked); every other
-- row is on basis ''.
CREATE OR REPLACE TEMP VIEW figure_based AS
SELECT t.*, coalesce(b.basis, '') AS basis
FROM figure_typed t
LEFT JOIN figure_basis b USING (file_no, line);

-- The figures as they are published (the columns of the table figures), once they have no problems: each version
-- numbered among its figure's versions on its counting basis by publication date (a value on a new basis is not a
-- new version of the old basis's value), once per build rather than in every query. Few figures have more than one
-- version; only those are numbered with a window, the others are version 1 of 1.
CREATE OR REPLACE TEMP VIEW figures_checked AS
WITH revised AS (
    SELECT indicator_no, period_no, breakdown_no, basis FROM figure_based GROUP BY ALL HAVING count(*) > 1
),
versions AS (
    SELECT file_no, line,
           row_number() OVER (PARTITION BY indicator_no, period_no, breakdown_no, basis ORDER BY published_on, published)
               AS vintage,
           count(*) OVER (PARTITION BY indicator_no, period_no, breakdown_no, basis) AS vintages
    FROM figure_based SEMI JOIN revised USING (indicator_no, period_no, breakdown_no, basis)
),
current AS (  -- the basis of the newest version, for the figures of indicators with a break
    SELECT indicator_no, period_no, breakdown_no, arg_max(basis, (published_on, published)) AS current_basis
    FROM figure_based WHERE indicator IN (SELECT indicator FROM known_breaks)
    GROUP BY ALL
)
SELECT indicator, period, period_kind, period_start, period_end, breakdown, value_n AS value, qualifier,
       low_n AS low, high_n AS high, status, published, published_on, source, quote, comment, file, line, basis,
       coalesce(t.basis = c.current_basis, true) AS is_current_basis,
       coalesce(v.vintage, 1) AS vintage, coalesce(v.vintages, 1) AS vintages
FROM figure_based t
LEFT JOIN versions v USING (file_no, line)
LEFT JOIN current c USING (indicator_no, period_no, breakdown_no)
ORDER BY file_no, line;

-- Revised versions that move more than getvariable('revision_warning_share') from the version before them on one
-- basis: with no declared break they may be a new way of counting (a warning, not an error). Only the figures that
-- have a revised version are looked at.
CREATE OR REPLACE TEMP VIEW revision_warnings AS
WITH keys AS (
    SELECT DISTINCT indicator_no, period_no, breakdown_no, basis FROM figure_based
    WHERE status = 'revised' AND value_n IS NOT NULL AND published_on IS NOT NULL
),
versions AS (
    SELECT f.file, f.line, f.indicator, f.period, f.breakdown, f.value_n AS value, f.published, f.status,
           lag(f.value_n) OVER w AS old_value, lag(f.published) OVER w AS old_published,
           lag(f.file) OVER w AS old_file, lag(f.line) OVER w AS old_line
    FROM figure_based f SEMI JOIN keys USING (indicator_no, period_no, breakdown_no, basis)
    WINDOW w AS (PARTITION BY f.indicator_no, f.period_no, f.breakdown_no, f.basis ORDER BY f.published_on, f.published)
)
SELECT file, line, indicator, period, breakdown, value, published, old_value, old_published, old_file, old_line,
       (value - old_value) / old_value * 100 AS pct
FROM versions
WHERE status = 'revised' AND old_value IS NOT NULL AND old_value <> 0
  AND abs(value - old_value) > getvariable('revision_warning_share') * abs(old_value)
ORDER BY file, line;
