//! How numbers, money, durations and multiples are written, the same in every view: the CLI,
//! the app's panels and totals bar, the hand-over report. One place, so "$1,234.56" never reads
//! "$1234.6" in another view.
//!
//! Conventions:
//! - money is US dollars, `$1,234.56` (comma thousands, cents), negative `-$12.00`;
//!   [`money_short`] drops the cents from $100 up (`$1,235`), [`money_whole`] always;
//! - a change carries its sign and period: `+$41.20/month`, `-$3.00/month`, `+12 ms`;
//! - durations are milliseconds: `0.8 ms`, `12 ms`, `1,250 ms`; infinity (an overloaded
//!   path has no finite latency) is `∞`;
//! - traffic multiples are plain numbers the caller suffixes with `×`: `0.25`, `3.2`, `40`,
//!   `1,000`.
//!
//! Non-finite inputs never panic: they print as `∞`, `-∞` or `—` (NaN).

/// `digits` (ASCII digits only) with a comma every three from the right: `1234567` → `1,234,567`.
pub fn group_digits(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A whole number with thousands grouped: `-1234.4` → `-1,234`.
pub fn grouped(x: f64) -> String {
    if let Some(s) = non_finite(x) {
        return s;
    }
    let r = x.round();
    let sign = if r < 0.0 { "-" } else { "" };
    format!("{sign}{}", group_digits(&format!("{:.0}", r.abs())))
}

fn non_finite(x: f64) -> Option<String> {
    if x.is_nan() {
        Some("—".into())
    } else if x.is_infinite() {
        Some(if x > 0.0 { "∞" } else { "-∞" }.into())
    } else {
        None
    }
}

/// US dollars with cents and grouping: `1234.555` → `$1,234.56`, `-12` → `-$12.00`. Amounts
/// that round to zero cents print as `$0.00` (never `-$0.00`).
pub fn money(x: f64) -> String {
    if let Some(s) = non_finite(x) {
        return format!("${s}");
    }
    let cents = (x.abs() * 100.0).round();
    let sign = if x < 0.0 && cents > 0.0 { "-" } else { "" };
    let whole = (cents / 100.0).trunc();
    let frac = cents - whole * 100.0;
    format!("{sign}${}.{:02}", group_digits(&format!("{whole:.0}")), frac as u32)
}

/// Whole dollars, grouped: `1234.5` → `$1,235`.
pub fn money_whole(x: f64) -> String {
    if let Some(s) = non_finite(x) {
        return format!("${s}");
    }
    let r = x.round();
    let sign = if r < 0.0 { "-" } else { "" };
    format!("{sign}${}", group_digits(&format!("{:.0}", r.abs())))
}

/// Cents below $100, whole dollars from $100 (the panels' compact figures): `$41.20`, `$1,235`.
pub fn money_short(x: f64) -> String {
    if x.abs() >= 100.0 { money_whole(x) } else { money(x) }
}

/// A signed sign prefix for a change: `+` for zero and up, `-` below.
fn sign(x: f64) -> &'static str {
    if x < 0.0 { "-" } else { "+" }
}

/// A change of a monthly cost: `41.2` → `+$41.20/month`, `-3` → `-$3.00/month`.
pub fn money_delta_month(x: f64) -> String {
    format!("{}{}/month", sign(x), money(x.abs()))
}

/// Milliseconds: below 10 with one decimal (`0.8 ms`, `9.5 ms`), from 10 whole and grouped
/// (`12 ms`, `1,250 ms`); `∞` when infinite (an overloaded path).
pub fn ms(x: f64) -> String {
    if let Some(s) = non_finite(x) {
        return s;
    }
    if x.abs() < 10.0 {
        format!("{x:.1} ms")
    } else {
        format!("{} ms", grouped(x))
    }
}

/// A change of a latency: `12.4` → `+12 ms`, `-0.5` → `-0.5 ms`.
pub fn ms_delta(x: f64) -> String {
    if x.is_nan() {
        return "—".into();
    }
    format!("{}{}", sign(x), ms(x.abs()))
}

/// A traffic multiple, without the `×`: `0.25` → `0.25`, `3.24` → `3.2`, `40.4` → `40`,
/// `1234` → `1,234`.
pub fn mult(m: f64) -> String {
    if let Some(s) = non_finite(m) {
        return s;
    }
    if m >= 1000.0 {
        grouped(m)
    } else if m >= 10.0 {
        format!("{m:.0}")
    } else if m >= 1.0 {
        format!("{m:.1}")
    } else {
        format!("{m:.2}")
    }
}

