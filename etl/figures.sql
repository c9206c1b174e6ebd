-- The checks of every figure row, in one pass over figure_cells (file, line and the cells as read, VARCHAR).
-- Needs the macros of checks.sql, the tables known_indicators (id, unit) and known_sources (id), and the variables
-- statuses, qualifiers, breakdowns and whole_units (lists of the allowed words) and today (a date).
-- Leaves figure_typed: every row with its typed values and one column per check holding its message or NULL.

CREATE OR REPLACE TEMP TABLE figure_typed AS
WITH whole AS (  -- a row's cells joined by '|': one scan finds whether any cell needs stripping or has control characters
    SELECT *, concat(indicator, '|', period, '|', breakdown, '|', value, '|', qualifier, '|', low, '|', high, '|', status, '|', published, '|', source, '|', quote, '|', comment) AS whole
    FROM figure_cells
),
flags AS (
    SELECT * EXCLUDE (whole),
           regexp_matches(whole, '(^|\|)[\t-\r\x1c- ]|[\t-\r\x1c- ](\||$)')
           OR (strlen(whole) <> length(whole)
               AND regexp_matches(whole, '(^|\|)[\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]|[\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}](\||$)')) AS any_space, has_control(whole) AS any_control
    FROM whole
),
c AS (  -- cells as Row.get() sees them: stripped, '' when empty or missing
    SELECT file_no, file, line, dutch, any_control,
           CASE WHEN any_space THEN cell(indicator) ELSE coalesce(indicator, '') END AS indicator,
           CASE WHEN any_space THEN cell(period) ELSE coalesce(period, '') END AS period,
           CASE WHEN any_space THEN cell(breakdown) ELSE coalesce(breakdown, '') END AS breakdown,
           CASE WHEN any_space THEN cell(value) ELSE coalesce(value, '') END AS value,
           CASE WHEN any_space THEN cell(qualifier) ELSE coalesce(qualifier, '') END AS qualifier,
           CASE WHEN any_space THEN cell(low) ELSE coalesce(low, '') END AS low,
           CASE WHEN any_space THEN cell(high) ELSE coalesce(high, '') END AS high,
           CASE WHEN any_space THEN cell(status) ELSE coalesce(status, '') END AS status,
           CASE WHEN any_space THEN cell(published) ELSE coalesce(published, '') END AS published,
           CASE WHEN any_space THEN cell(source) ELSE coalesce(source, '') END AS source,
           CASE WHEN any_space THEN cell(quote) ELSE coalesce(quote, '') END AS quote,
           nullif(CASE WHEN any_space THEN cell(comment) ELSE coalesce(comment, '') END, '') AS comment
    FROM flags
),
controls AS (  -- has_control once per cell; the macros below take it as given
    SELECT * EXCLUDE (any_control),
           CASE WHEN any_control THEN has_control(indicator) ELSE false END AS indicator_ctl,
           CASE WHEN any_control THEN has_control(period) ELSE false END AS period_ctl,
           CASE WHEN any_control THEN has_control(breakdown) ELSE false END AS breakdown_ctl,
           CASE WHEN any_control THEN has_control(value) ELSE false END AS value_ctl,
           CASE WHEN any_control THEN has_control(qualifier) ELSE false END AS qualifier_ctl,
           CASE WHEN any_control THEN has_control(low) ELSE false END AS low_ctl,
           CASE WHEN any_control THEN has_control(high) ELSE false END AS high_ctl,
           CASE WHEN any_control THEN has_control(status) ELSE false END AS status_ctl,
           CASE WHEN any_control THEN has_control(published) ELSE false END AS published_ctl,
           CASE WHEN any_control THEN has_control(source) ELSE false END AS source_ctl,
           CASE WHEN any_control THEN has_control(quote) ELSE false END AS quote_ctl
    FROM c
),
parsed AS (
    SELECT x.*,
           x.indicator <> '' AND NOT x.indicator_ctl AND i.id IS NOT NULL AS indicator_known,
           CASE WHEN x.indicator <> '' AND NOT x.indicator_ctl THEN i.unit END AS unit,
           x.source <> '' AND NOT x.source_ctl AND s.id IS NOT NULL AS source_known,
           CASE WHEN x.period <> '' AND NOT x.period_ctl THEN period_kind_unchecked(x.period) END AS period_kind_u,
           CASE WHEN x.value <> '' AND NOT x.value_ctl THEN parse_number_clean(compact(x.value), x.dutch) END AS value_n,
           CASE WHEN x.low <> '' AND NOT x.low_ctl THEN parse_number_clean(compact(x.low), x.dutch) END AS low_n,
           CASE WHEN x.high <> '' AND NOT x.high_ctl THEN parse_number_clean(compact(x.high), x.dutch) END AS high_n,
           CASE WHEN x.published <> '' AND NOT x.published_ctl
                THEN date_first_of(date_first_unchecked(x.published)) END AS published_first,
           x.breakdown <> '' AND NOT x.breakdown_ctl AND is_breakdown(x.breakdown, getvariable('breakdowns'))
               AS breakdown_ok
    FROM controls x
    LEFT JOIN known_indicators i ON i.id = x.indicator
    LEFT JOIN known_sources s ON s.id = x.source
),
periods AS (
    SELECT *, period_start_unchecked(period, period_kind_u) AS period_start_u,
              period_end_unchecked(period, period_kind_u) AS period_end_u,
              date_last_of(published, published_first) AS published_on,
              CASE WHEN quote <> '' AND NOT quote_ctl AND value_n IS NOT NULL THEN quote_text(quote) END AS q,
              spelling(value_n) AS s
    FROM parsed
),
dated AS (
    SELECT * EXCLUDE (period_start_u, period_end_u, q, s),
           period_kind_of(period_kind_u, period_start_u, period_end_u) AS period_kind,
           CASE WHEN period_kind IS NOT NULL THEN period_start_u END AS period_start,
           CASE WHEN period_kind IS NOT NULL THEN period_end_u END AS period_end,
           CASE WHEN q IS NULL THEN NULL
                WHEN first_delimited(q, s, strpos(q, s)) THEN true  -- most quotes: decided here, cheaply
                ELSE quote_contains_lower(q, value_n) END AS quote_has_value,
           indicator_known AND period <> '' AND NOT period_ctl AND breakdown_ok
               AND published_first IS NOT NULL AS has_key
    FROM periods
),
firsts AS (  -- the first row of every key that occurs more than once
    SELECT indicator, period, breakdown, published, min(file_no * 4294967296 + line) AS first_pos, arg_min(file, file_no * 4294967296 + line) AS first_file,
           arg_min(line, file_no * 4294967296 + line) AS first_line,
           arg_min(value_n, file_no * 4294967296 + line) AS first_value,
           arg_min(value, file_no * 4294967296 + line) AS first_raw
    FROM dated WHERE has_key
    GROUP BY indicator, period, breakdown, published HAVING count(*) > 1
)
SELECT d.*,
    coalesce(text_problem_given(d.indicator, true, d.indicator_ctl),
             CASE WHEN d.indicator <> '' AND NOT d.indicator_ctl AND NOT d.indicator_known
                  THEN format('unknown indicator ''{}'': add it to data/indicators.csv first', d.indicator) END)
        AS p_indicator,
    coalesce(text_problem_given(d.period, true, d.period_ctl),
             CASE WHEN d.period <> '' AND NOT d.period_ctl AND d.period_kind IS NULL
                  THEN format('''{}'' is not a period: use a year (2023), a month (2023-07), a date (2025-04-15) '
                              'or a span of years (2018-2019)', d.period) END) AS p_period,
    coalesce(text_problem_given(d.value, true, d.value_ctl),
             CASE WHEN d.value <> '' AND NOT d.value_ctl AND d.value_n IS NULL THEN number_message(d.value) END)
        AS p_value,
    coalesce(text_problem_given(d.low, false, d.low_ctl),
             CASE WHEN d.low <> '' AND NOT d.low_ctl AND d.low_n IS NULL THEN number_message(d.low) END) AS p_low,
    coalesce(text_problem_given(d.high, false, d.high_ctl),
             CASE WHEN d.high <> '' AND NOT d.high_ctl AND d.high_n IS NULL THEN number_message(d.high) END)
        AS p_high,
    bounds_problem(d.value_n, d.unit, getvariable('whole_units')) AS p_value_bounds,
    bounds_problem(d.low_n, d.unit, getvariable('whole_units')) AS p_low_bounds,
    bounds_problem(d.high_n, d.unit, getvariable('whole_units')) AS p_high_bounds,
    CASE WHEN d.value_n IS NOT NULL AND ((d.low_n IS NOT NULL AND d.low_n > d.value_n)
                                         OR (d.high_n IS NOT NULL AND d.high_n < d.value_n)) THEN
        CASE WHEN d.low_n IS NOT NULL AND d.high_n IS NOT NULL
             THEN format('{} lies outside its range {}–{}', fmt_g(d.value_n), fmt_g(d.low_n), fmt_g(d.high_n))
             ELSE format('{} lies outside its published range', fmt_g(d.value_n)) END
    END AS p_range,
    coalesce(text_problem_given(d.status, true, d.status_ctl),
             CASE WHEN d.status <> '' AND NOT d.status_ctl THEN choice_message(d.status, getvariable('statuses')) END)
        AS p_status,
    coalesce(text_problem_given(d.published, true, d.published_ctl),
             CASE WHEN d.published <> '' AND NOT d.published_ctl AND d.published_first IS NULL
                  THEN date_message(d.published) END) AS p_published,
    CASE WHEN d.published_first > getvariable('today') THEN format('''{}'' lies in the future', d.published) END
        AS p_future,
    CASE WHEN d.period_kind IS NOT NULL AND d.published_first IS NOT NULL AND d.status IS DISTINCT FROM 'estimate'
          AND d.published_on < d.period_start
         THEN format('''{}'' lies before the period {} begins; a count cannot be published before the period it '
                     'counts', d.published, d.period) END AS p_before_period,
    coalesce(text_problem_given(d.quote, true, d.quote_ctl),
             CASE WHEN NOT d.quote_has_value
                  THEN format('does not contain the value {}: the quote must be the source''s own words including '
                              'the number', fmt_g(d.value_n)) END) AS p_quote,
    coalesce(text_problem_given(d.breakdown, true, d.breakdown_ctl),
             CASE WHEN d.breakdown <> '' AND NOT d.breakdown_ctl AND NOT d.breakdown_ok
                  THEN breakdown_message(d.breakdown, getvariable('breakdowns')) END) AS p_breakdown,
    CASE WHEN f.first_pos IS NOT NULL AND d.file_no * 4294967296 + d.line <> f.first_pos THEN
        CASE WHEN f.first_file <> d.file THEN f.first_file || ' line ' || f.first_line
             ELSE 'line ' || f.first_line END
    END AS duplicate_of,
    CASE WHEN duplicate_of IS NOT NULL AND d.value_n IS DISTINCT FROM f.first_value THEN
        coalesce(fmt_g(f.first_value), '''' || f.first_raw || '''')
    END AS conflicting_value,
    coalesce(text_problem_given(d.qualifier, false, d.qualifier_ctl),
             CASE WHEN d.qualifier <> '' AND NOT d.qualifier_ctl
                  THEN choice_message(d.qualifier, getvariable('qualifiers')) END) AS p_qualifier,
    coalesce(text_problem_given(d.source, true, d.source_ctl),
             CASE WHEN d.source <> '' AND NOT d.source_ctl AND NOT d.source_known
                  THEN format('unknown source ''{}'': add it to data/sources.csv first', d.source) END) AS p_source
FROM dated d
LEFT JOIN firsts f ON d.has_key AND f.indicator = d.indicator AND f.period = d.period AND f.breakdown = d.breakdown
                    AND f.published = d.published;

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
    FROM figure_typed
    WHERE coalesce(p_indicator, p_period, p_value, p_low, p_high, p_value_bounds, p_low_bounds, p_high_bounds,
                   p_range, p_status, p_published, p_future, p_before_period, p_quote, p_breakdown, duplicate_of,
                   p_qualifier, p_source) IS NOT NULL
) AS row_problems
WHERE p.message IS NOT NULL;

-- The figures as they are published (the columns of the table figures), once they have no problems.
CREATE OR REPLACE TEMP VIEW figures_checked AS
SELECT indicator, period, period_kind, period_start, period_end, breakdown, value_n AS value,
       nullif(qualifier, '') AS qualifier, low_n AS low, high_n AS high, status, published, published_on, source,
       quote, comment, file, line
FROM figure_typed
ORDER BY file_no, line;
