#!/usr/bin/env bash
# shnor next to DuckDB, Polars and pandas on the tool's own work, on the same files, on this
# machine; the bare libcsv loop over the same bytes as the floor; and how shnor's time and memory
# grow with the size of the input.
#
#   bash Benchmarks/compare/run.sh [--tasks "T1 T2 T3"] [--runs N] [--t1-students N] [--t2-students N]
#                                  [--t3-respondents N] [--growth-runs N] [--no-growth]
#                                  [--peers "duckdb polars pandas"|none] [--baseline SHNOR]
#
# T1 aggregate: one file with both points in a row (default 1 000 000 students: 2 million rows)
#    → improved share, успеваемость and качество by school and by subject (t1.yaml; duckdb_t1.py,
#    polars_t1.py, pandas_t1.py).
# T2 join: a baseline and a shuffled follow-up file (default 500 000 students: 1 million rows
#    each) linked by code and subject, else by unique ФИО → improved share, успеваемость, качество,
#    СОУ by school, grade and subject (t2.yaml; duckdb_t2.py, polars_t2.py, pandas_t2.py).
# T3 survey: a questionnaire of 200 000 answers × 30 grid items with label variants → per-item
#    distributions and the satisfied share by school (t3.yaml; duckdb_t3.py, polars_t3.py,
#    pandas_t3.py).
# common.py holds what the peer scripts share (match key, register, instruments, marks).
#
# Data come from `shnor generate results|survey` into Benchmarks/compare/data/ (kept between runs
# of the same size). DuckDB, Polars, pandas and PyYAML are installed from PyPI into a virtual
# environment ($VENV, default .build/bench-venv). shnor is built with `make release` (SKIP_BUILD=1:
# use the existing .build/release/shnor as it is); the Benchmarks package's `ingest-bench` is built
# with `swift build -c release --package-path Benchmarks` (a no-op when it is up to date).
#
# Each task runs RUNS times per tool (default 5), alternately, under /usr/bin/time -v: shnor, every
# peer with a script for the task, and the floor — `ingest-bench bare --delimiter , FILE`, libcsv
# only counting fields and records, over every input file of the task in one measured command
# (bash -c). The table gives the median wall time, the median peak resident memory, MB/s (input
# bytes / median wall, MB = 10^6 bytes) and the tool's median wall over shnor's (for the floor: the
# floor's time as a fraction of shnor's); then each tool's headline figures, which must agree —
# the script says so, or names the tool that differs and exits with status 1 at the end.
#
# Growth (when T1 is among the tasks; --no-growth skips it): shnor on T1 at 0.5×, 1×, 2× and 4×
# --t1-students, data in data/growth-<students>/, --growth-runs runs per size (default 3),
# alternately; per size: rows, median wall, median peak, MB/s and the wall time over the 1× size's.
# Time should grow in proportion to the rows; peak memory should not.
#
# --baseline SHNOR adds another shnor binary (say, a release build of the previous commit), run
# alternately with the current one on the same files, as the row «base» — its wall over shnor's —
# and its figures checked like a peer's: how a change moved the time, in one run (no growth section
# then). --peers names the peers to run (default: all three; none: no peer).
#
# Last come the task table and the growth table in Markdown, to paste into a README.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PYTHONPATH="$PWD/Benchmarks/compare${PYTHONPATH:+:$PYTHONPATH}"
tasks="T1 T2 T3"; runs=5; peer_list="duckdb polars pandas"; baseline=""; t1_students=1000000; t2_students=500000; t3_respondents=200000; growth_runs=3; growth=yes
while [ $# -gt 0 ]; do
    case $1 in
        --tasks) tasks=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --t1-students) t1_students=$2; shift 2 ;;
        --t2-students) t2_students=$2; shift 2 ;;
        --t3-respondents) t3_respondents=$2; shift 2 ;;
        --growth-runs) growth_runs=$2; shift 2 ;;
        --no-growth) growth=no; shift ;;
        --peers) peer_list=$([ "$2" = none ] || echo "$2"); shift 2 ;;
        --baseline) baseline=$2; shift 2 ;;
        *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
