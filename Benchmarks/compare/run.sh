#!/usr/bin/env bash
# shnor next to DuckDB on the tool's own work, on the same files, on this machine.
#
#   bash Benchmarks/compare/run.sh [--tasks "T1 T2 T3"] [--runs N] [--t1-students N] [--t2-students N] [--t3-respondents N]
#
# T1 aggregate: one file with both points in a row (default 1 000 000 students: 2 million rows)
#    → improved share, успеваемость and качество by school and by subject (t1.yaml, duckdb_t1.py).
# T2 join: a baseline and a shuffled follow-up file (default 500 000 students: 1 million rows
#    each) linked by code and subject → improved share, успеваемость, качество, СОУ (t2.yaml,
#    duckdb_t2.py).
# T3 survey: a questionnaire of 200 000 answers × 30 grid items with label variants → per-item
#    distributions and the satisfied share by school (t3.yaml, duckdb_t3.py).
# Data come from `shnor generate results` into Benchmarks/compare/data/ (kept between runs);
# DuckDB and PyYAML are installed from PyPI into a virtual environment (.build/bench-venv).
# Each task runs RUNS times per tool (default 5), alternately, under /usr/bin/time -v; the table
# gives the median wall time, median peak resident memory, MB/s and DuckDB's time over shnor's;
# then each tool's figures, which must agree.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PYTHONPATH="$PWD/Benchmarks/compare${PYTHONPATH:+:$PYTHONPATH}"
tasks="T1 T2 T3"; runs=5; t1_students=1000000; t2_students=500000; t3_respondents=200000
while [ $# -gt 0 ]; do
    case $1 in
        --tasks) tasks=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --t1-students) t1_students=$2; shift 2 ;;
        --t2-students) t2_students=$2; shift 2 ;;
        --t3-respondents) t3_respondents=$2; shift 2 ;;
        *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
here=Benchmarks/compare
make release >/dev/null
shnor=.build/release/shnor
venv=${VENV:-.build/bench-venv}
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q duckdb pyyaml
fi
"$venv/bin/python" -c 'import polars, pandas' 2>/dev/null || "$venv/bin/pip" install -q polars pandas
echo "$(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $("$venv/bin/python" -c 'import duckdb, polars, pandas; print(f"duckdb {duckdb.__version__}, polars {polars.__version__}, pandas {pandas.__version__}")'), shnor $($shnor --version)"

prepare() {  # task → data files (generated once per size), echoed
    case $1 in
        T1) local dir=$here/data/T1 marker=$here/data/T1/.students-$t1_students
            [ -f "$marker" ] || { rm -rf "$dir"; $shnor generate results --students "$t1_students" --both-in-row --out "$dir" >/dev/null; touch "$marker"; }
            echo "$dir/results-both-points-2024.csv" ;;
        T2) local dir=$here/data/T2 marker=$here/data/T2/.students-$t2_students
            [ -f "$marker" ] || { rm -rf "$dir"; $shnor generate results --students "$t2_students" --out "$dir" >/dev/null; touch "$marker"; }
            echo "$dir/results-autumn-2023.csv $dir/results-march-2024.csv" ;;
        T3) local dir=$here/data/T3 marker=$here/data/T3/.respondents-$t3_respondents
            [ -f "$marker" ] || { rm -rf "$dir"; $shnor generate survey --respondents "$t3_respondents" --out "$dir" >/dev/null; touch "$marker"; }
            echo "$dir/survey-at-scale.csv" ;;
    esac
}

measure() {  # label, command… → appends "seconds kilobytes" to $here/.times-label, keeps stdout
    local label=$1; shift
    /usr/bin/time -v "$@" > "$here/.last-$label.txt" 2> "$here/.time.txt" || { cat "$here/.time.txt" >&2; exit 1; }
    local wall rss
    wall=$(grep "Elapsed (wall clock)" "$here/.time.txt" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    rss=$(grep "Maximum resident set size" "$here/.time.txt" | awk '{print $NF}')
    echo "$wall $rss" >> "$here/.times-$label"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

rm -f "$here"/.times-* "$here"/.figures
printf '\n%-4s %-7s %10s %11s %11s %8s %12s\n' task tool rows "median wall" "median peak" "MB/s" "peer/shnor"
for task in $tasks; do
    files=$(prepare "$task")
    bytes=0; rows=0
    for file in $files; do bytes=$((bytes + $(stat -c %s "$file"))); rows=$((rows + $(wc -l < "$file") - 1)); done
    pipeline=$here/$(echo "$task" | tr 'T' 't').yaml
    # The peers with a script for this task (duckdb_t1.py, polars_t1.py, …).
    peers=$(for peer in duckdb polars pandas; do if [ -f "$here/${peer}_$(echo "$task" | tr 'T' 't').py" ]; then echo "$peer"; fi; done)
    for run in $(seq "$runs"); do
        measure "$task-shnor" "$shnor" run "$pipeline" --out "$here/data/out/$task"
        for peer in $peers; do
            # shellcheck disable=SC2086
            measure "$task-$peer" "$venv/bin/python" "$here/${peer}_$(echo "$task" | tr 'T' 't').py" $files Surveys/schools.yaml
        done
    done
    shnor_wall=$(cut -d' ' -f1 "$here/.times-$task-shnor" | median)
    for tool in shnor $peers; do
        wall=$(cut -d' ' -f1 "$here/.times-$task-$tool" | median)
        rss=$(cut -d' ' -f2 "$here/.times-$task-$tool" | median)
        printf '%-4s %-7s %10d %9.2f s %8.1f MB %8.1f %12s\n' "$task" "$tool" "$rows" "$wall" "$(echo "$rss / 1024" | bc -l)" \
            "$(echo "$bytes / 1000000 / $wall" | bc -l)" "$([ $tool != shnor ] && printf '%.2f' "$(echo "$wall / $shnor_wall" | bc -l)" || echo)"
    done
    {
        python3 - "$here/data/out/$task/results.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1], encoding="utf-8"))
measures = {m["id"]: m for m in results["measures"]}
if "improved_students" in measures:
    improved = measures["improved_students"]
    print(f"shnor:  improved {improved['numerator']} of {improved['denominator']}")
    for row in next(t for t in results["tables"] if t["id"] == "mark_statistics")["rows"]:
        if row[0] == "all":
            n, n5, n4, n3 = row[3], row[4], row[5], row[6]
            print(f"shnor:  {row[2]} N {n} успеваемость {n5 + n4 + n3} качество {n5 + n4}")
else:
    satisfied = measures["satisfied_teachers"]
    print(f"shnor:  satisfied {satisfied['numerator']} of {satisfied['denominator']}")
    rows = next(t for t in results["tables"] if t["id"] == "directions")["rows"]
    print("shnor:  categories " + " ".join(str(sum(row[i] for row in rows)) for i in range(2, 8)))
PY
        for peer in $peers; do cat "$here/.last-$task-$peer.txt"; done
    } | sed "s/^/$task /" >> "$here/.figures"
done
echo
cat "$here/.figures"
