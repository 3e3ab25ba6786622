//! The values every field of a design may take, besides node properties (whose ranges are
//! in the catalog): the design's region, the workload, connections, the layout, access
//! rules. Each is a [`PropSpec`], like a property, so **one check** —
//! [`PropSpec::validate`] — serves the inspector (ranges, hints, refusals), the edits
//! ([`crate::Edit::apply`]) and the file validator (`file::open`, with the JSON path of
//! the field in the message), in the app and in the CLI alike.
//!
//! **Every new field of the file format: add its spec to the table of its object here**
//! (or, if it is an id, a reference to another entry, a map of entries or free text, its
//! name to [`STRUCTURAL`] and its check to `file/validate.rs`). The test `fields_cover_the_model`
//! (`tests/fields.rs`) fails for a model field that is in neither, and the file validator
//! reads these tables, so a spec added here is enforced on every file at once.

use super::{Choice, Connection, Ingress, Rect, Scenario, Switch, Workload};
use crate::catalog::{PropSpec, REGION_CODES};
use serde::Serialize;
use serde_json::{Map, Value as Json};

/// Whether a field may be left out of a file (or, when nullable, written `null`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    Required,
    /// May be absent (the model has a default).
    Optional,
    /// May be absent or `null` (an `Option` in the model: "not set").
    Nullable,
}

/// One checked field of an object of the file format.
#[derive(Debug)]
pub struct Field {
    pub spec: PropSpec,
    pub need: Need,
}

const fn req(spec: PropSpec) -> Field {
    Field { spec, need: Need::Required }
}
const fn opt(spec: PropSpec) -> Field {
    Field { spec, need: Need::Optional }
}
const fn nullable(spec: PropSpec) -> Field {
    Field { spec, need: Need::Nullable }
}

/// Largest request or response payload: API Gateway's 10 MB payload limit, in KB.
pub const MAX_PAYLOAD_KB: f64 = 10_240.0;

/// The design's own fields (`$.region`).
pub const DESIGN: &[Field] = &[req(PropSpec::choice(
    "region",
    "Home region",
    REGION_CODES,
    "us-east-1",
    "Where nodes outside any region container run; the regions Cloudwright has prices for.",
))];

/// `$.workload`. Ranges are what the inspector offers.
pub const WORKLOAD: &[Field] = &[
    opt(PropSpec::num("request_kb", "Request size", "KB", 0.0, MAX_PAYLOAD_KB, 2.0, "Average request payload.")),
    opt(PropSpec::num("response_kb", "Response size", "KB", 0.0, MAX_PAYLOAD_KB, 20.0, "Average response payload.")),
    opt(PropSpec::num("peak_to_average", "Peak-to-average traffic", "×", 1.0, 100.0, 3.0, "Peak traffic divided by average traffic.")),
    opt(PropSpec::num("growth_pct_per_month", "Monthly growth", "%", -100.0, 1000.0, 0.0, "Monthly traffic growth.")),
    opt(PropSpec::choice("pricing", "Pricing", &["on_demand", "savings_plan1y", "savings_plan3y"], "on_demand", "How compute is bought.")),
    opt(PropSpec::flag("free_tier", "Apply the free tier", false, "Apply the AWS free tier where it exists.")),
    opt(PropSpec::flag("critical", "Business-critical", false, "A regional outage is not acceptable.")),
    opt(PropSpec::int("team_size", "Team size", "people", 1.0, 1000.0, 5.0, "People running the platform.")),
    opt(PropSpec::flag("team_kubernetes_experience", "Team knows Kubernetes", false, "")),
    opt(PropSpec::flag("needs_portability", "Needs portability / CNCF tools", false, "")),
];

