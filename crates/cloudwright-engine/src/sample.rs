//! Ready-made designs: the starter three-tier design the app opens with, and deterministic
//! synthetic designs of any size for benchmarks and scale tests; and [`seeded_edit`], the
//! random edits the property tests apply to them.
//!
//! Both are built only from legal placements ([`crate::model::check_parent`]) and legal
//! connections ([`crate::model::check_connection`]), and carry a layout rectangle for every
//! node in absolute coordinates, each container sized to hold its children.

use crate::catalog::{self, Category, PropType};
use crate::edit::Edit;
use crate::model::{allowed_connection_kinds, ConnKind, Connection, Design, Node, NodeId, Rect, Value};
use std::collections::BTreeMap;

/// A small, well-built three-tier web application: Route 53 and CloudFront (with WAF and an
/// ACM certificate) in front of an ALB spanning two AZs, Fargate services in private
/// subnets, a Multi-AZ PostgreSQL database in isolated subnets, one NAT gateway per AZ, an
/// S3 gateway endpoint, static assets in S3 and CloudWatch.
pub fn three_tier() -> Design {
    let mut b = Builder::new("Three-tier web application");
    let users = b.node("users", "users", "Customers", None, &[("requests_per_month", num(30_000_000.0)), ("slo_p99_ms", num(300.0))]);
    let dns = b.node("dns", "route53", "DNS", None, &[]);
    let cdn = b.node("cdn", "cloudfront", "CDN", None, &[("path_origins", list(&["/api/* -> alb", "/* -> assets"]))]);
    let waf = b.node("waf", "waf", "Web ACL", None, &[]);
    let cert = b.node("cert", "acm", "TLS certificate", None, &[]);
    let assets = b.node("assets", "s3", "Static assets", None, &[("storage_gb", num(20.0)), ("growth_gb_per_month", num(1.0)), ("versioning", Value::Bool(true))]);
    let secrets = b.node("secrets", "secrets-manager", "DB credentials", None, &[("secrets", num(1.0)), ("rotation", Value::Bool(true))]);
    let logs = b.node("logs", "cloudwatch", "Logs & metrics", None, &[
        ("log_retention_days", num(30.0)),
        ("alarms", num(4.0)),
        ("alarm_on_errors", Value::Bool(true)),
        ("alarm_on_latency", Value::Bool(true)),
    ]);

    let vpc = b.node("vpc", "vpc", "Production VPC", None, &[("cidr", text("10.0.0.0/16"))]);
    b.node("igw", "internet-gateway", "Internet gateway", Some(&vpc), &[]);
    let alb = b.node("alb", "alb", "Public ALB", Some(&vpc), &[("az_count", num(2.0)), ("access_logs", Value::Bool(true))]);
    b.node("s3-endpoint", "vpc-endpoint-gateway", "S3 endpoint", Some(&vpc), &[("service", text("s3"))]);

    let mut apps = Vec::new();
    let mut db = None;
    for (i, zone) in ["a", "b"].into_iter().enumerate() {
        let az = b.node(&format!("az-{zone}"), "az", &format!("AZ {zone}"), Some(&vpc), &[("zone", text(zone))]);
        let public = b.subnet(&format!("public-{zone}"), &az, "public", i, 0);
        let private = b.subnet(&format!("private-{zone}"), &az, "private", i, 1);
        let isolated = b.subnet(&format!("isolated-{zone}"), &az, "isolated", i, 2);
        b.node(&format!("nat-{zone}"), "nat-gateway", &format!("NAT {zone}"), Some(&public), &[]);
        let app = b.node(&format!("app-{zone}"), "ecs-service", &format!("Web app ({zone})"), Some(&private), &[
            ("sizing", text("traffic")),
            ("scaling_signal", text("requests")),
            ("deployment", text("blue-green")),
            ("architecture", text("arm")),
        ]);
        apps.push(app);
        if i == 0 {
            db = Some(b.node("db", "rds", "PostgreSQL", Some(&isolated), &[("multi_az", Value::Bool(true)), ("deletion_protection", Value::Bool(true))]));
        }
    }
    let db = db.expect("AZ a creates the database");

    b.conn(&users, &dns, ConnKind::Sync);
    b.conn(&dns, &cdn, ConnKind::Sync);
    b.conn(&cdn, &alb, ConnKind::Sync).share = Some(0.7);
    b.conn(&cdn, &assets, ConnKind::Sync).share = Some(0.3);
    b.conn(&waf, &cdn, ConnKind::Association);
    b.conn(&cert, &cdn, ConnKind::Association);
    b.conn(&cert, &alb, ConnKind::Association);
    for app in &apps {
        b.conn(&alb, app, ConnKind::Sync);
        b.conn(app, &db, ConnKind::Sync);
        b.conn(app, &secrets, ConnKind::Association);
        b.conn(app, &logs, ConnKind::Association);
    }
    b.conn(&alb, &logs, ConnKind::Association);
    b.conn(&db, &logs, ConnKind::Association);
    b.finish()
}

