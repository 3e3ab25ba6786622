//! Capacity rules: components at or above saturation, or above the 70% target, and service
//! quotas exceeded or nearly reached — at the design's own traffic. The analysis itself (and
//! the same findings at any traffic multiplier) lives in [`crate::capacity`]; these rules put
//! its ×1 findings in the findings panel and `cloudwright check`, where they can be suppressed.

use super::topology::Topology;
use super::{Finding, RuleMeta};

rule!(SATURATED, "cap.saturated", Error, "Component overloaded at the design's traffic",
    "At or above 100% utilisation requests queue without bound or are throttled: latency has no finite value and requests time out.",
    "Add units (tasks, instances, concurrency, shards) or raise the scaling maximum to the count the finding names, sized for 70% utilisation.", "ec2-production.txt");
rule!(ABOVE_TARGET, "cap.above-target", Warning, "Component above the 70% utilisation target",
    "Above about 70% utilisation queueing delay climbs steeply and a traffic spike or a lost AZ tips the component into overload.",
    "Add units or raise the scaling maximum to the count the finding names.", "ec2-production.txt");
rule!(QUOTA_EXCEEDED, "cap.quota-exceeded", Error, "Service quota exceeded at the design's traffic",
    "A default account quota caps the design below its own traffic: requests above it are throttled or refused.",
    "Request a quota increase (most are adjustable), or batch, cache, shard or pool as the finding says.", "api-gateway.txt");
rule!(QUOTA_NEAR, "cap.quota-near", Warning, "Service quota nearly reached",
    "Above 70% of a quota a peak or modest growth reaches it; increases take days to be granted.",
    "Request the increase now, or reduce the use as the finding says.", "api-gateway.txt");

pub(super) const RULES: &[RuleMeta] = &[SATURATED, ABOVE_TARGET, QUOTA_EXCEEDED, QUOTA_NEAR];

pub(super) fn check(t: &Topology, out: &mut Vec<Finding>) {
    from_findings(t.capacity_findings(), out);
}

/// The capacity analysis's findings (at ×1) as rule findings.
pub(super) fn from_findings(found: &[crate::capacity::CapacityFinding], out: &mut Vec<Finding>) {
    for f in found {
        let meta = match f.rule {
            "cap.saturated" => &SATURATED,
            "cap.above-target" => &ABOVE_TARGET,
            "cap.quota-exceeded" => &QUOTA_EXCEEDED,
            _ => &QUOTA_NEAR,
        };
        out.push(Finding::new(meta, format!("{} Fix: {}.", f.message, f.fix)).nodes(&f.nodes));
    }
}