/// `$.connections["id"]`, besides its id, ends, kind and label.
pub const CONNECTION: &[Field] = &[
    nullable(PropSpec::num("share", "Traffic share", "", 0.0, 1.0, 0.0, "Share (0 to 1) of the source's traffic of this kind.")),
    nullable(PropSpec::num("payload_kb", "Payload override", "KB", 0.0, MAX_PAYLOAD_KB, 0.0, "Payload size instead of the workload's.")),
    nullable(PropSpec::int("port", "Port", "", 1.0, 65_535.0, 443.0, "Destination port.")),
    // An hour covers every AWS client timeout (the longest, ALB idle, is 4000 s max).
    nullable(PropSpec::num("timeout_ms", "Timeout", "ms", 1.0, 3_600_000.0, 0.0, "Client-side timeout.")),
    // SDKs default to 2–3 retries; beyond 10 is a retry storm, not a setting.
    nullable(PropSpec::int("retries", "Retries", "", 0.0, 10.0, 0.0, "Retries on failure.")),
    opt(PropSpec::flag("circuit_breaker", "Circuit breaker", false, "")),
];

/// Furthest a node may sit from the origin, in canvas pixels (a thousand screens).
pub const MAX_COORD: f64 = 1_000_000.0;

/// `$.layout["id"]`: position and size in canvas pixels.
pub const RECT: &[Field] = &[
    req(PropSpec::num("x", "Position x", "px", -MAX_COORD, MAX_COORD, 0.0, "")),
    req(PropSpec::num("y", "Position y", "px", -MAX_COORD, MAX_COORD, 0.0, "")),
    req(PropSpec::num("w", "Width", "px", 1.0, 100_000.0, 112.0, "")),
    req(PropSpec::num("h", "Height", "px", 1.0, 100_000.0, 72.0, "")),
];

/// `$.nodes["id"].ingress[i]`: a port open to a CIDR block (the block, IPv4 or IPv6, is
/// checked by `catalog::parse_ingress_cidr`; see [`STRUCTURAL`]).
pub const INGRESS: &[Field] = &[req(PropSpec::int("port", "Port", "", 1.0, 65_535.0, 443.0, ""))];

/// Most scenarios a design keeps: one per number key, 1 to 9 (0 is the baseline).
pub const MAX_SCENARIOS: usize = 9;

/// Longest scenario name, in characters (a button label on a projector).
pub const MAX_SCENARIO_NAME: usize = 60;

/// `$.scenarios[i]`, besides its id, name and choices. `null` or absent: as designed.
pub const SCENARIO: &[Field] = &[
    // 0.01× to 1000×: the growth charts' 0.1×–100× with a decade of margin either side.
    opt(PropSpec::num("traffic_multiplier", "Traffic multiplier", "×", 0.01, 1000.0, 1.0, "Every entry volume times this.")),
    nullable(PropSpec::choice(
        "pricing",
        "Pricing",
        &["on_demand", "savings_plan1y", "savings_plan3y", "spot"],
        "on_demand",
        "How compute is bought; Spot puts every fleet that can run on Spot on it.",
    )),
    nullable(PropSpec::flag("free_tier", "Apply the free tier", false, "")),
    nullable(PropSpec::choice("region", "Home region", REGION_CODES, "us-east-1", "Another home region for the design.")),
];

/// `$.scenarios[i].choices[j]`, besides the node it switches (a reference) and the option
/// (whose choices depend on the switch: [`check_choice`]).
pub const CHOICE: &[Field] = &[req(PropSpec::choice("switch", "Switch", &["api_type", "containers"], "api_type", "Which Compare-panel switch."))];

/// The options of a switch, as the Compare panel names them.
pub fn switch_options(s: Switch) -> &'static [&'static str] {
    match s {
        Switch::ApiType => &["rest", "http", "websocket"],
        Switch::Containers => &["ecs-ec2", "ecs-fargate", "eks-ec2", "eks-fargate"],
    }
}

