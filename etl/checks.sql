-- The cell checks of validate.py, as DuckDB macros: the one implementation of parsing numbers, dates and periods,
-- of formatting a number in a message, and of finding a value in its quote. The figures are checked with them in
-- one vectorised query (FIGURE_PROBLEMS below); the small tables call the same macros cell by cell.
-- They are defined once per process, in the in-memory database every check's cursor shares (validate.connect);
-- what a check makes from them is TEMP, private to its cursor.
-- A macro's parameter is copied to every place it is used, so a macro of macros grows with each level until DuckDB
-- spends more time binding the query than running it (parse_number took 12 ms to bind for one cell). Where a value
-- is used many times, `list_transform([value], lambda l_name: ...)[1]` binds it once: `let l_name = value in ...`.
-- Digits are ASCII 0-9 in numbers, dates and periods; the context of a number in a quote counts any Unicode digit,
-- as Python's \d does.

-- A cell as Python's str.strip() leaves it: every character str.isspace() knows, removed from both ends.
-- Most cells start and end with a letter or digit: two code points decide that they need no trimming, which is much
-- cheaper than trim() with a set of characters.
CREATE OR REPLACE MACRO maybe_space(c) AS c <= 32 OR c >= 133;
CREATE OR REPLACE MACRO cell(s) AS CASE
    WHEN s IS NULL THEN ''
    WHEN NOT (maybe_space(ascii(s)) OR maybe_space(ascii(right(s, 1)))) THEN s
    WHEN strlen(s) = length(s)  -- ASCII: the short list is enough, and much faster
    THEN trim(s, chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(28) || chr(29) || chr(30) || chr(31) || ' ')
    ELSE trim(s,
        chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(28) || chr(29) || chr(30) || chr(31) || chr(32)
        || chr(133) || chr(160) || chr(5760) || chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196)
        || chr(8197) || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) || chr(8232) || chr(8233)
        || chr(8239) || chr(8287) || chr(12288))
END;

