"""What the DuckDB expert peers share: a results export read and cleaned by shnor's rules.

Typed, explicit reads (no sniffing); each column that shnor reads through a dictionary (school,
subject, class, mark, score, and the rare code that is not all digits) is read here ONCE PER
DISTINCT SPELLING in Python (rules.py) and joined back as a small table; rows shnor rejects fall
out of the inner joins. The first record of a code and subject is kept with arg_min over the
row's position (no window over all rows).
"""
import duckdb

from rules import DUCKDB_FAST, DUCKDB_FAST_KEY, ResultInstrument, bind, code_key, csv_header, match_key, read_class, trimmed

# Distinct spellings per column come from one pass over the rows; a dictionary is a two-column table.


def dictionary(db, name, spellings, readings, types):
    """Creates table `name`(spelling, reading columns…) from Python lists (one row per spelling)."""
    columns = ", ".join(f"unnest(?::{kind}[]) AS {column}" for column, kind in types)
    db.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT unnest(?::VARCHAR[]) AS spelling, {columns}",
               [spellings] + [list(values) for values in zip(*readings)] if readings else [spellings] + [[] for _ in types])


def read_results(db, table, path, instrument_path, register, point_of_marks=None, names="codeless"):
    """Table `table`: one row per record shnor keeps (rejections dropped), before de-duplication.

    Columns: line (the row's position), has_code, code_key (the match key), person (as shnor's
    PersonTable keys a person), name_key (normalised ФИО: for every record when names="all", else
    only where the code is missing), school, class, grade, subject, before, after (mark: 2…5, 0 «н/а»,
    −1 none), score_before, score_after (NULL none).
    point_of_marks: 0 or 1 — the point of a file's marks and scores without a stage of their own.
    """
    instrument = ResultInstrument(instrument_path)
    header = csv_header(path)
    positions, columns = bind(header, instrument_path)
    alias = {index: column for column, index in positions.items()}
    names_sql = ", ".join(f"'c_{alias.get(i, i)}': 'VARCHAR'" for i in range(len(header)))
    db.execute(f"""CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_csv(?, header = true, auto_detect = false,
                   delim = ',', quote = '"', escape = '"', columns = {{{names_sql}}})""", [path])
    marks = [(c, 0 if (columns[c].get("stage") or ("pre" if point_of_marks == 0 else "post")) == "pre" else 1)
             for c in positions if columns[c]["role"] == "mark"]
    scores = [(c, 0 if (columns[c].get("stage") or ("pre" if point_of_marks == 0 else "post")) == "pre" else 1)
              for c in positions if columns[c]["role"] == "score"]
    has = lambda c: c in positions  # noqa: E731
    cell = lambda c: f"coalesce(c_{c}, '')" if has(c) else "''"  # noqa: E731
    # One pass: the distinct spellings of every dictionary column.
    name_filter = (" FILTER (WHERE NOT " + DUCKDB_FAST.format("c_name")
                   + (" AND trim(coalesce(c_code, ''), ' ') = '')" if names == "codeless" else ")"))
    lists = [f"list(DISTINCT {cell(c)})" for c in ["school", "subject", "class"] + [c for c, _ in marks + scores]]
    lists.append("list(DISTINCT c_code) FILTER (WHERE NOT regexp_full_match(c_code, '[0-9]+'))" if has("code") else "[]")
    lists.append(f"list(DISTINCT c_name){name_filter}" if has("name") else "[]")
    distinct = [d or [] for d in db.execute(f"SELECT {', '.join(lists)} FROM raw").fetchone()]
    schools, subjects, classes = distinct[:3]
    mark_spellings = set().union(*distinct[3:3 + len(marks)])
    score_spellings = set().union(*distinct[3 + len(marks):3 + len(marks) + len(scores)])
    codes, name_spellings = distinct[-2], distinct[-1]
    dictionary(db, "school_d", schools, [(register.school(s),) for s in schools], [("school", "INTEGER")])
    dictionary(db, "subject_d", subjects, [(instrument.subject(s),) for s in subjects], [("subject", "VARCHAR")])
    read = [read_class(c) for c in classes]
    dictionary(db, "class_d", [c for c, r in zip(classes, read) if r], [r for r in read if r],
               [("class", "VARCHAR"), ("grade", "INTEGER")])
    mark_spellings = sorted(mark_spellings)
    read = [instrument.mark(m) for m in mark_spellings]
    dictionary(db, "mark_d", [m for m, r in zip(mark_spellings, read) if r is not None], [(r,) for r in read if r is not None],
               [("mark", "INTEGER")])
    score_spellings = sorted(score_spellings)
    read = [instrument.score(s) for s in score_spellings]
    dictionary(db, "score_d", [s for s, r in zip(score_spellings, read) if r[0]], [(r[1],) for r in read if r[0]],
               [("score", "DOUBLE")])
    keys = [code_key(c) for c in codes]
    dictionary(db, "code_d", codes, [(k, k if k.isdigit() and len(k) <= 15 else trimmed(c)) for c, k in zip(codes, keys)],
               [("key", "VARCHAR"), ("person", "VARCHAR")])
    dictionary(db, "name_d", name_spellings, [(match_key(trimmed(n)),) for n in name_spellings], [("key", "VARCHAR")])
    point_marks = {0: "-1", 1: "-1"}
    point_scores = {0: "NULL", 1: "NULL"}
    joins = []
    for index, (column, point) in enumerate(marks):
        joins.append(f"JOIN mark_d m{index} ON m{index}.spelling = {cell(column)}")
        point_marks[point] = f"m{index}.mark"
    for index, (column, point) in enumerate(scores):
        joins.append(f"JOIN score_d s{index} ON s{index}.spelling = {cell(column)}")
        point_scores[point] = f"s{index}.score"
    code = "c_code" if has("code") else "NULL"
    name = "c_name" if has("name") else "NULL"
    # ФИО: keyed vectorised where shnor's fast path applies, else through the dictionary; only
    # where the code is missing unless names="all" (linking two files needs them all).
    fast_key = f"CASE WHEN trim(coalesce({name}, ''), ' ') = '' THEN NULL WHEN {DUCKDB_FAST.format(name)} THEN {DUCKDB_FAST_KEY.format(name)} ELSE n.key END"
    name_key = fast_key if names == "all" else f"CASE WHEN trim(coalesce({code}, ''), ' ') = '' THEN {fast_key} END"
    db.execute(f"""CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT r.rowid AS line,
               trim(coalesce({code}, ''), ' ') <> '' AS has_code,
               CASE WHEN trim(coalesce({code}, ''), ' ') = '' THEN NULL WHEN k.key IS NULL THEN {code} ELSE k.key END AS code_key,
               CASE WHEN trim(coalesce({code}, ''), ' ') <> '' THEN coalesce(k.person, {code})
                    ELSE chr(1) || {name_key} || chr(31) || s.school || chr(31) || c.class END AS person,
               {name_key} AS name_key, s.school, c.class, c.grade, j.subject,
               {point_marks[0]} AS before, {point_marks[1]} AS after,
               {point_scores[0]} AS score_before, {point_scores[1]} AS score_after
        FROM raw r
        JOIN school_d s ON s.spelling = {cell('school')} AND s.school IS NOT NULL
        JOIN subject_d j ON j.spelling = {cell('subject')} AND j.subject IS NOT NULL
        JOIN class_d c ON c.spelling = {cell('class')}
        {' '.join(joins)}
        LEFT JOIN code_d k ON k.spelling = {code}
        LEFT JOIN name_d n ON n.spelling = {name} AND NOT {DUCKDB_FAST.format(name)}
        WHERE trim(coalesce({code}, ''), ' ') <> '' OR trim(coalesce({name}, ''), ' ') <> ''""")
    db.execute("DROP TABLE raw")
