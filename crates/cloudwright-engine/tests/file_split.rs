//! The app reads a file in two steps, the second fetched on first use (BENCHMARKS.md
//! s56-size): `file::open_direct` (the one-pass reader, the size and text checks), and only
//! when it gives up, `file::load_versioned_by_tree` (the full reader). These tests check that
//! the two steps give exactly `file::open`'s answer — the same design and version, or the same
//! problems — on every template and fixture, good and bad, so the app and the CLI still accept
//! exactly the same files.
use cloudwright_engine::file;
use std::path::Path;

fn two_steps(bytes: &[u8]) -> Result<file::Loaded, file::ImportError> {
    file::open_direct(bytes).unwrap_or_else(|| file::load_versioned_by_tree(std::str::from_utf8(bytes).expect("the first step refuses what is not text")))
}

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("a fixtures directory") {
        let p = e.expect("an entry").path();
        if p.is_dir() {
            files_under(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

#[test]
fn the_two_steps_answer_as_open_on_every_template_and_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files_under(&root.join("../../templates"), &mut paths);
    files_under(&root.join("tests/fixtures/file"), &mut paths);
    files_under(&root.join("tests/fixtures/corpus"), &mut paths);
    assert!(paths.len() > 20, "found {} files", paths.len());
    let (mut direct, mut full) = (0, 0);
    for p in &paths {
        let bytes = std::fs::read(p).expect("read");
        match file::open_direct(&bytes) {
            Some(_) => direct += 1,
            None => full += 1,
        }
        assert_eq!(two_steps(&bytes), file::open(&bytes), "{}", p.display());
    }
    // Both steps are exercised: current files read in one pass, older ones by the full reader.
    assert!(direct > 0 && full > 0, "direct {direct}, full {full}");
}

/// Every template is in the current format and read by the first step alone: the welcome
/// gallery opens them all at the start (its thumbnails), and an older one would fetch the full
/// reader (32.7 KB brotli, s56-size) on every first visit. `UPDATE_TEMPLATES=1` re-saves an older
/// template as the app would save it (`file::open` migrates, `file::save` writes the current
/// format), like the format bumps before (issue 13's re-save in format 4).
#[test]
fn every_template_is_current_and_needs_no_full_reader() {
    let mut paths = Vec::new();
    files_under(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates"), &mut paths);
    let update = std::env::var_os("UPDATE_TEMPLATES").is_some();
    let mut checked = 0;
    for p in &paths {
        if p.ends_with("index.json") {
            continue;
        }
        let mut bytes = std::fs::read(p).expect("read");
        let old = file::open(&bytes).unwrap_or_else(|e| panic!("{}: {e:?}", p.display()));
        if update && old.version != file::SCHEMA_VERSION {
            let saved = file::save(&old.design);
            std::fs::write(p, &saved).expect("write");
            bytes = saved.into_bytes();
        }
        checked += 1;
        match file::open_direct(&bytes) {
            Some(Ok(l)) => assert_eq!(l.design, old.design, "{}: re-saved, the same design", p.display()),
            other => panic!("{}: not read by the one-pass reader ({}; UPDATE_TEMPLATES=1 re-saves it in format {})", p.display(), if other.is_none() { "it gives up" } else { "an error" }, file::SCHEMA_VERSION),
        }
    }
    assert!(checked >= 10, "{checked} templates");
}

#[test]
fn the_two_steps_refuse_as_open() {
    let current = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates/three-tier.json")).expect("the template");
    let text = String::from_utf8(current.clone()).expect("text");
    let cases: Vec<Vec<u8>> = vec![
        vec![0xff, 0xfe, 0x00, 0x41],
        b"".to_vec(),
        b"{".to_vec(),
        b"[]".to_vec(),
        b"{\"schema_version\": 99}".to_vec(),
        format!("\u{feff}{text}").into_bytes(),
        text.replacen("\"schema_version\": 5", "\"schema_version\": \"5\"", 1).into_bytes(),
        text.replacen("\"name\"", "\"nmae\"", 1).into_bytes(),
        vec![b' '; file::MAX_FILE_BYTES + 1],
    ];
    for bytes in cases {
        assert_eq!(two_steps(&bytes), file::open(&bytes), "{:?}", String::from_utf8_lossy(&bytes[..bytes.len().min(80)]));
    }
    // A current file is the first step's alone.
    assert!(matches!(file::open_direct(&current), Some(Ok(_))));
}
