//! EC2 and Auto Scaling rules: replaceable instances, Spot, storage, exposure, pricing.

use super::topology::{is_app, is_private_cidr, Topology};
use super::{list, name, Finding, RuleMeta};
use crate::model::{ConnKind, Node};

rule!(BURSTABLE, "ec2.burstable-cpu-scaling", Warning, "Burstable (T) instances behind CPU target tracking",
    "When T instances run out of CPU credits they slow down hard but look healthy; CPU scaling then adds more throttled instances and makes it worse.",
    "Use M/C instances for the scaled tier, or scale on request count rather than CPU.", "ec2-auto-scaling.txt");
rule!(GRACE, "ec2.no-health-check-grace", Warning, "Health-check grace period missing or too short",
    "Without a grace period, instances still warming up are marked unhealthy and replaced in a loop though nothing is wrong.",
    "Set a grace period that covers start-up (300 s is a common starting point).", "ec2-auto-scaling.txt");
rule!(ONE_TYPE_SPOT, "ec2.single-instance-type-spot", Warning, "Spot capacity from a single instance type",
    "Spot capacity runs out per instance type and AZ; with one type, a shortage takes the whole Spot share at once.",
    "List several equivalent types (e.g. m6i.large, m5.large, m5a.large) in a mixed instances policy.", "ec2-auto-scaling.txt");
rule!(SPOT_STATEFUL, "ec2.spot-stateful", Error, "Spot for stateful work",
    "Spot instances are reclaimed with two minutes' notice; state on them is lost. Spot suits stateless, retryable work.",
    "Run stateful work on On-Demand or Savings Plans capacity, or move the state out (EFS, S3, RDS, DynamoDB).", "ec2-instance-types-pricing.txt");
rule!(SPOT_NO_BASE, "ec2.spot-no-on-demand-base", Warning, "Spot without an On-Demand base",
    "If every instance can be reclaimed at once, a Spot shortage is an outage. Baseline load belongs on On-Demand capacity.",
    "Set an On-Demand base capacity covering baseline load and put only the variable part on Spot.", "ec2-auto-scaling.txt");
rule!(LOCAL_STATE, "ec2.asg-local-state", Error, "State on the local disks of a scaling group",
    "Auto Scaling terminates instances freely; anything written to their disks disappears with them.",
    "Move shared files to EFS, objects to S3 and data to RDS or DynamoDB so any instance can be replaced.", "ec2-auto-scaling.txt");
rule!(GP2, "ec2.gp2-volume", Advice, "gp2 volumes where gp3 is cheaper",
    "gp3 costs about 20% less than gp2 and its performance does not depend on volume size.",
    "Migrate the volumes to gp3 (Elastic Volumes, no downtime).", "ec2-production.txt");
rule!(PUBLIC_NO_LB, "ec2.public-no-lb", Warning, "Public-facing instance with no load balancer",
    "Public-facing workloads belong behind a load balancer: it spreads traffic over AZs, health-checks instances and keeps them private.",
    "Put an Application Load Balancer in front and move the instances to private subnets.", "ec2-production.txt");
rule!(AROUND_LB, "ec2.reachable-around-lb", Warning, "Instances reachable from more than their load balancer",
    "Instances should accept traffic only from the load balancer's security group, so new instances join through the same controlled entry point.",
    "Allow the application port from the load balancer's security group only; remove other paths and open rules.", "ec2-auto-scaling.txt");
rule!(NO_SSM, "ec2.no-ssm", Advice, "Instance without SSM access",
    "Without Systems Manager the only way in is SSH with keys and an open port; SSM Session Manager needs neither.",
    "Install the SSM agent in the AMI and give the instance role SSM permissions.", "ec2-production.txt");
rule!(ON_DEMAND, "cost.steady-compute-on-demand", Advice, "Steady compute bought On-Demand",
    "On-Demand is the most expensive way to pay for capacity that runs all month; Savings Plans take up to 72% off steady usage.",
    "Cover the steady baseline with a Compute Savings Plan; keep On-Demand/Spot for peaks.", "ec2-instance-types-pricing.txt");

rule!(IMDSV1, "ec2.imdsv1-allowed", Warning, "Instance metadata reachable without a token (IMDSv1)",
    "With IMDSv1 allowed, any server-side request forgery in the application can read the instance role's credentials from 169.254.169.254; IMDSv2's session token blocks that.",
    "Require IMDSv2 (HttpTokens=required) in the launch template or instance settings.", "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html");
