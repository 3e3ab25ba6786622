//! VPC and network rules: the three-tier subnet model (public / private / isolated), routes,
//! NAT and endpoints, CIDR planning, security-group-style ingress, Elastic IPs.

use super::topology::{cidr_range, is_database, is_private_cidr, is_vpc_workload, Access, Egress, Route, SubnetTier, Topology, Unreachable};
use super::{list, name, path_text, Finding, RuleMeta};
use crate::model::{ConnKind, NodeId};
use std::collections::BTreeMap;

const VPC: &str = "vpc-best-practices.txt";
const CTR: &str = "containers-ecs-eks-fargate.txt";
const EC2P: &str = "ec2-production.txt";

rule!(DB_PUBLIC, "net.db-in-public-subnet", Error, "Database in a public subnet",
    "A public subnet routes to the internet gateway; a database there is one security-group mistake away from the internet and fails most compliance reviews.",
    "Move the database into an isolated (database) subnet with no route out, reachable only from the app tier's security group.", "vpc-best-practices.txt");
rule!(STORE_REACHABLE, "net.data-store-internet-reachable", Error, "Data store reachable from outside without passing the app tier",
    "No packet from the internet should reach a data store directly: every request must go through application code that authenticates and validates it.",
    "Remove the direct path: let only the app tier (instances, tasks, functions) call the data store, and close ingress rules open to the world.", "vpc-best-practices.txt");
rule!(DB_PUBLICLY_ACCESSIBLE, "net.db-publicly-accessible", Error, "Database publicly accessible from the internet",
    "A publicly accessible RDS or Aurora instance has a public IP address; in a public subnet with an ingress rule open to the internet, anyone can reach its port and try credentials, and the data is one weak password away.",
    "Turn off Publicly accessible, move the database into an isolated subnet and allow only the app tier's security group on the database port.", "vpc-best-practices.txt");
rule!(DB_PUBLIC_FLAG, "net.db-public-ip-unused", Advice, "Database marked publicly accessible but not reachable",
    "A publicly accessible database gets a public IPv4 address, billed by the hour. Without a public subnet and an ingress rule open to the internet it is not reachable, so the address buys nothing, and a route table or rule change would expose the database.",
    "Turn off Publicly accessible; reach the database from the app tier, or through SSM port forwarding for administration.", "vpc-best-practices.txt");
rule!(STORE_NON_APP, "net.data-store-non-app-caller", Warning, "Data store called by something other than the app tier",
    "The database tier should accept connections only from the application tier's security group; other callers widen who can touch the data.",
    "Route the calls through the application tier, or justify the integration with a suppression.", "vpc-best-practices.txt");
rule!(WORKLOAD_PUBLIC, "net.workload-in-public-subnet", Error, "Application workload in a public subnet",
    "Public subnets are for load balancers and NAT gateways. Instances, tasks and functions placed there sit next to the internet gateway and lose the private-tier boundary.",
    "Move the workload into a private subnet behind the load balancer; give it outbound access through a NAT gateway.", "containers-ecs-eks-fargate.txt");
rule!(WORKLOAD_PUBLIC_IP, "net.workload-public-ip", Error, "Instance or task with a public IP",
    "A public IP on an application workload makes the security boundary unpredictable and widens the attack surface; operational access belongs to SSM, outbound traffic to NAT.",
    "Turn off the public IP; reach the workload through the load balancer and administer it with SSM Session Manager.", "vpc-best-practices.txt");
rule!(PUBLIC_SUBNET_OTHER, "net.public-subnet-unexpected", Warning, "Public subnet holds something other than load balancers and NAT",
    "Only the internet-facing entry points (load balancers, NAT gateways, Elastic IPs) belong in the public layer; anything else there is exposed for no reason.",
    "Move it into a private subnet.", "vpc-best-practices.txt");
rule!(NO_EGRESS, "net.private-no-egress", Error, "Private workload needs the internet but has no way out",
    "A private subnet reaches the internet and public AWS endpoints only through a NAT gateway (or a VPC endpoint for AWS services). Without one, these calls time out.",
    "Add a NAT gateway in a public subnet (one per AZ) and route the private subnets to it, or add VPC endpoints for the AWS services.", "vpc-best-practices.txt");
rule!(LB_NOT_PUBLIC, "net.internet-facing-lb-not-public", Error, "Internet-facing load balancer outside the public subnets",
    "An internet-facing load balancer takes its public addresses in its subnets and is reached through the internet gateway, so its subnets are the public ones, one per AZ, with the targets in private subnets behind it (AWS re:Post Knowledge Center, \"How do I attach backend instances with private IP addresses to my internet-facing load balancer in ELB?\", as of 2026-12-06). In a private or isolated subnet, whose route table has no route to the internet gateway, no request from the internet reaches it.",
    "Place the load balancer in the public subnets (one per AZ) and keep its targets in the private ones; or, if only callers inside the VPC use it, make it internal.", "https://repost.aws/knowledge-center/public-load-balancer-private-ec2");
rule!(NAT_NOT_PUBLIC, "net.nat-outside-public-subnet", Error, "NAT gateway outside a public subnet",
    "A NAT gateway forwards private traffic to the internet gateway; it only works from a public subnet whose route points at the IGW.",
    "Place the NAT gateway in a public subnet.", "vpc-best-practices.txt");
rule!(SINGLE_NAT, "net.single-nat-multi-az", Warning, "One NAT gateway serves private subnets in several AZs",
    "If the NAT gateway's AZ fails, every private subnet loses outbound access, and traffic from the other AZs pays cross-AZ transfer on top of NAT processing.",
    "Add one NAT gateway per AZ and route each private subnet to the NAT gateway in its own AZ.", "vpc-best-practices.txt");
rule!(S3_DDB_NAT, "cost.s3-dynamodb-via-nat", Warning, "S3/DynamoDB traffic goes through NAT with no gateway endpoint",
    "NAT gateways charge for every GB they process; gateway endpoints for S3 and DynamoDB are free and keep traffic on the AWS network. The cited article reports internal transfer savings up to 80%.",
    "Add a gateway VPC endpoint for the service and add it to the private route tables.", "containers-ecs-eks-fargate.txt");
rule!(ECR_CW_NAT, "cost.ecr-logs-via-nat", Advice, "ECR/CloudWatch traffic goes through NAT with no interface endpoint",
    "Image pulls and log shipping are steady, heavy traffic; through NAT every GB pays processing. Interface endpoints keep it inside AWS.",
    "Add interface VPC endpoints (ecr.api, ecr.dkr, logs, monitoring) in the private subnets, and an S3 gateway endpoint for the image layers.", "containers-ecs-eks-fargate.txt");
rule!(ECR_LAYERS_NAT, "cost.ecr-layers-via-nat", Warning, "ECR image layers go through NAT: no S3 gateway endpoint",
    "ECR serves image layers from Amazon S3. The ECR interface endpoints carry only the API calls; without an S3 gateway endpoint every layer pulled from a private subnet pays NAT processing, endpoints or not.",
    "Add a gateway VPC endpoint for S3 (free) to the VPC and its private route tables; keep the ECR interface endpoints for the API calls.", "containers-ecs-eks-fargate.txt");
rule!(PUBLIC_NO_IGW, "net.public-subnet-no-igw", Error, "Public subnet without an internet gateway route",
    "A subnet is public only if its route table sends 0.0.0.0/0 to an internet gateway attached to the VPC. Without it, the load balancers and NAT gateways there cannot reach the internet.",
    "Attach an internet gateway to the VPC and route the public subnet's 0.0.0.0/0 to it.", "vpc-best-practices.txt");
rule!(TWO_IGWS, "net.vpc-second-internet-gateway", Error, "More than one internet gateway in a VPC",
    "A VPC takes exactly one internet gateway: the quota \"Internet gateways per VPC\" is 1 and not adjustable (Amazon VPC quotas, as of 2026-12-03), so AWS refuses to attach a second one. A design drawing two has a gateway that cannot exist, and whatever routes through it is not what would run.",
    "Keep one internet gateway per VPC and route every public subnet's 0.0.0.0/0 to it; for more internet capacity nothing else is needed (a gateway scales by itself), for separation use another VPC.", "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html");
