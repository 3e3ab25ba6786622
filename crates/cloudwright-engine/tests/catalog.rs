//! The catalog's invariants: ids, property specs, defaults, the parent graph, the shared
//! plan's ids and keys, search, value validation and placement/connection checks. Also that
//! the sample designs are legal.

use cloudwright_engine::catalog::{self, KindSpec, PropType, KINDS, ROOT};
use cloudwright_engine::model::{check_connection, check_parent};
use cloudwright_engine::{ConnKind, Design, Node, NodeId, Value};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
}

fn is_snake(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('_')
        && !s.ends_with('_')
        && !s.contains("__")
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
}

#[test]
fn has_enough_kinds() {
    assert!(KINDS.len() >= 45, "only {} kinds", KINDS.len());
}

#[test]
fn ids_unique_and_kebab_case() {
    let mut seen = BTreeSet::new();
    for k in KINDS {
        assert!(is_kebab(k.id), "kind id {:?} is not kebab-case", k.id);
        assert!(seen.insert(k.id), "duplicate kind id {:?}", k.id);
        assert_eq!(k.icon, format!("{}.svg", k.id), "icon of {}", k.id);
        assert!(!k.name.is_empty() && !k.summary.is_empty() && !k.source.is_empty(), "{} lacks name/summary/source", k.id);
        assert!(k.source.starts_with("seed ") || k.source.starts_with("https://"), "{}: source {:?}", k.id, k.source);
    }
}

#[test]
fn property_keys_unique_and_snake_case() {
    for k in KINDS {
        let mut seen = BTreeSet::new();
        for p in k.props {
            assert!(is_snake(p.key), "{}.{} is not snake_case", k.id, p.key);
            assert!(seen.insert(p.key), "{} has property {} twice", k.id, p.key);
            assert!(!p.label.is_empty() && !p.help.is_empty(), "{}.{} lacks a label or help text", k.id, p.key);
        }
    }
}

#[test]
fn every_default_validates() {
    for k in KINDS {
        for p in k.props {
            if let PropType::Number { min, max } | PropType::Integer { min, max } = p.ty {
                assert!(min <= max, "{}.{}: range {min}..{max}", k.id, p.key);
            }
            if let Err(e) = p.validate(&p.default.to_value()) {
                panic!("default of {}.{} does not validate: {e}", k.id, p.key);
            }
        }
    }
}

#[test]
fn parents_are_root_or_containers() {
    for k in KINDS {
        assert!(!k.parents.is_empty(), "{} may sit nowhere", k.id);
        for p in k.parents {
            if *p == ROOT {
                continue;
            }
            let parent = catalog::kind(p).unwrap_or_else(|| panic!("{}: unknown parent kind {p}", k.id));
            assert!(parent.container, "{}: parent {p} is not a container", k.id);
        }
    }
}

#[test]
fn every_kind_reachable_from_root() {
    // A kind is placeable if one of its parents is ROOT or a placeable container.
    let mut placeable: BTreeSet<&str> = BTreeSet::new();
    let mut queue: VecDeque<&str> = VecDeque::new();
    for k in KINDS.iter().filter(|k| k.parents.contains(&ROOT)) {
        placeable.insert(k.id);
        queue.push_back(k.id);
    }
    while let Some(c) = queue.pop_front() {
        if !catalog::kind(c).is_some_and(|k| k.container) {
            continue;
        }
        for k in KINDS.iter().filter(|k| k.parents.contains(&c)) {
            if placeable.insert(k.id) {
                queue.push_back(k.id);
            }
        }
    }
    let missing: Vec<&str> = KINDS.iter().map(|k| k.id).filter(|id| !placeable.contains(id)).collect();
    assert!(missing.is_empty(), "kinds that cannot be placed anywhere: {missing:?}");
}

#[test]
fn data_stores_and_load_balancers_have_ports() {
    for k in KINDS {
        if k.is_data_store() && k.id != "ebs" || matches!(k.role, catalog::Role::LoadBalancer) {
            assert!(k.port > 0, "{} has no default port", k.id);
        }
    }
    assert_eq!(catalog::kind("rds").unwrap().port, 5432);
    assert_eq!(catalog::kind("elasticache").unwrap().port, 6379);
    assert_eq!(catalog::kind("alb").unwrap().port, 443);
}

