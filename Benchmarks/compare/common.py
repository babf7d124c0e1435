"""What the first peer scripts (duckdb_tN.py, polars_tN.py, pandas_tN.py: run.sh --beginners) share:
shnor's match key, the register's spellings, the instruments' readings of subjects, marks and
answers, and the same key as DuckDB SQL and as a Polars expression. The expert peers use rules.py."""
import os
import re

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS_INSTRUMENT = os.path.join(HERE, "..", "..", "Surveys", "student-results.yaml")
T3_INSTRUMENT = os.path.join(HERE, "t3-instrument.yaml")


def key(text):
    """shnor's MatchKey: lower case, ё→е, parentheses dropped, other non-alphanumerics → one space."""
    text = str(text).lower().replace("ё", "е").replace("(", "").replace(")", "")
    return " ".join(re.sub(r"[^0-9a-zа-я]+", " ", text).split())


# `key` as a DuckDB SQL expression on a string ({0}: the column or expression).
DUCKDB_KEY = "trim(regexp_replace(replace(replace(replace(lower({0}), 'ё', 'е'), '(', ''), ')', ''), '[^0-9a-zа-я]+', ' ', 'g'))"


def polars_key(expression):
    """`key` as a Polars expression on a string column (a null reads as the empty string)."""
    return (expression.fill_null("").str.to_lowercase().str.replace_all("ё", "е").str.replace_all(r"[()]", "")
            .str.replace_all(r"[^0-9a-zа-я]+", " ").str.strip_chars())


def spellings(register_path):
    """Match key of every spelling of every school → the school's position in the register."""
    register = yaml.safe_load(open(register_path, encoding="utf-8"))
    return {key(spelling): position for position, school in enumerate(register["schools"])
            for spelling in [school["name"], school.get("short", school["name"])] + school.get("aliases", [])}


def programme(register_path):
    """Positions of the programme schools in the register."""
    register = yaml.safe_load(open(register_path, encoding="utf-8"))
    return {position for position, school in enumerate(register["schools"]) if school.get("programme")}


def subjects(instrument_path=RESULTS_INSTRUMENT):
    """Match key of every label and synonym of the instrument's subjects → the subject's label."""
    scale = yaml.safe_load(open(instrument_path, encoding="utf-8"))["scales"]["subjects"]
    return {key(spelling): category["label"] for category in scale["categories"]
            for spelling in [category["label"]] + category.get("synonyms", [])}


def readings(instrument_path=T3_INSTRUMENT, scale_id="satisfaction"):
    """Match key of every label and synonym of a scale → the category's position, −1 for non-substantive."""
    scale = yaml.safe_load(open(instrument_path, encoding="utf-8"))["scales"][scale_id]
    positions = {}
    for position, category in enumerate(scale["categories"]):
        for spelling in [category["label"]] + category.get("synonyms", []):
            positions[key(spelling)] = position
    for category in scale.get("non_substantive", []):
        for spelling in [category["label"]] + category.get("synonyms", []):
            positions[key(spelling)] = -1
    return positions


NOT_ASSESSED = {"н а", "на", "не аттестован", "неаттестован"}
BLANK = {"", "х", "x", "нет отметки", "нет", "отсутствовал", "отс"}
OFF_SCALE = -1
# СОУ weights of the marks 5, 4, 3, 2 and of «н/а» (0).
SOU_WEIGHTS = {5: 100, 4: 64, 3: 36, 2: 16, 0: 7}


def mark(text):
    """2…5, 0 for «н/а», None for no value; a mark off the scale is an error (the row is rejected)."""
    text = "" if text is None else str(text).strip()
    if text in ("2", "3", "4", "5"):
        return int(text)
    folded = key(text)
    if folded in NOT_ASSESSED:
        return 0
    if folded in BLANK:
        return None
    raise ValueError(text)


def mark_or_off(text):
    """`mark`, but OFF_SCALE (−1) for a mark off the scale instead of an error."""
    try:
        return mark(text)
    except ValueError:
        return OFF_SCALE


def polars_mark(expression):
    """`mark` as a Polars expression: 2…5, 0 for «н/а», null for no value (and for a mark off the scale)."""
    import polars as pl
    text = expression.fill_null("").str.strip_chars()
    return (pl.when(text.is_in(["2", "3", "4", "5"])).then(text.cast(pl.Int64, strict=False))
            .when(polars_key(expression).is_in(sorted(NOT_ASSESSED))).then(0))


def polars_mark_ok(expression):
    """False for a mark off the scale (shnor rejects the row), as a Polars expression."""
    text = expression.fill_null("").str.strip_chars()
    return text.is_in(["2", "3", "4", "5"]) | polars_key(expression).is_in(sorted(NOT_ASSESSED | BLANK))


def subject(text):
    """T1's reading of a subject: anything starting «матем» is mathematics, the rest Russian."""
    return "Математика" if key(text).startswith("матем") else "Русский язык"


def each_distinct(series, function):
    """A pandas Series with `function` applied once per distinct value (exports repeat a few spellings)."""
    return series.map({value: function(value) for value in series.unique()})
