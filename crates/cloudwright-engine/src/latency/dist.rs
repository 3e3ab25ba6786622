//! Latency distributions on a fixed log-spaced grid.
//!
//! A [`Dist`] holds probability mass on grid points `x_0 = 0` and
//! `x_i = LO * R^(i-1)` (i >= 1), with `R = 10^(1/PER_DECADE)`, from 0.01 ms to 10^6 ms
//! (about 17 minutes). Every operation is deterministic and costs O(grid²) at worst:
//! - a value between two grid points is split between them linearly, so means are kept;
//! - a sum of two independent latencies is a convolution (mass pairs are summed and re-split);
//! - a choice between branches is a mixture (masses weighted by branch probability);
//! - quantiles read the cumulative mass, each point's mass spread across its cell
//!   (half-way to each neighbour), so a single value reads back as itself.

use serde::Serialize;

/// Grid points per decade (ratio 10^(1/32) ≈ 1.075 between points). Was 48: 32 keeps
/// projected percentiles within ~1-2% of the finer grid at under half the work per
/// convolution (which is quadratic in the points carrying mass).
pub const PER_DECADE: usize = 32;
/// Smallest non-zero grid point, ms.
pub const LO: f64 = 0.01;
/// Decades covered above [`LO`].
pub const DECADES: usize = 8;
/// Number of grid points, including the zero point.
pub const N: usize = PER_DECADE * DECADES + 2;
/// Masses below this are dropped in convolutions (and the rest renormalised).
const EPS: f64 = 1e-11;
/// Mass of each tail that convolutions may ignore (beyond the per-point [`EPS`]).
const TAIL: f64 = 1e-9;

/// z-score of the 99th percentile of a standard normal.
pub const Z99: f64 = 2.326_347_874;

fn ln_ratio() -> f64 {
    std::f64::consts::LN_10 / PER_DECADE as f64
}

/// The grid point `i`, ms.
pub fn point(i: usize) -> f64 {
    if i == 0 { 0.0 } else { LO * ((i - 1) as f64 * ln_ratio()).exp() }
}

fn grid() -> &'static [f64; N] {
    use std::sync::OnceLock;
    static G: OnceLock<[f64; N]> = OnceLock::new();
    G.get_or_init(|| {
        let mut g = [0.0; N];
        for (i, v) in g.iter_mut().enumerate() {
            *v = point(i);
        }
        g
    })
}

/// For a gap d = j − i between two non-zero grid points: the sum x_i + x_j lies between
/// points j + off and j + off + 1, with weight `w1` on the upper one and `w0 = 1 − w1` on
/// the lower (mean-preserving split).
struct ConvTable {
    off: Vec<u32>,
    w0: Vec<f64>,
    w1: Vec<f64>,
}

/// Padding of the convolution buffer: `off` is at most log_R(2) < PER_DECADE / 2.
const PAD: usize = PER_DECADE / 2 + 2;

fn conv_table() -> &'static ConvTable {
    use std::sync::OnceLock;
    static T: OnceLock<ConvTable> = OnceLock::new();
    T.get_or_init(|| {
        let r = ln_ratio().exp();
        let mut t = ConvTable { off: vec![0; N], w0: vec![0.0; N], w1: vec![0.0; N] };
        for d in 0..N {
            let s = 1.0 + r.powi(-(d as i32)); // sum relative to x_j
            let mut off = (s.ln() / ln_ratio()).floor() as usize;
            while r.powi(off as i32 + 1) <= s {
                off += 1;
            }
            while off > 0 && r.powi(off as i32) > s {
                off -= 1;
            }
            let lo = r.powi(off as i32);
            let hi = r.powi(off as i32 + 1);
            let w = ((s - lo) / (hi - lo)).clamp(0.0, 1.0);
            assert!(off + 2 <= PAD);
            t.off[d] = off as u32;
            t.w0[d] = 1.0 - w;
            t.w1[d] = w;
        }
        t
    })
}

/// Where value `v` falls: (lower index, weight of the upper point).
fn locate(v: f64) -> (usize, f64) {
    let g = grid();
    if v.is_nan() || v <= 0.0 {
        return (0, 0.0);
    }
    if v >= g[N - 1] {
        return (N - 1, 0.0);
    }
    if v < LO {
        return (0, v / LO);
    }
    let f = (v / LO).ln() / ln_ratio();
    let mut i = f.floor() as usize + 1;
    // Guard against rounding at the cell edges.
    while i + 1 < N && g[i + 1] <= v {
        i += 1;
    }
    while i > 0 && g[i] > v {
        i -= 1;
    }
    if i + 1 >= N {
        return (N - 1, 0.0);
    }
    let w = (v - g[i]) / (g[i + 1] - g[i]);
    (i, w)
}

/// FxHash (rustc's): one multiply per word. Keys are inputs we compute ourselves (no
/// adversary), and a fingerprint match is always confirmed by comparing the masses (see
/// [`intern`]), so a weak hash only costs time.
#[derive(Default)]
struct Fx(u64);
impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(*b as u64);
        }
    }
    fn write_u64(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, w: usize) {
        self.write_u64(w as u64);
    }
}

