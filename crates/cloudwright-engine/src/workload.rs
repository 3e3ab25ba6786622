//! The traffic a design expects, read and changed in one place.
//!
//! One truth: the request rate is the sum of the entry nodes' `requests_per_month` (what
//! [`crate::traffic`] sends into the design, [`crate::traffic::entry_volume`]); the sizes and
//! the peak factor are [`crate::Workload`]'s. The inspector edits one entry's property, the
//! app's traffic editor (next to the totals) edits the same figures through [`change`], so the
//! two can never disagree: there is nothing else to disagree with.
//!
//! Changing the total rate of a design with several entries scales each entry by the same
//! factor (their mix is kept); entries that all send nothing share the new rate equally.

use crate::model::{Design, NodeId, Value};
use crate::traffic;
use crate::units::{self, Per};
use crate::Edit;

/// The traffic figures as the editor shows them.
#[derive(Clone, Debug, PartialEq)]
pub struct Load {
    /// Requests per month, all entries together.
    pub requests_per_month: f64,
    /// The entry nodes (users, on-premises sites), in id order, with their share of the rate.
    pub entries: Vec<(NodeId, String, f64)>,
    /// Average request payload, KB.
    pub request_kb: f64,
    /// Average response payload, KB.
    pub response_kb: f64,
    /// Peak traffic divided by average traffic.
    pub peak_to_average: f64,
}

impl Load {
    /// Average requests per second (per month / 2,628,000 s).
    pub fn per_second(&self) -> f64 {
        self.requests_per_month / traffic::SECONDS_PER_MONTH
    }

    /// Requests per second at peak (average × peak-to-average).
    pub fn peak_per_second(&self) -> f64 {
        self.per_second() * self.peak_to_average
    }

    /// One line for the totals bar: `3.81/s · peak 11.4/s`, or why there is no rate.
    pub fn summary(&self) -> String {
        if self.entries.is_empty() {
            return "no entry point".into();
        }
        let per = Per::natural(self.requests_per_month);
        let peak = self.requests_per_month * self.peak_to_average;
        format!("{} · peak {}", units::rate(self.requests_per_month, per), units::rate(peak, per))
    }
}

/// The design's traffic figures.
pub fn read(d: &Design) -> Load {
    let entries: Vec<(NodeId, String, f64)> = d.nodes.values().filter(|n| traffic::is_entry(n)).map(|n| (n.id.clone(), n.label.clone(), traffic::entry_volume(d, n))).collect();
    let w = &d.workload;
    Load {
        requests_per_month: entries.iter().map(|e| e.2).sum(),
        entries,
        request_kb: w.request_kb,
        response_kb: w.response_kb,
        peak_to_average: w.peak_to_average,
    }
}

/// What the traffic editor changes; `None` keeps a figure.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Change {
    pub requests_per_month: Option<f64>,
    pub request_kb: Option<f64>,
    pub response_kb: Option<f64>,
    pub peak_to_average: Option<f64>,
}

/// The one undoable edit that sets the traffic: `SetProp requests_per_month` on each entry
/// (scaled by one factor) and one `SetWorkload`, as a batch labelled by what changed
/// (`Traffic 12,000/s`). `Ok(None)` when nothing changes. Refused, with the design untouched
/// and the reason in words, when a figure is out of range or there is no entry to carry a rate.
pub fn change(d: &Design, c: &Change) -> Result<Option<Edit>, String> {
    change_in(d, c, c.requests_per_month.map_or(Per::Second, Per::natural))
}

