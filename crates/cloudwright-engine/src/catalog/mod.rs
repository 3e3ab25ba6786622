//! The component catalog: every kind of thing a design can hold.
//!
//! The catalog is static data (`&'static` tables), so looking a kind up costs nothing at
//! start-up and adds no allocation to the wasm. Each kind says:
//! - what it is (category, display name, icon, summary, the seed article it comes from);
//! - its typed properties (unit, default, valid range or choices);
//! - where it may sit (allowed parent kinds, or the top level);
//! - which connection kinds it may start and accept.

pub mod eks;
mod kinds;
mod props;
pub mod reads;
pub mod synonyms;

pub use kinds::KINDS;
pub use props::{parse_cidr, parse_ingress_cidr, quote_entry, IpBlock, PropDefault, PropSpec, PropType};

use crate::model::ConnKind;
use serde::Serialize;

/// The AWS regions a design (its home region) or a `region` container may name: the ones
/// the price data has a factor for (`data/prices.json`, `regions`; a test checks both
/// agree). Any other code would price everything as an estimate.
pub const REGION_CODES: &[&str] = &["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"];

/// The pseudo-parent meaning "top level of the design (the home region, or global)".
pub const ROOT: &str = "@root";

/// The EC2 instance type that stands in where a design names none or one the price book does
/// not know: the bill prices it (and its line says so), and the CloudFormation and Terraform
/// exports write it where a launch template must name a type (with a TODO saying it is a
/// stand-in). One type for all of them, so the exported template runs what the bill priced.
/// It is a type the price book lists (`tests`: `stand_in_type_is_priced`).
pub const EC2_STAND_IN_TYPE: &str = "m6i.large";

/// The ElastiCache node types the catalog prices from the reference list
/// (`/work/shared/reference/aws-list-prices-us-east-1.md`: cache.t3.micro $0.017,
/// cache.m6g.large $0.149 per node-hour, 2026-10). The node type field knows these; a file
/// (an import: a MemoryDB `db.t4g.small` read as `cache.t4g.small`) may hold another, which
/// the bill prices as the nearest of these by memory ([`nearest_cache_node`]), an estimate.
pub const CACHE_NODE_TYPES: &[&str] = &["cache.t3.micro", "cache.m6g.large"];

/// The memory of an ElastiCache (or MemoryDB, `db.` prefix) node type in GiB, from its size
/// name, or `None` for a name that is not `<prefix>.<family>.<size>`. Source: "Supported
/// node types", docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html
/// (as of 2025): micro 0.5, small 1.37, medium 3.09; large 6.38 for the general-purpose
/// families (m, t) and 13.07 for the memory-optimised ones (r, x); every `xlarge` step
/// doubles. The doubling rule is an estimate (the listed sizes are within a few per cent of
/// it); it only chooses which catalog size stands in, and that line is marked estimated.
pub fn cache_node_memory_gib(node_type: &str) -> Option<f64> {
    let mut parts = node_type.trim().splitn(3, '.');
    let (_prefix, family, size) = (parts.next()?, parts.next()?, parts.next()?);
    let memory_optimised = family.starts_with('r') || family.starts_with('x');
    let large = if memory_optimised { 13.07 } else { 6.38 };
    match size {
        "micro" => Some(0.5),
        "small" => Some(1.37),
        "medium" => Some(3.09),
        "large" => Some(large),
        "xlarge" => Some(large * 2.0),
        _ => {
            let n: f64 = size.strip_suffix("xlarge")?.parse().ok().filter(|n: &f64| *n >= 1.0)?;
            Some(large * 2.0 * n)
        }
    }
}

/// The catalog node type ([`CACHE_NODE_TYPES`]) nearest `node_type` by memory (by ratio, as
/// sizes double: 1.37 GiB is nearer 0.5 than 6.38), with both memories; `None` when the
/// name gives no memory (the bill then prices the default, saying so).
pub fn nearest_cache_node(node_type: &str) -> Option<(&'static str, f64, f64)> {
    let want = cache_node_memory_gib(node_type)?;
    CACHE_NODE_TYPES
        .iter()
        .filter_map(|t| cache_node_memory_gib(t).map(|m| (*t, m)))
        .min_by(|a, b| (want / a.1).ln().abs().total_cmp(&(want / b.1).ln().abs()))
        .map(|(t, m)| (t, m, want))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    External,
    Network,
    Edge,
    Compute,
    Containers,
    Serverless,
    Database,
    Storage,
    Integration,
    Security,
    Observability,
    MachineLearning,
}