rule!(EC2_HEALTH, "ec2.asg-ec2-health-checks", Warning, "Scaling group behind a load balancer replaces only dead instances",
    "With EC2 health checks an instance whose application hangs or fails the load balancer's check stays in service as long as the VM runs; the load balancer's health check is what should decide replacement.",
    "Set the group's health check type to ELB (with a grace period covering start-up).", "ec2-production.txt");

rule!(NO_TARGET_TRACKING, "ec2.asg-no-target-tracking", Warning, "Scaling group without target tracking",
    "Fixed-threshold (step) policies react too late or overreact, turning instance churn into noise, and a schedule alone does not follow traffic at all; target tracking keeps a metric at a target and scales both ways on its own.",
    "Use a target-tracking policy (request count per target for a web tier), with predictive scaling or a schedule on top for known peaks.", "ec2-auto-scaling.txt");
rule!(WEB_CPU, "ec2.web-tier-cpu-scaling", Advice, "Web tier scaled on CPU",
    "Relying only on CPU assumes traffic is simple and linear; a web tier behind a load balancer is driven by requests, which bursty traffic, slow dependencies or I/O waits do not show in CPU.",
    "Track request count per target (ALBRequestCountPerTarget) at the load the instances serve at their target utilisation.", "ec2-auto-scaling.txt");
rule!(OUTSIDE_ASG, "ec2.fleet-outside-asg", Warning, "Instances run outside an Auto Scaling group",
    "Standalone instances are not replaced when they fail, are not spread and rebalanced across AZs, and Spot instances reclaimed by AWS stay gone; an Auto Scaling group from a launch template does all three.",
    "Run the instances in an Auto Scaling group (launch template, several AZs, health checks; a mixed instances policy for Spot).", "ec2-production.txt");

rule!(NO_LOG_AGENT, "ec2.logs-not-centralised", Warning, "Instance logs not shipped anywhere",
    "Logs kept on an instance's disk cannot be searched with the rest and vanish with it; in an Auto Scaling group that happens at every scale-in. Centralised logs are what troubleshooting and audits read.",
    "Install the CloudWatch agent (or a log forwarder) in the AMI and send the logs to CloudWatch Logs with a retention.", "ec2-production.txt");
rule!(ASG_NO_BLUE_GREEN, "ec2.user-facing-no-blue-green", Advice, "User-facing group deployed by replacing instances in place",
    "Blue-green builds the new version beside the old, switches traffic at the load balancer after testing and switches back at once if problems occur; an in-place instance refresh mixes versions and rolls back slowly.",
    "Deploy a new Auto Scaling group (or use CodeDeploy blue/green) and switch the load balancer's traffic to it after health checks.", "ec2-production.txt");

rule!(UNPRICED_TYPE, "ec2.unpriced-instance-type", Warning, "Instance type with no list price",
    "A type the price book does not know (often a typo, such as NaN or m6i.lrage) cannot be priced: the bill puts a stand-in price on it, so the total looks plausible but is not the price of what was asked for. A mistyped type also fails at launch.",
    "Correct the instance type to one the price book lists (the inspector names them), or price the type by hand outside the estimate.", "https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-types.html");

pub(super) const RULES: &[RuleMeta] =
    &[BURSTABLE, GRACE, ONE_TYPE_SPOT, SPOT_STATEFUL, SPOT_NO_BASE, LOCAL_STATE, GP2, PUBLIC_NO_LB, AROUND_LB, NO_SSM, ON_DEMAND, IMDSV1, EC2_HEALTH, NO_TARGET_TRACKING, WEB_CPU, OUTSIDE_ASG, NO_LOG_AGENT, ASG_NO_BLUE_GREEN, UNPRICED_TYPE];

