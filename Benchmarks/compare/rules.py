"""shnor's reading rules in Python, for the expert peers (duckdb_expert_*.py, polars_expert_*.py).

Each function here reads ONE spelling: the peers call it once per distinct spelling of a column
(a school, a subject, a class, a mark — a few dozen per export) and join the small dictionary
back to the rows, as an analyst who knows DuckDB or Polars would. The rules are ported line by
line from Sources/Clean (MatchKey, ResultCleaner, ResponseCleaner, Scale, SchoolRegister,
Timestamp); where shnor rejects a row, the reading here is None and the peer drops the row.

Also here: the figure lines every tool prints (`figure`), which run.sh compares with the lines
figures.py reads from shnor's results.json, and the clean table's layout and pseudonym.
"""
import hashlib
import os
import re
import sys
import unicodedata

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
REGISTER = os.path.join(ROOT, "Surveys", "schools.yaml")

# --- MatchKey (Sources/Clean/Text/MatchKey.swift) -------------------------------------------

_TWINS = dict(zip("aeopcxykmthbAEKMHOPCTXY", "аеорсхукмтньАЕКМНОРСТХУ"))
_TWINS["B"] = "В"
_LETTER_OR_MARK = {"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No", "Mn", "Mc", "Me"}


def _is_word_scalar(c):
    o = ord(c)
    if 0x30 <= o <= 0x39 or 0x41 <= o <= 0x5A or 0x61 <= o <= 0x7A or o in (0x28, 0x29):
        return True
    if 0x0400 <= o <= 0x0481 or 0x0483 <= o <= 0x04FF:
        return True
    if o <= 0x7F:
        return False
    return unicodedata.category(c) in _LETTER_OR_MARK


def _fold(word):
    cyrillic = latin = False
    for c in word:
        if 0x0400 <= ord(c) <= 0x04FF:
            cyrillic = True
        elif c.isascii() and c.isalpha():
            if c not in _TWINS:
                return word
            latin = True
    if not (cyrillic and latin):
        return word
    return [_TWINS.get(c, c) for c in word]


def match_key(text):
    """shnor's MatchKey: NFKC (but «№» a separator), format characters and combining accents
    dropped, Latin look-alikes inside Cyrillic words read as Cyrillic, lower case, ё → е,
    parentheses dropped without a gap, every other non-letter/digit one space, trimmed."""
    text = "" if text is None else str(text)
    text = "".join(c for c in text if ord(c) < 0xAD or unicodedata.category(c) != "Cf")
    if any(ord(c) >= 0xA0 and not 0x0400 <= ord(c) <= 0x04FF for c in text):
        text = unicodedata.normalize("NFKC", text.replace("\u2116", " "))
    scalars = [c for c in text if not 0x0300 <= ord(c) <= 0x036F]
    folded, word = [], []
    for c in scalars:
        if _is_word_scalar(c):
            word.append(c)
        else:
            folded += _fold(word)
            folded.append(c)
            word = []
    folded += _fold(word)
    key, pending = [], False
    for c in "".join(folded).lower():
        if c in "()":
            continue
        if c == "ё":
            c = "е"
        if c.isalpha() or c.isnumeric():
            if pending and key:
                key.append(" ")
            pending = False
            key.append(c)
        else:
            pending = True
    return "".join(key)


def trimmed(text):
    """A cell without surrounding spaces (U+0020 only, as shnor trims), '' for a missing cell."""
    return "" if text is None else str(text).strip(" ")


def code_key(text):
    """How shnor compares codes (CodeWord / PointLink): the match key; a code of digits is itself."""
    return match_key(trimmed(text))


# --- The register and the instruments -------------------------------------------------------


def load_yaml(path):
    with open(path, encoding="utf-8") as file:
        return yaml.safe_load(file)


