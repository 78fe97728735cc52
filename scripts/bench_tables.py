#!/usr/bin/env python3
"""Markdown tables for docs/benchmarks.md from the JSON the benchmarks write.

  bench_tables.py hessian RUN.json [RUN.json ...] [--baseline BASE.json ...]
      hessian_bench output (--benchmark_out=RUN.json): per grid point the median over all runs and
      repetitions of the Hessian time, with its range, the gradient time, their ratio and the
      fraction of the GEMM rate. With baselines (runs of another build, interleaved with the runs),
      also the ratio of the median time to the baselines' median.
  bench_tables.py hessian-env RUN.json [RUN.json ...] --baseline TUNED.json [TUNED.json ...]
      hessian_bench runs in the default environment and, interleaved with them, runs with glibc's
      malloc tuned (--baseline): per grid point the median Hessian time in each environment with
      its range, their ratio, the hand-written sweep's median time, the median over iterations of
      input_hessians() time / hand-written time (default environment), the Hessian/gradient ratio
      and the fractions of the GEMM rate of both sweeps, counting all K-direction GEMMs or only
      those the sweeps perform (without the first layer's forward product). Runs with the libtorch
      comparator add libtorch's median time and the median over runs of the median over
      iterations of input_hessians() time / libtorch time (default environment).
  bench_tables.py per-radius RUN.json [--baseline BASE.json ...]
      `parity bench hessian-per-radius --out RUN.json`: one table per dataset; with baselines, the
      ratio of TRS and PGD times to the baselines' median at each radius.
  bench_tables.py per-radius-runs RUN.json [RUN.json ...]
      several runs of `parity bench hessian-per-radius` made one after the other: one table per
      dataset with, per radius, the median over runs of each time and of the speed-up (each run's
      PGD / TRS), ranges in parentheses, and the gradients each solver costs (time / gradient time).
  bench_tables.py trs-cost RUN.json
      `parity bench trs-cost --out RUN.json`: per model and batch size the gradient time and each
      stage in units of the same round's gradient, median (min-max) over rounds, with the targets
      (eigendecomposition + secular equation <= 1; whole solve <= d + 2) met or missed.
  bench_tables.py trs-cost-pairs RUN.json [RUN.json ...] --baseline BASE.json [BASE.json ...]
      trs-cost runs of two builds made alternately (BASE i before RUN i): per model and batch size
      the median over all rounds of each stage in gradients, for both builds.
  bench_tables.py per-radius-pairs RUN.json [RUN.json ...] --baseline BASE.json [BASE.json ...]
      runs made in pairs at the same time (RUN i beside BASE i, e.g. on two pinned cores): per
      dataset and timing, the median and range over pairs and radii of RUN time / BASE time.
"""
import json
import statistics
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def hessian_points(docs):
    """{(d, w, depth, B): {"hessian_us": [...], "grad_us": [...], "fraction": [...]}} over runs."""
    points = {}
    for b in (b for doc in docs for b in doc["benchmarks"]):
        if b.get("run_type") == "aggregate":
            continue
        parts = dict(p.split(":") for p in b["run_name"].split("/")[1:] if ":" in p)
        key = tuple(int(parts[k]) for k in ("d", "w", "depth", "B"))
        entry = points.setdefault(key, {"hessian_us": [], "grad_us": [], "fraction": [], "hand_us": [],
                                        "vs_hand": [], "hand_fraction": [], "performed": [],
                                        "hand_performed": [], "torch_us": [], "vs_torch": []})
        scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[b["time_unit"]]
        entry["hessian_us"].append(b["real_time"] * scale)
        entry["grad_us"].append(b["grad_us"])
        entry["fraction"].append(b["gemm_fraction"])
        if "hand_us" in b:
            entry["hand_us"].append(b["hand_us"])
            entry["vs_hand"].append(b["vs_hand"])
            entry["hand_fraction"].append(b["hand_gemm_fraction"])
            entry["performed"].append(b["performed_gemm_fraction"])
            entry["hand_performed"].append(b["hand_performed_gemm_fraction"])
        if "torch_us" in b:
            entry["torch_us"].append(b["torch_us"])
            entry["vs_torch"].append(b["vs_torch"])
    return points


