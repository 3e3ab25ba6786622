//! Where a new node goes: a free spot in its container, never on top of another node.
//!
//! The editor drops a component where the pointer is; when that spot is taken (by a sibling,
//! or by a sibling's label) the node goes to the nearest free spot in the same container, and
//! when the container is full the container (and its ancestors) grow to hold it. A new
//! container is sized to fit its parent and the visible area, so it lands fully on screen.
//!
//! Pure functions over the layout, world units (1 = one CSS pixel at 100% zoom).

use super::geometry::{default_size, inflate, intersects, label_box, label_box_sized, label_size, node_is_container, union};
use super::tidy::{HEAD, PAD};
use crate::catalog;
use crate::model::{check_parent, Design, Node, NodeId, PlacementError, Rect};
use std::collections::BTreeSet;

/// Gap kept between a new node's footprint (box and label) and its siblings'.
pub const GAP: f64 = 20.0;
/// The smallest a new container is made to fit the screen or its parent (the canvas's
/// resize minimum).
pub const MIN_CONTAINER: (f64, f64) = (120.0, 80.0);
/// The grid positions snap to, world units (the canvas's grid).
pub const GRID: f64 = 10.0;

fn snap(v: f64) -> f64 {
    (v / GRID).round() * GRID
}

/// What a node covers on the diagram: its box and, for a component, its label (which may be
/// wider than the box and run below it when it wraps).
pub fn footprint(container: bool, label: &str, r: &Rect) -> Rect {
    if container {
        *r
    } else {
        union(r, &label_box(false, label, r))
    }
}

/// Where a container's contents may go: inside its frame, below its icon and label.
pub fn inner(r: &Rect) -> Rect {
    Rect::new(r.x + PAD, r.y + HEAD, (r.w - 2.0 * PAD).max(0.0), (r.h - HEAD - PAD / 2.0).max(0.0))
}

fn intersection(a: &Rect, b: &Rect) -> Option<Rect> {
    let (x0, y0) = (a.x.max(b.x), a.y.max(b.y));
    let (x1, y1) = ((a.x + a.w).min(b.x + b.w), (a.y + a.h).min(b.y + b.h));
    (x1 > x0 && y1 > y0).then(|| Rect::new(x0, y0, x1 - x0, y1 - y0))
}

/// The position nearest to `want` (same size) inside `area` that keeps at least `gap` from
/// every rectangle of `taken`; `None` when there is none ([`free_offset`] for one rectangle).
pub fn free_spot(want: &Rect, area: &Rect, taken: &[Rect], gap: f64) -> Option<Rect> {
    free_offset(std::slice::from_ref(want), area, taken, gap).map(|(dx, dy)| Rect::new(want.x + dx, want.y + dy, want.w, want.h))
}

/// The smallest shift (dx, dy) of a group of rectangles `members` (moved together, as one)
/// that keeps their bounding box inside `area` and each of them at least `gap` from every
/// rectangle of `taken`; `None` when there is none.
///
/// Exact and cheap: a free shift that is nearest to (0, 0) can be slid until, on each axis,
/// it is 0, puts the group's box against the area's edge, or puts a member against the gap
/// around a taken rectangle. So only those shifts are tried (O(k²·n·m) for k candidates per
/// axis, n taken rectangles and m members), each also snapped so the group's box is on the
/// grid. Ties go to the upper, then the left one, so the result is deterministic.
pub fn free_offset(members: &[Rect], area: &Rect, taken: &[Rect], gap: f64) -> Option<(f64, f64)> {
    let b = bounding(members.iter())?;
    free_offset_at(members, (b.x, b.y), false, None, area, taken, gap)
}

/// [`free_offset`], each shift also tried snapped (down and up) so that the point `anchor`
/// (the first member's box corner, measured from a point of the grid: footprints with labels
/// are not on the grid) lands on the grid; `grid_only`: only those (a node is never placed off the grid, s27 testers: a group
/// landed at x 76.526) — and `home`, the shift that puts a moved group back where it stood
/// (on the grid or not: a hand-made or imported layout), tried as it is, in or out of `area`
/// (where it stood is a place in its container, as [`spot_in`]'s clamp keeps it), and taken
/// on a tie (nothing to undo). Returned as given, bit for bit, when it is the answer.
fn free_offset_at(members: &[Rect], anchor: (f64, f64), grid_only: bool, home: Option<(f64, f64)>, area: &Rect, taken: &[Rect], gap: f64) -> Option<(f64, f64)> {
    search(members, anchor, grid_only, home, area, taken, gap, false)
}

/// [`free_offset_at`]; `plain`: every candidate tested against every zone (no [`Zones`] cells,
/// no rows or shifts left out), the answer the fast path must give (a test compares them).
#[allow(clippy::too_many_arguments)]
fn search(members: &[Rect], anchor: (f64, f64), grid_only: bool, home: Option<(f64, f64)>, area: &Rect, taken: &[Rect], gap: f64, plain: bool) -> Option<(f64, f64)> {
    let b = bounding(members.iter())?;
    let axis = |bx: f64, bw: f64, ax: f64, start: f64, len: f64, lo: fn(&Rect) -> f64, size: fn(&Rect) -> f64| {
        if grid_only && !plain {
            // The raw candidates of every (taken, member) pair, `lo(t) + size(t) + gap − lo(m)`
            // and `lo(t) − gap − size(m) − lo(m)`, from the distinct values of their parts only:
            // the same operations in the same order give the same bits, and marking a step is
            // the same whether it is marked once or many times. A paste's copies and the
            // originals beside them stand in a few columns and rows of a few sizes, so a paste
            // of 1,000 (347 × 347 pairs per axis, 47% of `paste::paste`'s instructions,
            // BENCHMARKS.md s45-paste) has a few dozen distinct parts a side.
            let after: Vec<f64> = distinct(taken.iter().map(|t| lo(t) + size(t) + gap));
            let before: Vec<f64> = distinct(taken.iter().map(|t| lo(t) - gap));
            let m_lo: Vec<f64> = distinct(members.iter().map(lo));
            let m_both: Vec<(f64, f64)> = distinct_pairs(members.iter().map(|m| (size(m), lo(m))));
            let raw = [0.0, start - bx, start + len - bw - bx]
                .into_iter()
                .chain(after.iter().flat_map(|a| m_lo.iter().map(move |l| a - l)))
                .chain(before.iter().flat_map(|b| m_both.iter().map(move |(s, l)| b - s - l)));
            if let Some(c) = grid_candidates(raw, bx, bw, ax, start, len) {
                return c;
            }
        }
        let mut c = vec![0.0, start - bx, start + len - bw - bx];
        for t in taken {
            for m in members {
                c.push(lo(t) + size(t) + gap - lo(m));
                c.push(lo(t) - gap - size(m) - lo(m));
            }
        }
        let snapped: Vec<f64> = if grid_only {
            c.iter().flat_map(|v| [((ax + *v) / GRID + 1e-9).floor() * GRID - ax, ((ax + *v) / GRID - 1e-9).ceil() * GRID - ax]).collect()
        } else {
            c.iter().map(|v| snap(ax + *v) - ax).collect()
        };
        if grid_only {
            c.clear();
        }
        c.extend(snapped);
        c.retain(|v| bx + *v >= start - 1e-6 && bx + *v + bw <= start + len + 1e-6);
        crate::order::sort_by(&mut c, f64::total_cmp);
        c.dedup();
        c
    };
    let xs = axis(b.x, b.w, anchor.0, area.x, area.w, |r| r.x, |r| r.w);
    let ys = axis(b.y, b.h, anchor.1, area.y, area.h, |r| r.y, |r| r.h);
    let zones: Vec<Rect> = taken.iter().map(|t| inflate(t, gap - 1e-6)).collect();
    // Every candidate lies in the area, or is home.
    let extent = home.and_then(|h| bounding(members.iter()).map(|b| union(area, &moved(&b, h)))).unwrap_or(*area);
    let index = Zones::new(&zones, &extent, plain);
    // The member that met a zone last is tested first: neighbouring shifts are mostly
    // blocked by the same one (a paste of 347 top-level copies tested them in order for each
    // of thousands of shifts). The same answer: `all` of the same members.
    // What blocks a shift: None when it is free, else a member and a zone it meets there.
    let blocker = std::cell::Cell::new(0usize);
    let blocked = |(dx, dy): (f64, f64)| -> Option<(usize, &Rect)> {
        let meets = |k: usize| {
            let m = &members[k];
            index.meeting(&Rect::new(m.x + dx, m.y + dy, m.w, m.h)).map(|z| (k, z))
        };
        let first = blocker.get();
        if let Some(hit) = meets(first) {
            return Some(hit);
        }
        let hit = (0..members.len()).filter(|k| *k != first).find_map(meets);
        if let Some((k, _)) = hit {
            blocker.set(k);
        }
        hit
    };
    let free = |d: (f64, f64)| blocked(d).is_none();
    // Home first: a grid shift as near only ties, and the first found wins ties.
    let mut best: Option<(f64, (f64, f64))> = home.filter(|h| free(*h)).map(|h| (h.0 * h.0 + h.1 * h.1, h));
    for &dy in &ys {
        // Only shifts that the test below would not skip: none in a row when dy alone is as
        // far as the best, else those with |dx| within √(best − dy²) (and a margin over the
        // square root's rounding; the test still decides).
        let row = match best {
            _ if plain => &xs[..],
            Some((b, _)) if b <= dy * dy + 1e-6 => continue,
            Some((b, _)) => {
                let s = (b - dy * dy).max(0.0).sqrt() + 1e-3;
                &xs[xs.partition_point(|x| *x < -s)..xs.partition_point(|x| *x <= s)]
            }
            None => &xs[..],
        };
        let mut i = 0;
        while i < row.len() {
            let dx = row[i];
            i += 1;
            let d2 = dx * dx + dy * dy;
            // Within a rounding of the best is a tie (a shift to home worked out through the
            // grid, 1e-13 off it): the first found stays.
            if best.as_ref().is_some_and(|(b, _)| *b <= d2 + 1e-6) {
                continue;
            }
            match blocked((dx, dy)) {
                None => best = Some((d2, (dx, dy))),
                // The shifts after it in this row (larger dx, the same dy) at which that member
                // still starts left of the zone's right edge meet the zone too: the member's
                // right edge only moves right, past the zone's left edge already, and its top
                // and bottom are the same. Skipped, each by the very comparison `intersects`
                // would make (`x < zone.x + zone.w`), so no answer changes: a paste of 1,000's
                // top-level group was tested at every grid step across each blocking zone
                // (the free tests were 42% of `paste::paste`, BENCHMARKS.md s48-lead).
                Some((k, z)) if !plain => {
                    let (mx, zx1) = (members[k].x, z.x + z.w);
                    while i < row.len() && mx + row[i] < zx1 {
                        i += 1;
                    }
                }
                Some(_) => {}
            }
        }
    }
    best.map(|(_, o)| o)
}

/// The values of `v`, each bit pattern once (so −0 and +0 are both kept), in no meaningful order.
fn distinct(v: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut bits: Vec<u64> = v.map(f64::to_bits).collect();
    bits.sort_unstable();
    bits.dedup();
    bits.into_iter().map(f64::from_bits).collect()
}

/// [`distinct`] for pairs.
fn distinct_pairs(v: impl Iterator<Item = (f64, f64)>) -> Vec<(f64, f64)> {
    let mut bits: Vec<(u64, u64)> = v.map(|(a, b)| (a.to_bits(), b.to_bits())).collect();
    bits.sort_unstable();
    bits.dedup();
    bits.into_iter().map(|(a, b)| (f64::from_bits(a), f64::from_bits(b))).collect()
}

/// [`search`]'s candidate shifts on one axis when only grid spots are tried, without sorting
/// them: each raw candidate `v` (a member against an edge or a taken rectangle's gap) gives
/// the grid steps k = ⌊(ax + v)/GRID + 1e-9⌋ and ⌈(ax + v)/GRID − 1e-9⌉, the shift k·GRID − ax,
/// and those that keep the group's box [bx, bx + bw) inside [start, start + len) (± 1e-6) are
/// returned in ascending order, each once — exactly the list the sort and dedup give (k·GRID − ax
/// is strictly increasing in k, equal k give equal bits, and the shift 0 keeps the sign the
/// sort kept), found by marking the steps in a
/// window of the area instead of sorting 2·taken·members values per axis (a paste of 1,000:
/// 2 × 347 × 347 per axis, 76% of the paste in the sort; BENCHMARKS.md s41-paste). None when
/// the window is not finite or too wide (the caller sorts).
fn grid_candidates(raw: impl Iterator<Item = f64>, bx: f64, bw: f64, ax: f64, start: f64, len: f64) -> Option<Vec<f64>> {
    // Every kept shift has its step in [k0, k1] (two steps of margin over the roundings).
    let k0 = ((start - bx + ax) / GRID).floor() - 2.0;
    let k1 = ((start + len - bw - bx + ax) / GRID).ceil() + 2.0;
    if !(k0.is_finite() && k1.is_finite()) || k1 - k0 > (1u64 << 22) as f64 || k0.abs() > 1e12 || k1.abs() > 1e12 {
        return None;
    }
    if k1 < k0 {
        return Some(Vec::new());
    }
    let mut marked = vec![false; (k1 - k0) as usize + 1];
    // A step rounded up from just below 0 is −0, and −0·GRID − (+0) is −0: the sort put it
    // before +0 and the dedup kept it, so the shift 0 is −0 when one of them was.
    let mut minus_zero = false;
    let plus_zero_anchor = ax == 0.0 && ax.is_sign_positive();
    let mut mark = |k: f64| {
        if k >= k0 && k <= k1 {
            marked[(k - k0) as usize] = true;
            minus_zero |= plus_zero_anchor && k == 0.0 && k.is_sign_negative();
        }
    };
    for v in raw {
        mark(((ax + v) / GRID + 1e-9).floor());
        mark(((ax + v) / GRID - 1e-9).ceil());
    }
    Some(
        marked
            .iter()
            .enumerate()
            .filter(|(_, m)| **m)
            .map(|(i, _)| k0 + i as f64)
            .map(|k| if k == 0.0 && minus_zero { -0.0 } else { k * GRID - ax })
            .filter(|v| bx + *v >= start - 1e-6 && bx + *v + bw <= start + len + 1e-6)
            .collect(),
    )
}

/// The zones a placement must keep clear of, indexed by a grid of square cells over the
/// region the candidates lie in: a candidate is tested only against the zones of the cells it
/// covers (QA s30: a paste of 1,000 tested every candidate against every sibling placed so
/// far, 79% of its 11.6 s in `intersects`). The same answer as testing them all: two
/// rectangles that overlap share an inner point, and that point's cell is in both ranges.
struct Zones<'a> {
    zones: &'a [Rect],
    /// Cell (i, j) holds the zones that reach it, at `cells[j * nx + i]`; empty when there are
    /// few zones (then each test goes through them all).
    cells: Vec<Vec<u32>>,
    origin: (f64, f64),
    nx: usize,
    ny: usize,
}

impl<'a> Zones<'a> {
    /// World units: about a component and its gap; a component covers up to 4 cells.
    const CELL: f64 = 256.0;
    /// Below this many zones a scan of them all is as cheap as the cells.
    const FEW: usize = 32;

    /// `plain`: no cells (every test goes through every zone).
    fn new(zones: &'a [Rect], extent: &Rect, plain: bool) -> Zones<'a> {
        let (nx, ny) = ((extent.w / Self::CELL).floor() as usize + 1, (extent.h / Self::CELL).floor() as usize + 1);
        let mut z = Zones { zones, cells: Vec::new(), origin: (extent.x, extent.y), nx, ny };
        if plain || zones.len() < Self::FEW || !(extent.w.is_finite() && extent.h.is_finite()) || nx.saturating_mul(ny) > 1 << 20 {
            return z;
        }
        z.cells = vec![Vec::new(); nx * ny];
        for (k, r) in zones.iter().enumerate() {
            // Clipped to the extent: outside it no candidate reaches.
            if let Some(((i0, i1), (j0, j1))) = z.span(r, true) {
                for j in j0..=j1 {
                    for i in i0..=i1 {
                        z.cells[j * nx + i].push(k as u32);
                    }
                }
            }
        }
        z
    }

    /// The cells `r` covers, (first, last) on each axis; `clip`: clipped to the extent (None
    /// when it lies outside), else None when it reaches out of it.
    fn span(&self, r: &Rect, clip: bool) -> Option<((usize, usize), (usize, usize))> {
        let axis = |lo: f64, len: f64, o: f64, n: usize| -> Option<(usize, usize)> {
            let (a, b) = ((lo - o) / Self::CELL, (lo + len - o) / Self::CELL);
            let last = (n - 1) as f64;
            if clip {
                let (a, b) = (a.floor(), b.floor());
                (b >= 0.0 && a <= last).then(|| (a.max(0.0) as usize, b.min(last) as usize))
            } else {
                // ⌊a⌋ ≥ 0 exactly when a ≥ 0, ⌊b⌋ ≤ last when b < last + 1, and for a
                // non-negative value the cast is its floor: no `floor` per candidate (13% of
                // a paste's instructions, s31-place). NaN fails both tests, as before.
                (a >= 0.0 && b < last + 1.0).then_some((a as usize, b as usize))
            }
        };
        Some((axis(r.x, r.w, self.origin.0, self.nx)?, axis(r.y, r.h, self.origin.1, self.ny)?))
    }

    /// A zone `r` meets (the first found), None when it meets none.
    fn meeting(&self, r: &Rect) -> Option<&'a Rect> {
        let zones: &'a [Rect] = self.zones;
        if self.cells.is_empty() {
            return zones.iter().find(|z| intersects(r, z));
        }
        let Some(((i0, i1), (j0, j1))) = self.span(r, false) else {
            return zones.iter().find(|z| intersects(r, z));
        };
        for j in j0..=j1 {
            for i in i0..=i1 {
                for &k in &self.cells[j * self.nx + i] {
                    let z = &zones[k as usize];
                    if intersects(r, z) {
                        return Some(z);
                    }
                }
            }
        }
        None
    }
}

/// Footprints ([`footprint`]) with each component's label measured once per text and box
/// width: a paste of 1,000 asked the same ~350 labels three times (its top-level copies as
/// members, then the originals beside them as taken rectangles in each of [`spot_in`]'s two
/// tries, with and without the view: 1,038 measurements, 9% of `paste::paste`, BENCHMARKS.md
/// s48-lead). The same bits as [`footprint`]: [`label_box_sized`] of the size [`label_size`]
/// gave for that text and width.
#[derive(Default)]
pub struct Footprints<'a> {
    sizes: std::collections::HashMap<(&'a str, u64), (f64, f64)>,
}

impl<'a> Footprints<'a> {
    /// [`footprint`]`(container, label, r)`.
    pub fn of(&mut self, container: bool, label: &'a str, r: &Rect) -> Rect {
        if container {
            return *r;
        }
        let size = *self.sizes.entry((label, r.w.to_bits())).or_insert_with(|| label_size(false, label, r.w));
        union(r, &label_box_sized(false, size, r))
    }
}

/// Where a new node goes, and which containers grow to hold it.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    pub rect: Rect,
    /// Containers that grow (id, before, after), innermost first: empty unless the parent
    /// had no free spot.
    pub grow: Vec<(NodeId, Rect, Rect)>,
}

impl Placement {
    /// The edits that grow containers for this placement (innermost first), as `Resize`
    /// edits.
    pub fn grow_edits(&self) -> Vec<crate::edit::Edit> {
        self.grow.iter().map(|(id, before, after)| crate::edit::Edit::Resize { id: id.clone(), before: *before, after: *after }).collect()
    }
}

/// The innermost (smallest) container whose box holds the world point (x, y), leaving out
/// `exclude` (what is being dragged). None: the empty canvas.
pub fn container_at(d: &Design, x: f64, y: f64, exclude: &BTreeSet<NodeId>) -> Option<NodeId> {
    d.nodes
        .values()
        .filter(|n| !exclude.contains(&n.id))
        .filter(|n| catalog::kind(&n.kind).is_some_and(|k| k.container))
        .filter_map(|n| d.layout.get(&n.id).map(|r| (n, r)))
        .filter(|(_, r)| r.contains_point(x, y))
        .min_by(|(_, a), (_, b)| (a.w * a.h).total_cmp(&(b.w * b.h)))
        .map(|(n, _)| n.id.clone())
}

/// Where a node of `kind` released at the world point `at` (its centre, for a move) goes, and
/// the container under the point ([`container_at`], leaving out `moving`, what is dragged;
/// None: the empty canvas), for the highlight and the note: one rule for a palette drop
/// ([`drop_new`]) and a move (the web crate's drop), so the two cannot disagree (QA s30 F6).
/// `node`: the node moved (None: a new one), which may not go into itself.
///
/// 1. The container under the point, if the kind may sit there.
/// 2. Else the nearest container inside it (not moved) that accepts the kind: the user aimed
///    at that container, and one of its own holds the kind (QA s30 F1: an EC2 instance
///    dropped in the 15 px gap between two subnets of an AZ, in the AZ's margin or in a VPC
///    outside its AZs was refused, "EC2 instance cannot sit in an Availability Zone: it
///    belongs in a Subnet"; it goes into the subnet of that AZ, or of that VPC, nearest the
///    point). First one where the kind raises no error for its subnet's tier
///    ([`misplaced_in`], the rules' answer: a database or a workload not public, a NAT
///    gateway public, a workload that calls out given a way out; QA s31 F5, QA s33 F3), then
///    no warning within reach, then the nearest ([`preferred`]): the distance from the point
///    to its box (world units), then the smaller box, then id order. This also covers a drop on a band (a component spanning
///    AZs, drawn across its row of subnets and the gaps between them): off its subnets the
///    point is in an AZ's margin or the gap between AZs, and the subnet nearest it is the
///    band's in that AZ (QA s29 F3), which had a rule of its own before.
/// 3. Else [`parent_for`]: the nearest container around it that accepts the kind, or the top
///    level; or the refusal of the container under the point (it says where the kind
///    belongs), when nothing does.
///
/// `alone`: one node is placed (a palette drop, a move of one component). Step 2 is for it
/// only: a group released over a container that refuses the held member's kind does not all
/// go into the one container inside it nearest the point — its members may each belong in a
/// different one (QA s31 F2: NAT gateways a and b dragged together into AZ a's gap all went
/// into "Private a", NAT b out of its AZ, with no message). The group goes on to step 3, as
/// before step 2 existed.
pub fn aimed_parent(d: &Design, kind: &str, at: (f64, f64), moving: &BTreeSet<NodeId>, node: Option<&NodeId>, alone: bool) -> (Option<NodeId>, Result<Option<NodeId>, PlacementError>) {
    aimed_parent_in(d, kind, at, moving, node, alone, &Strands::default())
}

/// [`aimed_parent`] with the drag's [`Strands`] (what the rules say of the moved node's way
/// out, asked once per drag, not per pointer move).
pub fn aimed_parent_in(d: &Design, kind: &str, at: (f64, f64), moving: &BTreeSet<NodeId>, node: Option<&NodeId>, alone: bool, strands: &Strands) -> (Option<NodeId>, Result<Option<NodeId>, PlacementError>) {
    let under = container_at(d, at.0, at.1, moving);
    if check_parent(d, kind, under.as_ref(), node).is_ok() {
        return (under.clone(), Ok(under));
    }
    if let (Some(u), true) = (&under, alone) {
        if let Some(inside) = nearest_inside(d, kind, u, at, moving, node, strands) {
            return (under, Ok(Some(inside)));
        }
    }
    let parent = parent_for(d, kind, under.as_ref());
    (under, parent)
}

