//! What a template describes, in the importer's own terms, before it becomes a design.
//!
//! Each front end (CloudFormation, Terraform) reads its resources into an [`Inventory`]:
//! components to draw, the network facts that decide containment (VPCs, subnets, route
//! tables, security groups), links between resources, and what every resource became.
//! [`super::build`] turns the inventory into a [`crate::Design`] the same way for both.

use super::report::{Entry, Outcome};
use super::value::{Unknown, V};
use crate::model::{ConnKind, Value};
use std::collections::BTreeMap;

/// Where a component sits, as the template says it.
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    /// Regional (or global) service: no network placement.
    Regional,
    /// In a VPC as a whole (e.g. a gateway endpoint), by resource id.
    Vpc(Target),
    /// In these subnets (a NAT in one, an ALB across several), by resource id.
    Subnets(Vec<Target>),
}

/// A resource id the template points at, or a value that could not be resolved (a parameter
/// with no value, a cross-stack import that is not among the files).
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Id(String),
    Unresolved(Unknown),
}

impl Target {
    /// Reads a target from a resolved value: a reference, or a string naming a resource.
    pub fn from_v(v: &V) -> Option<Target> {
        match v {
            V::Ref(r) => Some(Target::Id(r.id.clone())),
            V::Unknown(u) if u.refs.len() == 1 => Some(Target::Id(u.refs[0].id.clone())),
            V::Unknown(u) => Some(Target::Unresolved(u.clone())),
            V::Str(s) => Some(Target::Unresolved(Unknown { text: s.clone(), why: format!("\"{s}\" names a resource outside the imported files"), refs: vec![] })),
            _ => None,
        }
    }
    pub fn list(v: Option<&V>) -> Vec<Target> {
        v.map(|v| v.items().into_iter().filter_map(Target::from_v).collect()).unwrap_or_default()
    }
}

#[derive(Clone, Debug)]
pub struct Component {
    /// Resource id (logical id / address); becomes the node id.
    pub id: String,
    pub kind: &'static str,
    pub label: String,
    pub props: BTreeMap<String, Value>,
    pub place: Place,
    /// Security groups it is a member of (resource ids).
    pub sgs: Vec<String>,
    /// Reachable from the internet as an entry point (internet-facing load balancer,
    /// CloudFront, a public API): the import draws Internet users calling it.
    pub entry: bool,
}

impl Component {
    pub fn new(id: &str, kind: &'static str, label: impl Into<String>, place: Place) -> Self {
        Component { id: id.to_string(), kind, label: label.into(), props: BTreeMap::new(), place, sgs: Vec::new(), entry: false }
    }
    /// A property value the mapper set (not a design read: components are not nodes yet).
    pub fn value(&self, key: &str) -> Option<&Value> {
        self.props.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    }
    pub fn has(&self, key: &str) -> bool {
        self.value(key).is_some()
    }
    pub fn set(&mut self, key: &str, v: Value) -> &mut Self {
        self.props.insert(key.to_string(), v);
        self
    }
}

#[derive(Clone, Debug)]
pub struct SubnetFact {
    pub id: String,
    pub label: String,
    pub vpc: Option<Target>,
    /// AZ name (`us-east-1a`) or why it is unknown.
    pub az: Result<String, Unknown>,
    pub cidr: Option<String>,
    pub map_public_ip: bool,
}

/// One route of a route table: destination CIDR to a target resource.
#[derive(Clone, Debug)]
pub struct RouteFact {
    pub dest: String,
    pub target: Target,
}

#[derive(Clone, Debug, Default)]
pub struct RouteTable {
    pub vpc: Option<String>,
    pub routes: Vec<RouteFact>,
    pub subnets: Vec<String>,
    /// The VPC's main route table (subnets without an explicit association use it).
    pub main: bool,
}

/// A security-group ingress rule: traffic allowed in from a group or a CIDR block.
#[derive(Clone, Debug)]
pub struct SgRule {
    pub from: SgSource,
    /// `None`: all ports (protocol -1).
    pub port: Option<u16>,
    /// The rule's own resource id, when it is a separate resource (`SecurityGroupIngress`).
    pub via: Option<String>,
}

#[derive(Clone, Debug)]
pub enum SgSource {
    Group(String),
    Cidr(String),
    Unresolved(Unknown),
}

