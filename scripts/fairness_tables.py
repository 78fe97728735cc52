#!/usr/bin/env python3
"""Markdown tables from the JSON files of `parity fair --out`.

For every file: the dataset, the constrained gap, and per method the test accuracy and the test
gap of the run NVP chose per seed (median [min, max] and mean over the seeds), the etas chosen,
the median training time and how many runs collapsed, among the chosen ones and (in brackets)
among all of the method's runs: their test predictions are all one class (a constant predictor,
whose gaps are 0 without any fairness). Two columns put the test gap in proportion: the gap of
the same model on its training part (the data the constraint was imposed on), and the standard
error of the test gap from the test sample alone: for the two groups the gap compares, with
rates r_a, r_b estimated on n_a, n_b test rows, sqrt(r_a (1 - r_a) / n_a + r_b (1 - r_b) / n_b)
(for equalized odds, of the larger of the TPR and FPR differences).
With --per-eta, the table of every method's runs per eta instead (no selection): mean test
accuracy, test gap and training gap over the seeds, and how many seeds collapsed.
With --compare, one row per file named LABEL=FILE (runs of one study under several
configurations): per method the mean test accuracy / mean test gap of the chosen runs.
Usage: scripts/fairness_tables.py [--per-eta] r1.json [r2.json ...]
       scripts/fairness_tables.py --compare LABEL=r1.json LABEL=r2.json ...
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


def median(s, digits=4):
    return "undef" if s is None else f"{s['median']:.{digits}f}"


def mean(s, digits=4):
    return "undef" if s is None else f"{s['mean']:.{digits}f}"


def collapsed(run):
    """The run's flag, or for files written before it from the test report's overall confusion."""
    if "collapsed" in run:
        return run["collapsed"]
    c = run["test"]["overall"]
    predicted_positive = c["tp"] + c["fp"]
    return predicted_positive in (0, c["tp"] + c["fp"] + c["tn"] + c["fn"])


# The rate behind each gap: its confusion-matrix numerator and denominator cells.
RATES = {
    "equal_opportunity_difference": [(("tp",), ("tp", "fn"))],
    "equalized_odds_difference": [(("tp",), ("tp", "fn")), (("fp",), ("fp", "tn"))],
    "demographic_parity_difference": [(("tp", "fp"), ("tp", "fp", "tn", "fn"))],
    "accuracy_parity_difference": [(("tp", "tn"), ("tp", "fp", "tn", "fn"))],
}


def gap_standard_error(report, gap):
    """Binomial standard error of a difference gap between the two groups it compares, or None."""
    g = report["gaps"][gap]
    if gap not in RATES or g["value"] is None:
        return None
    groups = {x["group"]: x for x in report["groups"]}
    pair = (groups[g["max_group"]], groups[g["min_group"]])
    best = None
    for numerator, denominator in RATES[gap]:
        diff, variance = 0.0, 0.0
        for sign, x in zip((1, -1), pair):
            n = sum(x[c] for c in denominator)
            if n == 0:
                return None
            r = sum(x[c] for c in numerator) / n
            diff += sign * r
            variance += r * (1 - r) / n
        if best is None or abs(diff) > best[0]:
            best = (abs(diff), variance ** 0.5)
    return best[1]


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
             "| mean | train gap (median) | test gap SE (median) | train s (median) | collapsed (all runs) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for m in result["methods"]:
        chosen = [m["runs"][c["run"]] for c in m["chosen"]]
        acc = stats([r["test"]["accuracy"] for r in chosen])
        g = stats([r["test"]["gaps"][gap]["value"] for r in chosen])
        train_gap = stats([r["train"]["gaps"][gap]["value"] if "train" in r else None for r in chosen])
        se = stats([gap_standard_error(r["test"], gap) for r in chosen])
        seconds = stats([r["train_seconds"] for r in chosen])
        etas = sorted({r["eta"] for r in chosen if r["eta"] is not None})
        lines.append(f"| {m['method']} | {', '.join(f'{e:g}' for e in etas) or '-'} | {cell(acc)} | {mean(acc)} | "
                     f"{cell(g)} | {mean(g)} | {median(train_gap)} | {median(se)} | {seconds['median']:.2f} | "
                     f"{sum(collapsed(r) for r in chosen)} of {len(chosen)} "
                     f"({sum(collapsed(r) for r in m['runs'])} of {len(m['runs'])}) |")
    return "\n".join(lines)


def per_eta_table(result):
    gap = result["gap"]
    o = result["options"]
    model = "logistic regression" if not o["hidden"] else "MLP " + "-".join(str(w) for w in o["hidden"])
    lines = [f"**{result['dataset']}**, constraint `{o['constraint']}`, {model}: every eta, means over "
             f"{o['seeds']} seeds (no selection).", "",
             "| method | eta | test accuracy | test gap | train gap | collapsed |", "|---|---|---|---|---|---|"]
    for m in result["methods"]:
        etas = []
        for r in m["runs"]:
            if r["eta"] not in etas:
                etas.append(r["eta"])
        for eta in sorted(etas, key=lambda e: -1 if e is None else e):
            runs = [r for r in m["runs"] if r["eta"] == eta]
            acc = stats([r["test"]["accuracy"] for r in runs])
            g = stats([r["test"]["gaps"][gap]["value"] for r in runs])
            train_gap = stats([r["train"]["gaps"][gap]["value"] if "train" in r else None for r in runs])
            lines.append(f"| {m['method']} | {'-' if eta is None else f'{eta:g}'} | {mean(acc)} | {mean(g)} | "
                         f"{mean(train_gap)} | {sum(collapsed(r) for r in runs)} of {len(runs)} |")
    return "\n".join(lines)


def compare_table(labelled):
    results = []
    for item in labelled:
        label, _, path = item.partition("=")
        with open(path) as f:
            results.append((label, json.load(f)))
    methods = [m["method"] for m in results[0][1]["methods"] if m["method"] not in ("none", "reweight")]
    lines = ["| constraint | configuration | " + " | ".join(methods) + " |", "|---" * (len(methods) + 2) + "|"]
    for label, result in results:
        cells = []
        for m in result["methods"]:
            if m["method"] not in methods:
                continue
            chosen = [m["runs"][c["run"]] for c in m["chosen"]]
            acc = stats([r["test"]["accuracy"] for r in chosen])
            g = stats([r["test"]["gaps"][result["gap"]]["value"] for r in chosen])
            cells.append(f"{mean(acc)} / {mean(g)}")
        lines.append(f"| {result['options']['constraint']} | {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(args):
    if args[:1] == ["--compare"]:
        print(compare_table(args[1:]))
        return
    make = per_eta_table if args[:1] == ["--per-eta"] else table
    files = args[1:] if make is per_eta_table else args
    if not files:
        sys.exit(__doc__)
    for path in files:
        with open(path) as f:
            print(make(json.load(f)))
            print()


if __name__ == "__main__":
    main(sys.argv[1:])