/// A deterministic, legal design of about `n` nodes (never fewer than the ~40-node
/// skeleton) that looks like a large production estate: users -> Route 53 -> CloudFront ->
/// ALBs -> many ECS services, Auto Scaling groups and Lambda functions in a VPC with three
/// AZs of public, private and isolated subnets; RDS with replicas, ElastiCache, DynamoDB,
/// SQS-fed workers, an EventBridge bus, S3, NAT gateways, VPC endpoints and CloudWatch.
pub fn synthetic(n: usize) -> Design {
    const NAMES: [&str; 16] = [
        "orders", "catalog", "cart", "payments", "search", "accounts", "inventory", "shipping", "reviews", "notify", "pricing",
        "auth", "media", "reports", "recommend", "billing",
    ];
    let mut rng = Lcg(0x5EED_C10D_2024_0001);
    let mut b = Builder::new(&format!("Synthetic estate ({n} nodes)"));

    // ------------------------------------------------------------ edge, regional services
    let users = b.node("users", "users", "Customers", None, &[("requests_per_month", num(2e9)), ("geography", text("global"))]);
    let dns = b.node("dns", "route53", "DNS", None, &[("health_checks", Value::Bool(true))]);
    let cdn = b.node("cdn", "cloudfront", "CDN", None, &[("origin_shield", Value::Bool(true))]);
    let waf = b.node("waf", "waf", "Web ACL", None, &[("rate_limit", Value::Bool(true))]);
    let cert = b.node("cert", "acm", "Certificates", None, &[]);
    let partner = b.node("partner-api", "external-api", "Payment provider", None, &[]);
    let assets = b.node("assets", "s3", "Static assets", None, &[("storage_gb", num(500.0))]);
    let uploads = b.node("uploads", "s3", "User uploads", None, &[("storage_gb", num(20_000.0)), ("versioning", Value::Bool(true)), ("critical_data", Value::Bool(true))]);
    let logs = b.node("logs", "cloudwatch", "CloudWatch", None, &[("log_retention_days", num(90.0)), ("alarm_on_errors", Value::Bool(true))]);
    let traces = b.node("traces", "xray", "Tracing", None, &[]);
    let alerts = b.node("alerts", "sns", "Alerts", None, &[]);
    let keys = b.node("keys", "kms", "Data keys", None, &[]);
    let secrets = b.node("secrets", "secrets-manager", "Secrets", None, &[("secrets", num(40.0))]);
    let registry = b.node("registry", "ecr", "Images", None, &[]);
    let cluster = b.node("cluster", "ecs-cluster", "ECS cluster", None, &[("container_insights", Value::Bool(true))]);

    // ------------------------------------------------------------ network
    let vpc = b.node("vpc", "vpc", "Production VPC", None, &[("cidr", text("10.0.0.0/16")), ("flow_logs", Value::Bool(true))]);
    b.node("igw", "internet-gateway", "Internet gateway", Some(&vpc), &[]);
    b.node("vpce-s3", "vpc-endpoint-gateway", "S3 endpoint", Some(&vpc), &[("service", text("s3"))]);
    b.node("vpce-ddb", "vpc-endpoint-gateway", "DynamoDB endpoint", Some(&vpc), &[("service", text("dynamodb"))]);
    b.node("vpce-ecr", "vpc-endpoint-interface", "ECR endpoint", Some(&vpc), &[("service", text("ecr")), ("az_count", num(3.0))]);
    let mut private = Vec::new();
    let mut isolated = Vec::new();
    let mut nats = Vec::new();
    for (i, zone) in ["a", "b", "c"].into_iter().enumerate() {
        let az = b.node(&format!("az-{zone}"), "az", &format!("AZ {zone}"), Some(&vpc), &[("zone", text(zone))]);
        let public = b.subnet(&format!("public-{zone}"), &az, "public", i, 0);
        private.push(b.subnet(&format!("private-{zone}"), &az, "private", i, 1));
        isolated.push(b.subnet(&format!("isolated-{zone}"), &az, "isolated", i, 2));
        nats.push(b.node(&format!("nat-{zone}"), "nat-gateway", &format!("NAT {zone}"), Some(&public), &[]));
    }

    b.conn(&users, &dns, ConnKind::Sync);
    b.conn(&dns, &cdn, ConnKind::Sync);
    b.conn(&cdn, &assets, ConnKind::Sync);
    b.conn(&waf, &cdn, ConnKind::Association);
    b.conn(&cert, &cdn, ConnKind::Association);
    b.conn(&logs, &alerts, ConnKind::Async);
    b.conn(&keys, &uploads, ConnKind::Association);
    for nat in &nats {
        b.conn(nat, &partner, ConnKind::Sync);
    }

    let mut albs: Vec<NodeId> = Vec::new();
    let new_alb = |b: &mut Builder, albs: &mut Vec<NodeId>| {
        let k = albs.len() + 1;
        let alb = b.node(&format!("alb-{k}"), "alb", &format!("ALB {k}"), Some(&vpc), &[("az_count", num(3.0)), ("access_logs", Value::Bool(true))]);
        b.conn(&cdn, &alb, ConnKind::Sync);
        b.conn(&cert, &alb, ConnKind::Association);
        b.conn(&alb, &logs, ConnKind::Association);
        albs.push(alb);
    };
    new_alb(&mut b, &mut albs);

    // ------------------------------------------------------------ services
    let mut last_db: Option<NodeId> = None;
    let mut bus: Option<NodeId> = None;
    let mut served = 0usize;
    let mut i = 0usize;
    while b.d.nodes.len() < n {
        i += 1;
        let az = i % 3;
        let name = format!("{}-{i}", NAMES[i % NAMES.len()]);
        if served > 0 && served.is_multiple_of(40) && albs.len() * 40 <= served {
            new_alb(&mut b, &mut albs);
        }
        let alb = albs.last().expect("one ALB at least").clone();
        let pick = rng.below(10);
        match pick {
            // A web service on ECS with its own data.
            0..=4 => {
                let svc = b.node(&format!("svc-{i}"), "ecs-service", &name, Some(&private[az]), &[
                    ("sizing", text("traffic")),
                    ("scaling_signal", text("requests")),
                    ("architecture", text(if i.is_multiple_of(2) { "arm" } else { "x86" })),
                ]);
                served += 1;
                b.conn(&alb, &svc, ConnKind::Sync);
                b.conn(&svc, &logs, ConnKind::Association);
                b.conn(&svc, &cluster, ConnKind::Association);
                b.conn(&svc, &registry, ConnKind::Association);
                if i.is_multiple_of(7) {
                    b.conn(&svc, &traces, ConnKind::Association);
                }
                if i.is_multiple_of(11) {
                    b.conn(&svc, &nats[az], ConnKind::Sync);
                }
                match rng.below(4) {
                    0 => {
                        let db = b.node(&format!("db-{i}"), "rds", &format!("{name} db"), Some(&isolated[az]), &[("multi_az", Value::Bool(true))]);
                        b.conn(&svc, &db, ConnKind::Sync);
                        b.conn(&svc, &secrets, ConnKind::Association);
                        b.conn(&keys, &db, ConnKind::Association);
                        if rng.below(3) == 0 {
                            let rep = b.node(&format!("db-{i}-replica"), "rds", &format!("{name} replica"), Some(&isolated[(az + 1) % 3]), &[("multi_az", Value::Bool(false))]);
                            b.conn(&db, &rep, ConnKind::Replication);
                        }
                        last_db = Some(db);
                    }
                    1 => {
                        let cache = b.node(&format!("cache-{i}"), "elasticache", &format!("{name} cache"), Some(&private[az]), &[]);
                        b.conn(&svc, &cache, ConnKind::Sync);
                        if let Some(db) = &last_db {
                            b.conn(&svc, db, ConnKind::Sync);
                        }
                    }
                    2 => {
                        let table = b.node(&format!("table-{i}"), "dynamodb", &format!("{name} table"), None, &[]);
                        b.conn(&svc, &table, ConnKind::Sync);
                    }
                    _ => {
                        let q = b.node(&format!("queue-{i}"), "sqs", &format!("{name} jobs"), None, &[]);
                        b.conn(&svc, &q, ConnKind::Async);
                        let worker = if rng.below(2) == 0 {
                            b.node(&format!("worker-{i}"), "ecs-service", &format!("{name} worker"), Some(&private[(az + 1) % 3]), &[("scaling_signal", text("queue-backlog"))])
                        } else {
                            b.node(&format!("worker-{i}"), "lambda", &format!("{name} worker"), None, &[("architecture", text("arm"))])
                        };
                        b.conn(&q, &worker, ConnKind::Async);
                        b.conn(&worker, &logs, ConnKind::Association);
                        if let Some(db) = &last_db {
                            b.conn(&worker, db, ConnKind::Sync);
                        }
                    }
                }
            }
            // A legacy fleet on an Auto Scaling group spanning the AZs.
            5 | 6 => {
                let asg = b.node(&format!("asg-{i}"), "asg", &name, Some(&vpc), &[("sizing", text("traffic")), ("scaling_policy", text("target-requests"))]);
                served += 1;
                b.conn(&alb, &asg, ConnKind::Sync);
                b.conn(&asg, &logs, ConnKind::Association);
                b.conn(&asg, &uploads, ConnKind::Sync);
                if let Some(db) = &last_db {
                    b.conn(&asg, db, ConnKind::Sync);
                }
            }
            // Event-driven functions: on uploads, or behind the ALB inside the VPC.
            7 | 8 => {
                if pick == 7 {
                    let f = b.node(&format!("fn-{i}"), "lambda", &format!("{name} on upload"), None, &[("memory_mb", num(1024.0))]);
                    b.conn(&uploads, &f, ConnKind::Async);
                    b.conn(&f, &logs, ConnKind::Association);
                    let table = b.node(&format!("table-{i}"), "dynamodb", &format!("{name} index"), None, &[]);
                    b.conn(&f, &table, ConnKind::Sync);
                } else {
                    let f = b.node(&format!("fn-{i}"), "lambda", &format!("{name} api"), Some(&private[az]), &[]);
                    served += 1;
                    b.conn(&alb, &f, ConnKind::Sync);
                    b.conn(&f, &logs, ConnKind::Association);
                    if let Some(db) = &last_db {
                        b.conn(&f, db, ConnKind::Sync);
                    }
                }
            }
            // Domain events on a shared bus, consumed by functions.
            _ => {
                let bus = match &bus {
                    Some(x) => x.clone(),
                    None => {
                        let x = b.node("events", "eventbridge", "Domain events", None, &[("archive", Value::Bool(true))]);
                        bus = Some(x.clone());
                        x
                    }
                };
                let f = b.node(&format!("fn-{i}"), "lambda", &format!("{name} handler"), None, &[]);
                b.conn(&bus, &f, ConnKind::Async);
                b.conn(&f, &logs, ConnKind::Association);
                let src = b.d.nodes.keys().rfind(|k| k.as_str().starts_with("svc-")).cloned();
                if let Some(src) = src {
                    b.conn(&src, &bus, ConnKind::Async);
                }
            }
        }
    }

    // CloudFront: 20% static assets, the rest spread over the ALBs.
    let alb_share = 0.8 / albs.len() as f64;
    for c in b.d.connections.values_mut() {
        if c.from == cdn && c.kind == ConnKind::Sync {
            c.share = Some(if c.to == assets { 0.2 } else { alb_share });
        }
    }
    b.finish()
}

