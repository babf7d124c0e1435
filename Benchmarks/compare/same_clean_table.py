"""Whether two clean tables hold the same rows, whatever their order and pseudonym function.

    python3 same_clean_table.py SHNOR.csv PEER.csv

The first column is a pseudonym: shnor's comes from a secret of its own, a peer's from another
function, so the tables are compared as the multiset of each person's rows (every column but the
pseudonym): the same people with the same rows. A BOM and CRLF line ends are not content.
Exits with status 1 and says how they differ.

shnor's clean table is depersonalised after the analysis (DESIGN.md §6, ResultCleanPooling): a
school or class that a published breakdown hides, or that holds fewer than k people of its kind,
is written as «другие школы» / «другие классы». The peers apply no disclosure control, so their
rows are pooled the same way first: a school the shnor table never names is «другие школы» where
shnor has that group, and likewise a class within its school. Every other cell must match.
"""
import collections
import sys


OTHER_SCHOOLS, OTHER_CLASSES = "другие школы", "другие классы"


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as file:
        rows = [line.rstrip("\r\n").split(";") for line in file]
    return rows[0], rows[1:]


def pooled_like(reference, header, body):
    """`body` with the schools and classes `reference` (shnor's rows) pooled, pooled the same way."""
    if "школа" not in header:
        return body
    school = header.index("школа")
    klass = header.index("класс") if "класс" in header else None
    schools = {row[school] for row in reference}
    classes = collections.defaultdict(set)
    if klass is not None:
        for row in reference:
            classes[row[school]].add(row[klass])
    pooled = []
    for row in body:
        row = list(row)
        if row[school] not in schools and OTHER_SCHOOLS in schools:
            row[school] = OTHER_SCHOOLS
        if klass is not None and row[klass] not in classes[row[school]] and OTHER_CLASSES in classes[row[school]]:
            row[klass] = OTHER_CLASSES
        pooled.append(row)
    return pooled


def people(header, body):
    persons = collections.defaultdict(list)
    for row in body:
        persons[row[0]].append(tuple(row[1:]))
    return header, len(body), collections.Counter(tuple(sorted(group)) for group in persons.values())


(h1, b1), (h2, b2) = read(sys.argv[1]), read(sys.argv[2])
(h1, n1, p1), (h2, n2, p2) = people(h1, b1), people(h2, pooled_like(b1, h1, b2))
if h1 != h2 or n1 != n2 or p1 != p2:
    print(f"clean tables differ: {sys.argv[1]} ({n1} rows, {len(p1)} kinds of person) vs {sys.argv[2]} ({n2} rows, {len(p2)})")
    for group in list((p1 - p2).keys())[:3]:
        print("  only in the first:", group)
    for group in list((p2 - p1).keys())[:3]:
        print("  only in the second:", group)
    sys.exit(1)
print(f"clean tables: the same {n1} rows, the same people ({sys.argv[2]})")
