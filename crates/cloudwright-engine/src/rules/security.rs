//! Security and data-protection rules: encryption at rest and in transit, HTTPS at the load
//! balancer, sign-in with MFA, key and secret rotation, deletion protection.
//!
//! The seeds ask for encryption at rest (KMS) and TLS in transit on the data tier, and TLS
//! termination with ACM certificates at the load balancer (`vpc-best-practices.txt`); the
//! rest comes from the AWS documentation cited on each rule.

use super::topology::Topology;
use crate::model::{ConnKind, Connection, Node};
use super::{name, Finding, RuleMeta};

rule!(HTTPS_REDIRECT, "sec.alb-no-https-redirect", Warning, "Internet-facing load balancer serves plain HTTP",
    "The entry layer terminates TLS with an ACM certificate; a port-80 listener that answers instead of redirecting lets browsers and clients send cookies, tokens and form data unencrypted.",
    "Make the HTTP listener redirect to HTTPS (301 to port 443), and serve only HTTPS.", "vpc-best-practices.txt");
rule!(NO_MFA, "sec.cognito-no-mfa", Warning, "Critical workload signs users in without MFA",
    "With MFA off a stolen or guessed password is a whole account; for a business-critical workload a second factor is the cheapest protection there is.",
    "Set the user pool's MFA to required (or at least optional, with TOTP or passkeys rather than SMS).", "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html");
rule!(AT_REST, "sec.unencrypted-at-rest", Warning, "Data store not encrypted at rest",
    "The data tier is meant to be encrypted at rest with KMS; an unencrypted volume, snapshot or backup is readable by whoever gets a copy, and most compliance frameworks refuse it. Encryption cannot be turned on in place later.",
    "Create the store encrypted (a KMS key; the AWS-managed key costs nothing) and migrate the data into it.", "vpc-best-practices.txt");
rule!(IN_TRANSIT, "sec.unencrypted-in-transit", Warning, "Traffic inside the VPC is not encrypted",
    "The cited article's data tier has TLS in transit enabled; without it credentials, sessions and data cross the network in clear text to anyone who can capture it inside the VPC.",
    "Turn on in-transit encryption (ElastiCache TLS, mesh mutual TLS, a DB parameter group with rds.force_ssl or require_secure_transport) and connect with TLS clients.", "vpc-best-practices.txt");
rule!(ROTATION, "sec.rotation-off", Advice, "Keys or secrets never rotated",
    "A credential or key that never changes stays valid for whoever copied it; automatic rotation limits how long a leak is useful.",
    "Turn on automatic rotation (Secrets Manager rotation schedules, KMS yearly key rotation).", "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html");
rule!(DELETION, "sec.no-deletion-protection", Advice, "Database without deletion protection",
    "One wrong console click, script or stack update deletes a database and, unless a final snapshot is taken, its automated backups with it.",
    "Turn on deletion protection for production databases.", "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html");

rule!(NO_WAF, "sec.internet-entry-no-waf", Warning, "Internet-facing entry point without a WAF",
    "Client traffic should enter only through tightly controlled entry points, with AWS WAF filtering malicious requests (SQL injection, cross-site scripting, bad bots, floods) at layer 7 before they reach the application; security groups cannot see inside a request.",
    "Associate a WAF web ACL (AWS managed rule groups and a rate-based rule) with the load balancer, REST API or CloudFront distribution users reach first. HTTP and WebSocket APIs take no WAF: put CloudFront with a web ACL in front of them, or use a REST API.", "vpc-best-practices.txt");
rule!(NO_CERT, "sec.alb-no-certificate", Warning, "Internet-facing load balancer without a TLS certificate",
    "The public entry layer handles TLS termination with ACM certificates; without a certificate the load balancer has no HTTPS listener, so everything users send crosses the internet in clear text.",
    "Attach an ACM certificate (public certificates are free and renew themselves) to an HTTPS listener, and redirect port 80 to it.", "vpc-best-practices.txt");

pub(super) const RULES: &[RuleMeta] = &[HTTPS_REDIRECT, NO_MFA, AT_REST, IN_TRANSIT, ROTATION, DELETION, NO_WAF, NO_CERT];

/// Dynamic origins: something that runs code behind a CloudFront distribution.
fn is_dynamic(kind: &str) -> bool {
    matches!(kind, "alb" | "nlb" | "api-gateway" | "ec2" | "asg" | "ecs-service" | "lambda" | "external-api")
}

/// What internet users call first (looking through Route 53), with the connection that gets
/// there: the entry points the WAF rule looks at.
fn front_doors<'d>(t: &Topology<'d>) -> Vec<(&'d Node, &'d Connection)> {
    let mut v: Vec<(&Node, &Connection)> = Vec::new();
    for u in t.of_kind("users") {
        for c in t.out(&u.id, ConnKind::Sync) {
            let Some(first) = t.node(&c.to) else { continue };
            if first.kind == "route53" {
                v.extend(t.out(&first.id, ConnKind::Sync).filter_map(|c2| Some((t.node(&c2.to)?, c2))));
            } else {
                v.push((first, c));
            }
        }
    }
    crate::order::sort_by(&mut v, |a, b| a.0.id.cmp(&b.0.id));
    v.dedup_by(|a, b| a.0.id == b.0.id);
    v
}