rule!(ISOLATED_ROUTE, "net.isolated-subnet-route-out", Error, "Isolated subnet has a route out",
    "The database tier should have local routes only. A route to an IGW or NAT leaks connectivity into the tier meant to be fully isolated.",
    "Give the isolated subnets their own route table with only the local VPC route.", "vpc-best-practices.txt");
rule!(CIDR_SMALL, "net.vpc-cidr-too-small", Warning, "VPC CIDR too small to grow",
    "Running out of addresses is the classic sign of a VPC that needs a redesign; a VPC cannot simply be enlarged later without migrations or peering.",
    "Start with a larger block (a /16 gives 65,536 addresses) and carve /24 subnets from it.", "vpc-best-practices.txt");
rule!(SUBNET_OUTSIDE, "net.subnet-outside-vpc", Error, "Subnet CIDR outside its VPC's block",
    "A subnet's range must be carved from its VPC's CIDR block; AWS rejects anything else.",
    "Pick a subnet CIDR inside the VPC block.", "vpc-best-practices.txt");
rule!(SUBNET_OVERLAP, "net.subnet-overlap", Error, "Subnets overlap",
    "Two subnets of one VPC cannot share addresses; AWS rejects the second one.",
    "Give each subnet its own, non-overlapping range.", "vpc-best-practices.txt");
rule!(SSH_WORLD, "net.ssh-open-to-world", Error, "SSH/RDP open to the internet",
    "Port 22 (or 3389) open to 0.0.0.0/0 invites brute-force attacks; production instances are administered through SSM Session Manager with no inbound port at all.",
    "Remove the rule; use SSM Session Manager (or at most SSH from an internal range).", "ec2-production.txt");
rule!(DB_CIDR, "net.db-open-to-cidr", Warning, "Data store opened to a CIDR block instead of the app tier's group",
    "IP-based rules break silently as instances are replaced and let in everything in the range. Reference the app tier's security group instead, so access follows the service.",
    "Replace the CIDR rule with a rule allowing the app tier's security group on the database port.", "ec2-production.txt");
rule!(EIP_IDLE, "net.elastic-ip-idle", Warning, "Elastic IP not attached",
    "An Elastic IP that is not attached to a running instance is billed by the hour for nothing.",
    "Release the Elastic IP, or attach it where an external system really needs a fixed address.", "ec2-production.txt");
rule!(EIP_NEEDLESS, "net.elastic-ip-needless", Advice, "Elastic IP where a load balancer, DNS or NAT should do",
    "Elastic IPs are for external allow-lists. A load balancer with Route 53 already gives a stable name; private instances go out through NAT.",
    "Drop the Elastic IP and use the load balancer's DNS name, or the NAT gateway for outbound traffic.", "ec2-production.txt");

rule!(DB_NOT_ISOLATED, "net.db-not-isolated", Warning, "Database in a subnet with a route to the internet",
    "Databases belong in isolated subnets with local routes only. A private subnet routes out through NAT: nothing can come in, but a compromised database host or a malicious extension can send data out, and the tier no longer meets the one-way flow compliance reviews expect.",
    "Move the database (its DB subnet group) into isolated subnets whose route table has only the local VPC route.", "vpc-best-practices.txt");
rule!(LB_INTERNAL_ONLY, "net.internet-facing-lb-internal-callers", Warning, "Internet-facing load balancer called only from inside",
    "A load balancer that only application code (or an on-premises site over its private link) calls does not need a public address; internet-facing, it sits in the public subnets and is open to anyone who finds its DNS name.",
    "Make it internal (scheme internal, in private subnets); service-to-service traffic keeps private IPs.", "ec2-production.txt");
rule!(FAR_REGION, "net.region-far-from-users", Warning, "Workload runs far from its users",
    "Latency grows with distance: every request from users on another continent crosses oceans and many network hops, however fast the backend is. The region closest to the users gives the lowest latency (compliance and price permitting).",
    "Run the workload (or a second copy of it) in a region on the users' continent, e.g. eu-west-1 for Europe or ap-southeast-1 for Southeast Asia, and put CloudFront in front for static content.", "ec2-production.txt");

rule!(API_NAT, "cost.aws-api-via-nat", Advice, "Other AWS services reached through NAT with no interface endpoint",
    "Interface endpoints are not only for ECR and CloudWatch: calls to Secrets Manager, SQS, SNS, KMS and the other regional services from private subnets also pay NAT processing on every GB and leave the AWS network, where an endpoint keeps them inside it.",
    "Add an interface VPC endpoint for the service in the private subnets (worth it once the traffic's NAT processing exceeds the endpoint's hourly charge per AZ), or accept the NAT path for light traffic.", "containers-ecs-eks-fargate.txt");
rule!(NAT_UNUSED, "cost.nat-gateway-unused", Advice, "NAT gateway that no private workload uses",
    "A NAT gateway is only useful when private subnets need outbound access; with no workload routed through it, it bills its hourly charge for nothing.",
    "Remove the NAT gateway, or place the private workloads that need outbound access in the subnets it serves.", "vpc-best-practices.txt");

rule!(WORKLOAD_VPC_CIDR, "net.workload-open-to-vpc-range", Advice, "Workload opened to an address range of its own VPC",
    "Inside the VPC a security-group reference is always the alternative: a rule by address range lets in everything in the range, and breaks silently as instances are replaced and addresses move. Least privilege means one source service per rule.",
    "Replace the CIDR rule with one allowing the calling service's security group (draw the connection from the caller).", "ec2-production.txt");

rule!(PRIVATE_FROM_INTERNET, "net.private-called-from-internet", Error, "Private service called straight from the internet",
    "Only the public layer is reachable from the internet: a private subnet has no route to the internet gateway, so traffic can only start from inside (out through a NAT gateway); something without a public address, an internal load balancer or a private API endpoint has private addresses only. An internet client drawn calling such a service directly cannot reach it at all, and neither can CloudFront, which reaches into a VPC only through a VPC origin (an ALB, an NLB or an EC2 instance; AWS, Restrict access with VPC origins, 2024) or a public endpoint. Inbound traffic enters the VPC through an entry point in the public layer or an AWS edge service in front of it.",
    "Put an entry point in front of it: an internet-facing ALB or NLB in the public subnets, API Gateway with a VPC link, or CloudFront with a VPC origin (an internal ALB or NLB); draw the users' calls to that entry point. If it is meant to be public, make it so (internet-facing scheme, regional API endpoint, a public subnet and address).", "vpc-best-practices.txt");

pub(super) const RULES: &[RuleMeta] = &[
    DB_PUBLIC, DB_PUBLICLY_ACCESSIBLE, DB_PUBLIC_FLAG, STORE_REACHABLE, STORE_NON_APP, WORKLOAD_PUBLIC, WORKLOAD_PUBLIC_IP, PUBLIC_SUBNET_OTHER, NO_EGRESS, NAT_NOT_PUBLIC,
    SINGLE_NAT, S3_DDB_NAT, ECR_CW_NAT, ECR_LAYERS_NAT, PUBLIC_NO_IGW, ISOLATED_ROUTE, CIDR_SMALL, SUBNET_OUTSIDE, SUBNET_OVERLAP, SSH_WORLD, DB_CIDR,
    EIP_IDLE, EIP_NEEDLESS, DB_NOT_ISOLATED, LB_INTERNAL_ONLY, FAR_REGION, API_NAT, NAT_UNUSED, WORKLOAD_VPC_CIDR, PRIVATE_FROM_INTERNET,
    TWO_IGWS, LB_NOT_PUBLIC,
];

