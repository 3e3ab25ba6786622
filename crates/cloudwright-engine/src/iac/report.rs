//! The import report: for every resource of the imported files, what it became (drawn as
//! which component, merged into which, not drawn and why) and each value that could not be
//! resolved; plus the routes the diagram shows as subnet tiers, and notes on the whole import.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Not decided yet (never left in a finished report).
    Pending,
    /// Drawn as a component of this catalog kind (the node id is the resource id).
    Drawn { kind: String },
    /// Folded into another resource's component (a listener into its load balancer).
    Merged { into: String, how: String },
    /// Not drawn: it has no diagram meaning (IAM, log groups) or no catalog kind.
    NotDrawn { why: String },
    /// Not created with these parameter values (its Condition is false).
    Skipped { why: String },
}

/// One resource of the imported files. Written with its outcome's fields beside its own
/// (`{"file", "id", "type", "outcome": "merged", "into", "how", …}`); read by the hand-written
/// [`Deserialize`] below.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    /// The file it comes from (as named by the caller).
    pub file: String,
    /// Logical id (CloudFormation) or address (Terraform).
    pub id: String,
    /// Resource type as written (`AWS::EC2::Subnet`, `aws_subnet`).
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(flatten)]
    pub outcome: Outcome,
    /// Facts worth knowing (e.g. "spans 2 subnets; drawn once at VPC level").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// (property path, why) for each value that could not be resolved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unresolved: Vec<(String, String)>,
}

/// Reads the form [`Entry`]'s `Serialize` writes, keys in any order, unknown keys ignored, as
/// serde's derived reader did. Hand-written because the derived reader of a flattened,
/// internally tagged field buffers every entry into serde's `Content` tree first, which
/// compiled a second reader of the report into the page's wasm (it reads the IaC worker's
/// import report; BENCHMARKS.md, "s45-size").
impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Entry, D::Error> {
        use serde::de::{self, IgnoredAny, MapAccess, Visitor};
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = Entry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an import report entry")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Entry, A::Error> {
                let [mut file, mut id, mut ty, mut tag, mut kind, mut into, mut how, mut why] = [const { None::<String> }; 8];
                let (mut notes, mut unresolved) = (Vec::new(), Vec::new());
                while let Some(k) = m.next_key::<String>()? {
                    let slot = match k.as_str() {
                        "file" => &mut file,
                        "id" => &mut id,
                        "type" => &mut ty,
                        "outcome" => &mut tag,
                        "kind" => &mut kind,
                        "into" => &mut into,
                        "how" => &mut how,
                        "why" => &mut why,
                        "notes" => {
                            notes = m.next_value()?;
                            continue;
                        }
                        "unresolved" => {
                            unresolved = m.next_value()?;
                            continue;
                        }
                        _ => {
                            m.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    *slot = Some(m.next_value()?);
                }
                fn need<E: de::Error>(v: Option<String>, field: &'static str) -> Result<String, E> {
                    v.ok_or_else(|| E::missing_field(field))
                }
                const VARIANTS: &[&str] = &["pending", "drawn", "merged", "not_drawn", "skipped"];
                let outcome = match tag.as_deref() {
                    Some("pending") => Outcome::Pending,
                    Some("drawn") => Outcome::Drawn { kind: need(kind, "kind")? },
                    Some("merged") => Outcome::Merged { into: need(into, "into")?, how: need(how, "how")? },
                    Some("not_drawn") => Outcome::NotDrawn { why: need(why, "why")? },
                    Some("skipped") => Outcome::Skipped { why: need(why, "why")? },
                    Some(other) => return Err(de::Error::unknown_variant(other, VARIANTS)),
                    None => return Err(de::Error::missing_field("outcome")),
                };
                Ok(Entry { file: need(file, "file")?, id: need(id, "id")?, ty: need(ty, "type")?, outcome, notes, unresolved })
            }
        }
        d.deserialize_map(Fields)
    }
}

impl Entry {
    pub fn new(file: &str, id: &str, ty: &str) -> Self {
        Entry { file: file.to_string(), id: id.to_string(), ty: ty.to_string(), outcome: Outcome::Pending, notes: Vec::new(), unresolved: Vec::new() }
    }
}

/// A route the diagram expresses through a subnet's tier rather than a line: subnet →
/// internet gateway / NAT gateway / endpoint, and NAT → internet gateway.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RouteLine {
    pub from: String,
    pub to: String,
    /// Destination, e.g. `0.0.0.0/0`, or the endpoint's service.
    pub dest: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub entries: Vec<Entry>,
    pub routes: Vec<RouteLine>,
    /// Import-wide notes: unknown tags, parameters without a value, assumptions made.
    pub notes: Vec<String>,
}

impl Report {
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }
    /// Counts of drawn / merged / not drawn / skipped resources.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let mut c = (0, 0, 0, 0);
        for e in &self.entries {
            match e.outcome {
                Outcome::Drawn { .. } => c.0 += 1,
                Outcome::Merged { .. } => c.1 += 1,
                Outcome::NotDrawn { .. } | Outcome::Pending => c.2 += 1,
                Outcome::Skipped { .. } => c.3 += 1,
            }
        }
        c
    }
    /// Every unresolved value as "id.path: why".
    pub fn unresolved(&self) -> Vec<String> {
        self.entries.iter().flat_map(|e| e.unresolved.iter().map(move |(p, w)| format!("{}.{p}: {w}", e.id))).collect()
    }

    /// The report as plain text, one resource a line (the CLI prints this).
    pub fn render(&self) -> String {
        use std::fmt::Write as _;
        let (d, m, n, s) = self.counts();
        let mut out = format!("{} resources: {d} drawn, {m} merged, {n} not drawn, {s} skipped\n", self.entries.len());
        for note in &self.notes {
            let _ = writeln!(out, "note: {note}");
        }
        for e in &self.entries {
            let what = match &e.outcome {
                Outcome::Drawn { kind } => format!("drawn as {kind}"),
                Outcome::Merged { into, how } => format!("merged into {into} ({how})"),
                Outcome::NotDrawn { why } => format!("not drawn: {why}"),
                Outcome::Skipped { why } => format!("skipped: {why}"),
                Outcome::Pending => "not drawn: not read".into(),
            };
            let _ = writeln!(out, "  {} [{}] {what}", e.id, e.ty);
            for note in &e.notes {
                let _ = writeln!(out, "      note: {note}");
            }
            for (p, w) in &e.unresolved {
                let _ = writeln!(out, "      unresolved {p}: {w}");
            }
        }
        if !self.routes.is_empty() {
            let _ = writeln!(out, "routes (shown as subnet tiers):");
            for r in &self.routes {
                let _ = writeln!(out, "  {} → {} ({})", r.from, r.to, r.dest);
            }
        }
        out
    }
}
