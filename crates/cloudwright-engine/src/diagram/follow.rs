//! A drag's connectors drawn as a handful of SVG paths (issue 20: a node with hundreds of
//! connections must drag as fluidly as a leaf).
//!
//! [`super::route::Follow`] gives each followed connector's route per pointer move. Drawn as
//! one element per connector (one per straight piece for a dashed one), the 613 connectors of
//! a 1,000-node estate's biggest hub cost ~1,500 DOM writes and ~25 ms of script per move, and
//! ~2,450 elements made when the drag started (BENCHMARKS.md, s24-hub). Here every connector of
//! one kind is a subpath (`M … L …`) of one path data string, and every arrowhead a closed
//! triangle of one more: the page writes at most eight attributes per move.
//!
//! Two things a single path changes, and how they are kept as the diagram draws them:
//! - **Dashes.** The dash pattern restarts at the start of each subpath (SVG 2, `stroke-dasharray`;
//!   Skia dashes contour by contour), and a path has one `stroke-dashoffset`. Each connector is
//!   one subpath along its whole route, so its dashes run on around its corners as the
//!   diagram's pieces show them (`geometry::dash_pieces`, each piece offset by its distance
//!   along the route). Only the part of a route in the area drawn is written (a hub's
//!   connectors run off across the whole estate, and a browser dashes a polyline over its whole
//!   length on every repaint); a part that starts inside the route is started earlier, at the
//!   last multiple of [`DASH_REPEAT`] along the route before it, where every dashed look's
//!   pattern is where it was at the route's start: the same dashes as the whole route.
//! - **Arrowheads.** A marker on a path of many subpaths is drawn at the end of the last one
//!   only, so each connector's arrowhead is the marker's triangle ([`HEAD`]) written as a
//!   subpath of a filled path.

use super::route::Follow;
use crate::model::{ConnKind, Rect};
use std::fmt::Write;

/// A length after which every dashed look's pattern repeats, world units: the least common
/// multiple of the patterns' lengths (styles/app.css: `.edge-async` 6 4 = 10,
/// `.edge-replication` 2 3 = 5, `.edge-association` 3 3 = 6; `tests/e2e/s24-hub.test.mjs`
/// reads the computed styles and checks that each divides it).
pub const DASH_REPEAT: f64 = 30.0;

/// The arrowhead as the canvas's markers draw it (`#arrow`, `#arrow-async` in `canvas.rs`:
/// `viewBox="0 0 10 10"`, `refX="9" refY="5"`, `markerWidth="7"`, the triangle
/// `M0,0 L10,5 L0,10 z`, sized by the 1.5-unit stroke of `.edge-line`): its three corners in
/// marker units relative to the reference point (x along the connector's last segment, y to its
/// left), and the world units per marker unit (7 × 1.5 / 10).
pub const HEAD: ([(f64, f64); 3], f64) = ([(-9.0, -5.0), (1.0, 0.0), (-9.0, 5.0)], 7.0 * 1.5 / 10.0);

/// The followed connectors as path data: per kind (in [`ConnKind::ALL`]'s order) one string of
/// their lines and one of their arrowheads. Reused between moves: [`Follow::draw_at`] clears
/// and refills the strings (no allocation once they are long enough).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawn {
    pub lines: [String; 4],
    pub heads: [String; 4],
}

impl Drawn {
    /// The lines of `kind`.
    pub fn lines(&self, kind: ConnKind) -> &str {
        &self.lines[slot(kind)]
    }
    /// The arrowheads of `kind`.
    pub fn heads(&self, kind: ConnKind) -> &str {
        &self.heads[slot(kind)]
    }
}