/// The subnet whose row a component spanning AZs (`id`) moved alone goes to, released with
/// its centre at `at` (`moving`: what is dragged; `at` is where the pointer really put the
/// centre, not the drag's grid-snapped copy: review s35 R1, the canvas's drop and preview pass
/// the unsnapped point for every kind): the subnet under the point; else the row at the
/// point's height (below) when it raises there nothing it does not raise where it stands;
/// else the one inside the container under the point that [`aimed_parent`]'s step 2 picks for
/// its kind ([`preferred`]: where the kind raises no error, then no warning within reach, then
/// the nearest). What it raises is the rules' answer for the moved node ([`misplaced_in`]: the
/// tier errors and warnings, and no way out for a workload that calls out). None: nothing
/// under the point, or no subnet in it accepts the kind (the move is refused, saying so). The
/// preview and the drop call this.
///
/// QA s31 F3: a band followed a rule of its own — "PostgreSQL (Multi-AZ)" released in the gap
/// between "Private b" and "Isolated b" was refused ("drop it on a subnet") where a single
/// component released there goes into the nearest subnet. Off the subnets it now follows a
/// single component's rule, but for the row at the point's height, which comes first when it
/// raises nothing new.
///
/// QA s32 F4: "Web app tasks" (the private row) released with its centre in the 15 px gap
/// between AZ a and AZ b — its ghost over Public a and b — was told "released in “Private a”".
/// s48-place sent it to the row at the point's height whatever it raised there (review s33 R8:
/// a single component released at the same point went to a subnet with no error; QA s33 F2: a
/// Multi-AZ database whose centre the drag's grid steps put at the public row's bottom edge
/// went public, "Database in a public subnet"). The row at the point's height — the subnet
/// inside the container under the point (not moved) that accepts the kind and whose box spans
/// the point's height, chosen among them as step 2 chooses — is taken only when the band raises
/// there no more than where it stands (nothing: a database moved from the private row to the
/// isolated one; a warning: it stays in its own private row). Else step 2 decides among all:
/// "Web app tasks" at Public a's height stays in its own row, told "Not moved"
/// (`band_move_outcome`), and the database goes back to its isolated row.
///
/// The drag's [`Strands`] (`strands`) says what the rules say of the moved node's way out, asked
/// once per drag, not per pointer move (a test gives a fresh one). Review s34: a plain
/// `band_target` making one per call was left to tests only; they call this one.
pub fn band_target_in(d: &Design, id: &NodeId, at: (f64, f64), moving: &BTreeSet<NodeId>, strands: &Strands) -> Option<NodeId> {
    let under = container_at(d, at.0, at.1, moving)?;
    let n = d.nodes.get(id)?;
    let now = n.parent.as_ref().and_then(|p| d.nodes.get(p)).map_or(Misplaced::No, |p| misplaced_in(d, &n.kind, p, Some(id), strands));
    // The container whose subnets it chooses among: the one under the point, or around the
    // subnet under it.
    // Released in a subnet: the user aimed there, and it goes there, whatever it raises. (QA
    // s34 F1, "PostgreSQL (Multi-AZ)" released 3 px under "Private b" going private, was the
    // drag's grid step putting its centre inside: the caller now passes the unsnapped point,
    // and the band special case that treated a grid step inside as the gap is gone.)
    if d.nodes.get(&under).is_some_and(|u| u.kind == "subnet") {
        return Some(under);
    }
    // The row at the point's height, where it raises nothing it does not raise where it stands.
    let rows = candidates(d, &n.kind, &under, at, moving, Some(id), strands, |c, r| c.kind == "subnet" && r.y <= at.1 && at.1 <= r.y + r.h);
    if let Some(row) = preferred(&rows).filter(|c| c.misplaced <= now) {
        return Some(row.node.id.clone());
    }
    let near = candidates(d, &n.kind, &under, at, moving, Some(id), strands, |_, _| true);
    preferred(&near).map(|c| c.node).filter(|s| s.kind == "subnet").map_or(Some(under), |s| Some(s.id.clone()))
}

/// What a component spanning AZs (`id`) moved alone comes to, once its band's edits are made
/// (`edits`, `diagram::band::move_to_row`'s answer for the row the drop picked,
/// [`band_target_in`]), released with its centre at `centre` after a drag of `dy` world units
/// down (`moving`: what is dragged).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BandOutcome {
    /// It moves: `tier_note`, the sentence to tell when its subnets' tier changed
    /// ([`tier_change`]), None when the tier stays or it stays in its row.
    Moved { tier_note: Option<String> },
    /// It stays where it stood, and is told why (`why`, a whole sentence starting "Not
    /// moved: "): released in its own row, where the nearest free spot was its own place.
    Stays { why: String },
}

/// [`BandOutcome`] of a band move (review s32 R10: this judgement was a one-liner in the web
/// crate's drop, digging the new row out of the edits, and not unit-testable there).
///
/// - The edits give it no other subnets (no `Reparent` nor `SetSpan`), leave its top within
///   one [`GRID`] step of where it stood, and the drag was more than a step up or down: it was
///   released in its own row, where no other spot was free, and stays — told, naming the
///   container under its centre (QA s31 F3: an ALB dragged 70 px down sprang back without a
///   word; QA s32 F4: it named the subnet the drop picked, "“Private a”", where the centre
///   was in the gap between two AZs).
/// - Else it moves; into another row of another tier, the tier change is told.
pub fn band_move_outcome(d: &Design, id: &NodeId, edits: &[crate::edit::Edit], centre: (f64, f64), dy: f64, moving: &BTreeSet<NodeId>) -> BandOutcome {
    use crate::edit::Edit;
    let (Some(n), Some(r)) = (d.nodes.get(id), d.layout.get(id)) else { return BandOutcome::Moved { tier_note: None } };
    // The row it goes to: its new home subnet, then the others it spans.
    let home = edits.iter().find_map(|x| match x {
        Edit::Reparent { id: m, after: Some(h), .. } if m == id => Some(h.clone()),
        _ => None,
    });
    let rest = edits.iter().filter_map(|x| match x {
        Edit::SetSpan { id: m, after, .. } if m == id => Some(after.clone()),
        _ => None,
    });
    let row: Vec<NodeId> = home.into_iter().chain(rest.flatten()).collect();
    // Where the band goes in the row (where it stood, when the edits do not move it).
    let to = edits.iter().find_map(|x| match x {
        Edit::Move { id: m, after, .. } if m == id => Some(*after),
        _ => None,
    });
    let to = to.unwrap_or(*r);
    if row.is_empty() && (to.y - r.y).abs() <= GRID && dy.abs() > GRID {
        let under = container_at(d, centre.0, centre.1, moving).and_then(|u| d.nodes.get(&u)).map_or_else(String::new, |u| format!(" released in \u{201c}{}\u{201d},", u.label));
        return BandOutcome::Stays { why: format!("Not moved: \u{201c}{}\u{201d} spans Availability Zones and stays in its row of subnets:{under} and the nearest free spot in that row was where it stood.", n.label) };
    }
    let tier_note = match (&n.parent, row.is_empty()) {
        (Some(from), false) => tier_change(d, id, from, &row).map(|t| sentence(&t)),
        _ => None,
    };
    BandOutcome::Moved { tier_note }
}

/// What a component spanning AZs moved from the row of `from` to the row of `to` (subnets)
/// says when the move changes its subnets' tier: `“PostgreSQL (Multi-AZ)” moved from the
/// isolated subnets to the private subnets (“Private a”, “Private b”)` (`to_row`: the row's
/// subnets it now spans). None when the tier stays. QA s31 F3: released 3 px into "Private b"
/// a Multi-AZ database changed tier silently, and only a warning told of it.
pub fn tier_change(d: &Design, id: &NodeId, from: &NodeId, to: &[NodeId]) -> Option<String> {
    let tier = |s: &NodeId| d.nodes.get(s).map(|n| crate::rules::topology::subnet_tier(d, n));
    let (a, b) = (tier(from)?, tier(to.first()?)?);
    if a == b {
        return None;
    }
    let label = |s: &NodeId| d.nodes.get(s).map_or_else(|| s.to_string(), |n| format!("\u{201c}{}\u{201d}", n.label));
    let names: Vec<String> = to.iter().map(label).collect();
    Some(format!("{} moved from the {} subnets to the {} subnets ({})", label(id), a.name(), b.name(), crate::rules::list(&names)))
}

/// What a component of `kind` (`node`: the one moved; None: a new one, with the catalog's
/// defaults) placed in the container `into` says when its subnet's tier is wrong for it there
/// and was not where it stood: `“NAT gateway a” is now in a private subnet, the wrong tier for
/// a public NAT gateway: it belongs in a public subnet. New error: “NAT gateway outside a
/// public subnet”` — the rules' one table of tier errors (`rules::tier_error_of`: whether it is
/// one, its words, and the rule whose finding the bar then counts, named by its title; review
/// s35 R7). None: right there, or already wrong where it stood (nothing new to tell), or not
/// in a subnet.
///
/// QA s34 F6: a NAT gateway aimed explicitly into a full "Private c" went there with "+1
/// error" and a toast about the free spot only. It stays where aimed, as any component aimed
/// into a container that accepts it does: a NAT gateway of private connectivity belongs in a
/// private subnet, and the drop cannot tell that the user does not mean to set it so (the
/// redirect to the public subnet is for a NAT gateway released in a container that refuses
/// it, an AZ's margin). The toast now says the tier it is wrong for.
pub fn wrong_tier(d: &Design, kind: &str, node: Option<&NodeId>, into: Option<&NodeId>) -> Option<String> {
    use crate::rules::topology::subnet_tier;
    let subnet_of = |c: &NodeId| d.nodes.get(c).and_then(|c| if c.kind == "subnet" { Some(c) } else { d.ancestors(&c.id).find(|a| a.kind == "subnet") });
    let s = subnet_of(into?)?;
    let moved = node.and_then(|id| d.nodes.get(id));
    let internal = moved.is_some_and(|n| crate::rules::internal(d, n));
    // The rules' one table of tier errors: whether it is one, which rule fires, and its words
    // (review s35 R7: the words came from a table of this function's own).
    let wrong = |s: &Node| crate::rules::tier_error_of(kind, Some(subnet_tier(d, s)), internal);
    let e = wrong(s)?;
    if moved.and_then(|n| n.parent.as_ref()).and_then(subnet_of).is_some_and(|s| wrong(s).is_some()) {
        return None;
    }
    let (what, belongs) = (e.what, e.belongs);
    // A label as the diagram shows it; no label: the kind, as for a new one (never `“”`:
    // review s35 R7).
    let label = moved.filter(|n| !n.label.is_empty()).map_or_else(|| kind_named(kind), |n| format!("\u{201c}{}\u{201d}", crate::text::shown_label(&n.label)));
    // A sentence of its own in a toast: its first letter upper-cased ("A Lambda function is
    // now …", QA s35 F4: "… “Public ALB”. a Lambda function is now in a public subnet").
    // Then the finding the bar will count, by its title (the rule that fires).
    let said = format!("{label} is now in a {} subnet, the wrong tier for {what}: it belongs in {belongs}. New {}: \u{201c}{}\u{201d}", subnet_tier(d, s).name(), e.rule.severity.name(), e.rule.title);
    let mut first = said.chars();
    Some(first.next().map_or_else(String::new, |c| c.to_uppercase().chain(first).collect()))
}

/// Step 2 of [`aimed_parent`]: the container inside `outer` (at any depth, not moving) that
/// accepts `kind` nearest the world point `at`, by [`preferred`].
fn nearest_inside(d: &Design, kind: &str, outer: &NodeId, at: (f64, f64), moving: &BTreeSet<NodeId>, node: Option<&NodeId>, strands: &Strands) -> Option<NodeId> {
    let near = candidates(d, kind, outer, at, moving, node, strands, |_, _| true);
    preferred(&near).map(|c| c.node.id.clone())
}

/// A container a drop aimed at another may be sent to ([`candidates`]).
struct Candidate<'d> {
    node: &'d Node,
    /// What the kind raises there for the subnet's tier and way out ([`misplaced_in`]).
    misplaced: Misplaced,
    /// From the point to its box (0 inside), world units.
    off: f64,
    /// Its box's area, square world units.
    area: f64,
}

/// The containers inside `outer` (at any depth, inside nothing moved: `moving`) that accept
/// `kind` for the node `node` (None: a new one) and pass `keep` (the container, its box),
/// each with what the kind raises there and its distance from the point `(x, y)`. The one
/// list [`nearest_inside`] (every container) and [`band_target_in`] (the row at the point's
/// height, then every container) choose from (third reading of s33, D1: the band's row had
/// a copy of this filter and no tier preference, review s33 R8).
#[allow(clippy::too_many_arguments)]
fn candidates<'d>(d: &'d Design, kind: &str, outer: &NodeId, (x, y): (f64, f64), moving: &BTreeSet<NodeId>, node: Option<&NodeId>, strands: &Strands, keep: impl Fn(&Node, &Rect) -> bool) -> Vec<Candidate<'d>> {
    let off = |r: &Rect| {
        let dx = (r.x - x).max(x - (r.x + r.w)).max(0.0);
        let dy = (r.y - y).max(y - (r.y + r.h)).max(0.0);
        dx.hypot(dy)
    };
    d.nodes
        .values()
        .filter(|n| catalog::kind(&n.kind).is_some_and(|k| k.container) && !moving.contains(&n.id))
        .filter_map(|n| d.layout.get(&n.id).map(|r| (n, r)))
        .filter(|(n, r)| keep(n, r))
        // Inside `outer`, and inside nothing moved.
        .filter(|(n, _)| {
            let mut inside = false;
            for a in d.ancestors(&n.id) {
                if moving.contains(&a.id) {
                    return false;
                }
                inside |= &a.id == outer;
            }
            inside
        })
        .filter(|(n, _)| check_parent(d, kind, Some(&n.id), node).is_ok())
        .map(|(n, r)| Candidate { node: n, misplaced: misplaced_in(d, kind, n, node, strands), off: off(r), area: r.w * r.h })
        .collect()
}

/// Of `near`, the nearest where the kind raises no error (else the nearest of all), unless it
/// raises a warning and one raising nothing lies within [`WARNING_REACH`] of it; nearest: the
/// distance from the point, then the smaller box, then id order.
fn preferred<'a, 'd>(near: &'a [Candidate<'d>]) -> Option<&'a Candidate<'d>> {
    let order = |a: &&Candidate, b: &&Candidate| a.off.total_cmp(&b.off).then(a.area.total_cmp(&b.area)).then(a.node.id.cmp(&b.node.id));
    let best = near.iter().filter(|c| c.misplaced != Misplaced::Error).min_by(order).or_else(|| near.iter().min_by(order))?;
    let clean = match best.misplaced {
        Misplaced::Warning => near.iter().filter(|c| c.misplaced == Misplaced::No && c.off <= best.off + WARNING_REACH).min_by(order),
        _ => None,
    };
    Some(clean.unwrap_or(best))
}

/// How much further (world units) than the nearest subnet where a dropped kind raises no error
/// the drop looks for one where it raises no warning either ([`nearest_inside`]). QA s32 F9: an
/// RDS database released 1 px under "Public a" of the three-tier template went into "Private
/// a" (27 units away, "Database in a subnet with a route to the internet"), where "Isolated
/// (data) a" is 187 away and raises nothing. 200 reaches one subnet row past the nearest (the
/// template's rows are 132–228 units tall with 28-unit gaps), so a drop between two rows may
/// skip the row with the warning for the next one; further than that the user's pointer aimed
/// elsewhere, and the nearest with no error wins as before, warning and all.
pub const WARNING_REACH: f64 = 200.0;

/// The subnets where a moved VPC workload would have no way out ([`crate::rules::stranded_in`],
/// the rules' own test), asked of the rules once and kept: a drag keeps one for its whole
/// length ([`aimed_parent_in`], [`band_target_in`]; the design does not change while it lasts),
/// so the rules' topology (~17 M instructions at 1,000 components) is built at the first
/// pointer move over a gap between subnets, not at every one (review s34 R1: it was built per
/// move). The plain [`aimed_parent`] makes one per call. Answers for one
/// node: asked of another, it asks the rules again (and keeps nothing).
#[derive(Debug, Default)]
pub struct Strands(std::sync::OnceLock<(NodeId, BTreeSet<NodeId>)>);

impl Strands {
    /// Whether the VPC workload `w` placed in the subnet `subnet` would raise the rules' "no
    /// way out" error there.
    fn at(&self, d: &Design, w: &NodeId, subnet: &NodeId) -> bool {
        let every = |t: &crate::rules::Topology| -> BTreeSet<NodeId> { d.nodes.values().filter(|n| n.kind == "subnet" && crate::rules::stranded_in(t, w, &n.id)).map(|n| n.id.clone()).collect() };
        let (of, set) = self.0.get_or_init(|| (w.clone(), every(&crate::rules::Topology::new(d))));
        if of == w {
            set.contains(subnet)
        } else {
            crate::rules::stranded_in(&crate::rules::Topology::new(d), w, subnet)
        }
    }
}

/// What a kind placed in a container raises for the subnet's tier ([`misplaced_in`]), in
/// order: nothing, a warning, an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Misplaced {
    No,
    Warning,
    Error,
}

/// What a node of `kind` (`node`: the one moved; None: a new one, with the catalog's
/// defaults) placed in the container `c` raises for the subnet it would be in: an error
/// (`rules::tier_error`, the rules' own answer: a database or a workload in a public subnet, a
/// NAT gateway outside one, an internet-facing load balancer in a private or isolated one; and
/// `rules::stranded_in` for a moved workload: one that calls out, in a subnet with no way out,
/// QA s33 F3), else a warning (`rules::tier_warning`: a database in a subnet with a route out, something
/// other than an entry point in a public one), else nothing. A container that is not a
/// subnet, and not in one, has no tier: nothing to prefer. [`nearest_inside`] takes a
/// container with no error first (QA s31 F5: an RDS database dropped in the 15 px gap 2 px
/// nearer "Public a" than "Private a" went into Public a, "Database in a public subnet"; at
/// 28 % the gap is 4 px, a 1–2 px call), and one with no warning within reach (QA s32 F9).
fn misplaced_in(d: &Design, kind: &str, c: &Node, node: Option<&NodeId>, strands: &Strands) -> Misplaced {
    let subnet = if c.kind == "subnet" { Some(c) } else { d.ancestors(&c.id).find(|a| a.kind == "subnet") };
    let Some(s) = subnet else { return Misplaced::No };
    let tier = Some(crate::rules::topology::subnet_tier(d, s));
    // The moved node's own setting (a private NAT gateway, an internal load balancer); a new
    // one has the catalog's defaults (public, internet-facing).
    let internal = node.and_then(|id| d.nodes.get(id)).is_some_and(|n| crate::rules::internal(d, n));
    // A moved workload's calls out: a new one has no connections, so nothing to strand.
    let stranded = || node.is_some_and(|id| crate::rules::topology::is_vpc_workload(kind) && strands.at(d, id, &s.id));
    if crate::rules::tier_error(kind, tier, internal) || stranded() {
        Misplaced::Error
    } else if crate::rules::tier_warning(kind, tier, crate::rules::topology::subnet_route(d, s)) {
        Misplaced::Warning
    } else {
        Misplaced::No
    }
}

/// What a drop sent into a container other than the one under the point ([`aimed_parent`],
/// step 2: a container inside it) says, after "Placed in " or "Moved into ": `“Public a”:
/// released in “AZ us-east-1a”, which an EC2 instance cannot go into` (`kind`: the kind of
/// what was dropped, [`kind_named`]: the rule is about the kind, not about the label, QA s31
/// F6). None when it went into the container under the point, or around it (that one says
/// [`released_on`] when the drop covers it).
pub fn sent_inside(d: &Design, under: Option<&NodeId>, parent: Option<&NodeId>, kind: &str) -> Option<String> {
    let (u, p) = (under?, parent?);
    if u == p || !d.ancestors(p).any(|a| &a.id == u) {
        return None;
    }
    let label = |id: &NodeId| d.nodes.get(id).map_or_else(|| id.to_string(), |n| n.label.clone());
    Some(format!("\u{201c}{}\u{201d}: released in \u{201c}{}\u{201d}, which {} cannot go into", label(p), label(u), kind_named(kind)))
}

/// A kind as the toasts name it when a rule about the kind is told: its catalog name with its
/// article, "an SNS topic" (QA s31 F6: "which “On-call alerts” cannot go into" stated the
/// rule about a label). The same for a palette drop and a move.
pub fn kind_named(kind: &str) -> String {
    crate::model::article(kind)
}

/// What a move that took its nodes out of the container they stood in (`home`) says, when
/// one of `boxes` (where they were released) lies across the edge of a container they left —
/// `home`, or one around it that `into` (where they went; None: the top level) is not in —:
/// `Taken out of “Production VPC”: its centre was released outside it, so it went to the
/// nearest free spot there` (`n`: how many were moved), naming the innermost such container.
/// QA s30 F3: "released across the edge of “Production VPC”: release it inside to put it in"
/// read backwards for a component that was in it: it was taken out, and the toast says so —
/// also when the box covers another component too, which [`dropped_on`] would name instead.
/// None when they stayed in, or were released clear of what they left.
pub fn taken_out(d: &Design, boxes: &[Rect], home: Option<&NodeId>, into: Option<&NodeId>, n: usize) -> Option<String> {
    let h = d.nodes.get(home?)?;
    let inside = |c: &NodeId| into.is_some_and(|i| i == c || d.ancestors(i).any(|a| &a.id == c));
    let left = std::iter::once(h).chain(d.ancestors(&h.id)).take_while(|c| !inside(&c.id));
    let on = left.into_iter().find(|c| d.layout.get(&c.id).is_some_and(|r| boxes.iter().any(|b| covered(b, r) && !covers_whole(r, b))))?;
    let (its, they) = if n == 1 { ("its centre was", "it") } else { ("the centre of the one held was", "they") };
    Some(format!("Taken out of \u{201c}{}\u{201d}: {its} released outside it, so {they} went to the nearest free spot there", on.label))
}

/// Whether `outer` holds all of `b` (a box released inside a container is not across its
/// edge; a node's box wholly in the view needs no pan), edges included, world units.
pub fn covers_whole(outer: &Rect, b: &Rect) -> bool {
    b.x >= outer.x && b.y >= outer.y && b.x + b.w <= outer.x + outer.w && b.y + b.h <= outer.y + outer.h
}

/// A refusal as a sentence, ending with a full stop (QA s30 F5: "EC2 instance cannot sit in
/// an Availability Zone: it belongs in a Subnet" had none), for a toast or the reason by the
/// pointer. One rule with every toast's ([`crate::text::sentences`]).
pub fn sentence(why: &str) -> String {
    crate::text::sentences(&[why])
}

/// The container a node of `kind` dropped on `under` (the innermost container under the
/// pointer; None: empty canvas) goes into: `under` itself if the kind may sit there, else
/// the nearest of its ancestors that accepts it, else the top level if the kind may sit
/// there. A load balancer dropped on a subnet goes into the subnet's VPC; an AZ dropped on
/// a subnet into the VPC. When nothing accepts it, the refusal for `under` (it says where
/// the kind belongs).
pub fn parent_for(d: &Design, kind: &str, under: Option<&NodeId>) -> Result<Option<NodeId>, PlacementError> {
    let first = check_parent(d, kind, under, None);
    if first.is_ok() {
        return Ok(under.cloned());
    }
    if let Some(u) = under {
        if let Some(a) = d.ancestors(u).find(|a| check_parent(d, kind, Some(&a.id), None).is_ok()) {
            return Ok(Some(a.id.clone()));
        }
        if check_parent(d, kind, None, None).is_ok() {
            return Ok(None);
        }
    }
    first.map(|_| None)
}

/// Where a new node of `kind` with `label` dropped at the world point `at` goes, `view` the
/// visible world area (None: not known): the container ([`aimed_parent`]: the one under the
/// pointer, one inside it or one around it that accepts the kind; None: the top level) and the spot
/// ([`new_node_rect`]). Err: the refusal to show at the pointer.
///
/// A node that goes to the top level goes to its nearest free spot in the view; with none
/// there the drop is refused ([`spot_in`], [`NoRoomInView`]), not placed out of sight (QA
/// s31: a Lambda function dropped on an empty area of a 1,000-node design's VPC went above
/// the VPC, to y = −60, off screen, and nothing said where it went). The reason: when a
/// container under the pointer refused the kind (it was sent to the top level), that
/// container's ("Lambda function cannot sit in a VPC: it belongs …"), which says where it may
/// go; else [`NoRoomInView::message`].
pub fn drop_new(d: &Design, kind: &str, label: &str, at: (f64, f64), view: Option<Rect>) -> Result<(Option<NodeId>, Placement), PlacementError> {
    let (under, parent) = aimed_parent(d, kind, at, &BTreeSet::new(), None, true);
    let parent = parent?;
    let at = aimed_point(d, under.as_ref(), parent.as_ref(), default_size(kind), at);
    match new_node_rect(d, kind, label, parent.as_ref(), at, view) {
        Ok(p) => Ok((parent, p)),
        Err(no_room) => {
            if let (None, Some(u)) = (&parent, &under) {
                // `under` refused the kind (else it would be the parent): its reason, and what
                // to do, since the top level it belongs to has no free spot in the view (QA
                // s21: Internet users dropped on a Region that fills the view were refused
                // with nowhere else to drop them).
                check_parent(d, kind, under.as_ref(), None).map_err(|e| {
                    // The outermost container under the pointer: the one to find space beside.
                    let outer = d.ancestors(u).last().map_or(u, |a| &a.id);
                    let around = d.nodes.get(outer).map_or_else(|| outer.to_string(), crate::rules::name);
                    PlacementError(format!("{}. The view has no free space outside {around}: zoom out until there is empty canvas beside it, and drop it there", e.0.trim_end_matches('.')))
                })?;
            }
            let name = catalog::kind(kind).map_or(kind, |k| k.name);
            Err(PlacementError(no_room.message(&format!("a new {name}"))))
        }
    }
}

/// The point a node `size` (w × h, world units) released with its centre at `at` is aimed at,
/// once [`aimed_parent`] has sent it into `parent` with `under` the container under the point:
/// `at` itself when it goes into the container under the point (or to the top level), else
/// the point of `parent` nearest to `at` where the node, centred there, lies inside it
/// (`parent`'s centre on an axis where it is too small). The free spot is then sought in the
/// container as it is, not grown out towards the pointer (QA s32 F2: a NAT gateway released
/// under "Isolated (data) c" went into "Public c", which grew from 228 to over 560 units down
/// to the pointer and pushed every row below). One rule for a palette drop ([`drop_new`]) and
/// a move ([`spot_for_move`]; review s32 R2: a move still grew the subnet).
pub fn aimed_point(d: &Design, under: Option<&NodeId>, parent: Option<&NodeId>, (w, h): (f64, f64), at: (f64, f64)) -> (f64, f64) {
    let Some(p) = parent.filter(|p| under != Some(*p)) else { return at };
    let Some(r) = d.layout.get(p) else { return at };
    // Clear of the container's label strip at the top and of its edges by the tidy padding.
    let axis = |v: f64, lo: f64, hi: f64| if lo <= hi { v.clamp(lo, hi) } else { (lo + hi) / 2.0 };
    (axis(at.0, r.x + PAD + w / 2.0, r.x + r.w - PAD - w / 2.0), axis(at.1, r.y + HEAD + h / 2.0, r.y + r.h - PAD - h / 2.0))
}

