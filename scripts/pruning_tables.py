#!/usr/bin/env python3
"""Markdown tables from the JSON files of `parity prune --out`.

For every file and sparsity: per method the number of runs and of collapsed runs (a constant
predictor, whose gaps say nothing about fairness), then over the seeds the overall and per-group
test accuracy, the groups' accuracy drops from the dense model, the minority's drop minus the
majority's, the performance gap (Def. 1 of BiFP: max - min group accuracy) and the degradation gap
(Def. 3: max - min drop), as median [min, max], and the mean steps of the optimisers.
With --targets S, the checks of docs/pruning.md at sparsity S (means over the seeds):
  magnitude:       drop of group 1 - drop of group 0 >= 0.15 (synth: minority - majority), with the
                   number of seeds where it holds;
  bifp:            performance gap <= 0.5 x magnitude's and <= 0.5 x bip's;
                   accuracy >= magnitude's - 0.01;
  bifp-pdf:        degradation gap <= magnitude's;
  ablations:       share of bifp's gain over bip that each keeps, (gap_bip - gap_x) / (gap_bip - gap_bifp);
  magnitude+fair-ft: its accuracy cost against magnitude, and its gap;
  iterations:      optimiser steps (weight + score) after which bifp and magnitude+fair-ft first reach
                   the larger of their two final performance gaps, per seed; the same for bifp-pdf
                   and magnitude+fair-ft-pdf with the degradation gap (BiFP's Fig. 6 notion); and the
                   steps after which each first has bifp's final gap at an accuracy at most 0.01
                   below bifp's final one (a gap bought by lost accuracy does not count).
With --imp: one row per file of imp runs (its rewind epoch and epochs after the dense model).
With --bench FILE (bench/prune_bench --benchmark_out=FILE): the epoch times and the ratios
bifp/plain and bifp/magnitude of every repetition, median [min, max].
Usage: scripts/pruning_tables.py [--targets 0.95] r1.json [r2.json ...]
       scripts/pruning_tables.py --bench prune_bench.json
       scripts/pruning_tables.py --imp 0.95 r1.json [r2.json ...]
"""
import json
import statistics
import sys


def cell(values, digits=3):
    values = [v for v in values if v is not None]
    if not values:
        return "undef"
    return f"{statistics.median(values):.{digits}f} [{min(values):.{digits}f}, {max(values):.{digits}f}]"


def med(values, digits=3):
    return f"{statistics.median(values):.{digits}f}" if values else "undef"


def mean(values):
    return statistics.fmean(values) if values else float("nan")


def runs_of(doc, method, sparsity):
    return [r for r in doc["runs"] if r["method"] == method and r["sparsity"] == sparsity]


def methods_of(doc):
    return doc["options"]["methods"]