/// Two generations of a map, bounded: a lookup that hits the older generation moves the
/// entry to the current one, and when the current one is full it becomes the older one (the
/// oldest is dropped). So the working set of the last analysis stays, and at most
/// 2 × `cap` entries are kept.
struct Generations<K, V> {
    current: std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fx>>,
    older: std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fx>>,
    cap: usize,
}

impl<K: std::hash::Hash + Eq, V> Generations<K, V> {
    fn new(cap: usize) -> Self {
        Generations { current: Default::default(), older: Default::default(), cap }
    }
    /// The entry for `k`, moved to the current generation if it was in the older one.
    fn get_mut(&mut self, k: &K) -> Option<&mut V> {
        if !self.current.contains_key(k) {
            let (k, v) = self.older.remove_entry(k)?;
            self.insert(k, v);
        }
        self.current.get_mut(k)
    }
    fn insert(&mut self, k: K, v: V) {
        if self.current.len() >= self.cap {
            self.older = std::mem::take(&mut self.current);
        }
        self.current.insert(k, v);
    }
}

/// Each distinct convolution operand gets a number once: its fingerprint.
///
/// A convolution reads only the trimmed index range of each operand and the masses in it
/// ([`Dist::range`]), so that is what is numbered: two distributions with the same trimmed
/// range and the same masses in it (as bits) get the same number, any others different
/// numbers. A distribution is numbered the first time it is convolved, and keeps its number
/// (shared by its clones: its masses never change once made). Numbering hashes the trimmed
/// masses once and compares them, bit for bit, with every distribution numbered under the
/// same hash: a hash collision gives a new number, never another distribution's.
///
/// Numbers come from one process-wide counter and are never reused, so a number always
/// means one content, even when a table forgets it (bounded: [`Generations`] of
/// [`INTERN_GEN`]); a distribution made again after that gets a new number, which only
/// costs a convolution memo miss.
mod intern {
    use super::{Dist, Fx, Generations, Operand};
    use std::cell::RefCell;
    use std::hash::Hasher;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// Distinct operands numbered per generation.
    pub const INTERN_GEN: usize = 4096;

    static NEXT: AtomicU64 = AtomicU64::new(1);

    thread_local! {
        /// Numbered distributions by the hash of their trimmed masses.
        static TABLE: RefCell<Generations<u64, Vec<(Dist, Operand)>>> = RefCell::new(Generations::new(INTERN_GEN));
    }

    /// The hash of what a convolution reads of `d` on its trimmed range `(first, last)`.
    pub fn fingerprint(d: &Dist, (first, last): (usize, usize)) -> u64 {
        let mut h = Fx::default();
        h.write_usize(first);
        h.write_usize(last);
        for m in &d.p()[first..=last] {
            h.write_u64(m.to_bits());
        }
        h.finish()
    }

    /// `d`'s number, by the masses in its trimmed range.
    pub fn operand(d: &Dist) -> Operand {
        let range = d.range();
        number(d, range, fingerprint(d, range))
    }

    /// `d`'s number, looked up under hash `h` (a parameter so that a test can force collisions).
    pub fn number(d: &Dist, (first, last): (usize, usize), h: u64) -> Operand {
        let masses = &d.p()[first..=last];
        let same = |c: &Dist, op: &Operand| {
            op.first == first && op.last == last && c.p()[first..=last].iter().zip(masses).all(|(x, y)| x.to_bits() == y.to_bits())
        };
        TABLE.with(|t| {
            let mut t = t.borrow_mut();
            if let Some(bucket) = t.get_mut(&h) {
                if let Some((_, op)) = bucket.iter().find(|(c, op)| same(c, op)) {
                    return *op;
                }
                let op = Operand { id: NEXT.fetch_add(1, Ordering::Relaxed), first, last };
                bucket.push((d.clone(), op));
                return op;
            }
            let op = Operand { id: NEXT.fetch_add(1, Ordering::Relaxed), first, last };
            t.insert(h, vec![(d.clone(), op)]);
            op
        })
    }

    /// Forgets every number given on this thread (numbers already given stay valid).
    pub fn clear() {
        TABLE.with(|t| *t.borrow_mut() = Generations::new(INTERN_GEN));
    }
}

/// Convolutions already computed, by the numbers of their operands (see [`intern`] and
/// [`Dist::convolve`]).
///
/// An operand's number stands for exactly the trimmed range and masses the convolution reads,
/// so a hit returns the very masses the computation would give, and a result can never differ
/// from a fresh computation. A hit costs one hash of two numbers and shares the result (no
/// copy). The projection convolves the same pairs many times — fleets behind one load
/// balancer with the same model and the same stores, the same hop to the same callee — and,
/// in the app, every revision of a design repeats almost all of the previous revision's
/// convolutions: only those whose inputs an edit changed are computed again.
///
/// Bounded: [`Generations`] of at most [`MEMO_GEN`] entries each (a result shares its masses
/// with the distributions that use it: ≤ N × 8 bytes = 2 KB each).
mod memo {
    use super::{Dist, Generations};
    use std::cell::RefCell;

