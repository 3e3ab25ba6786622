//! Helpers shared by the engine's integration tests: the app's templates, loaded once per
//! call from `templates/` (every `*.json` but `index.json`), in file-name order; the designs
//! Compare opens on and its Switch applied to them (compare_switch, switch_capacity,
//! switch_findings).
//!
//! Each test file includes it with `mod common;` and uses what it needs (hence the
//! `dead_code` allowance: a test binary that uses one helper does not see the others used).
#![allow(dead_code)]

use cloudwright_engine::compare::{apply_container_option, ContainerOption};
use cloudwright_engine::{file, Design, NodeId, Rect};
use std::path::PathBuf;

/// One template file: its name (`three-tier.json`), its text and the design it loads as.
pub struct Template {
    pub file_name: String,
    pub text: String,
    pub design: Design,
}

impl Template {
    /// The name without `.json` (`three-tier`).
    pub fn stem(&self) -> &str {
        self.file_name.trim_end_matches(".json")
    }
}

/// Every template, sorted by file name; panics (naming the file) when one does not load, and
/// when fewer than the nine reference templates are found.
pub fn all() -> Vec<Template> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../templates");
    let mut out: Vec<Template> = std::fs::read_dir(&dir)
        .expect("templates/ exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && p.file_name().is_some_and(|n| n != "index.json"))
        .map(|p| {
            let file_name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{file_name}: {e}"));
            let design = file::load(&text).unwrap_or_else(|e| panic!("{file_name}: {e}"));
            Template { file_name, text, design }
        })
        .collect();
    out.sort_by(|a, b| a.file_name.cmp(&b.file_name));
    assert!(out.len() >= 9, "the reference templates: found {}", out.len());
    out
}

/// (`three-tier`, design) for every template.
pub fn by_stem() -> Vec<(String, Design)> {
    all().into_iter().map(|t| (t.stem().to_string(), t.design)).collect()
}

/// (`three-tier.json`, design) for every template.
pub fn by_file_name() -> Vec<(String, Design)> {
    all().into_iter().map(|t| (t.file_name, t.design)).collect()
}

// ---------------------------------------------------------------- Compare's Switch

/// One template by its stem (`three-tier`).
pub fn template(stem: &str) -> Design {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../templates/{stem}.json"));
    file::load(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{stem}: {e}"))).unwrap_or_else(|e| panic!("{stem}: {e}"))
}

/// Every design the Compare panel can be opened on, as (what, design): the starter, the
/// templates (by path, in file-name order), and the per-AZ drawings of two of them.
pub fn comparable_designs() -> Vec<(String, Design)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../templates");
    let mut out = vec![("starter".to_string(), cloudwright_engine::sample::three_tier())];
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    for p in paths {
        if p.extension().is_none_or(|x| x != "json") || p.file_name().is_some_and(|f| f == "index.json") {
            continue;
        }
        out.push((p.display().to_string(), file::load(&std::fs::read_to_string(&p).unwrap()).unwrap()));
    }
    for name in ["three-tier", "eks-karpenter"] {
        let p = format!("{}/tests/fixtures/span/{name}-per-az.json", env!("CARGO_MANIFEST_DIR"));
        out.push((p.clone(), file::load(&std::fs::read_to_string(&p).unwrap()).unwrap()));
    }
    out
}

/// The nodes Compare's container comparison opens on (ECS services, EKS node groups, Fargate
/// profiles), in id order.
pub fn container_nodes(d: &Design) -> Vec<NodeId> {
    d.nodes.values().filter(|n| matches!(n.kind.as_str(), "ecs-service" | "eks-nodegroup" | "fargate-profile")).map(|n| n.id.clone()).collect()
}

/// `d` after Compare's Switch of `node` to `o`; `None` when the switch changes nothing
/// (refused, or already that option).
pub fn switched(d: &Design, node: &NodeId, o: ContainerOption) -> Option<Design> {
    let mut after = d.clone();
    apply_container_option(d, node, o).apply(&mut after).unwrap();
    (after != *d).then_some(after)
}

