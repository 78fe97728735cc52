#!/usr/bin/env python3
"""The table of fuzz runs in docs/errors.md, from the final statistics libFuzzer prints with
-print_final_stats=1 (docs/runs/fuzz/<target>.log): executions, executions per second, peak RSS,
and the crashes, hangs and sanitizer reports found (any "==ERROR"/"deadly signal"/"timeout"/
"out-of-memory" line counts as one).

    fuzz/fuzz_table.py docs/runs/fuzz/*.log
"""
import re
import sys
from pathlib import Path

FINDINGS = re.compile(r"==\d+==ERROR|deadly signal|ALARM: working on the last Unit|out-of-memory|"
                      r"parity::Error without the file name|runtime error:")


def stats(path):
    text = Path(path).read_text(errors="replace")
    values = dict(re.findall(r"^stat::(\w+):\s+(\d+)", text, re.M))
    seconds = re.findall(r"^Done \d+ runs in (\d+) second", text, re.M)
    return {
        "target": Path(path).stem,
        "runs": int(values.get("number_of_executed_units", 0)),
        "per_second": int(values.get("average_exec_per_sec", 0)),
        "seconds": int(seconds[-1]) if seconds else 0,
        "rss": int(values.get("peak_rss_mb", 0)),
        "findings": len(FINDINGS.findall(text)),
    }


def main(paths):
    print("| target | seconds | executions | executions/s | peak RSS (MB) | crashes, hangs, sanitizer reports |")
    print("|--------|--------:|-----------:|-------------:|--------------:|---------------:|")
    for p in paths:
        s = stats(p)
        print(f"| `{s['target']}_fuzz` | {s['seconds']} | {s['runs']:,} | {s['per_second']:,} | {s['rss']} | {s['findings']} |")


if __name__ == "__main__":
    main(sys.argv[1:])
