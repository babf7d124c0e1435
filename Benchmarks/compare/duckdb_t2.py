"""The March 2024 results aggregation in DuckDB, for comparison with `shnor run` (see run.sh).

Same work as shnor's pipeline on the same files: read both points, read schools through the
register's spellings, subjects through the instrument's synonyms, classes as «5А»; marks 2–5,
«н/а» not assessed, «-»/blank no value, anything else rejected; a repeated (code, subject) at
the baseline rejected (the first kept); link by code and subject, else — where either side
lacks a code — by ФИО, school, class and subject when unique at the baseline; then the share
of improved pairs and успеваемость, качество, СОУ at both points by school, grade and subject.
Prints the headline figures so they can be checked against results.json.
"""
import sys

import duckdb

from common import DUCKDB_KEY as KEY, spellings, subjects

pre_path, post_path, register_path = sys.argv[1], sys.argv[2], sys.argv[3]
db = duckdb.connect()
db.execute("CREATE TABLE spelling(k VARCHAR, school INTEGER)")
db.executemany("INSERT INTO spelling VALUES (?, ?)", sorted(spellings(register_path).items()))
# The instrument's subjects (Surveys/student-results.yaml): label and synonyms as match keys.
db.execute("CREATE TABLE subject_spelling(k VARCHAR, subject VARCHAR)")
db.executemany("INSERT INTO subject_spelling VALUES (?, ?)", sorted(subjects().items()))

MARK_KEY = KEY.format('"Отметка"')
MARK_KEY_OR_BLANK = KEY.format("coalesce(\"Отметка\", '')")


def load(name, path):
    db.execute(f"""
        CREATE TABLE raw_{name} AS
        SELECT row_number() OVER () AS line, * FROM read_csv('{path}', all_varchar = true, header = true)""")
    db.execute(f"""
        CREATE TABLE {name} AS
        SELECT line,
               nullif(trim("Код обучающегося"), '') AS code,
               nullif(trim("ФИО обучающегося"), '') AS name,
               s.school,
               regexp_replace(upper(coalesce("Класс", '')), '[^0-9A-ZА-ЯЁ]', '', 'g') AS class,
               try_cast(regexp_extract(regexp_replace(coalesce("Класс", ''), '[^0-9]', '', 'g'), '^[0-9]{{1,2}}') AS INTEGER) AS grade,
               j.subject,
               CASE WHEN trim("Отметка") IN ('2', '3', '4', '5') THEN CAST(trim("Отметка") AS INTEGER)
                    WHEN {MARK_KEY} IN ('н а', 'на', 'не аттестован', 'неаттестован') THEN 0 END AS mark,
               coalesce(trim("Отметка"), '') IN ('2', '3', '4', '5')
                 OR {MARK_KEY_OR_BLANK} IN ('', 'х', 'x', 'нет отметки', 'нет', 'отсутствовал', 'отс',
                                                               'н а', 'на', 'не аттестован', 'неаттестован') AS mark_ok
        FROM raw_{name} r
        LEFT JOIN spelling s ON s.k = {KEY.format('r."ОО"')}
        LEFT JOIN subject_spelling j ON j.k = {KEY.format('r."Предмет"')}
    """)
    # What shnor rejects at cleaning: no school, no subject, a mark off the scale.
    db.execute(f"CREATE TABLE clean_{name} AS SELECT * FROM {name} WHERE school IS NOT NULL AND subject IS NOT NULL AND mark_ok")


load("pre", pre_path)
load("post", post_path)
# A repeated code and subject at the baseline: the first row is kept.
db.execute("""CREATE TABLE kept_pre AS SELECT * FROM clean_pre
              QUALIFY code IS NULL OR row_number() OVER (PARTITION BY lower(code), subject ORDER BY line) = 1""")
db.execute(f"""CREATE TABLE pairs AS
    WITH by_code AS (
        SELECT b.mark AS before, a.mark AS after, a.school, a.grade, a.subject, a.line AS post_line
        FROM clean_post a JOIN kept_pre b ON lower(a.code) = lower(b.code) AND a.subject = b.subject),
    paired_pre AS (
        SELECT b.line FROM clean_post a JOIN kept_pre b ON lower(a.code) = lower(b.code) AND a.subject = b.subject),
    named_pre AS (
        SELECT *, {KEY.format('name')} AS nk FROM kept_pre WHERE name IS NOT NULL
        QUALIFY count(*) OVER (PARTITION BY {KEY.format('name')}, school, class, subject) = 1),
    named_post AS (
        SELECT *, {KEY.format('name')} AS nk FROM clean_post WHERE name IS NOT NULL
        QUALIFY count(*) OVER (PARTITION BY {KEY.format('name')}, school, class, subject) = 1),
    -- Where either side lacks a code, the same name, school, class and subject, unique at both
    -- points, for a baseline record not paired by code.
    by_name AS (
        SELECT b.mark AS before, a.mark AS after, a.school, a.grade, a.subject, a.line AS post_line
        FROM named_post a JOIN named_pre b
          ON a.nk = b.nk AND a.school = b.school AND a.class = b.class AND a.subject = b.subject
        WHERE (a.code IS NULL OR b.code IS NULL)
          AND a.line NOT IN (SELECT post_line FROM by_code)
          AND b.line NOT IN (SELECT line FROM paired_pre))
    SELECT * FROM by_code UNION ALL SELECT * FROM by_name""")
compared = db.execute("""SELECT count(*), count(*) FILTER (WHERE after > before)
                         FROM pairs WHERE before BETWEEN 2 AND 5 AND after BETWEEN 2 AND 5""").fetchone()
print(f"duckdb: improved {compared[1]} of {compared[0]}")
for name in ("pre", "post"):
    db.execute(f"CREATE TABLE point_{name} AS SELECT * FROM {'kept_pre' if name == 'pre' else 'clean_post'} WHERE mark IS NOT NULL")
    total = db.execute(f"""SELECT count(*), count(*) FILTER (WHERE mark >= 3), count(*) FILTER (WHERE mark >= 4),
                                  sum(CASE mark WHEN 5 THEN 100 WHEN 4 THEN 64 WHEN 3 THEN 36 WHEN 2 THEN 16 ELSE 7 END)
                           FROM point_{name}""").fetchone()
    print(f"duckdb: {name} N {total[0]} успеваемость {total[1]} качество {total[2]} СОУ {total[3] / total[0]:.4f}")
    for column in ("school", "grade", "subject"):
        db.execute(f"""SELECT {column}, count(*), count(*) FILTER (WHERE mark >= 3), count(*) FILTER (WHERE mark >= 4),
                              sum(CASE mark WHEN 5 THEN 100 WHEN 4 THEN 64 WHEN 3 THEN 36 WHEN 2 THEN 16 ELSE 7 END) / count(*)
                       FROM point_{name} GROUP BY {column} ORDER BY {column}""").fetchall()
for column in ("school", "grade", "subject"):
    db.execute(f"""SELECT {column}, count(*), count(*) FILTER (WHERE after > before)
                   FROM pairs WHERE before BETWEEN 2 AND 5 AND after BETWEEN 2 AND 5 GROUP BY {column} ORDER BY {column}""").fetchall()