impl Category {
    pub const ALL: [Category; 12] = [
        Category::External,
        Category::Network,
        Category::Edge,
        Category::Compute,
        Category::Containers,
        Category::Serverless,
        Category::Database,
        Category::Storage,
        Category::Integration,
        Category::Security,
        Category::Observability,
        Category::MachineLearning,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Category::External => "Clients & external",
            Category::Network => "Networking",
            Category::Edge => "Edge & API",
            Category::Compute => "Compute",
            Category::Containers => "Containers",
            Category::Serverless => "Serverless",
            Category::Database => "Databases",
            Category::Storage => "Storage",
            Category::Integration => "Messaging & integration",
            Category::Security => "Security & identity",
            Category::Observability => "Observability",
            Category::MachineLearning => "Machine learning",
        }
    }
}

/// What the analyses treat a kind as. Rules, cost and latency switch on kind ids for
/// specifics; the role lets generic checks ("a data store in a public subnet") cover
/// every kind of that role at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Region, VPC, AZ, subnet: containers that shape the network.
    Container,
    /// Internet users, on-premises sites, external APIs: outside AWS.
    Client,
    /// DNS, CDN, WAF: in front of the region.
    Edge,
    /// IGW, NAT, endpoints, Elastic IPs, VPC links.
    NetworkDevice,
    LoadBalancer,
    Api,
    /// Anything that runs application code: instances, groups, services, functions.
    Compute,
    /// A platform hosting compute (ECS/EKS cluster, node group, Fargate profile).
    Platform,
    DataStore,
    Cache,
    Messaging,
    Security,
    Observability,
    Ml,
}

/// How a kind's name is said after "a" in a sentence about the kind ("which an SNS topic
/// cannot go into"): catalog data, next to the name it is about, so a renamed kind states its
/// article again (review s32 R9: a table of names kept in code stopped matching silently when
/// a name changed). Read through [`KindSpec::said`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Article {
    /// "a VPC", "a NAT gateway", "a WAF web ACL" (acronyms said as words take "a").
    A,
    /// "an SNS topic", "an RDS database" (initialisms read letter by letter), "an Elastic IP".
    An,
    /// Said as it is: a service's own name ("Route 53", "CloudWatch", "Step Functions") or a
    /// plural ("Internet users"). QA s32 F6: "an Internet users", "a Step Functions".
    Bare,
}

#[derive(Debug, Serialize)]
pub struct KindSpec {
    pub id: &'static str,
    pub name: &'static str,
    /// The article `name` takes in a sentence ([`KindSpec::said`]).
    #[serde(skip)]
    pub article: Article,
    pub category: Category,
    pub role: Role,
    /// Icon file name under `public/icons/` (AWS architecture icon set).
    pub icon: &'static str,
    /// Whether other nodes may be nested in it.
    pub container: bool,
    /// Kinds it may sit in; [`ROOT`] means the top level of the design.
    pub parents: &'static [&'static str],
    /// Connection kinds it may start.
    pub emits: &'static [ConnKind],
    /// Connection kinds it may accept.
    pub accepts: &'static [ConnKind],
    /// Default port callers use (for the security-group view), 0 when not applicable.
    pub port: u16,
    pub props: &'static [PropSpec],
    /// One sentence: what it is for.
    pub summary: &'static str,
    /// Where its knowledge comes from: a seed article or an AWS page.
    pub source: &'static str,
}