// ---------------------------------------------------------------- helpers

fn num(n: f64) -> Value {
    Value::Number(n)
}
fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}
fn list(l: &[&str]) -> Value {
    Value::List(l.iter().map(|s| s.to_string()).collect())
}

/// A 64-bit linear congruential generator (Knuth's MMIX constants): deterministic, no crate.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// Builds a design in insertion order (the layout keeps that order inside each container).
struct Builder {
    d: Design,
    order: Vec<NodeId>,
    conns: usize,
}

impl Builder {
    fn new(name: &str) -> Self {
        Builder { d: Design::new(name, "us-east-1"), order: Vec::new(), conns: 0 }
    }

    fn node(&mut self, id: &str, kind: &str, label: &str, parent: Option<&NodeId>, props: &[(&str, Value)]) -> NodeId {
        let id = NodeId::from(id);
        let node = Node {
            id: id.clone(),
            kind: kind.to_string(),
            label: label.to_string(),
            parent: parent.cloned(),
            span: Vec::new(),
            props: crate::order::map(props.iter().map(|(k, v)| (k.to_string(), v.clone()))),
            ingress: Vec::new(),
            suppressions: Vec::new(),
        };
        self.d.nodes.insert(id.clone(), node);
        self.order.push(id.clone());
        id
    }

