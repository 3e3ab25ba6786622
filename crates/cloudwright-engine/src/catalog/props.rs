//! Typed property specifications and value validation.

use crate::model::Value;
use serde::Serialize;

#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PropType {
    Bool,
    Number { min: f64, max: f64 },
    /// Whole numbers only.
    Integer { min: f64, max: f64 },
    Choice { options: &'static [&'static str] },
    Text,
    /// An IPv4 CIDR block such as `10.0.0.0/16`.
    Cidr,
    /// A list of short strings (e.g. instance types, path patterns).
    List,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum PropDefault {
    Bool(bool),
    Number(f64),
    Text(&'static str),
    List(&'static [&'static str]),
}

impl PropDefault {
    pub fn to_value(&self) -> Value {
        match self {
            PropDefault::Bool(b) => Value::Bool(*b),
            PropDefault::Number(n) => Value::Number(*n),
            PropDefault::Text(s) => Value::Text((*s).to_string()),
            PropDefault::List(l) => Value::List(l.iter().map(|s| s.to_string()).collect()),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PropSpec {
    pub key: &'static str,
    pub label: &'static str,
    #[serde(flatten)]
    pub ty: PropType,
    /// Unit shown next to the value ("GB", "ms", "vCPU", "%"), empty when none.
    pub unit: &'static str,
    pub default: PropDefault,
    /// What the field means, for the CLI's `catalog` (text and `--json`). Only with the engine's
    /// `prop-help` feature (on by default; the CLI asks for it): the browser app shows no field
    /// help, and without the feature the ~20 kB of texts are not in its wasm (the catalog is a
    /// static table, so the texts are there whenever the field is; BENCHMARKS.md, s59-size).
    #[cfg(feature = "prop-help")]
    pub help: &'static str,
    /// For a free-text field that names a priced type (an Auto Scaling group's instance
    /// types): the values the price book has a list price for. Empty for every other field.
    /// A value outside it is refused by the inspector ([`PropSpec::check_known`]); a design
    /// file may still hold one (it loads, a rule names it and the bill marks a stand-in price).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub known: &'static [&'static str],
}

// Without `prop-help` the constructors take the help text and drop it (`PropSpec::help`).
#[cfg_attr(not(feature = "prop-help"), allow(unused_variables))]
impl PropSpec {
    pub const fn flag(key: &'static str, label: &'static str, default: bool, help: &'static str) -> Self {
        PropSpec { key, label, ty: PropType::Bool, unit: "", default: PropDefault::Bool(default), #[cfg(feature = "prop-help")] help, known: &[] }
    }
    #[allow(clippy::too_many_arguments)]
    pub const fn num(
        key: &'static str,
        label: &'static str,
        unit: &'static str,
        min: f64,
        max: f64,
        default: f64,
        help: &'static str,
    ) -> Self {
        PropSpec { key, label, ty: PropType::Number { min, max }, unit, default: PropDefault::Number(default), #[cfg(feature = "prop-help")] help, known: &[] }
    }
    pub const fn int(
        key: &'static str,
        label: &'static str,
        unit: &'static str,
        min: f64,
        max: f64,
        default: f64,
        help: &'static str,
    ) -> Self {
        PropSpec { key, label, ty: PropType::Integer { min, max }, unit, default: PropDefault::Number(default), #[cfg(feature = "prop-help")] help, known: &[] }
    }
    pub const fn choice(
        key: &'static str,
        label: &'static str,
        options: &'static [&'static str],
        default: &'static str,
        help: &'static str,
    ) -> Self {
        PropSpec { key, label, ty: PropType::Choice { options }, unit: "", default: PropDefault::Text(default), #[cfg(feature = "prop-help")] help, known: &[] }
    }
    pub const fn text(key: &'static str, label: &'static str, default: &'static str, help: &'static str) -> Self {
        PropSpec { key, label, ty: PropType::Text, unit: "", default: PropDefault::Text(default), #[cfg(feature = "prop-help")] help, known: &[] }
    }
    pub const fn cidr(key: &'static str, label: &'static str, default: &'static str, help: &'static str) -> Self {
        PropSpec { key, label, ty: PropType::Cidr, unit: "", default: PropDefault::Text(default), #[cfg(feature = "prop-help")] help, known: &[] }
    }
    pub const fn list(key: &'static str, label: &'static str, default: &'static [&'static str], help: &'static str) -> Self {
        PropSpec { key, label, ty: PropType::List, unit: "", default: PropDefault::List(default), #[cfg(feature = "prop-help")] help, known: &[] }
    }
    /// A list of priced type names (instance types): each entry should be one of `known`.
    pub const fn priced_list(
        key: &'static str,
        label: &'static str,
        known: &'static [&'static str],
        default: &'static [&'static str],
        help: &'static str,
    ) -> Self {
        PropSpec { key, label, ty: PropType::List, unit: "", default: PropDefault::List(default), #[cfg(feature = "prop-help")] help, known }
    }

    /// One priced type name (an ElastiCache node type) as free text: it should be one of
    /// `known`; the inspector refuses another, a file may hold one (the bill prices a stand-in).
    pub const fn priced_text(
        key: &'static str,
        label: &'static str,
        known: &'static [&'static str],
        default: &'static str,
        help: &'static str,
    ) -> Self {
        PropSpec { key, label, ty: PropType::Text, unit: "", default: PropDefault::Text(default), #[cfg(feature = "prop-help")] help, known }
    }

    /// The entries of `v` the price book has no list price for (for a field with [`Self::known`]
    /// values; empty for any other field, and for a value of another shape).
    pub fn unknown_entries<'v>(&self, v: &'v Value) -> Vec<&'v str> {
        if self.known.is_empty() {
            return Vec::new();
        }
        match v {
            Value::List(l) => l.iter().map(String::as_str).filter(|s| !self.known.contains(s)).collect(),
            Value::Text(s) if !self.known.contains(&s.as_str()) => vec![s.as_str()],
            _ => Vec::new(),
        }
    }

    /// What the inspector checks on top of [`Self::validate`]: every entry of a priced-type
    /// field is a type the price book knows. The error names the value and the known ones,
    /// e.g. `has no list price for "NaN": use t3.micro, t3.medium, …`. (Not part of
    /// `validate`: a design file holding such a value still opens, with a finding.)
    pub fn check_known(&self, v: &Value) -> Result<(), String> {
        if self.names_none(v) {
            return Err(format!("needs at least one type: use {}", self.known.join(", ")));
        }
        let unknown = self.unknown_entries(v);
        if unknown.is_empty() {
            return Ok(());
        }
        let quoted: Vec<String> = unknown.iter().map(|s| quote_entry(s)).collect();
        Err(format!("has no list price for {}: use {}", quoted.join(", "), self.known.join(", ")))
    }

    /// Whether `v`, for a field with [`Self::known`] values, names no type at all (an empty
    /// list or blank text): the bill then prices a stand-in type (qa25 #1), so the inspector
    /// refuses it and a rule names it, as for an unknown type. False for any other field.
    pub fn names_none(&self, v: &Value) -> bool {
        !self.known.is_empty()
            && matches!(v, Value::List(_) | Value::Text(_))
            && v.named_entries().is_empty()
    }

    /// A value of this property as a user reads it in a hint or a message:
    /// [`crate::units::exact`] (`1,000,000`, `0.5`, `1e308`), but a port as written in a
    /// security group or a URL (`65535`, not `65,535`): a port is a name, not an amount.
    pub fn figure(&self, x: f64) -> String {
        if self.key.ends_with("port") && x.fract() == 0.0 && x.abs() < 1e15 {
            format!("{x}")
        } else {
            crate::units::exact(x)
        }
    }

    fn check_range(&self, n: f64, min: f64, max: f64) -> Result<(), String> {
        if !n.is_finite() {
            return Err("must be a finite number".into());
        }
        if n < min || n > max {
            let u = if self.unit.is_empty() { String::new() } else { format!(" {}", self.unit) };
            return Err(format!("must be between {} and {}{u}; got {}", self.figure(min), self.figure(max), self.figure(n)));
        }
        Ok(())
    }

    /// Checks a value against this property's type and range. The error is a sentence a
    /// user reads next to the field, e.g. "must be between 1 and 100 (count); got 250".
    pub fn validate(&self, v: &Value) -> Result<(), String> {
        match (&self.ty, v) {
            (PropType::Bool, Value::Bool(_)) => Ok(()),
            (PropType::Number { min, max }, Value::Number(n)) => self.check_range(*n, *min, *max),
            (PropType::Integer { min, max }, Value::Number(n)) => {
                if n.fract() != 0.0 {
                    return Err(format!("must be a whole number; got {}", self.figure(*n)));
                }
                self.check_range(*n, *min, *max)
            }
            (PropType::Choice { options }, Value::Text(s)) => {
                if options.contains(&s.as_str()) {
                    Ok(())
                } else {
                    Err(format!("must be one of {}; got \"{s}\"", options.join(", ")))
                }
            }
            (PropType::Text, Value::Text(s)) => {
                if s.len() > 500 {
                    Err(format!("is too long ({} characters; at most 500)", s.len()))
                } else {
                    Ok(())
                }
            }
            (PropType::Cidr, Value::Text(s)) => parse_cidr(s).map(|_| ()),
            (PropType::List, Value::List(l)) => {
                if l.len() > 100 {
                    Err(format!("has too many entries ({}; at most 100)", l.len()))
                } else {
                    Ok(())
                }
            }
            (ty, v) => Err(format!("must be {}; got {} {}", expected(ty), v.type_name(), short(v))),
        }
    }
}

fn short(v: &Value) -> String {
    let s = serde_json::to_string(v).unwrap_or_default();
    if s.len() > 40 { format!("{}…", &s[..s.char_indices().nth(40).map(|(i, _)| i).unwrap_or(s.len())]) } else { s }
}

fn expected(ty: &PropType) -> &'static str {
    match ty {
        PropType::Bool => "true or false",
        PropType::Number { .. } => "a number",
        PropType::Integer { .. } => "a whole number",
        PropType::Choice { .. } => "one of the listed options",
        PropType::Text => "text",
        PropType::Cidr => "a CIDR block such as 10.0.0.0/16",
        PropType::List => "a list of text values",
    }
}


/// Parses an IPv4 CIDR block into (network address, prefix length).
pub fn parse_cidr(s: &str) -> Result<(u32, u8), String> {
    let bad = || format!("\"{s}\" is not a CIDR block such as 10.0.0.0/16");
    let (addr, len) = s.split_once('/').ok_or_else(bad)?;
    let len: u8 = len.parse().map_err(|_| bad())?;
    if len > 32 {
        return Err(format!("prefix length /{len} is over /32"));
    }
    let parts: Vec<&str> = addr.split('.').collect();
    if parts.len() != 4 {
        return Err(bad());
    }
    let mut ip: u32 = 0;
    for p in parts {
        let o: u8 = p.parse().map_err(|_| bad())?;
        ip = (ip << 8) | o as u32;
    }
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    Ok((ip & mask, len))
}

/// An address block of a security-group-style ingress rule: IPv4 or IPv6.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpBlock {
    V4 { network: u32, len: u8 },
    V6 { network: u128, len: u8 },
}

impl IpBlock {
    /// Whether the block lies inside the private ranges: RFC 1918 for IPv4 (10/8, 172.16/12,
    /// 192.168/16); for IPv6 unique local addresses fc00::/7 (RFC 4193), link-local fe80::/10
    /// (RFC 4291) and the loopback ::1. Anything else (0.0.0.0/0, ::/0, public blocks) is the
    /// internet.
    pub fn is_private(&self) -> bool {
        match *self {
            IpBlock::V4 { network, len } => {
                let within = |net: u32, plen: u8| len >= plen && (network & (u32::MAX << (32 - plen))) == net;
                within(0x0A00_0000, 8) || within(0xAC10_0000, 12) || within(0xC0A8_0000, 16)
            }
            IpBlock::V6 { network, len } => {
                let within = |net: u128, plen: u8| len >= plen && (network & (u128::MAX << (128 - plen))) == net;
                within(0xfc00 << 112, 7) || within(0xfe80 << 112, 10) || (network == 1 && len == 128)
            }
        }
    }
}

/// Parses the address block of an ingress rule: an IPv4 CIDR (`0.0.0.0/0`, `10.0.0.0/16`) or
/// an IPv6 CIDR (`::/0`, `2001:db8::/32`, `fc00::/7`). The error is a sentence for the user.
pub fn parse_ingress_cidr(s: &str) -> Result<IpBlock, String> {
    if !s.contains(':') {
        return parse_cidr(s).map(|(network, len)| IpBlock::V4 { network, len });
    }
    let bad = || format!("\"{s}\" is not an IPv6 CIDR block such as ::/0 or 2001:db8::/32");
    let (addr, len) = s.split_once('/').ok_or_else(bad)?;
    let len: u8 = len.parse().map_err(|_| bad())?;
    if len > 128 {
        return Err(format!("prefix length /{len} is over /128"));
    }
    let ip: std::net::Ipv6Addr = addr.parse().map_err(|_| bad())?;
    let mask = if len == 0 { 0 } else { u128::MAX << (128 - len) };
    Ok(IpBlock::V6 { network: u128::from(ip) & mask, len })
}

/// An entry of a priced-type field as a message names it: quoted, or "an empty entry" for a
/// blank one (`""` reads as a typo of the message, not of the value).
pub fn quote_entry(s: &str) -> String {
    if s.trim().is_empty() {
        "an empty entry".to_string()
    } else {
        format!("\"{}\"", crate::text::shown_label(s))
    }
}
