"""T2 in pandas: the figures of duckdb_t2.py (and shnor's compare-t2 pipeline), the same rules.

Both points read the same way: schools through the register's spellings, subjects through the
instrument's synonyms, classes as «5А», grade from the class's digits; marks 2–5, «н/а» not
assessed, «-»/blank no value; a row without school or subject, or with a mark off the scale, is
rejected. A repeated (code, subject) at the baseline keeps its first row. Pairs: by code and
subject, else — where either side lacks a code — by ФИО, school, class and subject, unique at
each point, for records not already paired by code. Improved share over pairs with both marks
2–5; успеваемость, качество and СОУ at both points, overall, by school, grade and subject.
"""
import sys

import pandas as pd

from common import OFF_SCALE, SOU_WEIGHTS, each_distinct, key, mark_or_off, spellings, subjects

pre_path, post_path, register_path = sys.argv[1], sys.argv[2], sys.argv[3]
schools = spellings(register_path)
subject_names = subjects()


def load(path):
    """One point, cleaned: the rows shnor keeps, in file order (`line`)."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    code = raw["Код обучающегося"].str.strip()
    name = raw["ФИО обучающегося"].str.strip()
    frame = pd.DataFrame({
        "line": range(len(raw)),
        "code": code.where(code != "", None),
        "name": name.where(name != "", None),
        "school": each_distinct(raw["ОО"], lambda text: schools.get(key(text))),
        "subject": each_distinct(raw["Предмет"], lambda text: subject_names.get(key(text))),
        "class": raw["Класс"].str.upper().str.replace(r"[^0-9A-ZА-ЯЁ]", "", regex=True),
        "grade": pd.to_numeric(raw["Класс"].str.replace(r"[^0-9]", "", regex=True).str.extract(r"^([0-9]{1,2})")[0]),
        "mark": each_distinct(raw["Отметка"], mark_or_off),
    })
    frame = frame[frame["school"].notna() & frame["subject"].notna() & (frame["mark"] != OFF_SCALE)]
    return frame.assign(code_key=frame["code"].str.lower())


def unique_names(frame):
    """Records whose ФИО, school, class and subject occur once at that point."""
    named = frame[frame["name"].notna()]
    named = named.assign(name_key=each_distinct(named["name"], key))
    return named[~named.duplicated(["name_key", "school", "class", "subject"], keep=False)]


pre = load(pre_path)
post = load(post_path)
# A repeated code and subject at the baseline: the first row is kept.
pre = pre[pre["code"].isna() | ~pre.duplicated(["code_key", "subject"], keep="first")]
coded_pre = pre[pre["code"].notna()]  # pandas would pair missing codes with each other
by_code = (post[post["code"].notna()][["code_key", "subject", "school", "grade", "line", "mark"]]
           .rename(columns={"line": "post_line", "mark": "after"})
           .merge(coded_pre[["code_key", "subject", "line", "mark"]].rename(columns={"line": "pre_line", "mark": "before"}),
                  on=["code_key", "subject"]))
on_name = ["name_key", "school", "class", "subject"]
by_name = (unique_names(post)[on_name + ["grade", "code", "line", "mark"]]
           .rename(columns={"code": "post_code", "line": "post_line", "mark": "after"})
           .merge(unique_names(pre)[on_name + ["code", "line", "mark"]]
                  .rename(columns={"code": "pre_code", "line": "pre_line", "mark": "before"}), on=on_name))
by_name = by_name[(by_name["post_code"].isna() | by_name["pre_code"].isna())
                  & ~by_name["post_line"].isin(by_code["post_line"]) & ~by_name["pre_line"].isin(by_code["pre_line"])]
columns = ["before", "after", "school", "grade", "subject"]
pairs = pd.concat([by_code[columns], by_name[columns]])
compared = pairs[pairs["before"].between(2, 5) & pairs["after"].between(2, 5)]
print(f"pandas: improved {int((compared['after'] > compared['before']).sum())} of {len(compared)}")


def figures(marks):
    return pd.Series({"n": len(marks), "success": (marks >= 3).sum(), "quality": (marks >= 4).sum(),
                      "sou": marks.map(SOU_WEIGHTS).sum()})


for name, frame in (("pre", pre), ("post", post)):
    point = frame[frame["mark"].notna()]
    total = figures(point["mark"])
    print(f"pandas: {name} N {int(total['n'])} успеваемость {int(total['success'])} качество {int(total['quality'])} "
          f"СОУ {total['sou'] / total['n']:.4f}")
    for group in ("school", "grade", "subject"):
        point.groupby(group)["mark"].apply(figures)
for group in ("school", "grade", "subject"):
    compared.assign(up=compared["after"] > compared["before"]).groupby(group)["up"].agg(["count", "sum"])