class Register:
    """Surveys/schools.yaml: spellings (match keys) → position; short names; the programme."""

    def __init__(self, path=REGISTER):
        schools = load_yaml(path)["schools"]
        self.positions = {}
        for position, school in enumerate(schools):
            for spelling in [school["name"], school.get("short", school["name"])] + school.get("aliases", []):
                self.positions[match_key(spelling)] = position
        self.short = [school.get("short", school["name"]) for school in schools]
        self.name = [school["name"] for school in schools]
        self.ids = [school["id"] for school in schools]
        self.programme = [bool(school.get("programme", False)) for school in schools]
        self.partner = [bool(school.get("partner", False)) for school in schools]

    def school(self, cell):
        """The school's position; None when the cell is blank or the register does not know it (rejected)."""
        if trimmed(cell) == "":
            return None
        return self.positions.get(match_key(trimmed(cell)))


class ScaleLookup:
    """A scale's spellings (label and synonyms, as match keys) → category index; −1 non-substantive."""

    def __init__(self, scale):
        self.labels = [c if isinstance(c, str) else c["label"] for c in scale["categories"]]
        self.readings = {}
        for index, category in enumerate(scale["categories"]):
            for spelling in self._spellings(category):
                if match_key(spelling):
                    self.readings[match_key(spelling)] = index
        for category in scale.get("non_substantive", []):
            for spelling in self._spellings(category):
                if match_key(spelling):
                    self.readings[match_key(spelling)] = -1
        self.non_substantive = [c if isinstance(c, str) else c["label"] for c in scale.get("non_substantive", [])]

    @staticmethod
    def _spellings(category):
        return [category] if isinstance(category, str) else [category["label"]] + category.get("synonyms", [])

    BLANK = "blank"
    UNKNOWN = "unknown"

    def read(self, cell):
        """A category index, −1 for non-substantive, BLANK or UNKNOWN (Scale.Lookup.read)."""
        key = match_key(cell)
        if not key:
            return self.BLANK
        return self.readings.get(key, self.UNKNOWN)


class ResultInstrument:
    """A results instrument (Surveys/student-results*.yaml): subjects, blank and «н/а» spellings."""

    STANDARD_BLANK = ["Х", "X", "-", "—", "нет отметки", "нет", "отсутствовал", "отс"]
    STANDARD_NOT_ASSESSED = ["н/а", "на", "не аттестован", "неаттестован", "не аттест"]

    def __init__(self, path):
        instrument = load_yaml(path)
        self.subjects = ScaleLookup(instrument["scales"]["subjects"])
        values = instrument.get("values", {}) or {}
        self.blank = {match_key(s) for s in values.get("blank", self.STANDARD_BLANK)}
        self.not_assessed = {match_key(s) for s in values.get("not_assessed", self.STANDARD_NOT_ASSESSED)}

    def subject(self, cell):
        """The subject's label; None (rejected) for a blank or a subject the scale does not know."""
        if trimmed(cell) == "":
            return None
        reading = self.subjects.read(trimmed(cell))
        return self.subjects.labels[reading] if isinstance(reading, int) and reading >= 0 else None

    # A mark: 2…5, 0 for «н/а», −1 for no value; None: off the scale, the row is rejected.
    def mark(self, cell):
        cell = "" if cell is None else str(cell)
        digits = cell.strip(" ")
        if len(digits) == 1 and digits in "2345":
            return int(digits)
        key = match_key(cell)
        if not key or key in self.blank:
            return -1
        if key in self.not_assessed:
            return 0
        return None

    _NUMBER = re.compile(r" *(-?)([0-9]+)(?:[.,]([0-9]+))? *")

    def score(self, cell):
        """A score as (ok, value): value None for no value; ok False: not a number, the row is rejected."""
        cell = "" if cell is None else str(cell)
        found = self._NUMBER.fullmatch(cell)
        if found and len(found.group(2)) + len(found.group(3) or "") <= 15:
            value = float(found.group(2) + "." + (found.group(3) or "0"))
            return True, -value if found.group(1) else value
        key = match_key(cell)
        if not key or key in self.blank or key in self.not_assessed:
            return True, None
        return False, None


_CLASS_SEPARATORS = set(" \u00a0\t-\u2010\u2011\u2013\u2014.«»\"'\u201c\u201d\u201e")
_LATIN_CLASS = dict(zip("ABEKMHOPCTXY", "АВЕКМНОРСТХУ"))


