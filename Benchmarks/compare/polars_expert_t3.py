"""T3 in Polars, written as an expert would: the rules and figures of duckdb_expert_t3.py.

    polars_expert_t3.py SURVEY.csv REGISTER.yaml [--clean OUT.csv]

Every answer column mapped through the scale's dictionary of distinct spellings (`replace_strict`,
kept wide: no unpivot), rows with a blank or unknown school, an unreadable time or no answer at
all dropped; then one aggregation per school of each item's readings. --clean writes shnor's
clean table of responses (without its pooling of small groups, never needed at these sizes).
"""
import sys

import polars as pl

from polars_expert import with_pseudonyms

from rules import (Register, Survey, argument, match_key, polars_fast, polars_fast_key, print_figures, programme_label,
                   survey_figures, timestamp_ok)

clean = argument("--clean")
path, register_path = sys.argv[1], sys.argv[2]
register = Register(register_path)
survey = Survey(path)
names, items = survey.aliases()
used = sorted(names)
frame = pl.read_csv(path, infer_schema=False, columns=used)
frame = frame.rename(dict(zip(frame.columns, [names[i] for i in used]))).with_row_index("line")
if survey.timestamp is None:
    frame = frame.with_columns(c_ts=pl.lit(None, pl.String))
fast_time = pl.col("c_ts").str.strptime(pl.Datetime, "%d.%m.%Y %H:%M:%S", strict=False).dt.year() >= 1900
distinct = frame.select(pl.col("c_school").fill_null("").unique().implode(),
                        pl.col("c_ts").filter(~fast_time.fill_null(False)).unique().drop_nulls().implode(),
                        *[pl.col(a).fill_null("").unique().implode() for a in items]).row(0)
schools, times, answers = distinct[0], distinct[1], sorted(set().union(*distinct[2:]))
bad_times = [t for t in times if not timestamp_ok(t)]
readings = [survey.reading(a) for a in answers]
read = {a: pl.col(a).fill_null("").replace_strict(answers, readings, return_dtype=pl.Int8) for a in items}
responses = (frame.lazy()
             .with_columns(school=pl.col("c_school").fill_null("").replace_strict(schools, [register.school(s) for s in schools],
                                                                               default=None, return_dtype=pl.Int32),
                           **read)
             .filter(pl.col("school").is_not_null() & ~pl.col("c_ts").is_in(bad_times).fill_null(False)
                     & ~pl.all_horizontal(*[pl.col(a) == Survey.BLANK for a in items])))
if clean:
    responses = responses.collect().lazy()  # read and cleaned once: for the figures and for the clean table
categories = sorted(set(readings) | {Survey.BLANK})
per_school = responses.group_by("school").agg(
    pl.len().alias("respondents"), *[(pl.col(a) == r).sum().alias(f"{a}:{r}") for a in items for r in categories]).collect()
counts, respondents = {}, {}
for row in per_school.iter_rows(named=True):
    respondents[row["school"]] = row["respondents"]
    for a in items:
        for r in categories:
            counts[(int(a[1:]), r, row["school"])] = row[f"{a}:{r}"]
print_figures(survey_figures(survey, register, counts, respondents))
if clean:
    keyed = responses.with_columns(
        key=pl.when(pl.col("c_name").fill_null("").str.strip_chars(" ") == "")
        .then(pl.concat_str(pl.lit("строка "), (pl.col("line") + 2).cast(pl.String)))
        .when(polars_fast(pl.col("c_name"))).then(polars_fast_key(pl.col("c_name"))))
    odd = keyed.filter(pl.col("key").is_null()).select(pl.col("c_name").unique()).collect().to_series().to_list()
    identity = pl.concat_str(
        pl.col("key").fill_null(pl.col("c_name").replace_strict(odd, [match_key(n.strip(" ")) for n in odd], default=None)),
        pl.lit("|"), pl.col("school").replace_strict(list(range(len(register.ids))), register.ids))
    label_readings = sorted(set(readings) | {Survey.BLANK})
    (with_pseudonyms(keyed, identity, "респондент")
     .select("респондент", pl.col("school").replace_strict(list(range(len(register.short))), register.short).alias("школа"),
             pl.col("school").replace_strict(list(range(len(register.short))),
                                             [programme_label(register, i) for i in range(len(register.short))]).alias("программа"),
             pl.lit(None, pl.String).alias("должность"),
             *[pl.col(a).replace_strict(label_readings, [survey.label(r) or None for r in label_readings],
                                        return_dtype=pl.String).alias(label) for a, (_, label) in zip(items, survey.items)])
     .sink_csv(clean, separator=";"))
