//! IaC import against the public sample templates in `fixtures/iac/cfn-samples/` (copied
//! unchanged from the shared test data, licences beside them). One test per written
//! expectation (`*.expect.md`), its checks spelled out; plus: every sample imports, loads as a
//! valid design, is checked and priced.

use cloudwright_engine::iac::{import, Imported, Options, Outcome, SourceFile};
use cloudwright_engine::{ConnKind, Design, NodeId};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/iac/cfn-samples/cloudformation");

fn read(name: &str) -> SourceFile {
    SourceFile::new(name, std::fs::read_to_string(format!("{DIR}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}")))
}

fn imp(names: &[&str], opts: &Options) -> Imported {
    let files: Vec<SourceFile> = names.iter().map(|n| read(n)).collect();
    import(&files, opts).unwrap_or_else(|e| panic!("{names:?} did not import: {e:?}"))
}

fn one(name: &str) -> Imported {
    imp(&[name], &Options::default())
}

fn kind(d: &Design, id: &str) -> String {
    d.nodes.get(&NodeId::new(id)).unwrap_or_else(|| panic!("no node {id}")).kind.clone()
}
fn parent(d: &Design, id: &str) -> Option<String> {
    d.nodes.get(&NodeId::new(id)).unwrap_or_else(|| panic!("no node {id}")).parent.as_ref().map(|p| p.to_string())
}
/// The further subnets a component spanning AZs is placed in.
fn span(d: &Design, id: &str) -> Vec<String> {
    d.nodes[&NodeId::new(id)].span.iter().map(|s| s.to_string()).collect()
}
fn az_count(d: &Design, id: &str) -> f64 {
    cloudwright_engine::zones::az_count(d, &d.nodes[&NodeId::new(id)]).unwrap_or(0.0)
}
fn text(d: &Design, id: &str, key: &str) -> String {
    d.text(&d.nodes[&NodeId::new(id)], key)
}
fn num(d: &Design, id: &str, key: &str) -> f64 {
    d.num(&d.nodes[&NodeId::new(id)], key)
}
fn flag(d: &Design, id: &str, key: &str) -> bool {
    d.flag(&d.nodes[&NodeId::new(id)], key)
}
fn set(d: &Design, id: &str, key: &str) -> bool {
    d.nodes[&NodeId::new(id)].props.contains_key(key)
}
/// The AZ a node sits in, by its label ("AZ us-east-1a").
fn az_of(d: &Design, id: &str) -> String {
    d.enclosing(&NodeId::new(id), "az").map(|a| a.label.clone()).unwrap_or_default()
}
fn conn(d: &Design, from: &str, to: &str) -> Option<(ConnKind, Option<u16>, String)> {
    d.connections.values().find(|c| c.from.as_str() == from && c.to.as_str() == to).map(|c| (c.kind, c.port, c.label.clone()))
}
fn has_route(i: &Imported, from: &str, to: &str) -> bool {
    i.report.routes.iter().any(|r| r.from == from && r.to == to)
}
fn count(d: &Design, k: &str) -> usize {
    d.nodes.values().filter(|n| n.kind == k).count()
}
fn outcome(i: &Imported, id: &str) -> Outcome {
    i.report.entry(id).unwrap_or_else(|| panic!("no report entry {id}")).outcome.clone()
}
fn merged_into(i: &Imported, id: &str) -> String {
    match outcome(i, id) {
        Outcome::Merged { into, .. } => into,
        o => panic!("{id} is {o:?}, not merged"),
    }
}
fn not_drawn(i: &Imported, id: &str) -> bool {
    matches!(outcome(i, id), Outcome::NotDrawn { .. })
}
fn unresolved(i: &Imported, id: &str) -> Vec<String> {
    i.report.entry(id).map(|e| e.unresolved.iter().map(|(p, w)| format!("{p}: {w}")).collect()).unwrap_or_default()
}

const SAMPLES: &[&str] = &[
    "alb-asg-existing-vpc.yaml",
    "apigw-rest-lambda.yaml",
    "aurora-dms-s3.yaml",
    "ecs-fargate-cluster-vpc.yaml",
    "ecs-fargate-service.yaml",
    "eks-3az.yaml",
    "elasticache-redis.yaml",
    "rds-mysql-replica.yaml",
    "s3-cloudfront-site.yaml",
    "sam-http-api-lambda.yaml",
    "sam-lambda-memorydb-vpc.yaml",
    "sam-rest-lambda-dynamodb.yaml",
    "sam-sns-sqs.yaml",
    "sqs-queue-dlq.json",
    "elasticache-redis.yaml",
    "vpc-2az-nat.json",
    "vpc-endpoint-private.yaml",
    "webapp-waf-cognito.yaml",
];

#[test]
fn every_sample_imports_loads_is_checked_and_priced() {
    let on_disk = std::fs::read_dir(DIR).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().to_string()).filter(|n| !n.ends_with(".md")).count();
    assert_eq!(on_disk, 17, "the 17 sample templates");
    for name in SAMPLES {
        let i = one(name);
        // The design is valid by the file format's own checks (what the app and CLI load).
        let text = cloudwright_engine::file::save(&i.design);
        let back = cloudwright_engine::file::load(&text).unwrap_or_else(|e| panic!("{name}: imported design does not load: {e}"));
        assert_eq!(back, i.design, "{name}");
        // Every resource has an outcome, none left undecided.
        assert!(i.report.entries.iter().all(|e| e.outcome != Outcome::Pending), "{name}");
        assert!(!i.design.nodes.is_empty(), "{name}: nothing drawn");
        // Checked and priced.
        let findings = cloudwright_engine::rules::check(&i.design);
        let cost = cloudwright_engine::cost::cost(&i.design);
        assert!(cost.monthly.is_finite() && cost.monthly >= 0.0, "{name}: {}", cost.monthly);
        let _ = findings;
        // Every node has a position inside its container.
        for n in i.design.nodes.values() {
            let r = i.design.layout.get(&n.id).unwrap_or_else(|| panic!("{name}: {} has no position", n.id));
            if !n.span.is_empty() {
                // Spanning AZs: a band across its subnets (each under part of it), inside the VPC.
                for s in n.parent.iter().chain(&n.span) {
                    let sr = i.design.layout[s];
                    assert!(r.x < sr.x + sr.w && sr.x < r.x + r.w, "{name}: {} does not reach across {}", n.id, s);
                }
                let v = i.design.enclosing(&n.id, "vpc").map(|v| i.design.layout[&v.id]).unwrap();
                assert!(r.x >= v.x && r.y >= v.y && r.x + r.w <= v.x + v.w && r.y + r.h <= v.y + v.h, "{name}: {} outside its VPC", n.id);
                continue;
            }
            if let Some(p) = &n.parent {
                let pr = i.design.layout[p];
                assert!(r.x >= pr.x && r.y >= pr.y && r.x + r.w <= pr.x + pr.w + 0.01 && r.y + r.h <= pr.y + pr.h + 0.01, "{name}: {} outside {}", n.id, p);
            }
        }
    }
}

