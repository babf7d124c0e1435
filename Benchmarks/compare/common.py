"""What every peer script shares: shnor's match key and the school register's spellings."""
import re

import yaml


def key(text):
    """shnor's MatchKey: lower case, ё→е, parentheses dropped, other non-alphanumerics → one space."""
    text = str(text).lower().replace("ё", "е").replace("(", "").replace(")", "")
    return " ".join(re.sub(r"[^0-9a-zа-я]+", " ", text).split())


def spellings(register_path):
    """Match key of every spelling of every school → the school's position in the register."""
    register = yaml.safe_load(open(register_path, encoding="utf-8"))
    return {key(spelling): position for position, school in enumerate(register["schools"])
            for spelling in [school["name"], school.get("short", school["name"])] + school.get("aliases", [])}


NOT_ASSESSED = {"н а", "на", "не аттестован", "неаттестован"}
BLANK = {"", "х", "x", "нет отметки", "нет", "отсутствовал", "отс"}


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


def subject(text):
    return "Математика" if key(text).startswith("матем") else "Русский язык"
