//! Share links (`engine::share`): every template round-trips exactly; damaged, cut, oversized
//! and newer links are refused with the right reason and never panic; links made today keep
//! opening (a golden link).

use cloudwright_engine::file;
use cloudwright_engine::model::Design;
use cloudwright_engine::sample;
use cloudwright_engine::share::{self, ShareError, LINK_VERSION, MAX_PAYLOAD_CHARS};
use proptest::prelude::*;

mod common;
use common::by_file_name as templates;

/// Packs arbitrary bytes the way `encode` packs a design file (version byte + zlib + base64).
fn pack(version: u8, bytes: &[u8]) -> String {
    use base64::Engine;
    let mut v = vec![version];
    v.extend(miniz_oxide::deflate::compress_to_vec_zlib(bytes, 9));
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v)
}

#[test]
fn every_template_round_trips_exactly_and_fits() {
    for (name, d) in templates() {
        let payload = share::encode(&d).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(payload.len() <= MAX_PAYLOAD_CHARS);
        assert!(payload.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{name}: not URL-safe");
        let back = share::decode(&payload).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, d, "{name}: the design changed on the way through the link");
        // The file written from the decoded design is byte-identical too.
        assert_eq!(file::save(&back), file::save(&d), "{name}");
        // Reported in the issue note (run with --nocapture): the table of link sizes.
        let compact = file::save_compact(&d).len();
        let link = share::link("https://planner.example.com/", &d).unwrap_or_else(|e| panic!("{name}: {e}"));
        println!(
            "share link | {name:<34} | {:>6} B file | {compact:>6} B compact JSON | {:>5} chars after #d= ({:.1}x smaller) | {:>5} chars with https://planner.example.com/",
            file::save(&d).len(),
            payload.len(),
            compact as f64 / payload.len() as f64,
            link.len()
        );
    }
    println!("share link | limit: {MAX_PAYLOAD_CHARS} characters after #d=");
}

#[test]
fn payload_length_is_base64_of_version_byte_plus_zlib() {
    // base64 without padding writes ceil(4n/3) characters for n bytes. For n = 1 + zlib
    // length: e.g. 100 bytes -> ceil(400/3) = 134 characters.
    let d = sample::three_tier();
    let json = file::save_compact(&d);
    let n = 1 + miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), 9).len();
    assert_eq!(share::encode(&d).unwrap().len(), (4 * n).div_ceil(3));
    assert_eq!((4 * 100usize).div_ceil(3), 134);
}

#[test]
fn encoding_is_deterministic_and_link_drops_an_old_fragment() {
    let d = sample::three_tier();
    assert_eq!(share::encode(&d).unwrap(), share::encode(&d).unwrap());
    let link = share::link("https://example.org/planner/?x=1#d=old", &d).unwrap();
    assert!(link.starts_with("https://example.org/planner/?x=1#d="), "{link}");
    assert_eq!(share::payload_of_fragment(&link[link.find('#').unwrap()..]), Some(&link[link.find("#d=").unwrap() + 3..]));
}

#[test]
fn fragment_parsing() {
    assert_eq!(share::payload_of_fragment("#d=abc"), Some("abc"));
    assert_eq!(share::payload_of_fragment("d=abc"), Some("abc"));
    assert_eq!(share::payload_of_fragment("#x=1&d=abc&y=2"), Some("abc"));
    assert_eq!(share::payload_of_fragment("#d="), Some(""));
    assert_eq!(share::payload_of_fragment("#dd=abc"), None);
    assert_eq!(share::payload_of_fragment("#"), None);
    assert_eq!(share::payload_of_fragment(""), None);
    assert_eq!(share::decode(""), Err(ShareError::Empty));
}