#[derive(Clone, Debug, Default)]
pub struct SecurityGroup {
    pub label: String,
    pub vpc: Option<String>,
    pub ingress: Vec<SgRule>,
}

/// "`from` talks to `to`" as the code says it (an integration URI, a listener action, an
/// event source). Either end may be a resource that is not drawn itself (a target group):
/// the builder follows [`Inventory::forwards`] and [`Inventory::merged`] to components.
#[derive(Clone, Debug)]
pub struct Link {
    pub from: String,
    pub to: String,
    pub kind: ConnKind,
    pub port: Option<u16>,
    /// What in the code says so, e.g. "listener HTTP:80 → target group TG".
    pub label: String,
    /// Messages a month the import assumes the connection carries, when the files say
    /// nothing of the rate and it does not follow the source's requests (scaling
    /// notifications): the build gives the connection a share of 0 of the source's flow and
    /// adds this many to the target topic's `other_publishes_per_month` (a fixed figure a
    /// scenario's multiplier does not scale), and the report lists it as assumed.
    pub assumed_messages: Option<f64>,
}

/// An interface endpoint whose service the catalog has no kind for (CloudFormation, SSM, …).
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointService {
    /// The endpoint's resource id.
    pub endpoint: String,
    /// The service name as written (`com.amazonaws.us-east-1.cloudformation`).
    pub name: String,
    /// Its last part (`cloudformation`), which the drawn service's label names.
    pub short: String,
}

#[derive(Default)]
pub struct Inventory {
    pub components: Vec<Component>,
    pub vpcs: BTreeMap<String, String>,
    pub subnets: Vec<SubnetFact>,
    pub route_tables: BTreeMap<String, RouteTable>,
    /// Internet gateways attached to a VPC: gateway id → VPC id.
    pub igw_attachments: BTreeMap<String, String>,
    pub sgs: BTreeMap<String, SecurityGroup>,
    pub links: Vec<Link>,
    /// Pass-through resources: a target group forwards to its targets.
    pub forwards: BTreeMap<String, Vec<String>>,
    /// Port and protocol of a pass-through resource (a target group's `HTTP:80`).
    pub forward_port: BTreeMap<String, (Option<u16>, String)>,
    /// A resource folded into a component (listener into its load balancer).
    pub merged: BTreeMap<String, String>,
    /// Per resource, in source order.
    pub entries: Vec<Entry>,
    /// Template-level notes (unknown tags, parameters without a value, ...).
    pub notes: Vec<String>,
    /// Design facts a Cloudwright export kept in the code's metadata.
    pub restore: Option<Restore>,
    /// Interface endpoints whose service the catalog has no kind for, drawn by
    /// [`Inventory::draw_endpoint_services`].
    pub endpoint_services: Vec<EndpointService>,
    /// The metrics outside the AWS namespaces (`AWS/…`) the alarms watch, as (namespace,
    /// metric name): each is a custom metric CloudWatch bills monthly; the CloudWatch
    /// component's `custom_metrics` is their count.
    pub custom_metrics: std::collections::BTreeSet<(String, String)>,
}

/// What a Cloudwright export keeps beside the code (CloudFormation `Metadata.Cloudwright`,
/// Terraform `locals { cloudwright = ... }`): components with no resource (Internet users,
/// CloudWatch), each component's container, and connections the code cannot express.
#[derive(Clone, Debug, Default)]
pub struct Restore {
    pub name: Option<String>,
    /// (id, kind, label, props)
    pub nodes: Vec<(String, String, String, BTreeMap<String, Value>)>,
    /// component id → container id
    pub parents: BTreeMap<String, String>,
    /// (from, to, kind)
    pub connections: Vec<(String, String, ConnKind)>,
    /// component id → its further subnets, when it spans AZs (file format 5)
    pub spans: BTreeMap<String, Vec<String>>,
    /// component id → its properties as the design had them; the build takes only those the
    /// code did not set.
    pub props: BTreeMap<String, BTreeMap<String, Value>>,
    /// resource id → the label the design gave it (the code names it by id or address)
    pub labels: BTreeMap<String, String>,
    /// the design's workload (sizes, peak factor, growth), when the export kept it
    pub workload: Option<crate::model::Workload>,
    /// (from, to, kind) → the connection's settings as the design had them: share,
    /// payload_kb, timeout_ms, retries, circuit_breaker (JSON; checked when applied)
    pub connection_settings: Vec<(String, String, ConnKind, serde_json::Value)>,
}

