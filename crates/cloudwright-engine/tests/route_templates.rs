//! Every template's connectors are drawn exactly as before the routing speed-ups of issue 20
//! (the region check and the goal-port estimate in `diagram::route`'s search): the path data
//! of each connector, in connection-id order, equals `tests/fixtures/routes/<template>.txt`,
//! which was written by the `cloudwright diagram` of main at 7817927 (the connectors' `d`
//! attributes of its SVG) before those changes, and written again (s15-text) when the label
//! width estimate became the widest of the fonts measured (`diagram::text_metrics`): wider
//! label boxes move ports and bends by a few pixels, and the hosting template's DNS label
//! now takes three lines; and again (s43-band) when a band across AZs wrapped its name at
//! its own width (one line: its label box shorter, a port 5.5 px higher).
//! `UPDATE_ROUTES=1` writes the files from the current routing.

use cloudwright_engine::diagram::route::route_all;
use std::path::PathBuf;

mod common;

#[test]
fn every_template_routes_as_the_pinned_drawing() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/routes");
    let mut checked = 0;
    for (stem, d) in common::by_stem() {
        let want = std::fs::read_to_string(dir.join(format!("{stem}.txt"))).unwrap_or_else(|e| panic!("{stem}: {e}"));
        let routes = route_all(&d);
        let got: Vec<String> = d.connections.keys().filter_map(|id| routes.get(id)).map(|r| r.path()).collect();
        if std::env::var_os("UPDATE_ROUTES").is_some() {
            std::fs::write(dir.join(format!("{stem}.txt")), got.iter().map(|l| format!("{l}\n")).collect::<String>()).unwrap();
            checked += 1;
            continue;
        }
        let want: Vec<&str> = want.lines().collect();
        assert_eq!(got.len(), want.len(), "{stem}: connectors drawn");
        for (k, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g, w, "{stem}: connector {k} (in id order)");
        }
        checked += 1;
    }
    assert!(checked >= 9, "the reference templates");
}
