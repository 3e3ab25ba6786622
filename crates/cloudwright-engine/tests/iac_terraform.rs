//! Terraform import: HCL root modules (one or several files) and `terraform show -json`
//! (plan and state), from the cases in `fixtures/iac/terraform/` (see its README).

use cloudwright_engine::iac::{import, Imported, Options, Outcome, SourceFile};
use cloudwright_engine::{ConnKind, Design, NodeId};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/iac/terraform");

fn files(names: &[&str]) -> Vec<SourceFile> {
    names.iter().map(|n| SourceFile::new(*n, std::fs::read_to_string(format!("{DIR}/{n}")).unwrap_or_else(|e| panic!("{n}: {e}")))).collect()
}
fn imp(names: &[&str], region: &str) -> Imported {
    let opts = Options { region: region.into(), ..Options::default() };
    let i = import(&files(names), &opts).unwrap_or_else(|e| panic!("{names:?}: {e:?}"));
    let back = cloudwright_engine::file::load(&cloudwright_engine::file::save(&i.design)).unwrap_or_else(|e| panic!("{names:?}: the design does not load: {e}"));
    assert_eq!(back, i.design);
    assert!(cloudwright_engine::cost::cost(&i.design).monthly.is_finite());
    let _ = cloudwright_engine::rules::check(&i.design);
    i
}
fn n<'a>(d: &'a Design, id: &str) -> &'a cloudwright_engine::Node {
    d.nodes.get(&NodeId::new(id)).unwrap_or_else(|| panic!("no node {id}; nodes: {:?}", d.nodes.keys().collect::<Vec<_>>()))
}
fn parent(d: &Design, id: &str) -> Option<String> {
    n(d, id).parent.as_ref().map(|p| p.to_string())
}
fn text(d: &Design, id: &str, k: &str) -> String {
    d.text(n(d, id), k)
}
fn num(d: &Design, id: &str, k: &str) -> f64 {
    d.num(n(d, id), k)
}
fn flag(d: &Design, id: &str, k: &str) -> bool {
    d.flag(n(d, id), k)
}
fn az(d: &Design, id: &str) -> String {
    d.enclosing(&NodeId::new(id), "az").map(|a| a.label.clone()).unwrap_or_default()
}
fn conn(d: &Design, from: &str, to: &str) -> Option<(ConnKind, Option<u16>)> {
    d.connections.values().find(|c| c.from.as_str() == from && c.to.as_str() == to).map(|c| (c.kind, c.port))
}
fn route(i: &Imported, from: &str, to: &str) -> bool {
    i.report.routes.iter().any(|r| r.from == from && r.to == to)
}
fn outcome(i: &Imported, id: &str) -> Outcome {
    i.report.entry(id).unwrap_or_else(|| panic!("no entry {id}")).outcome.clone()
}
fn notes(i: &Imported) -> String {
    i.report.notes.join("\n")
}

