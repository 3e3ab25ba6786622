//! Component labels as placeholders: a [`super::Session`] analyses a copy of the design whose
//! labels are placeholders, and writes the labels into the results' text afterwards, so a
//! rename rewrites the few strings that name the component instead of recomputing every
//! analysis.
//!
//! Why this gives the very bytes a full recomputation gives: the analyses read a label only to
//! copy it into text (a finding's message, a bill line's label and "what", a latency entry's
//! label, a capacity row's label, a quota's scope); nothing branches on it, sorts by it,
//! measures it or hashes it, with three exceptions, each handled:
//! - an empty label is replaced by the node's id (several places): a label is a placeholder
//!   only when it is not empty ([`plain`]), so an empty one is analysed as it is;
//! - the rules show a direction override in a label as a visible mark and cut a label longer
//!   than 160 characters ([`crate::text::shown_label`]) where the bill copies it as it is: a
//!   label with one, or that long, is analysed as it is too;
//! - the rules order and deduplicate their findings by message (`rules::finish`): the session
//!   renders the findings as the areas made them and only then orders them.
//!
//! A placeholder is `U+E000 slot U+E001` (private-use characters; the slot numbers the node).
//! A design in which any text holds one of these two characters is analysed as it is: the
//! session then works without placeholders ([`has_marker`]).
//!
//! The analyses' results are walked string by string ([`Texts`]) in a fixed order: the strings
//! holding placeholders are rendered in place and their templates kept by position
//! ([`Templates`]); a rename re-renders only the templates naming that slot.

use crate::capacity::{CapacityFinding, CapacityReport, ComponentCapacity, QuotaUse};
use crate::cost::{CostReport, FreeItem, LineItem};
use crate::edit::Edit;
use crate::latency::{EntryLatency, HopLatency, LatencyFinding, LatencyReport, PathLatency};
use crate::model::{Design, Node, NodeId};
use crate::rules::Finding;
use rustc_hash::FxHashMap;

/// Opens a placeholder.
const OPEN: char = '\u{E000}';
/// Closes a placeholder.
const CLOSE: char = '\u{E001}';
/// The first byte of both markers in UTF-8 (`EE 80 80`, `EE 80 81`): no other character of
/// the Basic Multilingual Plane outside U+E000–U+EFFF starts with it, and a continuation
/// byte is never 0xEE, so a string without this byte holds no placeholder.
const LEAD: u8 = 0xEE;

/// Whether a label can stand as a placeholder: the analyses copy it as it is. Not an empty
/// label (they write the id), one with a direction override or longer than 160 characters
/// (the rules show it as a mark, or cut: [`crate::text::shown_label`]) or one holding a
/// marker.
pub(crate) fn plain(label: &str) -> bool {
    !label.is_empty()
        && !label.contains([OPEN, CLOSE])
        && matches!(
            crate::text::shown_label(label),
            std::borrow::Cow::Borrowed(_)
        )
}