/// [`spot_in`]'s refusal: the nodes go to the top level, and no spot of the view (the visible
/// world area it was given) is free for them.
///
/// Only the top level refuses: a container always has an answer (anywhere in it, else it
/// grows to hold them — the user chose the container), but the top level's nearest free spot
/// out of the view may be anywhere, and a node put there is lost to the user (QA s31). What a
/// caller does with it is its own: a drop or a drag (aimed at a point) is refused saying
/// so, as is a new component with the containers it needs (`scaffold`); a paste or a
/// duplicate (a command, not aimed) places its copies out of the view, where they would go
/// with no view, and the app brings them into it (`paste::paste`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoRoomInView;

impl NoRoomInView {
    /// The message to show for `what` ("a new Lambda function", "3 components").
    pub fn message(&self, what: &str) -> String {
        format!("No free space in view for {what}: zoom out or scroll to an empty area, and try again")
    }
}

/// Where a new node of `kind` with `label` goes in `parent` (None: the top level) when it is
/// dropped at the world point `at`, with `view` the visible world area (None: not known).
///
/// A container takes its default size, made smaller to fit inside its parent and the view
/// (not below [`MIN_CONTAINER`]); the node is centred on the pointer, then placed by
/// [`spot_for`] (Err: [`NoRoomInView`]).
pub fn new_node_rect(d: &Design, kind: &str, label: &str, parent: Option<&NodeId>, at: (f64, f64), view: Option<Rect>) -> Result<Placement, NoRoomInView> {
    if kind == "az" {
        if let Some(p) = parent.and_then(|vpc| az_column(d, vpc)) {
            return Ok(p);
        }
    }
    let container = catalog::kind(kind).is_some_and(|k| k.container);
    let area = parent.and_then(|p| d.layout.get(p)).map(inner);
    let (mut w, mut h) = default_size(kind);
    if container {
        let mut fit = |limit: &Rect| {
            w = w.min(snap(limit.w - 2.0 * GRID).max(MIN_CONTAINER.0));
            h = h.min(snap(limit.h - 2.0 * GRID).max(MIN_CONTAINER.1));
        };
        if let Some(v) = &view {
            fit(v);
        }
        if let Some(a) = &area {
            fit(a);
        }
    }
    let want = wanted_box(at, (w, h));
    let placed = spot_for(d, container, label, parent, &want, view);
    if placed.is_ok() || !container {
        return placed;
    }
    // A new container sized to the whole view finds no free spot as soon as anything stands
    // in the view (QA s19: a Region dropped beside the only component of a design, Internet
    // users, was refused "No free space in view"). Smaller sizes are tried, three quarters at
    // a time down to the smallest container, before the view is called full: a smaller
    // Region the user resizes beats no Region.
    while w > MIN_CONTAINER.0 || h > MIN_CONTAINER.1 {
        w = snap(w * 0.75).max(MIN_CONTAINER.0);
        h = snap(h * 0.75).max(MIN_CONTAINER.1);
        let want = Rect::new(snap(at.0 - w / 2.0), snap(at.1 - h / 2.0), w, h);
        if let Ok(p) = spot_for(d, container, label, parent, &want, view) {
            return Ok(p);
        }
    }
    placed
}

/// Where a new Availability Zone goes in a VPC that has AZs already: AZs are columns
/// (AWS's convention, and "Tidy up"'s), so it is a new column [`super::tidy::GAP`]` / 2` to
/// the right of the rightmost AZ, as wide as that one, from the top of the AZ row to the
/// bottom of the tallest AZ; the VPC (and what holds it) grows to the right to hold it.
/// None when the VPC has no laid-out AZ (the new one then goes where it is dropped).
pub fn az_column(d: &Design, vpc: &NodeId) -> Option<Placement> {
    let azs: Vec<&Rect> = d.nodes.values().filter(|n| n.kind == "az" && n.parent.as_ref() == Some(vpc)).filter_map(|n| d.layout.get(&n.id)).collect();
    let last = azs.iter().max_by(|a, b| (a.x + a.w).total_cmp(&(b.x + b.w)))?;
    let top = azs.iter().map(|r| r.y).fold(f64::INFINITY, f64::min);
    let bottom = azs.iter().map(|r| r.y + r.h).fold(f64::NEG_INFINITY, f64::max);
    // Right of the last AZ, and of anything else of the VPC beside the AZ row.
    let right = d
        .nodes
        .values()
        .filter(|n| n.parent.as_ref() == Some(vpc))
        .filter_map(|n| d.layout.get(&n.id).map(|r| footprint(node_is_container(n), &n.label, r)))
        .filter(|f| f.y < bottom && top < f.y + f.h)
        .map(|f| f.x + f.w)
        .fold(last.x + last.w, f64::max);
    let rect = Rect::new(right + super::tidy::GAP / 2.0, top, last.w, bottom - top);
    // The VPC grows to the right only: the new column is as tall as the AZs already there,
    // which the VPC holds as it is (a hand-made layout may leave them less bottom padding).
    let need = Rect { h: 1.0, ..rect };
    Some(Placement { rect, grow: grow_to_hold(d, vpc, &need) })
}

/// Where a node (a container or not, with `label`) wanted at `want` goes in `parent`:
///
/// - moved to lie fully in the view (when it fits) and in its parent;
/// - if its footprint (box and label) would come within [`GAP`] of a sibling's, to the
///   nearest free spot — first one in the parent that is also on screen, then any in the
///   parent; at the top level, the nearest on screen (none: [`NoRoomInView`]; with no view,
///   the nearest anywhere);
/// - if the parent is full, below or right of the parent's contents (the nearer), and the parent, and each ancestor
///   that must, grows to hold it.
///
/// Used for a new node (from [`new_node_rect`]) and for pasted ones (keeping their size).
pub fn spot_for(d: &Design, container: bool, label: &str, parent: Option<&NodeId>, want: &Rect, view: Option<Rect>) -> Result<Placement, NoRoomInView> {
    spot_among(d, container, label, parent, want, view, &BTreeSet::new())
}

/// Where the nodes `roots` (none inside another), dragged by `by`, go in the container `into`
/// (None: the top level), as one group: `moving` everything the drag moves (the roots and all
/// they hold: their old places are free). Ok(None): they land where they were dropped.
/// Ok(Some): the offset to move them by instead, and the containers that grow (and what they
/// push aside, [`grow_to_hold`]). Err: moved to the top level, and no spot of `view` is free
/// for them ([`NoRoomInView`]: the drop is refused, not placed out of sight). One rule for one component or many, staying or changing container
/// ([`spot_in`]): a group keeps its members' arrangement and is never split.
///
/// - Moved inside the container they all stand in ([`Keep::Moved`]): the group's footprint
///   (boxes and labels) stays inside the container's inner area (when it fits) — a component
///   dropped half over its VPC's frame, or over a subnet's title, is moved in by as much (QA
///   s10 #2: it stuck out and hid the title); when dropped there a member's box would overlap
///   the box of a node of the container that does not move (by any area, QA s27 F0:
///   [`covered`]), the group goes to the nearest spot where no member
///   comes within [`GAP`] of one (QA s10 #1: a moved group covered others).
/// - Moved into another container, or out of theirs to the top level ([`Keep::Free`]): the
///   whole group goes there, fully on screen, at the nearest spot where no member comes within
///   [`GAP`] of a node of that container (s27 testers: a group leaving its subnet was placed
///   member by member, one member covering components of another container).
/// - Either way, in a full container below its contents, the container growing.
///
/// Why keep a drop beside others: a user drops a component where they want it, and a drop
/// beside others, however close, is their arrangement and stays — labels touching, boxes
/// edge to edge, a 20 px nudge to line things up. But one dropped on top of
/// another hides it, and nothing on the diagram says it is there: the editor never draws one
/// component over another. Refusing the drop would put the nodes back where they were, far
/// from where the user wanted them; the nearest free spot is as close to that as the diagram
/// allows (and the move is one undo step, as any). Into another container the drop takes a
/// free spot as a palette drop or a paste does: the container's arrangement is not the
/// group's to keep.
pub fn spot_for_move(d: &Design, roots: &[NodeId], by: (f64, f64), into: Option<&NodeId>, moving: &BTreeSet<NodeId>, view: Option<Rect>) -> Result<Option<Moved>, NoRoomInView> {
    // (box, footprint) of each member where it was dropped.
    let members: Vec<(Rect, Rect)> = roots
        .iter()
        .filter_map(|id| {
            let n = d.nodes.get(id)?;
            let r = d.layout.get(id)?;
            let r = Rect { x: r.x + by.0, y: r.y + by.1, ..*r };
            Some((r, footprint(node_is_container(n), &n.label, &r)))
        })
        .collect();
    let stays = roots.iter().all(|r| d.nodes.get(r).map(|n| n.parent.as_ref()) == Some(into));
    // Back where they stood is −by from where they were dropped: when the search picks that
    // spot (off the grid or not), the total is by + (−by) = 0 exactly — no edit.
    let keep = if stays { Keep::Moved { home: (-by.0, -by.1) } } else { Keep::Free };
    // One node sent into another container than the one under its centre ([`aimed_parent`]'s
    // step 2 or 3) aims inside it, as a palette drop does ([`aimed_point`]).
    let aim = match (roots, &members[..], keep) {
        ([_], [(r, _)], Keep::Free) => {
            let centre = (r.x + r.w / 2.0, r.y + r.h / 2.0);
            let under = container_at(d, centre.0, centre.1, moving);
            let to = aimed_point(d, under.as_ref(), into, (r.w, r.h), centre);
            (to.0 - centre.0, to.1 - centre.1)
        }
        _ => (0.0, 0.0),
    };
    let members: Vec<(Rect, Rect)> = if aim == (0.0, 0.0) { members } else { members.iter().map(|(r, f)| (moved(r, aim), moved(f, aim))).collect() };
    // Sent inside a full container, it grows wider at the height it was aimed at, not taller
    // (`spot_in` step 4, for every caller: QA s33 F5 was fixed here first, for a move only).
    let m = spot_in(d, into, &members, view, moving, keep)?;
    let total = (by.0 + aim.0 + m.by.0, by.1 + aim.1 + m.by.1);
    Ok((aim != (0.0, 0.0) || m.by != (0.0, 0.0) || !m.grow.is_empty()).then(|| Moved { by: total, grow: m.grow }))
}

/// Where a drop moves the dragged nodes ([`spot_for_move`]), or where [`spot_in`] puts a set
/// of footprints.
#[derive(Clone, Debug, PartialEq)]
pub struct Moved {
    /// The offset every dragged node moves by (world units), instead of the drag's.
    pub by: (f64, f64),
    /// Containers that grow and nodes pushed aside (id, before, after), as [`Placement::grow`].
    pub grow: Vec<(NodeId, Rect, Rect)>,
}

/// How [`spot_in`] decides that a set of footprints may stay where it is wanted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Keep {
    /// A new or pasted node, or nodes moved into another container: moved fully on screen
    /// (when they fit), and kept only where no footprint comes within [`GAP`] of another's.
    Free,
    /// Nodes moved inside the container they stand in: kept unless a member's box overlaps
    /// another's ([`covered`]); `home`, the offset (world units) that puts the members back
    /// where they stood before the drag: a group standing partly out of the container's inner
    /// area (a hand-made layout) may stay as far out of it, and where it stood is one of the
    /// spots the nearest-free-spot search tries, as it is (off the grid or not: QA s15, a hub
    /// at x = 4,828 dropped on a neighbour came back to 4,830, a 2-unit move recorded as an
    /// undo step nobody sees).
    Moved { home: (f64, f64) },
    /// A paste's copies: as [`Keep::Free`], but aimed at no point (a command: they are wanted
    /// where the copied ones stand, offset), so in a full container they go beside what
    /// stands at the height step 1 clamped them to, the container growing wider — never below
    /// its contents for reaching past its bottom edge, which only the paste's offset did
    /// (QA s35 F2; a drop aimed at that edge goes below, QA s24 fix 1 a).
    Pasted,
}

/// A node standing in the container a set goes into ([`standing_in`]), with its box and its
/// footprint ([`Footprints::of`]), measured once per [`spot_in`].
type Standing<'d> = (&'d Node, Rect, Rect);

/// Whether the boxes `a` and `b` overlap by more than [`TOUCH`] across and along (a strip
/// that thin is edges touching): a moved group whose box overlaps another node's is on top of
/// it ([`spot_for_move`]). QA s27 F0: the rule was "covers a quarter of the smaller box", per
/// neighbour, so the hub "CloudWatch" dropped (+60, +60) world units into a grid of 112 × 72
/// components 28 apart covered 52 × 32 of one (21%), 32 × 32 of another (13%) and 32 × 12 of a
/// third (5%): each under a quarter, the drop was kept, its frame drawn over three components.
/// No drop may leave one box over another.
fn covered(a: &Rect, b: &Rect) -> bool {
    let w = (a.x + a.w).min(b.x + b.w) - a.x.max(b.x);
    let h = (a.y + a.h).min(b.y + b.h) - a.y.max(b.y);
    w > TOUCH && h > TOUCH
}

/// What stands in the container `parent` (None: the top level) and does not move: its nodes,
/// and the components spanning AZs drawn as a band across it (a child of another subnet of
/// the row). What [`spot_in`] keeps a drop clear of, and [`dropped_on`] names.
fn standing_in<'d: 'q, 'q>(d: &'d Design, parent: Option<&'q NodeId>, moving: &'q BTreeSet<NodeId>) -> impl Iterator<Item = &'d Node> + 'q {
    d.nodes.values().filter(move |o| (o.parent.as_ref() == parent || parent.is_some_and(|p| o.span.contains(p))) && !moving.contains(&o.id))
}

/// The node a drop was released on top of: the first (in id order) of those standing in
/// `parent` and not moving ([`standing_in`]) whose box one of `boxes` — where the dropped
/// boxes were released — covers ([`covered`]: more than edges touching); None when none.
/// [`spot_in`] then places the drop at the nearest free spot instead, and the app says so,
/// naming it (QA s28 F5: a component released on another went elsewhere without a word).
/// A drop moved only to keep clear of a neighbour's label or gap, or into its container's
/// inner area, covered nothing: it is not told (every drop beside others would be).
pub fn dropped_on<'d>(d: &'d Design, parent: Option<&'d NodeId>, boxes: &[Rect], moving: &'d BTreeSet<NodeId>) -> Option<&'d Node> {
    standing_in(d, parent, moving).find(|o| d.layout.get(&o.id).is_some_and(|r| boxes.iter().any(|b| covered(b, r))))
}

/// What a drop released on `on` (the node [`dropped_on`] named) was released on, as the app
/// tells it after "Moved to the nearest free spot: " (or "Placed…", "Not moved…"): `dropped`
/// are the kinds of the components dropped (a palette drop's new one: its kind); `under` the
/// container under the pointer (the held one's centre, for a move; [`container_at`]).
/// - a component: `released on top of “CDN”`;
/// - a container a dropped one may not go into (a container it may go into would have taken
///   the drop): `released over “Production VPC”, which an SNS topic cannot go into` (the kind,
///   [`kind_named`]; with several, `which 2 of them cannot go into`). The container named is
///   the one under the pointer when it is `on` or inside it and refuses them (QA s31 F6: an
///   Internet gateway dragged into "Private c" was "released over “AZ us-east-1c”", the
///   subnet's AZ, which the drop's box covered at the VPC's level); when the pointer was in
///   a container outside `on` (the one around it), that one first: `released in “Production
///   VPC” with its box over “AZ us-east-1c”, which an Application Load Balancer cannot go
///   into` (QA s32 F8);
/// - a container they may all go into, overlapped across its edge (the component held was
///   released outside it): `released across the edge of “Private a”; release it inside to
///   put it in` (a semicolon: the app's sentence already has a colon, QA s30 F3).
///
/// QA s29 F4: "released on top of “Production VPC”" read oddly, since dropping into a
/// container is the usual thing to do; the user is told why this one did not go in.
pub fn released_on(d: &Design, on: &Node, dropped: &[&str], under: Option<&NodeId>) -> String {
    if !node_is_container(on) {
        return format!("released on top of \u{201c}{}\u{201d}", on.label);
    }
    let refuses = |c: &Node| dropped.iter().any(|kind| check_parent(d, kind, Some(&c.id), None).is_err());
    let inside_on = |u: &NodeId| *u == on.id || d.ancestors(u).any(|a| a.id == on.id);
    // The pointer was outside the container the box covered, in the one around it (QA s32 F8:
    // an ALB released in the VPC's margin above "AZ us-east-1c", its box over the AZ's frame,
    // was "released over “AZ us-east-1c”"): where it was released, then what its box covered.
    let pointer_in = under.filter(|u| !inside_on(u)).and_then(|u| d.nodes.get(u)).map_or_else(String::new, |u| format!("in \u{201c}{}\u{201d} with its box ", u.label));
    let on = under.filter(|u| inside_on(u)).and_then(|u| d.nodes.get(u)).filter(|u| refuses(u)).unwrap_or(on);
    let refused: Vec<String> = dropped.iter().filter(|kind| check_parent(d, kind, Some(&on.id), None).is_err()).map(|kind| kind_named(kind)).collect();
    match (refused.as_slice(), dropped.len()) {
        ([], n) => format!("released across the edge of \u{201c}{}\u{201d}; release {} inside to put {} in", on.label, if n == 1 { "it" } else { "them" }, if n == 1 { "it" } else { "them" }),
        ([one], 1) => format!("released {pointer_in}over \u{201c}{}\u{201d}, which {one} cannot go into", on.label),
        (some, n) if some.len() == n => format!("released {pointer_in}over \u{201c}{}\u{201d}, which they cannot go into", on.label),
        (some, _) => format!("released {pointer_in}over \u{201c}{}\u{201d}, which {} of them cannot go into", on.label, some.len()),
    }
}

/// Where a new component `w` × `h` (world units) released at the world point `at` is wanted,
/// before a free spot is looked for: the box centred on the point, its corner on the grid.
/// [`new_node_rect`] starts there (with the kind's [`default_size`], a container's made
/// smaller first to fit), and the palette's drop asks what that box covers
/// ([`dropped_on`]): one answer, so the two cannot disagree on where the drop was wanted.
pub fn wanted_box(at: (f64, f64), (w, h): (f64, f64)) -> Rect {
    Rect::new(snap(at.0 - w / 2.0), snap(at.1 - h / 2.0), w, h)
}

/// How far two boxes may overlap and still count as edges touching ([`covered`]), world
/// units: half the [`GRID`] a drop snaps to. A component is 72 high and 112 wide, so with its
/// top on the grid its bottom is not (y + 72), and a drop touching it from below snaps up to
/// 5 units into it — refused as "on top of another component" although the drag's ghost only
/// touched it (QA s28 F4).
pub const TOUCH: f64 = GRID / 2.0;

fn bounding<'a>(mut rs: impl Iterator<Item = &'a Rect>) -> Option<Rect> {
    let first = *rs.next()?;
    Some(rs.fold(first, |u, r| union(&u, r)))
}

fn moved(r: &Rect, (dx, dy): (f64, f64)) -> Rect {
    Rect { x: r.x + dx, y: r.y + dy, ..*r }
}

/// Where a set of nodes goes in the container `parent` (None: the top level), as one: the
/// one answer for a palette drop, a paste, a single move and a group move. `members`: each
/// node's (box, footprint) where it is wanted; `moving`: nodes whose places are free (being
/// dragged); `view`: the visible world area. Returns the offset that moves every member from
/// where it is wanted to where it goes, and the containers that grow to hold them (no
/// members: no offset); Err([`NoRoomInView`]) when the top level has no free spot in `view`.
///
/// 1. Into the container's inner area (and, for [`Keep::Free`] and [`Keep::Pasted`], onto the screen, 10 px in)
///    when the group's footprint fits: by as little as possible, then to the grid.
/// 2. Kept there when [`Keep`] says it may stay.
/// 3. Else the nearest shift where no member comes within [`GAP`] of another node's
///    footprint ([`free_offset`]): first on screen in the container, then anywhere in it; at
///    the top level, for [`Keep::Free`] or [`Keep::Pasted`] with a view, on screen only — a group larger than the
///    view (on an axis) covering the view's whole extent there — and with none, the refusal
///    [`NoRoomInView`]; without a view (or for [`Keep::Moved`], whose group stood at the top
///    level already) anywhere, a wide area around. For [`Keep::Moved`], where the group stood
///    is one of the shifts tried, as it is.
/// 4. Else (the container is full): released left of what stands at its height, inserted
///    there ([`insert_left`]); else the free spot nearest to where it was wanted in the
///    container grown right and down (below its contents under the pointer, beside them at
///    the pointer's height, …) — but when that grows the container taller and the group was
///    aimed inside it, beside what stands at the aimed height, the container growing wider
///    ([`beside_at_height`]): always when the container is in an AZ (a taller subnet moves
///    its whole row), elsewhere when that is no farther; not past a band drawn on beyond the
///    container's right edge, and not when aimed at its bottom edge (then below; a paste,
///    [`Keep::Pasted`], is aimed at no edge: beside, at the height step 1 clamped it to). A box
///    placed beside a neighbour lines up with it within a grid step ([`in_line`]). The
///    container, and each ancestor that must, grows ([`grow_to_hold`]).
///
/// Every position it chooses puts the first member's box on the grid ([`GRID`]), as a
/// palette drop and a drag do — for a moved group in step 3, on the grid through where it
/// stood (the drag's steps), so where it stood is one of the spots tried: footprints are not (a label wider than its box is centred
/// under it, and its width is an estimate).
pub fn spot_in(d: &Design, parent: Option<&NodeId>, members: &[(Rect, Rect)], view: Option<Rect>, moving: &BTreeSet<NodeId>, keep: Keep) -> Result<Moved, NoRoomInView> {
    spot_in_measured(d, parent, members, view, moving, keep, &mut Footprints::default())
}

