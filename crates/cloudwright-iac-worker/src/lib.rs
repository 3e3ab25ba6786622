//! The IaC worker: CloudFormation/SAM and Terraform import and export, run in a Web Worker
//! from a wasm of its own (`cloudwright-iac-worker_bg.wasm`), so the parsers (saphyr,
//! hcl-rs) and the exporters are downloaded only when a user imports or exports code, never
//! with the app.
//!
//! The app and the worker talk in [`Request`]s and [`Reply`]s, JSON over `postMessage`.
//! Designs cross as the file format (`file::save` → `file::open`), so what comes back from
//! an import is checked by the same one entry point as every other file from outside.
//! [`handle`] is the whole job, a pure function of the request: `main.rs` only wires it to
//! the worker's `onmessage`, and the native tests call it directly.

use cloudwright_engine::{file, iac};
use serde::{Deserialize, Serialize};

/// One file of an import: its name (format detection, the report) and its UTF-8 text.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct File {
    pub name: String,
    pub text: String,
}

/// Which code an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// CloudFormation YAML (`iac::export::cloudformation`).
    Cloudformation,
    /// Terraform HCL, one `main.tf` (`iac::export::terraform`).
    Terraform,
}

/// What the app asks.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Job {
    /// Import these files as one design; `region` is the design's region (`AWS::Region`,
    /// `Fn::GetAZs`, the Terraform provider's default).
    Import { files: Vec<File>, region: String },
    /// Export a design, given as a design file's text.
    Export { format: Format, design: String },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Request {
    /// Chosen by the app; the reply carries it back.
    pub id: u32,
    #[serde(flatten)]
    pub job: Job,
}

/// What the worker answers.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Sent once, unasked (id 0), when the worker's wasm has started: requests posted
    /// before it would find no `onmessage` yet.
    Ready,
    /// The imported design as a design file's text, and the import report.
    Imported { design: String, report: iac::Report },
    /// The exported code.
    Exported { text: String },
    /// Nothing was imported or exported: one sentence per problem, naming the file.
    Failed { errors: Vec<String> },
}

/// Written `{"id": 1, "outcome": "imported", "design": …, "report": …}` (the outcome's fields
/// beside the id); read by the hand-written [`Deserialize`] below.
#[derive(Clone, Debug, Serialize)]
pub struct Reply {
    pub id: u32,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Reads the form [`Reply`]'s `Serialize` writes, keys in any order, unknown keys ignored, as
/// serde's derived reader did. Hand-written because the derived reader of a flattened,
/// internally tagged field buffers the whole reply (the import report, the design's text)
/// into serde's `Content` tree first, which compiled a second reader of every type in it
/// into the page's wasm (BENCHMARKS.md, "s45-size").
impl<'de> Deserialize<'de> for Reply {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Reply, D::Error> {
        use serde::de::{self, IgnoredAny, MapAccess, Visitor};
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = Reply;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a reply of the IaC worker")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Reply, A::Error> {
                let (mut id, mut tag, mut design, mut report, mut text, mut errors) = (None::<u32>, None::<String>, None::<String>, None::<iac::Report>, None::<String>, None::<Vec<String>>);
                while let Some(k) = m.next_key::<String>()? {
                    match k.as_str() {
                        "id" => id = Some(m.next_value()?),
                        "outcome" => tag = Some(m.next_value()?),
                        "design" => design = Some(m.next_value()?),
                        "report" => report = Some(m.next_value()?),
                        "text" => text = Some(m.next_value()?),
                        "errors" => errors = Some(m.next_value()?),
                        _ => {
                            m.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                fn need<T, E: de::Error>(v: Option<T>, field: &'static str) -> Result<T, E> {
                    v.ok_or_else(|| E::missing_field(field))
                }
                const VARIANTS: &[&str] = &["ready", "imported", "exported", "failed"];
                let outcome = match tag.as_deref() {
                    Some("ready") => Outcome::Ready,
                    Some("imported") => Outcome::Imported { design: need(design, "design")?, report: need(report, "report")? },
                    Some("exported") => Outcome::Exported { text: need(text, "text")? },
                    Some("failed") => Outcome::Failed { errors: need(errors, "errors")? },
                    Some(other) => return Err(de::Error::unknown_variant(other, VARIANTS)),
                    None => return Err(de::Error::missing_field("outcome")),
                };
                Ok(Reply { id: need(id, "id")?, outcome })
            }
        }
        d.deserialize_map(Fields)
    }
}

/// Does one request (its JSON text) and returns the reply's JSON text. Never panics on bad
/// input: a request that cannot be read is answered with `Failed` (id 0 when even the id is
/// unreadable).
pub fn handle(request: &str) -> String {
    let reply = match serde_json::from_str::<Request>(request) {
        Ok(req) => Reply { id: req.id, outcome: run(req.job) },
        Err(e) => Reply { id: 0, outcome: Outcome::Failed { errors: vec![format!("the app sent a request the import worker cannot read: {e}")] } },
    };
    serde_json::to_string(&reply).expect("a reply always serializes")
}

/// The job itself.
pub fn run(job: Job) -> Outcome {
    match job {
        Job::Import { files, region } => {
            let files: Vec<iac::SourceFile> = files.into_iter().map(|f| iac::SourceFile::new(f.name, f.text)).collect();
            let opts = iac::Options { region, ..iac::Options::default() };
            match iac::import(&files, &opts) {
                Ok(i) => Outcome::Imported { design: file::save(&i.design), report: i.report },
                Err(errors) => Outcome::Failed { errors },
            }
        }
        Job::Export { format, design } => match file::open(design.as_bytes()) {
            Ok(loaded) => Outcome::Exported {
                text: match format {
                    Format::Cloudformation => iac::export::cloudformation(&loaded.design),
                    Format::Terraform => iac::export::terraform(&loaded.design),
                },
            },
            Err(e) => Outcome::Failed { errors: e.problems.iter().map(|p| p.to_string()).collect() },
        },
    }
}
