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

use crate::Analysed;
use cloudwright_engine::analysis::Timing;
use cloudwright_engine::cost::CostReport;
use cloudwright_engine::latency::LatencyReport;
use cloudwright_engine::rules::Finding;
use cloudwright_engine::totals::{Detailed, Totals};
use cloudwright_engine::NodeId;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

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
fn key<T: Serialize>(item: &T) -> Vec<u8> {
    rmp_serde::to_vec(item).expect("an analysis item always serializes")
}

impl<T: Serialize + Clone> ListPatch<T> {
    /// `new` as runs over `old`: each item equal to one of `old` is a reference to it, and
    /// consecutive references extend one run. Linear in the items (one hash per item).
    pub fn diff(old: &[T], new: &[T]) -> Self {
        let old_keys: Vec<Vec<u8>> = old.iter().map(key).collect();
        let mut at: HashMap<&[u8], u32> = HashMap::with_capacity(old.len());
        for (i, k) in old_keys.iter().enumerate().rev() {
            at.insert(k.as_slice(), i as u32);
        }
        let mut runs: Vec<Run<T>> = Vec::new();
        // The base index that would extend the last Keep run.
        let mut next: Option<u32> = None;
        for item in new {
            let k = key(item);
            if let Some(j) = next.filter(|&j| old_keys.get(j as usize) == Some(&k)) {
                if let Some(Run::Keep(_, len)) = runs.last_mut() {
                    *len += 1;
                }
                next = Some(j + 1);
            } else if let Some(&j) = at.get(k.as_slice()) {
                runs.push(Run::Keep(j, 1));
                next = Some(j + 1);
            } else {
                match runs.last_mut() {
                    Some(Run::New(items)) => items.push(item.clone()),
                    _ => runs.push(Run::New(vec![item.clone()])),
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
fn map_diff<K: Serialize + Clone + Ord, V: Serialize + Clone>(old: &BTreeMap<K, V>, new: &BTreeMap<K, V>) -> ListPatch<(K, V)> {
    let pairs = |m: &BTreeMap<K, V>| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>();
    ListPatch::diff(&pairs(old), &pairs(new))
}

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

/// The bill and projection with the lists a [`Patch`] carries on its own taken out (cloned
/// whole, then emptied: a field added to the reports later travels in the rest unasked).
fn rest_of(d: &Detailed) -> Rest {
    let mut bill = d.bill.clone();
    bill.lines = Vec::new();
    bill.free = Vec::new();
    bill.unpriced = Vec::new();
    bill.by_node = BTreeMap::new();
    let mut latency = d.latency.clone();
    latency.entries = Vec::new();
    latency.findings = Vec::new();
    Rest { bill, latency }
}

impl Patch {
    /// `new` as changes from `old`, the answer of request `base`.
    pub fn diff(base: u64, old: &Analysed, new: &Analysed) -> Patch {
        let (o, n) = (&old.totals, &new.totals);
        let rest = rest_of(n);
        let rest = (key(&rest) != key(&rest_of(o))).then(|| Box::new(rest));
        Patch {
            base,
            findings: ListPatch::diff(&old.findings, &new.findings),
            lines: ListPatch::diff(&o.bill.lines, &n.bill.lines),
            free: ListPatch::diff(&o.bill.free, &n.bill.free),
            unpriced: ListPatch::diff(&o.bill.unpriced, &n.bill.unpriced),
            by_node: map_diff(&o.bill.by_node, &n.bill.by_node),
            entries: ListPatch::diff(&o.latency.entries, &n.latency.entries),
            latency_findings: ListPatch::diff(&o.latency.findings, &n.latency.findings),
            totals: n.totals.clone(),
            rest,
            timing: new.timing,
        }
    }

    /// The analysis this patch describes, from the base's (`old`).
    pub fn apply(&self, old: &Analysed) -> Result<Analysed, String> {
        self.apply_to(&old.findings, &old.totals)
    }

    /// [`Patch::apply`] on the base's parts (the page holds them apart, shared with its views).
    pub fn apply_to(&self, old_findings: &[Finding], o: &Detailed) -> Result<Analysed, String> {
        let Rest { mut bill, mut latency } = match &self.rest {
            Some(r) => (**r).clone(),
            None => rest_of(o),
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