/// Scaling policies of a group: step and schedule-only policies lack target tracking; CPU
/// target tracking on a group behind a load balancer is advice (burstable types have their own
/// rule, which says more).
fn scaling(t: &Topology, n: &Node, burstable: bool, out: &mut Vec<Finding>) {
    let d = t.design;
    match d.text_ref(n, "scaling_policy") {
        "step" => out.push(Finding::new(&NO_TARGET_TRACKING, format!("{} scales with step policies on fixed thresholds.", name(n))).node(&n.id)),
        "scheduled" => out.push(Finding::new(&NO_TARGET_TRACKING, format!("{} scales only on a schedule, not on load.", name(n))).node(&n.id)),
        "target-cpu" if !burstable => {
            if let Some(c) = t.inc(&n.id, ConnKind::Sync).find(|c| t.node(&c.from).is_some_and(|f| is_lb(&f.kind))) {
                let lb = t.node(&c.from).expect("found above");
                out.push(Finding::new(&WEB_CPU, format!("{} sits behind {} but scales on CPU.", name(n), name(lb))).node(&n.id).node(&lb.id).conn(&c.id));
            }
        }
        _ => {}
    }
}

/// Values of a priced-type field ([`crate::catalog::PropSpec::known`]: an Auto Scaling group's
/// instance types) that the price book has no price for. Such a value is refused in the
/// inspector, but a design file or an import may hold one.
fn unpriced(t: &Topology, n: &Node, out: &mut Vec<Finding>) {
    let Some(spec) = crate::catalog::kind(&n.kind) else { return };
    for p in spec.props.iter().filter(|p| !p.known.is_empty()) {
        let Some(v) = t.design.prop(n, p.key) else { continue };
        if p.names_none(&v) {
            out.push(Finding::new(&UNPRICED_TYPE, format!("{}: no instance type is named (its {} field is empty); the bill uses a stand-in price for the group.", name(n), in_sentence(p.label))).node(&n.id));
            continue;
        }
        let unknown = p.unknown_entries(&v);
        if unknown.is_empty() {
            continue;
        }
        let quoted: Vec<String> = unknown.iter().map(|s| crate::catalog::quote_entry(s)).collect();
        // Only the first type named is priced (cost::kinds); a later unknown one costs nothing wrong.
        let first = v.named_entries().first().copied();
        let stand_in = if first.is_some_and(|f| unknown.contains(&f)) { "; the bill uses a stand-in price for the group" } else { "" };
        let verb = if unknown.len() == 1 { "has" } else { "have" };
        // The field is named as a field ("in its instance types field"): the label is plural,
        // and "Instance types "t4g.micro" has" read as bad grammar (QA s32 F11).
        let field = in_sentence(p.label);
        // Only blank entries: "an empty entry has no list price" reads as a typo (QA s10 #6).
        let what = if unknown.iter().all(|s| s.trim().is_empty()) {
            format!("its {field} field has an empty entry")
        } else {
            format!("{} in its {field} field {verb} no list price", list(&quoted))
        };
        out.push(Finding::new(&UNPRICED_TYPE, format!("{}: {what}{stand_in}.", name(n))).node(&n.id));
    }
}

/// A field's label inside a sentence: its first letter lower-cased, unless its first word is
/// an acronym or holds a capital after its first letter ("Instance types" → "instance types",
/// "EC2 instance types" and "IPv4 addresses" stay; review s33 R15: the whole label was
/// lower-cased, "ec2 instance types"; review s34 R9: "IPv4" read "iPv4").
fn in_sentence(label: &str) -> String {
    let first = label.split(' ').next().unwrap_or_default();
    let acronym = first.chars().skip(1).any(|c| c.is_uppercase());
    let mut cs = label.chars();
    match cs.next() {
        Some(c) if !acronym => c.to_lowercase().chain(cs).collect(),
        _ => label.to_string(),
    }
}

fn types<'n>(t: &Topology, n: &'n Node) -> Vec<&'n str> {
    // A blank entry (a file may hold one; `ec2.unpriced-instance-type` names it) is no type.
    t.design.instance_types(n)
}

fn is_lb(kind: &str) -> bool {
    matches!(kind, "alb" | "nlb")
}