    /// Entries per generation.
    pub const MEMO_GEN: usize = 4096;

    thread_local! {
        static MEMO: RefCell<Generations<(u64, u64), Dist>> = RefCell::new(Generations::new(MEMO_GEN));
    }

    /// The memoised result for the operands numbered `key`, if any.
    pub fn get(key: (u64, u64)) -> Option<Dist> {
        MEMO.with(|m| m.borrow_mut().get_mut(&key).map(|d| d.clone()))
    }

    /// Forgets every memoised convolution of this thread.
    pub fn clear() {
        MEMO.with(|m| *m.borrow_mut() = Generations::new(MEMO_GEN));
    }

    pub fn put(key: (u64, u64), d: Dist) {
        MEMO.with(|m| m.borrow_mut().insert(key, d));
    }
}

/// Mixtures already computed, by their weights and the very distributions mixed (see
/// [`Dist::mix`]).
///
/// A mixture reads every mass of its branches (not a trimmed range, as a convolution does),
/// so it is keyed by the branches themselves: the address of each branch's masses with its
/// weight's bits. An entry holds its branches (clones: the same masses), so while it is in
/// the table no other masses can be made at those addresses, and masses never change once
/// made ([`Dist::p_mut`] copies shared ones): a key found stands for exactly the masses and
/// weights that were mixed, and the result is the one a computation gives, bit for bit.
/// Masses equal to a branch's but made anew are another key (a miss, computed).
///
/// Why it pays: the projection's downstream pass mixes each node's branches (the callees'
/// convolutions, memoised, so the same shared masses from one revision to the next) and
/// convolves the mixture into its parent; after an edit, a node whose branches are the same
/// masses gets the same mixture (shared) again, already numbered as an operand, so the
/// parent's convolution is a memo hit without numbering (hashing) new masses. Only the
/// mixtures along what the edit changed are computed.
///
/// Bounded like [`memo`]: [`Generations`] of at most [`MIX_GEN`] entries (a result's 258
/// masses, ≈ 2 KB, and its branches, shared).
mod mixes {
    use super::{Dist, Generations};
    use std::cell::RefCell;

    /// Entries per generation.
    pub const MIX_GEN: usize = 4096;

    /// One branch of a mixture as a key: its weight's bits and the address of its masses.
    pub type Key = Vec<(u64, usize)>;

    thread_local! {
        static MIXES: RefCell<Generations<Key, (Vec<Dist>, Dist)>> = RefCell::new(Generations::new(MIX_GEN));
    }

    /// The key of mixing `parts`.
    pub fn key(parts: &[(f64, &Dist)]) -> Key {
        parts.iter().map(|(w, d)| (w.to_bits(), std::sync::Arc::as_ptr(&d.inner) as usize)).collect()
    }

    /// The mixture memoised under `key`, if any.
    pub fn get(key: &Key) -> Option<Dist> {
        MIXES.with(|m| m.borrow_mut().get_mut(key).map(|(_, d)| d.clone()))
    }

    /// Memoises `d` as the mixture of `parts` (whose branches the entry keeps alive).
    pub fn put(key: Key, parts: &[(f64, &Dist)], d: Dist) {
        let held = parts.iter().map(|(_, b)| (*b).clone()).collect();
        MIXES.with(|m| m.borrow_mut().insert(key, (held, d)));
    }

    /// Forgets every memoised mixture of this thread.
    pub fn clear() {
        MIXES.with(|m| *m.borrow_mut() = Generations::new(MIX_GEN));
    }
}

/// Forgets the convolutions and mixtures memoised on this thread (see [`Dist::convolve`],
/// [`Dist::mix`]): results do not change, only the time to the next one. For benchmarks that
/// measure an analysis from nothing.
pub fn clear_memo() {
    memo::clear();
    intern::clear();
    mixes::clear();
}

/// A latency distribution (ms) on the shared grid. Total mass is 1 unless documented.
///
/// Immutable once made, and cheap to clone: clones share the masses (and the operand number
/// the convolution memo knows it by, [`intern`]).
#[derive(Clone)]
pub struct Dist {
    inner: std::sync::Arc<Masses>,
}

/// A distribution's masses, one per grid point, its number as a convolution operand
/// (given the first time it is convolved) and its statistics (worked out the first time
/// they are asked for: [`Dist::stats`]).
struct Masses {
    p: Vec<f64>,
    operand: std::sync::OnceLock<Operand>,
    /// A function of `p` alone, so kept with it: after an edit the projection asks again for
    /// the statistics of every entry, path and hop, most of them masses the memos hand back
    /// shared from the last revision (three quantile scans and a mean each).
    stats: std::sync::OnceLock<Stats>,
}

