#!/usr/bin/env bash
# shnor next to DuckDB and Polars written as an expert in each would write them, on the tool's own
# work, on the same files, on this machine; the bare libcsv loop over the same bytes as the floor;
# and how shnor's time and memory grow with the size of the input.
#
#   bash Benchmarks/compare/run.sh [--tasks "T1 T2 T3"] [--runs N] [--t1-students N] [--t2-students N]
#                                  [--t3-respondents N] [--growth-runs N] [--no-growth] [--beginners]
#                                  [--peers "duckdb polars"|none] [--baseline SHNOR]
#
# T1 aggregate: one file with both points in a row (default 1 000 000 students: 2 million rows)
#    → marks, СОУ, improved pairs and students by school and by subject (t1.yaml).
# T2 join: a baseline and a shuffled follow-up file (default 500 000 students: 1 million rows
#    each) linked by code and subject, else by unique ФИО → the same by school, grade and subject,
#    and the linkage counts (t2.yaml).
# T3 survey: a questionnaire of 200 000 answers × 30 grid items with label variants → per-item
#    distributions, the satisfied share by school, respondents per school (t3.yaml).
#
# The peers (headline): duckdb_expert_tN.py and polars_expert_tN.py apply EVERY rule shnor applies
# (rules.py: the match key, the register's and the instruments' spellings, marks, scores, classes,
# times; rejected rows dropped; the first record of a code and subject kept) the way an expert in
# each tool would: typed reads, each dictionary column read once per distinct spelling and joined
# back, arg_min / unique(keep="first") instead of a window over all rows, Polars lazy. They print
# the same figure lines as figures.py reads from shnor's results.json, and run.sh requires them to
# be equal line by line (same_figures.py). «duckdb+clean» and «polars+clean» also write the clean
# table shnor writes (pseudonym from sha256 of a secret and the identity): the same work as
# `shnor run`; «shnor-validate» reads, cleans and counts without writing anything: the same work as
# the peers without --clean; «shnor-validate-1t» is the same on one thread (`--threads 1`): its
# «÷ shnor validate» is what the second thread gives. --beginners adds the first peers (duckdb_tN.py, polars_tN.py,
# pandas_tN.py: a match key per row, a window over all rows, some of shnor's rules skipped) as
# labelled extra rows; their figures are not checked.
#
# Edge cases first: edge_cases.py writes small exports with every kind of row shnor rejects
# (data/edge/, kept between runs); shnor and every expert peer run on them, and their figures and
# clean tables (same_clean_table.py) must be equal — else run.sh says which and exits with status 1.
#
# Data come from `shnor generate results|survey` into Benchmarks/compare/data/ (kept between runs
# of the same size). DuckDB, Polars, pandas and PyYAML are installed from PyPI into a virtual
# environment ($VENV, default .build/bench-venv). shnor is built with `make release` (SKIP_BUILD=1:
# use the existing .build/release/shnor as it is); the Benchmarks package's `ingest-bench` is built
# with `swift build -c release --package-path Benchmarks` (a no-op when it is up to date).
#
# Each task runs RUNS times per tool (default 5), alternately, under /usr/bin/time -v. The table
# gives the median wall time, the median peak resident memory, MB/s (input bytes / median wall,
# MB = 10^6 bytes), the tool's median wall over shnor run's and over shnor validate's (both from
# this run: ratios above 1 mean shnor is faster). The floor is `ingest-bench bare --delimiter ,`,
# libcsv only counting fields and records, over every input file of the task.
#
# Growth (when T1 is among the tasks; --no-growth skips it): shnor on T1 at 0.5×, 1×, 2× and 4×
# --t1-students, data in data/growth-<students>/, --growth-runs runs per size (default 3),
# alternately; per size: rows, median wall, median peak, MB/s, and the wall time and the peak over
# the 1× size's.
#
# --baseline SHNOR adds another shnor binary (say, a release build of the previous commit), run
# alternately with the current one on the same files, as the row «base», its figures checked like
# a peer's (no growth section then). --peers names the expert peers (default: both; none: none).
#
# Last come the task table and the growth table in Markdown, to paste into a README.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PYTHONPATH="$PWD/Benchmarks/compare${PYTHONPATH:+:$PYTHONPATH}"
tasks="T1 T2 T3"; runs=5; peer_list="duckdb polars"; beginners=no; baseline=""; t1_students=1000000; t2_students=500000; t3_respondents=200000; growth_runs=3; growth=yes
while [ $# -gt 0 ]; do
    case $1 in
        --tasks) tasks=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --t1-students) t1_students=$2; shift 2 ;;
        --t2-students) t2_students=$2; shift 2 ;;
        --t3-respondents) t3_respondents=$2; shift 2 ;;
        --growth-runs) growth_runs=$2; shift 2 ;;
        --no-growth) growth=no; shift ;;
        --beginners) beginners=yes; shift ;;
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
"$venv/bin/python" -c 'import duckdb, polars, pandas, yaml' 2>/dev/null || "$venv/bin/pip" install -q duckdb polars pandas pyyaml
python=$venv/bin/python
echo "$(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg); $("$python" -c 'import duckdb, polars, pandas; print(f"duckdb {duckdb.__version__}, polars {polars.__version__}, pandas {pandas.__version__}")'), shnor $($shnor --version)"