def read_class(cell):
    """«5 а», «5-А», «11Б» → ("5А", 5); ("", None) for a blank cell; None for anything else (rejected)."""
    text = trimmed(cell)
    if text == "":
        return "", None
    index = 0
    while index < len(text) and "0" <= text[index] <= "9":
        index += 1
    digits = text[:index]
    if not 1 <= len(digits) <= 2 or digits.startswith("0") or not 1 <= int(digits) <= 11:
        return None
    letter = None
    for c in text[index:]:
        if c in _CLASS_SEPARATORS:
            continue
        if letter is not None:
            return None
        o = ord(c)
        if c in "Ёё":
            letter = "Е"
        elif 0x0410 <= o <= 0x042F:
            letter = c
        elif 0x0430 <= o <= 0x044F:
            letter = chr(o - 0x20)
        else:
            upper = c.upper()
            if len(upper) != 1 or upper not in _LATIN_CLASS:
                return None
            letter = _LATIN_CLASS[upper]
    return digits + (letter or ""), int(digits)


def timestamp_ok(cell):
    """shnor's Timestamp: blank, or a date d.m.y / y-m-d (day valid, year ≥ 1900) with an optional
    time h:mm[:ss] [AM|PM] [GMT|UTC] [Z] [±hh[:mm]]; False rejects the row."""
    text = trimmed(cell)
    if text == "":
        return True
    i = 0

    def number(most):
        nonlocal i
        start = i
        while i < len(text) and i - start < most and "0" <= text[i] <= "9":
            i += 1
        return int(text[start:i]) if i > start else None

    def skip(chars):
        nonlocal i
        if i < len(text) and text[i] in chars:
            i += 1
            return True
        return False

    first = number(4)
    if first is None or not skip("./-"):
        return False
    middle = number(2)
    if middle is None or not skip("./-"):
        return False
    third = number(4)
    if third is None:
        return False
    year, month, day = (first, middle, third) if first > 31 else (third, middle, first)
    leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
    days = 29 if month == 2 and leap else 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
    if not 1 <= month <= 12 or not 1 <= day <= days or year < 1900:
        return False
    if skip(" T"):
        while skip(" "):
            pass
        hour = number(2)
        if hour is None or not skip(":"):
            return False
        minute = number(2)
        if minute is None:
            return False
        second = 0
        if skip(":"):
            second = number(2) or 0
        rest = text[i:].upper().strip(" ")
        if rest.startswith("PM") or rest.startswith("AM"):
            if not 1 <= hour <= 12:
                return False
            hour = hour % 12 + (12 if rest.startswith("PM") else 0)
            rest = rest[2:].strip(" ")
        if rest.startswith("GMT") or rest.startswith("UTC"):
            rest = rest[3:].strip(" ")
        if rest.startswith("Z"):
            rest = rest[1:].strip(" ")
        if rest[:1] in ("+", "-"):
            parts = [part for part in rest[1:].split(":") if part]
            if not parts or not re.fullmatch(r"[+-]?[0-9]+", parts[0]):
                return False
            rest = ""
        return rest == "" and hour < 24 and minute < 60 and second < 61
    return i == len(text)


# --- Figures: the lines every tool prints and run.sh compares ------------------------------


def figure(kind, key, values):
    """One figure line: «kind key | values» (values: ints or pre-formatted strings)."""
    return f"{kind} {key} | " + " ".join(str(v) for v in values)


def learning_level(n5, n4, n3, n2, na):
    """СОУ (a percentage): marks weighted 100, 64, 36, 16 and «н/а» 7, over N."""
    n = n5 + n4 + n3 + n2 + na
    return f"{(100 * n5 + 64 * n4 + 36 * n3 + 16 * n2 + 7 * na) / n:.4f}" if n else "-"


def print_figures(lines):
    """Prints the figure lines sorted (the order of groups is not a figure)."""
    sys.stdout.write("".join(line + "\n" for line in sorted(lines)))


# --- The clean table ------------------------------------------------------------------------

