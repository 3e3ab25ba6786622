//! A component placed where none of the containers it needs exists yet: an RDS database in an
//! empty design needs a subnet, in an AZ, in a VPC. Instead of refusing ("it belongs in a
//! Subnet. Add one to the design first"), the editor creates the fewest containers that make
//! the placement legal, with the engine's usual defaults (the next free CIDR block, the next
//! zone letter), and the component inside them: one undoable edit (issue 14, QA qa14 bug 10).
//!
//! - [`containers_needed`]: which container kinds to create, outermost first, and which
//!   existing node (or the top level) holds the outermost one. Catalog-driven: the shortest
//!   chain of `parents` from the kind up to something the design already has.
//! - [`subnet_tier`]: which tier a new subnet gets for a kind (data stores isolated, NAT
//!   gateways public, the rest private), as the AWS VPC guidance places them.
//! - [`place_with_containers`]: the edit, with every rectangle nested and on screen.

use super::geometry::{default_size, label_box, label_size, union};
use super::place::{inner, spot_for, GAP, GRID, MIN_CONTAINER};
use super::tidy::{HEAD, PAD};
use crate::catalog::{self, Role, ROOT};
use crate::defaults::network_props;
use crate::edit::Edit;
use crate::model::{check_parent, Design, Node, NodeId, PlacementError, Rect, Value};
use std::collections::BTreeMap;

/// The containers to create for a kind: `kinds` outermost first, the outermost going into
/// `host` (None: the top level of the design).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    pub host: Option<NodeId>,
    pub kinds: Vec<&'static str>,
}

/// The longest chain tried (region → VPC → AZ → subnet is four).
const MAX_DEPTH: usize = 5;

/// The fewest containers to create so that a node of `kind` can be placed in `d`; `None`
/// when it can be placed already (a node of `d` accepts it, or it may sit at the top level),
/// or when the catalog offers no chain (an unknown kind).
///
/// Breadth first over the catalog's `parents`, so the chain is the shortest; at equal length
/// a chain ending in a node the design has (its VPC, its region) wins over one at the top
/// level, so a design with a VPC gets an AZ and a subnet in it, not a second VPC. Among
/// existing hosts the first by id wins (deterministic).
pub fn containers_needed(d: &Design, kind: &str) -> Option<Chain> {
    let spec = catalog::kind(kind)?;
    if spec.parents.contains(&ROOT) || d.nodes.keys().any(|n| check_parent(d, kind, Some(n), None).is_ok()) {
        return None;
    }
    // Chains innermost first while searching: [subnet], [subnet, az], …
    let mut level: Vec<Vec<&'static str>> = spec.parents.iter().filter(|p| **p != ROOT).map(|p| vec![*p]).collect();
    for _ in 0..MAX_DEPTH {
        let mut at_root: Option<&Vec<&'static str>> = None;
        for chain in &level {
            let outer = *chain.last().expect("chains are never empty");
            let Some(outer_spec) = catalog::kind(outer) else { continue };
            // Containers the design already has that may hold the outermost new one.
            if let Some(host) = d.nodes.keys().find(|n| check_parent(d, outer, Some(n), None).is_ok()) {
                return Some(Chain { host: Some(host.clone()), kinds: chain.iter().rev().copied().collect() });
            }
            if outer_spec.parents.contains(&ROOT) && at_root.is_none() {
                at_root = Some(chain);
            }
        }
        if let Some(chain) = at_root {
            return Some(Chain { host: None, kinds: chain.iter().rev().copied().collect() });
        }
        level = level
            .iter()
            .flat_map(|chain| {
                let outer = *chain.last().expect("chains are never empty");
                let parents = catalog::kind(outer).map_or(&[][..], |k| k.parents);
                parents.iter().filter(|p| **p != ROOT && !chain.contains(p)).map(move |p| {
                    let mut c = chain.clone();
                    c.push(*p);
                    c
                })
            })
            .collect();
    }
    None
}