register=Surveys/schools.yaml
# The files a task's peers read, in the order their scripts take them.
task_files() {  # task, data folder
    case $1 in
        T1) echo "$2/T1/results-both-points-2024.csv" ;;
        T2) echo "$2/T2/results-autumn-2023.csv $2/T2/results-march-2024.csv" ;;
        T3) echo "$2/T3/survey-at-scale.csv" ;;
    esac
}
prepare() {  # task → data files (generated once per size), echoed
    case $1 in
        T1) local dir=$here/data/T1 marker=$here/data/T1/.students-$t1_students
            [ -f "$marker" ] || { rm -rf "$dir"; $shnor generate results --students "$t1_students" --both-in-row --out "$dir" >/dev/null; touch "$marker"; } ;;
        T2) local dir=$here/data/T2 marker=$here/data/T2/.students-$t2_students
            [ -f "$marker" ] || { rm -rf "$dir"; $shnor generate results --students "$t2_students" --out "$dir" >/dev/null; touch "$marker"; } ;;
        T3) local dir=$here/data/T3 marker=$here/data/T3/.respondents-$t3_respondents
            [ -f "$marker" ] || { rm -rf "$dir"; $shnor generate survey --respondents "$t3_respondents" --out "$dir" >/dev/null; touch "$marker"; } ;;
    esac
    task_files "$1" "$here/data"
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
agree=yes
differs() { echo "FIGURES DIFFER: $*" >&2; agree=no; }

# Edge cases: every kind of rejected row; shnor and every expert peer must agree, figures and
# clean tables.
edge=$here/data/edge
if [ ! -f "$edge/.done" ]; then
    rm -rf "$edge"
    "$python" "$here/edge_cases.py" "$shnor" "$edge"
    touch "$edge/.done"