pub(super) fn check(t: &Topology, out: &mut Vec<Finding>) {
    let d = t.design;
    let mut steady: Vec<&Node> = Vec::new();
    let mut steady_count = 0.0;
    for (n, kind) in t.nodes_and_kinds() {
        match kind {
            "asg" => {
                unpriced(t, n, out);
                let ty = types(t, n);
                let spot = d.num(n, "spot_pct");
                let burst: Vec<String> = ty.iter().filter(|x| x.starts_with('t') && x.chars().nth(1).map(|c| c.is_ascii_digit()).unwrap_or(false)).map(|x| x.to_string()).collect();
                if !burst.is_empty() && d.text_ref(n, "scaling_policy") == "target-cpu" {
                    out.push(Finding::new(&BURSTABLE, format!("{} scales on CPU with burstable {}.", name(n), list(&burst))).node(&n.id));
                }
                scaling(t, n, !burst.is_empty(), out);
                if !d.flag(n, "log_agent") {
                    out.push(Finding::new(&NO_LOG_AGENT, format!("{} ships no logs: each instance's logs are lost when it is terminated.", name(n))).node(&n.id));
                }
                let user_facing = t.exposed_from(&n.id).is_some_and(|e| e.kind == "users");
                if user_facing && d.text_ref(n, "deployment") == "rolling" {
                    out.push(Finding::new(&ASG_NO_BLUE_GREEN, format!("{} serves users and deploys by replacing its instances in place.", name(n))).node(&n.id));
                }
                let grace = d.num(n, "health_check_grace_s");
                if grace < 60.0 {
                    out.push(Finding::new(&GRACE, format!("{} has a health-check grace period of {grace} s.", name(n))).node(&n.id));
                }
                if spot > 0.0 {
                    if ty.len() < 2 {
                        // A group that names no type (`ec2.unpriced-instance-type` says so) has
                        // no list to diversify yet: say that, not "only one type" (the bill's
                        // stand-in is one type, the design names none).
                        let msg = if ty.is_empty() {
                            format!("{} puts {spot}% on Spot and names no instance type: Spot needs two or more to draw on.", name(n))
                        } else {
                            format!("{} puts {spot}% on Spot with only {}.", name(n), ty.join(", "))
                        };
                        out.push(Finding::new(&ONE_TYPE_SPOT, msg).node(&n.id));
                    }
                    if d.flag(n, "local_state") {
                        out.push(Finding::new(&SPOT_STATEFUL, format!("{} keeps local state and puts {spot}% on Spot.", name(n))).node(&n.id));
                    }
                    if d.num(n, "on_demand_base") <= 0.0 {
                        out.push(Finding::new(&SPOT_NO_BASE, format!("{} puts {spot}% on Spot with no On-Demand base.", name(n))).node(&n.id));
                    }
                }
                if d.flag(n, "local_state") {
                    out.push(Finding::new(&LOCAL_STATE, format!("{} keeps state on its instances' local disks.", name(n))).node(&n.id));
                }
                if d.text_ref(n, "health_check_type") == "ec2" {
                    let lbs: Vec<_> = t.inc(&n.id, ConnKind::Sync).filter_map(|c| Some((c, t.node(&c.from)?))).filter(|(_, f)| is_lb(&f.kind)).collect();
                    if let Some((c, lb)) = lbs.first() {
                        out.push(
                            Finding::new(&EC2_HEALTH, format!("{} sits behind {} but replaces instances on EC2 status checks only.", name(n), name(lb)))
                                .node(&n.id)
                                .node(&lb.id)
                                .conn(&c.id),
                        );
                    }
                }
                if d.text_ref(n, "ebs_type") == "gp2" {
                    out.push(Finding::new(&GP2, format!("{} launches instances with gp2 volumes.", name(n))).node(&n.id));
                }
                let base = d.num(n, "min") * (1.0 - spot / 100.0);
                if base > 0.0 {
                    steady_count += base;
                    steady.push(n);
                }
                exposure(t, n, out);
            }
            "ec2" => {
                if d.text_ref(n, "purchase") == "spot" && d.flag(n, "stateful") {
                    out.push(Finding::new(&SPOT_STATEFUL, format!("{} is stateful and bought as Spot.", name(n))).node(&n.id));
                }
                if d.text_ref(n, "ebs_type") == "gp2" {
                    out.push(Finding::new(&GP2, format!("{} uses a gp2 volume.", name(n))).node(&n.id));
                }
                if !d.flag(n, "ssm") {
                    out.push(Finding::new(&NO_SSM, format!("{} has SSM access off.", name(n))).node(&n.id));
                }
                if !d.flag(n, "log_agent") {
                    out.push(Finding::new(&NO_LOG_AGENT, format!("{} ships no logs: they stay on its disk.", name(n))).node(&n.id));
                }
                if !d.flag(n, "imdsv2") {
                    out.push(Finding::new(&IMDSV1, format!("{} allows IMDSv1: its role's credentials are one SSRF away.", name(n))).node(&n.id));
                }
                let count = d.num(n, "count");
                if count >= 2.0 || d.text_ref(n, "purchase") == "spot" {
                    let what = if count >= 2.0 { format!("runs {count} standalone instances") } else { "is a standalone Spot instance".to_string() };
                    out.push(Finding::new(&OUTSIDE_ASG, format!("{} {what} outside an Auto Scaling group.", name(n))).node(&n.id));
                }
                if d.text_ref(n, "purchase") == "on-demand" {
                    steady_count += d.num(n, "count").max(1.0);
                    steady.push(n);
                }
                exposure(t, n, out);
            }
            "ebs" if d.text_ref(n, "volume_type") == "gp2" => {
                out.push(Finding::new(&GP2, format!("{} is a gp2 volume.", name(n))).node(&n.id));
            }
            "rds" if d.text_ref(n, "storage_type") == "gp2" => {
                out.push(Finding::new(&GP2, format!("{} stores its data on gp2.", name(n))).node(&n.id));
            }
            _ => {}
        }
    }
    if on_demand(t) && steady_count >= 4.0 {
        out.push(
            Finding::new(&ON_DEMAND, format!("{steady_count} instances run around the clock on On-Demand pricing ({}).", list(&steady.iter().map(|n| name(n)).collect::<Vec<_>>())))
                .nodes(steady.iter().map(|n| &n.id)),
        );
    }
}