    /// Subnet `tier` of AZ number `az`: CIDR 10.0.(48*tier + 16*az).0/20, so no two overlap.
    fn subnet(&mut self, id: &str, az: &NodeId, tier: &str, az_index: usize, tier_index: usize) -> NodeId {
        let octet = 48 * tier_index + 16 * az_index;
        let label = format!("{}{} {}", tier[..1].to_uppercase(), &tier[1..], id.rsplit('-').next().unwrap_or(""));
        self.node(id, "subnet", &label, Some(az), &[("tier", text(tier)), ("cidr", Value::Text(format!("10.0.{octet}.0/20")))])
    }

    fn conn(&mut self, from: &NodeId, to: &NodeId, kind: ConnKind) -> &mut Connection {
        self.conns += 1;
        let id = crate::model::ConnId(format!("c{}", self.conns));
        self.d.connections.entry(id.clone()).or_insert_with(|| Connection::new(id, from.clone(), to.clone(), kind))
    }

    fn finish(mut self) -> Design {
        self.d.layout = layout(&self.d, &self.order);
        self.d
    }
}

// ---------------------------------------------------------------- layout

const LEAF_W: f64 = 112.0;
const LEAF_H: f64 = 72.0;
const GAP: f64 = 28.0;
const PAD: f64 = 24.0;
const HEADER: f64 = 36.0;

