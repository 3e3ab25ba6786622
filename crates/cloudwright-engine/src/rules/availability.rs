//! Availability rules: single points of failure per AZ and per region.

use super::topology::{is_database, role_of, Topology};
use super::{list, name, Finding, RuleMeta};
use crate::catalog::Role;
use crate::units;
use crate::model::NodeId;
use std::collections::BTreeSet;

rule!(APP_ONE_AZ, "ha.app-tier-single-az", Warning, "Application tier runs in one Availability Zone",
    "High availability comes from spreading instances across zones, not from any one server. An app tier in a single AZ goes down with that AZ.",
    "Run the tier in at least two AZs (subnets in different AZs, or a service spread across the VPC's AZs).", "ec2-instance-types-pricing.txt");
rule!(SPOF_ONE, "ha.spof-single-instance", Warning, "Request path depends on a single instance or task",
    "Any virtual machine can be replaced at any time; with only one, every replacement, deployment or failure is an outage.",
    "Run at least two instances or tasks (ideally in an Auto Scaling group or a service with a minimum of two).", "ec2-auto-scaling.txt");
rule!(ASG_AZS, "ha.asg-few-azs", Warning, "Auto Scaling group spans fewer than three AZs",
    "With three AZs, losing one removes a third of capacity instead of half, and the group can still place replacements.",
    "Give the group subnets in at least three Availability Zones.", "ec2-auto-scaling.txt");
rule!(ALB_AZ, "ha.alb-single-az", Error, "Load balancer in fewer than two AZs",
    "An Application Load Balancer needs subnets in at least two Availability Zones; in one AZ it cannot be created and could not survive that AZ anyway.",
    "Enable the load balancer in two or more AZs, with targets in each.", "vpc-best-practices.txt");
rule!(RDS_SINGLE, "ha.rds-single-az", Warning, "RDS database without Multi-AZ",
    "Without a standby in a second AZ, an AZ failure or maintenance takes the database, and everything behind it, down until it is restored.",
    "Turn on Multi-AZ so a standby takes over automatically.", "vpc-best-practices.txt");
rule!(AURORA_SINGLE, "ha.aurora-single-instance", Warning, "Aurora cluster with a single instance",
    "Aurora's storage spans AZs, but with one instance there is no reader to promote: a failure means waiting for a replacement.",
    "Add a second instance (reader) in another AZ.", "vpc-best-practices.txt");
rule!(CRITICAL_REGION, "ha.critical-single-region", Error, "Critical workload runs in one region",
    "Multi-AZ does not survive a regional outage (us-east-1, October 2025). A business-critical workload needs its data copied to a second region and a way to run there: active workloads in at least two regions and routing that fails over. Replicated data with nothing to serve it in the other region keeps the data, not the service.",
    "Replicate critical data asynchronously to a second region (S3 CRR, DynamoDB global tables, Aurora Global Database, cross-region replicas) and plan failover.", "us-east-1-outage.txt");
rule!(OBS_REGION, "ha.observability-same-region", Warning, "Monitoring lives in the same single region as the workload",
    "During the us-east-1 outage many teams learned of it from users: their dashboards and alarms were down with the region they watched.",
    "Send metrics and alarms to a second region or an external monitor (cross-region CloudWatch, external uptime checks).", "us-east-1-outage.txt");
rule!(IDENTITY_REGION, "ha.identity-same-region", Warning, "User sign-in depends on the same single region",
    "When Cognito and IAM in us-east-1 failed, applications could not authenticate users even where compute was healthy.",
    "Give identity an independent path: a user pool replicated or standing by in another region, or a provider outside the region.", "us-east-1-outage.txt");
rule!(FAILOVER_HC, "ha.failover-no-health-checks", Warning, "Multi-region design without health-checked DNS failover",
    "A second region only helps if traffic moves there automatically; DNS failover needs health checks to know when.",
    "Use Route 53 failover or latency routing with health checks on each region's entry point.", "us-east-1-outage.txt");

rule!(BACKUPS, "ha.short-backup-retention", Warning, "Automated backups off or kept less than a week",
    "Automated backups are what point-in-time recovery restores from; with none (or a day or two) a corruption or bad migration noticed after a weekend cannot be undone.",
    "Keep automated backups at least 7 days (35 for critical data) and test a restore.", "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html");