def table(doc, sparsity):
    groups = doc["groups"]
    header = ["method", "runs", "collapsed", "accuracy"]
    header += [f"acc {g}" for g in groups] + [f"drop {g}" for g in groups]
    if len(groups) == 2:
        header.append(f"drop {groups[1]} - drop {groups[0]}")
    header += ["perf. gap", "degr. gap", "steps"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for m in methods_of(doc):
        runs = runs_of(doc, m, sparsity)
        row = [m, str(len(runs)), str(sum(r["collapsed"] for r in runs)), cell([r["accuracy"] for r in runs])]
        row += [med([r["group_accuracy"][g] for r in runs]) for g in range(len(groups))]
        row += [med([r["group_drop"][g] for r in runs]) for g in range(len(groups))]
        if len(groups) == 2:
            row.append(cell([r["group_drop"][1] - r["group_drop"][0] for r in runs]))
        row += [cell([r["performance_gap"] for r in runs]), cell([r["degradation_gap"] for r in runs])]
        row.append(f"{mean([r['weight_steps'] + r['score_steps'] for r in runs]):.0f}")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def dense_line(doc):
    acc = [d["test"]["accuracy"] for d in doc["dense"]]
    groups = doc["groups"]
    per_group = []
    for g in range(len(groups)):
        per_group.append(med([r["dense_group_accuracy"][g] for r in doc["runs"] if r["sparsity"] == doc["runs"][0]["sparsity"]
                              and r["method"] == doc["runs"][0]["method"]]))
    return (f"dense model: test accuracy {cell(acc)} over {len(acc)} seeds; per group (median) "
            + ", ".join(f"{g} {a}" for g, a in zip(groups, per_group)))


def first_reaching(history, key, target, accuracy=0.0):
    for h in history:
        if h[key] <= target and h["accuracy"] >= accuracy:
            return h["weight_steps"] + h["score_steps"]
    return None


def check(label, ok, detail):
    return f"| {label} | {detail} | {'met' if ok else 'missed'} |"


def targets(doc, s):
    def means(method, key):
        runs = runs_of(doc, method, s)
        return mean([r[key] for r in runs]) if runs else None

    out = [f"\ntargets at sparsity {s} (means over seeds):\n", "| target | measured | |", "|---|---|---|"]
    have = set(methods_of(doc))
    if "magnitude" in have and len(doc["groups"]) == 2:
        runs = runs_of(doc, "magnitude", s)
        diffs = [r["group_drop"][1] - r["group_drop"][0] for r in runs]
        g = doc["groups"]
        out.append(check(f"magnitude: drop {g[1]} - drop {g[0]} >= 0.15", mean(diffs) >= 0.15,
                         f"{mean(diffs):.3f} (>= 0.15 in {sum(d >= 0.15 for d in diffs)} of {len(diffs)} seeds)"))
    if {"magnitude", "bifp"} <= have:
        ratio = means("bifp", "performance_gap") / means("magnitude", "performance_gap")
        out.append(check("bifp perf. gap <= 0.5 x magnitude's", ratio <= 0.5,
                         f"{means('bifp', 'performance_gap'):.3f} vs {means('magnitude', 'performance_gap'):.3f} "
                         f"({ratio:.2f}x)"))
        da = means("bifp", "accuracy") - means("magnitude", "accuracy")
        out.append(check("bifp accuracy >= magnitude's - 0.01", da >= -0.01,
                         f"{means('bifp', 'accuracy'):.3f} vs {means('magnitude', 'accuracy'):.3f} ({da:+.3f})"))
    if {"bip", "bifp"} <= have:
        ratio = means("bifp", "performance_gap") / means("bip", "performance_gap")
        out.append(check("bifp perf. gap <= 0.5 x bip's", ratio <= 0.5,
                         f"{means('bifp', 'performance_gap'):.3f} vs {means('bip', 'performance_gap'):.3f} ({ratio:.2f}x)"))
    if {"magnitude", "bifp-pdf"} <= have:
        a, b = means("bifp-pdf", "degradation_gap"), means("magnitude", "degradation_gap")
        out.append(check("bifp-pdf degr. gap <= magnitude's", a <= b, f"{a:.3f} vs {b:.3f}"))
    if {"bip", "bifp"} <= have:
        gain = means("bip", "performance_gap") - means("bifp", "performance_gap")
        for ablation in ("bifp-no-mask", "bifp-no-weight"):
            if ablation in have:
                kept = (means("bip", "performance_gap") - means(ablation, "performance_gap")) / gain
                out.append(check(f"{ablation} keeps less than half of bifp's gain over bip", kept < 0.5,
                                 f"gap {means(ablation, 'performance_gap'):.3f}, keeps {kept:.2f} of the gain"))
    if {"magnitude", "magnitude+fair-ft"} <= have:
        cost = means("magnitude", "accuracy") - means("magnitude+fair-ft", "accuracy")
        out.append(f"| magnitude+fair-ft (P&F): accuracy cost vs magnitude, perf. gap | {cost:+.3f}, gap "
                   f"{means('magnitude+fair-ft', 'performance_gap'):.3f} | reported |")
    for ours, baseline, key, name in (("bifp", "magnitude+fair-ft", "performance_gap", "performance"),
                                      ("bifp-pdf", "magnitude+fair-ft-pdf", "degradation_gap", "degradation")):
        if {ours, baseline} <= have:
            out += steps_to_reach(doc, s, ours, baseline, key, name)
    return "\n".join(out)


def steps_to_reach(doc, s, ours, baseline, key, name):
    rows, ratios = [], []
    for a, b in zip(runs_of(doc, ours, s), runs_of(doc, baseline, s)):
        target = max(a[key], b[key])
        sa, sb = first_reaching(a["history"], key, target), first_reaching(b["history"], key, target)
        rows.append(f"seed {a['seed']}: gap {target:.3f}, {ours} {sa} steps, P&F {sb} steps")
        ratios.append(sa / sb)
    out = [f"\nsteps to reach the larger final {name} gap of {ours} and {baseline} (after the dense model):\n"]
    out += [f"- {r}" for r in rows]
    out.append(f"- {ours} steps / P&F steps: {cell(ratios, 2)} (the paper's claim, 94 % fewer, is a ratio of 0.06)")
    out.append(f"\nsteps to reach {ours}'s final {name} gap at no more than 0.01 below its final accuracy:\n")
    missed = 0
    for a, b in zip(runs_of(doc, ours, s), runs_of(doc, baseline, s)):
        floor = a["accuracy"] - 0.01
        sa, sb = first_reaching(a["history"], key, a[key], floor), first_reaching(b["history"], key, a[key], floor)
        missed += sb is None
        out.append(f"- seed {a['seed']}: gap {a[key]:.3f}, accuracy >= {floor:.3f}: {ours} {sa} steps, "
                   f"P&F {'not within its ' + str(b['weight_steps'] + b['score_steps']) if sb is None else sb} steps")
    out.append(f"- P&F did not get there in {missed} of {len(runs_of(doc, ours, s))} seeds")
    return out


def imp_table(paths, s):
    header = ["file", "rewound to", "epochs after dense", "runs", "accuracy", "drop majority", "drop minority",
              "perf. gap", "degr. gap"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for path in paths:
        with open(path) as f:
            doc = json.load(f)
        runs = runs_of(doc, "imp", s)
        rewind = doc["options"].get("rewind_epoch")
        to = "trained dense model" if rewind is None else ("initialisation" if rewind == 0 else f"epoch {rewind}")
        row = [path.split("/")[-1], to, str(doc["options"]["epochs"]), str(len(runs)),
               cell([r["accuracy"] for r in runs]), med([r["group_drop"][0] for r in runs]),
               med([r["group_drop"][1] for r in runs]), cell([r["performance_gap"] for r in runs]),
               cell([r["degradation_gap"] for r in runs])]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def bench(path):
    with open(path) as f:
        doc = json.load(f)
    runs = [b for b in doc["benchmarks"] if b.get("run_type") == "iteration"]
    keys = ["plain_ms", "magnitude_ms", "bifp_ms", "bifp/plain", "bifp/magnitude"]
    lines = ["| " + " | ".join(["repetitions"] + keys) + " |", "|" + "---|" * (len(keys) + 1)]
    lines.append("| " + " | ".join([str(len(runs))] + [cell([r[k] for r in runs], 2) for k in keys]) + " |")
    return "\n".join(lines)


def main(argv):
    if len(argv) == 2 and argv[0] == "--bench":
        print(bench(argv[1]))
        return 0
    if len(argv) >= 3 and argv[0] == "--imp":
        print(imp_table(argv[2:], float(argv[1])))
        return 0
    at = None
    if len(argv) >= 2 and argv[0] == "--targets":
        at = float(argv[1])
        argv = argv[2:]
    if not argv:
        print(__doc__)
        return 2
    for path in argv:
        with open(path) as f:
            doc = json.load(f)
        print(f"### {path}: {doc['dataset']}\n")
        print(dense_line(doc) + "\n")
        for s in doc["options"]["sparsities"]:
            print(f"sparsity {s}:\n")
            print(table(doc, s) + "\n")
        if at is not None:
            print(targets(doc, at) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
