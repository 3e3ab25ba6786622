//! The legibility check: what makes a drawn design hard to read, found from the same
//! geometry the canvas and the exports draw ([`super::geometry::label_box`],
//! [`super::geometry::icon_box`], [`super::route`]).

use super::geometry::{icon_box, intersects, label_box, node_is_container, segment_crosses};
use super::route::{route_all, Route, MIN_LENGTH};
use crate::model::{ConnId, Design, NodeId, Rect};
use std::collections::BTreeMap;
use std::fmt;

/// One thing that makes the diagram hard to read.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// Two labels overlap.
    LabelsOverlap { a: NodeId, b: NodeId },
    /// A label is drawn over another node's icon.
    LabelOverIcon { label: NodeId, icon: NodeId },
    /// A connector runs through the icon of a node (one of its ends included).
    ConnectorThroughIcon { conn: ConnId, node: NodeId },
    /// A connector runs through the label of a node (one of its ends included).
    ConnectorThroughLabel { conn: ConnId, node: NodeId },
    /// Two connectors run on top of each other for `length` world units.
    ConnectorsOverlap { a: ConnId, b: ConnId, length: f64 },
    /// A connector is too short to see (shorter than [`MIN_LENGTH`]).
    ConnectorTooShort { conn: ConnId, length: f64 },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::LabelsOverlap { a, b } => write!(f, "the labels of {a} and {b} overlap"),
            Problem::LabelOverIcon { label, icon } => write!(f, "the label of {label} covers the icon of {icon}"),
            Problem::ConnectorThroughIcon { conn, node } => write!(f, "connection {conn} runs through the icon of {node}"),
            Problem::ConnectorThroughLabel { conn, node } => write!(f, "connection {conn} runs through the label of {node}"),
            Problem::ConnectorsOverlap { a, b, length } => write!(f, "connections {a} and {b} run on top of each other for {length:.0} px"),
            Problem::ConnectorTooShort { conn, length } => write!(f, "connection {conn} is {length:.0} px long (at least {MIN_LENGTH:.0} px is visible)"),
        }
    }
}

/// The design as drawn (connectors from [`route_all`]): every problem, in a fixed order.
pub fn check(d: &Design) -> Vec<Problem> {
    check_routes(d, &route_all(d))
}

/// The design drawn with the given connector routes (e.g. [`super::route::straight_all`]).
pub fn check_routes(d: &Design, routes: &BTreeMap<ConnId, Route>) -> Vec<Problem> {
    // (id, icon box, label box) of every laid-out node, in id order.
    let drawn: Vec<(&NodeId, Rect, Rect)> = d
        .nodes
        .values()
        .filter_map(|n| {
            let r = d.layout.get(&n.id)?;
            let c = node_is_container(n);
            Some((&n.id, icon_box(c, r), label_box(c, &n.label, r)))
        })
        .collect();
    let mut out = Vec::new();
    for (i, (a, _, la)) in drawn.iter().enumerate() {
        for (b, _, lb) in &drawn[i + 1..] {
            if intersects(la, lb) {
                out.push(Problem::LabelsOverlap { a: (*a).clone(), b: (*b).clone() });
            }
        }
    }
    for (a, _, la) in &drawn {
        for (b, ib, _) in &drawn {
            if a != b && intersects(la, ib) {
                out.push(Problem::LabelOverIcon { label: (*a).clone(), icon: (*b).clone() });
            }
        }
    }
    for (id, r) in routes {
        if !d.connections.contains_key(id) {
            continue;
        }
        for (n, icon, label) in &drawn {
            // Its own ends too: a connector leaves and enters a component at the edge of its
            // box and label, never across them (a band's label sits inside its box).
            if r.segments().any(|(p, q)| segment_crosses(p, q, icon)) {
                out.push(Problem::ConnectorThroughIcon { conn: id.clone(), node: (*n).clone() });
            } else if r.segments().any(|(p, q)| segment_crosses(p, q, label)) {
                out.push(Problem::ConnectorThroughLabel { conn: id.clone(), node: (*n).clone() });
            }
        }
        let length = r.length();
        if length < MIN_LENGTH {
            out.push(Problem::ConnectorTooShort { conn: id.clone(), length });
        }
    }
    let list: Vec<(&ConnId, &Route)> = routes.iter().collect();
    for (i, (a, ra)) in list.iter().enumerate() {
        for (b, rb) in &list[i + 1..] {
            let length = shared_length(ra, rb);
            if length > 2.0 {
                out.push(Problem::ConnectorsOverlap { a: (*a).clone(), b: (*b).clone(), length });
            }
        }
    }
    out
}

/// How long two routes run on the same line (axis-parallel segments only), world units.
fn shared_length(a: &Route, b: &Route) -> f64 {
    a.segments().map(|s| super::route::collinear_overlap(s, b)).sum()
}