impl Restore {
    /// Reads the metadata block (as JSON). None when it is not one.
    pub fn from_json(v: &serde_json::Value) -> Option<Restore> {
        let o = v.as_object()?;
        let mut r = Restore { name: o.get("name").and_then(|n| n.as_str()).map(str::to_string), ..Restore::default() };
        for n in o.get("nodes")?.as_array()? {
            let props: BTreeMap<String, Value> = n.get("props").and_then(|p| serde_json::from_value(p.clone()).ok()).unwrap_or_default();
            r.nodes.push((n.get("id")?.as_str()?.to_string(), n.get("kind")?.as_str()?.to_string(), n.get("label").and_then(|l| l.as_str()).unwrap_or("").to_string(), props));
        }
        for (k, p) in o.get("parents").and_then(|p| p.as_object()).into_iter().flatten() {
            if let Some(p) = p.as_str() {
                r.parents.insert(k.clone(), p.to_string());
            }
        }
        for (k, l) in o.get("spans").and_then(|p| p.as_object()).into_iter().flatten() {
            let list: Vec<String> = l.as_array().into_iter().flatten().filter_map(|s| s.as_str().map(str::to_string)).collect();
            r.spans.insert(k.clone(), list);
        }
        // Written as a JSON string (see `export::plan::Plan::metadata`).
        let props: Option<serde_json::Value> = o.get("props").and_then(|p| p.as_str()).and_then(|t| serde_json::from_str(t).ok());
        for (k, p) in props.as_ref().and_then(|p| p.as_object()).into_iter().flatten() {
            if let Ok(props) = serde_json::from_value::<BTreeMap<String, Value>>(p.clone()) {
                r.props.insert(k.clone(), props);
            }
        }
        for (k, l) in o.get("labels").and_then(|p| p.as_object()).into_iter().flatten() {
            if let Some(l) = l.as_str() {
                r.labels.insert(k.clone(), l.to_string());
            }
        }
        // Written as a JSON string, like the properties; checked like any design's workload.
        r.workload = o
            .get("workload")
            .and_then(|w| w.as_str())
            .and_then(|t| serde_json::from_str::<crate::model::Workload>(t).ok())
            .filter(|w| crate::model::fields::check_workload(w).is_ok());
        for c in o.get("connections").and_then(|c| c.as_array()).into_iter().flatten() {
            let kind = ConnKind::ALL.into_iter().find(|k| Some(k.name()) == c.get("kind").and_then(|x| x.as_str()))?;
            r.connections.push((c.get("from")?.as_str()?.to_string(), c.get("to")?.as_str()?.to_string(), kind));
        }
        // Written as a JSON string (see `export::plan::Plan::metadata`).
        let settings: Option<serde_json::Value> = o.get("connection_settings").and_then(|p| p.as_str()).and_then(|t| serde_json::from_str(t).ok());
        for c in settings.as_ref().and_then(|s| s.as_array()).into_iter().flatten() {
            let kind = ConnKind::ALL.into_iter().find(|k| Some(k.name()) == c.get("kind").and_then(|x| x.as_str()));
            if let (Some(kind), Some(f), Some(t)) = (kind, c.get("from").and_then(|x| x.as_str()), c.get("to").and_then(|x| x.as_str())) {
                r.connection_settings.push((f.to_string(), t.to_string(), kind, c.clone()));
            }
        }
        Some(r)
    }
}

