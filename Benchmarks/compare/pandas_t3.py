"""T3 in pandas: the figures of duckdb_t3.py (and shnor's compare-t3 pipeline), the same rules.

Respondents are kept when their school is one of the register's spellings. Every answer (the
overall question and each grid row) is read through the satisfaction scale of t3-instrument.yaml
as a match key: a category 0–3, −1 for «Затрудняюсь ответить», NaN for a blank (or an answer
the scale does not know). Satisfied: the overall answer in the top two categories, over the
substantive answers of the programme schools' respondents. Per item: the count of each category,
of non-substantive answers and of blanks; printed summed over the items.
"""
import sys

import pandas as pd

from common import each_distinct, key, programme, readings, spellings

path, register_path = sys.argv[1], sys.argv[2]
schools = spellings(register_path)
scale = readings()

frame = pd.read_csv(path, dtype=str, keep_default_na=False)
items = [name for name in frame.columns if name.startswith("Насколько") or name.startswith("Оцените")]
frame["school"] = each_distinct(frame["Образовательная организация"], lambda text: schools.get(key(text)))
frame = frame[frame["school"].notna()]
answers = frame.melt(id_vars="school", value_vars=items, var_name="item", value_name="answer")
answers["category"] = each_distinct(answers["answer"], lambda text: scale.get(key(text)))
overall = answers[(answers["item"] == items[0]) & (answers["category"] >= 0)]
satisfied = overall[overall["school"].isin(programme(register_path))]
print(f"pandas: satisfied {int((satisfied['category'] >= 2).sum())} of {len(satisfied)}")
counts = [int((answers["category"] == category).sum()) for category in (0, 1, 2, 3, -1)] + [int(answers["category"].isna().sum())]
print("pandas: categories " + " ".join(map(str, counts)))
answers.groupby(["item", "category"], dropna=False).size()
overall.assign(top=overall["category"] >= 2).groupby("school")["top"].agg(["sum", "count"])
