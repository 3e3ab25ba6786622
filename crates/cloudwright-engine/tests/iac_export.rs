//! Export → import round trips: every app template in `templates/` (whatever is there),
//! exported as CloudFormation and as Terraform and imported again, has the same topology:
//! the same kinds, containment and connections. And what the code alone expresses (metadata
//! ignored) is never more than the design says.

use cloudwright_engine::iac::export::{self, logical_id};
use cloudwright_engine::iac::{import, Imported, Options, SourceFile};
use cloudwright_engine::{Design, NodeId};
use std::collections::BTreeSet;

fn templates() -> Vec<(String, Design)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") || name == "index.json" {
            continue;
        }
        let d = cloudwright_engine::file::load(&std::fs::read_to_string(&p).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        out.push((name, d));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 9, "the app templates");
    out
}

type Topo = (BTreeSet<(String, String, String)>, Vec<(String, String, String)>);

/// (key, kind, parent key [+ further subnets]) per node and (from, to, kind) per connection. AZs are keyed by
/// their VPC and zone letter (the import names them from the subnets' AvailabilityZone);
/// every other node by its name in the code (`rename`).
fn topology(d: &Design, rename: &dyn Fn(&str) -> String) -> Topo {
    let key = |id: &NodeId| -> String {
        let n = &d.nodes[id];
        if n.kind == "az" {
            let vpc = n.parent.as_ref().map(|p| rename(p.as_str())).unwrap_or_default();
            format!("az:{vpc}:{}", d.text(n, "zone"))
        } else {
            rename(id.as_str())
        }
    };
    // A component spanning AZs: its home subnet and its further subnets (issue 14).
    let place = |n: &cloudwright_engine::Node| {
        let home = n.parent.as_ref().map(|p| key(p)).unwrap_or_default();
        if n.span.is_empty() { home } else { format!("{home} + {}", n.span.iter().map(|s| key(s)).collect::<Vec<_>>().join(", ")) }
    };
    let nodes = d.nodes.values().map(|n| (key(&n.id), n.kind.clone(), place(n))).collect();
    let mut conns: Vec<_> = d.connections.values().map(|c| (key(&c.from), key(&c.to), c.kind.name().to_string())).collect();
    conns.sort();
    (nodes, conns)
}

fn diff<T: Ord + std::fmt::Debug + Clone>(a: &[T], b: &[T]) -> String {
    let sa: BTreeSet<T> = a.iter().cloned().collect();
    let sb: BTreeSet<T> = b.iter().cloned().collect();
    format!("missing after the round trip: {:?}\nadded by the round trip: {:?}", sa.difference(&sb).collect::<Vec<_>>(), sb.difference(&sa).collect::<Vec<_>>())
}

fn round_trip(name: &str, d: &Design, file: &str, text: String, rename: &dyn Fn(&str) -> String) -> Imported {
    let opts = Options { region: d.region.clone(), ..Options::default() };
    let i = import(&[SourceFile::new(file, text.clone())], &opts).unwrap_or_else(|e| panic!("{name}: the export does not import: {e:?}\n{text}"));
    let before = topology(d, rename);
    let after = topology(&i.design, &|s: &str| s.to_string());
    let (bn, an): (Vec<_>, Vec<_>) = (before.0.iter().cloned().collect(), after.0.iter().cloned().collect());
    assert!(before.0 == after.0, "{name} ({file}): containment differs\n{}", diff(&bn, &an));
    assert!(before.1 == after.1, "{name} ({file}): connections differ\n{}", diff(&before.1, &after.1));
    // The imported design is a valid design.
    cloudwright_engine::file::load(&cloudwright_engine::file::save(&i.design)).unwrap_or_else(|e| panic!("{name}: {e}"));
    i
}

#[test]
fn every_template_round_trips_through_cloudformation() {
    for (name, d) in templates() {
        let p = export::plan::Plan::new(&d);
        println!("{name}: {} of {} connections and {} of {} components written as CloudFormation itself", p.native.len(), d.connections.len(), p.resources.len(), d.nodes.len());
        let text = export::cloudformation(&d);
        assert!(text.starts_with("# "), "{name}: a comment says what the file is");
        round_trip(&name, &d, "export.yaml", text.clone(), &|s| logical_id(s));
        // The code alone: every connection it expresses is one the design has.
        let opts = Options { region: d.region.clone(), ignore_metadata: true, ..Options::default() };
        let bare = import(&[SourceFile::new("export.yaml", text)], &opts).unwrap();
        let designed: BTreeSet<(String, String, String)> = topology(&d, &|s| logical_id(s)).1.into_iter().collect();
        let extra: Vec<_> = topology(&bare.design, &|s: &str| s.to_string()).1.into_iter().filter(|c| !designed.contains(c) && c.0 != "internet-users").collect();
        assert!(extra.is_empty(), "{name}: the CloudFormation alone implies connections the design does not have: {extra:?}");
    }
}


#[test]
fn every_template_round_trips_through_terraform() {
    for (name, d) in templates() {
        let text = export::terraform(&d);
        // The HCL parses with the HCL parser crate.
        hcl::parse(&text).unwrap_or_else(|e| panic!("{name}: the exported HCL does not parse: {e}\n{text}"));
        let plan = export::plan::Plan::with(&d, export::plan::Naming::Terraform);
        let names = plan.names.clone();
        round_trip(&name, &d, "main.tf", text.clone(), &|s| names.get(&NodeId::new(s)).cloned().unwrap_or_default());
        let opts = Options { region: d.region.clone(), ignore_metadata: true, ..Options::default() };
        let bare = import(&[SourceFile::new("main.tf", text)], &opts).unwrap();
        let designed: BTreeSet<(String, String, String)> = topology(&d, &|s| names.get(&NodeId::new(s)).cloned().unwrap_or_default()).1.into_iter().collect();
        let extra: Vec<_> = topology(&bare.design, &|s: &str| s.to_string()).1.into_iter().filter(|c| !designed.contains(c) && c.0 != "internet-users").collect();
        assert!(extra.is_empty(), "{name}: the Terraform alone implies connections the design does not have: {extra:?}");
    }
}