#[test]
fn hcl_vpc_nat_alb_asg_in_two_files() {
    let i = imp(&["web-asg/main.tf", "web-asg/variables.tf"], "eu-west-1");
    let d = &i.design;
    assert_eq!(text(d, "aws_vpc.main", "cidr"), "10.20.0.0/16", "var default");
    assert_eq!(n(d, "aws_vpc.main").label, "shop-vpc", "Name from merge(local.tags, {{Name = ...}})");
    for (s, cidr, zone, tier) in [
        ("aws_subnet.public[0]", "10.20.0.0/24", "AZ eu-west-1a", "public"),
        ("aws_subnet.public[1]", "10.20.1.0/24", "AZ eu-west-1b", "public"),
        ("aws_subnet.private[0]", "10.20.10.0/24", "AZ eu-west-1a", "private"),
        ("aws_subnet.private[1]", "10.20.11.0/24", "AZ eu-west-1b", "private"),
    ] {
        assert_eq!((text(d, s, "cidr"), az(d, s), text(d, s, "tier")), (cidr.to_string(), zone.to_string(), tier.to_string()), "{s}: count, cidrsubnet, element");
    }
    assert_eq!(parent(d, "aws_internet_gateway.igw").as_deref(), Some("aws_vpc.main"), "inline vpc_id attaches it");
    for k in 0..2 {
        assert_eq!(parent(d, &format!("aws_nat_gateway.nat[{k}]")), Some(format!("aws_subnet.public[{k}]")));
        assert!(matches!(outcome(&i, &format!("aws_eip.nat[{k}]")), Outcome::Merged { into, .. } if into == format!("aws_nat_gateway.nat[{k}]")));
        assert!(route(&i, &format!("aws_subnet.private[{k}]"), &format!("aws_nat_gateway.nat[{k}]")), "one NAT per AZ");
        assert!(route(&i, &format!("aws_subnet.public[{k}]"), "aws_internet_gateway.igw"), "inline route block");
    }
    // ALB: internet-facing, across the public subnets, HTTP redirects to HTTPS, world-open 443/80.
    let alb = "aws_lb.web";
    assert_eq!((n(d, alb).kind.as_str(), parent(d, alb).as_deref()), ("alb", Some("aws_subnet.public[0]")));
    assert_eq!(n(d, alb).span, [cloudwright_engine::NodeId::new("aws_subnet.public[1]")], "one ALB placed in a public subnet per AZ");
    assert!(flag(d, alb, "internet_facing") && flag(d, alb, "https_redirect"));
    assert_eq!(cloudwright_engine::zones::az_count(d, n(d, alb)), Some(2.0), "subnets = aws_subnet.public[*].id");
    let ports: Vec<u16> = n(d, alb).ingress.iter().filter(|g| g.cidr == "0.0.0.0/0").map(|g| g.port).collect();
    assert!(ports.contains(&443) && ports.contains(&80), "{ports:?}");
    // ASG from the launch template, in the private subnets, scaling on requests.
    let asg = "aws_autoscaling_group.app";
    assert_eq!((n(d, asg).kind.as_str(), parent(d, asg).as_deref()), ("asg", Some("aws_subnet.private[0]")));
    assert_eq!(n(d, asg).span, [cloudwright_engine::NodeId::new("aws_subnet.private[1]")], "VPCZoneIdentifier: one ASG spanning both AZs");
    assert_eq!((num(d, asg, "min"), num(d, asg, "max"), num(d, asg, "desired")), (2.0, 6.0, 2.0));
    assert_eq!(d.prop(n(d, asg), "instance_types").unwrap().as_list().unwrap(), ["m6i.large".to_string()]);
    assert_eq!((num(d, asg, "ebs_gb"), text(d, asg, "ebs_type"), text(d, asg, "health_check_type")), (40.0, "gp3".to_string(), "elb".to_string()));
    assert_eq!(text(d, asg, "scaling_policy"), "target-requests");
    assert!(matches!(outcome(&i, "aws_launch_template.app"), Outcome::Merged { into, .. } if into == asg));
    // ALB → ASG on 80 through the target group (the app SG admits the ALB's group).
    assert_eq!(conn(d, alb, asg), Some((ConnKind::Sync, Some(80))));
    assert!(conn(d, "internet-users", alb).is_some());
    // What cannot be resolved offline is reported, not guessed.
    let all = notes(&i);
    assert!(all.contains("module \"logs\"") && all.contains("data source data.aws_ami.al2023") && all.contains("variable certificate_arn has no default"), "{all}");
    assert!(i.report.entry("aws_lb_listener.https").unwrap().unresolved.iter().any(|(_, w)| w.contains("certificate_arn")));
    assert!(i.report.entry(alb).unwrap().unresolved.iter().any(|(p, w)| p.contains("access_logs") && w.contains("module logs")), "{:?}", i.report.entry(alb));
    assert!(matches!(outcome(&i, "aws_iam_role.app"), Outcome::NotDrawn { .. }));
}

