"""T1 in Polars, written as an expert would: shnor's compare-t1 figures from the same file.

    polars_expert_t1.py RESULTS.csv REGISTER.yaml [--clean OUT.csv]

The rules of duckdb_expert_t1.py (polars_expert.read_results): rejected rows dropped, the first
record of a code and subject kept; marks, pairs and students per group. The counts are taken per
(school, subject) cell in one aggregation and added up in Python (a few dozen cells).
--clean writes the clean table, the pseudonym from hashlib's sha256 per distinct person.
"""
import os
import sys

import polars as pl

from polars_expert import read_results, result_identity, with_pseudonyms
from rules import ROOT, Register, argument, figure, learning_level, print_figures

clean = argument("--clean")
path, register_path = sys.argv[1], sys.argv[2]
register = Register(register_path)
records = read_results(path, os.path.join(ROOT, "Surveys", "student-results-both-points.yaml"), register)
# unique keeps the first row of a code and subject, in the file's order (a person's rows stay in order).
kept = pl.concat([records.filter(pl.col("has_code")).unique(["code_key", "subject"], keep="first", maintain_order=True),
                  records.filter(~pl.col("has_code"))])
if clean:
    kept = kept.collect().lazy()  # read and cleaned once: for the figures and for the clean table
comparable = (pl.col("before") >= 2) & (pl.col("after") >= 2)
cells = kept.group_by("school", "subject").agg(
    *[(pl.col(point) == mark).sum().alias(f"{point}{mark}") for point in ("before", "after") for mark in (5, 4, 3, 2, 0)],
    comparable.sum().alias("compared"), (comparable & (pl.col("after") > pl.col("before"))).sum().alias("improved"),
    (comparable & (pl.col("after") == pl.col("before"))).sum().alias("unchanged"),
    (comparable & (pl.col("after") < pl.col("before"))).sum().alias("worsened"), pl.len().alias("records"))
people = (kept.filter(comparable).group_by("person")
          .agg(pl.col("school").first(), pl.col("before").sum(), pl.col("after").sum())  # a group keeps the rows' order
          .group_by("school").agg(pl.len().alias("compared"), (pl.col("after") > pl.col("before")).sum().alias("improved"),
                                  (pl.col("after") == pl.col("before")).sum().alias("unchanged"),
                                  (pl.col("after") < pl.col("before")).sum().alias("worsened")))
cells, people = pl.collect_all([cells, people])
short = register.short
lines = []
groups = {}
for row in cells.iter_rows(named=True):
    for by, group in (("all", "Всего"), ("school", short[row["school"]]), ("subject", row["subject"])):
        totals = groups.setdefault((by, group), {})
        for name, value in row.items():
            if name not in ("school", "subject"):
                totals[name] = totals.get(name, 0) + value
for (by, group), totals in groups.items():
    for point, column in (("pre", "before"), ("post", "after")):
        counts = [totals[f"{column}{mark}"] for mark in (5, 4, 3, 2, 0)]
        if sum(counts):
            lines.append(figure("marks", f"{by}:{group}:{point}", [sum(counts), *counts, learning_level(*counts)]))
    if totals["compared"]:
        lines.append(figure("pairs", f"{by}:{group}", [totals[n] for n in ("compared", "improved", "unchanged", "worsened")]))
    if by == "all":
        lines.append(figure("linkage", "ученик", [0, 0, 0, 0, totals["records"] - totals["compared"], 0]))
everyone, programme = [0, 0, 0, 0], [0, 0, 0, 0]
for row in people.iter_rows(named=True):
    counts = [row[n] for n in ("compared", "improved", "unchanged", "worsened")]
    everyone = [a + b for a, b in zip(everyone, counts)]
    if register.programme[row["school"]]:
        programme = [a + b for a, b in zip(programme, counts)]
        lines.append(figure("students", f"programme:school:{short[row['school']]}", counts))
if everyone[0]:
    lines.append(figure("students", "all:all:Всего", everyone))
if programme[0]:
    lines.append(figure("students", "programme:all:Всего", programme))
print_figures(lines)
if clean:
    rows = (with_pseudonyms(kept, result_identity(), "лицо")
            .with_columns(pl.col("school").replace_strict(list(range(len(short))), short).alias("школа"),
                          pl.when(pl.col("class") != "").then(pl.col("class")).alias("класс")))
    # A row per point with a value (the rows of both points are not interleaved: the order of a
    # clean table's rows is not part of it).
    pl.concat([rows.filter(pl.col(column) >= 0).select(
        "лицо", pl.lit("ученик").alias("кто"), pl.lit(point).alias("этап"), "школа", "класс", pl.col("subject").alias("предмет"),
        pl.when(pl.col(column) == 0).then(pl.lit("н/а")).otherwise(pl.col(column).cast(pl.String)).alias("отметка"),
        pl.lit(None, pl.String).alias("балл")) for point, column in (("до", "before"), ("после", "after"))]).sink_csv(clean, separator=";")