/// vpc-2az-nat.expect.md
#[test]
fn expect_vpc_2az_nat() {
    let i = one("vpc-2az-nat.json");
    let d = &i.design;
    // Components: exactly 2 AZs, 4 subnets, 1 IGW, 2 NAT gateways.
    assert_eq!((count(d, "az"), count(d, "subnet"), count(d, "internet-gateway"), count(d, "nat-gateway")), (2, 4, 1, 2));
    assert_eq!(kind(d, "VPC"), "vpc");
    assert_eq!(parent(d, "VPC"), None);
    assert_eq!(text(d, "VPC", "cidr"), "10.0.0.0/16");
    assert_eq!(d.nodes[&NodeId::new("VPC")].label, "VPC Public and Private with NAT", "name from VPCName");
    for (s, az, tier, cidr) in [
        ("PublicSubnet0", "AZ us-east-1a", "public", "10.0.0.0/24"),
        ("PublicSubnet1", "AZ us-east-1b", "public", "10.0.1.0/24"),
        ("PrivateSubnet0", "AZ us-east-1a", "private", "10.0.2.0/24"),
        ("PrivateSubnet1", "AZ us-east-1b", "private", "10.0.3.0/24"),
    ] {
        assert_eq!(kind(d, s), "subnet");
        assert_eq!(az_of(d, s), az, "{s}: Fn::GetAZs null = the current region");
        assert_eq!(text(d, s, "tier"), tier, "{s}: tier from the route table, not the name");
        assert_eq!(text(d, s, "cidr"), cidr, "{s}: CIDR from Fn::FindInMap");
        assert_eq!(d.enclosing(&NodeId::new(s), "vpc").unwrap().id.as_str(), "VPC");
    }
    assert!(i.report.entry("PublicSubnet0").unwrap().notes.iter().any(|n| n.contains("public IPs")), "MapPublicIpOnLaunch kept");
    assert_eq!(parent(d, "InternetGateway").as_deref(), Some("VPC"), "IGW attached by GatewayToInternet");
    assert_eq!(parent(d, "NATGateway0").as_deref(), Some("PublicSubnet0"));
    assert_eq!(parent(d, "NATGateway1").as_deref(), Some("PublicSubnet1"));
    assert_eq!(text(d, "NATGateway0", "connectivity"), "public");
    assert_eq!(merged_into(&i, "ElasticIP0"), "NATGateway0", "EIP is a property of the NAT");
    assert_eq!(merged_into(&i, "ElasticIP1"), "NATGateway1");
    // Connections (as routes; the private subnets each use the NAT of their own AZ).
    assert!(has_route(&i, "PublicSubnet0", "InternetGateway") && has_route(&i, "PublicSubnet1", "InternetGateway"));
    assert!(has_route(&i, "PrivateSubnet0", "NATGateway0") && has_route(&i, "PrivateSubnet1", "NATGateway1"));
    assert!(!has_route(&i, "PrivateSubnet0", "NATGateway1") && !has_route(&i, "PrivateSubnet1", "NATGateway0"), "no cross-AZ NAT");
    assert!(has_route(&i, "NATGateway0", "InternetGateway") && has_route(&i, "NATGateway1", "InternetGateway"));
    assert_eq!(text(d, "PrivateSubnet0", "route_out"), "nat");
    // May be skipped: route tables, routes, associations, NACLs not drawn as boxes.
    for id in ["PublicRouteTable", "PublicNetworkAcl", "InboundHTTPPublicNetworkAclEntry"] {
        assert!(not_drawn(&i, id), "{id}");
    }
    assert!(d.nodes.keys().all(|k| !k.as_str().contains("RouteTable") && !k.as_str().contains("Acl")));
    // DependsOn on PublicRoute is not a connection; routes are not connections at all.
    assert!(d.connections.is_empty(), "{:?}", d.connections);
}

/// ecs-fargate-cluster-vpc.expect.md, part 1 (cluster stack alone).
#[test]
fn expect_ecs_cluster_stack() {
    let i = one("ecs-fargate-cluster-vpc.yaml");
    let d = &i.design;
    assert_eq!(text(d, "VPC", "cidr"), "10.0.0.0/16");
    for (s, az, tier, cidr) in [
        ("PublicSubnetOne", "AZ us-east-1a", "public", "10.0.0.0/24"),
        ("PublicSubnetTwo", "AZ us-east-1b", "public", "10.0.1.0/24"),
        ("PrivateSubnetOne", "AZ us-east-1a", "private", "10.0.2.0/24"),
        ("PrivateSubnetTwo", "AZ us-east-1b", "private", "10.0.3.0/24"),
    ] {
        assert_eq!((az_of(d, s), text(d, s, "tier"), text(d, s, "cidr")), (az.to_string(), tier.to_string(), cidr.to_string()), "{s}");
    }
    assert_eq!(parent(d, "InternetGateway").as_deref(), Some("VPC"));
    assert_eq!(parent(d, "NatGatewayOne").as_deref(), Some("PublicSubnetOne"));
    assert_eq!(parent(d, "NatGatewayTwo").as_deref(), Some("PublicSubnetTwo"));
    assert_eq!(merged_into(&i, "NatGatewayOneAttachment"), "NatGatewayOne");
    // Gateway endpoint (no VpcEndpointType) at VPC level, for DynamoDB.
    assert_eq!(kind(d, "DynamoDBEndpoint"), "vpc-endpoint-gateway");
    assert_eq!(parent(d, "DynamoDBEndpoint").as_deref(), Some("VPC"));
    assert_eq!(text(d, "DynamoDBEndpoint", "service"), "dynamodb");
    // The ECS cluster is a logical group in the region.
    assert_eq!(kind(d, "ECSCluster"), "ecs-cluster");
    assert_eq!(parent(d, "ECSCluster"), None);
    // Public ALB spans the public subnets, internal ALB the private ones.
    // Each is one component placed in a subnet per AZ (issue 14), not one per subnet.
    assert_eq!((kind(d, "PublicLoadBalancer"), parent(d, "PublicLoadBalancer").as_deref()), ("alb".to_string(), Some("PublicSubnetOne")));
    assert_eq!(span(d, "PublicLoadBalancer"), ["PublicSubnetTwo"]);
    assert_eq!(span(d, "PrivateLoadBalancer"), ["PrivateSubnetTwo"]);
    assert!(flag(d, "PublicLoadBalancer", "internet_facing"));
    assert_eq!(az_count(d, "PublicLoadBalancer"), 2.0);
    assert!(!set(d, "PublicLoadBalancer", "az_count"), "the subnets say it");
    assert!(i.report.entry("PublicLoadBalancer").unwrap().notes.iter().any(|n| n.contains("PublicSubnetOne, PublicSubnetTwo")));
    assert!(!flag(d, "PrivateLoadBalancer", "internet_facing"));
    assert!(i.report.entry("PrivateLoadBalancer").unwrap().notes.iter().any(|n| n.contains("PrivateSubnetOne, PrivateSubnetTwo")));
    assert!(merged_into(&i, "PublicLoadBalancerListener") == "PublicLoadBalancer", "listener HTTP :80 folded into its ALB");
    // Connections: Internet → public ALB (SG ingress 0.0.0.0/0, all protocols).
    assert_eq!(conn(d, "internet-users", "PublicLoadBalancer").map(|c| c.0), Some(ConnKind::Sync));
    assert!(d.nodes[&NodeId::new("PublicLoadBalancer")].ingress.iter().any(|g| g.cidr == "0.0.0.0/0"));
    assert!(conn(d, "internet-users", "PrivateLoadBalancer").is_none(), "the internal ALB is not an entry point");
    // Routes: public → IGW; each private subnet → the NAT of its AZ; NAT → IGW; private → DynamoDB endpoint.
    assert!(has_route(&i, "PublicSubnetOne", "InternetGateway") && has_route(&i, "PublicSubnetTwo", "InternetGateway"));
    assert!(has_route(&i, "PrivateSubnetOne", "NatGatewayOne") && has_route(&i, "PrivateSubnetTwo", "NatGatewayTwo"));
    assert!(has_route(&i, "NatGatewayOne", "InternetGateway") && has_route(&i, "NatGatewayTwo", "InternetGateway"));
    assert!(has_route(&i, "PrivateSubnetOne", "DynamoDBEndpoint") && has_route(&i, "PrivateSubnetTwo", "DynamoDBEndpoint"));
    // The security-group rules are kept (in the report: no member of the container SG yet).
    for (rule, group) in [
        ("EcsSecurityGroupIngressFromPublicALB", "FargateContainerSecurityGroup"),
        ("EcsSecurityGroupIngressFromPrivateALB", "FargateContainerSecurityGroup"),
        ("EcsSecurityGroupIngressFromSelf", "FargateContainerSecurityGroup"),
        ("PrivateLoadBalancerIngressFromECS", "PrivateLoadBalancerSG"),
    ] {
        assert_eq!(merged_into(&i, rule), group, "{rule}");
    }
    // May be skipped: IAM roles, dummy target groups (no targets).
    assert!(not_drawn(&i, "ECSRole") && not_drawn(&i, "ECSTaskExecutionRole"));
    assert_eq!(merged_into(&i, "DummyTargetGroupPublic"), "(no targets in the files)");
}