impl Masses {
    fn new(p: Vec<f64>) -> Self {
        Masses { p, operand: std::sync::OnceLock::new(), stats: std::sync::OnceLock::new() }
    }
}

impl Clone for Masses {
    /// A copy to change ([`Dist::p_mut`]): not numbered, no statistics.
    fn clone(&self) -> Self {
        Masses::new(self.p.clone())
    }
}

/// A distribution as a convolution operand: its number ([`intern`]) and trimmed range.
#[derive(Clone, Copy, Debug)]
struct Operand {
    id: u64,
    first: usize,
    last: usize,
}

/// Distributions are equal when their masses are.
impl PartialEq for Dist {
    fn eq(&self, other: &Dist) -> bool {
        self.p() == other.p()
    }
}

impl std::fmt::Debug for Dist {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dist").field("p", &self.p()).finish()
    }
}

/// Headline statistics of a distribution, ms.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Stats {
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub mean_ms: f64,
}

impl Dist {
    fn from_masses(p: Vec<f64>) -> Self {
        Dist { inner: std::sync::Arc::new(Masses::new(p)) }
    }
    fn empty() -> Self {
        Dist::from_masses(vec![0.0; N])
    }
    /// The masses, one per grid point.
    fn p(&self) -> &[f64] {
        &self.inner.p
    }
    /// The masses, to change: a distribution of its own (copied if shared), not numbered.
    fn p_mut(&mut self) -> &mut [f64] {
        let m = std::sync::Arc::make_mut(&mut self.inner);
        m.operand = std::sync::OnceLock::new();
        m.stats = std::sync::OnceLock::new();
        &mut m.p
    }
    /// This distribution's number and trimmed range as a convolution operand (numbered once).
    fn operand(&self) -> Operand {
        *self.inner.operand.get_or_init(|| intern::operand(self))
    }
    /// No time at all (`constant(0.0)`: all the mass on the zero point; one per thread, shared).
    pub fn zero() -> Self {
        thread_local! {
            static ZERO: Dist = Dist::constant(0.0);
        }
        ZERO.with(Dist::clone)
    }
    /// Exactly `v` ms (split between the two nearest grid points, mean kept).
    pub fn constant(v: f64) -> Self {
        let mut d = Dist::empty();
        d.add_mass(v, 1.0);
        d
    }
    fn add_mass(&mut self, v: f64, m: f64) {
        let (i, w) = locate(v);
        let p = self.p_mut();
        p[i] += m * (1.0 - w);
        if w > 0.0 {
            p[i + 1] += m * w;
        }
    }
    /// A log-normal with the given median and 99th percentile, ms. `p99 <= p50` gives a
    /// constant at `p50`.
    pub fn lognormal(p50: f64, p99: f64) -> Self {
        use std::cell::RefCell;
        use rustc_hash::FxHashMap as HashMap;
        // The same few dozen data-file models are built for every node and hop: keep them
        // (bounded; deterministic either way, as a hit returns the very same masses).
        thread_local! {
            static MEMO: RefCell<HashMap<(u64, u64), Dist>> = RefCell::new(HashMap::default());
        }
        let key = (p50.to_bits(), p99.to_bits());
        if let Some(d) = MEMO.with(|m| m.borrow().get(&key).cloned()) {
            return d;
        }
        let d = Dist::lognormal_uncached(p50, p99);
        MEMO.with(|m| {
            let mut m = m.borrow_mut();
            if m.len() >= 1024 {
                m.clear();
            }
            m.insert(key, d.clone());
        });
        d
    }
    fn lognormal_uncached(p50: f64, p99: f64) -> Self {
        if !(p50 > 0.0) {
            return Dist::zero();
        }
        if !(p99 > p50 * 1.0001) {
            return Dist::constant(p50);
        }
        let mu = p50.ln();
        let sigma = (p99 / p50).ln() / Z99;
        let g = grid();
        let cdf = |x: f64| if x <= 0.0 { 0.0 } else { norm_cdf((x.ln() - mu) / sigma) };
        let mut p = vec![0.0; N];
        // Cell boundaries halfway between points; only cells within ±5 sigma carry mass
        // (beyond: 3e-7 of the mass, folded into the end cells).
        let lo = (mu - 5.0 * sigma).exp();
        let hi = (mu + 5.0 * sigma).exp();
        let mut prev = 0.0;
        for i in 0..N {
            let upper = if i + 1 < N { 0.5 * (g[i] + g[i + 1]) } else { f64::INFINITY };
            if upper < lo {
                continue;
            }
            let c = if upper.is_finite() { cdf(upper) } else { 1.0 };
            p[i] = (c - prev).max(0.0);
            prev = c;
            if upper > hi {
                p[i] += 1.0 - c;
                break;
            }
        }
        let mut d = Dist::from_masses(p);
        d.normalize();
        d
    }
    /// An exponential distribution with the given mean, ms (a queue's waiting time given that
    /// a request waits). Mass beyond 30 means (e^-30 of it) is folded into the last cell.
    pub fn exponential(mean: f64) -> Self {
        if !(mean > 0.0) || !mean.is_finite() {
            return Dist::zero();
        }
        let g = grid();
        let cdf = |x: f64| if x <= 0.0 { 0.0 } else { 1.0 - (-x / mean).exp() };
        let hi = 30.0 * mean;
        let mut p = vec![0.0; N];
        let mut prev = 0.0;
        for i in 0..N {
            let upper = if i + 1 < N { 0.5 * (g[i] + g[i + 1]) } else { f64::INFINITY };
            let c = if upper.is_finite() { cdf(upper) } else { 1.0 };
            p[i] = (c - prev).max(0.0);
            prev = c;
            if upper > hi {
                p[i] += 1.0 - c;
                break;
            }
        }
        let mut d = Dist::from_masses(p);
        d.normalize();
        d
    }
    /// Total mass.
    pub fn mass(&self) -> f64 {
        self.p().iter().sum()
    }
    fn normalize(&mut self) {
        let m = self.mass();
        if m > 0.0 && (m - 1.0).abs() > 1e-15 {
            for v in self.p_mut() {
                *v /= m;
            }
        }
    }
    /// The index range carrying the mass, without the negligible tails: bins are dropped
    /// from each end while the mass dropped on that side stays below [`TAIL`] (and any bin
    /// below [`EPS`]). Convolutions ignore what lies outside (and renormalise).
    fn range(&self) -> (usize, usize) {
        let p = self.p();
        let mut first = 0;
        let mut cut = 0.0;
        for &m in &p[..N - 1] {
            if m > EPS && cut + m >= TAIL {
                break;
            }
            cut += m;
            first += 1;
        }
        let mut last = N - 1;
        cut = 0.0;
        for &m in p[first + 1..].iter().rev() {
            if m > EPS && cut + m >= TAIL {
                break;
            }
            cut += m;
            last -= 1;
        }
        (first, last)
    }
    /// The distribution of `self + other` (independent).
    ///
    /// For grid points i <= j (both non-zero), x_i + x_j = x_j · (1 + R^-(j-i)), so where
    /// the sum lands relative to j, and how it splits between two points, depends only on
    /// j − i: a precomputed table, no logarithm per pair. The loops run over the (trimmed)
    /// index ranges of both operands into a padded buffer, so the inner loop has no branch;
    /// mass landing past the last point is folded into it afterwards.
    ///
    /// The result is a function of the two trimmed ranges and the masses in them only, so it
    /// is memoised by exactly those, through the operands' numbers (see [`intern`], [`memo`]):
    /// a repeated convolution returns the same masses without computing them again.
    pub fn convolve(&self, other: &Dist) -> Dist {
        let (a, b) = (self.operand(), other.operand());
        if let Some(d) = memo::get((a.id, b.id)) {
            return d;
        }
        let d = self.convolve_ranges(other, (a.first, a.last), (b.first, b.last));
        memo::put((a.id, b.id), d.clone());
        d
    }

