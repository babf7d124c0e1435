"""Whether a tool's figure lines equal shnor's, line by line.

    python3 same_figures.py SHNOR.txt TOOL.txt LABEL

Lines are «kind key | values» (rules.figure). A line shnor printed as «suppressed» is not
compared; every other line must be in both with the same values. Exits with status 1 and prints
the lines that differ.
"""
import sys


def read(path):
    with open(path, encoding="utf-8") as file:
        return dict(line.rstrip("\n").split(" | ", 1) for line in file if " | " in line)


shnor, tool, label = read(sys.argv[1]), read(sys.argv[2]), sys.argv[3]
differ = [key for key in sorted(set(shnor) | set(tool)) if shnor.get(key) != "suppressed" and shnor.get(key) != tool.get(key)]
for key in differ[:20]:
    print(f"  {label}: {key} | shnor {shnor.get(key, '(none)')} | {label} {tool.get(key, '(none)')}")
if differ:
    print(f"{label}: {len(differ)} figure lines differ from shnor's")
    sys.exit(1)
print(f"{label}: all {len(tool)} figure lines equal shnor's")