/// Whether `v` serialises to any text holding a marker character (the design or an edit: then
/// the session analyses without placeholders).
pub(crate) fn has_marker<T: serde::Serialize>(v: &T) -> bool {
    struct Scan(bool);
    impl std::io::Write for Scan {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            if !self.0 && b.contains(&LEAD) {
                // serde_json writes whole characters (slices of the string between escapes).
                self.0 = String::from_utf8_lossy(b).contains([OPEN, CLOSE]);
            }
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut scan = Scan(false);
    serde_json::to_writer(&mut scan, v).is_err() || scan.0
}

/// The session's placeholders: a slot per node id (kept when the node is deleted, so an
/// undone deletion gets the same placeholder back) and each slot's label.
#[derive(Debug, Default)]
pub(crate) struct Labels {
    slots: FxHashMap<NodeId, u32>,
    text: Vec<String>,
}

impl Labels {
    fn slot(&mut self, id: &NodeId) -> u32 {
        if let Some(&s) = self.slots.get(id) {
            return s;
        }
        let s = self.text.len() as u32;
        self.slots.insert(id.clone(), s);
        self.text.push(String::new());
        s
    }

    /// The placeholder of slot `s`.
    fn placeholder(s: u32) -> String {
        format!("{OPEN}{s}{CLOSE}")
    }

    /// The label node `id` has in the analysed copy when its label is `label`.
    fn template_label(&mut self, id: &NodeId, label: &str) -> String {
        if plain(label) {
            Labels::placeholder(self.slot(id))
        } else {
            label.to_string()
        }
    }

    /// The analysed copy of `design`: every plain label a placeholder.
    pub(crate) fn template(&mut self, design: &Design) -> Design {
        let mut t = design.clone();
        for n in t.nodes.values_mut() {
            self.sync(n);
            n.label = self.template_label(&n.id, &n.label);
        }
        t
    }

    /// Records node `n`'s label for rendering.
    fn sync(&mut self, n: &Node) {
        if plain(&n.label) {
            let s = self.slot(&n.id) as usize;
            if self.text[s] != n.label {
                self.text[s] = n.label.clone();
            }
        }
    }

    /// `edit` as it applies to the analysed copy: the labels it carries as placeholders.
    pub(crate) fn translate(&mut self, edit: &Edit) -> Edit {
        match edit {
            Edit::AddNode { node, rect } => Edit::AddNode {
                node: self.template_node(node),
                rect: *rect,
            },
            Edit::RemoveNode { node, rect } => Edit::RemoveNode {
                node: self.template_node(node),
                rect: *rect,
            },
            Edit::SetLabel { id, before, after } => Edit::SetLabel {
                id: id.clone(),
                before: self.template_label(id, before),
                after: self.template_label(id, after),
            },
            Edit::Batch { label, edits, .. } => Edit::Batch {
                label: label.clone(),
                edits: edits.iter().map(|e| self.translate(e)).collect(), switch: None,
            },
            e => e.clone(),
        }
    }

    fn template_node(&mut self, node: &Node) -> Node {
        Node {
            label: self.template_label(&node.id, &node.label),
            ..node.clone()
        }
    }

    /// After `edit` applied to `design`: the labels it set, recorded for rendering.
    pub(crate) fn follow(&mut self, edit: &Edit, design: &Design) {
        match edit {
            Edit::AddNode { node, .. } => {
                if let Some(n) = design.node(&node.id) {
                    self.sync(n);
                }
            }
            Edit::SetLabel { id, .. } => {
                if let Some(n) = design.node(id) {
                    self.sync(n);
                }
            }
            Edit::Batch { edits, .. } => edits.iter().for_each(|e| self.follow(e, design)),
            _ => {}
        }
    }

    /// The placeholder node `id` stands as, if it has a slot.
    pub(crate) fn placeholder_of(&self, id: &NodeId) -> Option<String> {
        self.slots.get(id).map(|&s| Labels::placeholder(s))
    }

    /// `t` with each placeholder replaced by its slot's label.
    fn render(&self, t: &str) -> String {
        let mut out = String::with_capacity(t.len() + 32);
        let mut rest = t;
        while let Some(i) = rest.find(OPEN) {
            out.push_str(&rest[..i]);
            let after = &rest[i + OPEN.len_utf8()..];
            let j = after.find(CLOSE).expect("a placeholder is closed");
            let slot: usize = after[..j].parse().expect("a placeholder holds its slot");
            out.push_str(&self.text[slot]);
            rest = &after[j + CLOSE.len_utf8()..];
        }
        out.push_str(rest);
        out
    }
}

/// The templates of one part's strings that held placeholders: (position in [`Texts`] order,
/// template).
#[derive(Debug, Default)]
pub(crate) struct Templates(Vec<(u32, String)>);

/// Renders `v`'s placeholders in place (nothing when there are no labels: a design analysed
/// as it is) and returns the templates.
pub(crate) fn render<T: Texts + ?Sized>(v: &mut T, labels: Option<&Labels>) -> Templates {
    let Some(labels) = labels else {
        return Templates::default();
    };
    let mut out = Vec::new();
    let mut i = 0u32;
    v.texts(&mut |s| {
        if s.as_bytes().contains(&LEAD) && s.contains(OPEN) {
            let r = labels.render(s);
            out.push((i, std::mem::replace(s, r)));
        }
        i += 1;
    });
    Templates(out)
}

/// Undoes [`render`]: puts the templates `t` (made when `v` was rendered, and `v`'s strings
/// not moved since) back in place, so `v` holds the strings as they were analysed.
pub(crate) fn unrender<T: Texts + ?Sized>(v: &mut T, t: Templates) {
    let mut templates = t.0.into_iter().peekable();
    let mut i = 0u32;
    v.texts(&mut |s| {
        if let Some((_, t)) = templates.next_if(|(p, _)| *p == i) {
            *s = t;
        }
        i += 1;
    });
    debug_assert!(templates.next().is_none(), "the part's strings are where they were rendered");
}

/// How many strings of a bill [`Texts`] visits before its lines, and per line (the test
/// `bill_layout` checks both against the walk).
const BILL_HEAD: u32 = 5;
const LINE_TEXTS: u32 = 10;

/// [`render`] for a bill some of whose lines were taken over from the last bill, already
/// rendered (`carried[j]`: the index in the last bill of line `j`; the last bill had
/// `last_lines` lines and the templates `last`): their strings are not looked at again, and
/// their templates are the last bill's, moved to their new positions.
pub(crate) fn render_bill(bill: &mut CostReport, labels: Option<&Labels>, last: Templates, last_lines: usize, carried: &[Option<u32>]) -> Templates {
    let Some(labels) = labels else {
        return Templates::default();
    };
    if carried.iter().all(Option::is_none) {
        return render(bill, Some(labels));
    }
    let lines_end = BILL_HEAD + LINE_TEXTS * bill.lines.len() as u32;
    let mut out = Vec::new();
    let mut i = 0u32;
    bill.texts(&mut |s| {
        let taken = (BILL_HEAD..lines_end).contains(&i) && carried[((i - BILL_HEAD) / LINE_TEXTS) as usize].is_some();
        if !taken && s.as_bytes().contains(&LEAD) && s.contains(OPEN) {
            let r = labels.render(s);
            out.push((i, std::mem::replace(s, r)));
        }
        i += 1;
    });
    // The templates of the lines taken over, at their new positions.
    let mut to = vec![u32::MAX; last_lines];
    for (j, from) in carried.iter().enumerate() {
        if let Some(f) = from {
            to[*f as usize] = j as u32;
        }
    }
    let last_end = BILL_HEAD + LINE_TEXTS * last_lines as u32;
    for (p, t) in last.0 {
        if (BILL_HEAD..last_end).contains(&p) {
            let (line, at) = ((p - BILL_HEAD) / LINE_TEXTS, (p - BILL_HEAD) % LINE_TEXTS);
            let j = to[line as usize];
            if j != u32::MAX {
                out.push((BILL_HEAD + LINE_TEXTS * j + at, t));
            }
        }
    }
    crate::order::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
    Templates(out)
}

/// Re-renders the strings of `v` whose template names `placeholder`; whether there were any.
pub(crate) fn relabel<T: Texts + ?Sized>(
    v: &mut T,
    t: &Templates,
    placeholder: &str,
    labels: &Labels,
) -> bool {
    let hits: Vec<&(u32, String)> =
        t.0.iter()
            .filter(|(_, s)| s.contains(placeholder))
            .collect();
    if hits.is_empty() {
        return false;
    }
    let mut k = 0;
    let mut i = 0u32;
    v.texts(&mut |s| {
        if k < hits.len() && hits[k].0 == i {
            *s = labels.render(&hits[k].1);
            k += 1;
        }
        i += 1;
    });
    debug_assert_eq!(
        k,
        hits.len(),
        "the part's strings are where they were rendered"
    );
    true
}

/// Every string of a result that may hold text from the design, visited in a fixed order.
/// Ids are not visited (a placeholder is never an id), nor the bill's traffic and maps keyed
/// by service or category (no label is written there; the session's debug check
/// `leaks` would find one).
pub(crate) trait Texts {
    fn texts(&mut self, f: &mut dyn FnMut(&mut String));
}

impl<T: Texts> Texts for [T] {
    fn texts(&mut self, f: &mut dyn FnMut(&mut String)) {
        self.iter_mut().for_each(|x| x.texts(f));
    }
}
impl<T: Texts> Texts for Vec<T> {
    fn texts(&mut self, f: &mut dyn FnMut(&mut String)) {
        self.as_mut_slice().texts(f)
    }
}
impl Texts for String {
    fn texts(&mut self, f: &mut dyn FnMut(&mut String)) {
        f(self)
    }
}
/// A bill line's text ([`crate::cost::Text`]): an owned one is visited as it is; a borrowed
/// one is the catalog's, the price book's or the code's, never the design's, so it holds no
/// placeholder: it is visited as an empty string (it still counts, so positions are those of
/// every text) and stays borrowed unless the visitor writes one.
impl Texts for crate::cost::Text {
    fn texts(&mut self, f: &mut dyn FnMut(&mut String)) {
        match self {
            std::borrow::Cow::Owned(s) => f(s),
            std::borrow::Cow::Borrowed(b) => {
                debug_assert!(!b.contains([OPEN, CLOSE]), "a borrowed text holds no placeholder");
                let mut written = String::new();
                f(&mut written);
                if !written.is_empty() {
                    *self = std::borrow::Cow::Owned(written);
                }
            }
        }
    }
}
impl<T: Texts> Texts for Option<T> {
    fn texts(&mut self, f: &mut dyn FnMut(&mut String)) {
        if let Some(x) = self {
            x.texts(f)
        }
    }
}

/// Visits each listed field in order.
macro_rules! texts {
    ($ty:ty: $($field:ident),*) => {
        impl Texts for $ty {
            fn texts(&mut self, f: &mut dyn FnMut(&mut String)) {
                $(self.$field.texts(f);)*
            }
        }
    };
}

texts!(Finding: message);
texts!(CostReport: design, region, pricing, price_version, price_as_of, lines, free, unpriced, notes);
texts!(LineItem: label, kind, category, what, unit, price_id, region, source, as_of, note);
texts!(FreeItem: label, kind, reason);
texts!(LatencyReport: entries, findings, notes, data_as_of);
texts!(EntryLatency: label, kind, geography, paths, async_delays);
texts!(PathLatency: outcome, hops);
texts!(HopLatency: kind, network, notes, sources);
texts!(crate::latency::AsyncDelay: description);
texts!(LatencyFinding: message);
texts!(CapacityReport: components, quotas, findings, headroom, notes, data_as_of);
texts!(ComponentCapacity: kind, label, load_unit, unit_name, scaling, quota, notes, sources);
texts!(QuotaUse: quota, name, scope, unit, what, fix, provenance);
texts!(crate::source::Sourced: source, as_of, note);
texts!(CapacityFinding: message, fix);
texts!(crate::capacity::Headroom: quota, what);

/// Whether a rendered result still holds a marker (a string [`Texts`] does not visit): checked
/// after every update in debug builds.
pub(crate) fn leaks(a: &super::Analysis) -> bool {
    has_marker(&a.findings)
        || has_marker(a.bill())
        || has_marker(a.latency())
        || has_marker(&a.capacity)
        || has_marker(a.totals())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_labels() {
        assert!(plain("Orders DB"));
        assert!(plain("注文"));
        assert!(!plain(""));
        assert!(!plain("invoice\u{202E}fdp.exe"));
        assert!(!plain("a\u{E000}0\u{E001}"));
    }

    #[test]
    fn renders_and_relabels_by_position() {
        let mut l = Labels::default();
        let a = NodeId::from("a".to_string());
        let b = NodeId::from("b".to_string());
        let (pa, pb) = (l.template_label(&a, "A"), l.template_label(&b, "B"));
        l.text[0] = "Alpha".into();
        l.text[1] = "Beta".into();
        let mut v = vec![
            format!("{pa} calls {pb}"),
            "no label".to_string(),
            format!("only {pb}"),
        ];
        let t = render(&mut v, Some(&l));
        assert_eq!(v, ["Alpha calls Beta", "no label", "only Beta"]);
        l.text[1] = "Gamma".into();
        assert!(relabel(&mut v, &t, &pb, &l));
        assert_eq!(v, ["Alpha calls Gamma", "no label", "only Gamma"]);
        assert!(!relabel(&mut v, &t, &Labels::placeholder(7), &l));
    }

    /// The positions [`render_bill`] counts on: the strings before the lines, and per line.
    #[test]
    fn bill_layout() {
        let mut bill = crate::cost::cost(&crate::sample::synthetic(30));
        assert!(!bill.lines.is_empty());
        let count = |v: &mut dyn FnMut(&mut dyn FnMut(&mut String))| {
            let mut n = 0u32;
            v(&mut |_| n += 1);
            n
        };
        assert_eq!(count(&mut |f| bill.lines[0].texts(f)), LINE_TEXTS);
        let (lines, free, unpriced, notes) = (bill.lines.len() as u32, bill.free.len() as u32, bill.unpriced.len() as u32, bill.notes.len() as u32);
        assert_eq!(count(&mut |f| bill.texts(f)), BILL_HEAD + LINE_TEXTS * lines + 3 * (free + unpriced) + notes);
        // The first string after the head is the first line's label.
        let mut i = 0;
        let label = bill.lines[0].label.clone();
        bill.texts(&mut |s| {
            if i == BILL_HEAD {
                assert_eq!(*s, label);
            }
            i += 1;
        });
    }

    #[test]
    fn markers_anywhere_are_found() {
        assert!(has_marker(&vec!["x\u{E001}".to_string()]));
        assert!(has_marker(&"\u{E000}".to_string()));
        assert!(!has_marker(&vec![
            "x\u{E0FF}y".to_string(),
            "注文".to_string()
        ]));
    }
}
