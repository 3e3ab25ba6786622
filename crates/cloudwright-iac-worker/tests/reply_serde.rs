//! The hand-written readers of a [`Reply`] and of an import report's [`Entry`] (the page reads
//! both; serde's derived readers of their flattened, internally tagged outcomes buffered each
//! into a `Content` tree: BENCHMARKS.md "s45-size") give what the derived readers gave, on
//! the replies of every CloudFormation sample's import and on hand-made forms.

use cloudwright_engine::iac::{Entry, Outcome as Became};
use cloudwright_iac_worker::{handle, File, Job, Outcome, Reply, Request};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(remote = "Reply")]
struct DerivedReply {
    id: u32,
    #[serde(flatten)]
    outcome: Outcome,
}

#[derive(Deserialize)]
#[serde(remote = "Entry")]
struct DerivedEntry {
    file: String,
    id: String,
    #[serde(rename = "type")]
    ty: String,
    #[serde(flatten)]
    outcome: Became,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    unresolved: Vec<(String, String)>,
}

fn both_reply(json: &str) -> (Result<String, String>, Result<String, String>) {
    let mine = serde_json::from_str::<Reply>(json).map(|r| format!("{r:?}")).map_err(|e| e.to_string());
    let derived = DerivedReply::deserialize(&mut serde_json::Deserializer::from_str(json)).map(|r| format!("{r:?}")).map_err(|e| e.to_string());
    (mine, derived)
}

fn both_entry(json: &str) -> (Result<Entry, String>, Result<Entry, String>) {
    let mine = serde_json::from_str::<Entry>(json).map_err(|e| e.to_string());
    let derived = DerivedEntry::deserialize(&mut serde_json::Deserializer::from_str(json)).map_err(|e| e.to_string());
    (mine, derived)
}

#[test]
fn every_sample_import_reads_as_the_derived_readers_read_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../cloudwright-engine/tests/fixtures/iac/cfn-samples/cloudformation");
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).filter(|n| !n.ends_with(".md")).collect();
    names.sort();
    let mut entries = 0;
    for name in names {
        let text = std::fs::read_to_string(dir.join(&name)).unwrap();
        let req = serde_json::to_string(&Request { id: 3, job: Job::Import { files: vec![File { name: name.clone(), text }], region: "us-east-1".into() } }).unwrap();
        let reply = handle(&req);
        let (mine, derived) = both_reply(&reply);
        assert!(mine.is_ok(), "{name}: {mine:?}");
        assert_eq!(mine, derived, "{name}");
        // Each entry on its own too (every outcome the importer writes).
        let v: serde_json::Value = serde_json::from_str(&reply).unwrap();
        for e in v["report"]["entries"].as_array().into_iter().flatten() {
            let json = e.to_string();
            let (a, b) = both_entry(&json);
            assert!(a.is_ok(), "{json}: {a:?}");
            assert_eq!(a, b, "{json}");
            entries += 1;
        }
    }
    assert!(entries > 100, "{entries} entries read");
}

#[test]
fn hand_made_forms_read_as_the_derived_readers_read_them() {
    for json in [
        r#"{"id":0,"outcome":"ready"}"#,
        r#"{"outcome":"exported","text":"AWSTemplateFormatVersion: x","id":9}"#,
        r#"{"id":1,"outcome":"failed","errors":["a.yaml: not YAML"],"extra":{"x":[1,2]}}"#,
        r#"{"id":2,"outcome":"imported","design":"{}","report":{"entries":[],"routes":[],"notes":[]}}"#,
    ] {
        let (a, b) = both_reply(json);
        assert!(a.is_ok(), "{json}: {a:?}");
        assert_eq!(a, b, "{json}");
    }
    for json in [r#"{"id":1,"outcome":"teleported"}"#, r#"{"id":1}"#, r#"{"id":1,"outcome":"exported"}"#, r#"{"outcome":"ready"}"#, r#"[1,"ready"]"#] {
        let (a, b) = both_reply(json);
        assert!(a.is_err() && b.is_err(), "{json}: {a:?} / {b:?}");
    }
    for json in [
        r#"{"file":"a.yaml","id":"Vpc","type":"AWS::EC2::VPC","outcome":"drawn","kind":"vpc"}"#,
        r#"{"outcome":"merged","into":"Alb","how":"listener","file":"a.yaml","id":"L","type":"AWS::ElasticLoadBalancingV2::Listener","notes":["n"]}"#,
        r#"{"file":"a.yaml","id":"Role","type":"AWS::IAM::Role","outcome":"not_drawn","why":"no diagram meaning","unresolved":[["Properties.X","no value"]]}"#,
        r#"{"file":"a.yaml","id":"B","type":"AWS::S3::Bucket","outcome":"skipped","why":"IsProd is false","other":null}"#,
        r#"{"file":"a.yaml","id":"P","type":"AWS::X::Y","outcome":"pending"}"#,
    ] {
        let (a, b) = both_entry(json);
        assert!(a.is_ok(), "{json}: {a:?}");
        assert_eq!(a, b, "{json}");
    }
    for json in [
        r#"{"file":"a.yaml","id":"Vpc","type":"AWS::EC2::VPC","outcome":"drawn"}"#,
        r#"{"file":"a.yaml","id":"Vpc","type":"AWS::EC2::VPC"}"#,
        r#"{"file":"a.yaml","type":"AWS::EC2::VPC","outcome":"pending"}"#,
        r#"{"file":"a.yaml","id":"Vpc","type":"AWS::EC2::VPC","outcome":"flying"}"#,
    ] {
        let (a, b) = both_entry(json);
        assert!(a.is_err() && b.is_err(), "{json}: {a:?} / {b:?}");
    }
}
