"""What the Polars expert peers share: a results export read and cleaned by shnor's rules.

One typed read of the columns the instrument names (all as strings: marks hold «н/а»); each column
shnor reads through a dictionary (school, subject, class, mark, score, the rare code that is not all
digits, ФИО) is read ONCE PER DISTINCT SPELLING in Python (rules.py) and mapped back with
`replace_strict` (a join with a small table); rows shnor rejects are filtered out. The rest of the
plan is lazy. The first record of a code and subject is kept by `unique(keep="first")`.
"""
import polars as pl

from rules import ResultInstrument, polars_fast, polars_fast_key, bind, code_key, csv_header, match_key, read_class, trimmed


def mapped(column, spellings, readings, dtype):
    """`column` (nulls read as '') through a dictionary spelling → reading; null where it has none."""
    return pl.col(column).fill_null("").replace_strict(spellings, readings, default=None, return_dtype=dtype)


def read_results(path, instrument_path, register, point_of_marks=None, names="codeless"):
    """A LazyFrame: one row per record shnor keeps (rejections dropped), before de-duplication.

    Columns as duckdb_expert.read_results: line, has_code, code_key, person, name_key, school,
    class, grade, subject, before, after (2…5, 0 «н/а», −1 none), score_before, score_after.
    """
    instrument = ResultInstrument(instrument_path)
    header = csv_header(path)
    positions, columns = bind(header, instrument_path)
    used = sorted(positions.items(), key=lambda item: item[1])
    frame = pl.read_csv(path, infer_schema=False, columns=[index for _, index in used])
    frame = frame.rename(dict(zip(frame.columns, [f"c_{column}" for column, _ in used]))).with_row_index("line")
    has = lambda c: c in positions  # noqa: E731

    def point(column):
        return 0 if (columns[column].get("stage") or ("pre" if point_of_marks == 0 else "post")) == "pre" else 1

    marks = [(c, point(c)) for c in positions if columns[c]["role"] == "mark"]
    scores = [(c, point(c)) for c in positions if columns[c]["role"] == "score"]
    for column in ("code", "name", "class"):
        if not has(column):
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(f"c_{column}"))
    code_blank = pl.col("c_code").fill_null("").str.strip_chars(" ") == ""
    digits = pl.col("c_code").str.contains(r"^[0-9]+$")
    # One pass: the distinct spellings of every dictionary column.
    dictionary_columns = ["school", "subject", "class"] + [c for c, _ in marks + scores]
    distinct = frame.select(
        *[pl.col(f"c_{c}").fill_null("").unique().implode().alias(c) for c in dictionary_columns],
        pl.col("c_code").filter(~digits).unique().drop_nulls().implode().alias("codes"),
        pl.col("c_name").filter((code_blank if names == "codeless" else pl.lit(True)) & ~polars_fast(pl.col("c_name")))
        .unique().drop_nulls()
        .implode().alias("names")).row(0, named=True)
    schools, subjects, classes = distinct["school"], distinct["subject"], distinct["class"]
    class_read = {c: read_class(c) for c in classes}
    valid_classes = [c for c in classes if class_read[c]]
    mark_spellings = sorted(set().union(*[distinct[c] for c, _ in marks]))
    mark_read = {m: instrument.mark(m) for m in mark_spellings}
    score_spellings = sorted(set().union(*[distinct[c] for c, _ in scores]))
    score_read = {s: instrument.score(s) for s in score_spellings}
    codes = distinct["codes"]
    code_keys = [code_key(c) for c in codes]
    people = [k if k.isdigit() and len(k) <= 15 else trimmed(c) for c, k in zip(codes, code_keys)]
    name_spellings = distinct["names"]
    point_marks = {0: pl.lit(-1, pl.Int32), 1: pl.lit(-1, pl.Int32)}
    point_scores = {0: pl.lit(None, pl.Float64), 1: pl.lit(None, pl.Float64)}
    valid_marks = [m for m in mark_spellings if mark_read[m] is not None]
    valid_scores = [s for s in score_spellings if score_read[s][0]]
    for column, at in marks:
        point_marks[at] = mapped(f"c_{column}", valid_marks, [mark_read[m] for m in valid_marks], pl.Int32)
    for column, at in scores:
        point_scores[at] = mapped(f"c_{column}", valid_scores, [score_read[s][1] for s in valid_scores], pl.Float64)
    frame = frame.lazy().with_columns(
        school=mapped("c_school", schools, [register.school(s) for s in schools], pl.Int32),
        subject=mapped("c_subject", subjects, [instrument.subject(s) for s in subjects], pl.String),
        **{"class": mapped("c_class", valid_classes, [class_read[c][0] for c in valid_classes], pl.String)},
        grade=mapped("c_class", valid_classes, [class_read[c][1] for c in valid_classes], pl.Int32),
        before=point_marks[0], after=point_marks[1], score_before=point_scores[0], score_after=point_scores[1],
        score_ok=pl.all_horizontal(*[pl.col(f"c_{c}").fill_null("").is_in(valid_scores) for c, _ in scores], pl.lit(True)),
        has_code=~code_blank,
        name_key=pl.when((pl.lit(names == "all") | code_blank)
                         & (pl.col("c_name").fill_null("").str.strip_chars(" ") != "")).then(
            pl.when(polars_fast(pl.col("c_name"))).then(polars_fast_key(pl.col("c_name"))).otherwise(
                pl.col("c_name").replace_strict(name_spellings, [match_key(trimmed(n)) for n in name_spellings],
                                                default=None, return_dtype=pl.String))))
    code_keyed = pl.when(digits).then(pl.col("c_code")).otherwise(
        pl.col("c_code").replace_strict(codes, code_keys, default=None, return_dtype=pl.String))
    person_of_code = pl.when(digits).then(pl.col("c_code")).otherwise(
        pl.col("c_code").replace_strict(codes, people, default=None, return_dtype=pl.String))
    return (frame.filter(pl.col("school").is_not_null() & pl.col("subject").is_not_null() & pl.col("class").is_not_null()
                         & pl.col("before").is_not_null() & pl.col("after").is_not_null() & pl.col("score_ok")
                         & (pl.col("has_code") | (pl.col("c_name").fill_null("").str.strip_chars(" ") != "")))
            .with_columns(code_key=pl.when(pl.col("has_code")).then(code_keyed),
                          person=pl.when(pl.col("has_code")).then(person_of_code).otherwise(
                              pl.concat_str(pl.lit("\x01"), pl.col("name_key"), pl.lit("\x1f"), pl.col("school").cast(pl.String),
                                            pl.lit("\x1f"), pl.col("class"))))
            .select("line", "has_code", "code_key", "person", "name_key", "school", "class", "grade", "subject",
                    "before", "after", "score_before", "score_after"))


def result_identity():
    """The identity shnor's clean table hashes for a results record: its code, else ФИО and school."""
    return (pl.when(pl.col("code_key").is_not_null()).then(pl.concat_str(pl.lit("code:"), pl.col("code_key")))
            .otherwise(pl.concat_str(pl.lit("name:"), pl.col("name_key"), pl.lit("|"), pl.col("school").cast(pl.String)))
            + pl.lit("|ученик"))


def with_pseudonyms(frame, identity, column):
    """`frame` (lazy) with `column`: the pseudonym of `identity`, hashed once per distinct identity."""
    from rules import pseudonym
    frame = frame.with_columns(identity.alias("identity"))
    identities = frame.select(pl.col("identity").unique()).collect().to_series().to_list()
    pseudonyms = pl.DataFrame({"identity": identities, column: [pseudonym(i) for i in identities]})
    return frame.join(pseudonyms.lazy(), on="identity", how="left")
