//! Where a kind may sit and what may connect to what, as the catalog says.
//! Every refusal carries a sentence the user reads where they dropped the node.

use super::{ConnKind, Design, NodeId};
use crate::catalog::{self, ROOT};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacementError(pub String);

impl fmt::Display for PlacementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PlacementError {}

/// A kind as a sentence about the kind names it: "which an SNS topic cannot go into", "a
/// Subnet", "Route 53": its catalog name with the article the catalog states for it
/// ([`catalog::KindSpec::said`]: the wording is catalog data, review s32 R9); an id the catalog
/// does not know, as it is. QA s31 F6: the toasts name the kind with it.
pub(crate) fn article(kind: &str) -> String {
    catalog::kind(kind).map_or_else(|| kind.to_string(), |k| k.said())
}

fn describe_parents(parents: &[&str]) -> String {
    let names: Vec<String> = parents
        .iter()
        .map(|p| if *p == ROOT { "the top level".to_string() } else { article(p) })
        .collect();
    match names.len() {
        0 => "nowhere".into(),
        1 => names[0].clone(),
        _ => format!("{} or {}", names[..names.len() - 1].join(", "), names[names.len() - 1]),
    }
}

/// May a node of `kind` sit in `parent` (None = top level)? `moving` is the node being
/// moved, if any, so a container can't be put inside itself or its own descendants.
pub fn check_parent(design: &Design, kind: &str, parent: Option<&NodeId>, moving: Option<&NodeId>) -> Result<(), PlacementError> {
    let spec = catalog::kind(kind).ok_or_else(|| PlacementError(format!("unknown component kind \"{kind}\"")))?;
    let parent_node = match parent {
        None => None,
        Some(pid) => Some(design.node(pid).ok_or_else(|| PlacementError(format!("container \"{pid}\" does not exist")))?),
    };
    if let Some(p) = parent_node {
        let pspec = catalog::kind(&p.kind).ok_or_else(|| PlacementError(format!("unknown component kind \"{}\"", p.kind)))?;
        if !pspec.container {
            return Err(PlacementError(format!("{} is not a container: nothing can be placed inside it", pspec.name)));
        }
        if let Some(m) = moving {
            if &p.id == m || design.ancestors(&p.id).any(|a| &a.id == m) {
                return Err(PlacementError(format!("{} cannot be placed inside itself", spec.name)));
            }
        }
    }
    if spec.may_sit_in(parent_node.map(|p| p.kind.as_str())) {
        return Ok(());
    }
    let here = match parent_node {
        None => "at the top level".to_string(),
        Some(p) => format!("in {}", article(&p.kind)),
    };
    Err(PlacementError(format!("{} cannot sit {here}: it belongs in {}", spec.name, describe_parents(spec.parents))))
}

/// May `from` start a connection of `kind` to `to`?
pub fn check_connection(design: &Design, from: &NodeId, to: &NodeId, kind: ConnKind) -> Result<(), PlacementError> {
    let f = design.node(from).ok_or_else(|| PlacementError(format!("node \"{from}\" does not exist")))?;
    let t = design.node(to).ok_or_else(|| PlacementError(format!("node \"{to}\" does not exist")))?;
    if from == to {
        return Err(PlacementError("a node cannot connect to itself".into()));
    }
    let fs = catalog::kind(&f.kind).ok_or_else(|| PlacementError(format!("unknown component kind \"{}\"", f.kind)))?;
    let ts = catalog::kind(&t.kind).ok_or_else(|| PlacementError(format!("unknown component kind \"{}\"", t.kind)))?;
    if !fs.emits.contains(&kind) {
        return Err(PlacementError(if fs.emits.is_empty() {
            format!("{} does not start connections", fs.name)
        } else {
            format!("{} cannot start a {} (it can start: {})", fs.name, kind.describe(), fs.emits.iter().map(|k| k.describe()).collect::<Vec<_>>().join(", "))
        }));
    }
    if !ts.accepts.contains(&kind) {
        return Err(PlacementError(if ts.accepts.is_empty() {
            format!("{} does not accept connections", ts.name)
        } else {
            format!("{} does not accept a {} (it accepts: {})", ts.name, kind.describe(), ts.accepts.iter().map(|k| k.describe()).collect::<Vec<_>>().join(", "))
        }));
    }
    if kind == ConnKind::Replication && fs.role != ts.role {
        return Err(PlacementError(format!("replication runs between stores of the same kind, not from {} to {}", fs.name, ts.name)));
    }
    Ok(())
}

/// The connection kinds the catalog allows from `from` to `to`, most likely first
/// (the canvas picks the first when the user draws a connection).
pub fn allowed_connection_kinds(design: &Design, from: &NodeId, to: &NodeId) -> Vec<ConnKind> {
    ConnKind::ALL.into_iter().filter(|k| check_connection(design, from, to, *k).is_ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::article;

    /// Every catalog kind's name as a toast says it ("…which an SNS topic cannot go into"):
    /// a new kind shows here, and its phrase is read once (QA s31 F6, QA s32 F6: "an Internet
    /// users", "a Step Functions", "a CloudWatch", "a Route 53").
    #[test]
    fn every_kind_is_said_with_the_right_article() {
        let said: Vec<String> = crate::catalog::KINDS.iter().map(|k| article(k.id)).collect();
        let want = [
            "Internet users", "an On-premises network", "an External API", "a Region", "a VPC", "an Availability Zone", "a Subnet", "an Internet gateway",
            "a NAT gateway", "a Gateway VPC endpoint", "an Interface VPC endpoint", "an Elastic IP", "an Application Load Balancer", "a Network Load Balancer",
            "a VPC link", "a Transit gateway", "Route 53", "CloudFront", "a WAF web ACL", "API Gateway", "an EC2 instance", "an Auto Scaling group",
            "an ECS cluster", "an ECS service", "an EKS cluster", "an EKS node group", "Karpenter", "an EKS Fargate profile", "an ECR repository",
            "Cloud Map", "a Service mesh", "a Lambda function", "an RDS database", "an Aurora cluster", "a DynamoDB table", "ElastiCache", "an S3 bucket",
            "an EFS file system", "an EBS volume", "an SQS queue", "an SNS topic", "an EventBridge bus", "Step Functions", "a Kinesis data stream",
            "a Cognito user pool", "Secrets Manager", "a KMS key", "an ACM certificate", "CloudWatch", "X-Ray", "a SageMaker endpoint", "a SageMaker training",
            "a Bedrock model",
        ];
        for (got, want) in said.iter().zip(want) {
            assert_eq!(got, want);
        }
        assert_eq!(said.len(), want.len(), "{said:?}");
    }
}