/// A choice's option is one its switch offers, and it names a node.
pub fn check_choice(c: &Choice) -> Result<(), String> {
    check_typed(c, CHOICE)?;
    if c.node.as_str().is_empty() {
        return Err("a choice must name the node it switches".into());
    }
    check_option(c.switch, &c.option)
}

/// `option` is one of the options of switch `s`.
pub fn check_option(s: Switch, option: &str) -> Result<(), String> {
    let options = switch_options(s);
    if options.contains(&option) {
        Ok(())
    } else {
        Err(format!("{} must be one of {}; got {}", s.label(), options.join(", "), crate::file::error::quote(option)))
    }
}

/// A scenario's name: not blank, at most [`MAX_SCENARIO_NAME`] characters.
pub fn check_scenario_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        Err("a scenario needs a name".into())
    } else if name.chars().count() > MAX_SCENARIO_NAME {
        Err(format!("a scenario name may be at most {MAX_SCENARIO_NAME} characters; this one has {}", name.chars().count()))
    } else {
        Ok(())
    }
}

/// A whole scenario: its fields in range ([`SCENARIO`]), a name, an id, valid choices.
/// Whether the nodes its choices name exist is checked when it is applied, so deleting a
/// node from the design never makes its file unreadable.
pub fn check_scenario(s: &Scenario) -> Result<(), String> {
    if s.id.is_empty() {
        return Err("a scenario id cannot be empty".into());
    }
    check_scenario_name(&s.name)?;
    check_typed(s, SCENARIO)?;
    s.choices.iter().try_for_each(check_choice)
}

/// Fields checked by their structure, not by a range: ids, references to other entries,
/// maps of entries, free text. (object, fields); `file/validate.rs` checks each.
pub const STRUCTURAL: &[(&str, &[&str])] = &[
    ("design", &["schema_version", "name", "nodes", "connections", "workload", "layout", "scenarios"]),
    // `span`: subnet ids (model::span::check, in file/validate.rs and the edits).
    ("node", &["id", "kind", "label", "parent", "span", "props", "ingress", "suppressions"]),
    ("connection", &["id", "from", "to", "kind", "label"]),
    ("suppression", &["rule", "reason"]),
    // An IPv4 or IPv6 block: catalog::parse_ingress_cidr, in file/validate.rs and check_ingress.
    ("ingress", &["cidr"]),
    // Unique ids, a name (check_scenario_name), a list of choices; `file/validate.rs`.
    ("scenario", &["id", "name", "choices"]),
    // A node id (need not exist: checked when the scenario is applied) and the switch's option.
    ("choice", &["node", "option"]),
];

/// The spec of `key` in a table.
pub fn find<'a>(table: &'a [Field], key: &str) -> Option<&'a Field> {
    table.iter().find(|f| f.spec.key == key)
}

/// Checks one field's JSON value against its spec: `Err` with a sentence such as
/// "Peak-to-average traffic must be between 1 and 100 ×; got 1e308". `null` is the
/// caller's business (see [`Need`]).
pub fn check_json(field: &Field, v: &Json) -> Result<(), String> {
    let s = &field.spec;
    let value = match v {
        Json::Bool(b) => super::Value::Bool(*b),
        Json::Number(n) => match n.as_f64() {
            Some(x) => super::Value::Number(x),
            None => return Err(format!("{} must be a number; got {n}", s.label)),
        },
        Json::String(t) => super::Value::Text(t.clone()),
        _ => return Err(format!("{} must be {}; got {}", s.label, expected(s), crate::file::error::describe(v))),
    };
    s.validate(&value).map_err(|m| format!("{} {m}", s.label))
}

fn expected(s: &PropSpec) -> &'static str {
    use crate::catalog::PropType;
    match s.ty {
        PropType::Bool => "true or false",
        PropType::Number { .. } | PropType::Integer { .. } => "a number",
        _ => "text",
    }
}