/// A link made by this release (a small design), kept verbatim: later releases must keep
/// opening it. If this fails, old links in people's chats stopped working.
#[test]
fn a_link_made_today_keeps_opening() {
    let mut d = Design::new("Golden link", "eu-west-1");
    let node = cloudwright_engine::Node {
        id: "fn-1".into(),
        kind: "lambda".into(),
        label: "Resize <images> & \"thumbs\"".into(),
        parent: None,
        span: vec![],
        props: [("memory_mb".to_string(), cloudwright_engine::Value::Number(512.0))].into_iter().collect(),
        ingress: vec![],
        suppressions: vec![],
    };
    let add = cloudwright_engine::Edit::AddNode { node, rect: Some(cloudwright_engine::Rect::new(10.0, 20.0, 112.0, 72.0)) };
    add.apply(&mut d).expect("add a node");
    let payload = share::encode(&d).unwrap();
    // A link made before file format 3 (issue 19 dropped three properties): still opens.
    const GOLDEN_V2: &str = include_str!("fixtures/share/golden-link.txt");
    assert_eq!(share::decode(GOLDEN_V2.trim()).expect("the format-2 golden link opens"), d);
    // A link made in file format 3 (before scenarios): still opens.
    const GOLDEN_V3: &str = include_str!("fixtures/share/golden-link-v3.txt");
    assert_eq!(share::decode(GOLDEN_V3.trim()).expect("the format-3 golden link opens"), d);
    // A link made in file format 4 (before components spanning AZs): still opens.
    const GOLDEN_V4: &str = include_str!("fixtures/share/golden-link-v4.txt");
    assert_eq!(share::decode(GOLDEN_V4.trim()).expect("the format-4 golden link opens"), d);
    // Same release, same packing: today's link is the golden one of the current format.
    const GOLDEN: &str = include_str!("fixtures/share/golden-link-v5.txt");
    assert_eq!(share::decode(GOLDEN.trim()).expect("the golden link opens"), d);
    assert_eq!(payload, GOLDEN.trim());
}

#[test]
fn a_cut_link_never_opens() {
    let (_, d) = templates().into_iter().find(|(n, _)| n == "serverless-api.json").unwrap();
    let payload = share::encode(&d).unwrap();
    for len in 0..payload.len() {
        match share::decode(&payload[..len]) {
            Ok(_) => panic!("a link cut to {len} of {} characters opened", payload.len()),
            Err(ShareError::Empty | ShareError::Truncated | ShareError::Damaged(_)) => {}
            Err(e) => panic!("cut to {len}: unexpected {e:?}"),
        }
    }
}

#[test]
fn a_changed_character_never_opens_as_another_design() {
    let d = sample::three_tier();
    let payload = share::encode(&d).unwrap();
    let bytes = payload.as_bytes();
    // Change every 7th character to another base64url character: each either fails or (when
    // the change only touches the unused low bits of the last character) opens the same design.
    for i in (0..bytes.len()).step_by(7) {
        let mut b = bytes.to_vec();
        b[i] = if b[i] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(b).unwrap();
        if let Ok(other) = share::decode(&changed) {
            assert_eq!(other, d, "changing character {i} opened a different design");
        }
    }
}

