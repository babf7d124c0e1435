#!/usr/bin/env bash
# Issue 5's measurement: the results pipeline on 2 × STUDENTS rows next to DuckDB — now task T2
# of Benchmarks/compare/run.sh, which this calls.
#
#   bash Benchmarks/results/run.sh [STUDENTS] [RUNS]    # defaults: 500 000 students, 3 runs
exec bash "$(dirname "$0")/../compare/run.sh" --tasks T2 --t2-students "${1:-500000}" --runs "${2:-3}"
