//! SpreadsheetML 2003: the XML workbook that BNI Connect and other web apps export under a
//! `.xls` name. calamine does not read it, so its few elements are read here with
//! quick-xml: `Worksheet` (`ss:Name`), `Row` (`ss:Index`), `Cell` (`ss:Index`,
//! `ss:MergeAcross`) and `Data` (`ss:Type` String, Number, DateTime or Boolean).

use super::spreadsheet::{Sheet, pick_sheet};
use anyhow::{Result, anyhow, bail};
use calamine::Data;
use quick_xml::events::{BytesStart, Event};

/// The most cells one row may place itself at: far past any real sheet, and a bound on
/// what an `ss:Index` can make a row hold.
const MAX_COLUMNS: usize = 16_384;
const MAX_ROWS: usize = 1_048_576;

/// Reads the sheet named `wanted` (else the first) of a SpreadsheetML workbook.
pub fn read_sheet(bytes: &[u8], wanted: Option<&str>) -> Result<Sheet> {
    let names = sheet_names(bytes)?;
    let name = pick_sheet(&names, wanted)?;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut rows: Vec<Vec<Data>> = Vec::new();
    // Where we are: in the wanted sheet, in a row, in a cell's Data of a type.
    let mut in_sheet = false;
    let mut column = 0usize;
    let mut cell_at = 0usize;
    let mut data: Option<(String, String)> = None;
    let mut buffer = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|err| anyhow!("not readable SpreadsheetML XML ({err})"))?;
        match event {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == "Worksheet" =>
            {
                in_sheet = attribute(&element, "Name")?.as_deref() == Some(name.as_str());
            }
            Event::End(element) if in_sheet && element.local_name().as_ref() == "Worksheet" => {
                break;
            }
            Event::Start(element) | Event::Empty(element)
                if in_sheet && element.local_name().as_ref() == "Row" =>
            {
                let index = index_attribute(&element, rows.len() + 1, MAX_ROWS)?;
                rows.resize_with(index, Vec::new);
                column = 0;
            }
            Event::Start(element) | Event::Empty(element)
                if in_sheet && element.local_name().as_ref() == "Cell" =>
            {
                column = index_attribute(&element, column + 1, MAX_COLUMNS)?;
                let row = rows
                    .last_mut()
                    .ok_or_else(|| anyhow!("a Cell outside any Row"))?;
                row.resize(column, Data::Empty);
                cell_at = column - 1;
                let merged: usize = attribute(&element, "MergeAcross")?
                    .and_then(|across| across.parse().ok())
                    .unwrap_or(0);
                // The cell stands in its first column; the merged ones after it stay empty.
                column = (column + merged).min(MAX_COLUMNS);
            }
            Event::Start(element) if in_sheet && element.local_name().as_ref() == "Data" => {
                let kind = attribute(&element, "Type")?.unwrap_or_default();
                data = Some((kind, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, content)) = &mut data {
                    content.push_str(&text.xml10_content());
                }
            }
            Event::CData(text) => {
                if let Some((_, content)) = &mut data {
                    content.push_str(&text.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                if let Some((_, content)) = &mut data {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => quick_xml::escape::resolve_predefined_entity(&reference)
                            .ok_or_else(|| anyhow!("unknown entity &{};", &*reference))?
                            .to_string(),
                    };
                    content.push_str(&resolved);
                }
            }
            Event::End(element) if element.local_name().as_ref() == "Data" => {
                if let (Some((kind, content)), Some(row)) = (data.take(), rows.last_mut())
                    && let Some(slot) = row.get_mut(cell_at)
                {
                    *slot = typed(&kind, content);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    // Leading empty rows are left to the CSV as blank lines; the sheet starts at A1.
    Ok(Sheet {
        name,
        start: (0, 0),
        rows,
    })
}

/// Every worksheet's name, in order.
fn sheet_names(bytes: &[u8]) -> Result<Vec<String>> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut names = Vec::new();
    let mut buffer = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buffer)
            .map_err(|err| anyhow!("not readable SpreadsheetML XML ({err})"))?
        {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == "Worksheet" =>
            {
                names.push(attribute(&element, "Name")?.unwrap_or_default());
            }
            Event::Eof => return Ok(names),
            _ => {}
        }
        buffer.clear();
    }
}

/// An attribute's value by its local name (`ss:Name` is `Name`).
fn attribute(element: &BytesStart<'_>, name: &str) -> Result<Option<String>> {
    for attribute in element.attributes() {
        let attribute = attribute.map_err(|err| anyhow!("a malformed attribute ({err})"))?;
        if attribute.key.local_name().as_ref() == name {
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| anyhow!("a malformed attribute ({err})"))?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

/// A 1-based `ss:Index`, which may only move forward; `next` when there is none.
fn index_attribute(element: &BytesStart<'_>, next: usize, most: usize) -> Result<usize> {
    let Some(index) = attribute(element, "Index")? else {
        return Ok(next.min(most));
    };
    match index.parse::<usize>() {
        Ok(index) if index >= next && index <= most => Ok(index),
        _ => bail!(
            "an ss:Index of {} where {next} to {most} was expected",
            crate::messages::show_value(&index)
        ),
    }
}

/// A Data element's text as the cell its `ss:Type` says.
fn typed(kind: &str, content: String) -> Data {
    match kind {
        "Number" => content
            .trim()
            .parse::<f64>()
            .map_or(Data::String(content), Data::Float),
        "DateTime" => Data::DateTimeIso(content.trim().trim_end_matches(".000").to_string()),
        "Boolean" => Data::Bool(content.trim() == "1"),
        _ => Data::String(content),
    }
}
