"""The months `netaudit report` sums for REPORT_MONTH, for the DuckDB and Polars scripts:
the 12-month window ending with it, and the window a month earlier (for the previous
verdict). Each start is inclusive and each end exclusive."""

import datetime


def month_start(year, month):
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return datetime.date(year, month, 1)


def windows(report_month):
    """(window_start, window_end, previous_start, previous_end) for `YYYY-MM`."""
    year, month = map(int, report_month.split("-"))
    return (month_start(year, month - 11), month_start(year, month + 1),
            month_start(year, month - 12), month_start(year, month))
