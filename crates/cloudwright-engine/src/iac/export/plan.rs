//! What an export writes, decided once for both formats: the name of each component in the
//! code, which components become resources, which connections the code itself expresses
//! (a target group, a security-group rule, an environment variable, an integration, an
//! origin, a subscription, an event source) and which only the design knows (Internet users,
//! an association to CloudWatch): those go into a metadata block the importer reads back, so
//! an export → import round trip gives the same topology.

use crate::catalog;
use crate::model::{ConnKind, Connection, Design, Node, NodeId};
pub use crate::rules::topology::Route;
use std::collections::{BTreeMap, BTreeSet};

/// Kinds the exporters write as resources.
pub const RESOURCE_KINDS: &[&str] = &[
    "vpc", "subnet", "internet-gateway", "nat-gateway", "vpc-endpoint-gateway", "vpc-endpoint-interface", "alb", "nlb", "vpc-link", "transit-gateway", "route53", "cloudfront", "waf", "api-gateway", "ec2", "asg",
    "ecs-cluster", "ecs-service", "eks-cluster", "eks-nodegroup", "ecr", "lambda", "rds", "aurora", "dynamodb", "elasticache", "s3", "efs", "sqs", "sns", "eventbridge", "step-functions", "kinesis", "cognito",
    "secrets-manager", "kms", "acm",
];

/// Kinds that are members of a security group of their own in the export.
const SG_KINDS: &[&str] = &["alb", "nlb", "asg", "ecs-service", "ec2", "rds", "aurora", "elasticache", "vpc-endpoint-interface", "eks-cluster"];

/// What a Lambda function's environment naming a resource of this kind means (the importer
/// reads it back the same way, see `cfn::map::Mapper::env_link`).
pub fn env_conn_kind(target_kind: &str) -> Option<ConnKind> {
    Some(match target_kind {
        "dynamodb" | "rds" | "aurora" | "elasticache" | "s3" | "efs" | "lambda" | "step-functions" | "api-gateway" | "alb" | "nlb" => ConnKind::Sync,
        "sqs" | "sns" | "eventbridge" | "kinesis" => ConnKind::Async,
        "cognito" | "secrets-manager" | "kms" => ConnKind::Association,
        _ => return None,
    })
}

/// The name of a component in CloudFormation: its id in CamelCase, letters and digits only.
pub fn logical_id(id: &str) -> String {
    let mut out = String::new();
    let mut up = true;
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(if up { c.to_ascii_uppercase() } else { c });
            up = false;
        } else {
            up = true;
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    out
}

/// The name of a component in Terraform: its id in snake_case.
pub fn tf_name(id: &str) -> String {
    let mut out: String = id.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'n');
    }
    out
}

pub struct Plan<'d> {
    pub d: &'d Design,
    /// Node id → CloudFormation logical id (unique).
    pub names: BTreeMap<NodeId, String>,
    /// Connections the code expresses itself.
    pub native: BTreeSet<crate::model::ConnId>,
    /// Nodes written as resources.
    pub resources: BTreeSet<NodeId>,
    /// Nodes with a security group of their own.
    pub sg: BTreeSet<NodeId>,
}

/// The Terraform resource type a component is written as (its main resource).
pub fn tf_type(d: &Design, n: &Node) -> Option<&'static str> {
    Some(match n.kind.as_str() {
        "vpc" => "aws_vpc",
        "subnet" => "aws_subnet",
        "internet-gateway" => "aws_internet_gateway",
        "nat-gateway" => "aws_nat_gateway",
        "vpc-endpoint-gateway" | "vpc-endpoint-interface" => "aws_vpc_endpoint",
        "alb" | "nlb" => "aws_lb",
        "asg" => "aws_autoscaling_group",
        "ec2" => "aws_instance",
        "ecs-cluster" => "aws_ecs_cluster",
        "ecs-service" => "aws_ecs_service",
        "eks-cluster" => "aws_eks_cluster",
        "eks-nodegroup" => "aws_eks_node_group",
        "lambda" => "aws_lambda_function",
        "api-gateway" if d.text(n, "api_type") == "rest" => "aws_api_gateway_rest_api",
        "api-gateway" => "aws_apigatewayv2_api",
        "dynamodb" => "aws_dynamodb_table",
        "s3" => "aws_s3_bucket",
        "cloudfront" => "aws_cloudfront_distribution",
        "waf" => "aws_wafv2_web_acl",
        "sqs" => "aws_sqs_queue",
        "sns" => "aws_sns_topic",
        "eventbridge" => "aws_cloudwatch_event_bus",
        "step-functions" => "aws_sfn_state_machine",
        "kinesis" => "aws_kinesis_stream",
        "cognito" => "aws_cognito_user_pool",
        "secrets-manager" => "aws_secretsmanager_secret",
        "kms" => "aws_kms_key",
        "acm" => "aws_acm_certificate",
        "route53" => "aws_route53_zone",
        "ecr" => "aws_ecr_repository",
        "rds" => "aws_db_instance",
        "aurora" => "aws_rds_cluster",
        "elasticache" if d.text(n, "engine") == "memcached" => "aws_elasticache_cluster",
        "elasticache" => "aws_elasticache_replication_group",
        "efs" => "aws_efs_file_system",
        "vpc-link" => "aws_apigatewayv2_vpc_link",
        "transit-gateway" => "aws_ec2_transit_gateway",
        _ => return None,
    })
}