/// Checks a typed value (a workload, a connection, a rectangle) field by field against a
/// table: the first problem, as a sentence. A number that is not finite (NaN, ∞) is
/// refused: it serializes as `null`, which no checked field accepts here.
///
/// Each field the table checks is taken as the JSON value it serializes to, read by serde as
/// it writes the value out ([`Picked`]), and checked as a file's field is ([`check_json`]);
/// the rest of the value is not written at all. Every edit that adds or moves a node or adds
/// a connection is checked here, and serializing the whole value to a `serde_json` object
/// (every key allocated, a connection's ids and label copied) was ~9% of a paste of 1,000
/// (BENCHMARKS.md s50-paste). Same answer as [`check_typed_json`], the whole object's check
/// (`tests/fields.rs` compares them on random and edge values); a value serde does not write
/// as a plain struct (none in the model today) is checked that way.
pub fn check_typed<T: Serialize>(v: &T, table: &[Field]) -> Result<(), String> {
    match picked(v, table) {
        Some(got) => table.iter().zip(&got).find_map(|(f, v)| problem(f, v.as_ref(), true)).map_or(Ok(()), Err),
        None => check_typed_json(v, table),
    }
}

/// [`check_typed`] by way of the whole value serialized to a JSON object, then
/// [`check_map`]: what every typed check did before the fields were picked (kept as the
/// reference the picked check is tested against, and for values serde writes otherwise).
pub fn check_typed_json<T: Serialize>(v: &T, table: &[Field]) -> Result<(), String> {
    let Ok(Json::Object(obj)) = serde_json::to_value(v) else {
        return Err("cannot be checked".into());
    };
    check_map(&obj, table, true).into_iter().next().map_or(Ok(()), |(_, m)| Err(m))
}

/// Most fields a table may have for [`check_typed`] to pick them (the longest, [`WORKLOAD`],
/// has 10); a longer table is checked by way of the whole JSON object.
const MOST_PICKED: usize = 16;

/// The JSON values of `v`'s fields that `table` names, by the table's order (`None`: not
/// written, as serde skips a `None` or `false` the model marks `skip_serializing_if`); None
/// when `v` is not written as a struct of named fields or a field cannot be written.
fn picked<T: Serialize>(v: &T, table: &[Field]) -> Option<[Option<Json>; MOST_PICKED]> {
    if table.len() > MOST_PICKED {
        return None;
    }
    let mut p = Picked { table, got: Default::default() };
    v.serialize(&mut p).ok()?;
    Some(p.got)
}

/// A serde `Serializer` that takes only a struct's fields named in `table`, each written by
/// `serde_json`'s own value serializer (so a field's value is exactly what `to_value` gives:
/// a non-finite float `null`, an integer a number), and skips every other field unwritten.
/// The field names are serde's (the model's `rename`s and skips apply): no second list.
struct Picked<'t> {
    table: &'t [Field],
    got: [Option<Json>; MOST_PICKED],
}

fn not_a_struct() -> serde_json::Error {
    serde::ser::Error::custom("not a struct of named fields")
}

/// Every kind of value but a struct is refused: [`check_typed`] then checks the whole JSON.
macro_rules! refuse {
    ($($name:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $arg),*) -> Result<(), serde_json::Error> { Err(not_a_struct()) })*
    };
}

