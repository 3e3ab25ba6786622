//! An answer as what changed since an earlier one: the patch the worker sends after an edit
//! instead of the whole analysis, and how the page rebuilds the analysis from it.
//!
//! At 1,000 nodes a whole answer is ~1 MB of MessagePack (the findings, the bill's lines and
//! per-node totals, the latency paths); an edit on one component changes a handful of
//! findings and bill lines. A [`Patch`] names the answer it is against (`base`, a request's
//! number whose answer the page holds) and describes each long list of the new answer as
//! runs: a [`Run::Keep`] of consecutive items copied from the base's list, or [`Run::New`]
//! items sent in full. Everything else (the headline figures, the bill's and projection's
//! short fields) travels whole when it changed.
//!
//! Exactness: an item is kept only when its bytes (MessagePack) equal those of the base's
//! item, and the bytes are a function of the value, so the page's rebuilt answer equals what
//! decoding the whole answer would give, bit for bit (NaN and infinite figures included;
//! `tests/patch.rs` checks it on random edit sequences).
//!
//! Cost: the worker writes each answer's bytes once ([`Keys::of`]: every item of the long
//! lists, and the rest) and keeps them with the answer, so a later patch against it compares
//! with bytes already written; it does not write the base's again, nor copy the bill to
//! compare its short fields (BENCHMARKS.md, "s26-answer": at 1,000 nodes that was most of the
//! worker's time after an edit). The page keeps the rest of the answer it holds apart
//! ([`crate::Results`]), so a patch that leaves it unchanged copies no list to rebuild it.

use crate::Analysed;
use cloudwright_engine::analysis::Timing;
use cloudwright_engine::cost::CostReport;
use cloudwright_engine::latency::LatencyReport;
use cloudwright_engine::rules::Finding;
use cloudwright_engine::totals::{Detailed, Totals};
use cloudwright_engine::NodeId;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// One piece of a list rebuilt from an earlier version of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Run<T> {
    /// `len` items of the base's list, from index `from`.
    Keep(u32, u32),
    /// Items not in the base's list.
    New(Vec<T>),
}

/// A list as runs over the base's version of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListPatch<T>(pub Vec<Run<T>>);

/// The bytes an item is compared by (MessagePack without field names: shorter, the same
/// equality).
fn key<T: Serialize + ?Sized>(item: &T) -> Vec<u8> {
    rmp_serde::to_vec(item).expect("an analysis item always serializes")
}

/// A hasher for keys that are hashes already (the index of [`ListKeys`]).
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; any other input is folded in, never lost.
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The bytes of every item of one list, written once: what a later version of the list is
/// compared with. One buffer for all items (no allocation per item), each item's hash, and
/// where each hash is first found.
#[derive(Clone, Debug, Default)]
pub struct ListKeys {
    bytes: Vec<u8>,
    /// Item `i` is `bytes[ends[i - 1]..ends[i]]` (from 0 for the first).
    ends: Vec<usize>,
    hashes: Vec<u64>,
    /// The first index of each hash. Two different items with one hash: the second is found
    /// through the first's bytes, which differ, so it is sent in full (never a wrong keep).
    first: HashMap<u64, u32, BuildHasherDefault<Prehashed>>,
}

impl ListKeys {
    /// The keys of `items`, in order.
    pub fn of<T: Serialize>(items: impl IntoIterator<Item = T>) -> Self {
        let mut k = ListKeys::default();
        for item in items {
            let start = k.bytes.len();
            rmp_serde::encode::write(&mut k.bytes, &item).expect("an analysis item always serializes");
            let mut h = std::collections::hash_map::DefaultHasher::new();
            k.bytes[start..].hash(&mut h);
            let h = h.finish();
            let i = k.ends.len() as u32;
            k.first.entry(h).or_insert(i);
            k.hashes.push(h);
            k.ends.push(k.bytes.len());
        }
        k
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn item(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }
}

impl<T: Serialize + Clone> ListPatch<T> {
    /// `new` as runs over `old`: each item equal to one of `old` is a reference to it, and
    /// consecutive references extend one run. Linear in the items (one hash per item).
    pub fn diff(old: &[T], new: &[T]) -> Self {
        Self::between(&ListKeys::of(old), &ListKeys::of(new), |i| new[i].clone())
    }