rule!(ONE_LINK, "ha.on-premises-single-link", Warning, "On-premises site connected by a single link",
    "One VPN connection from one customer gateway, or one Direct Connect connection at one location, is a single point of failure between the site and AWS: its device, line or location failing cuts the site off.",
    "Add a second link: a second VPN connection from a second customer gateway, or a second Direct Connect connection at another location (or a VPN as backup).", "https://docs.aws.amazon.com/directconnect/latest/UserGuide/resiliency_toolkit.html");
rule!(CACHE_ONE_AZ, "ha.cache-single-az", Warning, "Cache without a replica in another AZ",
    "A Redis OSS or Valkey cache with no replica in a second AZ (or with automatic failover off) loses its primary with that AZ; every read then falls on the database behind it at once.",
    "Turn on Multi-AZ with automatic failover and keep at least one replica (two nodes) in another AZ.", "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html");

rule!(NO_SNAPSHOTS, "ha.no-ebs-snapshots", Warning, "Data on EBS with no automated snapshots",
    "EBS volumes live in one AZ and are lost with a failed volume, a deleted instance or a bad write; snapshots are the point-in-time copies that restore them, and only a policy takes them when nobody remembers to.",
    "Enable automated snapshots with a retention policy (Data Lifecycle Manager or AWS Backup), e.g. daily, kept 7–35 days; copy them to a second region for disaster recovery.", "ec2-production.txt");

rule!(AZ_COUNT, "ha.az-count-beyond-vpc", Warning, "AZ count the design cannot give",
    "A load balancer, Auto Scaling group or interface endpoint is enabled only in AZs its VPC has, one subnet in each. A count set above the VPC's AZs, or one that disagrees with the subnets the component is placed in, is not what runs: the availability checks and the bill's per-AZ charges (public IPv4 addresses, endpoint hours) then disagree with the field.",
    "Place the component in one subnet per AZ it should use (the count follows), or set the count to at most the AZs its VPC has; draw another AZ to enable more.", "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#availability-zones");

pub(super) const RULES: &[RuleMeta] =
    &[APP_ONE_AZ, SPOF_ONE, ASG_AZS, ALB_AZ, RDS_SINGLE, AURORA_SINGLE, CRITICAL_REGION, OBS_REGION, IDENTITY_REGION, FAILOVER_HC, BACKUPS, ONE_LINK, CACHE_ONE_AZ, NO_SNAPSHOTS, AZ_COUNT];

/// `az_count` set to what the design cannot give ([`crate::az_choice`]): the inspector
/// refuses such an edit, a design file may still hold one (qa24 #2).
fn az_count_beyond(t: &Topology, out: &mut Vec<Finding>) {
    use crate::az_choice::{az_choice_with, AzChoice};
    let d = t.design;
    // The topology's one set of hosting AZs (review s33 R14: this built another).
    let hosting = t.hosting_azs();
    // The kinds from the index's table: only nodes of a kind with `az_count` are read.
    for (p, &n) in t.index.nodes.iter().enumerate() {
        if !t.index.spec_at(p).is_some_and(|k| k.prop("az_count").is_some()) || !d.is_set(n, "az_count") {
            continue;
        }
        let Some(set) = d.prop_where_defined(n, "az_count").and_then(|v| v.as_f64()) else { continue };
        // What the checks and the bill count (bounded by the hosting AZs, review s33 R1), while
        // `set` is what the file says: the finding names both.
        let counted = crate::zones::az_count_in(d, hosting, n).unwrap_or(set);
        match az_choice_with(d, n, |v| hosting.count(v)) {
            AzChoice::Placed { subnets } if set != subnets as f64 => out.push(
                Finding::new(&AZ_COUNT, format!("{} sets {} but is placed in {}, one per AZ: the checks and the bill count {counted}.", name(n), units::counted(set, "AZ", "AZs"), units::counted(subnets as f64, "subnet", "subnets"))).node(&n.id),
            ),
            AzChoice::UpTo { vpc, azs } if set > azs as f64 => {
                let v = d.node(&vpc).map(name).unwrap_or_else(|| vpc.to_string());
                out.push(Finding::new(&AZ_COUNT, format!("{} sets {} but {v} has {} with a subnet: the checks and the bill count {counted}.", name(n), units::counted(set, "AZ", "AZs"), units::counted(azs as f64, "AZ", "AZs"))).node(&n.id).node(&vpc));
            }
            _ => {}
        }
    }
}