/// Internet-facing entry points with no web ACL: load balancers and APIs users call first, and
/// distributions in front of a dynamic origin (one that serves only S3 has no application for
/// layer-7 rules to protect).
fn waf(t: &Topology, out: &mut Vec<Finding>) {
    let d = t.design;
    for (door, c) in front_doors(t) {
        // An internal load balancer or a private API takes no requests from the internet
        // (net.private-called-from-internet says the call cannot happen).
        if t.internet_reach(door).is_err() {
            continue;
        }
        let guarded = t.linked_kinds(&door.id).any(|(_, o)| o.kind == "waf");
        let what = match door.kind.as_str() {
            "alb" => "",
            "api-gateway" if d.flag(door, "waf") => continue,
            "api-gateway" if d.text_ref(door, "api_type") == "rest" => "",
            "api-gateway" => " (an HTTP or WebSocket API cannot take a web ACL itself: CloudFront with one in front can)",
            "cloudfront" => {
                let dynamic: Vec<&Node> = t.out(&door.id, ConnKind::Sync).filter_map(|o| t.node(&o.to)).filter(|o| is_dynamic(&o.kind)).collect();
                if dynamic.is_empty() {
                    continue;
                }
                ""
            }
            _ => continue,
        };
        if !guarded {
            out.push(Finding::new(&NO_WAF, format!("{} takes requests from the internet with no WAF web ACL{what}.", name(door))).node(&door.id).conn(&c.id));
        }
    }
}

/// Kinds with an `encrypted` (at rest) property. DynamoDB and S3 are always encrypted at rest.
const ENCRYPTABLE: &[&str] = &["rds", "aurora", "efs", "ebs"];

pub(super) fn check(t: &Topology, out: &mut Vec<Finding>) {
    let d = t.design;
    for lb in t.of_kind("alb") {
        if t.internet_reach(lb).is_err() {
            continue;
        }
        if !d.flag(lb, "https_redirect") {
            out.push(Finding::new(&HTTPS_REDIRECT, format!("{} answers plain HTTP on port 80 instead of redirecting to HTTPS.", name(lb))).node(&lb.id));
        }
        if !t.linked_kinds(&lb.id).any(|(_, o)| o.kind == "acm") {
            out.push(Finding::new(&NO_CERT, format!("{} faces the internet with no ACM certificate attached, so it has no HTTPS listener.", name(lb))).node(&lb.id));
        }
    }
    waf(t, out);
    if d.workload.critical {
        for pool in t.of_kind("cognito") {
            if d.text_ref(pool, "mfa") == "off" {
                out.push(Finding::new(&NO_MFA, format!("{} signs users in with a password only, and the workload is marked critical.", name(pool))).node(&pool.id));
            }
        }
    }
    for kind in ENCRYPTABLE {
        for s in t.of_kind(kind) {
            if !d.flag(s, "encrypted") {
                out.push(Finding::new(&AT_REST, format!("{} is not encrypted at rest.", name(s))).node(&s.id));
            }
        }
    }
    for c in t.of_kind("elasticache") {
        if !d.flag(c, "encryption_in_transit") {
            out.push(Finding::new(&IN_TRANSIT, format!("{} accepts connections without TLS.", name(c))).node(&c.id));
        }
    }
    for db in t.of_kind("rds").iter().chain(t.of_kind("aurora")) {
        if !d.flag(db, "require_tls") {
            out.push(Finding::new(&IN_TRANSIT, format!("{} accepts client connections without TLS (its parameter group does not require it).", name(db))).node(&db.id));
        }
    }
    for m in t.of_kind("service-mesh") {
        if !d.flag(m, "mtls") {
            out.push(Finding::new(&IN_TRANSIT, format!("{} carries service-to-service traffic without mutual TLS.", name(m))).node(&m.id));
        }
    }
    let mut unrotated = Vec::new();
    for k in t.of_kind("kms") {
        if !d.flag(k, "rotation") {
            unrotated.push(k);
        }
    }
    for s in t.of_kind("secrets-manager") {
        if !d.flag(s, "rotation") {
            unrotated.push(s);
        }
    }
    for n in unrotated {
        let what = if n.kind == "kms" { "its key material" } else { "its secrets" };
        out.push(Finding::new(&ROTATION, format!("{} never rotates {what}.", name(n))).node(&n.id));
    }
    for db in t.of_kind("rds").iter().filter(|db| !d.flag(db, "deletion_protection")) {
        out.push(Finding::new(&DELETION, format!("{} can be deleted without first turning protection off.", name(db))).node(&db.id));
    }
}
