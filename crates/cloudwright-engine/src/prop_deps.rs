//! Which catalog properties a part of an analysis read: the dependencies a property edit is
//! checked against, so an [`crate::analysis::Session`] recomputes only the parts that read
//! the property the edit changed.
//!
//! Every property read of every analysis goes through [`crate::Design::prop`],
//! [`crate::Design::prop_where_defined`] or [`crate::Design::is_set`] (no analysis reaches
//! into `node.props`: `tests/catalog_reads.rs` scans the sources for it). Those accessors
//! call [`note`]; while a part runs inside [`recording`], each read is noted as the
//! `(kind, property)` pair of the catalog it read, one bit of a [`Reads`] set. An analysis is
//! a deterministic function of the design, so if a part read no property `(k, p)` on its last
//! run, changing `p` on a node of kind `k` cannot change anything it reads, nor its result:
//! it makes the same reads in the same order and computes the same bytes.
//!
//! The granularity is the `(kind, property)` pair, not the node (a set of the few hundred
//! catalog pairs is a few words; per node it would grow with the design). A read of a key the
//! node's kind does not define (which debug builds refuse, [`crate::catalog::reads`]) marks
//! the set `other`: any property edit then recomputes the part.
//!
//! Outside [`recording`] a read costs one thread-local lookup (the CLI, the plain entry
//! points).

use crate::catalog::{KindSpec, KINDS};
use crate::model::{Node, NodeId};
use std::cell::RefCell;
use std::sync::OnceLock;

/// A set of catalog `(kind, property)` pairs read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reads {
    words: Vec<u64>,
    /// A key read from a node whose kind does not define it.
    other: bool,
}

impl Reads {
    /// Whether the pair numbered `bit` ([`bit`]) was read, or a read outside the catalog
    /// could have seen any property.
    pub fn may_have_read(&self, bit: usize) -> bool {
        self.other
            || self
                .words
                .get(bit / 64)
                .is_some_and(|w| w & (1 << (bit % 64)) != 0)
    }

    /// Adds every read of `other`.
    pub fn add(&mut self, other: &Reads) {
        if self.words.len() < other.words.len() {
            self.words.resize(other.words.len(), 0);
        }
        for (w, o) in self.words.iter_mut().zip(&other.words) {
            *w |= o;
        }
        self.other |= other.other;
    }

    fn set(&mut self, bit: usize) {
        if self.words.len() <= bit / 64 {
            self.words.resize(bit / 64 + 1, 0);
        }
        self.words[bit / 64] |= 1 << (bit % 64);
    }
}

/// What is being recorded on this thread.
struct Recorder {
    /// The sets being recorded, innermost last (a part may build a shared plan on first use:
    /// the plan's reads are recorded on their own, see [`crate::analysis::Context`]).
    sets: Vec<Reads>,
    /// While one node is being priced ([`node_scope`]): the node (by address) and the other
    /// nodes whose properties were read.
    node: Option<(*const Node, Vec<NodeId>)>,
}

thread_local! {
    static STACK: RefCell<Recorder> = const { RefCell::new(Recorder { sets: Vec::new(), node: None }) };
}

/// The number of the pair `(kind, key)` among all pairs of the catalog, in catalog order;
/// `None` when the kind does not define the key.
pub fn bit(spec: &'static KindSpec, key: &str) -> Option<usize> {
    bit_at(spec, spec.props.iter().position(|p| p.key == key)?)
}

/// [`bit`] of the kind's property at index `p` of `spec.props` (what a property read has
/// found already: the key is not looked for twice).
fn bit_at(spec: &'static KindSpec, p: usize) -> Option<usize> {
    static BASE: OnceLock<Vec<usize>> = OnceLock::new();
    let base = BASE.get_or_init(|| {
        KINDS
            .iter()
            .scan(0, |n, k| {
                let b = *n;
                *n += k.props.len();
                Some(b)
            })
            .collect()
    });
    // `catalog::kind` hands out references into KINDS: the position is the address offset
    // (checked, so a spec from elsewhere finds no bit).
    let off = (spec as *const KindSpec as usize).wrapping_sub(KINDS.as_ptr() as usize)
        / std::mem::size_of::<KindSpec>();
    let k = KINDS
        .get(off)
        .filter(|x| std::ptr::eq(*x, spec))
        .map(|_| off)?;
    Some(base[k] + p)
}

/// Notes a read of `key` from `node`, of kind `spec` (None: a kind outside the catalog), in
/// the innermost set being recorded, if any; inside a [`node_scope`], a read of another
/// node's property is noted there too.
pub(crate) fn note(node: &Node, spec: Option<&'static KindSpec>, key: &str) {
    note_at(node, spec, spec.and_then(|k| k.props.iter().position(|p| p.key == key)));
}

