#!/usr/bin/env python3
"""Collects the JSON files of scripts/robust_study.sh into docs/runs/robust/.

runs.json holds one record per `parity robust` run (the part of the study, set-up, dataset, model,
solver, PGD style, radius, seed, epochs, batch size; test accuracy, the five Fast & Fair gaps, each
group's AUC, whether the model collapsed to one class on the test set; mean inner and outer seconds
per epoch, the fastest epoch (inner + outer) and inner iterations per sample), sorted, numbers rounded to 6 significant digits.
model_error.json is the quadratic-model error per radius of `parity bench hessian-per-radius`.
A part (sweep, timing) that RAW_DIR does not have keeps its records from OUT_DIR/runs.json, so
that one part can be rerun (e.g. `scripts/robust_study.sh timing`) without the others.
Usage: scripts/robust_collect.py RAW_DIR OUT_DIR
"""
import json
import pathlib
import sys

GAPS = {
    "indep": "demographic_parity_difference",
    "sep0": "false_positive_rate_difference",
    "sep1": "equal_opportunity_difference",
    "suff0": "false_omission_rate_difference",
    "suff1": "predictive_parity_difference",
}


def rounded(x):
    return None if x is None else float(f"{x:.6g}")


def record(part, doc):
    o = doc["options"]
    r = doc["result"]
    t = r["test"]
    overall = t["overall"]
    history = r["history"]
    iterations = sum(h["mean_inner_iterations"] for h in history) / len(history) if history else 0.0
    return {
        "part": part,
        "setup": doc.get("setup", "ours"),
        "data": doc["dataset_name"],
        "model": "mlp" + "-".join(str(h) for h in o["hidden"]) if o["hidden"] else "logistic",
        "solver": o["solver"],
        "style": o["pgd_style"] if o["solver"] == "pgd" else None,
        "radius": o["radius"] if o["solver"] != "none" else None,
        "seed": o["seed"],
        "epochs": o["epochs"],
        "batch_size": o["batch_size"],
        "train_samples": doc["train_samples"],
        "test_samples": doc["test_samples"],
        "accuracy": rounded(t["accuracy"]),
        "gaps": {k: rounded(t["gaps"][v]["value"]) for k, v in GAPS.items()},
        "auc": [rounded(g.get("auc")) for g in t["groups"]],
        "collapsed": overall["tp"] + overall["fp"] in (0, overall["count"]),
        "epoch_s_min": rounded(min((h["inner_seconds"] + h["outer_seconds"] for h in history), default=0.0)),
        "inner_s": rounded(r["inner_seconds_per_epoch"]),
        "outer_s": rounded(r["outer_seconds_per_epoch"]),
        "iterations": rounded(iterations),
    }


def dataset_name(path):
    # set-up and dataset lead the file name: <setup>-<data>-...
    return path.stem.split("-")[1]


def main(raw, out):
    raw, out = pathlib.Path(raw), pathlib.Path(out)
    records = []
    previous = out / "runs.json"
    kept = json.loads(previous.read_text())["runs"] if previous.exists() else []
    for part in ("sweep", "timing"):
        paths = sorted((raw / part).glob("*.json"))
        if not paths:
            records += [r for r in kept if r["part"] == part]
            print(f"{part}: {sum(r['part'] == part for r in kept)} runs kept from {previous}")
        for path in paths:
            doc = json.loads(path.read_text())
            doc["dataset_name"] = dataset_name(path)
            records.append(record(part, doc))
    key = lambda r: (r["part"], r["setup"], r["data"], r["model"], r["solver"], r["style"] or "",
                     r["radius"] or 0.0, r["seed"])
    records.sort(key=key)
    out.mkdir(parents=True, exist_ok=True)
    (out / "runs.json").write_text(json.dumps({"runs": records}, separators=(",", ":")) + "\n")
    print(f"wrote {out / 'runs.json'}: {len(records)} runs")
    error = raw / "model_error.json"
    if error.exists():
        doc = json.loads(error.read_text())
        (out / "model_error.json").write_text(json.dumps(doc, indent=1) + "\n")
        print(f"wrote {out / 'model_error.json'}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
