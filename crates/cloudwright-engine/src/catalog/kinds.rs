//! The kinds, as static data. Each entry cites the seed article or AWS page it comes from.
//!
//! Conventions:
//! - ids are short kebab-case nouns (`alb`, `nat-gateway`, `ecs-service`);
//! - `parents` lists where a kind may sit; `ROOT` is the top level (home region / global);
//! - numeric properties carry a unit and a range the inspector enforces.

use super::{Category as C, KindSpec, PropSpec as P, Role as R, ROOT};
use crate::model::ConnKind::{Association as ASSOC, Async as ASYNC, Replication as REPL, Sync as SYNC};

/// Where resources that live inside a VPC may sit.
const IN_SUBNET: &[&str] = &["subnet"];
/// Regional services: top level (home region) or inside an explicit region container.
const REGIONAL: &[&str] = &[ROOT, "region"];
const NONE: &[crate::model::ConnKind] = &[];

pub static KINDS: &[KindSpec] = &[
    // ---------------------------------------------------------------- external
    KindSpec {
        id: "users",
        name: "Internet users",
        category: C::External,
        role: R::Client,
        icon: "users.svg",
        container: false,
        parents: &[ROOT],
        emits: &[SYNC],
        accepts: NONE,
        port: 0,
        props: &[
            P::num("requests_per_month", "Requests per month", "requests/month", 0.0, 1e13, 10_000_000.0, "Requests these users send per month; drives cost and capacity."),
            P::choice("geography", "Where users are", &["north-america", "europe", "asia-pacific", "global"], "north-america", "Sets edge latency and CloudFront price class."),
            P::num("slo_p99_ms", "Latency target (p99)", "ms", 0.0, 60_000.0, 0.0, "0 = no target. A finding is raised when the projected p99 misses it."),
            P::flag("realtime", "Needs real-time two-way traffic", false, "Chat, live dashboards, games: the case for WebSockets."),
        ],
        summary: "People or devices on the internet calling the design.",
        source: "seed api-gateway.txt",
    },
    // ---------------------------------------------------------------- network containers
    KindSpec {
        id: "region",
        name: "Region",
        category: C::Network,
        role: R::Container,
        icon: "region.svg",
        container: true,
        parents: &[ROOT],
        emits: NONE,
        accepts: NONE,
        port: 0,
        props: &[P::choice("code", "Region", &["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"], "us-east-1", "AWS region code.")],
        summary: "An AWS Region; everything regional inside it runs there.",
        source: "seed us-east-1-outage.txt",
    },
    KindSpec {
        id: "vpc",
        name: "VPC",
        category: C::Network,
        role: R::Container,
        icon: "vpc.svg",
        container: true,
        parents: REGIONAL,
        emits: NONE,
        accepts: NONE,
        port: 0,
        props: &[P::cidr("cidr", "CIDR block", "10.0.0.0/16", "Plan for growth: a /16 leaves room for more subnets.")],
        summary: "An isolated virtual network.",
        source: "seed vpc-best-practices.txt",
    },
    KindSpec {
        id: "az",
        name: "Availability Zone",
        category: C::Network,
        role: R::Container,
        icon: "az.svg",
        container: true,
        parents: &["vpc"],
        emits: NONE,
        accepts: NONE,
        port: 0,
        props: &[P::choice("zone", "Zone", &["a", "b", "c", "d", "e", "f"], "a", "Zone letter within the region.")],
        summary: "One isolated data-centre group of a region.",
        source: "seed vpc-best-practices.txt",
    },
    KindSpec {
        id: "subnet",
        name: "Subnet",
        category: C::Network,
        role: R::Container,
        icon: "subnet.svg",
        container: true,
        parents: &["az"],
        emits: NONE,
        accepts: NONE,
        port: 0,
        props: &[
            P::choice("tier", "Tier", &["public", "private", "isolated"], "private", "public: routes to an internet gateway; private: out through NAT; isolated (database): no route out."),
            P::cidr("cidr", "CIDR block", "10.0.1.0/24", "Must sit inside the VPC's block and not overlap its siblings."),
        ],
        summary: "A range of the VPC in one AZ: public, private or isolated.",
        source: "seed vpc-best-practices.txt",
    },
    // ---------------------------------------------------------------- load balancing
    KindSpec {
        id: "alb",
        name: "Application Load Balancer",
        category: C::Network,
        role: R::LoadBalancer,
        icon: "alb.svg",
        container: false,
        parents: &["vpc", "subnet"],
        emits: &[SYNC],
        accepts: &[SYNC, ASSOC],
        port: 443,
        props: &[
            P::int("az_count", "AZs enabled", "AZs", 1.0, 6.0, 2.0, "ALBs need at least two AZs; spread targets across them."),
            P::flag("internet_facing", "Internet-facing", true, "Internal ALBs get no public address."),
            P::flag("access_logs", "Access logs", false, "Per-request logs to S3."),
        ],
        summary: "Layer-7 HTTP(S) load balancer with path and host routing.",
        source: "seed ec2-production.txt",
    },
    // ---------------------------------------------------------------- databases
    KindSpec {
        id: "rds",
        name: "RDS database",
        category: C::Database,
        role: R::DataStore,
        icon: "rds.svg",
        container: false,
        parents: IN_SUBNET,
        emits: &[REPL],
        accepts: &[SYNC, REPL, ASSOC],
        port: 5432,
        props: &[
            P::choice("engine", "Engine", &["postgres", "mysql", "mariadb", "sqlserver", "oracle"], "postgres", ""),
            P::choice("instance_class", "Instance class", &["db.t3.micro", "db.m6g.large", "db.r6g.large"], "db.m6g.large", "Priced from the reference list."),
            P::flag("multi_az", "Multi-AZ", true, "A standby in a second AZ takes over in about a minute."),
            P::int("read_replicas", "Read replicas", "replicas", 0.0, 15.0, 0.0, ""),
            P::num("storage_gb", "Storage", "GB", 20.0, 65_536.0, 100.0, "gp3 storage."),
        ],
        summary: "Managed relational database.",
        source: "seed vpc-best-practices.txt",
    },
];
