//! Property values. A property's type, unit, default and range live in the catalog
//! ([`crate::catalog::PropSpec`]); a node stores only the values the user set.

use crate::catalog::PropDefault;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Written as the bare JSON value (`true`, `3.5`, `"text"`, `["a", "b"]`). Read by a visitor
/// of its own (see the `Deserialize` impl below) rather than `#[serde(untagged)]`, which tries
/// the variants in turn and builds an error string for every miss (every number read was a
/// failed `bool` first: a sixth of opening a 9,000-node file).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<String>),
}

/// What `#[serde(untagged)]` says when no variant fits (kept word for word, so an import
/// error reads the same).
const NO_VARIANT: &str = "data did not match any variant of untagged enum Value";

impl<'de> Deserialize<'de> for Value {
    /// The same values as `#[serde(untagged)]` over Bool, Number(f64), Text, List(Vec<String>),
    /// tried in that order: a boolean, any number (integers as `v as f64`, which is what the
    /// untagged f64 variant does), a string, a list of strings; anything else is refused with
    /// the untagged message.
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        use serde::de::{Error, SeqAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true/false, a number, text or a list of text")
            }
            fn visit_bool<E: Error>(self, v: bool) -> Result<Value, E> {
                Ok(Value::Bool(v))
            }
            fn visit_i64<E: Error>(self, v: i64) -> Result<Value, E> {
                Ok(Value::Number(v as f64))
            }
            fn visit_u64<E: Error>(self, v: u64) -> Result<Value, E> {
                Ok(Value::Number(v as f64))
            }
            fn visit_i128<E: Error>(self, v: i128) -> Result<Value, E> {
                Ok(Value::Number(v as f64))
            }
            fn visit_u128<E: Error>(self, v: u128) -> Result<Value, E> {
                Ok(Value::Number(v as f64))
            }
            fn visit_f64<E: Error>(self, v: f64) -> Result<Value, E> {
                Ok(Value::Number(v))
            }
            fn visit_str<E: Error>(self, v: &str) -> Result<Value, E> {
                Ok(Value::Text(v.to_string()))
            }
            fn visit_string<E: Error>(self, v: String) -> Result<Value, E> {
                Ok(Value::Text(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
                let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                loop {
                    match seq.next_element::<String>() {
                        Ok(Some(s)) => list.push(s),
                        Ok(None) => return Ok(Value::List(list)),
                        Err(_) => return Err(A::Error::custom(NO_VARIANT)),
                    }
                }
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, _: A) -> Result<Value, A::Error> {
                Err(A::Error::custom(NO_VARIANT))
            }
            fn visit_unit<E: Error>(self) -> Result<Value, E> {
                Err(E::custom(NO_VARIANT))
            }
            fn visit_none<E: Error>(self) -> Result<Value, E> {
                Err(E::custom(NO_VARIANT))
            }
            fn visit_bytes<E: Error>(self, _: &[u8]) -> Result<Value, E> {
                Err(E::custom(NO_VARIANT))
            }
        }
        de.deserialize_any(V)
    }
}

impl Value {
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_list(&self) -> Option<&[String]> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }
    /// The entries a list (or a text) names, in order, less blank ones: a blank entry (a file
    /// or an import may hold one; the inspector refuses it) names nothing. The one reading of
    /// a priced-type field's entries ([`crate::catalog::PropSpec::known`], e.g. an Auto
    /// Scaling group's instance types): what is priced, checked by rules and exported.
    pub fn named_entries(&self) -> Vec<&str> {
        match self {
            Value::List(l) => l.iter().map(String::as_str).filter(|s| !s.trim().is_empty()).collect(),
            Value::Text(s) if !s.trim().is_empty() => vec![s.as_str()],
            _ => Vec::new(),
        }
    }
    /// A short name of the value's type, for error messages a user reads.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Bool(_) => "true/false",
            Value::Number(_) => "number",
            Value::Text(_) => "text",
            Value::List(_) => "list",
        }
    }
}

