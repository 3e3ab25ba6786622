//! S3 rules: storage classes, lifecycle, versioning and cross-region copies.

use super::topology::Topology;
use super::{name, Finding, RuleMeta};

rule!(REPL_NO_VERSIONING, "s3.replication-without-versioning", Error, "Replication without versioning",
    "S3 replication requires versioning on the bucket; without it the configuration is incomplete and nothing is protected.",
    "Enable versioning on the source (and destination) bucket.", "s3-cost-durability.txt");
rule!(NO_LIFECYCLE, "s3.no-lifecycle", Warning, "Growing bucket with no lifecycle rules",
    "Data accessed less and less as it ages stays in the most expensive class forever; lifecycle transitions cut storage cost by 50–80% without code changes.",
    "Add lifecycle rules: e.g. Standard-IA after 30 days, Glacier after 90, Deep Archive after a year, or expire data you need not keep.", "s3-cost-durability.txt");
rule!(GLACIER_READS, "s3.glacier-frequent-reads", Warning, "Archive storage class for frequently read data",
    "Glacier classes are cheap to store but charge a fee for every GB read and bill a minimum storage duration. Instant Retrieval returns data in milliseconds but is priced for data read about once a quarter; Flexible Retrieval and Deep Archive also take minutes to hours to restore an object before it can be read. For frequently read objects all three cost more than Standard.",
    "Keep frequently read data in Standard (or Intelligent-Tiering) and archive only what is rarely read.", "s3-cost-durability.txt");
rule!(CRITICAL_NO_CRR, "s3.critical-no-cross-region", Warning, "Critical data with no copy in another region",
    "S3 survives the loss of an AZ, not of a region. Critical data needs a copy elsewhere for disaster recovery.",
    "Enable Cross-Region Replication to a bucket in a second region.", "s3-cost-durability.txt");
rule!(CRITICAL_NO_VERSIONING, "s3.critical-no-versioning", Warning, "Critical data without versioning",
    "Versioning protects against accidental deletes and overwrites, the most common way data is lost.",
    "Enable versioning (with lifecycle rules to expire old versions).", "s3-cost-durability.txt");

rule!(PUBLIC_ACCESS, "s3.public-access-not-blocked", Warning, "Bucket does not block public access",
    "Block Public Access is the guard against a bucket policy or ACL that opens data to the world by mistake; AWS turns it on for new buckets. A website is better served through CloudFront with origin access control, which keeps it on.",
    "Turn Block Public Access on; serve public content through CloudFront with origin access control.", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html");

pub(super) const RULES: &[RuleMeta] = &[REPL_NO_VERSIONING, NO_LIFECYCLE, GLACIER_READS, CRITICAL_NO_CRR, CRITICAL_NO_VERSIONING, PUBLIC_ACCESS];

pub(super) fn check(t: &Topology, out: &mut Vec<Finding>) {
    let d = t.design;
    for b in t.of_kind("s3") {
        let replicated = d.flag(b, "replication") || t.cross_region_copies.contains(&b.id);
        if replicated && !d.flag(b, "versioning") {
            out.push(Finding::new(&REPL_NO_VERSIONING, format!("{} replicates but has versioning off.", name(b))).node(&b.id));
        }
        let class = d.text_ref(b, "storage_class");
        let growth = d.num(b, "growth_gb_per_month");
        if growth > 0.0 && !d.flag(b, "lifecycle_rules") && matches!(class, "standard" | "") {
            out.push(Finding::new(&NO_LIFECYCLE, format!("{} grows {growth} GB a month in S3 Standard with no lifecycle rules.", name(b))).node(&b.id));
        }
        if matches!(class, "glacier-instant" | "glacier-flexible" | "deep-archive") && d.flag(b, "frequently_read") {
            // Instant Retrieval is as fast as Standard: only its retrieval fee makes it wrong
            // for hot data. The other two also make every read wait for a restore.
            let cost = if class == "glacier-instant" {
                "Glacier Instant Retrieval, which returns data in milliseconds but charges a retrieval fee for every GB read"
            } else if class == "glacier-flexible" {
                "Glacier Flexible Retrieval, which charges for every GB read and restores an object in minutes to hours before it can be read"
            } else {
                "Glacier Deep Archive, which charges for every GB read and restores an object in hours before it can be read"
            };
            out.push(Finding::new(&GLACIER_READS, format!("{} is read frequently but stored in {cost}.", name(b))).node(&b.id));
        }
        if !d.flag(b, "block_public_access") {
            let why = if d.flag(b, "website_hosting") { ": it hosts a website, which CloudFront with origin access control can serve with access blocked" } else { "" };
            out.push(Finding::new(&PUBLIC_ACCESS, format!("{} has Block Public Access off{why}.", name(b))).node(&b.id));
        }
        if d.flag(b, "critical_data") {
            if !replicated {
                out.push(Finding::new(&CRITICAL_NO_CRR, format!("{} holds critical data only in {}.", name(b), t.region_of(&b.id))).node(&b.id));
            }
            if !d.flag(b, "versioning") {
                out.push(Finding::new(&CRITICAL_NO_VERSIONING, format!("{} holds critical data with versioning off.", name(b))).node(&b.id));
            }
        }
    }
}