/// The tier of a subnet created to hold `kind`: `isolated` for data stores and caches (no
/// route out: AWS "VPC with servers in private subnets", the data tier), `public` for what
/// must sit at the VPC's edge (a NAT gateway, an Elastic IP), `private` for everything else.
pub fn subnet_tier(kind: &str) -> &'static str {
    match kind {
        "nat-gateway" | "elastic-ip" => "public",
        _ if catalog::kind(kind).is_some_and(|k| matches!(k.role, Role::DataStore | Role::Cache)) => "isolated",
        _ => "private",
    }
}

/// The label of a new container: "VPC", "AZ us-east-1a", "Private a" / "Public a" /
/// "Isolated (data) a" (the templates' words), the kind's name otherwise.
fn container_label(d: &Design, node: &Node) -> String {
    let zone = |n: &Node| d.ancestors(&n.id).find(|a| a.kind == "az").map(|az| d.text(az, "zone"));
    match node.kind.as_str() {
        "vpc" => "VPC".into(),
        "az" => {
            let region = d.enclosing(&node.id, "region").map(|r| d.text(r, "code")).unwrap_or_else(|| d.region.clone());
            format!("AZ {region}{}", d.text(node, "zone"))
        }
        "subnet" => {
            let tier = match d.text(node, "tier").as_str() {
                "public" => "Public",
                "isolated" => "Isolated (data)",
                _ => "Private",
            };
            zone(node).map_or_else(|| tier.to_string(), |z| format!("{tier} {z}"))
        }
        k => catalog::kind(k).map_or_else(|| k.to_string(), |s| s.name.to_string()),
    }
}

fn up(v: f64) -> f64 {
    (v / GRID).ceil() * GRID
}

/// The size of a container that holds a child of size `child` (its footprint) with a gap
/// around it, and shows its own label: width = child + 2 × (PAD + GAP), height = HEAD +
/// child + GAP + PAD / 2 + GAP, rounded up to the grid, at least [`MIN_CONTAINER`].
fn holding(child: (f64, f64), label: &str) -> (f64, f64) {
    let label_w = label_size(true, label, 0.0).0 + 30.0 + PAD;
    let w = (child.0 + 2.0 * (PAD + GAP)).max(label_w).max(MIN_CONTAINER.0);
    let h = (HEAD + child.1 + 2.0 * GAP + PAD / 2.0).max(MIN_CONTAINER.1);
    (up(w), up(h))
}

/// Places a new node of `kind` (labelled with the kind's name) at the world point `at`,
/// creating the containers [`containers_needed`] names, each just big enough for what it
/// holds, the outermost at a free spot near `at` and on screen in `view` when it fits.
/// Returns the edit (one batch) and the new component's id; `None` when no container is
/// needed (place the kind as usual).
///
/// Every step is applied to a copy as it is planned, so each subnet gets the next free CIDR
/// block of its VPC and each AZ the next zone letter (`defaults::network_props`), and a
/// refusal names what could not be placed while the design stays untouched.
pub fn place_with_containers(d: &Design, kind: &str, at: (f64, f64), view: Option<Rect>) -> Option<Result<(Edit, NodeId), PlacementError>> {
    let chain = containers_needed(d, kind)?;
    let spec = catalog::kind(kind)?;
    Some(build(d, kind, spec.name, &chain, at, view))
}

