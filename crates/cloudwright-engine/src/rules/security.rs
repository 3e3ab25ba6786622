//! Security and data-protection rules: encryption at rest and in transit, HTTPS at the load
//! balancer, sign-in with MFA, key and secret rotation, deletion protection.
//!
//! The seeds ask for encryption at rest (KMS) and TLS in transit on the data tier, and TLS
//! termination with ACM certificates at the load balancer (`vpc-best-practices.txt`); the
//! rest comes from the AWS documentation cited on each rule.

use super::topology::Topology;
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
    "The seed's data tier has TLS in transit enabled; without it credentials, sessions and data cross the network in clear text to anyone who can capture it inside the VPC.",
    "Turn on in-transit encryption (ElastiCache TLS, mesh mutual TLS) and connect with TLS clients.", "vpc-best-practices.txt");
rule!(ROTATION, "sec.rotation-off", Advice, "Keys or secrets never rotated",
    "A credential or key that never changes stays valid for whoever copied it; automatic rotation limits how long a leak is useful.",
    "Turn on automatic rotation (Secrets Manager rotation schedules, KMS yearly key rotation).", "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html");
rule!(DELETION, "sec.no-deletion-protection", Advice, "Database without deletion protection",
    "One wrong console click, script or stack update deletes a database and, unless a final snapshot is taken, its automated backups with it.",
    "Turn on deletion protection for production databases.", "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html");

pub(super) const RULES: &[RuleMeta] = &[HTTPS_REDIRECT, NO_MFA, AT_REST, IN_TRANSIT, ROTATION, DELETION];

/// Kinds with an `encrypted` (at rest) property. DynamoDB and S3 are always encrypted at rest.
const ENCRYPTABLE: &[&str] = &["rds", "aurora", "efs", "ebs"];

pub(super) fn check(t: &Topology, out: &mut Vec<Finding>) {
    let d = t.design;
    for lb in t.of_kind("alb") {
        if d.flag(lb, "internet_facing") && !d.flag(lb, "https_redirect") {
            out.push(Finding::new(&HTTPS_REDIRECT, format!("{} answers plain HTTP on port 80 instead of redirecting to HTTPS.", name(lb))).node(&lb.id));
        }
    }
    if d.workload.critical {
        for pool in t.of_kind("cognito") {
            if d.text(pool, "mfa") == "off" {
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
