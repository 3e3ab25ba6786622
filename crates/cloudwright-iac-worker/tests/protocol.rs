//! The worker's whole job through its message protocol, natively: what the app sends is
//! what these tests send (JSON text), what it reads back is what they read.

use cloudwright_iac_worker::{handle, File, Format, Job, Outcome, Reply, Request};
use std::path::Path;

fn ask(job: Job) -> Reply {
    let text = serde_json::to_string(&Request { id: 7, job }).unwrap();
    let reply: Reply = serde_json::from_str(&handle(&text)).expect("the reply parses");
    assert_eq!(reply.id, 7, "the reply carries the request's id");
    reply
}

fn sample(name: &str) -> File {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../cloudwright-engine/tests/fixtures/iac/cfn-samples/cloudformation").join(name);
    File { name: name.into(), text: std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())) }
}

#[test]
fn an_import_answers_a_design_file_and_its_report() {
    let reply = ask(Job::Import { files: vec![sample("vpc-2az-nat.json")], region: "eu-west-1".into() });
    let Outcome::Imported { design, report } = reply.outcome else { panic!("not imported: {:?}", reply.outcome) };
    // The design crosses as the file format: the app opens it with file::open.
    let d = cloudwright_engine::file::open(design.as_bytes()).expect("the design file opens").design;
    assert_eq!(d.region, "eu-west-1");
    // vpc-2az-nat.expect.md: 1 VPC, 2 AZs, 4 subnets, 1 internet gateway, 2 NAT gateways.
    let count = |k: &str| d.nodes.values().filter(|n| n.kind == k).count();
    assert_eq!((count("vpc"), count("az"), count("subnet"), count("nat-gateway")), (1, 2, 4, 2));
    // The report survives the JSON trip (the app deserializes it): every resource listed.
    assert!(report.entries.len() >= 20, "{} entries", report.entries.len());
    assert!(report.entries.iter().any(|e| e.ty == "AWS::EC2::NatGateway"));
}

#[test]
fn bad_input_is_refused_with_the_file_named_and_nothing_imported() {
    let bad_yaml = File { name: "broken.yaml".into(), text: "Resources:\n  A: [unclosed\n".into() };
    let Outcome::Failed { errors } = ask(Job::Import { files: vec![bad_yaml], region: "us-east-1".into() }).outcome else { panic!("bad YAML imported") };
    assert!(errors[0].starts_with("broken.yaml:"), "{errors:?}");

    let prose = File { name: "notes.txt".into(), text: "just some notes\n".into() };
    let Outcome::Failed { errors } = ask(Job::Import { files: vec![prose], region: "us-east-1".into() }).outcome else { panic!("prose imported") };
    assert!(errors[0].contains("not a CloudFormation template"), "{errors:?}");

    // Over the 10 MB limit: refused before parsing.
    let huge = File { name: "huge.yaml".into(), text: format!("Resources:\n{}", " ".repeat(10 * 1024 * 1024 + 1)) };
    let Outcome::Failed { errors } = ask(Job::Import { files: vec![huge], region: "us-east-1".into() }).outcome else { panic!("huge imported") };
    assert!(errors[0].contains("larger than 10 MB"), "{errors:?}");

    // A request the worker cannot read is answered, not dropped.
    let reply: Reply = serde_json::from_str(&handle("{not json")).unwrap();
    assert!(matches!(reply.outcome, Outcome::Failed { .. }));
}

#[test]
fn exports_write_both_formats_and_import_back() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates");
    let mut some = 0;
    for entry in std::fs::read_dir(&path).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        if cloudwright_engine::file::open(text.as_bytes()).is_err() {
            continue; // not a design (e.g. an index)
        }
        some += 1;
        for (format, name) in [(Format::Cloudformation, "t.yaml"), (Format::Terraform, "main.tf")] {
            let Outcome::Exported { text: code } = ask(Job::Export { format, design: text.clone() }).outcome else { panic!("{}: no export", p.display()) };
            let back = ask(Job::Import { files: vec![File { name: name.into(), text: code }], region: "us-east-1".into() });
            assert!(matches!(back.outcome, Outcome::Imported { .. }), "{} {format:?}: {:?}", p.display(), back.outcome);
        }
    }
    assert!(some >= 5, "templates found: {some}");
    // A design the file format refuses is not exported.
    let Outcome::Failed { errors } = ask(Job::Export { format: Format::Terraform, design: "{}".into() }).outcome else { panic!("exported nonsense") };
    assert!(!errors.is_empty());
}
