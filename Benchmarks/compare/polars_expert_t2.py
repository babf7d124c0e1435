"""T2 in Polars, written as an expert would: the rules and figures of duckdb_expert_t2.py.

    polars_expert_t2.py AUTUMN.csv MARCH.csv REGISTER.yaml [--clean OUT.csv]

Both files read and cleaned by shnor's rules (polars_expert.read_results), the first record of a
code and subject kept; link by code and subject, else by a name key unique at both points
(shnor's LinkRule); marks, pairs, students and linkage per group. Counts are taken per
(school, grade, subject) cell and added up in Python. --clean writes the clean table.
"""
import os
import sys

import polars as pl

from polars_expert import read_results, result_identity, with_pseudonyms
from rules import ROOT, Register, argument, figure, learning_level, print_figures

clean = argument("--clean")
pre_path, post_path, register_path = sys.argv[1], sys.argv[2], sys.argv[3]
register = Register(register_path)
instrument = os.path.join(ROOT, "Surveys", "student-results.yaml")
NAME = ["name_key", "school", "class", "subject"]
sides = {}
for side, path, point in (("pre", pre_path, 0), ("post", post_path, 1)):
    records = read_results(path, instrument, register, point_of_marks=point, names="all")
    mark, score = ("before", "score_before") if point == 0 else ("after", "score_after")
    sides[side] = (pl.concat([records.filter(pl.col("has_code")).unique(["code_key", "subject"], keep="first"),
                              records.filter(~pl.col("has_code"))])
                   .select("line", "has_code", "code_key", "person", "name_key", "school", "class", "grade", "subject",
                           pl.col(mark).alias("mark"), pl.col(score).alias("score"))
                   .collect())
pre, post = sides["pre"], sides["post"]
kept_side, streamed_side = ("post", "pre") if os.path.getsize(post_path) < os.path.getsize(pre_path) else ("pre", "post")
by_code = (pre.lazy().filter(pl.col("has_code")).select("code_key", "subject", pre_line="line")
           .join(post.lazy().filter(pl.col("has_code")).select("code_key", "subject", post_line="line"), on=["code_key", "subject"]))
names = {side: frame.lazy().filter(pl.col("name_key").is_not_null()).group_by(NAME).agg(pl.len().alias("n"))
         for side, frame in sides.items()}
by_code = by_code.collect()
unique = lambda side, line: (sides[side].lazy().filter(pl.col("name_key").is_not_null() & ~pl.col("line").is_in(by_code[line].implode()))  # noqa: E731
                             .join(names[side].filter(pl.col("n") == 1), on=NAME)
                             .select(*NAME, pl.col("line").alias(line), pl.col("has_code").alias(f"{line}_code")))
by_name = (unique("pre", "pre_line").join(unique("post", "post_line"), on=NAME)
           .filter(~(pl.col("pre_line_code") & pl.col("post_line_code"))).select("pre_line", "post_line").collect())
links = pl.concat([by_code.select("pre_line", "post_line").with_columns(by_name=pl.lit(False)),
                   by_name.with_columns(by_name=pl.lit(True))])
pairs = (links.lazy().join(pre.lazy().select(pre_line="line", before="mark", pre_code="has_code", pre_person="person"), on="pre_line")
         .join(post.lazy().select("school", "grade", "subject", post_line="line", after="mark", post_code="has_code",
                                  post_person="person"), on="post_line"))
s, k = streamed_side, kept_side
pairs = pairs.with_columns(
    person=pl.when(pl.col(f"{s}_code")).then(pl.col(f"{s}_person")).when(pl.col(f"{k}_code")).then(pl.col(f"{k}_person"))
    .otherwise(pl.col(f"{s}_person")))
comparable = (pl.col("before") >= 2) & (pl.col("after") >= 2)
CELL = ["school", "grade", "subject"]
mark_cells = [frame.lazy().group_by(CELL).agg(*[(pl.col("mark") == m).sum().alias(str(m)) for m in (5, 4, 3, 2, 0)])
              for frame in (pre, post)]