/// ecs-fargate-cluster-vpc.expect.md, part 2 (both stacks, cluster stack named production).
#[test]
fn expect_ecs_cluster_and_service() {
    let mut opts = Options::default();
    opts.stack_names.insert("ecs-fargate-cluster-vpc.yaml".into(), "production".into());
    let i = imp(&["ecs-fargate-cluster-vpc.yaml", "ecs-fargate-service.yaml"], &opts);
    let d = &i.design;
    assert_eq!(kind(d, "Service"), "ecs-service");
    assert_eq!(text(d, "Service", "launch_type"), "fargate");
    assert_eq!(num(d, "Service", "tasks"), 2.0, "DesiredCount 2");
    assert_eq!((num(d, "Service", "cpu_vcpu"), num(d, "Service", "memory_gb")), (0.25, 0.5), "256 CPU units / 512 MiB");
    assert!(flag(d, "Service", "public_ip"), "AssignPublicIp ENABLED kept as written");
    assert_eq!(parent(d, "Service").as_deref(), Some("PrivateSubnetOne"), "tasks in the two private subnets: one service spanning them");
    assert_eq!(span(d, "Service"), ["PrivateSubnetTwo"]);
    let notes = &i.report.entry("Service").unwrap().notes;
    assert!(notes.iter().any(|n| n.contains("PrivateSubnetOne, PrivateSubnetTwo")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("nginx")) && notes.iter().any(|n| n.contains("80")));
    assert_eq!(merged_into(&i, "TaskDefinition"), "Service", "task definition is properties, not a box");
    // Member of the cluster.
    assert_eq!(conn(d, "Service", "ECSCluster").map(|c| c.0), Some(ConnKind::Association));
    // Public ALB → Service on HTTP 80 through listener, rule, target group.
    let (k, port, label) = conn(d, "PublicLoadBalancer", "Service").expect("ALB → service");
    assert_eq!((k, port), (ConnKind::Sync, Some(80)));
    assert!(label.contains("TargetGroup"), "{label}");
    assert_eq!(merged_into(&i, "TargetGroup"), "Service");
    assert_eq!(merged_into(&i, "LoadBalancerRule"), "PublicLoadBalancerListener");
    // Service tasks → NAT of their own AZ (private subnets route to it).
    assert!(has_route(&i, "PrivateSubnetOne", "NatGatewayOne") && has_route(&i, "PrivateSubnetTwo", "NatGatewayTwo"));
    // TaskRoleArn !If [HasCustomRole, ...] with Role "" is absent: no unresolved value about it.
    assert!(unresolved(&i, "TaskDefinition").is_empty() && unresolved(&i, "Service").is_empty(), "{:?}", unresolved(&i, "Service"));
    // DependsOn: LoadBalancerRule is ordering only.
    assert!(d.connections.values().all(|c| c.to.as_str() != "LoadBalancerRule" && c.from.as_str() != "LoadBalancerRule"));
}

/// ecs-fargate-cluster-vpc.expect.md: "Service stack imported alone".
#[test]
fn expect_ecs_service_stack_alone() {
    let i = one("ecs-fargate-service.yaml");
    let d = &i.design;
    assert_eq!(kind(d, "Service"), "ecs-service");
    assert_eq!(merged_into(&i, "TargetGroup"), "Service", "kept with its target group");
    assert!(matches!(outcome(&i, "LoadBalancerRule"), Outcome::NotDrawn { .. }));
    // The unresolved imports are reported as external references...
    let u = unresolved(&i, "Service").join("\n");
    for x in ["production:PrivateSubnetOne", "production:PrivateSubnetTwo", "production:FargateContainerSecurityGroup", "production:ClusterName"] {
        assert!(u.contains(x), "{x} not reported: {u}");
    }
    assert!(unresolved(&i, "LoadBalancerRule").join(" ").contains("production:PublicListener"));
    assert!(unresolved(&i, "TargetGroup").join(" ").contains("production:VPCId"));
    assert!(unresolved(&i, "TaskDefinition").join(" ").contains("production:ECSTaskExecutionRole"));
    // ...without inventing a VPC: the only container is a labelled placeholder, no CIDR, AZ or subnet.
    assert_eq!(count(d, "vpc"), 1);
    let vpc = d.nodes.values().find(|n| n.kind == "vpc").unwrap();
    assert!(vpc.label.contains("not in the files") && vpc.props.is_empty(), "{vpc:?}");
    assert_eq!((count(d, "az"), count(d, "subnet")), (0, 0));
}

/// eks-3az.expect.md
#[test]
fn expect_eks_3az() {
    let i = one("eks-3az.yaml");
    let d = &i.design;
    assert_eq!(text(d, "VPC", "cidr"), "10.0.0.0/16");
    let subnets = [
        ("PublicSubnet1", "a", "public", "10.0.1.0/24"),
        ("PublicSubnet2", "b", "public", "10.0.2.0/24"),
        ("PublicSubnet3", "c", "public", "10.0.3.0/24"),
        ("PrivateSubnet1", "a", "private", "10.0.4.0/24"),
        ("PrivateSubnet2", "b", "private", "10.0.5.0/24"),
        ("PrivateSubnet3", "c", "private", "10.0.6.0/24"),
    ];
    for (s, az, tier, cidr) in subnets {
        assert_eq!((az_of(d, s), text(d, s, "tier"), text(d, s, "cidr")), (format!("AZ us-east-1{az}"), tier.to_string(), cidr.to_string()), "{s}");
    }
    assert!(i.report.entry("PublicSubnet1").unwrap().notes.iter().any(|n| n.contains("kubernetes.io/role/elb=1")), "the elb tag is kept as a note");
    for n in 1..=3 {
        assert_eq!(parent(d, &format!("NATGateway{n}")), Some(format!("PublicSubnet{n}")));
        assert_eq!(merged_into(&i, &format!("EIP{n}")), format!("NATGateway{n}"));
        assert!(has_route(&i, &format!("PrivateSubnet{n}"), &format!("NATGateway{n}")), "one NAT per AZ");
        assert!(has_route(&i, &format!("NATGateway{n}"), "InternetGateway"));
        assert!(has_route(&i, &format!("PublicSubnet{n}"), "InternetGateway"));
    }
    // Control plane at VPC level, version a parameter without a value: unset, reported, no failure.
    assert_eq!((kind(d, "ControlPlane"), parent(d, "ControlPlane").as_deref()), ("eks-cluster".to_string(), Some("VPC")));
    assert!(unresolved(&i, "ControlPlane").iter().any(|u| u.contains("EKSClusterVersion")));
    assert!(i.report.notes.iter().any(|n| n.contains("EKSClusterVersion has no default")));
    // Node group: spans the three private subnets; 2 × t3.medium (not 3, not 2 per AZ).
    assert_eq!((kind(d, "ManagedNodeGroup"), parent(d, "ManagedNodeGroup").as_deref()), ("eks-nodegroup".to_string(), Some("PrivateSubnet1")));
    assert_eq!(span(d, "ManagedNodeGroup"), ["PrivateSubnet2", "PrivateSubnet3"]);
    assert_eq!(count(d, "eks-nodegroup"), 1);
    assert_eq!(num(d, "ManagedNodeGroup", "count"), 2.0);
    assert_eq!(text(d, "ManagedNodeGroup", "instance_type"), "t3.medium");
    let notes = i.report.entry("ManagedNodeGroup").unwrap().notes.join(" | ");
    assert!(notes.contains("PrivateSubnet1, PrivateSubnet2, PrivateSubnet3") && notes.contains("AL2_x86_64") && notes.contains("80 GiB gp3"), "{notes}");
    assert_eq!(merged_into(&i, "LaunchTemplate"), "ManagedNodeGroup");
    // Nodes join the cluster; the shared SG's self rule is kept.
    assert_eq!(conn(d, "ManagedNodeGroup", "ControlPlane").map(|c| c.0), Some(ConnKind::Association));
    assert_eq!(merged_into(&i, "ControlPlaneSecurityGroupIngress"), "ControlPlaneSecurityGroup");
    assert!(not_drawn(&i, "EKSClusterRole") && not_drawn(&i, "NodeInstanceRole"));
}

