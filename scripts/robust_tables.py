#!/usr/bin/env python3
"""The tables, findings and pictures of docs/results.md from docs/runs/robust/.

Reads runs.json (scripts/robust_collect.py) and model_error.json, and rewrites every block of
docs/results.md between a line `<!-- robust:NAME -->` and the next `<!-- /robust -->` with the
block NAME built here, so that a rerun of the study regenerates every number on the page:
  sweep-SETUP-DATA   per solver and radius over the seeds: runs, collapsed runs (one class
                     predicted for the whole test set), seeds whose independence gap exceeds the
                     same seed's non-robust one, test accuracy and the five gaps as median [min, max];
  findings-SETUP     sentences read off those tables (collapse counts, gap changes, random);
  timing-SETUP       epoch seconds (inner + outer) of TRS and of PGD in three styles, the ratio
                     PGD / TRS per seed as median [min, max], PGD iterations per sample;
  mlp                the Adult MLP's epoch seconds;
  error              the quadratic-model error per radius and its fitted log-log slope;
  reference          the reference's reported numbers beside ours.
Pictures (gnuplot, docs/img/robust-SETUP-DATA.png): accuracy and each gap against the radius
per solver, median with min-max bars; docs/img/robust-model-error.png.
Usage: scripts/robust_tables.py [--runs docs/runs/robust] [--doc docs/results.md] [--img docs/img]
"""
import argparse
import json
import math
import pathlib
import re
import statistics
import subprocess

GAPS = [("indep", "indep."), ("sep0", "sep. y=0"), ("sep1", "sep. y=1"), ("suff0", "suff. yhat=0"),
        ("suff1", "suff. yhat=1")]
SOLVERS = ["trs", "pgd", "random"]
DATASETS = ["unfair2d", "lsat", "adult"]
SETUPS = ["ours", "reference"]
STYLES = ["fixed", "practical", "reference"]
COLOURS = {"none": "#000000", "trs": "#4477aa", "pgd": "#ee6677", "random": "#228833"}


def med(values, digits=3):
    values = [v for v in values if v is not None]
    return f"{statistics.median(values):.{digits}f}" if values else "undef"


def spread(values, digits=3):
    defined = [v for v in values if v is not None]
    if not defined:
        return "undef"
    text = f"{statistics.median(defined):.{digits}f} [{min(defined):.{digits}f}, {max(defined):.{digits}f}]"
    return text + ("*" if len(defined) < len(values) else "")


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


class Runs:
    def __init__(self, runs):
        self.runs = runs

    def select(self, **conditions):
        return [r for r in self.runs if all(r.get(k) == v for k, v in conditions.items())]

    def radii(self, **conditions):
        return sorted({r["radius"] for r in self.select(**conditions) if r["radius"] is not None})


def pgd_matches_trs(runs, base):
    """Whether the fixed PGD gave the same test results as TRS in every seed and radius."""
    pairs = [(a, b) for a in runs.select(solver="trs", **base)
             for b in runs.select(solver="pgd", style="fixed", radius=a["radius"], seed=a["seed"], **base)]
    return bool(pairs) and all(a["accuracy"] == b["accuracy"] and a["gaps"] == b["gaps"] for a, b in pairs)


def sweep_rows(runs, setup, data):
    base = dict(part="sweep", setup=setup, data=data, model="logistic")
    none = {r["seed"]: r for r in runs.select(solver="none", **base)}
    rows = []

    def row(label, radius, group):
        widened = sum(1 for r in group if r["seed"] in none and r["gaps"]["indep"] is not None
                      and none[r["seed"]]["gaps"]["indep"] is not None
                      and r["gaps"]["indep"] > none[r["seed"]]["gaps"]["indep"])
        rows.append([label, "-" if radius is None else f"{radius:.2f}", len(group),
                     sum(r["collapsed"] for r in group), "-" if radius is None else widened,
                     spread([r["accuracy"] for r in group])] +
                    [spread([r["gaps"][k] for r in group]) for k, _ in GAPS])

    row("none", None, list(none.values()))
    for solver in [s for s in SOLVERS if s != "pgd" or not pgd_matches_trs(runs, base)]:
        for radius in runs.radii(solver=solver, **base):
            row(solver, radius, runs.select(solver=solver, radius=radius, style="fixed" if solver == "pgd" else None,
                                            **base))
    return rows