/// Every kind and property key the shared plan (/tmp/catalog-plan.md) names.
const PLAN: &[(&str, &[&str])] = &[
    ("users", &["requests_per_month", "geography", "slo_p99_ms", "realtime"]),
    ("on-premises", &["bandwidth_mbps", "connection"]),
    ("external-api", &["p50_ms", "p99_ms"]),
    ("region", &["code"]),
    ("vpc", &["cidr"]),
    ("az", &["zone"]),
    ("subnet", &["tier", "cidr", "route_out"]),
    ("internet-gateway", &[]),
    ("nat-gateway", &[]),
    ("vpc-endpoint-gateway", &["service"]),
    ("vpc-endpoint-interface", &["service", "az_count"]),
    ("elastic-ip", &["attached"]),
    ("alb", &["az_count", "internet_facing", "access_logs", "rules_per_request"]),
    ("nlb", &["az_count", "internet_facing"]),
    ("vpc-link", &[]),
    ("transit-gateway", &[]),
    ("route53", &["hosted_zones", "health_checks"]),
    (
        "cloudfront",
        &["cache_hit_ratio", "default_ttl_s", "static_ttl_s", "cache_key", "origin_shield", "lambda_edge", "price_class", "path_origins"],
    ),
    ("waf", &["rules"]),
    (
        "api-gateway",
        &[
            "api_type",
            "authorizer",
            "authorizer_cache_ttl_s",
            "throttling",
            "usage_plans",
            "api_keys",
            "request_validation",
            "mapping_templates",
            "caching",
            "cache_size_gb",
            "cache_hit_ratio",
            "waf",
            "private_integration",
            "access_logs",
            "endpoint",
            "connection_minutes_per_month",
            "messages_per_month",
        ],
    ),
    ("ec2", &["instance_type", "count", "public_ip", "ebs_type", "ebs_gb", "purchase", "stateful", "ssm"]),
    (
        "asg",
        &[
            "instance_types",
            "min",
            "max",
            "desired",
            "on_demand_base",
            "spot_pct",
            "health_check_grace_s",
            "scaling_policy",
            "warm_pool",
            "az_count",
            "local_state",
            "ebs_type",
            "ebs_gb",
            "capacity_per_instance_rps",
            "sizing",
        ],
    ),
    ("ecs-cluster", &["capacity", "capacity_provider", "container_insights"]),
    (
        "ecs-service",
        &[
            "launch_type",
            "cpu_vcpu",
            "memory_gb",
            "tasks",
            "min_tasks",
            "max_tasks",
            "sizing",
            "capacity_per_task_rps",
            "scaling_signal",
            "deployment",
            "health_check",
            "stop_timeout_s",
            "run_as_root",
            "read_only_root_fs",
            "log_driver",
            "public_ip",
            "architecture",
        ],
    ),
    ("eks-cluster", &["support"]),
    ("eks-nodegroup", &["instance_type", "count", "spot_pct", "autoscaler"]),
    ("karpenter", &["consolidation"]),
    ("fargate-profile", &["pods", "cpu_vcpu", "memory_gb"]),
    ("ecr", &["storage_gb", "image_pulls_gb_per_month"]),
    ("cloud-map", &["namespaces"]),
    ("service-mesh", &["kind"]),
    (
        "lambda",
        &["runtime", "memory_mb", "duration_ms", "architecture", "provisioned_concurrency", "reserved_concurrency", "timeout_s", "snap_start"],
    ),
    (
        "rds",
        &["engine", "instance_class", "multi_az", "read_replicas", "storage_gb", "storage_type", "backup_retention_days", "cross_region_replica"],
    ),
    ("aurora", &["instance_class", "instances", "serverless_v2", "min_acu", "max_acu", "global_database", "storage_gb"]),
    ("dynamodb", &["capacity_mode", "read_ratio", "rcu", "wcu", "storage_gb", "global_tables", "item_kb", "pitr"]),
    ("elasticache", &["engine", "node_type", "nodes", "hit_ratio", "multi_az"]),
    (
        "s3",
        &[
            "storage_class",
            "storage_gb",
            "growth_gb_per_month",
            "lifecycle_rules",
            "versioning",
            "replication",
            "website_hosting",
            "reads_per_month",
            "writes_per_month",
            "frequently_read",
            "critical_data",
        ],
    ),
    ("efs", &["storage_gb", "throughput_mode"]),
    ("ebs", &["volume_type", "size_gb"]),
    ("sqs", &["queue_type", "visibility_timeout_s", "dlq"]),
    ("sns", &["subscriptions"]),
    ("eventbridge", &["archive"]),
    ("step-functions", &["workflow", "transitions_per_execution"]),
    ("kinesis", &["mode", "shards", "retention_hours"]),
    ("cognito", &["mau"]),
    ("secrets-manager", &["secrets"]),
    ("kms", &["keys"]),
    (
        "cloudwatch",
        &[
            "log_retention_days",
            "logs_gb_per_month",
            "custom_metrics",
            "metric_dimensions_cardinality",
            "alarms",
            "alarm_on_errors",
            "alarm_on_latency",
            "dashboards",
            "cross_region",
        ],
    ),
    ("xray", &["sampling_pct", "traces_per_month"]),
    (
        "sagemaker-endpoint",
        &[
            "mode",
            "instance_type",
            "instances",
            "traffic_pattern",
            "model_monitor",
            "shared_with_training",
            "inference_ms",
            "memory_mb",
            "latency_sensitive",
        ],
    ),
    ("sagemaker-training", &["instance_type", "hours_per_month"]),
    ("bedrock", &["model", "input_tokens_per_request", "output_tokens_per_request"]),
];

