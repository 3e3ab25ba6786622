//! The guard behind "no silent defaults": every property an analysis reads must exist in the
//! catalog for the kind it reads it from.
//!
//! Analyses read properties by string key through [`crate::Design::prop`] (and its typed
//! wrappers `num`, `flag`, `text`), which fall back to the catalog default when the node has
//! no value. A key the catalog lacks would fall back to nothing, and every caller's own
//! fallback (`unwrap_or(0.0)`, `num_or(.., 2.0)`) would then be read silently: a typo becomes
//! a plausible number. So, in debug builds (every `cargo test`, `trunk serve`):
//!
//! - a read of a key the node's kind does not define **panics** with the kind and the key
//!   ([`check`]);
//! - the one deliberate exception, "this property on whichever kinds have it" (`az_count` on
//!   anything in a VPC, `read_ratio` on any data store), goes through
//!   [`crate::Design::prop_where_defined`], which checks instead that *some* kind defines the
//!   key ([`check_any`]);
//! - while a test asks for it ([`record`]), every read is recorded as `(kind, key)`, so the
//!   test `tests/catalog_reads.rs` can run every analysis over every template, sample and
//!   fixture and list the catalog properties that nothing reads.
//!
//! Release builds (the shipped wasm) compile all of this away: the accessors cost what they
//! cost before.

#[cfg(debug_assertions)]
use super::KindSpec;
#[cfg(debug_assertions)]
use std::cell::RefCell;
#[cfg(debug_assertions)]
use std::collections::BTreeSet;

/// A property read, as recorded: `(kind id, property key)`, both from the catalog.
pub type Read = (&'static str, &'static str);

#[cfg(debug_assertions)]
thread_local! {
    /// The reads of the current [`record`] call on this thread; None when nobody records.
    static RECORDING: RefCell<Option<BTreeSet<Read>>> = const { RefCell::new(None) };
}

/// Checks a read of `key` from a node of kind `spec` (None: a kind the catalog does not
/// know, which the file loader refuses; nothing to check against) and records it.
///
/// # Panics
/// In debug builds, when the kind exists and does not define `key`.
#[cfg(debug_assertions)]
pub(crate) fn check(kind: &str, spec: Option<&'static KindSpec>, key: &str) {
    let Some(spec) = spec else { return };
    match spec.prop(key) {
        Some(p) => note((spec.id, p.key)),
        None => panic!(
            "an analysis read property \"{key}\" of a {kind} node, and the catalog defines no such property for {kind} \
             (release builds would silently read a default). Fix the key, add the property to the catalog, or, for a \
             deliberate read across kinds, use Design::prop_where_defined."
        ),
    }
}

/// Checks a generic read ("whichever kinds have it"): `key` must be defined by at least one
/// kind. Records the read when `spec` (the node's kind) defines it.
///
/// # Panics
/// In debug builds, when no kind of the catalog defines `key` (a typo).
#[cfg(debug_assertions)]
pub(crate) fn check_any(spec: Option<&'static KindSpec>, key: &str) {
    if let Some(p) = spec.and_then(|s| s.prop(key)) {
        note((spec.map(|s| s.id).unwrap_or_default(), p.key));
        return;
    }
    if !super::KINDS.iter().any(|k| k.prop(key).is_some()) {
        panic!("an analysis read property \"{key}\", and no kind of the catalog defines it (a typo?)");
    }
}

#[cfg(debug_assertions)]
fn note(read: Read) {
    RECORDING.with(|r| {
        if let Some(set) = r.borrow_mut().as_mut() {
            set.insert(read);
        }
    });
}

/// Runs `f` and returns what it returned with every property read it made on this thread,
/// as `(kind, key)` pairs. Debug builds only (tests).
///
/// Calls may nest: an outer call also sees the reads of the inner one.
#[cfg(debug_assertions)]
pub fn record<R>(f: impl FnOnce() -> R) -> (R, BTreeSet<Read>) {
    let outer = RECORDING.with(|r| r.borrow_mut().replace(BTreeSet::new()));
    let out = f();
    let reads = RECORDING.with(|r| {
        let mut slot = r.borrow_mut();
        let reads = slot.take().unwrap_or_default();
        *slot = outer.map(|mut o| {
            o.extend(reads.iter().copied());
            o
        });
        reads
    });
    (out, reads)
}