#[test]
fn hcl_http_api_lambda_dynamodb_sqs() {
    let i = imp(&["serverless/main.tf"], "us-east-1");
    let d = &i.design;
    let api = "aws_apigatewayv2_api.http";
    assert_eq!((n(d, api).kind.as_str(), text(d, api, "api_type")), ("api-gateway", "http".to_string()));
    assert!(conn(d, "internet-users", api).is_some());
    assert_eq!(conn(d, api, "aws_lambda_function.api"), Some((ConnKind::Sync, None)), "integration_uri = invoke_arn");
    assert!(matches!(outcome(&i, "aws_apigatewayv2_route.orders[\"GET /orders\"]"), Outcome::Merged { into, .. } if into == api), "for_each over toset");
    let f = "aws_lambda_function.api";
    assert_eq!((text(d, f, "runtime"), num(d, f, "memory_mb"), num(d, f, "timeout_s"), text(d, f, "architecture")), ("python".into(), 1024.0, 10.0, "arm".into()));
    assert_eq!(conn(d, f, "aws_dynamodb_table.orders").map(|c| c.0), Some(ConnKind::Sync), "env TABLE");
    assert_eq!(conn(d, f, "aws_sqs_queue.jobs").map(|c| c.0), Some(ConnKind::Async), "env QUEUE");
    let t = "aws_dynamodb_table.orders";
    assert_eq!(text(d, t, "capacity_mode"), "on-demand");
    assert!(flag(d, t, "pitr"));
    let q = "aws_sqs_queue.jobs";
    assert!(flag(d, q, "dlq"));
    assert_eq!((num(d, q, "max_receive_count"), num(d, q, "visibility_timeout_s")), (4.0, 120.0), "redrive_policy = jsonencode(...)");
    assert!(matches!(outcome(&i, "aws_sqs_queue.dlq"), Outcome::Merged { into, .. } if into == q), "the dead-letter queue folds into its queue");
    assert_eq!(conn(d, q, "aws_lambda_function.worker").map(|c| c.0), Some(ConnKind::Async), "event source mapping");
    assert_eq!(text(d, "aws_lambda_function.worker", "runtime"), "nodejs");
    assert!(flag(d, "aws_s3_bucket.uploads", "versioning"), "aws_s3_bucket_versioning");
    assert_eq!(conn(d, "aws_s3_bucket.uploads", q).map(|c| c.0), Some(ConnKind::Async), "aws_s3_bucket_notification");
    assert!(matches!(outcome(&i, "aws_lambda_permission.apigw"), Outcome::Merged { .. }));
    assert!(matches!(outcome(&i, "aws_cloudwatch_log_group.api"), Outcome::NotDrawn { .. }));
    assert!(i.report.entry("aws_iam_role.lambda").unwrap().unresolved.iter().any(|(_, w)| w.contains("file")), "file() is reported");
}

#[test]
fn hcl_ecs_service_alb_rds_with_for_each() {
    let i = imp(&["ecs/main.tf"], "us-east-1");
    let d = &i.design;
    for (s, zone, tier) in [
        ("aws_subnet.public[\"a\"]", "AZ us-east-1a", "public"),
        ("aws_subnet.public[\"b\"]", "AZ us-east-1b", "public"),
        ("aws_subnet.private[\"a\"]", "AZ us-east-1a", "private"),
        ("aws_subnet.private[\"b\"]", "AZ us-east-1b", "private"),
    ] {
        assert_eq!((az(d, s), text(d, s, "tier")), (zone.to_string(), tier.to_string()), "{s}: for_each over local.azs, associations for_each over the subnets");
    }
    assert_eq!(parent(d, "aws_nat_gateway.this").as_deref(), Some("aws_subnet.public[\"a\"]"));
    let svc = "aws_ecs_service.api";
    assert_eq!((n(d, svc).kind.as_str(), parent(d, svc).as_deref()), ("ecs-service", Some("aws_subnet.private[\"a\"]")));
    assert_eq!(n(d, svc).span, [cloudwright_engine::NodeId::new("aws_subnet.private[\"b\"]")]);
    assert_eq!((num(d, svc, "tasks"), num(d, svc, "cpu_vcpu"), num(d, svc, "memory_gb")), (3.0, 0.5, 1.0));
    assert_eq!(text(d, svc, "architecture"), "arm");
    assert!(flag(d, svc, "read_only_root_fs") && !flag(d, svc, "public_ip"));
    assert_eq!(conn(d, svc, "aws_ecs_cluster.main").map(|c| c.0), Some(ConnKind::Association));
    assert!(flag(d, "aws_ecs_cluster.main", "container_insights"));
    assert_eq!(conn(d, "aws_lb.api", svc), Some((ConnKind::Sync, Some(8080))));
    assert_eq!(conn(d, "aws_acm_certificate.api", "aws_lb.api").map(|c| c.0), Some(ConnKind::Association));
    // The database admits the tasks' group on 5432: service → database.
    let db = "aws_db_instance.db";
    assert_eq!(n(d, db).kind, "rds");
    assert!(d.enclosing(&NodeId::new(db), "subnet").is_some_and(|s| s.id.as_str().starts_with("aws_subnet.private")));
    assert!(flag(d, db, "multi_az") && flag(d, db, "encrypted"));
    assert_eq!((text(d, db, "engine"), text(d, db, "instance_class"), num(d, db, "storage_gb")), ("postgres".into(), "db.m6g.large".into(), 100.0));
    assert_eq!(conn(d, svc, db), Some((ConnKind::Sync, Some(5432))));
    // The image is a variable with no default: reported.
    assert!(notes(&i).contains("variable image has no default"));
}