/// A second (third, …) internet gateway in one VPC: AWS attaches one per VPC (quota 1, not
/// adjustable). One finding per VPC naming its gateways and the VPC.
fn igws_per_vpc(t: &Topology, out: &mut Vec<Finding>) {
    let mut by_vpc: BTreeMap<&NodeId, Vec<&crate::model::Node>> = BTreeMap::new();
    for g in t.of_kind("internet-gateway").iter().copied() {
        if let Some(v) = t.vpc_of(&g.id) {
            by_vpc.entry(&v.id).or_default().push(g);
        }
    }
    for (vpc, gws) in by_vpc.into_iter().filter(|(_, g)| g.len() > 1) {
        let Some(v) = t.node(vpc) else { continue };
        // Two gateways drawn from the palette share their label: named by label alone the
        // message reads "\"Internet gateway\" and \"Internet gateway\"", which says neither
        // which to delete. A name shared with another of the list carries the id too.
        let plain: Vec<String> = gws.iter().map(|g| name(g)).collect();
        let names: Vec<String> = plain
            .iter()
            .zip(&gws)
            .map(|(n, g)| if plain.iter().filter(|m| *m == n).count() > 1 { format!("{n} (id {})", g.id) } else { n.clone() })
            .collect();
        out.push(
            Finding::new(
                &TWO_IGWS,
                format!("{} has {} internet gateways ({}); a VPC takes one: keep one, delete the others.", name(v), gws.len(), list(&names)),
            )
            // The VPC first: selecting the finding selects the VPC that breaks the rule, not
            // one of its gateways picked at random.
            .node(vpc)
            .nodes(gws.iter().map(|g| &g.id)),
        );
    }
}

/// Application workloads with an ingress rule whose range lies inside their own VPC's block,
/// where a security-group reference would do. (Ranges outside it, such as an office over
/// VPN, have no such alternative; data stores have their own, stricter rule.)
fn vpc_range_ingress(t: &Topology, out: &mut Vec<Finding>) {
    for n in t.nodes_and_kinds().filter(|&(n, k)| is_vpc_workload(k) && !n.ingress.is_empty()).map(|(n, _)| n) {
        let Some(vpc) = t.vpc_of(&n.id) else { continue };
        let Some((lo, hi)) = cidr_range(&t.design.text_ref(vpc, "cidr")) else { continue };
        let inside: Vec<String> = n
            .ingress
            .iter()
            .filter(|i| cidr_range(&i.cidr).is_some_and(|(a, b)| a >= lo && b <= hi))
            .map(|i| format!("port {} from {}", i.port, i.cidr))
            .collect();
        if !inside.is_empty() {
            out.push(Finding::new(&WORKLOAD_VPC_CIDR, format!("{} allows {} by address range, inside {}.", name(n), list(&inside), name(vpc))).node(&n.id));
        }
    }
}

/// An AWS service (other than S3, DynamoDB, ECR and CloudWatch, which have their own rules)
/// reached through NAT, when the NAT processing of that traffic costs more than an interface
/// endpoint in every AZ of the VPC holding a subnet would (hourly charge plus its own data processing), at
/// the price book's base prices: NAT $0.045/GB against $0.01 per endpoint-AZ-hour and
/// $0.01/GB, so about 209 GB a month per AZ.
fn endpoint_pays(t: &Topology, flows: &crate::traffic::Traffic, vpc: &NodeId, key: &str, uses: &[&super::topology::ServiceUse]) -> Option<Finding> {
    let price = |id: &str| crate::cost::prices::book().get(id).map(|p| p.base()).unwrap_or(0.0);
    let gb: f64 = uses.iter().filter_map(|u| flows.edges.get(u.conn)).map(|e| e.gb).sum();
    // The AZs an endpoint could have an interface in: the VPC's hosting AZs, one when none
    // hosts (`zones::HostingAzs::spread_count`, as `zones::Zones` spreads).
    let azs = t.hosting_azs().spread_count(vpc) as f64;
    let nat = gb * price("nat.gb");
    let endpoint = azs * crate::traffic::HOURS_PER_MONTH * price("vpce.interface.az_hour") + gb * price("vpce.interface.gb");
    if nat <= endpoint {
        return None;
    }
    let mut workloads: Vec<&NodeId> = uses.iter().map(|u| u.workload).collect();
    workloads.dedup();
    let names = super::Names::of(workloads.iter().filter_map(|w| t.node(w)));
    let svc = t.node(uses[0].service).map(name).unwrap_or_default();
    let mut f = Finding::new(
        &API_NAT,
        format!(
            "{} {} {svc} through NAT: {} GB a month pays {} of NAT processing, where an interface endpoint for {key} in {azs} AZ{} would cost {}; {} has none.",
            names.list(),
            if names.len() == 1 { "reaches" } else { "reach" },
            crate::units::count_short(gb),
            crate::units::money(nat),
            if azs == 1.0 { "" } else { "s" },
            crate::units::money(endpoint),
            name(&t.design.nodes[vpc])
        ),
    )
    .node(vpc);
    for u in uses {
        if let Access::Nat(g) = u.access {
            f = f.node(g);
        }
        f = f.node(u.service).node(u.workload).conn(u.conn);
    }
    Some(f)
}

/// NAT gateways no workload egresses through, and no AWS-service call uses.
fn unused_nats(t: &Topology, out: &mut Vec<Finding>) {
    let mut used: Vec<&NodeId> = t.egresses().filter_map(|(_, e)| if let Egress::Nat(g) = e { Some(g) } else { None }).collect();
    used.extend(t.service_uses.iter().filter_map(|u| if let Access::Nat(g) = u.access { Some(g) } else { None }));
    for nat in t.of_kind("nat-gateway") {
        // A workload spanning the VPC's AZs (placed at VPC level) or private in the NAT's own AZ
        // goes out through it too: the egress map names one NAT per workload.
        let vpc = t.vpc_of(&nat.id).map(|v| &v.id);
        let az = t.place_of(&nat.id).and_then(|p| p.az).map(|a| &a.id);
        let beside = t.egresses().any(|(w, e)| {
            let p = t.place_of(w);
            matches!(e, Egress::Nat(_)) && t.vpc_of(w).map(|v| &v.id) == vpc && (p.and_then(|p| p.subnet).is_none() || p.and_then(|p| p.az).map(|a| &a.id) == az)
        });
        if !used.contains(&&nat.id) && !beside {
            let vpc = t.vpc_of(&nat.id).map(|v| format!(" in {}", name(v))).unwrap_or_default();
            out.push(Finding::new(&NAT_UNUSED, format!("{}{vpc} routes no private workload's traffic.", name(nat))).node(&nat.id));
        }
    }
}

/// Databases and caches that run in subnets (DynamoDB and EFS have no subnet of their own;
/// EFS mount targets sit beside the instances that mount them).
fn runs_in_subnet_db(kind: &str) -> bool {
    matches!(kind, "rds" | "aurora" | "elasticache")
}

/// Whether a node of `kind` in a subnet of `tier` (None: in no subnet) raises one of this
/// module's errors that depend on the tier alone: a database in a public subnet
/// ([`DB_PUBLIC`]), an application workload in one ([`WORKLOAD_PUBLIC`]), a NAT gateway of
/// public connectivity outside one ([`NAT_NOT_PUBLIC`]), an internet-facing load balancer in
/// a private or isolated subnet ([`LB_NOT_PUBLIC`], QA s32 F3). `internal`: the node's own
/// setting keeps it off the internet (a NAT gateway of private connectivity, a load balancer
/// of internal scheme), and it may sit anywhere; [`internal`] reads it.
///
/// The one answer: [`check`]'s loop raises those four findings when this is true, and the
/// drop's choice among the subnets near the point (`diagram::place::aimed_parent`) prefers
/// those where it is false (QA s31 F5: a database dropped 2 px nearer "Public a" than
/// "Private a" went public and turned the design red). Review s32 R7: the loop had its own
/// copy of the predicates.
pub fn tier_error(kind: &str, tier: Option<SubnetTier>, internal: bool) -> bool {
    tier_error_of(kind, tier, internal).is_some()
}