def spread(values, digits):
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:.{digits}f}"
    return f"{med:.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def hessian_table(runs, baselines):
    points = hessian_points(runs)
    base = hessian_points(baselines) if baselines else {}
    header = ["d", "w", "depth", "B", "Hessians µs", "gradient µs", "Hessian/gradient", "fraction of GEMM"]
    if base:
        header.append("time / baseline")
    print("| " + " | ".join(header) + " |")
    print("|" + "--:|" * len(header))
    ratios = []
    for key in sorted(points, key=lambda k: (k[3], k[2], k[0], k[1])):
        p = points[key]
        h = statistics.median(p["hessian_us"])
        g = statistics.median(p["grad_us"])
        row = [str(v) for v in key]
        row += [spread(p["hessian_us"], 1), spread(p["grad_us"], 1), f"{h / g:.1f}", spread(p["fraction"], 2)]
        if base:
            reference = statistics.median(base[key]["hessian_us"])
            ratios.append(h / reference)
            row.append(f"{h / reference:.2f}")
        print("| " + " | ".join(row) + " |")
    if ratios:
        print(f"\nTime / baseline over the {len(ratios)} points: median {statistics.median(ratios):.2f}, "
              f"min {min(ratios):.2f}, max {max(ratios):.2f}.")


def hessian_env_table(runs, tuned_runs):
    points = hessian_points(runs)
    tuned = hessian_points(tuned_runs)
    header = ["d", "w", "depth", "B", "Hessians µs", "Hessians µs, tuned malloc", "default / tuned",
              "hand-written µs", "parity / hand-written", "Hessian/gradient", "fraction of GEMM",
              "hand-written fraction of GEMM", "fraction of performed GEMMs", "hand-written, performed"]
    with_torch = all(p["torch_us"] for p in points.values())
    if with_torch:
        header += ["libtorch µs", "parity / libtorch"]
    print("| " + " | ".join(header) + " |")
    print("|" + "--:|" * len(header))
    env_ratios = []
    hand_ratios = []
    torch_ratios = []
    for key in sorted(points, key=lambda k: (k[3], k[2], k[0], k[1])):
        p = points[key]
        h = statistics.median(p["hessian_us"])
        t = statistics.median(tuned[key]["hessian_us"])
        vs_hand = statistics.median(p["vs_hand"])
        env_ratios.append(h / t)
        hand_ratios.append((key, vs_hand))
        row = [str(v) for v in key]
        row += [spread(p["hessian_us"], 1), spread(tuned[key]["hessian_us"], 1), f"{h / t:.2f}",
                f"{statistics.median(p['hand_us']):.1f}", spread(p["vs_hand"], 2),
                f"{h / statistics.median(p['grad_us']):.1f}", spread(p["fraction"], 2),
                f"{statistics.median(p['hand_fraction']):.2f}", spread(p["performed"], 2),
                f"{statistics.median(p['hand_performed']):.2f}"]
        if with_torch:
            vs_torch = statistics.median(p["vs_torch"])
            torch_ratios.append((key, vs_torch))
            row += [f"{statistics.median(p['torch_us']):.1f}", spread(p["vs_torch"], 3)]
        print("| " + " | ".join(row) + " |")
    within = [k for k, r in hand_ratios if r <= 1.2]
    print(f"\nDefault / tuned over the {len(env_ratios)} points: median {statistics.median(env_ratios):.2f}, "
          f"min {min(env_ratios):.2f}, max {max(env_ratios):.2f}. Parity / hand-written: median "
          f"{statistics.median(r for _, r in hand_ratios):.2f}, max {max(r for _, r in hand_ratios):.2f}; "
          f"{len(within)} of {len(hand_ratios)} points within 1.2.")
    above = [f"{k} {r:.2f}" for k, r in hand_ratios if r > 1.2]
    if above:
        print("Above 1.2 (d, w, depth, B): " + ", ".join(above) + ".")
    if torch_ratios:
        small = [(k, r) for k, r in torch_ratios if k[0] <= 14 and k[3] == 32]
        print(f"Parity / libtorch: median {statistics.median(r for _, r in torch_ratios):.3f}, max "
              f"{max(r for _, r in torch_ratios):.3f}; faster at {sum(r < 1 for _, r in torch_ratios)} of "
              f"{len(torch_ratios)} points. At d <= 14, B = 32: max {max(r for _, r in small):.3f} "
              f"(libtorch / parity >= {1 / max(r for _, r in small):.1f}), at least 5x faster at "
              f"{sum(r <= 0.2 for _, r in small)} of {len(small)} points.")
        missed = [k for k, r in small if r > 0.2]
        if missed:
            hand_speedups = [f"{k} {statistics.median(points[k]['torch_us']) / statistics.median(points[k]['hand_us']):.1f}"
                             for k in missed]
            print("Libtorch / hand-written sweep (medians) at the points of d <= 14, B = 32 where parity is not "
                  "5x faster than libtorch: " + ", ".join(hand_speedups) + ".")


