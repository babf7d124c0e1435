#!/usr/bin/env bash
# Scores `shnor convert` on the Pollock benchmark (HPI-Information-Systems/Pollock) with
# Pollock's own metrics.py, next to the figures Pollock publishes for other readers.
#
#   Benchmarks/pollock/pollock.sh POLLOCK_CHECKOUT [SHNOR_BINARY] [WORK_DIR]
#
# POLLOCK_CHECKOUT: a clone of the Pollock repository (polluted_files/, pollock/metrics.py,
# pollock_weights.json, results/aggregate_results_polluted_files.csv). Nothing is fetched.
# Python 3 with multiset, numpy, pandas, chardet, joblib, python-dateutil and price-parser
# (Pollock's own requirements for metrics.py) must be on PATH as python3, or name it in PYTHON.
# Each polluted file is converted to UTF-8 CSV with «,» as Pollock's loader expects; a file
# shnor refuses becomes «Application Error», which Pollock scores 0.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pollock=$(cd "${1:?usage: pollock.sh POLLOCK_CHECKOUT [SHNOR_BINARY] [WORK_DIR]}" && pwd)
shnor=$(realpath "${2:-$here/../../.build/release/shnor}")
work=${3:-${TMPDIR:-/tmp}/shnor-pollock}
python=${PYTHON:-python3}
[ -d "$pollock/polluted_files/csv" ] || { echo "нет $pollock/polluted_files/csv" >&2; exit 2; }
[ -x "$shnor" ] || { echo "нет исполняемого $shnor (swift build -c release)" >&2; exit 2; }
rm -rf "$work/loading"
mkdir -p "$work/loading"
export shnor work
convert_one() {
    local name=$1 source=$2/polluted_files/csv/$1 target=$work/loading/$1_converted.csv
    if ! "$shnor" convert "$source" --to csv --output-delimiter , --no-bom --max-reject-rate 1 -o "$target" \
        2>"$work/loading/$name.stderr" || [ ! -s "$target" ]; then
        [ -s "$target" ] || echo "Application Error" >"$target"
    fi
}
export -f convert_one
find "$pollock/polluted_files/csv" -maxdepth 1 -name '*.csv' -printf '%f\n' | sort |
    xargs -P "${JOBS:-2}" -I{} bash -c 'convert_one "$1" "$2"' _ {} "$pollock"
"$python" "$here/score.py" "$pollock" "$work/loading"
