//! Import errors: every problem found in a file, each saying where (a JSON path into the
//! file the user opened), which node or connection it concerns, and what is wrong in words
//! a user understands.
//!
//! Paths look like `$.nodes["db-1"].props.multi_az`: `$` is the whole file, `.field` a
//! field, `["id"]` an entry of the `nodes`, `connections` or `layout` maps (or any key that
//! is not a plain identifier), `[3]` an element of a list.

use crate::model::{ConnId, NodeId};
use serde::Serialize;
use std::fmt;

/// At most this many problems are kept; the rest are only counted.
pub const MAX_PROBLEMS: usize = 50;

/// One thing wrong with a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Where in the file, e.g. `$.nodes["db-1"].props.multi_az`.
    pub path: String,
    /// The node the problem is about, when there is one (to highlight it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<NodeId>,
    /// The connection the problem is about, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<ConnId>,
    /// What is wrong, as a sentence a user reads.
    pub message: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { path: path.into(), node: None, connection: None, message: message.into() }
    }
    pub fn at_node(mut self, id: &str) -> Self {
        self.node = Some(NodeId::new(id));
        self
    }
    pub fn at_connection(mut self, id: &str) -> Self {
        self.connection = Some(ConnId::new(id));
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why a file could not be opened: every problem found (up to [`MAX_PROBLEMS`]), never
/// only the first. An import either yields a whole design or this; never half a design.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportError {
    pub problems: Vec<Problem>,
    /// Problems found beyond [`MAX_PROBLEMS`], counted but not kept.
    #[serde(skip_serializing_if = "is_zero")]
    pub omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl ImportError {
    pub fn new() -> Self {
        Self::default()
    }
    /// An error with a single problem.
    pub fn single(path: impl Into<String>, message: impl Into<String>) -> Self {
        let mut e = Self::new();
        e.push(Problem::new(path, message));
        e
    }
    pub fn push(&mut self, p: Problem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(p);
        } else {
            self.omitted += 1;
        }
    }
    /// Shorthand for a problem with no node or connection attached.
    pub fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.push(Problem::new(path, message));
    }
    pub fn extend(&mut self, other: ImportError) {
        self.omitted += other.omitted;
        for p in other.problems {
            self.push(p);
        }
    }
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty() && self.omitted == 0
    }
    /// Total number of problems found, kept or not.
    pub fn count(&self) -> usize {
        self.problems.len() + self.omitted
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        if self.omitted > 0 {
            write!(f, "\n… and {} more problem{}", self.omitted, if self.omitted == 1 { "" } else { "s" })?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportError {}

// ---------------------------------------------------------------- paths

/// The maps whose keys are ids: their entries are always written `["id"]`.
const ID_MAPS: [&str; 3] = ["$.nodes", "$.connections", "$.layout"];

/// Longest key shown in a path or message before it is cut with an ellipsis.
const MAX_SHOWN: usize = 80;

/// The path of `key` inside the object at `parent`.
pub fn key_path(parent: &str, key: &str) -> String {
    let ident = !key.is_empty()
        && key.len() <= MAX_SHOWN
        && key.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ident && !ID_MAPS.contains(&parent) {
        format!("{parent}.{key}")
    } else {
        format!("{parent}[{}]", quote(key))
    }
}

/// The path of element `i` of the list at `parent`.
pub fn index_path(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

/// A string in double quotes, JSON-escaped, cut to a readable length.
pub fn quote(s: &str) -> String {
    let cut: String = if s.chars().count() > MAX_SHOWN { s.chars().take(MAX_SHOWN).chain(std::iter::once('…')).collect() } else { s.to_string() };
    serde_json::to_string(&cut).unwrap_or_else(|_| format!("\"{cut}\""))
}

/// A JSON value described for a message: its type and, when short, the value itself
/// ("text \"yes\"", "a number (42)", "a list").
pub fn describe(v: &serde_json::Value) -> String {
    use serde_json::Value as J;
    match v {
        J::Null => "null".into(),
        J::Bool(b) => format!("true/false ({b})"),
        J::Number(n) => format!("a number ({n})"),
        J::String(s) => format!("text {}", quote(s)),
        J::Array(_) => "a list".into(),
        J::Object(_) => "an object".into(),
    }
}

/// Rewrites a serde message ("invalid type: string \"x\", expected f64") into words a user
/// reads ("must be a number; got text \"x\""). Used only where the file format falls back
/// to serde for a field it does not check by hand.
pub fn humanize_serde(msg: &str) -> String {
    let msg = msg.split(" at line ").next().unwrap_or(msg);
    let expected = |e: &str| -> String {
        let e = e.trim();
        match e {
            "f64" | "f32" => "a number".into(),
            "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => "a whole number".into(),
            "a boolean" => "true or false".into(),
            "a string" => "text".into(),
            "a sequence" => "a list".into(),
            "a map" => "an object".into(),
            _ => e.replace('`', "\""),
        }
    };
    let got = |g: &str| -> String {
        let g = g.trim().replace('`', "");
        if let Some(s) = g.strip_prefix("string ") {
            format!("text {s}")
        } else if let Some(s) = g.strip_prefix("floating point ") {
            format!("a number ({s})")
        } else if let Some(s) = g.strip_prefix("integer ") {
            format!("a number ({s})")
        } else if g == "map" {
            "an object".into()
        } else if g == "sequence" {
            "a list".into()
        } else if g == "unit value" {
            "null".into()
        } else if let Some(s) = g.strip_prefix("boolean ") {
            format!("true/false ({s})")
        } else {
            g
        }
    };
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = msg.strip_prefix(prefix) {
            if let Some((g, e)) = rest.rsplit_once(", expected ") {
                return format!("must be {}; got {}", expected(e), got(g));
            }
        }
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        if let Some((g, e)) = rest.split_once(", expected ") {
            let options = e.trim_start_matches("one of ").replace('`', "");
            return format!("must be one of {options}; got {}", g.replace('`', "\""));
        }
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("{} is missing", rest.replace('`', "\""));
    }
    msg.replace('`', "\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(key_path("$", "name"), "$.name");
        assert_eq!(key_path("$.nodes", "web"), "$.nodes[\"web\"]");
        assert_eq!(key_path("$.nodes[\"db-1\"].props", "multi_az"), "$.nodes[\"db-1\"].props.multi_az");
        assert_eq!(key_path("$.workload", "a-b"), "$.workload[\"a-b\"]");
        assert_eq!(index_path("$.connections", 3), "$.connections[3]");
        assert_eq!(quote("a\"b"), "\"a\\\"b\"");
        assert_eq!(quote(&"x".repeat(100)), format!("\"{}…\"", "x".repeat(80)));
    }

    #[test]
    fn serde_messages_are_humanized() {
        assert_eq!(humanize_serde("invalid type: string \"x\", expected f64"), "must be a number; got text \"x\"");
        assert_eq!(
            humanize_serde("unknown variant `weekly`, expected one of `on_demand`, `savings_plan1y`"),
            "must be one of on_demand, savings_plan1y; got \"weekly\""
        );
        assert_eq!(humanize_serde("invalid type: floating point `1.5`, expected u32"), "must be a whole number; got a number (1.5)");
        assert_eq!(humanize_serde("missing field `x`"), "\"x\" is missing");
    }

    #[test]
    fn keeps_fifty_and_counts_the_rest() {
        let mut e = ImportError::new();
        for i in 0..60 {
            e.add("$", format!("p{i}"));
        }
        assert_eq!(e.problems.len(), MAX_PROBLEMS);
        assert_eq!(e.omitted, 10);
        assert_eq!(e.count(), 60);
        assert!(e.to_string().ends_with("… and 10 more problems"));
    }
}
