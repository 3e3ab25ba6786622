//! The design as a CloudFormation template (YAML): a starting point, not a finished stack.
//!
//! Every component the catalog can express becomes its resources (a VPC its subnets, route
//! tables and routes; an ALB its listener and target groups; an ECS service its task
//! definition and security group), connections become what the code says (target groups,
//! security-group rules, environment variables, integrations, origins, subscriptions, event
//! source mappings), and what the design does not know is a parameter (CIDRs, AMIs, image
//! URIs, code location, domain names). Comments say what must still be decided. The design's
//! own facts that have no CloudFormation form (Internet users, CloudWatch associations) are
//! kept under `Metadata: Cloudwright`, which the importer reads back.

use super::plan::{env_conn_kind, Plan, Route};
use super::yaml::{att, comment, map, r, s, sub, write, Y};
use crate::iac::kinds;
use crate::model::{ConnKind, Design, Node, NodeId};

struct W<'d> {
    p: Plan<'d>,
    params: Vec<(String, Y)>,
    res: Vec<(String, Y)>,
}

/// The design as a CloudFormation YAML template.
pub fn export(d: &Design) -> String {
    let mut w = W { p: Plan::new(d), params: Vec::new(), res: Vec::new() };
    let ids: Vec<NodeId> = d.nodes.keys().cloned().collect();
    for id in &ids {
        if w.p.resources.contains(id) {
            w.node(id);
        }
    }
    w.security_group_rules();
    let meta = w.p.metadata();
    let mut top = vec![
        comment(format!("{} — exported by Cloudwright as a starting point.\nReview every TODO before deploying: names, sizes, IAM and networking details are\nassumptions the design does not decide. Metadata.Cloudwright keeps the design facts\nCloudFormation has no form for, so importing this file gives back the same diagram.", d.name)),
        ("AWSTemplateFormatVersion".to_string(), s("2010-09-09")),
        ("Description".to_string(), s(format!("{} (exported by Cloudwright)", d.name).chars().take(1000).collect::<String>())),
        ("Metadata".to_string(), map(vec![("Cloudwright", json_to_y(&meta))])),
    ];
    if !w.params.is_empty() {
        top.push(("Parameters".into(), Y::Map(w.params)));
    }
    top.push(("Resources".into(), Y::Map(w.res)));
    write(&Y::Map(top))
}

fn json_to_y(v: &serde_json::Value) -> Y {
    use serde_json::Value as J;
    match v {
        J::Null => s(""),
        J::Bool(b) => Y::Bool(*b),
        J::Number(n) => Y::Num(n.as_f64().unwrap_or(0.0)),
        J::String(t) => s(t.clone()),
        J::Array(a) => Y::List(a.iter().map(json_to_y).collect()),
        J::Object(o) => Y::Map(o.iter().map(|(k, v)| (k.clone(), json_to_y(v))).collect()),
    }
}

fn num(n: f64) -> Y {
    Y::Num(n)
}
fn list(v: Vec<Y>) -> Y {
    Y::List(v)
}
fn tags(label: &str) -> Y {
    list(vec![map(vec![("Key", s("Name")), ("Value", s(label))])])
}

