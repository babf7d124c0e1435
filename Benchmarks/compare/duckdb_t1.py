"""T1 in DuckDB: the figures shnor's compare-t1 pipeline reports, from the same file.

One file, both points in a row: schools read through the register's spellings, subjects through
the instrument's synonyms; marks 2–5, «н/а» not assessed (in N), «-»/blank no value; a repeated
(code, subject) keeps its first row. Improved: both marks 2–5 and the second higher. Успеваемость
(5, 4, 3 over N) and качество (5, 4 over N) at both points, overall, by school and by subject.
"""
import sys

import duckdb

from common import DUCKDB_KEY as KEY, spellings

path, register_path = sys.argv[1], sys.argv[2]
db = duckdb.connect()
db.execute("CREATE TABLE spelling(k VARCHAR, school INTEGER)")
db.executemany("INSERT INTO spelling VALUES (?, ?)", sorted(spellings(register_path).items()))
MARK = """CASE WHEN trim({0}) IN ('2', '3', '4', '5') THEN CAST(trim({0}) AS INTEGER)
               WHEN {1} IN ('н а', 'на', 'не аттестован', 'неаттестован') THEN 0 END"""
BEFORE = MARK.format('"Отметка (осень)"', KEY.format("coalesce(\"Отметка (осень)\", '')"))
AFTER = MARK.format('"Отметка (март)"', KEY.format("coalesce(\"Отметка (март)\", '')"))
db.execute(f"""
    CREATE TABLE t AS
    WITH numbered AS (SELECT row_number() OVER () AS line, * FROM read_csv('{path}', all_varchar = true, header = true))
    SELECT line, lower(trim("Код обучающегося")) AS code, s.school,
           CASE WHEN {KEY.format('"Предмет"')} LIKE 'матем%' THEN 'Математика' ELSE 'Русский язык' END AS subject,
           {BEFORE} AS before,
           {AFTER} AS after
    FROM numbered r
    JOIN spelling s ON s.k = {KEY.format('r."ОО"')}
    QUALIFY row_number() OVER (PARTITION BY code, subject ORDER BY line) = 1""")
improved = db.execute("SELECT count(*) FILTER (WHERE after > before), count(*) FROM t WHERE before >= 2 AND after >= 2").fetchone()
print(f"duckdb: improved {improved[0]} of {improved[1]}")
for column in ("before", "after"):
    n = db.execute(f"SELECT count(*), count(*) FILTER (WHERE {column} >= 3), count(*) FILTER (WHERE {column} >= 4) FROM t WHERE {column} IS NOT NULL").fetchone()
    print(f"duckdb: {column} N {n[0]} успеваемость {n[1]} качество {n[2]}")
    for group in ("school", "subject"):
        db.execute(f"""SELECT {group}, count(*), count(*) FILTER (WHERE {column} >= 3), count(*) FILTER (WHERE {column} >= 4)
                       FROM t WHERE {column} IS NOT NULL GROUP BY {group} ORDER BY {group}""").fetchall()
for group in ("school", "subject"):
    db.execute(f"""SELECT {group}, count(*) FILTER (WHERE after > before), count(*) FROM t
                   WHERE before >= 2 AND after >= 2 GROUP BY {group} ORDER BY {group}""").fetchall()