fn build(d: &Design, kind: &str, name: &str, chain: &Chain, at: (f64, f64), view: Option<Rect>) -> Result<(Edit, NodeId), PlacementError> {
    let mut scratch = d.clone();
    let mut edits: Vec<Edit> = Vec::new();
    // The nodes first (outermost first, each in the one before), to learn their labels.
    let mut parent = chain.host.clone();
    let mut nodes: Vec<Node> = Vec::new();
    for (i, k) in chain.kinds.iter().chain(std::iter::once(&kind)).enumerate() {
        let mut node = Node {
            id: scratch.fresh_node_id(k),
            kind: k.to_string(),
            label: String::new(),
            parent: parent.clone(),
            span: vec![],
            props: BTreeMap::new(),
            ingress: vec![],
            suppressions: vec![],
        };
        if *k == "subnet" {
            node.props.insert("tier".into(), Value::Text(subnet_tier(kind).into()));
        }
        node.props.extend(network_props(&scratch, &node, true));
        let is_leaf = i == chain.kinds.len();
        // Labelled after it is in the design: an AZ's label reads its zone, a subnet's its AZ's.
        Edit::AddNode { node: node.clone(), rect: None }.apply(&mut scratch).map_err(|e| PlacementError(e.0))?;
        node.label = if is_leaf { crate::defaults::copy_label(d, name) } else { container_label(&scratch, &node) };
        scratch.nodes.insert(node.id.clone(), node.clone());
        parent = Some(node.id.clone());
        nodes.push(node);
    }
    // Sizes, innermost first: the component its default size, each container holding the next.
    let leaf = nodes.last().expect("the component itself");
    let (lw, lh) = default_size(kind);
    let leaf_box = Rect::new(0.0, 0.0, lw, lh);
    let fp = union(&leaf_box, &label_box(false, &leaf.label, &leaf_box));
    let mut sizes = vec![(lw, lh)];
    let mut need = (fp.w, fp.h);
    for n in nodes[..nodes.len() - 1].iter().rev() {
        let s = holding(need, &n.label);
        sizes.push(s);
        need = s;
    }
    sizes.reverse();
    // The outermost at a free spot near `at`, then each one inside the one before.
    let (ow, oh) = sizes[0];
    let outer = &nodes[0];
    let want = Rect::new(up(at.0 - ow / 2.0), up(at.1 - oh / 2.0), ow, oh);
    // At the top level with no free spot in view: refused, as a drop of the kind alone is.
    let placed = spot_for(d, true, &outer.label, chain.host.as_ref(), &want, view).map_err(|e| PlacementError(e.message(&format!("a new {name} and the containers it needs"))))?;
    edits.extend(placed.grow.iter().map(|(id, before, after)| Edit::Resize { id: id.clone(), before: *before, after: *after }));
    let mut rect = placed.rect;
    let mut rects = vec![rect];
    for (i, (w, h)) in sizes.iter().enumerate().skip(1) {
        let a = inner(&rect);
        rect = if i + 1 == sizes.len() {
            // The component centred in its subnet's content area (its label below it fits: see `holding`).
            Rect::new(up(a.x + (a.w - w) / 2.0), a.y + GAP, *w, *h)
        } else {
            Rect::new(a.x + GAP, a.y + GAP, *w, *h)
        };
        rects.push(rect);
    }
    let id = leaf.id.clone();
    for (node, r) in nodes.into_iter().zip(rects) {
        edits.push(Edit::AddNode { node, rect: Some(r) });
    }
    let made: Vec<&str> = chain.kinds.iter().map(|k| match *k {
        "vpc" => "VPC",
        "az" => "AZ",
        "region" => "region",
        k => k,
    }).collect();
    let label = format!("Add {name} (with a new {})", list(&made));
    let edit = Edit::Batch { label, edits, switch: None };
    // Checked on a copy: a refusal names what failed and leaves `d` as it is.
    edit.apply(&mut d.clone()).map_err(|e| PlacementError(e.0))?;
    Ok((edit, id))
}

/// "a", "a and b", "a, b and c".
fn list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_follow_the_role() {
        assert_eq!(subnet_tier("rds"), "isolated");
        assert_eq!(subnet_tier("elasticache"), "isolated");
        assert_eq!(subnet_tier("nat-gateway"), "public");
        assert_eq!(subnet_tier("ec2"), "private");
    }

    #[test]
    fn holding_adds_the_frame_and_a_gap() {
        // A 112 × 100 child: 112 + 2 × (20 + 20) = 192 wide, 200 on the 10 grid;
        // 40 + 100 + 2 × 20 + 10 = 190 high.
        assert_eq!(holding((112.0, 100.0), "VPC"), (200.0, 190.0));
        assert_eq!(list(&["VPC", "AZ", "subnet"]), "VPC, AZ and subnet");
    }
}
