//! The design as Terraform (HCL, `aws` provider): the same starting point as the
//! CloudFormation export, decided by the same [`Plan`]: resources and containment,
//! variables for what the design does not know (CIDRs, AMIs, image URIs, code location,
//! domain names, role ARNs), `TODO` comments for what must still be decided, and the design
//! facts Terraform has no form for in `locals { cloudwright_design = ... }`, which the
//! importer reads back. The output parses with hcl-rs (tested).

use super::plan::{env_conn_kind, tf_name, Naming, Plan, Route};
use crate::iac::kinds;
use crate::model::{ConnKind, Design, Node, NodeId};
use std::fmt::Write as _;

/// An HCL string literal: quotes, backslashes, control characters and template sequences
/// escaped.
pub fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    // Template sequences start with ${ or %{; doubled, they are literal.
    out.replace("${", "$${").replace("%{", "%%{")
}

enum Item {
    Attr(String, String),
    Block(String, Vec<Item>),
    Comment(String),
}

fn a(k: &str, v: impl Into<String>) -> Item {
    Item::Attr(k.to_string(), v.into())
}
fn b(k: &str, items: Vec<Item>) -> Item {
    Item::Block(k.to_string(), items)
}
fn list(v: &[String]) -> String {
    format!("[{}]", v.join(", "))
}
fn num(n: f64) -> String {
    if n.fract() == 0.0 { format!("{}", n as i64) } else { format!("{n}") }
}

fn write_items(items: &[Item], indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent);
    let width = items.iter().filter_map(|i| if let Item::Attr(k, _) = i { Some(k.len()) } else { None }).max().unwrap_or(0);
    for i in items {
        match i {
            Item::Attr(k, v) => {
                let _ = writeln!(out, "{pad}{k:<width$} = {v}");
            }
            Item::Block(k, inner) => {
                let _ = writeln!(out, "{pad}{k} {{");
                write_items(inner, indent + 1, out);
                let _ = writeln!(out, "{pad}}}");
            }
            Item::Comment(c) => {
                for line in c.lines() {
                    let _ = writeln!(out, "{pad}# {}", crate::text::single_line(line));
                }
            }
        }
    }
}

struct W<'d> {
    p: Plan<'d>,
    out: String,
    vars: Vec<(String, Option<String>, String)>,
}

