"""Times `netaudit report` beside the build it is held against, the csv crate's raw scan,
`wc -l`, DuckDB and Polars on the same generated logs, and checks the targets. Run it
through bench/run.sh, which builds everything and writes the logs first.

    python bench/bench.py --runs 9 --dir target/bench

Two shapes of log, each at 1 and 10 million rows: `sparse` (384 groups, mostly empty
cells, notes in quotes, some over two lines) and `dense` (45 groups, most cells filled,
money written `$1,234.50`). Every run of every command is measured by /usr/bin/time -v
(wall time and peak RSS) with its log just read into the page cache, the commands taking
turns so that a slow moment of the machine falls on all of them alike.
"""

import argparse
import csv
import filecmp
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
SHAPES = ("sparse", "dense")
SIZES = ("1M", "10M")
OURS = "netaudit report -O csv"


def log_path(directory, shape, size):
    return os.path.join(directory, f"{shape}-{size.lower()}.csv")


def warm(*paths):
    """Reads each of `paths` through the page cache, untimed. The kernel may page out file
    pages it sees little used (this machine's does, by DAMON, in the background), and a
    round takes long enough for it to: without this, a command could find part of its log
    paged out, the first of a round most of all, and be timed reading the disk."""
    chunk = bytearray(1 << 20)
    for path in paths:
        with open(path, "rb", buffering=0) as data:
            while data.readinto(chunk):
                pass


def measure(command, inputs=()):
    """Runs `command` under /usr/bin/time -v with its `inputs` read just before (see
    `warm`); returns (seconds, peak RSS in KiB, stderr). The wall time is taken here, as
    time -v gives it only to the hundredth of a second."""
    warm(*inputs)
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


def report(netaudit, path, *flags):
    return [netaudit, "report", *flags, "-O", "csv", "--today", TODAY, path]


def agree(netaudit, python, script, path):
    """Checks that `script` (DuckDB's or Polars') sums what netaudit sums: the window's
    figures per group."""
    ours = subprocess.run(report(netaudit, path), capture_output=True, text=True,
                          check=True).stdout
    theirs = subprocess.run([python, script, path, REPORT_MONTH, "2"],
                            capture_output=True, text=True, check=True).stdout
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
        sys.exit(f"netaudit and {script} disagree on {len(differ)} groups, e.g. {differ[:3]}")
    return len(ours_by_group)


def figures_of(path, fields):
    """A report's records in `fields` (the base build's, which lacks those added since),
    without their `reasons`: sentences whose wording is the renderer's, which may change
    between builds (0.2.0 gave them their currency), where every figure, verdict and reason
    code is the reader's and the model's. `few_partners`, a reason later than the base
    build that changes no verdict, is left out of the codes, and so is `expected_score`: the
    logs name clients and lost leads, which close leads by rules the base build predates
    (docs/scoring.md, "Who brought it"), so the value of the leads left open differs by
    design. So are the verdicts and their codes: the base build judges the score against
    `stay_at`, this one the chance that it pays (docs/scoring.md, "How a group is judged"),
    which `verdicts_follow_the_chance` holds it to instead. Every sum and score must be the
    same."""
    with open(path, newline="") as report_file:
        rows = list(csv.DictReader(report_file))
    by_design = ("reasons", "expected_score", "verdict", "previous_verdict", "reason_codes")
    kept = [field for field in fields if field not in by_design]
    def codes(text):
        return ";".join(code for code in text.split(";") if code != "few_partners")
    return [[codes(row[field]) if field == "reason_codes" else row[field] for field in kept]
            for row in rows]


def verdicts_follow_the_chance(path, sure_at=0.8):
    """Whether each judged group of a report is stay when its chance is at least `sure_at`,
    leave when at most 1 - `sure_at`, and watch between."""
    with open(path, newline="") as report_file:
        for row in csv.DictReader(report_file):
            if row["reason_codes"].startswith("too_early"):
                continue
            chance = float(row["chance_stay"])
            ruled = ("stay" if chance >= sure_at else
                     "leave" if chance <= 1 - sure_at + 1e-9 else "watch")
            if row["verdict"] != ruled:
                return False
    return True


def header_of(path):
    with open(path, newline="") as report_file:
        return next(csv.reader(report_file))


def base_flags(directory):
    """The base build's flags: a config that passes over the columns it predates
    (contact, client, lost), which it would otherwise refuse as unknown."""
    config = os.path.join(directory, "base.toml")
    with open(config, "w") as config_file:
        config_file.write('ignore_columns = ["contact", "client", "lost"]\n')
    return ["--config", config]


