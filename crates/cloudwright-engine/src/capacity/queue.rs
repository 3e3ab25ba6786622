//! M/M/c queueing: the Erlang C formula and the waiting time it implies.
//!
//! A station has `c` identical servers, each serving at rate `mu` (per second), and Poisson
//! arrivals at rate `lambda`. With offered load `A = lambda / mu` (Erlangs) and utilisation
//! `rho = A / c`, for `rho < 1`:
//! - the probability that an arrival waits is Erlang C, `C(c, A)`;
//! - the waiting time is 0 with probability `1 − C`, else exponential with rate
//!   `c·mu − lambda`: `P(W > t) = C · e^(−(c·mu − lambda)·t)`;
//! - so its mean is `Wq = C / (c·mu − lambda)`.
//!
//! At `rho >= 1` the queue grows without bound: there is no finite waiting time.
//!
//! Erlang C is computed through the Erlang B recursion `B(0) = 1`,
//! `B(k) = A·B(k−1) / (k + A·B(k−1))`, then `C = c·B / (c − A·(1 − B))`, which stays
//! accurate for large `c` (no factorials or powers). Source: Kleinrock, *Queueing Systems*
//! vol. 1 (1975), §3.5; Gross & Harris, *Fundamentals of Queueing Theory*, §2.3.

/// The waiting a station adds to a request, or `Overloaded`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Wait {
    /// Below saturation: probability of waiting, and the rate (per second) of the
    /// exponential wait of those who do.
    Finite { p_wait: f64, rate_per_s: f64 },
    /// At or above saturation (`rho >= 1`, or no capacity with traffic): the queue grows
    /// without bound.
    Overloaded,
}

impl Wait {
    /// Mean waiting time, seconds (infinite when overloaded).
    pub fn mean_s(&self) -> f64 {
        match *self {
            Wait::Finite { p_wait, rate_per_s } => if p_wait > 0.0 { p_wait / rate_per_s } else { 0.0 },
            Wait::Overloaded => f64::INFINITY,
        }
    }
    /// The waiting time not exceeded by a share `q` of requests, seconds.
    pub fn quantile_s(&self, q: f64) -> f64 {
        match *self {
            Wait::Finite { p_wait, rate_per_s } => {
                if p_wait <= 0.0 || q <= 1.0 - p_wait {
                    0.0
                } else if q >= 1.0 {
                    f64::INFINITY
                } else {
                    (p_wait / (1.0 - q)).ln() / rate_per_s
                }
            }
            Wait::Overloaded => f64::INFINITY,
        }
    }
    pub fn is_overloaded(&self) -> bool {
        matches!(self, Wait::Overloaded)
    }
}

/// Erlang C: the probability that an arrival waits, for `c` servers and offered load `a`
/// Erlangs. 1 when `a >= c` (every arrival waits; the queue is unstable). `c = 0` counts as
/// no capacity (1 when there is any load).
pub fn erlang_c(c: u32, a: f64) -> f64 {
    let a = a.max(0.0);
    if a == 0.0 {
        return 0.0;
    }
    if c == 0 || a >= c as f64 {
        return 1.0;
    }
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (k as f64 + a * b);
    }
    let cf = c as f64;
    (cf * b / (cf - a * (1.0 - b))).clamp(0.0, 1.0)
}

/// The wait at an M/M/c station: `c` servers of rate `mu` (per second) each, arrivals at
/// `lambda` per second.
pub fn mmc(c: u32, mu: f64, lambda: f64) -> Wait {
    let lambda = lambda.max(0.0);
    if lambda == 0.0 {
        return Wait::Finite { p_wait: 0.0, rate_per_s: 1.0 };
    }
    let cap = c as f64 * mu;
    if !(cap > lambda) {
        return Wait::Overloaded;
    }
    Wait::Finite { p_wait: erlang_c(c, lambda / mu), rate_per_s: cap - lambda }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn one_server_is_mm1() {
        // M/M/1: C = rho. lambda 50/s, mu 100/s: rho 0.5, Wq = 0.5 / (100 − 50) = 10 ms.
        assert!(close(erlang_c(1, 0.5), 0.5));
        let w = mmc(1, 100.0, 50.0);
        assert!(close(w.mean_s(), 0.010));
    }

    #[test]
    fn two_servers_by_hand() {
        // c = 2, A = 1: B(1) = 1/2, B(2) = 0.5 / 2.5 = 0.2; C = 2·0.2 / (2 − 0.8) = 1/3.
        // Closed form: (A²/2!)/(1 − ρ) / (1 + A + (A²/2!)/(1 − ρ)) = 1 / (1 + 1 + 1) = 1/3.
        assert!(close(erlang_c(2, 1.0), 1.0 / 3.0));
        // mu 100/s, lambda 100/s: Wq = (1/3) / (200 − 100) s = 3.333 ms.
        assert!(close(mmc(2, 100.0, 100.0).mean_s(), 1.0 / 300.0));
    }

    #[test]
    fn three_servers_closed_form() {
        // c = 3, A = 2 (rho = 2/3): sum_{k<3} A^k/k! = 1 + 2 + 2 = 5; A³/3! = 4/3, / (1 − 2/3)
        // = 4; C = 4 / (5 + 4) = 4/9. mu 10/s, lambda 20/s: Wq = (4/9) / (30 − 20) = 44.4 ms.
        assert!(close(erlang_c(3, 2.0), 4.0 / 9.0));
        assert!(close(mmc(3, 10.0, 20.0).mean_s(), 4.0 / 90.0));
    }

    #[test]
    fn saturation_is_overloaded_not_a_number() {
        assert!(mmc(2, 100.0, 200.0).is_overloaded());
        assert!(mmc(2, 100.0, 250.0).is_overloaded());
        assert!(mmc(0, 100.0, 1.0).is_overloaded());
        assert_eq!(mmc(2, 100.0, 200.0).mean_s(), f64::INFINITY);
        assert_eq!(erlang_c(4, 4.0), 1.0);
    }

    #[test]
    fn quantiles_of_the_wait() {
        // M/M/1 at rho 0.5, mu 100: P(W > t) = 0.5·e^(−50 t); p99: t = ln(0.5/0.01)/50 = 78.2 ms.
        let w = mmc(1, 100.0, 50.0);
        assert!(close(w.quantile_s(0.99), (50.0f64).ln() / 50.0));
        assert_eq!(w.quantile_s(0.5), 0.0);
    }

    #[test]
    fn erlang_c_falls_with_servers_at_equal_utilisation() {
        // Pooling: at rho 0.7, more servers wait less often.
        let mut prev = 1.0;
        for c in 1..200u32 {
            let p = erlang_c(c, 0.7 * c as f64);
            assert!(p <= prev + 1e-12, "c={c}");
            prev = p;
        }
    }
}
