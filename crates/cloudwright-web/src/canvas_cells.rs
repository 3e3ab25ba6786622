//! What each node and connector view on the canvas shows, one reactive cell per node and per
//! connection, so an edit re-runs only the views it changed (issue 20).
//!
//! Before, every drawn node had memos reading the whole design: an edit anywhere (a property,
//! a label, a move) re-ran each of them — on a 1,000-node estate hundreds of memos, and as
//! many subscriptions dropped and taken again on the design signal, every removal a shift
//! of its subscriber list (quadratic). Now one effect compares each cell with the design
//! after a change and sets only the cells whose value differs; a view subscribes to its own
//! cells. A move notifies the moved nodes' rectangles (and so their connectors); a relabel
//! the one node's look; a property edit of a component nothing (a subnet's tier is the one
//! property drawn).
//!
//! A connector's routed path is not a cell: the canvas hands the routes (`route::reroute`
//! rewrites only the paths a change moved) to the moved connectors' views in one pass
//! (`canvas::EdgeViews`), not through a cell and an effect per connector.
//!
//! Cells are made when a view first asks for one (from the design as it is then) and are
//! dropped when their node or connection leaves the design.

use cloudwright_engine::rules::Severity;
use cloudwright_engine::diagram::geometry;
use cloudwright_engine::{catalog, ConnId, ConnKind, Design, NodeId, Rect};
use leptos::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// SVG path data of each connection's route, by id.
pub type Paths = BTreeMap<ConnId, String>;

/// How a node is drawn apart from its rectangle: its kind, label, whether it is a container,
/// and its tier class (a subnet's tier, `spanning` for a component drawn across AZs, or empty).
#[derive(Clone, Debug, PartialEq)]
pub struct Look {
    pub kind: String,
    pub label: String,
    pub container: bool,
    pub tier: String,
    /// A container's peers: the labels of the other containers of its kind in its parent,
    /// which its cut label must not read the same as
    /// (`geometry::container_label_text_among`); empty for a leaf.
    pub peers: Vec<String>,
}

/// The peers of every container ([`Look::peers`]), kept from the last check of the cells
/// (`geometry::container_label_peers`): a view made before the next check reads them.
type Peers = HashMap<NodeId, Vec<String>>;

fn owned_peers(p: &HashMap<&NodeId, Vec<&str>>) -> Peers {
    p.iter().map(|(k, v)| ((*k).clone(), v.iter().map(|l| l.to_string()).collect())).collect()
}

/// The look of node `id` in `d` with its `peers`, `None` when it is not in the design.
fn look<S: AsRef<str>>(d: &Design, id: &NodeId, peers: &[S]) -> Option<Look> {
    let n = d.nodes.get(id)?;
    let spec = catalog::kind(&n.kind);
    let peers = peers.iter().map(|l| l.as_ref().to_string()).collect();
    Some(Look { kind: n.kind.clone(), label: n.label.clone(), container: spec.map(|s| s.container).unwrap_or(false), tier: tier(d, n).to_string(), peers })
}

/// Whether `l` is the look of node `id` in `d` ([`look`]), compared in place: the cells are
/// checked after every edit, and building each node's look to compare would copy every label.
fn looks_as(l: &Option<Look>, d: &Design, id: &NodeId, peers: &[&str]) -> bool {
    match (l, d.nodes.get(id)) {
        // `container` follows from the kind.
        (Some(l), Some(n)) => l.kind == n.kind && l.label == n.label && l.tier == tier(d, n) && l.peers.len() == peers.len() && l.peers.iter().zip(peers).all(|(a, b)| a == b),
        (None, None) => true,
        _ => false,
    }
}

/// A node's tier class: a subnet's tier, `spanning` for a component drawn as a band across
/// its subnets (issue 14), else empty.
fn tier<'a>(d: &Design, n: &'a cloudwright_engine::Node) -> &'a str {
    if !n.span.is_empty() {
        "spanning"
    } else if n.kind == "subnet" {
        d.text_ref(n, "tier")
    } else {
        ""
    }
}