/// alb-asg-existing-vpc.expect.md
#[test]
fn expect_alb_asg_existing_vpc() {
    let i = one("alb-asg-existing-vpc.yaml");
    let d = &i.design;
    // Existing network: one placeholder VPC, no invented CIDR, AZ or subnet.
    assert_eq!((count(d, "vpc"), count(d, "az"), count(d, "subnet")), (1, 0, 0));
    let vpc = d.nodes.values().find(|n| n.kind == "vpc").unwrap();
    assert!(vpc.label.contains("Existing VPC") && !vpc.props.contains_key("cidr"));
    assert!(i.report.notes.iter().any(|n| n.contains("Existing VPC")), "a visible note that the network is external");
    // ALB: internet-facing, 443 from 0.0.0.0/0, in the existing VPC, AZ count unknown (not invented).
    assert_eq!(kind(d, "ElasticLoadBalancer"), "alb");
    assert_eq!(parent(d, "ElasticLoadBalancer"), Some(vpc.id.to_string()));
    assert!(flag(d, "ElasticLoadBalancer", "internet_facing"));
    assert!(!set(d, "ElasticLoadBalancer", "az_count"), "the subnet count is a parameter: not invented");
    let ing = &d.nodes[&NodeId::new("ElasticLoadBalancer")].ingress;
    assert!(ing.iter().any(|g| g.port == 443 && g.cidr == "0.0.0.0/0"), "{ing:?}");
    // ASG: min 1, max 3, t4g.micro, 32 GiB EBS, ELB health check, unresolved subnets/AZs/SGs.
    assert_eq!(kind(d, "WebServerGroup"), "asg");
    assert_eq!((num(d, "WebServerGroup", "min"), num(d, "WebServerGroup", "max")), (1.0, 3.0));
    assert_eq!(d.prop(&d.nodes[&NodeId::new("WebServerGroup")], "instance_types").unwrap().as_list().unwrap(), ["t4g.micro".to_string()]);
    assert_eq!(num(d, "WebServerGroup", "ebs_gb"), 32.0);
    assert_eq!(text(d, "WebServerGroup", "health_check_type"), "elb");
    assert!(!set(d, "WebServerGroup", "az_count"));
    let u = unresolved(&i, "WebServerGroup").join(" | ");
    assert!(u.contains("parameter Subnets") && u.contains("parameter AZs") && u.contains("parameter SecurityGroups"), "{u}");
    assert_eq!(merged_into(&i, "LaunchTemplate"), "WebServerGroup", "launch template folded into the ASG");
    // SNS topic with its email subscription and KMS key noted.
    assert_eq!(kind(d, "NotificationTopic"), "sns");
    assert_eq!(parent(d, "NotificationTopic"), None);
    let tn = i.report.entry("NotificationTopic").unwrap().notes.join(" ");
    assert!(tn.contains("email") && tn.contains("KmsKeyArn"), "{tn}");
    // Alarms: one CloudWatch component counting two alarms, folded scaling rules on the ASG.
    assert_eq!(num(d, "CloudWatchAlarms", "alarms"), 2.0);
    assert!(matches!(outcome(&i, "CPUAlarmHigh"), Outcome::Merged { how, .. } if how.contains("90") && how.contains("WebServerScaleUpPolicy")));
    assert!(matches!(outcome(&i, "CPUAlarmLow"), Outcome::Merged { how, .. } if how.contains("70") && how.contains("WebServerScaleDownPolicy")));
    assert_eq!(merged_into(&i, "WebServerScaleUpPolicy"), "WebServerGroup");
    assert_eq!(text(d, "WebServerGroup", "scaling_policy"), "step");
    // Connections: Internet → ALB; ALB → ASG on HTTP 80 through the target group; ASG → topic.
    assert_eq!(conn(d, "internet-users", "ElasticLoadBalancer").map(|c| c.0), Some(ConnKind::Sync));
    let (k, port, label) = conn(d, "ElasticLoadBalancer", "WebServerGroup").expect("ALB → ASG");
    assert_eq!((k, port), (ConnKind::Sync, Some(80)));
    assert!(label.contains("HTTPS:443") && label.contains("HTTP:80"), "{label}");
    assert_eq!(merged_into(&i, "TargetGroup"), "WebServerGroup");
    assert!(unresolved(&i, "LoadBalancerListener").iter().any(|u| u.contains("CertificateArn")));
    assert_eq!(conn(d, "WebServerGroup", "NotificationTopic").map(|c| c.0), Some(ConnKind::Async));
    // Must NOT be inferred: InstanceSecurityGroup is attached to nothing; no SG-based claim.
    assert!(i.report.entry("InstanceSecurityGroup").unwrap().notes.iter().any(|n| n.contains("attached to nothing")));
    assert!(d.nodes[&NodeId::new("WebServerGroup")].ingress.is_empty());
    assert_eq!(d.connections.values().filter(|c| c.to.as_str() == "WebServerGroup" && c.kind == ConnKind::Sync).count(), 1, "only the ALB calls the ASG");
    // QA s30 F4: the alarms scale the ASG: CPUAlarmHigh/Low → their policies → WebServerGroup,
    // drawn as one edge from the alarms (the policies are folded into the ASG).
    let (k, _, label) = conn(d, "CloudWatchAlarms", "WebServerGroup").expect("alarms → ASG");
    assert_eq!(k, ConnKind::Async);
    assert!(label.contains("CPUAlarmHigh → WebServerScaleUpPolicy") && label.contains("CPUAlarmLow → WebServerScaleDownPolicy"), "{label}");
}

/// QA s31 F4: alb-asg-existing-vpc.yaml billed $69.38, about $17 of it from catalog defaults
/// the template does not have. The template has two alarms on AWS/EC2 CPUUtilization (a
/// service's own metric, not a custom one) and no AWS::CloudWatch::Dashboard; the ASG notifies
/// its topic of scaling activities, not of every request it serves. By hand, at the reference
/// list prices (/work/shared/reference/aws-list-prices-us-east-1.md: alarm $0.10/month, custom
/// metric $0.30/month, dashboard $3.00/month, SNS $0.50 per million publishes; HTTP/S
/// deliveries $0.60 per million, the price book's, as the subscription not drawn is priced):
/// - CloudWatch alarms: 2 × $0.10 = $0.20; custom metrics 0 (was 10 × $0.30 = $3.00);
///   dashboards 0 (was 1 × $3.00 = $3.00);
/// - the topic: 100 notifications a month (assumed: data/capacity.json
///   `asg-scaling-notifications`, 2 per scale cycle × 50 cycles a month), one 64 KB chunk
///   each: 100 × $0.50 / 1e6 = $0.00005 of publishes, 100 × 1 subscription × $0.60 / 1e6 =
///   $0.00006 of deliveries: $0.00011 (was 10 M: $5.00 + $6.00);
/// - the bill: $69.38 − $3.00 − $3.00 − $5.00 − $6.00 + $0.00011 = $52.38.
/// The report lists what is left at an assumption: the topic's 100 notifications and the
/// Internet users' 10 M requests a month (the catalog's default).
#[test]
fn alb_asg_bills_what_the_template_says_and_lists_what_is_assumed() {
    let i = one("alb-asg-existing-vpc.yaml");
    let d = &i.design;
    assert_eq!((num(d, "CloudWatchAlarms", "alarms"), num(d, "CloudWatchAlarms", "custom_metrics"), num(d, "CloudWatchAlarms", "dashboards")), (2.0, 0.0, 0.0));
    let bill = cloudwright_engine::cost::cost(d);
    let close = |got: f64, want: f64| assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
    close(bill.node_total("CloudWatchAlarms"), 0.20);
    assert_eq!(cloudwright_engine::capacity::data::assumption("asg-scaling-notifications"), 100.0);
    close(bill.node_total("NotificationTopic"), 100.0 * 0.50 / 1e6 + 100.0 * 0.60 / 1e6);
    assert!((bill.monthly - 52.38).abs() < 0.005, "total {}", bill.monthly);
    let notes = i.report.notes.join("\n");
    assert!(notes.contains("assumed: WebServerGroup → NotificationTopic carries 100 messages a month"), "{notes}");
    assert!(notes.contains("assumed: Internet users, requests per month: 10,000,000 requests/month (the catalog's default"), "{notes}");
    assert_eq!(i.report.notes.iter().filter(|n| n.starts_with("assumed:")).count(), 2, "{notes}");
    for n in i.report.notes.iter().filter(|n| n.starts_with("assumed:")) {
        assert!(n.contains("edit") && n.contains("in the inspector"), "{n}");
    }
}