/// [`spot_in`], the footprints of what stands in `parent` measured through `sizes` (a paste
/// asks twice, with and without the view, beside the same components).
pub fn spot_in_measured<'d>(d: &'d Design, parent: Option<&NodeId>, members: &[(Rect, Rect)], view: Option<Rect>, moving: &BTreeSet<NodeId>, keep: Keep, sizes: &mut Footprints<'d>) -> Result<Moved, NoRoomInView> {
    let (Some(&(anchor, _)), Some(bbox)) = (members.first(), bounding(members.iter().map(|m| &m.1))) else {
        return Ok(Moved { by: (0.0, 0.0), grow: vec![] });
    };
    let area = parent.and_then(|p| d.layout.get(p)).map(inner);
    let on_screen = view.map(|v| inflate(&v, -GRID));
    // 1. Clamped: on one axis, the offset that puts [lo, lo + len) inside [a0, a1) (when it
    // fits), the anchor then moved onto the grid inwards — unless the bound is where the
    // group stood before the drag (`was`), which it keeps to the pixel.
    let clamp = |off: f64, lo: f64, len: f64, anchor: f64, (a0, a1): (f64, f64), (w0, w1): (f64, f64)| -> f64 {
        let (b0, b1) = (a0.min(w0), a1.max(w1));
        let at = lo + off;
        if len > b1 - b0 + 1e-9 || (at >= b0 - 1e-9 && at + len <= b1 + 1e-9) {
            return off;
        }
        if at < b0 {
            let o = b0 - lo;
            if b0 < a0 - 1e-9 { o } else { ((anchor + o) / GRID - 1e-9).ceil() * GRID - anchor }
        } else {
            let o = b1 - len - lo;
            if b1 > a1 + 1e-9 { o } else { ((anchor + o) / GRID + 1e-9).floor() * GRID - anchor }
        }
    };
    let none = (f64::INFINITY, f64::NEG_INFINITY);
    let home = match keep {
        Keep::Moved { home } => Some(home),
        Keep::Free | Keep::Pasted => None,
    };
    // The box of their footprints before the drag.
    let was = home.map(|h| moved(&bbox, h));
    let (wx, wy) = was.map_or((none, none), |w| ((w.x, w.x + w.w), (w.y, w.y + w.h)));
    let mut off = (0.0, 0.0);
    let mut limits: Vec<(Rect, bool)> = Vec::new();
    if let (Keep::Free | Keep::Pasted, Some(v)) = (keep, on_screen) {
        limits.push((v, false));
    }
    if let Some(a) = area {
        limits.push((a, true));
    }
    for (l, own) in limits {
        let (ex, ey) = if own { (wx, wy) } else { (none, none) };
        off.0 = clamp(off.0, bbox.x, bbox.w, anchor.x, (l.x, l.x + l.w), ex);
        off.1 = clamp(off.1, bbox.y, bbox.h, anchor.y, (l.y, l.y + l.h), ey);
    }
    let fps: Vec<Rect> = members.iter().map(|(_, f)| moved(f, off)).collect();
    let bbox = moved(&bbox, off);
    let anchor = moved(&anchor, off);
    // What stands there and does not move, each with its box and its footprint, measured
    // once: steps 3 and 4 read them (review s35 R8: step 4's `beside_at_height` and
    // `insert_left` measured every label again).
    let others: Vec<Standing<'d>> = standing_in(d, parent, moving).filter_map(|n| d.layout.get(&n.id).map(|r| (n, *r, sizes.of(node_is_container(n), &n.label, r)))).collect();
    // 2. Kept: a move beside others stays (only a member covering one moves on).
    if let Keep::Moved { .. } = keep {
        let covers = others.iter().any(|(_, r, _)| members.iter().any(|(m, _)| covered(&moved(m, off), r)));
        if !covers {
            return Ok(Moved { by: off, grow: vec![] });
        }
    }
    // 3. The nearest free shift.
    let taken: Vec<Rect> = others.iter().map(|(_, _, f)| *f).collect();
    // Only a new, pasted or re-homed group at the top level may be refused: one moved where
    // it stands (`Keep::Moved`) has its own place to go back to.
    let refuse = matches!(keep, Keep::Free | Keep::Pasted) && area.is_none() && on_screen.is_some();
    let areas: Vec<Rect> = match (area, on_screen) {
        (Some(a), Some(v)) => intersection(&a, &v).into_iter().chain([a]).collect(),
        (Some(a), None) => vec![a],
        (None, Some(v)) if refuse => vec![covering(&v, &bbox)],
        (None, Some(v)) => vec![v, inflate(&union(&v, &bbox), 4000.0)],
        (None, None) => vec![inflate(&bbox, 4000.0)],
    };
    // Where they stood, as a shift from here (after the clamp).
    let back = home.map(|h| (h.0 - off.0, h.1 - off.1));
    // The grid a moved group snaps to is its own: the drag moves it by whole grid steps
    // (the canvas snaps the offset, not the position), so one standing off the grid goes to
    // a spot a whole number of steps from where it stood — never one 2 or 4 units beside it,
    // a move nobody sees (QA s15) — and where it stood is on that grid too.
    let origin = match home {
        Some(h) => (members[0].0.x + h.0, members[0].0.y + h.1),
        None => (0.0, 0.0),
    };
    for a in &areas {
        if let Some(d) = free_offset_at(&fps, (anchor.x - origin.0, anchor.y - origin.1), true, back, a, &taken, GAP) {
            // Back home is `home` itself: off + (home − off) may miss it by a rounding.
            let by = if Some(d) == back { home.unwrap_or_default() } else { (off.0 + d.0, off.1 + d.1) };
            return Ok(Moved { by, grow: vec![] });
        }
    }
    if refuse {
        return Err(NoRoomInView);
    }
    // 4. The container is full: the free spot nearest to where the group was wanted in the
    // container grown right and down by the group's size past its contents — below them under
    // the pointer, beside them at the pointer's height, or a gap at the container's edge —
    // and it grows that way. Always below at the container's left put an internet gateway
    // dropped in a VPC's top-right corner at the VPC's bottom-left, under the AZs and out of
    // view (QA s23 #10); below-at-the-left or beside-the-rightmost (s24) put one dropped in
    // the bottom middle of a full VPC 180 px left of the pointer, and a NAT gateway dropped
    // right of NAT a in a public subnet under NAT a, 143 px from the pointer, where beside
    // was nearer (QA s24 fix 1 a, b). The container does not
    // grow left or up: that would move it, and all it holds, away from where it was.
    let (Some(pid), Some(a)) = (parent, area) else {
        return Ok(Moved { by: off, grow: vec![] });
    };
    // Nearest to where the group was wanted, not to where step 1 moved it into the area: in
    // a narrow subnet that clamp moved a NAT gateway dropped at the subnet's right edge onto
    // NAT a, from where below looked nearer than beside (QA s24 fix 1 b).
    let wanted: Vec<Rect> = members.iter().map(|(_, f)| *f).collect();
    let (anchor, bbox) = (members[0].0, bounding(wanted.iter()).unwrap_or(bbox));
    // Dropped left of everything at its height (a container's left margin): it goes where
    // it was released, and what stands at that height moves right to make room (QA s25 1d:
    // growing only right and down put an internet gateway released in a VPC's left margin
    // 326 px away, at the bottom left, or 424 px away, at the far right of the top row).
    if let Some(m) = insert_left(d, pid, &a, anchor, bbox, off, &others, moving) {
        return Ok(m);
    }
    // Below or beside as nearest; but when that grows the container taller and it was aimed
    // inside it (its boxes' rows not past the area's bottom), beside what stands at that
    // height, the container growing wider (at the end): a subnet in an AZ growing taller moves
    // the whole row below it in every AZ (QA s33 F5: NAT gateway a sent into a full "Public c"
    // went under NAT c and the public row grew 44 px at 54 %, pushing the private and isolated
    // rows down; QA s34 F6: one aimed into a full "Private c" did the same). s50-place fixed it
    // for a move alone, after this search (`beside_contents`); it is this search's own
    // preference now, for a palette drop, a paste and a move alike (lead's reading of s34, "a
    // fix at the wrong depth"). Aimed at the container's bottom edge (a box reaching past it),
    // it goes below the contents under the pointer, as before (QA s24 fix 1 a).
    let bottom = taken.iter().map(|t| t.y + t.h).fold(a.y + a.h, f64::max);
    let right = taken.iter().map(|t| t.x + t.w).fold(a.x + a.w, f64::max);
    // Room for the group past everything (and a grid step for the snap): a spot there is
    // always free, so the search always has an answer.
    let grown = Rect::new(a.x, a.y, right.max(bbox.x) + GAP + bbox.w + GRID - a.x, bottom.max(bbox.y) + GAP + bbox.h + GRID - a.y);
    let (dx, dy) = free_offset_at(&wanted, (anchor.x - origin.0, anchor.y - origin.1), true, None, &grown, &taken, GAP).unwrap_or_else(|| {
        let up = |v: f64| (v / GRID - 1e-9).ceil() * GRID;
        (up(anchor.x + a.x - bbox.x) - anchor.x, up(anchor.y + bottom + GAP - bbox.y) - anchor.y)
    });
    let grow = grow_around(d, pid, &moved(&bbox, (dx, dy)), moving);
    // Growing `pid` taller: beside what stands at the aimed height instead, when `pid` is in a
    // row of subnets (inside an AZ: its growing taller moves the row in every AZ), else when
    // that is no farther (a subnet dropped in a full AZ still goes below under the pointer,
    // 125 units away, not beside the subnet there, 310: s25-qa, `tests/editor_defaults.rs`).
    if grow.iter().any(|(g, b, a)| g == pid && a.h > b.h) {
        let boxes = bounding(members.iter().map(|m| &m.0)).unwrap_or(anchor);
        // A paste is aimed at no point: its copies are wanted where the copied ones stand,
        // offset (30, 30), which may reach past the container's bottom edge — the offset's
        // doing, not an aim at that edge. Its height is the one step 1 clamped into the
        // area, so it too goes beside what stands there, the container growing wider (QA
        // s35 F2: a paste into a full subnet grew it taller, moving its row in every AZ).
        // (`beside_at_height` answers from where it is given them: the clamp is added back.)
        let (anchor, bbox, boxes, from) = match keep {
            Keep::Pasted => (moved(&anchor, off), moved(&bbox, off), moved(&boxes, off), off),
            _ => (anchor, bbox, boxes, (0.0, 0.0)),
        };
        if let Some(mut m) = beside_at_height(d, pid, &a, anchor, bbox, boxes, &others, moving) {
            m.by = (m.by.0 + from.0, m.by.1 + from.1);
            let in_row = d.ancestors(pid).any(|q| q.kind == "az");
            if in_row || m.by.0.hypot(m.by.1) <= dx.hypot(dy) {
                return Ok(m);
            }
        }
    }
    Ok(Moved { by: (dx, dy), grow })
}

/// Step 4 of [`spot_in`] for a group aimed inside the full container `pid` (inner area `a`;
/// `anchor`: the first member's box where wanted, `bbox` the members' footprints' bounding box
/// and `boxes` their boxes' there): right of everything standing in `pid` at its height (its
/// contents, a band drawn across it; footprints within [`GAP`] of its rows), [`GAP`] clear of
/// them, the first box on the grid and its top in line with a neighbour's there when within a
/// [`GRID`] step of it (the template's NAT gateways stand at 444, off the grid). The container
/// grows to the right only ([`grow_around`]): the boxes' rows stay inside it, and a label under
/// the last box is held in the bottom padding, as its neighbours' are. None: the boxes reach
/// past the area's bottom (aimed at its bottom edge: it goes below the contents, the
/// container growing down where the pointer is), or nothing stands at that height.
#[allow(clippy::too_many_arguments)]
fn beside_at_height(d: &Design, pid: &NodeId, a: &Rect, anchor: Rect, bbox: Rect, boxes: Rect, items: &[Standing], moving: &BTreeSet<NodeId>) -> Option<Moved> {
    let below = |y1: f64| y1 > a.y + a.h + 1e-9;
    if below(boxes.y + boxes.h) {
        return None;
    }
    let near = |f: &Rect, y0: f64, y1: f64| f.y < y1 + GAP && y0 - GAP < f.y + f.h;
    let top = in_line(items.iter().filter(|(_, _, f)| near(f, bbox.y, bbox.y + bbox.h)).map(|(_, r, _)| r), anchor.y).unwrap_or_else(|| snap(anchor.y));
    // Its boxes below the area's top (over the container's title strip, a step down).
    let top = if boxes.y + top - anchor.y < a.y - 1e-9 { ((anchor.y + a.y - boxes.y) / GRID - 1e-9).ceil() * GRID } else { top };
    let dy = top - anchor.y;
    if below(boxes.y + boxes.h + dy) {
        return None;
    }
    let right = items.iter().filter(|(_, _, f)| near(f, bbox.y + dy, bbox.y + bbox.h + dy)).map(|(_, _, f)| f.x + f.w).fold(f64::NEG_INFINITY, f64::max);
    // A band drawn on past the container's right edge (across the next AZs' subnets) stands at
    // that height: beside it is in another AZ (an EC2 instance sent into "Private a" went right
    // of "Web app tasks", Private a growing ~760 units wider: e2e s46-place, s47-place). Below.
    if !right.is_finite() || right > a.x + a.w + GAP {
        return None;
    }
    // The footprints' left edge past the contents, the first box on the grid.
    let x = ((right + GAP + (anchor.x - bbox.x)) / GRID - 1e-9).ceil() * GRID;
    let by = (x - anchor.x, dy);
    let need = Rect { x: bbox.x + by.0, y: boxes.y + dy, w: bbox.w, h: boxes.h };
    Some(Moved { by, grow: grow_around(d, pid, &need, moving) })
}

/// The top of the box among `boxes` (standing beside a placed one, world units) nearest to
/// `y`, when less than a [`GRID`] step from it (a whole step off is a place on the grid, not a
/// near miss): a component placed beside another lines up with it
/// rather than standing a few units off (the template's NAT gateways stand at 444, off the
/// grid: one snapped beside NAT c stood at 450, the lead's reading of s34). None: none is.
fn in_line<'a>(boxes: impl Iterator<Item = &'a Rect>, y: f64) -> Option<f64> {
    boxes.map(|b| b.y).filter(|t| (t - y).abs() < GRID).min_by(|p, q| (p - y).abs().total_cmp(&(q - y).abs()).then(p.total_cmp(q)))
}

/// Step 4 of [`spot_in`] for a group released left of everything standing at its height in
/// the full container `pid` (inner area `a`; `anchor`: the first member's box where wanted,
/// `bbox` the members' footprints' bounding box there; `off`: step 1's
/// clamp into the area and onto the screen): the group goes where it was released (clamped,
/// the first box on the grid), and what stands at its height — the container's own children
/// whose footprints come within [`GAP`] of its rows, and in turn of theirs — moves right,
/// with all it holds, by as much as clears it by [`GAP`]; the container grows right to hold
/// them ([`grow_around`]: pushing its own neighbours as any growth does). The container
/// itself does not move: growing it left would move it, and its neighbours on the left, away
/// from where they were. None when the group was not released left of everything at its
/// height — its centre left of each one's centre and less than half its own width right of
/// each one's left edge (a drop in the middle of a full container, over a wide component,
/// still goes below) —, when nothing stands there, or when a component spanning AZs (drawn
/// across this container, held by another) stands there.
#[allow(clippy::too_many_arguments)]
fn insert_left(d: &Design, pid: &NodeId, a: &Rect, anchor: Rect, bbox: Rect, off: (f64, f64), standing: &[Standing], moving: &BTreeSet<NodeId>) -> Option<Moved> {
    let cx = bbox.x + bbox.w / 2.0;
    let items: Vec<(&Node, Rect)> = standing.iter().map(|(n, _, f)| (*n, *f)).collect();
    let near = |f: &Rect, y0: f64, y1: f64| f.y < y1 + GAP && y0 - GAP < f.y + f.h;
    let at_height: Vec<&(&Node, Rect)> = items.iter().filter(|(_, f)| near(f, bbox.y, bbox.y + bbox.h)).collect();
    if at_height.is_empty() || at_height.iter().any(|(n, f)| cx >= f.x + f.w.min(bbox.w) / 2.0 || n.parent.as_ref() != Some(pid)) {
        return None;
    }
    // Where it goes: as step 1 put it, the first box on the grid, inside the area.
    let (ax, ay) = (anchor.x + off.0, anchor.y + off.1);
    let (b0, b1) = (bbox.x + off.0, bbox.y + off.1);
    // The anchor on the grid, a step inwards where rounding took the group out of the area.
    let fit = |v: f64, lo: f64, len: f64, a0: f64, a1: f64| {
        let s = snap(v);
        let start = lo + s - v;
        if start < a0 - 1e-9 {
            s + GRID
        } else if start + len > a1 + 1e-9 && len <= a1 - a0 {
            s - GRID
        } else {
            s
        }
    };
    let x = fit(ax, b0, bbox.w, a.x, a.x + a.w);
    let y = fit(ay, b1, bbox.h, a.y, a.y + a.h);
    // In line with a neighbour at its height when within a grid step ([`in_line`]), and
    // still inside the area.
    let y = in_line(at_height.iter().filter_map(|(n, _)| d.layout.get(&n.id)), y).filter(|t| b1 + t - ay >= a.y - 1e-9 && b1 + t - ay + bbox.h <= a.y + a.h + 1e-9).unwrap_or(y);
    let by = (x - anchor.x, y - anchor.y);
    let nb = moved(&bbox, by);
    // What stands at its height, and at the height of what moves, transitively.
    let mut rows = vec![(nb.y, nb.y + nb.h)];
    let mut shifted: BTreeSet<NodeId> = BTreeSet::new();
    loop {
        let before = shifted.len();
        for (n, f) in &items {
            if !shifted.contains(&n.id) && rows.iter().any(|&(y0, y1)| near(f, y0, y1)) {
                if n.parent.as_ref() != Some(pid) {
                    return None;
                }
                shifted.insert(n.id.clone());
                rows.push((f.y, f.y + f.h));
            }
        }
        if shifted.len() == before {
            break;
        }
    }
    let left = items.iter().filter(|(n, _)| shifted.contains(&n.id)).map(|(_, f)| f.x).fold(f64::INFINITY, f64::min);
    let s = ((nb.x + nb.w + GAP - left) / GRID - 1e-9).ceil() * GRID;
    if !(s > 0.0 && s.is_finite()) {
        return None;
    }
    let shifts: std::collections::BTreeMap<NodeId, (f64, f64)> = shifted.iter().map(|id| (id.clone(), (s, 0.0))).collect();
    let need = items.iter().filter(|(n, _)| shifted.contains(&n.id)).fold(nb, |u, (_, f)| union(&u, &moved(f, (s, 0.0))));
    let mut grow = with_contents(d, &shifts, moving);
    grow.extend(grow_around(d, pid, &need, moving));
    Some(Moved { by, grow: merged(grow) })
}

/// The area a group with bounding box `b` must lie in to be as much on the screen `v` as it
/// can: `v` itself on an axis where it fits, else the span from which it covers `v`'s whole
/// extent on that axis (its box then reaches past both edges).
fn covering(v: &Rect, b: &Rect) -> Rect {
    let axis = |v0: f64, vl: f64, bl: f64| if bl <= vl { (v0, vl) } else { (v0 + vl - bl, 2.0 * bl - vl) };
    let (x, w) = axis(v.x, v.w, b.w);
    let (y, h) = axis(v.y, v.h, b.h);
    Rect::new(x, y, w, h)
}

/// How far (world units) to pan the visible area `view` — moved, never zoomed — so that
/// `want` (a new component's footprint) lies in it at least `margin` in from each edge, and
/// with it `also` (what a grown container pushed aside) when both fit: (0, 0) when they are in
/// view already. On an axis where what is to be shown is longer than the view, its start is
/// shown. Adding the result to the view's corner gives the view that shows them (QA s24 new
/// problem 1: a drop that grew a container put the new component, or the neighbours it
/// pushed, under the side panel or below the canvas, and the view stayed where it was).
///
/// When both do not fit, `want` is shown and, on each axis, as much of `also` as keeps
/// `want` in view: the pan towards `also`'s far end, no further than puts `want` at the edge
/// nor `also`'s start past the view's (QA s25 1b, 1c: at 149% a NAT gateway whose subnet
/// grew pushed the next AZ half under the side panel, and the view did not move at all) —
/// unless none of `also` would come into view that way, when `want` alone decides.
pub fn pan_to_show(view: &Rect, want: &Rect, also: Option<&Rect>, margin: f64) -> (f64, f64) {
    let inside = Rect::new(view.x + margin, view.y + margin, (view.w - 2.0 * margin).max(0.0), (view.h - 2.0 * margin).max(0.0));
    let axis = |v0: f64, vl: f64, s0: f64, sl: f64| {
        if sl > vl || s0 < v0 {
            s0 - v0
        } else if s0 + sl > v0 + vl {
            s0 + sl - (v0 + vl)
        } else {
            0.0
        }
    };
    let fits = also.map(|a| union(want, a)).filter(|b| b.w <= inside.w && b.h <= inside.h);
    if let Some(b) = fits {
        return (axis(inside.x, inside.w, b.x, b.w), axis(inside.y, inside.h, b.y, b.h));
    }
    // `want` alone, then as far towards `also` as keeps `want` in (the pan p keeps w in
    // [v0 + p, v0 + p + vl] for p in [w0 + wl − (v0 + vl), w0 − v0]).
    let toward = |v0: f64, vl: f64, w0: f64, wl: f64, a: Option<(f64, f64)>| {
        let p = axis(v0, vl, w0, wl);
        let Some((a0, al)) = a else { return p };
        if wl > vl {
            return p;
        }
        let (lo, hi) = (w0 + wl - (v0 + vl), w0 - v0);
        let t = if a0 + al > v0 + vl + p {
            (a0 + al - (v0 + vl)).min(a0 - v0).max(p)
        } else if a0 < v0 + p {
            (a0 - v0).max(a0 + al - (v0 + vl)).min(p)
        } else {
            p
        };
        let t = t.clamp(lo, hi);
        // Only worth it when some of `also` then comes into view.
        if a0 < v0 + t + vl && v0 + t < a0 + al {
            t
        } else {
            p
        }
    };
    let a = also.copied();
    (toward(inside.x, inside.w, want.x, want.w, a.map(|a| (a.x, a.w))), toward(inside.y, inside.h, want.y, want.h, a.map(|a| (a.y, a.h))))
}

/// Of what a drop pushed aside (`pushes`: where each node stood and stands, world units), the
/// part that was in `view` before it, where that part stands now, as one box (None: nothing in
/// view was pushed): what [`pan_to_show`] keeps on screen with the new component. What was
/// never on screen is not brought in (QA s25: at 149% a drop panned 393 px to show a column
/// that had never been in view, and the part being worked on left it).
pub fn pushed_in_view(view: &Rect, pushes: &[(Rect, Rect)]) -> Option<Rect> {
    pushes
        .iter()
        .filter_map(|(b, a)| {
            let (x0, y0) = (b.x.max(view.x), b.y.max(view.y));
            let (x1, y1) = ((b.x + b.w).min(view.x + view.w), (b.y + b.h).min(view.y + view.h));
            (x1 > x0 && y1 > y0).then(|| Rect::new(x0 + a.x - b.x, y0 + a.y - b.y, x1 - x0, y1 - y0))
        })
        .reduce(|u, r| union(&u, &r))
}

/// [`spot_for`], the nodes in `moving` (being dragged) neither counted as taken nor pushed
/// aside by a container that grows ([`spot_in`] with one member).
pub fn spot_among(d: &Design, container: bool, label: &str, parent: Option<&NodeId>, want: &Rect, view: Option<Rect>, moving: &BTreeSet<NodeId>) -> Result<Placement, NoRoomInView> {
    let m = spot_in(d, parent, &[(*want, footprint(container, label, want))], view, moving, Keep::Free)?;
    Ok(Placement { rect: moved(want, m.by), grow: m.grow })
}

/// The containers from `id` up that must grow (right and down) so that each holds `r`, and
/// then its grown child, inside its padding, and what each grown container pushes aside:
/// (id, before, after), each grown container followed by the nodes it pushed, innermost
/// first.
///
/// A container that grows covers nothing it did not cover before (QA s10 #3: a subnet grew
/// over the subnet below it). What stands below its old bottom edge, across its new width,
/// moves down by as much as it grew taller; what stands right of its old right edge, across
/// its new height, moves right by as much as it grew wider — each with all it holds, and
/// what those moved nodes then stand in front of moves too, so rows and columns keep their
/// order and gaps (AWS's layout: AZ columns, subnet rows; "Tidy up" lays them out so). The
/// container's own container then grows to hold it and what it pushed. Pushing, not placing
/// the new node elsewhere: the user chose the container; it grows where the node was put,
/// as a hand-drawn diagram does.
pub fn grow_to_hold(d: &Design, id: &NodeId, r: &Rect) -> Vec<(NodeId, Rect, Rect)> {
    grow_around(d, id, r, &BTreeSet::new())
}

/// [`grow_to_hold`], the nodes in `moving` (being dragged) neither pushed nor held.
///
/// Rows of subnets stay rows: when a container in an Availability Zone grows taller by Δ,
/// what stands below its old bottom edge in every other AZ of the VPC beside its own (whose
/// vertical extent overlaps its AZ's) moves down by Δ too, with all it holds, and those AZs
/// grow by Δ with its own — the subnets at one height in every AZ are one row (AWS's layout,
/// "Tidy up"'s), and a component spanning AZs is drawn as a band across a row's subnets: had
/// only the grown subnet's own AZ column moved, the band (a child of its home subnet) would
/// be drawn across the other AZs' subnet titles (s27 testers).
fn grow_around(d: &Design, id: &NodeId, r: &Rect, moving: &BTreeSet<NodeId>) -> Vec<(NodeId, Rect, Rect)> {
    let mut out = Vec::new();
    let mut need = *r;
    let mut cur = Some(id.clone());
    // The AZs beside the last grown container's AZ (id, before, after) and how much taller
    // that AZ must grow with them: the row rule, settled one level up.
    let mut row: Vec<(NodeId, Rect, Rect)> = Vec::new();
    let mut row_taller = 0.0;
    let up = |v: f64| (v / GRID - 1e-9).ceil() * GRID;
    while let Some(c) = cur {
        let Some(before) = d.layout.get(&c).copied() else { break };
        let a = inner(&before);
        let right = (need.x + need.w - (a.x + a.w)).max(0.0);
        let down = (need.y + need.h - (a.y + a.h)).max(0.0).max(row_taller);
        if right <= 0.0 && down <= 0.0 && row.is_empty() {
            break;
        }
        // Rounded up to the grid, so it holds the child whole. Only a side that grows is
        // rounded: a VPC 672 tall that grows to the right stays 672 tall (not 680).
        let w = if right > 0.0 { up(before.w + right) } else { before.w };
        let h = if down > 0.0 { up(before.h + down) } else { before.h };
        let after = Rect { w, h, ..before };
        out.push((c.clone(), before, after));
        let parent = d.nodes.get(&c).and_then(|n| n.parent.clone());
        let mut shifts = push_aside(d, &c, parent.as_ref(), &before, &after, moving);
        let mut held = after;
        for (q, qb, qa) in std::mem::take(&mut row) {
            for (id, (dx, dy)) in push_aside(d, &q, parent.as_ref(), &qb, &qa, moving) {
                let e = shifts.entry(id).or_default();
                *e = (e.0.max(dx), e.1.max(dy));
            }
            held = union(&held, &qa);
            out.push((q, qb, qa));
        }
        row_taller = 0.0;
        // The next container holds this one, its row and the siblings they pushed.
        for (p, (dx, dy)) in &shifts {
            if let Some(n) = d.nodes.get(p) {
                let r = d.layout[p];
                held = union(&held, &footprint(node_is_container(n), &n.label, &moved(&r, (*dx, *dy))));
            }
        }
        out.extend(with_contents(d, &shifts, moving));
        // The row: c in an AZ grew taller, so every AZ beside it opens the same strip.
        let taller = after.h - before.h;
        if let Some(az) = parent.as_ref().and_then(|p| d.nodes.get(p)).filter(|p| p.kind == "az" && taller > 0.0) {
            let bottom = before.y + before.h;
            let az_rect = d.layout.get(&az.id).copied();
            for q in d.nodes.values().filter(|q| q.kind == "az" && q.parent == az.parent && q.id != az.id && !moving.contains(&q.id)) {
                let (Some(qb), Some(ar)) = (d.layout.get(&q.id).copied(), az_rect) else { continue };
                if !(qb.y < ar.y + ar.h && ar.y < qb.y + qb.h) {
                    continue;
                }
                let below: std::collections::BTreeMap<NodeId, (f64, f64)> = d
                    .nodes
                    .values()
                    .filter(|m| m.parent.as_ref() == Some(&q.id) && !moving.contains(&m.id))
                    .filter(|m| d.layout.get(&m.id).is_some_and(|r| r.y >= bottom - 1e-9))
                    .map(|m| (m.id.clone(), (0.0, taller)))
                    .collect();
                out.extend(with_contents(d, &below, moving));
                row.push((q.id.clone(), qb, Rect { h: up(qb.h + taller), ..qb }));
            }
            if !row.is_empty() {
                row_taller = taller;
            }
        }
        need = held;
        cur = parent;
    }
    merged(out)
}

