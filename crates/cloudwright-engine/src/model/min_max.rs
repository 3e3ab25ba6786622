//! Property pairs that bound a range: a minimum that may not exceed its maximum.
//!
//! AWS refuses such a setting where it is made: Application Auto Scaling's
//! `RegisterScalableTarget` fails with "MinCapacity cannot be greater than MaxCapacity" (ECS
//! service task counts; docs.aws.amazon.com/autoscaling/application/APIReference, as of
//! 2026-12), and Aurora Serverless v2's `ServerlessV2ScalingConfiguration` needs MinCapacity ≤
//! MaxCapacity (Aurora user guide, as of 2026-12). The inspector refused neither: a service at
//! 50 minimum and 20 maximum tasks was accepted and billed 50 tasks (QA s23 #7).

use super::{Design, Node};

/// (minimum, maximum) property keys, for every kind whose catalog defines both.
pub const PAIRS: &[(&str, &str)] = &[("min_tasks", "max_tasks"), ("min_acu", "max_acu")];

/// Whether `value` for property `key` of node `n` keeps its pair in order (minimum ≤
/// maximum), the other end read as it stands (set, else its default). `Err` is the sentence
/// after the field's label: "must be at most Maximum tasks (20); got 50". Keys in no pair,
/// and kinds that lack the other end, pass.
pub fn check(d: &Design, n: &Node, key: &str, value: f64) -> Result<(), String> {
    let Some(spec) = d.spec(&n.id) else { return Ok(()) };
    for &(min, max) in PAIRS {
        let (other, is_min) = match key {
            k if k == min => (max, true),
            k if k == max => (min, false),
            _ => continue,
        };
        let Some(other_spec) = spec.props.iter().find(|p| p.key == other) else { continue };
        let bound = d.num(n, other);
        let shown = other_spec.figure(bound);
        if is_min && value > bound {
            return Err(format!("must be at most {} ({shown}); got {}", other_spec.label, crate::units::exact(value)));
        }
        if !is_min && value < bound {
            return Err(format!("must be at least {} ({shown}); got {}", other_spec.label, crate::units::exact(value)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;

    fn service(min: Option<f64>, max: Option<f64>) -> (Design, Node) {
        let mut d = Design::new("t", "us-east-1");
        let mut n = Node::new("svc", "ecs-service");
        if let Some(m) = min {
            n.props.insert("min_tasks".into(), Value::Number(m));
        }
        if let Some(m) = max {
            n.props.insert("max_tasks".into(), Value::Number(m));
        }
        d.nodes.insert(n.id.clone(), n.clone());
        (d, n)
    }

    #[test]
    fn a_minimum_above_its_maximum_is_refused() {
        let (d, n) = service(None, Some(20.0));
        assert_eq!(check(&d, &n, "min_tasks", 50.0), Err("must be at most Maximum tasks (20); got 50".into()));
        assert_eq!(check(&d, &n, "min_tasks", 20.0), Ok(()));
        // The catalog's default maximum (10 tasks) when none is set.
        let (d, n) = service(Some(4.0), None);
        assert_eq!(check(&d, &n, "max_tasks", 3.0), Err("must be at least Minimum tasks (4); got 3".into()));
        assert_eq!(check(&d, &n, "min_tasks", 11.0), Err("must be at most Maximum tasks (10); got 11".into()));
        assert_eq!(check(&d, &n, "desired_tasks", 1.0e6), Ok(()), "a key in no pair");
    }
}
