//! Text to JSON, strictly: syntax errors carry a line and column, and a key that appears
//! twice in one object is a problem (plain `serde_json::Value` would silently keep the last
//! one, so a node written twice would lose one of its copies without a word).
//!
//! Depth is bounded by serde_json's recursion limit (128), so no input can overflow the stack.

use super::error::{index_path, key_path, quote, ImportError};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::RefCell;
use std::fmt;

/// Parses `text`. Syntax errors end the import (`Err`); duplicate keys are added to `dups`
/// (the first copy is kept) so the rest of the file can still be checked.
pub fn parse(text: &str, dups: &mut ImportError) -> Result<Value, ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::single("$", format!("the file is empty: a design file is a JSON object such as {{\"schema_version\": {}, ...}}", super::SCHEMA_VERSION)));
    }
    let found = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Seed { at: &At::Root, dups: &found }.deserialize(&mut de).and_then(|v| de.end().map(|_| v)).map_err(syntax_error)?;
    for (path, parent, key) in found.into_inner() {
        let msg = match parent.as_str() {
            "$.nodes" => format!("the node id {} is used twice; every node needs its own id", quote(&key)),
            "$.connections" => format!("the connection id {} is used twice; every connection needs its own id", quote(&key)),
            "$.layout" => format!("node {} has two positions in the layout", quote(&key)),
            _ => format!("{} appears twice in the same object; a key may appear only once", quote(&key)),
        };
        let mut p = super::error::Problem::new(path, msg);
        match parent.as_str() {
            "$.nodes" | "$.layout" => p = p.at_node(&key),
            "$.connections" => p = p.at_connection(&key),
            _ => {}
        }
        dups.push(p);
    }
    Ok(value)
}

fn syntax_error(e: serde_json::Error) -> ImportError {
    use serde_json::error::Category;
    let raw = e.to_string();
    let raw = raw.split(" at line ").next().unwrap_or(&raw).to_string();
    let what = match e.classify() {
        Category::Eof => "the file ends too early: it looks truncated (a closing bracket, brace or quote is missing)".to_string(),
        _ => friendly(&raw),
    };
    ImportError::single("$", format!("not valid JSON at line {}, column {}: {what}", e.line(), e.column()))
}

/// serde_json's syntax messages in plainer words.
fn friendly(raw: &str) -> String {
    match raw {
        "trailing characters" => "there is more text after the end of the design".into(),
        "trailing comma" => "there is a comma just before a closing bracket or brace".into(),
        "expected value" => "expected a value (text in double quotes, a number, true, false, null, a list or an object)".into(),
        "expected ident" => "expected true, false or null".into(),
        "key must be a string" => "keys must be text in double quotes".into(),
        "expected `:`" => "expected a colon (:) after the key".into(),
        "expected `,` or `}`" => "expected a comma (,) or a closing brace (})".into(),
        "expected `,` or `]`" => "expected a comma (,) or a closing bracket (])".into(),
        "recursion limit exceeded" => "the file is nested too deeply".into(),
        "number out of range" => "a number is too large".into(),
        "invalid number" => "a number is written wrongly".into(),
        "invalid escape" => "a text value contains an invalid escape (after a backslash)".into(),
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "a text value contains a raw control character (write line breaks as \\n and tabs as \\t)".into()
        }
        other => other.replace('`', "\""),
    }
}

/// Duplicates found: (path of the duplicate, path of its object, key).
type Dups = RefCell<Vec<(String, String, String)>>;

/// Where the parser is, as a chain of parents: rendered to a path only when a duplicate
/// is found, so parsing a large file allocates no path strings.
enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    fn path(&self) -> String {
        match self {
            At::Root => "$".to_string(),
            At::Key(parent, k) => key_path(&parent.path(), k),
            At::Index(parent, i) => index_path(&parent.path(), *i),
        }
    }
}

/// Builds a `serde_json::Value`, tracking where it is so duplicates can be located.
struct Seed<'a> {
    at: &'a At<'a>,
    dups: &'a Dups,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v).map(Value::Number).ok_or_else(|| E::custom("number out of range"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        loop {
            let at = At::Index(self.at, out.len());
            match seq.next_element_seed(Seed { at: &at, dups: self.dups })? {
                Some(v) => out.push(v),
                None => break,
            }
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(k) = map.next_key::<String>()? {
            let at = At::Key(self.at, &k);
            let v = map.next_value_seed(Seed { at: &at, dups: self.dups })?;
            if out.contains_key(&k) {
                self.dups.borrow_mut().push((at.path(), self.at.path(), k.clone()));
            } else {
                out.insert(k, v);
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_duplicates_with_their_paths() {
        let mut dups = ImportError::new();
        let v = parse(r#"{"a": 1, "nodes": {"x": {"k": 1, "k": 2}, "x": {}}, "a": 3}"#, &mut dups).unwrap();
        assert_eq!(v["a"], 1);
        let paths: Vec<&str> = dups.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["$.nodes[\"x\"].k", "$.nodes[\"x\"]", "$.a"]);
        assert_eq!(dups.problems[1].message, "the node id \"x\" is used twice; every node needs its own id");
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let e = parse("{\n  \"a\": 1,\n  \"b\" 2\n}", &mut ImportError::new()).unwrap_err();
        assert_eq!(e.problems[0].message, "not valid JSON at line 3, column 7: expected a colon (:) after the key");
        let e = parse("[[[[", &mut ImportError::new()).unwrap_err();
        assert!(e.problems[0].message.contains("truncated"), "{e}");
        let deep = "[".repeat(100_000);
        let e = parse(&deep, &mut ImportError::new()).unwrap_err();
        assert!(e.problems[0].message.contains("nested too deeply"), "{e}");
    }
}