def sweep_block(runs, setup, data):
    base = dict(part="sweep", setup=setup, data=data, model="logistic")
    some = runs.select(**base)
    if not some:
        return "(no runs)"
    r0 = some[0]
    seeds = sorted({r["seed"] for r in some})
    head = (f"{len(seeds)} seeds ({', '.join(str(s) for s in seeds)}), {r0['epochs']} epochs, batches of "
            f"{r0['batch_size']}, {r0['train_samples']} training / {r0['test_samples']} test rows. "
            "Cells: median [min, max] over the seeds (`*`: undefined in some seeds, left out)."
            + (" PGD (10 steps of r/4) gave the same test results as TRS in every seed and radius; its rows are "
               "left out." if pgd_matches_trs(runs, base) else "") + "\n\n")
    header = ["solver", "radius", "runs", "collapsed", "indep. wider", "accuracy"] + [h for _, h in GAPS]
    return head + table(header, sweep_rows(runs, setup, data))


def counts_text(runs, base, solver, what):
    parts = []
    for radius in runs.radii(solver=solver, **base):
        group = runs.select(solver=solver, radius=radius, style="fixed" if solver == "pgd" else None, **base)
        parts.append((radius, what(group), len(group)))
    return parts


def findings_block(runs, setup):
    lines = []
    for data in DATASETS:
        base = dict(part="sweep", setup=setup, data=data, model="logistic")
        none = {r["seed"]: r for r in runs.select(solver="none", **base)}
        if not none:
            continue
        collapsed = counts_text(runs, base, "trs", lambda g: sum(r["collapsed"] for r in g))
        hit = [f"{c} of {n} at r = {r:.2f}" for r, c, n in collapsed if c]
        lines.append(f"- **{data}**, TRS: collapsed runs (one class for every test point): "
                     + ("; ".join(hit) if hit else "none") + ".")
        wider = counts_text(runs, base, "trs", lambda g: sum(
            1 for r in g if r["seed"] in none and not r["collapsed"] and r["gaps"]["indep"] is not None
            and none[r["seed"]]["gaps"]["indep"] is not None and r["gaps"]["indep"] > none[r["seed"]]["gaps"]["indep"]))
        hit = [f"{c} at r = {r:.2f}" for r, c, _ in wider if c]
        lines.append(f"  Seeds where TRS leaves a larger independence gap than the same seed's non-robust model "
                     f"(collapsed runs not counted): " + ("; ".join(hit) if hit else "none") + ".")
        lines.append("  TRS and PGD (10 steps of r/4) give identical test results in every seed and radius."
                     if pgd_matches_trs(runs, base) else "  TRS and PGD (10 steps of r/4) differ in some runs.")
        deltas = []
        for r in runs.select(solver="random", **base):
            n = none.get(r["seed"])
            if n is None:
                continue
            deltas.append(abs(r["accuracy"] - n["accuracy"]))
            deltas += [abs(r["gaps"][k] - n["gaps"][k]) for k, _ in GAPS
                       if r["gaps"][k] is not None and n["gaps"][k] is not None]
        if deltas:
            lines.append(f"  Random perturbation against the same seed's non-robust model: accuracy and gaps move "
                         f"by at most {max(deltas):.3f} (median {statistics.median(deltas):.3f}).")
    return "\n".join(lines)


def timing_block(runs, setup):
    rows = []
    for data in DATASETS:
        base = dict(part="timing", setup=setup, data=data, model="logistic")
        for radius in runs.radii(solver="trs", **base):
            trs = {r["seed"]: r["epoch_s_min"] for r in runs.select(solver="trs", radius=radius, **base)}
            row = [data, f"{radius:.2f}", len(trs), med(trs.values(), 4)]
            for style in STYLES:
                pgd = runs.select(solver="pgd", style=style, radius=radius, **base)
                row.append(med([r["epoch_s_min"] for r in pgd], 4))
                row.append(spread([r["epoch_s_min"] / trs[r["seed"]] for r in pgd if r["seed"] in trs], 1))
                row.append(med([r["iterations"] for r in pgd], 1))
            rows.append(row)
    if not rows:
        return "(no runs)"
    header = ["data", "radius", "seeds", "TRS s/epoch"]
    for style in STYLES:
        header += [f"PGD {style} s/epoch", f"{style} / TRS", f"{style} iterations"]
    some = runs.select(part="timing", setup=setup, model="logistic")[0]
    return (f"{some['epochs']} epochs per run; epoch time = inner solve + outer step, the faster of the run's epochs "
            "(the least disturbed by other jobs); ratio = PGD "
            "epoch / TRS epoch of the same seed, median [min, max]; iterations = PGD gradients per sample "
            "(for the reference style, per batch: its samples move together).\n\n" + table(header, rows))


