//! Infrastructure as code: import CloudFormation/SAM and Terraform into a design, and
//! export a design as CloudFormation (YAML) or Terraform (HCL).
//!
//! Import is pure: text in, a [`Design`] and an import [`Report`] out. Each front end
//! ([`cfn`], [`terraform`]) reads its files into an [`inventory::Inventory`] (components,
//! network facts, links, what each resource became); [`build`] turns that into the design
//! the same way for both. Nothing is fetched and nothing is guessed silently: a value that
//! cannot be worked out offline is reported with the reason.
//!
//! Parsers: `saphyr` (YAML 1.2 with custom tags kept) and `serde_json` for CloudFormation,
//! `hcl-rs` for Terraform HCL.

pub mod build;
pub mod cfn;
pub mod export;
pub mod inventory;
pub mod kinds;
pub mod report;
pub mod terraform;
pub mod value;

pub use report::{Entry, Outcome, Report, RouteLine};

use crate::model::Design;
use std::collections::BTreeMap;

/// One file to import: its name (for the report and format detection) and its text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile { name: name.into(), text: text.into() }
    }
}

/// What the import cannot read from the files.
#[derive(Clone, Debug)]
pub struct Options {
    /// The design's region: `AWS::Region`, `Fn::GetAZs` and the Terraform provider default.
    pub region: String,
    /// The design's name; default: from the first file.
    pub name: Option<String>,
    /// Parameter (CloudFormation) or variable (Terraform) values, by name.
    pub params: BTreeMap<String, String>,
    /// Stack name per CloudFormation file (`AWS::StackName`); default: the file name's stem.
    pub stack_names: BTreeMap<String, String>,
    /// Ignore the design facts a Cloudwright export keeps beside the code (to see what the
    /// code alone says).
    pub ignore_metadata: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { region: "us-east-1".into(), name: None, params: BTreeMap::new(), stack_names: BTreeMap::new(), ignore_metadata: false }
    }
}

/// What a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    CloudFormation,
    /// Terraform HCL source (`.tf`).
    TerraformHcl,
    /// `terraform show -json` of a plan or a state.
    TerraformJson,
    /// A Cloudwright design file.
    Design,
}

/// Recognises a file by its content first, its extension second. None: not IaC nor a design.
pub fn detect(name: &str, text: &str) -> Option<Format> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let lower = name.to_ascii_lowercase();
    if t.starts_with('{') {
        // JSON: decided by the top-level keys, never by text inside values.
        let Ok(serde_json::Value::Object(top)) = serde_json::from_str::<serde_json::Value>(t) else { return None };
        if top.contains_key("schema_version") && top.contains_key("nodes") {
            return Some(Format::Design);
        }
        if top.contains_key("format_version") && (top.contains_key("planned_values") || top.contains_key("values")) {
            return Some(Format::TerraformJson);
        }
        if top.get("Resources").is_some_and(|r| r.is_object()) || top.contains_key("AWSTemplateFormatVersion") {
            return Some(Format::CloudFormation);
        }
        return None;
    }
    if lower.ends_with(".tf") {
        return Some(Format::TerraformHcl);
    }
    let has_line = |key: &str| t.lines().any(|l| l.starts_with(key));
    if has_line("Resources:") || has_line("AWSTemplateFormatVersion") || has_line("Transform:") {
        return Some(Format::CloudFormation);
    }
    if t.lines().any(|l| {
        let l = l.trim_start();
        (l.starts_with("resource \"") || l.starts_with("module \"") || l.starts_with("provider \"") || l.starts_with("terraform {")) && !l.contains(':')
    }) {
        return Some(Format::TerraformHcl);
    }
    None
}

/// An imported design and its report.
#[derive(Clone, Debug)]
pub struct Imported {
    pub design: Design,
    pub report: Report,
}

/// Imports one or several files as one design. Errors (one sentence per file that cannot
/// be read at all, prefixed with its name) mean nothing was imported.
pub fn import(files: &[SourceFile], opts: &Options) -> Result<Imported, Vec<String>> {
    let mut errors = Vec::new();
    let mut cfn_files = Vec::new();
    let mut tf_files = Vec::new();
    for f in files {
        if f.text.len() > crate::file::MAX_FILE_BYTES {
            errors.push(format!("{}: the file is larger than {} MB", f.name, crate::file::MAX_FILE_BYTES / (1024 * 1024)));
            continue;
        }
        match detect(&f.name, &f.text) {
            Some(Format::CloudFormation) => match cfn::parse_template(&f.name, &f.text, opts) {
                Ok(t) => cfn_files.push(t),
                Err(e) => errors.push(format!("{}: {e}", f.name)),
            },
            Some(Format::TerraformHcl) | Some(Format::TerraformJson) => tf_files.push(f),
            Some(Format::Design) => errors.push(format!("{}: this is a Cloudwright design, not infrastructure code; open it with Import design", f.name)),
            None => errors.push(format!("{}: not a CloudFormation template, Terraform file or terraform show -json output", f.name)),
        }
    }
    if files.is_empty() {
        errors.push("no file given".into());
    }
    let mut inv = inventory::Inventory::default();
    // Exports of every template first, so each file's Fn::ImportValue can see the others'.
    let all_exports: Vec<BTreeMap<String, value::V>> = cfn_files.iter().map(|t| cfn::exports(t, opts)).collect();
    for (i, t) in cfn_files.iter().enumerate() {
        let others: BTreeMap<String, value::V> = all_exports.iter().enumerate().filter(|(j, _)| *j != i).flat_map(|(_, e)| e.clone()).collect();
        cfn::read(t, opts, &others, &mut inv);
    }
    if !tf_files.is_empty() {
        if let Err(mut e) = terraform::read(&tf_files, opts, &mut inv) {
            errors.append(&mut e);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    inv.draw_endpoint_services();
    let restored_name = inv.restore.as_ref().and_then(|r| r.name.clone());
    let name = opts.name.clone().or(restored_name).unwrap_or_else(|| {
        let first = files.first().map(|f| f.name.rsplit(['/', '\\']).next().unwrap_or(&f.name).to_string()).unwrap_or_default();
        if files.len() > 1 { format!("{first} (+{} files)", files.len() - 1) } else { first }
    });
    let built = build::build(inv, &opts.region, &name);
    Ok(Imported { design: built.design, report: built.report })
}