/// A tier error a kind raises in a subnet's tier ([`tier_error_of`]): the rule [`check`] raises
/// for it, and the words the drop's toast says it in (`diagram::place::wrong_tier`).
#[derive(Clone, Copy, Debug)]
pub struct TierError {
    /// The rule whose finding is raised (its id, severity and title).
    pub rule: &'static RuleMeta,
    /// What the node is taken for there ("a public NAT gateway": the setting that makes the
    /// tier wrong for it), after "the wrong tier for".
    pub what: &'static str,
    /// Where it belongs ("a public subnet"), after "it belongs in".
    pub belongs: &'static str,
}

/// [`tier_error`], with which rule it is and its words: the one table of the tier errors. The
/// rules' loop raises the finding of the rule it names, and the drop's toast names that rule
/// (review s35 R7: the toast worded the error from a table of its own, which could drift
/// from the finding the bar then counted).
pub fn tier_error_of(kind: &str, tier: Option<SubnetTier>, internal: bool) -> Option<TierError> {
    static DB: TierError = TierError { rule: &DB_PUBLIC, what: "a database", belongs: "a private or isolated subnet" };
    static WORKLOAD: TierError = TierError { rule: &WORKLOAD_PUBLIC, what: "a workload", belongs: "a private subnet" };
    static NAT: TierError = TierError { rule: &NAT_NOT_PUBLIC, what: "a public NAT gateway", belongs: "a public subnet" };
    static LB: TierError = TierError { rule: &LB_NOT_PUBLIC, what: "an internet-facing load balancer", belongs: "a public subnet" };
    let public = tier == Some(SubnetTier::Public);
    let e = match kind {
        "nat-gateway" => (!internal && !public).then_some(&NAT),
        "alb" | "nlb" => (!internal && matches!(tier, Some(SubnetTier::Private | SubnetTier::Isolated))).then_some(&LB),
        k if public && is_database(k) => Some(&DB),
        k if public && is_vpc_workload(k) => Some(&WORKLOAD),
        _ => None,
    };
    e.copied()
}

/// Whether node `n`'s own setting keeps it off the internet, for [`tier_error`]: a NAT
/// gateway of private connectivity, a load balancer whose scheme is internal. False for every
/// other kind (they have no such setting).
pub fn internal(d: &crate::model::Design, n: &crate::model::Node) -> bool {
    match n.kind.as_str() {
        "nat-gateway" => d.text_ref(n, "connectivity") == "private",
        "alb" | "nlb" => !d.flag(n, "internet_facing"),
        _ => false,
    }
}

/// Whether a node of `kind` in a subnet of `tier` whose route table sends traffic `route`
/// raises one of this module's warnings that depend on the subnet alone: a database or cache
/// in a subnet with a route out ([`DB_NOT_ISOLATED`]), or something other than an entry
/// point, a database or a workload in a public subnet ([`PUBLIC_SUBNET_OTHER`]). The rules
/// raise those two when this is true; the drop prefers, after a subnet with no error, one
/// where this is false (QA s32 F9: an RDS database dropped 1 px under "Public a" went into
/// "Private a" with a warning, where "Isolated (data) a" raises none).
pub fn tier_warning(kind: &str, tier: Option<SubnetTier>, route: Route) -> bool {
    match tier {
        None => false,
        Some(SubnetTier::Public) => {
            !is_database(kind) && !is_vpc_workload(kind) && !matches!(kind, "alb" | "nlb" | "nat-gateway" | "elastic-ip" | "internet-gateway")
        }
        Some(_) => runs_in_subnet_db(kind) && route != Route::None,
    }
}

/// Databases in a private subnet (or any non-public subnet whose route points out).
fn not_isolated(t: &Topology, out: &mut Vec<Finding>) {
    for n in t.nodes_and_kinds().filter(|&(_, k)| runs_in_subnet_db(k)).map(|(n, _)| n) {
        let Some(s) = t.place_of(&n.id).and_then(|p| p.subnet) else { continue };
        // In a public subnet net.db-in-public-subnet says more; in one with no route out
        // there is nothing to say.
        if !tier_warning(&n.kind, t.tier_of(&n.id), t.route_of(s)) {
            continue;
        }
        // The path the design has today, named: the NAT gateway the route table would use (the
        // one in the database's AZ first, as a per-AZ route table does), or the internet
        // gateway. A private subnet in a VPC with no working NAT gateway (or a public route with
        // no internet gateway) sends nothing out yet; the message says so rather than naming a
        // NAT gateway the design does not have (QA s21).
        let vpc = t.vpc_of(&n.id);
        let route = match (t.route_of(s), vpc) {
            (Route::Nat, Some(v)) => {
                let nats = t.working_nats(&v.id);
                let az = t.place_of(&n.id).and_then(|p| p.az).map(|a| &a.id);
                match nats.iter().find(|g| t.place_of(&g.id).and_then(|q| q.az).map(|a| &a.id) == az).or(nats.first()) {
                    Some(g) => format!("sends traffic out through {}", name(g)),
                    None => format!("points out at a NAT gateway, but {} has no working NAT gateway (public, in a public subnet, with an internet gateway): nothing leaves today, and the first NAT gateway added opens the path", name(v)),
                }
            }
            (Route::Igw, Some(v)) => match t.of_kind("internet-gateway").iter().find(|g| t.vpc_of(&g.id).map(|x| x.id == v.id).unwrap_or(false)) {
                Some(g) => format!("sends traffic out to {}", name(g)),
                None => format!("points out at an internet gateway, but {} has none: nothing leaves today, and an internet gateway added opens the path", name(v)),
            },
            (Route::None, _) | (_, None) => continue,
        };
        out.push(Finding::new(&DB_NOT_ISOLATED, format!("{} sits in {}, whose route table {route}.", name(n), name(s))).node(&n.id).node(&s.id));
    }
}

/// Internet-facing load balancers whose every caller is application code or an on-premises
/// site (which reaches internal load balancers over its VPN or Direct Connect).
fn internal_only(t: &Topology, out: &mut Vec<Finding>) {
    for lb in t.of_kind("alb").iter().chain(t.of_kind("nlb")) {
        if t.internet_reach(lb).is_err() {
            continue;
        }
        let callers = t.sync_callers(&lb.id);
        if callers.is_empty() || !callers.iter().all(|c| super::topology::is_app(&c.kind) || c.kind == "on-premises") {
            continue;
        }
        let names: Vec<String> = callers.iter().map(|c| name(c)).collect();
        out.push(
            Finding::new(&LB_INTERNAL_ONLY, format!("{} is internet-facing but only {} call{} it.", name(lb), list(&names), if names.len() == 1 { "s" } else { "" }))
                .node(&lb.id)
                .conns(t.inc(&lb.id, ConnKind::Sync).map(|c| &c.id)),
        );
    }
}

fn continent(g: crate::latency::models::Geo) -> &'static str {
    use crate::latency::models::Geo;
    match g {
        Geo::NorthAmerica => "North America",
        Geo::Europe => "Europe",
        Geo::AsiaPacific => "Asia-Pacific",
        Geo::Global => "every continent",
    }
}

/// Users on one continent (`geography`) served only from regions on others. The continent of
/// a region is the latency model's (`Geo::of_region`), so this rule and the latency figures
/// agree on what is far.
fn far_region(t: &Topology, out: &mut Vec<Finding>) {
    use crate::latency::models::Geo;
    let d = t.design;
    let regions: Vec<String> = if t.regions.is_empty() { vec![d.region.clone()] } else { t.regions.iter().cloned().collect() };
    for u in t.of_kind("users") {
        let geo = Geo::parse(&d.text_ref(u, "geography"));
        if geo == Geo::Global || regions.iter().any(|r| Geo::of_region(r) == geo) {
            continue;
        }
        out.push(
            Finding::new(&FAR_REGION, format!("{} are in {} but the workload runs only in {}.", name(u), continent(geo), list(&regions)))
                .node(&u.id)
                .conns(t.out(&u.id, ConnKind::Sync).map(|c| &c.id)),
        );
    }
}

// Silence "unused" for the source constants when a refactor drops one.
const _: [&str; 3] = [VPC, CTR, EC2P];

