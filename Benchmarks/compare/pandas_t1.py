"""T1 in pandas: the figures of duckdb_t1.py (and shnor's compare-t1 pipeline), the same rules.

The generated T1 file has no mark off the scale, so `mark` never rejects a row here.
"""
import sys

import pandas as pd

from common import key, mark, spellings, subject

path, register_path = sys.argv[1], sys.argv[2]
schools = spellings(register_path)
frame = pd.read_csv(path, dtype=str, keep_default_na=False)
frame["school"] = frame["ОО"].map(lambda text: schools.get(key(text)))
frame = frame[frame["school"].notna()]
frame["subject"] = frame["Предмет"].map(subject)
frame["code"] = frame["Код обучающегося"].str.strip().str.lower()
frame["before"] = frame["Отметка (осень)"].map(mark)
frame["after"] = frame["Отметка (март)"].map(mark)
frame = frame.drop_duplicates(["code", "subject"], keep="first")
both = frame[(frame["before"] >= 2) & (frame["after"] >= 2)]
print(f"pandas: improved {int((both['after'] > both['before']).sum())} of {len(both)}")
for column in ("before", "after"):
    present = frame[frame[column].notna()]
    print(f"pandas: {column} N {len(present)} успеваемость {int((present[column] >= 3).sum())} качество {int((present[column] >= 4).sum())}")
    for group in ("school", "subject"):
        present.groupby(group)[column].agg(["count", lambda s: (s >= 3).sum(), lambda s: (s >= 4).sum()])
for group in ("school", "subject"):
    both.assign(up=both["after"] > both["before"]).groupby(group)["up"].agg(["sum", "count"])