def mlp_block(runs):
    rows = []
    for radius in runs.radii(part="timing", model="mlp64", solver="trs"):
        group = {s: runs.select(part="timing", model="mlp64", solver=s, radius=radius) for s in ("trs", "pgd")}
        rows.append([f"{radius:.2f}", len(group["trs"])] +
                    [spread([r["inner_s"] for r in group[s]], 4) for s in ("trs", "pgd")] +
                    [spread([r["inner_s"] + r["outer_s"] for r in group[s]], 4) for s in ("trs", "pgd")])
    if not rows:
        return "(no runs)"
    return table(["radius", "seeds", "TRS inner s/epoch", "PGD inner s/epoch", "TRS epoch s", "PGD epoch s"], rows)


def slope(points):
    xs = [math.log(r) for r, e in points if e > 0]
    ys = [math.log(e) for r, e in points if e > 0]
    if len(xs) < 2:
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def error_series(doc):
    out = {}
    for entry in doc.get("results", []):
        name = entry["dataset"].split(",")[0].split(" (")[0]
        model = "MLP " + "-".join(str(h) for h in entry["model"]["hidden"]) if entry["model"]["hidden"] else "logistic"
        out[f"{name}, {model}"] = [(c["radius"], c["max_model_error"]) for c in entry["radii"]]
    return out


def error_block(doc):
    series = error_series(doc)
    if not series:
        return "(no runs)"
    radii = sorted({r for s in series.values() for r, _ in s})
    header = ["radius"] + list(series)
    rows = [[f"{r:g}"] + [f"{dict(s).get(r, float('nan')):.3g}" for s in series.values()] for r in radii]
    for label, bound in (("slope, r <= 0.2", 0.2), ("slope, all radii", math.inf)):
        fits = [slope([(r, e) for r, e in s if r <= bound]) for s in series.values()]
        rows.append([label] + [f"{f:.2f}" if f is not None else "undef" for f in fits])
    return ("Max over the test samples of |L(x + p) - L(x) - q(p)| at the TRS step p; slope = least-squares fit "
            "of log error against log radius.\n\n" + table(header, rows))


def reference_block(runs):
    def acc(setup, data, solver, radius=None):
        sel = runs.select(part="sweep", setup=setup, data=data, model="logistic", solver=solver, radius=radius,
                          style="fixed" if solver == "pgd" else None)
        return spread([100 * r["accuracy"] for r in sel], 1) if sel else "not run"

    def epoch(setup, data, radius):
        sel = runs.select(part="timing", setup=setup, data=data, model="logistic", solver="trs", radius=radius)
        return spread([r["inner_s"] + r["outer_s"] for r in sel], 3) if sel else "not run"

    rows = [
        ["Adult, non-robust, accuracy %", "81.2", acc("reference", "adult", "none"), acc("ours", "adult", "none")],
        ["Adult, TRS r = 0.1, accuracy %", "80.7", acc("reference", "adult", "trs", 0.1), acc("ours", "adult", "trs", 0.1)],
        ["Adult, TRS r = 0.2, accuracy %", "79.7", acc("reference", "adult", "trs", 0.2), acc("ours", "adult", "trs", 0.2)],
        ["Unfair2D, TRS r = 0.2, accuracy %", "67", acc("reference", "unfair2d", "trs", 0.2),
         acc("ours", "unfair2d", "trs", 0.2)],
        ["Adult, TRS epoch, s (r = 0.1)", "12-13", epoch("reference", "adult", 0.1), epoch("ours", "adult", 0.1)],
    ]
    return table(["quantity", "reference (paper)", "parity, reference set-up", "parity, own set-up"], rows)


