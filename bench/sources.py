"""Times netaudit's other sources at a realistic large size, for BENCHMARKS.md: a log
kept as an .xlsx workbook, ten years of a busy calendar, a region's PALMS report, and a
region's slips for `chapter`. Each is timed with the new build and the base build. Run it
through `SOURCES=1 bash bench/run.sh`, which builds both and installs openpyxl.

    python bench/sources.py --dir target/bench --base target/bench/base/netaudit
"""

import argparse
import datetime
import os
import re
import statistics
import subprocess

import openpyxl

from bench import measure


def xlsx_log(directory):
    """The first 100,000 rows of the sparse 1M-row log, as a workbook."""
    path = os.path.join(directory, "log-100k.xlsx")
    if not os.path.exists(path):
        import csv
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("log")
        with open(os.path.join(directory, "sparse-1m.csv"), newline="") as source:
            for index, row in enumerate(csv.reader(source)):
                if index > 100_000:
                    break
                sheet.append(row)
        book.save(path)
    return path


def calendar(directory):
    """Ten years of a busy calendar: three weekly meetings as recurring events, and 20,000
    one-off events (lunches, one-to-ones, mixers), 1 hour each."""
    path = os.path.join(directory, "busy.ics")
    if not os.path.exists(path):
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//netaudit bench//EN"]
        for number, (day, summary) in enumerate(
                [("TU", "Harbor City BNI"), ("WE", "Rotary lunch"), ("TH", "Chamber mixer")]):
            lines += ["BEGIN:VEVENT", f"UID:weekly-{number}@bench", "DTSTAMP:20161001T000000Z",
                      "DTSTART:20161004T070000Z", "DTEND:20161004T083000Z",
                      f"RRULE:FREQ=WEEKLY;BYDAY={day}", f"SUMMARY:{summary}", "END:VEVENT"]
        first = datetime.datetime(2016, 11, 1, 9)
        for number in range(20_000):
            start = first + datetime.timedelta(hours=number * 4 + 3)
            end = start + datetime.timedelta(hours=1)
            lines += ["BEGIN:VEVENT", f"UID:one-{number}@bench", "DTSTAMP:20161001T000000Z",
                      f"DTSTART:{start:%Y%m%dT%H%M%SZ}", f"DTEND:{end:%Y%m%dT%H%M%SZ}",
                      f"SUMMARY:Lunch with member {number % 97}", "END:VEVENT"]
        lines.append("END:VCALENDAR")
        with open(path, "w", newline="") as out:
            out.write("\r\n".join(lines) + "\r\n")
    return path


def palms(directory):
    """The project's sample PALMS report grown to a region: 2,000 members."""
    path = os.path.join(directory, "region-palms.xls")
    if not os.path.exists(path):
        with open("sample-data/chapter-2026-q2.xls") as sample:
            text = sample.read()
        rows = re.findall(r"<Row>.*?</Row>", text)
        members = [row for row in rows[9:] if "Total" not in row]
        grown = []
        for number in range(2_000):
            row = members[number % len(members)]
            # A name of its own for each member.
            grown.append(row.replace("</Data></Cell>", f" {number}</Data></Cell>", 1))
        start = text.index(rows[9])
        end = text.index(rows[-1]) + len(rows[-1])
        with open(path, "w") as out:
            out.write(text[:start] + "".join(grown) + text[end:])
    return path


def slips(directory):
    """A region's six months: 2,000 members and 1,000,000 slips."""
    summary = os.path.join(directory, "region.csv")
    path = os.path.join(directory, "region-slips.csv")
    if not os.path.exists(path):
        with open(path, "w") as out:
            subprocess.run(["target/release/examples/generate_slips", "--slips", "1000000",
                            "--members", "2000", "--summary", summary], stdout=out, check=True)
    return summary, path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dir", default="target/bench")
    parser.add_argument("--base", default="target/bench/base/netaudit")
    args = parser.parse_args()
    directory = os.path.join(args.dir, "sources")
    os.makedirs(directory, exist_ok=True)

    log = xlsx_log(args.dir)
    ics = calendar(directory)
    report = palms(directory)
    summary, slip_file = slips(directory)
    scratch = os.path.join(directory, "imported.csv")

    def fresh(command):
        """`command`, run on a log that does not exist yet."""
        def run(binary):
            if os.path.exists(scratch):
                os.remove(scratch)
            return [binary, *command]
        return run

    # Each case's command, and the files it reads.
    cases = {
        "report, 100k-row .xlsx log": (lambda binary: [
            binary, "report", "-O", "csv", "--today", "2026-11-01", log], [log]),
        "import calendar, 20,159 events": (fresh([
            "import", "calendar", ics, "--group", "Harbor City BNI", "--file", scratch,
            "--from", "2016-11-01", "--to", "2026-10-31", "-q"]), [ics]),
        "import palms, 2,000 members": (fresh([
            "import", "palms", report, "--member", "Dana 0 Reyes", "--group",
            "Harbor City BNI", "--file", scratch, "--to", "2026-10-31", "-q"]), [report]),
        "chapter, PALMS of 2,000 members": (lambda binary: [
            binary, "chapter", report, "-O", "csv"], [report]),
        "chapter, 1M slips of 2,000": (lambda binary: [
            binary, "chapter", summary, "--slips", slip_file, "--from", "2026-01-01",
            "--to", "2026-06-30", "--room", "-O", "csv"], [summary, slip_file]),
    }
    builds = {"new": "target/release/netaudit", "base": args.base}
    walls, rss = {}, {}
    for _ in range(args.runs):
        for case, (command, inputs) in cases.items():
            for build, binary in builds.items():
                seconds, kib, _ = measure(command(binary), inputs)
                walls.setdefault((case, build), []).append(seconds)
                rss.setdefault((case, build), []).append(kib)
    print(f"{args.runs} runs each, medians; peak RSS the highest\n")
    print(f"{'source':<34}{'build':>6}{'wall s':>9}{'min':>8}{'max':>8}{'peak RSS MiB':>14}")
    for (case, build), times in walls.items():
        print(f"{case:<34}{build:>6}{statistics.median(times):>9.3f}{min(times):>8.3f}"
              f"{max(times):>8.3f}{max(rss[case, build]) / 1024:>14.1f}")


if __name__ == "__main__":
    main()