/// The nodes of `after` that `before` does not have, in id order.
pub fn added(before: &Design, after: &Design) -> Vec<NodeId> {
    after.nodes.keys().filter(|id| !before.nodes.contains_key(*id)).cloned().collect()
}

/// Whether `inner` lies wholly inside `outer` (edges may touch).
pub fn inside(inner: &Rect, outer: &Rect) -> bool {
    inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h
}

/// The bill's monthly total as the totals bar shows it (to the cent), in US dollars.
pub fn bill(d: &Design) -> f64 {
    (cloudwright_engine::cost::cost(d).monthly * 100.0).round() / 100.0
}

// ---------------------------------------------------------------- every design we have

/// The files under `dir` (recursively) whose names end in `.ext`, sorted by path.
pub fn files_under(dir: &std::path::Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p, ext));
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Every design we have, as (name, design): the property fixtures first (they hold every
/// kind, so `props_effects` settles most properties on the first design it tries), then the
/// rule fixtures (pass and fail), the templates, the file-format fixtures, the CloudFormation
/// and Terraform samples imported (each CloudFormation file alone, each Terraform directory
/// whole, each plan or state file alone) and the samples (`three_tier`, `synthetic(120)`).
/// Names are paths from the engine crate (`tests/fixtures/props/…`, `../../templates/…`).
///
/// One walker for the tests that read every design (`bill_texts`, `catalog_reads`,
/// `props_effects`), which each had a copy (lead's note s34, "Another full reading"). A JSON
/// file that does not load panics, naming it, except under a `bad/` folder (files made to
/// fail) and `index.json` (the templates' list); an IaC sample that does not import is left
/// out (the importer's own tests say which must).
pub fn design_corpus() -> Vec<(String, Design)> {
    use cloudwright_engine::iac::{import, Options, SourceFile};
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let name = |p: &std::path::Path| p.strip_prefix(&root).unwrap_or(p).display().to_string();
    let mut out = Vec::new();
    for dir in ["tests/fixtures/props", "tests/fixtures/rules", "../../templates", "tests/fixtures/file"] {
        for p in files_under(&root.join(dir), "json") {
            if p.file_name().is_some_and(|f| f == "index.json") || p.components().any(|c| c.as_os_str() == "bad") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let d = file::load(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            out.push((name(&p), d));
        }
    }
    let iac = root.join("tests/fixtures/iac");
    let one = |p: &std::path::Path| SourceFile::new(p.file_name().unwrap().to_string_lossy(), std::fs::read_to_string(p).unwrap());
    let cfn = iac.join("cfn-samples");
    for p in files_under(&cfn, "yaml").into_iter().chain(files_under(&cfn, "json")).chain(files_under(&iac.join("terraform"), "json")) {
        if let Ok(i) = import(&[one(&p)], &Options::default()) {
            out.push((name(&p), i.design));
        }
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(iac.join("terraform")).map(|r| r.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect()).unwrap_or_default();
    dirs.sort();
    for dir in dirs {
        let tf: Vec<SourceFile> = files_under(&dir, "tf").iter().map(|p| one(p)).collect();
        if let Ok(i) = import(&tf, &Options::default()) {
            out.push((name(&dir), i.design));
        }
    }
    out.push(("sample::three_tier".into(), cloudwright_engine::sample::three_tier()));
    out.push(("sample::synthetic(120)".into(), cloudwright_engine::sample::synthetic(120)));
    assert!(out.len() > 150, "every template, fixture and sample; found {}", out.len());
    assert!(out.iter().any(|(n, _)| n.ends_with("alb-asg-existing-vpc.yaml")), "the IaC samples imported");
    assert!(out.iter().any(|(n, _)| n.starts_with("tests/fixtures/file/")), "the file-format fixtures");
    out
}