-- Text with something in it once stripped: a character str.isspace() does not know (used on a row's cells joined).
CREATE OR REPLACE MACRO filled(s) AS regexp_matches(s,
    '[^\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]');

CREATE OR REPLACE MACRO has_control(v) AS regexp_matches(v, '[\x00-\x08\x0b\x0c\x0e-\x1f]');

-- The text of a stripped cell, or NULL when it is empty or unusable; and what is wrong with it. The *_given forms
-- take has_control(v) already computed (the figures query computes it once per cell).
CREATE OR REPLACE MACRO text_value(v) AS CASE WHEN v <> '' AND NOT has_control(v) THEN v END;
CREATE OR REPLACE MACRO text_problem_given(v, required, control) AS CASE
    WHEN v = '' THEN CASE WHEN required THEN 'is empty; this column is required' END
    WHEN control THEN 'contains control characters; retype the cell'
END;
CREATE OR REPLACE MACRO text_problem(v, required) AS text_problem_given(v, required, has_control(v));
CREATE OR REPLACE MACRO choice_message(v, allowed) AS
    CASE WHEN NOT list_contains(allowed, v) THEN format('''{}'' is not one of: {}', v, array_to_string(allowed, ', ')) END;
CREATE OR REPLACE MACRO choice_problem(v, allowed) AS
    CASE WHEN text_value(v) IS NOT NULL THEN choice_message(v, allowed) END;

-- Python's format(x, 'g'): six significant digits, the way every message writes a number.
CREATE OR REPLACE MACRO fmt_g(x) AS format('{:g}', x);
CREATE OR REPLACE MACRO is_whole(x) AS isfinite(x) AND x = trunc(x);

-- A plain number; Dutch notation only where it cannot be misread. In a semicolon file (Excel, Dutch locale) the
-- comma is the decimal separator and dots group thousands; in a comma file a decimal comma is accepted unless it
-- could be a thousands separator ("2,3" yes, "1,234" no).
CREATE OR REPLACE MACRO parse_number_clean(s, dutch) AS CASE
    WHEN regexp_full_match(s, '[+-]?([0-9]+(\.[0-9]+)?|\.[0-9]+)') THEN
        CASE WHEN dutch AND regexp_full_match(s, '[+-]?[0-9]{1,3}(\.[0-9]{3})+')
             THEN TRY_CAST(replace(s, '.', '') AS DOUBLE) ELSE TRY_CAST(s AS DOUBLE) END
    WHEN dutch AND regexp_full_match(s, '[+-]?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?')
        THEN TRY_CAST(replace(replace(s, '.', ''), ',', '.') AS DOUBLE)
    WHEN regexp_full_match(s, '[+-]?[0-9]+,[0-9]+') AND (dutch OR length(split_part(s, ',', 2)) <> 3)
        THEN TRY_CAST(replace(s, ',', '.') AS DOUBLE)
END;
CREATE OR REPLACE MACRO compact(v) AS replace(replace(v, chr(160), ''), ' ', '');
CREATE OR REPLACE MACRO parse_number(raw, dutch) AS
    list_transform([compact(cell(raw))], lambda l_clean: parse_number_clean(l_clean, dutch))[1];
CREATE OR REPLACE MACRO number_message(v) AS
    format('''{}'' is not a number: write it plain, e.g. 1711 or 2.3 or 2300000 '
           '(no currency signs, words or thousands separators)', v);
CREATE OR REPLACE MACRO number_problem(v, n) AS
    CASE WHEN text_value(v) IS NOT NULL AND n IS NULL THEN number_message(v) END;
-- whole_units, share_units: the units of data/units.csv counted in whole numbers, and those of style share
CREATE OR REPLACE MACRO bounds_problem(x, unit, whole_units, share_units) AS CASE
    WHEN x IS NULL OR unit IS NULL THEN NULL
    WHEN x < 0 THEN format('{} is negative; counts and amounts cannot be', fmt_g(x))
    WHEN list_contains(share_units, unit) AND x > 100 THEN format('{} is over 100 percent', fmt_g(x))
    WHEN list_contains(whole_units, unit) AND NOT is_whole(x)
        THEN format('{} is not a whole number, but {} are counted '
                    '(a Dutch thousands separator? write 1234, not 1.234)', fmt_g(x), unit)
END;

-- A date, month or year: its first and its last day (NULL when it is none, or outside 1990-2100).
CREATE OR REPLACE MACRO date_first_unchecked(v) AS CASE
    WHEN regexp_full_match(v, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN TRY_CAST(v AS DATE)
    WHEN regexp_full_match(v, '[0-9]{4}-[0-9]{2}') AND TRY_CAST(substr(v, 6, 2) AS INTEGER) BETWEEN 1 AND 12
        THEN make_date(TRY_CAST(substr(v, 1, 4) AS INTEGER), TRY_CAST(substr(v, 6, 2) AS INTEGER), 1)
    WHEN regexp_full_match(v, '[0-9]{4}') AND v <> '0000' THEN make_date(TRY_CAST(v AS INTEGER), 1, 1)
END;
CREATE OR REPLACE MACRO in_years(d) AS year(d) BETWEEN 1990 AND 2100;
CREATE OR REPLACE MACRO date_first_of(first_unchecked) AS CASE WHEN in_years(first_unchecked) THEN first_unchecked END;
CREATE OR REPLACE MACRO date_last_of(v, first) AS CASE
    WHEN first IS NULL THEN NULL
    WHEN length(v) = 10 THEN first
    WHEN length(v) = 7 THEN last_day(first)
    ELSE make_date(year(first), 12, 31)
END;
CREATE OR REPLACE MACRO date_first(v) AS list_transform([date_first_unchecked(v)], lambda l_first: date_first_of(l_first))[1];
CREATE OR REPLACE MACRO date_last(v) AS list_transform([date_first(v)], lambda l_first: date_last_of(v, l_first))[1];
CREATE OR REPLACE MACRO date_message(v) AS
    format('''{}'' is not a date: use YYYY-MM-DD, or YYYY-MM / YYYY when only that is known', v);
CREATE OR REPLACE MACRO date_problem(v) AS
    CASE WHEN text_value(v) IS NOT NULL AND date_first(v) IS NULL THEN date_message(v) END;

-- A period: a year 2023, a month 2023-07, a date 2025-04-15 or a span of years 2018-2019.
CREATE OR REPLACE MACRO period_kind_unchecked(v) AS CASE
    WHEN regexp_full_match(v, '[0-9]{4}') THEN 'year'
    WHEN regexp_full_match(v, '[0-9]{4}-[0-9]{4}')
        THEN CASE WHEN TRY_CAST(substr(v, 6, 4) AS INTEGER) > TRY_CAST(substr(v, 1, 4) AS INTEGER) THEN 'span' END
    WHEN regexp_full_match(v, '[0-9]{4}-[0-9]{2}-[0-9]{2}')
        THEN CASE WHEN TRY_CAST(v AS DATE) IS NOT NULL AND v NOT LIKE '0000%' THEN 'date' END
    WHEN regexp_full_match(v, '[0-9]{4}-[0-9]{2}')
        THEN CASE WHEN TRY_CAST(substr(v, 6, 2) AS INTEGER) BETWEEN 1 AND 12 AND v NOT LIKE '0000%' THEN 'month' END
END;
CREATE OR REPLACE MACRO period_start_unchecked(v, kind) AS CASE kind
    WHEN 'year' THEN make_date(TRY_CAST(v AS INTEGER), 1, 1)
    WHEN 'span' THEN make_date(TRY_CAST(substr(v, 1, 4) AS INTEGER), 1, 1)
    WHEN 'date' THEN TRY_CAST(v AS DATE)
    WHEN 'month' THEN make_date(TRY_CAST(substr(v, 1, 4) AS INTEGER), TRY_CAST(substr(v, 6, 2) AS INTEGER), 1)
END;
CREATE OR REPLACE MACRO period_end_unchecked(v, kind) AS CASE kind
    WHEN 'year' THEN make_date(TRY_CAST(v AS INTEGER), 12, 31)
    WHEN 'span' THEN make_date(TRY_CAST(substr(v, 6, 4) AS INTEGER), 12, 31)
    WHEN 'date' THEN TRY_CAST(v AS DATE)
    WHEN 'month' THEN last_day(make_date(TRY_CAST(substr(v, 1, 4) AS INTEGER), TRY_CAST(substr(v, 6, 2) AS INTEGER), 1))
END;
CREATE OR REPLACE MACRO period_kind_of(kind_unchecked, start_unchecked, end_unchecked) AS
    CASE WHEN year(start_unchecked) >= 1990 AND year(end_unchecked) <= 2100 THEN kind_unchecked END;
CREATE OR REPLACE MACRO period_kind(v) AS list_transform([period_kind_unchecked(v)], lambda l_kind:
    period_kind_of(l_kind, period_start_unchecked(v, l_kind), period_end_unchecked(v, l_kind)))[1];
CREATE OR REPLACE MACRO period_start(v) AS list_transform([period_kind(v)], lambda l_kind: period_start_unchecked(v, l_kind))[1];
CREATE OR REPLACE MACRO period_end(v) AS list_transform([period_kind(v)], lambda l_kind: period_end_unchecked(v, l_kind))[1];

-- words: the breakdowns of data/breakdowns.csv (etl/vocabulary.py)
CREATE OR REPLACE MACRO is_breakdown(v, words) AS list_contains(words, v);
CREATE OR REPLACE MACRO breakdown_message(v, words) AS
    format('''{}'' is not a breakdown of data/breakdowns.csv: add it there with its Dutch and English label, or '
           'correct it (totaal, a form of exploitation such as arbeid, or dimension:value such as aanmelder:FairWork)',
           v);
CREATE OR REPLACE MACRO breakdown_problem(v, words) AS
    CASE WHEN text_value(v) IS NOT NULL AND NOT is_breakdown(v, words) THEN breakdown_message(v, words) END;

-- The ways a source may write a number: 1711, 1.711, 1,711, 1 711, 2,3, 2,3 miljoen.
CREATE OR REPLACE MACRO grouped(x) AS format('{:,}', TRY_CAST(x AS HUGEINT));
CREATE OR REPLACE MACRO scaled(x, div, words) AS CASE
    WHEN x >= div AND fmod(x, div / 100) = 0
    THEN list_transform(words, lambda w: fmt_g(x / div) || ' ' || w)
         || list_transform(words, lambda w: replace(fmt_g(x / div), '.', ',') || ' ' || w)
    ELSE []
END;
CREATE OR REPLACE MACRO spellings(x) AS CASE
    WHEN is_whole(x) THEN
        [CAST(TRY_CAST(x AS HUGEINT) AS VARCHAR), grouped(x), replace(grouped(x), ',', '.'),
         replace(grouped(x), ',', ' '), replace(grouped(x), ',', chr(160))]
        || scaled(x, 1e6, ['miljoen', 'million', 'mln']) || scaled(x, 1e9, ['miljard', 'billion'])
    ELSE [fmt_g(x), replace(fmt_g(x), '.', ',')]
END;
CREATE OR REPLACE MACRO spelling(x) AS CASE WHEN is_whole(x) THEN CAST(TRY_CAST(x AS HUGEINT) AS VARCHAR) ELSE fmt_g(x) END;

-- s occurs in q, not preceded by a digit, '.' or ',' and not followed by a digit or by '.' or ',' and a digit.
-- The first occurrence decides most quotes cheaply; only when it is not delimited does a regular expression
-- (compiled for that row) look at every occurrence.
-- Characters are compared by code point (ascii() of a one-character substring; 0 past either end): cheaper than
-- comparing one-character strings.
CREATE OR REPLACE MACRO is_digit_code(c) AS CASE
    WHEN c BETWEEN 48 AND 57 THEN true WHEN c < 128 THEN false ELSE regexp_full_match(chr(c), '\p{Nd}') END;
CREATE OR REPLACE MACRO delimited_by(before, after, after_next) AS  -- the code points around an occurrence
    NOT (before IN (44, 46) OR is_digit_code(before))
    AND NOT (is_digit_code(after) OR (after IN (44, 46) AND is_digit_code(after_next)));
CREATE OR REPLACE MACRO delimited_at(q, s, pos) AS delimited_by(
    CASE WHEN pos > 1 THEN ascii(substr(q, pos - 1, 1)) ELSE 0 END,
    ascii(substr(q, pos + length(s), 1)), ascii(substr(q, pos + length(s) + 1, 1)));
CREATE OR REPLACE MACRO first_delimited(q, s, pos) AS pos > 0 AND delimited_at(q, s, pos);
CREATE OR REPLACE MACRO occurs_delimited(q, s) AS CASE
    WHEN s IS NULL OR NOT contains(q, s) THEN false
    WHEN list_transform([strpos(q, s)], lambda l_pos: first_delimited(q, s, l_pos))[1] THEN true
    ELSE regexp_matches(q, '(^|[^\p{Nd}.,])' || regexp_escape(s) || '($|[^\p{Nd}.,]|[.,]($|[^\p{Nd}]))', 's')
END;
CREATE OR REPLACE MACRO number_word(x) AS
    ['een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien', 'elf', 'twaalf'][TRY_CAST(x AS INTEGER)];
CREATE OR REPLACE MACRO quote_contains_lower(q, x) AS CASE
    WHEN list_transform([spelling(x)], lambda l_spelling: occurs_delimited(q, l_spelling))[1] THEN true
    WHEN list_bool_or(list_transform(spellings(x), lambda s: occurs_delimited(q, s))) THEN true
    WHEN is_whole(x) AND x BETWEEN 1 AND 12
        THEN regexp_matches(q, '(^|[^\p{L}\p{N}_])' || number_word(x) || '($|[^\p{L}\p{N}_])', 's')
    ELSE false
END;
-- Python's str.lower(), which turns the dotted capital I into i and a combining dot.
CREATE OR REPLACE MACRO quote_text(quote) AS lower(replace(quote, chr(304), 'i' || chr(775)));
CREATE OR REPLACE MACRO quote_contains(quote, x) AS
    list_transform([quote_text(quote)], lambda l_quote: quote_contains_lower(l_quote, x))[1];
