#!/usr/bin/env bash
# The student results pipeline on generated data next to the same aggregation in DuckDB.
#
#   bash Benchmarks/results/run.sh [STUDENTS] [RUNS]
#
# Writes two files of 2 × STUDENTS rows each (default 500 000 students: 1 million rows per
# file, 2 million result rows in all) with `shnor generate results`, installs DuckDB into a
# virtual environment, then runs `shnor run` and the DuckDB script RUNS times each (default 3),
# alternately, under /usr/bin/time -v, and prints the median wall time and peak memory of each
# with their headline figures, which must agree.
set -euo pipefail
cd "$(dirname "$0")/../.."
students=${1:-500000}
runs=${2:-3}
here=Benchmarks/results
data=$here/data
make release >/dev/null
shnor=.build/release/shnor
if [ ! -f "$data/.students-$students" ]; then
    rm -rf "$data"
    $shnor generate results --students "$students" --out "$data"
    touch "$data/.students-$students"
fi
venv=${VENV:-.build/bench-venv}
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q duckdb pyyaml
fi
rows=$(( $(wc -l < "$data/results-autumn-2023.csv") + $(wc -l < "$data/results-march-2024.csv") - 2 ))
bytes=$(( $(stat -c %s "$data/results-autumn-2023.csv") + $(stat -c %s "$data/results-march-2024.csv") ))
echo "data: $rows result rows, $(( bytes / 1000000 )) MB; $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "duckdb $("$venv/bin/python" -c 'import duckdb; print(duckdb.__version__)'), $($shnor --version 2>/dev/null || echo shnor)"

measure() {  # label, command…: appends "seconds kilobytes" to $here/.times-label
    local label=$1; shift
    /usr/bin/time -v "$@" > "$here/.last-$label.txt" 2> "$here/.time.txt"
    local wall rss
    wall=$(grep "Elapsed (wall clock)" "$here/.time.txt" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    rss=$(grep "Maximum resident set size" "$here/.time.txt" | awk '{print $NF}')
    echo "$wall $rss" >> "$here/.times-$label"
}
rm -f "$here"/.times-*
for run in $(seq "$runs"); do
    measure shnor "$shnor" run "$here/pipeline.yaml" --out "$here/data/out"
    measure duckdb "$venv/bin/python" "$here/duckdb_results.py" "$data/results-autumn-2023.csv" "$data/results-march-2024.csv" Surveys/schools.yaml
done
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
printf '\n%-8s %12s %14s %10s\n' tool "median wall" "median peak" "MB/s"
for label in shnor duckdb; do
    wall=$(cut -d' ' -f1 "$here/.times-$label" | median)
    rss=$(cut -d' ' -f2 "$here/.times-$label" | median)
    printf '%-8s %10.2f s %11.1f MB %10.1f\n' "$label" "$wall" "$(echo "$rss / 1024" | bc -l)" "$(echo "$bytes / 1000000 / $wall" | bc -l)"
done
echo
# The same figures from both, to be read side by side.
python3 - "$here/data/out/results.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1], encoding="utf-8"))
improved = next(m for m in results["measures"] if m["id"] == "improved_students")
print(f"shnor:  improved {improved['numerator']} of {improved['denominator']}")
rows = next(t for t in results["tables"] if t["id"] == "mark_statistics")["rows"]
for row in rows:
    if row[0] == "all":
        n, n5, n4, n3 = row[3], row[4], row[5], row[6]
        print(f"shnor:  {row[2]} N {n} успеваемость {n5 + n4 + n3} качество {n5 + n4} СОУ {row[11]:.4f}")
PY
cat "$here/.last-duckdb.txt"