/// A connection's ends and kind.
pub type Ends = (NodeId, NodeId, ConnKind);

fn ends(d: &Design, id: &ConnId) -> Option<Ends> {
    d.connections.get(id).map(|c| (c.from.clone(), c.to.clone(), c.kind))
}

/// One node's cells.
#[derive(Clone)]
pub struct NodeCell {
    pub rect: ArcRwSignal<Option<Rect>>,
    pub look: ArcRwSignal<Option<Look>>,
}

#[derive(Default)]
struct Inner {
    nodes: HashMap<NodeId, NodeCell>,
    /// Each container's peers as of the last check of the cells ([`Peers`]).
    peers: Option<Peers>,
    conns: HashMap<ConnId, ArcRwSignal<Option<Ends>>>,
}

/// The canvas's cells (context; `provide` once per canvas).
#[derive(Clone, Copy)]
pub struct Cells {
    inner: StoredValue<Inner>,
    /// Each node's most severe finding, for its badge.
    pub severity: Follow<NodeId, Severity>,
    /// The nodes being dragged, and the connections with an end among them: drawn as ghosts
    /// where they were while their moving copies follow the pointer. Set when a drag starts
    /// and when it ends, for those nodes and connections only (not a read of the drag by
    /// every drawn node and connector).
    pub dragged_nodes: Flags<NodeId>,
    pub dragged_conns: Flags<ConnId>,
    /// The selected nodes and connection, the same way: a press that selects tells the views
    /// of what it selects and deselects, not every drawn node and connector.
    pub selected_nodes: Flags<NodeId>,
    pub selected_conns: Flags<ConnId>,
    /// The node whose label is being edited on the canvas (a double-click on it, heard by the
    /// diagram for every node), told to that node's view only.
    pub renaming: Flags<NodeId>,
}

/// Makes the cells for the canvas being built and keeps them up to date with the design.
pub fn provide(design: RwSignal<Design>) -> Cells {
    let cells = Cells { inner: StoredValue::new(Inner::default()), severity: Follow::new(), dragged_nodes: Flags::new(), dragged_conns: Flags::new(), selected_nodes: Flags::new(), selected_conns: Flags::new(), renaming: Flags::new() };
    provide_context(cells);
    // The one subscriber to the whole design: compares, and notifies only what changed.
    Effect::new(move |_| design.with(|d| cells.sync(d)));
    cells
}

pub fn use_cells() -> Cells {
    expect_context::<Cells>()
}

/// Cells that follow a map kept by a memo (severities by node): a view
/// reads its key's cell; after the map changes, only the cells whose value differs are set —
/// not every view looking its key up in the new map (and subscribing to it again).
pub struct Follow<K: Send + Sync + 'static, V: Send + Sync + 'static> {
    cells: StoredValue<HashMap<K, ArcRwSignal<Option<V>>>>,
    source: StoredValue<Option<Memo<Arc<BTreeMap<K, V>>>>>,
}

impl<K: Send + Sync + 'static, V: Send + Sync + 'static> Clone for Follow<K, V> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K: Send + Sync + 'static, V: Send + Sync + 'static> Copy for Follow<K, V> {}

