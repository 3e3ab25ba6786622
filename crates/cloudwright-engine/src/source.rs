//! Where a number comes from: the one provenance record every entry of the data files
//! (`data/capacity.json`, `data/latency.json`) carries, so that a quota, an assumption, a
//! worker count and a latency figure are cited the same way everywhere they are shown.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How much a number can be trusted, from its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// Published by AWS (documentation, pricing or quota pages).
    AwsPublished,
    /// Measured and published by others (benchmarks, blog posts, talks).
    Community,
    /// Our own estimate; shown to the user as "estimate".
    Estimate,
}

impl SourceKind {
    /// The data files' spelling: `aws-published`, `community`, `estimate`.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::AwsPublished => "aws-published",
            SourceKind::Community => "community",
            SourceKind::Estimate => "estimate",
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The provenance of one data entry. Flattened into the entry's JSON object
/// (`"source": …, "source_kind": …, "as_of": …, "note": …`), so the data files keep their shape.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sourced {
    /// Where the number is published (a URL or a citation).
    pub source: String,
    pub source_kind: SourceKind,
    /// When the source was read, `YYYY-MM-DD` (or `YYYY-MM`).
    pub as_of: String,
    /// Anything the reader must know to use the number (how it was derived, caveats).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Sourced {
    /// `kind, as_of; source`: the citation as reports print it.
    pub fn cite(&self) -> String {
        format!("{}, {}; {}", self.source_kind, self.as_of, self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_the_data_files_spelling() {
        let s: Sourced = serde_json::from_str(r#"{"source":"https://aws.amazon.com/lambda/pricing/","source_kind":"aws-published","as_of":"2026-11-01"}"#).unwrap();
        assert_eq!((s.source_kind, s.note.as_deref()), (SourceKind::AwsPublished, None));
        assert_eq!(s.cite(), "aws-published, 2026-11-01; https://aws.amazon.com/lambda/pricing/");
        assert!(serde_json::to_string(&s).unwrap().contains(r#""source_kind":"aws-published""#));
        // A kind no one defined is refused, not read as a default.
        assert!(serde_json::from_str::<Sourced>(r#"{"source":"x","source_kind":"guess","as_of":"2026"}"#).is_err());
    }
}