impl KindSpec {
    /// The kind as a sentence names it: "an SNS topic", "a NAT gateway", "Route 53"
    /// ([`Article`]); the toasts of a drop say it (QA s31 F6).
    pub fn said(&self) -> String {
        match self.article {
            Article::A => format!("a {}", self.name),
            Article::An => format!("an {}", self.name),
            Article::Bare => self.name.to_string(),
        }
    }
    pub fn prop(&self, key: &str) -> Option<&'static PropSpec> {
        self.props.iter().find(|p| p.key == key)
    }
    pub fn may_sit_in(&self, parent_kind: Option<&str>) -> bool {
        let want = parent_kind.unwrap_or(ROOT);
        self.parents.contains(&want)
    }
    pub fn is_data_store(&self) -> bool {
        matches!(self.role, Role::DataStore | Role::Cache)
    }
}

/// How the inspector names property `key` of `kind`: the catalog's label ("Maximum tasks" for
/// `max_tasks` of an ECS service), so a finding's or a fix's text names the field the user will
/// look for, not the file format's key. A key the catalog does not list for the kind is the
/// caller's bug: debug builds panic (every rule and capacity fixture runs in debug under
/// `cargo test`); release builds show the key itself.
pub fn prop_label(kind_id: &str, key: &'static str) -> &'static str {
    let label = kind(kind_id).and_then(|k| k.prop(key)).map(|p| p.label);
    debug_assert!(label.is_some(), "property {key} is not in the catalog for kind {kind_id}");
    label.unwrap_or(key)
}

/// The pseudo-region a global service's charges are pooled and priced in ([`is_global`]).
pub const GLOBAL: &str = "global";

/// Whether components of `kind` are an AWS global service: one price list for every region
/// (Route 53: "Route 53 is a global service", aws.amazon.com/route53/pricing; CloudFront:
/// priced by the edge locations' geography, aws.amazon.com/cloudfront/pricing; both as of
/// 2026-11), and no region of their own for data transfer: Route 53 answers DNS queries (the
/// request itself then goes from the client to the record's target), CloudFront reaches its
/// origin from its edges and bills that as its own "regional data transfer out to origin".
/// So the design's home region re-prices neither, and neither sends inter-region transfer
/// to a component drawn in another region (QA s21: a home region change billed 1,760 GB of
/// "inter-region data transfer" for Route 53 failover).
pub fn is_global(kind: &str) -> bool {
    matches!(kind, "route53" | "cloudfront")
}

/// Looks a kind up by id. Every analysis calls this per node and per property read, so the
/// ids are indexed once (a linear scan of 53 kinds was a visible share of rule and cost time).
pub fn kind(id: &str) -> Option<&'static KindSpec> {
    // Every property read looks its node's kind up here (~120,000 reads in a full analysis
    // at 1,000 nodes). An FxHash map (before it SipHash: 12.5 M instructions) hashed every
    // byte of the id and probed; the ids of the catalog differ in (length, first two bytes,
    // last byte), so a table indexed by a multiplicative hash of those four (2,048 slots, no
    // two kinds in one today) finds the only candidate, and one comparison of the whole id
    // confirms it. A slot shared by two kinds (a future catalog's) goes to the map: the answer
    // is the same either way (`tests`: every kind id, prefixes and near misses).
    static INDEX: std::sync::OnceLock<KindIndex> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(KindIndex::new);
    match index.slots[KindIndex::slot(id.as_bytes())] {
        KindIndex::NONE => None,
        KindIndex::SHARED => index.shared.get(id).copied(),
        k => KINDS.get(k as usize).filter(|spec| spec.id == id),
    }
}

/// [`kind`]'s table: for each slot, the place in [`KINDS`] of the one kind whose id hashes
/// there, [`KindIndex::NONE`] or [`KindIndex::SHARED`] (then `shared` has them by id).
struct KindIndex {
    slots: [u8; 1 << KIND_SLOT_BITS],
    shared: rustc_hash::FxHashMap<&'static str, &'static KindSpec>,
}

/// [`KindIndex`]'s slots: 2^11 (no two kinds of today's catalog share one).
const KIND_SLOT_BITS: u32 = 11;

impl KindIndex {
    const BITS: u32 = KIND_SLOT_BITS;
    const NONE: u8 = u8::MAX;
    const SHARED: u8 = u8::MAX - 1;