impl<K, V> Follow<K, V>
where
    K: Ord + std::hash::Hash + Clone + Send + Sync + 'static,
    V: Clone + PartialEq + Send + Sync + 'static,
{
    fn new() -> Self {
        Follow { cells: StoredValue::new(HashMap::new()), source: StoredValue::new(None) }
    }

    /// Follows `source` from now on.
    pub fn follow(self, source: Memo<Arc<BTreeMap<K, V>>>) {
        self.source.set_value(Some(source));
        Effect::new(move |_| source.with(|m| self.sync(m)));
    }

    /// `key`'s cell, made from the map as it is now if no view asked before.
    pub fn get(self, key: &K) -> ArcRwSignal<Option<V>> {
        if let Some(c) = self.cells.with_value(|m| m.get(key).cloned()) {
            return c;
        }
        let now = self.source.get_value().and_then(|s| s.with_untracked(|m| m.get(key).cloned()));
        let c = ArcRwSignal::new(now);
        self.cells.update_value(|m| {
            m.insert(key.clone(), c.clone());
        });
        c
    }

    /// Sets the cells whose value changed (read first, set after: no view runs while the
    /// cells are borrowed).
    fn sync(self, map: &BTreeMap<K, V>) {
        let changed: Vec<_> = self.cells.with_value(|m| {
            m.iter()
                .filter_map(|(k, c)| {
                    let new = map.get(k);
                    c.with_untracked(|v| v.as_ref() != new).then(|| (c.clone(), new.cloned()))
                })
                .collect()
        });
        changed.into_iter().for_each(|(c, v)| c.set(v));
    }

    /// Drops `key`'s cell (its node or connection left the design).
    fn forget(self, key: &K) {
        self.cells.update_value(|m| {
            m.remove(key);
        });
    }
}

/// A yes/no cell per key, of which only a few are yes at a time (the nodes and connections a
/// drag moves): setting a new set of keys notifies the views of the keys that changed, not
/// every view that reads one.
pub struct Flags<K: Send + Sync + 'static> {
    cells: StoredValue<HashMap<K, ArcRwSignal<bool>>>,
    /// The keys that are yes, as a set: a paste of many selects hundreds of copies and then
    /// makes the view of each (`get`); a list searched per view was quadratic (issue 20).
    on: StoredValue<HashSet<K>>,
}

impl<K: Send + Sync + 'static> Clone for Flags<K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K: Send + Sync + 'static> Copy for Flags<K> {}

impl<K> Flags<K>
where
    K: Ord + std::hash::Hash + Clone + Send + Sync + 'static,
{
    fn new() -> Self {
        Flags { cells: StoredValue::new(HashMap::new()), on: StoredValue::new(HashSet::new()) }
    }

    /// `key`'s cell, made as it is now if no view asked before.
    pub fn get(self, key: &K) -> ArcRwSignal<bool> {
        if let Some(c) = self.cells.with_value(|m| m.get(key).cloned()) {
            return c;
        }
        let c = ArcRwSignal::new(self.on.with_value(|on| on.contains(key)));
        self.cells.update_value(|m| {
            m.insert(key.clone(), c.clone());
        });
        c
    }

    /// Makes exactly `keys` yes: sets the cells that change (read first, set after).
    pub fn set_only(self, keys: Vec<K>) {
        let wanted: std::collections::BTreeSet<&K> = keys.iter().collect();
        let changed: Vec<(ArcRwSignal<bool>, bool)> = self.cells.with_value(|m| {
            let off = self.on.with_value(|on| on.iter().filter(|k| !wanted.contains(k)).filter_map(|k| m.get(k).map(|c| (c.clone(), false))).collect::<Vec<_>>());
            let on = keys.iter().filter_map(|k| m.get(k)).filter(|c| !c.get_untracked()).map(|c| (c.clone(), true));
            off.into_iter().chain(on).collect()
        });
        self.on.set_value(keys.into_iter().collect());
        changed.into_iter().for_each(|(c, v)| c.set(v));
    }

    /// Makes `key` yes (`on`) or no, leaving the other keys as they are: sets its cell if it
    /// changes.
    pub fn turn(self, key: &K, on: bool) {
        let changed = self.on.try_update_value(|s| if on { s.insert(key.clone()) } else { s.remove(key) }).unwrap_or(false);
        if changed {
            if let Some(c) = self.cells.with_value(|m| m.get(key).cloned()) {
                c.set(on);
            }
        }
    }

    /// Drops `key`'s cell (its node or connection left the design).
    fn forget(self, key: &K) {
        self.cells.update_value(|m| {
            m.remove(key);
        });
    }
}

