//! Writes the catalog's list of EC2 instance types from the price book (`data/prices.json`):
//! the types the inspector offers for an instance, a group or a node group are those the book
//! has an on-demand list price for (`ec2.<type>` entries), one list kept in one place (QA s32
//! F11: the book priced 27 types, the catalog offered a hand-kept 10, and an import's
//! t4g.micro, priced at $0.0084/h, was named "has no list price").
//!
//! A scan of the file's `"id"` fields rather than a JSON parser: the build script then needs
//! no dependency of its own (the engine is built for wasm too, and a build dependency is one
//! more host compile). `cost::prices` parses the same file and a test checks the two agree.

use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=data/prices.json");
    let book = std::fs::read_to_string("data/prices.json").expect("data/prices.json");
    let mut types: Vec<&str> = Vec::new();
    let mut rest = book.as_str();
    while let Some(i) = rest.find("\"id\"") {
        rest = &rest[i + 4..];
        let after = rest.trim_start().strip_prefix(':').map(str::trim_start);
        let Some(value) = after.and_then(|a| a.strip_prefix('"')) else { continue };
        let Some(end) = value.find('"') else { break };
        let id = &value[..end];
        // `ec2.<family>.<size>`: an on-demand instance-hour price (not `ec2.spot…` or others).
        if let Some(t) = id.strip_prefix("ec2.") {
            if t.split('.').count() == 2 && !types.contains(&t) {
                types.push(t);
            }
        }
        rest = &value[end..];
    }
    assert!(!types.is_empty(), "no ec2.<type> entries in data/prices.json");
    let mut out = String::from("/// EC2 instance types with an on-demand list price in the price book (`data/prices.json`,\n/// `ec2.<type>`), in the book's order: written by build.rs.\npub(crate) const EC2_TYPES: &[&str] = &[");
    for t in &types {
        let _ = write!(out, "{t:?}, ");
    }
    out.push_str("];\n");
    let dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(format!("{dir}/ec2_types.rs"), out).expect("ec2_types.rs");
}