/// The design as Terraform HCL.
pub fn export(d: &Design) -> String {
    let mut w = W { p: Plan::with(d, Naming::Terraform), out: String::new(), vars: Vec::new() };
    let ids: Vec<NodeId> = d.nodes.keys().cloned().collect();
    for id in &ids {
        if w.p.resources.contains(id) {
            w.node(id);
        }
    }
    w.security_group_rules();
    // JSON leaves DEL and the C1 controls raw in strings: written as \u escapes, so the
    // heredoc holds no control character.
    let meta: String = serde_json::to_string_pretty(&w.p.metadata()).unwrap_or_default().chars().map(|c| if c.is_control() && c != '\n' { format!("\\u{:04x}", c as u32) } else { c.to_string() }).collect();
    let meta = meta.replace("${", "$${").replace("%{", "%%{");
    let mut head = String::new();
    let _ = writeln!(head, "# {} — exported by Cloudwright as a starting point.", crate::text::single_line(&d.name));
    head.push_str("# Review every TODO before applying: names, sizes, IAM and networking details are\n# assumptions the design does not decide. local.cloudwright_design keeps the design facts\n# Terraform has no form for, so importing these files gives back the same diagram.\n\n");
    head.push_str("terraform {\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \">= 5.0\"\n    }\n  }\n}\n\nprovider \"aws\" {\n  region = var.region\n}\n\n");
    let mut vars = format!("variable \"region\" {{\n  type    = string\n  default = {}\n}}\n\n", q(&d.region));
    for (name, default, desc) in &w.vars {
        let _ = writeln!(vars, "variable \"{name}\" {{\n  type        = string\n  description = {}", q(desc));
        if let Some(dv) = default {
            let _ = writeln!(vars, "  default     = {}", q(dv));
        }
        vars.push_str("}\n\n");
    }
    format!("{head}{vars}locals {{\n  cloudwright_design = <<-EOT\n{}\n  EOT\n}}\n\n{}", meta.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n"), w.out)
}

impl<'d> W<'d> {
    /// `aws_vpc.main` of a node.
    fn addr(&self, id: &NodeId) -> String {
        self.p.name(id).to_string()
    }
    /// The bare resource name of a node (`main`).
    fn short(&self, id: &NodeId) -> String {
        self.p.name(id).split('.').nth(1).unwrap_or(self.p.name(id)).to_string()
    }
    fn res(&mut self, ty: &str, name: &str, items: Vec<Item>) {
        let _ = writeln!(self.out, "resource \"{ty}\" \"{name}\" {{");
        write_items(&items, 1, &mut self.out);
        self.out.push_str("}\n\n");
    }
    fn todo(&mut self, text: &str) {
        let _ = writeln!(self.out, "# TODO: {}", crate::text::single_line(text));
    }
    fn var(&mut self, name: &str, default: Option<String>, desc: &str) -> String {
        if !self.vars.iter().any(|(n, _, _)| n == name) {
            self.vars.push((name.to_string(), default, desc.to_string()));
        }
        format!("var.{name}")
    }
    fn node_ref(&self, id: &NodeId) -> &'d Node {
        self.p.node(id)
    }
    fn text(&self, id: &NodeId, k: &str) -> String {
        self.p.d.text(self.p.node(id), k)
    }
    fn num(&self, id: &NodeId, k: &str) -> f64 {
        self.p.d.num(self.p.node(id), k)
    }
    fn flag(&self, id: &NodeId, k: &str) -> bool {
        self.p.d.flag(self.p.node(id), k)
    }
    fn vpc_of(&self, id: &NodeId) -> Option<NodeId> {
        self.p.d.enclosing(id, "vpc").map(|v| v.id.clone())
    }
    fn sg(&self, id: &NodeId) -> String {
        format!("aws_security_group.{}.id", self.short(id))
    }
    fn subnet_ids(&self, subnets: &[&Node]) -> String {
        list(&subnets.iter().map(|s| format!("{}.id", self.p.name(&s.id))).collect::<Vec<_>>())
    }
    fn tags(&self, id: &NodeId) -> Item {
        a("tags", format!("{{ Name = {} }}", q(&self.node_ref(id).label)))
    }

    fn node(&mut self, id: &NodeId) {
        let kind = self.p.kind(id);
        let short = self.short(id);
        if self.p.sg.contains(id) {
            if let Some(vpc) = self.vpc_of(id) {
                let label = format!("{} ({kind})", self.node_ref(id).label);
                let vpc = self.addr(&vpc);
                self.res("aws_security_group", &short, vec![a("name_prefix", q(&format!("{short}-"))), a("description", q(&label)), a("vpc_id", format!("{vpc}.id"))]);
            }
        }
        match kind {
            "vpc" => self.vpc(id),
            "subnet" => self.subnet(id),
            "internet-gateway" => {
                if let Some(v) = self.vpc_of(id) {
                    let v = self.addr(&v);
                    self.res("aws_internet_gateway", &short, vec![a("vpc_id", format!("{v}.id"))]);
                }
            }
            "nat-gateway" => self.nat(id),
            "vpc-endpoint-gateway" | "vpc-endpoint-interface" => self.endpoint(id),
            "alb" | "nlb" => self.load_balancer(id),
            "asg" => self.asg(id),
            "ec2" => self.ec2(id),
            "ecs-cluster" => {
                let v = if self.flag(id, "container_insights") { "enabled" } else { "disabled" };
                self.res("aws_ecs_cluster", &short, vec![a("name", q(&short)), b("setting", vec![a("name", q("containerInsights")), a("value", q(v))])]);
            }
            "ecs-service" => self.ecs_service(id),
            "eks-cluster" => {
                let role = self.var("eks_cluster_role_arn", None, "IAM role of the EKS control plane (TODO)");
                let subnets = self.p.spread(id, &["private", "public", "isolated"], 3);
                let mut vc = vec![a("subnet_ids", self.subnet_ids(&subnets))];
                if self.p.sg.contains(id) {
                    vc.push(a("security_group_ids", list(&[self.sg(id)])));
                }
                self.res("aws_eks_cluster", &short, vec![a("name", q(&short)), a("role_arn", role), b("vpc_config", vc)]);
            }
            "eks-nodegroup" => self.eks_nodegroup(id),
            "lambda" => self.lambda(id),
            "api-gateway" => self.api(id),
            "dynamodb" => self.dynamodb(id),
            "s3" => self.bucket(id),
            "cloudfront" => self.cloudfront(id),
            "waf" => self.waf(id),
            "sqs" => self.queue(id),
            "sns" => self.topic(id),
            "eventbridge" => self.bus(id),
            "step-functions" => {
                let role = self.var("state_machine_role_arn", None, "IAM role Step Functions assumes (TODO)");
                let ty = if self.text(id, "workflow") == "express" { "EXPRESS" } else { "STANDARD" };
                self.todo(&format!("aws_sfn_state_machine.{short}: replace the placeholder workflow definition"));
                self.res("aws_sfn_state_machine", &short, vec![a("name", q(&short)), a("type", q(ty)), a("role_arn", role), a("definition", "jsonencode({ StartAt = \"Start\", States = { Start = { Type = \"Pass\", End = true } } })")]);
            }
            "kinesis" => {
                let mut items = vec![a("name", q(&short)), a("retention_period", num(self.num(id, "retention_hours")))];
                if self.text(id, "mode") == "provisioned" {
                    items.push(a("shard_count", num(self.num(id, "shards"))));
                } else {
                    items.push(b("stream_mode_details", vec![a("stream_mode", q("ON_DEMAND"))]));
                }
                self.res("aws_kinesis_stream", &short, items);
            }
            "cognito" => {
                let mfa = match self.text(id, "mfa").as_str() {
                    "required" => "ON",
                    "optional" => "OPTIONAL",
                    _ => "OFF",
                };
                let mut items = vec![a("name", q(&short)), a("mfa_configuration", q(mfa))];
                if mfa != "OFF" {
                    items.push(b("software_token_mfa_configuration", vec![a("enabled", "true")]));
                }
                self.res("aws_cognito_user_pool", &short, items);
            }
            "secrets-manager" => self.res("aws_secretsmanager_secret", &short, vec![a("name_prefix", q(&format!("{short}-"))), a("description", q(&self.node_ref(id).label))]),
            "kms" => self.res("aws_kms_key", &short, vec![a("description", q(&self.node_ref(id).label)), a("enable_key_rotation", self.flag(id, "rotation").to_string())]),
            "acm" => {
                let domain = self.var("domain_name", Some("example.com".into()), "Domain the certificates and DNS records are for (TODO)");
                self.res("aws_acm_certificate", &short, vec![a("domain_name", domain), a("validation_method", q("DNS"))]);
            }
            "route53" => self.route53(id),
            "ecr" => self.res(
                "aws_ecr_repository",
                &short,
                vec![a("name", q(&short)), a("image_tag_mutability", q(if self.flag(id, "immutable_tags") { "IMMUTABLE" } else { "MUTABLE" })), b("image_scanning_configuration", vec![a("scan_on_push", self.flag(id, "scan_on_push").to_string())])],
            ),
            "rds" => self.rds(id),
            "aurora" => self.aurora(id),
            "elasticache" => self.elasticache(id),
            "efs" => {
                self.res("aws_efs_file_system", &short, vec![a("encrypted", "true"), a("throughput_mode", q(&self.text(id, "throughput_mode")))]);
                for (i, sn) in self.p.spread(id, &["private", "isolated", "public"], 3).into_iter().enumerate() {
                    let s = self.p.name(&sn.id).to_string();
                    self.res("aws_efs_mount_target", &format!("{short}_{i}"), vec![a("file_system_id", format!("aws_efs_file_system.{short}.id")), a("subnet_id", format!("{s}.id"))]);
                }
            }
            "vpc-link" => {
                let subnets = self.p.spread(id, &["private", "isolated", "public"], 2);
                self.res("aws_apigatewayv2_vpc_link", &short, vec![a("name", q(&short)), a("subnet_ids", self.subnet_ids(&subnets)), a("security_group_ids", "[]")]);
            }
            "transit-gateway" => self.res("aws_ec2_transit_gateway", &short, vec![a("description", q(&self.node_ref(id).label))]),
            _ => {}
        }
    }

    // ------------------------------------------------------------------ network

    fn vpc(&mut self, id: &NodeId) {
        let short = self.short(id);
        let cidr = self.var(&format!("{short}_cidr"), Some(self.text(id, "cidr")), "CIDR block of the VPC");
        self.res("aws_vpc", &short, vec![a("cidr_block", cidr), a("enable_dns_support", "true"), a("enable_dns_hostnames", "true"), self.tags(id)]);
        let mut tables: Vec<String> = Vec::new();
        for sr in self.p.routes(id) {
            let (sn, az, tier) = (sr.subnet, &sr.az, &sr.tier);
            let rt = match sr.route {
                Route::Igw => format!("{short}_public"),
                Route::Nat => format!("{short}_private_{az}"),
                Route::None => format!("{short}_isolated"),
            };
            let key = if sr.route == Route::Igw { "gateway_id" } else { "nat_gateway_id" };
            let route = sr.target.map(|g| (key, format!("{}.id", self.addr(&g.id))));
            if !tables.contains(&rt) {
                tables.push(rt.clone());
                let mut items = vec![a("vpc_id", format!("aws_vpc.{short}.id"))];
                match route {
                    Some((k, target)) => items.push(b("route", vec![a("cidr_block", q("0.0.0.0/0")), a(k, target)])),
                    None => {
                        if let Some(gateway) = sr.missing() {
                            items.push(Item::Comment(format!("TODO: the design routes {tier} subnets out through a {gateway}, but this VPC has none")));
                        }
                    }
                }
                self.res("aws_route_table", &rt, items);
            }
            let sname = tf_name(sn.id.as_str());
            let saddr = self.p.name(&sn.id).to_string();
            self.res("aws_route_table_association", &sname, vec![a("subnet_id", format!("{saddr}.id")), a("route_table_id", format!("aws_route_table.{rt}.id"))]);
        }
    }

    fn subnet(&mut self, id: &NodeId) {
        let Some(vpc) = self.vpc_of(id) else { return };
        let short = self.short(id);
        let zone = self.p.d.enclosing(id, "az").map(|a| self.p.d.text(a, "zone")).unwrap_or_else(|| "a".into());
        let region = self.p.d.region_of(id);
        let az = if region == self.p.d.region { format!("\"${{var.region}}{zone}\"") } else { q(&format!("{region}{zone}")) };
        let cidr = self.var(&format!("{short}_cidr"), Some(self.text(id, "cidr")), "CIDR block of the subnet");
        let vpc = self.addr(&vpc);
        let mut items = vec![a("vpc_id", format!("{vpc}.id")), a("cidr_block", cidr), a("availability_zone", az)];
        if self.text(id, "tier") == "public" {
            items.push(a("map_public_ip_on_launch", "true"));
        }
        items.push(self.tags(id));
        self.res("aws_subnet", &short, items);
    }

    fn nat(&mut self, id: &NodeId) {
        let short = self.short(id);
        let Some(subnet) = self.p.d.enclosing(id, "subnet").map(|s| s.id.clone()) else { return };
        let s = self.addr(&subnet);
        if self.text(id, "connectivity") == "private" {
            self.res("aws_nat_gateway", &short, vec![a("subnet_id", format!("{s}.id")), a("connectivity_type", q("private"))]);
        } else {
            self.res("aws_eip", &short, vec![a("domain", q("vpc"))]);
            self.res("aws_nat_gateway", &short, vec![a("subnet_id", format!("{s}.id")), a("allocation_id", format!("aws_eip.{short}.id"))]);
        }
    }

    fn endpoint(&mut self, id: &NodeId) {
        let Some(vpc) = self.vpc_of(id) else { return };
        let short = self.short(id);
        let svc = kinds::endpoint_service_name(&self.text(id, "service"));
        let vaddr = self.addr(&vpc);
        let service = format!("\"com.amazonaws.${{var.region}}.{svc}\"");
        if self.p.kind(id) == "vpc-endpoint-gateway" {
            let vshort = self.short(&vpc);
            let tables: Vec<String> = self.out.lines().filter_map(|l| l.strip_prefix("resource \"aws_route_table\" \"")).map(|l| l.trim_end_matches("\" {").to_string()).filter(|t| t.starts_with(&format!("{vshort}_")) && !t.ends_with("_public")).map(|t| format!("aws_route_table.{t}.id")).collect();
            let mut items = vec![a("vpc_id", format!("{vaddr}.id")), a("vpc_endpoint_type", q("Gateway")), a("service_name", service)];
            if !tables.is_empty() {
                items.push(a("route_table_ids", list(&tables)));
            }
            self.res("aws_vpc_endpoint", &short, items);
        } else {
            let subnets = self.p.spread(id, &["private", "isolated", "public"], self.p.az_count(id));
            if self.text(id, "service") == "other" {
                self.todo(&format!("aws_vpc_endpoint.{short}: choose the AWS service (execute-api is a placeholder)"));
            }
            self.res(
                "aws_vpc_endpoint",
                &short,
                vec![a("vpc_id", format!("{vaddr}.id")), a("vpc_endpoint_type", q("Interface")), a("service_name", service), a("private_dns_enabled", "true"), a("subnet_ids", self.subnet_ids(&subnets)), a("security_group_ids", list(&[self.sg(id)]))],
            );
        }
    }

    fn security_group_rules(&mut self) {
        let conns: Vec<_> = self.p.d.connections.values().filter(|c| c.kind == ConnKind::Sync && self.p.sg.contains(&c.from) && self.p.sg.contains(&c.to) && self.p.native.contains(&c.id)).cloned().collect();
        for c in conns {
            let port = c.port.or_else(|| crate::catalog::kind(self.p.kind(&c.to)).map(|k| k.port)).filter(|p| *p > 0).unwrap_or(443);
            let (f, t) = (self.short(&c.from), self.short(&c.to));
            self.res(
                "aws_vpc_security_group_ingress_rule",
                &format!("{t}_from_{f}"),
                vec![a("security_group_id", self.sg(&c.to)), a("referenced_security_group_id", self.sg(&c.from)), a("ip_protocol", q("tcp")), a("from_port", port.to_string()), a("to_port", port.to_string()), a("description", q(&format!("{f} calls {t}")))],
            );
        }
        let ids: Vec<NodeId> = self.p.sg.iter().cloned().collect();
        for id in ids {
            for (k, g) in self.node_ref(&id).ingress.clone().iter().enumerate() {
                let short = self.short(&id);
                let mut items = vec![a("security_group_id", self.sg(&id)), a("cidr_ipv4", q(&g.cidr))];
                if g.port == 0 {
                    items.push(a("ip_protocol", q("-1")));
                } else {
                    items.extend([a("ip_protocol", q("tcp")), a("from_port", g.port.to_string()), a("to_port", g.port.to_string())]);
                }
                self.res("aws_vpc_security_group_ingress_rule", &format!("{short}_ingress_{}", k + 1), items);
            }
        }
    }

    // ------------------------------------------------------------------ compute

    fn ami(&mut self) -> String {
        self.var("ami_id", None, "AMI for instances (TODO: e.g. the latest Amazon Linux 2023 from SSM)")
    }

    fn load_balancer(&mut self, id: &NodeId) {
        let short = self.short(id);
        let alb = self.p.kind(id) == "alb";
        let public = self.flag(id, "internet_facing");
        let tiers: &[&str] = if public { &["public", "private", "isolated"] } else { &["private", "isolated", "public"] };
        let subnets = self.p.spread(id, tiers, self.p.az_count(id));
        if subnets.len() < 2 {
            self.todo(&format!("aws_lb.{short}: a load balancer needs subnets in at least two AZs"));
        }
        self.res(
            "aws_lb",
            &short,
            vec![a("name_prefix", q(&short.chars().filter(|c| c.is_ascii_alphanumeric()).take(6).collect::<String>())), a("load_balancer_type", q(if alb { "application" } else { "network" })), a("internal", (!public).to_string()), a("subnets", self.subnet_ids(&subnets)), a("security_groups", list(&[self.sg(id)]))],
        );
        let targets = self.p.out(id, &["asg", "ecs-service", "ec2", "lambda"], ConnKind::Sync);
        let mut tgs = Vec::new();
        for c in &targets {
            let t = c.to.clone();
            let tk = self.p.kind(&t);
            let tg = format!("{short}_to_{}", self.short(&t));
            let port = c.port.or_else(|| crate::catalog::kind(tk).map(|k| k.port)).filter(|p| *p > 0).unwrap_or(80);
            let items = if tk == "lambda" {
                vec![a("target_type", q("lambda"))]
            } else {
                let vpc = self.vpc_of(id).map(|v| self.addr(&v)).unwrap_or_default();
                vec![a("port", port.to_string()), a("protocol", q(if alb { "HTTP" } else { "TCP" })), a("vpc_id", format!("{vpc}.id")), a("target_type", q(if tk == "ecs-service" { "ip" } else { "instance" }))]
            };
            self.res("aws_lb_target_group", &tg, items);
            match tk {
                "ec2" => self.res("aws_lb_target_group_attachment", &tg, vec![a("target_group_arn", format!("aws_lb_target_group.{tg}.arn")), a("target_id", format!("{}.id", self.addr(&t)))]),
                "lambda" => {
                    let f = self.addr(&t);
                    self.res("aws_lambda_permission", &tg, vec![a("action", q("lambda:InvokeFunction")), a("function_name", format!("{f}.function_name")), a("principal", q("elasticloadbalancing.amazonaws.com")), a("source_arn", format!("aws_lb_target_group.{tg}.arn"))]);
                    self.res("aws_lb_target_group_attachment", &tg, vec![a("target_group_arn", format!("aws_lb_target_group.{tg}.arn")), a("target_id", format!("{f}.arn"))]);
                }
                _ => {}
            }
            tgs.push(tg);
        }
        let cert = self.p.inc(id, &["acm"], ConnKind::Association).first().map(|c| self.addr(&c.from));
        let (proto, port) = match (&cert, alb) {
            (Some(_), true) => ("HTTPS", 443),
            (Some(_), false) => ("TLS", 443),
            (None, true) => ("HTTP", 80),
            (None, false) => ("TCP", 80),
        };
        let action = match tgs.first() {
            Some(tg) => b("default_action", vec![a("type", q("forward")), a("target_group_arn", format!("aws_lb_target_group.{tg}.arn"))]),
            None if alb => b("default_action", vec![a("type", q("fixed-response")), b("fixed_response", vec![a("content_type", q("text/plain")), a("status_code", q("404"))])]),
            None => {
                self.todo(&format!("aws_lb.{short}: no target in the design; add a target group"));
                return;
            }
        };
        let mut items = vec![a("load_balancer_arn", format!("aws_lb.{short}.arn")), a("port", port.to_string()), a("protocol", q(proto))];
        if let Some(c) = &cert {
            items.push(a("certificate_arn", format!("{c}.arn")));
        }
        items.push(action);
        self.res("aws_lb_listener", &short, items);
        if cert.is_some() && alb && self.flag(id, "https_redirect") {
            self.res(
                "aws_lb_listener",
                &format!("{short}_http_redirect"),
                vec![a("load_balancer_arn", format!("aws_lb.{short}.arn")), a("port", "80"), a("protocol", q("HTTP")), b("default_action", vec![a("type", q("redirect")), b("redirect", vec![a("port", q("443")), a("protocol", q("HTTPS")), a("status_code", q("HTTP_301"))])])],
            );
        }
        for (i, tg) in tgs.iter().enumerate().skip(1) {
            if alb {
                self.todo(&format!("aws_lb_listener_rule.{tg}: the path pattern that sends traffic to this target"));
                self.res(
                    "aws_lb_listener_rule",
                    tg,
                    vec![a("listener_arn", format!("aws_lb_listener.{short}.arn")), a("priority", i.to_string()), b("action", vec![a("type", q("forward")), a("target_group_arn", format!("aws_lb_target_group.{tg}.arn"))]), b("condition", vec![b("path_pattern", vec![a("values", list(&[q(&format!("/{i}/*"))]))])])],
                );
            } else {
                self.res("aws_lb_listener", tg, vec![a("load_balancer_arn", format!("aws_lb.{short}.arn")), a("port", (8000 + i).to_string()), a("protocol", q("TCP")), b("default_action", vec![a("type", q("forward")), a("target_group_arn", format!("aws_lb_target_group.{tg}.arn"))])]);
            }
        }
    }

    fn target_groups_of(&self, id: &NodeId) -> Vec<String> {
        self.p.inc(id, &["alb", "nlb"], ConnKind::Sync).iter().map(|c| format!("aws_lb_target_group.{}_to_{}.arn", self.short(&c.from), self.short(id))).collect()
    }

    fn asg(&mut self, id: &NodeId) {
        let short = self.short(id);
        let ami = self.ami();
        // The first type named, as priced; none named exports the bill's stand-in type, and
        // says so (a TODO above the launch template).
        let types: Vec<String> = self.p.d.instance_types(self.node_ref(id)).into_iter().map(str::to_string).collect();
        if types.is_empty() {
            self.todo(&format!("aws_launch_template.{short}: {}", super::plan::stand_in_todo()));
        }
        let mut lt = vec![a("name_prefix", q(&format!("{short}-"))), a("image_id", ami), a("instance_type", q(types.first().map(String::as_str).unwrap_or(crate::catalog::EC2_STAND_IN_TYPE)))];
        if self.p.sg.contains(id) {
            lt.push(a("vpc_security_group_ids", list(&[self.sg(id)])));
        }
        lt.push(b("block_device_mappings", vec![a("device_name", q("/dev/xvda")), b("ebs", vec![a("volume_size", num(self.num(id, "ebs_gb"))), a("volume_type", q(&self.text(id, "ebs_type")))])]));
        self.res("aws_launch_template", &short, lt);
        let subnets = self.p.spread(id, &["private", "public", "isolated"], self.p.az_count(id));
        let mut items = vec![
            a("name_prefix", q(&format!("{short}-"))),
            a("min_size", num(self.num(id, "min"))),
            a("max_size", num(self.num(id, "max"))),
            a("desired_capacity", num(self.num(id, "desired"))),
            a("vpc_zone_identifier", self.subnet_ids(&subnets)),
            a("health_check_type", q(&self.text(id, "health_check_type").to_uppercase())),
            a("health_check_grace_period", num(self.num(id, "health_check_grace_s"))),
        ];
        let tgs = self.target_groups_of(id);
        if !tgs.is_empty() {
            items.push(a("target_group_arns", list(&tgs)));
        }
        // Spot or several instance types: a mixed instances policy (as in the CloudFormation).
        let spot = self.num(id, "spot_pct");
        if spot > 0.0 || types.len() > 1 {
            let mut lt = vec![b("launch_template_specification", vec![a("launch_template_id", format!("aws_launch_template.{short}.id")), a("version", q("$Latest"))])];
            lt.extend(types.iter().map(|t| b("override", vec![a("instance_type", q(t))])));
            items.push(b(
                "mixed_instances_policy",
                vec![
                    b("instances_distribution", vec![a("on_demand_base_capacity", num(self.num(id, "on_demand_base"))), a("on_demand_percentage_above_base_capacity", num(100.0 - spot)), a("spot_allocation_strategy", q("price-capacity-optimized"))]),
                    b("launch_template", lt),
                ],
            ));
        } else {
            items.push(b("launch_template", vec![a("id", format!("aws_launch_template.{short}.id")), a("version", q("$Latest"))]));
        }
        self.res("aws_autoscaling_group", &short, items);
    }

    fn ec2(&mut self, id: &NodeId) {
        let short = self.short(id);
        let ami = self.ami();
        let Some(subnet) = self.p.d.enclosing(id, "subnet").map(|s| s.id.clone()) else { return };
        let mut items = vec![a("ami", ami), a("instance_type", q(&self.text(id, "instance_type"))), a("subnet_id", format!("{}.id", self.addr(&subnet)))];
        if self.p.sg.contains(id) {
            items.push(a("vpc_security_group_ids", list(&[self.sg(id)])));
        }
        items.push(b("root_block_device", vec![a("volume_size", num(self.num(id, "ebs_gb"))), a("volume_type", q(&self.text(id, "ebs_type")))]));
        items.push(self.tags(id));
        self.res("aws_instance", &short, items);
    }

    fn ecs_service(&mut self, id: &NodeId) {
        let short = self.short(id);
        let image = self.var(&format!("{short}_image"), None, "Container image URI of this service (TODO)");
        let cpu = (self.num(id, "cpu_vcpu") * 1024.0).round();
        let mem = (self.num(id, "memory_gb") * 1024.0).round();
        let port = self.p.inc(id, &["alb", "nlb"], ConnKind::Sync).first().and_then(|c| c.port).unwrap_or(8080);
        let arch = if self.text(id, "architecture") == "arm" { "ARM64" } else { "X86_64" };
        let ro = self.flag(id, "read_only_root_fs");
        self.res(
            "aws_ecs_task_definition",
            &short,
            vec![
                a("family", q(&short)),
                a("requires_compatibilities", "[\"FARGATE\"]"),
                a("network_mode", q("awsvpc")),
                a("cpu", q(&num(cpu))),
                a("memory", q(&num(mem))),
                b("runtime_platform", vec![a("cpu_architecture", q(arch)), a("operating_system_family", q("LINUX"))]),
                a("container_definitions", format!("jsonencode([{{ name = \"app\", image = {image}, essential = true, readonlyRootFilesystem = {ro}, portMappings = [{{ containerPort = {port} }}] }}])")),
            ],
        );
        let subnets = self.p.spread(id, &["private", "public", "isolated"], 2);
        let mut net = vec![a("subnets", self.subnet_ids(&subnets)), a("assign_public_ip", self.flag(id, "public_ip").to_string())];
        if self.p.sg.contains(id) {
            net.push(a("security_groups", list(&[self.sg(id)])));
        }
        let mut items = vec![a("name", q(&short)), a("launch_type", q(if self.text(id, "launch_type") == "ec2" { "EC2" } else { "FARGATE" })), a("desired_count", num(self.num(id, "tasks"))), a("task_definition", format!("aws_ecs_task_definition.{short}.arn"))];
        if let Some(cl) = self.p.out(id, &["ecs-cluster"], ConnKind::Association).first() {
            items.insert(1, a("cluster", format!("{}.id", self.addr(&cl.to))));
        }
        items.push(b("network_configuration", net));
        for tg in self.target_groups_of(id) {
            items.push(b("load_balancer", vec![a("target_group_arn", tg), a("container_name", q("app")), a("container_port", port.to_string())]));
        }
        self.res("aws_ecs_service", &short, items);
    }

    fn eks_nodegroup(&mut self, id: &NodeId) {
        let short = self.short(id);
        let Some(cl) = self.p.out(id, &["eks-cluster"], ConnKind::Association).first().map(|c| self.addr(&c.to)) else {
            self.todo(&format!("aws_eks_node_group.{short}: the design does not say which EKS cluster these nodes join"));
            return;
        };
        let role = self.var("eks_node_role_arn", None, "IAM role of the EKS worker nodes (TODO)");
        let subnets = self.p.spread(id, &["private", "public", "isolated"], 3);
        let count = self.num(id, "count").max(1.0);
        self.res(
            "aws_eks_node_group",
            &short,
            vec![
                a("cluster_name", format!("{cl}.name")),
                a("node_group_name", q(&short)),
                a("node_role_arn", role),
                a("subnet_ids", self.subnet_ids(&subnets)),
                a("instance_types", list(&[q(&self.text(id, "instance_type"))])),
                b("scaling_config", vec![a("desired_size", num(count)), a("min_size", num(count)), a("max_size", num(count * 2.0))]),
            ],
        );
    }

    // ------------------------------------------------------------------ serverless

    fn lambda_role(&mut self) {
        if !self.out.contains("resource \"aws_iam_role\" \"lambda\"") {
            self.todo("aws_iam_role.lambda: add the permissions the functions need (least privilege per function)");
            self.res(
                "aws_iam_role",
                "lambda",
                vec![a("name_prefix", q("lambda-")), a("assume_role_policy", "jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Principal = { Service = \"lambda.amazonaws.com\" }, Action = \"sts:AssumeRole\" }] })"), a("managed_policy_arns", "[\"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\", \"arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole\"]")],
            );
        }
    }

    fn env_value(&self, t: &NodeId) -> String {
        let n = self.addr(t);
        match self.p.kind(t) {
            "rds" => format!("{n}.address"),
            "aurora" => format!("{n}.endpoint"),
            "elasticache" => format!("{n}.primary_endpoint_address"),
            "alb" | "nlb" => format!("{n}.dns_name"),
            "sqs" => format!("{n}.url"),
            "dynamodb" | "kinesis" | "eventbridge" => format!("{n}.name"),
            "s3" => format!("{n}.bucket"),
            _ => format!("{n}.arn"),
        }
    }

    fn lambda(&mut self, id: &NodeId) {
        let short = self.short(id);
        self.lambda_role();
        let bucket = self.var("code_bucket", None, "S3 bucket holding the functions' code packages (TODO)");
        let runtime = kinds::runtime_id(&self.text(id, "runtime"));
        let arch = if self.text(id, "architecture") == "arm" { "arm64" } else { "x86_64" };
        let mut items = vec![
            a("function_name", q(&short)),
            a("role", "aws_iam_role.lambda.arn"),
            a("runtime", q(runtime)),
            a("handler", q(if runtime.starts_with("provided") { "bootstrap" } else { "index.handler" })),
            a("s3_bucket", bucket),
            a("s3_key", q(&format!("{short}.zip"))),
            a("memory_size", num(self.num(id, "memory_mb"))),
            a("timeout", num(self.num(id, "timeout_s"))),
            a("architectures", list(&[q(arch)])),
        ];
        let reserved = self.num(id, "reserved_concurrency");
        if reserved > 0.0 {
            items.push(a("reserved_concurrent_executions", num(reserved)));
        }
        if let Some(subnet) = self.p.d.enclosing(id, "subnet").map(|s| s.id.clone()) {
            items.push(b("vpc_config", vec![a("subnet_ids", list(&[format!("{}.id", self.addr(&subnet))])), a("security_group_ids", list(&[self.sg(id)]))]));
        }
        let vars: Vec<String> = self
            .p
            .d
            .connections
            .values()
            .filter(|c| &c.from == id && self.p.native.contains(&c.id) && env_conn_kind(self.p.kind(&c.to)) == Some(c.kind))
            .map(|c| format!("{} = {}", self.short(&c.to).to_uppercase(), self.env_value(&c.to)))
            .collect();
        if !vars.is_empty() {
            items.push(b("environment", vec![a("variables", format!("{{\n      {}\n    }}", vars.join("\n      ")))]));
        }
        self.res("aws_lambda_function", &short, items);
        for c in self.p.inc(id, &["sqs", "dynamodb", "kinesis"], ConnKind::Async) {
            let src = self.addr(&c.from);
            let arn = if self.p.kind(&c.from) == "dynamodb" { format!("{src}.stream_arn") } else { format!("{src}.arn") };
            let mut items = vec![a("event_source_arn", arn), a("function_name", format!("aws_lambda_function.{short}.arn"))];
            if self.p.kind(&c.from) != "sqs" {
                items.push(a("starting_position", q("LATEST")));
            }
            self.res("aws_lambda_event_source_mapping", &format!("{}_to_{short}", self.short(&c.from)), items);
        }
    }

    fn api(&mut self, id: &NodeId) {
        let short = self.short(id);
        let ty = self.text(id, "api_type");
        let targets: Vec<NodeId> = self.p.out(id, &["lambda"], ConnKind::Sync).iter().map(|c| c.to.clone()).collect();
        if ty == "rest" {
            let ep = self.text(id, "endpoint").to_uppercase();
            self.res("aws_api_gateway_rest_api", &short, vec![a("name", q(&short)), b("endpoint_configuration", vec![a("types", list(&[q(&ep)]))])]);
            let mut deps = Vec::new();
            for t in &targets {
                let tn = self.short(t);
                let f = self.addr(t);
                let r = format!("{short}_{tn}");
                self.res("aws_api_gateway_resource", &r, vec![a("rest_api_id", format!("aws_api_gateway_rest_api.{short}.id")), a("parent_id", format!("aws_api_gateway_rest_api.{short}.root_resource_id")), a("path_part", q(&tn))]);
                self.res("aws_api_gateway_method", &r, vec![a("rest_api_id", format!("aws_api_gateway_rest_api.{short}.id")), a("resource_id", format!("aws_api_gateway_resource.{r}.id")), a("http_method", q("ANY")), a("authorization", q(if self.text(id, "authorizer") == "iam" { "AWS_IAM" } else { "NONE" }))]);
                self.res(
                    "aws_api_gateway_integration",
                    &r,
                    vec![a("rest_api_id", format!("aws_api_gateway_rest_api.{short}.id")), a("resource_id", format!("aws_api_gateway_resource.{r}.id")), a("http_method", format!("aws_api_gateway_method.{r}.http_method")), a("type", q("AWS_PROXY")), a("integration_http_method", q("POST")), a("uri", format!("{f}.invoke_arn"))],
                );
                self.res("aws_lambda_permission", &r, vec![a("action", q("lambda:InvokeFunction")), a("function_name", format!("{f}.function_name")), a("principal", q("apigateway.amazonaws.com")), a("source_arn", format!("\"${{aws_api_gateway_rest_api.{short}.execution_arn}}/*\""))]);
                deps.push(format!("aws_api_gateway_integration.{r}"));
            }
            if deps.is_empty() {
                self.todo(&format!("aws_api_gateway_rest_api.{short}: no backend in the design"));
            } else {
                self.res("aws_api_gateway_deployment", &short, vec![a("rest_api_id", format!("aws_api_gateway_rest_api.{short}.id")), a("depends_on", list(&deps))]);
                self.res("aws_api_gateway_stage", &short, vec![a("rest_api_id", format!("aws_api_gateway_rest_api.{short}.id")), a("deployment_id", format!("aws_api_gateway_deployment.{short}.id")), a("stage_name", q("prod"))]);
            }
        } else {
            let ws = ty == "websocket";
            let mut items = vec![a("name", q(&short)), a("protocol_type", q(if ws { "WEBSOCKET" } else { "HTTP" }))];
            if ws {
                items.push(a("route_selection_expression", q("$request.body.action")));
            }
            self.res("aws_apigatewayv2_api", &short, items);
            for (i, t) in targets.iter().enumerate() {
                let tn = self.short(t);
                let f = self.addr(t);
                let r = format!("{short}_{tn}");
                let mut ii = vec![a("api_id", format!("aws_apigatewayv2_api.{short}.id")), a("integration_type", q("AWS_PROXY")), a("integration_uri", format!("{f}.invoke_arn"))];
                if !ws {
                    ii.push(a("payload_format_version", q("2.0")));
                }
                self.res("aws_apigatewayv2_integration", &r, ii);
                let key = if ws { if i == 0 { "$default".to_string() } else { tn.clone() } } else { format!("ANY /{tn}") };
                self.res("aws_apigatewayv2_route", &r, vec![a("api_id", format!("aws_apigatewayv2_api.{short}.id")), a("route_key", q(&key)), a("target", format!("\"integrations/${{aws_apigatewayv2_integration.{r}.id}}\""))]);
                self.res("aws_lambda_permission", &r, vec![a("action", q("lambda:InvokeFunction")), a("function_name", format!("{f}.function_name")), a("principal", q("apigateway.amazonaws.com")), a("source_arn", format!("\"${{aws_apigatewayv2_api.{short}.execution_arn}}/*\""))]);
            }
            self.res("aws_apigatewayv2_stage", &short, vec![a("api_id", format!("aws_apigatewayv2_api.{short}.id")), a("name", q(if ws { "prod" } else { "$default" })), a("auto_deploy", "true")]);
        }
    }

    // ------------------------------------------------------------------ data

    fn dynamodb(&mut self, id: &NodeId) {
        let short = self.short(id);
        let provisioned = self.text(id, "capacity_mode") == "provisioned";
        let mut items = vec![a("name", q(&short)), a("billing_mode", q(if provisioned { "PROVISIONED" } else { "PAY_PER_REQUEST" })), a("hash_key", q("id"))];
        if provisioned {
            items.push(a("read_capacity", num(self.num(id, "rcu"))));
            items.push(a("write_capacity", num(self.num(id, "wcu"))));
        }
        if self.flag(id, "streams") || !self.p.out(id, &["lambda"], ConnKind::Async).is_empty() {
            items.push(a("stream_enabled", "true"));
            items.push(a("stream_view_type", q("NEW_AND_OLD_IMAGES")));
        }
        items.push(b("attribute", vec![a("name", q("id")), a("type", q("S"))]));
        items.push(b("point_in_time_recovery", vec![a("enabled", self.flag(id, "pitr").to_string())]));
        self.todo(&format!("aws_dynamodb_table.{short}: the key schema (a string key \"id\" stands in)"));
        self.res("aws_dynamodb_table", &short, items);
    }

    fn bucket(&mut self, id: &NodeId) {
        let short = self.short(id);
        self.res("aws_s3_bucket", &short, vec![a("bucket_prefix", q(&format!("{}-", short.replace('_', "-"))))]);
        let repl = self.p.out(id, &["s3"], ConnKind::Replication);
        let versioned = self.flag(id, "versioning") || !repl.is_empty();
        self.res("aws_s3_bucket_versioning", &short, vec![a("bucket", format!("aws_s3_bucket.{short}.id")), b("versioning_configuration", vec![a("status", q(if versioned { "Enabled" } else { "Suspended" }))])]);
        let blocked = self.flag(id, "block_public_access").to_string();
        self.res(
            "aws_s3_bucket_public_access_block",
            &short,
            vec![a("bucket", format!("aws_s3_bucket.{short}.id")), a("block_public_acls", blocked.clone()), a("block_public_policy", blocked.clone()), a("ignore_public_acls", blocked.clone()), a("restrict_public_buckets", blocked)],
        );
        if self.flag(id, "lifecycle_rules") {
            self.res(
                "aws_s3_bucket_lifecycle_configuration",
                &short,
                vec![a("bucket", format!("aws_s3_bucket.{short}.id")), b("rule", vec![a("id", q("to-infrequent-access")), a("status", q("Enabled")), b("filter", vec![]), b("transition", vec![a("days", "30"), a("storage_class", q("STANDARD_IA"))])])],
            );
        }
        if self.flag(id, "website_hosting") {
            self.res("aws_s3_bucket_website_configuration", &short, vec![a("bucket", format!("aws_s3_bucket.{short}.id")), b("index_document", vec![a("suffix", q("index.html"))])]);
        }
        if !repl.is_empty() {
            let role = self.var("replication_role_arn", None, "IAM role S3 replication assumes (TODO)");
            let mut items = vec![a("bucket", format!("aws_s3_bucket.{short}.id")), a("role", role)];
            for (i, c) in repl.iter().enumerate() {
                items.push(b("rule", vec![a("id", q(&format!("to-{}", self.short(&c.to)))), a("status", q("Enabled")), a("priority", (i + 1).to_string()), b("filter", vec![]), b("delete_marker_replication", vec![a("status", q("Disabled"))]), b("destination", vec![a("bucket", format!("{}.arn", self.addr(&c.to)))])]));
            }
            items.push(a("depends_on", list(&[format!("aws_s3_bucket_versioning.{short}")])));
            self.res("aws_s3_bucket_replication_configuration", &short, items);
        }
        let mut notif = vec![a("bucket", format!("aws_s3_bucket.{short}.id"))];
        for (kind, block, field) in [("lambda", "lambda_function", "lambda_function_arn"), ("sqs", "queue", "queue_arn"), ("sns", "topic", "topic_arn")] {
            for c in self.p.out(id, &[kind], ConnKind::Async) {
                notif.push(b(block, vec![a(field, format!("{}.arn", self.addr(&c.to))), a("events", "[\"s3:ObjectCreated:*\"]")]));
            }
        }
        if notif.len() > 1 {
            self.todo(&format!("aws_s3_bucket_notification.{short}: the targets need a permission or policy for S3"));
            self.res("aws_s3_bucket_notification", &short, notif);
        }
    }

    fn cloudfront(&mut self, id: &NodeId) {
        let short = self.short(id);
        let origins: Vec<NodeId> = self.p.out(id, &["s3", "alb", "nlb", "api-gateway"], ConnKind::Sync).iter().map(|c| c.to.clone()).collect();
        let mut items = vec![a("enabled", "true"), a("http_version", q("http2"))];
        let mut oac = false;
        for t in &origins {
            let tn = self.short(t);
            let addr = self.addr(t);
            let block = match self.p.kind(t) {
                "s3" => {
                    oac = true;
                    vec![a("origin_id", q(&tn)), a("domain_name", format!("{addr}.bucket_regional_domain_name")), a("origin_access_control_id", format!("aws_cloudfront_origin_access_control.{short}.id"))]
                }
                "api-gateway" => vec![
                    a("origin_id", q(&tn)),
                    a("domain_name", format!("\"${{{addr}.id}}.execute-api.${{var.region}}.amazonaws.com\"")),
                    b("custom_origin_config", vec![a("http_port", "80"), a("https_port", "443"), a("origin_protocol_policy", q("https-only")), a("origin_ssl_protocols", "[\"TLSv1.2\"]")]),
                ],
                _ => vec![a("origin_id", q(&tn)), a("domain_name", format!("{addr}.dns_name")), b("custom_origin_config", vec![a("http_port", "80"), a("https_port", "443"), a("origin_protocol_policy", q("https-only")), a("origin_ssl_protocols", "[\"TLSv1.2\"]")])],
            };
            items.push(b("origin", block));
        }
        if origins.is_empty() {
            items.push(Item::Comment("TODO: no origin in the design; a placeholder origin stands in".into()));
            items.push(b("origin", vec![a("origin_id", q("placeholder")), a("domain_name", q("example.com")), b("custom_origin_config", vec![a("http_port", "80"), a("https_port", "443"), a("origin_protocol_policy", q("https-only")), a("origin_ssl_protocols", "[\"TLSv1.2\"]")])]));
        }
        if oac {
            self.res("aws_cloudfront_origin_access_control", &short, vec![a("name", q(&short)), a("origin_access_control_origin_type", q("s3")), a("signing_behavior", q("always")), a("signing_protocol", q("sigv4"))]);
        }
        let first = origins.first().map(|t| self.short(t)).unwrap_or_else(|| "placeholder".into());
        items.push(b(
            "default_cache_behavior",
            vec![a("target_origin_id", q(&first)), a("viewer_protocol_policy", q("redirect-to-https")), a("allowed_methods", "[\"GET\", \"HEAD\"]"), a("cached_methods", "[\"GET\", \"HEAD\"]"), a("cache_policy_id", q("658327ea-f89d-4fab-a63d-7e88639e58f6")), a("compress", self.flag(id, "compression").to_string())],
        ));
        for t in origins.iter().skip(1) {
            items.push(b(
                "ordered_cache_behavior",
                vec![a("path_pattern", q(&format!("/{}/*", self.short(t)))), a("target_origin_id", q(&self.short(t))), a("viewer_protocol_policy", q("redirect-to-https")), a("allowed_methods", "[\"GET\", \"HEAD\"]"), a("cached_methods", "[\"GET\", \"HEAD\"]"), a("cache_policy_id", q("4135ea2d-6df8-44a3-9df3-4b5a84be39ad"))],
            ));
        }
        let pc = match self.text(id, "price_class").as_str() {
            "100" => "PriceClass_100",
            "200" => "PriceClass_200",
            _ => "PriceClass_All",
        };
        items.push(a("price_class", q(pc)));
        items.push(b("restrictions", vec![b("geo_restriction", vec![a("restriction_type", q("none"))])]));
        match self.p.inc(id, &["acm"], ConnKind::Association).first() {
            Some(c) => {
                let domain = self.var("domain_name", Some("example.com".into()), "Domain the certificates and DNS records are for (TODO)");
                items.push(a("aliases", format!("[{domain}]")));
                items.push(b("viewer_certificate", vec![a("acm_certificate_arn", format!("{}.arn", self.addr(&c.from))), a("ssl_support_method", q("sni-only")), a("minimum_protocol_version", q("TLSv1.2_2021"))]));
            }
            None => items.push(b("viewer_certificate", vec![a("cloudfront_default_certificate", "true")])),
        }
        if let Some(w) = self.p.inc(id, &["waf"], ConnKind::Association).first() {
            items.push(a("web_acl_id", format!("{}.arn", self.addr(&w.from))));
        }
        self.res("aws_cloudfront_distribution", &short, items);
    }

    fn waf(&mut self, id: &NodeId) {
        let short = self.short(id);
        let targets = self.p.out(id, &["cloudfront", "alb", "api-gateway"], ConnKind::Association);
        let edge = targets.iter().any(|c| self.p.kind(&c.to) == "cloudfront");
        let vis = |m: &str| b("visibility_config", vec![a("cloudwatch_metrics_enabled", "true"), a("metric_name", q(m)), a("sampled_requests_enabled", "true")]);
        let mut items = vec![a("name", q(&short)), a("scope", q(if edge { "CLOUDFRONT" } else { "REGIONAL" })), b("default_action", vec![b("allow", vec![])])];
        if self.flag(id, "managed_rules") {
            items.push(b("rule", vec![a("name", q("AWSManagedRulesCommonRuleSet")), a("priority", "0"), b("override_action", vec![b("none", vec![])]), b("statement", vec![b("managed_rule_group_statement", vec![a("name", q("AWSManagedRulesCommonRuleSet")), a("vendor_name", q("AWS"))])]), vis("common")]));
        }
        if self.flag(id, "rate_limit") {
            items.push(b("rule", vec![a("name", q("RateLimit")), a("priority", "1"), b("action", vec![b("block", vec![])]), b("statement", vec![b("rate_based_statement", vec![a("limit", "2000"), a("aggregate_key_type", q("IP"))])]), vis("rate")]));
        }
        items.push(vis(&short));
        self.res("aws_wafv2_web_acl", &short, items);
        let regional: Vec<_> = targets.iter().filter(|c| self.p.kind(&c.to) != "cloudfront").copied().collect();
        for c in regional {
            let tn = self.short(&c.to);
            let addr = self.addr(&c.to);
            let arn = if self.p.kind(&c.to) == "alb" { format!("{addr}.arn") } else { format!("\"arn:aws:apigateway:${{var.region}}::/restapis/${{{addr}.id}}/stages/prod\"") };
            self.res("aws_wafv2_web_acl_association", &format!("{short}_{tn}"), vec![a("resource_arn", arn), a("web_acl_arn", format!("aws_wafv2_web_acl.{short}.arn"))]);
        }
    }

    fn queue(&mut self, id: &NodeId) {
        let short = self.short(id);
        let fifo = self.text(id, "queue_type") == "fifo";
        let mut items = vec![a("name_prefix", q(&format!("{}-", short.replace('_', "-")))), a("visibility_timeout_seconds", num(self.num(id, "visibility_timeout_s"))), a("message_retention_seconds", num(self.num(id, "retention_days") * 86_400.0))];
        if fifo {
            items.push(a("fifo_queue", "true"));
        }
        if self.flag(id, "dlq") {
            let mut d = vec![a("name_prefix", q(&format!("{}-dlq-", short.replace('_', "-")))), a("message_retention_seconds", "1209600")];
            if fifo {
                d.push(a("fifo_queue", "true"));
            }
            self.res("aws_sqs_queue", &format!("{short}_dlq"), d);
            items.push(a("redrive_policy", format!("jsonencode({{ deadLetterTargetArn = aws_sqs_queue.{short}_dlq.arn, maxReceiveCount = {} }})", num(self.num(id, "max_receive_count")))));
        }
        self.res("aws_sqs_queue", &short, items);
    }

    fn topic(&mut self, id: &NodeId) {
        let short = self.short(id);
        let mut items = vec![a("name_prefix", q(&format!("{}-", short.replace('_', "-"))))];
        if self.flag(id, "fifo") {
            items.push(a("fifo_topic", "true"));
        }
        self.res("aws_sns_topic", &short, items);
        for c in self.p.out(id, &["sqs", "lambda"], ConnKind::Async) {
            let proto = if self.p.kind(&c.to) == "sqs" { "sqs" } else { "lambda" };
            let tn = self.short(&c.to);
            self.res("aws_sns_topic_subscription", &format!("{short}_{tn}"), vec![a("topic_arn", format!("aws_sns_topic.{short}.arn")), a("protocol", q(proto)), a("endpoint", format!("{}.arn", self.addr(&c.to)))]);
        }
    }

    fn bus(&mut self, id: &NodeId) {
        let short = self.short(id);
        self.res("aws_cloudwatch_event_bus", &short, vec![a("name", q(&short))]);
        for c in self.p.out(id, &["lambda", "sqs", "sns", "step-functions", "kinesis"], ConnKind::Async) {
            let tn = self.short(&c.to);
            let r = format!("{short}_to_{tn}");
            self.todo(&format!("aws_cloudwatch_event_rule.{r}: the event pattern"));
            self.res("aws_cloudwatch_event_rule", &r, vec![a("event_bus_name", format!("aws_cloudwatch_event_bus.{short}.name")), a("event_pattern", "jsonencode({ source = [\"app\"] })")]);
            let mut t = vec![a("rule", format!("aws_cloudwatch_event_rule.{r}.name")), a("event_bus_name", format!("aws_cloudwatch_event_bus.{short}.name")), a("arn", format!("{}.arn", self.addr(&c.to)))];
            if matches!(self.p.kind(&c.to), "step-functions" | "kinesis") {
                let role = self.var("events_target_role_arn", None, "IAM role EventBridge assumes to start workflows or write to streams (TODO)");
                t.push(a("role_arn", role));
            }
            self.res("aws_cloudwatch_event_target", &r, t);
        }
    }

    fn route53(&mut self, id: &NodeId) {
        let short = self.short(id);
        let domain = self.var("domain_name", Some("example.com".into()), "Domain the certificates and DNS records are for (TODO)");
        self.res("aws_route53_zone", &short, vec![a("name", domain.clone())]);
        for c in self.p.out(id, &["alb", "nlb", "cloudfront"], ConnKind::Sync) {
            let tn = self.short(&c.to);
            let addr = self.addr(&c.to);
            let (name, zone) = if self.p.kind(&c.to) == "cloudfront" { (format!("{addr}.domain_name"), format!("{addr}.hosted_zone_id")) } else { (format!("{addr}.dns_name"), format!("{addr}.zone_id")) };
            self.res("aws_route53_record", &format!("{short}_{tn}"), vec![a("zone_id", format!("aws_route53_zone.{short}.zone_id")), a("name", domain.clone()), a("type", q("A")), b("alias", vec![a("name", name), a("zone_id", zone), a("evaluate_target_health", "true")])]);
        }
    }

    fn db_subnets(&self, id: &NodeId) -> Vec<&'d Node> {
        let Some(own) = self.p.d.enclosing(id, "subnet") else { return vec![] };
        let Some(vpc) = self.p.d.enclosing(id, "vpc") else { return vec![own] };
        let tier = self.p.d.text(own, "tier");
        let mut out = vec![own];
        let mut azs = vec![self.p.d.enclosing(&own.id, "az").map(|a| a.id.clone())];
        for (sn, _, t) in self.p.subnets(&vpc.id) {
            let az = self.p.d.enclosing(&sn.id, "az").map(|a| a.id.clone());
            if t == tier && sn.id != own.id && !azs.contains(&az) {
                azs.push(az);
                out.push(sn);
            }
        }
        out
    }

    fn rds(&mut self, id: &NodeId) {
        let short = self.short(id);
        let subnets = self.db_subnets(id);
        self.res("aws_db_subnet_group", &short, vec![a("name_prefix", q(&format!("{}-", short.replace('_', "-")))), a("subnet_ids", self.subnet_ids(&subnets))]);
        let user = self.var("db_master_username", Some("dbadmin".into()), "Master user name of the databases");
        let mut items = vec![
            a("identifier_prefix", q(&format!("{}-", short.replace('_', "-")))),
            a("engine", q(&self.text(id, "engine"))),
            a("instance_class", q(&self.text(id, "instance_class"))),
            a("allocated_storage", num(self.num(id, "storage_gb"))),
            a("storage_type", q(&self.text(id, "storage_type"))),
            a("multi_az", self.flag(id, "multi_az").to_string()),
            a("storage_encrypted", self.flag(id, "encrypted").to_string()),
            a("backup_retention_period", num(self.num(id, "backup_retention_days"))),
            a("deletion_protection", self.flag(id, "deletion_protection").to_string()),
            a("username", user),
            a("manage_master_user_password", "true"),
            a("db_subnet_group_name", format!("aws_db_subnet_group.{short}.name")),
            a("skip_final_snapshot", "false"),
        ];
        if self.p.sg.contains(id) {
            items.push(a("vpc_security_group_ids", list(&[self.sg(id)])));
        }
        items.extend(self.tls_parameter_group(id, &short, "aws_db_parameter_group", "parameter_group_name"));
        self.res("aws_db_instance", &short, items);
        for i in 0..self.num(id, "read_replicas") as usize {
            self.res("aws_db_instance", &format!("{short}_replica_{}", i + 1), vec![a("replicate_source_db", format!("aws_db_instance.{short}.identifier")), a("instance_class", q(&self.text(id, "instance_class"))), a("skip_final_snapshot", "true")]);
        }
    }

    /// Require TLS: a parameter group (as in the CloudFormation export) and the attributes
    /// that attach it.
    fn tls_parameter_group(&mut self, id: &NodeId, short: &str, ty: &str, key: &str) -> Vec<Item> {
        if !self.flag(id, "require_tls") {
            return vec![];
        }
        let engine = self.text(id, "engine");
        let Some(t) = kinds::tls_parameter(&engine) else {
            self.todo(&format!("{short}: require TLS for {engine} (an option group or listener setting; no parameter group switch)"));
            return vec![];
        };
        let group = format!("{short}_tls");
        self.res(ty, &group, vec![a("name_prefix", q(&format!("{}-tls-", short.replace('_', "-")))), a("family", q(t.family)), b("parameter", vec![a("name", q(t.name)), a("value", q(t.value))])]);
        self.todo(&format!("{short}: engine_version {} is pinned to the parameter group's family {}; change both together", t.engine_version, t.family));
        vec![a(key, format!("{ty}.{group}.name")), a("engine_version", q(t.engine_version))]
    }

    fn aurora(&mut self, id: &NodeId) {
        let short = self.short(id);
        let subnets = self.db_subnets(id);
        self.res("aws_db_subnet_group", &short, vec![a("name_prefix", q(&format!("{}-", short.replace('_', "-")))), a("subnet_ids", self.subnet_ids(&subnets))]);
        let user = self.var("db_master_username", Some("dbadmin".into()), "Master user name of the databases");
        let engine = self.text(id, "engine");
        let mut items = vec![
            a("cluster_identifier_prefix", q(&format!("{}-", short.replace('_', "-")))),
            a("engine", q(&engine)),
            a("master_username", user),
            a("manage_master_user_password", "true"),
            a("db_subnet_group_name", format!("aws_db_subnet_group.{short}.name")),
            a("backup_retention_period", num(self.num(id, "backup_retention_days"))),
            a("storage_encrypted", "true"),
        ];
        if self.p.sg.contains(id) {
            items.push(a("vpc_security_group_ids", list(&[self.sg(id)])));
        }
        items.extend(self.tls_parameter_group(id, &short, "aws_rds_cluster_parameter_group", "db_cluster_parameter_group_name"));
        let serverless = self.flag(id, "serverless_v2");
        if serverless {
            items.push(b("serverlessv2_scaling_configuration", vec![a("min_capacity", num(self.num(id, "min_acu"))), a("max_capacity", num(self.num(id, "max_acu")))]));
        }
        self.res("aws_rds_cluster", &short, items);
        let class = if serverless { "db.serverless".to_string() } else { self.text(id, "instance_class") };
        for i in 0..(self.num(id, "instances").max(1.0) as usize) {
            self.res("aws_rds_cluster_instance", &format!("{short}_{}", i + 1), vec![a("cluster_identifier", format!("aws_rds_cluster.{short}.id")), a("engine", q(&engine)), a("instance_class", q(&class))]);
        }
    }

    fn elasticache(&mut self, id: &NodeId) {
        let short = self.short(id);
        let subnets = self.db_subnets(id);
        self.res("aws_elasticache_subnet_group", &short, vec![a("name", q(&short.replace('_', "-"))), a("subnet_ids", self.subnet_ids(&subnets))]);
        let engine = self.text(id, "engine");
        let nodes = self.num(id, "nodes").max(1.0);
        let sg = if self.p.sg.contains(id) { Some(a("security_group_ids", list(&[self.sg(id)]))) } else { None };
        if engine == "memcached" {
            let mut items = vec![a("cluster_id", q(&short.replace('_', "-"))), a("engine", q("memcached")), a("node_type", q(&self.text(id, "node_type"))), a("num_cache_nodes", num(nodes)), a("subnet_group_name", format!("aws_elasticache_subnet_group.{short}.name"))];
            items.extend(sg);
            self.res("aws_elasticache_cluster", &short, items);
            return;
        }
        let failover = self.flag(id, "multi_az") && nodes >= 2.0;
        let mut items = vec![
            a("replication_group_id", q(&short.replace('_', "-"))),
            a("description", q(&self.node_ref(id).label)),
            a("engine", q(&engine)),
            a("node_type", q(&self.text(id, "node_type"))),
            a("num_cache_clusters", num(nodes)),
            a("automatic_failover_enabled", failover.to_string()),
            a("multi_az_enabled", failover.to_string()),
            a("transit_encryption_enabled", self.flag(id, "encryption_in_transit").to_string()),
            a("at_rest_encryption_enabled", "true"),
            a("subnet_group_name", format!("aws_elasticache_subnet_group.{short}.name")),
        ];
        items.extend(sg);
        self.res("aws_elasticache_replication_group", &short, items);
    }
}
