#!/usr/bin/env python3
"""Markdown tables from the JSON files of `parity linearize --out`.

For every file: the dense model's per-seed diagnostics (gradient norm, softmax margin, top Hessian
eigenvalue of the pooled majority and minority groups), then per ReLU count and method, over the
seeds, the test accuracy overall and of the pooled groups, both groups' accuracy drops from the
dense model and the minority's minus the majority's, and the degradation gap (largest minus
smallest drop over the groups), as median [min, max]; and the diagnostics of every model.
With --targets: the checks of docs/linearisation.md.
  matthew:     at the ReLU count nearest 5 % of the locations, SNL's minority drop >= 5 x the majority's
               and >= 0.10, per seed;
  dense:       minority gradient norm > majority's and minority margin < majority's, per seed;
  snl vs cull: minority drop of SNL and of the layer cull at each count the cull gives, per seed;
  mitigation:  per count and mu, the paired change against plain fine-tuning of the same model and
               seed: degradation gap (relative), accuracy (points), majority and minority accuracy;
               met when the median gap falls by >= 30 % with the median accuracy within 2 points;
  time:        SNL epoch / dense epoch, per seed.
Usage: scripts/linearisation_tables.py [--targets] r1.json [r2.json ...]
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
    values = [v for v in values if v is not None]
    return f"{statistics.median(values):.{digits}f}" if values else "undef"


def row(cells):
    return "| " + " | ".join(str(c) for c in cells) + " |"


def header(cells):
    return [row(cells), "|" + "---|" * len(cells)]


def runs_of(doc, method, relus):
    return [r for r in doc["runs"] if r["method"] == method and r["relus"] == relus]


def methods(doc):
    names = ["dense", "snl"] + (["cull"] if doc["options"]["cull"] else [])
    plain = list(names[1:])
    if doc["options"]["mitigate"]:
        for m in plain:
            names += [f"{m} + mitigation mu={mu_text(mu)}" for mu in doc["options"]["mu"]]
    return names


def mu_text(mu):
    return f"{mu:.4f}" if mu < 0.01 else f"{mu:.3f}"


def pooled(run, key, group):
    values = run["pooled"][key]
    return values[group] if values else None


def accuracy_table(doc):
    lines = header(["ReLUs kept", "method", "runs", "accuracy", "acc majority", "acc minority", "drop majority",
                    "drop minority", "minority - majority", "degradation gap"])
    for relus in doc["relu_levels"]:
        for m in methods(doc):
            runs = runs_of(doc, m, relus)
            if not runs:
                continue
            lines.append(row([relus, m, len(runs), med([r["groups"]["accuracy"] for r in runs]),
                              med([pooled(r, "group_accuracy", 0) for r in runs]),
                              med([pooled(r, "group_accuracy", 1) for r in runs]),
                              cell([r["pooled_drop"][0] for r in runs]), cell([r["pooled_drop"][1] for r in runs]),
                              cell([r["pooled_drop"][1] - r["pooled_drop"][0] for r in runs]),
                              cell([r["degradation_gap"] for r in runs])]))
    return lines


def diagnostics_table(doc):
    lines = header(["ReLUs kept", "method", "grad norm maj", "grad norm min", "margin maj", "margin min",
                    "Hessian maj", "Hessian min"])
    for relus in doc["relu_levels"]:
        for m in methods(doc):
            runs = runs_of(doc, m, relus)
            if not runs or "mitigation" in m:
                continue
            lines.append(row([relus, m] + [med([pooled(r, key, g) for r in runs], digits)
                                           for key, digits in (("gradient_norm", 3), ("margin", 3), ("hessian", 1))
                                           for g in (0, 1)]))
    return lines


def dense_table(doc):
    lines = header(["seed", "accuracy", "acc maj", "acc min", "grad norm maj", "grad norm min", "margin maj",
                    "margin min", "Hessian maj", "Hessian min", "epoch s"])
    for d in doc["dense"]:
        p = d["pooled"]
        hess = p["hessian"] or [None, None]
        lines.append(row([d["seed"], f"{p['accuracy']:.4f}", f"{p['group_accuracy'][0]:.4f}",
                          f"{p['group_accuracy'][1]:.4f}", f"{p['gradient_norm'][0]:.3f}",
                          f"{p['gradient_norm'][1]:.3f}", f"{p['margin'][0]:.3f}", f"{p['margin'][1]:.3f}",
                          "undef" if hess[0] is None else f"{hess[0]:.1f}",
                          "undef" if hess[1] is None else f"{hess[1]:.1f}", f"{d['epoch_seconds']:.3f}"]))
    return lines


def by_seed(runs):
    return {r["seed"]: r for r in runs}


def targets(doc):
    out = []
    total = doc["relu_locations"]
    levels = [l for l in doc["relu_levels"] if l < total]
    five = min(levels, key=lambda l: abs(l - 0.05 * total))
    snl = runs_of(doc, "snl", five)
    ratios = [r["pooled_drop"][1] / r["pooled_drop"][0] if r["pooled_drop"][0] > 0 else float("inf") for r in snl]
    met = sum(1 for r, q in zip(snl, ratios) if q >= 5 and r["pooled_drop"][1] >= 0.10)
    out.append(f"- Matthew effect at {five} of {total} ReLUs (SNL): minority drop per seed "
               + ", ".join(f"{r['pooled_drop'][1]:.3f}" for r in snl) + "; majority drop "
               + ", ".join(f"{r['pooled_drop'][0]:.3f}" for r in snl) + "; ratio "
               + ", ".join("inf" if q == float("inf") else f"{q:.1f}" for q in ratios)
               + f"; seeds with ratio >= 5 and minority drop >= 0.10: {met} of {len(snl)}.")
    grad = sum(1 for d in doc["dense"] if d["pooled"]["gradient_norm"][1] > d["pooled"]["gradient_norm"][0])
    margin = sum(1 for d in doc["dense"] if d["pooled"]["margin"][1] < d["pooled"]["margin"][0])
    out.append(f"- Dense model: minority gradient norm larger in {grad} of {len(doc['dense'])} seeds; "
               f"minority margin smaller in {margin} of {len(doc['dense'])} seeds.")
    if doc["options"]["cull"]:
        for relus in levels:
            cull = by_seed(runs_of(doc, "cull", relus))
            snl_at = by_seed(runs_of(doc, "snl", relus))
            if not cull or not snl_at:
                continue
            seeds = sorted(set(cull) & set(snl_at))
            below = sum(1 for s in seeds if snl_at[s]["pooled_drop"][1] < cull[s]["pooled_drop"][1])
            out.append(f"- {relus} ReLUs: minority drop SNL {cell([snl_at[s]['pooled_drop'][1] for s in seeds])} "
                       f"vs cull {cell([cull[s]['pooled_drop'][1] for s in seeds])}; SNL lower in {below} of "
                       f"{len(seeds)} seeds.")
    if doc["options"]["mitigate"]:
        out.append("")
        out += header(["ReLUs kept", "method", "mu", "gap plain", "gap mitigated", "gap change", "accuracy change",
                       "majority acc change", "minority acc change", "met"])
        for relus in levels:
            for m in ["snl"] + (["cull"] if doc["options"]["cull"] else []):
                plain = by_seed(runs_of(doc, m, relus))
                if not plain:
                    continue
                for mu in doc["options"]["mu"]:
                    mitigated = by_seed(runs_of(doc, f"{m} + mitigation mu={mu_text(mu)}", relus))
                    seeds = sorted(set(plain) & set(mitigated))
                    gap_p = statistics.median(plain[s]["degradation_gap"] for s in seeds)
                    gap_m = statistics.median(mitigated[s]["degradation_gap"] for s in seeds)
                    change = (gap_m - gap_p) / gap_p if gap_p > 0 else float("nan")
                    acc = [mitigated[s]["groups"]["accuracy"] - plain[s]["groups"]["accuracy"] for s in seeds]
                    maj = [mitigated[s]["pooled"]["group_accuracy"][0] - plain[s]["pooled"]["group_accuracy"][0]
                           for s in seeds]
                    mino = [mitigated[s]["pooled"]["group_accuracy"][1] - plain[s]["pooled"]["group_accuracy"][1]
                            for s in seeds]
                    met = change <= -0.30 and statistics.median(acc) >= -0.02
                    out.append(row([relus, m, mu, f"{gap_p:.3f}", f"{gap_m:.3f}", f"{100 * change:+.0f} %",
                                    cell([100 * a for a in acc], 1), cell(maj), cell(mino), "yes" if met else "no"]))
    dense = {d["seed"]: d["epoch_seconds"] for d in doc["dense"]}
    ratios = [s["epoch_seconds"] / dense[s["seed"]] for s in doc["snl"] if dense.get(s["seed"])]
    if ratios:
        out.append("")
        out.append(f"- Time: an SNL epoch costs {cell(ratios, 2)} dense epochs (median [min, max] over seeds; "
                   f"SNL epoch {cell([s['epoch_seconds'] for s in doc['snl']], 3)} s, dense epoch "
                   f"{cell(list(dense.values()), 3)} s).")
    return out


def main(argv):
    with_targets = "--targets" in argv
    files = [a for a in argv if a != "--targets"]
    if not files:
        sys.exit(__doc__)
    for name in files:
        with open(name) as f:
            doc = json.load(f)
        o = doc["options"]
        print(f"### {name}\n")
        print(f"{doc['dataset']}; {len(doc['dense'])} seeds; {doc['relu_locations']} ReLU locations; "
              f"minority groups: {', '.join(doc['minority_groups'])}; hidden {o['hidden']}, fine-tuning "
              f"{o['epochs']} epochs.\n")
        print("Dense model per seed (test part; pooled groups):\n")
        print("\n".join(dense_table(doc)) + "\n")
        print("Accuracy and drops (test part; median [min, max] over seeds):\n")
        print("\n".join(accuracy_table(doc)) + "\n")
        print("Diagnostics (test part; medians over seeds):\n")
        print("\n".join(diagnostics_table(doc)) + "\n")
        if with_targets:
            print("Targets:\n")
            print("\n".join(targets(doc)) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
