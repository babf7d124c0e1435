"""T2 in DuckDB, written as an expert would: shnor's compare-t2 figures from the same two files.

    duckdb_expert_t2.py AUTUMN.csv MARCH.csv REGISTER.yaml [--clean OUT.csv]

Both files read and cleaned by shnor's rules (duckdb_expert.read_results); at each point the first
record of a code and subject kept (arg_min). Link by code and subject; where either side lacks a
code, by normalised ФИО, school, class and subject when that key is unique at both points and
neither record is linked by code (shnor's LinkRule). Then the marks and СОУ per point and group,
the pairs (in the follow-up's groups) and the students (mean of comparable marks, in the groups of
their first pair), and the linkage counts. --clean writes the clean table (every record kept).
"""
import os
import sys

import duckdb

from duckdb_expert import read_results
from rules import DUCKDB_RESULT_IDENTITY, ROOT, Register, argument, duckdb_pseudonym, figure, learning_level, print_figures, sql_list

clean = argument("--clean")
pre_path, post_path, register_path = sys.argv[1], sys.argv[2], sys.argv[3]
register = Register(register_path)
instrument = os.path.join(ROOT, "Surveys", "student-results.yaml")
db = duckdb.connect()
for side, path, point in (("pre", pre_path, 0), ("post", post_path, 1)):
    read_results(db, f"{side}_rec", path, instrument, register, point_of_marks=point, names="all")
    mark, score = ("before", "score_before") if point == 0 else ("after", "score_after")
    db.execute(f"""CREATE TEMP TABLE {side} AS
        SELECT min(line) AS line, true AS has_code, code_key, arg_min(person, line) AS person,
               arg_min(name_key, line) AS name_key, arg_min(school, line) AS school, arg_min(class, line) AS class,
               arg_min(grade, line) AS grade, subject, arg_min({mark}, line) AS mark, arg_min({score}, line) AS score
        FROM {side}_rec WHERE has_code GROUP BY code_key, subject
        UNION ALL
        SELECT line, false, NULL, person, name_key, school, class, grade, subject, {mark}, {score}
        FROM {side}_rec WHERE NOT has_code""")
    # A name key (ФИО, school, class, subject) and how many records carry it at this point.
    db.execute(f"""CREATE TEMP TABLE {side}_names AS
        SELECT name_key, school, class, subject, count(*) AS n FROM {side} WHERE name_key IS NOT NULL
        GROUP BY ALL""")
# The smaller file is shnor's kept side: its shared name keys are the «ambiguous names».
kept_side, streamed_side = ("post", "pre") if os.path.getsize(post_path) < os.path.getsize(pre_path) else ("pre", "post")
db.execute("""CREATE TEMP TABLE by_code AS
    SELECT b.line AS pre_line, a.line AS post_line FROM pre b JOIN post a USING (code_key, subject)""")
db.execute("""CREATE TEMP TABLE by_name AS
    SELECT b.line AS pre_line, a.line AS post_line
    FROM pre b JOIN post a USING (name_key, school, class, subject)
    JOIN pre_names nb USING (name_key, school, class, subject) JOIN post_names na USING (name_key, school, class, subject)
    WHERE nb.n = 1 AND na.n = 1 AND NOT (b.has_code AND a.has_code)
      AND b.line NOT IN (SELECT pre_line FROM by_code) AND a.line NOT IN (SELECT post_line FROM by_code)""")
streamed_line = f"{streamed_side}_line"
s, k = {"pre": "b", "post": "a"}[streamed_side], {"pre": "b", "post": "a"}[kept_side]
db.execute(f"""CREATE TEMP TABLE pairs AS
    SELECT l.by_name, b.mark AS before, a.mark AS after, a.school, a.grade, a.subject,
           CASE WHEN {s}.has_code THEN {s}.person WHEN {k}.has_code THEN {k}.person ELSE {s}.person END AS person,
           l.{streamed_line} AS streamed_line
    FROM (SELECT *, false AS by_name FROM by_code UNION ALL SELECT *, true FROM by_name) l
    JOIN pre b ON b.line = l.pre_line JOIN post a ON a.line = l.post_line""")
short = register.short
lines = []
label = {"school": lambda v: short[v], "grade": lambda v: f"{v} класс", "subject": lambda v: v}
SETS = "GROUPING SETS ((), (school), (grade), (subject))"
COUNTS = ", ".join(f"count(*) FILTER (WHERE mark = {m})" for m in (5, 4, 3, 2, 0))