fn slot(kind: ConnKind) -> usize {
    ConnKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

impl Follow {
    /// Every followed connector with the moving nodes moved by (`dx`, `dy`) world units, drawn
    /// into `out`: the part of its route in `area` (the world area the canvas shows, with a
    /// margin) as subpaths of its kind's lines (see the module's comment on dashes), and, when
    /// `headed(kind)` and its end is in `area`, its arrowhead. A connector wholly in `area` is
    /// written exactly as [`super::Route::path`] writes it.
    pub fn draw_at(&self, dx: f64, dy: f64, area: &Rect, headed: impl Fn(ConnKind) -> bool, out: &mut Drawn) {
        for s in out.lines.iter_mut().chain(out.heads.iter_mut()) {
            s.clear();
        }
        let mut points: Vec<(f64, f64)> = Vec::with_capacity(4);
        for (_, kind, route) in self.routes_at(dx, dy) {
            // The points as `Route::path` writes them: what the drop draws, and what the
            // diagram's dash offsets are measured along.
            points.clear();
            points.extend(route.points.iter().map(|&(x, y)| (round(x), round(y))));
            let k = slot(kind);
            clipped(&points, area, &mut out.lines[k]);
            if headed(kind) {
                head(&points, area, &mut out.heads[k]);
            }
        }
    }
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Writes the parts of the polyline `points` that are in `area` as subpaths to `out`, each
/// started at the last multiple of [`DASH_REPEAT`] along the polyline before it.
fn clipped(points: &[(f64, f64)], area: &Rect, out: &mut String) {
    // Distance along the polyline of each point.
    let mut at = Vec::with_capacity(points.len());
    let mut s = 0.0;
    for (i, p) in points.iter().enumerate() {
        if i > 0 {
            let q = points[i - 1];
            s += (p.0 - q.0).hypot(p.1 - q.1);
        }
        at.push(s);
    }
    // The runs in the area, as distances along the polyline (consecutive segments' parts that
    // meet at a shared point make one run).
    let mut run: Option<(f64, f64)> = None;
    let flush = |r: (f64, f64), out: &mut String| {
        let start = (r.0 / DASH_REPEAT).floor() * DASH_REPEAT;
        write_between(points, &at, start.max(0.0), r.1, out);
    };
    for i in 0..points.len().saturating_sub(1) {
        let Some((t0, t1)) = clip(points[i], points[i + 1], area) else { continue };
        let len = at[i + 1] - at[i];
        let (s0, s1) = (at[i] + t0 * len, if t1 >= 1.0 { at[i + 1] } else { at[i] + t1 * len });
        run = match run {
            Some((a, b)) if s0 <= b + 1e-9 => Some((a, s1)),
            Some(r) => {
                flush(r, out);
                Some((s0, s1))
            }
            None => Some((s0, s1)),
        };
    }
    if let Some(r) = run {
        flush(r, out);
    }
}

/// Writes the polyline from distance `from` to `to` along it as one subpath.
fn write_between(points: &[(f64, f64)], at: &[f64], from: f64, to: f64, out: &mut String) {
    if to <= from {
        return;
    }
    let point_at = |s: f64| -> (f64, f64) {
        // The segment holding distance s (the last one for the end).
        let i = at.partition_point(|a| *a <= s).saturating_sub(1).min(points.len() - 2);
        let len = at[i + 1] - at[i];
        if s <= at[i] || len == 0.0 {
            return points[i];
        }
        if s >= at[i + 1] {
            return points[i + 1];
        }
        let t = (s - at[i]) / len;
        let (p, q) = (points[i], points[i + 1]);
        (round(p.0 + (q.0 - p.0) * t), round(p.1 + (q.1 - p.1) * t))
    };
    if !out.is_empty() {
        out.push(' ');
    }
    let (x, y) = point_at(from);
    let _ = write!(out, "M{x},{y}");
    for (p, a) in points.iter().zip(at) {
        if *a > from && *a < to {
            let _ = write!(out, " L{},{}", p.0, p.1);
        }
    }
    let (x, y) = point_at(to);
    let _ = write!(out, " L{x},{y}");
}

/// The part of the segment p → q inside `r` (Liang–Barsky), as parameters 0 ≤ t0 ≤ t1 ≤ 1.
fn clip(p: (f64, f64), q: (f64, f64), r: &Rect) -> Option<(f64, f64)> {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (pk, qk) in [(-dx, p.0 - r.x), (dx, r.x + r.w - p.0), (-dy, p.1 - r.y), (dy, r.y + r.h - p.1)] {
        if pk == 0.0 {
            if qk < 0.0 {
                return None;
            }
        } else {
            let t = qk / pk;
            if pk < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some((t0, t1))
}

/// Writes the arrowhead at the polyline's end (the marker's triangle, [`HEAD`]) to `out`, when
/// that end is in `area`.
fn head(points: &[(f64, f64)], area: &Rect, out: &mut String) {
    let [.., p, e] = points else { return };
    let (dx, dy) = (e.0 - p.0, e.1 - p.1);
    let len = dx.hypot(dy);
    if len == 0.0 || !area.contains_point(e.0, e.1) {
        return;
    }
    let (ux, uy) = (dx / len, dy / len);
    // SVG's y axis points down: the marker's y axis is the direction turned a quarter clockwise
    // on screen, (−uy, ux).
    let (corners, scale) = HEAD;
    if !out.is_empty() {
        out.push(' ');
    }
    for (i, (mx, my)) in corners.iter().enumerate() {
        let (x, y) = (e.0 + scale * (mx * ux - my * uy), e.1 + scale * (mx * uy + my * ux));
        let _ = write!(out, "{}{},{}", if i == 0 { "M" } else { " L" }, round(x), round(y));
    }
    out.push_str(" Z");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_is_clipped_to_the_area() {
        let r = Rect::new(0.0, 0.0, 100.0, 100.0);
        assert_eq!(clip((-50.0, 10.0), (50.0, 10.0), &r), Some((0.5, 1.0)));
        assert_eq!(clip((10.0, 10.0), (10.0, 90.0), &r), Some((0.0, 1.0)));
        assert_eq!(clip((10.0, 150.0), (10.0, 250.0), &r), None);
        assert_eq!(clip((-10.0, 50.0), (-10.0, 60.0), &r), None);
    }

    #[test]
    fn a_part_inside_starts_where_the_dash_pattern_starts_again() {
        // Along y = 10 from x = -100 to 200, the area x ∈ [0, 100]: the part inside starts at
        // distance 100 along, so it is drawn from distance 90 (3 × 30), x = -10, to x = 100.
        let mut out = String::new();
        clipped(&[(-100.0, 10.0), (200.0, 10.0)], &Rect::new(0.0, 0.0, 100.0, 100.0), &mut out);
        assert_eq!(out, "M-10,10 L100,10");
        // Wholly inside: as `Route::path` writes it.
        out.clear();
        clipped(&[(10.0, 10.0), (50.0, 10.0), (50.0, 80.0)], &Rect::new(0.0, 0.0, 100.0, 100.0), &mut out);
        assert_eq!(out, "M10,10 L50,10 L50,80");
        // Out, in, out, in again: two subpaths, each started on the pattern.
        out.clear();
        clipped(&[(10.0, -50.0), (10.0, 50.0), (200.0, 50.0), (200.0, 80.0), (50.0, 80.0)], &Rect::new(0.0, 0.0, 100.0, 100.0), &mut out);
        // First run: distance 50 (y = 0) to 150 (x = 100 on y = 50): from 30 (y = -20).
        // Second run: the last segment enters at x = 100: distance 100 + 190 + 30 + 100 = 420,
        // 420 is 14 × 30: from there to the end (470).
        assert_eq!(out, "M10,-20 L10,50 L100,50 M100,80 L50,80");
    }

    #[test]
    fn the_arrowhead_is_the_markers_triangle() {
        // Ending at (100, 0), heading +x: tip 1.05 past the end, the base 9.45 back, 5.25 to
        // either side.
        let mut out = String::new();
        head(&[(0.0, 0.0), (100.0, 0.0)], &Rect::new(-10.0, -10.0, 200.0, 200.0), &mut out);
        assert_eq!(out, "M90.6,-5.3 L101.1,0 L90.6,5.3 Z");
        // Heading down (+y): the marker's x is screen y.
        out.clear();
        head(&[(0.0, 0.0), (0.0, 100.0)], &Rect::new(-10.0, -10.0, 200.0, 200.0), &mut out);
        assert_eq!(out, "M5.3,90.6 L0,101.1 L-5.3,90.6 Z");
        // End outside the area: none.
        out.clear();
        head(&[(0.0, 0.0), (0.0, 300.0)], &Rect::new(-10.0, -10.0, 200.0, 200.0), &mut out);
        assert_eq!(out, "");
    }
}
