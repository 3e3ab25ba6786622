//! A dashed connector drawn only where it shows (`diagram::geometry::dash_pieces_within`, what a
//! drag draws on the canvas's bitmap): every clipped piece lies on its piece of the whole
//! polyline and inside the area, starts the dash pattern where the whole polyline has it at
//! that point, and together they cover every point of the polyline inside the area.

use cloudwright_engine::diagram::geometry::{dash_pieces_of, dash_pieces_within};
use cloudwright_engine::Rect;
use proptest::prelude::*;

const EPS: f64 = 1e-6;

fn inside(p: (f64, f64), r: &Rect) -> bool {
    p.0 >= r.x - EPS && p.0 <= r.x + r.w + EPS && p.1 >= r.y - EPS && p.1 <= r.y + r.h + EPS
}

/// The distance from `p` to the segment `a`–`b`, and how far along it `p`'s foot lies.
fn on_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 { 0.0 } else { (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0) };
    let foot = (a.0 + dx * t, a.1 + dy * t);
    ((p.0 - foot.0).hypot(p.1 - foot.1), t * len2.sqrt())
}

fn coord() -> impl Strategy<Value = f64> {
    (-400i32..400).prop_map(|v| v as f64 / 2.0)
}

proptest! {
    #[test]
    fn clipped_pieces_are_the_polyline_in_the_area(
        pts in prop::collection::vec((coord(), coord()), 2..6),
        (x, y, w, h) in (coord(), coord(), 0i32..300, 0i32..300),
    ) {
        let area = Rect::new(x, y, w as f64, h as f64);
        let whole = dash_pieces_of(&pts);
        let clipped = dash_pieces_within(&pts, &area);
        // Each clipped piece: inside the area, on one segment of the polyline, with the dash
        // offset of the polyline at its start.
        let mut along = vec![0.0];
        for s in pts.windows(2) {
            along.push(along.last().unwrap() + (s[1].0 - s[0].0).hypot(s[1].1 - s[0].1));
        }
        prop_assert!(clipped.len() <= whole.len());
        for c in &clipped {
            prop_assert!(inside(c.from, &area) && inside(c.to, &area), "{c:?} outside {area:?}");
            let found = pts.windows(2).enumerate().any(|(i, s)| {
                let (d0, t0) = on_segment(c.from, s[0], s[1]);
                let (d1, _) = on_segment(c.to, s[0], s[1]);
                d0 < 1e-6 && d1 < 1e-6 && (c.along - (along[i] + t0)).abs() < 1e-6
            });
            prop_assert!(found, "{c:?} is no part of {pts:?} with its dash offset");
        }
        // Every point of the polyline inside the area is on a clipped piece.
        for s in pts.windows(2) {
            for k in 0..=20 {
                let t = k as f64 / 20.0;
                let p = (s[0].0 + (s[1].0 - s[0].0) * t, s[0].1 + (s[1].1 - s[0].1) * t);
                if p.0 > area.x + EPS && p.0 < area.x + area.w - EPS && p.1 > area.y + EPS && p.1 < area.y + area.h - EPS {
                    prop_assert!(clipped.iter().any(|c| on_segment(p, c.from, c.to).0 < 1e-6), "{p:?} of {pts:?} in {area:?} not drawn");
                }
            }
        }
    }
}
