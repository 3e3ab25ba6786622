//! The page's reader of the worker's answers (`wire`) reads what rmp-serde reads: every reply
//! the worker sends on random edit sequences and on the templates, and random values of every
//! shape of serde's data model, give values equal to `rmp_serde::from_slice`'s — compared as
//! the bytes they encode to again, so NaN and infinite figures compare by their bits.
//! Malformed messages are errors, never panics.

use cloudwright_analysis_worker::{decode, encode, encode_request, decode_request, wire, Change, Reply, Request, Worker};
use cloudwright_engine::model::Design;
use cloudwright_engine::{file, sample};
use proptest::prelude::*;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::collections::BTreeMap;

#[path = "../../cloudwright-engine/tests/common/mod.rs"]
mod common;

fn zero() -> f64 {
    0.0
}

/// `bytes` read by both readers: equal values (by their bytes) or both refused.
fn same_as_rmp<T: Serialize + DeserializeOwned>(bytes: &[u8]) -> Result<(), TestCaseError> {
    let ours = wire::from_slice::<T>(bytes);
    let theirs = rmp_serde::from_slice::<T>(bytes);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => prop_assert_eq!(rmp_serde::to_vec_named(a).unwrap(), rmp_serde::to_vec_named(b).unwrap()),
        (Err(_), Err(_)) => {}
        _ => prop_assert!(false, "wire: {:?}, rmp-serde: {:?}", ours.as_ref().err(), theirs.as_ref().err()),
    }
    Ok(())
}

/// Every reply of a worker following `steps` (seeded edits sent in bursts, every answer
/// accepted, so later ones are patches) read by both readers.
fn replies_of(mut d: Design, steps: &[(u8, u64, u64, f64)], burst: usize) -> Result<usize, TestCaseError> {
    let mut w = Worker::new();
    let mut seq = 0;
    let mut have = None;
    let mut read = 0;
    let mut ask = |w: &mut Worker, change: Change, have: Option<u64>| -> Result<u64, TestCaseError> {
        seq += 1;
        let req = Request { seq, change, scenario: None, have };
        prop_assert!(w.receive(decode_request(&encode_request(&req)).unwrap(), &zero).is_none());
        let bytes = encode(&w.run(&zero).expect("pending"));
        same_as_rmp::<Reply>(&bytes)?;
        prop_assert!(decode(&bytes).is_ok());
        read += 1;
        Ok(seq)
    };
    have = Some(ask(&mut w, Change::Load { design: file::save_compact(&d) }, have)?);
    for chunk in steps.chunks(burst.max(1)) {
        let mut applied = Vec::new();
        for &(op, a, b, u) in chunk {
            if let Some(e) = sample::seeded_edit(&d, op, a, b, u) {
                if e.apply(&mut d).is_ok() {
                    applied.push(e);
                }
            }
        }
        if !applied.is_empty() {
            have = Some(ask(&mut w, Change::Edits { edits: applied }, have)?);
        }
    }
    Ok(read)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn replies_read_as_rmp_serde_reads_them(size in 20usize..200, burst in 1usize..4, steps in prop::collection::vec((any::<u8>(), any::<u64>(), any::<u64>(), 0.0..=1.0f64), 1..12)) {
        replies_of(sample::synthetic(size), &steps, burst)?;
    }
}