/// Lays every node out: leaves in a grid at the top of their container, child containers
/// below it (side by side, except subnets, stacked in their AZ). At the top level, clients
/// and edge services form a column on the left, containers follow, regional services make
/// a grid on the right.
pub(crate) fn layout(d: &Design, order: &[NodeId]) -> BTreeMap<NodeId, Rect> {
    let mut kids: BTreeMap<Option<NodeId>, Vec<&NodeId>> = BTreeMap::new();
    for id in order {
        kids.entry(d.nodes[id].parent.clone()).or_default().push(id);
    }
    let mut l = Layout { d, kids, sizes: BTreeMap::new(), out: BTreeMap::new() };

    let top = l.kids.get(&None).cloned().unwrap_or_default();
    let is_front = |id: &NodeId| {
        catalog::kind(&d.nodes[id].kind).is_some_and(|k| matches!(k.category, Category::External | Category::Edge) || k.id == "acm")
    };
    let front: Vec<&NodeId> = top.iter().copied().filter(|id| !l.is_container(id) && is_front(id)).collect();
    let back: Vec<&NodeId> = top.iter().copied().filter(|id| !l.is_container(id) && !is_front(id)).collect();
    let conts: Vec<&NodeId> = top.iter().copied().filter(|id| l.is_container(id)).collect();

    let cont_sizes: Vec<(f64, f64)> = conts.iter().map(|id| l.measure(id)).collect();
    let cont_h = cont_sizes.iter().map(|s| s.1).fold(0.0, f64::max);
    let rows_fit = (((cont_h + GAP) / (LEAF_H + GAP)).floor() as usize).max(6);

    let mut x = 40.0;
    let y = 40.0;
    if !front.is_empty() {
        let rows = rows_fit.min(front.len());
        let cols = front.len().div_ceil(rows);
        l.grid(&front, x, y, cols);
        x += grid_w(cols) + GAP * 3.0;
    }
    for (id, (w, h)) in conts.iter().zip(&cont_sizes) {
        l.place(id, x, y, *w, *h);
        x += w + GAP * 2.0;
    }
    if !back.is_empty() {
        let rows = rows_fit.min(back.len());
        let cols = back.len().div_ceil(rows);
        l.grid(&back, x + GAP, y, cols);
    }
    l.out
}

