//! `order`, the app's one stable sort (issue 20, the download): it must give exactly the
//! standard library's stable order, ties included, or an analysis's output would change.
//! Random input with few distinct keys (many ties); every element carries its input position,
//! so a tie put in another order shows.

use std::cmp::Ordering;

use cloudwright_engine::order;
use proptest::prelude::*;

/// (key, input position): keys drawn from a small range so most elements tie with others.
fn tagged(keys: Vec<u8>) -> Vec<(u8, usize)> {
    keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn sort_by_equals_the_standard_stable_sort(keys in prop::collection::vec(0u8..6, 0..300)) {
        let mut ours = tagged(keys);
        let mut std = ours.clone();
        // Compares the key only: the positions of tied elements are left to stability.
        order::sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
        std.sort_by(|a, b| a.0.cmp(&b.0));
        prop_assert_eq!(ours, std);
    }

    #[test]
    fn descending_and_chained_comparisons(keys in prop::collection::vec((0u8..4, 0u8..3), 0..200)) {
        // The call sites' shapes: descending on one field, then ascending on another.
        let mut ours: Vec<((u8, u8), usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
        let mut std = ours.clone();
        let compare = |a: &((u8, u8), usize), b: &((u8, u8), usize)| b.0 .0.cmp(&a.0 .0).then(a.0 .1.cmp(&b.0 .1));
        order::sort_by(&mut ours, compare);
        std.sort_by(compare);
        prop_assert_eq!(ours, std);
    }

    #[test]
    fn sort_by_key_equals_the_standard_one(keys in prop::collection::vec(0u8..8, 0..300)) {
        let mut ours = tagged(keys);
        let mut std = ours.clone();
        order::sort_by_key(&mut ours, |x| std::cmp::Reverse(x.0 % 3));
        std.sort_by_key(|x| std::cmp::Reverse(x.0 % 3));
        prop_assert_eq!(ours, std);
    }

    #[test]
    fn floats_by_total_cmp(xs in prop::collection::vec(prop::sample::select(vec![-1.5f64, 0.0, -0.0, 2.0, f64::INFINITY, 1e-9]), 0..100)) {
        // Few distinct values, -0.0 and 0.0 among them (total_cmp orders -0.0 first).
        let mut ours: Vec<(f64, usize)> = xs.into_iter().enumerate().map(|(i, x)| (x, i)).collect();
        let mut std = ours.clone();
        order::sort_by(&mut ours, |a, b| a.0.total_cmp(&b.0));
        std.sort_by(|a, b| a.0.total_cmp(&b.0));
        prop_assert_eq!(ours, std);
    }

    #[test]
    fn sort_equals_the_standard_sort(words in prop::collection::vec("[ab]{0,3}", 0..200)) {
        let mut ours = words;
        let mut std = ours.clone();
        order::sort(&mut ours);
        std.sort();
        prop_assert_eq!(ours, std);
    }

    #[test]
    fn map_equals_collect(pairs in prop::collection::vec((0u8..12, any::<u16>()), 0..300)) {
        // Few distinct keys: most are given several times; the later value must win, as in collect().
        let ours = order::map(pairs.iter().copied());
        let std: std::collections::BTreeMap<u8, u16> = pairs.into_iter().collect();
        prop_assert_eq!(ours, std);
    }

    #[test]
    fn set_equals_collect(words in prop::collection::vec("[ab]{0,3}", 0..200)) {
        let ours = order::set(words.iter().cloned());
        let std: std::collections::BTreeSet<String> = words.into_iter().collect();
        prop_assert_eq!(ours, std);
    }
}

#[test]
fn a_hand_checked_map_and_set() {
    // Key 2 given twice: its later value 'c' is kept; keys in order 1, 2, 3 whatever the input order.
    let m = order::map([(2, 'a'), (1, 'b'), (2, 'c'), (3, 'd')]);
    assert_eq!(m.into_iter().collect::<Vec<_>>(), vec![(1, 'b'), (2, 'c'), (3, 'd')]);
    // "x" twice is kept once; "w" < "x" < "y".
    let s = order::set(["y", "x", "w", "x"]);
    assert_eq!(s.into_iter().collect::<Vec<_>>(), vec!["w", "x", "y"]);
}

#[test]
fn a_hand_checked_order() {
    // Descending by score, ties by name ascending (the shape of compare's reports):
    // 3.0 first; then the two 2.0s, "a" before "b"; then 1.0.
    let mut v = vec![("b", 2.0f64), ("c", 1.0), ("a", 2.0), ("d", 3.0)];
    order::sort_by(&mut v, |x, y| y.1.total_cmp(&x.1).then(x.0.cmp(y.0)));
    assert_eq!(v, vec![("d", 3.0), ("a", 2.0), ("b", 2.0), ("c", 1.0)]);
    // All equal: nothing moves.
    let mut same = vec![(0, 'x'), (0, 'y'), (0, 'z')];
    order::sort_by(&mut same, |_, _| Ordering::Equal);
    assert_eq!(same, vec![(0, 'x'), (0, 'y'), (0, 'z')]);
}