#[test]
fn replies_on_every_template_read_as_rmp_serde_reads_them() {
    for (name, d) in common::by_file_name() {
        let steps: Vec<(u8, u64, u64, f64)> = (0..8u64).map(|i| ((i * 5 % 7) as u8, i * 7919 + 3, i * 104_729 + 1, (i as f64 + 0.5) / 8.0)).collect();
        replies_of(d, &steps, 2).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    // The other replies.
    for r in [Reply::Ready, Reply::NeedDesign { seq: 3, why: "no design yet".into() }] {
        assert_eq!(decode(&encode(&r)).unwrap(), r);
    }
}

/// Every shape of serde's data model the answers could hold, and a few they do not (so a
/// type added to the answers later is read right too).
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Shapes {
    small: (u8, u16, u32, u64),
    signed: (i8, i16, i32, i64),
    floats: (f32, f64),
    flag: bool,
    letter: char,
    text: String,
    maybe: Option<u32>,
    maybe_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    absent: Option<Vec<u8>>,
    list: Vec<Unit>,
    kinds: Vec<Kind>,
    map: BTreeMap<String, f64>,
    by_number: BTreeMap<u32, bool>,
    wrapped: Wrapped,
    pair: Pair,
    nothing: Nothing,
    unit: (),
    loose: Loose,
    tagged: Tagged,
    nested: Vec<Vec<(u64, String)>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Unit {
    Alpha,
    Beta,
    Gamma,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
enum Kind {
    Plain,
    Newtype(f64),
    Tuple(u32, String),
    Struct { x: i64, y: Option<bool> },
    Boxed(Box<Option<Kind>>),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Wrapped(Vec<u16>);

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Pair(i32, f32);

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Nothing;

/// Read through serde's `Content` buffer (`deserialize_any`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum Loose {
    Number(f64),
    Words(Vec<String>),
    Record { a: u8 },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "t")]
enum Tagged {
    One { v: i16 },
    Two { w: String },
}

/// A struct read as one with fewer fields: the others are skipped.
#[derive(Debug, Serialize, Deserialize)]
struct Narrow {
    text: String,
    pair: Pair,
}

fn unit() -> impl Strategy<Value = Unit> {
    prop_oneof![Just(Unit::Alpha), Just(Unit::Beta), Just(Unit::Gamma)]
}

fn kind() -> impl Strategy<Value = Kind> {
    let leaf = prop_oneof![
        Just(Kind::Plain),
        any::<f64>().prop_map(Kind::Newtype),
        (any::<u32>(), ".{0,40}").prop_map(|(a, b)| Kind::Tuple(a, b)),
        (any::<i64>(), any::<Option<bool>>()).prop_map(|(x, y)| Kind::Struct { x, y }),
    ];
    leaf.prop_recursive(3, 8, 2, |inner| prop::option::of(inner).prop_map(|k| Kind::Boxed(Box::new(k))))
}

/// Integers spread over every MessagePack width (fixint, 8, 16, 32, 64 bits).
fn wide_u64() -> impl Strategy<Value = u64> {
    (0u32..64, any::<u64>()).prop_map(|(bits, x)| if bits == 0 { 0 } else { x >> (64 - bits) })
}

fn wide_i64() -> impl Strategy<Value = i64> {
    (0u32..64, any::<i64>()).prop_map(|(bits, x)| if bits == 0 { 0 } else { x >> (64 - bits) })
}

fn shapes() -> impl Strategy<Value = Shapes> {
    (
        (any::<u8>(), any::<u16>(), any::<u32>(), wide_u64()),
        (any::<i8>(), any::<i16>(), any::<i32>(), wide_i64()),
        (any::<f32>(), any::<f64>(), any::<bool>(), any::<char>()),
        // Strings of every length format: fixstr (< 32 bytes), str8, str16.
        prop_oneof![".{0,31}", ".{32,300}", "[a-z]{256,700}"],
        (any::<Option<u32>>(), any::<Option<String>>(), prop::option::of(prop::collection::vec(any::<u8>(), 0..20))),
        // Arrays and maps past 15 items (array16/map16).
        (prop::collection::vec(unit(), 0..40), prop::collection::vec(kind(), 0..20), prop::collection::btree_map(".{0,8}", any::<f64>(), 0..20), prop::collection::btree_map(wide_u64().prop_map(|x| x as u32), any::<bool>(), 0..20)),
        (prop::collection::vec(any::<u16>(), 0..20), any::<i32>(), any::<f32>()),
        prop_oneof![any::<f64>().prop_map(Loose::Number), prop::collection::vec(".{0,5}", 0..4).prop_map(Loose::Words), any::<u8>().prop_map(|a| Loose::Record { a })],
        prop_oneof![any::<i16>().prop_map(|v| Tagged::One { v }), ".{0,10}".prop_map(|w| Tagged::Two { w })],
        prop::collection::vec(prop::collection::vec((wide_u64(), ".{0,4}"), 0..4), 0..4),
    )
        .prop_map(|(small, signed, (f32_, f64_, flag, letter), text, (maybe, maybe_text, absent), (list, kinds, map, by_number), (w, p0, p1), loose, tagged, nested)| Shapes {
            small,
            signed,
            floats: (f32_, f64_),
            flag,
            letter,
            text,
            maybe,
            maybe_text,
            absent,
            list,
            kinds,
            map,
            by_number,
            wrapped: Wrapped(w),
            pair: Pair(p0, p1),
            nothing: Nothing,
            unit: (),
            loose,
            tagged,
            nested,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn every_shape_reads_as_rmp_serde_reads_it(s in shapes()) {
        let bytes = rmp_serde::to_vec_named(&s).unwrap();
        same_as_rmp::<Shapes>(&bytes)?;
        prop_assert!(wire::from_slice::<Shapes>(&bytes).is_ok());
        // Fields the type does not read are skipped, whatever they hold.
        same_as_rmp::<Narrow>(&bytes)?;
        prop_assert!(wire::from_slice::<Narrow>(&bytes).is_ok());
    }

    /// Cut short or with a byte changed, a message is read or refused — never a panic; when
    /// both readers accept it they read the same value.
    #[test]
    fn malformed_messages_are_refused_not_panics(s in shapes(), cut in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let bytes = rmp_serde::to_vec_named(&s).unwrap();
        let short = &bytes[..cut.index(bytes.len())];
        prop_assert!(wire::from_slice::<Shapes>(short).is_err());
        let mut changed = bytes.clone();
        changed[at.index(bytes.len())] = byte;
        if let (Ok(a), Ok(b)) = (wire::from_slice::<Shapes>(&changed), rmp_serde::from_slice::<Shapes>(&changed)) {
            prop_assert_eq!(rmp_serde::to_vec_named(&a).unwrap(), rmp_serde::to_vec_named(&b).unwrap());
        }
    }
}

#[test]
fn the_32_bit_lengths_are_read() {
    // str32, array32, map32 (past 65,535) and bin.
    let long = "x".repeat(70_000);
    let many: Vec<u8> = (0..70_000u32).map(|i| i as u8).collect();
    let map: BTreeMap<u32, ()> = (0..70_000).map(|i| (i, ())).collect();
    let v = (long, many, map);
    let bytes = rmp_serde::to_vec_named(&v).unwrap();
    assert_eq!(wire::from_slice::<(String, Vec<u8>, BTreeMap<u32, ()>)>(&bytes).unwrap(), v);
}

#[test]
fn a_reply_followed_by_stray_bytes_is_refused() {
    // rmp-serde reads the first value and ignores what follows; the page must not take a
    // message it cannot account for.
    let mut bytes = encode(&Reply::NeedDesign { seq: 1, why: "x".into() });
    bytes.push(0xc0);
    assert!(decode(&bytes).unwrap_err().contains("1 bytes follow"), "{:?}", decode(&bytes));
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    // 100,000 nested one-item arrays, then nil.
    let mut bytes = vec![0x91u8; 100_000];
    bytes.push(0xc0);
    // Skipped (a field not read) without recursion: accepted.
    assert!(wire::from_slice::<serde::de::IgnoredAny>(&bytes).is_ok());
    // Read into a type: refused past `MAX_DEPTH` levels, as rmp-serde does. (A thread with a
    // large stack: 1,024 levels of unoptimised visitors may not fit in a test thread's 2 MB.)
    #[derive(Debug, Deserialize)]
    struct Deep(#[allow(dead_code)] Vec<Deep>);
    let e = std::thread::Builder::new().stack_size(64 << 20).spawn(move || wire::from_slice::<Deep>(&bytes).map(|_| ())).unwrap().join().unwrap().unwrap_err();
    assert!(e.to_string().contains("nested more than"), "{e}");
}