fn grid_w(cols: usize) -> f64 {
    if cols == 0 { 0.0 } else { cols as f64 * LEAF_W + (cols - 1) as f64 * GAP }
}
fn grid_h(rows: usize) -> f64 {
    if rows == 0 { 0.0 } else { rows as f64 * LEAF_H + (rows - 1) as f64 * GAP }
}

struct Layout<'a> {
    d: &'a Design,
    kids: BTreeMap<Option<NodeId>, Vec<&'a NodeId>>,
    sizes: BTreeMap<NodeId, (f64, f64)>,
    out: BTreeMap<NodeId, Rect>,
}

impl<'a> Layout<'a> {
    fn is_container(&self, id: &NodeId) -> bool {
        catalog::kind(&self.d.nodes[id].kind).is_some_and(|k| k.container)
    }
    fn children(&self, id: &NodeId) -> (Vec<&'a NodeId>, Vec<&'a NodeId>) {
        let all = self.kids.get(&Some(id.clone())).cloned().unwrap_or_default();
        all.into_iter().partition(|c| !self.is_container(c))
    }
    fn stacked(&self, id: &NodeId) -> bool {
        self.d.nodes[id].kind == "az"
    }
    fn cols_for(n: usize) -> usize {
        if n == 0 { 0 } else { ((n as f64 * 2.0).sqrt().ceil() as usize).clamp(1, 24).min(n).max(n.min(3)) }
    }

    /// Natural size of a container (memoised).
    fn measure(&mut self, id: &NodeId) -> (f64, f64) {
        if let Some(s) = self.sizes.get(id) {
            return *s;
        }
        let (leaves, conts) = self.children(id);
        let cols = Self::cols_for(leaves.len());
        let rows = if cols == 0 { 0 } else { leaves.len().div_ceil(cols) };
        let (gw, gh) = (grid_w(cols), grid_h(rows));
        let sizes: Vec<(f64, f64)> = conts.iter().map(|c| self.measure(c)).collect();
        let (cw, ch) = if sizes.is_empty() {
            (0.0, 0.0)
        } else if self.stacked(id) {
            (sizes.iter().map(|s| s.0).fold(0.0, f64::max), sizes.iter().map(|s| s.1).sum::<f64>() + GAP * (sizes.len() - 1) as f64)
        } else {
            (sizes.iter().map(|s| s.0).sum::<f64>() + GAP * (sizes.len() - 1) as f64, sizes.iter().map(|s| s.1).fold(0.0, f64::max))
        };
        let between = if gh > 0.0 && ch > 0.0 { GAP } else { 0.0 };
        let inner_w = gw.max(cw).max(LEAF_W);
        let inner_h = (gh + between + ch).max(LEAF_H * 0.5);
        let s = (inner_w + 2.0 * PAD, HEADER + inner_h + PAD);
        self.sizes.insert(id.clone(), s);
        s
    }