# The peers cannot know shnor's pseudonym secret (it lives in the output folder); they use a
# secret of their own and the nearest function each tool has: DuckDB's sha256(secret ‖ identity),
# Python's hashlib for Polars — 96 bits in hex, like shnor's «R-» + 24 hex digits.
PEER_SECRET = "peer-benchmark-secret:"


def pseudonym(identity):
    return "R-" + hashlib.sha256((PEER_SECRET + identity).encode()).hexdigest()[:24]


RESULT_CLEAN_HEADER = ["лицо", "кто", "этап", "школа", "класс", "предмет", "отметка", "балл"]


def clean_score(value):
    """A score as shnor's clean table writes it: an integer plainly, else with a decimal comma."""
    if value is None:
        return ""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value).replace(".", ",")


def clean_mark(mark):
    return "" if mark is None or mark < 0 else "н/а" if mark == 0 else str(mark)


def argument(flag, default=None):
    """The value after `flag` in sys.argv (removed from it), or `default`."""
    if flag in sys.argv:
        index = sys.argv.index(flag)
        value = sys.argv[index + 1]
        del sys.argv[index:index + 2]
        return value
    return default


def bind(header, instrument_path):
    """Column id → position in `header` by the instrument's header patterns (exact, any_of, prefix;
    compared as match keys), and the instrument's columns by id."""
    columns = load_yaml(instrument_path)["columns"]
    keys = [match_key(name) for name in header]
    positions = {}
    for column in columns:
        pattern = column.get("header", column.get("label", column["id"]))
        if isinstance(pattern, str):
            pattern = {"any_of": [pattern]}
        for index, key in enumerate(keys):
            if "any_of" in pattern and key in {match_key(p) for p in pattern["any_of"]}:
                positions.setdefault(column["id"], index)
            elif "prefix" in pattern and key.startswith(match_key(pattern["prefix"])):
                positions.setdefault(column["id"], index)
    return positions, {column["id"]: column for column in columns}


def csv_header(path):
    import csv
    with open(path, encoding="utf-8-sig", newline="") as file:
        return next(csv.reader(file))


# The match key without the Unicode tables, as shnor's own fast path: for text of ASCII and
# basic Cyrillic with no word mixing Latin and Cyrillic letters (nearly every name). A column of
# all-different values (ФИО) is keyed this way, vectorised; the rest goes through match_key.
FAST_TEXT = r"^[\x01-\x7FА-яЁё]*$"
MIXED_WORD = r"[A-Za-z][0-9()]*[А-яЁё]|[А-яЁё][0-9()]*[A-Za-z]"
DUCKDB_FAST_KEY = ("trim(regexp_replace(replace(replace(replace(lower({0}), 'ё', 'е'), '(', ''), ')', ''), "
                   "'[^0-9a-zа-я]+', ' ', 'g'), ' ')")
DUCKDB_FAST = "(regexp_full_match({0}, '[\\x01-\\x7FА-яЁё]*') AND NOT regexp_matches({0}, '" + MIXED_WORD + "'))"


def polars_fast_key(expression):
    return (expression.str.to_lowercase().str.replace_all("ё", "е", literal=True).str.replace_all(r"[()]", "")
            .str.replace_all(r"[^0-9a-zа-я]+", " ").str.strip_chars(" "))


def polars_fast(expression):
    return expression.str.contains(FAST_TEXT) & ~expression.str.contains(MIXED_WORD)