here=Benchmarks/compare
[ "${SKIP_BUILD:-}" = 1 ] || make release >/dev/null
shnor=.build/release/shnor
swift build -c release --package-path Benchmarks --product ingest-bench >/dev/null
bench=Benchmarks/.build/release/ingest-bench
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
divide() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (b > 0) printf f, a / b; else printf "-" }'; }  # a / b, or - for b = 0
megabytes_per_second() { awk -v b="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.1f", b / 1e6 / s; else printf "-" }'; }  # bytes, seconds
# The floor over several files in one measured command.
floor_loop='bench=$1; shift; for file; do "$bench" bare --delimiter , "$file" || exit 1; done'

rm -f "$here"/.times-* "$here"/.figures
markdown="| task | tool | rows | median wall | median peak | MB/s | peer/shnor |
| --- | --- | ---: | ---: | ---: | ---: | ---: |"
printf '\n%-4s %-7s %10s %11s %11s %8s %12s\n' task tool rows "median wall" "median peak" "MB/s" "peer/shnor"
for task in $tasks; do
    files=$(prepare "$task")
    bytes=0; rows=0
    for file in $files; do bytes=$((bytes + $(stat -c %s "$file"))); rows=$((rows + $(wc -l < "$file") - 1)); done
    t=$(echo "$task" | tr 'T' 't')
    # The peers with a script for this task (duckdb_t1.py, polars_t1.py, …).
    peers=$(for peer in $peer_list; do if [ -f "$here/${peer}_$t.py" ]; then echo "$peer"; fi; done)
    for run in $(seq "$runs"); do
        measure "$task-shnor" "$shnor" run "$here/$t.yaml" --out "$here/data/out/$task"
        [ -z "$baseline" ] || measure "$task-base" "$baseline" run "$here/$t.yaml" --out "$here/data/out/$task-base"
        for peer in $peers; do
            # shellcheck disable=SC2086
            measure "$task-$peer" "$venv/bin/python" "$here/${peer}_$t.py" $files Surveys/schools.yaml
        done
        # shellcheck disable=SC2086
        measure "$task-floor" bash -c "$floor_loop" floor "$bench" $files
    done
    # The floor must have read every byte and found the rows (header lines aside).
    floor_counts=$(awk -F'[= ]' '{ records += $2; bytes += $6 } END { print records - NR, bytes }' "$here/.last-$task-floor.txt")
    [ "$floor_counts" = "$rows $bytes" ] || echo "$task floor: counted rows and bytes $floor_counts, expected $rows $bytes" >&2
    shnor_wall=$(cut -d' ' -f1 "$here/.times-$task-shnor" | median)
    for tool in shnor ${baseline:+base} $peers floor; do
        wall=$(cut -d' ' -f1 "$here/.times-$task-$tool" | median)
        peak=$(divide "$(cut -d' ' -f2 "$here/.times-$task-$tool" | median)" 1024 %.1f)
        speed=$(megabytes_per_second "$bytes" "$wall")
        ratio=$([ "$tool" != shnor ] && divide "$wall" "$shnor_wall" || true)
        printf '%-4s %-7s %10d %9.2f s %8s MB %8s %12s\n' "$task" "$tool" "$rows" "$wall" "$peak" "$speed" "$ratio"
        markdown+=$'\n'"| $task | $tool | $rows | $(printf '%.2f' "$wall") s | $peak MB | $speed | $ratio |"
    done
    for label in shnor ${baseline:+base}; do
        out=$here/data/out/$task; [ "$label" = shnor ] || out=$out-base
        python3 - "$out/results.json" "$task" "$label" <<'PY'
import builtins, json, sys
results = json.load(open(sys.argv[1], encoding="utf-8"))
task, label = sys.argv[2], sys.argv[3]
def print(line):  # every figure line under the tool's own name
    builtins.print(line.replace("shnor:", label + ":", 1))
measures = {m["id"]: m for m in results["measures"]}
if task in ("T1", "T2"):
    improved = measures["improved_students"]
    print(f"shnor:  improved {improved['numerator']} of {improved['denominator']}")
    table = next(t for t in results["tables"] if t["id"] == "mark_statistics")
    for row in table["rows"]:
        row = dict(zip(table["columns"], row))
        if row["by"] == "all":
            point = {"pre": "before", "post": "after"}[row["point"]] if task == "T1" else row["point"]
            print(f"shnor:  {point} N {row['n']} успеваемость {row['n5'] + row['n4'] + row['n3']} качество {row['n5'] + row['n4']}"
                  + (f" СОУ {row['learning_level']:.4f}" if task == "T2" else ""))
