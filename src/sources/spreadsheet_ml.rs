//! SpreadsheetML 2003: the XML workbook that BNI Connect and other web apps export under a
//! `.xls` name. calamine does not read it, so its few elements are read here with
//! quick-xml: `Worksheet` (`ss:Name`), `Row` (`ss:Index`), `Cell` (`ss:Index`,
//! `ss:MergeAcross`) and `Data` (`ss:Type` String, Number, DateTime or Boolean).

use super::sheet::{Grid, Sheet, pick_sheet};
use anyhow::{Result, anyhow, bail};
use calamine::Data;
use quick_xml::events::{BytesStart, Event};

/// Excel's grid, which an `ss:Index` may not pass: what a sheet may hold besides is the
/// [`Grid`]'s to bound.
const MAX_COLUMNS: usize = 16_384;
const MAX_ROWS: usize = 1_048_576;

/// Reads the sheet named `wanted` (else the first) of a SpreadsheetML workbook.
pub fn read_sheet(bytes: &[u8], wanted: Option<&str>) -> Result<Sheet> {
    let names = sheet_names(bytes)?;
    let name = pick_sheet(&names, wanted)?;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut grid = Grid::new(&name);
    // Where we are: in the wanted sheet, in a row (counted from 1; 0 before the first), in
    // a cell's Data of a type.
    let mut in_sheet = false;
    let mut row = 0usize;
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
                row = index_attribute(&element, row + 1, MAX_ROWS)?;
                column = 0;
            }
            Event::Start(element) | Event::Empty(element)
                if in_sheet && element.local_name().as_ref() == "Cell" =>
            {
                if row == 0 {
                    bail!("a Cell outside any Row");
                }
                column = index_attribute(&element, column + 1, MAX_COLUMNS)?;
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
                if let Some((kind, content)) = data.take()
                    && row > 0
                {
                    grid.put(row as u32 - 1, cell_at as u32, typed(&kind, content))?;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    Ok(grid.into_sheet())
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