/// Backup retention below which the rule speaks (days): a week, the RDS console's default.
const MIN_BACKUP_DAYS: f64 = 7.0;

pub(super) fn check(t: &Topology, out: &mut Vec<Finding>) {
    let d = t.design;
    az_count_beyond(t, out);
    for tier in &t.tiers {
        // Names are written only for a tier one of the two rules speaks about.
        let one_az = tier.azs == 1 && tier.kind != "asg";
        if !tier.on_request_path || !(one_az || tier.capacity <= 1.0) {
            continue;
        }
        let names = super::Names::of(tier.members.iter().filter_map(|m| t.node(m)));
        // ASGs have their own, stricter rule (three AZs).
        if one_az {
            out.push(Finding::new(&APP_ONE_AZ, format!("{} {} in a single Availability Zone.", names.list(), if names.len() == 1 { "runs" } else { "all run" })).nodes(tier.members.iter().copied()));
        }
        if tier.capacity <= 1.0 {
            out.push(Finding::new(&SPOF_ONE, format!("{} {} the request path with one instance or task in total.", names.list(), if names.len() == 1 { "serves" } else { "serve" })).nodes(tier.members.iter().copied()));
        }
    }
    for (n, kind) in t.nodes_and_kinds() {
        match kind {
            "asg" => {
                if let Some((_, azs)) = t.az_spread_ref(n) {
                    if azs < 3 {
                        let how = if t.place_of(&n.id).and_then(|p| p.subnet).is_some() { " (it sits in a single subnet)" } else { "" };
                        out.push(Finding::new(&ASG_AZS, format!("{} spans {azs} AZ{}{how}.", name(n), if azs == 1 { "" } else { "s" })).node(&n.id));
                    }
                }
            }
            "alb" => {
                let azs = crate::zones::az_count_in(d, t.hosting_azs(), n).unwrap_or(0.0);
                if azs < 2.0 {
                    out.push(Finding::new(&ALB_AZ, format!("{} is enabled in {azs} AZ.", name(n))).node(&n.id));
                }
            }
            // A read replica (target of a replication) is covered by its primary's Multi-AZ.
            "rds" if !d.flag(n, "multi_az") && t.inc(&n.id, crate::model::ConnKind::Replication).next().is_none() => {
                out.push(Finding::new(&RDS_SINGLE, format!("{} has Multi-AZ turned off.", name(n))).node(&n.id));
            }
            "aurora" if d.num(n, "instances") < 2.0 => {
                out.push(Finding::new(&AURORA_SINGLE, format!("{} has {} instance.", name(n), d.num(n, "instances"))).node(&n.id));
            }
            _ => {}
        }
        backups(t, n, out);
        match n.kind.as_str() {
            "on-premises" if !d.flag(n, "redundant") => {
                let how = if d.text_ref(n, "connection") == "direct-connect" { "one Direct Connect connection" } else { "one VPN connection" };
                out.push(Finding::new(&ONE_LINK, format!("{} reaches AWS over {how}.", name(n))).node(&n.id));
            }
            "elasticache" if d.text_ref(n, "engine") != "memcached" => {
                let nodes = d.num(n, "nodes");
                let why = if !d.flag(n, "multi_az") { "Multi-AZ is off".to_string() } else if nodes < 2.0 { format!("it has {nodes} node, so no replica") } else { continue };
                out.push(Finding::new(&CACHE_ONE_AZ, format!("{} cannot fail over to another AZ: {why}.", name(n))).node(&n.id));
            }
            _ => {}
        }
    }
    // ---- regions
    let single_region = t.regions.len() <= 1;
    let home = t.regions.iter().next().cloned().unwrap_or_else(|| d.region.clone());
    // Where requests are served: compute, APIs and load balancers. Data copied elsewhere does
    // not keep the service up if nothing runs next to the copy.
    let serving: BTreeSet<&str> =
        crate::order::set(t.nodes_and_kinds().filter(|(_, k)| matches!(role_of(k), Some(Role::Compute | Role::Api | Role::LoadBalancer))).map(|(n, _)| t.region_of(&n.id)));
    if d.workload.critical && serving.len() <= 1 && !(single_region && t.cross_region_copies.is_empty()) {
        let at = serving.iter().next().map(|r| r.to_string()).unwrap_or_else(|| home.clone());
        let copied: Vec<&NodeId> = t.cross_region_copies.iter().copied().filter(|id| t.region_of(id) == at).collect();
        let names: Vec<String> = copied.iter().filter_map(|id| t.node(id)).map(name).collect();
        let what = if names.is_empty() { "Its data reaches another region".to_string() } else { format!("{} {} copied to another region", list(&names), if names.len() == 1 { "is" } else { "are" }) };
        out.push(
            Finding::new(&CRITICAL_REGION, format!("The workload is marked critical and {what}, but everything that serves requests runs only in {at}: a regional outage still takes it down."))
                .nodes(if !copied.is_empty() {
                    copied
                } else if !t.entries.is_empty() {
                    t.entries.clone()
                } else {
                    t.nodes_and_kinds().filter(|(_, k)| matches!(role_of(k), Some(Role::Compute | Role::Api | Role::LoadBalancer))).map(|(n, _)| &n.id).collect()
                }),
        );
    }
    if d.workload.critical && single_region {
        if t.cross_region_copies.is_empty() {
            let mut stores: Vec<&NodeId> = t.nodes_and_kinds().filter(|&(_, k)| is_database(k) || k == "s3").map(|(n, _)| &n.id).collect();
            if stores.is_empty() {
                stores = t.entries.clone();
            }
            out.push(
                Finding::new(&CRITICAL_REGION, format!("The workload is marked critical but runs only in {home} and no data store is copied to another region."))
                    .nodes(stores),
            );
        }
        let obs: Vec<_> = t
            .nodes_and_kinds()
            .filter(|(_, k)| matches!(*k, "cloudwatch" | "xray"))
            .map(|(n, _)| n)
            // only CloudWatch has a cross-region option; X-Ray lives in its region
            .filter(|n| t.region_of(&n.id) == home && !d.prop_where_defined(n, "cross_region").and_then(|v| v.as_bool()).unwrap_or(false))
            .collect();
        let all_obs = t.nodes_and_kinds().filter(|(_, k)| role_of(k) == Some(Role::Observability)).count();
        if !obs.is_empty() && obs.len() == all_obs {
            let names: Vec<String> = obs.iter().map(|n| name(n)).collect();
            out.push(Finding::new(&OBS_REGION, format!("{} watch{} the workload from {home}, the only region it runs in.", list(&names), if names.len() == 1 { "es" } else { "" })).nodes(obs.iter().map(|n| &n.id)));
        }
        let idp: Vec<_> = t.nodes_and_kinds().filter(|&(n, k)| k == "cognito" && t.region_of(&n.id) == home).map(|(n, _)| n).collect();
        if !idp.is_empty() {
            let names: Vec<String> = idp.iter().map(|n| name(n)).collect();
            out.push(Finding::new(&IDENTITY_REGION, format!("{} sign{} users in from {home}, the only region the workload runs in.", list(&names), if names.len() == 1 { "s" } else { "" })).nodes(idp.iter().map(|n| &n.id)));
        }
    }
    if t.regions.len() >= 2 {
        let dns = t.of_kind("route53");
        if dns.is_empty() {
            if !t.entries.is_empty() {
                out.push(
                    Finding::new(&FAILOVER_HC, format!("The design runs in {} but has no Route 53 to fail traffic over between them.", list(&t.regions.iter().cloned().collect::<Vec<_>>())))
                        .nodes(t.entries.iter().copied()),
                );
            }
        } else {
            for r in dns {
                // Simple routing answers with every record, healthy or not: no policy, no failover.
                if d.text_ref(r, "routing_policy") == "simple" {
                    out.push(Finding::new(&FAILOVER_HC, format!("{} routes a multi-region design with a simple routing policy, which cannot fail over.", name(r))).node(&r.id));
                } else if !d.flag(r, "health_checks") {
                    out.push(Finding::new(&FAILOVER_HC, format!("{} routes a multi-region design without health checks.", name(r))).node(&r.id));
                }
            }
        }
    }
}