    /// The new list (whose keys are `new`; `item(i)` copies its item `i`) as runs over the
    /// base's, whose keys are `old`.
    pub fn between(old: &ListKeys, new: &ListKeys, item: impl Fn(usize) -> T) -> Self {
        let mut runs: Vec<Run<T>> = Vec::new();
        // The base index that would extend the last Keep run.
        let mut next: Option<u32> = None;
        for i in 0..new.len() {
            let k = new.item(i);
            if let Some(j) = next.filter(|&j| (j as usize) < old.len() && old.item(j as usize) == k) {
                if let Some(Run::Keep(_, len)) = runs.last_mut() {
                    *len += 1;
                }
                next = Some(j + 1);
            } else if let Some(&j) = old.first.get(&new.hashes[i]).filter(|&&j| old.item(j as usize) == k) {
                runs.push(Run::Keep(j, 1));
                next = Some(j + 1);
            } else {
                match runs.last_mut() {
                    Some(Run::New(items)) => items.push(item(i)),
                    _ => runs.push(Run::New(vec![item(i)])),
                }
                next = None;
            }
        }
        ListPatch(runs)
    }

    /// The new list from the base's `old` one.
    pub fn apply(&self, old: &[T]) -> Result<Vec<T>, String> {
        let mut out = Vec::with_capacity(old.len());
        for run in &self.0 {
            match run {
                Run::Keep(from, len) => {
                    let (from, len) = (*from as usize, *len as usize);
                    let items = old.get(from..from + len).ok_or_else(|| format!("a patch keeps items {from}..{} of a list of {}", from + len, old.len()))?;
                    out.extend_from_slice(items);
                }
                Run::New(items) => out.extend_from_slice(items),
            }
        }
        Ok(out)
    }

    /// How many items the patch carries in full.
    pub fn sent(&self) -> usize {
        self.0.iter().map(|r| if let Run::New(items) = r { items.len() } else { 0 }).sum()
    }
}

/// A map patched as its sorted (key, value) pairs.
fn map_apply<K: Serialize + Clone + Ord, V: Serialize + Clone>(p: &ListPatch<(K, V)>, old: &BTreeMap<K, V>) -> Result<BTreeMap<K, V>, String> {
    let pairs: Vec<(K, V)> = old.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    Ok(p.apply(&pairs)?.into_iter().collect())
}

/// The bill and the projection without their long lists (what [`Patch::rest`] carries).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rest {
    pub bill: CostReport,
    pub latency: LatencyReport,
}

/// [`Rest`] borrowed: the same bytes, nothing copied.
#[derive(Serialize)]
struct RestRef<'a> {
    bill: &'a CostReport,
    latency: &'a LatencyReport,
}

/// The long lists of an analysis's bill and projection, taken out of it.
#[derive(Default)]
struct Lists {
    lines: Vec<cloudwright_engine::cost::LineItem>,
    free: Vec<cloudwright_engine::cost::FreeItem>,
    unpriced: Vec<cloudwright_engine::cost::FreeItem>,
    by_node: BTreeMap<NodeId, f64>,
    entries: Vec<cloudwright_engine::latency::EntryLatency>,
    findings: Vec<cloudwright_engine::latency::LatencyFinding>,
}

impl Lists {
    fn take(d: &mut Detailed) -> Lists {
        Lists {
            lines: std::mem::take(&mut d.bill.lines),
            free: std::mem::take(&mut d.bill.free),
            unpriced: std::mem::take(&mut d.bill.unpriced),
            by_node: std::mem::take(&mut d.bill.by_node),
            entries: std::mem::take(&mut d.latency.entries),
            findings: std::mem::take(&mut d.latency.findings),
        }
    }

    fn put_back(self, d: &mut Detailed) {
        d.bill.lines = self.lines;
        d.bill.free = self.free;
        d.bill.unpriced = self.unpriced;
        d.bill.by_node = self.by_node;
        d.latency.entries = self.entries;
        d.latency.findings = self.findings;
    }
}

/// Runs `f` on `d` with the lists a [`Patch`] carries on its own taken out (moved, not
/// copied; put back after): what `f` sees is the [`Rest`] — every other field, so a field
/// added to the reports later travels in the rest unasked.
fn without_lists<R>(d: &mut Detailed, f: impl FnOnce(&CostReport, &LatencyReport) -> R) -> R {
    let lists = Lists::take(d);
    let r = f(&d.bill, &d.latency);
    lists.put_back(d);
    r
}

/// The [`Rest`] of `d` (a copy of the short fields only).
pub fn rest_of(d: &mut Detailed) -> Rest {
    without_lists(d, |bill, latency| Rest { bill: bill.clone(), latency: latency.clone() })
}

/// The bytes of every part of an answer a patch compares: each long list's items, and the
/// rest. Written once per answer the worker sends, and kept with it as the base of later
/// patches.
#[derive(Clone, Debug, Default)]
pub struct Keys {
    findings: ListKeys,
    lines: ListKeys,
    free: ListKeys,
    unpriced: ListKeys,
    by_node: ListKeys,
    entries: ListKeys,
    latency_findings: ListKeys,
    rest: Vec<u8>,
}