/// Review R4: the scaling notifications are a fixed figure a month, not a share of the
/// group's flow: at a scenario ×10 (10 × 10 M requests to the ALB and the group) the topic
/// still receives 100 publishes, and the group → topic connection takes none of the group's
/// flow. By hand: 100 × $0.50 / 1e6 = $0.00005 of publishes and 100 × 1 subscription not drawn
/// × $0.60 / 1e6 = $0.00006 of deliveries, at ×1 and at ×10 alike (as a share, ×10 sent 1,000:
/// $0.0011).
#[test]
fn scaling_notifications_do_not_grow_with_the_traffic() {
    let i = one("alb-asg-existing-vpc.yaml");
    let d = &i.design;
    assert_eq!(num(d, "NotificationTopic", "other_publishes_per_month"), 100.0);
    let c = d.connections.values().find(|c| c.from.as_str() == "WebServerGroup" && c.to.as_str() == "NotificationTopic").expect("the notifications drawn");
    assert_eq!(c.share, Some(0.0), "the notifications take none of the group's requests");
    for x in [1.0, 10.0] {
        let bill = cloudwright_engine::cost::cost_at(d, x);
        let publishes: f64 = bill.lines_of("NotificationTopic").filter(|l| l.price_id == "sns.publish").map(|l| l.quantity).sum();
        assert!((publishes - 100.0 / 1e6).abs() < 1e-12, "×{x}: {publishes} M publishes");
        assert!((bill.node_total("NotificationTopic") - (100.0 * 0.50 / 1e6 + 100.0 * 0.60 / 1e6)).abs() < 1e-12, "×{x}: {}", bill.node_total("NotificationTopic"));
    }
}

/// Custom metrics are those outside the AWS namespaces, counted once each; a dashboard is
/// counted (AWS::CloudWatch::Dashboard), and a template with none has none.
#[test]
fn alarms_count_custom_metrics_and_dashboards_from_the_template() {
    let alarm = |id: &str, ns: &str, metric: &str| format!("  {id}:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n      Namespace: {ns}\n      MetricName: {metric}\n      ComparisonOperator: GreaterThanThreshold\n      Threshold: 1\n");
    let dash = |id: &str| format!("  {id}:\n    Type: AWS::CloudWatch::Dashboard\n    Properties:\n      DashboardBody: '{{}}'\n");
    let body = [alarm("A", "AWS/EC2", "CPUUtilization"), alarm("B", "MyApp", "Orders"), alarm("C", "MyApp", "Orders"), alarm("D", "MyApp", "Refunds"), dash("Board1"), dash("Board2")].concat();
    let i = import(&[SourceFile::new("cw.yaml", format!("Resources:\n{body}"))], &Options::default()).unwrap();
    let d = &i.design;
    assert_eq!((num(d, "CloudWatchAlarms", "alarms"), num(d, "CloudWatchAlarms", "custom_metrics"), num(d, "CloudWatchAlarms", "dashboards")), (4.0, 2.0, 2.0));
    assert_eq!(merged_into(&i, "Board1"), "CloudWatchAlarms");
    // 4 alarms × $0.10 + 2 custom metrics × $0.30 + 2 dashboards × $3.00 = $7.00.
    let bill = cloudwright_engine::cost::cost(d);
    assert!((bill.node_total("CloudWatchAlarms") - 7.0).abs() < 1e-9, "{}", bill.node_total("CloudWatchAlarms"));
}

/// vpc-endpoint-private.expect.md
#[test]
fn expect_vpc_endpoint_private() {
    let i = one("vpc-endpoint-private.yaml");
    let d = &i.design;
    assert_eq!(text(d, "VPC", "cidr"), "10.192.0.0/16");
    assert_eq!((count(d, "internet-gateway"), count(d, "nat-gateway")), (0, 0), "no internet access, no NAT");
    for (s, az, cidr) in [("PrivateSubnet1", "AZ us-east-1a", "10.192.20.0/24"), ("PrivateSubnet2", "AZ us-east-1b", "10.192.21.0/24")] {
        assert_eq!((az_of(d, s), text(d, s, "tier"), text(d, s, "cidr")), (az.to_string(), "isolated".to_string(), cidr.to_string()), "{s}: !GetAZs with no argument");
    }
    // EnvironmentName has no default: names fall back to logical ids; the import does not fail.
    assert!(i.report.notes.iter().any(|n| n.contains("EnvironmentName")));
    // Interface endpoint for CloudFormation, one ENI per AZ (billed per AZ), 443 from anywhere.
    assert_eq!(kind(d, "CfnEndpoint"), "vpc-endpoint-interface");
    assert_eq!(num(d, "CfnEndpoint", "az_count"), 2.0);
    assert!(i.report.entry("CfnEndpoint").unwrap().notes.iter().any(|n| n.contains("cloudformation")), "reaches the CloudFormation service outside the VPC");
    assert!(d.nodes[&NodeId::new("CfnEndpoint")].ingress.iter().any(|g| g.port == 443 && g.cidr == "0.0.0.0/0"));
    // One t3.micro in PrivateSubnet1, SSH from the VPC only.
    assert_eq!((kind(d, "PrivateInstance"), parent(d, "PrivateInstance").as_deref()), ("ec2".to_string(), Some("PrivateSubnet1")));
    assert_eq!(text(d, "PrivateInstance", "instance_type"), "t3.micro");
    assert!(d.nodes[&NodeId::new("PrivateInstance")].ingress.iter().any(|g| g.port == 22 && g.cidr == "10.192.0.0/16"));
    // PrivateInstance → CfnEndpoint on 443 (EndpointSG admits it), not from DependsOn.
    let (k, port, label) = conn(d, "PrivateInstance", "CfnEndpoint").expect("instance → endpoint");
    assert_eq!((k, port), (ConnKind::Sync, Some(443)));
    assert!(label.contains("EndpointSG"), "{label}");
    assert!(not_drawn(&i, "PrivateRouteTable1"));
    // QA s30 F4: CfnEndpoint → the CloudFormation regional service, outside the VPC. The
    // catalog has no CloudFormation kind: an External API at the top level, said so in the report.
    let (k, port, label) = conn(d, "CfnEndpoint", "CfnEndpointService").expect("endpoint → CloudFormation");
    assert_eq!((k, port), (ConnKind::Sync, Some(443)));
    assert!(label.contains("com.amazonaws.us-east-1.cloudformation"), "{label}");
    assert_eq!((kind(d, "CfnEndpointService"), parent(d, "CfnEndpointService")), ("external-api".to_string(), None));
    assert!(d.nodes[&NodeId::new("CfnEndpointService")].label.contains("cloudformation"));
    let notes = i.report.entry("CfnEndpoint").unwrap().notes.join(" ");
    assert!(notes.contains("no kind") && notes.contains("External API"), "{notes}");
    // Priced: one instance, the endpoint per AZ.
    let cost = cloudwright_engine::cost::cost(d);
    assert!(cost.by_node.get(&NodeId::new("CfnEndpoint")).copied().unwrap_or(0.0) > 0.0);
    assert!(cost.by_node.get(&NodeId::new("PrivateInstance")).copied().unwrap_or(0.0) > 0.0);
}