    /// [`Self::convolve`] on the given trimmed ranges, computed.
    fn convolve_ranges(&self, other: &Dist, (a0, a1): (usize, usize), (b0, b1): (usize, usize)) -> Dist {
        let t = conv_table();
        let pa = self.p();
        let pb = other.p();
        let mut out = vec![0.0; N + PAD];
        // Pairs involving the zero point land on the other point.
        if a0 == 0 {
            let m0 = pa[0];
            for j in b0..=b1 {
                out[j] += m0 * pb[j];
            }
        }
        if b0 == 0 {
            let m0 = pb[0];
            for i in a0.max(1)..=a1 {
                out[i] += m0 * pa[i];
            }
        }
        let (ai, bj) = (a0.max(1), b0.max(1));
        if ai <= a1 && bj <= b1 {
            let (off, w0, w1) = (t.off.as_ptr(), t.w0.as_ptr(), t.w1.as_ptr());
            let (py, po) = (pb.as_ptr(), out.as_mut_ptr());
            let mut i = ai;
            while i <= a1 {
                let x = pa[i];
                i += 1;
                if x <= EPS {
                    continue;
                }
                let i = i - 1;
                // SAFETY (both loops): every j is in bj..=b1 < N, every gap d = |j − i| < N
                // (table length), and every write index k + 1 <= (N − 1) + off[0] + 1 <
                // N + PAD = out.len() (checked when the table is built). Raw pointers keep
                // the hot loop free of bounds checks and calls in size-optimised builds.
                unsafe {
                    // j >= i: the sum lands at j + off[j − i].
                    // (`while` loops: range iterators are not inlined at opt-level "z".)
                    let mut j = bj.max(i);
                    while j <= b1 {
                        let d = j - i;
                        let m = x * *py.add(j);
                        let k = j + *off.add(d) as usize;
                        *po.add(k) += m * *w0.add(d);
                        *po.add(k + 1) += m * *w1.add(d);
                        j += 1;
                    }
                    // j < i: the sum lands at i + off[i − j].
                    let je = b1.min(i - 1);
                    let mut j = bj;
                    while j <= je {
                        let d = i - j;
                        let m = x * *py.add(j);
                        let k = i + *off.add(d) as usize;
                        *po.add(k) += m * *w0.add(d);
                        *po.add(k + 1) += m * *w1.add(d);
                        j += 1;
                    }
                }
            }
        }
        let spill: f64 = out[N..].iter().sum();
        out.truncate(N);
        out[N - 1] += spill;
        let mut d = Dist::from_masses(out);
        d.normalize();
        d
    }
    /// `self` shifted by a constant `c` ms.
    pub fn shift(&self, c: f64) -> Dist {
        if c <= 0.0 {
            return self.clone();
        }
        self.convolve(&Dist::constant(c))
    }
    /// Mixture: each branch is taken with its weight. Weights are normalised to sum to 1;
    /// an empty or weightless list gives a zero.
    ///
    /// Memoised by the branches' masses (as shared) and weights ([`mixes`]): mixing the same
    /// masses again returns the same result, shared.
    pub fn mix(parts: &[(f64, &Dist)]) -> Dist {
        let total: f64 = parts.iter().map(|(w, _)| w.max(0.0)).sum();
        if !(total > 0.0) {
            return Dist::zero();
        }
        let key = mixes::key(parts);
        if let Some(d) = mixes::get(&key) {
            return d;
        }
        let d = Dist::mix_computed(parts, total);
        mixes::put(key, parts, d.clone());
        d
    }