/// One (id, before, after) per node: a node both grown and pushed (an AZ of the row that a
/// wider container also pushes right), or moved by two containers, takes every change.
fn merged(changes: Vec<(NodeId, Rect, Rect)>) -> Vec<(NodeId, Rect, Rect)> {
    let mut out: Vec<(NodeId, Rect, Rect)> = Vec::new();
    let mut at: std::collections::BTreeMap<NodeId, usize> = std::collections::BTreeMap::new();
    for (id, b, a) in changes {
        match at.get(&id) {
            Some(&i) => {
                let r = &mut out[i].2;
                r.x += a.x - b.x;
                r.y += a.y - b.y;
                r.w += a.w - b.w;
                r.h += a.h - b.h;
            }
            None => {
                at.insert(id.clone(), out.len());
                out.push((id, b, a));
            }
        }
    }
    out
}

/// (id, before, after) for each node of `shifts` moved by its shift, and everything it holds
/// but what is in `moving` (and what that holds): a node being dragged goes where the drop
/// puts it, by its own move made from where it stood — pushed too, that move no longer
/// applied (QA s17: a component dragged up out of a subnet that a grown subnet above pushed
/// down, refused with "the position of … changed since this edit was made").
fn with_contents(d: &Design, shifts: &std::collections::BTreeMap<NodeId, (f64, f64)>, moving: &BTreeSet<NodeId>) -> Vec<(NodeId, Rect, Rect)> {
    let mut out = Vec::new();
    let dragged = |m: &NodeId| {
        let mut cur = Some(m);
        while let Some(c) = cur {
            if moving.contains(c) {
                return true;
            }
            cur = d.nodes.get(c).and_then(|n| n.parent.as_ref());
        }
        false
    };
    for (id, by) in shifts {
        for m in std::iter::once(id.clone()).chain(crate::edit::descendants(d, id)) {
            if !moving.is_empty() && dragged(&m) {
                continue;
            }
            if let Some(r) = d.layout.get(&m) {
                out.push((m, *r, moved(r, *by)));
            }
        }
    }
    out
}