impl<'d> W<'d> {
    fn n(&self, id: &NodeId) -> String {
        self.p.name(id).to_string()
    }
    fn add(&mut self, name: String, ty: &str, props: Vec<(&str, Y)>) {
        self.add_with(name, ty, props, vec![]);
    }
    fn add_with(&mut self, name: String, ty: &str, props: Vec<(&str, Y)>, extra: Vec<(&str, Y)>) {
        let mut m = vec![("Type".to_string(), s(ty))];
        for (k, v) in extra {
            m.push((k.to_string(), v));
        }
        if !props.is_empty() {
            m.push(("Properties".to_string(), map(props)));
        }
        self.res.push((name, Y::Map(m)));
    }
    fn todo(&mut self, text: impl Into<String>) {
        self.res.push(comment(format!("TODO: {}", text.into())));
    }
    fn param(&mut self, name: &str, ty: &str, default: Option<String>, desc: &str) -> Y {
        if !self.params.iter().any(|(k, _)| k == name) {
            let mut m = vec![("Type", s(ty)), ("Description", s(desc))];
            if let Some(d) = default {
                m.push(("Default", s(d)));
            }
            self.params.push((name.to_string(), map(m)));
        }
        r(name)
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
    fn sg_list(&self, id: &NodeId) -> Y {
        list(vec![r(&format!("{}SecurityGroup", self.n(id)))])
    }
    fn subnet_refs(&self, subnets: &[&Node]) -> Y {
        list(subnets.iter().map(|s| r(self.p.name(&s.id))).collect())
    }

    fn node(&mut self, id: &NodeId) {
        let kind = self.p.kind(id);
        if self.p.sg.contains(id) {
            if let Some(vpc) = self.vpc_of(id) {
                let name = format!("{}SecurityGroup", self.n(id));
                let label = self.node_ref(id).label.clone();
                self.add(name, "AWS::EC2::SecurityGroup", vec![("GroupDescription", s(format!("{label} ({kind})"))), ("VpcId", r(&self.n(&vpc)))]);
            }
        }
        match kind {
            "vpc" => self.vpc(id),
            "subnet" => self.subnet(id),
            "internet-gateway" => self.igw(id),
            "nat-gateway" => self.nat(id),
            "vpc-endpoint-gateway" | "vpc-endpoint-interface" => self.endpoint(id),
            "alb" | "nlb" => self.load_balancer(id),
            "asg" => self.asg(id),
            "ec2" => self.ec2(id),
            "ecs-cluster" => {
                let ci = if self.flag(id, "container_insights") { "enabled" } else { "disabled" };
                self.add(self.n(id), "AWS::ECS::Cluster", vec![("ClusterSettings", list(vec![map(vec![("Name", s("containerInsights")), ("Value", s(ci))])]))]);
            }
            "ecs-service" => self.ecs_service(id),
            "eks-cluster" => self.eks_cluster(id),
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
                let role = self.param("StateMachineRoleArn", "String", None, "IAM role Step Functions assumes (TODO: create it with the permissions the workflow needs)");
                let ty = if self.text(id, "workflow") == "express" { "EXPRESS" } else { "STANDARD" };
                let def = map(vec![("StartAt", s("Start")), ("States", map(vec![("Start", map(vec![("Type", s("Pass")), ("End", Y::Bool(true))]))]))]);
                self.todo(format!("{}: replace the placeholder workflow definition", self.n(id)));
                self.add(self.n(id), "AWS::StepFunctions::StateMachine", vec![("StateMachineType", s(ty)), ("RoleArn", role), ("Definition", def)]);
            }
            "kinesis" => {
                let props = if self.text(id, "mode") == "provisioned" {
                    vec![("ShardCount", num(self.num(id, "shards"))), ("RetentionPeriodHours", num(self.num(id, "retention_hours")))]
                } else {
                    vec![("StreamModeDetails", map(vec![("StreamMode", s("ON_DEMAND"))])), ("RetentionPeriodHours", num(self.num(id, "retention_hours")))]
                };
                self.add(self.n(id), "AWS::Kinesis::Stream", props);
            }
            "cognito" => {
                let mfa = match self.text(id, "mfa").as_str() {
                    "required" => "ON",
                    "optional" => "OPTIONAL",
                    _ => "OFF",
                };
                let mut props = vec![("UserPoolName", sub(format!("${{AWS::StackName}}-{}", self.n(id).to_lowercase()))), ("MfaConfiguration", s(mfa))];
                if mfa != "OFF" {
                    props.push(("EnabledMfas", list(vec![s("SOFTWARE_TOKEN_MFA")])));
                }
                self.add(self.n(id), "AWS::Cognito::UserPool", props);
            }
            "secrets-manager" => self.add(self.n(id), "AWS::SecretsManager::Secret", vec![("Description", s(self.node_ref(id).label.clone())), ("GenerateSecretString", map(vec![("PasswordLength", num(32.0))]))]),
            "kms" => {
                let policy = map(vec![
                    ("Version", s("2012-10-17")),
                    ("Statement", list(vec![map(vec![("Sid", s("AccountAdmin")), ("Effect", s("Allow")), ("Principal", map(vec![("AWS", sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root"))])), ("Action", s("kms:*")), ("Resource", s("*"))])])),
                ]);
                self.add(self.n(id), "AWS::KMS::Key", vec![("EnableKeyRotation", Y::Bool(self.flag(id, "rotation"))), ("KeyPolicy", policy)]);
            }
            "acm" => {
                let domain = self.param("DomainName", "String", Some("example.com".into()), "Domain the certificates and DNS records are for (TODO)");
                self.add(self.n(id), "AWS::CertificateManager::Certificate", vec![("DomainName", domain), ("ValidationMethod", s("DNS"))]);
            }
            "route53" => self.route53(id),
            "ecr" => self.add(
                self.n(id),
                "AWS::ECR::Repository",
                vec![
                    ("ImageScanningConfiguration", map(vec![("ScanOnPush", Y::Bool(self.flag(id, "scan_on_push")))])),
                    ("ImageTagMutability", s(if self.flag(id, "immutable_tags") { "IMMUTABLE" } else { "MUTABLE" })),
                ],
            ),
            "rds" => self.rds(id),
            "aurora" => self.aurora(id),
            "elasticache" => self.elasticache(id),
            "efs" => self.efs(id),
            "vpc-link" => {
                let subnets = self.p.spread(id, &["private", "isolated", "public"], 2);
                let refs = self.subnet_refs(&subnets);
                self.add(self.n(id), "AWS::ApiGatewayV2::VpcLink", vec![("Name", s(self.n(id))), ("SubnetIds", refs)]);
            }
            "transit-gateway" => self.add(self.n(id), "AWS::EC2::TransitGateway", vec![("Description", s(self.node_ref(id).label.clone()))]),
            _ => {}
        }
    }

    // ------------------------------------------------------------------ network

    fn vpc(&mut self, id: &NodeId) {
        let name = self.n(id);
        let cidr = self.text(id, "cidr");
        let p = self.param(&format!("{name}Cidr"), "String", Some(cidr), "CIDR block of the VPC");
        self.add(name.clone(), "AWS::EC2::VPC", vec![("CidrBlock", p), ("EnableDnsSupport", Y::Bool(true)), ("EnableDnsHostnames", Y::Bool(true)), ("Tags", tags(&self.node_ref(id).label))]);
        // Route tables: one public, one private per AZ (its NAT), one isolated.
        let igw = self.p.d.nodes.values().find(|n| n.kind == "internet-gateway" && n.parent.as_ref() == Some(id)).map(|n| self.n(&n.id));
        let mut tables: Vec<String> = Vec::new();
        for sr in self.p.routes(id) {
            let (sn, az, tier) = (sr.subnet, &sr.az, &sr.tier);
            let rt = match sr.route {
                Route::Igw => format!("{name}PublicRouteTable"),
                Route::Nat => format!("{name}PrivateRouteTable{}", az.to_uppercase()),
                Route::None => format!("{name}IsolatedRouteTable"),
            };
            let key = if sr.route == Route::Igw { "GatewayId" } else { "NatGatewayId" };
            let route = sr.target.map(|g| (key, r(&self.n(&g.id))));
            if !tables.contains(&rt) {
                tables.push(rt.clone());
                self.add(rt.clone(), "AWS::EC2::RouteTable", vec![("VpcId", r(&name))]);
                match route {
                    Some((k, target)) => {
                        let mut extra = vec![];
                        if k == "GatewayId" {
                            extra.push(("DependsOn", s(format!("{}Attachment", igw.clone().unwrap_or_default()))));
                        }
                        self.add_with(format!("{rt}DefaultRoute"), "AWS::EC2::Route", vec![("RouteTableId", r(&rt)), ("DestinationCidrBlock", s("0.0.0.0/0")), (k, target)], extra);
                    }
                    None => {
                        if let Some(gateway) = sr.missing() {
                            self.todo(format!("{rt}: the design routes {tier} subnets out through a {gateway}, but has none in this VPC"));
                        }
                    }
                }
            }
            let sname = self.p.name(&sn.id).to_string();
            self.add(format!("{sname}RouteTableAssociation"), "AWS::EC2::SubnetRouteTableAssociation", vec![("SubnetId", r(&sname)), ("RouteTableId", r(&rt))]);
        }
    }

    fn subnet(&mut self, id: &NodeId) {
        let Some(vpc) = self.vpc_of(id) else { return };
        let name = self.n(id);
        let zone = self.p.d.enclosing(id, "az").map(|a| self.p.d.text(a, "zone")).unwrap_or_else(|| "a".into());
        let idx = (zone.chars().next().unwrap_or('a') as u8).saturating_sub(b'a') as f64;
        let region = self.p.d.region_of(id);
        let azs_of = if region == self.p.d.region { s("") } else { s(region) };
        let cidr = self.text(id, "cidr");
        let p = self.param(&format!("{name}Cidr"), "String", Some(cidr), "CIDR block of the subnet");
        let mut props = vec![("VpcId", r(&self.n(&vpc))), ("CidrBlock", p), ("AvailabilityZone", Y::Tag("Select", Box::new(list(vec![num(idx), Y::Tag("GetAZs", Box::new(azs_of))]))))];
        if self.text(id, "tier") == "public" {
            props.push(("MapPublicIpOnLaunch", Y::Bool(true)));
        }
        props.push(("Tags", tags(&self.node_ref(id).label)));
        self.add(name, "AWS::EC2::Subnet", props);
    }

    fn igw(&mut self, id: &NodeId) {
        let name = self.n(id);
        self.add(name.clone(), "AWS::EC2::InternetGateway", vec![]);
        if let Some(vpc) = self.vpc_of(id) {
            self.add(format!("{name}Attachment"), "AWS::EC2::VPCGatewayAttachment", vec![("VpcId", r(&self.n(&vpc))), ("InternetGatewayId", r(&name))]);
        }
    }

    fn nat(&mut self, id: &NodeId) {
        let name = self.n(id);
        let Some(subnet) = self.p.d.enclosing(id, "subnet").map(|s| s.id.clone()) else { return };
        if self.text(id, "connectivity") == "private" {
            self.add(name, "AWS::EC2::NatGateway", vec![("SubnetId", r(&self.n(&subnet))), ("ConnectivityType", s("private"))]);
        } else {
            self.add(format!("{name}Eip"), "AWS::EC2::EIP", vec![("Domain", s("vpc"))]);
            self.add(name.clone(), "AWS::EC2::NatGateway", vec![("SubnetId", r(&self.n(&subnet))), ("AllocationId", att(&format!("{name}Eip"), "AllocationId"))]);
        }
    }

    fn endpoint(&mut self, id: &NodeId) {
        let Some(vpc) = self.vpc_of(id) else { return };
        let name = self.n(id);
        let svc = kinds::endpoint_service_name(&self.text(id, "service"));
        let service = sub(format!("com.amazonaws.${{AWS::Region}}.{svc}"));
        if self.p.kind(id) == "vpc-endpoint-gateway" {
            let vname = self.n(&vpc);
            let tables: Vec<Y> = self.res.iter().filter(|(k, v)| k.starts_with(&format!("{vname}")) && k.contains("RouteTable") && !k.ends_with("DefaultRoute") && !k.ends_with("Association") && matches!(v, Y::Map(m) if m.iter().any(|(kk, vv)| kk == "Type" && *vv == s("AWS::EC2::RouteTable")))).filter(|(k, _)| !k.contains("Public")).map(|(k, _)| r(k)).collect();
            let mut props = vec![("VpcId", r(&vname)), ("VpcEndpointType", s("Gateway")), ("ServiceName", service)];
            if !tables.is_empty() {
                props.push(("RouteTableIds", list(tables)));
            }
            self.add(name, "AWS::EC2::VPCEndpoint", props);
        } else {
            let subnets = self.p.spread(id, &["private", "isolated", "public"], self.p.az_count(id));
            let refs = self.subnet_refs(&subnets);
            if self.text(id, "service") == "other" {
                self.todo(format!("{name}: choose the AWS service of this interface endpoint (execute-api is a placeholder)"));
            }
            self.add(name.clone(), "AWS::EC2::VPCEndpoint", vec![("VpcId", r(&self.n(&vpc))), ("VpcEndpointType", s("Interface")), ("ServiceName", service), ("PrivateDnsEnabled", Y::Bool(true)), ("SubnetIds", refs), ("SecurityGroupIds", self.sg_list(id))]);
        }
    }

    /// Security-group rules: the code's form of "X calls Y" inside a VPC, plus the design's
    /// CIDR ingress rules.
    fn security_group_rules(&mut self) {
        let mut i = 0;
        let conns: Vec<_> = self.p.d.connections.values().filter(|c| c.kind == ConnKind::Sync && self.p.sg.contains(&c.from) && self.p.sg.contains(&c.to) && self.p.native.contains(&c.id)).cloned().collect();
        for c in conns {
            i += 1;
            let port = c.port.or_else(|| crate::catalog::kind(self.p.kind(&c.to)).map(|k| k.port)).filter(|p| *p > 0).unwrap_or(443);
            let (from, to) = (self.n(&c.from), self.n(&c.to));
            self.add(
                format!("{to}IngressFrom{from}"),
                "AWS::EC2::SecurityGroupIngress",
                vec![("GroupId", att(&format!("{to}SecurityGroup"), "GroupId")), ("SourceSecurityGroupId", att(&format!("{from}SecurityGroup"), "GroupId")), ("IpProtocol", s("tcp")), ("FromPort", num(port as f64)), ("ToPort", num(port as f64)), ("Description", s(format!("{from} calls {to}")))],
            );
        }
        let ids: Vec<NodeId> = self.p.sg.iter().cloned().collect();
        for id in ids {
            for (k, g) in self.node_ref(&id).ingress.clone().iter().enumerate() {
                let name = self.n(&id);
                let mut props = vec![("GroupId", att(&format!("{name}SecurityGroup"), "GroupId")), ("CidrIp", s(g.cidr.clone()))];
                if g.port == 0 {
                    props.push(("IpProtocol", s("-1")));
                } else {
                    props.extend([("IpProtocol", s("tcp")), ("FromPort", num(g.port as f64)), ("ToPort", num(g.port as f64))]);
                }
                self.add(format!("{name}Ingress{}", k + 1), "AWS::EC2::SecurityGroupIngress", props);
            }
        }
        let _ = i;
    }

    // ------------------------------------------------------------------ compute

    fn ami(&mut self) -> Y {
        self.param("LatestAmiId", "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Some("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64".into()), "AMI for instances (TODO: your own image, arm64 for Graviton types)")
    }

    fn load_balancer(&mut self, id: &NodeId) {
        let name = self.n(id);
        let alb = self.p.kind(id) == "alb";
        let public = self.flag(id, "internet_facing");
        let tiers: &[&str] = if public { &["public", "private", "isolated"] } else { &["private", "isolated", "public"] };
        let subnets = self.p.spread(id, tiers, self.p.az_count(id));
        let refs = self.subnet_refs(&subnets);
        let mut props = vec![("Type", s(if alb { "application" } else { "network" })), ("Scheme", s(if public { "internet-facing" } else { "internal" })), ("Subnets", refs), ("SecurityGroups", self.sg_list(id))];
        if subnets.len() < 2 {
            self.todo(format!("{name}: a load balancer needs subnets in at least two AZs"));
        }
        if alb && self.flag(id, "access_logs") {
            self.todo(format!("{name}: access logs need a bucket (LoadBalancerAttributes access_logs.s3.bucket)"));
        }
        let _ = &mut props;
        self.add(name.clone(), "AWS::ElasticLoadBalancingV2::LoadBalancer", props);
        // Target groups, one per target.
        let targets = self.p.out(id, &["asg", "ecs-service", "ec2", "lambda"], ConnKind::Sync);
        let mut tgs = Vec::new();
        for c in &targets {
            let t = c.to.clone();
            let tk = self.p.kind(&t);
            let tg = format!("{name}To{}TargetGroup", self.n(&t));
            let port = c.port.or_else(|| crate::catalog::kind(tk).map(|k| k.port)).filter(|p| *p > 0).unwrap_or(80);
            let mut props = match tk {
                "lambda" => vec![("TargetType", s("lambda")), ("Targets", list(vec![map(vec![("Id", att(&self.n(&t), "Arn"))])]))],
                _ => {
                    let vpc = self.vpc_of(id).map(|v| self.n(&v)).unwrap_or_default();
                    let mut p = vec![("Port", num(port as f64)), ("Protocol", s(if alb { "HTTP" } else { "TCP" })), ("VpcId", r(&vpc)), ("TargetType", s(if tk == "ecs-service" { "ip" } else { "instance" }))];
                    if tk == "ec2" {
                        p.push(("Targets", list(vec![map(vec![("Id", r(&self.n(&t)))])])));
                    }
                    p
                }
            };
            if tk == "lambda" {
                self.add(format!("{tg}Permission"), "AWS::Lambda::Permission", vec![("Action", s("lambda:InvokeFunction")), ("FunctionName", att(&self.n(&t), "Arn")), ("Principal", s("elasticloadbalancing.amazonaws.com"))]);
            }
            let _ = &mut props;
            self.add(tg.clone(), "AWS::ElasticLoadBalancingV2::TargetGroup", props);
            tgs.push(tg);
        }
        // Listeners: HTTPS when a certificate is attached, HTTP otherwise.
        let cert = self.p.inc(id, &["acm"], ConnKind::Association).first().map(|c| self.n(&c.from));
        let (proto, port) = match (&cert, alb) {
            (Some(_), true) => ("HTTPS", 443.0),
            (Some(_), false) => ("TLS", 443.0),
            (None, true) => ("HTTP", 80.0),
            (None, false) => ("TCP", 80.0),
        };
        let default_action = match tgs.first() {
            Some(tg) => map(vec![("Type", s("forward")), ("TargetGroupArn", r(tg))]),
            None if alb => map(vec![("Type", s("fixed-response")), ("FixedResponseConfig", map(vec![("StatusCode", s("404"))]))]),
            None => {
                self.todo(format!("{name}: no target in the design; add a target group"));
                return;
            }
        };
        let listener = format!("{name}Listener");
        let mut lprops = vec![("LoadBalancerArn", r(&name)), ("Port", num(port)), ("Protocol", s(proto)), ("DefaultActions", list(vec![default_action]))];
        if let Some(c) = &cert {
            lprops.push(("Certificates", list(vec![map(vec![("CertificateArn", r(c))])])));
        }
        self.add(listener.clone(), "AWS::ElasticLoadBalancingV2::Listener", lprops);
        if cert.is_some() && alb && self.flag(id, "https_redirect") {
            self.add(
                format!("{name}HttpRedirect"),
                "AWS::ElasticLoadBalancingV2::Listener",
                vec![("LoadBalancerArn", r(&name)), ("Port", num(80.0)), ("Protocol", s("HTTP")), ("DefaultActions", list(vec![map(vec![("Type", s("redirect")), ("RedirectConfig", map(vec![("Protocol", s("HTTPS")), ("Port", s("443")), ("StatusCode", s("HTTP_301"))]))])]))],
            );
        }
        for (i, tg) in tgs.iter().enumerate().skip(1) {
            if alb {
                self.todo(format!("{tg}: the path pattern that sends traffic to this target"));
                self.add(
                    format!("{tg}Rule"),
                    "AWS::ElasticLoadBalancingV2::ListenerRule",
                    vec![("ListenerArn", r(&listener)), ("Priority", num(i as f64)), ("Conditions", list(vec![map(vec![("Field", s("path-pattern")), ("Values", list(vec![s(format!("/{}/*", i))]))])])), ("Actions", list(vec![map(vec![("Type", s("forward")), ("TargetGroupArn", r(tg))])]))],
                );
            } else {
                self.add(format!("{tg}Listener"), "AWS::ElasticLoadBalancingV2::Listener", vec![("LoadBalancerArn", r(&name)), ("Port", num(8000.0 + i as f64)), ("Protocol", s("TCP")), ("DefaultActions", list(vec![map(vec![("Type", s("forward")), ("TargetGroupArn", r(tg))])]))]);
            }
        }
    }

    /// Target groups of load balancers that send to `id`.
    fn target_groups_of(&self, id: &NodeId) -> Vec<String> {
        self.p.inc(id, &["alb", "nlb"], ConnKind::Sync).iter().map(|c| format!("{}To{}TargetGroup", self.n(&c.from), self.n(id))).collect()
    }

    fn asg(&mut self, id: &NodeId) {
        let name = self.n(id);
        let ami = self.ami();
        // The first type named, as priced; none named exports the bill's stand-in type, and
        // says so (a TODO above the launch template).
        let types: Vec<String> = self.p.d.instance_types(self.node_ref(id)).into_iter().map(str::to_string).collect();
        if types.is_empty() {
            self.todo(format!("{name}LaunchTemplate: {}", super::plan::stand_in_todo()));
        }
        let mut data = vec![("ImageId", ami), ("InstanceType", s(types.first().map(String::as_str).unwrap_or(crate::catalog::EC2_STAND_IN_TYPE)))];
        if self.p.sg.contains(id) {
            data.push(("SecurityGroupIds", self.sg_list(id)));
        }
        data.push(("BlockDeviceMappings", list(vec![map(vec![("DeviceName", s("/dev/xvda")), ("Ebs", map(vec![("VolumeSize", num(self.num(id, "ebs_gb"))), ("VolumeType", s(self.text(id, "ebs_type")))]))])])));
        self.add(format!("{name}LaunchTemplate"), "AWS::EC2::LaunchTemplate", vec![("LaunchTemplateData", map(data))]);
        let subnets = self.p.spread(id, &["private", "public", "isolated"], self.p.az_count(id));
        let mut props = vec![
            ("MinSize", s(format!("{}", self.num(id, "min")))),
            ("MaxSize", s(format!("{}", self.num(id, "max")))),
            ("DesiredCapacity", s(format!("{}", self.num(id, "desired")))),
            ("VPCZoneIdentifier", self.subnet_refs(&subnets)),
            ("HealthCheckType", s(self.text(id, "health_check_type").to_uppercase())),
            ("HealthCheckGracePeriod", num(self.num(id, "health_check_grace_s"))),
        ];
        let spec = map(vec![("LaunchTemplateId", r(&format!("{name}LaunchTemplate"))), ("Version", att(&format!("{name}LaunchTemplate"), "LatestVersionNumber"))]);
        // Spot or several instance types: a mixed instances policy (the launch template's type
        // is then only the first choice); else the plain launch template.
        let spot = self.num(id, "spot_pct");
        if spot > 0.0 || types.len() > 1 {
            let overrides = list(types.iter().map(|t| map(vec![("InstanceType", s(t.clone()))])).collect());
            props.push((
                "MixedInstancesPolicy",
                map(vec![
                    ("LaunchTemplate", map(vec![("LaunchTemplateSpecification", spec), ("Overrides", overrides)])),
                    (
                        "InstancesDistribution",
                        map(vec![("OnDemandBaseCapacity", num(self.num(id, "on_demand_base"))), ("OnDemandPercentageAboveBaseCapacity", num(100.0 - spot)), ("SpotAllocationStrategy", s("price-capacity-optimized"))]),
                    ),
                ]),
            ));
        } else {
            props.push(("LaunchTemplate", spec));
        }
        let tgs = self.target_groups_of(id);
        if !tgs.is_empty() {
            props.push(("TargetGroupARNs", list(tgs.iter().map(|t| r(t)).collect())));
        }
        self.add(name, "AWS::AutoScaling::AutoScalingGroup", props);
    }

    fn ec2(&mut self, id: &NodeId) {
        let name = self.n(id);
        let ami = self.ami();
        let Some(subnet) = self.p.d.enclosing(id, "subnet").map(|s| s.id.clone()) else { return };
        let mut props = vec![("ImageId", ami), ("InstanceType", s(self.text(id, "instance_type"))), ("SubnetId", r(&self.n(&subnet)))];
        if self.p.sg.contains(id) {
            props.push(("SecurityGroupIds", self.sg_list(id)));
        }
        props.push(("Tags", tags(&self.node_ref(id).label)));
        self.add(name, "AWS::EC2::Instance", props);
    }

    fn ecs_service(&mut self, id: &NodeId) {
        let name = self.n(id);
        let image = self.param(&format!("{name}Image"), "String", None, "Container image URI of this service (TODO)");
        let cpu = (self.num(id, "cpu_vcpu") * 1024.0).round();
        let mem = (self.num(id, "memory_gb") * 1024.0).round();
        let port = self.p.inc(id, &["alb", "nlb"], ConnKind::Sync).first().and_then(|c| c.port).unwrap_or(8080);
        let arch = if self.text(id, "architecture") == "arm" { "ARM64" } else { "X86_64" };
        let container = map(vec![("Name", s("app")), ("Image", image), ("Essential", Y::Bool(true)), ("ReadonlyRootFilesystem", Y::Bool(self.flag(id, "read_only_root_fs"))), ("PortMappings", list(vec![map(vec![("ContainerPort", num(port as f64))])]))]);
        self.add(
            format!("{name}TaskDefinition"),
            "AWS::ECS::TaskDefinition",
            vec![("RequiresCompatibilities", list(vec![s("FARGATE")])), ("NetworkMode", s("awsvpc")), ("Cpu", s(format!("{cpu}"))), ("Memory", s(format!("{mem}"))), ("RuntimePlatform", map(vec![("CpuArchitecture", s(arch)), ("OperatingSystemFamily", s("LINUX"))])), ("ContainerDefinitions", list(vec![container]))],
        );
        let subnets = self.p.spread(id, &["private", "public", "isolated"], 2);
        let mut net = vec![("Subnets", self.subnet_refs(&subnets)), ("AssignPublicIp", s(if self.flag(id, "public_ip") { "ENABLED" } else { "DISABLED" }))];
        if self.p.sg.contains(id) {
            net.push(("SecurityGroups", self.sg_list(id)));
        }
        let launch = match self.text(id, "launch_type").as_str() {
            "ec2" => "EC2",
            _ => "FARGATE",
        };
        let mut props = vec![("LaunchType", s(launch)), ("DesiredCount", num(self.num(id, "tasks"))), ("TaskDefinition", r(&format!("{name}TaskDefinition"))), ("NetworkConfiguration", map(vec![("AwsvpcConfiguration", map(net))]))];
        if let Some(cl) = self.p.out(id, &["ecs-cluster"], ConnKind::Association).first() {
            props.insert(0, ("Cluster", r(&self.n(&cl.to))));
        }
        let tgs = self.target_groups_of(id);
        let mut depends = Vec::new();
        if !tgs.is_empty() {
            props.push(("LoadBalancers", list(tgs.iter().map(|t| map(vec![("ContainerName", s("app")), ("ContainerPort", num(port as f64)), ("TargetGroupArn", r(t))])).collect())));
            for c in self.p.inc(id, &["alb", "nlb"], ConnKind::Sync) {
                depends.push(s(format!("{}Listener", self.n(&c.from))));
            }
        }
        let extra = if depends.is_empty() { vec![] } else { vec![("DependsOn", list(depends))] };
        self.add_with(name, "AWS::ECS::Service", props, extra);
    }

    fn eks_cluster(&mut self, id: &NodeId) {
        let name = self.n(id);
        let role = self.param("EksClusterRoleArn", "String", None, "IAM role of the EKS control plane (TODO)");
        let subnets = self.p.spread(id, &["private", "public", "isolated"], 3);
        let mut vc = vec![("SubnetIds", self.subnet_refs(&subnets))];
        if self.p.sg.contains(id) {
            vc.push(("SecurityGroupIds", self.sg_list(id)));
        }
        self.add(name, "AWS::EKS::Cluster", vec![("RoleArn", role), ("ResourcesVpcConfig", map(vc))]);
    }

    fn eks_nodegroup(&mut self, id: &NodeId) {
        let name = self.n(id);
        let Some(cl) = self.p.out(id, &["eks-cluster"], ConnKind::Association).first().map(|c| self.n(&c.to)) else {
            self.todo(format!("{name}: the design does not say which EKS cluster these nodes join"));
            return;
        };
        let role = self.param("EksNodeRoleArn", "String", None, "IAM role of the EKS worker nodes (TODO)");
        let subnets = self.p.spread(id, &["private", "public", "isolated"], 3);
        let count = self.num(id, "count").max(1.0);
        self.add(
            name,
            "AWS::EKS::Nodegroup",
            vec![("ClusterName", r(&cl)), ("NodeRole", role), ("Subnets", self.subnet_refs(&subnets)), ("InstanceTypes", list(vec![s(self.text(id, "instance_type"))])), ("ScalingConfig", map(vec![("MinSize", num(count)), ("DesiredSize", num(count)), ("MaxSize", num(count.max(1.0) * 2.0))]))],
        );
    }

    // ------------------------------------------------------------------ serverless

    fn lambda_role(&mut self) -> Y {
        if !self.res.iter().any(|(k, _)| k == "LambdaExecutionRole") {
            let assume = map(vec![("Version", s("2012-10-17")), ("Statement", list(vec![map(vec![("Effect", s("Allow")), ("Principal", map(vec![("Service", s("lambda.amazonaws.com"))])), ("Action", s("sts:AssumeRole"))])]))]);
            self.todo("LambdaExecutionRole: add the permissions the functions need (least privilege per function)");
            self.add(
                "LambdaExecutionRole".into(),
                "AWS::IAM::Role",
                vec![("AssumeRolePolicyDocument", assume), ("ManagedPolicyArns", list(vec![sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"), sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole")]))],
            );
        }
        att("LambdaExecutionRole", "Arn")
    }

    /// How the code names a resource a function uses (an environment variable's value).
    fn env_value(&self, t: &NodeId) -> Y {
        let n = self.n(t);
        match self.p.kind(t) {
            "rds" | "aurora" => att(&n, "Endpoint.Address"),
            "elasticache" => att(&n, "PrimaryEndPoint.Address"),
            "alb" | "nlb" => att(&n, "DNSName"),
            "sqs" => att(&n, "QueueName"),
            "sns" | "step-functions" | "secrets-manager" => r(&n),
            "lambda" => att(&n, "Arn"),
            "efs" => r(&n),
            _ => r(&n),
        }
    }

    fn lambda(&mut self, id: &NodeId) {
        let name = self.n(id);
        let role = self.lambda_role();
        let bucket = self.param("CodeBucket", "String", None, "S3 bucket holding the functions' code packages (TODO)");
        let runtime = kinds::runtime_id(&self.text(id, "runtime"));
        let arch = if self.text(id, "architecture") == "arm" { "arm64" } else { "x86_64" };
        let mut props = vec![
            ("Runtime", s(runtime)),
            ("Handler", s(if runtime.starts_with("provided") { "bootstrap" } else { "index.handler" })),
            ("Role", role),
            ("Code", map(vec![("S3Bucket", bucket), ("S3Key", s(format!("{}.zip", name.to_lowercase())))])),
            ("MemorySize", num(self.num(id, "memory_mb"))),
            ("Timeout", num(self.num(id, "timeout_s"))),
            ("Architectures", list(vec![s(arch)])),
        ];
        let reserved = self.num(id, "reserved_concurrency");
        if reserved > 0.0 {
            props.push(("ReservedConcurrentExecutions", num(reserved)));
        }
        if let Some(subnet) = self.p.d.enclosing(id, "subnet").map(|s| s.id.clone()) {
            props.push(("VpcConfig", map(vec![("SubnetIds", list(vec![r(&self.n(&subnet))])), ("SecurityGroupIds", self.sg_list(id))])));
        }
        let mut vars = Vec::new();
        for c in self.p.d.connections.values().filter(|c| &c.from == id && self.p.native.contains(&c.id) && env_conn_kind(self.p.kind(&c.to)) == Some(c.kind)) {
            let key = format!("{}_{}", self.n(&c.to).to_uppercase(), match self.p.kind(&c.to) {
                "rds" | "aurora" | "elasticache" | "alb" | "nlb" => "HOST",
                "lambda" | "step-functions" | "sns" => "ARN",
                _ => "NAME",
            });
            vars.push((key, self.env_value(&c.to)));
        }
        if !vars.is_empty() {
            props.push(("Environment", map(vec![("Variables", Y::Map(vars))])));
        }
        self.add(name, "AWS::Lambda::Function", props);
        // Event sources: queues, streams.
        for c in self.p.inc(id, &["sqs", "dynamodb", "kinesis"], ConnKind::Async) {
            let src = self.n(&c.from);
            let arn = if self.p.kind(&c.from) == "dynamodb" { att(&src, "StreamArn") } else { att(&src, "Arn") };
            let mut props = vec![("EventSourceArn", arn), ("FunctionName", r(&self.n(id)))];
            if self.p.kind(&c.from) != "sqs" {
                props.push(("StartingPosition", s("LATEST")));
            }
            self.add(format!("{src}To{}Mapping", self.n(id)), "AWS::Lambda::EventSourceMapping", props);
        }
    }

    fn api(&mut self, id: &NodeId) {
        let name = self.n(id);
        let ty = self.text(id, "api_type");
        let targets: Vec<NodeId> = self.p.out(id, &["lambda"], ConnKind::Sync).iter().map(|c| c.to.clone()).collect();
        if ty == "rest" {
            let ep = self.text(id, "endpoint").to_uppercase();
            self.add(name.clone(), "AWS::ApiGateway::RestApi", vec![("Name", sub(format!("${{AWS::StackName}}-{}", name.to_lowercase()))), ("EndpointConfiguration", map(vec![("Types", list(vec![s(ep)]))]))]);
            let mut methods = Vec::new();
            for t in &targets {
                let tn = self.n(t);
                let res = format!("{name}{tn}Resource");
                self.add(res.clone(), "AWS::ApiGateway::Resource", vec![("RestApiId", r(&name)), ("ParentId", att(&name, "RootResourceId")), ("PathPart", s(tn.to_lowercase()))]);
                let m = format!("{name}{tn}Method");
                self.add(
                    m.clone(),
                    "AWS::ApiGateway::Method",
                    vec![
                        ("RestApiId", r(&name)),
                        ("ResourceId", r(&res)),
                        ("HttpMethod", s("ANY")),
                        ("AuthorizationType", s(if self.text(id, "authorizer") == "iam" { "AWS_IAM" } else { "NONE" })),
                        ("Integration", map(vec![("Type", s("AWS_PROXY")), ("IntegrationHttpMethod", s("POST")), ("Uri", sub(format!("arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{tn}.Arn}}/invocations")))])),
                    ],
                );
                self.add(format!("{m}Permission"), "AWS::Lambda::Permission", vec![("Action", s("lambda:InvokeFunction")), ("FunctionName", att(&tn, "Arn")), ("Principal", s("apigateway.amazonaws.com")), ("SourceArn", sub(format!("arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{name}}}/*")))]);
                methods.push(s(m));
            }
            if methods.is_empty() {
                let m = format!("{name}RootMethod");
                self.todo(format!("{name}: no backend in the design; a MOCK method stands in"));
                self.add(m.clone(), "AWS::ApiGateway::Method", vec![("RestApiId", r(&name)), ("ResourceId", att(&name, "RootResourceId")), ("HttpMethod", s("GET")), ("AuthorizationType", s("NONE")), ("Integration", map(vec![("Type", s("MOCK"))]))]);
                methods.push(s(m));
            }
            self.add_with(format!("{name}Deployment"), "AWS::ApiGateway::Deployment", vec![("RestApiId", r(&name)), ("StageName", s("prod"))], vec![("DependsOn", list(methods))]);
        } else {
            let ws = ty == "websocket";
            let mut props = vec![("Name", sub(format!("${{AWS::StackName}}-{}", name.to_lowercase()))), ("ProtocolType", s(if ws { "WEBSOCKET" } else { "HTTP" }))];
            if ws {
                props.push(("RouteSelectionExpression", s("$request.body.action")));
            }
            self.add(name.clone(), "AWS::ApiGatewayV2::Api", props);
            for (i, t) in targets.iter().enumerate() {
                let tn = self.n(t);
                let integ = format!("{name}{tn}Integration");
                let mut ip = vec![("ApiId", r(&name)), ("IntegrationType", s("AWS_PROXY")), ("IntegrationUri", sub(format!("arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{tn}.Arn}}/invocations")))];
                if !ws {
                    ip.push(("PayloadFormatVersion", s("2.0")));
                }
                self.add(integ.clone(), "AWS::ApiGatewayV2::Integration", ip);
                let key = if ws { if i == 0 { "$default".to_string() } else { format!("{}", tn.to_lowercase()) } } else { format!("ANY /{}", tn.to_lowercase()) };
                self.add(format!("{name}{tn}Route"), "AWS::ApiGatewayV2::Route", vec![("ApiId", r(&name)), ("RouteKey", s(key)), ("Target", sub(format!("integrations/${{{integ}}}")))]);
                self.add(format!("{integ}Permission"), "AWS::Lambda::Permission", vec![("Action", s("lambda:InvokeFunction")), ("FunctionName", att(&tn, "Arn")), ("Principal", s("apigateway.amazonaws.com")), ("SourceArn", sub(format!("arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{name}}}/*")))]);
            }
            self.add(format!("{name}Stage"), "AWS::ApiGatewayV2::Stage", vec![("ApiId", r(&name)), ("StageName", s(if ws { "prod" } else { "$default" })), ("AutoDeploy", Y::Bool(true))]);
        }
    }

    // ------------------------------------------------------------------ data

    fn dynamodb(&mut self, id: &NodeId) {
        let name = self.n(id);
        let provisioned = self.text(id, "capacity_mode") == "provisioned";
        let mut props = vec![("AttributeDefinitions", list(vec![map(vec![("AttributeName", s("id")), ("AttributeType", s("S"))])])), ("KeySchema", list(vec![map(vec![("AttributeName", s("id")), ("KeyType", s("HASH"))])]))];
        if provisioned {
            props.push(("BillingMode", s("PROVISIONED")));
            props.push(("ProvisionedThroughput", map(vec![("ReadCapacityUnits", num(self.num(id, "rcu"))), ("WriteCapacityUnits", num(self.num(id, "wcu")))])));
        } else {
            props.push(("BillingMode", s("PAY_PER_REQUEST")));
        }
        let streamed = self.flag(id, "streams") || !self.p.out(id, &["lambda"], ConnKind::Async).is_empty();
        if streamed {
            props.push(("StreamSpecification", map(vec![("StreamViewType", s("NEW_AND_OLD_IMAGES"))])));
        }
        props.push(("PointInTimeRecoverySpecification", map(vec![("PointInTimeRecoveryEnabled", Y::Bool(self.flag(id, "pitr")))])));
        self.todo(format!("{name}: the key schema (a string key \"id\" stands in)"));
        self.add(name, "AWS::DynamoDB::Table", props);
    }

    fn bucket(&mut self, id: &NodeId) {
        let name = self.n(id);
        let repl = self.p.out(id, &["s3"], ConnKind::Replication);
        let versioned = self.flag(id, "versioning") || !repl.is_empty();
        let blocked = self.flag(id, "block_public_access");
        let mut props = vec![
            ("VersioningConfiguration", map(vec![("Status", s(if versioned { "Enabled" } else { "Suspended" }))])),
            ("PublicAccessBlockConfiguration", map(vec![("BlockPublicAcls", Y::Bool(blocked)), ("BlockPublicPolicy", Y::Bool(blocked)), ("IgnorePublicAcls", Y::Bool(blocked)), ("RestrictPublicBuckets", Y::Bool(blocked))])),
            ("BucketEncryption", map(vec![("ServerSideEncryptionConfiguration", list(vec![map(vec![("ServerSideEncryptionByDefault", map(vec![("SSEAlgorithm", s("AES256"))]))])]))])),
        ];
        if self.flag(id, "lifecycle_rules") {
            props.push(("LifecycleConfiguration", map(vec![("Rules", list(vec![map(vec![("Id", s("to-infrequent-access")), ("Status", s("Enabled")), ("Transitions", list(vec![map(vec![("StorageClass", s("STANDARD_IA")), ("TransitionInDays", num(30.0))])]))])]))])));
        }
        if self.flag(id, "website_hosting") {
            props.push(("WebsiteConfiguration", map(vec![("IndexDocument", s("index.html"))])));
        }
        if !repl.is_empty() {
            let role = self.param("ReplicationRoleArn", "String", None, "IAM role S3 replication assumes (TODO)");
            let rules: Vec<Y> = repl.iter().enumerate().map(|(i, c)| map(vec![("Id", s(format!("to-{}", self.n(&c.to)))), ("Status", s("Enabled")), ("Priority", num(i as f64 + 1.0)), ("Filter", map(vec![("Prefix", s(""))])), ("DeleteMarkerReplication", map(vec![("Status", s("Disabled"))])), ("Destination", map(vec![("Bucket", att(&self.n(&c.to), "Arn"))]))])).collect();
            props.push(("ReplicationConfiguration", map(vec![("Role", role), ("Rules", list(rules))])));
        }
        let mut notif = Vec::new();
        for (kind, key, field) in [("lambda", "LambdaConfigurations", "Function"), ("sqs", "QueueConfigurations", "Queue"), ("sns", "TopicConfigurations", "Topic")] {
            let items: Vec<Y> = self.p.out(id, &[kind], ConnKind::Async).iter().map(|c| map(vec![("Event", s("s3:ObjectCreated:*")), (field, if kind == "sns" { r(&self.n(&c.to)) } else { att(&self.n(&c.to), "Arn") })])).collect();
            if !items.is_empty() {
                notif.push((key, list(items)));
            }
        }
        if !notif.is_empty() {
            self.todo(format!("{name}: event notifications need the targets' permission (Lambda::Permission, queue or topic policy) before the bucket"));
            props.push(("NotificationConfiguration", map(notif)));
        }
        self.add(name, "AWS::S3::Bucket", props);
    }

    fn cloudfront(&mut self, id: &NodeId) {
        let name = self.n(id);
        let origins: Vec<NodeId> = self.p.out(id, &["s3", "alb", "nlb", "api-gateway"], ConnKind::Sync).iter().map(|c| c.to.clone()).collect();
        let mut o = Vec::new();
        let mut oac = false;
        for t in &origins {
            let tn = self.n(t);
            let entry = match self.p.kind(t) {
                "s3" => {
                    oac = true;
                    map(vec![("Id", s(tn.clone())), ("DomainName", att(&tn, "RegionalDomainName")), ("S3OriginConfig", map(vec![("OriginAccessIdentity", s(""))])), ("OriginAccessControlId", att(&format!("{name}OriginAccessControl"), "Id"))])
                }
                "api-gateway" => map(vec![("Id", s(tn.clone())), ("DomainName", sub(format!("${{{tn}}}.execute-api.${{AWS::Region}}.amazonaws.com"))), ("CustomOriginConfig", map(vec![("OriginProtocolPolicy", s("https-only"))]))]),
                _ => map(vec![("Id", s(tn.clone())), ("DomainName", att(&tn, "DNSName")), ("CustomOriginConfig", map(vec![("OriginProtocolPolicy", s("https-only"))]))]),
            };
            o.push(entry);
        }
        if o.is_empty() {
            self.todo(format!("{name}: no origin in the design; a placeholder origin stands in"));
            o.push(map(vec![("Id", s("placeholder")), ("DomainName", s("example.com")), ("CustomOriginConfig", map(vec![("OriginProtocolPolicy", s("https-only"))]))]));
        }
        if oac {
            self.add(format!("{name}OriginAccessControl"), "AWS::CloudFront::OriginAccessControl", vec![("OriginAccessControlConfig", map(vec![("Name", sub(format!("${{AWS::StackName}}-{}", name.to_lowercase()))), ("OriginAccessControlOriginType", s("s3")), ("SigningBehavior", s("always")), ("SigningProtocol", s("sigv4"))]))]);
        }
        let first = origins.first().map(|t| self.n(t)).unwrap_or_else(|| "placeholder".into());
        // Managed-CachingOptimized cache policy.
        let dcb = map(vec![("TargetOriginId", s(first)), ("ViewerProtocolPolicy", s("redirect-to-https")), ("CachePolicyId", s("658327ea-f89d-4fab-a63d-7e88639e58f6")), ("Compress", Y::Bool(self.flag(id, "compression")))]);
        let mut cfg = vec![("Enabled", Y::Bool(true)), ("HttpVersion", s("http2")), ("Origins", list(o)), ("DefaultCacheBehavior", dcb)];
        let behaviours: Vec<Y> = origins.iter().skip(1).map(|t| map(vec![("PathPattern", s(format!("/{}/*", self.n(t).to_lowercase()))), ("TargetOriginId", s(self.n(t))), ("ViewerProtocolPolicy", s("redirect-to-https")), ("CachePolicyId", s("4135ea2d-6df8-44a3-9df3-4b5a84be39ad"))])).collect();
        if !behaviours.is_empty() {
            self.todo(format!("{name}: the path patterns of the cache behaviours"));
            cfg.push(("CacheBehaviors", list(behaviours)));
        }
        let pc = match self.text(id, "price_class").as_str() {
            "100" => "PriceClass_100",
            "200" => "PriceClass_200",
            _ => "PriceClass_All",
        };
        cfg.push(("PriceClass", s(pc)));
        match self.p.inc(id, &["acm"], ConnKind::Association).first() {
            Some(c) => {
                let domain = self.param("DomainName", "String", Some("example.com".into()), "Domain the certificates and DNS records are for (TODO)");
                cfg.push(("Aliases", list(vec![domain])));
                cfg.push(("ViewerCertificate", map(vec![("AcmCertificateArn", r(&self.n(&c.from))), ("SslSupportMethod", s("sni-only")), ("MinimumProtocolVersion", s("TLSv1.2_2021"))])));
                self.todo(format!("{name}: CloudFront needs its certificate in us-east-1"));
            }
            None => cfg.push(("ViewerCertificate", map(vec![("CloudFrontDefaultCertificate", Y::Bool(true))]))),
        }
        if let Some(w) = self.p.inc(id, &["waf"], ConnKind::Association).first() {
            cfg.push(("WebACLId", att(&self.n(&w.from), "Arn")));
        }
        self.add(name, "AWS::CloudFront::Distribution", vec![("DistributionConfig", map(cfg))]);
    }

    fn waf(&mut self, id: &NodeId) {
        let name = self.n(id);
        let targets = self.p.out(id, &["cloudfront", "alb", "api-gateway"], ConnKind::Association);
        let edge = targets.iter().any(|c| self.p.kind(&c.to) == "cloudfront");
        let vis = |m: &str| map(vec![("SampledRequestsEnabled", Y::Bool(true)), ("CloudWatchMetricsEnabled", Y::Bool(true)), ("MetricName", s(m))]);
        let mut rules = Vec::new();
        if self.flag(id, "managed_rules") {
            rules.push(map(vec![("Name", s("AWSManagedRulesCommonRuleSet")), ("Priority", num(0.0)), ("OverrideAction", map(vec![("None", map(vec![]))])), ("Statement", map(vec![("ManagedRuleGroupStatement", map(vec![("VendorName", s("AWS")), ("Name", s("AWSManagedRulesCommonRuleSet"))]))])), ("VisibilityConfig", vis("common"))]));
        }
        if self.flag(id, "rate_limit") {
            rules.push(map(vec![("Name", s("RateLimit")), ("Priority", num(1.0)), ("Action", map(vec![("Block", map(vec![]))])), ("Statement", map(vec![("RateBasedStatement", map(vec![("Limit", num(2000.0)), ("AggregateKeyType", s("IP"))]))])), ("VisibilityConfig", vis("rate"))]));
        }
        if edge && targets.iter().any(|c| self.p.kind(&c.to) != "cloudfront") {
            self.todo(format!("{name}: one web ACL cannot serve CloudFront and regional resources; split it in two"));
        }
        let mut props = vec![("Scope", s(if edge { "CLOUDFRONT" } else { "REGIONAL" })), ("DefaultAction", map(vec![("Allow", map(vec![]))])), ("VisibilityConfig", vis(&name))];
        if !rules.is_empty() {
            props.push(("Rules", list(rules)));
        }
        self.add(name.clone(), "AWS::WAFv2::WebACL", props);
        let regional: Vec<_> = targets.iter().filter(|c| self.p.kind(&c.to) != "cloudfront").copied().collect();
        for c in regional {
            let tn = self.n(&c.to);
            let arn = if self.p.kind(&c.to) == "alb" { r(&tn) } else { sub(format!("arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}::/restapis/${{{tn}}}/stages/prod")) };
            self.add(format!("{name}{tn}Association"), "AWS::WAFv2::WebACLAssociation", vec![("ResourceArn", arn), ("WebACLArn", att(&name, "Arn"))]);
        }
    }

    fn queue(&mut self, id: &NodeId) {
        let name = self.n(id);
        let fifo = self.text(id, "queue_type") == "fifo";
        let mut props = vec![("VisibilityTimeout", num(self.num(id, "visibility_timeout_s"))), ("MessageRetentionPeriod", num(self.num(id, "retention_days") * 86_400.0))];
        if fifo {
            props.insert(0, ("FifoQueue", Y::Bool(true)));
            props.insert(0, ("QueueName", sub(format!("${{AWS::StackName}}-{}.fifo", name.to_lowercase()))));
        }
        if self.flag(id, "dlq") {
            let dlq = format!("{name}DeadLetterQueue");
            let mut dp = vec![("MessageRetentionPeriod", num(1_209_600.0))];
            if fifo {
                dp.insert(0, ("FifoQueue", Y::Bool(true)));
                dp.insert(0, ("QueueName", sub(format!("${{AWS::StackName}}-{}-dlq.fifo", name.to_lowercase()))));
            }
            self.add(dlq.clone(), "AWS::SQS::Queue", dp);
            props.push(("RedrivePolicy", map(vec![("deadLetterTargetArn", att(&dlq, "Arn")), ("maxReceiveCount", num(self.num(id, "max_receive_count")))])));
        }
        self.add(name, "AWS::SQS::Queue", props);
    }

    fn topic(&mut self, id: &NodeId) {
        let name = self.n(id);
        let subs: Vec<Y> = self
            .p
            .out(id, &["sqs", "lambda"], ConnKind::Async)
            .iter()
            .map(|c| map(vec![("Protocol", s(if self.p.kind(&c.to) == "sqs" { "sqs" } else { "lambda" })), ("Endpoint", att(&self.n(&c.to), "Arn"))]))
            .collect();
        let mut props = vec![];
        if self.flag(id, "fifo") {
            props.push(("FifoTopic", Y::Bool(true)));
            props.push(("TopicName", sub(format!("${{AWS::StackName}}-{}.fifo", name.to_lowercase()))));
        }
        if !subs.is_empty() {
            self.todo(format!("{name}: subscribed queues need a queue policy and functions a Lambda::Permission for SNS"));
            props.push(("Subscription", list(subs)));
        }
        self.add(name, "AWS::SNS::Topic", props);
    }

    fn bus(&mut self, id: &NodeId) {
        let name = self.n(id);
        self.add(name.clone(), "AWS::Events::EventBus", vec![("Name", sub(format!("${{AWS::StackName}}-{}", name.to_lowercase())))]);
        for c in self.p.out(id, &["lambda", "sqs", "sns", "step-functions", "kinesis"], ConnKind::Async) {
            let tn = self.n(&c.to);
            let arn = if self.p.kind(&c.to) == "sns" || self.p.kind(&c.to) == "step-functions" { r(&tn) } else { att(&tn, "Arn") };
            let mut target = vec![("Id", s(tn.clone())), ("Arn", arn)];
            if self.p.kind(&c.to) == "step-functions" || self.p.kind(&c.to) == "kinesis" {
                let role = self.param("EventsTargetRoleArn", "String", None, "IAM role EventBridge assumes to start workflows or write to streams (TODO)");
                target.push(("RoleArn", role));
            }
            self.todo(format!("{name}To{tn}Rule: the event pattern"));
            self.add(format!("{name}To{tn}Rule"), "AWS::Events::Rule", vec![("EventBusName", r(&name)), ("EventPattern", map(vec![("source", list(vec![s("app")]))])), ("Targets", list(vec![map(target)]))]);
        }
    }

    fn route53(&mut self, id: &NodeId) {
        let name = self.n(id);
        let domain = self.param("DomainName", "String", Some("example.com".into()), "Domain the certificates and DNS records are for (TODO)");
        self.add(name.clone(), "AWS::Route53::HostedZone", vec![("Name", domain.clone())]);
        for c in self.p.out(id, &["alb", "nlb", "cloudfront"], ConnKind::Sync) {
            let tn = self.n(&c.to);
            let (dns, zone) = match self.p.kind(&c.to) {
                "cloudfront" => (att(&tn, "DomainName"), s("Z2FDTNDATAQYW2")),
                _ => (att(&tn, "DNSName"), att(&tn, "CanonicalHostedZoneID")),
            };
            self.add(format!("{name}{tn}Record"), "AWS::Route53::RecordSet", vec![("HostedZoneId", r(&name)), ("Name", domain.clone()), ("Type", s("A")), ("AliasTarget", map(vec![("DNSName", dns), ("HostedZoneId", zone)]))]);
        }
    }

    /// A DB subnet group: the component's subnet first, then the others of its tier.
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

    fn subnet_group(&mut self, id: &NodeId, ty: &str) -> String {
        let name = format!("{}SubnetGroup", self.n(id));
        let subnets = self.db_subnets(id);
        if subnets.len() < 2 {
            self.todo(format!("{name}: a subnet group needs subnets in at least two AZs"));
        }
        let refs = self.subnet_refs(&subnets);
        let props = if ty == "AWS::ElastiCache::SubnetGroup" { vec![("Description", s("cache subnets")), ("SubnetIds", refs)] } else { vec![("DBSubnetGroupDescription", s("database subnets")), ("SubnetIds", refs)] };
        self.add(name.clone(), ty, props);
        name
    }

    fn rds(&mut self, id: &NodeId) {
        let name = self.n(id);
        let group = self.subnet_group(id, "AWS::RDS::DBSubnetGroup");
        let user = self.param("DbMasterUsername", "String", Some("dbadmin".into()), "Master user name of the databases");
        let engine = self.text(id, "engine");
        let mut props = vec![
            ("Engine", s(engine)),
            ("DBInstanceClass", s(self.text(id, "instance_class"))),
            ("AllocatedStorage", s(format!("{}", self.num(id, "storage_gb")))),
            ("StorageType", s(self.text(id, "storage_type"))),
            ("MultiAZ", Y::Bool(self.flag(id, "multi_az"))),
            ("StorageEncrypted", Y::Bool(self.flag(id, "encrypted"))),
            ("BackupRetentionPeriod", num(self.num(id, "backup_retention_days"))),
            ("DeletionProtection", Y::Bool(self.flag(id, "deletion_protection"))),
            ("MasterUsername", user),
            ("ManageMasterUserPassword", Y::Bool(true)),
            ("DBSubnetGroupName", r(&group)),
            ("VPCSecurityGroups", self.sg_list(id)),
        ];
        if !self.p.sg.contains(id) {
            props.pop();
        }
        props.extend(self.tls_parameter_group(id, &name, "AWS::RDS::DBParameterGroup", "DBParameterGroupName"));
        self.add_with(name.clone(), "AWS::RDS::DBInstance", props, vec![("DeletionPolicy", s("Snapshot")), ("UpdateReplacePolicy", s("Snapshot"))]);
        for i in 0..self.num(id, "read_replicas") as usize {
            self.add(format!("{name}Replica{}", i + 1), "AWS::RDS::DBInstance", vec![("SourceDBInstanceIdentifier", r(&name)), ("DBInstanceClass", s(self.text(id, "instance_class")))]);
        }
    }

    /// Require TLS: a parameter group with `rds.force_ssl` / `require_secure_transport` and
    /// the properties that attach it (the group's name, the engine version its family
    /// belongs to). Nothing when TLS is not required; a TODO for an engine without the
    /// parameter.
    fn tls_parameter_group(&mut self, id: &NodeId, db: &str, ty: &str, key: &'static str) -> Vec<(&'static str, Y)> {
        if !self.flag(id, "require_tls") {
            return vec![];
        }
        let engine = self.text(id, "engine");
        let Some(t) = kinds::tls_parameter(&engine) else {
            self.todo(format!("{db}: require TLS for {engine} (an option group or listener setting; no parameter group switch)"));
            return vec![];
        };
        let group = format!("{db}TlsParameters");
        self.add(group.clone(), ty, vec![("Description", s(format!("{}: clients must connect with TLS", self.node_ref(id).label))), ("Family", s(t.family)), ("Parameters", map(vec![(t.name, s(t.value))]))]);
        self.todo(format!("{db}: EngineVersion {} is pinned to the parameter group's family {}; change both together", t.engine_version, t.family));
        vec![(key, r(&group)), ("EngineVersion", s(t.engine_version))]
    }

    fn aurora(&mut self, id: &NodeId) {
        let name = self.n(id);
        let group = self.subnet_group(id, "AWS::RDS::DBSubnetGroup");
        let user = self.param("DbMasterUsername", "String", Some("dbadmin".into()), "Master user name of the databases");
        let engine = self.text(id, "engine");
        let mut props = vec![("Engine", s(engine.clone())), ("MasterUsername", user), ("ManageMasterUserPassword", Y::Bool(true)), ("DBSubnetGroupName", r(&group)), ("BackupRetentionPeriod", num(self.num(id, "backup_retention_days"))), ("StorageEncrypted", Y::Bool(true))];
        if self.p.sg.contains(id) {
            props.push(("VpcSecurityGroupIds", self.sg_list(id)));
        }
        props.extend(self.tls_parameter_group(id, &name, "AWS::RDS::DBClusterParameterGroup", "DBClusterParameterGroupName"));
        let serverless = self.flag(id, "serverless_v2");
        if serverless {
            props.push(("ServerlessV2ScalingConfiguration", map(vec![("MinCapacity", num(self.num(id, "min_acu"))), ("MaxCapacity", num(self.num(id, "max_acu")))])));
        }
        self.add_with(name.clone(), "AWS::RDS::DBCluster", props, vec![("DeletionPolicy", s("Snapshot")), ("UpdateReplacePolicy", s("Snapshot"))]);
        let class = if serverless { "db.serverless".to_string() } else { self.text(id, "instance_class") };
        for i in 0..(self.num(id, "instances").max(1.0) as usize) {
            self.add(format!("{name}Instance{}", i + 1), "AWS::RDS::DBInstance", vec![("DBClusterIdentifier", r(&name)), ("Engine", s(engine.clone())), ("DBInstanceClass", s(class.clone()))]);
        }
    }

    fn elasticache(&mut self, id: &NodeId) {
        let name = self.n(id);
        let group = self.subnet_group(id, "AWS::ElastiCache::SubnetGroup");
        let engine = self.text(id, "engine");
        let nodes = self.num(id, "nodes").max(1.0);
        if engine == "memcached" {
            let mut props = vec![("Engine", s("memcached")), ("CacheNodeType", s(self.text(id, "node_type"))), ("NumCacheNodes", num(nodes)), ("CacheSubnetGroupName", r(&group))];
            if self.p.sg.contains(id) {
                props.push(("VpcSecurityGroupIds", list(vec![att(&format!("{name}SecurityGroup"), "GroupId")])));
            }
            self.add(name, "AWS::ElastiCache::CacheCluster", props);
            return;
        }
        let failover = self.flag(id, "multi_az") && nodes >= 2.0;
        let mut props = vec![
            ("ReplicationGroupDescription", s(self.node_ref(id).label.clone())),
            ("Engine", s(engine)),
            ("CacheNodeType", s(self.text(id, "node_type"))),
            ("NumCacheClusters", num(nodes)),
            ("AutomaticFailoverEnabled", Y::Bool(failover)),
            ("MultiAZEnabled", Y::Bool(failover)),
            ("TransitEncryptionEnabled", Y::Bool(self.flag(id, "encryption_in_transit"))),
            ("AtRestEncryptionEnabled", Y::Bool(true)),
            ("CacheSubnetGroupName", r(&group)),
        ];
        if self.p.sg.contains(id) {
            props.push(("SecurityGroupIds", self.sg_list(id)));
        }
        self.add(name, "AWS::ElastiCache::ReplicationGroup", props);
    }

    fn efs(&mut self, id: &NodeId) {
        let name = self.n(id);
        self.add(name.clone(), "AWS::EFS::FileSystem", vec![("Encrypted", Y::Bool(true)), ("ThroughputMode", s(self.text(id, "throughput_mode")))]);
        for sn in self.p.spread(id, &["private", "isolated", "public"], 3) {
            let sname = self.p.name(&sn.id).to_string();
            self.add(format!("{name}MountTarget{sname}"), "AWS::EFS::MountTarget", vec![("FileSystemId", r(&name)), ("SubnetId", r(&sname)), ("SecurityGroups", list(vec![sub(format!("${{{}.DefaultSecurityGroup}}", self.vpc_of(id).map(|v| self.n(&v)).unwrap_or_default()))]))]);
        }
    }
}