#[test]
fn show_json_plan_with_a_module() {
    let i = imp(&["ecs-plan.json"], "us-east-1");
    let d = &i.design;
    let vpc = "module.network.aws_vpc.this";
    assert_eq!((text(d, vpc, "cidr"), n(d, vpc).label.as_str()), ("10.40.0.0/16".to_string(), "plan-vpc"));
    for (k, zone) in [(0, "AZ us-east-1a"), (1, "AZ us-east-1b")] {
        let s = format!("module.network.aws_subnet.public[{k}]");
        assert_eq!(d.enclosing(&NodeId::new(&s), "vpc").map(|v| v.id.to_string()).as_deref(), Some(vpc), "vpc_id from the configuration's references");
        assert_eq!((az(d, &s), text(d, &s, "tier")), (zone.to_string(), "public".to_string()), "{s}: route table → IGW through references");
    }
    assert_eq!(parent(d, "module.network.aws_internet_gateway.this").as_deref(), Some(vpc));
    let svc = "aws_ecs_service.web";
    assert_eq!(parent(d, svc).as_deref(), Some("module.network.aws_subnet.public[0]"), "subnets from a module output");
    assert_eq!(n(d, svc).span.len(), 1, "one service placed in a subnet per AZ");
    assert_eq!((num(d, svc, "tasks"), num(d, svc, "cpu_vcpu"), num(d, svc, "memory_gb")), (2.0, 0.25, 0.5));
    assert!(i.report.entry(svc).unwrap().notes.iter().any(|n| n.contains("nginx")), "container_definitions held as a JSON string");
    assert_eq!(conn(d, "aws_lb.web", svc), Some((ConnKind::Sync, Some(80))));
    assert_eq!(conn(d, svc, "aws_ecs_cluster.main").map(|c| c.0), Some(ConnKind::Association));
    assert!(conn(d, "internet-users", "aws_lb.web").is_some());
    assert_eq!(num(d, "aws_lb.web", "az_count"), 2.0);
}

#[test]
fn show_json_state_references_by_id() {
    let i = imp(&["state.json"], "us-east-1");
    let d = &i.design;
    assert_eq!(text(d, "aws_vpc.main", "cidr"), "172.16.0.0/16");
    assert_eq!(az(d, "aws_subnet.app"), "AZ us-east-1c");
    assert_eq!(d.enclosing(&NodeId::new("aws_subnet.app"), "vpc").map(|v| v.id.to_string()).as_deref(), Some("aws_vpc.main"), "vpc_id matched by id");
    assert_eq!(text(d, "aws_subnet.app", "tier"), "isolated");
    let inst = "aws_instance.app";
    assert_eq!(parent(d, inst).as_deref(), Some("aws_subnet.app"));
    assert_eq!((text(d, inst, "instance_type"), num(d, inst, "ebs_gb")), ("t3.medium".into(), 50.0));
    assert!(n(d, inst).ingress.iter().any(|g| g.port == 22 && g.cidr == "203.0.113.0/24"), "its security group by id");
    assert!(notes(&i).contains("data source data.aws_caller_identity.me"));
}

#[test]
fn terraform_errors_are_clear() {
    let e = import(&[SourceFile::new("bad.tf", "resource \"aws_vpc\" \"x\" {\n  cidr_block = \n")], &Options::default()).unwrap_err();
    assert!(e[0].starts_with("bad.tf: not valid HCL"), "{e:?}");
    let e = import(&[SourceFile::new("plan.json", "{\"format_version\": \"1.2\", \"values\": 3}")], &Options::default()).unwrap_err();
    assert!(e[0].contains("plan.json"), "{e:?}");
    // A provider other than aws is listed, not drawn.
    let i = import(&[SourceFile::new("g.tf", "resource \"google_compute_network\" \"n\" {\n  name = \"x\"\n}\nresource \"aws_sqs_queue\" \"q\" {}\n")], &Options::default()).unwrap();
    assert!(matches!(&i.report.entry("google_compute_network.n").unwrap().outcome, Outcome::NotDrawn { why } if why.contains("not an aws provider resource")));
    assert_eq!(i.design.nodes.len(), 1);
}