    /// [`Self::mix`] computed, the weights' sum `total` (> 0) given.
    fn mix_computed(parts: &[(f64, &Dist)], total: f64) -> Dist {
        let mut out = vec![0.0; N];
        for (w, d) in parts {
            let w = w.max(0.0) / total;
            if w == 0.0 {
                continue;
            }
            for (o, m) in out.iter_mut().zip(d.p()) {
                *o += w * m;
            }
        }
        Dist::from_masses(out)
    }
    /// The `q` quantile (0..1), ms. The CDF is read piecewise-linearly through
    /// `(x_i, F_i)` with `F_i` = mass below point i plus half its own mass; below the first
    /// and above the last point with mass the quantile is that point. A constant split
    /// between two grid points reads back exactly at the median, and within one grid step
    /// (7.5%) at every other quantile.
    pub fn quantile(&self, q: f64) -> f64 {
        let g = grid();
        let total = self.mass();
        if !(total > 0.0) {
            return 0.0;
        }
        let target = q.clamp(0.0, 1.0) * total;
        let mut cum = 0.0;
        // Previous knot (x, F).
        let mut prev: Option<(f64, f64)> = None;
        for i in 0..N {
            let m = self.p()[i];
            if m <= 0.0 {
                continue;
            }
            let f = cum + 0.5 * m;
            let (px, pf) = match prev {
                Some(k) => k,
                None => (g[i], 0.0),
            };
            if target <= f {
                if f - pf <= 0.0 {
                    return g[i];
                }
                return px + (g[i] - px) * ((target - pf) / (f - pf)).clamp(0.0, 1.0);
            }
            cum += m;
            prev = Some((g[i], f));
        }
        prev.map(|(x, _)| x).unwrap_or(0.0)
    }
    pub fn mean(&self) -> f64 {
        let g = grid();
        let total = self.mass();
        if !(total > 0.0) {
            return 0.0;
        }
        self.p().iter().zip(g.iter()).map(|(m, x)| m * x).sum::<f64>() / total
    }
    /// P(X > t).
    pub fn tail_above(&self, t: f64) -> f64 {
        let g = grid();
        self.p().iter().zip(g.iter()).filter(|(_, x)| **x > t).map(|(m, _)| m).sum()
    }
    /// The part of the distribution at or below `t`, renormalised, and the mass above `t`.
    pub fn split_at(&self, t: f64) -> (Dist, f64) {
        let g = grid();
        let p = self.p();
        let mut below = vec![0.0; N];
        let mut above = 0.0;
        for i in 0..N {
            if g[i] <= t {
                below[i] = p[i];
            } else {
                above += p[i];
            }
        }
        let mut below = Dist::from_masses(below);
        if below.mass() <= 0.0 {
            return (Dist::constant(t), above);
        }
        below.normalize();
        (below, above)
    }
    /// The distribution with every outcome above `t` moved to `t` (a timeout that stops the
    /// work there), and the probability that was above `t`.
    pub fn capped(&self, t: f64) -> (Dist, f64) {
        let (below, above) = self.split_at(t);
        if above <= 0.0 {
            return (self.clone(), 0.0);
        }
        (Dist::mix(&[(1.0 - above, &below), (above, &Dist::constant(t))]), above)
    }
    /// p50, p95, p99 and the mean, rounded ([`r3`]); worked out once per masses (kept with
    /// them: a clone shares them, a change through `p_mut` forgets them).
    pub fn stats(&self) -> Stats {
        *self.inner.stats.get_or_init(|| Stats { p50_ms: r3(self.quantile(0.5)), p95_ms: r3(self.quantile(0.95)), p99_ms: r3(self.quantile(0.99)), mean_ms: r3(self.mean()) })
    }
}