def grouped(row):
    """(by, group) of a GROUPING SETS row whose first three columns are the grouping ids of school, grade, subject."""
    flags, values = row[:3], row[3:6]
    for name, flag, value in zip(("school", "grade", "subject"), flags, values):
        if not flag:
            return name, value
    return "all", None


for side, point in (("pre", "pre"), ("post", "post")):
    for row in db.execute(f"""SELECT grouping(school), grouping(grade), grouping(subject), school, grade, subject, {COUNTS}
                              FROM {side} WHERE mark >= 0 GROUP BY {SETS}""").fetchall():
        by, value = grouped(row)
        if by == "grade" and value is None:
            continue
        counts = list(row[6:11])
        lines.append(figure("marks", f"{by}:{'Всего' if by == 'all' else label[by](value)}:{point}",
                            [sum(counts), *counts, learning_level(*counts)]))
COMPARABLE = "before >= 2 AND after >= 2"
for row in db.execute(f"""SELECT grouping(school), grouping(grade), grouping(subject), school, grade, subject,
                                 count(*) FILTER (WHERE {COMPARABLE}), count(*) FILTER (WHERE {COMPARABLE} AND after > before),
                                 count(*) FILTER (WHERE {COMPARABLE} AND after = before),
                                 count(*) FILTER (WHERE {COMPARABLE} AND after < before), count(*)
                          FROM pairs GROUP BY {SETS}""").fetchall():
    by, value = grouped(row)
    if (by == "grade" and value is None) or not row[6]:
        continue
    lines.append(figure("pairs", f"{by}:{'Всего' if by == 'all' else label[by](value)}", list(row[6:10])))
    if by == "all":
        linked = db.execute("SELECT (SELECT count(*) FROM by_code), (SELECT count(*) FROM by_name), (SELECT count(*) FROM pre), "
                            "(SELECT count(*) FROM post)").fetchone()
        ambiguous = db.execute(f"SELECT count(*) FROM {kept_side}_names WHERE n > 1").fetchone()[0]
        pairs = linked[0] + linked[1]
        lines.append(figure("linkage", "ученик", [linked[0], linked[1], linked[2] - pairs, linked[3] - pairs, row[10] - row[6], ambiguous]))
programme = ",".join(str(i) for i, p in enumerate(register.programme) if p) or "NULL"
for row in db.execute(f"""
    WITH people AS (
        SELECT person, arg_min(school, (by_name, streamed_line)) AS school, arg_min(grade, (by_name, streamed_line)) AS grade,
               sum(before) AS before, sum(after) AS after
        FROM pairs WHERE {COMPARABLE} GROUP BY person)
    SELECT grouping(school), grouping(grade), 1, school, grade, NULL,
           count(*), count(*) FILTER (WHERE after > before), count(*) FILTER (WHERE after = before),
           count(*) FILTER (WHERE after < before), population
    FROM (SELECT *, 'programme' AS population FROM people WHERE school IN ({programme})
          UNION ALL SELECT *, 'all' FROM people)
    GROUP BY population, GROUPING SETS ((), (school), (grade))""").fetchall():
    by, value = grouped(row)
    if (by == "grade" and value is None) or (row[10] == "all" and by != "all"):
        continue
    lines.append(figure("students", f"{row[10]}:{by}:{'Всего' if by == 'all' else label[by](value)}", list(row[6:10])))
print_figures(lines)
if clean:
    score = ("CASE WHEN score IS NULL THEN NULL WHEN score = round(score) THEN CAST(CAST(score AS BIGINT) AS VARCHAR) "
             "ELSE replace(CAST(score AS VARCHAR), '.', ',') END")
    select = lambda side, point: f"""SELECT {duckdb_pseudonym(DUCKDB_RESULT_IDENTITY)} AS "лицо", 'ученик' AS "кто",
        '{point}' AS "этап", ({sql_list(short)})[school + 1] AS "школа", nullif(class, '') AS "класс", subject AS "предмет",
        CASE mark WHEN -1 THEN NULL WHEN 0 THEN 'н/а' ELSE mark::VARCHAR END AS "отметка", {score} AS "балл" FROM {side}"""  # noqa: E731
    db.execute(f"COPY ({select(kept_side, 'до' if kept_side == 'pre' else 'после')} UNION ALL "
               f"{select(streamed_side, 'до' if streamed_side == 'pre' else 'после')}) TO '{clean}' (HEADER, DELIMITER ';')")
