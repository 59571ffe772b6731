//! What a command writes to the terminal: its output to stdout at once or line by line,
//! a reader that stopped early taken calmly, log text shown safely.

use crate::messages;
use anyhow::Result;

/// Writes a command's whole output to stdout at once. A reader that stopped early
/// (`netaudit report | head -3`) is no error: the run goes on, so that its exit status
/// still says what was found.
pub fn print(bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    ignore_closed_pipe(stdout.write_all(bytes).and_then(|()| stdout.flush()))
}

/// Log text as it is shown on stdout: its line ends (LF or CRLF) and a tab-separated
/// log's tabs as they are, anything else hostile escaped (see [`messages::escape`]).
pub fn shown_log_text(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        push_shown_line(&mut shown, line);
    }
    shown
}

/// Adds one line of log text (with its line end, if it has one) to `shown`, escaped.
fn push_shown_line(shown: &mut String, line: &str) {
    let body = line
        .strip_suffix("\r\n")
        .or_else(|| line.strip_suffix('\n'))
        .unwrap_or(line);
    for (at, field) in body.split('\t').enumerate() {
        if at > 0 {
            shown.push('\t');
        }
        shown.push_str(&messages::escape(field));
    }
    shown.push_str(&line[body.len()..]);
}

fn ignore_closed_pipe(result: std::io::Result<()>) -> Result<()> {
    match result {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        result => Ok(result?),
    }
}

/// Standard output line by line, for a command whose output may be long (`check`): each
/// line escaped (see [`messages::escape`]), and a reader that stopped early ends the
/// output, not the run.
pub struct StdoutLines {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    closed: bool,
}

impl StdoutLines {
    pub fn new() -> StdoutLines {
        StdoutLines {
            out: std::io::BufWriter::new(std::io::stdout().lock()),
            closed: false,
        }
    }

    pub fn line(&mut self, text: impl std::fmt::Display) -> Result<()> {
        let line = format!("{text}\n");
        self.put(&messages::escape(&line))
    }

    /// Whole lines of log text, as [`shown_log_text`] shows them: an import's dry run may
    /// show half a million rows.
    pub fn log_text(&mut self, text: &str) -> Result<()> {
        let mut shown = String::new();
        for line in text.split_inclusive('\n') {
            shown.clear();
            push_shown_line(&mut shown, line);
            self.put(&shown)?;
        }
        Ok(())
    }

    fn put(&mut self, shown: &str) -> Result<()> {
        use std::io::Write;
        if self.closed {
            return Ok(());
        }
        let written = self.out.write_all(shown.as_bytes());
        self.closed = matches!(&written, Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe);
        ignore_closed_pipe(written)
    }

    pub fn flush(&mut self) -> Result<()> {
        use std::io::Write;
        if self.closed {
            return Ok(());
        }
        ignore_closed_pipe(self.out.flush())
    }
}

impl Default for StdoutLines {
    fn default() -> StdoutLines {
        StdoutLines::new()
    }
}