/// Kinds CloudFront can reach inside a VPC through a VPC origin, whatever their subnet or
/// scheme (AWS, "Restrict access with VPC origins", 2024: Application and Network Load
/// Balancers and EC2 instances).
fn is_vpc_origin(kind: &str) -> bool {
    matches!(kind, "alb" | "nlb" | "ec2")
}

/// Why the internet cannot open a connection to a node, in words: "it sits in Subnet
/// \"private-a\", a private subnet whose route table sends traffic out through NAT only".
fn unreachable_text(t: &Topology, n: &crate::model::Node, why: Unreachable) -> (String, Option<NodeId>) {
    match why {
        Unreachable::Internal(what) => (format!("it is internal ({what}) and has private addresses only, reachable from inside its VPC or a network connected to it"), None),
        Unreachable::NoRoute(s, route) => {
            let route = match route {
                Route::Nat => "out through NAT only",
                Route::None | Route::Igw => "nowhere outside the VPC",
            };
            let tier = t.tier_of_subnet(s).name();
            (format!("it sits in {}, {} {tier} subnet whose route table sends traffic {route}", name(s), if tier == "isolated" { "an" } else { "a" }), Some(s.id.clone()))
        }
        Unreachable::NoPublicAddress(s, key) => (format!("it has no public address in {}, a public subnet ({} is off)", name(s), crate::catalog::prop_label(&n.kind, key)), Some(s.id.clone())),
    }
}

/// Internet clients (users, or a third-party API calling in) whose synchronous calls land on
/// something the internet cannot reach ([`Topology::internet_reach`]): in a subnet with no
/// route to the internet gateway, without a public address, or internal by scheme. DNS
/// (Route 53), a web ACL and the internet gateway itself carry no connection of their own: a
/// call through them still lands on the node behind. And CloudFront distributions whose
/// origin is such a node and not one a VPC origin reaches ([`is_vpc_origin`]). Lambda
/// functions and SageMaker endpoints are skipped: they are invoked through their service's
/// API, whatever subnets their network interfaces sit in. Linear in the connections the
/// clients reach through those pass-through nodes.
fn private_from_internet(t: &Topology, out: &mut Vec<Finding>) {
    let skip = |kind: &str| matches!(kind, "lambda" | "sagemaker-endpoint" | "sagemaker-training");
    for client in t.nodes_and_kinds().filter(|(_, k)| matches!(*k, "users" | "external-api")).map(|(n, _)| n) {
        // Depth-first over pass-through nodes, each visited once; the path is kept per stack entry.
        let mut stack: Vec<(&NodeId, Vec<&crate::model::ConnId>)> = vec![(&client.id, Vec::new())];
        let mut seen: rustc_hash::FxHashSet<&NodeId> = rustc_hash::FxHashSet::default();
        seen.insert(&client.id);
        while let Some((at, path)) = stack.pop() {
            for c in t.out(at, ConnKind::Sync) {
                let Some(to) = t.node(&c.to) else { continue };
                if !seen.insert(&to.id) {
                    continue;
                }
                let mut via = path.clone();
                via.push(&c.id);
                if matches!(to.kind.as_str(), "route53" | "waf" | "internet-gateway") {
                    stack.push((&to.id, via));
                    continue;
                }
                if skip(&to.kind) {
                    continue;
                }
                let Err(why) = t.internet_reach(to) else { continue };
                let (why, subnet) = unreachable_text(t, to, why);
                // The pass-through nodes on the way, if any: "through Route 53 \"dns\"".
                let through: Vec<String> = via[..via.len() - 1].iter().filter_map(|c| t.design.connections.get(*c)).filter_map(|c| t.node(&c.to)).map(name).collect();
                let how = if through.is_empty() { String::new() } else { format!(" through {}", list(&through)) };
                let f = Finding::new(
                    &PRIVATE_FROM_INTERNET,
                    format!("{} is called from the internet by {}{how}, but {why}: nothing on the internet can open a connection to it.", name(to), name(client)),
                )
                .node(&to.id)
                .node(&client.id);
                let f = match subnet {
                    Some(s) if s != to.id => f.node(&s),
                    _ => f,
                };
                out.push(f.conns(via.iter().copied()));
            }
        }
    }
    for cf in t.of_kind("cloudfront") {
        for c in t.out(&cf.id, ConnKind::Sync) {
            let Some(to) = t.node(&c.to) else { continue };
            if skip(&to.kind) || is_vpc_origin(&to.kind) {
                continue;
            }
            let Err(why) = t.internet_reach(to) else { continue };
            let (why, subnet) = unreachable_text(t, to, why);
            let f = Finding::new(
                &PRIVATE_FROM_INTERNET,
                format!(
                    "{} is an origin of {}, but {why}: CloudFront reaches into a VPC only through a VPC origin (an ALB, an NLB or an EC2 instance), so it cannot fetch from it.",
                    name(to),
                    name(cf)
                ),
            )
            .node(&to.id)
            .node(&cf.id);
            let f = match subnet {
                Some(s) if s != to.id => f.node(&s),
                _ => f,
            };
            out.push(f.conn(&c.id));
        }
    }
}