    fn new() -> Self {
        assert!(KINDS.len() < Self::SHARED as usize, "a kind's place fits a slot");
        let mut index = KindIndex { slots: [Self::NONE; 1 << Self::BITS], shared: Default::default() };
        for (i, k) in KINDS.iter().enumerate() {
            let s = Self::slot(k.id.as_bytes());
            index.slots[s] = if index.slots[s] == Self::NONE { i as u8 } else { Self::SHARED };
        }
        for k in KINDS.iter() {
            if index.slots[Self::slot(k.id.as_bytes())] == Self::SHARED {
                index.shared.insert(k.id, k);
            }
        }
        index
    }

    /// The slot of an id: its length, first two bytes and last byte, mixed (Fibonacci hashing).
    fn slot(id: &[u8]) -> usize {
        let (n, b0, b1, last) = match id {
            [] => (0, 0, 0, 0),
            [a] => (1, *a, 0, *a),
            [a, b, ..] => (id.len() as u32, *a, *b, id[id.len() - 1]),
        };
        let x = n ^ (b0 as u32) << 8 ^ (b1 as u32) << 16 ^ (last as u32) << 24;
        (x.wrapping_mul(0x9E37_79B1) >> (32 - Self::BITS)) as usize
    }
}

/// Every kind of a category, in catalog order.
pub fn in_category(c: Category) -> impl Iterator<Item = &'static KindSpec> {
    KINDS.iter().filter(move |k| k.category == c)
}

/// Case-insensitive search over id, name, the words people use for a kind
/// ([`synonyms::SYNONYMS`]: `postgres`, `k8s`, `cdn`, …) and summary; best matches first:
/// exact id or name, id or name (word) prefix, a synonym the query equals or begins with,
/// name or id substring, a synonym the query begins, summary substring (only when nothing
/// matched better).
pub fn search(query: &str) -> Vec<&'static KindSpec> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return KINDS.iter().collect();
    }
    let mut scored: Vec<(u8, (u8, usize), usize, &'static KindSpec)> = KINDS
        .iter()
        .enumerate()
        .filter_map(|(i, k)| {
            let id = k.id.to_lowercase();
            let name = k.name.to_lowercase();
            let synonym = synonyms::rank(&q, k.id);
            let (quality, place) = synonym.unwrap_or((u8::MAX, 0));
            let score = if id == q || name == q {
                0
            } else if id.starts_with(&q) || name.starts_with(&q) || name.split(|c: char| !c.is_alphanumeric()).any(|w| w.starts_with(&q)) {
                1
            } else if quality <= 1 {
                2
            } else if name.contains(&q) || id.contains(&q) {
                3
            } else if quality == 2 {
                4
            } else if k.summary.to_lowercase().contains(&q) {
                5
            } else {
                return None;
            };
            // Among synonym matches: an exact word first, then the word's own order (most usual first).
            let tie = if score == 2 || score == 4 { (quality, place) } else { (0, 0) };
            Some((score, tie, i, k))
        })
        .collect();
    crate::order::sort_by_key(&mut scored, |(s, t, i, _)| (*s, *t, *i));
    // A summary that merely mentions the word is a match only when nothing better is: `queue`
    // lists SQS, not KMS ("keys for data stores, queues and secrets").
    if scored.first().is_some_and(|(s, ..)| *s < 5) {
        scored.retain(|(s, ..)| *s < 5);
    }
    scored.into_iter().map(|(_, _, _, k)| k).collect()
}

/// The VPC endpoint service through which a private workload calls an AWS service kind's API
/// (the `service` property of `vpc-endpoint-gateway` / `vpc-endpoint-interface`): `s3` and
/// `dynamodb` have gateway endpoints, the others interface endpoints, each its own (an
/// endpoint serves one service and is billed as one). None for kinds that are not AWS service
/// APIs. Rules (NAT vs endpoint findings) and traffic (NAT and endpoint GB) both read this one
/// table; [`data_path_service`] says where the bytes go when they do not follow the API.
pub fn endpoint_service(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "s3" => "s3",
        "dynamodb" => "dynamodb",
        "ecr" => "ecr",
        "cloudwatch" => "cloudwatch",
        "secrets-manager" => "secrets-manager",
        "sqs" => "sqs",
        "sns" => "sns",
        "kms" => "kms",
        "xray" => "xray",
        "eventbridge" => "eventbridge",
        "kinesis" => "kinesis",
        "step-functions" => "step-functions",
        "bedrock" => "bedrock",
        "cognito" => "cognito",
        "lambda" => "lambda",
        "sagemaker-endpoint" => "sagemaker",
        _ => return None,
    })
}