impl Cells {
    /// Node `id`'s cells, made from the design as it is now if no view asked before.
    pub fn node(&self, design: RwSignal<Design>, id: &NodeId) -> NodeCell {
        if let Some(c) = self.inner.with_value(|i| i.nodes.get(id).cloned()) {
            return c;
        }
        // A container's look names its peers: from the map the last check of the cells made
        // (a view made after an edit but before that check is set right by the check).
        let c = design.with_untracked(|d| {
            if self.inner.with_value(|i| i.peers.is_none()) {
                let peers = owned_peers(&geometry::container_label_peers(d));
                self.inner.update_value(|i| i.peers = Some(peers));
            }
            let look = self.inner.with_value(|i| look(d, id, i.peers.as_ref().and_then(|p| p.get(id)).map_or(&[][..], |p| p.as_slice())));
            NodeCell { rect: ArcRwSignal::new(d.layout.get(id).copied()), look: ArcRwSignal::new(look) }
        });
        self.inner.update_value(|i| {
            i.nodes.insert(id.clone(), c.clone());
        });
        c
    }

    /// Connection `id`'s ends and kind, made from the design as it is now if no view asked before.
    pub fn conn(&self, design: RwSignal<Design>, id: &ConnId) -> ArcRwSignal<Option<Ends>> {
        if let Some(c) = self.inner.with_value(|i| i.conns.get(id).cloned()) {
            return c;
        }
        let c = ArcRwSignal::new(design.with_untracked(|d| ends(d, id)));
        self.inner.update_value(|i| {
            i.conns.insert(id.clone(), c.clone());
        });
        c
    }

    /// Brings every cell up to date with `d`: sets those whose value changed (a set notifies
    /// even an equal value), drops those of nodes and connections no longer in the design
    /// (after telling their views). The sets happen after the cells are read, so no view can
    /// run while they are borrowed.
    fn sync(&self, d: &Design) {
        let mut rects = Vec::new();
        let mut looks = Vec::new();
        let mut conns = Vec::new();
        let mut gone = (Vec::new(), Vec::new());
        let peers = geometry::container_label_peers(d);
        self.inner.with_value(|i| {
            for (id, c) in &i.nodes {
                let rect = d.layout.get(id).copied();
                if c.rect.with_untracked(|r| *r != rect) {
                    rects.push((c.rect.clone(), rect));
                }
                let p = peers.get(id).map_or(&[][..], |p| p.as_slice());
                if !c.look.with_untracked(|l| looks_as(l, d, id, p)) {
                    looks.push((c.look.clone(), look(d, id, p)));
                }
                if rect.is_none() && !d.nodes.contains_key(id) {
                    gone.0.push(id.clone());
                }
            }
            for (id, c) in &i.conns {
                let e = ends(d, id);
                if c.with_untracked(|x| *x != e) {
                    conns.push((c.clone(), e.clone()));
                }
                if e.is_none() {
                    gone.1.push(id.clone());
                }
            }
        });
        if !(gone.0.is_empty() && gone.1.is_empty()) {
            self.inner.update_value(|i| {
                gone.0.iter().for_each(|id| drop(i.nodes.remove(id)));
                gone.1.iter().for_each(|id| drop(i.conns.remove(id)));
            });
            gone.0.iter().for_each(|id| self.severity.forget(id));
            gone.0.iter().for_each(|id| self.dragged_nodes.forget(id));
            gone.0.iter().for_each(|id| self.selected_nodes.forget(id));
            // (No longer renamed: were it put back, by an undo, it shows its label.)
            gone.0.iter().for_each(|id| self.renaming.turn(id, false));
            gone.0.iter().for_each(|id| self.renaming.forget(id));
            gone.1.iter().for_each(|id| self.selected_conns.forget(id));
            gone.1.iter().for_each(|id| self.dragged_conns.forget(id));
        }
        // Kept for views made before the next check; copied only when a container's peers changed.
        let same = self.inner.with_value(|i| {
            i.peers.as_ref().is_some_and(|old| old.len() == peers.len() && peers.iter().all(|(k, v)| old.get(*k).is_some_and(|o| o.len() == v.len() && o.iter().zip(v).all(|(a, b)| a == b))))
        });
        if !same {
            let peers = owned_peers(&peers);
            self.inner.update_value(|i| i.peers = Some(peers));
        }
        rects.into_iter().for_each(|(c, v)| c.set(v));
        looks.into_iter().for_each(|(c, v)| c.set(v));
        conns.into_iter().for_each(|(c, v)| c.set(v));
    }
}