pair_cells = pairs.group_by(CELL).agg(
    comparable.sum().alias("compared"), (comparable & (pl.col("after") > pl.col("before"))).sum().alias("improved"),
    (comparable & (pl.col("after") == pl.col("before"))).sum().alias("unchanged"),
    (comparable & (pl.col("after") < pl.col("before"))).sum().alias("worsened"), pl.len().alias("pairs"))
# A person's first pair: links by code in the streamed file's order, then links by name (as shnor settles them).
people = (pairs.filter(comparable).sort("by_name", f"{s}_line").group_by("person")
          .agg(pl.col("school").first(), pl.col("grade").first(), pl.col("before").sum(), pl.col("after").sum())
          .group_by("school", "grade").agg(pl.len().alias("compared"), (pl.col("after") > pl.col("before")).sum().alias("improved"),
                                           (pl.col("after") == pl.col("before")).sum().alias("unchanged"),
                                           (pl.col("after") < pl.col("before")).sum().alias("worsened")))
ambiguous = names[kept_side].filter(pl.col("n") > 1).select(pl.len())
pre_marks, post_marks, pair_cells, people, ambiguous = pl.collect_all([*mark_cells, pair_cells, people, ambiguous])
short = register.short
label = {"school": lambda v: short[v], "grade": lambda v: f"{v} класс", "subject": lambda v: v}


def rolled(frame, dimensions, columns):
    """(by, group) → summed columns, for «all» and each dimension's values (a blank grade aside)."""
    totals = {}
    for row in frame.iter_rows(named=True):
        for by in ["all"] + dimensions:
            if by != "all" and row[by] is None:
                continue
            group = "Всего" if by == "all" else label[by](row[by])
            sums = totals.setdefault((by, group), [0] * len(columns))
            totals[(by, group)] = [a + row[c] for a, c in zip(sums, columns)]
    return totals


lines = []
for point, frame in (("pre", pre_marks), ("post", post_marks)):
    for (by, group), counts in rolled(frame, CELL, ["5", "4", "3", "2", "0"]).items():
        if sum(counts):
            lines.append(figure("marks", f"{by}:{group}:{point}", [sum(counts), *counts, learning_level(*counts)]))
for (by, group), counts in rolled(pair_cells, CELL, ["compared", "improved", "unchanged", "worsened", "pairs"]).items():
    if counts[0]:
        lines.append(figure("pairs", f"{by}:{group}", counts[:4]))
    if by == "all":
        linked = (by_code.height, by_name.height)
        lines.append(figure("linkage", "ученик", [*linked, pre.height - sum(linked), post.height - sum(linked),
                                                  counts[4] - counts[0], ambiguous.item()]))
for (by, group), counts in rolled(people.filter(pl.col("school").is_in([i for i, p in enumerate(register.programme) if p])),
                                  ["school", "grade"], ["compared", "improved", "unchanged", "worsened"]).items():
    lines.append(figure("students", f"programme:{by}:{group}", counts))
everyone = rolled(people, [], ["compared", "improved", "unchanged", "worsened"]).get(("all", "Всего"))
if everyone:
    lines.append(figure("students", "all:all:Всего", everyone))
print_figures(lines)
if clean:
    table = pl.concat([sides[kept_side].with_columns(point=pl.lit("до" if kept_side == "pre" else "после")),
                       sides[streamed_side].with_columns(point=pl.lit("до" if streamed_side == "pre" else "после"))]
                      ).lazy()
    score = (pl.when(pl.col("score") == pl.col("score").round()).then(pl.col("score").cast(pl.Int64).cast(pl.String))
             .otherwise(pl.col("score").cast(pl.String).str.replace(".", ",", literal=True)))
    (with_pseudonyms(table, result_identity(), "лицо")
     .select("лицо", pl.lit("ученик").alias("кто"), pl.col("point").alias("этап"),
             pl.col("school").replace_strict(list(range(len(short))), short).alias("школа"), pl.when(pl.col("class") != "").then(pl.col("class")).alias("класс"),
             pl.col("subject").alias("предмет"),
             pl.when(pl.col("mark") == 0).then(pl.lit("н/а")).when(pl.col("mark") > 0).then(pl.col("mark").cast(pl.String))
             .alias("отметка"), score.alias("балл"))
     .sink_csv(clean, separator=";"))