/// Rounds to 3 decimals (reports stay readable and stable across platforms).
pub fn r3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// Standard normal CDF (Abramowitz-Stegun 7.1.26 erf, |error| < 1.5e-7).
pub fn norm_cdf(z: f64) -> f64 {
    let x = z / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x.abs());
    let y = 1.0 - (((((1.061_405_429 * t - 1.453_152_027) * t) + 1.421_413_741) * t - 0.284_496_736) * t + 0.254_829_592) * t * (-x * x).exp();
    let erf = if x >= 0.0 { y } else { -y };
    0.5 * (1.0 + erf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1e-9)
    }

    #[test]
    fn constant_reads_back() {
        for v in [0.3, 1.0, 7.5, 120.0, 4321.0] {
            let d = Dist::constant(v);
            assert!(close(d.mean(), v, 1e-9), "{v}");
            assert!(close(d.quantile(0.5), v, 0.05), "{v} {}", d.quantile(0.5));
        }
    }

    #[test]
    fn lognormal_quantiles() {
        let d = Dist::lognormal(10.0, 50.0);
        assert!(close(d.quantile(0.5), 10.0, 0.03), "{}", d.quantile(0.5));
        assert!(close(d.quantile(0.99), 50.0, 0.04), "{}", d.quantile(0.99));
    }

    #[test]
    fn exponential_quantiles() {
        // P(X <= x) = 1 − e^(−x/mean): median = mean·ln 2, p99 = mean·ln 100.
        let d = Dist::exponential(10.0);
        assert!(close(d.quantile(0.5), 10.0 * 2f64.ln(), 0.03), "{}", d.quantile(0.5));
        assert!(close(d.quantile(0.99), 10.0 * 100f64.ln(), 0.03), "{}", d.quantile(0.99));
        assert!(close(d.mean(), 10.0, 0.02), "{}", d.mean());
    }

    fn bits(d: &Dist) -> Vec<u64> {
        d.p().iter().map(|m| m.to_bits()).collect()
    }

    /// A memoised convolution is the computed one, bit for bit; and the key holds the masses,
    /// not only the ranges: operands on the same range with other masses are computed anew.
    #[test]
    fn memo_returns_exactly_what_a_computation_gives() {
        clear_memo();
        let a = Dist::lognormal(10.0, 40.0);
        let b = Dist::lognormal(3.0, 9.0);
        let computed = a.convolve_ranges(&b, a.range(), b.range());
        let first = a.convolve(&b);
        let hit = a.convolve(&b);
        assert_eq!(bits(&first), bits(&computed));
        assert_eq!(bits(&hit), bits(&computed));
        // Move a little mass between two points inside the range: same ranges, new masses.
        let mut a2 = a.clone();
        let (lo, hi) = a.range();
        let mid = (lo + hi) / 2;
        let moved = a2.p()[mid] * 0.25;
        a2.p_mut()[mid] -= moved;
        a2.p_mut()[mid + 1] += moved;
        assert_eq!(a2.range(), a.range());
        let other = a2.convolve(&b);
        assert_eq!(bits(&other), bits(&a2.convolve_ranges(&b, a2.range(), b.range())));
        assert_ne!(bits(&other), bits(&computed));
        // After clearing, the same result again (computed).
        clear_memo();
        assert_eq!(bits(&a.convolve(&b)), bits(&computed));
    }

    /// Operand numbers follow the masses a convolution reads, never the hash alone: under one
    /// forced hash (every distribution colliding), different masses get different numbers
    /// and a copy made anew (another allocation, the same masses) gets the first's number.
    #[test]
    fn a_hash_collision_never_shares_a_number() {
        let a = Dist::lognormal(10.0, 40.0);
        let b = Dist::lognormal(3.0, 9.0);
        let a_again = Dist::from_masses(a.p().to_vec());
        assert!(!std::sync::Arc::ptr_eq(&a.inner, &a_again.inner));
        let h = 42; // the same fingerprint for all three
        let na = intern::number(&a, a.range(), h);
        let nb = intern::number(&b, b.range(), h);
        let na2 = intern::number(&a_again, a_again.range(), h);
        assert_ne!(na.id, nb.id);
        assert_eq!(na.id, na2.id);
        // A changed copy of a numbered distribution is numbered anew (its masses differ).
        let mut c = a.clone();
        c.p_mut()[a.range().0 + 1] += 1e-3;
        assert_ne!(c.operand().id, a.operand().id);
        assert_eq!(a.operand().id, a.clone().operand().id);
    }

    /// A distribution's statistics are worked out once per masses and shared by its clones
    /// (a memo hit hands back last revision's masses: their statistics come with them), are
    /// those of the masses, and are forgotten when the masses change (`p_mut`).
    #[test]
    fn statistics_are_kept_with_their_masses() {
        let fresh = |d: &Dist| Stats { p50_ms: r3(d.quantile(0.5)), p95_ms: r3(d.quantile(0.95)), p99_ms: r3(d.quantile(0.99)), mean_ms: r3(d.mean()) };
        let a = Dist::lognormal(12.0, 30.0);
        let shared = a.clone();
        assert!(a.inner.stats.get().is_none(), "not worked out before asked for");
        let s = shared.stats();
        assert_eq!(a.inner.stats.get(), Some(&s), "kept with the masses the clone shares");
        assert_eq!(s, fresh(&a));
        assert_eq!(a.stats(), s);
        // A change of a shared distribution's masses copies them: the copy has none kept, and
        // its own are those of its masses.
        let mut changed = a.clone();
        // The heaviest grid point's mass moved to the last point with mass.
        let mid = (0..N).max_by(|&i, &j| a.p()[i].total_cmp(&a.p()[j])).unwrap();
        let moved = changed.p()[mid];
        changed.p_mut()[mid] = 0.0;
        changed.p_mut()[a.range().1] += moved;
        assert!(changed.inner.stats.get().is_none());
        assert_eq!(changed.stats(), fresh(&changed));
        assert_ne!(changed.stats(), s);
        // A change of an unshared one in place forgets them too.
        let mut own = Dist::from_masses(a.p().to_vec());
        assert_eq!(own.stats(), s);
        own.p_mut()[mid] = 0.0;
        own.p_mut()[a.range().1] += moved;
        assert!(own.inner.stats.get().is_none(), "forgotten by the change");
        assert_eq!(own.stats(), changed.stats());
        assert_eq!(a.stats(), s, "the original's are as they were");
    }

    /// A hit shares the memoised result (no copy of the masses), and equals the computation.
    #[test]
    fn a_memo_hit_shares_the_result() {
        clear_memo();
        let a = Dist::lognormal(12.0, 30.0);
        let b = Dist::exponential(4.0);
        let first = a.convolve(&b);
        let again = Dist::from_masses(a.p().to_vec()).convolve(&Dist::from_masses(b.p().to_vec()));
        assert!(std::sync::Arc::ptr_eq(&first.inner, &again.inner));
        assert_eq!(bits(&first), bits(&a.convolve_ranges(&b, a.range(), b.range())));
    }

    /// A mixture of the same masses with the same weights is the memoised one, shared, and
    /// equals the computation; the same masses made anew, or other weights, are computed.
    #[test]
    fn a_mixture_of_the_same_masses_is_shared() {
        clear_memo();
        let a = Dist::lognormal(12.0, 30.0);
        let b = Dist::exponential(4.0);
        let first = Dist::mix(&[(0.3, &a), (0.7, &b)]);
        let again = Dist::mix(&[(0.3, &a.clone()), (0.7, &b)]);
        assert!(std::sync::Arc::ptr_eq(&first.inner, &again.inner));
        assert_eq!(bits(&first), bits(&Dist::mix_computed(&[(0.3, &a), (0.7, &b)], 1.0)));
        let anew = Dist::mix(&[(0.3, &Dist::from_masses(a.p().to_vec())), (0.7, &b)]);
        assert!(!std::sync::Arc::ptr_eq(&first.inner, &anew.inner));
        assert_eq!(bits(&anew), bits(&first));
        let other = Dist::mix(&[(0.4, &a), (0.7, &b)]);
        assert_eq!(bits(&other), bits(&Dist::mix_computed(&[(0.4, &a), (0.7, &b)], 1.1)));
        assert_ne!(bits(&other), bits(&first));
    }

    /// A branch's masses cannot change under its key: the entry holds the branch, so a change
    /// makes a copy of its own (at another address), even when the caller held the only other
    /// reference (here: masses no other memo keeps).
    #[test]
    fn a_mixed_branch_changed_is_another_key() {
        clear_memo();
        let a = Dist::from_masses(Dist::lognormal(12.0, 30.0).p().to_vec());
        let b = Dist::exponential(4.0);
        let first = Dist::mix(&[(0.5, &a), (0.5, &b)]);
        let mut a2 = a;
        let (lo, _) = a2.range();
        a2.p_mut()[lo + 1] += 1e-3;
        let other = Dist::mix(&[(0.5, &a2), (0.5, &b)]);
        assert_ne!(bits(&other), bits(&first));
        assert_eq!(bits(&other), bits(&Dist::mix_computed(&[(0.5, &a2), (0.5, &b)], 1.0)));
    }

    #[test]
    fn convolution_adds_means() {
        let a = Dist::lognormal(10.0, 40.0);
        let b = Dist::lognormal(3.0, 9.0);
        let c = a.convolve(&b);
        assert!(close(c.mean(), a.mean() + b.mean(), 1e-6));
    }
}