impl Inventory {
    pub fn entry(&mut self, id: &str) -> Option<&mut Entry> {
        self.entries.iter_mut().find(|e| e.id == id)
    }
    /// Records what a resource became (the last word wins: mappers refine it).
    pub fn outcome(&mut self, id: &str, o: Outcome) {
        if let Some(e) = self.entry(id) {
            e.outcome = o;
        }
    }
    pub fn note(&mut self, id: &str, note: impl Into<String>) {
        let note = note.into();
        if let Some(e) = self.entry(id) {
            if !e.notes.contains(&note) {
                e.notes.push(note);
            }
        }
    }
    pub fn unresolved(&mut self, id: &str, path: &str, u: &Unknown) {
        if let Some(e) = self.entry(id) {
            let line = (path.to_string(), u.why.clone());
            if !e.unresolved.contains(&line) {
                e.unresolved.push(line);
            }
        }
    }
    pub fn merge(&mut self, id: &str, into: &str, how: impl Into<String>) {
        self.merged.insert(id.to_string(), into.to_string());
        self.outcome(id, Outcome::Merged { into: into.to_string(), how: how.into() });
    }
    pub fn not_drawn(&mut self, id: &str, why: impl Into<String>) {
        self.outcome(id, Outcome::NotDrawn { why: why.into() });
    }
    pub fn link(&mut self, from: &str, to: &str, kind: ConnKind, port: Option<u16>, label: impl Into<String>) {
        self.links.push(Link { from: from.to_string(), to: to.to_string(), kind, port, label: label.into(), assumed_messages: None });
    }
    /// [`Inventory::link`] carrying an assumed number of messages a month
    /// ([`Link::assumed_messages`]).
    pub fn link_assumed(&mut self, from: &str, to: &str, kind: ConnKind, label: impl Into<String>, messages_per_month: f64) {
        self.links.push(Link { from: from.to_string(), to: to.to_string(), kind, port: None, label: label.into(), assumed_messages: Some(messages_per_month) });
    }
    pub fn component(&mut self, c: Component) -> &mut Component {
        let id = c.id.clone();
        let kind = c.kind;
        self.outcome(&id, Outcome::Drawn { kind: kind.to_string() });
        self.components.push(c);
        self.components.last_mut().expect("just pushed")
    }
    /// The service behind each interface endpoint the catalog has no kind for (CloudFormation,
    /// SSM, …), drawn as an External API "AWS <service> (regional service)" at the top level,
    /// outside the VPC, called by the endpoint on 443: the nearest the catalog offers for a
    /// service the design calls but does not run, so the endpoint leads somewhere (QA s30 F4:
    /// vpc-endpoint-private.expect.md wants "CfnEndpoint → the CloudFormation regional service,
    /// outside the VPC"). The traffic model books no internet egress on it (PrivateLink). Not
    /// for a Cloudwright export read back: its own design facts ([`Restore`]) say what it drew.
    /// Run once every file is read (the metadata comes after the resources).
    pub fn draw_endpoint_services(&mut self) {
        for EndpointService { endpoint: ep, name, short } in std::mem::take(&mut self.endpoint_services) {
            if self.restore.is_some() {
                self.note(&ep, format!("service {name}: the catalog has no kind for it"));
                continue;
            }
            let svc = format!("{ep}Service");
            let label = format!("AWS {short} (regional service)");
            // An AWS service in the Region, not a third party over the internet: marked so, and
            // only so: no third-party availability rule applies, and the latency model answers
            // for it with an AWS API call's figures (data/latency.json external-api/aws) instead
            // of the third-party defaults (80 ms / 400 ms), as for one drawn by hand (review R8).
            let mut c = Component::new(&svc, "external-api", label.clone(), Place::Regional);
            c.set("provider", Value::Text("aws".into()));
            self.components.push(c);
            self.link(&ep, &svc, ConnKind::Sync, Some(443), format!("PrivateLink to {name}"));
            self.note(&ep, format!("service {name}: the catalog has no kind for it; drawn as the External API “{label}” outside the VPC, reached through this endpoint"));
            self.note(
                &ep,
                match crate::latency::data::entry("external-api", "aws") {
                    Some(e) => format!(
                        "estimated: “{label}” answers in {} ms (median) and {} ms (p99), an AWS API call in the Region (as an SNS Publish round trip, community figures); its provider is AWS, so no third-party availability rule applies; edit in the inspector",
                        e.p50_ms, e.p99_ms
                    ),
                    None => format!("its provider is AWS, so no third-party availability rule applies; edit “{label}” in the inspector"),
                },
            );
        }
    }
    pub fn has_component(&self, id: &str) -> bool {
        self.components.iter().any(|c| c.id == id)
    }
    pub fn component_mut(&mut self, id: &str) -> Option<&mut Component> {
        self.components.iter_mut().find(|c| c.id == id)
    }
}