impl Keys {
    /// The keys of `a` (its lists are moved out and back to write the rest: `a` is unchanged).
    pub fn of(a: &mut Analysed) -> Keys {
        let o = &mut a.totals;
        let rest = without_lists(o, |bill, latency| key(&RestRef { bill, latency }));
        Keys {
            findings: ListKeys::of(&a.findings),
            lines: ListKeys::of(&o.bill.lines),
            free: ListKeys::of(&o.bill.free),
            unpriced: ListKeys::of(&o.bill.unpriced),
            by_node: ListKeys::of(o.bill.by_node.iter()),
            entries: ListKeys::of(&o.latency.entries),
            latency_findings: ListKeys::of(&o.latency.findings),
            rest,
        }
    }
}

/// An analysis as the changes from the one of request `base`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Patch {
    /// The request whose answer this patch applies to.
    pub base: u64,
    pub findings: ListPatch<Finding>,
    pub lines: ListPatch<cloudwright_engine::cost::LineItem>,
    pub free: ListPatch<cloudwright_engine::cost::FreeItem>,
    pub unpriced: ListPatch<cloudwright_engine::cost::FreeItem>,
    pub by_node: ListPatch<(NodeId, f64)>,
    pub entries: ListPatch<cloudwright_engine::latency::EntryLatency>,
    pub latency_findings: ListPatch<cloudwright_engine::latency::LatencyFinding>,
    /// The headline figures (small: always sent).
    pub totals: Totals,
    /// The bill and projection with the lists above emptied; `None`: unchanged.
    pub rest: Option<Box<Rest>>,
    pub timing: Timing,
}

impl Patch {
    /// `new` as changes from `old`, the answer of request `base` (both keyed here: the worker
    /// uses [`Patch::against`] with keys it kept).
    pub fn diff(base: u64, old: &Analysed, new: &Analysed) -> Patch {
        let (mut old, mut new) = (old.clone(), new.clone());
        let (old_keys, new_keys) = (Keys::of(&mut old), Keys::of(&mut new));
        Patch::against(base, &old_keys, &mut new, &new_keys)
    }

    /// `new` (whose keys are `new_keys`) as changes from the answer of request `base`, whose
    /// keys are `old`. `new` is unchanged (its lists are moved out and back when the rest is sent).
    pub fn against(base: u64, old: &Keys, new: &mut Analysed, new_keys: &Keys) -> Patch {
        let n = &new.totals;
        let by_node: Vec<(&NodeId, &f64)> = n.bill.by_node.iter().collect();
        let mut p = Patch {
            base,
            findings: ListPatch::between(&old.findings, &new_keys.findings, |i| new.findings[i].clone()),
            lines: ListPatch::between(&old.lines, &new_keys.lines, |i| n.bill.lines[i].clone()),
            free: ListPatch::between(&old.free, &new_keys.free, |i| n.bill.free[i].clone()),
            unpriced: ListPatch::between(&old.unpriced, &new_keys.unpriced, |i| n.bill.unpriced[i].clone()),
            by_node: ListPatch::between(&old.by_node, &new_keys.by_node, |i| (by_node[i].0.clone(), *by_node[i].1)),
            entries: ListPatch::between(&old.entries, &new_keys.entries, |i| n.latency.entries[i].clone()),
            latency_findings: ListPatch::between(&old.latency_findings, &new_keys.latency_findings, |i| n.latency.findings[i].clone()),
            totals: n.totals.clone(),
            rest: None,
            timing: new.timing,
        };
        if new_keys.rest != old.rest {
            p.rest = Some(Box::new(rest_of(&mut new.totals)));
        }
        p
    }

    /// The analysis this patch describes, from the base's (`old`).
    pub fn apply(&self, old: &Analysed) -> Result<Analysed, String> {
        let mut o = old.totals.clone();
        let rest = rest_of(&mut o);
        self.apply_to(&old.findings, &o, &rest)
    }

    /// [`Patch::apply`] on the base's parts (the page holds them apart, shared with its views),
    /// with the base's [`Rest`] (kept apart too: taken from the base's bill, it would copy
    /// every list only to empty them).
    pub fn apply_to(&self, old_findings: &[Finding], o: &Detailed, old_rest: &Rest) -> Result<Analysed, String> {
        let Rest { mut bill, mut latency } = match &self.rest {
            Some(r) => (**r).clone(),
            None => old_rest.clone(),
        };
        bill.lines = self.lines.apply(&o.bill.lines)?;
        bill.free = self.free.apply(&o.bill.free)?;
        bill.unpriced = self.unpriced.apply(&o.bill.unpriced)?;
        bill.by_node = map_apply(&self.by_node, &o.bill.by_node)?;
        latency.entries = self.entries.apply(&o.latency.entries)?;
        latency.findings = self.latency_findings.apply(&o.latency.findings)?;
        Ok(Analysed { findings: self.findings.apply(old_findings)?, totals: Detailed { totals: self.totals.clone(), bill, latency }, timing: self.timing })
    }
}