/// [`note`] of the property at index `at` of `spec.props` (None: the kind does not define
/// the key), as the caller found it.
pub(crate) fn note_at(node: &Node, spec: Option<&'static KindSpec>, at: Option<usize>) {
    STACK.with(|s| {
        let mut s = s.borrow_mut();
        let s = &mut *s;
        if let Some((own, foreign)) = &mut s.node {
            if !std::ptr::eq(*own, node) && !foreign.contains(&node.id) {
                foreign.push(node.id.clone());
            }
        }
        let Some(top) = s.sets.last_mut() else { return };
        match spec.zip(at).and_then(|(k, p)| bit_at(k, p)) {
            Some(b) => top.set(b),
            None => top.other = true,
        }
    });
}

/// Runs `f`, the work of one node `own`, and returns the other nodes whose properties it read
/// (in the order first read; empty for most nodes). The reads are noted in the enclosing
/// recording as usual. Scopes do not nest (the bill prices one node at a time).
pub(crate) fn node_scope<T>(own: &Node, f: impl FnOnce() -> T) -> (T, Vec<NodeId>) {
    STACK.with(|s| {
        let prev = s
            .borrow_mut()
            .node
            .replace((own as *const Node, Vec::new()));
        debug_assert!(prev.is_none(), "node scopes do not nest");
    });
    let out = f();
    let foreign = STACK
        .with(|s| s.borrow_mut().node.take())
        .map(|(_, f)| f)
        .unwrap_or_default();
    (out, foreign)
}

/// Adds `reads` (a shared plan's) to the innermost set being recorded, if any: a part that
/// uses a plan depends on what the plan read.
pub(crate) fn add(reads: &Reads) {
    STACK.with(|s| {
        if let Some(top) = s.borrow_mut().sets.last_mut() {
            top.add(reads);
        }
    });
}

/// Runs `f` and returns what it read, on its own (an enclosing recording does not see these
/// reads: add them with [`add`] where the enclosing part depends on the result).
pub(crate) fn recording<T>(f: impl FnOnce() -> T) -> (T, Reads) {
    STACK.with(|s| s.borrow_mut().sets.push(Reads::default()));
    let out = f();
    let reads = STACK
        .with(|s| s.borrow_mut().sets.pop())
        .expect("pushed above");
    (out, reads)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    #[test]
    fn bits_are_distinct_per_kind_and_key() {
        let alb = catalog::kind("alb").expect("alb");
        let rds = catalog::kind("rds").expect("rds");
        let a = bit(alb, alb.props[0].key).expect("defined");
        let r = bit(rds, rds.props[0].key).expect("defined");
        assert_ne!(a, r);
        assert_eq!(bit(alb, alb.props[1].key), Some(a + 1));
        assert_eq!(bit(alb, "no-such-key"), None);
    }

    /// A node of `kind` with no properties set.
    fn node(id: &str, kind: &str) -> Node {
        Node {
            id: NodeId::from(id.to_string()),
            kind: kind.into(),
            label: String::new(),
            parent: None,
            span: Vec::new(),
            props: Default::default(),
            ingress: Vec::new(),
            suppressions: Vec::new(),
        }
    }

    #[test]
    fn recordings_nest_and_add() {
        let rds = catalog::kind("rds").expect("rds");
        let n = node("db", "rds");
        let key = rds.props[0].key;
        let b = bit(rds, key).expect("defined");
        let ((), outer) = recording(|| {
            let ((), inner) = recording(|| note(&n, Some(rds), key));
            assert!(inner.may_have_read(b));
            // The inner reads are not the outer's until added.
            add(&inner);
        });
        assert!(outer.may_have_read(b));
        assert!(!outer.may_have_read(b + 1));
        let ((), unknown) = recording(|| note(&n, Some(rds), "no-such-key"));
        assert!(
            unknown.may_have_read(b + 1),
            "a read outside the catalog may have seen anything"
        );
        // Outside a recording nothing is kept.
        note(&n, Some(rds), key);
    }

    #[test]
    fn a_node_scope_names_the_other_nodes_read_once_each() {
        let rds = catalog::kind("rds").expect("rds");
        let key = rds.props[0].key;
        let (own, a, b) = (node("own", "rds"), node("a", "rds"), node("b", "rds"));
        let (((), foreign), reads) = recording(|| {
            node_scope(&own, || {
                note(&own, Some(rds), key);
                note(&b, Some(rds), key);
                note(&own, Some(rds), key);
                note(&a, Some(rds), key);
                note(&b, Some(rds), key);
            })
        });
        assert_eq!(foreign, vec![b.id.clone(), a.id.clone()]);
        // The reads reach the enclosing recording as usual.
        assert!(reads.may_have_read(bit(rds, key).expect("defined")));
        // A node equal to `own` but elsewhere in memory is another node (another design).
        let copy = own.clone();
        let ((), foreign) = node_scope(&own, || note(&copy, Some(rds), key));
        assert_eq!(foreign, vec![own.id.clone()]);
        // After the scope, nothing is kept.
        let ((), none) = node_scope(&own, || ());
        assert!(none.is_empty());
    }
}
