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

/// Grid points per decade (ratio 10^(1/48) ≈ 1.049 between points).
pub const PER_DECADE: usize = 48;
/// Smallest non-zero grid point, ms.
pub const LO: f64 = 0.01;
/// Decades covered above [`LO`].
pub const DECADES: usize = 8;
/// Number of grid points, including the zero point.
pub const N: usize = PER_DECADE * DECADES + 2;
/// Masses below this are dropped in convolutions (and the rest renormalised).
const EPS: f64 = 1e-11;

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
/// points j + off and j + off + 1, with weight `w` on the upper one (mean-preserving split).
fn sum_table() -> &'static [(usize, f64); N] {
    use std::sync::OnceLock;
    static T: OnceLock<[(usize, f64); N]> = OnceLock::new();
    T.get_or_init(|| {
        let r = ln_ratio().exp();
        let mut t = [(0usize, 0.0f64); N];
        for (d, slot) in t.iter_mut().enumerate() {
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
            *slot = (off, ((s - lo) / (hi - lo)).clamp(0.0, 1.0));
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

/// A latency distribution (ms) on the shared grid. Total mass is 1 unless documented.
#[derive(Clone, Debug, PartialEq)]
pub struct Dist {
    p: Vec<f64>,
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
    fn empty() -> Self {
        Dist { p: vec![0.0; N] }
    }
    /// No time at all.
    pub fn zero() -> Self {
        Dist::constant(0.0)
    }
    /// Exactly `v` ms (split between the two nearest grid points, mean kept).
    pub fn constant(v: f64) -> Self {
        let mut d = Dist::empty();
        d.add_mass(v, 1.0);
        d
    }
    fn add_mass(&mut self, v: f64, m: f64) {
        let (i, w) = locate(v);
        self.p[i] += m * (1.0 - w);
        if w > 0.0 {
            self.p[i + 1] += m * w;
        }
    }
    /// A log-normal with the given median and 99th percentile, ms. `p99 <= p50` gives a
    /// constant at `p50`.
    pub fn lognormal(p50: f64, p99: f64) -> Self {
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
        let mut d = Dist::empty();
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
            d.p[i] = (c - prev).max(0.0);
            prev = c;
            if upper > hi {
                d.p[i] += 1.0 - c;
                break;
            }
        }
        d.normalize();
        d
    }
    /// Total mass.
    pub fn mass(&self) -> f64 {
        self.p.iter().sum()
    }
    fn normalize(&mut self) {
        let m = self.mass();
        if m > 0.0 && (m - 1.0).abs() > 1e-15 {
            for v in &mut self.p {
                *v /= m;
            }
        }
    }
    fn range(&self) -> (usize, usize) {
        let first = self.p.iter().position(|&m| m > EPS).unwrap_or(0);
        let last = self.p.iter().rposition(|&m| m > EPS).unwrap_or(0);
        (first, last)
    }
    /// The distribution of `self + other` (independent).
    ///
    /// For grid points i <= j (both non-zero), x_i + x_j = x_j · (1 + R^-(j-i)), so where
    /// the sum lands relative to j, and how it splits between two points, depends only on
    /// j − i: a precomputed table, no logarithm per pair.
    pub fn convolve(&self, other: &Dist) -> Dist {
        let tab = sum_table();
        let (a0, a1) = self.range();
        let (b0, b1) = other.range();
        let mut out = Dist::empty();
        let a: Vec<(usize, f64)> = (a0..=a1).filter(|&i| self.p[i] > EPS).map(|i| (i, self.p[i])).collect();
        let b: Vec<(usize, f64)> = (b0..=b1).filter(|&j| other.p[j] > EPS).map(|j| (j, other.p[j])).collect();
        for &(i, pa) in &a {
            for &(j, pb) in &b {
                let m = pa * pb;
                let (lo, hi) = if i <= j { (i, j) } else { (j, i) };
                if lo == 0 {
                    out.p[hi] += m;
                    continue;
                }
                let (off, w) = tab[hi - lo];
                let k = hi + off;
                if k + 1 >= N {
                    out.p[N - 1] += m;
                } else {
                    out.p[k] += m * (1.0 - w);
                    out.p[k + 1] += m * w;
                }
            }
        }
        out.normalize();
        out
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
    pub fn mix(parts: &[(f64, &Dist)]) -> Dist {
        let total: f64 = parts.iter().map(|(w, _)| w.max(0.0)).sum();
        if !(total > 0.0) {
            return Dist::zero();
        }
        let mut out = Dist::empty();
        for (w, d) in parts {
            let w = w.max(0.0) / total;
            if w == 0.0 {
                continue;
            }
            for (o, m) in out.p.iter_mut().zip(&d.p) {
                *o += w * m;
            }
        }
        out
    }
    /// The `q` quantile (0..1), ms. The CDF is read piecewise-linearly through
    /// `(x_i, F_i)` with `F_i` = mass below point i plus half its own mass; below the first
    /// and above the last point with mass the quantile is that point. A constant split
    /// between two grid points reads back exactly at the median, and within one grid step
    /// (4.9%) at every other quantile.
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
            let m = self.p[i];
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
        self.p.iter().zip(g.iter()).map(|(m, x)| m * x).sum::<f64>() / total
    }
    /// P(X > t).
    pub fn tail_above(&self, t: f64) -> f64 {
        let g = grid();
        self.p.iter().zip(g.iter()).filter(|(_, x)| **x > t).map(|(m, _)| m).sum()
    }
    /// The part of the distribution at or below `t`, renormalised, and the mass above `t`.
    pub fn split_at(&self, t: f64) -> (Dist, f64) {
        let g = grid();
        let mut below = Dist::empty();
        let mut above = 0.0;
        for i in 0..N {
            if g[i] <= t {
                below.p[i] = self.p[i];
            } else {
                above += self.p[i];
            }
        }
        if below.mass() <= 0.0 {
            return (Dist::constant(t), above);
        }
        below.normalize();
        (below, above)
    }
    pub fn stats(&self) -> Stats {
        Stats { p50_ms: r3(self.quantile(0.5)), p95_ms: r3(self.quantile(0.95)), p99_ms: r3(self.quantile(0.99)), mean_ms: r3(self.mean()) }
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
    fn convolution_adds_means() {
        let a = Dist::lognormal(10.0, 40.0);
        let b = Dist::lognormal(3.0, 9.0);
        let c = a.convolve(&b);
        assert!(close(c.mean(), a.mean() + b.mean(), 1e-6));
    }
}