/// How components are named in the code: CloudFormation logical ids, or Terraform
/// addresses (`aws_vpc.main`; components with no resource by their snake_case name).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    Cfn,
    Terraform,
}

impl<'d> Plan<'d> {
    pub fn new(d: &'d Design) -> Self {
        Self::with(d, Naming::Cfn)
    }
    pub fn with(d: &'d Design, naming: Naming) -> Self {
        let mut names = BTreeMap::new();
        let mut used = BTreeSet::new();
        for n in d.nodes.values() {
            let base = match naming {
                Naming::Cfn => logical_id(n.id.as_str()),
                Naming::Terraform => match tf_type(d, n).filter(|_| RESOURCE_KINDS.contains(&n.kind.as_str())) {
                    Some(t) => format!("{t}.{}", tf_name(n.id.as_str())),
                    None => tf_name(n.id.as_str()),
                },
            };
            let mut name = base.clone();
            let mut i = 2;
            while !used.insert(name.clone()) {
                name = format!("{base}{}{i}", if naming == Naming::Cfn { "" } else { "_" });
                i += 1;
            }
            names.insert(n.id.clone(), name);
        }
        let resources: BTreeSet<NodeId> = d.nodes.values().filter(|n| RESOURCE_KINDS.contains(&n.kind.as_str())).map(|n| n.id.clone()).collect();
        let sg: BTreeSet<NodeId> = d
            .nodes
            .values()
            .filter(|n| SG_KINDS.contains(&n.kind.as_str()) || (n.kind == "lambda" && d.enclosing(&n.id, "subnet").is_some()))
            .filter(|n| d.enclosing(&n.id, "vpc").is_some())
            .map(|n| n.id.clone())
            .collect();
        let mut p = Plan { d, names, native: BTreeSet::new(), resources, sg };
        let native: BTreeSet<_> = d.connections.values().filter(|c| p.is_native(c)).map(|c| c.id.clone()).collect();
        p.native = native;
        p
    }