def per_radius_table(runs, baselines):
    run = runs[0]
    for index, result in enumerate(run["results"]):
        print(f"**{result['dataset']}** (test accuracy {result['test_accuracy']:.3f})\n")
        header = ["radius", "gradient ms", "Hessians ms", "TRS ms", "PGD ms", "PGD steps mean / max",
                  "unmatched", "speed-up", "max gap", "PGD better by", "max model error"]
        if baselines:
            header += ["TRS / baseline", "PGD / baseline"]
        print("| " + " | ".join(header) + " |")
        print("|" + "--:|" * len(header))
        for j, r in enumerate(result["radii"]):
            row = [f"{r['radius']:g}", f"{r['gradient_seconds'] * 1e3:.2f}", f"{r['hessian_seconds'] * 1e3:.2f}",
                   f"{r['trs_seconds'] * 1e3:.2f}", f"{r['pgd_seconds'] * 1e3:.2f}",
                   f"{r['mean_pgd_steps']:.1f} / {r['max_pgd_steps']}", str(r["pgd_unmatched"]),
                   f"{r['speedup']:.1f}x", f"{r['max_relative_gap']:.1e}", f"{r['max_pgd_advantage']:.1e}",
                   f"{r['max_model_error']:.1e}"]
            if baselines:
                rows = [b["results"][index]["radii"][j] for b in baselines]
                trs = statistics.median(b["trs_seconds"] for b in rows)
                pgd = statistics.median(b["pgd_seconds"] for b in rows)
                row += [f"{r['trs_seconds'] / trs:.2f}", f"{r['pgd_seconds'] / pgd:.2f}"]
            print("| " + " | ".join(row) + " |")
        print()


def per_radius_runs(runs, baselines):
    for index, result in enumerate(runs[0]["results"]):
        accuracy = [run["results"][index]["test_accuracy"] for run in runs]
        print(f"**{result['dataset']}** (test accuracy {statistics.median(accuracy):.3f}; {len(runs)} runs)\n")
        header = ["radius", "gradient ms", "Hessians ms", "TRS ms", "PGD ms", "TRS / gradient", "PGD / gradient",
                  "PGD steps mean / max", "unmatched", "speed-up", "max gap", "PGD better by", "max model error"]
        print("| " + " | ".join(header) + " |")
        print("|" + "--:|" * len(header))
        for j, r in enumerate(result["radii"]):
            rows = [run["results"][index]["radii"][j] for run in runs]
            ms = lambda key: [x[key] * 1e3 for x in rows]
            per_gradient = lambda key: statistics.median(x[key] / x["gradient_seconds"] for x in rows)
            row = [f"{r['radius']:g}", spread(ms("gradient_seconds"), 2), spread(ms("hessian_seconds"), 2),
                   spread(ms("trs_seconds"), 2), spread(ms("pgd_seconds"), 2),
                   f"{per_gradient('trs_seconds'):.1f}", f"{per_gradient('pgd_seconds'):.1f}",
                   f"{statistics.median(x['mean_pgd_steps'] for x in rows):.1f} / {max(x['max_pgd_steps'] for x in rows)}",
                   str(max(x["pgd_unmatched"] for x in rows)),
                   spread([x["speedup"] for x in rows], 1) + "x",
                   f"{max(x['max_relative_gap'] for x in rows):.1e}", f"{max(x['max_pgd_advantage'] for x in rows):.1e}",
                   f"{max(x['max_model_error'] for x in rows):.1e}"]
            print("| " + " | ".join(row) + " |")
        print()


