"""Times `netaudit report` beside the csv crate's raw scan, `wc -l` and DuckDB on the same
generated logs, and checks the targets. Run it through bench/run.sh, which builds
everything and writes the logs first.

    python bench/bench.py --runs 9 --dir target/bench

Every run of every command is measured by /usr/bin/time -v (wall time and peak RSS), the
commands taking turns so that a slow moment of the machine falls on all of them alike.
"""

import argparse
import csv
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from decimal import Decimal

TODAY = "2026-11-01"
REPORT_MONTH = "2026-10"
SIZES = {"1M": "bench-1m.csv", "10M": "bench-10m.csv"}


def measure(command):
    """Runs `command` under /usr/bin/time -v; returns (seconds, peak RSS in KiB, stderr).
    The wall time is taken here, as time -v gives it only to the hundredth of a second."""
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-v", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return seconds, int(rss.group(1)), done.stderr


def agree(netaudit, python, duckdb_script, path):
    """Checks that DuckDB's query sums what netaudit sums: the window's figures per group."""
    ours = subprocess.run(
        [netaudit, "report", "-O", "csv", "--today", TODAY, path],
        capture_output=True, text=True, check=True,
    ).stdout
    theirs = subprocess.run(
        [python, duckdb_script, path, REPORT_MONTH, "2"],
        capture_output=True, text=True, check=True,
    ).stdout
    fields = ["meetings", "hours", "cost", "leads", "deals", "revenue",
              "referrals_given", "other_value"]
    ours_by_group = {
        row["group"].lower(): [Decimal(row[field] or "0") for field in fields]
        for row in csv.DictReader(ours.splitlines())
    }
    theirs_by_group = {}
    for line in theirs.splitlines():
        cells = line.split(",")
        # `key` may hold commas; the 16 window sums, first day and last lead follow it.
        key = ",".join(cells[:-18])
        sums = cells[-18:-10]
        if any(sums):
            theirs_by_group[key] = [Decimal(value or "0") for value in sums]
    differ = [key for key in ours_by_group.keys() | theirs_by_group.keys()
              if ours_by_group.get(key) != theirs_by_group.get(key)]
    if differ:
        sys.exit(f"netaudit and DuckDB disagree on {len(differ)} groups, e.g. {differ[:3]}")
    return len(ours_by_group)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--dir", default="target/bench")
    args = parser.parse_args()

    netaudit = "target/release/netaudit"
    scan = "target/release/examples/scan"
    python = sys.executable
    duckdb_script = "bench/duckdb_report.py"
    paths = {size: os.path.join(args.dir, name) for size, name in SIZES.items()}

    commands = {
        "netaudit report -O csv": lambda path: [
            netaudit, "report", "-O", "csv", "--today", TODAY, path],
        "csv crate ByteRecord scan": lambda path: [scan, path],
        "wc -l": lambda path: ["wc", "-l", path],
        "DuckDB, 2 threads": lambda path: [python, duckdb_script, path, REPORT_MONTH, "2"],
    }

    groups = agree(netaudit, python, duckdb_script, paths["1M"])
    print(f"netaudit and DuckDB agree on the window sums of all {groups} groups (1M rows)")
    print(f"{platform.machine()}, {os.cpu_count()} cores, {args.runs} runs each, medians\n")

    walls, rss, queries = {}, {}, {}
    for _ in range(args.runs):
        for size, path in paths.items():
            for name, command in commands.items():
                seconds, kib, stderr = measure(command(path))
                walls.setdefault((name, size), []).append(seconds)
                rss.setdefault((name, size), []).append(kib)
                query = re.search(r"query seconds: (\S+)", stderr)
                if query:
                    queries.setdefault(size, []).append(float(query.group(1)))

    median = statistics.median
    print(f"{'command':<28}{'rows':>5}{'wall s':>9}{'min':>8}{'max':>8}{'peak RSS MiB':>14}")
    for (name, size), times in walls.items():
        print(f"{name:<28}{size:>5}{median(times):>9.3f}{min(times):>8.3f}{max(times):>8.3f}"
              f"{max(rss[name, size]) / 1024:>14.1f}")
    for size, times in queries.items():
        print(f"{'DuckDB query alone':<28}{size:>5}{median(times):>9.3f}"
              f"{min(times):>8.3f}{max(times):>8.3f}")

    ours = {size: median(walls["netaudit report -O csv", size]) for size in SIZES}
    ours_rss = {size: max(rss["netaudit report -O csv", size]) / 1024 for size in SIZES}
    duck = median(walls["DuckDB, 2 threads", "10M"])
    duck_query = median(queries["10M"])
    raw = median(walls["csv crate ByteRecord scan", "10M"])
    checks = [
        ("netaudit / DuckDB, 10M rows", ours["10M"] / duck, "x", 0.5),
        ("netaudit / csv crate scan, 10M rows", ours["10M"] / raw, "x", 1.5),
        ("netaudit 10M rows / 1M rows", ours["10M"] / ours["1M"], "x", 11),
        ("netaudit peak RSS, 10M rows", ours_rss["10M"], " MiB", 16),
        ("netaudit peak RSS, 10M minus 1M rows", ours_rss["10M"] - ours_rss["1M"], " MiB", 2),
    ]
    print()
    failed = 0
    for name, value, unit, limit in checks:
        verdict = "ok" if value <= limit else "MISSED"
        failed += verdict != "ok"
        print(f"{name:<44}{value:>7.2f}{unit:<5} target <= {limit}{unit}  {verdict}")
    # Not a target: DuckDB's time without starting Python and loading the module.
    print(f"{'netaudit / DuckDB query alone, 10M rows':<44}{ours['10M'] / duck_query:>7.2f}x")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