/// The siblings of `grown` (in `parent`) that its growth from `before` to `after` would cover,
/// to move out of its way ([`grow_to_hold`] says how): the shift of each (what it holds moves
/// with it, [`with_contents`]).
fn push_aside(d: &Design, grown: &NodeId, parent: Option<&NodeId>, before: &Rect, after: &Rect, moving: &BTreeSet<NodeId>) -> std::collections::BTreeMap<NodeId, (f64, f64)> {
    let mut sibs: Vec<(NodeId, Rect)> = d
        .nodes
        .values()
        .filter(|n| n.parent.as_ref() == parent && &n.id != grown && !moving.contains(&n.id))
        .filter_map(|n| d.layout.get(&n.id).map(|r| (n.id.clone(), *r)))
        .collect();
    let mut by: std::collections::BTreeMap<NodeId, (f64, f64)> = std::collections::BTreeMap::new();
    let overlaps = |a0: f64, a1: f64, spans: &[(f64, f64)]| spans.iter().any(|&(s0, s1)| a0 < s1 && s0 < a1);
    // Down: what stands below the old bottom edge, across the new width (and, in turn, across
    // what moved down), top to bottom.
    let taller = after.h - before.h;
    if taller > 0.0 {
        let mut spans = vec![(after.x, after.x + after.w)];
        crate::order::sort_by(&mut sibs, |a, b| a.1.y.total_cmp(&b.1.y).then(a.1.x.total_cmp(&b.1.x)));
        for (id, r) in sibs.iter_mut() {
            if r.y >= before.y + before.h - 1e-9 && overlaps(r.x, r.x + r.w, &spans) {
                spans.push((r.x, r.x + r.w));
                r.y += taller;
                by.entry(id.clone()).or_default().1 += taller;
            }
        }
    }
    // Right: what stands right of the old right edge, across the new height (and what moved
    // right), left to right; a node moved down already stands below the new bottom edge.
    let wider = after.w - before.w;
    if wider > 0.0 {
        let mut rows = vec![(after.y, after.y + after.h)];
        crate::order::sort_by(&mut sibs, |a, b| a.1.x.total_cmp(&b.1.x).then(a.1.y.total_cmp(&b.1.y)));
        for (id, r) in sibs.iter_mut() {
            if r.x >= before.x + before.w - 1e-9 && overlaps(r.y, r.y + r.h, &rows) {
                rows.push((r.y, r.y + r.h));
                r.x += wider;
                by.entry(id.clone()).or_default().0 += wider;
            }
        }
    }
    by
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`super::spot_for_move`] where it is never refused (no view, or inside a container).
    fn spot_for_move(d: &Design, roots: &[NodeId], by: (f64, f64), into: Option<&NodeId>, moving: &BTreeSet<NodeId>, view: Option<Rect>) -> Option<Moved> {
        super::spot_for_move(d, roots, by, into, moving, view).expect("not refused")
    }

    /// [`super::spot_among`] where it is never refused.
    fn spot_among(d: &Design, container: bool, label: &str, parent: Option<&NodeId>, want: &Rect, view: Option<Rect>, moving: &BTreeSet<NodeId>) -> Placement {
        super::spot_among(d, container, label, parent, want, view, moving).expect("not refused")
    }

    #[test]
    fn a_free_spot_is_kept() {
        let want = Rect::new(100.0, 100.0, 50.0, 50.0);
        let area = Rect::new(0.0, 0.0, 500.0, 500.0);
        assert_eq!(free_spot(&want, &area, &[Rect::new(300.0, 300.0, 50.0, 50.0)], 20.0), Some(want));
    }

    #[test]
    fn a_taken_spot_moves_to_the_nearest_free_one() {
        // A 50×50 box wanted at (100,100) on top of a 50×50 box at (100,100). With a 20 gap,
        // the candidates are x ∈ {100 + 50 + 20 = 170, 100 − 20 − 50 = 30} or the same for y,
        // each 70 away; ties go to the upper one, then the left: (100, 30) is 70 up.
        let want = Rect::new(100.0, 100.0, 50.0, 50.0);
        let area = Rect::new(0.0, 0.0, 500.0, 500.0);
        let got = free_spot(&want, &area, &[want], 20.0).unwrap();
        assert_eq!((got.x, got.y), (100.0, 30.0));
        // In an area that starts at y = 80 there is no room above: left, x = 30.
        let area = Rect::new(0.0, 80.0, 500.0, 420.0);
        let got = free_spot(&want, &area, &[want], 20.0).unwrap();
        assert_eq!((got.x, got.y), (30.0, 100.0));
    }

    fn lambda(d: &mut Design, id: &str, parent: Option<&str>, r: Rect) {
        let node = crate::model::Node { id: id.into(), kind: "lambda".into(), label: id.into(), parent: parent.map(NodeId::from), span: Vec::new(), props: Default::default(), ingress: vec![], suppressions: vec![] };
        crate::Edit::AddNode { node, rect: Some(r) }.apply(d).expect("adds");
    }

    fn container(d: &mut Design, id: &str, kind: &str, parent: Option<&str>, r: Rect) {
        let node = crate::model::Node { id: id.into(), kind: kind.into(), label: id.into(), parent: parent.map(NodeId::from), span: Vec::new(), props: Default::default(), ingress: vec![], suppressions: vec![] };
        crate::Edit::AddNode { node, rect: Some(r) }.apply(d).expect("adds");
    }

    /// `b`'s rectangle after a drop of `b` alone by the offset that lands it at `want`.
    fn drop_b(d: &Design, want: Rect, moving: &[&str]) -> Option<Rect> {
        let b = NodeId::from("b");
        let r = d.layout[&b];
        let moving: BTreeSet<NodeId> = moving.iter().map(|m| NodeId::from(*m)).collect();
        spot_for_move(d, &[b.clone()], (want.x - r.x, want.y - r.y), d.nodes[&b].parent.as_ref(), &moving, None).map(|m| Rect { x: r.x + m.by.0, y: r.y + m.by.1, ..r })
    }

    /// Two lambdas side by side at the top level; `b` dragged: onto `a` it goes to the nearest
    /// free spot, beside `a` it stays where dropped.
    #[test]
    fn a_component_dropped_on_another_in_its_container_takes_the_nearest_free_spot() {
        let mut d = Design::new("t", "us-east-1");
        lambda(&mut d, "a", None, Rect::new(0.0, 0.0, 112.0, 72.0));
        lambda(&mut d, "b", None, Rect::new(400.0, 0.0, 112.0, 72.0));
        // Beside a (a gap of 8, less than GAP): the user's arrangement, kept.
        assert_eq!(drop_b(&d, Rect::new(120.0, 0.0, 112.0, 72.0), &["b"]), None);
        // On b's own old place (and anywhere over it): nothing else there.
        assert_eq!(drop_b(&d, Rect::new(390.0, 10.0, 112.0, 72.0), &["b"]), None);
        // Edge to edge with a (x = 112): touching, kept.
        assert_eq!(drop_b(&d, Rect::new(112.0, 0.0, 112.0, 72.0), &["b"]), None);
        // Touching a's bottom edge (y = 72, off the 10 grid) from below, snapped to y = 70:
        // 112 × 2 of overlap, a strip no thicker than TOUCH (5): touching, kept (QA s28 F4).
        assert_eq!(drop_b(&d, Rect::new(0.0, 70.0, 112.0, 72.0), &["b"]), None);
        // And beside it, snapped 4 units into its right edge (x = 108): kept too.
        assert_eq!(drop_b(&d, Rect::new(108.0, 0.0, 112.0, 72.0), &["b"]), None);
        // 6 units into it (x = 106): over it, moved off.
        assert!(drop_b(&d, Rect::new(106.0, 0.0, 112.0, 72.0), &["b"]).is_some());
        // Over a's corner: 30 × 20 of its 112 × 72 (7%): one box over another, moved off it
        // (QA s27 F0: no drop leaves a box over another, however little).
        assert!(drop_b(&d, Rect::new(82.0, 52.0, 112.0, 72.0), &["b"]).is_some());
        // A third of a covered (56 × 52 = 2,912 of 8,064 = 36% ≥ 25%): moved off it.
        assert!(drop_b(&d, Rect::new(56.0, 20.0, 112.0, 72.0), &["b"]).is_some());
        // Onto a, 10 right and 10 down of it: covered. The nearest free spot on the grid keeps
        // GAP from a's footprint (its box; the one-letter label is inside): right of it at
        // x = 112 + 20 = 132 → 140 (130 away), below at y = 72 + 20 = 92 → 100 (90 away): below.
        assert_eq!(drop_b(&d, Rect::new(10.0, 10.0, 112.0, 72.0), &["b"]), Some(Rect::new(10.0, 100.0, 112.0, 72.0)));
        // Dragged with a (both move): a's old place is free, it lands where dropped.
        assert_eq!(drop_b(&d, Rect::new(10.0, 10.0, 112.0, 72.0), &["a", "b"]), None);
    }

    /// QA s27 F0, the 1,000-node sample reduced to the hub "CloudWatch" (`logs`) and its
    /// neighbours (112 × 72 boxes, columns 140 apart, rows 100 apart: gaps of 28). Dragged
    /// (+40, +40) screen px at 70 % (57 world units, the drag's grid steps: +60, +60) its box
    /// (8,248, 100)–(8,360, 172) overlaps "reviews-8 on upload" (8,188, 140): 52 × 32 = 1,664
    /// of 8,064 (21 %), "reviews-8 index" (8,328, 140): 32 × 32 (13 %) and "Tracing"
    /// (8,328, 40): 32 × 12 (5 %). Each under the old quarter, so main kept the drop (None)
    /// with the hub drawn over three components. Now it goes to a spot overlapping none.
    #[test]
    fn a_hub_dropped_over_the_corners_of_three_neighbours_is_moved_off_them() {
        let mut d = Design::new("t", "us-east-1");
        let grid = [
            ("assets", 7908.0, 40.0), ("uploads", 8048.0, 40.0), ("b", 8188.0, 40.0), ("traces", 8328.0, 40.0), ("alerts", 8468.0, 40.0),
            ("events", 7908.0, 140.0), ("fn-7", 8048.0, 140.0), ("fn-8", 8188.0, 140.0), ("table-8", 8328.0, 140.0), ("table-10", 8468.0, 140.0),
            ("fn-21", 7908.0, 240.0), ("fn-24", 8048.0, 240.0), ("queue-30", 8188.0, 240.0), ("queue-32", 8328.0, 240.0), ("worker-32", 8468.0, 240.0),
        ];
        for (id, x, y) in grid {
            lambda(&mut d, id, None, Rect::new(x, y, 112.0, 72.0));
        }
        let got = drop_b(&d, Rect::new(8248.0, 100.0, 112.0, 72.0), &["b"]).expect("on three neighbours' corners: moved off them");
        for (id, _, _) in grid.iter().filter(|g| g.0 != "b") {
            assert!(!covered(&got, &d.layout[&NodeId::from(*id)]), "{got:?} over {id}");
        }
        // The gaps between the boxes (28) are narrower than a box: no spot nearer than where
        // it stood is free of them all with GAP, so it goes back (the canvas says "Not moved").
        assert_eq!(got, Rect::new(8188.0, 40.0, 112.0, 72.0));
    }

    /// QA s28 F5: a drop released on top of another is placed at the nearest free spot, and
    /// `dropped_on` names what it was released on, so the app can say why it went there; a
    /// drop beside others (edges touching, or only within the gap) names nothing, so an
    /// ordinary drop is not told.
    #[test]
    fn a_drop_released_on_another_names_it_and_one_beside_names_none() {
        let mut d = Design::new("t", "us-east-1");
        lambda(&mut d, "a", None, Rect::new(0.0, 0.0, 112.0, 72.0));
        lambda(&mut d, "b", None, Rect::new(300.0, 0.0, 112.0, 72.0));
        let b = NodeId::from("b");
        let moving = BTreeSet::from([b.clone()]);
        // b released over a's right half: it names a, and the placement moves it on.
        let on = Rect::new(60.0, 10.0, 112.0, 72.0);
        assert_eq!(dropped_on(&d, None, &[on], &moving).map(|n| n.id.as_str()), Some("a"));
        let m = spot_for_move(&d, &[b.clone()], (on.x - 300.0, on.y), None, &moving, None).expect("covered: moved");
        assert_ne!(m.by, (on.x - 300.0, on.y), "placed elsewhere than released");
        // Released beside a (edges touching within TOUCH, or 10 px off): none, kept as dropped.
        for beside in [Rect::new(112.0 - TOUCH, 0.0, 112.0, 72.0), Rect::new(122.0, 0.0, 112.0, 72.0)] {
            assert_eq!(dropped_on(&d, None, &[beside], &moving).map(|n| n.id.as_str()), None, "{beside:?}");
        }
        // Itself (it moves) is never what it was released on.
        assert_eq!(dropped_on(&d, None, &[d.layout[&b]], &moving).map(|n| n.id.as_str()), None);
        // A new component's wanted box is its default box centred on the point, on the grid.
        assert_eq!(wanted_box((57.0, 41.0), default_size("lambda")), Rect::new(0.0, 10.0, 112.0, 72.0));
    }

    /// QA s15: a component standing off the grid (x = 8), dropped on a neighbour whose
    /// nearest free spot is its own old place, goes back exactly there (an offset of zero: no
    /// edit), not to the grid point 2 units beside it (a move nobody sees, recorded as an undo
    /// step "Move “CloudWatch”").
    #[test]
    fn a_drop_whose_nearest_free_spot_is_its_own_place_off_the_grid_goes_back_exactly() {
        let mut d = Design::new("t", "us-east-1");
        lambda(&mut d, "a", None, Rect::new(0.0, 0.0, 112.0, 72.0));
        lambda(&mut d, "b", None, Rect::new(8.0, 100.0, 112.0, 72.0));
        // b dragged 70 up, over the lower half of a (104 × 42 of its 112 × 72, 54%): the
        // nearest free spot on the grid is below a, y = 72 + 20 = 92 → 100, at x = 10 (8 on
        // the grid), 2 units right of where b stood.
        let b = NodeId::from("b");
        let moving = BTreeSet::from([b.clone()]);
        let m = spot_for_move(&d, &[b.clone()], (0.0, -70.0), None, &moving, None).expect("b covered a: moved");
        assert_eq!(m, Moved { by: (0.0, 0.0), grow: vec![] });
        // Dropped on a neighbour a grid step or more from its place, it moves as before.
        lambda(&mut d, "c", None, Rect::new(300.0, 100.0, 112.0, 72.0));
        let m = spot_for_move(&d, &[b.clone()], (292.0, 0.0), None, &moving, None).expect("b covered c: moved");
        assert!(m.by.0.abs() >= GRID || m.by.1.abs() >= GRID, "{m:?}");
    }

    /// Review s15: "back where it stood" comes out of the search, not out of a patch after
    /// it: where a moved group stood is a spot the search tries, and it snaps to the group's
    /// own grid (the drag's whole steps). A component off the grid on both axes goes back there
    /// exactly, or to a spot a whole number of grid steps from it — never 2 or 4 units beside.
    #[test]
    fn a_component_off_the_grid_dropped_on_a_neighbour_goes_home_or_whole_grid_steps() {
        let mut d = Design::new("t", "us-east-1");
        lambda(&mut d, "a", None, Rect::new(0.0, 0.0, 112.0, 72.0));
        // b off the grid by 4 on both axes, 32 below a (more than GAP).
        lambda(&mut d, "b", None, Rect::new(4.0, 104.0, 112.0, 72.0));
        let b = NodeId::from("b");
        let moving = BTreeSet::from([b.clone()]);
        // Dragged 80 up (the canvas drags by whole grid steps) to (4, 24): over 67% of a
        // (108 × 48 of 112 × 72), so it moves. Clear of a's GAP means y ≥ 72 + 20 = 92 (or
        // x ≥ 132, x ≤ −132, y ≤ −92: all farther). On b's grid (4 + 10i, 4 + 10j) the
        // nearest is (4, 94): 70 down (4,900), nearer than home (4, 104), 80 down (6,400).
        // On the absolute grid it would be (0, 100), 76 down and 4 left (5,792): 4 units from
        // home each way, a move nobody sees — which the patch this replaces turned into "not
        // moved" (main: by (0, 0)).
        let m = spot_for_move(&d, &[b.clone()], (0.0, -80.0), None, &moving, None).expect("b covered a: moved");
        assert_eq!(m, Moved { by: (0.0, -10.0), grow: vec![] });
        // b at (4, 96), 24 below a: dragged 80 up to (4, 16) (over 78% of a), the nearest on
        // its grid clear of a is y = 96, home (80 down, 6,400; the absolute grid's (0, 100):
        // 84 down, 4 left, 7,072): back exactly, an offset of zero.
        d.layout.insert(b.clone(), Rect::new(4.0, 96.0, 112.0, 72.0));
        let m = spot_for_move(&d, &[b.clone()], (0.0, -80.0), None, &moving, None).expect("b covered a: moved");
        assert_eq!(m, Moved { by: (0.0, 0.0), grow: vec![] });
    }

    /// QA s31: a Lambda function (top level or subnet, never a VPC) dropped on an empty area
    /// of a VPC that fills the view went to the top level's nearest free spot, above the
    /// VPC, out of sight, nothing said. Now it is refused with the VPC's reason; with room
    /// beside the VPC in view it goes there, as before.
    #[test]
    fn a_kind_dropped_on_a_container_that_refuses_it_never_lands_out_of_sight() {
        let mut d = Design::new("t", "us-east-1");
        container(&mut d, "v", "vpc", None, Rect::new(0.0, 40.0, 3000.0, 2000.0));
        container(&mut d, "z", "az", Some("v"), Rect::new(20.0, 1000.0, 1000.0, 1000.0));
        let inside = Rect::new(1000.0, 300.0, 1200.0, 600.0);
        // The cause: the top level has no free spot in the view (all VPC). Without a view the
        // nearest anywhere is above the VPC, y = 40 − GAP − 72 = −52 → −60 on the grid.
        assert_eq!(new_node_rect(&d, "lambda", "Lambda function", None, (1500.0, 600.0), Some(inside)), Err(NoRoomInView));
        assert_eq!(new_node_rect(&d, "lambda", "Lambda function", None, (1500.0, 600.0), None).map(|p| p.rect.y), Ok(-60.0));
        let e = drop_new(&d, "lambda", "Lambda function", (1500.0, 600.0), Some(inside)).expect_err("refused");
        assert!(e.0.starts_with("Lambda function cannot sit in a VPC: it belongs"), "{}", e.0);
        // And what to do (QA s21): the top level has no room in view, beside the VPC.
        assert!(e.0.ends_with("The view has no free space outside VPC \"v\": zoom out until there is empty canvas beside it, and drop it there"), "{}", e.0);
        // Room left of the VPC in view: it goes there, in view, clear of the VPC.
        let beside = Rect::new(-700.0, 0.0, 1440.0, 900.0);
        let (parent, p) = drop_new(&d, "lambda", "Lambda function", (100.0, 400.0), Some(beside)).expect("placed");
        assert_eq!(parent, None);
        let r = p.rect;
        assert!(r.x >= beside.x && r.y >= beside.y && r.x + r.w <= beside.x + beside.w && r.y + r.h <= beside.y + beside.h, "{r:?}");
        assert!(!intersects(&inflate(&footprint(false, "Lambda function", &r), GAP - 1e-6), &d.layout[&NodeId::from("v")]), "{r:?}");
        // A kind the VPC holds lands where dropped, view or not.
        let (parent, p) = drop_new(&d, "alb", "Application Load Balancer", (1500.0, 600.0), Some(inside)).expect("placed");
        assert_eq!(parent, Some(NodeId::from("v")));
        assert!(inside.contains_point(p.rect.x, p.rect.y), "{:?}", p.rect);
    }

    /// QA s21: Internet users dropped on a Region that fills the view: they stand outside every
    /// Region, the top level has no free spot in view, and the refusal says what to do; with
    /// room beside the Region in view they go there.
    #[test]
    fn an_outside_kind_dropped_on_a_region_filling_the_view_is_told_where_to_go() {
        let mut d = Design::new("t", "us-east-1");
        container(&mut d, "r", "region", None, Rect::new(0.0, 0.0, 3000.0, 2000.0));
        container(&mut d, "v", "vpc", Some("r"), Rect::new(40.0, 60.0, 1200.0, 800.0));
        let inside = Rect::new(200.0, 200.0, 1440.0, 900.0);
        for at in [(1500.0, 1200.0), (400.0, 400.0)] {
            let e = drop_new(&d, "users", "Internet users", at, Some(inside)).expect_err("no room in view");
            assert!(e.0.contains("The view has no free space outside Region \"r\": zoom out"), "{}", e.0);
        }
        let beside = Rect::new(-800.0, 0.0, 1440.0, 900.0);
        let (parent, p) = drop_new(&d, "users", "Internet users", (100.0, 400.0), Some(beside)).expect("placed beside the Region");
        assert_eq!(parent, None);
        assert!(p.rect.x + p.rect.w <= 0.0, "{:?}", p.rect);
    }

    /// A view filled by two top-level components (zoomed in on them), nothing else near.
    fn full_view() -> (Design, Rect) {
        let mut d = Design::new("t", "us-east-1");
        lambda(&mut d, "a", None, Rect::new(0.0, 0.0, 112.0, 72.0));
        lambda(&mut d, "b", None, Rect::new(140.0, 0.0, 112.0, 72.0));
        (d, Rect::new(10.0, 10.0, 230.0, 90.0))
    }

    /// s17-place: "no free spot in the view" is one answer, [`spot_in`]'s, for every caller
    /// that places at the top level with a view: a drop on the empty canvas (not only on a
    /// container that refuses the kind), a pasted or duplicated group, a group dragged out of
    /// its container, a new node with the containers it needs. On main only `drop_new`
    /// refused, and only under a container: the others went out of sight (y = −100 here).
    #[test]
    fn every_top_level_placement_with_a_view_is_refused_when_the_view_has_no_free_spot() {
        let (mut d, view) = full_view();
        // A palette drop on a (leaf) component filling the view: no container under it, so
        // the reason is the view's.
        let e = drop_new(&d, "lambda", "Lambda function", (60.0, 40.0), Some(view)).expect_err("refused");
        assert_eq!(e.0, NoRoomInView.message("a new Lambda function"));
        // Without a view (the CLI, a test): the nearest free spot anywhere, as before.
        let (_, p) = drop_new(&d, "lambda", "Lambda function", (60.0, 40.0), None).expect("placed");
        assert!(!view.contains_point(p.rect.x, p.rect.y) && p.rect.y < 0.0, "{:?}", p.rect);
        // spot_in itself, a group of two (a paste), and one (a duplicate's copy).
        let two = [Rect::new(20.0, 20.0, 112.0, 72.0), Rect::new(160.0, 20.0, 112.0, 72.0)].map(|r| (r, footprint(false, "x", &r)));
        assert_eq!(spot_in(&d, None, &two, Some(view), &BTreeSet::new(), Keep::Free), Err(NoRoomInView));
        assert_eq!(spot_in(&d, None, &two[..1], Some(view), &BTreeSet::new(), Keep::Free), Err(NoRoomInView));
        assert!(spot_in(&d, None, &two, None, &BTreeSet::new(), Keep::Free).is_ok());
        // Nothing to place: no offset, never refused.
        assert_eq!(spot_in(&d, None, &[], Some(view), &BTreeSet::new(), Keep::Free), Ok(Moved { by: (0.0, 0.0), grow: vec![] }));
        // A component dragged out of its VPC onto them (Keep::Free): refused, not moved out
        // of sight.
        container(&mut d, "v", "vpc", None, Rect::new(0.0, 200.0, 600.0, 300.0));
        lambda(&mut d, "c", None, Rect::new(100.0, 300.0, 112.0, 72.0));
        d.nodes.get_mut(&NodeId::from("c")).unwrap().parent = Some(NodeId::from("v"));
        let c = [NodeId::from("c")];
        let moving: BTreeSet<NodeId> = c.iter().cloned().collect();
        assert_eq!(super::spot_for_move(&d, &c, (-80.0, -290.0), None, &moving, Some(view)), Err(NoRoomInView));
        // A view with room beside them: moved into it, in view.
        let wide = Rect::new(-400.0, 0.0, 900.0, 180.0);
        let m = super::spot_for_move(&d, &c, (-80.0, -290.0), None, &moving, Some(wide)).expect("not refused").expect("moved off a");
        let r = moved(&d.layout[&c[0]], m.by);
        assert!(r.x >= wide.x && r.y >= wide.y && r.x + r.w <= wide.x + wide.w && r.y + r.h <= wide.y + wide.h, "{r:?}");
        // Moved inside its own container (Keep::Moved): never refused, the view or not.
        assert!(super::spot_for_move(&d, &c, (20.0, 0.0), Some(&NodeId::from("v")), &moving, Some(view)).is_ok());
        // Into a container (a subnet's visible part full): never refused, it grows.
        assert!(super::spot_among(&d, false, "x", Some(&NodeId::from("v")), &Rect::new(100.0, 300.0, 112.0, 72.0), Some(view), &BTreeSet::new()).is_ok());
    }

    /// QA s19: on an empty canvas with one component in the middle of the view, a Region
    /// (sized to the view) was refused "No free space in view". It now takes a smaller size
    /// in the view's free part, clear of the component; a view with no room for even the
    /// smallest container still refuses.
    #[test]
    fn a_new_container_shrinks_to_a_free_part_of_the_view_before_being_refused() {
        let mut d = Design::new("t", "us-east-1");
        let view = Rect::new(0.0, 0.0, 1000.0, 600.0);
        lambda(&mut d, "users", None, Rect::new(444.0, 264.0, 112.0, 72.0));
        let (parent, p) = drop_new(&d, "region", "Region", (300.0, 300.0), Some(view)).expect("a Region is placed");
        assert_eq!(parent, None);
        let r = p.rect;
        assert!(r.x >= view.x && r.y >= view.y && r.x + r.w <= view.x + view.w && r.y + r.h <= view.y + view.h, "in view: {r:?}");
        let users = footprint(false, "Lambda function", &d.layout[&NodeId::from("users")]);
        assert!(!intersects(&inflate(&users, GAP - 0.5), &r), "clear of the component: {r:?}");
        assert!(r.w >= MIN_CONTAINER.0 && r.h >= MIN_CONTAINER.1, "{r:?}");
        // The full view of two components: no room for the smallest container either.
        let (d, view) = full_view();
        assert!(drop_new(&d, "region", "Region", (60.0, 40.0), Some(view)).is_err());
    }

    /// A group larger than the view (zoomed in, a paste of many) is not refused for its size:
    /// on an axis where it does not fit it covers the whole view there, at the nearest free
    /// spot.
    #[test]
    fn a_group_larger_than_the_view_covers_it_rather_than_being_refused() {
        let d = Design::new("t", "us-east-1");
        let view = Rect::new(0.0, 0.0, 200.0, 150.0);
        let members: Vec<(Rect, Rect)> = (0..4).map(|i| Rect::new(300.0 + 140.0 * i as f64, 400.0, 112.0, 72.0)).map(|r| (r, footprint(false, "x", &r))).collect();
        let m = spot_in(&d, None, &members, Some(view), &BTreeSet::new(), Keep::Free).expect("not refused");
        let b = bounding(members.iter().map(|(_, f)| f)).map(|b| moved(&b, m.by)).unwrap();
        let on = inflate(&view, -GRID);
        assert!(b.x <= on.x && b.x + b.w >= on.x + on.w, "covers the view's width: {b:?}");
        assert!(b.y >= on.y && b.y + b.h <= on.y + on.h, "inside its height: {b:?}");
    }

    /// QA s10 #1: a group dropped on others goes, as a group, to the nearest spot where none
    /// of its members covers a node outside it.
    #[test]
    fn a_group_dropped_on_others_moves_as_a_group_to_the_nearest_free_spot() {
        // a and b side by side (a gap of 28), c further right; a and b dragged together by
        // (+420, +10): b lands on c's place... a at (420,10), b at (560,10); c at (560,0).
        let mut d = Design::new("t", "us-east-1");
        lambda(&mut d, "a", None, Rect::new(0.0, 0.0, 112.0, 72.0));
        lambda(&mut d, "b", None, Rect::new(140.0, 0.0, 112.0, 72.0));
        lambda(&mut d, "c", None, Rect::new(560.0, 0.0, 112.0, 72.0));
        let roots = [NodeId::from("a"), NodeId::from("b")];
        let moving: BTreeSet<NodeId> = roots.iter().cloned().collect();
        let m = spot_for_move(&d, &roots, (420.0, 10.0), None, &moving, None).expect("b covered c: moved");
        // The nearest shift on the grid keeping both GAP from c: down to y = 72 + 20 = 92 →
        // 100 (90 away) beats left (b's right edge at 560 − 20: 140 + 112 + dx = 540, dx =
        // 148 → 140, 280 away) and right (a at 560 + 112 + 20 = 692 → 700, 280 away).
        assert_eq!(m.by, (420.0, 100.0));
        assert!(m.grow.is_empty());
        // Neither member covers c there, and they kept their arrangement (28 apart).
        for id in &roots {
            let r = d.layout[id];
            let r = Rect { x: r.x + m.by.0, y: r.y + m.by.1, ..r };
            assert!(!intersects(&r, &d.layout[&NodeId::from("c")]), "{id} on c");
        }
        // Dropped beside c (only a's corner near it): kept where dropped.
        assert_eq!(spot_for_move(&d, &roots, (250.0, 0.0), None, &moving, None), None);
        // A drop the old rule (one root only) kept over c: a group of one moves as before.
        assert!(spot_for_move(&d, &roots[1..], (420.0, 0.0), None, &BTreeSet::from([roots[1].clone()]), None).is_some());
    }

    /// QA s10 #2: a component dropped half over its container's frame (or a subnet's title)
    /// is moved in, to the container's inner area.
    #[test]
    fn a_component_dropped_over_its_containers_edge_is_clamped_inside() {
        let mut d = Design::new("t", "us-east-1");
        container(&mut d, "v", "vpc", None, Rect::new(0.0, 0.0, 600.0, 400.0));
        container(&mut d, "b", "alb", Some("v"), Rect::new(100.0, 100.0, 112.0, 72.0));
        let a = inner(&d.layout[&NodeId::from("v")]);
        // Dropped with its right half over the VPC's right edge: moved in, its right edge
        // inside the inner area's, its box on the grid (580 − 112 = 468 → 460).
        let got = drop_b(&d, Rect::new(540.0, 100.0, 112.0, 72.0), &["b"]).expect("clamped");
        assert_eq!((got.x, got.y), (460.0, 100.0));
        assert!(got.x + got.w <= a.x + a.w);
        // Over the title (the top 10 px of the VPC): moved down below it.
        let got = drop_b(&d, Rect::new(200.0, 10.0, 112.0, 72.0), &["b"]).expect("clamped");
        assert_eq!((got.x, got.y), (200.0, a.y));
        // Inside: kept.
        assert_eq!(drop_b(&d, Rect::new(300.0, 200.0, 112.0, 72.0), &["b"]), None);
        // One standing 4 px into the title already (the starter's top row) and nudged 10 px
        // right: kept where dropped, not pulled down (the s25-hub e2e).
        let mut d2 = d.clone();
        d2.layout.insert(NodeId::from("b"), Rect::new(100.0, a.y - 4.0, 112.0, 72.0));
        assert_eq!(drop_b(&d2, Rect::new(110.0, a.y - 4.0, 112.0, 72.0), &["b"]), None);
        // Dropped further into the title than it stood: back to where it stood.
        let got = drop_b(&d2, Rect::new(110.0, a.y - 20.0, 112.0, 72.0), &["b"]).expect("clamped");
        assert_eq!(got.y, a.y - 4.0);
    }

    /// QA s10 #3: a container that grows pushes what stands below it down, and what stands
    /// right of it right, with all they hold; its container grows to hold them.
    #[test]
    fn a_growing_container_pushes_its_siblings_aside() {
        // A VPC with AZ s1 on top of AZ s2 (a gap of 20; s2 holds subnet f), AZ s3 right of
        // s1, and a lambda right of the VPC at the top level.
        let mut d = Design::new("t", "us-east-1");
        container(&mut d, "v", "vpc", None, Rect::new(0.0, 0.0, 600.0, 500.0));
        container(&mut d, "s1", "az", Some("v"), Rect::new(20.0, 40.0, 400.0, 200.0));
        container(&mut d, "s2", "az", Some("v"), Rect::new(20.0, 260.0, 400.0, 200.0));
        container(&mut d, "f", "subnet", Some("s2"), Rect::new(40.0, 300.0, 112.0, 72.0));
        container(&mut d, "s3", "az", Some("v"), Rect::new(440.0, 40.0, 140.0, 100.0));
        lambda(&mut d, "x", None, Rect::new(700.0, 0.0, 112.0, 72.0));
        let s1 = NodeId::from("s1");
        let want = inner(&d.layout[&s1]);
        let g = grow_to_hold(&d, &s1, &Rect::new(want.x, want.y + want.h + 90.0, 112.0, 20.0));
        let after: std::collections::BTreeMap<&NodeId, Rect> = g.iter().map(|(id, _, a)| (id, *a)).collect();
        let s1a = after[&s1];
        assert_eq!(s1a.h, 310.0, "s1 grew down to hold the rectangle");
        // s2 (below) and its subnet moved down by as much; s3 (right, beside s1) stays.
        assert_eq!(after[&NodeId::from("s2")], Rect::new(20.0, 370.0, 400.0, 200.0));
        assert_eq!(after[&NodeId::from("f")], Rect::new(40.0, 410.0, 112.0, 72.0));
        assert!(!after.contains_key(&NodeId::from("s3")));
        // The VPC grew to hold s2 where it went, and pushed nothing (x is beside it).
        let v = after[&NodeId::from("v")];
        assert!(v.y + v.h >= 370.0 + 200.0, "{v:?}");
        assert!(!after.contains_key(&NodeId::from("x")));
        // No two siblings overlap after the growth.
        let mut laid = d.layout.clone();
        for (id, _, a) in &g {
            laid.insert(id.clone(), *a);
        }
        for p in [Some("v"), None] {
            let sibs: Vec<Rect> = d.nodes.values().filter(|n| n.parent.as_ref().map(|x| x.as_str()) == p).map(|n| laid[&n.id]).collect();
            for (i, a) in sibs.iter().enumerate() {
                for b in &sibs[i + 1..] {
                    assert!(!intersects(a, b), "{a:?} over {b:?}");
                }
            }
        }
        // Growing to the right pushes what stands right of it (s3 beside s1) right.
        let g = grow_to_hold(&d, &s1, &Rect::new(want.x + want.w + 30.0, want.y, 20.0, 20.0));
        let after: std::collections::BTreeMap<&NodeId, Rect> = g.iter().map(|(id, _, a)| (id, *a)).collect();
        let wider = after[&s1].w - 400.0;
        assert_eq!(after[&NodeId::from("s3")].x, 440.0 + wider);
        assert!(!after.contains_key(&NodeId::from("s2")), "s2 is below, not beside");
    }

    /// Where each of `roots` lands when dropped by `by` into `into` (as the canvas does).
    fn landed(d: &Design, roots: &[&str], by: (f64, f64), into: Option<&str>) -> (Vec<Rect>, Option<Moved>) {
        let roots: Vec<NodeId> = roots.iter().map(|r| NodeId::from(*r)).collect();
        let moving: BTreeSet<NodeId> = roots.iter().cloned().collect();
        let into = into.map(NodeId::from);
        let m = spot_for_move(d, &roots, by, into.as_ref(), &moving, None);
        let by = m.as_ref().map_or(by, |m| m.by);
        (roots.iter().map(|r| moved(&d.layout[r], by)).collect(), m)
    }

    fn on_grid(r: &Rect) -> bool {
        (r.x / GRID - (r.x / GRID).round()).abs() < 1e-9 && (r.y / GRID - (r.y / GRID).round()).abs() < 1e-9
    }

    /// Two subnets side by side in an AZ (as large as its VPC): s1 holds a and b (28 apart), s2 holds c and e.
    fn two_subnets() -> Design {
        let mut d = Design::new("t", "us-east-1");
        container(&mut d, "v", "vpc", None, Rect::new(0.0, 0.0, 1200.0, 500.0));
        container(&mut d, "z", "az", Some("v"), Rect::new(0.0, 0.0, 1200.0, 500.0));
        container(&mut d, "s1", "subnet", Some("z"), Rect::new(20.0, 40.0, 500.0, 300.0));
        container(&mut d, "s2", "subnet", Some("z"), Rect::new(560.0, 40.0, 600.0, 300.0));
        lambda(&mut d, "a", Some("s1"), Rect::new(40.0, 100.0, 112.0, 72.0));
        lambda(&mut d, "b", Some("s1"), Rect::new(180.0, 100.0, 112.0, 72.0));
        lambda(&mut d, "c", Some("s2"), Rect::new(600.0, 100.0, 112.0, 72.0));
        lambda(&mut d, "e", Some("s2"), Rect::new(740.0, 100.0, 112.0, 72.0));
        d
    }

    /// s27 testers: a group moved into another subnet goes there as one — every member inside
    /// it, none covering (or within GAP of) what is there, the arrangement kept.
    #[test]
    fn a_group_moved_into_another_container_is_placed_there_as_one() {
        let d = two_subnets();
        // Dropped so that a lands on c and b on e.
        let (got, m) = landed(&d, &["a", "b"], (560.0, 0.0), Some("s2"));
        assert!(m.is_some(), "a on c: moved");
        let s2 = inner(&d.layout[&NodeId::from("s2")]);
        for r in &got {
            assert!(r.x >= s2.x && r.y >= s2.y && r.x + r.w <= s2.x + s2.w && r.y + r.h <= s2.y + s2.h, "{r:?} outside s2");
            assert!(on_grid(r), "{r:?} off the grid");
            for o in ["c", "e"] {
                assert!(!intersects(&inflate(r, GAP - 1e-6), &d.layout[&NodeId::from(o)]), "{r:?} within GAP of {o}");
            }
        }
        assert_eq!(got[1].x - got[0].x, 140.0, "arrangement kept");
        assert_eq!(got[1].y, got[0].y);
        // Dropped in a free part of s2: kept where dropped.
        assert_eq!(landed(&d, &["a", "b"], (560.0, 120.0), Some("s2")).1, None);
    }

    /// s27 testers: a group leaving its container for the top level is placed as one, off
    /// what stands there, on the grid (x 76.526 before).
    #[test]
    fn a_group_leaving_its_container_goes_to_the_top_level_as_one_on_the_grid() {
        let mut d = two_subnets();
        lambda(&mut d, "x", None, Rect::new(40.0, 600.0, 112.0, 72.0));
        // a and b dragged down out of the VPC: a lands on x.
        let (got, m) = landed(&d, &["a", "b"], (0.0, 500.0), None);
        assert!(m.is_some());
        for r in &got {
            assert!(on_grid(r), "{r:?} off the grid");
            assert!(!intersects(&inflate(r, GAP - 1e-6), &d.layout[&NodeId::from("x")]));
        }
        assert_eq!((got[1].x - got[0].x, got[1].y - got[0].y), (140.0, 0.0));
    }

    /// A component with a label wider than its box (its footprint's left edge is off the
    /// grid) dropped on another: it lands with its box on the grid.
    #[test]
    fn a_node_with_a_wide_label_is_placed_on_the_grid() {
        let mut d = Design::new("t", "us-east-1");
        lambda(&mut d, "a", None, Rect::new(0.0, 0.0, 112.0, 72.0));
        let label = "an order confirmation email sender with retries";
        let want = Rect::new(10.0, 10.0, 112.0, 72.0);
        let fp = footprint(false, label, &want);
        assert!(fp.x != (fp.x / GRID).round() * GRID, "the test needs a footprint off the grid: {fp:?}");
        let p = spot_among(&d, false, label, None, &want, None, &BTreeSet::new());
        assert!(on_grid(&p.rect), "{:?}", p.rect);
        assert!(!intersects(&footprint(false, label, &p.rect), &d.layout[&NodeId::from("a")]));
    }

    /// QA s24 fix 1 a: a component dropped in the bottom middle of a full VPC goes below its
    /// contents under the pointer, not at the VPC's left edge nor beside the rightmost
    /// content (the s24 rule: below-at-the-left or beside, whichever nearer).
    #[test]
    fn a_drop_in_the_bottom_middle_of_a_full_container_goes_below_under_the_pointer() {
        let mut d = Design::new("t", "us-east-1");
        // An AZ (in a VPC of its size) 1000 × 300: inner area x 20..980, y 40..290 (PAD 20,
        // HEAD 40, PAD/2 at the bottom), filled by two subnets (a gap of 20 between them).
        container(&mut d, "w", "vpc", None, Rect::new(0.0, 0.0, 1000.0, 300.0));
        container(&mut d, "v", "az", Some("w"), Rect::new(0.0, 0.0, 1000.0, 300.0));
        container(&mut d, "s1", "subnet", Some("v"), Rect::new(20.0, 40.0, 470.0, 250.0));
        container(&mut d, "s2", "subnet", Some("v"), Rect::new(510.0, 40.0, 470.0, 250.0));
        // Dropped centred on (700, 280): wanted at (640, 240). Full: below the subnets under
        // the pointer, y = 290 + 20 = 310 (70 away); beside them, x = 980 + 20 = 1000 (360
        // away). The s24 rule (from the wanted spot clamped into the area, y = 290 − 72 =
        // 218 → 210) compared beside (360) with below at the left, x = 20 (628): (1000, 210).
        let want = Rect::new(640.0, 240.0, 112.0, 72.0);
        let p = spot_among(&d, false, "n", Some(&NodeId::from("v")), &want, None, &BTreeSet::new());
        assert_eq!(p.rect, Rect::new(640.0, 310.0, 112.0, 72.0));
        // The AZ grows down only: inner bottom 290 → 382, 92 more: 300 + 92 = 392 → 400.
        let (_, before, after) = p.grow.iter().find(|(id, _, _)| id.as_str() == "v").cloned().expect("v grows");
        assert_eq!((before, after), (Rect::new(0.0, 0.0, 1000.0, 300.0), Rect::new(0.0, 0.0, 1000.0, 400.0)));
        for o in ["s1", "s2"] {
            assert!(!intersects(&inflate(&p.rect, GAP - 1e-6), &d.layout[&NodeId::from(o)]), "{o}");
        }
    }

    /// QA s24 fix 1 b: in a full subnet, a component dropped right of the one at its top goes
    /// beside it (the subnet growing right), not below everything at the left, when beside is
    /// nearer — even though a wide node lower down reaches past the subnet's right edge.
    #[test]
    fn a_drop_beside_the_top_component_of_a_full_subnet_goes_beside_it() {
        let mut d = Design::new("t", "us-east-1");
        // Subnet 300 × 220: inner area x 20..280, y 40..210.
        container(&mut d, "v", "vpc", None, Rect::new(0.0, 0.0, 1000.0, 1000.0));
        container(&mut d, "z", "az", Some("v"), Rect::new(0.0, 0.0, 1000.0, 1000.0));
        container(&mut d, "s", "subnet", Some("z"), Rect::new(0.0, 0.0, 300.0, 220.0));
        // a at the top left (20..170 × 40..112); b across the bottom and past the right
        // edge (20..420 × 140..200). No free spot for 112 × 72 in the area: right of a needs
        // x ≥ 170 + 20 = 190 and x + 112 ≤ 280; below a needs y ≥ 132, in b's gap.
        lambda(&mut d, "a", Some("s"), Rect::new(20.0, 40.0, 150.0, 72.0));
        lambda(&mut d, "b", Some("s"), Rect::new(20.0, 140.0, 400.0, 60.0));
        // Dropped at the top right, wanted at (170, 40). Beside a at its height: x = 190 (20
        // away), clear of b (40 + 72 = 112 ≤ 140 − 20). The s24 rule, from the spot clamped
        // into the area (x = 280 − 112 = 168 → 160): beside everything, x = 420 + 20 = 440
        // (280 away), or below everything at the left, (20, 200 + 20 = 220) (√(140² + 180²)
        // = 228 away): the latter.
        let want = Rect::new(170.0, 40.0, 112.0, 72.0);
        let p = spot_among(&d, false, "n", Some(&NodeId::from("s")), &want, None, &BTreeSet::new());
        assert_eq!(p.rect, Rect::new(190.0, 40.0, 112.0, 72.0));
        // The subnet grows right only: inner right 280 → 302, 22 more: 322 → 330.
        let (_, _, after) = p.grow.iter().find(|(id, _, _)| id.as_str() == "s").cloned().expect("s grows");
        assert_eq!(after, Rect::new(0.0, 0.0, 330.0, 220.0));
    }

    /// QA s25 1d: a component released in a full container's left margin, left of what stands
    /// at its height, lands where it was released, and what stands there moves right.
    #[test]
    fn a_drop_in_the_left_margin_of_a_full_container_lands_where_released() {
        let mut d = Design::new("t", "us-east-1");
        // Subnet 300 × 220: inner area x 20..280, y 40..210 (PAD 20, HEAD 40, PAD/2 below).
        container(&mut d, "v", "vpc", None, Rect::new(0.0, 0.0, 1000.0, 1000.0));
        container(&mut d, "z", "az", Some("v"), Rect::new(0.0, 0.0, 1000.0, 1000.0));
        container(&mut d, "s", "subnet", Some("z"), Rect::new(0.0, 0.0, 300.0, 220.0));
        // a 60..260 × 40..112 and b 60..260 × 130..200 (short labels inside their boxes): no
        // free spot for 112 × 72 (left of them x ≤ 60 − 20 − 112 = −72 < 20; right of them
        // x ≥ 280; between and below them less than 72 + 2 × 20 high).
        lambda(&mut d, "a", Some("s"), Rect::new(60.0, 40.0, 200.0, 72.0));
        lambda(&mut d, "b", Some("s"), Rect::new(60.0, 130.0, 200.0, 70.0));
        // Released centred on (66, 86): wanted at (10, 50), left of a's and b's left edges
        // plus half its width (60 + 112 / 2 = 116), both within 20 of its rows (50..122). Clamped into the area: x 10 → 20 (10 away).
        // Before: below everything at the left, (20, 220) (170 away), the subnet growing down.
        let want = Rect::new(10.0, 50.0, 112.0, 72.0);
        let p = spot_among(&d, false, "n", Some(&NodeId::from("s")), &want, None, &BTreeSet::new());
        assert_eq!(p.rect, Rect::new(20.0, 50.0, 112.0, 72.0));
        // a and b move right to clear it by 20: 20 + 112 + 20 − 60 = 92 → 100 (the grid).
        let got = |id: &str| p.grow.iter().find(|(n, _, _)| n.as_str() == id).map(|(_, b, a)| (*b, *a));
        assert_eq!(got("a"), Some((Rect::new(60.0, 40.0, 200.0, 72.0), Rect::new(160.0, 40.0, 200.0, 72.0))));
        assert_eq!(got("b"), Some((Rect::new(60.0, 130.0, 200.0, 70.0), Rect::new(160.0, 130.0, 200.0, 70.0))));
        // The subnet grows right to hold them: inner right 280 → 360, 80 more: 300 → 380; not
        // down, and it does not move.
        assert_eq!(got("s"), Some((Rect::new(0.0, 0.0, 300.0, 220.0), Rect::new(0.0, 0.0, 380.0, 220.0))));
        // Released at 200, past 116: the old rule, beside them or below.
        let right = spot_among(&d, false, "n", Some(&NodeId::from("s")), &Rect::new(144.0, 50.0, 112.0, 72.0), None, &BTreeSet::new());
        assert!(right.grow.iter().all(|(n, _, _)| n.as_str() != "a"), "{right:?}");
    }

    /// QA s25 1b: when the new component and what was pushed do not both fit, the view pans
    /// as far towards what was pushed as keeps the new component in view.
    #[test]
    fn the_view_pans_towards_what_was_pushed_as_far_as_keeps_the_new_one() {
        // Inside (margin 20): 20..780 × 20..580.
        let view = Rect::new(0.0, 0.0, 800.0, 600.0);
        let new = Rect::new(600.0, 100.0, 112.0, 72.0);
        // Pushed to 700..1,500: with the new one 900 wide, more than 760. Its far end wants
        // 1,500 − 780 = 720, its start at the left edge 700 − 20 = 680; the new one at the left
        // edge allows 600 − 20 = 580: right by 580 (the new one at 20..132, pushed seen to 780).
        let pushed = Rect::new(700.0, 100.0, 800.0, 300.0);
        assert_eq!(pan_to_show(&view, &new, Some(&pushed), 20.0), (580.0, 0.0));
        // Pushed to 800..1,000 and the new one 450..562 (a union 550, fits): 1,000 − 780 = 220.
        assert_eq!(pan_to_show(&view, &Rect::new(450.0, 100.0, 112.0, 72.0), Some(&Rect::new(800.0, 100.0, 200.0, 300.0)), 20.0), (220.0, 0.0));
        // Pushed to 1,900..2,000: not reached by 580 (1,900 > 580 + 780), so no pan.
        assert_eq!(pan_to_show(&view, &new, Some(&Rect::new(1900.0, 100.0, 100.0, 300.0)), 20.0), (0.0, 0.0));
        // A new one past the right edge (800..912) and pushed 900..1,700: at least 912 − 780 =
        // 132; towards the pushed, 1,700 − 780 = 920, capped by 900 − 20 = 880 and by the new
        // one's left edge, 800 − 20 = 780: 780.
        assert_eq!(pan_to_show(&view, &Rect::new(800.0, 100.0, 112.0, 72.0), Some(&Rect::new(900.0, 100.0, 800.0, 300.0)), 20.0), (780.0, 0.0));
    }

    /// The view follows a drop that grew a container: panned just enough, never zoomed.
    #[test]
    fn the_view_pans_just_enough_to_show_a_new_component() {
        let view = Rect::new(0.0, 0.0, 800.0, 600.0);
        // In view (20 in from each edge): no pan.
        assert_eq!(pan_to_show(&view, &Rect::new(100.0, 100.0, 112.0, 72.0), None, 20.0), (0.0, 0.0));
        // Past the right edge: 750 + 112 = 862 → right by 862 − 780 = 82.
        assert_eq!(pan_to_show(&view, &Rect::new(750.0, 100.0, 112.0, 72.0), None, 20.0), (82.0, 0.0));
        // Below the bottom: 560 + 72 = 632 → down by 632 − 580 = 52.
        assert_eq!(pan_to_show(&view, &Rect::new(100.0, 560.0, 112.0, 72.0), None, 20.0), (0.0, 52.0));
        // Left of the left edge: left by 20 − (−50) = 70.
        assert_eq!(pan_to_show(&view, &Rect::new(-50.0, 100.0, 112.0, 72.0), None, 20.0), (-70.0, 0.0));
        // With what was pushed (to x 900..1000): both fit, right by 1000 − 780 = 220.
        let pushed = Rect::new(900.0, 100.0, 100.0, 300.0);
        assert_eq!(pan_to_show(&view, &Rect::new(600.0, 100.0, 112.0, 72.0), Some(&pushed), 20.0), (220.0, 0.0));
        // Pushed too far to show both (a union 1,400 wide): the new one alone, in view, no pan.
        let far = Rect::new(1900.0, 100.0, 100.0, 300.0);
        assert_eq!(pan_to_show(&view, &Rect::new(600.0, 100.0, 112.0, 72.0), Some(&far), 20.0), (0.0, 0.0));
    }

    /// Of what a drop pushed, only the part that was on screen is kept in view (QA s25).
    #[test]
    fn only_what_was_in_view_is_followed() {
        let view = Rect::new(0.0, 0.0, 800.0, 600.0);
        // A column at 700..800 (in view), pushed right by 100: it stands at 800..900.
        let seen = (Rect::new(700.0, 100.0, 100.0, 300.0), Rect::new(800.0, 100.0, 100.0, 300.0));
        assert_eq!(pushed_in_view(&view, &[seen]), Some(Rect::new(800.0, 100.0, 100.0, 300.0)));
        // A column at 1,000..1,100, never on screen, pushed to 1,100..1,200: not followed.
        let unseen = (Rect::new(1000.0, 100.0, 100.0, 300.0), Rect::new(1100.0, 100.0, 100.0, 300.0));
        assert_eq!(pushed_in_view(&view, &[unseen]), None);
        assert_eq!(pushed_in_view(&view, &[seen, unseen]), Some(Rect::new(800.0, 100.0, 100.0, 300.0)));
        // Half on screen (750..850): its visible half, 750..800, moved by 100 → 850..900.
        let half = (Rect::new(750.0, 0.0, 100.0, 50.0), Rect::new(850.0, 0.0, 100.0, 50.0));
        assert_eq!(pushed_in_view(&view, &[half]), Some(Rect::new(850.0, 0.0, 50.0, 50.0)));
        // So a new component at 600..712 pans right by 900 − 780 = 120 with the seen column,
        // and not at all for the unseen one.
        let new = Rect::new(600.0, 100.0, 112.0, 72.0);
        assert_eq!(pan_to_show(&view, &new, pushed_in_view(&view, &[seen, unseen]).as_ref(), 20.0), (120.0, 0.0));
        assert_eq!(pan_to_show(&view, &new, pushed_in_view(&view, &[unseen]).as_ref(), 20.0), (0.0, 0.0));
    }

    /// A group moved into a full subnet goes below its contents, and the subnet grows.
    #[test]
    fn a_group_moved_into_a_full_container_grows_it() {
        let mut d = two_subnets();
        d.layout.insert(NodeId::from("s2"), Rect::new(560.0, 40.0, 320.0, 160.0));
        let (got, m) = landed(&d, &["a", "b"], (560.0, 0.0), Some("s2"));
        let m = m.expect("moved");
        let (_, _, s2) = m.grow.iter().find(|(id, _, _)| id.as_str() == "s2").cloned().expect("s2 grows");
        let s2 = inner(&s2);
        for r in &got {
            assert!(r.x >= s2.x && r.y >= s2.y && r.x + r.w <= s2.x + s2.w && r.y + r.h <= s2.y + s2.h, "{r:?} outside {s2:?}");
            assert!(on_grid(r));
            for o in ["c", "e"] {
                assert!(!intersects(r, &d.layout[&NodeId::from(o)]));
            }
        }
    }

    /// s27 testers: a subnet that grows moves the whole row below it — every AZ's subnets
    /// at that height — so a band spread over a row stays inside its subnets.
    #[test]
    fn a_growing_subnet_moves_the_row_below_it_in_every_az() {
        // VPC v with AZs za, zb side by side; each holds a public subnet on top of a private
        // one (pa/qa, pb/qb); a band `w` homed in qa spans qa and qb, drawn across both.
        let mut d = Design::new("t", "us-east-1");
        container(&mut d, "v", "vpc", None, Rect::new(0.0, 0.0, 900.0, 620.0));
        container(&mut d, "za", "az", Some("v"), Rect::new(20.0, 40.0, 420.0, 560.0));
        container(&mut d, "zb", "az", Some("v"), Rect::new(460.0, 40.0, 420.0, 560.0));
        container(&mut d, "pa", "subnet", Some("za"), Rect::new(40.0, 80.0, 380.0, 200.0));
        container(&mut d, "qa", "subnet", Some("za"), Rect::new(40.0, 320.0, 380.0, 200.0));
        container(&mut d, "pb", "subnet", Some("zb"), Rect::new(480.0, 80.0, 380.0, 200.0));
        container(&mut d, "qb", "subnet", Some("zb"), Rect::new(480.0, 320.0, 380.0, 200.0));
        lambda(&mut d, "w", Some("qa"), Rect::new(60.0, 360.0, 780.0, 72.0));
        let pa = NodeId::from("pa");
        let want = inner(&d.layout[&pa]);
        let g = grow_to_hold(&d, &pa, &Rect::new(want.x, want.y + want.h + 30.0, 112.0, 72.0));
        let after: std::collections::BTreeMap<&str, Rect> = g.iter().map(|(id, _, a)| (id.as_str(), *a)).collect();
        let taller = after["pa"].h - 200.0;
        assert!(taller > 0.0);
        // Both private subnets (the row) and the band moved down together.
        assert_eq!(after["qa"].y, 320.0 + taller);
        assert_eq!(after["qb"].y, 320.0 + taller, "the other AZ's subnet of the row moved too");
        assert_eq!(after["w"].y, 360.0 + taller);
        // pb, beside the grown one, stays; both AZs grew by as much, the VPC holds them.
        assert!(!after.contains_key("pb"));
        assert_eq!(after["za"].h, after["zb"].h);
        assert!(after["zb"].h >= 560.0 + taller);
        let v = after["v"];
        assert!(v.y + v.h >= after["zb"].y + after["zb"].h);
        // The band lies inside both subnets of its row, and no siblings overlap.
        let mut laid = d.layout.clone();
        for (id, _, a) in &g {
            laid.insert(id.clone(), *a);
        }
        let w = laid[&NodeId::from("w")];
        for s in ["qa", "qb"] {
            let r = laid[&NodeId::from(s)];
            assert!(w.y >= r.y && w.y + w.h <= r.y + r.h, "band outside {s}");
        }
        for p in ["za", "zb", "v"] {
            let sibs: Vec<Rect> = d.nodes.values().filter(|n| n.parent.as_ref().map(|x| x.as_str()) == Some(p)).map(|n| laid[&n.id]).collect();
            for (i, a) in sibs.iter().enumerate() {
                for b in &sibs[i + 1..] {
                    assert!(!intersects(a, b), "{a:?} over {b:?}");
                }
            }
        }
    }

    /// s31-place: the zones' cells and the rows left out change how many tests a search
    /// makes, never its answer: on random layouts (components, wide labels, a container
    /// across many cells, groups of 1–2, home shifts off the grid, areas from a subnet to the
    /// top level's wide one) the fast search and the plain one agree exactly.
    /// The candidate shifts of one axis as the search listed them before `grid_candidates`
    /// (every raw candidate snapped down and up to the grid, kept in the area, sorted, each
    /// once): the marked window must give exactly this list.
    fn sorted_grid_candidates(raw: &[f64], bx: f64, bw: f64, ax: f64, start: f64, len: f64) -> Vec<f64> {
        let mut c: Vec<f64> = raw.iter().flat_map(|v| [((ax + *v) / GRID + 1e-9).floor() * GRID - ax, ((ax + *v) / GRID - 1e-9).ceil() * GRID - ax]).collect();
        c.retain(|v| bx + *v >= start - 1e-6 && bx + *v + bw <= start + len + 1e-6);
        crate::order::sort_by(&mut c, f64::total_cmp);
        c.dedup();
        c
    }

    #[test]
    fn the_marked_grid_candidates_are_the_sorted_ones() {
        let mut seed: u64 = 0x41_9a57e;
        let mut rnd = move |n: f64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 11) as f64 / (1u64 << 53) as f64) * n
        };
        for case in 0..200 {
            let start = rnd(2000.0) - 1000.0;
            let len = [300.0, 1440.0, 9000.0][case % 3] + rnd(500.0);
            // A group narrower than the area, or (case % 7 == 0) wider: no shift fits.
            let bw = if case % 7 == 0 { len + 50.0 } else { 60.0 + rnd(len / 2.0) };
            let bx = start + rnd(len) - bw / 2.0;
            // Off the grid (a label's footprint) or on it.
            let ax = if case % 2 == 0 { (rnd(300.0) / GRID).round() * GRID } else { rnd(300.0) - 150.0 };
            let mut raw = vec![0.0, start - bx, start + len - bw - bx];
            // Exact grid steps, halves, near misses of a step (± 1e-10) and far ones.
            raw.extend((0..400).map(|k| match k % 4 {
                0 => (rnd(len * 1.5) / GRID).round() * GRID - ax,
                1 => (rnd(len * 1.5) / GRID).round() * GRID - ax + if k % 8 == 1 { 1e-10 } else { -1e-10 },
                2 => rnd(len * 3.0) - len,
                _ => rnd(1e6) - 5e5,
            }));
            let want = sorted_grid_candidates(&raw, bx, bw, ax, start, len);
            let got = grid_candidates(raw.iter().copied(), bx, bw, ax, start, len).expect("a finite window");
            assert_eq!(got.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), want.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), "case {case}");
        }
        // Worked by hand: area [0, 100), a box 30 wide at x = 5, the anchor at 5 (off the grid
        // by 5). Raw 0 → (5 + 0)/10 = 0.5, steps 0 and 1: shifts −5 (box at 0) and 5 (at 10);
        // raw 62 → 6.7, steps 6 and 7: shifts 55 (box 60..90) and 65 (70..100, its end on
        // the area's: kept); raw −20 → −1.5, steps −2 and −1: shifts −25 and −15 (box at −20
        // and −10: out).
        assert_eq!(grid_candidates([0.0, 62.0, -20.0].into_iter(), 5.0, 30.0, 5.0, 0.0, 100.0), Some(vec![-5.0, 5.0, 55.0, 65.0]));
        // The anchor on the grid (ax = +0) and a raw −1e-10: steps ⌊−1e-11 + 1e-9⌋ = +0 and
        // ⌈−1e-11 − 1e-9⌉ = −0, shifts +0 and −0; the sort put −0 first and kept it.
        let zero = grid_candidates([-1e-10].into_iter(), 5.0, 30.0, 0.0, 0.0, 100.0).expect("a window");
        assert_eq!(zero.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), vec![(-0.0f64).to_bits()]);
        // An area that is not finite: the caller's sort decides.
        assert_eq!(grid_candidates([0.0].into_iter(), 5.0, 30.0, 5.0, f64::NEG_INFINITY, f64::INFINITY), None);
    }

    #[test]
    fn a_cell_span_is_the_floor_of_its_ends() {
        // Extent 1,000 wide at 0: cells of 256, nx = ⌊1000/256⌋ + 1 = 4 (last 3), one row.
        let zones: Vec<Rect> = Vec::new();
        let z = Zones::new(&zones, &Rect::new(0.0, 0.0, 1000.0, 100.0), false);
        let x = |x: f64, w: f64| z.span(&Rect::new(x, 10.0, w, 10.0), false).map(|s| s.0);
        assert_eq!(x(0.0, 10.0), Some((0, 0)));
        assert_eq!(x(255.9, 0.2), Some((0, 1)));
        // Right end 1,023.9 → ⌊3.9996⌋ = 3, the last; 1,024 → cell 4, outside.
        assert_eq!(x(0.0, 1023.9), Some((0, 3)));
        assert_eq!(x(0.0, 1024.0), None);
        // Left of the extent (⌊−0.002⌋ = −1), or not a number: outside.
        assert_eq!(x(-0.5, 10.0), None);
        assert_eq!(x(f64::NAN, 10.0), None);
        assert_eq!(x(512.0, f64::NAN), None);
    }

    /// Groups of many members (a paste's top-level copies): the member that blocked the last
    /// shift is tried first, and the answers stay those of the plain search.
    #[test]
    fn a_large_group_gets_the_plain_searchs_answer() {
        let mut seed: u64 = 0x9a5_7e41;
        let mut rnd = move |n: f64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 11) as f64 / (1u64 << 53) as f64) * n
        };
        let mut found = 0;
        for case in 0..12 {
            let area = Rect::new(rnd(200.0) - 100.0, rnd(200.0) - 100.0, 1200.0 + rnd(1500.0), 900.0 + rnd(800.0));
            let taken: Vec<Rect> = (0..[12, 40][case % 2]).map(|_| Rect::new(area.x + rnd(area.w), area.y + rnd(area.h), 112.0, 72.0 + rnd(30.0))).collect();
            let at = (area.x + rnd(area.w / 2.0), area.y + rnd(area.h / 2.0));
            // 3 × 2 .. 4 × 3 members on a 160 × 130 pitch, as a copied block of components.
            let (cols, rows) = (3 + case % 2, 2 + case % 3 / 2);
            let members: Vec<Rect> = (0..cols * rows).map(|k| Rect::new(at.0 + 160.0 * (k % cols) as f64, at.1 + 130.0 * (k / cols) as f64, 112.0, 72.0 + rnd(20.0))).collect();
            let anchor = if case % 3 == 0 { (members[0].x, members[0].y) } else { (members[0].x - 3.0, members[0].y - 7.0) };
            for grid_only in [true, false] {
                let fast = search(&members, anchor, grid_only, None, &area, &taken, GAP, false);
                let plain = search(&members, anchor, grid_only, None, &area, &taken, GAP, true);
                assert_eq!(fast, plain, "case {case}, grid_only {grid_only}");
                found += fast.is_some() as usize;
            }
        }
        assert!(found > 12, "the cases mostly have an answer: {found} of 24");
    }

    /// The fast path reads the distinct parts of the raw candidates: groups whose members and
    /// taken rectangles share columns, rows and sizes (as a paste of a laid-out design), ±0
    /// among the positions, get the plain search's answer.
    #[test]
    fn a_group_in_shared_columns_and_rows_gets_the_plain_searchs_answer() {
        let mut found = 0;
        for case in 0..16 {
            let area = Rect::new(if case % 4 == 0 { -0.0 } else { 0.0 }, 0.0, 1440.0 + 40.0 * case as f64, 900.0);
            let (cols, rows) = (3 + case % 5, 2 + case % 3);
            let size = |k: usize| (112.0, [72.0, 80.0][k % 2]);
            // Taken: a block on a 160 × 130 pitch from (0, 0), the first at x = −0 in some cases.
            let taken: Vec<Rect> = (0..cols * rows)
                .map(|k| {
                    let x = 160.0 * (k % cols) as f64;
                    Rect::new(if x == 0.0 && case % 2 == 1 { -0.0 } else { x }, 130.0 * (k / cols) as f64, size(k).0, size(k).1)
                })
                .collect();
            // Members: the same block wanted 30 (or 0) units on, overlapping it.
            let by = [30.0, 0.0, 25.0, -0.0][case % 4];
            let members: Vec<Rect> = taken.iter().map(|t| Rect::new(t.x + by, t.y + by, t.w, t.h)).collect();
            let anchor = (members[0].x - [0.0, 3.0][case % 2], members[0].y);
            let fast = search(&members, anchor, true, None, &area, &taken, GAP, false);
            let plain = search(&members, anchor, true, None, &area, &taken, GAP, true);
            assert_eq!(fast.map(|(x, y)| (x.to_bits(), y.to_bits())), plain.map(|(x, y)| (x.to_bits(), y.to_bits())), "case {case}");
            found += fast.is_some() as usize;
        }
        assert!(found >= 12, "the cases mostly have an answer: {found} of 16");
    }

    #[test]
    fn the_indexed_search_gives_the_plain_searchs_answer() {
        let mut seed: u64 = 0x5eed_31;
        let mut rnd = move |n: f64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 11) as f64 / (1u64 << 53) as f64) * n
        };
        let mut found = 0;
        for case in 0..90 {
            let area = Rect::new(rnd(400.0) - 200.0, rnd(400.0) - 200.0, 300.0 + rnd(6000.0), 300.0 + rnd(4000.0));
            let count = [5, 36, 64][case % 3];
            let mut taken: Vec<Rect> = (0..count)
                .map(|_| Rect::new(area.x - 300.0 + rnd(area.w + 600.0), area.y - 300.0 + rnd(area.h + 600.0), 60.0 + rnd(160.0), 60.0 + rnd(60.0)))
                .collect();
            if case % 5 == 0 {
                taken.push(Rect::new(area.x + rnd(area.w / 2.0), area.y + rnd(area.h / 2.0), area.w / 2.0, 300.0 + rnd(area.h / 2.0)));
            }
            let at = (area.x + rnd(area.w), area.y + rnd(area.h));
            let members: Vec<Rect> = (0..1 + case % 2).map(|k| Rect::new(at.0 + 140.0 * k as f64, at.1 + rnd(20.0), 112.0 + rnd(40.0), 72.0 + rnd(30.0))).collect();
            let anchor = if case % 2 == 0 { (members[0].x, members[0].y) } else { (members[0].x - 4.0, members[0].y - 6.0) };
            let home = (case % 4 == 1).then(|| (rnd(600.0) - 300.0, rnd(600.0) - 300.0));
            for grid_only in [true, false] {
                let fast = search(&members, anchor, grid_only, home, &area, &taken, GAP, false);
                let plain = search(&members, anchor, grid_only, home, &area, &taken, GAP, true);
                assert_eq!(fast, plain, "case {case}, grid_only {grid_only}");
                found += fast.is_some() as usize;
            }
        }
        assert!(found > 120, "the cases mostly have an answer: {found} of 180");
    }

    #[test]
    fn no_spot_in_a_full_area() {
        let area = Rect::new(0.0, 0.0, 100.0, 100.0);
        let want = Rect::new(10.0, 10.0, 60.0, 60.0);
        assert_eq!(free_spot(&want, &area, &[Rect::new(40.0, 40.0, 20.0, 20.0)], 20.0), None);
    }

    /// QA s17 #1: "Web app (b)" dragged up into Public b (a full subnet, which grows) was
    /// refused with "the position of “Web app (b)” changed since this edit was made": the
    /// growth pushed the row below down with all it holds — the dragged component too, still
    /// standing in Private b — and its own move, made from where it stood, no longer applied.
    /// What is dragged is never pushed: it goes where the drop puts it.
    #[test]
    fn a_move_up_into_a_growing_subnet_does_not_push_what_is_moved() {
        for (node, into) in [("app-b", "public-b"), ("db", "private-a"), ("app-a", "public-a"), ("db", "public-a")] {
            let d = crate::sample::three_tier();
            let (id, to) = (NodeId::from(node), NodeId::from(into));
            let (r, t) = (d.layout[&id], d.layout[&to]);
            let by = (t.x + t.w / 2.0 - (r.x + r.w / 2.0), t.y + t.h / 2.0 - (r.y + r.h / 2.0));
            let moving: BTreeSet<NodeId> = [id.clone()].into();
            let m = spot_for_move(&d, std::slice::from_ref(&id), by, Some(&to), &moving, None).expect("a spot");
            assert!(m.grow.iter().all(|(g, _, _)| g != &id), "{node} → {into}: the moved node is pushed by the growth: {:?}", m.grow);
            // The drop's edits, as the canvas makes them: the growth, the move, the reparent.
            let mut edits: Vec<crate::Edit> = m.grow.iter().map(|(g, b, a)| crate::Edit::Resize { id: g.clone(), before: *b, after: *a }).collect();
            edits.push(crate::Edit::move_by(&d, std::slice::from_ref(&id), m.by.0, m.by.1));
            edits.push(crate::Edit::Reparent { id: id.clone(), before: d.nodes[&id].parent.clone(), after: Some(to.clone()) });
            let mut after = d.clone();
            crate::Edit::Batch { label: "Move".into(), edits, switch: None }.apply(&mut after).unwrap_or_else(|e| panic!("{node} → {into}: {}", e.0));
            let got = after.layout[&id];
            let inside = inner(&after.layout[&to]);
            assert!(got.x >= inside.x && got.y >= inside.y && got.x + got.w <= inside.x + inside.w && got.y + got.h <= inside.y + inside.h, "{node} → {into}: {got:?} not inside {inside:?}");
        }
    }

    fn template() -> Design {
        crate::file::load(include_str!("../../../../templates/three-tier.json")).expect("the template")
    }

    /// Review s32 R2: the palette's aim inside the subnet a drop is sent to (QA s32 F2) held for
    /// a palette drop only. A NAT gateway *moved* and released under "Isolated (data) c" (AZ c's
    /// bottom margin) goes into Public c, and was placed at the spot in it nearest the pointer:
    /// Public c grew from 228 units down to it. It is now aimed at Public c's point nearest the
    /// pointer, as a palette drop is ([`aimed_point`]): Public c, full, grows by one component.
    #[test]
    fn a_component_moved_into_another_subnet_than_the_one_under_it_is_placed_in_it_as_it_is() {
        let d = template();
        let r = |id: &str| d.layout[&NodeId::from(id)];
        let (nat, iso, pc) = (NodeId::from("nat-a"), r("isolated-c"), r("public-c"));
        let moving: BTreeSet<NodeId> = [nat.clone()].into();
        let from = r("nat-a");
        let centre = (iso.x + 80.0, iso.y + iso.h + 12.0);
        let by = (centre.0 - (from.x + from.w / 2.0), centre.1 - (from.y + from.h / 2.0));
        let (under, into) = aimed_parent(&d, "nat-gateway", centre, &moving, Some(&nat), true);
        assert_eq!(under.as_ref().map(|u| u.0.as_str()), Some("az-c"));
        let into = into.expect("accepted");
        assert_eq!(into.as_ref().map(|u| u.0.as_str()), Some("public-c"));
        let view = Some(Rect::new(-2000.0, -2000.0, 8000.0, 8000.0));
        let m = super::spot_for_move(&d, std::slice::from_ref(&nat), by, into.as_ref(), &moving, view).expect("not refused").expect("placed elsewhere than released");
        // Public c is full (the ALB's band and NAT c): not down to the pointer (~600), and
        // (QA s33 F5) not down by a component either (it grew 82, the public row of every AZ
        // with it): it grows to the right, NAT a beside NAT c, in line with it.
        let public_c = m.grow.iter().find(|(g, _, _)| g.0 == "public-c").map_or(pc, |(_, _, a)| *a);
        assert_eq!(public_c.h, pc.h, "Public c grew from {pc:?} to {public_c:?}; the pointer at y {}", centre.1);
        assert!(public_c.w > pc.w, "{public_c:?}");
        assert!(m.grow.iter().all(|(_, b, a)| a.h == b.h && a.y == b.y), "nothing taller, nothing pushed down: {:?}", m.grow);
        let got = moved(&from, m.by);
        let inside = inner(&public_c);
        assert!(covers_whole(&inside, &got), "{got:?} inside {inside:?}");
        let nat_c = r("nat-c");
        assert_eq!(got.y, nat_c.y, "in line with NAT gateway c");
        assert!(got.x >= nat_c.x + nat_c.w + GAP, "{got:?} right of {nat_c:?}");
        // The palette drop there goes into Public c too (it grows Public c to the right, its
        // box over NAT c: the palette's free-spot search, not this move's).
        let (parent, _) = drop_new(&d, "nat-gateway", "NAT gateway", centre, view).expect("placed");
        assert_eq!(parent.as_ref().map(|u| u.0.as_str()), Some("public-c"));
    }

    /// QA s35 F8: NAT gateway a released under "Isolated (data) c" landed in Public c at y 440
    /// beside NAT gateway c at 444 at 1440×900 (444 at 1024×768). Not reproduced here: released
    /// at every point across AZ c, a world unit apart, the drag's grid steps applied, both ways
    /// (inserted left of NAT c, `insert_left`, and beside it on the right, `beside_at_height`),
    /// it lines up with NAT c. A guard, with the e2e sweep at both sizes (s53-place).
    #[test]
    fn a_nat_gateway_released_under_the_isolated_subnet_lines_up_with_nat_c_wherever_released() {
        let d = template();
        let r = |id: &str| d.layout[&NodeId::from(id)];
        let (nat, iso, az, nat_c) = (NodeId::from("nat-a"), r("isolated-c"), r("az-c"), r("nat-c"));
        let moving: BTreeSet<NodeId> = [nat.clone()].into();
        let from = r("nat-a");
        let view = Some(Rect::new(-2000.0, -2000.0, 8000.0, 8000.0));
        let (mut left, mut right) = (0, 0);
        for i in 0..=(az.w as i32) {
            let raw = (az.x + f64::from(i), (iso.y + iso.h + az.y + az.h) / 2.0);
            let held = (from.x + from.w / 2.0, from.y + from.h / 2.0);
            let by = (snap(raw.0 - held.0), snap(raw.1 - held.1));
            let (_, into) = aimed_parent(&d, "nat-gateway", raw, &moving, Some(&nat), true);
            let into = into.expect("accepted");
            assert_eq!(into.as_ref().map(|u| u.0.as_str()), Some("public-c"), "released at {raw:?}");
            let m = super::spot_for_move(&d, std::slice::from_ref(&nat), by, into.as_ref(), &moving, view).expect("not refused").expect("placed");
            let got = moved(&from, m.by);
            let c = m.grow.iter().find(|(g, _, _)| g.0 == "nat-c").map_or(nat_c, |(_, _, a)| *a);
            assert_eq!(got.y, c.y, "released at {raw:?}: NAT a {got:?} in line with NAT c {c:?}");
            if got.x < c.x {
                left += 1;
            } else {
                right += 1;
            }
        }
        assert!(left > 0 && right > 0, "both ways were tried: {left} left of NAT c, {right} right");
    }

    /// QA s32 F4 and review s33 R8: a band released with its centre in the gap between AZ a and
    /// AZ b (template: AZ a 432..640, AZ b 668..876) goes to the row at its height when it
    /// raises nothing there it does not raise where it stands, as s48-place made it; where it
    /// would raise more (a workload in the public row, "Web app tasks" at Public a's height),
    /// the single component's preference decides (no error, then no warning within reach):
    /// its own row. Released in its own row, the toast names the container under its centre.
    #[test]
    fn a_band_released_between_two_azs_goes_to_the_row_at_its_height_when_it_raises_nothing_new() {
        let d = template();
        let (app, r) = (NodeId::from("app"), |id: &str| d.layout[&NodeId::from(id)]);
        let moving: BTreeSet<NodeId> = [app.clone()].into();
        let (pa, pb) = (r("public-a"), r("public-b"));
        let gap_x = (pa.x + pa.w + pb.x) / 2.0 + 5.0;
        let centre = (gap_x, pa.y + 160.0);
        assert_eq!(container_at(&d, centre.0, centre.1, &moving).map(|u| u.0), Some("vpc".to_string()));
        // The public row raises "Workload in a public subnet": its own row.
        let target = band_target_in(&d, &app, centre, &moving, &Strands::default()).expect("a subnet");
        assert!(["private-a", "private-b"].contains(&target.0.as_str()), "its own row, not {target:?}");
        // In the gap between AZ a and AZ b at Private a's height: its own row.
        let pr = r("private-a");
        let own = band_target_in(&d, &app, (gap_x, pr.y + pr.h / 2.0), &moving, &Strands::default()).expect("a subnet");
        assert!(["private-a", "private-b"].contains(&own.0.as_str()), "its own row, not {own:?}");
        // "PostgreSQL (Multi-AZ)" moved to the private row (a warning there): at the isolated
        // row's height it goes there (nothing raised); at the private row's height it stays in
        // that row (nothing new), though the isolated row, 95 units off, raises nothing — the
        // row at the point's height first (a single component there would go isolated).
        let db = NodeId::from("db");
        let mut p = d.clone();
        for e in crate::diagram::band::move_to_row(&d, &db, &NodeId::from("private-a"), None, pr.y + 20.0).expect("to the private row") {
            e.apply(&mut p).expect("applies");
        }
        assert_eq!(p.nodes[&db].parent.as_ref().map(|s| s.0.as_str()), Some("private-a"));
        let moving: BTreeSet<NodeId> = [db.clone()].into();
        // Moving it in opened the private row: the rows below moved down.
        let (ib, pr) = (p.layout[&NodeId::from("isolated-b")], p.layout[&NodeId::from("private-a")]);
        let iso = band_target_in(&p, &db, (gap_x, ib.y + 40.0), &moving, &Strands::default()).expect("a subnet");
        assert!(["isolated-a", "isolated-b"].contains(&iso.0.as_str()), "the isolated row, not {iso:?}");
        let at_private = (gap_x, pr.y + pr.h / 2.0);
        let own = band_target_in(&p, &db, at_private, &moving, &Strands::default()).expect("a subnet");
        assert!(["private-a", "private-b"].contains(&own.0.as_str()), "its own row, not {own:?}");
        let single = nearest_inside(&p, "rds", &NodeId::from("vpc"), at_private, &moving, Some(&db), &Strands::default()).expect("a subnet");
        assert!(["isolated-a", "isolated-b"].contains(&single.0.as_str()), "a single component goes isolated, not {single:?}");
    }

    /// Review s34 R1: a drag keeps one [`Strands`] (the rules' topology built once, not per
    /// pointer move); kept, it answers as the rules asked afresh do, subnet by subnet, and for
    /// another node than the one it keeps it asks the rules again.
    #[test]
    fn a_kept_strands_answers_as_the_rules_do() {
        let d = template();
        let t = crate::rules::Topology::new(&d);
        let subnets: Vec<&NodeId> = d.nodes.values().filter(|n| n.kind == "subnet").map(|n| &n.id).collect();
        let (app, db) = (NodeId::from("app"), NodeId::from("db"));
        let kept = Strands::default();
        let mut stranded = 0;
        for s in &subnets {
            let fresh = crate::rules::stranded_in(&t, &app, s);
            stranded += usize::from(fresh);
            assert_eq!(kept.at(&d, &app, s), fresh, "{s:?}");
            assert_eq!(kept.at(&d, &db, s), crate::rules::stranded_in(&t, &db, s), "{s:?}");
        }
        // "Web app tasks" calls Secrets Manager and X-Ray: the isolated row gives it no way out.
        assert_eq!(stranded, 3, "the three isolated subnets");
    }

    /// QA s33 F2: "PostgreSQL (Multi-AZ)" (the isolated row, a/b) held by its centre and
    /// released 3 px under Public b's bottom at 1440 (54 %): the drag's whole grid steps put its
    /// centre in the gap between AZ a and AZ b at the public row's bottom edge (654, 540). It
    /// went to the public row, "Database in a public subnet" (+1 error). It goes back to its
    /// own isolated row, within reach of the nearest subnet with no error (the private row,
    /// a warning); so it does released a step lower, in the gap between the rows.
    #[test]
    fn a_database_band_released_at_the_public_rows_edge_stays_isolated() {
        let d = template();
        let db = NodeId::from("db");
        let moving: BTreeSet<NodeId> = [db.clone()].into();
        let band = d.layout[&db];
        let pb = d.layout[&NodeId::from("public-b")];
        let cx = band.x + band.w / 2.0;
        assert_eq!(container_at(&d, cx, pb.y + pb.h, &moving).map(|u| u.0), Some("vpc".to_string()));
        for y in [pb.y + pb.h, pb.y + pb.h + 10.0, pb.y + pb.h - 10.0] {
            let target = band_target_in(&d, &db, (cx, y), &moving, &Strands::default()).expect("a subnet");
            assert!(["isolated-a", "isolated-b"].contains(&target.0.as_str()), "released at y {y}: its isolated row, not {target:?}");
        }
    }

    /// QA s33 F3: "Web app tasks" (the private row; it calls Secrets Manager and X-Ray, and the
    /// VPC has no endpoints for them) released just under its row went to the isolated row:
    /// "Private workload needs the internet but has no way out" (+1 error), which the drop's
    /// preference did not know (only the tier errors). Nearer "Isolated (data) b" in AZ b's
    /// gap, or in the gap between AZs at the isolated row's height, it stays private; the
    /// isolated row is an error for it exactly when the rules raise `net.private-no-egress`.
    #[test]
    fn a_workload_band_released_near_the_isolated_row_keeps_its_way_out() {
        let d = template();
        let app = NodeId::from("app");
        let moving: BTreeSet<NodeId> = [app.clone()].into();
        let (pb, ib, pa) = (d.layout[&NodeId::from("private-b")], d.layout[&NodeId::from("isolated-b")], d.layout[&NodeId::from("public-a")]);
        let gap_x = (pa.x + pa.w + pb.x) / 2.0;
        for at in [(pb.x + 80.0, ib.y - 6.0), (pb.x + 80.0, pb.y + pb.h + 10.0), (gap_x, ib.y + 40.0)] {
            let target = band_target_in(&d, &app, at, &moving, &Strands::default()).expect("a subnet");
            assert!(["private-a", "private-b", "private-c"].contains(&target.0.as_str()), "released at {at:?}: its private row, not {target:?}");
        }
        // The rules' own answer, subnet by subnet: moved there, is NO_EGRESS raised about it?
        let t = crate::rules::Topology::new(&d);
        for s in ["public-b", "private-b", "isolated-b"] {
            let mut after = d.clone();
            for e in crate::diagram::band::move_to_row(&d, &app, &NodeId::from(s), None, d.layout[&NodeId::from(s)].y + 20.0).expect("moved") {
                e.apply(&mut after).expect("applies");
            }
            let raised = crate::rules::check(&after).iter().any(|f| f.rule == "net.private-no-egress" && f.nodes.first() == Some(&app));
            assert_eq!(crate::rules::stranded_in(&t, &app, &NodeId::from(s)), raised, "in {s}");
        }
        assert!(crate::rules::stranded_in(&t, &app, &NodeId::from("isolated-b")));
    }

    /// Review s34 R2: the drop's "no way out" test is the rules' own predicate
    /// (`rules::network::no_way_out`, which `egress_checks` and `ecr_layer_checks` also build
    /// their findings from). Every VPC workload of every template, moved into every subnet of
    /// its design (a band to that subnet's row), raises `net.private-no-egress` there exactly
    /// when `stranded_in` says it would; and so with each template's S3 gateway endpoints made
    /// DynamoDB ones, where a pull from ECR through an ECR endpoint has no way for its image
    /// layers (the ECR-layers branch).
    #[test]
    fn a_workload_is_stranded_in_a_subnet_exactly_when_the_rules_say_so_there() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../templates");
        let (mut compared, mut stranded, mut layers) = (0, 0, 0);
        for entry in std::fs::read_dir(dir).expect("templates").flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") || path.ends_with("index.json") {
                continue;
            }
            let d0 = crate::file::load(&std::fs::read_to_string(&path).expect("read")).expect("a template");
            let mut d1 = d0.clone();
            let mut ecr = Vec::new();
            for n in d1.nodes.values_mut().filter(|n| n.kind == "vpc-endpoint-gateway") {
                n.props.insert("service".into(), crate::model::Value::Text("dynamodb".into()));
                // And an ECR interface endpoint beside it, which carries the API calls only.
                let mut e = n.clone();
                e.id = NodeId::from(format!("{}-ecr", n.id.0).as_str());
                e.kind = "vpc-endpoint-interface".into();
                e.props.insert("service".into(), crate::model::Value::Text("ecr".into()));
                ecr.push(e);
            }
            for e in ecr {
                let r = d1.layout[&NodeId::from(e.id.0.trim_end_matches("-ecr"))];
                d1.layout.insert(e.id.clone(), Rect { x: r.x - 200.0, ..r });
                d1.nodes.insert(e.id.clone(), e);
            }
            for d in [d0, d1] {
                let t = crate::rules::Topology::new(&d);
                let subnets: Vec<&NodeId> = d.nodes.values().filter(|n| n.kind == "subnet").map(|n| &n.id).collect();
                for w in d.nodes.values().filter(|n| crate::rules::topology::is_vpc_workload(&n.kind) && d.layout.contains_key(&n.id)) {
                    for s in &subnets {
                        let mut after = d.clone();
                        if w.span.is_empty() {
                            after.nodes.get_mut(&w.id).expect("w").parent = Some((*s).clone());
                            let (r, sr) = (d.layout[&w.id], d.layout[*s]);
                            after.layout.insert(w.id.clone(), Rect { x: sr.x + 20.0, y: sr.y + 40.0, ..r });
                        } else {
                            let Ok(edits) = crate::diagram::band::move_to_row(&d, &w.id, s, None, d.layout[*s].y + 20.0) else { continue };
                            for e in edits {
                                e.apply(&mut after).expect("applies");
                            }
                        }
                        let found = crate::rules::check(&after);
                        let raised = found.iter().any(|f| f.rule == "net.private-no-egress" && f.nodes.first() == Some(&w.id));
                        let said = crate::rules::stranded_in(&t, &w.id, s);
                        assert_eq!(said, raised, "{}: {} in {s}", path.display(), w.id);
                        compared += 1;
                        stranded += usize::from(said);
                        layers += usize::from(raised && found.iter().any(|f| f.rule == "net.private-no-egress" && f.nodes.first() == Some(&w.id) && f.message.contains("layers come from S3")));
                    }
                }
            }
        }
        assert!(compared > 100 && stranded > 10, "{compared} compared, {stranded} stranded");
        assert!(layers > 0, "the ECR-layers branch was reached");
    }

    /// Lead's reading of s34, "a fix at the wrong depth": the free-spot search itself grows a
    /// full container right at the aimed height, for every caller — a palette drop of a NAT
    /// gateway into the full "Public c" and a paste of one there go beside NAT c, in line with
    /// it, and Public c and the rows stay as tall as they were (s50-place did it after the
    /// search, for a move alone: `beside_contents`, now gone).
    #[test]
    fn every_caller_grows_a_full_subnet_wider_at_the_aimed_height() {
        let d = template();
        let r = |id: &str| d.layout[&NodeId::from(id)];
        let (pc, nat_c) = (r("public-c"), r("nat-c"));
        let size = crate::diagram::geometry::default_size("nat-gateway");
        // Aimed in Public c's bottom left, at NAT c's height (Public c is full: the ALB's band
        // above, NAT c at the right).
        let at = (pc.x + PAD + size.0 / 2.0, nat_c.y + size.1 / 2.0);
        let want = wanted_box(at, size);
        let p = spot_among(&d, false, "NAT gateway", Some(&NodeId::from("public-c")), &want, None, &BTreeSet::new());
        let public_c = p.grow.iter().find(|(g, _, _)| g.0 == "public-c").map_or(pc, |(_, _, a)| *a);
        assert_eq!(public_c.h, pc.h, "{:?}", p.grow);
        assert!(p.grow.iter().all(|(_, b, a)| a.h == b.h && a.y == b.y), "nothing taller, nothing pushed down: {:?}", p.grow);
        assert_eq!(p.rect.y, nat_c.y, "in line with NAT gateway c: {:?}", p.rect);
        assert!(covers_whole(&inner(&public_c), &p.rect));
    }

    /// QA s34 F1, review s35 R1: "PostgreSQL (Multi-AZ)" (the isolated row) released 3 px
    /// under "Private b" went to the private row, +1 warning: the drag's grid steps put its
    /// centre a few units inside Private b. The canvas now passes the unsnapped centre, so the
    /// engine sees the point in the gap, and the band's special case (a grid step inside a
    /// subnet counted as the gap) is gone: released in the gap under Private b (1 to 10 units
    /// under) it stays in its isolated row; released inside Private b, by a few units or
    /// deep, the user aimed there, and it goes there, as a single component does.
    #[test]
    fn a_database_band_released_under_the_private_row_stays_isolated_and_inside_it_goes_there() {
        let d = template();
        let db = NodeId::from("db");
        let moving: BTreeSet<NodeId> = [db.clone()].into();
        let (pb, ib) = (d.layout[&NodeId::from("private-b")], d.layout[&NodeId::from("isolated-b")]);
        let x = pb.x + pb.w / 2.0;
        for under in [1.0, 3.0, 6.0, GRID] {
            let at = (x, pb.y + pb.h + under);
            assert!(at.1 < ib.y, "in the gap");
            let target = band_target_in(&d, &db, at, &moving, &Strands::default()).expect("a subnet");
            assert!(["isolated-a", "isolated-b"].contains(&target.0.as_str()), "{under} under Private b's bottom: its isolated row, not {target:?}");
        }
        for inside in [3.0, 3.0 * GRID] {
            let target = band_target_in(&d, &db, (x, pb.y + pb.h - inside), &moving, &Strands::default()).expect("a subnet");
            assert_eq!(target.0, "private-b", "aimed {inside} inside Private b");
        }
        let app = NodeId::from("app");
        let moving: BTreeSet<NodeId> = [app.clone()].into();
        let target = band_target_in(&d, &app, (x, ib.y - 4.0), &moving, &Strands::default()).expect("a subnet");
        assert!(["private-a", "private-b", "private-c"].contains(&target.0.as_str()), "its private row, not {target:?}");
    }

    /// QA s34 F6: NAT gateway a aimed into the middle of the full "Private c" (over the "Web app
    /// tasks" band) stays where aimed (a NAT gateway of private connectivity belongs there; the
    /// user aimed there) and is told the tier is wrong for a public one; Private c grows
    /// wider, not taller, as Public c does, and no row moves.
    #[test]
    fn a_nat_gateway_aimed_into_a_full_private_subnet_stays_says_the_tier_and_grows_it_wider() {
        let d = template();
        let r = |id: &str| d.layout[&NodeId::from(id)];
        let nat = NodeId::from("nat-a");
        let moving: BTreeSet<NodeId> = [nat.clone()].into();
        let (pc, app) = (r("private-c"), r("app"));
        let centre = (pc.x + pc.w / 2.0, app.y + app.h / 2.0);
        let (_, into) = aimed_parent_in(&d, "nat-gateway", centre, &moving, Some(&nat), true, &Strands::default());
        let into = into.expect("accepted");
        assert_eq!(into.as_ref().map(|u| u.0.as_str()), Some("private-c"));
        let from = r("nat-a");
        let by = (centre.0 - (from.x + from.w / 2.0), centre.1 - (from.y + from.h / 2.0));
        let view = Some(Rect::new(-2000.0, -2000.0, 8000.0, 8000.0));
        let m = super::spot_for_move(&d, std::slice::from_ref(&nat), by, into.as_ref(), &moving, view).expect("not refused").expect("placed");
        let private_c = m.grow.iter().find(|(g, _, _)| g.0 == "private-c").map_or(pc, |(_, _, a)| *a);
        assert_eq!(private_c.h, pc.h, "{:?}", m.grow);
        assert!(private_c.w > pc.w, "{private_c:?}");
        assert!(m.grow.iter().all(|(_, b, a)| a.h == b.h && a.y == b.y), "nothing taller, nothing pushed down: {:?}", m.grow);
        assert!(covers_whole(&inner(&private_c), &moved(&from, m.by)));
        assert_eq!(
            wrong_tier(&d, "nat-gateway", Some(&nat), into.as_ref()).as_deref(),
            Some("\u{201c}NAT gateway a\u{201d} is now in a private subnet, the wrong tier for a public NAT gateway: it belongs in a public subnet. New error: \u{201c}NAT gateway outside a public subnet\u{201d}")
        );
        // Into a public subnet, or one of private connectivity: nothing to tell.
        assert_eq!(wrong_tier(&d, "nat-gateway", Some(&nat), Some(&NodeId::from("public-c"))), None);
        let mut private = d.clone();
        private.nodes.get_mut(&nat).expect("nat").props.insert("connectivity".into(), crate::model::Value::Text("private".into()));
        assert_eq!(wrong_tier(&private, "nat-gateway", Some(&nat), into.as_ref()), None);
        // A new one (the palette) has the catalog's default, public.
        assert!(wrong_tier(&d, "nat-gateway", None, into.as_ref()).is_some_and(|w| w.starts_with("A NAT gateway is now in a private subnet")));
        // With no label it is named by its kind, not `“”` (review s35 R7).
        let mut unnamed = d.clone();
        unnamed.nodes.get_mut(&nat).expect("nat").label.clear();
        assert!(wrong_tier(&unnamed, "nat-gateway", Some(&nat), into.as_ref()).is_some_and(|w| w.starts_with("A NAT gateway is now in a private subnet")));
    }

    /// Review s32 R10: a band move's outcome, judged in the engine. Dragged straight down within
    /// its own row where nothing nearer is free, it stays, told so, naming the container under
    /// its centre (a subnet, or the VPC between two AZs — never a subnet it was not released in,
    /// QA s32 F4); moved to another row of the same tier, nothing to tell.
    #[test]
    fn a_band_released_in_its_own_row_stays_and_says_where_it_was_released() {
        let d = template();
        let (alb, r) = (NodeId::from("alb"), |id: &str| d.layout[&NodeId::from(id)]);
        let moving: BTreeSet<NodeId> = [alb.clone()].into();
        let band = r("alb");
        // No edits that move it (move_to_row found where it stood), dragged 70 down.
        let stays = |centre: (f64, f64)| band_move_outcome(&d, &alb, &[], centre, 70.0, &moving);
        let pb = r("public-b");
        assert_eq!(
            stays((pb.x + 40.0, band.y + 106.0)),
            BandOutcome::Stays { why: "Not moved: \u{201c}Public ALB\u{201d} spans Availability Zones and stays in its row of subnets: released in \u{201c}Public b\u{201d}, and the nearest free spot in that row was where it stood.".into() }
        );
        let pa = r("public-a");
        assert_eq!(
            stays(((pa.x + pa.w + pb.x) / 2.0 + 5.0, band.y + 106.0)),
            BandOutcome::Stays { why: "Not moved: \u{201c}Public ALB\u{201d} spans Availability Zones and stays in its row of subnets: released in \u{201c}Production VPC 10.0.0.0/16\u{201d}, and the nearest free spot in that row was where it stood.".into() }
        );
        // A nudge of a grid step or less is no drop elsewhere: nothing to tell.
        assert_eq!(band_move_outcome(&d, &alb, &[], (pb.x + 40.0, band.y + 40.0), GRID, &moving), BandOutcome::Moved { tier_note: None });
        // Moved within its row (the edits move it 100 down): moved, no tier change.
        let edits = [crate::edit::Edit::Move { id: alb.clone(), before: band, after: moved(&band, (0.0, 100.0)) }];
        assert_eq!(band_move_outcome(&d, &alb, &edits, (pb.x + 40.0, band.y + 136.0), 100.0, &moving), BandOutcome::Moved { tier_note: None });
    }

    /// QA s32 F8: an ALB dropped from the palette in the VPC's margin above AZ c, its box over
    /// the AZ's frame, was "released over “AZ us-east-1c”": the pointer was in the VPC, which
    /// the toast now names first. At 1024 (28 %) QA's 15 px above the AZs is 53 world units:
    /// the box (72 high) clears the AZ's frame, and is only kept [`GAP`] from it — nothing
    /// covered, nothing told (a drop beside others is placed untold, QA s28 F5).
    #[test]
    fn an_alb_dropped_in_the_vpc_margin_over_an_az_names_the_vpc() {
        let d = template();
        let az = d.layout[&NodeId::from("az-c")];
        let none = BTreeSet::new();
        let view = Some(Rect::new(-2000.0, -2000.0, 8000.0, 8000.0));
        // 15 px above the AZs at 1440 (zoom 0.535): 28 world units.
        let at = (az.x + az.w / 2.0, az.y - 28.0);
        let under = container_at(&d, at.0, at.1, &none);
        assert_eq!(under.as_ref().map(|u| u.0.as_str()), Some("vpc"));
        let (parent, p) = drop_new(&d, "alb", "Application Load Balancer", at, view).expect("placed");
        assert_eq!(parent.as_ref().map(|u| u.0.as_str()), Some("vpc"));
        let want = wanted_box(at, default_size("alb"));
        assert_ne!(p.rect, want, "moved off the AZ");
        let on = dropped_on(&d, parent.as_ref(), &[want], &none).expect("its box covers AZ c");
        assert_eq!(on.id.0, "az-c");
        assert_eq!(
            released_on(&d, on, &["alb"], under.as_ref()),
            "released in \u{201c}Production VPC 10.0.0.0/16\u{201d} with its box over \u{201c}AZ us-east-1c\u{201d}, which an Application Load Balancer cannot go into"
        );
        // 15 px at 1024 (zoom 0.285): 53 units above; the box clears the AZ.
        let at = (az.x + az.w / 2.0, az.y - 53.0);
        assert!(dropped_on(&d, Some(&NodeId::from("vpc")), &[wanted_box(at, default_size("alb"))], &none).is_none());
    }
}