/// EBS data without automated snapshots: data volumes (a root volume holds the AMI's system,
/// rebuilt from the image) and instances marked as keeping state on their volumes.
fn snapshots(t: &Topology, n: &crate::model::Node, out: &mut Vec<Finding>) {
    let d = t.design;
    let holds_data = match n.kind.as_str() {
        "ebs" => !d.flag(n, "root_volume"),
        "ec2" => d.flag(n, "stateful"),
        _ => return,
    };
    if holds_data && d.num(n, "snapshot_retention_days") <= 0.0 {
        let what = if n.kind == "ebs" { "holds data" } else { "keeps state on its volumes" };
        out.push(Finding::new(&NO_SNAPSHOTS, format!("{} {what} but no policy takes automated snapshots of it.", name(n))).node(&n.id));
    }
}

/// Automated backups of RDS instances and Aurora clusters. A read replica (the target of a
/// replication) is backed up through its primary.
fn backups(t: &Topology, n: &crate::model::Node, out: &mut Vec<Finding>) {
    let d = t.design;
    // DynamoDB's automated backups are point-in-time recovery (35 days, fixed); a table that
    // is the target of a replication is a global-table replica, covered where it is written.
    if n.kind == "dynamodb" && !d.flag(n, "pitr") && t.inc(&n.id, crate::model::ConnKind::Replication).next().is_none() {
        out.push(Finding::new(&BACKUPS, format!("{} has point-in-time recovery off: no automated backups.", name(n))).node(&n.id));
        return;
    }
    snapshots(t, n, out);
    if !matches!(n.kind.as_str(), "rds" | "aurora") || t.inc(&n.id, crate::model::ConnKind::Replication).next().is_some() {
        return;
    }
    let days = d.num(n, "backup_retention_days");
    if days < MIN_BACKUP_DAYS {
        let what = if days <= 0.0 { "has automated backups off: no point-in-time recovery".to_string() } else { format!("keeps automated backups only {days} day{}", if days == 1.0 { "" } else { "s" }) };
        out.push(Finding::new(&BACKUPS, format!("{} {what}.", name(n))).node(&n.id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Design;

    fn critical(nodes: serde_json::Value) -> Design {
        serde_json::from_value(serde_json::json!({
            "schema_version": 2, "name": "critical", "region": "us-east-1", "workload": {"critical": true},
            "nodes": nodes, "connections": {}
        }))
        .unwrap()
    }

    fn critical_findings(d: &Design) -> Vec<String> {
        super::super::check(d).into_iter().filter(|f| f.rule == CRITICAL_REGION.id).map(|f| f.message).collect()
    }

    /// Issue 21: one replicated store used to silence the rule although nothing ran in the
    /// second region.
    #[test]
    fn replicated_data_with_all_compute_in_one_region_still_fails() {
        let d = critical(serde_json::json!({
            "fn": {"id": "fn", "kind": "lambda"},
            "orders": {"id": "orders", "kind": "dynamodb", "props": {"global_tables": true, "pitr": true}}
        }));
        let got = critical_findings(&d);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains("DynamoDB table \"orders\" is copied to another region") && got[0].contains("runs only in us-east-1"), "{}", got[0]);
    }

    #[test]
    fn a_replica_placed_in_a_second_region_without_compute_there_still_fails() {
        let d = critical(serde_json::json!({
            "east": {"id": "east", "kind": "region", "props": {"code": "us-east-1"}},
            "west": {"id": "west", "kind": "region", "props": {"code": "us-west-2"}},
            "fn": {"id": "fn", "kind": "lambda", "parent": "east"},
            "orders": {"id": "orders", "kind": "dynamodb", "parent": "east", "props": {"global_tables": true, "pitr": true}},
            "replica": {"id": "replica", "kind": "dynamodb", "parent": "west", "props": {"global_tables": true, "pitr": true}}
        }));
        assert_eq!(critical_findings(&d).len(), 1);
    }

    #[test]
    fn compute_in_two_regions_with_replicated_data_passes() {
        let d = critical(serde_json::json!({
            "east": {"id": "east", "kind": "region", "props": {"code": "us-east-1"}},
            "west": {"id": "west", "kind": "region", "props": {"code": "us-west-2"}},
            "fn-east": {"id": "fn-east", "kind": "lambda", "parent": "east"},
            "fn-west": {"id": "fn-west", "kind": "lambda", "parent": "west"},
            "orders": {"id": "orders", "kind": "dynamodb", "parent": "east", "props": {"global_tables": true, "pitr": true}}
        }));
        assert!(critical_findings(&d).is_empty());
    }
}