/// A property value read without copying it ([`crate::Design::prop_ref`]): the value set on
/// the node, or the catalog default. Reading a number or a flag this way allocates nothing;
/// [`PropRef::to_value`] makes the owned [`Value`] that [`crate::Design::prop`] returns.
#[derive(Clone, Copy, Debug)]
pub enum PropRef<'a> {
    /// The value the architect set.
    Set(&'a Value),
    /// The catalog default (the node has no value of its own).
    Default(&'static PropDefault),
}

impl<'a> PropRef<'a> {
    pub fn as_f64(self) -> Option<f64> {
        match self {
            PropRef::Set(v) => v.as_f64(),
            PropRef::Default(PropDefault::Number(n)) => Some(*n),
            PropRef::Default(_) => None,
        }
    }
    pub fn as_bool(self) -> Option<bool> {
        match self {
            PropRef::Set(v) => v.as_bool(),
            PropRef::Default(PropDefault::Bool(b)) => Some(*b),
            PropRef::Default(_) => None,
        }
    }
    /// The text, borrowed (None unless the value is text).
    pub fn as_str(self) -> Option<&'a str> {
        match self {
            PropRef::Set(v) => v.as_str(),
            PropRef::Default(PropDefault::Text(s)) => Some(s),
            PropRef::Default(_) => None,
        }
    }
    /// The first item of a list value (None unless the value is a non-empty list).
    pub fn first_item(self) -> Option<&'a str> {
        match self {
            PropRef::Set(v) => v.as_list().and_then(|l| l.first()).map(String::as_str),
            PropRef::Default(PropDefault::List(l)) => l.first().copied(),
            PropRef::Default(_) => None,
        }
    }
    /// [`Value::named_entries`] of the value set or of the catalog default.
    pub fn named_entries(self) -> Vec<&'a str> {
        match self {
            PropRef::Set(v) => v.named_entries(),
            PropRef::Default(PropDefault::List(l)) => l.iter().copied().filter(|s| !s.trim().is_empty()).collect(),
            PropRef::Default(PropDefault::Text(s)) if !s.trim().is_empty() => vec![s],
            PropRef::Default(_) => Vec::new(),
        }
    }
    /// The owned value (what [`crate::Design::prop`] returns).
    pub fn to_value(self) -> Value {
        match self {
            PropRef::Set(v) => v.clone(),
            PropRef::Default(d) => d.to_value(),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::Text(s) => f.write_str(s),
            Value::List(l) => f.write_str(&l.join(", ")),
        }
    }
}

#[cfg(test)]
mod deserialize_tests {
    use super::Value;

    /// The derived untagged reading the hand-written one replaces.
    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(untagged)]
    enum Untagged {
        Bool(bool),
        Number(f64),
        Text(String),
        List(Vec<String>),
    }

    fn same(json: &str) {
        let mine: Result<Value, _> = serde_json::from_str(json);
        let theirs: Result<Untagged, _> = serde_json::from_str(json);
        match (mine, theirs) {
            (Ok(a), Ok(b)) => {
                let b = match b {
                    Untagged::Bool(x) => Value::Bool(x),
                    Untagged::Number(x) => Value::Number(x),
                    Untagged::Text(x) => Value::Text(x),
                    Untagged::List(x) => Value::List(x),
                };
                // Bits, not ==: a number must come back exactly.
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "{json}");
                if let (Value::Number(x), Value::Number(y)) = (&a, &b) {
                    assert_eq!(x.to_bits(), y.to_bits(), "{json}");
                }
            }
            // The same message (the reference enum's name put back to `Value`).
            (Err(a), Err(b)) => assert_eq!(
                a.to_string().split(" at line").next().map(str::to_string),
                b.to_string().replace("enum Untagged", "enum Value").split(" at line").next().map(str::to_string),
                "{json}"
            ),
            (a, b) => panic!("{json}: {a:?} vs {b:?}"),
        }
        // From an already parsed document too (how the file validator reads properties).
        let doc: serde_json::Value = serde_json::from_str(json).expect("json");
        let mine: Result<Value, _> = serde_json::from_value(doc.clone());
        let theirs: Result<Untagged, _> = serde_json::from_value(doc);
        assert_eq!(mine.is_ok(), theirs.is_ok(), "{json}");
    }

    #[test]
    fn reads_exactly_what_untagged_read() {
        for json in [
            "true", "false", "0", "-0", "3", "-7", "18446744073709551615", "-9223372036854775808", "0.1", "1e300", "2.5e-8",
            "123456789.12345678", "\"text\"", "\"\"", "[]", "[\"a\", \"b\"]", "[\"a\", 1]", "[true]", "null", "{}", "{\"a\": 1}",
        ] {
            same(json);
        }
    }
}
