"""shnor's figures from its results.json as the lines the peers print (rules.figure), sorted.

    python3 figures.py OUT

OUT/private/results-unsuppressed.json when the run wrote it (every group's figures, for checking
only), else OUT/results.json.

Results (T1, T2): per point and group the mark counts and СОУ (mark_statistics); per group the
compared, improved, unchanged and worsened pairs (paired_change) and students (student_change);
the linkage row. Survey (T3): the satisfied share's numerator and denominator (all and by school),
non-substantive and blank answers; per item the count of each category, of non-substantive and of
blank answers (directions); respondents per school. A row shnor suppressed (a group below the
disclosure threshold) prints as «suppressed» and is not compared.
"""
import json
import sys

from rules import figure, print_figures

import os

unsuppressed = os.path.join(sys.argv[1], "private", "results-unsuppressed.json")
source = unsuppressed if os.path.exists(unsuppressed) else os.path.join(sys.argv[1], "results.json")
results = json.load(open(source, encoding="utf-8"))
tables = {table["id"]: table for table in results["tables"]}
measures = {measure["id"]: measure for measure in results["measures"]}
lines = []


def rows(table_id):
    table = tables.get(table_id)
    return [dict(zip(table["columns"], row)) for row in table["rows"]] if table else []


def values(row, names):
    picked = [row[name] for name in names]
    return ["suppressed"] if any(value is None for value in picked) else picked


if "mark_statistics" in tables:
    for row in rows("mark_statistics"):
        picked = values(row, ["n", "n5", "n4", "n3", "n2", "not_assessed"])
        level = row["learning_level"]
        lines.append(figure("marks", f"{row['by']}:{row['group']}:{row['point']}",
                            picked + ([] if picked == ["suppressed"] else [f"{level:.4f}"])))
    for row in rows("paired_change"):
        lines.append(figure("pairs", f"{row['by']}:{row['group']}", values(row, ["compared", "improved", "unchanged", "worsened"])))
    for row in rows("student_change"):
        lines.append(figure("students", f"{row['population']}:{row['by']}:{row['group']}",
                            values(row, ["compared", "improved", "unchanged", "worsened"])))
    for row in rows("linkage"):
        lines.append(figure("linkage", row["who"], values(row, ["linked_by_code", "linked_by_name", "unmatched_pre",
                                                                 "unmatched_post", "not_comparable", "ambiguous_names"])))
else:
    satisfied = measures["satisfied_teachers"]
    lines.append(figure("satisfied", "all", [satisfied["numerator"], satisfied["denominator"],
                                             satisfied["non_substantive"], satisfied["blank"]]))
    for group in satisfied.get("groups", []):
        by = ":".join(f"{k}={v}" for k, v in group["by"].items())
        lines.append(figure("satisfied", by, ["suppressed"] if group.get("suppressed") or group.get("numerator") is None
                            else [group["numerator"], group["denominator"]]))
    table = tables["directions"]
    for row in table["rows"]:
        lines.append(figure("item", row[0], ["suppressed"] if any(v is None for v in row[1:8]) else row[1:8]))
    for row in rows("schools"):
        lines.append(figure("respondents", row["school"], values(row, ["respondents"])))
print_figures(lines)