/// The endpoint service that carries the *bytes* of a kind's traffic: the same as
/// [`endpoint_service`] except for ECR, whose image layers are served from Amazon S3 (ECR user
/// guide, interface VPC endpoints: "Amazon ECR uses Amazon S3 to store your image layers";
/// private pulls need an S3 gateway endpoint, the ECR endpoints carry only the API calls).
pub fn data_path_service(kind: &str) -> Option<&'static str> {
    match kind {
        "ecr" => Some("s3"),
        k => endpoint_service(k),
    }
}

#[cfg(test)]
mod kind_index_tests {
    use super::*;

    /// The answer of the plain search [`kind`] replaced: the kind whose id is `id`.
    fn by_scan(id: &str) -> Option<&'static KindSpec> {
        KINDS.iter().find(|k| k.id == id)
    }

    #[test]
    fn kind_finds_every_id_and_nothing_else() {
        let mut probes: Vec<String> = vec![String::new(), "a".into(), "s".into(), "x".repeat(300), "é".into(), "ec2 ".into()];
        for k in KINDS {
            let id = k.id;
            probes.push(id.to_string());
            probes.push(id.to_uppercase());
            probes.push(format!("{id}s"));
            probes.push(format!("-{id}"));
            probes.push(id[..id.len() - 1].to_string());
            probes.push(id[1..].to_string());
            // Each byte changed in turn: same length, first and last bytes mostly kept.
            for i in 0..id.len() {
                let mut b = id.as_bytes().to_vec();
                b[i] = if b[i] == b'z' { b'a' } else { b[i] + 1 };
                probes.push(String::from_utf8(b).expect("ascii ids"));
            }
        }
        for p in &probes {
            assert_eq!(kind(p).map(|k| k.id), by_scan(p).map(|k| k.id), "{p:?}");
        }
        for k in KINDS {
            assert!(std::ptr::eq(kind(k.id).expect("found"), k), "{}", k.id);
        }
    }
}

#[cfg(test)]
mod figure_tests {
    use super::*;

    /// The inspector's number fields show a value as `PropSpec::figure` writes it (grouped:
    /// "30,000,000", as the hints and the bill write figures) and read what is typed through
    /// `units::parse_amount`: each figure must read back as the same value, or the focus
    /// leaving a field nobody typed into would change the design (s21-inspector #5).
    #[test]
    fn every_number_field_reads_back_what_it_shows() {
        let samples = [0.0, 0.001, 0.25, 0.5, 1.0, 2.0, 7.5, 1_000.0, 1_234.5, 65_535.0, 1_000_000.0, 30_000_000.0, 31_536_000.0, 1e9, 123_456_789.25, 1e15, 3.5e20, 1e308];
        let mut checked = 0;
        for k in KINDS {
            for p in k.props {
                let (PropType::Number { min, max } | PropType::Integer { min, max }) = p.ty else { continue };
                let default = p.default.to_value().as_f64();
                for x in samples.iter().copied().chain([min, max]).chain(default) {
                    let shown = p.figure(x);
                    assert_eq!(crate::units::parse_amount(&shown, p.unit), Ok(x), "{}.{}: {x} shown as {shown:?}", k.id, p.key);
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "the catalog's number fields were all checked ({checked} figures)");
        // Grouped as elsewhere; a port as written.
        let tasks = kind("ecs-service").and_then(|k| k.prop("max_tasks")).expect("ecs max_tasks");
        assert_eq!(tasks.figure(30_000_000.0), "30,000,000");
    }
}