def same_output(netaudit, base, path, directory):
    """Whether the new build's report equals the base build's in every field the base
    build has but the reasons, and itself byte for byte with -j1 and with the default
    threads."""
    outputs = []
    for name, binary, flags in [("base", base, base_flags(directory)), ("new", netaudit, []),
                                ("new-j1", netaudit, ["-j1"])]:
        out = os.path.join(directory, f"report-{name}.csv")
        with open(out, "w") as sink:
            subprocess.run(report(binary, path, *flags), stdout=sink, check=True)
        outputs.append(out)
    base_out, new, new_j1 = outputs
    fields = header_of(base_out)
    return (figures_of(base_out, fields) == figures_of(new, fields)
            and verdicts_follow_the_chance(new)
            and filecmp.cmp(new, new_j1, shallow=False))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--dir", default="target/bench")
    parser.add_argument("--base", default="target/bench/base/netaudit",
                        help="the build the new one is held against")
    args = parser.parse_args()

    netaudit = "target/release/netaudit"
    scan = "target/release/examples/scan"
    python = sys.executable
    scripts = {"DuckDB": "bench/duckdb_report.py", "Polars": "bench/polars_report.py"}

    commands = {
        OURS: lambda path: report(netaudit, path),
        "netaudit -j1": lambda path: report(netaudit, path, "-j1"),
        "netaudit -j2": lambda path: report(netaudit, path, "-j2"),
        "base build": lambda path: report(args.base, path, *base_flags(args.dir)),
        "csv crate ByteRecord scan": lambda path: [scan, path],
        "wc -l": lambda path: ["wc", "-l", path],
        "DuckDB, 2 threads": lambda path: [python, scripts["DuckDB"], path, REPORT_MONTH, "2"],
        "Polars, 2 threads": lambda path: [python, scripts["Polars"], path, REPORT_MONTH, "2"],
    }

    for shape in SHAPES:
        path = log_path(args.dir, shape, "1M")
        for name, script in scripts.items():
            groups = agree(netaudit, python, script, path)
            print(f"netaudit and {name} agree on the window sums of all {groups} groups "
                  f"({shape}, 1M rows)")
        big = log_path(args.dir, shape, "10M")
        same = same_output(netaudit, args.base, big, args.dir)
        print(f"netaudit's report on the {shape} 10M log (default threads and -j1) "
              f"{'equals' if same else 'DIFFERS FROM'} the base build's in every field but "
              f"the verdicts, their reasons and the expected score, and its verdicts follow "
              f"the chance")
        if not same:
            sys.exit(1)
    print(f"{platform.machine()}, {os.cpu_count()} cores, {args.runs} runs each, medians\n")

    walls, rss, queries = {}, {}, {}
    for _ in range(args.runs):
        for shape in SHAPES:
            for size in SIZES:
                path = log_path(args.dir, shape, size)
                for name, command in commands.items():
                    seconds, kib, stderr = measure(command(path), inputs=[path])
                    key = (name, shape, size)
                    walls.setdefault(key, []).append(seconds)
                    rss.setdefault(key, []).append(kib)
                    query = re.search(r"query seconds: (\S+)", stderr)
                    if query:
                        queries.setdefault(key, []).append(float(query.group(1)))

    median = statistics.median
    print(f"{'command':<28}{'log':>7}{'rows':>5}{'wall s':>9}{'min':>8}{'max':>8}"
          f"{'peak RSS MiB':>14}")
    for (name, shape, size), times in walls.items():
        print(f"{name:<28}{shape:>7}{size:>5}{median(times):>9.3f}{min(times):>8.3f}"
              f"{max(times):>8.3f}{max(rss[name, shape, size]) / 1024:>14.1f}")
    for (name, shape, size), times in queries.items():
        label = f"{name.split(',')[0]} query alone"
        print(f"{label:<28}{shape:>7}{size:>5}{median(times):>9.3f}"
              f"{min(times):>8.3f}{max(times):>8.3f}")

    failed = 0
    for shape in SHAPES:
        def wall(name, size="10M"):
            return median(walls[name, shape, size])

        def peak(name, size="10M"):
            return max(rss[name, shape, size]) / 1024

        checks = [
            ("netaudit / DuckDB", wall(OURS) / wall("DuckDB, 2 threads"), "x", 0.25),
            ("netaudit / Polars", wall(OURS) / wall("Polars, 2 threads"), "x", 0.25),
            ("netaudit / base build", wall(OURS) / wall("base build"), "x", 0.5),
            ("netaudit / csv crate scan", wall(OURS) / wall("csv crate ByteRecord scan"),
             "x", 1.5),
            ("netaudit 10M rows / 1M rows", wall(OURS) / wall(OURS, "1M"), "x", 11),
            ("netaudit peak RSS", peak(OURS), " MiB", 16),
            ("netaudit peak RSS, 10M minus 1M", peak(OURS) - peak(OURS, "1M"), " MiB", 2),
        ]
        print(f"\n{shape} log, 10M rows")
        for name, value, unit, limit in checks:
            verdict = "ok" if value <= limit else "MISSED"
            failed += verdict != "ok"
            print(f"  {name:<40}{value:>7.2f}{unit:<5} target <= {limit}{unit}  {verdict}")
        # Not targets: how two threads scale, and the others' time without starting Python.
        print(f"  {'netaudit -j1 / -j2':<40}{wall('netaudit -j1') / wall('netaudit -j2'):>7.2f}x")
        for name in ("DuckDB", "Polars"):
            alone = median(queries[f"{name}, 2 threads", shape, "10M"])
            print(f"  {f'netaudit / {name} query alone':<40}{wall(OURS) / alone:>7.2f}x")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