class Survey:
    """The T3 questionnaire's columns (t3-instrument.yaml bound to a file's header) and its scale.

    items: (file column, label as shnor's tables print it) — the overall question, then every
    grid row («Методическая помощь по направлениям: Направление 1»).
    """

    def __init__(self, path, instrument_path=os.path.join(HERE, "t3-instrument.yaml")):
        instrument = load_yaml(instrument_path)
        self.header = csv_header(path)
        keys = [match_key(name) for name in self.header]

        def find(column):
            pattern = column["header"]
            if "any_of" in pattern:
                wanted = {match_key(p) for p in pattern["any_of"]}
                return [i for i, key in enumerate(keys) if key in wanted]
            return [i for i, key in enumerate(keys) if key.startswith(match_key(pattern["prefix"]))]

        self.items = []
        for column in instrument["columns"]:
            found = find(column)
            if column["role"] == "timestamp":
                self.timestamp = found[0] if found else None
            elif column["role"] == "respondent":
                self.respondent = found[0]
            elif column["role"] == "school":
                self.school = found[0]
            elif column["role"] == "item":
                self.items.append((found[0], column["label"]))
            elif column["role"] == "grid":
                for index in found:
                    row = re.search(r"\[(.*)\]\s*$", self.header[index])
                    self.items.append((index, f"{column['label']}: {row.group(1) if row else self.header[index]}"))
        self.scale = ScaleLookup(instrument["scales"]["satisfaction"])

    BLANK, UNKNOWN = -2, -3

    def aliases(self):
        """Short names for the columns a peer reads — file column → c_name, c_school, c_ts, a0…aN —
        and the answers' names a0…aN in the order of `items`."""
        names = {self.respondent: "c_name", self.school: "c_school"}
        if self.timestamp is not None:
            names[self.timestamp] = "c_ts"
        items = [f"a{number}" for number in range(len(self.items))]
        names.update({index: item for (index, _), item in zip(self.items, items)})
        return names, items

    def reading(self, cell):
        """0…3 a category, −1 non-substantive, −2 blank, −3 off the scale (the cell is not counted)."""
        reading = self.scale.read(cell)
        return self.BLANK if reading == ScaleLookup.BLANK else self.UNKNOWN if reading == ScaleLookup.UNKNOWN else reading

    def label(self, reading):
        """The clean table's cell for a reading."""
        if reading >= 0:
            return self.scale.labels[reading]
        return self.scale.non_substantive[0] if reading == -1 and self.scale.non_substantive else ""


def survey_figures(survey, register, counts, respondents):
    """The T3 figure lines from counts[(item index, reading, school)] and respondents[school]."""
    lines = []
    categories = len(survey.scale.labels)
    for index, (_, label) in enumerate(survey.items):
        per = [sum(n for (i, r, _), n in counts.items() if i == index and r == reading) for reading in range(categories)]
        other = [sum(n for (i, r, _), n in counts.items() if i == index and r == reading) for reading in (-1, -2)]
        lines.append(figure("item", label, [sum(per), *per, *other]))
    programme = [school for school, p in enumerate(register.programme) if p]

    def satisfied(schools):
        overall = {r: sum(n for (i, rr, s), n in counts.items() if i == 0 and rr == r and s in schools) for r in range(-3, categories)}
        return sum(overall[r] for r in range(categories - 2, categories)), sum(overall[r] for r in range(categories)), overall
    top, substantive, overall = satisfied(programme)
    lines.append(figure("satisfied", "all", [top, substantive, overall[-1], overall[-2]]))
    for school in programme:
        top, substantive, _ = satisfied([school])
        if respondents.get(school):
            lines.append(figure("satisfied", f"school={register.short[school]}", [top, substantive]))
    for school, n in respondents.items():
        if n:
            lines.append(figure("respondents", register.name[school], [n]))
    return lines


def programme_label(register, school):
    """The clean table's «программа» cell."""
    return "ШНОР" if register.programme[school] else "партнёр" if register.partner[school] else ""


def sql_list(strings):
    """A DuckDB list literal of strings: ['a', 'b'] (quotes doubled)."""
    return "[" + ", ".join("'" + str(s).replace("'", "''") + "'" for s in strings) + "]"


# The identity shnor's clean table hashes for a results record (code, else ФИО and school), as
# DuckDB SQL over a record table's columns, and the pseudonym DuckDB makes of an identity.
DUCKDB_RESULT_IDENTITY = ("CASE WHEN code_key IS NOT NULL THEN 'code:' || code_key "
                          "ELSE 'name:' || name_key || '|' || school END || '|ученик'")


def duckdb_pseudonym(identity_sql):
    return f"'R-' || left(sha256('{PEER_SECRET}' || {identity_sql}), 24)"
