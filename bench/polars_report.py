"""The aggregation `netaudit report` makes, in Polars, for the benchmark: the same sums as
bench/duckdb_report.py, printed the same way (see there).

    python polars_report.py FILE.csv REPORT_MONTH(YYYY-MM) THREADS
"""

import os
import sys
import time

path, report_month, threads = sys.argv[1], sys.argv[2], sys.argv[3]
# Polars reads its thread count once, when it is first imported.
os.environ["POLARS_MAX_THREADS"] = threads

import polars as pl  # noqa: E402

from report_window import windows  # noqa: E402

window_start, window_end, previous_start, previous_end = windows(report_month)


def money(name):
    # Money cells may be written `$4,800.50`; netaudit reads them so.
    return pl.col(name).str.replace_all(r"[$,]", "").cast(pl.Decimal(18, 2))


figures = {
    "meetings": pl.col("meetings"),
    "hours": pl.col("hours"),
    "cost": money("cost"),
    "leads": pl.col("leads"),
    "deals": pl.col("deals"),
    "revenue": money("revenue"),
    "referrals_given": pl.col("referrals_given"),
    "other_value": money("other_value"),
}


def window_sums(prefix, start, end):
    inside = pl.col("date").is_between(start, end, closed="left")
    sums = [expr.filter(inside).sum().alias(f"{prefix}_{name}") for name, expr in figures.items()]
    return [*sums, inside.sum().alias(f"{prefix}_rows")]


started = time.perf_counter()
schema = {
    "date": pl.Date, "group": pl.String, "meetings": pl.Int64, "hours": pl.Decimal(18, 2),
    "cost": pl.String, "leads": pl.Int64, "deals": pl.Int64, "revenue": pl.String,
    "referrals_given": pl.Int64, "other_value": pl.String, "note": pl.String,
    "contact": pl.String, "client": pl.String, "lost": pl.Int64,
}
by_spelling = (
    pl.scan_csv(path, schema=schema, quote_char='"')
    .group_by("group")
    .agg(
        *window_sums("now", window_start, window_end),
        *window_sums("previous", previous_start, previous_end),
        pl.col("date").min().alias("first_date"),
        pl.col("date")
        .filter((pl.col("leads") > 0) & (pl.col("date") < window_end))
        .max()
        .alias("last_lead"),
    )
)
sums = [f"{prefix}_{name}" for prefix in ("now", "previous") for name in [*figures, "rows"]]
rows = (
    by_spelling.with_columns(
        pl.col("group").str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()
        .alias("key")
    )
    .group_by("key")
    .agg(
        *[pl.col(name).sum() for name in sums],
        pl.col("first_date").min(),
        pl.col("last_lead").max(),
    )
    .sort("key")
    .collect()
)
# The query alone, without starting Python and loading Polars, for the fairest comparison.
print(f"query seconds: {time.perf_counter() - started:.3f}", file=sys.stderr)
out = sys.stdout
for row in rows.iter_rows(named=True):
    cells = [row["key"]]
    for prefix in ("now", "previous"):
        # A window without rows has no sums, as in DuckDB's output.
        present = row[f"{prefix}_rows"] > 0
        cells += [str(row[f"{prefix}_{name}"]) if present else "" for name in figures]
    cells += ["" if row[name] is None else str(row[name]) for name in ("first_date", "last_lead")]
    out.write(",".join(cells) + "\n")
