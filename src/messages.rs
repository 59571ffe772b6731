//! What netaudit says on stderr, and the one rule for any text it did not write itself:
//! control and bidirectional characters are shown escaped (`\u{1b}`), so that nothing in a
//! log, a config or a file name can move the cursor, retitle the terminal, plant a link or
//! reorder what is read. And a word quoted for the shell commands messages suggest.

use std::borrow::Cow;
use std::fmt::Display;
use std::io::Write;

/// A control character (C0, DEL, C1) or one that changes the direction of text: the
/// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the marks
/// (U+200E, U+200F, U+061C).
pub fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// `text` with every hostile character but the line end shown as `\u{…}`.
pub fn escape(text: &str) -> Cow<'_, str> {
    let hostile = |c: char| c != '\n' && is_hostile(c);
    if !text.chars().any(hostile) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hostile(c) {
            shown.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

fn say(kind: &str, text: &dyn Display) {
    raw(&format!("netaudit: {kind}{text}\n"));
}

/// Something the user should look at; the run goes on.
pub fn warn(text: impl Display) {
    say("warning: ", &text);
}

/// Something the user should know that is not wrong.
pub fn note(text: impl Display) {
    say("", &text);
}

/// A line of advice that follows another message, as it is.
pub fn hint(text: impl Display) {
    raw(&format!("{text}\n"));
}

/// Text already worded and ended, such as a usage error from the command-line parser.
pub fn raw(text: &str) {
    // Nothing more can be said when stderr itself is closed or full.
    let _ = std::io::stderr().lock().write_all(escape(text).as_bytes());
}

/// Why the run stopped, with the chain of causes.
pub fn error(err: &anyhow::Error) {
    say("error: ", &format_args!("{err:#}"));
}

/// Shows a cell's value in a message: quoted, escaped, and cut short if long.
pub fn show_value(value: &str) -> String {
    const MAX_CHARS: usize = 40;
    if value.chars().count() > MAX_CHARS {
        let head: String = value.chars().take(MAX_CHARS).collect();
        format!("{head:?}… ({} bytes)", value.len())
    } else {
        format!("{value:?}")
    }
}

/// `text` as one word for a shell command shown in a message: bare when safe, else quoted.
pub fn shell_word(text: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "/._-+=:@%".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(escape("Harbor City BNI"), "Harbor City BNI");
        assert_eq!(escape("a\nb"), "a\nb");
        assert_eq!(escape("\u{1b}]0;title\u{7}"), "\\u{1b}]0;title\\u{7}");
        assert_eq!(escape("x\u{202e}y\u{2066}z"), "x\\u{202e}y\\u{2066}z");
        assert_eq!(escape("\t\r\u{85}\u{7f}"), "\\u{9}\\u{d}\\u{85}\\u{7f}");
        assert_eq!(escape("Café € ü 日本"), "Café € ü 日本");
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let shown = show_value(&"x".repeat(1000));
        assert!(shown.len() < 80, "{shown}");
        assert!(shown.ends_with("(1000 bytes)"));
        assert_eq!(show_value("a\"b\0"), r#""a\"b\0""#);
    }
}