#[cfg(test)]
mod tests {
    use super::Flags;
    use leptos::prelude::GetUntracked;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// How many times two keys were compared for equality.
    static EQS: AtomicUsize = AtomicUsize::new(0);

    #[derive(Clone, Debug)]
    struct Key(u32);
    impl std::hash::Hash for Key {
        fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
            self.0.hash(h);
        }
    }
    impl PartialOrd for Key {
        fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Key {
        fn cmp(&self, other: &Self) -> std::cmp::Ordering {
            self.0.cmp(&other.0)
        }
    }
    impl PartialEq for Key {
        fn eq(&self, other: &Self) -> bool {
            EQS.fetch_add(1, Ordering::Relaxed);
            self.0 == other.0
        }
    }
    impl Eq for Key {}

    /// A paste of 1,000 selects the 1,000 copies and then makes a view of each, which asks for
    /// its flag: each ask tests the yes-keys as a set (a hash and at most a few comparisons),
    /// not as a list (on main up to 1,000 comparisons an ask: 500,500 for the 1,000 copies,
    /// 1,000 for the key not set).
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_new_flag_is_read_from_the_set_not_searched_in_a_list() {
        let flags: Flags<Key> = Flags::new();
        flags.set_only((0..1000).map(Key).collect());
        EQS.store(0, Ordering::Relaxed);
        let yes = (0..1000).filter(|i| flags.get(&Key(*i)).get_untracked()).count();
        let no = flags.get(&Key(5000)).get_untracked();
        let compared = EQS.load(Ordering::Relaxed);
        assert_eq!((yes, no), (1000, false), "every key set reads yes, another no");
        assert!(compared <= 2 * 1001, "{compared} comparisons for 1,001 asks");
        // Setting another set turns the old ones off and the new on.
        flags.set_only(vec![Key(1), Key(5000)]);
        assert!(!flags.get(&Key(0)).get_untracked());
        assert!(flags.get(&Key(1)).get_untracked());
        assert!(flags.get(&Key(5000)).get_untracked());
    }

    /// A component renamed on the canvas (`Cells::renaming`): a double-click turns its flag on,
    /// its editor's Enter, Escape or blur turns it off, and neither touches another key's flag
    /// (a double-click on a second component while the first is edited: the first's blur,
    /// which commits it, must not turn the second's editor off).
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn turning_one_flag_leaves_the_others() {
        let flags: Flags<Key> = Flags::new();
        let (a, b) = (flags.get(&Key(1)), flags.get(&Key(2)));
        flags.turn(&Key(1), true);
        assert!(a.get_untracked() && !b.get_untracked());
        flags.turn(&Key(2), true);
        flags.turn(&Key(1), false);
        assert!(!a.get_untracked() && b.get_untracked(), "the first off, the second still on");
        // A view made later reads the flag as it is.
        flags.turn(&Key(3), true);
        assert!(flags.get(&Key(3)).get_untracked());
        flags.turn(&Key(2), false);
        flags.turn(&Key(2), false);
        assert!(!b.get_untracked());
    }
}
