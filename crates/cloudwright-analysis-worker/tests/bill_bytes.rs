//! The bill as the worker sends it (MessagePack, rmp-serde with named fields) and as the CLI
//! and the report write it (JSON) is the same, byte for byte, as the snapshot taken before the
//! bill's line texts were borrowed (`cost::Text`: a line's kind, category, unit, price id,
//! region, source and as-of date point into the catalog and the price book instead of being
//! copied per line). Each template's bill (from nothing, and from a `Session`, whose labels
//! go through placeholders), a year with growth on a Savings Plan, and synthetic(300):
//! a digest of each encoding (FNV-1a 64 and the length).
//!
//! Regenerate only on purpose (a price, a line's text changed), and say why in the commit:
//! `UPDATE_BILL_BYTES=1 cargo test -p cloudwright-analysis-worker --test bill_bytes`.

use cloudwright_engine::cost::{self, CostReport};
use cloudwright_engine::model::{Design, PricingModel};
use cloudwright_engine::{analysis, sample};
use std::collections::BTreeMap;

#[path = "../../cloudwright-engine/tests/common/mod.rs"]
mod common;

const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bill_bytes.json");

fn fnv(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x} {}", bytes.len())
}

fn digests(out: &mut BTreeMap<String, String>, name: &str, bill: &CostReport) {
    out.insert(format!("{name} msgpack"), fnv(&rmp_serde::to_vec_named(bill).expect("a bill serializes")));
    out.insert(format!("{name} json"), fnv(&serde_json::to_vec(bill).expect("a bill serializes")));
}

fn variant(d: &Design) -> Design {
    let mut g = d.clone();
    g.workload.growth_pct_per_month = 3.0;
    g.workload.pricing = PricingModel::SavingsPlan1y;
    g.workload.free_tier = true;
    g
}

fn current() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut designs = common::by_stem();
    designs.push(("synthetic300".into(), sample::synthetic(300)));
    for (name, d) in designs {
        digests(&mut out, &name, &cost::cost(&d));
        digests(&mut out, &format!("{name} session"), analysis::Session::new(d.clone()).analysis().bill());
        digests(&mut out, &format!("{name} growth+sp1y+free"), &cost::cost(&variant(&d)));
    }
    out
}

#[test]
fn the_bill_encodes_to_the_same_bytes() {
    let now = current();
    if std::env::var_os("UPDATE_BILL_BYTES").is_some() {
        std::fs::create_dir_all(std::path::Path::new(SNAPSHOT).parent().unwrap()).unwrap();
        std::fs::write(SNAPSHOT, serde_json::to_string_pretty(&now).unwrap() + "\n").unwrap();
        return;
    }
    let want: BTreeMap<String, String> = serde_json::from_str(&std::fs::read_to_string(SNAPSHOT).expect("snapshot missing")).unwrap();
    assert_eq!(want.keys().collect::<Vec<_>>(), now.keys().collect::<Vec<_>>(), "snapshot entries differ");
    let differ: Vec<&String> = want.keys().filter(|k| want[*k] != now[*k]).collect();
    assert!(differ.is_empty(), "encoded differently from the snapshot: {differ:?}");
}