#[test]
fn each_kind_of_bad_link_gets_its_own_message() {
    // A character base64url never uses.
    let e = share::decode("eJzLSM3JyQcABiwCFQ!!").unwrap_err();
    assert_eq!(e, ShareError::BadCharacter { offset: 18, character: '!' });
    assert!(e.to_string().contains("at character 19"), "{e}");
    assert!(matches!(share::decode("abc<img src=x onerror=alert(1)>"), Err(ShareError::BadCharacter { offset: 3, character: '<' })));
    // Too long: refused before decoding.
    let long = "A".repeat(MAX_PAYLOAD_CHARS + 1);
    assert_eq!(share::decode(&long), Err(ShareError::LinkTooLong { chars: MAX_PAYLOAD_CHARS + 1, max: MAX_PAYLOAD_CHARS }));
    // A zip bomb: 11 MiB of spaces packs into a few KB but unpacks past the 10 MiB file limit.
    let bomb = pack(LINK_VERSION, &vec![b' '; 11 << 20]);
    assert!(bomb.len() < MAX_PAYLOAD_CHARS);
    assert_eq!(share::decode(&bomb), Err(ShareError::UnpacksTooLarge { max: file::MAX_FILE_BYTES }));
    // A newer packing.
    let newer = pack(LINK_VERSION + 1, b"{}");
    assert_eq!(share::decode(&newer), Err(ShareError::NewerLink { version: LINK_VERSION + 1 }));
    assert!(share::decode(&newer).unwrap_err().to_string().contains("newer version of Cloudwright"));
    // Version byte 0 was never written.
    assert!(matches!(share::decode(&pack(0, b"{}")), Err(ShareError::Damaged(_))));
    // A design in a newer file format.
    let newer_file = pack(LINK_VERSION, br#"{"schema_version":99,"name":"x","region":"us-east-1"}"#);
    assert_eq!(share::decode(&newer_file), Err(ShareError::NewerFormat { version: 99 }));
    // Packed bytes that are not text.
    assert!(matches!(share::decode(&pack(LINK_VERSION, &[0xff, 0xfe, 0x00])), Err(ShareError::Damaged(_))));
    // Text that is not a design: the file format's own errors, with paths.
    match share::decode(&pack(LINK_VERSION, br#"{"schema_version":2,"name":"x","region":"us-east-1","nodes":{"a":{"id":"a","kind":"no-such-kind"}}}"#)) {
        Err(ShareError::Design(e)) => assert!(e.to_string().contains("$.nodes"), "{e}"),
        other => panic!("expected a design error, got {other:?}"),
    }
    // Valid zlib, wrong checksum: flip a bit in the Adler-32 trailer.
    let mut raw = vec![LINK_VERSION];
    raw.extend(miniz_oxide::deflate::compress_to_vec_zlib(file::save_compact(&sample::three_tier()).as_bytes(), 9));
    *raw.last_mut().unwrap() ^= 1;
    use base64::Engine;
    let bad_sum = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw);
    assert_eq!(share::decode(&bad_sum), Err(ShareError::Damaged("its checksum does not match".into())));
}

#[test]
fn a_design_too_large_for_a_link_is_refused_with_its_size() {
    // Text that does not compress: 400,000 pseudo-random letters (a 64-bit LCG) in one label
    // pack to ~250 KB (log2(26) = 4.7 bits a letter), so the link would be ~330,000 characters,
    // past the 65,536 limit.
    let mut d = sample::three_tier();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let noise: String = (0..400_000)
        .map(|_| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            char::from(b'a' + ((x >> 33) % 26) as u8)
        })
        .collect();
    let id = d.nodes.keys().next().unwrap().clone();
    d.nodes.get_mut(&id).unwrap().label = noise;
    match share::encode(&d) {
        Err(ShareError::DesignTooLarge { chars, max }) => {
            assert_eq!(max, MAX_PAYLOAD_CHARS);
            assert!(chars > 300_000, "{chars}");
        }
        other => panic!("expected DesignTooLarge, got {:?}", other.map(|p| p.len())),
    }
}

#[test]
fn generated_designs_round_trip_and_report_their_size() {
    for n in [10, 100, 300, 1000] {
        let d = sample::synthetic(n);
        match share::encode(&d) {
            Ok(p) => {
                assert_eq!(share::decode(&p).unwrap(), d);
                println!("share link synthetic({n}): {} characters", p.len());
            }
            Err(e) => println!("share link synthetic({n}): {e}"),
        }
    }
    // Designs up to 1,000 components fit in a link.
    assert!(share::encode(&sample::synthetic(1000)).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    /// Whatever is pasted after `#d=`, decoding answers and never panics.
    #[test]
    fn decode_never_panics_on_any_text(s in "\\PC{0,300}") {
        let _ = share::decode(&s);
    }

    /// Nor on any base64url text (which gets past the alphabet check into unpacking).
    #[test]
    fn decode_never_panics_on_any_base64(s in "[A-Za-z0-9_-]{0,400}") {
        let _ = share::decode(&s);
    }

    /// Nor on valid packing around random bytes.
    #[test]
    fn decode_never_panics_on_packed_noise(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = share::decode(&pack(LINK_VERSION, &bytes));
    }
}