def trs_cost(runs, baselines):
    run = runs[0]
    header = ["model", "B", "threads", "gradient µs", "Hessians", "eigh", "eigh + secular", "eigh + secular, 1 thread",
              "whole TRS", "target eigh + secular <= 1", "target whole <= d + 2"]
    print("| " + " | ".join(header) + " |")
    print("|---|" + "--:|" * (len(header) - 1))
    for result in run["results"]:
        for size in result["sizes"]:
            rounds = size["rounds"]
            units = lambda stage: [r[stage] / r["gradient"] for r in rounds]
            inner = statistics.median(units("subproblem"))
            whole = statistics.median(units("trs"))
            d = size["d"]
            row = [result["model"], str(size["batch"]), str(size["threads"]),
                   spread([r["gradient"] * 1e6 for r in rounds], 1)]
            row += [spread(units(stage), 2) for stage in ("hessians", "eigh", "subproblem", "subproblem_1t", "trs")]
            row += [("met" if inner <= 1.0 else "missed") + f" ({inner:.2f})",
                    ("met" if whole <= d + 2 else "missed") + f" ({whole:.2f} <= {d + 2})"]
            print("| " + " | ".join(row) + " |")
    print(f"\nUnits: the same round's batch gradient; median (min-max) over {len(run['results'][0]['sizes'][0]['rounds'])} "
          f"rounds; radius {run['radius']:g}; {run['hardware_threads']} hardware threads.")


def trs_cost_pairs(runs, baselines):
    stages = [("eigh", "eigh"), ("subproblem", "eigh + secular"), ("subproblem_1t", "eigh + secular, 1 thread"),
              ("trs", "whole TRS")]
    header = ["model", "B"] + [f"{label}, {build}" for _, label in stages for build in ("baseline", "run")]
    print("| " + " | ".join(header) + " |")
    print("|---|" + "--:|" * (len(header) - 1))

    def units(docs, index, size, stage):
        return [r[stage] / r["gradient"] for doc in docs for r in doc["results"][index]["sizes"][size]["rounds"]]

    for index, result in enumerate(runs[0]["results"]):
        for size, entry in enumerate(result["sizes"]):
            row = [result["model"], str(entry["batch"])]
            for stage, _ in stages:
                row += [f"{statistics.median(units(baselines, index, size, stage)):.2f}",
                        f"{statistics.median(units(runs, index, size, stage)):.2f}"]
            print("| " + " | ".join(row) + " |")
    rounds = sum(len(s["rounds"]) for doc in runs for s in doc["results"][0]["sizes"][:1])
    print(f"\nMedians over {rounds} rounds per build, in units of the same round's batch gradient.")


def per_radius_pairs(runs, baselines):
    if len(runs) != len(baselines):
        sys.exit("per-radius-pairs: as many baselines as runs are needed")
    keys = ["gradient_seconds", "hessian_seconds", "trs_seconds", "pgd_seconds"]
    print("| dataset | pairs x radii | " + " | ".join(k.replace("_seconds", "") + " time / baseline" for k in keys) + " |")
    print("|---|--:|" + "--:|" * len(keys))
    for index, result in enumerate(runs[0]["results"]):
        cells = []
        for key in keys:
            ratios = [r[key] / b[key]
                      for run, base in zip(runs, baselines)
                      for r, b in zip(run["results"][index]["radii"], base["results"][index]["radii"])]
            cells.append(f"{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})")
        count = len(runs) * len(result["radii"])
        print(f"| {result['dataset']} | {count} | " + " | ".join(cells) + " |")


def main(argv):
    modes = {"hessian": hessian_table, "hessian-env": hessian_env_table, "per-radius": per_radius_table,
             "per-radius-runs": per_radius_runs, "trs-cost": trs_cost,
             "trs-cost-pairs": trs_cost_pairs, "per-radius-pairs": per_radius_pairs}
    if len(argv) < 3 or argv[1] not in modes:
        sys.exit(__doc__)
    files = argv[2:]
    split = files.index("--baseline") if "--baseline" in files else len(files)
    runs = [load(p) for p in files[:split]]
    baselines = [load(p) for p in files[split + 1:]]
    if not runs or (argv[1] == "per-radius" and len(runs) != 1):
        sys.exit(__doc__)
    modes[argv[1]](runs, baselines)


if __name__ == "__main__":
    main(sys.argv)
