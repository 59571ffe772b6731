//! iCalendar text as people's calendars write it: folded lines with CRLF, LF or CR ends,
//! Outlook's quoted-printable values with their soft line breaks, parameters with quoted
//! values, and components nested inside one another, several calendars to a file.

use anyhow::{Result, bail};

/// The deepest nesting of components taken (VCALENDAR > VEVENT > VALARM is three).
const MAX_DEPTH: usize = 16;

/// The components netaudit reads; any other (VALARM, VTODO, VJOURNAL…) is passed over,
/// its lines read for their shape and nothing of it kept.
const KEPT_COMPONENTS: [&str; 5] = ["VCALENDAR", "VEVENT", "VTIMEZONE", "STANDARD", "DAYLIGHT"];

/// The properties netaudit reads; any other is passed over: a file of millions of lines
/// such as `X-FOO:1` costs the time to read it, not memory.
const KEPT_PROPERTIES: [&str; 18] = [
    "X-WR-CALNAME",
    "X-WR-TIMEZONE",
    "UID",
    "SUMMARY",
    "LOCATION",
    "CATEGORIES",
    "DTSTART",
    "DTEND",
    "DURATION",
    "RRULE",
    "RDATE",
    "EXDATE",
    "RECURRENCE-ID",
    "STATUS",
    "ATTENDEE",
    "TZID",
    "TZOFFSETFROM",
    "TZOFFSETTO",
];

/// One content line, unfolded: `NAME;PARAM=VALUE:value`.
#[derive(Debug, Clone)]
pub struct Property {
    /// Upper case.
    pub name: String,
    /// Names upper case, values unquoted.
    pub params: Vec<(String, String)>,
    /// As written, quoted-printable decoded; text escapes are undone by [`unescape`].
    pub value: String,
    /// The physical line it starts on.
    pub line: u64,
}

impl Property {
    pub fn param(&self, name: &str) -> Option<&str> {
        (self.params.iter())
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// A component and what it holds.
#[derive(Debug, Default, Clone)]
pub struct Component {
    /// Upper case: VCALENDAR, VEVENT, VTIMEZONE, STANDARD, …
    pub name: String,
    pub properties: Vec<Property>,
    pub children: Vec<Component>,
    pub line: u64,
}

impl Component {
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.properties.iter().filter(move |p| p.name == name)
    }
}

/// The components at the top of `text` (its VCALENDARs), with the components and
/// properties netaudit reads. `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<Vec<Component>> {
    let mut top = Vec::new();
    let mut open: Vec<Component> = Vec::new();
    for (line, content) in unfold(text) {
        if content.trim().is_empty() {
            continue;
        }
        let property = content_line(&content, line)
            .map_err(|expected| anyhow::anyhow!("{file}:{line}: {expected}"))?;
        match property.name.as_str() {
            "BEGIN" => {
                if open.len() >= MAX_DEPTH {
                    bail!("{file}:{line}: components nested more than {MAX_DEPTH} deep");
                }
                open.push(Component {
                    name: property.value.trim().to_ascii_uppercase(),
                    line,
                    ..Component::default()
                });
            }
            "END" => {
                let name = property.value.trim().to_ascii_uppercase();
                let Some(done) = open.pop() else {
                    bail!("{file}:{line}: END:{name} closes nothing");
                };
                if done.name != name {
                    bail!(
                        "{file}:{line}: END:{name} closes BEGIN:{} of line {}",
                        done.name,
                        done.line
                    );
                }
                if !KEPT_COMPONENTS.contains(&done.name.as_str()) {
                    continue;
                }
                match open.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => top.push(done),
                }
            }
            _ => match open.last_mut() {
                Some(component) => {
                    if KEPT_COMPONENTS.contains(&component.name.as_str())
                        && KEPT_PROPERTIES.contains(&property.name.as_str())
                    {
                        component.properties.push(property);
                    }
                }
                None => bail!(
                    "{file}:{line}: {} outside any component; an iCalendar file starts with \
                     BEGIN:VCALENDAR",
                    crate::messages::show_value(&property.name)
                ),
            },
        }
    }
    if let Some(unclosed) = open.last() {
        bail!(
            "{file}:{}: BEGIN:{} is never closed by END:{}; the file may be cut short",
            unclosed.line,
            unclosed.name,
            unclosed.name
        );
    }
    if top.is_empty() {
        bail!("{file}: no BEGIN:VCALENDAR in it; is it an iCalendar (.ics) file?");
    }
    Ok(top)
}

/// Logical lines with the physical line each starts on: a line that starts with a space
/// or a tab continues the one before; a quoted-printable value that ends with `=` goes on
/// on the next line. One line at a time, and linear in the text, however many lines fold
/// into one.
fn unfold(text: &str) -> impl Iterator<Item = (u64, String)> + '_ {
    let mut physical = physical_lines(text).enumerate().peekable();
    std::iter::from_fn(move || {
        let (index, first) = physical.next()?;
        let mut line = first.to_string();
        let mut head = Head::default();
        loop {
            let soft_break = line.ends_with('=') && head.is_quoted_printable(&line);
            match physical.peek() {
                Some((_, next)) if soft_break => {
                    line.pop();
                    line.push_str(next);
                }
                Some((_, next)) if next.starts_with([' ', '\t']) => line.push_str(&next[1..]),
                _ => return Some((index as u64 + 1, line)),
            }
            physical.next();
        }
    })
}

/// What is known of the name and parameters of the logical line being unfolded: how far
/// it has been searched for the `:` that ends them, and once found, whether they say
/// quoted-printable. Each byte is searched once.
#[derive(Default)]
struct Head {
    searched: usize,
    quoted_printable: Option<bool>,
}

