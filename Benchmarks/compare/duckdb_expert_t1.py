"""T1 in DuckDB, written as an expert would: shnor's compare-t1 figures from the same file.

    duckdb_expert_t1.py RESULTS.csv REGISTER.yaml [--clean OUT.csv]

Every rule shnor applies (duckdb_expert.read_results): a row without code and ФИО, a blank or
unknown school, a blank or unknown subject, a class that is no class, a mark off the scale — each
rejects the row; a repeated code and subject keeps its first row (arg_min). Then, per point and
group, the mark counts and СОУ; per group the compared pairs (marks 2–5 at both points) and how
they moved; per student (mean of comparable marks) the same, programme schools and all.
--clean writes the clean table shnor writes (clean/results.csv: pseudonym, who, point, school,
class, subject, mark, score), the pseudonym from DuckDB's sha256 of a secret and the identity.
"""
import os
import sys

import duckdb

from duckdb_expert import read_results
from rules import DUCKDB_RESULT_IDENTITY, ROOT, Register, argument, duckdb_pseudonym, figure, learning_level, print_figures, sql_list

clean = argument("--clean")
path, register_path = sys.argv[1], sys.argv[2]
register = Register(register_path)
db = duckdb.connect()
read_results(db, "rec", path, os.path.join(ROOT, "Surveys", "student-results-both-points.yaml"), register)
# The first record of each code and subject (records without a code are never repeats).
db.execute("""CREATE TEMP TABLE kept AS
    SELECT min(line) AS line, arg_min(person, line) AS person, arg_min(school, line) AS school,
           arg_min(class, line) AS class, subject, arg_min(before, line) AS before, arg_min(after, line) AS after,
           arg_min(code_key, line) AS code_key, arg_min(name_key, line) AS name_key
    FROM rec WHERE has_code GROUP BY code_key, subject
    UNION ALL
    SELECT line, person, school, class, subject, before, after, code_key, name_key FROM rec WHERE NOT has_code""")
short = register.short
programme = [i for i, p in enumerate(register.programme) if p]
lines = []
rows = db.execute("""
    SELECT grouping(school), grouping(subject), school, subject,
           count(*) FILTER (WHERE before = 5), count(*) FILTER (WHERE before = 4), count(*) FILTER (WHERE before = 3),
           count(*) FILTER (WHERE before = 2), count(*) FILTER (WHERE before = 0),
           count(*) FILTER (WHERE after = 5), count(*) FILTER (WHERE after = 4), count(*) FILTER (WHERE after = 3),
           count(*) FILTER (WHERE after = 2), count(*) FILTER (WHERE after = 0),
           count(*) FILTER (WHERE before >= 2 AND after >= 2),
           count(*) FILTER (WHERE before >= 2 AND after > before),
           count(*) FILTER (WHERE after >= 2 AND before = after),
           count(*) FILTER (WHERE after >= 2 AND before > after),
           count(*)
    FROM kept GROUP BY GROUPING SETS ((), (school), (subject))""").fetchall()
for row in rows:
    by, group = ("all", "Всего") if row[0] and row[1] else ("school", short[row[2]]) if row[1] else ("subject", row[3])
    for point, counts in (("pre", row[4:9]), ("post", row[9:14])):
        if sum(counts):
            lines.append(figure("marks", f"{by}:{group}:{point}", [sum(counts), *counts, learning_level(*counts)]))
    if row[14]:
        lines.append(figure("pairs", f"{by}:{group}", [row[14], row[15], row[16], row[17]]))
    if by == "all":
        lines.append(figure("linkage", "ученик", [0, 0, 0, 0, row[18] - row[14], 0]))
# Students: the sums of comparable marks per person, in the school of the person's first pair.
students = db.execute(f"""
    WITH people AS (
        SELECT person, arg_min(school, line) AS school, sum(before) AS before, sum(after) AS after
        FROM kept WHERE before >= 2 AND after >= 2 GROUP BY person)
    SELECT grouping(school), school, school IN ({','.join(map(str, programme)) or 'NULL'}) AS programme,
           count(*), count(*) FILTER (WHERE after > before), count(*) FILTER (WHERE after = before),
           count(*) FILTER (WHERE after < before)
    FROM people GROUP BY GROUPING SETS ((), (school))""").fetchall()
total = [0, 0, 0, 0]
for grouped, school, in_programme, *counts in students:
    if grouped:
        lines.append(figure("students", "all:all:Всего", counts))
    elif in_programme:
        lines.append(figure("students", f"programme:school:{short[school]}", counts))
        total = [a + b for a, b in zip(total, counts)]
if total[0]:
    lines.append(figure("students", "programme:all:Всего", total))
print_figures(lines)
if clean:
    # The clean table: a row per kept record and point with a value, in the file's order.
    # A row per point with a value (the rows of both points are not interleaved: the order of a
    # clean table's rows is not part of it).
    db.execute(f"""COPY (
        WITH k AS (
            SELECT {duckdb_pseudonym(DUCKDB_RESULT_IDENTITY)} AS p, ({sql_list(short)})[school + 1] AS school, nullif(class, '') AS class, subject, before, after FROM kept)
        SELECT p AS "лицо", 'ученик' AS "кто", 'до' AS "этап", school AS "школа", class AS "класс", subject AS "предмет",
               CASE before WHEN 0 THEN 'н/а' ELSE before::VARCHAR END AS "отметка", NULL::VARCHAR AS "балл" FROM k WHERE before >= 0
        UNION ALL
        SELECT p, 'ученик', 'после', school, class, subject, CASE after WHEN 0 THEN 'н/а' ELSE after::VARCHAR END, NULL
        FROM k WHERE after >= 0)
        TO '{clean}' (HEADER, DELIMITER ';')""")
