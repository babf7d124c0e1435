"""T3 in DuckDB, written as an expert would: shnor's compare-t3 figures from the same questionnaire.

    duckdb_expert_t3.py SURVEY.csv REGISTER.yaml [--clean OUT.csv]

shnor's rules (rules.Survey): a blank or unknown school, or a submission time that does not read,
rejects the row; so does a submission with no answer at all. Each answer is read through the
satisfaction scale once per distinct spelling (a dictionary joined to the answers, unpivoted); an
answer off the scale is not counted. Times are checked vectorised (try_strptime) and only the
spellings that fail that are read by shnor's rule in Python. Figures: the satisfied share of the
programme schools (top two of the overall question), the per-item distributions, respondents per
school. --clean writes shnor's clean table of responses (without its pooling of small groups,
which the benchmark's sizes never need).
"""
import sys

import duckdb

from rules import (DUCKDB_FAST, DUCKDB_FAST_KEY, Register, Survey, argument, duckdb_pseudonym, match_key, print_figures,
                   programme_label, sql_list, survey_figures, timestamp_ok)

clean = argument("--clean")
path, register_path = sys.argv[1], sys.argv[2]
register = Register(register_path)
survey = Survey(path)
names, items = survey.aliases()
columns = ", ".join(f"'{names.get(i, f'x{i}')}': 'VARCHAR'" for i in range(len(survey.header)))
db = duckdb.connect()
db.execute(f"""CREATE TEMP TABLE raw AS SELECT * FROM read_csv(?, header = true, auto_detect = false, delim = ',',
               quote = '"', escape = '"', columns = {{{columns}}})""", [path])
FAST_TIME = ("(regexp_full_match(c_ts, '[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{4} [0-9]{1,2}:[0-9]{2}:[0-9]{2}') "
             "AND year(try_strptime(c_ts, '%d.%m.%Y %H:%M:%S')) >= 1900)")
timestamp = "c_ts" if survey.timestamp is not None else "NULL"
distinct = db.execute(f"""SELECT list(DISTINCT coalesce(c_school, '')),
    {f"list(DISTINCT c_ts) FILTER (WHERE NOT coalesce({FAST_TIME}, false))" if survey.timestamp is not None else "[]"},
    {', '.join(f"list(DISTINCT coalesce({a}, ''))" for a in items)} FROM raw""").fetchone()
schools, times, answers = distinct[0] or [], distinct[1] or [], sorted(set().union(*distinct[2:]))
bad_times = [t for t in times if t is not None and not timestamp_ok(t)]
readings = [survey.reading(a) for a in answers]
blank = [a for a, r in zip(answers, readings) if r == Survey.BLANK]
db.execute("CREATE TEMP TABLE school_d AS SELECT unnest(?::VARCHAR[]) AS spelling, unnest(?::INTEGER[]) AS school",
           [schools, [register.school(s) for s in schools]])
db.execute("CREATE TEMP TABLE answer_d AS SELECT unnest(?::VARCHAR[]) AS spelling, unnest(?::INTEGER[]) AS reading",
           [answers, readings])
db.execute("CREATE TEMP TABLE bad_time AS SELECT unnest(?::VARCHAR[]) AS spelling", [bad_times])
blank_list = sql_list(blank)
empty = " AND ".join(f"list_contains({blank_list}, coalesce({a}, ''))" for a in items) or "false"
db.execute(f"""CREATE TEMP TABLE responses AS
    SELECT r.rowid AS line, s.school, r.c_name, {', '.join(items)}
    FROM raw r JOIN school_d s ON s.spelling = coalesce(r.c_school, '') AND s.school IS NOT NULL
    WHERE {timestamp} IS NULL OR {timestamp} NOT IN (SELECT spelling FROM bad_time)
      AND NOT ({empty})""")
counts = {(int(item[1:]), reading, school): n for item, reading, school, n in db.execute(f"""
    SELECT item, d.reading, school, count(*)
    FROM (SELECT school, {', '.join(items)} FROM responses) UNPIVOT INCLUDE NULLS (answer FOR item IN ({', '.join(items)})) u
    JOIN answer_d d ON d.spelling = coalesce(u.answer, '') GROUP BY ALL""").fetchall()}
respondents = dict(db.execute("SELECT school, count(*) FROM responses GROUP BY school").fetchall())
print_figures(survey_figures(survey, register, counts, respondents))
if clean:
    labels = [survey.label(r) for r in range(-3, len(survey.scale.labels))]
    label_list, short, ids = sql_list(labels), sql_list(register.short), sql_list(register.ids)
    programme = sql_list(programme_label(register, i) for i in range(len(register.short)))
    odd = [n for n, in db.execute(f"SELECT DISTINCT c_name FROM responses WHERE NOT {DUCKDB_FAST.format('c_name')}").fetchall() if n]
    db.execute("CREATE TEMP TABLE name_d AS SELECT unnest(?::VARCHAR[]) AS spelling, unnest(?::VARCHAR[]) AS key",
               [odd, [match_key(n.strip(' ')) for n in odd]])
    key = (f"CASE WHEN trim(coalesce(c_name, ''), ' ') = '' THEN 'строка ' || (line + 2) "
           f"WHEN {DUCKDB_FAST.format('c_name')} THEN {DUCKDB_FAST_KEY.format('c_name')} ELSE n.key END")
    cells = ", ".join(f'nullif(({label_list})[d{i}.reading + 4], \'\') AS "{label}"' for i, (_, label) in enumerate(survey.items))
    joins = " ".join(f"JOIN answer_d d{i} ON d{i}.spelling = coalesce(r.{a}, '')" for i, a in enumerate(items))
    db.execute(f"""COPY (SELECT {duckdb_pseudonym(f"({key}) || '|' || ({ids})[school + 1]")} AS "респондент",
                               ({short})[school + 1] AS "школа", ({programme})[school + 1] AS "программа", NULL AS "должность", {cells}
                        FROM responses r {joins} LEFT JOIN name_d n ON n.spelling = r.c_name)
                   TO '{clean}' (HEADER, DELIMITER ';')""")