/// Instances behind (or not behind) a load balancer.
fn exposure(t: &Topology, n: &Node, out: &mut Vec<Finding>) {
    let callers: Vec<_> = t.inc(&n.id, ConnKind::Sync).filter_map(|c| Some((c, t.node(&c.from)?))).collect();
    let has_lb = callers.iter().any(|(_, f)| is_lb(&f.kind));
    let world: Vec<String> =
        n.ingress.iter().filter(|i| !is_private_cidr(&i.cidr) && !matches!(i.port, 22 | 3389)).map(|i| format!("port {} from {}", i.port, i.cidr)).collect();
    let from_users: Vec<_> = callers.iter().filter(|(_, f)| f.kind == "users").collect();
    if !has_lb && (!from_users.is_empty() || !world.is_empty()) {
        let how = if let Some((_, u)) = from_users.first() { format!("takes requests straight from {}", name(u)) } else { format!("is open on {}", list(&world)) };
        out.push(Finding::new(&PUBLIC_NO_LB, format!("{} {how} with no load balancer in front.", name(n))).node(&n.id).conns(from_users.iter().map(|(c, _)| &c.id)));
    }
    if has_lb {
        let others: Vec<_> = callers.iter().filter(|(_, f)| !is_lb(&f.kind) && !is_app(&f.kind)).collect();
        if !others.is_empty() || !world.is_empty() {
            let mut what: Vec<String> = others.iter().map(|(_, f)| name(f)).collect();
            what.extend(world);
            out.push(
                Finding::new(&AROUND_LB, format!("{} sits behind a load balancer but is also reachable from {}.", name(n), list(&what)))
                    .node(&n.id)
                    .nodes(others.iter().map(|(_, f)| &f.id))
                    .conns(others.iter().map(|(c, _)| &c.id)),
            );
        }
    }
}

/// Whether the design buys compute On-Demand (the pricing enum is not re-exported by the
/// model, so read its serialized name, which is part of the file format anyway).
fn on_demand(t: &Topology) -> bool {
    serde_json::to_value(t.design.workload.pricing).ok().and_then(|v| v.as_str().map(|s| s == "on_demand")).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::in_sentence;

    /// Review s33 R15: only what is meant is lower-cased; an acronym keeps its capitals.
    #[test]
    fn a_label_in_a_sentence_keeps_its_acronym() {
        assert_eq!(in_sentence("Instance types"), "instance types");
        assert_eq!(in_sentence("EC2 instance types"), "EC2 instance types");
        assert_eq!(in_sentence("IPv4 addresses"), "IPv4 addresses");
        assert_eq!(in_sentence("A"), "a");
        assert_eq!(in_sentence("Spot share of EC2"), "spot share of EC2");
        assert_eq!(in_sentence(""), "");
    }
}