/// The External API an import draws behind an interface endpoint is reached over PrivateLink:
/// with users calling the instance (so calls flow instance → endpoint → service), nothing is
/// booked on the endpoint as internet egress (main booked each call's request bytes) or NAT.
#[test]
fn an_endpoints_calls_to_its_service_are_not_internet_egress() {
    use cloudwright_engine::model::{Connection, Node};
    use cloudwright_engine::Edit;
    let mut d = one("vpc-endpoint-private.yaml").design;
    Edit::AddNode { node: Node::new("u", "users"), rect: None }.apply(&mut d).expect("adds users");
    Edit::Connect { conn: Connection::new("cu", "u", "PrivateInstance", ConnKind::Sync) }.apply(&mut d).expect("connects");
    let t = cloudwright_engine::traffic::traffic(&d);
    assert!(t.usage[&NodeId::new("CfnEndpointService")].requests > 0.0, "calls reach the service through the endpoint");
    let u = &t.usage[&NodeId::new("CfnEndpoint")];
    assert_eq!((u.internet_egress_gb, u.nat_gb), (0.0, 0.0));
}

/// The interface endpoint's charges and the PrivateLink path, by hand, at the reference list
/// prices (/work/shared/reference/aws-list-prices-us-east-1.md: interface VPC endpoint $0.01
/// per hour per AZ + $0.01 per GB processed; a month = 730 h; 1 GB = 1,000,000 KB).
/// - As imported (no caller of the instance): 2 AZ (PrivateSubnet1, PrivateSubnet2) × 730 h ×
///   $0.01 = $14.60, 0 GB processed.
/// - With Internet users calling the instance (10 M requests a month, the catalog's default;
///   2 KB request + 20 KB response, the default workload) and the instance calling
///   CloudFormation through the endpoint: 10 M × 22 KB = 220 GB processed × $0.01 = $2.20;
///   $16.80 in all. No NAT gateway in the design, no NAT processing, and nothing billed as
///   internet egress on the endpoint or the service (PrivateLink stays in AWS's network);
///   the instance's answers to the users are its own egress (200 GB × $0.09 = $18.00 on it).
#[test]
fn the_interface_endpoint_bills_per_az_hour_and_gb_and_its_path_no_nat_or_egress() {
    use cloudwright_engine::model::{Connection, Node};
    use cloudwright_engine::Edit;
    let close = |got: f64, want: f64| assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
    let sum = |b: &cloudwright_engine::cost::CostReport, node: &str, price: &str| b.lines_of(node).filter(|l| &*l.price_id == price).map(|l| l.monthly).sum::<f64>();
    let mut d = one("vpc-endpoint-private.yaml").design;
    let bill = cloudwright_engine::cost::cost(&d);
    close(sum(&bill, "CfnEndpoint", "vpce.interface.az_hour"), 2.0 * 730.0 * 0.01);
    close(bill.node_total("CfnEndpoint"), 14.60);
    Edit::AddNode { node: Node::new("u", "users"), rect: None }.apply(&mut d).expect("adds users");
    Edit::Connect { conn: Connection::new("cu", "u", "PrivateInstance", ConnKind::Sync) }.apply(&mut d).expect("connects");
    let bill = cloudwright_engine::cost::cost(&d);
    close(sum(&bill, "CfnEndpoint", "vpce.interface.az_hour"), 14.60);
    close(sum(&bill, "CfnEndpoint", "vpce.interface.gb"), 10_000_000.0 * 22.0 / 1e6 * 0.01);
    close(bill.node_total("CfnEndpoint"), 16.80);
    assert!(!bill.lines.iter().any(|l| l.price_id.starts_with("nat.")), "no NAT line");
    for id in ["CfnEndpoint", "CfnEndpointService"] {
        assert!(!bill.lines_of(id).any(|l| &*l.price_id == "dto.internet"), "no internet egress on {id}");
    }
    close(sum(&bill, "PrivateInstance", "dto.internet"), 10_000_000.0 * 20.0 / 1e6 * 0.09);
}

/// The AWS service an import draws behind an interface endpoint (an External API, the catalog
/// having no CloudFormation kind) is marked as AWS's, with the latency of an AWS API call in
/// the Region, not a third party's defaults (80 / 400 ms, 99.9%): an instance calling it
/// without a circuit breaker raises no third-party availability finding; the same call to
/// a third party does.
#[test]
fn an_endpoints_aws_service_is_not_a_third_party() {
    use cloudwright_engine::model::{Connection, Value};
    use cloudwright_engine::Edit;
    let i = one("vpc-endpoint-private.yaml");
    let mut d = i.design.clone();
    assert_eq!(text(&d, "CfnEndpointService", "provider"), "aws");
    // Only the provider is set (review R8): the latency model reads the AWS-API row of
    // data/latency.json for it, as for one drawn by hand (tests/latency_cases.rs).
    let props = &d.nodes[&NodeId::new("CfnEndpointService")].props;
    assert!(!props.contains_key("p50_ms") && !props.contains_key("p99_ms"), "{props:?}");
    assert!(i.report.entry("CfnEndpoint").unwrap().notes.iter().any(|n| n.starts_with("estimated:") && n.contains("15 ms")));
    Edit::Connect { conn: Connection::new("cx", "PrivateInstance", "CfnEndpointService", ConnKind::Sync) }.apply(&mut d).expect("connects");
    let fallback = |d: &Design| cloudwright_engine::rules::check(d).iter().any(|f| f.rule == "res.external-api-no-fallback");
    assert!(!fallback(&d), "an AWS service is not a third party");
    let svc = NodeId::new("CfnEndpointService");
    let before = d.nodes[&svc].props.get("provider").cloned();
    Edit::SetProp { id: svc.clone(), key: "provider".into(), before, after: Some(Value::Text("third-party".into())) }.apply(&mut d).expect("sets the provider");
    assert!(fallback(&d), "a third party at 99.9% without a circuit breaker is flagged");
}

