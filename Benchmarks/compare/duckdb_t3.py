"""T3 in DuckDB: the figures of shnor's compare-t3 pipeline from the same questionnaire export.

Answers are read through the satisfaction scale of t3-instrument.yaml (labels and synonyms
compared as shnor's match keys: case, ё/е, parentheses and punctuation aside); «Затрудняюсь
ответить» is not substantive, a blank is blank. Satisfied: the overall answer in the top two
categories, over the substantive answers of the programme schools' respondents. Per item (the
overall question and every grid row): the count of each category, of non-substantive answers
and of blanks; printed summed over the items.
"""
import sys

import duckdb

from common import DUCKDB_KEY as KEY, programme, readings, spellings

path, register_path = sys.argv[1], sys.argv[2]
db = duckdb.connect()
db.execute("CREATE TABLE reading(k VARCHAR, category INTEGER)")
db.executemany("INSERT INTO reading VALUES (?, ?)", sorted(readings().items()))
db.execute("CREATE TABLE spelling(k VARCHAR, school INTEGER)")
db.executemany("INSERT INTO spelling VALUES (?, ?)", sorted(spellings(register_path).items()))
columns = [row[0] for row in db.execute(f"DESCRIBE SELECT * FROM read_csv('{path}', all_varchar = true)").fetchall()]
items = [name for name in columns if name.startswith("Насколько") or name.startswith("Оцените")]
quoted = ", ".join('"' + name.replace('"', '""') + '"' for name in items)
# Blanks as empty strings, so UNPIVOT (which drops NULLs) keeps them.
blanked = ", ".join("coalesce(" + '"' + name.replace('"', '""') + '"' + ", '') AS " + '"' + name.replace('"', '""') + '"' for name in items)
db.execute(f"""CREATE TABLE answers AS
    SELECT row_number() OVER () AS respondent, s.school, {blanked}
    FROM read_csv('{path}', all_varchar = true) r JOIN spelling s ON s.k = {KEY.format('r."Образовательная организация"')}""")
db.execute(f"""CREATE TABLE long AS
    SELECT respondent, school, item, {KEY.format("coalesce(answer, '')")} AS k
    FROM (UNPIVOT answers ON {quoted} INTO NAME item VALUE answer)""")
db.execute("CREATE TABLE read AS SELECT l.*, CASE WHEN l.k = '' THEN NULL ELSE r.category END AS category FROM long l LEFT JOIN reading r ON r.k = l.k")
overall = items[0]
satisfied = db.execute(f"""SELECT count(*) FILTER (WHERE category >= 2), count(*) FROM read
                           WHERE item = ? AND category >= 0 AND school IN ({','.join(map(str, sorted(programme(register_path))))})""", [overall]).fetchone()
print(f"duckdb: satisfied {satisfied[0]} of {satisfied[1]}")
counts = db.execute("""SELECT count(*) FILTER (WHERE category = 0), count(*) FILTER (WHERE category = 1), count(*) FILTER (WHERE category = 2),
                              count(*) FILTER (WHERE category = 3), count(*) FILTER (WHERE category = -1), count(*) FILTER (WHERE category IS NULL)
                       FROM read""").fetchone()
print("duckdb: categories " + " ".join(map(str, counts)))
db.execute("SELECT item, category, count(*) FROM read GROUP BY item, category").fetchall()
db.execute(f"""SELECT school, count(*) FILTER (WHERE category >= 2), count(*) FROM read WHERE item = ? AND category >= 0 GROUP BY school""", [overall]).fetchall()