/// A measured quantity with significant digits by size: `12345` → `12,345`, `150.4` → `150`,
/// `12.34` → `12.3`, `0.456` → `0.46`; `∞` when infinite.
pub fn num(x: f64) -> String {
    if let Some(s) = non_finite(x) {
        return s;
    }
    if x >= 10_000.0 {
        grouped(x)
    } else if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// A plain figure without needless decimals, up to two, grouped: `2` → `2`, `2.5` → `2.5`,
/// `11.375` → `11.38`, `12345.6` → `12,345.6`; `∞` when infinite. For inputs people typed
/// (payload sizes, peak-to-average, growth) where `2.00` would suggest a precision nobody gave.
pub fn plain(x: f64) -> String {
    if let Some(s) = non_finite(x) {
        return s;
    }
    let s = format!("{:.2}", x.abs());
    let s = s.trim_end_matches('0').trim_end_matches('.');
    let (int, frac) = s.split_once('.').map_or((s, ""), |(a, b)| (a, b));
    let sign = if x < 0.0 && s != "0" { "-" } else { "" };
    if frac.is_empty() { format!("{sign}{}", group_digits(int)) } else { format!("{sign}{}.{frac}", group_digits(int)) }
}

/// A fraction as a whole percentage: `0.734` → `73%`; `∞` when infinite.
pub fn pct(x: f64) -> String {
    if let Some(s) = non_finite(x) {
        return s;
    }
    format!("{:.0}%", x * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_and_rounds_cents() {
        assert_eq!(money(1234.555), "$1,234.56"); // 123455.5 cents rounds to 123456
        assert_eq!(money(0.0), "$0.00");
        assert_eq!(money(-0.001), "$0.00");
        assert_eq!(money(-12.0), "-$12.00");
        assert_eq!(money(1_000_000.0), "$1,000,000.00");
        assert_eq!(money(999.995), "$1,000.00"); // 99999.5 cents → 100000
        assert_eq!(money_whole(1234.5), "$1,235"); // .5 rounds away from zero
        assert_eq!(money_short(41.2), "$41.20");
        assert_eq!(money_short(100.0), "$100");
        assert_eq!(money(f64::INFINITY), "$∞");
    }

    #[test]
    fn deltas_carry_sign_and_period() {
        assert_eq!(money_delta_month(41.2), "+$41.20/month");
        assert_eq!(money_delta_month(-3.0), "-$3.00/month");
        assert_eq!(money_delta_month(1234.5), "+$1,234.50/month");
        assert_eq!(ms_delta(12.4), "+12 ms");
        assert_eq!(ms_delta(-0.54), "-0.5 ms");
    }

    #[test]
    fn durations_and_multiples() {
        assert_eq!(ms(0.84), "0.8 ms");
        assert_eq!(ms(12.4), "12 ms");
        assert_eq!(ms(1250.0), "1,250 ms");
        assert_eq!(ms(f64::INFINITY), "∞");
        assert_eq!(mult(0.25), "0.25");
        assert_eq!(mult(3.24), "3.2");
        assert_eq!(mult(40.4), "40");
        assert_eq!(mult(1234.0), "1,234");
        assert_eq!(mult(1_000_000.0), "1,000,000");
        assert_eq!(num(12345.0), "12,345");
        assert_eq!(num(150.4), "150");
        assert_eq!(num(12.34), "12.3");
        assert_eq!(num(0.456), "0.46");
        assert_eq!(pct(0.734), "73%");
        assert_eq!(plain(2.0), "2");
        assert_eq!(plain(2.5), "2.5");
        assert_eq!(plain(11.375), "11.38");
        assert_eq!(plain(12345.6), "12,345.6");
        assert_eq!(plain(-0.001), "0");
        assert_eq!(grouped(-1234.4), "-1,234");
    }
}

/// A chart axis tick: short, with its unit readable. `compact` drops a trailing `.0` and
/// writes thousands and millions as `k` and `M`; milliseconds from 1,000 become seconds.
/// `axis(2000.0, "ms")` → `2 s`, `axis(850.0, "ms")` → `850 ms`, `axis(12500.0, "$")` →
/// `$12.5k`, `axis(3.0, "x")` → `3x`, `axis(1500.0, "")` → `1.5k`.
pub fn axis(v: f64, unit: &str) -> String {
    match unit {
        "$" => format!("${}", compact(v)),
        "ms" if v.abs() >= 1000.0 => format!("{} s", compact(v / 1000.0)),
        "x" | "×" | "" | "%" => format!("{}{unit}", compact(v)),
        _ => format!("{} {unit}", compact(v)),
    }
}

/// `1234` → `1.2k`, `2_500_000` → `2.5M`, `2000` → `2k`, `12.0` → `12`, `12.34` → `12.3`,
/// `150.4` → `150`, `0.25` → `0.25`.
pub fn compact(v: f64) -> String {
    let a = v.abs();
    let (x, suffix) = if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e3 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let digits = if x == x.trunc() || x.abs() >= 100.0 { 0 } else if x.abs() >= 1.0 { 1 } else { 2 };
    let s = format!("{x:.digits$}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    format!("{s}{suffix}")
}

#[cfg(test)]
mod axis_tests {
    use super::*;

    #[test]
    fn axis_ticks_read_well() {
        // 2000 ms is 2 s (2000 / 1000 = 2), never "2.0kms".
        assert_eq!(axis(2000.0, "ms"), "2 s");
        assert_eq!(axis(1500.0, "ms"), "1.5 s");
        assert_eq!(axis(850.0, "ms"), "850 ms");
        // 12500 / 1000 = 12.5 → "$12.5k"; 2500 / 1000 = 2.5 → "$2.5k".
        assert_eq!(axis(12500.0, "$"), "$12.5k");
        assert_eq!(axis(2500.0, "$"), "$2.5k");
        assert_eq!(axis(2_500_000.0, ""), "2.5M");
        assert_eq!(axis(3.0, "x"), "3x");
        assert_eq!(axis(0.25, "x"), "0.25x");
        assert_eq!(axis(40.0, "req/s"), "40 req/s");
        assert_eq!(compact(12.34), "12.3");
        assert_eq!(compact(150.4), "150");
        assert_eq!(compact(1234.0), "1.2k");
    }
}