else:
    satisfied = measures["satisfied_teachers"]
    print(f"shnor:  satisfied {satisfied['numerator']} of {satisfied['denominator']}")
    rows = next(t for t in results["tables"] if t["id"] == "directions")["rows"]
    print("shnor:  categories " + " ".join(str(sum(row[i] for row in rows)) for i in range(2, 8)))
PY
    done | sed "s/^/$task /" >> "$here/.figures"
    {
        for peer in $peers; do cat "$here/.last-$task-$peer.txt"; done
    } | sed "s/^/$task /" >> "$here/.figures"
done
echo "peer/shnor: the tool's median wall over shnor's; floor: the bare libcsv loop over the same files, as a fraction of shnor's time"
echo
cat "$here/.figures"
# Every tool's figures, without its name, line by line against shnor's.
agree=yes
for task in $tasks; do
    expected=$(grep "^$task shnor:" "$here/.figures" | sed -E 's/^[^:]+: +//')
    for tool in $(grep "^$task " "$here/.figures" | cut -d' ' -f2 | tr -d : | sort -u); do
        if [ "$(grep "^$task $tool:" "$here/.figures" | sed -E 's/^[^:]+: +//')" != "$expected" ]; then
            echo "$task: $tool's figures differ from shnor's"; agree=no
        fi
    done
done
[ "$agree" = yes ] && echo "figures: every peer's agree with shnor's, line by line"

growth_markdown=""
if [ "$growth" = yes ] && [ -z "$baseline" ] && [[ " $tasks " == *" T1 "* ]]; then
    factors="0.5 1 2 4"
    declare -A size_students
    for factor in $factors; do
        students=$(awk -v f="$factor" -v n="$t1_students" 'BEGIN { printf "%d", f * n }')
        size_students[$factor]=$students
        dir=$here/data/growth-$students
        if [ ! -f "$dir/.done" ]; then
            rm -rf "$dir"
            $shnor generate results --students "$students" --both-in-row --out "$dir" >/dev/null
            # t1.yaml with its paths seen from data/growth-<students>/.
            sed -e 's#\.\./\.\./#../../../../#g' -e 's#data/T1/##' "$here/t1.yaml" > "$dir/t1.yaml"
            touch "$dir/.done"
        fi
    done
    for run in $(seq "$growth_runs"); do
        for factor in $factors; do
            students=${size_students[$factor]}
            measure "growth-$students" "$shnor" run "$here/data/growth-$students/t1.yaml" --out "$here/data/out/growth-$students"
        done
    done
    base_wall=$(cut -d' ' -f1 "$here/.times-growth-$t1_students" | median)
    printf '\nGrowth: shnor on T1, %s runs per size\n%-5s %9s %10s %11s %11s %8s %10s\n' "$growth_runs" size students rows "median wall" "median peak" "MB/s" "wall vs 1x"
    growth_markdown="| size | students | rows | median wall | median peak | MB/s | wall × 1× |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for factor in $factors; do
        students=${size_students[$factor]}
        file=$here/data/growth-$students/results-both-points-2024.csv
        rows=$(($(wc -l < "$file") - 1)); bytes=$(stat -c %s "$file")
        wall=$(cut -d' ' -f1 "$here/.times-growth-$students" | median)
        peak=$(divide "$(cut -d' ' -f2 "$here/.times-growth-$students" | median)" 1024 %.1f)
        speed=$(megabytes_per_second "$bytes" "$wall")
        relative=$(divide "$wall" "$base_wall")
        printf '%4s× %9d %10d %9.2f s %8s MB %8s %10s\n' "$factor" "$students" "$rows" "$wall" "$peak" "$speed" "$relative"
        growth_markdown+=$'\n'"| $factor× | $students | $rows | $(printf '%.2f' "$wall") s | $peak MB | $speed | $relative |"
    done
fi

echo
echo "$markdown"
if [ -n "$growth_markdown" ]; then echo; echo "$growth_markdown"; fi
[ "$agree" = yes ]
