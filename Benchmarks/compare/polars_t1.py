"""T1 in Polars: the figures of duckdb_t1.py (and shnor's compare-t1 pipeline), the same rules.

The generated T1 file has no mark off the scale, so no row is rejected for one here.
"""
import sys

import polars as pl

from common import polars_key, polars_mark, spellings

path, register_path = sys.argv[1], sys.argv[2]
schools = pl.DataFrame(list(spellings(register_path).items()), schema=["k", "school"], orient="row")


def folded(column):
    return polars_key(pl.col(column))


def marks(column):
    return polars_mark(pl.col(column))


frame = (pl.read_csv(path, infer_schema=False)
         .with_row_index("line")
         .with_columns(folded("ОО").alias("k"))
         .join(schools, on="k", how="inner")
         .with_columns(pl.when(folded("Предмет").str.starts_with("матем")).then(pl.lit("Математика")).otherwise(pl.lit("Русский язык")).alias("subject"),
                       pl.col("Код обучающегося").str.strip_chars().str.to_lowercase().alias("code"),
                       marks("Отметка (осень)").alias("before"), marks("Отметка (март)").alias("after"))
         .sort("line")
         .unique(["code", "subject"], keep="first", maintain_order=True))
both = frame.filter((pl.col("before") >= 2) & (pl.col("after") >= 2))
print(f"polars: improved {both.filter(pl.col('after') > pl.col('before')).height} of {both.height}")
for column in ("before", "after"):
    present = frame.filter(pl.col(column).is_not_null())
    print(f"polars: {column} N {present.height} успеваемость {present.filter(pl.col(column) >= 3).height} качество {present.filter(pl.col(column) >= 4).height}")
    for group in ("school", "subject"):
        present.group_by(group).agg(pl.len(), (pl.col(column) >= 3).sum().alias("success"), (pl.col(column) >= 4).sum().alias("quality"))
for group in ("school", "subject"):
    both.group_by(group).agg((pl.col("after") > pl.col("before")).sum(), pl.len())