pub(super) fn check(t: &Topology, out: &mut Vec<Finding>) {
    private_from_internet(t, out);
    igws_per_vpc(t, out);
    not_isolated(t, out);
    unused_nats(t, out);
    vpc_range_ingress(t, out);
    internal_only(t, out);
    far_region(t, out);
    let d = t.design;
    // By position (the index's order is the design's): each node's place is read from the
    // topology's table, not looked up by id (a hash of the id and a comparison with a key
    // elsewhere on the heap: cache misses at 5,000 nodes, s26).
    for (p, &n) in t.index.nodes.iter().enumerate() {
        let place = t.place_at(p);
        let tier = place.tier;
        let db = is_database(&n.kind);
        // The tier errors, decided once by the table the drop reads too (review s32 R7): it
        // names the finding raised (review s35 R7), which the drop's toast names.
        let tier_rule = tier_error_of(&n.kind, tier, internal(d, n)).map(|e| e.rule.id);
        let tier_err = tier_rule.is_some();
        // ---- databases
        if tier_rule == Some(DB_PUBLIC.id) {
            let s = place.subnet.expect("tier implies subnet");
            out.push(Finding::new(&DB_PUBLIC, format!("{} sits in {}, a public subnet.", name(n), name(s))).node(&n.id).node(&s.id));
        }
        let world_ingress: Vec<String> = n.ingress.iter().filter(|i| !is_private_cidr(&i.cidr)).map(|i| format!("port {} from {}", i.port, i.cidr)).collect();
        let mut store_flagged = false;
        if db {
            if let Some(r) = t.reached_around_app(&n.id).filter(|r| !r.path.is_empty()) {
                out.push(
                    Finding::new(&STORE_REACHABLE, format!("{} is reachable as {} without passing the app tier.", name(n), path_text(t, r.entry, &r.path)))
                        .node(&n.id)
                        .node(r.entry)
                        .conns(r.path.iter().copied()),
                );
                store_flagged = true;
            } else if !world_ingress.is_empty() && !super::topology::has_public_access_flag(&n.kind) {
                out.push(Finding::new(&STORE_REACHABLE, format!("{} accepts {} (open to the internet).", name(n), list(&world_ingress))).node(&n.id));
                store_flagged = true;
            }
            if super::topology::has_public_access_flag(&n.kind) && d.flag(n, "publicly_accessible") {
                let subnet = place.subnet;
                if tier == Some(SubnetTier::Public) && !world_ingress.is_empty() {
                    let s = subnet.expect("tier implies subnet");
                    out.push(
                        Finding::new(&DB_PUBLICLY_ACCESSIBLE, format!("{} is publicly accessible: it has a public IP in {}, a public subnet, and accepts {} (open to the internet).", name(n), name(s), list(&world_ingress)))
                            .node(&n.id)
                            .node(&s.id),
                    );
                    store_flagged = true;
                } else {
                    let why = match (subnet, tier) {
                        (Some(s), Some(SubnetTier::Public)) => format!("no ingress rule in {} is open to the internet", name(s)),
                        (Some(s), Some(t)) => format!("it sits in {}, {} subnet", name(s), if t == SubnetTier::Isolated { "an isolated" } else { "a private" }),
                        _ => "it is in no subnet".to_string(),
                    };
                    out.push(
                        Finding::new(&DB_PUBLIC_FLAG, format!("{} is marked publicly accessible but is not reachable from the internet ({why}): its public IPv4 address is billed for nothing.", name(n)))
                            .node(&n.id),
                    );
                }
            }
            if !store_flagged {
                let odd: Vec<_> = t
                    .inc(&n.id, ConnKind::Sync)
                    .filter_map(|c| Some((c, t.node(&c.from)?)))
                    .filter(|(_, f)| !super::topology::is_app(&f.kind) && !matches!(f.kind.as_str(), "sagemaker-endpoint" | "sagemaker-training"))
                    .collect();
                if !odd.is_empty() {
                    let names: Vec<String> = odd.iter().map(|(_, f)| name(f)).collect();
                    out.push(
                        Finding::new(&STORE_NON_APP, format!("{} is called directly by {}, not by the application tier.", name(n), list(&names)))
                            .node(&n.id)
                            .nodes(odd.iter().map(|(_, f)| &f.id))
                            .conns(odd.iter().map(|(c, _)| &c.id)),
                    );
                }
            }
            let cidrs: Vec<String> = n.ingress.iter().filter(|i| is_private_cidr(&i.cidr)).map(|i| format!("port {} from {}", i.port, i.cidr)).collect();
            if !cidrs.is_empty() {
                out.push(Finding::new(&DB_CIDR, format!("{} allows {} by address range.", name(n), list(&cidrs))).node(&n.id));
            }
        }
        // ---- workloads
        if is_vpc_workload(&n.kind) {
            if tier_rule == Some(WORKLOAD_PUBLIC.id) {
                let s = place.subnet.expect("tier implies subnet");
                out.push(Finding::new(&WORKLOAD_PUBLIC, format!("{} runs in {}, a public subnet.", name(n), name(s))).node(&n.id).node(&s.id));
            }
            // only instances and tasks have the property (a group or node group takes it from its launch template)
            if matches!(n.kind.as_str(), "ec2" | "ecs-service") && d.flag(n, "public_ip") {
                out.push(Finding::new(&WORKLOAD_PUBLIC_IP, format!("{} gets a public IP address.", name(n))).node(&n.id));
            }
        }
        // ---- anything else in a public subnet
        if tier == Some(SubnetTier::Public) && tier_warning(&n.kind, tier, Route::Igw) {
            let s = place.subnet.expect("tier implies subnet");
            out.push(Finding::new(&PUBLIC_SUBNET_OTHER, format!("{} sits in {}, a public subnet.", name(n), name(s))).node(&n.id).node(&s.id));
        }
        // ---- SSH
        let ssh: Vec<String> = n.ingress.iter().filter(|i| matches!(i.port, 22 | 3389) && !is_private_cidr(&i.cidr)).map(|i| format!("port {} from {}", i.port, i.cidr)).collect();
        if !ssh.is_empty() {
            out.push(Finding::new(&SSH_WORLD, format!("{} allows {}.", name(n), list(&ssh))).node(&n.id));
        }
        match n.kind.as_str() {
            // A private NAT gateway (no public address) may sit in any subnet.
            "nat-gateway" if tier_rule == Some(NAT_NOT_PUBLIC.id) => {
                let where_ = match place.subnet {
                    Some(s) => format!("sits in {}, a {} subnet", name(s), tier.map(|x| x.name()).unwrap_or("private")),
                    None => "is not in any subnet".to_string(),
                };
                out.push(Finding::new(&NAT_NOT_PUBLIC, format!("{} {where_}.", name(n))).node(&n.id));
            }
            "alb" | "nlb" => {
                // Judged on every subnet it is placed in (model::span), home and span alike,
                // each by the per-subnet answer the drop reads (`tier_error`): a load balancer
                // homed in Public a and spanning Private b and c has two nodes nothing on the
                // internet reaches, which is what an import of `Subnets: [PublicA, PrivateB]`
                // builds (review s33 R3: only the home subnet was judged).
                let is_internal = internal(d, n);
                let off: Vec<&crate::model::Node> = crate::model::span::placements(n)
                    .filter_map(|s| t.node(s))
                    .filter(|s| s.kind == "subnet" && tier_error(&n.kind, Some(t.tier_of_subnet(s)), is_internal))
                    .collect();
                if !off.is_empty() {
                    let names: Vec<String> = off.iter().map(|s| name(s)).collect();
                    let tiers: Vec<&str> = off.iter().map(|s| t.tier_of_subnet(s).name()).collect();
                    let kinds = if tiers.iter().all(|x| *x == tiers[0]) { tiers[0].to_string() } else { "private or isolated".to_string() };
                    let kinds = if names.len() == 1 { if kinds == "isolated" { "an isolated".to_string() } else { format!("a {kinds}") } } else { kinds };
                    let s_ = if names.len() == 1 { "" } else { "s" };
                    // Home off the public tier: nothing reaches it; home public: its nodes in
                    // the other subnets are the ones unreachable.
                    let text = if tier_err {
                        format!("{} is internet-facing but sits in {}, {kinds} subnet{s_}: nothing on the internet can reach it.", name(n), list(&names))
                    } else {
                        format!("{} is internet-facing but also sits in {}, {kinds} subnet{s_}: nothing on the internet can reach its nodes there.", name(n), list(&names))
                    };
                    out.push(Finding::new(&LB_NOT_PUBLIC, text).node(&n.id).nodes(off.iter().map(|s| &s.id)));
                }
            }
            "subnet" => subnet_checks(t, n, out),
            "vpc" => {
                let cidr = d.text_ref(n, "cidr");
                if let Ok((_, len)) = crate::catalog::parse_cidr(&cidr) {
                    if len > 20 {
                        let addrs = 1u64 << (32 - len as u32);
                        out.push(
                            Finding::new(&CIDR_SMALL, format!("{} uses {cidr}: only {addrs} addresses for every subnet it will ever need.", name(n))).node(&n.id),
                        );
                    }
                }
                vpc_checks(t, n, out);
            }
            "elastic-ip" => {
                if !d.flag(n, "attached") {
                    out.push(Finding::new(&EIP_IDLE, format!("{} is not attached to a running instance.", name(n))).node(&n.id));
                } else {
                    for (c, other) in t.linked_kinds(&n.id) {
                        if other.kind == "nat-gateway" || other.kind == "nlb" {
                            continue;
                        }
                        let behind_lb = t.sync_callers(&other.id).iter().any(|f| matches!(f.kind.as_str(), "alb" | "nlb" | "cloudfront"));
                        let private = matches!(t.tier_of(&other.id), Some(SubnetTier::Private | SubnetTier::Isolated));
                        if behind_lb || private {
                            let why = if behind_lb { "already sits behind a load balancer" } else { "is in a private subnet" };
                            out.push(Finding::new(&EIP_NEEDLESS, format!("{} is attached to {}, which {why}.", name(n), name(other))).node(&n.id).node(&other.id).conn(&c.id));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    egress_checks(t, out);
}

fn subnet_checks(t: &Topology, s: &crate::model::Node, out: &mut Vec<Finding>) {
    let d = t.design;
    let tier = t.tier_of_subnet(s);
    let route = t.route_of(s);
    let vpc = t.vpc_of(&s.id);
    if tier == SubnetTier::Public {
        let igw = vpc.map(|v| t.vpc_has_igw(&v.id)).unwrap_or(false);
        if route != Route::Igw || !igw {
            let why = if route != Route::Igw { "its route table does not point at an internet gateway".to_string() } else { "its VPC has no internet gateway".to_string() };
            out.push(Finding::new(&PUBLIC_NO_IGW, format!("{} is public but {why}.", name(s))).node(&s.id).nodes(vpc.map(|v| &v.id)));
        }
    }
    if tier == SubnetTier::Isolated && route != Route::None {
        let to = if route == Route::Igw { "an internet gateway" } else { "a NAT gateway" };
        out.push(Finding::new(&ISOLATED_ROUTE, format!("{} is isolated but routes to {to}.", name(s))).node(&s.id));
    }
    if let Some(v) = vpc {
        let (sc, vc) = (d.text_ref(s, "cidr"), d.text_ref(v, "cidr"));
        if let (Some((a, b)), Some((va, vb))) = (cidr_range(&sc), cidr_range(&vc)) {
            if a < va || b > vb {
                out.push(Finding::new(&SUBNET_OUTSIDE, format!("{} uses {sc}, outside {} ({vc}).", name(s), name(v))).node(&s.id).node(&v.id));
            }
        }
    }
}

fn vpc_checks(t: &Topology, v: &crate::model::Node, out: &mut Vec<Finding>) {
    let d = t.design;
    // Overlaps: sort subnet ranges by start; each subnet overlaps those that start before the
    // furthest end seen so far. O(s log s).
    let mut subnets: Vec<(u64, u64, &crate::model::Node)> =
        t.in_vpc_kind(&v.id, "subnet").into_iter().filter_map(|s| cidr_range(&d.text_ref(s, "cidr")).map(|(a, b)| (a, b, s))).collect();
    crate::order::sort_by(&mut subnets, |x, y| (x.0, x.1, &x.2.id).cmp(&(y.0, y.1, &y.2.id)));
    let mut open: Vec<(u64, u64, &crate::model::Node)> = Vec::new();
    for &(a, b, s) in &subnets {
        open.retain(|o| o.1 >= a);
        for o in &open {
            out.push(
                Finding::new(&SUBNET_OVERLAP, format!("{} ({}) overlaps {} ({}).", name(s), d.text_ref(s, "cidr"), name(o.2), d.text_ref(o.2, "cidr")))
                    .node(&s.id)
                    .node(&o.2.id),
            );
        }
        open.push((a, b, s));
    }
    // One NAT for several AZs.
    let nats = t.working_nats(&v.id);
    if nats.is_empty() {
        return;
    }
    let nat_azs: std::collections::BTreeSet<&NodeId> = crate::order::set(nats.iter().filter_map(|g| t.place_of(&g.id).and_then(|p| p.az).map(|a| &a.id)));
    let private_azs: std::collections::BTreeSet<&NodeId> = crate::order::set(
        t.in_vpc_kind(&v.id, "subnet")
            .into_iter()
            .filter(|s| t.route_of(s) == Route::Nat)
            .filter_map(|s| t.place_of(&s.id).and_then(|p| p.az).map(|a| &a.id)),
    );
    if nat_azs.len() == 1 && private_azs.len() >= 2 {
        let g = nats[0];
        out.push(
            Finding::new(&SINGLE_NAT, format!("{} is the only NAT gateway of {} but private subnets in {} AZs route through it.", name(g), name(v), private_azs.len()))
                .node(&g.id)
                .node(&v.id),
        );
    }
}

fn egress_checks(t: &Topology, out: &mut Vec<Finding>) {
    let d = t.design;
    // Only a workload with no way out to the internet can be stranded: the AWS-service uses
    // of those few are grouped, in `service_uses` order (one pass, not one scan of every use
    // per workload; not every workload's: review s35 R10, +2.1 M instructions at 1,000 nodes
    // when all were grouped), and `no_way_out` runs once for each of them. Its ECR layers
    // are said by `ecr_layer_checks`, in this order.
    let stranded: Vec<(&NodeId, Egress)> = t.egresses().filter(|(_, e)| *e == Egress::None).collect();
    let uses = uses_by_workload(t, &stranded);
    let mut layers = Vec::new();
    // Workloads with no way out that call the internet or AWS services.
    for &(w, e) in &stranded {
        let Some(vpc) = t.vpc_of(w) else { continue };
        let found = no_way_out(t, w, uses.get(w).map(Vec::as_slice).unwrap_or(&[]), vpc, e);
        layers.extend(found.layers);
        let targets = found.calls;
        if targets.is_empty() {
            continue;
        }
        let wn = &d.nodes[w];
        let names: Vec<String> = targets.iter().filter_map(|(_, n)| t.node(n)).map(name).collect();
        let why = match t.place_of(w).and_then(|p| p.subnet) {
            Some(s) => match t.route_of(s) {
                Route::None => format!("its subnet {} has no route out", name(s)),
                Route::Nat => "its VPC has no working NAT gateway (a public NAT gateway in a public subnet, with an internet gateway)".to_string(),
                Route::Igw => "its VPC has no internet gateway".to_string(),
            },
            None => "its VPC has no working NAT gateway".to_string(),
        };
        out.push(
            Finding::new(&NO_EGRESS, format!("{} calls {} but {why}.", name(wn), list(&names)))
                .node(w)
                .nodes(targets.iter().map(|(_, n)| *n))
                .conns(targets.iter().map(|(c, _)| *c)),
        );
    }
    // AWS-service traffic through NAT, grouped per VPC and service key.
    let mut via_nat: BTreeMap<(&NodeId, &'static str), Vec<&super::topology::ServiceUse>> = BTreeMap::new();
    for u in &t.service_uses {
        if let Access::Nat(_) = u.access {
            if let Some(v) = t.vpc_of(u.workload) {
                via_nat.entry((&v.id, u.key)).or_default().push(u);
            }
        }
    }
    ecr_layer_checks(t, &layers, out);
    // Other services' traffic is often light: an endpoint is advised only where it pays.
    let flows = if via_nat.keys().any(|(_, k)| !matches!(*k, "s3" | "dynamodb" | "ecr" | "cloudwatch")) { Some(t.traffic()) } else { None };
    for ((vpc, key), uses) in via_nat {
        if let (Some(flows), false) = (flows, matches!(key, "s3" | "dynamodb" | "ecr" | "cloudwatch")) {
            if let Some(f) = endpoint_pays(t, flows, vpc, key, &uses) {
                out.push(f);
            }
            continue;
        }
        let rule = match key {
            "s3" | "dynamodb" => &S3_DDB_NAT,
            "ecr" | "cloudwatch" => &ECR_CW_NAT,
            _ => &API_NAT,
        };
        let vn = &d.nodes[vpc];
        let mut workloads: Vec<&NodeId> = uses.iter().map(|u| u.workload).collect();
        workloads.dedup();
        let names = super::Names::of(workloads.iter().filter_map(|w| t.node(w)));
        let svc = uses[0].service;
        let kind = if rule.id == S3_DDB_NAT.id { "gateway" } else { "interface" };
        // Nodes in order: the VPC, then per use its NAT gateway, service and workload.
        let mut ids: Vec<&NodeId> = vec![vpc];
        for u in &uses {
            if let Access::Nat(g) = u.access {
                ids.push(g);
            }
            ids.push(u.service);
            ids.push(u.workload);
        }
        let f = Finding::new(rule, format!("{} {} {} through NAT; {} has no {kind} endpoint for {key}.", names.list(), if names.len() == 1 { "reaches" } else { "reach" }, t.node(svc).map(name).unwrap_or_default(), name(vn)))
            .nodes(ids)
            .conns(uses.iter().map(|u| u.conn));
        out.push(f);
    }
}

/// Whether the VPC `v` is one whose network the design does not hold: an import's
/// placeholder for a VPC its template takes as a parameter or from another stack ("Existing
/// VPC (not in the files)", or the account's default VPC), drawn with no CIDR, route tables or
/// gateways ("never invented", `iac::build`). Whether such a VPC has a NAT gateway is unknown,
/// so [`NO_EGRESS`] does not claim it has none (QA s32 F11: an error said "its VPC has no
/// working NAT gateway" of the placeholder; the import report already says its network is
/// unknown).
///
/// Read from the placeholder's id ([`crate::iac::build::PLACEHOLDER_VPC_IDS`], which a file
/// keeps) with no CIDR set (a VPC given that id by hand and a block is drawn), not from "no
/// CIDR" alone (review s33 R4): an imported VPC whose block the import cannot read (an IPAM
/// pool, a `!Ref` parameter with no default) and the older files that leave it to the catalog
/// default do draw their subnets and routes, and their errors stand. Not "holds no subnet"
/// either: a kind that must sit in a subnet goes in the placeholder's "Existing subnets (not
/// in the files)". A catalog property would say it too, but would be a field of every VPC in
/// the inspector, the file corpus and the exports for this one case.
fn placeholder_vpc(t: &Topology, v: &crate::model::Node) -> bool {
    crate::iac::build::PLACEHOLDER_VPC_IDS.contains(&v.id.as_str()) && !t.design.is_set(v, "cidr")
}

/// The workload `w`'s calls to APIs on the internet (connection, API), which need a way out
/// whatever endpoints its VPC has ([`NO_EGRESS`]).
fn internet_calls<'a, 'd: 'a>(t: &'a Topology<'d>, w: &NodeId) -> impl Iterator<Item = (&'d crate::model::ConnId, &'d NodeId)> + 'a {
    t.index
        .out(w)
        .iter()
        .copied()
        .filter(|c| matches!(c.kind, ConnKind::Sync | ConnKind::Async))
        .filter(move |c| t.node(&c.to).map(|n| n.kind == "external-api").unwrap_or(false))
        .map(|c| (&c.id, &c.to))
}

/// The AWS-service uses ([`Topology::service_uses`]) of each of the workloads `of`, in their
/// order (empty when `of` is).
fn uses_by_workload<'a, 'd>(t: &'a Topology<'d>, of: &[(&'d NodeId, Egress<'d>)]) -> BTreeMap<&'d NodeId, Vec<&'a super::topology::ServiceUse<'d>>> {
    let mut by: BTreeMap<&'d NodeId, Vec<&'a super::topology::ServiceUse<'d>>> = of.iter().map(|(w, _)| (*w, Vec::new())).collect();
    if by.is_empty() {
        return by;
    }
    for u in &t.service_uses {
        if let Some(v) = by.get_mut(u.workload) {
            v.push(u);
        }
    }
    by
}

/// What a VPC workload cannot reach where it stands ([`no_way_out`]): the one test behind
/// [`NO_EGRESS`], for the rules ([`egress_checks`], [`ecr_layer_checks`]) and for a drop
/// ([`stranded_in`]).
struct NoWayOut<'a, 'd> {
    /// Its calls that fail, (connection, target) sorted and once each: to APIs on the
    /// internet, and to AWS services its VPC has no endpoint for.
    calls: Vec<(&'d crate::model::ConnId, &'d NodeId)>,
    /// Its pulls from ECR through the VPC's ECR endpoint whose image layers (served by S3,
    /// `catalog::data_path_service`) have no way: the VPC has no S3 gateway endpoint.
    layers: Vec<&'a super::topology::ServiceUse<'d>>,
}

/// What the VPC workload `w` (its AWS-service uses `uses`, [`uses_by_workload`]: which
/// services it calls does not depend on where it stands) cannot reach standing in the VPC
/// `vpc` with the internet egress `egress` (review s34 R2: the drop's test restated the
/// rule's conditions). Nothing with a way out, or in a VPC whose network the design does not
/// hold ([`placeholder_vpc`]: whether it has a way out is unknown).
fn no_way_out<'a, 'd>(t: &Topology<'d>, w: &NodeId, uses: &[&'a super::topology::ServiceUse<'d>], vpc: &crate::model::Node, egress: Egress) -> NoWayOut<'a, 'd> {
    let mut out = NoWayOut { calls: Vec::new(), layers: Vec::new() };
    if egress != Egress::None || placeholder_vpc(t, vpc) {
        return out;
    }
    out.calls.extend(internet_calls(t, w));
    for u in uses {
        match t.endpoint_for(&vpc.id, u.key) {
            None => out.calls.push((u.conn, u.service)),
            // The ECR endpoint carries the API calls; the layers come from S3.
            Some(_) if u.key == "ecr" && t.endpoint_for(&vpc.id, "s3").is_none() => out.layers.push(u),
            Some(_) => {}
        }
    }
    crate::order::sort(&mut out.calls);
    out.calls.dedup();
    out
}

/// Whether the VPC workload `w`, were it in the subnet `subnet` (another one than its own:
/// where a drop would send it), would raise [`NO_EGRESS`] there: [`no_way_out`] on the
/// subnet's egress ([`Topology::egress_in`]) and VPC, the rules' own test. QA s33 F3: "Web app
/// tasks" (calling Secrets Manager and X-Ray) released just under its private row went to the
/// isolated row, "Private workload needs the internet but has no way out"; the drop prefers a
/// subnet where this is false, as it does one with no tier error. False for a node that is not
/// a VPC workload, or a subnet not in a VPC.
pub fn stranded_in(t: &Topology, w: &NodeId, subnet: &NodeId) -> bool {
    let (Some(n), Some(vpc), Some(egress)) = (t.node(w), t.place_of(subnet).and_then(|p| p.vpc), t.egress_in(subnet)) else { return false };
    if !is_vpc_workload(&n.kind) {
        return false;
    }
    let uses: Vec<&super::topology::ServiceUse> = t.service_uses.iter().filter(|u| u.workload == w).collect();
    let u = no_way_out(t, w, &uses, vpc, egress);
    !u.calls.is_empty() || !u.layers.is_empty()
}

/// ECR image layers come from S3 (crate::catalog::data_path_service): a private workload
/// pulling from ECR needs an S3 gateway endpoint, else the layers go through its NAT gateway
/// (or, with no NAT, the pulls fail), whatever ECR endpoints the VPC has.
/// `layers`: the pulls whose image layers have no way ([`no_way_out`]'s layers, which
/// [`egress_checks`] found), workload by workload (in `egresses()` order, by id), each in the
/// order of its own service uses.
fn ecr_layer_checks<'d>(t: &Topology<'d>, layers: &[&super::topology::ServiceUse<'d>], out: &mut Vec<Finding>) {
    let d = t.design;
    // With no way out: the pulls fail.
    for u in layers {
        out.push(
            Finding::new(&NO_EGRESS, format!("{} pulls images from {} but their layers come from S3 and its VPC has no S3 gateway endpoint and no working NAT gateway.", name(&d.nodes[u.workload]), t.node(u.service).map(name).unwrap_or_default()))
                .node(u.workload)
                .node(u.service)
                .conn(u.conn),
        );
    }
    // Through NAT: they work, and every GB pays NAT processing.
    let mut via_nat: BTreeMap<&NodeId, Vec<&super::topology::ServiceUse>> = BTreeMap::new();
    for u in t.service_uses.iter().filter(|u| u.key == "ecr") {
        let Some(vpc) = t.vpc_of(u.workload) else { continue };
        if t.endpoint_for(&vpc.id, "s3").is_none() && matches!(t.egress_of(u.workload), Some(Egress::Nat(_))) {
            via_nat.entry(&vpc.id).or_default().push(u);
        }
    }
    for (vpc, uses) in via_nat {
        let mut workloads: Vec<&NodeId> = uses.iter().map(|u| u.workload).collect();
        crate::order::sort(&mut workloads);
        workloads.dedup();
        let names = super::Names::of(workloads.iter().filter_map(|w| t.node(w)));
        let with_ep = uses.iter().any(|u| matches!(u.access, Access::Endpoint(_)));
        let mut f = Finding::new(
            &ECR_LAYERS_NAT,
            format!(
                "{} {} image layers from S3 through NAT: {} has no S3 gateway endpoint{}.",
                names.list(),
                if names.len() == 1 { "pulls" } else { "pull" },
                name(&d.nodes[vpc]),
                if with_ep { " (its ECR interface endpoints carry only the API calls)" } else { "" }
            ),
        )
        .node(vpc);
        for u in &uses {
            if let Some(Egress::Nat(g)) = t.egress_of(u.workload) {
                f = f.node(g);
            }
            f = f.node(u.service).node(u.workload).conn(u.conn);
        }
        out.push(f);
    }
}