#[test]
fn every_plan_kind_and_key_exists() {
    let mut missing = Vec::new();
    for (id, keys) in PLAN {
        match catalog::kind(id) {
            None => missing.push(id.to_string()),
            Some(k) => {
                for key in *keys {
                    if k.prop(key).is_none() {
                        missing.push(format!("{id}.{key}"));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "missing from the catalog: {missing:?}");
}

#[test]
fn plan_defaults_and_choices() {
    let text = |id: &str, key: &str| match catalog::kind(id).unwrap().prop(key).unwrap().default.to_value() {
        Value::Text(s) => s,
        v => panic!("{id}.{key} default is {v:?}"),
    };
    let num = |id: &str, key: &str| catalog::kind(id).unwrap().prop(key).unwrap().default.to_value().as_f64().unwrap();
    assert_eq!(text("subnet", "route_out"), "auto");
    assert_eq!(text("api-gateway", "api_type"), "http");
    assert_eq!(num("users", "requests_per_month"), 1e7);
    assert_eq!(num("cloudfront", "cache_hit_ratio"), 0.85);
    assert_eq!(num("lambda", "memory_mb"), 512.0);
    assert_eq!(num("cloudwatch", "log_retention_days"), 0.0);
    assert_eq!(num("asg", "desired"), 3.0);
    let ec2 = catalog::kind("ec2").unwrap().prop("instance_type").unwrap();
    for t in ["t3.micro", "t3.medium", "m5.large", "m6i.large", "m7i.large", "m6g.large", "m7g.large", "c6i.large", "c7g.large", "r6i.large"] {
        assert!(ec2.validate(&Value::Text(t.into())).is_ok(), "ec2 instance type {t}");
    }
}

#[test]
fn connection_kinds_follow_the_plan() {
    let k = |id: &str| catalog::kind(id).unwrap();
    for assoc in ["waf", "acm", "kms", "ecr", "vpc-link"] {
        let s = k(assoc);
        assert!(s.emits.contains(&ConnKind::Association) || s.accepts.contains(&ConnKind::Association), "{assoc}");
    }
    for target in ["cloudwatch", "xray", "secrets-manager", "ecr", "cognito", "vpc-link"] {
        assert!(k(target).accepts.contains(&ConnKind::Association), "{target} should accept associations");
    }
    for store in ["rds", "aurora", "dynamodb", "s3"] {
        assert!(k(store).emits.contains(&ConnKind::Replication) && k(store).accepts.contains(&ConnKind::Replication), "{store}");
    }
    for q in ["sqs", "sns", "eventbridge", "kinesis"] {
        assert!(k(q).accepts.contains(&ConnKind::Async) && k(q).emits.contains(&ConnKind::Async), "{q}");
    }
}

#[test]
fn search_finds_nat_gateway_first() {
    let r = catalog::search("nat");
    assert_eq!(r.first().map(|k| k.id), Some("nat-gateway"));
    assert_eq!(catalog::search("alb").first().map(|k| k.id), Some("alb"));
    assert_eq!(catalog::search("").len(), KINDS.len());
    assert!(catalog::search("zzzz-no-such-thing").is_empty());
}

fn prop(kind: &str, key: &str) -> &'static catalog::PropSpec {
    catalog::kind(kind).unwrap().prop(key).unwrap_or_else(|| panic!("{kind}.{key}"))
}

#[test]
fn validate_refuses_bad_values_with_a_useful_message() {
    // Out of range: the message names the range.
    let mem = prop("lambda", "memory_mb");
    let e = mem.validate(&Value::Number(20_000.0)).unwrap_err();
    assert!(e.contains("128") && e.contains("10,240") && e.contains("got 20,000"), "{e}");
    assert!(mem.validate(&Value::Number(64.0)).is_err());
    assert!(mem.validate(&Value::Number(1024.0)).is_ok());
    let ratio = prop("cloudfront", "cache_hit_ratio");
    let e = ratio.validate(&Value::Number(1.5)).unwrap_err();
    assert!(e.contains('0') && e.contains('1'), "{e}");
    assert!(ratio.validate(&Value::Number(f64::NAN)).is_err());
    // Integer: fractions refused.
    let e = prop("ecs-service", "tasks").validate(&Value::Number(2.5)).unwrap_err();
    assert!(e.contains("whole"), "{e}");
    // Choice: unknown option refused, options named.
    let e = prop("rds", "engine").validate(&Value::Text("db2".into())).unwrap_err();
    assert!(e.contains("postgres") && e.contains("mysql") && e.contains("db2"), "{e}");
    // CIDR: malformed refused.
    let cidr = prop("vpc", "cidr");
    for bad in ["10.0.0.0", "10.0.0/16", "10.0.0.0/33", "300.0.0.0/16", "ten.0.0.0/8", ""] {
        assert!(cidr.validate(&Value::Text(bad.into())).is_err(), "{bad} accepted");
    }
    assert!(cidr.validate(&Value::Text("172.16.0.0/12".into())).is_ok());
    // Type mismatches.
    let e = prop("rds", "multi_az").validate(&Value::Text("yes".into())).unwrap_err();
    assert!(e.contains("true or false"), "{e}");
    let e = prop("rds", "storage_gb").validate(&Value::Text("100".into())).unwrap_err();
    assert!(e.contains("number"), "{e}");
    assert!(prop("rds", "engine").validate(&Value::Number(1.0)).is_err());
    assert!(prop("asg", "instance_types").validate(&Value::Text("m6i.large".into())).is_err());
    assert!(prop("asg", "instance_types").validate(&Value::List(vec!["m6i.large".into(), "m7i.large".into()])).is_ok());
}

// ------------------------------------------------------------------ placement

fn add(d: &mut Design, id: &str, kind: &str, parent: Option<&str>) {
    d.nodes.insert(
        NodeId::from(id),
        Node {
            id: NodeId::from(id),
            kind: kind.into(),
            label: id.into(),
            parent: parent.map(NodeId::from),
            span: vec![],
            props: BTreeMap::new(),
            ingress: vec![],
            suppressions: vec![],
        },
    );
}

fn small_network() -> Design {
    let mut d = Design::new("t", "us-east-1");
    add(&mut d, "vpc", "vpc", None);
    add(&mut d, "az-a", "az", Some("vpc"));
    add(&mut d, "priv", "subnet", Some("az-a"));
    add(&mut d, "users", "users", None);
    add(&mut d, "alb", "alb", Some("vpc"));
    add(&mut d, "db", "rds", Some("priv"));
    add(&mut d, "waf", "waf", None);
    add(&mut d, "cdn", "cloudfront", None);
    d
}

#[test]
fn check_parent_places_by_the_catalog() {
    let d = small_network();
    let priv_ = NodeId::from("priv");
    let vpc = NodeId::from("vpc");
    assert!(check_parent(&d, "rds", Some(&priv_), None).is_ok());
    let e = check_parent(&d, "rds", None, None).unwrap_err();
    assert!(e.0.contains("Subnet"), "{e}");
    let e = check_parent(&d, "subnet", Some(&vpc), None).unwrap_err();
    assert!(e.0.contains("Availability Zone"), "{e}");
    assert!(check_parent(&d, "lambda", None, None).is_ok());
    assert!(check_parent(&d, "lambda", Some(&priv_), None).is_ok());
    assert!(check_parent(&d, "alb", Some(&vpc), None).is_ok());
    assert!(check_parent(&d, "nat-gateway", Some(&priv_), None).is_ok());
    assert!(check_parent(&d, "internet-gateway", Some(&vpc), None).is_ok());
    assert!(check_parent(&d, "cloudfront", Some(&vpc), None).is_err());
    // Nothing sits inside a non-container.
    assert!(check_parent(&d, "ec2", Some(&NodeId::from("db")), None).is_err());
    // A container cannot move inside itself.
    assert!(check_parent(&d, "az", Some(&NodeId::from("priv")), Some(&NodeId::from("az-a"))).is_err());
}

#[test]
fn check_connection_follows_the_catalog() {
    let d = small_network();
    let n = NodeId::from;
    assert!(check_connection(&d, &n("users"), &n("alb"), ConnKind::Sync).is_ok());
    assert!(check_connection(&d, &n("db"), &n("users"), ConnKind::Sync).is_err());
    assert!(check_connection(&d, &n("db"), &n("users"), ConnKind::Replication).is_err());
    assert!(check_connection(&d, &n("waf"), &n("cdn"), ConnKind::Association).is_ok());
    assert!(check_connection(&d, &n("waf"), &n("cdn"), ConnKind::Sync).is_err());
    assert!(check_connection(&d, &n("alb"), &n("db"), ConnKind::Replication).is_err());
    assert!(check_connection(&d, &n("users"), &n("users"), ConnKind::Sync).is_err());
}

#[test]
fn spec_lookup_is_consistent() {
    for k in KINDS {
        let found: &KindSpec = catalog::kind(k.id).unwrap();
        assert!(std::ptr::eq(found, k));
        assert!(catalog::in_category(k.category).any(|c| c.id == k.id));
    }
}

// ------------------------------------------------------------------ sample designs

use cloudwright_engine::sample;

/// Every placement and connection legal, every node laid out inside its container,
/// every set property valid, ids consistent.
fn assert_legal(d: &Design) {
    for (id, node) in &d.nodes {
        assert_eq!(&node.id, id);
        if let Err(e) = check_parent(d, &node.kind, node.parent.as_ref(), Some(id)) {
            panic!("{id} ({}) placed illegally: {e}", node.kind);
        }
        let spec = catalog::kind(&node.kind).unwrap();
        for (k, v) in &node.props {
            let p = spec.prop(k).unwrap_or_else(|| panic!("{id}: unknown property {k}"));
            if let Err(e) = p.validate(v) {
                panic!("{id}.{k}: {e}");
            }
        }
        let r = d.layout.get(id).unwrap_or_else(|| panic!("{id} has no layout"));
        assert!(r.w > 0.0 && r.h > 0.0 && r.x.is_finite() && r.y.is_finite(), "{id}: {r:?}");
        if let Some(p) = &node.parent {
            let pr = d.layout[p];
            assert!(
                r.x >= pr.x && r.y >= pr.y && r.x + r.w <= pr.x + pr.w + 1e-9 && r.y + r.h <= pr.y + pr.h + 1e-9,
                "{id} {r:?} sticks out of its container {p} {pr:?}"
            );
        }
    }
    assert_eq!(d.layout.len(), d.nodes.len());
    for (cid, c) in &d.connections {
        assert_eq!(&c.id, cid);
        if let Err(e) = check_connection(d, &c.from, &c.to, c.kind) {
            panic!("connection {cid} {} -> {} ({:?}) illegal: {e}", c.from, c.to, c.kind);
        }
    }
    // Siblings do not overlap.
    let mut by_parent: BTreeMap<Option<NodeId>, Vec<&NodeId>> = BTreeMap::new();
    for n in d.nodes.values() {
        by_parent.entry(n.parent.clone()).or_default().push(&n.id);
    }
    for sibs in by_parent.values() {
        for (i, a) in sibs.iter().enumerate() {
            for b in &sibs[i + 1..] {
                let (ra, rb) = (d.layout[*a], d.layout[*b]);
                let overlap = ra.x < rb.x + rb.w && rb.x < ra.x + ra.w && ra.y < rb.y + rb.h && rb.y < ra.y + ra.h;
                assert!(!overlap, "{a} {ra:?} overlaps {b} {rb:?}");
            }
        }
    }
}

fn count(d: &Design, kind: &str) -> usize {
    d.nodes.values().filter(|n| n.kind == kind).count()
}

#[test]
fn three_tier_is_legal_and_complete() {
    let d = sample::three_tier();
    assert_legal(&d);
    for kind in ["users", "cloudfront", "alb", "ecs-service", "rds", "nat-gateway", "vpc-endpoint-gateway", "cloudwatch", "internet-gateway"] {
        assert!(count(&d, kind) >= 1, "three-tier lacks {kind}");
    }
    assert!(count(&d, "az") >= 2);
    assert_eq!(count(&d, "nat-gateway"), count(&d, "az"), "one NAT gateway per AZ");
    let tiers: BTreeSet<String> = d.nodes.values().filter(|n| n.kind == "subnet").map(|n| d.text(n, "tier")).collect();
    assert_eq!(tiers.len(), 3);
    // The database sits in an isolated subnet, the services in private ones.
    for n in d.nodes.values() {
        let tier = d.enclosing(&n.id, "subnet").map(|s| d.text(s, "tier"));
        match n.kind.as_str() {
            "rds" => assert_eq!(tier.as_deref(), Some("isolated")),
            "ecs-service" => assert_eq!(tier.as_deref(), Some("private")),
            "nat-gateway" => assert_eq!(tier.as_deref(), Some("public")),
            _ => {}
        }
    }
    assert_eq!(sample::three_tier(), d, "deterministic");
}

#[test]
fn synthetic_designs_are_legal_at_every_size() {
    for n in [50, 300, 1000] {
        let d = sample::synthetic(n);
        assert_legal(&d);
        let len = d.nodes.len();
        assert!(len >= n && len <= n + 8, "asked {n}, got {len}");
        assert!(d.connections.len() * 4 >= len * 3, "{n}: only {} connections", d.connections.len());
        assert_eq!(count(&d, "az"), 3);
        assert_eq!(count(&d, "nat-gateway"), 3);
        for kind in ["users", "cloudfront", "alb", "ecs-service", "cloudwatch", "s3", "vpc-endpoint-gateway"] {
            assert!(count(&d, kind) >= 1, "{n}: no {kind}");
        }
        for kind in [ConnKind::Sync, ConnKind::Async, ConnKind::Association] {
            assert!(d.connections.values().any(|c| c.kind == kind), "{n}: no {kind:?} connection");
        }
        assert_eq!(sample::synthetic(n), d, "deterministic");
    }
    let big = sample::synthetic(1000);
    assert!(big.connections.values().any(|c| c.kind == ConnKind::Replication));
    for kind in ["rds", "elasticache", "dynamodb", "sqs", "lambda", "asg"] {
        assert!(count(&big, kind) >= 1, "1000: no {kind}");
    }
}

/// qa24 #1: every field that names a priced type (instance types, node types, instance
/// classes) either offers a fixed list of choices or, when typed as free text, lists the
/// values the price book knows; the inspector refuses any other with the field and the value.
#[test]
fn fields_naming_a_priced_type_know_their_values() {
    let names_type = |key: &str| ["instance_type", "instance_types", "instance_class", "node_type"].contains(&key);
    let mut free = Vec::new();
    for k in KINDS {
        for p in k.props.iter().filter(|p| names_type(p.key)) {
            match p.ty {
                PropType::Choice { .. } => assert!(p.known.is_empty(), "{}.{}: a choice already lists its values", k.id, p.key),
                _ if !p.known.is_empty() => free.push((k.id, p)),
                _ => panic!("{}.{} names a priced type as free text with no known values", k.id, p.key),
            }
        }
    }
    // Only the Auto Scaling group's instance types (a list) and ElastiCache's node type (a file
    // may hold a MemoryDB type: QA s23 #5) are free text, and each value they know has a list
    // price, as do their defaults.
    assert_eq!(free.iter().map(|(k, p)| (*k, p.key)).collect::<Vec<_>>(), [("asg", "instance_types"), ("elasticache", "node_type")]);
    let nt = prop("elasticache", "node_type");
    for t in nt.known {
        assert!(cloudwright_engine::compare::has_price(&format!("elasticache.{t}")), "elasticache.{t} has no price");
    }
    assert_eq!(nt.check_known(&nt.default.to_value()), Ok(()));
    let types = prop("asg", "instance_types");
    for t in types.known {
        assert!(cloudwright_engine::compare::has_price(&format!("ec2.{t}")), "ec2.{t} has no price");
    }
    assert_eq!(types.check_known(&types.default.to_value()), Ok(()));
    // A known list passes; an unknown entry is refused, named in the message with the types to use.
    let list = |v: &[&str]| Value::List(v.iter().map(|s| s.to_string()).collect());
    assert_eq!(types.check_known(&list(&["m6i.large", "c7g.large"])), Ok(()));
    let e = types.check_known(&list(&["m6i.large", "NaN"])).unwrap_err();
    assert!(e.starts_with("has no list price for \"NaN\": use t3.micro, "), "{e}");
    assert_eq!(types.unknown_entries(&list(&["NaN", "m6i.large", "m6i.lrage"])), ["NaN", "m6i.lrage"]);
    // A list naming no type (the field emptied) is refused too: the bill would price a
    // stand-in (qa25 #1); a blank entry is named as such.
    assert!(types.check_known(&list(&[])).unwrap_err().starts_with("needs at least one type: use t3.micro, "));
    assert!(types.check_known(&list(&["m6i.large", " "])).unwrap_err().starts_with("has no list price for an empty entry: "));
    assert!(types.names_none(&list(&[])) && !types.names_none(&list(&["NaN"])));
    // validate (the file reader's check) still takes it: a file holding one opens, with a finding.
    assert!(types.validate(&list(&["NaN"])).is_ok());
    // Any other field knows no values and refuses nothing here.
    assert_eq!(prop("cloudfront", "path_origins").check_known(&list(&["anything"])), Ok(()));
}

/// QA s32 F11: the catalog offers the EC2 types the price book prices (build.rs writes the
/// list from data/prices.json), all of them and only them, so an import's t4g.micro is a
/// priced type ($0.0084 an hour, the book's on-demand Linux price in us-east-1). Review s33
/// R10: a property, not a count: every offered type has an on-demand instance-hour price in
/// the book as `cost::prices` parses it, and every such EC2 price is offered.
#[test]
fn the_catalog_offers_the_price_books_ec2_types() {
    let book = cloudwright_engine::cost::prices::book();
    let instance_hours: Vec<_> = book.file.prices.iter().filter(|p| p.service == "ec2" && p.unit == "instance-hour" && p.price.is_some()).collect();
    for (kind, key) in [("ec2", "instance_type"), ("asg", "instance_types"), ("eks-nodegroup", "instance_type")] {
        let p = catalog::kind(kind).unwrap().prop(key).unwrap();
        let offered = match p.ty {
            PropType::Choice { options } => options,
            _ => p.known,
        };
        assert!(!offered.is_empty(), "{kind}.{key}");
        for t in offered {
            let id = format!("ec2.{t}");
            let e = book.file.prices.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("{kind}.{key} offers {t}, which the book does not price"));
            assert!(e.unit == "instance-hour" && e.price.is_some_and(|x| x > 0.0), "{kind}.{key}: {t} is {e:?}");
        }
        for e in &instance_hours {
            assert!(offered.iter().any(|t| format!("ec2.{t}") == e.id), "{kind}.{key} does not offer {}", e.id);
        }
    }
    let t4g = book.file.prices.iter().find(|p| p.id == "ec2.t4g.micro").unwrap();
    assert_eq!(t4g.price, Some(0.0084));
}
