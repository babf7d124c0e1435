"""Whether two clean tables hold the same rows, whatever their order and pseudonym function.

    python3 same_clean_table.py SHNOR.csv PEER.csv

The first column is a pseudonym: shnor's comes from a secret of its own, a peer's from another
function, so the tables are compared as the multiset of each person's rows (every column but the
pseudonym): the same people with the same rows. A BOM and CRLF line ends are not content.
Exits with status 1 and says how they differ.
"""
import collections
import sys


def people(path):
    with open(path, encoding="utf-8-sig", newline="") as file:
        rows = [line.rstrip("\r\n").split(";") for line in file]
    header, body = rows[0], rows[1:]
    persons = collections.defaultdict(list)
    for row in body:
        persons[row[0]].append(tuple(row[1:]))
    return header, len(body), collections.Counter(tuple(sorted(group)) for group in persons.values())


(h1, n1, p1), (h2, n2, p2) = people(sys.argv[1]), people(sys.argv[2])
if h1 != h2 or n1 != n2 or p1 != p2:
    print(f"clean tables differ: {sys.argv[1]} ({n1} rows, {len(p1)} kinds of person) vs {sys.argv[2]} ({n2} rows, {len(p2)})")
    for group in list((p1 - p2).keys())[:3]:
        print("  only in the first:", group)
    for group in list((p2 - p1).keys())[:3]:
        print("  only in the second:", group)
    sys.exit(1)
print(f"clean tables: the same {n1} rows, the same people ({sys.argv[2]})")