fi
echo
echo "Edge cases ($edge): every kind of rejected row"
for task in $tasks; do
    t=$(echo "$task" | tr 'T' 't')
    # Exit status 1 is the run's warning about the rejected rows (DESIGN.md §4): expected here.
    status=0; $shnor run "$edge/$t.yaml" --out "$edge/out-$task" >/dev/null 2>&1 || status=$?
    [ "$status" -le 1 ] || differs "$task: shnor run on the edge cases ended with status $status"
    "$python" "$here/figures.py" "$edge/out-$task" > "$edge/.figures-$task-shnor"
    clean_file=$(ls "$edge/out-$task"/clean/*.csv)
    for peer in $peer_list; do
        # shellcheck disable=SC2046
        "$python" "$here/${peer}_expert_$t.py" $(task_files "$task" "$edge") "$register" --clean "$edge/.clean-$task-$peer.csv" > "$edge/.figures-$task-$peer"
        "$python" "$here/same_figures.py" "$edge/.figures-$task-shnor" "$edge/.figures-$task-$peer" "$task $peer" | sed 's/^/  /' \
            || differs "$task $peer on the edge cases"
        "$python" "$here/same_clean_table.py" "$clean_file" "$edge/.clean-$task-$peer.csv" | sed 's/^/  /' \
            || differs "$task $peer's clean table on the edge cases"
    done
done

rm -f "$here"/.times-* "$here"/.figures
markdown="| task | tool | median wall | median peak | MB/s | ÷ shnor run | ÷ shnor validate |
| --- | --- | ---: | ---: | ---: | ---: | ---: |"
report=""
for task in $tasks; do
    files=$(prepare "$task")
    bytes=0; rows=0
    for file in $files; do bytes=$((bytes + $(stat -L -c %s "$file"))); rows=$((rows + $(wc -l < "$file") - 1)); done
    t=$(echo "$task" | tr 'T' 't')
    experts=$(for peer in $peer_list; do if [ -f "$here/${peer}_expert_$t.py" ]; then echo "$peer"; fi; done)
    extras=$([ "$beginners" = no ] || for peer in duckdb polars pandas; do if [ -f "$here/${peer}_$t.py" ]; then echo "$peer"; fi; done)
    for run in $(seq "$runs"); do
        measure "$task-shnor" "$shnor" run "$here/$t.yaml" --out "$here/data/out/$task"
        measure "$task-shnor-validate" "$shnor" validate "$here/$t.yaml"
        measure "$task-shnor-validate-1t" "$shnor" validate "$here/$t.yaml" --threads 1
        [ -z "$baseline" ] || measure "$task-base" "$baseline" run "$here/$t.yaml" --out "$here/data/out/$task-base"
        for peer in $experts; do
            # shellcheck disable=SC2086
            measure "$task-$peer" "$python" "$here/${peer}_expert_$t.py" $files "$register"
            # shellcheck disable=SC2086
            measure "$task-$peer+clean" "$python" "$here/${peer}_expert_$t.py" $files "$register" --clean "$here/data/out/$task-$peer-clean.csv"
        done
        for peer in $extras; do
            # shellcheck disable=SC2086
            measure "$task-$peer-beginner" "$python" "$here/${peer}_$t.py" $files "$register"
        done
        # shellcheck disable=SC2086
        measure "$task-floor" bash -c "$floor_loop" floor "$bench" $files
    done
    # The floor must have read every byte and found the rows (header lines aside).
    floor_counts=$(awk -F'[= ]' '{ records += $2; bytes += $6 } END { print records - NR, bytes }' "$here/.last-$task-floor.txt")
    [ "$floor_counts" = "$rows $bytes" ] || echo "$task floor: counted rows and bytes $floor_counts, expected $rows $bytes" >&2
    # Figures: every expert peer's (and the baseline's) against shnor's, line by line.
    "$python" "$here/figures.py" "$here/data/out/$task" > "$here/data/.figures-$task-shnor"
    [ -z "$baseline" ] || "$python" "$here/figures.py" "$here/data/out/$task-base" > "$here/.last-$task-base.txt"
    shnor_clean=$(ls "$here/data/out/$task"/clean/*.csv)
    for tool in ${baseline:+base} $experts; do
        "$python" "$here/same_figures.py" "$here/data/.figures-$task-shnor" "$here/.last-$task-$tool.txt" "$task $tool" >> "$here/.figures" \
            || differs "$task $tool"
    done
    for peer in $experts; do
        # The clean tables at scale: the same number of rows (their content is compared on the edge cases).
        [ "$(wc -l < "$shnor_clean")" = "$(wc -l < "$here/data/out/$task-$peer-clean.csv")" ] \
            && echo "$task $peer+clean: the clean table has shnor's $(($(wc -l < "$shnor_clean") - 1)) rows" >> "$here/.figures" \
            || differs "$task $peer+clean: $(wc -l < "$here/data/out/$task-$peer-clean.csv") lines in the clean table, shnor $(wc -l < "$shnor_clean")"
    done
    report+=$'\n'"$task: $rows rows, $(megabytes_per_second "$bytes" 1) MB"
    shnor_wall=$(cut -d' ' -f1 "$here/.times-$task-shnor" | median)
    validate_wall=$(cut -d' ' -f1 "$here/.times-$task-shnor-validate" | median)
    for tool in shnor shnor-validate shnor-validate-1t ${baseline:+base} $experts $(for peer in $experts; do echo "$peer+clean"; done) \
                $(for peer in $extras; do echo "$peer-beginner"; done) floor; do
        wall=$(cut -d' ' -f1 "$here/.times-$task-$tool" | median)
        peak=$(divide "$(cut -d' ' -f2 "$here/.times-$task-$tool" | median)" 1024 %.0f)
        speed=$(megabytes_per_second "$bytes" "$wall")
        ratio=$(divide "$wall" "$shnor_wall")
        ratio_validate=$(divide "$wall" "$validate_wall")
        report+=$'\n'"$(printf '%-4s %-17s %7.2f s %7s MB %8s %8s %8s' "$task" "$tool" "$wall" "$peak" "$speed" "$ratio" "$ratio_validate")"
        markdown+=$'\n'"| $task | $tool | $(printf '%.2f' "$wall") s | $peak MB | $speed | $ratio | $ratio_validate |"
    done
done
printf '\n%-4s %-17s %9s %10s %8s %8s %8s' task tool "median" "peak" "MB/s" "÷ run" "÷ valid."
echo "$report"
echo "÷ run, ÷ valid.: the tool's median wall over shnor run's, over shnor validate's (above 1: shnor is faster)"
echo
cat "$here/.figures"
[ "$agree" = yes ] && echo "figures: every expert peer's agree with shnor's, line by line, on the edge cases and on the generated data"

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
    base_peak=$(cut -d' ' -f2 "$here/.times-growth-$t1_students" | median)
    printf '\nGrowth: shnor on T1, %s runs per size\n%-5s %9s %10s %11s %11s %8s %10s %10s\n' "$growth_runs" size students rows "median wall" "median peak" "MB/s" "wall vs 1x" "peak vs 1x"
    growth_markdown="| size | students | rows | median wall | median peak | MB/s | wall × 1× | peak × 1× |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for factor in $factors; do
        students=${size_students[$factor]}
        file=$here/data/growth-$students/results-both-points-2024.csv
        rows=$(($(wc -l < "$file") - 1)); bytes=$(stat -L -c %s "$file")
        wall=$(cut -d' ' -f1 "$here/.times-growth-$students" | median)
        peak=$(divide "$(cut -d' ' -f2 "$here/.times-growth-$students" | median)" 1024 %.1f)
        speed=$(megabytes_per_second "$bytes" "$wall")
        relative=$(divide "$wall" "$base_wall")
        relative_peak=$(divide "$(cut -d' ' -f2 "$here/.times-growth-$students" | median)" "$base_peak")
        printf '%4s× %9d %10d %9.2f s %8s MB %8s %10s %10s\n' "$factor" "$students" "$rows" "$wall" "$peak" "$speed" "$relative" "$relative_peak"
        growth_markdown+=$'\n'"| $factor× | $students | $rows | $(printf '%.2f' "$wall") s | $peak MB | $speed | $relative | $relative_peak |"
    done
fi

echo
echo "$markdown"
if [ -n "$growth_markdown" ]; then echo; echo "$growth_markdown"; fi
[ "$agree" = yes ] || { echo "run.sh: figures differ (see FIGURES DIFFER above)" >&2; exit 1; }