impl<'a> serde::Serializer for &'a mut Picked<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeTuple = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeTupleStruct = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeTupleVariant = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeMap = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeStruct = Self;
    type SerializeStructVariant = serde::ser::Impossible<(), serde_json::Error>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, serde_json::Error> {
        Ok(self)
    }
    refuse! {
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64),
        serialize_u8(u8), serialize_u16(u16), serialize_u32(u32), serialize_u64(u64),
        serialize_f32(f32), serialize_f64(f64), serialize_char(char), serialize_str(&str), serialize_bytes(&[u8]),
        serialize_none(), serialize_unit(), serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), serde_json::Error> {
        Err(not_a_struct())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, _: &T) -> Result<(), serde_json::Error> {
        Err(not_a_struct())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(self, _: &'static str, _: u32, _: &'static str, _: &T) -> Result<(), serde_json::Error> {
        Err(not_a_struct())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, serde_json::Error> {
        Err(not_a_struct())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, serde_json::Error> {
        Err(not_a_struct())
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, serde_json::Error> {
        Err(not_a_struct())
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeTupleVariant, serde_json::Error> {
        Err(not_a_struct())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, serde_json::Error> {
        Err(not_a_struct())
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeStructVariant, serde_json::Error> {
        Err(not_a_struct())
    }
}

impl serde::ser::SerializeStruct for &mut Picked<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), serde_json::Error> {
        if let Some(i) = self.table.iter().position(|f| f.spec.key == key) {
            self.got[i] = Some(value.serialize(serde_json::value::Serializer)?);
        }
        Ok(())
    }
    fn end(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

/// The problem of one field of a table, given its JSON value (`None`: absent), if any.
/// `typed`: the value came from a model value, where `null` means "not finite".
fn problem(f: &Field, v: Option<&Json>, typed: bool) -> Option<String> {
    match v {
        None if f.need == Need::Required => Some(format!("{} is missing", f.spec.label)),
        None => None,
        Some(Json::Null) if typed => Some(format!("{} must be a finite number", f.spec.label)),
        Some(Json::Null) if f.need == Need::Nullable => None,
        Some(Json::Null) => Some(format!("{} must be {}; got null", f.spec.label, expected(&f.spec))),
        Some(v) => check_json(f, v).err(),
    }
}

/// Every problem of the fields of `obj` that have a spec in `table`: (key, message).
/// `typed`: the object came from a model value, where `null` means "not finite".
pub fn check_map(obj: &Map<String, Json>, table: &[Field], typed: bool) -> Vec<(String, String)> {
    table.iter().filter_map(|f| problem(f, obj.get(f.spec.key), typed).map(|m| (f.spec.key.to_string(), m))).collect()
}

/// The workload's fields in range ([`WORKLOAD`]).
pub fn check_workload(w: &Workload) -> Result<(), String> {
    check_typed(w, WORKLOAD)
}

/// A connection's settings in range ([`CONNECTION`]).
pub fn check_connection(c: &Connection) -> Result<(), String> {
    check_typed(c, CONNECTION)
}

/// A position and size in range ([`RECT`]).
pub fn check_rect(r: &Rect) -> Result<(), String> {
    check_typed(r, RECT)
}

/// An access rule in range ([`INGRESS`]) with a valid IPv4 or IPv6 block.
pub fn check_ingress(i: &Ingress) -> Result<(), String> {
    check_typed(i, INGRESS)?;
    crate::catalog::parse_ingress_cidr(&i.cidr).map(|_| ())
}

/// A design name typed by a user: at least one visible character, and no control or
/// bidirectional-override character (U+202A–U+202E, U+2066–U+2069), which would make the
/// name display as something else in the toolbar, the file name and the report. Files keep
/// whatever name they hold, and `Edit::Rename` applies any text (so every rename can be
/// undone); the app checks a typed name with this before it makes the edit.
pub fn check_design_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("a design needs a name: type at least one letter or digit".into());
    }
    if let Some(c) = name.chars().find(|c| c.is_control() || matches!(*c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')) {
        return Err(format!("a design name cannot hold the invisible control character U+{:04X}", c as u32));
    }
    Ok(())
}

/// The name of a copy of the design named `name` (Duplicate in the designs list, "keep mine
/// as a copy" after a conflict): "`base` (copy)", else "`base` (copy 2)", "(copy 3)", … — the
/// first that `taken` says no design has. `base` is `name` without a copy suffix of its own,
/// so a copy of a copy is "Orders (copy 2)", not "Orders (copy) (copy)", which a long name cut
/// with "…" in the list made look identical to the first copy (QA s60 #3).
pub fn copy_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    numbered_copy(strip_copy_suffix(name), taken)
}

/// "`base` (copy)", else "`base` (copy 2)", "(copy 3)", …: the first one `taken` says is
/// free. The one sequence of copy names: a design's ([`copy_name`]) and a pasted AZ's label
/// whose zone name is taken (`defaults`).
pub fn numbered_copy(base: &str, taken: impl Fn(&str) -> bool) -> String {
    std::iter::once(format!("{base} (copy)"))
        .chain((2u32..).map(|k| format!("{base} (copy {k})")))
        .find(|n| !taken(n))
        .expect("a free number exists")
}

/// `name` without a trailing " (copy)" or " (copy N)" (N a number from 2).
fn strip_copy_suffix(name: &str) -> &str {
    if let Some(base) = name.strip_suffix(" (copy)") {
        return base;
    }
    if let Some(rest) = name.strip_suffix(')') {
        if let Some((base, n)) = rest.rsplit_once(" (copy ") {
            if n.parse::<u32>().is_ok_and(|n| n >= 2) && !n.starts_with('0') && !n.starts_with('+') {
                return base;
            }
        }
    }
    name
}

/// A home region the price data knows ([`DESIGN`]'s `region`).
pub fn check_region(code: &str) -> Result<(), String> {
    let f = find(DESIGN, "region").expect("region is in DESIGN");
    check_json(f, &Json::String(code.to_string()))
}

/// The field names a derived `Deserialize` struct reads, asked of serde itself, so the
/// unknown-field check (and the coverage test of these tables) follows the model when a
/// field is added to it.
pub fn serde_fields<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{self, Deserializer, Visitor};
    struct Grab<'a>(&'a mut &'static [&'static str]);
    impl<'de> Deserializer<'de> for Grab<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(self, _: &'static str, fields: &'static [&'static str], _: V) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("fields read"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Grab(&mut fields));
    fields
}

#[cfg(test)]
mod design_name_tests {
    use super::{check_design_name, copy_name};

    #[test]
    fn a_copy_is_numbered_after_the_copies_that_exist() {
        let names = ["Orders", "Orders (copy)", "Orders (copy 2)", "Shop (copy 7)"];
        let taken = |n: &str| names.contains(&n);
        assert_eq!(copy_name("Orders", taken), "Orders (copy 3)");
        // A copy of a copy counts from the same base.
        assert_eq!(copy_name("Orders (copy)", taken), "Orders (copy 3)");
        assert_eq!(copy_name("Orders (copy 2)", taken), "Orders (copy 3)");
        assert_eq!(copy_name("Shop (copy 7)", taken), "Shop (copy)");
        assert_eq!(copy_name("New", |_| false), "New (copy)");
        // Not a copy suffix: kept in the name.
        assert_eq!(copy_name("Plan (copy 1)", |_| false), "Plan (copy 1) (copy)");
        assert_eq!(copy_name("Plan (copy 02)", |_| false), "Plan (copy 02) (copy)");
        assert_eq!(copy_name("Plan (copy x)", |_| false), "Plan (copy x) (copy)");
        assert_eq!(copy_name("(copy)", |_| false), "(copy) (copy)");
    }

    #[test]
    fn a_typed_name_has_a_visible_character_and_no_invisible_controls() {
        assert!(check_design_name("Orders API — 注文 🚀").is_ok());
        assert!(check_design_name("שלום עולם").is_ok());
        assert_eq!(check_design_name("   ").unwrap_err(), "a design needs a name: type at least one letter or digit");
        assert!(check_design_name("").is_err());
        assert!(check_design_name("evil\u{202e}gnp.exe").unwrap_err().contains("U+202E"));
        assert!(check_design_name("a\u{b}b").unwrap_err().contains("U+000B"));
        assert!(check_design_name("a\u{2067}b").is_err());
    }
}
