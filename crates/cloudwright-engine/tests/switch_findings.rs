//! Compare's Switch draws what the option needs (an ECS or EKS cluster, an Auto Scaling group
//! of container instances): what it draws is drawn right, so the switch brings no finding the
//! user did not cause, and its names read like names people give.

mod common;

use cloudwright_engine::compare::ContainerOption;
use cloudwright_engine::zones::Zones;
use cloudwright_engine::{rules, Design, NodeId};
use common::{added, comparable_designs, container_nodes, switched};
use std::collections::BTreeSet;

/// Findings about the option itself, which the user caused by choosing it: EKS for a team
/// with no Kubernetes experience and no portability need (ctr.eks-without-need) is what
/// Compare's ranking warns about; the switch does what it was asked.
const CHOSEN: [&str; 1] = ["ctr.eks-without-need"];

/// Left open (s17, reported to the lead): a switch to EKS on EC2 draws a Karpenter node group
/// with no spare node (`ec2_plan`: spare 0 with Karpenter), one node for a small service, so
/// the request path has a single instance (ha.spof-single-instance). A second node is a
/// sizing change that moves Compare's EKS-on-EC2 price and the bill alike; it is not a
/// property of the drawing, so it is not fixed here. Only that option, only that rule.
const SIZING_LEFT: (ContainerOption, &str) = (ContainerOption::EksEc2, "ha.spof-single-instance");

/// An Auto Scaling group of container instances drawn by a switch runs in the AZs its service
/// ran in: the switch places it in the services' subnets, one per AZ (review s34 R3; it set a
/// count at VPC level before, which `Zones` spread over the VPC's first AZs). The starter's
/// and multi-region's services run in two AZs, so the group spans two, and `ha.asg-few-azs`
/// ("fewer than three") says so: the user drew the service in two AZs, not the switch.
/// Allowed only for a group whose zones, by name, are those the design's container services
/// ran in before the switch (in its VPC), fewer than three: the zones each analysis sees
/// ([`Zones::spread_of`]) compared by their region and letter, not recounted the way the
/// switch counts them.
fn few_azs_of_the_service(before: &Design, after: &Design, rule: &str, nodes: &[NodeId]) -> bool {
    let names = |d: &Design, ids: &mut dyn Iterator<Item = &NodeId>| -> BTreeSet<String> {
        let z = Zones::new(d);
        ids.flat_map(|id| z.spread_of(id).0.iter().map(|(i, _)| z.name(*i).to_string()).collect::<Vec<_>>()).collect()
    };
    rule == "ha.asg-few-azs"
        && nodes.iter().all(|n| {
            let Some(g) = after.node(n) else { return false };
            let vpc = after.enclosing(n, "vpc").map(|v| v.id.clone());
            let ran = names(before, &mut before.nodes.values().filter(|s| matches!(s.kind.as_str(), "ecs-service" | "eks-nodegroup" | "fargate-profile") && before.enclosing(&s.id, "vpc").map(|v| v.id.clone()) == vpc).map(|s| &s.id));
            let runs = names(after, &mut std::iter::once(&g.id));
            runs == ran && ran.len() < 3
        })
}

/// A design's findings as (rule, the nodes it points at), but those of [`CHOSEN`].
fn findings(d: &Design) -> BTreeSet<(String, Vec<NodeId>)> {
    rules::check(d).into_iter().filter(|f| f.suppressed.is_none() && !CHOSEN.contains(&f.rule)).map(|f| (f.rule.to_string(), f.nodes)).collect()
}

/// Review s17: Compare's Switch to ECS on EC2 drew an Auto Scaling group shipping no logs
/// (ec2.logs-not-centralised) and, where the design had none, an ECS cluster without Container
/// Insights (ctr.no-container-insights); to EKS, a cluster with its control-plane logs off
/// (ctr.eks-no-control-plane-logs); a service made from an EKS workload deployed rolling and
/// scaled on CPU behind its load balancer (ctr.user-facing-no-blue-green,
/// ctr.web-service-cpu-scaling). Every switch of every container node of every design Compare
/// opens on now brings no finding but the choice's own (and [`SIZING_LEFT`]). Fails on main.
#[test]
fn a_switch_brings_no_finding_the_user_did_not_cause() {
    let mut checked = 0;
    let mut bad = Vec::new();
    for (what, d) in comparable_designs() {
        let before = findings(&d);
        for node in container_nodes(&d) {
            for o in ContainerOption::ALL {
                let Some(after) = switched(&d, &node, o) else { continue };
                checked += 1;
                let new: Vec<_> = findings(&after).difference(&before).filter(|(r, _)| (o, r.as_str()) != SIZING_LEFT).filter(|(r, ns)| !few_azs_of_the_service(&d, &after, r, ns)).cloned().collect();
                if !new.is_empty() {
                    let drawn: Vec<String> = added(&d, &after).iter().map(|id| format!("{id} ({})", after.nodes[id].kind)).collect();
                    bad.push(format!("{what} {node} -> {o:?} (drew {drawn:?}): {new:?}"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{} switches bring findings:\n{}", bad.len(), bad.join("\n"));
    assert!(checked >= 20, "only {checked} switches checked");
}

/// Review s17: the Auto Scaling group drawn for "Web app tasks" read "Web app tasks instances".
/// Fails on main.
#[test]
fn the_drawn_instances_are_named_as_a_person_names_them() {
    let d = common::template("three-tier");
    let app = d.nodes.values().find(|n| n.kind == "ecs-service").unwrap().id.clone();
    assert_eq!(d.nodes[&app].label, "Web app tasks");
    let after = switched(&d, &app, ContainerOption::EcsEc2).unwrap();
    let asg: Vec<_> = added(&d, &after).into_iter().filter(|id| after.nodes[id].kind == "asg").collect();
    assert_eq!(asg.len(), 1);
    assert_eq!(after.nodes[&asg[0]].label, "Web app instances");
    // on every design: no drawn group's name says "tasks", "pods" or "nodes" before "instances"
    for (what, d) in comparable_designs() {
        for node in container_nodes(&d) {
            let Some(after) = switched(&d, &node, ContainerOption::EcsEc2) else { continue };
            for id in added(&d, &after).into_iter().filter(|id| after.nodes[id].kind == "asg") {
                let l = &after.nodes[&id].label;
                assert!(l.ends_with(" instances") && !["tasks", "pods", "nodes", "service"].iter().any(|w| l.contains(&format!("{w} instances"))), "{what} {node}: {l}");
            }
        }
    }
}