    /// Places a container at (x, y) with size (w, h) (at least its natural size), then its children.
    fn place(&mut self, id: &NodeId, x: f64, y: f64, w: f64, h: f64) {
        self.out.insert(id.clone(), Rect::new(x, y, w, h));
        let (leaves, conts) = self.children(id);
        let cols = Self::cols_for(leaves.len());
        let rows = if cols == 0 { 0 } else { leaves.len().div_ceil(cols) };
        self.grid(&leaves, x + PAD, y + HEADER, cols);
        let mut cy = y + HEADER + grid_h(rows) + if rows > 0 { GAP } else { 0.0 };
        let mut cx = x + PAD;
        let sizes: Vec<(f64, f64)> = conts.iter().map(|c| self.measure(c)).collect();
        if self.stacked(id) {
            let inner_w = w - 2.0 * PAD;
            for (c, s) in conts.iter().zip(&sizes) {
                self.place(c, cx, cy, inner_w.max(s.0), s.1);
                cy += s.1 + GAP;
            }
        } else {
            let row_h = sizes.iter().map(|s| s.1).fold(0.0, f64::max);
            for (c, s) in conts.iter().zip(&sizes) {
                self.place(c, cx, cy, s.0, row_h);
                cx += s.0 + GAP;
            }
        }
    }

    fn grid(&mut self, leaves: &[&NodeId], x: f64, y: f64, cols: usize) {
        for (i, id) in leaves.iter().enumerate() {
            let (r, c) = (i / cols.max(1), i % cols.max(1));
            let rect = Rect::new(x + c as f64 * (LEAF_W + GAP), y + r as f64 * (LEAF_H + GAP), LEAF_W, LEAF_H);
            self.out.insert((*id).clone(), rect);
        }
    }
}

/// A random edit of `d` from a seed, for property tests (the analyses, the analysis worker's
/// patches): `op % 7` picks the kind — 0–1 a valid value for a property of a node
/// (`a` picks the node, `b` the property, `u` in 0..=1 the value), 2 a removal with what the
/// node holds, 3 a connection the catalog allows (to the node `b` picks), 4 a share on a
/// synchronous connection, 5 a move, 6 a workload figure (burstiness, growth). `None` when the
/// seed finds nothing to do (an empty design, a kind without properties, no allowed kind).
pub fn seeded_edit(d: &Design, op: u8, a: u64, b: u64, u: f64) -> Option<Edit> {
    let ids: Vec<&NodeId> = d.nodes.keys().collect();
    if ids.is_empty() {
        return None;
    }
    let node = ids[(a % ids.len() as u64) as usize];
    match op % 7 {
        0 | 1 => {
            let spec = catalog::kind(&d.nodes[node].kind)?;
            if spec.props.is_empty() {
                return None;
            }
            let p = &spec.props[(b % spec.props.len() as u64) as usize];
            let v = match &p.ty {
                PropType::Bool => Value::Bool(b % 2 == 0),
                PropType::Number { min, max } => Value::Number(min + (max - min) * u * u),
                PropType::Integer { min, max } => Value::Number((min + ((max - min).min(1000.0)) * u).floor().max(*min)),
                PropType::Choice { options } => Value::Text(options[(b / 7) as usize % options.len()].to_string()),
                _ => return None,
            };
            Some(Edit::set_prop(d, node, p.key, Some(v)))
        }
        2 => Some(Edit::remove_cascade(d, &[node.clone()])),
        3 => {
            let to = ids[(b % ids.len() as u64) as usize];
            let k = *allowed_connection_kinds(d, node, to).first()?;
            Some(Edit::connect(d, node, to, k))
        }
        4 => {
            let c = d.connections.values().filter(|c| c.kind == ConnKind::Sync).nth((b % 50) as usize)?;
            let mut after = c.clone();
            after.share = Some(u);
            Some(Edit::UpdateConnection { before: c.clone(), after })
        }
        5 => {
            let before = *d.layout.get(node)?;
            let after = Rect { x: before.x + 40.0 * u, y: before.y + 1.0 + (b % 50) as f64, ..before };
            Some(Edit::Move { id: node.clone(), before, after })
        }
        _ => {
            let mut w = d.workload.clone();
            w.peak_to_average = 1.0 + 9.0 * u;
            w.growth_pct_per_month = if b % 3 == 0 { 5.0 * u } else { 0.0 };
            Some(Edit::SetWorkload { before: d.workload.clone(), after: w })
        }
    }
}
