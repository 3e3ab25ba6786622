//! Writes the catalog's list of EC2 instance types from the price book (`data/prices.json`):
//! the types the inspector offers for an instance, a group or a node group are those the book
//! has an on-demand list price for, one list kept in one place (QA s32 F11: the book priced 27
//! types, the catalog offered a hand-kept 10, and an import's t4g.micro, priced at $0.0084/h,
//! was named "has no list price").
//!
//! The book is parsed with serde_json (a build dependency: a host build the CLI and the tests
//! make anyway), and an entry is an instance type by its fields, service "ec2" and unit
//! "instance-hour", not by the shape of its id (review s33 R10: a scan of `"id"` fields broke
//! on an escaped quote, and a future `ec2.ebs.gp3` would have been offered as a type).
//! `cost::prices` parses the same file and a test checks the two agree.
//!
//! Writes too the shape of every such type from `data/instance-shapes.json` (vCPU, GiB,
//! architecture, tasks and pods per instance, whether Compare packs onto it, with their
//! sources): one table of what a type holds, read by `compare::containers` (review s33 R11 and
//! the third reading's D2: two hand-kept arrays, 10 packing candidates and 17 others). A type
//! the book prices with no shape stops the build.

use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=data/prices.json");
    println!("cargo:rerun-if-changed=data/instance-shapes.json");
    let text = std::fs::read_to_string("data/prices.json").expect("data/prices.json");
    let book: serde_json::Value = serde_json::from_str(&text).expect("data/prices.json is JSON");
    let entries = book["prices"].as_array().expect("data/prices.json: a \"prices\" array");
    let mut types: Vec<&str> = Vec::new();
    for e in entries {
        let field = |k: &str| e[k].as_str().unwrap_or_default();
        if field("service") != "ec2" || field("unit") != "instance-hour" || !e["price"].is_number() {
            continue;
        }
        // The book names no type field: an instance-hour entry of EC2 is `ec2.<type>`.
        let id = field("id");
        let t = id.strip_prefix("ec2.").unwrap_or_else(|| panic!("EC2 instance-hour entry {id:?} is not ec2.<type>"));
        if !types.contains(&t) {
            types.push(t);
        }
    }
    assert!(!types.is_empty(), "no EC2 instance-hour entries in data/prices.json");
    let mut out = String::from("/// EC2 instance types with an on-demand list price in the price book (`data/prices.json`,\n/// service \"ec2\", unit \"instance-hour\"), in the book's order: written by build.rs.\npub(crate) const EC2_TYPES: &[&str] = &[");
    for t in &types {
        let _ = write!(out, "{t:?}, ");
    }
    out.push_str("];\n");
    let dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(format!("{dir}/ec2_types.rs"), out).expect("ec2_types.rs");
    std::fs::write(format!("{dir}/instance_shapes.rs"), shapes(&types)).expect("instance_shapes.rs");
}

/// `data/instance-shapes.json` as Rust: `SHAPES`, a `&[Shape]` in the file's order (the
/// `Shape` and `Arch` of `compare::containers`, where it is included). Every type of `priced`
/// must have a shape, and every shape a price.
fn shapes(priced: &[&str]) -> String {
    let text = std::fs::read_to_string("data/instance-shapes.json").expect("data/instance-shapes.json");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("data/instance-shapes.json is JSON");
    let rows = doc["shapes"].as_array().expect("data/instance-shapes.json: a \"shapes\" array");
    let mut out = String::from("/// Every priced EC2 type's shape, from `data/instance-shapes.json` (its sources are there): written by build.rs.\nconst SHAPES: &[Shape] = &[\n");
    let mut seen: Vec<&str> = Vec::new();
    for r in rows {
        let t = r["type"].as_str().expect("a shape's \"type\"");
        let num = |k: &str| r[k].as_f64().unwrap_or_else(|| panic!("shape {t}: \"{k}\" is a number"));
        let count = |k: &str| r[k].as_u64().unwrap_or_else(|| panic!("shape {t}: \"{k}\" is a whole number"));
        let arch = match r["arch"].as_str() {
            Some("x86_64") => "Arch::X86",
            Some("arm64") => "Arch::Arm",
            other => panic!("shape {t}: arch {other:?} is neither x86_64 nor arm64"),
        };
        let candidate = r["candidate"].as_bool().unwrap_or_else(|| panic!("shape {t}: \"candidate\" is true or false"));
        assert!(priced.contains(&t), "shape {t} has no instance-hour price in data/prices.json");
        assert!(!seen.contains(&t), "shape {t} listed twice");
        seen.push(t);
        let _ = writeln!(
            out,
            "    Shape {{ itype: {t:?}, vcpu: {:?}, mem: {:?}, arch: {arch}, candidate: {candidate}, ecs_tasks: {}, eks_pods: {} }},",
            num("vcpu"),
            num("memory_gib"),
            count("ecs_tasks"),
            count("eks_pods")
        );
    }
    for t in priced {
        assert!(seen.contains(t), "EC2 type {t} is priced in data/prices.json but has no shape in data/instance-shapes.json");
    }
    out.push_str("];\n");
    out
}