impl Head {
    /// Whether `line`, the logical line so far, is a quoted-printable value. Before its
    /// `:`, a `=` belongs to a parameter, never a soft line break.
    fn is_quoted_printable(&mut self, line: &str) -> bool {
        if let Some(known) = self.quoted_printable {
            return known;
        }
        let rest = line.get(self.searched..).unwrap_or(line);
        let from = line.len() - rest.len();
        match rest.find(':') {
            Some(at) => {
                let known = is_quoted_printable(&line[..from + at]);
                self.quoted_printable = Some(known);
                known
            }
            None => {
                self.searched = line.len();
                false
            }
        }
    }
}

fn physical_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
        let line = &rest[..end];
        rest = &rest[end..];
        rest = rest
            .strip_prefix("\r\n")
            .or_else(|| rest.strip_prefix(['\r', '\n']))
            .unwrap_or(rest);
        Some(line)
    })
}

fn is_quoted_printable(line: &str) -> bool {
    let head = line.split(':').next().unwrap_or_default();
    head.to_ascii_uppercase().contains("QUOTED-PRINTABLE")
}

/// `NAME;PARAM=VALUE;PARAM="VA:LUE":value`
fn content_line(text: &str, line: u64) -> Result<Property, String> {
    let name_end = text.find([';', ':']).ok_or_else(|| {
        format!(
            "expected NAME:value, got {}",
            crate::messages::show_value(text)
        )
    })?;
    let name = text[..name_end].trim().to_ascii_uppercase();
    if name.is_empty() {
        return Err(format!(
            "expected NAME:value, got {}",
            crate::messages::show_value(text)
        ));
    }
    let mut params = Vec::new();
    let mut rest = &text[name_end..];
    while let Some(after) = rest.strip_prefix(';') {
        let equals = after.find(['=', ':', ';']).unwrap_or(after.len());
        let key = after[..equals].trim().to_ascii_uppercase();
        rest = &after[equals..];
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            rest = after;
            // A value may be a list, each part quoted or not.
            loop {
                if let Some(quoted) = rest.strip_prefix('"') {
                    let close = quoted
                        .find('"')
                        .ok_or_else(|| format!("parameter {key} opens a quote it never closes"))?;
                    value.push_str(&quoted[..close]);
                    rest = &quoted[close + 1..];
                } else {
                    let end = rest.find([',', ';', ':']).unwrap_or(rest.len());
                    value.push_str(&rest[..end]);
                    rest = &rest[end..];
                }
                match rest.strip_prefix(',') {
                    Some(after) => {
                        value.push(',');
                        rest = after;
                    }
                    None => break,
                }
            }
        }
        params.push((key, value));
    }
    let Some(value) = rest.strip_prefix(':') else {
        return Err(format!(
            "{name} has no ':' before its value, got {}",
            crate::messages::show_value(text)
        ));
    };
    let mut property = Property {
        name,
        params,
        value: value.to_string(),
        line,
    };
    if property
        .param("ENCODING")
        .is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
    {
        property.value = quoted_printable(&property.value, property.param("CHARSET"));
    }
    Ok(property)
}

/// Decodes `=XX` escapes; the bytes are read in `charset` (UTF-8 when none is named).
fn quoted_printable(value: &str, charset: Option<&str>) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = |at: usize| {
            (bytes.get(at..at + 2))
                .and_then(|pair| std::str::from_utf8(pair).ok())
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        };
        match (bytes[index], hex(index + 1)) {
            (b'=', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    let encoding = charset
        .and_then(|name| encoding_rs::Encoding::for_label(name.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    encoding.decode_without_bom_handling(&out).0.into_owned()
}

/// A TEXT value with its escapes undone: `\n`, `\,`, `\;`, `\\`.
pub fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_lines_join_and_keep_their_first_line() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:BNI Har\r\n bor City\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let top = parse(text, "f.ics").unwrap();
        let summary = top[0].children[0].property("SUMMARY").unwrap();
        assert_eq!(summary.value, "BNI Harbor City");
        assert_eq!(summary.line, 3);
    }

    #[test]
    fn quoted_printable_values_decode_across_soft_breaks() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9 =\nmeeting=0D=0A\nEND:VEVENT\nEND:VCALENDAR\n";
        let top = parse(text, "f.ics").unwrap();
        assert_eq!(
            top[0].children[0].property("SUMMARY").unwrap().value,
            "Café meeting\r\n"
        );
    }

    #[test]
    fn quoted_parameters_may_hold_colons_and_lists() {
        let property = content_line(
            "ATTENDEE;CN=\"Doe: Jane\";PARTSTAT=DECLINED:mailto:jane@example.com",
            1,
        )
        .unwrap();
        assert_eq!(property.param("CN"), Some("Doe: Jane"));
        assert_eq!(property.param("PARTSTAT"), Some("DECLINED"));
        assert_eq!(property.value, "mailto:jane@example.com");
    }

    #[test]
    fn mismatched_and_unclosed_components_are_errors_with_lines() {
        let err = parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n", "f.ics").unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.ics:3: END:VCALENDAR closes BEGIN:VEVENT of line 2"
        );
        let err = parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\n", "f.ics").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("f.ics:2: BEGIN:VEVENT is never closed")
        );
    }

    #[test]
    fn text_escapes_are_undone() {
        assert_eq!(
            unescape(r"Hack Night\, weekly\; room\\2\nfloor"),
            "Hack Night, weekly; room\\2\nfloor"
        );
    }
}
