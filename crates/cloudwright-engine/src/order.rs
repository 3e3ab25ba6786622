//! One stable sort for the whole app (issue 20, the download; BENCHMARKS.md "s22-size").
//!
//! `slice::sort_by` is generic: the compiler writes a whole copy of the standard library's
//! stable sort (driftsort: quicksort, run detection, merging, a small-sort, pivot choice; ~3.7 KB
//! of wasm each) for every element type and every comparison closure. The app's wasm held 89 such
//! copies, 326 KB after `wasm-opt -Oz` (s21-size), and the optimiser does not fold them.
//!
//! Here the sort is compiled once: [`sort_by`] asks a non-generic function for the stable order of
//! the *positions* `0..n` (one instantiation of the standard sort, on `usize`, comparing through a
//! `&mut dyn FnMut(usize, usize) -> Ordering`), then moves the elements into that order by
//! swapping along the permutation's cycles. What stays generic per call site is two small
//! closures. The order is exactly `slice::sort_by`'s: both sorts are stable, so equal elements keep
//! their input order, and a stable order of distinct positions by the elements' comparison is
//! unique (`tests/order.rs` compares the two on random input with many ties).
//!
//! The price: one `Vec<usize>` per sort and a dynamic call per comparison. The app's sorts are of
//! findings, lines and ids: tens to thousands of elements (BENCHMARKS.md "s22-size" has the
//! instruction counts of the full analysis before and after).
//!
//! Call sites read like the standard ones: `order::sort_by(&mut v, |a, b| …)`,
//! `order::sort_by_key(&mut v, |x| …)`, `order::sort(&mut v)`.
//!
//! The same holds for ordered maps and sets: `collect()` into a `BTreeMap` or `BTreeSet` sorts
//! its items first (`FromIterator` gathers them in a `Vec`, sorts it stably and builds the tree
//! from the sorted run), one more copy of the standard sort per item type — 40 of them in the app
//! wasm after the sorts above went through here (BENCHMARKS.md "s23-size"). [`map`] and [`set`]
//! build the same collection by inserting the items one by one (`Extend`), which needs no sort.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Sorts `v` by `compare`, stably: the same order as `v.sort_by(compare)`.
#[inline]
pub fn sort_by<T, F: FnMut(&T, &T) -> Ordering>(v: &mut [T], mut compare: F) {
    if v.len() < 2 {
        return;
    }
    let mut order = {
        let items = &*v;
        stable_order(items.len(), &mut |a, b| compare(&items[a], &items[b]))
    };
    permute(&mut order, &mut |i, j| v.swap(i, j));
}

/// Sorts `v` by the key `key` gives each element, stably: the same order as
/// `v.sort_by_key(key)` (the key is computed at each comparison, as the standard one does).
#[inline]
pub fn sort_by_key<T, K: Ord, F: FnMut(&T) -> K>(v: &mut [T], mut key: F) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in ascending order, stably: the same order as `v.sort()`.
#[inline]
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The map `pairs.into_iter().collect()` builds, without its sort: the pairs are inserted one by
/// one. A key given twice keeps its later value, as with `collect()`; the key itself stays the
/// first one inserted (`collect()` keeps the later: the same for the app's keys, whose equal
/// values are identical).
#[inline]
pub fn map<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut m = BTreeMap::new();
    m.extend(pairs);
    m
}

/// The set `items.into_iter().collect()` builds, without its sort: the items are inserted one by
/// one (an item given twice is kept once, as with `collect()`).
#[inline]
pub fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut s = BTreeSet::new();
    s.extend(items);
    s
}

/// The stable order of the positions `0..n` by `compare`: `order[i]` is the position of the
/// element that belongs at `i`. The one copy of the standard stable sort the app links for
/// its own sorts (on `usize`, the comparison behind a `dyn`).
#[inline(never)]
fn stable_order(n: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Rearranges a slice so that the element at position `order[i]` ends at `i`, by `swap(i, j)`
/// calls along the permutation's cycles (each element moves once; `n − cycles` swaps). `order`
/// is used up (each visited entry set to its own position).
#[inline(never)]
fn permute(order: &mut [usize], swap: &mut dyn FnMut(usize, usize)) {
    for start in 0..order.len() {
        // Follow the cycle through `start`: position `at` takes the element at `order[at]`,
        // which carries the cycle's first element onward until the cycle closes at `start`.
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_keep_their_input_order() {
        // Keys 1, 0, 1, 0: the two 0s first in their input order (b before d), then the 1s (a, c).
        let mut v = vec![(1, 'a'), (0, 'b'), (1, 'c'), (0, 'd')];
        sort_by_key(&mut v, |x| x.0);
        assert_eq!(v, vec![(0, 'b'), (0, 'd'), (1, 'a'), (1, 'c')]);
    }

    #[test]
    fn permute_follows_cycles() {
        // order = [2, 0, 1]: position 0 takes the element at 2 ('z'), 1 takes 0 ('x'), 2 takes 1 ('y').
        let mut v = vec!['x', 'y', 'z'];
        let mut order = vec![2, 0, 1];
        permute(&mut order, &mut |i, j| v.swap(i, j));
        assert_eq!(v, vec!['z', 'x', 'y']);
        // One 3-cycle: 3 − 1 = 2 swaps.
        let mut swaps = 0;
        let mut order = vec![2, 0, 1];
        permute(&mut order, &mut |_, _| swaps += 1);
        assert_eq!(swaps, 2);
    }

    #[test]
    fn short_slices() {
        let mut empty: Vec<u8> = vec![];
        sort(&mut empty);
        assert!(empty.is_empty());
        let mut one = vec![7];
        sort(&mut one);
        assert_eq!(one, vec![7]);
        let mut two = vec![2.5, -1.0];
        sort_by(&mut two, f64::total_cmp);
        assert_eq!(two, vec![-1.0, 2.5]);
    }
}
