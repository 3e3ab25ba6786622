//! The printer: every byte a command writes goes through [`Out`].
//!
//! - **A closed pipe ends output quietly.** `cloudwright catalog --json | head -1` closes
//!   stdout early; the next write fails with `BrokenPipe` (Rust ignores SIGPIPE), and `Out`
//!   drops the rest of the output without a message, a panic or a changed exit code.
//!   Any other write error (a full disk) is reported once on stderr and ends the run with
//!   exit code 2.
//! - **Text cannot drive the terminal.** A design file is untrusted input: a label holding
//!   `ESC [ 2 J` would clear the screen, `ESC ] 0 ;` set the window title. [`Out::text`] and
//!   [`Out::error`] write every control character (Unicode category Cc: C0, DEL, C1)
//!   except line feed and tab as a visible escape such as `\u{1b}`; JSON output escapes
//!   DEL and C1 as `\u007f`.. `\u009f` (serde_json escapes C0 already), which is still
//!   the same JSON value.
//!
//! Commands never use `print!`, `println!`, `eprint!`, `eprintln!` or `std::io::stdout`
//! (a test scans `src/commands/` for them): they call `Out`.

use serde::Serialize;
use std::io::{self, Write};

/// Where a command writes: stdout (results) and stderr (notes, refusals).
pub struct Out {
    stdout: Box<dyn Write>,
    stderr: Box<dyn Write>,
    /// stdout was closed by the reader: nothing more is written to it.
    closed: bool,
    /// The first write error other than a closed pipe, reported at the end.
    failed: Option<io::Error>,
}

impl Out {
    /// The process's stdout (buffered) and stderr.
    pub fn std() -> Self {
        Out::new(Box::new(io::BufWriter::with_capacity(64 * 1024, io::stdout())), Box::new(io::stderr()))
    }

    pub fn new(stdout: Box<dyn Write>, stderr: Box<dyn Write>) -> Self {
        Out { stdout, stderr, closed: false, failed: None }
    }

    /// Writes `contents` to the file `path` (the `-o` option of export, import and report),
    /// exactly as given; when it cannot be written, says why on stderr and returns exit
    /// code 2 ([`Status::BadInput`]).
    pub fn file(&mut self, path: &str, contents: &str) -> Result<(), crate::Status> {
        std::fs::write(path, contents).map_err(|e| {
            self.error(&format!("cannot write {path}: {e}"));
            crate::Status::BadInput
        })
    }

    /// Writes `contents` to `path` when given (`-o`), else to stdout as [`Out::text`].
    pub fn text_or_file(&mut self, path: Option<&str>, contents: &str) -> Result<(), crate::Status> {
        match path {
            Some(p) => self.file(p, contents),
            None => {
                self.text(contents);
                Ok(())
            }
        }
    }

    /// Writes text to stdout, control characters escaped (see the module doc).
    pub fn text(&mut self, s: &str) {
        let clean = escape_controls(s);
        self.write_stdout(clean.as_bytes());
    }

    /// Writes CSV (RFC 4180: CRLF line ends) to stdout: CRLF kept, every other control
    /// escaped as by [`Out::text`].
    pub fn csv(&mut self, s: &str) {
        let clean: Vec<String> = s.split("\r\n").map(escape_controls).collect();
        self.write_stdout(clean.join("\r\n").as_bytes());
    }

    /// Writes a value as pretty JSON and a newline to stdout.
    pub fn json<T: Serialize + ?Sized>(&mut self, v: &T) {
        match serde_json::to_string_pretty(v) {
            Ok(s) => self.json_text(&s),
            // Cannot happen with the engine's plain data; say so rather than print nothing.
            Err(e) => self.error(&format!("cannot write the result as JSON: {e}")),
        }
    }

    /// Writes a value as one line of JSON to stdout.
    pub fn json_line<T: Serialize + ?Sized>(&mut self, v: &T) {
        match serde_json::to_string(v) {
            Ok(s) => self.json_text(&s),
            Err(e) => self.error(&format!("cannot write the result as JSON: {e}")),
        }
    }

