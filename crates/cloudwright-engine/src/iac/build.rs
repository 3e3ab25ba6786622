//! An [`Inventory`] into a [`Design`]: the same steps for every front end.
//!
//! 1. VPCs, then AZs from the subnets' AZ names, then subnets in their AZ, with the tier
//!    their route table gives them (a default route to an internet gateway: public; to a
//!    NAT gateway: private; none: isolated).
//! 2. Components in their place: one subnet → in it; several → once at VPC level when the
//!    kind may sit there (with its AZ count), else in the first; a network not in the files
//!    → a clearly labelled placeholder ("Existing VPC"), never invented CIDRs or AZs.
//! 3. Connections from links (through target groups to their targets) and from
//!    security-group rules between groups, each checked against the catalog.
//! 4. Internet users calling each entry point, and a nested layout.
//!
//! Every property value is checked against the catalog; one that does not fit is left out
//! and reported, so the design always loads.

use super::inventory::{Component, Inventory, Place, SgSource, Target};
use super::report::{Outcome, Report, RouteLine};
use crate::catalog::{self, ROOT};
use crate::model::span;
use crate::model::{check_connection, check_parent, ConnId, ConnKind, Connection, Design, Ingress, Node, NodeId, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The ids of the placeholder VPCs an import draws for a network the files do not hold: an
/// existing VPC (a parameter or another stack's) and the account's default VPC. Nothing of
/// their network (CIDR, AZs, route tables, gateways) is known, and the rules read these ids
/// (`rules::network`, with no CIDR set) to not claim what it lacks (review s33 R4: "no CIDR
/// set" alone silenced real errors of an imported IPAM VPC or a hand-written one).
pub const PLACEHOLDER_VPC_IDS: [&str; 2] = ["existing-vpc", "default-vpc"];

pub struct Built {
    pub design: Design,
    pub report: Report,
}

struct Builder {
    d: Design,
    report: Report,
    /// Order nodes were added in (the layout reads it).
    order: Vec<NodeId>,
    /// Subnet resource id → (AZ node, VPC node).
    subnet_at: BTreeMap<String, (NodeId, NodeId)>,
    /// Placeholder containers by key ("existing", "default").
    placeholders: BTreeMap<String, NodeId>,
    /// Connections security-group rules allow, drawn after the explicit ones.
    sg_pending: Vec<(NodeId, NodeId, Option<u16>, String, String)>,
    /// Further subnets of a component spanning AZs, by resource id, until it is added.
    pending_span: BTreeMap<String, Vec<NodeId>>,
    /// Connections drawn with an assumed number of messages a month
    /// ([`super::inventory::Link::assumed_messages`]): (from, to, messages a month), their
    /// share set once the entry points are drawn.
    assumed_messages: Vec<(NodeId, NodeId, f64)>,
}

pub fn build(inv: Inventory, region: &str, name: &str) -> Built {
    let mut b = Builder {
        d: Design::new(name, region),
        report: Report { entries: inv.entries.clone(), routes: Vec::new(), notes: inv.notes.clone() },
        order: Vec::new(),
        subnet_at: BTreeMap::new(),
        placeholders: BTreeMap::new(),
        sg_pending: Vec::new(),
        pending_span: BTreeMap::new(),
        assumed_messages: Vec::new(),
    };
    b.network(&inv);
    b.components(&inv);
    b.security_groups(&inv);
    b.links(&inv);
    b.restore(&inv);
    b.entry_points(&inv);
    b.assumptions(&inv);
    b.finish_report(&inv);
    let order = layout_order(&b.d, &b.order);
    b.d.layout = crate::sample::layout(&b.d, &order);
    if b.d.nodes.values().any(span::spans) {
        // Components spanning AZs are drawn as bands across their subnets: the AWS-style
        // layout of "Tidy up" knows how.
        let tidied = crate::diagram::tidy::tidy_layout(&b.d, None);
        b.d.layout.extend(tidied);
    }
    Built { design: b.d, report: b.report }
}

impl Builder {
    fn add(&mut self, id: &str, kind: &str, label: &str, parent: Option<NodeId>) -> NodeId {
        let nid = NodeId::new(id);
        let node = Node { id: nid.clone(), kind: kind.into(), label: label.into(), parent, span: Vec::new(), props: BTreeMap::new(), ingress: Vec::new(), suppressions: Vec::new() };
        self.d.nodes.insert(nid.clone(), node);
        self.order.push(nid.clone());
        nid
    }

    fn entry_note(&mut self, id: &str, note: String) {
        if let Some(e) = self.report.entries.iter_mut().find(|e| e.id == id) {
            if !e.notes.contains(&note) {
                e.notes.push(note);
            }
        }
    }

    /// Sets a property when the catalog accepts the value; else reports why it was left out.
    fn set_prop(&mut self, id: &NodeId, key: &str, v: Value) {
        let Some(node) = self.d.nodes.get(id) else { return };
        let Some(spec) = catalog::kind(&node.kind) else { return };
        let Some(ps) = spec.prop(key) else {
            self.entry_note(id.as_str(), format!("{key}: the {} has no such property", spec.name));
            return;
        };
        match ps.validate(&v) {
            Ok(()) => {
                // A node type the price book does not list is kept (it is what the code says),
                // and the report says the bill prices a stand-in for it (QA s23 #5).
                if key == "node_type" {
                    if let Err(e) = ps.check_known(&v) {
                        let near = if let Value::Text(t) = &v { catalog::nearest_cache_node(t).map(|(n, _, _)| format!(" ({n}, the nearest by memory)")) } else { None };
                        self.entry_note(id.as_str(), format!("{} {e}; the bill prices it as a catalog size{}, an estimate", ps.label.to_lowercase(), near.unwrap_or_default()));
                    }
                }
                if let Some(n) = self.d.nodes.get_mut(id) {
                    n.props.insert(key.to_string(), v);
                }
            }
            Err(e) => {
                let shown = ps.default.to_value();
                self.entry_note(id.as_str(), format!("{} {v}: not a catalog value ({} {e}); the default {shown} is shown", ps.label.to_lowercase(), ps.label));
            }
        }
    }

    // ------------------------------------------------------------------ network

    fn placeholder_vpc(&mut self, key: &str) -> NodeId {
        if let Some(id) = self.placeholders.get(key) {
            return id.clone();
        }
        let (id, label, why) = if key == "default" {
            (PLACEHOLDER_VPC_IDS[1], "Default VPC (not in the files)", "resources with no network given go in the account's default VPC")
        } else {
            (PLACEHOLDER_VPC_IDS[0], "Existing VPC (not in the files)", "the network these resources use is a parameter or another stack's")
        };
        let nid = self.add(id, "vpc", label, None);
        self.report.notes.push(format!("{label}: {why}; its CIDR, AZs and subnets are unknown, so none are drawn beyond this placeholder"));
        self.placeholders.insert(key.to_string(), nid.clone());
        nid
    }

    /// A placeholder AZ and subnet inside a placeholder VPC, for kinds that must sit in a subnet.
    fn placeholder_subnet(&mut self, key: &str) -> NodeId {
        let skey = format!("{key}/subnet");
        if let Some(id) = self.placeholders.get(&skey) {
            return id.clone();
        }
        let vpc = self.placeholder_vpc(key);
        let az = self.add(&format!("{vpc}-az"), "az", "AZ (not known)", Some(vpc.clone()));
        let (label, tier) = if key == "default" { ("Default subnets (public)", "public") } else { ("Existing subnets (not in the files)", "private") };
        let sn = self.add(&format!("{vpc}-subnets"), "subnet", label, Some(az));
        self.set_prop(&sn, "tier", Value::Text(tier.into()));
        if key == "default" {
            self.report.notes.push("the default VPC's subnets are public (they route to its internet gateway)".into());
        }
        self.placeholders.insert(skey, sn.clone());
        sn
    }

    fn vpc_node(&mut self, t: Option<&Target>, inv: &Inventory) -> NodeId {
        match t {
            Some(Target::Id(v)) if inv.vpcs.contains_key(v) => NodeId::new(v.clone()),
            _ => self.placeholder_vpc("existing"),
        }
    }

    fn network(&mut self, inv: &Inventory) {
        for c in inv.components.iter().filter(|c| c.kind == "vpc") {
            let id = self.add(&c.id, "vpc", &c.label, None);
            for (k, v) in &c.props {
                self.set_prop(&id, k, v.clone());
            }
        }
        // AZs, in the order subnets name them.
        let mut az_nodes: BTreeMap<(NodeId, String), NodeId> = BTreeMap::new();
        let region = self.d.region.clone();
        for s in &inv.subnets {
            let vpc = self.vpc_node(s.vpc.as_ref(), inv);
            let az_name = match &s.az {
                Ok(a) => a.clone(),
                Err(_) => "?".to_string(),
            };
            let key = (vpc.clone(), az_name.clone());
            let az = match az_nodes.get(&key) {
                Some(a) => a.clone(),
                None => {
                    let letter = az_name.chars().last().filter(|c| ('a'..='f').contains(c));
                    let id = format!("{vpc}-az-{}", if az_name == "?" { "unknown".to_string() } else { az_name.clone() });
                    let label = if az_name == "?" { "AZ (not known)".to_string() } else { format!("AZ {az_name}") };
                    let nid = self.add(&id, "az", &label, Some(vpc.clone()));
                    if let Some(l) = letter.filter(|_| az_name != "?") {
                        self.set_prop(&nid, "zone", Value::Text(l.to_string()));
                    }
                    if az_name != "?" && !az_name.starts_with(&region) {
                        self.report.notes.push(format!("AZ {az_name} is written literally and is not in the design's region {region}: kept as written"));
                    }
                    az_nodes.insert(key, nid.clone());
                    nid
                }
            };
            if let Err(u) = &s.az {
                self.entry_note(&s.id, format!("AZ not known ({}): placed in \"AZ (not known)\"", u.why));
            }
            let sn = self.add(&s.id, "subnet", &s.label, Some(az.clone()));
            if let Some(c) = &s.cidr {
                self.set_prop(&sn, "cidr", Value::Text(c.clone()));
            }
            self.subnet_at.insert(s.id.clone(), (az, vpc));
        }
        // Tiers from the route tables.
        let mut explicit: BTreeMap<&str, &str> = BTreeMap::new();
        for (rt, t) in &inv.route_tables {
            for s in &t.subnets {
                explicit.insert(s.as_str(), rt.as_str());
            }
        }
        for s in &inv.subnets {
            let vpc_id = self.subnet_at.get(&s.id).map(|(_, v)| v.to_string()).unwrap_or_default();
            let table = explicit.get(s.id.as_str()).and_then(|rt| inv.route_tables.get(*rt).map(|t| (*rt, t))).or_else(|| {
                inv.route_tables.iter().find(|(_, t)| t.main && t.vpc.as_deref() == Some(vpc_id.as_str())).map(|(k, t)| (k.as_str(), t))
            });
            let mut tier = "isolated";
            let mut how = "no route table with a default route: isolated (local routes only)".to_string();
            if let Some((rt, t)) = table {
                for r in &t.routes {
                    let Target::Id(target) = &r.target else { continue };
                    let kind = inv.components.iter().find(|c| &c.id == target).map(|c| c.kind).unwrap_or("");
                    let is_default = r.dest == "0.0.0.0/0" || r.dest == "::/0";
                    self.report.routes.push(RouteLine { from: s.id.clone(), to: target.clone(), dest: r.dest.clone() });
                    if !is_default {
                        continue;
                    }
                    match kind {
                        "internet-gateway" => {
                            tier = "public";
                            how = format!("route table {rt}: {} → internet gateway {target}: public", r.dest);
                        }
                        "nat-gateway" if tier != "public" => {
                            tier = "private";
                            how = format!("route table {rt}: {} → NAT gateway {target}: private", r.dest);
                        }
                        _ if tier == "isolated" => {
                            tier = "private";
                            how = format!("route table {rt}: {} → {target}: private (no internet gateway)", r.dest);
                        }
                        _ => {}
                    }
                }
            }
            let route_out = match tier {
                "public" => "igw",
                "private" if how.contains("NAT gateway") => "nat",
                "private" => "none",
                _ => "none",
            };
            let nid = NodeId::new(s.id.clone());
            self.set_prop(&nid, "tier", Value::Text(tier.into()));
            self.set_prop(&nid, "route_out", Value::Text(route_out.into()));
            self.entry_note(&s.id, how);
            if s.map_public_ip {
                self.entry_note(&s.id, "assigns public IPs on launch".into());
            }
        }
    }

    // ------------------------------------------------------------------ components

    /// Where a component goes, and the notes that explain it.
    fn parent_for(&mut self, c: &Component, inv: &Inventory) -> (Option<NodeId>, Vec<String>, Option<usize>) {
        let spec = catalog::kind(c.kind).expect("mappers use catalog kinds");
        let may = |p: &str| spec.parents.contains(&p);
        let mut notes = Vec::new();
        match &c.place {
            Place::Regional => {
                if may(ROOT) {
                    (None, notes, None)
                } else if may("vpc") {
                    (Some(self.placeholder_vpc("existing")), notes, None)
                } else {
                    (Some(self.placeholder_subnet("existing")), notes, None)
                }
            }
            Place::Vpc(t) => {
                let vpc = self.vpc_node(Some(t), inv);
                if let Target::Unresolved(u) = t {
                    notes.push(format!("VPC not in the files ({}): placed in the placeholder", u.why));
                }
                if may("vpc") {
                    (Some(vpc), notes, None)
                } else {
                    (Some(self.placeholder_subnet("existing")), notes, None)
                }
            }
            Place::Subnets(list) => {
                let known: Vec<&String> = list.iter().filter_map(|t| if let Target::Id(i) = t { Some(i) } else { None }).filter(|i| self.subnet_at.contains_key(*i)).collect();
                let unresolved: Vec<&Target> = list.iter().filter(|t| !matches!(t, Target::Id(i) if self.subnet_at.contains_key(i))).collect();
                for u in &unresolved {
                    match u {
                        Target::Unresolved(u) if u.text == "default VPC" || u.text == "external network" => {}
                        Target::Unresolved(u) => notes.push(format!("subnet {} not in the files ({})", u.text, u.why)),
                        Target::Id(i) => notes.push(format!("subnet {i} not in the files")),
                    }
                }
                if known.is_empty() {
                    let key = if list.iter().any(|t| matches!(t, Target::Unresolved(u) if u.text == "default VPC")) { "default" } else { "existing" };
                    if may("vpc") {
                        return (Some(self.placeholder_vpc(key)), notes, None);
                    }
                    if may(ROOT) && key == "existing" && c.kind != "lambda" {
                        return (None, notes, None);
                    }
                    return (Some(self.placeholder_subnet(key)), notes, None);
                }
                let azs: BTreeSet<&NodeId> = known.iter().map(|s| &self.subnet_at[*s].0).collect();
                let az_count = azs.len();
                if known.len() == 1 && may("subnet") {
                    return (Some(NodeId::new(known[0].clone())), notes, Some(1));
                }
                // A fleet given subnets in several AZs of one VPC (an ALB's Subnets, an ASG's
                // VPCZoneIdentifier, an ECS service's Subnets): one component placed in one
                // subnet per AZ, drawn once across them (model::span).
                let vpcs: BTreeSet<&NodeId> = known.iter().map(|s| &self.subnet_at[*s].1).collect();
                if az_count > 1 && vpcs.len() == 1 && may("subnet") && span::role(c.kind) == Some(span::SpanRole::Fleet) {
                    let mut seen: BTreeSet<&NodeId> = BTreeSet::new();
                    let (first, extra): (Vec<&String>, Vec<&String>) = known.iter().copied().partition(|s| seen.insert(&self.subnet_at[*s].0));
                    if !extra.is_empty() {
                        notes.push(format!("more than one subnet in an AZ ({}): placed in the first of each AZ", extra.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")));
                    }
                    notes.push(format!("spans {az_count} AZs: placed in subnets {}, drawn once across them", first.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")));
                    self.pending_span.insert(c.id.clone(), first[1..].iter().map(|s| NodeId::new((*s).clone())).collect());
                    return (Some(NodeId::new(first[0].clone())), notes, None);
                }
                if may("vpc") {
                    let vpc = self.subnet_at[known[0]].1.clone();
                    notes.push(format!("spans {} subnets ({}) in {az_count} AZ(s): drawn once at VPC level", known.len(), known.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")));
                    return (Some(vpc), notes, Some(az_count));
                }
                if may("subnet") {
                    if known.len() > 1 {
                        notes.push(format!("spans {} subnets ({}): drawn in the first", known.len(), known.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")));
                    }
                    return (Some(NodeId::new(known[0].clone())), notes, Some(az_count));
                }
                (None, notes, None)
            }
        }
    }

    fn components(&mut self, inv: &Inventory) {
        for c in inv.components.iter().filter(|c| c.kind != "vpc") {
            let (parent, notes, az_count) = if c.kind == "internet-gateway" {
                // An internet gateway sits in the VPC it is attached to, or is not drawn.
                match inv.igw_attachments.get(&c.id).filter(|v| inv.vpcs.contains_key(*v)) {
                    Some(v) => (Some(NodeId::new(v.clone())), vec![], None),
                    None => {
                        self.report_outcome(&c.id, Outcome::NotDrawn { why: "internet gateway not attached to a VPC of the files".into() });
                        continue;
                    }
                }
            } else {
                self.parent_for(c, inv)
            };
            let parent = match check_parent(&self.d, c.kind, parent.as_ref(), None) {
                Ok(()) => parent,
                Err(e) => {
                    self.entry_note(&c.id, format!("cannot sit where the template puts it ({e}); drawn at the top level"));
                    None
                }
            };
            if check_parent(&self.d, c.kind, parent.as_ref(), None).is_err() {
                self.report_outcome(&c.id, Outcome::NotDrawn { why: format!("a {} cannot be drawn without a network", c.kind) });
                continue;
            }
            let id = self.add(&c.id, c.kind, &c.label, parent);
            if let Some(further) = self.pending_span.remove(&c.id) {
                let n = self.d.nodes.get(&id).expect("just added");
                if span::check(&self.d, &n.kind, n.parent.as_ref(), &further).is_ok() {
                    self.d.nodes.get_mut(&id).expect("just added").span = further;
                }
            }
            let spanning = self.d.nodes.get(&id).is_some_and(span::spans);
            for (k, v) in &c.props {
                // Its subnets say how many AZs a spanning component is in (zones::az_count).
                if spanning && k == "az_count" {
                    continue;
                }
                self.set_prop(&id, k, v.clone());
            }
            if let Some(n) = az_count.filter(|n| *n > 1) {
                let has = catalog::kind(c.kind).is_some_and(|k| k.prop("az_count").is_some());
                if has && !c.has("az_count") {
                    self.set_prop(&id, "az_count", Value::Number(n as f64));
                }
            }
            for n in notes {
                self.entry_note(&c.id, n);
            }
            // Components added by mappers without a resource entry (alarm group, default bus).
            if !self.report.entries.iter().any(|e| e.id == c.id) {
                self.report.notes.push(format!("{} \"{}\" stands for several resources (see the entries merged into it)", c.kind, c.label));
            }
        }
        // NAT → internet gateway, for the report.
        for n in self.d.nodes.values().filter(|n| n.kind == "nat-gateway") {
            let public = self.d.enclosing(&n.id, "subnet").is_some_and(|s| self.d.text(s, "tier") == "public");
            let vpc = self.d.enclosing(&n.id, "vpc").map(|v| v.id.clone());
            let igw = self.d.nodes.values().find(|g| g.kind == "internet-gateway" && g.parent == vpc);
            if let (true, Some(g)) = (public, igw) {
                self.report.routes.push(RouteLine { from: n.id.to_string(), to: g.id.to_string(), dest: "0.0.0.0/0 (NAT in a public subnet)".into() });
            }
        }
    }

    fn report_outcome(&mut self, id: &str, o: Outcome) {
        if let Some(e) = self.report.entries.iter_mut().find(|e| e.id == id) {
            e.outcome = o;
        }
    }

    // ------------------------------------------------------------------ connections

    /// The component a resource is drawn as: itself, or what it was merged into.
    fn rep(&self, id: &str, inv: &Inventory) -> Option<NodeId> {
        let mut cur = id.to_string();
        for _ in 0..8 {
            if self.d.nodes.contains_key(&NodeId::new(cur.clone())) {
                return Some(NodeId::new(cur));
            }
            cur = inv.merged.get(&cur)?.clone();
        }
        None
    }

    /// The components a link to `id` reaches: through target groups to their targets.
    fn expand(&self, id: &str, inv: &Inventory, depth: usize) -> Vec<NodeId> {
        if depth > 4 {
            return vec![];
        }
        if let Some(targets) = inv.forwards.get(id) {
            return targets.iter().flat_map(|t| self.expand(t, inv, depth + 1)).collect();
        }
        self.rep(id, inv).into_iter().collect()
    }

    fn connect(&mut self, from: &NodeId, to: &NodeId, kind: ConnKind, port: Option<u16>, label: &str, source: &str) {
        if from == to {
            return;
        }
        if let Some(c) = self.d.connections.values_mut().find(|c| &c.from == from && &c.to == to && c.kind == kind) {
            if c.port.is_none() {
                c.port = port;
            }
            // Several routes or rules on one connection: "GET /hello, POST /hello".
            if !c.label.split(", ").any(|l| l == label) && c.label.len() + label.len() < 120 {
                c.label = format!("{}, {label}", c.label);
            }
            return;
        }
        match check_connection(&self.d, from, to, kind) {
            Ok(()) => {
                let id = ConnId(format!("c{}", self.d.connections.len() + 1));
                let mut c = Connection::new(id.clone(), from.clone(), to.clone(), kind);
                c.port = port;
                c.label = label.chars().take(120).collect();
                self.d.connections.insert(id, c);
            }
            Err(e) => {
                let note = format!("{from} → {to} ({label}) not drawn: {e}");
                self.entry_note(source, note);
            }
        }
    }

    fn links(&mut self, inv: &Inventory) {
        for l in &inv.links {
            let Some(from) = self.rep(&l.from, inv) else {
                self.entry_note(&l.from, format!("connection to {} ({}) not drawn: {} is not drawn", l.to, l.label, l.from));
                continue;
            };
            let tos = self.expand(&l.to, inv, 0);
            if tos.is_empty() && !inv.forwards.contains_key(&l.to) {
                self.entry_note(&l.from, format!("connection to {} ({}) not drawn: {} is not drawn", l.to, l.label, l.to));
            }
            let (port, label) = match inv.forward_port.get(&l.to) {
                Some((p, tg)) => (l.port.or(*p), format!("{} → {tg}", l.label)),
                None => (l.port, l.label.clone()),
            };
            for to in tos {
                self.connect(&from, &to, l.kind, port, &label, &l.from);
                if let Some(m) = l.assumed_messages {
                    self.assumed_messages.push((from.clone(), to.clone(), m));
                }
            }
        }
    }

    fn security_groups(&mut self, inv: &Inventory) {
        let drawn: BTreeSet<NodeId> = self.d.nodes.keys().cloned().collect();
        let members = |sg: &str| -> Vec<NodeId> {
            inv.components.iter().filter(|c| c.sgs.iter().any(|s| s == sg)).map(|c| NodeId::new(c.id.clone())).filter(|id| drawn.contains(id)).collect()
        };
        let mut pending = Vec::new();
        for (sg_id, sg) in &inv.sgs {
            let targets = members(sg_id);
            if targets.is_empty() {
                self.entry_note(sg_id, "attached to nothing drawn: its rules are kept in this report only".into());
            }
            for r in &sg.ingress {
                let source = r.via.clone().unwrap_or_else(|| sg_id.clone());
                match &r.from {
                    SgSource::Cidr(cidr) if catalog::parse_ingress_cidr(cidr).is_err() => {
                        self.entry_note(&source, format!("ingress from {cidr}: not an address block the design can hold; kept in this report only"));
                    }
                    SgSource::Cidr(cidr) => {
                        for t in &targets {
                            // All ports (protocol -1): the design keeps one port per rule, the
                            // one callers use (the kind's usual port).
                            let kind_port = self.d.nodes.get(t).and_then(|n| catalog::kind(&n.kind)).map(|k| k.port).filter(|p| *p > 0).unwrap_or(443);
                            let port = r.port.filter(|p| *p > 0).unwrap_or(kind_port);
                            if r.port.is_none() {
                                self.entry_note(&source, format!("all ports from {cidr}: recorded on {t} as port {port}"));
                            }
                            if let Some(n) = self.d.nodes.get_mut(t) {
                                let ing = Ingress { port, cidr: cidr.clone() };
                                if !n.ingress.contains(&ing) {
                                    n.ingress.push(ing);
                                }
                            }
                        }
                    }
                    SgSource::Group(g) if g == sg_id => {
                        if !targets.is_empty() {
                            self.entry_note(&source, "members may talk to each other".into());
                        }
                    }
                    SgSource::Group(g) => {
                        for f in members(g) {
                            for t in &targets {
                                pending.push((f.clone(), t.clone(), r.port, format!("allowed by {source}"), source.clone()));
                            }
                        }
                    }
                    SgSource::Unresolved(_) => {}
                }
            }
        }
        // After the explicit links, so an explicit connection keeps its own label.
        self.sg_pending = pending;
    }

    fn entry_points(&mut self, inv: &Inventory) {
        for (f, t, port, label, source) in std::mem::take(&mut self.sg_pending) {
            let exists = self.d.connections.values().any(|c| (c.from == f && c.to == t) || (c.from == t && c.to == f));
            if exists {
                if let Some(c) = self.d.connections.values_mut().find(|c| c.from == f && c.to == t && c.port.is_none()) {
                    c.port = port;
                }
                continue;
            }
            self.connect(&f, &t, ConnKind::Sync, port, &label, &source);
        }
        self.endpoint_callers(inv);
        if inv.restore.is_some() {
            // An export of a design: its own users (if any) were restored.
            return;
        }
        let entries: Vec<NodeId> = inv.components.iter().filter(|c| c.entry).map(|c| NodeId::new(c.id.clone())).filter(|id| self.d.nodes.contains_key(id)).collect();
        // An API or bucket behind CloudFront is reached through it, not directly.
        let behind_cdn: BTreeSet<NodeId> = self.d.connections.values().filter(|c| self.d.nodes[&c.from].kind == "cloudfront").map(|c| c.to.clone()).collect();
        let entries: Vec<NodeId> = entries.into_iter().filter(|e| !behind_cdn.contains(e)).collect();
        if entries.is_empty() {
            return;
        }
        let users = self.add("internet-users", "users", "Internet users", None);
        self.report.notes.push(format!("Internet users added: they call the entry points {}", entries.iter().map(|e| e.as_str()).collect::<Vec<_>>().join(", ")));
        for e in entries {
            self.connect(&users, &e, ConnKind::Sync, None, "from the internet", "internet-users");
        }
    }

    /// An interface endpoint whose security group admits a CIDR block is called by the
    /// compute in its VPC whose subnets lie in that block (the reason it exists).
    fn endpoint_callers(&mut self, inv: &Inventory) {
        let endpoints: Vec<NodeId> = self.d.nodes.values().filter(|n| n.kind == "vpc-endpoint-interface").map(|n| n.id.clone()).collect();
        for ep in endpoints {
            let vpc = self.d.enclosing(&ep, "vpc").map(|v| v.id.clone());
            let rules = self.d.nodes[&ep].ingress.clone();
            let via = inv.components.iter().find(|c| c.id == ep.as_str()).and_then(|c| c.sgs.first().cloned()).unwrap_or_default();
            let callers: Vec<(NodeId, String)> = self
                .d
                .nodes
                .values()
                .filter(|n| catalog::kind(&n.kind).is_some_and(|k| k.role == catalog::Role::Compute))
                .filter(|n| self.d.enclosing(&n.id, "vpc").map(|v| v.id.clone()) == vpc && vpc.is_some())
                .filter_map(|n| {
                    let sub = self.d.enclosing(&n.id, "subnet")?;
                    let cidr = self.d.text(sub, "cidr");
                    let r = rules.iter().find(|r| cidr_within(&cidr, &r.cidr))?;
                    Some((n.id.clone(), format!("allowed by {via} ({} from {})", r.port, r.cidr)))
                })
                .collect();
            for (c, label) in callers {
                let port = rules.first().map(|r| r.port).filter(|p| *p > 0);
                self.connect(&c, &ep, ConnKind::Sync, port, &label, ep.as_str());
            }
        }
    }

    /// Design facts a Cloudwright export kept beside the code: components with no resource,
    /// containers the code cannot express (a region), connections it cannot express.
    fn restore(&mut self, inv: &Inventory) {
        let Some(r) = &inv.restore else { return };
        let before = (self.d.nodes.len(), self.d.connections.len());
        for (id, kind, label, props) in &r.nodes {
            if catalog::kind(kind).is_none() || self.d.nodes.contains_key(&NodeId::new(id.clone())) {
                continue;
            }
            let nid = self.add(id, kind, label, None);
            for (k, v) in props {
                self.set_prop(&nid, k, v.clone());
            }
        }
        // Properties the code has no form for (or did not write): the code's own values win,
        // except for those it writes only approximately (`export::plan::DESIGN_WINS`).
        let mut filled = 0;
        for (id, props) in &r.props {
            let nid = NodeId::new(id.clone());
            let Some((kind, have)) = self.d.nodes.get(&nid).map(|n| (n.kind.clone(), n.props.clone())) else { continue };
            let design_wins = |k: &str| super::export::plan::DESIGN_WINS.contains(&(kind.as_str(), k));
            for (k, v) in props.iter().filter(|(k, v)| !have.contains_key(*k) || (design_wins(k) && have.get(*k) != Some(*v))) {
                self.set_prop(&nid, k, v.clone());
                filled += 1;
            }
        }
        // Containers: a few passes, so a VPC moves into its region before what needs the VPC.
        for _ in 0..3 {
            for (id, parent) in &r.parents {
                let (nid, pid) = (NodeId::new(id.clone()), NodeId::new(parent.clone()));
                let Some(n) = self.d.nodes.get(&nid) else { continue };
                if n.parent.as_ref() == Some(&pid) || !self.d.nodes.contains_key(&pid) {
                    continue;
                }
                let kind = n.kind.clone();
                // The design drew it in one place (e.g. once at VPC level): it spans no more.
                let further = if self.d.nodes[&pid].kind == "subnet" { n.span.clone() } else { Vec::new() };
                if check_parent(&self.d, &kind, Some(&pid), Some(&nid)).is_ok() && span::check(&self.d, &kind, Some(&pid), &further).is_ok() {
                    let azs = span::placements(&self.d.nodes[&nid]).count();
                    let keep_count = further.is_empty() && azs > 1 && catalog::kind(&kind).is_some_and(|k| k.prop("az_count").is_some()) && !self.d.is_set(&self.d.nodes[&nid], "az_count");
                    if let Some(n) = self.d.nodes.get_mut(&nid) {
                        n.parent = Some(pid);
                        n.span = further;
                    }
                    if keep_count {
                        // As many AZs as the subnets it was placed in.
                        self.set_prop(&nid, "az_count", Value::Number(azs as f64));
                    }
                }
            }
        }
        // Further subnets the design placed a component in (a Multi-AZ database's standby),
        // where they still hold.
        for (id, list) in &r.spans {
            let nid = NodeId::new(id.clone());
            let Some(n) = self.d.nodes.get(&nid) else { continue };
            let further: Vec<NodeId> = list.iter().map(|s| NodeId::new(s.clone())).collect();
            if n.span != further && span::check(&self.d, &n.kind, n.parent.as_ref(), &further).is_ok() {
                let spanning_before = !n.span.is_empty();
                self.d.nodes.get_mut(&nid).expect("exists").span = further;
                if !spanning_before {
                    self.entry_note(id, "placed in one subnet per AZ, as the design kept beside the code says".into());
                }
            }
        }
        // The design's own labels and workload.
        for (id, label) in &r.labels {
            if let Some(n) = self.d.nodes.get_mut(&NodeId::new(id.clone())) {
                n.label = label.clone();
            }
        }
        if let Some(w) = &r.workload {
            self.d.workload = w.clone();
        }
        for (f, t, k) in &r.connections {
            let (fid, tid) = (NodeId::new(f.clone()), NodeId::new(t.clone()));
            if self.d.nodes.contains_key(&fid) && self.d.nodes.contains_key(&tid) {
                self.connect(&fid, &tid, *k, None, "from the design (Cloudwright metadata)", f);
            }
        }
        // Each connection's settings as the design had them (a traffic share has no IaC form),
        // each checked as a file's would be: a value out of range is left out.
        for (f, t, k, v) in &r.connection_settings {
            let (fid, tid) = (NodeId::new(f.clone()), NodeId::new(t.clone()));
            let Some(c) = self.d.connections.values_mut().find(|c| c.from == fid && c.to == tid && c.kind == *k) else { continue };
            let mut n = c.clone();
            n.share = v.get("share").and_then(|x| x.as_f64());
            n.payload_kb = v.get("payload_kb").and_then(|x| x.as_f64());
            n.timeout_ms = v.get("timeout_ms").and_then(|x| x.as_f64());
            n.retries = v.get("retries").and_then(|x| x.as_u64()).and_then(|x| u32::try_from(x).ok());
            n.circuit_breaker = v.get("circuit_breaker").and_then(|x| x.as_bool()).unwrap_or(false);
            if crate::model::fields::check_connection(&n).is_ok() {
                *c = n;
            }
        }
        let added = (self.d.nodes.len() - before.0, self.d.connections.len() - before.1);
        self.report.notes.push(format!("Cloudwright metadata: {} component(s), {} connection(s) and {filled} property value(s) the code has no form for were restored, and containers as drawn", added.0, added.1));
    }

    /// The usage figures the files cannot say, chosen by the import and listed in the
    /// report as assumed, each "edit in the inspector" (QA s31 F4: $17 of an imported bill came
    /// from figures nobody had said were assumed):
    /// - a connection carrying an assumed number of messages a month (an Auto Scaling group's
    ///   scaling notifications): its share of the source's messages is set so that it carries
    ///   that many at the imported traffic (the traffic worked out once, here);
    /// - every usage figure of the catalog (a property whose unit is per month — the Internet
    ///   users' requests, a bucket's growth — or the data a store holds, `storage_gb`) the
    ///   import left at a default that bills (not 0).
    ///
    /// Not for a Cloudwright export read back: its metadata restores the design's own figures.
    fn assumptions(&mut self, inv: &Inventory) {
        if inv.restore.is_some() {
            return;
        }
        let mut assumed: Vec<String> = Vec::new();
        // A rate that does not follow the source's requests (review R4): the connection takes
        // none of the source's flow (its other asynchronous connections split it as if it were
        // not drawn) and the messages are a fixed figure on the topic, which the traffic
        // multiplier does not scale.
        for (from, to, m) in std::mem::take(&mut self.assumed_messages) {
            let Some(c) = self.d.connections.values_mut().find(|c| c.from == from && c.to == to && c.kind == ConnKind::Async) else { continue };
            if self.d.nodes.get(&to).map(|t| t.kind.as_str()) != Some("sns") {
                continue;
            }
            c.share = Some(0.0);
            let label = c.label.clone();
            let before = self.d.num(&self.d.nodes[&to], "other_publishes_per_month");
            self.set_prop(&to, "other_publishes_per_month", Value::Number(before + m));
            let (fl, tl) = (self.d.nodes[&from].label.clone(), self.d.nodes[&to].label.clone());
            let why = &crate::capacity::data::assumption_entry("asg-scaling-notifications").provenance;
            assumed.push(format!(
                "assumed: {fl} → {tl} carries {} messages a month ({label}), a fixed figure that does not follow the traffic ({}, {}: {}); it is the topic's “Publishes not drawn”, edit it in the inspector",
                crate::units::num(m),
                why.source_kind,
                why.as_of,
                why.note.as_deref().unwrap_or(&why.source),
            ));
        }
        // Usage: a figure per month, or the data a store holds (`storage_gb`: what a bucket or
        // table keeps is usage, where a disk's or a database's size is configuration the files
        // give). A default of 0 bills nothing and is not listed.
        let usage = |p: &catalog::PropSpec| p.unit.ends_with("/month") || p.key == "storage_gb";
        for n in self.d.nodes.values() {
            let Some(spec) = catalog::kind(&n.kind) else { continue };
            for p in spec.props.iter().filter(|p| usage(p) && !self.d.is_set(n, p.key)) {
                let v = match p.default {
                    catalog::PropDefault::Number(x) if x > 0.0 => crate::units::num(x),
                    _ => continue,
                };
                assumed.push(format!("assumed: {}, {}: {v} {} (the catalog's default; the files do not say); edit in the inspector", n.label, p.label.to_lowercase(), p.unit));
            }
        }
        self.report.notes.extend(assumed);
    }

    fn finish_report(&mut self, inv: &Inventory) {
        for e in self.report.entries.iter_mut() {
            if let Outcome::Merged { into, how } = &e.outcome {
                if into.is_empty() {
                    // Target groups: name what they connect.
                    let targets: Vec<String> = inv.forwards.get(&e.id).map(|t| t.clone()).unwrap_or_default();
                    e.outcome = Outcome::Merged { into: if targets.is_empty() { "(no targets in the files)".into() } else { targets.join(", ") }, how: how.clone() };
                }
            }
            if e.outcome == Outcome::Pending {
                e.outcome = Outcome::NotDrawn { why: "not read by the importer".into() };
            }
        }
        crate::order::sort(&mut self.report.routes);
        self.report.routes.dedup();
    }
}

/// The order the layout places nodes in: containers by kind, AZs by name, subnets by tier
/// (public, private, isolated), so AZs form columns and tiers form rows.
fn layout_order(d: &Design, added: &[NodeId]) -> Vec<NodeId> {
    let rank = |id: &NodeId| -> (u8, String) {
        let n = &d.nodes[id];
        let r = match n.kind.as_str() {
            "users" => 0,
            "route53" | "cloudfront" | "waf" => 1,
            "vpc" => 2,
            "internet-gateway" => 3,
            "alb" | "nlb" => 4,
            "az" => 6,
            "subnet" => match d.text(n, "tier").as_str() {
                "public" => 7,
                "private" => 8,
                _ => 9,
            },
            _ => 5,
        };
        (r, n.label.clone())
    };
    let mut out = added.to_vec();
    crate::order::sort_by_key(&mut out, rank);
    out
}

/// Whether CIDR block `inner` lies inside `outer` (both IPv4; false when either is not one).
fn cidr_within(inner: &str, outer: &str) -> bool {
    match (catalog::parse_cidr(inner), catalog::parse_cidr(outer)) {
        (Ok((a, la)), Ok((b, lb))) => {
            let mask = if lb == 0 { 0 } else { u32::MAX << (32 - lb) };
            la >= lb && (a & mask) == b
        }
        _ => false,
    }
}
