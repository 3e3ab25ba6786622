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

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Reply {
    pub id: u32,
    #[serde(flatten)]
    pub outcome: Outcome,
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