def write_picture(runs, setup, data, img):
    base = dict(part="sweep", setup=setup, data=data, model="logistic")
    if not runs.select(**base):
        return
    stem = f"robust-{setup}-{data}"
    dat = img / f"{stem}.dat"
    blocks = []
    none = runs.select(solver="none", **base)
    radii = runs.radii(solver="trs", **base)
    for solver in ["none"] + SOLVERS:
        lines = [f"# {solver}: radius, then median min max of accuracy and of each gap"]
        for radius in radii:
            group = none if solver == "none" else runs.select(
                solver=solver, radius=radius, style="fixed" if solver == "pgd" else None, **base)
            cols = [radius]
            for values in [[r["accuracy"] for r in group]] + [[r["gaps"][k] for r in group] for k, _ in GAPS]:
                values = [v for v in values if v is not None]
                cols += [statistics.median(values), min(values), max(values)] if values else [math.nan] * 3
            lines.append(" ".join(f"{c:.6g}" for c in cols))
        blocks.append("\n".join(lines))
    dat.write_text("\n\n\n".join(blocks) + "\n")
    panels = [("accuracy", 2)] + [(h, 5 + 3 * i) for i, (_, h) in enumerate(GAPS)]
    # Solvers side by side: each shifted by a fraction of the radius step, so that bars do not hide
    # each other (TRS and PGD often coincide).
    step = min(b - a for a, b in zip(radii, radii[1:])) if len(radii) > 1 else 0.01
    gp = [f"set terminal pngcairo size 1200,760 font ',10'", f'set output "{stem}.png"',
          "set multiplot layout 2,3 title \"" + f"{data}, {setup} set-up: median over the seeds, bars min-max; "
          "solvers shifted apart along the radius" + "\"",
          "set grid", "set key below horizontal", "set termoption noenhanced", "set xlabel 'radius'"]
    for title, col in panels:
        plots = []
        for i, solver in enumerate(["none"] + SOLVERS):
            shift = (i - 2) * 0.15 * step
            style = "lines dt 2" if solver == "none" else f"yerrorlines pt {7 if solver != 'pgd' else 6} ps 0.6"
            using = f"1:{col}" if solver == "none" else f"($1+{shift:.6g}):{col}:{col + 1}:{col + 2}"
            plots.append(f'"{stem}.dat" index {i} using {using} with {style} lc rgb "{COLOURS[solver]}" title "{solver}"')
        gp += [f"set title '{title}'", "plot " + ", ".join(plots)]
    gp.append("unset multiplot")
    (img / f"{stem}.gp").write_text("\n".join(gp) + "\n")
    subprocess.run(["gnuplot", f"{stem}.gp"], cwd=img, check=True)


def write_error_picture(doc, img):
    series = error_series(doc)
    if not series:
        return
    blocks = ["\n".join(f"{r:.6g} {e:.6g}" for r, e in s if e > 0) for s in series.values()]
    (img / "robust-model-error.dat").write_text("\n\n\n".join(blocks) + "\n")
    plots = [f'"robust-model-error.dat" index {i} with linespoints pt 7 title "{name} (slope {slope(s):.2f})"'
             for i, (name, s) in enumerate(series.items())]
    plots.append("x**3 with lines dt 2 lc rgb '#888888' title 'r^3'")
    gp = ["set terminal pngcairo size 720,480 font ',10'", 'set output "robust-model-error.png"', "set logscale xy",
          "set grid", "set key top left", "set termoption noenhanced", "set xlabel 'radius'",
          "set ylabel 'max |L(x+p) - L(x) - q(p)|'", "plot " + ", ".join(plots)]
    (img / "robust-model-error.gp").write_text("\n".join(gp) + "\n")
    subprocess.run(["gnuplot", "robust-model-error.gp"], cwd=img, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", default="docs/runs/robust")
    parser.add_argument("--doc", default="docs/results.md")
    parser.add_argument("--img", default="docs/img")
    args = parser.parse_args()
    folder = pathlib.Path(args.runs)
    runs = Runs(json.loads((folder / "runs.json").read_text())["runs"])
    error_file = folder / "model_error.json"
    error = json.loads(error_file.read_text()) if error_file.exists() else {}
    img = pathlib.Path(args.img)
    blocks = {"mlp": mlp_block(runs), "error": error_block(error), "reference": reference_block(runs)}
    for setup in SETUPS:
        blocks[f"findings-{setup}"] = findings_block(runs, setup)
        blocks[f"timing-{setup}"] = timing_block(runs, setup)
        for data in DATASETS:
            blocks[f"sweep-{setup}-{data}"] = sweep_block(runs, setup, data)
            write_picture(runs, setup, data, img)
    write_error_picture(error, img)
    doc = pathlib.Path(args.doc)
    text = doc.read_text()
    used = set()

    def replace(match):
        used.add(match.group(1))
        return f"<!-- robust:{match.group(1)} -->\n{blocks[match.group(1)]}\n<!-- /robust -->"

    text = re.sub(r"<!-- robust:([\w-]+) -->\n.*?<!-- /robust -->", replace, text, flags=re.S)
    doc.write_text(text)
    missing = sorted(set(blocks) - used)
    print(f"rewrote {len(used)} blocks of {doc}" + (f"; not on the page: {', '.join(missing)}" if missing else ""))


if __name__ == "__main__":
    main()
