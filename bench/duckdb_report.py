"""The aggregation `netaudit report` makes, in DuckDB, for the benchmark.

Per group (names compared without case or extra spacing): the sums of every figure over
the report window and over the window a month earlier (for the previous verdict), the
first day the group appears, and the last day up to the window's end with a lead.
Money cells may be written `$4,800.50`, so they are read as text and cleaned, as netaudit
does. Prints the groups as CSV, so the work cannot be skipped, and the query's own time to
stderr.

    python duckdb_report.py FILE.csv REPORT_MONTH(YYYY-MM) THREADS
"""

import sys
import time

import duckdb

from report_window import windows

path, report_month, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
window_start, window_end, previous_start, previous_end = windows(report_month)

money = "CAST(replace(replace({0}, '$', ''), ',', '') AS DECIMAL(18, 2))"
figures = {
    "meetings": "meetings",
    "hours": "hours",
    "cost": money.format("cost"),
    "leads": "leads",
    "deals": "deals",
    "revenue": money.format("revenue"),
    "referrals_given": "referrals_given",
    "other_value": money.format("other_value"),
}


def window_sums(prefix, start, end):
    return ",\n".join(
        f"sum({expr}) FILTER (WHERE date >= DATE '{start}' AND date < DATE '{end}') AS {prefix}_{name}"
        for name, expr in figures.items()
    )


def regroup(prefix):
    return ",\n".join(f"sum({prefix}_{name}) AS {prefix}_{name}" for name in figures)


query = f"""
WITH by_spelling AS (
    SELECT "group",
        {window_sums("now", window_start, window_end)},
        {window_sums("previous", previous_start, previous_end)},
        min(date) AS first_date,
        max(date) FILTER (WHERE leads > 0 AND date < DATE '{window_end}') AS last_lead
    FROM read_csv('{path}', header = true, quote = '"', escape = '"', columns = {{
        'date': 'DATE', 'group': 'VARCHAR', 'meetings': 'BIGINT', 'hours': 'DECIMAL(18, 2)',
        'cost': 'VARCHAR', 'leads': 'BIGINT', 'deals': 'BIGINT', 'revenue': 'VARCHAR',
        'referrals_given': 'BIGINT', 'other_value': 'VARCHAR', 'note': 'VARCHAR',
        'contact': 'VARCHAR', 'client': 'VARCHAR', 'lost': 'BIGINT'
    }})
    GROUP BY "group"
)
SELECT lower(regexp_replace(trim("group"), '\\s+', ' ', 'g')) AS key,
    {regroup("now")},
    {regroup("previous")},
    min(first_date) AS first_date,
    max(last_lead) AS last_lead
FROM by_spelling
GROUP BY key
ORDER BY key
"""

started = time.perf_counter()
connection = duckdb.connect()
connection.execute(f"SET threads = {threads}")
rows = connection.execute(query).fetchall()
# The query alone, without starting Python and loading DuckDB, for the fairest comparison.
print(f"query seconds: {time.perf_counter() - started:.3f}", file=sys.stderr)
out = sys.stdout
for row in rows:
    out.write(",".join("" if value is None else str(value) for value in row) + "\n")
