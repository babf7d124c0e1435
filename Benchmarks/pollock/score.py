"""Scores converted Pollock files with Pollock's own metrics.py (simple and weighted score, as
evaluate.py computes them) and prints them next to the figures Pollock publishes.

    python3 score.py POLLOCK_CHECKOUT LOADED_DIR [--worst N]
"""
import csv
import json
import os
import sys
from multiprocessing import Pool

pollock_dir = sys.argv[1]
loaded_dir = sys.argv[2]
worst = int(sys.argv[sys.argv.index("--worst") + 1]) if "--worst" in sys.argv else 0
sys.path.insert(0, pollock_dir)
from pollock import metrics  # noqa: E402

MEASURES = ["success", "header_precision", "header_recall", "header_f1", "record_precision", "record_recall",
            "record_f1", "cell_precision", "cell_recall", "cell_f1"]
PEERS = [("duckdbparse", "DuckDB, parameters given"), ("duckdbauto", "DuckDB, auto-detecting"),
         ("pycsv", "Python csv"), ("clevercs", "CleverCSV"), ("pandas", "pandas")]


def score(name):
    clean = os.path.join(pollock_dir, "polluted_files", "clean", name)
    loaded = os.path.join(loaded_dir, name + "_converted.csv")
    try:
        success = metrics.successful_csv(loaded)
        values = metrics.header_record_cell_measures_csv(clean, loaded) if success else [0] * 9
    except Exception:
        success, values = 0, [0] * 9
    return name, [float(success)] + [float(v) for v in values]


def main():
    files = sorted(f for f in os.listdir(os.path.join(pollock_dir, "polluted_files", "csv")) if f.endswith("csv"))
    with Pool(int(os.environ.get("JOBS", "2"))) as pool:
        results = dict(pool.map(score, files, chunksize=16))
    with open(os.path.join(pollock_dir, "pollock_weights.json")) as f:
        weights = json.load(f)
    total_weight = sum(weights.get(f, -1) for f in files)
    simple = sum(sum(results[f][i] for f in files) / len(files) for i in range(len(MEASURES)))
    weighted = sum(sum(results[f]) * weights.get(f, -1) / total_weight for f in files)
    refused = sum(1 for f in files if results[f][0] == 0)
    published = {}
    with open(os.path.join(pollock_dir, "results", "aggregate_results_polluted_files.csv")) as f:
        for row in csv.DictReader(f):
            published[row["sut"]] = (float(row["pollock_simple"]), float(row["pollock_weighted"]))
    print(f"Pollock, {len(files)} polluted files, scored with Pollock's metrics.py (out of 10)")
    print(f"{'reader':<28} {'simple':>7} {'weighted':>9}")
    print(f"{'shnor convert (measured)':<28} {simple:7.2f} {weighted:9.2f}   refused: {refused}")
    for key, label in PEERS:
        if key in published:
            print(f"{label + ' (published)':<28} {published[key][0]:7.2f} {published[key][1]:9.2f}")
    if worst:
        print(f"\nlowest-scoring files (sum of the {len(MEASURES)} measures):")
        for f in sorted(files, key=lambda f: sum(results[f]))[:worst]:
            print(f"  {sum(results[f]):5.2f}  {f}")


if __name__ == "__main__":
    main()