/// [`change`], with the period the user typed the rate in (`units::parse_rate_per`): a rate
/// above what the entries may carry is refused in that period, with separators and words
/// ("at most 3.8 million requests/s"), never the property's raw range in requests/month.
pub fn change_in(d: &Design, c: &Change, per: Per) -> Result<Option<Edit>, String> {
    let now = read(d);
    let mut edits = Vec::new();
    let mut said = Vec::new();
    if let Some(total) = c.requests_per_month.filter(|t| (*t - now.requests_per_month).abs() > 1e-9 * now.requests_per_month.max(1.0)) {
        if !total.is_finite() || total < 0.0 {
            return Err("the request rate must be a positive figure".into());
        }
        if now.entries.is_empty() {
            return Err("the design has no entry point to send requests: add Internet users from the palette (Clients), then set the rate".into());
        }
        let n = now.entries.len() as f64;
        if let Some(why) = units::rate_above(total, most_total(d, &now), per) {
            return Err(why);
        }
        for (id, _, v) in &now.entries {
            let new = if now.requests_per_month > 0.0 { v * total / now.requests_per_month } else { total / n };
            edits.push(Edit::set_prop(d, id, "requests_per_month", Some(Value::Number(new))));
        }
        said.push(units::rate(total, Per::natural(total)));
    }
    let mut w = d.workload.clone();
    if let Some(x) = c.request_kb.filter(|x| *x != w.request_kb) {
        w.request_kb = x;
        said.push(format!("requests {}", units::kb(x)));
    }
    if let Some(x) = c.response_kb.filter(|x| *x != w.response_kb) {
        w.response_kb = x;
        said.push(format!("responses {}", units::kb(x)));
    }
    if let Some(x) = c.peak_to_average.filter(|x| *x != w.peak_to_average) {
        w.peak_to_average = x;
        said.push(format!("peak {}×", units::plain(x)));
    }
    if w != d.workload {
        crate::model::fields::check_workload(&w)?;
        edits.push(Edit::SetWorkload { before: d.workload.clone(), after: w });
    }
    if edits.is_empty() {
        return Ok(None);
    }
    let edit = Edit::Batch { label: format!("Traffic {}", said.join(", ")), edits, switch: None };
    // Every check Edit::apply makes (the entries' property range), on a copy.
    edit.apply(&mut d.clone()).map_err(|e| e.0)?;
    Ok(Some(edit))
}

