#!/usr/bin/env python3
"""Markdown tables from the JSON files of `parity fair --out`.

For every file: the dataset, the constrained gap, and per method the test accuracy and the test
gap of the run NVP chose per seed (median [min, max] and mean over the seeds), the etas chosen,
the median training time and how many runs collapsed, among the chosen ones and (in brackets)
among all of the method's runs: their test predictions are all one class (a constant predictor,
whose gaps are 0 without any fairness).
Usage: scripts/fairness_tables.py r1.json [r2.json ...]
"""
import json
import statistics
import sys


def stats(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "mean": statistics.fmean(values), "min": min(values),
            "max": max(values)}


def cell(s, digits=4):
    if s is None:
        return "undef"
    return f"{s['median']:.{digits}f} [{s['min']:.{digits}f}, {s['max']:.{digits}f}]"


def mean(s, digits=4):
    return "undef" if s is None else f"{s['mean']:.{digits}f}"


def collapsed(run):
    """The run's flag, or for files written before it from the test report's overall confusion."""
    if "collapsed" in run:
        return run["collapsed"]
    c = run["test"]["overall"]
    predicted_positive = c["tp"] + c["fp"]
    return predicted_positive in (0, c["tp"] + c["fp"] + c["tn"] + c["fn"])


def training(o):
    text = f"{o['optimizer']} lr {o['lr']}"
    if o.get("lr_decay", "none") != "none":
        text += f" ({o['lr_decay']} decay to {o['lr_final']:g} lr)"
    if o.get("average_last", 0) > 0:
        text += f", iterates of the last {o['average_last']} epochs averaged"
    return text


def table(result):
    gap = result["gap"]
    o = result["options"]
    groups = len(result["methods"][0]["runs"][0]["test"]["groups"])
    comparison = f"{o['comparison']} over {groups} groups, " if groups > 2 else ""
    model = "logistic regression" if not o["hidden"] else "MLP " + "-".join(str(w) for w in o["hidden"])
    lines = [f"**{result['dataset']}**; constraint `{o['constraint']}` ({comparison}reported gap `{gap}`), surrogate "
             f"`{o['surrogate']}`, {model}, {training(o)}, {o['epochs']} epochs, batches of "
             f"{o['batch_size']}{' (stratified)' if o['stratified'] else ''}, {o['seeds']} seeds, "
             f"etas {', '.join(str(e) for e in o['sweep']) or o['eta']} (NVP on validation).", "",
             "| method | etas chosen | test accuracy, median [min, max] | mean | test gap, median [min, max] "
             "| mean | train s (median) | collapsed (all runs) |",
             "|---|---|---|---|---|---|---|---|"]
    for m in result["methods"]:
        chosen = [m["runs"][c["run"]] for c in m["chosen"]]
        acc = stats([r["test"]["accuracy"] for r in chosen])
        g = stats([r["test"]["gaps"][gap]["value"] for r in chosen])
        seconds = stats([r["train_seconds"] for r in chosen])
        etas = sorted({r["eta"] for r in chosen if r["eta"] is not None})
        lines.append(f"| {m['method']} | {', '.join(f'{e:g}' for e in etas) or '-'} | {cell(acc)} | {mean(acc)} | "
                     f"{cell(g)} | {mean(g)} | {seconds['median']:.2f} | "
                     f"{sum(collapsed(r) for r in chosen)} of {len(chosen)} "
                     f"({sum(collapsed(r) for r in m['runs'])} of {len(m['runs'])}) |")
    return "\n".join(lines)


def main(files):
    if not files:
        sys.exit(__doc__)
    for path in files:
        with open(path) as f:
            print(table(json.load(f)))
            print()


if __name__ == "__main__":
    main(sys.argv[1:])