/// webapp-waf-cognito.expect.md
#[test]
fn expect_webapp_waf_cognito() {
    let i = one("webapp-waf-cognito.yaml");
    let d = &i.design;
    assert_eq!(count(d, "vpc"), 0, "no VPC");
    assert_eq!(kind(d, "SiteWebACL"), "waf");
    assert!(flag(d, "SiteWebACL", "managed_rules"));
    assert!(i.report.entry("SiteWebACL").unwrap().notes.iter().any(|n| n.contains("AWSManagedRulesCommonRuleSet")));
    assert_eq!(kind(d, "SiteDistribution"), "cloudfront");
    assert_eq!(count(d, "s3"), 6, "6 buckets in all");
    assert!(flag(d, "SiteContentBucket", "versioning") && flag(d, "SiteContentBucket", "block_public_access"));
    assert_eq!(kind(d, "CognitoUserPool"), "cognito");
    assert_eq!(merged_into(&i, "CognitoDomain"), "CognitoUserPool");
    assert_eq!(merged_into(&i, "CognitoClient"), "CognitoUserPool");
    assert_eq!((kind(d, "RestApi"), text(d, "RestApi", "api_type")), ("api-gateway".to_string(), "rest".to_string()));
    let api_notes = i.report.entry("RestApi").unwrap().notes.join(" ");
    assert!(api_notes.contains("stage prod") && api_notes.contains("/test") && api_notes.contains("/jwt"), "{api_notes}");
    assert_eq!((kind(d, "TestResourceHandler"), parent(d, "TestResourceHandler")), ("lambda".to_string(), None));
    assert!(i.report.entry("TestResourceHandler").unwrap().notes.iter().any(|n| n.contains("provided.al2023")));
    assert_eq!(kind(d, "JwtResourceHandler"), "lambda");
    assert_eq!(text(d, "TestTable", "capacity_mode"), "on-demand");
    assert!(i.report.entry("TestTable").unwrap().notes.iter().any(|n| n.contains("hash id")));
    // Users → WAF → CloudFront (as users → CloudFront and WAF attached to it).
    assert!(conn(d, "internet-users", "SiteDistribution").is_some());
    assert_eq!(conn(d, "SiteWebACL", "SiteDistribution").map(|c| c.0), Some(ConnKind::Association));
    let (k, _, l) = conn(d, "SiteDistribution", "SiteContentBucket").expect("origin");
    assert!(k == ConnKind::Sync && l.contains("origin access control"), "{l}");
    assert!(conn(d, "SiteDistribution", "SiteCloudFrontLogsBucket").is_some(), "Logging.Bucket");
    assert!(conn(d, "SiteContentBucket", "SiteContentLogBucket").is_some());
    assert_eq!(conn(d, "SiteContentBucket", "SiteContentReplicaBucket").map(|c| c.0), Some(ConnKind::Replication));
    assert!(conn(d, "SiteCloudFrontLogsBucket", "SiteCloudFrontLogsLogBucket").is_some());
    assert_eq!(conn(d, "SiteCloudFrontLogsBucket", "SiteCloudFrontLogsReplicaBucket").map(|c| c.0), Some(ConnKind::Replication));
    // API → Lambdas, found only inside !Sub strings; GET /test uses the Cognito authorizer.
    let (_, _, l) = conn(d, "RestApi", "TestResourceHandler").expect("API → test handler");
    assert!(l.contains("GET /test") && l.contains("OPTIONS /test") && l.contains("AWS_PROXY"), "{l}");
    let (_, _, l) = conn(d, "RestApi", "JwtResourceHandler").expect("API → jwt handler");
    assert!(l.contains("GET /jwt") && l.contains("OPTIONS /jwt"), "{l}");
    assert_eq!(text(d, "RestApi", "authorizer"), "cognito");
    assert_eq!(conn(d, "RestApi", "CognitoUserPool").map(|c| c.0), Some(ConnKind::Association));
    assert_eq!(conn(d, "TestResourceHandler", "TestTable").map(|c| c.0), Some(ConnKind::Sync));
    assert_eq!(conn(d, "JwtResourceHandler", "CognitoUserPool").map(|c| c.0), Some(ConnKind::Association), "weak configuration edge");
    // Must NOT be inferred: no CloudFront → API; callback URLs are configuration.
    assert!(conn(d, "SiteDistribution", "RestApi").is_none());
    assert!(conn(d, "JwtResourceHandler", "SiteDistribution").is_none() && conn(d, "CognitoUserPool", "SiteDistribution").is_none());
    // May be skipped: IAM, bucket policies (named by string), OAC, permissions, API parts.
    assert!(not_drawn(&i, "TestResourceHandlerRole") && not_drawn(&i, "SiteContentBucketAccessPolicy") && not_drawn(&i, "SiteOriginAccessControl"));
    assert_eq!(merged_into(&i, "TestResourcePermission"), "TestResourceHandler");
    for part in ["TestResourceResource", "TestResourceGet", "RestApiDeployment", "RestApiStage", "RestApiAuthorizer"] {
        assert_eq!(merged_into(&i, part), "RestApi", "{part}");
    }
    // AuthorizerId: AWS::NoValue is a literal string: never a reference.
    assert!(d.connections.values().all(|c| c.to.as_str() != "AWS::NoValue"));
}

/// sam-lambda-memorydb-vpc.expect.md
#[test]
fn expect_sam_lambda_memorydb_vpc() {
    let i = one("sam-lambda-memorydb-vpc.yaml");
    let d = &i.design;
    assert_eq!(text(d, "memdbClusterVPC", "cidr"), "30.0.0.0/16", "public address space kept as written");
    assert_eq!((count(d, "internet-gateway"), count(d, "nat-gateway")), (0, 0));
    // Literal AZs, CIDRs as written, isolated (no route tables at all).
    assert_eq!(az_of(d, "privateSubnetA"), "AZ us-east-1b");
    assert_eq!(az_of(d, "privateSubnetB"), "AZ us-east-1a");
    assert_eq!(text(d, "privateSubnetA", "cidr"), "30.0.1.0/23");
    assert_eq!(text(d, "privateSubnetB", "cidr"), "30.0.2.0/23");
    assert_eq!((text(d, "privateSubnetA", "tier"), text(d, "privateSubnetB", "tier")), ("isolated".to_string(), "isolated".to_string()));
    // MemoryDB: 2 shards × (1 + 2) = 6 nodes, TLS, in the two subnets (drawn in the first).
    assert_eq!(kind(d, "memoryDBCluster"), "elasticache");
    assert_eq!(num(d, "memoryDBCluster", "nodes"), 6.0);
    assert!(flag(d, "memoryDBCluster", "encryption_in_transit"));
    let mn = i.report.entry("memoryDBCluster").unwrap().notes.join(" | ");
    assert!(mn.contains("MemoryDB") && mn.contains("db.t4g.small") && mn.contains("privateSubnetA, privateSubnetB"), "{mn}");
    assert!(not_drawn(&i, "memoryDBClusterSubnetGroup"), "folded into the cluster's placement");
    // The function: Globals applied (java8, 512 MB, 900 s), in the VPC's subnets.
    assert_eq!(kind(d, "HelloWorldFunction"), "lambda");
    assert_eq!((text(d, "HelloWorldFunction", "runtime"), num(d, "HelloWorldFunction", "memory_mb"), num(d, "HelloWorldFunction", "timeout_s")), ("java".to_string(), 512.0, 900.0));
    assert!(d.enclosing(&NodeId::new("HelloWorldFunction"), "subnet").is_some());
    assert!(i.report.entry("HelloWorldFunction").unwrap().notes.iter().any(|n| n.contains("privateSubnetA, privateSubnetB")));
    // The implicit role exists (Outputs name it) and is not drawn.
    assert!(not_drawn(&i, "HelloWorldFunctionRole"));
    // REST API with stage dev, no VPC; on HelloWorldAPIGateway, not an implicit ServerlessRestApi.
    assert_eq!((kind(d, "HelloWorldAPIGateway"), text(d, "HelloWorldAPIGateway", "api_type")), ("api-gateway".to_string(), "rest".to_string()));
    assert_eq!(parent(d, "HelloWorldAPIGateway"), None);
    assert!(i.report.entry("HelloWorldAPIGateway").unwrap().notes.iter().any(|n| n.contains("stage dev")));
    assert!(i.report.entry("ServerlessRestApi").is_none() && !d.nodes.contains_key(&NodeId::new("ServerlessRestApi")));
    let (_, _, l) = conn(d, "HelloWorldAPIGateway", "HelloWorldFunction").expect("API → function");
    assert!(l.contains("GET /hello") && l.contains("POST /hello"), "{l}");
    // Function → MemoryDB on 6379 (the SG rule and the endpoint in the environment).
    let (k, port, _) = conn(d, "HelloWorldFunction", "memoryDBCluster").expect("function → cluster");
    assert_eq!((k, port), (ConnKind::Sync, Some(6379)));
    assert_eq!(merged_into(&i, "memoryDBSGIngress"), "memoryDBClusterSG");
}

/// The literal AZs of sam-lambda-memorydb-vpc in another region: kept, with a warning.
#[test]
fn literal_azs_in_another_region_are_kept_and_warned() {
    let opts = Options { region: "eu-west-1".into(), ..Options::default() };
    let i = imp(&["sam-lambda-memorydb-vpc.yaml"], &opts);
    assert_eq!(az_of(&i.design, "privateSubnetA"), "AZ us-east-1b");
    assert!(i.report.notes.iter().any(|n| n.contains("us-east-1b") && n.contains("eu-west-1")), "{:?}", i.report.notes);
    // And a region missing from a mapping (elasticache-redis maps AZs for 3 regions only).
    let i = imp(&["elasticache-redis.yaml"], &opts);
    let u: Vec<String> = i.report.unresolved();
    assert!(u.iter().any(|x| x.contains("AvailabilityZone") && x.contains("eu-west-1")), "{u:?}");
}