/// The largest total rate the entries can carry with their mix kept: each entry's share of
/// it stays within its `requests_per_month` range (the catalog's maximum).
fn most_total(d: &Design, now: &Load) -> f64 {
    let n = now.entries.len() as f64;
    now.entries
        .iter()
        .filter_map(|(id, _, v)| {
            let max = match d.spec(id)?.prop("requests_per_month")?.ty {
                crate::catalog::PropType::Number { max, .. } => max,
                _ => return None,
            };
            // Entry share v / total: the total may grow until this entry reaches its maximum.
            Some(if now.requests_per_month > 0.0 { if *v > 0.0 { max * now.requests_per_month / v } else { f64::INFINITY } } else { max * n })
        })
        .fold(f64::INFINITY, f64::min)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    fn two_entries() -> Design {
        let mut d = sample::three_tier();
        let users = d.nodes.values().find(|n| n.kind == "users").unwrap().id.clone();
        d.nodes.get_mut(&users).unwrap().props.insert("requests_per_month".into(), Value::Number(30_000_000.0));
        let mut other = d.nodes[&users].clone();
        other.id = NodeId::from("partners");
        other.label = "Partners".into();
        other.props.insert("requests_per_month".into(), Value::Number(10_000_000.0));
        d.nodes.insert(other.id.clone(), other);
        d
    }

    #[test]
    fn the_rate_is_the_entries_sum() {
        let d = two_entries();
        let l = read(&d);
        assert_eq!(l.requests_per_month, 40_000_000.0); // 30M + 10M
        assert_eq!(l.entries.len(), 2);
        // 40,000,000 / 2,628,000 = 15.22/s; peak ×3 = 45.66/s
        assert_eq!(l.summary(), "15.2/s · peak 45.7/s");
    }

    #[test]
    fn a_new_rate_scales_every_entry_and_undoes_in_one_step() {
        let d = two_entries();
        let e = change(&d, &Change { requests_per_month: Some(80_000_000.0), ..Default::default() }).unwrap().unwrap();
        let mut after = d.clone();
        e.apply(&mut after).unwrap();
        let users = after.nodes.values().find(|n| n.kind == "users" && n.id.as_str() != "partners").unwrap();
        // ×2: 30M → 60M, 10M → 20M; the mix (3:1) is kept
        assert_eq!(after.num(users, "requests_per_month"), 60_000_000.0);
        assert_eq!(after.num(&after.nodes[&NodeId::from("partners")], "requests_per_month"), 20_000_000.0);
        assert_eq!(read(&after).requests_per_month, 80_000_000.0);
        // the inspector's figure is the same property: the two views agree
        assert_eq!(traffic::entry_volume(&after, users), 60_000_000.0);
        e.invert().apply(&mut after).unwrap();
        assert_eq!(after, d);
        assert_eq!(e.label(), "Traffic 30.4/s"); // 80,000,000 / 2,628,000 = 30.44
    }

    #[test]
    fn sizes_and_peak_go_in_the_same_edit() {
        let d = sample::three_tier();
        let c = Change { requests_per_month: Some(12_000.0 * traffic::SECONDS_PER_MONTH), request_kb: Some(4.0), response_kb: Some(1500.0), peak_to_average: Some(2.5) };
        let e = change(&d, &c).unwrap().unwrap();
        let mut after = d.clone();
        e.apply(&mut after).unwrap();
        let l = read(&after);
        assert_eq!(l.per_second(), 12_000.0);
        assert_eq!((l.request_kb, l.response_kb, l.peak_to_average), (4.0, 1500.0, 2.5));
        assert_eq!(e.label(), "Traffic 12,000/s, requests 4 KB, responses 1.5 MB, peak 2.5×");
        // nothing new: no edit
        assert_eq!(change(&after, &c).unwrap(), None);
    }

    #[test]
    fn refusals_leave_the_design_alone() {
        let d = sample::three_tier();
        assert!(change(&d, &Change { peak_to_average: Some(0.5), ..Default::default() }).unwrap_err().contains("Peak"));
        assert!(change(&d, &Change { request_kb: Some(1e9), ..Default::default() }).is_err());
        assert!(change(&d, &Change { requests_per_month: Some(1e15), ..Default::default() }).is_err());
        // The QA case: 999,999,999,999/s typed per second, said per second (the starter's one
        // entry may carry at most 1e13 a month = 1e13 / 2,628,000 = 3,805,175/s).
        let huge = Change { requests_per_month: Some(999_999_999_999.0 * traffic::SECONDS_PER_MONTH), ..Default::default() };
        assert_eq!(change_in(&d, &huge, Per::Second).unwrap_err(), "the request rate can be at most 3.8 million requests/s (10 trillion a month); 1 trillion requests/s is more");
        let mut empty = Design::new("x", "us-east-1");
        empty.workload = d.workload.clone();
        assert!(change(&empty, &Change { requests_per_month: Some(5.0), ..Default::default() }).unwrap_err().contains("no entry point"));
        assert_eq!(read(&empty).summary(), "no entry point");
    }

    #[test]
    fn with_several_entries_the_limit_keeps_the_mix() {
        // Entries 30M and 10M a month (3:1). The larger reaches its 1e13 maximum when the total
        // is 1e13 × 40M / 30M = 1.333e13 a month, i.e. 13.3 trillion (13.33… cut to 13.3).
        let d = two_entries();
        let e = change_in(&d, &Change { requests_per_month: Some(1.4e13), ..Default::default() }, Per::Month).unwrap_err();
        assert_eq!(e, "the request rate can be at most 13.3 trillion requests/month; 14 trillion requests/month is more");
        assert!(change_in(&d, &Change { requests_per_month: Some(1.3e13), ..Default::default() }, Per::Month).is_ok());
    }

    #[test]
    fn entries_that_send_nothing_share_a_new_rate() {
        let mut d = two_entries();
        for n in d.nodes.values_mut().filter(|n| traffic::is_entry(n)) {
            n.props.insert("requests_per_month".into(), Value::Number(0.0));
        }
        let e = change(&d, &Change { requests_per_month: Some(10.0), ..Default::default() }).unwrap().unwrap();
        e.apply(&mut d).unwrap();
        assert!(read(&d).entries.iter().all(|x| x.2 == 5.0)); // 10 / 2
    }
}
