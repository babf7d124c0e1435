"""T3 in Polars: the figures of duckdb_t3.py (and shnor's compare-t3 pipeline), the same rules.

Respondents are kept when their school is one of the register's spellings. Every answer (the
overall question and each grid row) is read through the satisfaction scale of t3-instrument.yaml
as a match key: a category 0–3, −1 for «Затрудняюсь ответить», null for a blank (or an answer
the scale does not know). Satisfied: the overall answer in the top two categories, over the
substantive answers of the programme schools' respondents. Per item: the count of each category,
of non-substantive answers and of blanks; printed summed over the items.
"""
import sys

import polars as pl

from common import polars_key, programme, readings, spellings

path, register_path = sys.argv[1], sys.argv[2]
schools = pl.DataFrame(list(spellings(register_path).items()), schema=["school_key", "school"], orient="row")
scale = pl.DataFrame(list(readings().items()), schema=["answer_key", "category"], orient="row")

frame = pl.read_csv(path, infer_schema=False)
items = [name for name in frame.columns if name.startswith("Насколько") or name.startswith("Оцените")]
answers = (frame.with_columns(polars_key(pl.col("Образовательная организация")).alias("school_key"))
           .join(schools, on="school_key", how="inner")
           .unpivot(on=items, index="school", variable_name="item", value_name="answer")
           .with_columns(polars_key(pl.col("answer")).alias("answer_key"))
           .join(scale, on="answer_key", how="left")
           .with_columns(pl.when(pl.col("answer_key") == "").then(None).otherwise(pl.col("category")).alias("category")))
overall = answers.filter((pl.col("item") == items[0]) & (pl.col("category") >= 0))
satisfied = overall.filter(pl.col("school").is_in(sorted(programme(register_path))))
print(f"polars: satisfied {satisfied.filter(pl.col('category') >= 2).height} of {satisfied.height}")
counts = answers.select(*[(pl.col("category") == category).sum().alias(str(category)) for category in (0, 1, 2, 3, -1)],
                        pl.col("category").null_count().alias("blank"))
print("polars: categories " + " ".join(map(str, counts.row(0))))
answers.group_by("item", "category").agg(pl.len())
overall.group_by("school").agg((pl.col("category") >= 2).sum(), pl.len())