#[test]
fn conditions_unknown_tags_and_sam_implicit_api() {
    // sqs-queue-dlq: UsedeadletterQueue defaults to false: the DLQ is skipped, with the reason.
    let i = one("sqs-queue-dlq.json");
    assert!(matches!(outcome(&i, "MyDeadLetterQueue"), Outcome::Skipped { why } if why.contains("CreateDeadLetterQueue")));
    assert_eq!(kind(&i.design, "SQSQueue"), "sqs");
    // Rain's own tag is tolerated and reported.
    let i = one("apigw-rest-lambda.yaml");
    assert!(i.report.notes.iter().any(|n| n.contains("!Rain::Embed")));
    assert!(unresolved(&i, "LambdaFunction").iter().any(|u| u.contains("Rain::Embed")));
    assert!(conn(&i.design, "RestApi", "LambdaFunction").is_some());
    // SAM implicit API from Events, SimpleTable, policy template → table.
    let i = one("sam-rest-lambda-dynamodb.yaml");
    let d = &i.design;
    assert_eq!(kind(d, "ServerlessRestApi"), "api-gateway");
    assert!(i.report.entry("ServerlessRestApi").unwrap().notes.iter().any(|n| n.contains("SAM transform")));
    assert_eq!(conn(d, "ServerlessRestApi", "LambdaFunction").map(|c| c.2), Some("POST /".to_string()));
    assert_eq!((kind(d, "DynamoDBTable"), text(d, "DynamoDBTable", "capacity_mode")), ("dynamodb".to_string(), "on-demand".to_string()));
    assert_eq!(conn(d, "LambdaFunction", "DynamoDBTable").map(|c| c.0), Some(ConnKind::Sync));
    assert_eq!(text(d, "LambdaFunction", "runtime"), "python");
    // HTTP API quick create: Target names the function inside !Sub.
    let i = one("sam-http-api-lambda.yaml");
    assert_eq!(text(&i.design, "HttpApi", "api_type"), "http");
    assert!(conn(&i.design, "HttpApi", "LambdaFunction").is_some());
    assert_eq!(num(&i.design, "LambdaFunction", "memory_mb"), 128.0, "Globals");
    // SNS → SQS inline subscription.
    let i = one("sam-sns-sqs.yaml");
    assert_eq!(conn(&i.design, "MySnsTopic", "MySqsQueue").map(|c| c.0), Some(ConnKind::Async));
    // RDS with no subnet group: the default VPC placeholder; the replica folds into the primary.
    let i = one("rds-mysql-replica.yaml");
    assert_eq!(merged_into(&i, "ReplicaDB"), "MainDB");
    assert_eq!(num(&i.design, "MainDB", "read_replicas"), 1.0);
    assert!(!flag(&i.design, "MainDB", "multi_az"), "MultiAZ parameter default false");
    assert!(i.design.nodes.values().any(|n| n.kind == "vpc" && n.label.starts_with("Default VPC")));
}

#[test]
fn bad_input_is_a_clear_error() {
    let e = import(&[SourceFile::new("x.yaml", "Resources: [1, 2")], &Options::default()).unwrap_err();
    assert!(e[0].starts_with("x.yaml: not valid YAML"), "{e:?}");
    let e = import(&[SourceFile::new("x.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nDescription: none\n")], &Options::default()).unwrap_err();
    assert!(e[0].contains("no Resources section"), "{e:?}");
    let e = import(&[SourceFile::new("notes.txt", "hello")], &Options::default()).unwrap_err();
    assert!(e[0].contains("not a CloudFormation template, Terraform file"), "{e:?}");
    let e = import(&[], &Options::default()).unwrap_err();
    assert_eq!(e, vec!["no file given".to_string()]);
}

#[test]
fn alarms_say_what_they_watch_and_ingest_no_logs() {
    // Server errors and latency at any namespace's naming count for the entry-point alarm
    // rule; client errors (4xx) and other metrics do not. Alarms alone ingest no logs, so the
    // CloudWatch component is neither priced for logs nor warned about keeping them forever.
    let alarm = |id: &str, metric: &str| format!("  {id}:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n      MetricName: {metric}\n      ComparisonOperator: GreaterThanThreshold\n      Threshold: 1\n");
    let tpl = |alarms: &[(&str, &str)]| {
        let body: String = alarms.iter().map(|(id, m)| alarm(id, m)).collect();
        SourceFile::new("alarms.yaml", format!("Resources:\n{body}"))
    };
    let cases: &[(&[(&str, &str)], bool, bool)] = &[
        (&[("A", "5xxErrorRate"), ("B", "OriginLatency")], true, true),
        (&[("A", "HTTPCode_Target_5XX_Count"), ("B", "TargetResponseTime")], true, true),
        (&[("A", "Errors"), ("B", "Duration")], true, true),
        (&[("A", "4xxErrorRate"), ("B", "CPUUtilization")], false, false),
        (&[("A", "IntegrationLatency")], false, true),
    ];
    for (alarms, errors, latency) in cases {
        let i = import(&[tpl(alarms)], &Options::default()).unwrap();
        let d = &i.design;
        assert_eq!(num(d, "CloudWatchAlarms", "alarms"), alarms.len() as f64);
        assert_eq!((flag(d, "CloudWatchAlarms", "alarm_on_errors"), flag(d, "CloudWatchAlarms", "alarm_on_latency")), (*errors, *latency), "{alarms:?}");
        assert_eq!(num(d, "CloudWatchAlarms", "logs_gb_per_month"), 0.0);
        let rules: Vec<&str> = cloudwright_engine::rules::check(d).iter().map(|f| f.rule).collect();
        assert!(!rules.contains(&"obs.log-retention-never"), "{alarms:?}: {rules:?}");
    }
}

/// QA s23 #5: MemoryDB's db.t4g.small (read as cache.t4g.small, not in the catalog) is priced
/// as the nearest catalog size by memory, cache.t3.micro, and the line is an estimate saying
/// so; it was the default cache.m6g.large (the largest), unmarked: 6 × 730 × $0.149 = $652.54.
/// By hand: cache.t4g.small 1.37 GiB; cache.t3.micro 0.5 GiB (ratio 2.74), cache.m6g.large
/// 6.38 GiB (ratio 4.66) → cache.t3.micro. 2 shards × 3 nodes = 6 nodes × 730 h = 4,380
/// node-hours × $0.017 (reference list) = $74.46.
#[test]
fn memorydb_node_type_outside_the_catalog_is_priced_as_the_nearest_size_and_marked() {
    let i = one("sam-lambda-memorydb-vpc.yaml");
    let d = &i.design;
    assert_eq!(text(d, "memoryDBCluster", "node_type"), "cache.t4g.small", "the code's type is kept");
    let mn = i.report.entry("memoryDBCluster").unwrap().notes.join(" | ");
    assert!(mn.contains("cache.t4g.small") && mn.contains("cache.t3.micro, the nearest by memory") && mn.contains("an estimate"), "{mn}");
    let bill = cloudwright_engine::cost::cost(d);
    let line = bill.lines.iter().find(|l| l.node.as_str() == "memoryDBCluster").expect("a cluster line");
    assert_eq!(line.price_id, "elasticache.cache.t3.micro");
    assert_eq!(line.quantity, 4380.0);
    assert!((line.monthly - 74.46).abs() < 0.005, "{}", line.monthly);
    assert!(line.estimated, "a stand-in price is an estimate");
    assert!(line.note.contains("nearest catalog size by memory, cache.t3.micro (0.5 GiB; cache.t4g.small has 1.37 GiB)"), "{}", line.note);
}