    pub fn name(&self, id: &NodeId) -> &str {
        self.names.get(id).map(String::as_str).unwrap_or("")
    }
    pub fn node(&self, id: &NodeId) -> &'d Node {
        &self.d.nodes[id]
    }
    pub fn kind(&self, id: &NodeId) -> &'d str {
        &self.d.nodes[id].kind
    }

    /// Whether the code expresses this connection itself (and the importer reads it back).
    fn is_native(&self, c: &Connection) -> bool {
        if !self.resources.contains(&c.from) || !self.resources.contains(&c.to) {
            return false;
        }
        let (f, t) = (self.kind(&c.from), self.kind(&c.to));
        use ConnKind::*;
        match (f, t, c.kind) {
            ("alb" | "nlb", "asg" | "ecs-service" | "ec2" | "lambda", Sync) => true,
            ("api-gateway", "lambda", Sync) => self.d.text(self.node(&c.from), "api_type") != "" ,
            ("cloudfront", "s3" | "alb" | "nlb" | "api-gateway", Sync) => true,
            ("waf", "cloudfront" | "alb" | "api-gateway", Association) => true,
            ("acm", "alb" | "nlb" | "cloudfront", Association) => true,
            ("sns", "sqs" | "lambda", Async) => true,
            ("sqs" | "dynamodb" | "kinesis", "lambda", Async) => true,
            ("s3", "s3", Replication) => true,
            ("s3", "lambda" | "sqs" | "sns", Async) => true,
            ("ecs-service", "ecs-cluster", Association) => true,
            ("eks-nodegroup", "eks-cluster", Association) => true,
            ("route53", "alb" | "nlb" | "cloudfront", Sync) => true,
            ("eventbridge", "lambda" | "sqs" | "sns" | "step-functions" | "kinesis", Async) => true,
            ("lambda", _, k) if env_conn_kind(t) == Some(k) => true,
            _ => self.sg.contains(&c.from) && self.sg.contains(&c.to) && c.kind == Sync && self.same_vpc(&c.from, &c.to),
        }
    }

    fn same_vpc(&self, a: &NodeId, b: &NodeId) -> bool {
        let va = self.d.enclosing(a, "vpc").map(|v| &v.id);
        va.is_some() && va == self.d.enclosing(b, "vpc").map(|v| &v.id)
    }

    /// Connections the code expresses, leaving `from`, of the given target kinds.
    pub fn out(&self, from: &NodeId, kinds: &[&str], kind: ConnKind) -> Vec<&'d Connection> {
        self.d.connections.values().filter(|c| &c.from == from && c.kind == kind && kinds.contains(&self.kind(&c.to)) && self.native.contains(&c.id)).collect()
    }
    pub fn inc(&self, to: &NodeId, kinds: &[&str], kind: ConnKind) -> Vec<&'d Connection> {
        self.d.connections.values().filter(|c| &c.to == to && c.kind == kind && kinds.contains(&self.kind(&c.from)) && self.native.contains(&c.id)).collect()
    }

    /// The subnets of a VPC: (subnet, AZ zone letter, tier), in AZ then id order.
    pub fn subnets(&self, vpc: &NodeId) -> Vec<(&'d Node, String, String)> {
        let mut v: Vec<(&Node, String, String)> = self
            .d
            .nodes
            .values()
            .filter(|n| n.kind == "subnet" && self.d.enclosing(&n.id, "vpc").map(|x| &x.id) == Some(vpc))
            .map(|n| {
                let az = self.d.enclosing(&n.id, "az").map(|a| self.d.text(a, "zone")).unwrap_or_else(|| "a".into());
                (n, az, self.d.text(n, "tier"))
            })
            .collect();
        crate::order::sort_by(&mut v, |a, b| (a.1.clone(), a.0.id.clone()).cmp(&(b.1.clone(), b.0.id.clone())));
        v
    }

    /// Each subnet of `vpc` (as [`Plan::subnets`] orders them) with its default route
    /// ([`crate::rules::topology::subnet_route`]) and the gateway that route targets: the
    /// VPC's internet gateway, or the NAT gateway in the subnet's AZ (else the VPC's first);
    /// `None` when the design draws no such gateway (the exporters then write a TODO).
    pub fn routes(&self, vpc: &NodeId) -> Vec<SubnetRoute<'d>> {
        let in_vpc = |n: &Node| self.d.enclosing(&n.id, "vpc").map(|v| &v.id) == Some(vpc);
        let igw = self.d.nodes.values().find(|n| n.kind == "internet-gateway" && n.parent.as_ref() == Some(vpc));
        let nats: Vec<(String, &'d Node)> = self
            .d
            .nodes
            .values()
            .filter(|n| n.kind == "nat-gateway" && in_vpc(n))
            .map(|n| (self.d.enclosing(&n.id, "az").map(|a| self.d.text(a, "zone")).unwrap_or_default(), n))
            .collect();
        self.subnets(vpc)
            .into_iter()
            .map(|(subnet, az, tier)| {
                let route = crate::rules::topology::subnet_route(self.d, subnet);
                let target = match route {
                    Route::Igw => igw,
                    Route::Nat => nats.iter().find(|(a, _)| *a == az).or(nats.first()).map(|(_, n)| *n),
                    Route::None => None,
                };
                SubnetRoute { subnet, az, tier, route, target }
            })
            .collect()
    }

    /// Where a component that spans subnets runs: the subnets it is placed in (its own, and
    /// its further ones when it spans AZs), else one subnet per AZ of its VPC, preferring the
    /// given tiers in order, at most `max` of them.
    pub fn spread(&self, id: &NodeId, tiers: &[&str], max: usize) -> Vec<&'d Node> {
        let n = &self.d.nodes[id];
        if n.parent.as_ref().map(|p| &self.d.nodes[p]).is_some_and(|p| p.kind == "subnet") {
            return crate::model::span::placements(n).filter_map(|s| self.d.nodes.get(s)).collect();
        }
        let Some(vpc) = self.d.enclosing(id, "vpc") else { return vec![] };
        let all = self.subnets(&vpc.id);
        for tier in tiers {
            let mut seen = BTreeSet::new();
            let picked: Vec<&Node> = all.iter().filter(|(_, _, t)| t == tier).filter(|(_, az, _)| seen.insert(az.clone())).map(|(n, _, _)| *n).take(max.max(1)).collect();
            if !picked.is_empty() {
                return picked;
            }
        }
        all.into_iter().map(|(n, _, _)| n).take(max.max(1)).collect()
    }

    /// How many AZs a spanning component is meant to use (its `az_count`, else 2).
    pub fn az_count(&self, id: &NodeId) -> usize {
        let n = self.node(id);
        catalog::kind(&n.kind).and_then(|k| k.prop("az_count")).map(|_| self.d.num(n, "az_count") as usize).filter(|x| *x > 0).unwrap_or(2)
    }

    /// The metadata the importer reads back: nodes that are not resources, every node's
    /// parent, connections the code does not express, and the resources' properties (for
    /// those the code has no form for).
    pub fn metadata(&self) -> serde_json::Value {
        let nodes: Vec<serde_json::Value> = self
            .d
            .nodes
            .values()
            .filter(|n| !self.resources.contains(&n.id) && n.kind != "az")
            .map(|n| serde_json::json!({"id": self.name(&n.id), "kind": n.kind, "label": n.label, "props": n.props}))
            .collect();
        let parents: BTreeMap<String, String> = self
            .d
            .nodes
            .values()
            .filter(|n| n.kind != "az" && n.kind != "subnet")
            .filter_map(|n| {
                let p = n.parent.as_ref()?;
                let pn = &self.d.nodes[p];
                // A subnet's AZ is written as the subnet's AvailabilityZone.
                Some((self.name(&n.id).to_string(), if pn.kind == "az" { String::new() } else { self.name(p).to_string() }))
            })
            .filter(|(_, p)| !p.is_empty())
            .collect();
        let conns: Vec<serde_json::Value> = self
            .d
            .connections
            .values()
            .filter(|c| !self.native.contains(&c.id))
            .map(|c| serde_json::json!({"from": self.name(&c.from), "to": self.name(&c.to), "kind": c.kind.name()}))
            .collect();
        // Every resource's properties as set in the design: the importer fills from here only
        // what the code does not say (the code wins where it speaks), so a property with no
        // IaC form (an application's service time, a traffic share, an ASG's log agent)
        // survives the round trip, and a value edited in the code is taken from the code.
        // The DESIGN_WINS properties go in even at their default, so the import restores them.
        let props: BTreeMap<String, BTreeMap<String, crate::model::Value>> = self
            .d
            .nodes
            .values()
            .filter(|n| self.resources.contains(&n.id))
            .map(|n| {
                let mut p = n.props.clone();
                // A priced-type list as the design reads it (`Design::instance_types`): a
                // blank entry is no type, so `["", "c7g.large"]` is kept as `["c7g.large"]`,
                // what the code's launch template and the bill say too.
                if p.contains_key("instance_types") {
                    let types = self.d.instance_types(n).into_iter().map(str::to_string).collect();
                    p.insert("instance_types".to_string(), crate::model::Value::List(types));
                }
                for (_, key) in DESIGN_WINS.iter().filter(|(kind, _)| *kind == n.kind) {
                    if let Some(v) = self.d.prop(n, key) {
                        p.insert(key.to_string(), v);
                    }
                }
                (self.name(&n.id).to_string(), p)
            })
            .filter(|(_, p)| !p.is_empty())
            .collect();
        // As one JSON string: CloudFormation's metadata schema (cfn-lint E4002) refuses
        // fractional numbers such as a hit ratio of 0.95.
        let props = serde_json::to_string(&props).unwrap_or_default();
        // Components spanning AZs (issue 14): their further subnets, for what the code cannot
        // say (a Multi-AZ database's standby subnet); fleets say it in their subnet lists too.
        let spans: BTreeMap<String, Vec<String>> =
            self.d.nodes.values().filter(|n| !n.span.is_empty()).map(|n| (self.name(&n.id).to_string(), n.span.iter().map(|s| self.name(s).to_string()).collect())).collect();
        // The resources' labels (the code names them by logical id or address) and the
        // workload (request sizes, peak factor, growth: what the bill and latency depend on),
        // so an export imported again draws, prices and times the same design. The workload is
        // a JSON string for the reason above (fractional sizes).
        let labels: BTreeMap<String, String> = self
            .d
            .nodes
            .values()
            .filter(|n| self.resources.contains(&n.id) && n.label != self.name(&n.id))
            .map(|n| (self.name(&n.id).to_string(), n.label.clone()))
            .collect();
        let workload = serde_json::to_string(&self.d.workload).unwrap_or_default();
        // Every connection's settings (traffic share, payload, timeout, retries, circuit
        // breaker), written in code or not: no IaC form has them, and a lost share moved the
        // starter's traffic between CloudFront's origins (0.7/0.3 read back as an even split),
        // so its import priced $511.72 for the design's $511.71 (QA s23 #20). A JSON string,
        // as the properties (fractional numbers).
        let settings: Vec<serde_json::Value> = self
            .d
            .connections
            .values()
            .filter(|c| c.share.is_some() || c.payload_kb.is_some() || c.timeout_ms.is_some() || c.retries.is_some() || c.circuit_breaker)
            .map(|c| serde_json::json!({"from": self.name(&c.from), "to": self.name(&c.to), "kind": c.kind.name(), "share": c.share, "payload_kb": c.payload_kb, "timeout_ms": c.timeout_ms, "retries": c.retries, "circuit_breaker": c.circuit_breaker}))
            .collect();
        let mut meta = serde_json::json!({"name": self.d.name, "region": self.d.region, "nodes": nodes, "parents": parents, "connections": conns, "props": props, "labels": labels, "workload": workload});
        if !settings.is_empty() {
            meta["connection_settings"] = serde_json::Value::String(serde_json::to_string(&settings).unwrap_or_default());
        }
        if !spans.is_empty() {
            meta["spans"] = serde_json::json!(spans);
        }
        meta
    }
}