    /// Writes JSON text made elsewhere (e.g. a design file from `file::save`), DEL and C1
    /// escaped, ending with a newline.
    pub fn json_text(&mut self, s: &str) {
        let mut t = escape_json_controls(s.trim_end_matches('\n'));
        t.push('\n');
        self.write_stdout(t.as_bytes());
    }

    /// Writes a message and a newline to stderr, control characters escaped.
    pub fn error(&mut self, s: &str) {
        let mut clean = escape_controls(s.trim_end_matches('\n'));
        clean.push('\n');
        // A closed stderr leaves nothing to tell; ignore it.
        let _ = self.stderr.write_all(clean.as_bytes());
    }

    fn write_stdout(&mut self, bytes: &[u8]) {
        if self.closed || self.failed.is_some() {
            return;
        }
        if let Err(e) = self.stdout.write_all(bytes) {
            self.note_failure(e);
        }
    }

    fn note_failure(&mut self, e: io::Error) {
        if e.kind() == io::ErrorKind::BrokenPipe {
            self.closed = true;
        } else {
            self.failed = Some(e);
        }
    }

    /// Flushes stdout. `Err` with the reason when output could not be written (not for a
    /// closed pipe, which is the reader's choice).
    pub fn finish(&mut self) -> Result<(), String> {
        if !self.closed && self.failed.is_none() {
            if let Err(e) = self.stdout.flush() {
                self.note_failure(e);
            }
        }
        let _ = self.stderr.flush();
        match self.failed.take() {
            Some(e) => Err(format!("cannot write the output: {e}")),
            None => Ok(()),
        }
    }
}

impl std::fmt::Write for Out {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.text(s);
        Ok(())
    }
}

/// Control characters other than `\n` and `\t` written as visible escapes: `\r`, `\u{1b}`.
pub fn escape_controls(s: &str) -> String {
    if !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// DEL and the C1 controls (U+007F..=U+009F), which serde_json leaves raw, written as JSON
/// escapes. Outside strings JSON has no such characters, so this never changes a value.
pub fn escape_json_controls(s: &str) -> String {
    if !s.chars().any(|c| ('\u{7f}'..='\u{9f}').contains(&c)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if ('\u{7f}'..='\u{9f}').contains(&c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl Write for Buf {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    struct Closed;
    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
    }
    struct Full;
    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::new(io::ErrorKind::Other, "No space left on device"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn escapes_terminal_controls_but_keeps_lines_and_unicode() {
        assert_eq!(escape_controls("a\u{1b}[2Jb\u{7}\r\n\tc → ✓ שלום \u{9b}"), "a\\u{1b}[2Jb\\u{7}\\r\n\tc → ✓ שלום \\u{9b}");
        assert_eq!(escape_json_controls("\"x\u{7f}\u{9b}\""), "\"x\\u007f\\u009b\"");
        let v: String = serde_json::from_str(&escape_json_controls(&serde_json::to_string("a\u{9b}b\u{1b}").unwrap())).unwrap();
        assert_eq!(v, "a\u{9b}b\u{1b}", "escaped JSON is the same value");
    }

    #[test]
    fn a_closed_pipe_is_quiet_and_a_full_disk_is_reported() {
        let err = Buf::default();
        let mut out = Out::new(Box::new(Closed), Box::new(err.clone()));
        out.text("hello\n");
        out.json(&vec![1, 2, 3]);
        assert_eq!(out.finish(), Ok(()));
        assert!(err.0.lock().unwrap().is_empty(), "nothing said about a closed pipe");

        let mut out = Out::new(Box::new(Full), Box::new(err.clone()));
        out.text("hello\n");
        assert!(out.finish().unwrap_err().contains("No space left"));
    }

    #[test]
    fn stdout_and_stderr_are_both_escaped() {
        let (o, e) = (Buf::default(), Buf::default());
        let mut out = Out::new(Box::new(o.clone()), Box::new(e.clone()));
        out.text("name \u{1b}]0;pwned\u{7}\n");
        out.error("bad \u{1b}[2J");
        out.finish().unwrap();
        assert_eq!(String::from_utf8(o.0.lock().unwrap().clone()).unwrap(), "name \\u{1b}]0;pwned\\u{7}\n");
        assert_eq!(String::from_utf8(e.0.lock().unwrap().clone()).unwrap(), "bad \\u{1b}[2J\n");
    }
}
