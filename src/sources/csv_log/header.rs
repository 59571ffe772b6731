//! The log's header row: which known column stands where, and each row read by it.

use super::common_cells::{SeenCells, read_common_cell};
use crate::activity::{
    ActivityRow, COLUMNS, Column, date_hint, parse_count, parse_group, parse_hours, parse_money,
    with_hint,
};
use crate::figures::Figures;
use crate::messages::show_value;
use crate::names::closest;
use crate::period::{DateProblem, parse_date};
use crate::records::Record;

/// Where each known column sits in the file's rows.
pub(super) struct HeaderMap {
    /// Every header name is a known column, so this is the whole header, in order.
    pub(super) columns: Vec<Column>,
}

impl HeaderMap {
    pub(super) fn new(header: &Record) -> Result<HeaderMap, Vec<String>> {
        let mut columns: Vec<Column> = Vec::new();
        let mut problems = Vec::new();
        for (index, raw) in header.iter().enumerate() {
            let number = index + 1;
            let Ok(name) = std::str::from_utf8(raw) else {
                problems.push(format!(
                    "header column {number} is not valid UTF-8 text; save the file as UTF-8"
                ));
                continue;
            };
            let name = name.trim().to_lowercase();
            if name.is_empty() {
                problems.push(format!(
                    "header column {number} has no name; expected one of {}",
                    COLUMNS.map(Column::name).join(", ")
                ));
                continue;
            }
            let Some(column) = Column::from_header(&name) else {
                problems.push(format!(
                    "unknown column {} in the header (column {number}); did you mean \"{}\"? \
                     Known columns: {}",
                    show_value(&name),
                    closest_column(&name),
                    COLUMNS.map(Column::name).join(", ")
                ));
                continue;
            };
            if let Some(first) = columns.iter().position(|known| *known == column) {
                problems.push(format!(
                    "column \"{}\" appears twice in the header (columns {} and {number}); keep one",
                    column.name(),
                    first + 1
                ));
            }
            columns.push(column);
        }
        for required in [Column::Date, Column::Group] {
            if !columns.contains(&required) {
                problems.push(format!(
                    "the header has no \"{}\" column; every log needs date and group",
                    required.name()
                ));
            }
        }
        if problems.is_empty() {
            Ok(HeaderMap { columns })
        } else {
            Err(problems)
        }
    }

    /// Reads the row's values into `row`, or returns a problem for each bad cell.
    pub(super) fn row(
        &self,
        record: &Record,
        row: &mut ActivityRow,
        seen: &mut SeenCells,
    ) -> Result<(), Vec<String>> {
        if record.width() != self.columns.len() {
            return Err(vec![format!(
                "this row has {} fields but the header has {}; check for a missing or extra comma \
                 (put a field that contains a comma in double quotes)",
                record.width(),
                self.columns.len()
            )]);
        }
        let mut date = None;
        row.figures = Figures::default();
        let mut problems = Vec::new();
        for (index, (&column, raw)) in self.columns.iter().zip(record.iter()).enumerate() {
            if read_common_cell(column, raw, row, &mut date, seen) {
                continue;
            }
            let figures = &mut row.figures;
            let cell_error = |expected: &str, shown: &str| {
                format!(
                    "column {} \"{}\": got {shown}, expected {expected}",
                    index + 1,
                    column.name(),
                )
            };
            let Ok(text) = std::str::from_utf8(raw) else {
                problems.push(cell_error(
                    "valid UTF-8 text (save the file as UTF-8)",
                    &show_value(&String::from_utf8_lossy(raw)),
                ));
                continue;
            };
            let value = text.trim();
            let parsed = match column {
                Column::Date => parse_date(value)
                    .map(|day| date = Some(day))
                    .map_err(|problem| {
                        let expected = match problem {
                            DateProblem::Form => "a date as YYYY-MM-DD, such as 2026-03-14",
                            DateProblem::NoSuchDay => "a day that exists in the calendar",
                        };
                        with_hint(expected, date_hint(value))
                    }),
                Column::Group => parse_group(value).map(|name| row.group = name),
                Column::Meetings => parse_count(value).map(|n| figures.meetings = n),
                Column::Leads => parse_count(value).map(|n| figures.leads = n),
                Column::Deals => parse_count(value).map(|n| figures.deals = n),
                Column::ReferralsGiven => parse_count(value).map(|n| figures.referrals_given = n),
                Column::Hours => parse_hours(value).map(|a| figures.hours = a),
                Column::Cost => parse_money(value).map(|a| figures.cost = a),
                Column::Revenue => parse_money(value).map(|a| figures.revenue = a),
                Column::OtherValue => parse_money(value).map(|a| figures.other_value = a),
                Column::Note => Ok(()),
            };
            if let Err(expected) = parsed {
                problems.push(cell_error(&expected, &show_value(value)));
            }
        }
        match date {
            Some(date) if problems.is_empty() => {
                row.date = date;
                Ok(())
            }
            _ => Err(problems),
        }
    }
}

/// The known column closest in spelling to `name`.
pub fn closest_column(name: &str) -> &'static str {
    closest(name, COLUMNS.iter().map(|column| column.name())).unwrap_or("date")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_column_names_likely_typos() {
        assert_eq!(closest_column("revenu"), "revenue");
        assert_eq!(closest_column("referals_given"), "referrals_given");
        assert_eq!(closest_column("dat"), "date");
    }
}