/// The TODO an export writes (after the launch template's address) where an Auto Scaling
/// group names no instance type and the template gets the stand-in type
/// ([`crate::catalog::EC2_STAND_IN_TYPE`], the one the bill prices for it): the file must not
/// read as if the design had chosen it.
pub fn stand_in_todo() -> String {
    format!("the group names no instance type: {} is a stand-in (the type the bill prices it as); choose the type to run", crate::catalog::EC2_STAND_IN_TYPE)
}

/// Properties the exported code writes only approximately, so on import the design's value
/// (kept in the metadata) wins over what the code implies: counts of things the code leaves
/// as TODOs (an SNS topic's subscribers, a web ACL's rules), a subnet's route choice (`auto`
/// is written as the route its tier implies), CloudFront's path patterns (written per
/// origin). Every other property is taken from the code where it says one.
pub const DESIGN_WINS: &[(&str, &str)] = &[("sns", "subscriptions"), ("waf", "rules"), ("subnet", "route_out"), ("cloudfront", "path_origins")];

/// A subnet and its default route, as [`Plan::routes`] decides it.
pub struct SubnetRoute<'d> {
    pub subnet: &'d Node,
    /// The AZ letter (`a`, `b`, …).
    pub az: String,
    /// `public`, `private` or `isolated`.
    pub tier: String,
    pub route: Route,
    /// The internet or NAT gateway the route goes to; `None` for `Route::None`, or when the
    /// design has no such gateway in the VPC.
    pub target: Option<&'d Node>,
}

impl SubnetRoute<'_> {
    /// What a route to a missing gateway should have gone to, for the exporters' TODO line;
    /// `None` when nothing is missing.
    pub fn missing(&self) -> Option<&'static str> {
        match (self.route, self.target) {
            (Route::Igw, None) => Some("internet gateway"),
            (Route::Nat, None) => Some("NAT gateway"),
            _ => None,
        }
    }
}
