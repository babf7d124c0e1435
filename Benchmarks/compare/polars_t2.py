"""T2 in Polars: the figures of duckdb_t2.py (and shnor's compare-t2 pipeline), the same rules.

Both points read the same way: schools through the register's spellings, subjects through the
instrument's synonyms, classes as «5А», grade from the class's digits; marks 2–5, «н/а» not
assessed, «-»/blank no value; a row without school or subject, or with a mark off the scale, is
rejected. A repeated (code, subject) at the baseline keeps its first row. Pairs: by code and
subject, else — where either side lacks a code — by ФИО, school, class and subject, unique at
each point, for records not already paired by code. Improved share over pairs with both marks
2–5; успеваемость, качество and СОУ at both points, overall, by school, grade and subject.
"""
import sys

import polars as pl

from common import SOU_WEIGHTS, polars_key, polars_mark, polars_mark_ok, spellings, subjects

pre_path, post_path, register_path = sys.argv[1], sys.argv[2], sys.argv[3]
schools = pl.DataFrame(list(spellings(register_path).items()), schema=["school_key", "school"], orient="row")
subject_names = pl.DataFrame(list(subjects().items()), schema=["subject_key", "subject"], orient="row")


def stripped(column):
    """The column's text without surrounding spaces; null when nothing is left."""
    text = pl.col(column).str.strip_chars()
    return pl.when(text != "").then(text)


def load(path):
    """One point, cleaned: the rows shnor keeps, in file order."""
    return (pl.read_csv(path, infer_schema=False)
            .with_row_index("line")
            .with_columns(polars_key(pl.col("ОО")).alias("school_key"), polars_key(pl.col("Предмет")).alias("subject_key"))
            .join(schools, on="school_key", how="left", maintain_order="left")
            .join(subject_names, on="subject_key", how="left", maintain_order="left")
            .select("line", "school", "subject",
                    stripped("Код обучающегося").alias("code"),
                    stripped("ФИО обучающегося").alias("name"),
                    pl.col("Класс").fill_null("").str.to_uppercase().str.replace_all(r"[^0-9A-ZА-ЯЁ]", "").alias("class"),
                    pl.col("Класс").fill_null("").str.replace_all(r"[^0-9]", "").str.extract(r"^([0-9]{1,2})", 1)
                    .cast(pl.Int64).alias("grade"),
                    polars_mark(pl.col("Отметка")).alias("mark"),
                    polars_mark_ok(pl.col("Отметка")).alias("mark_ok"))
            .filter(pl.col("school").is_not_null() & pl.col("subject").is_not_null() & pl.col("mark_ok"))
            .with_columns(pl.col("code").str.to_lowercase().alias("code_key")))


def unique_names(frame):
    """Records whose ФИО, school, class and subject occur once at that point."""
    named = frame.filter(pl.col("name").is_not_null()).with_columns(polars_key(pl.col("name")).alias("name_key"))
    return named.filter(pl.len().over("name_key", "school", "class", "subject") == 1)


pre = load(pre_path)
post = load(post_path)
# A repeated code and subject at the baseline: the first row is kept.
pre = pre.filter(pl.col("code").is_null() | pl.struct("code_key", "subject").is_first_distinct())
by_code = (post.select("code_key", "subject", "school", "grade", pl.col("line").alias("post_line"), pl.col("mark").alias("after"))
           .join(pre.select("code_key", "subject", pl.col("line").alias("pre_line"), pl.col("mark").alias("before")),
                 on=["code_key", "subject"], how="inner"))
on_name = ["name_key", "school", "class", "subject"]
by_name = (unique_names(post).select(*on_name, "grade", pl.col("code").alias("post_code"),
                                     pl.col("line").alias("post_line"), pl.col("mark").alias("after"))
           .join(unique_names(pre).select(*on_name, pl.col("code").alias("pre_code"),
                                          pl.col("line").alias("pre_line"), pl.col("mark").alias("before")),
                 on=on_name, how="inner")
           .filter((pl.col("post_code").is_null() | pl.col("pre_code").is_null())
                   & ~pl.col("post_line").is_in(by_code["post_line"].implode())
                   & ~pl.col("pre_line").is_in(by_code["pre_line"].implode())))
columns = ["before", "after", "school", "grade", "subject"]
pairs = pl.concat([by_code.select(columns), by_name.select(columns)])
compared = pairs.filter(pl.col("before").is_between(2, 5) & pl.col("after").is_between(2, 5))
print(f"polars: improved {compared.filter(pl.col('after') > pl.col('before')).height} of {compared.height}")

sou = pl.col("mark").replace_strict(SOU_WEIGHTS, return_dtype=pl.Int64)
figures = [pl.len().alias("n"), (pl.col("mark") >= 3).sum().alias("success"), (pl.col("mark") >= 4).sum().alias("quality"),
           sou.sum().alias("sou")]
for name, frame in (("pre", pre), ("post", post)):
    point = frame.filter(pl.col("mark").is_not_null())
    total = point.select(figures).row(0, named=True)
    print(f"polars: {name} N {total['n']} успеваемость {total['success']} качество {total['quality']} СОУ {total['sou'] / total['n']:.4f}")
    for group in ("school", "grade", "subject"):
        point.group_by(group).agg(figures).sort(group)
for group in ("school", "grade", "subject"):
    compared.group_by(group).agg(pl.len(), (pl.col("after") > pl.col("before")).sum()).sort(group)
