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
    push_grouped(&mut out, digits);
    out
}

/// [`group_digits`] written onto the end of `out` (the bill writes a quantity into one
/// string: [`qty`]).
pub fn push_grouped(out: &mut String, digits: &str) {
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
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

/// A unit price in US dollars, as a bill line writes it: four decimals (`$0.0450` per
/// NAT gateway-hour, `$3.5000` per 1M requests), and below a cent as many more as its digits
/// need, up to ten (`$0.0000166667` per GB-second — at four it read `$0.0000`, as if free: QA
/// s23 #17; `$0.00035`). An exact zero is `$0`: a free line (Route 53 alias queries) read
/// `$0.0000` (QA s23 second pass, fix 2).
pub fn unit_price(p: f64) -> String {
    if let Some(s) = non_finite(p) {
        return format!("${s}");
    }
    if p == 0.0 {
        return "$0".into();
    }
    // A discount's unit price (a Savings Plan's -0.28 per on-demand dollar): the sign before
    // the dollar, as `money` writes it — "$-0.2800" read as a typo (QA s36 F10).
    if p < 0.0 {
        return format!("-{}", unit_price(-p));
    }
    if p >= 0.01 {
        return format!("${p:.4}");
    }
    let long = format!("{p:.10}");
    let point = long.find('.').unwrap_or(long.len());
    // Trailing zeros go, down to four decimals.
    let keep = long.trim_end_matches('0').len().max(point + 5);
    format!("${}", &long[..keep])
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

/// A figure exactly as given, thousands grouped: `1000000` → `1,000,000`, `0.5` → `0.5`,
/// `1234.5` → `1,234.5`, `0.001` → `0.001`; beyond what digits read (≥ 1e15, < 1e-6) in
/// e-notation, `1e308` (not 309 digits). For a field's range and default and a value refused
/// (QA s17: the inspector's hint read "1 – 1000000 req/s", the bar "12,000/s"): a bound is
/// not rounded, as [`plain`] would round 0.001 to 0.
pub fn exact(x: f64) -> String {
    if let Some(s) = non_finite(x) {
        return s;
    }
    if x != 0.0 && (x.abs() >= 1e15 || x.abs() < 1e-6) {
        return format!("{x:e}");
    }
    let s = format!("{}", x.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
    let sign = if x < 0.0 { "-" } else { "" };
    if frac.is_empty() { format!("{sign}{}", group_digits(int)) } else { format!("{sign}{}.{frac}", group_digits(int)) }
}

/// A fraction as a whole percentage, grouped: `0.734` → `73%`, `120` → `12,000%`; `∞` when
/// infinite.
pub fn pct(x: f64) -> String {
    if let Some(s) = non_finite(x) {
        return s;
    }
    format!("{}%", grouped(x * 100.0))
}

// ---------------------------------------------------------------- rates, sizes, factors typed in

/// The period a request rate is written per. A month is the billing month of 730 hours
/// ([`crate::traffic::SECONDS_PER_MONTH`] = 2,628,000 s), the same month every analysis uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Per {
    Second,
    Minute,
    Hour,
    Day,
    Month,
}

impl Per {
    /// Seconds in one period.
    pub fn seconds(self) -> f64 {
        match self {
            Per::Second => 1.0,
            Per::Minute => 60.0,
            Per::Hour => 3600.0,
            Per::Day => 86_400.0,
            Per::Month => crate::traffic::SECONDS_PER_MONTH,
        }
    }

    /// How the period is written after a rate: `/s`, `/min`, `/h`, `/day`, `/month`.
    pub fn suffix(self) -> &'static str {
        match self {
            Per::Second => "/s",
            Per::Minute => "/min",
            Per::Hour => "/h",
            Per::Day => "/day",
            Per::Month => "/month",
        }
    }

    /// The period a rate reads best in: per second from one request a second up, else per month.
    pub fn natural(per_month: f64) -> Per {
        if per_month / crate::traffic::SECONDS_PER_MONTH >= 1.0 { Per::Second } else { Per::Month }
    }
}

/// The multipliers a large count is written with: (factor, symbol, word).
const SCALES: [(f64, &str, &str); 4] = [(1e12, "T", "trillion"), (1e9, "B", "billion"), (1e6, "M", "million"), (1e3, "k", "thousand")];

/// A count for people to read and type back: whole and grouped below a million (`950`,
/// `12,000`, `12,345`), three significant digits with `M`/`B`/`T` (million, billion, trillion)
/// from a million (`3.5M`, `1.23M`, `31.5B`, `2.63T`), the trillions grouped beyond that
/// (`2,628,000T`, never scientific notation), three significant digits below 1,000 (`3.81`,
/// `0.00038`). A figure that rounds up to the next scale moves to it (`999,999,999,999` →
/// `1T`, not `1000B`). [`parse_rate`] reads every output back.
pub fn count_short(x: f64) -> String {
    scaled(x, false, false)
}

/// A whole count with its noun, singular after exactly 1: `counted(1.0, "AZ", "AZs")` is
/// "1 AZ", `counted(3.0, "AZ", "AZs")` "3 AZs", `counted(12000.0, "task", "tasks")`
/// "12,000 tasks". The app's one plural for counts in hints, findings and pills ("1 AZs" was
/// read in a hint; QA s21). Fractions take the plural ("1.5 AZs" does not happen, "0.5 tasks").
pub fn counted(n: f64, one: &str, many: &str) -> String {
    let noun = if n == 1.0 { one } else { many };
    let figure = if n.fract() == 0.0 && n.abs() >= 1000.0 { grouped(n) } else { format!("{n}") };
    format!("{figure} {noun}")
}

/// A count in words, for sentences: `3.8 million`, `10 trillion`, `12,000`. `down` rounds
/// toward zero (a maximum: "at most 3.8 million", not 3.81 million, when the limit is
/// 3,805,175).
pub fn count_words(x: f64, down: bool) -> String {
    scaled(x, true, down)
}

fn scaled(x: f64, words: bool, down: bool) -> String {
    if let Some(s) = non_finite(x) {
        return s;
    }
    let round = |v: f64| if down { floor_sig(v, 3) } else { round_sig(v, 3) };
    let whole = if down { x.trunc() } else { x.round() };
    if whole.abs() < 1e6 {
        // Display writes the shortest text that reads back as the same f64: 3.81, 0.00038.
        return if x.abs() >= 1000.0 { grouped(whole) } else { format!("{}", round(x)) };
    }
    // The largest scale the figure reaches; one up when it rounds to 1,000 of it (1,000B → 1T).
    let mut i = SCALES.iter().position(|(f, ..)| whole.abs() >= *f).expect("a million and up has a scale");
    if i > 0 && round(x / SCALES[i].0).abs() >= 1000.0 {
        i -= 1;
    }
    let (factor, symbol, word) = SCALES[i];
    let m = round(x / factor);
    let body = if m.abs() >= 1000.0 { grouped(m) } else { format!("{m}") };
    if words { format!("{body} {word}") } else { format!("{body}{symbol}") }
}

/// `x` cut (toward zero) to `digits` significant digits: 3,805,175 → 3,800,000.
fn floor_sig(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let mag = x.abs().log10().floor() as i32;
    if mag + 1 >= digits {
        return x.trunc();
    }
    let f = 10f64.powi(digits - 1 - mag);
    (x * f).trunc() / f
}

/// `x` rounded to `digits` significant digits (whole numbers keep their integer part).
fn round_sig(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let mag = x.abs().log10().floor() as i32;
    if mag + 1 >= digits {
        return x.round();
    }
    let f = 10f64.powi(digits - 1 - mag);
    (x * f).round() / f
}

/// A request rate given per month, written per `per`: `rate(31_536_000_000.0, Per::Second)` →
/// `12,000/s` (31,536,000,000 / 2,628,000 = 12,000); `rate(3_500_000.0, Per::Month)` →
/// `3.5M/month`. [`parse_rate`] reads every output back.
pub fn rate(per_month: f64, per: Per) -> String {
    let v = per_month * per.seconds() / crate::traffic::SECONDS_PER_MONTH;
    format!("{}{}", count_short(v), per.suffix())
}

/// A request rate of traffic as every view writes it — the totals bar's traffic figure, the
/// latency panel's and the CLI's entries: `per_month` requests per month, per second from one a
/// second up (`12,000/s`, `1,890/s`), else per month (`3.5M/month`) ([`Per::natural`],
/// [`rate`]). A capacity model's load is [`load`], per second at every size.
pub fn rate_natural(per_month: f64) -> String {
    rate(per_month, Per::natural(per_month))
}

/// A capacity model's load (or capacity), `per_second` in its `unit`: a request rate (`req/s`)
/// per second at every size (`1,890/s`, `0.5/s`; never `1890 req/s`, `1.9k req/s` or
/// `1.31M/month`), any other unit as a [`count_short`] with the unit (`36,000 messages/s`,
/// `0.0176 Gbps`, `40 connections`).
///
/// Per second even below one a second, unlike [`rate_natural`]: a load is read against a
/// capacity, a task's or a quota's, and those are per second (`capacity_per_task_rps`, the
/// API Gateway's 10,000 requests/s), so "0.5/s at peak against 143/s" compares at a glance
/// where "1.31M/month at peak against 143/s" asks the architect to convert; a capacity table
/// keeps one period down its column. [`rate_natural`]'s per month is for traffic as people
/// give it (an entry point's requests a month).
pub fn load(per_second: f64, unit: &str) -> String {
    if unit == "Gbps" {
        return bandwidth(per_second);
    }
    if unit == "req/s" {
        rate(per_second * crate::traffic::SECONDS_PER_MONTH, Per::Second)
    } else {
        format!("{} {unit}", count_short(per_second))
    }
}

/// A bandwidth given in Gbps, in the unit that keeps its figure readable, with [`num`]'s
/// significant digits: `2.5` → `2.50 Gbps`, `0.04` → `40.0 Mbps`, `0.0000457` → `45.7 kbps`
/// (a NAT gateway's load read `0.0000457 Gbps`: QA s23 #20), `0` → `0 Gbps`.
pub fn bandwidth(gbps: f64) -> String {
    if let Some(s) = non_finite(gbps) {
        return format!("{s} Gbps");
    }
    if gbps == 0.0 {
        return "0 Gbps".into();
    }
    let (v, unit) = match gbps.abs() {
        a if a >= 1.0 => (gbps, "Gbps"),
        a if a >= 1e-3 => (gbps * 1e3, "Mbps"),
        a if a >= 1e-6 => (gbps * 1e6, "kbps"),
        _ => (gbps * 1e9, "bps"),
    };
    format!("{} {unit}", num(v))
}

/// Reads a request rate as people write it, in requests per month: `12,000/s`, `12000 rps`,
/// `3.5M/month`, `1.2k/min`, `250 req/s`, `40M per month`, `5e6/day`. A figure without a
/// period is per `default`. Commas (or `_`, spaces) group thousands and a point marks
/// decimals, so `1,5` is refused rather than read as fifteen. `k` is thousand, `m`/`M`
/// million, `b`/`bn` billion.
pub fn parse_rate(text: &str, default: Per) -> Result<f64, String> {
    parse_rate_per(text, default).map(|(v, _)| v)
}

/// [`parse_rate`], with the period the rate was typed in (`default` when none was), so a
/// message about it can speak in the user's unit. Spaces around the `/` do not matter
/// (`3.5 M / month`).
pub fn parse_rate_per(text: &str, default: Per) -> Result<(f64, Per), String> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return Err("type a rate, e.g. 12,000/s or 3.5M/month".into());
    }
    let (figure, rest) = parse_figure(&t)?;
    // One space between words, none around a slash: "/ month" and " / s" read as "/month", "/s".
    let unit = rest.split_whitespace().collect::<Vec<_>>().join(" ").replace(" /", "/").replace("/ ", "/");
    let unit = unit.as_str();
    // "req/s", "requests per second", "rps": the word "requests" says nothing more.
    let unit = ["requests", "request", "reqs", "req"].iter().find_map(|w| unit.strip_prefix(w)).unwrap_or(unit).trim();
    let per = match unit {
        "" => default,
        "/s" | "/sec" | "/second" | "per second" | "per sec" | "rps" | "ps" | "a second" => Per::Second,
        "/min" | "/minute" | "per minute" | "per min" | "a minute" => Per::Minute,
        "/h" | "/hr" | "/hour" | "per hour" | "an hour" => Per::Hour,
        "/d" | "/day" | "per day" | "a day" => Per::Day,
        "/mo" | "/mon" | "/month" | "per month" | "a month" | "pm" => Per::Month,
        other => return Err(format!("\u{201c}{other}\u{201d} is not a period: write /s, /min, /h, /day or /month (e.g. 12,000/s)")),
    };
    if figure < 0.0 {
        return Err("a rate cannot be negative".into());
    }
    Ok((figure * crate::traffic::SECONDS_PER_MONTH / per.seconds(), per))
}

/// Why a request rate (per month) is above `max_per_month`, in the period the user typed it,
/// with separators and words: "the request rate can be at most 3.8 million requests/s
/// (10 trillion a month); 1 trillion requests/s is more". `None` when it is within.
pub fn rate_above(per_month: f64, max_per_month: f64, per: Per) -> Option<String> {
    if per_month <= max_per_month {
        return None;
    }
    let inp = |v: f64| v * per.seconds() / crate::traffic::SECONDS_PER_MONTH;
    let max = count_words(inp(max_per_month), true);
    let month = if per == Per::Month { String::new() } else { format!(" ({} a month)", count_words(max_per_month, true)) };
    Some(format!("the request rate can be at most {max} requests{}{month}; {} requests{} is more", per.suffix(), count_words(inp(per_month), false), per.suffix()))
}

/// A size in KB as people write it: `2`, `2 KB`, `1.5 MB` (1,500 KB: decimal, as AWS bills),
/// `512 B` (0.512 KB). A figure without a unit is KB.
pub fn parse_kb(text: &str) -> Result<f64, String> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return Err("type a size, e.g. 2 KB or 1.5 MB".into());
    }
    let (figure, rest) = parse_figure_plain(&t)?;
    let kb = match rest.trim() {
        "" | "kb" | "k" | "kib" => figure,
        "b" | "bytes" | "byte" => figure / 1000.0,
        "mb" | "mib" => figure * 1000.0,
        other => return Err(format!("\u{201c}{other}\u{201d} is not a size unit: write B, KB or MB")),
    };
    if kb < 0.0 {
        return Err("a size cannot be negative".into());
    }
    Ok(kb)
}

/// A size given in KB: `0.5` → `500 B`, `2` → `2 KB`, `1500` → `1.5 MB`. [`parse_kb`] reads
/// it back.
pub fn kb(x: f64) -> String {
    if let Some(s) = non_finite(x) {
        return s;
    }
    if x.abs() >= 1000.0 {
        format!("{} MB", plain(x / 1000.0))
    } else if x != 0.0 && x.abs() < 1.0 {
        format!("{} B", plain(x * 1000.0))
    } else {
        format!("{} KB", plain(x))
    }
}

/// A property's figure as people write it, and as the app writes figures: grouped thousands
/// (`31,536,000`), a multiplier (`30M`, `1.5k`, `2 billion`), optionally followed by the
/// field's own `unit` (`30 GB` in a GB field), case-insensitively. The inspector's number
/// fields read what is typed through this (QA s19: they refused "31,536,000" and "30M").
/// Errors: empty text, no leading figure, or anything after it that is not `unit`.
pub fn parse_amount(text: &str, unit: &str) -> Result<f64, String> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return Err("is empty: type a figure".into());
    }
    let (figure, rest) = parse_figure(&t).map_err(|_| format!("\u{201c}{}\u{201d} is not a number", text.trim()))?;
    let rest = rest.trim();
    if rest.is_empty() || rest == unit.to_lowercase() {
        Ok(figure)
    } else {
        Err(format!("\u{201c}{}\u{201d} is not a number", text.trim()))
    }
}

/// A multiple as people write it: `3`, `3x`, `3×`, `2.5 times`.
pub fn parse_factor(text: &str) -> Result<f64, String> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return Err("type a multiple, e.g. 3×".into());
    }
    let (figure, rest) = parse_figure_plain(&t)?;
    match rest.trim() {
        "" | "x" | "×" | "times" => Ok(figure),
        other => Err(format!("\u{201c}{other}\u{201d} is not a multiple: write a figure such as 3 or 3×")),
    }
}

/// A leading figure with an optional `k`/`m`/`b`/`bn` multiplier; the rest of the text.
fn parse_figure(t: &str) -> Result<(f64, &str), String> {
    let (x, rest) = parse_figure_plain(t)?;
    let rest_trim = rest.trim_start();
    // A multiplier letter counts only when no other letter follows it ("5 m/s" is 5 million
    // a second; "5 min" is not a multiplier).
    let letter_end = |s: &str, n: usize| s[n..].chars().next().is_none_or(|c| !c.is_alphabetic());
    for (word, m) in [("bn", 1e9), ("b", 1e9), ("tn", 1e12), ("t", 1e12), ("k", 1e3), ("m", 1e6)] {
        if rest_trim.starts_with(word) && letter_end(rest_trim, word.len()) {
            return Ok((x * m, &rest_trim[word.len()..]));
        }
    }
    for (word, m) in [("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12)] {
        if let Some(r) = rest_trim.strip_prefix(word) {
            return Ok((x * m, r));
        }
    }
    Ok((x, rest))
}

/// A leading number with grouped thousands (`,` `_` or a space before exactly three digits),
/// a decimal point and an optional exponent; the rest of the text.
fn parse_figure_plain(t: &str) -> Result<(f64, &str), String> {
    let bytes: Vec<(usize, char)> = t.char_indices().collect();
    let mut digits = String::new();
    let mut i = 0;
    if let Some((_, '-' | '+')) = bytes.first() {
        digits.push(bytes[0].1);
        i = 1;
    }
    let start = i;
    let mut seen_point = false;
    while i < bytes.len() {
        let c = bytes[i].1;
        if c.is_ascii_digit() {
            digits.push(c);
        } else if c == '.' && !seen_point {
            // "12.000" or "1.500.000": a point before exactly three digits after a whole
            // part of one to three digits is how much of Europe writes thousands; read as a
            // decimal it would be a thousand times too small, so it is refused, as "1,5" is.
            let whole = &digits[start.min(digits.len())..];
            let group: String = bytes[i + 1..].iter().take(3).map(|(_, c)| *c).collect();
            let after = bytes.get(i + 4).map(|(_, c)| *c);
            let european = (1..=3).contains(&whole.len())
                && whole != "0"
                && group.len() == 3
                && group.chars().all(|c| c.is_ascii_digit())
                && !after.is_some_and(|c| c.is_ascii_digit() || c == 'e');
            if european {
                let decimals = group.trim_end_matches('0');
                let decimal = if decimals.is_empty() { whole.to_string() } else { format!("{whole}.{decimals}") };
                return Err(format!("\u{201c}{}\u{201d}: a point marks decimals and commas separate thousands: write {whole},{group} for thousands or {decimal} for a decimal figure", t.trim()));
            }
            seen_point = true;
            digits.push('.');
        } else if matches!(c, ',' | '_' | ' ' | '\u{2009}' | '\u{202f}' | '\u{a0}') && !seen_point && i > start {
            // A group separator: exactly three digits follow, then no further digit.
            let group: String = bytes[i + 1..].iter().take(3).map(|(_, c)| *c).collect();
            let after = bytes.get(i + 4).map(|(_, c)| *c);
            if group.len() == 3 && group.chars().all(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
                continue;
            }
            if c == ',' {
                return Err(format!("\u{201c}{}\u{201d}: commas separate thousands (12,000); write decimals with a point (1.5)", t.trim()));
            }
            break;
        } else if c == 'e' && i > start && bytes.get(i + 1).is_some_and(|(_, d)| d.is_ascii_digit() || *d == '-' || *d == '+') {
            digits.push('e');
            i += 1;
            digits.push(bytes[i].1);
        } else {
            break;
        }
        i += 1;
    }
    let rest = bytes.get(i).map_or("", |(at, _)| &t[*at..]);
    match digits.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok((x, rest)),
        _ => Err(format!("\u{201c}{}\u{201d} does not start with a figure", t.trim())),
    }
}

/// A quantity (a count, GB, hours, a bill line's quantity), the one writer of quantities in
/// the bill's texts, notes and lines and in the CLI's and the app's bill (review s33 R13: it
/// was `cost::fmt_qty`, a second writer next to this module): thousands grouped as the rest of the app writes them
/// (`units::group_digits`), no needless decimals: `34,650`, `4,500,000,000`, `1,234.6`,
/// `0.125` (QA s19: the bill wrote "34650.0 GB"); below a hundredth two significant digits,
/// `0.0001`, `0.000055` (QA s32 F10: 100 publishes, 0.0001 of "1M publishes", read "0.00").
pub fn qty(q: f64) -> String {
    // Written into one string (a bill prices ~2,800 quantities into its texts at 1,000
    // components: the digits, a copy without ".0", then a grouped copy were three strings each).
    if q == q.round() && q.abs() < 1e15 {
        return grouped_int(q as i64);
    }
    if let Some(s) = small_qty(q) {
        return s;
    }
    let mut plain = if q.abs() >= 100.0 {
        let mut s = format!("{q:.1}");
        if s.ends_with(".0") {
            s.truncate(s.len() - 2);
        }
        s
    } else {
        let mut s = format!("{q:.4}");
        let len = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(len);
        return s;
    };
    // Group the whole part: the sign and any decimals stay as they are.
    let sign = usize::from(plain.starts_with('-'));
    let end = plain.find('.').unwrap_or(plain.len());
    if !plain.as_bytes()[sign..end].iter().all(u8::is_ascii_digit) {
        return plain;
    }
    let commas = (end - sign).saturating_sub(1) / 3;
    if commas > 0 {
        let mut out = String::with_capacity(plain.len() + commas);
        out.push_str(&plain[..sign]);
        push_grouped(&mut out, &plain[sign..end]);
        out.push_str(&plain[end..]);
        plain = out;
    }
    plain
}

/// A quantity below a hundredth (not 0), with two significant digits and no trailing zeros;
/// `None` from 0.01 up, and below 1e-10 (written as four decimals are: `0`).
fn small_qty(q: f64) -> Option<String> {
    let a = q.abs();
    if !(1e-10..0.01).contains(&a) {
        return None;
    }
    // The decimals that reach the second significant digit: 0.0001 (1e-4) needs 5.
    let decimals = (-a.log10().floor()) as usize + 1;
    let s = format!("{q:.decimals$}");
    Some(s.trim_end_matches('0').trim_end_matches('.').to_string())
}

/// A whole number with its thousands grouped (`-1,500`), as [`qty`] writes it: its
/// digits written by `itoa` on the stack, then grouped into the one string returned.
fn grouped_int(v: i64) -> String {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(v.unsigned_abs());
    let mut out = String::with_capacity(1 + digits.len() + digits.len() / 3);
    if v < 0 {
        out.push('-');
    }
    push_grouped(&mut out, digits);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_read_as_the_app_writes_them() {
        use super::parse_amount;
        assert_eq!(parse_amount("31,536,000", "requests"), Ok(31_536_000.0));
        assert_eq!(parse_amount("30M", ""), Ok(30_000_000.0));
        assert_eq!(parse_amount(" 1.5k ", "tasks"), Ok(1500.0));
        assert_eq!(parse_amount("2 billion", ""), Ok(2e9));
        assert_eq!(parse_amount("600", "GB"), Ok(600.0));
        assert_eq!(parse_amount("30 GB", "GB"), Ok(30.0));
        assert_eq!(parse_amount("-3", ""), Ok(-3.0), "the range check, not the reader, refuses a negative");
        assert!(parse_amount("", "GB").is_err());
        assert!(parse_amount("abc", "GB").is_err());
        assert!(parse_amount("30 TB", "GB").is_err(), "another unit is not converted silently");
        assert!(parse_amount("6001000x", "").is_err());
        assert!(parse_amount("1,5", "").is_err(), "a decimal comma is refused, not read as 15");
    }

    #[test]
    fn exact_figures_keep_every_digit_and_group_thousands() {
        assert_eq!(super::exact(1_000_000.0), "1,000,000");
        assert_eq!(super::exact(0.5), "0.5");
        assert_eq!(super::exact(1234.5), "1,234.5");
        assert_eq!(super::exact(0.001), "0.001");
        assert_eq!(super::exact(-12000.0), "-12,000");
        assert_eq!(super::exact(0.0), "0");
        assert_eq!(super::exact(1e308), "1e308");
        assert_eq!(super::exact(f64::INFINITY), "∞");
    }

    use super::*;

    /// `qty` as it was written before it wrote into one string: the reference.
    fn qty_by_copies(q: f64) -> String {
        if let Some(s) = small_qty(q) {
            if q != q.round() {
                return s;
            }
        }
        let plain = if q == q.round() && q.abs() < 1e15 {
            (q as i64).to_string()
        } else if q.abs() >= 100.0 {
            let s = format!("{q:.1}");
            s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
        } else {
            return format!("{q:.4}").trim_end_matches('0').trim_end_matches('.').to_string();
        };
        let (sign, rest) = plain.strip_prefix('-').map_or(("", plain.as_str()), |r| ("-", r));
        let (whole, frac) = rest.split_once('.').map_or((rest, None), |(w, f)| (w, Some(f)));
        if !whole.bytes().all(|b| b.is_ascii_digit()) {
            return plain;
        }
        match frac {
            Some(f) => format!("{sign}{}.{f}", group_digits(whole)),
            None => format!("{sign}{}", group_digits(whole)),
        }
    }

    /// QA s32 F10: 100 SNS publishes a month are 0.0001 of the price's "1M publishes", and the
    /// app's bill wrote "0.00 × $0.5000 per 1M publishes". Below a hundredth, two significant
    /// digits.
    #[test]
    fn a_small_quantity_keeps_two_significant_digits() {
        assert_eq!(qty(100.0 / 1e6), "0.0001");
        assert_eq!(qty(55.0 / 1e6), "0.000055");
        assert_eq!(qty(-0.00005), "-0.00005");
        assert_eq!(qty(0.00999), "0.01");
        assert_eq!(qty(0.0123), "0.0123");
        assert_eq!(qty(0.0), "0");
    }

    #[test]
    fn qty_writes_what_the_copies_wrote() {
        let mut qs = vec![0.0, -0.0, 1.0, -1.0, 0.5, 0.125, 0.00004, 0.00005, -0.00004, 12.5, 99.99995, 99.999, 100.0, 100.04, 100.05, 999.95, 1e15, -1e15, 1e15 - 1.0, 1e16, 1e300, -1e300, 9.999999e14, 123456.789, -123456.789, 730.0, 34650.04, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, f64::MIN_POSITIVE, f64::MAX, f64::MIN, i64::MAX as f64];
        // Every power of ten and its neighbours, and a deterministic spread of magnitudes.
        for e in -6..18 {
            let p = 10f64.powi(e);
            qs.extend([p, p - 1.0, p + 1.0, p * 1.5, -p, p - 0.05, p + 0.05, p * 0.999]);
        }
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let m = (x >> 11) as f64 / (1u64 << 53) as f64;
            let e = (x % 40) as i32 - 8;
            let q = m * 10f64.powi(e) * if x & 1 == 0 { 1.0 } else { -1.0 };
            qs.extend([q, q.round(), (q * 10.0).round() / 10.0]);
        }
        for q in qs {
            assert_eq!(qty(q), qty_by_copies(q), "{q:?}");
        }
    }


    #[test]
    fn a_negative_unit_price_has_its_sign_before_the_dollar() {
        // Compute Savings Plan, 1 year, no upfront: 28% off each on-demand dollar.
        assert_eq!(unit_price(-0.28), "-$0.2800");
        assert_eq!(unit_price(-0.00035), "-$0.00035");
    }

    #[test]
    fn unit_price_shows_the_digits_of_a_small_price() {
        assert_eq!(unit_price(0.045), "$0.0450");
        assert_eq!(unit_price(3.5), "$3.5000");
        assert_eq!(unit_price(0.0), "$0");
        // Lambda's x86 GB-second, us-east-1: $0.0000166667 (aws.amazon.com/lambda/pricing).
        assert_eq!(unit_price(0.0000166667), "$0.0000166667");
        assert_eq!(unit_price(0.00035), "$0.00035");
        assert_eq!(unit_price(0.005), "$0.0050");
        assert_eq!(unit_price(0.0055), "$0.0055");
    }

    /// QA s23 #20: a NAT gateway's load read "0.0000457 Gbps". 0.0000457 Gbps × 1e6 = 45.7
    /// kbps; 0.04 × 1e3 = 40 Mbps (num: "40.0"); 2.5 Gbps stays in Gbps ("2.50").
    #[test]
    fn bandwidth_picks_a_readable_unit() {
        assert_eq!(bandwidth(0.0000457), "45.7 kbps");
        assert_eq!(load(0.0000457, "Gbps"), "45.7 kbps");
        assert_eq!(bandwidth(0.04), "40.0 Mbps");
        assert_eq!(bandwidth(2.5), "2.50 Gbps");
        assert_eq!(bandwidth(0.0), "0 Gbps");
        assert_eq!(bandwidth(3.0e-9), "3.00 bps");
    }

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
        assert_eq!(pct(120.0), "12,000%"); // an overloaded component: grouped, never 12000%
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


#[cfg(test)]
mod rate_tests {
    use super::*;

    const MONTH: f64 = 2_628_000.0; // 730 h × 3600 s

    #[test]
    fn one_rate_format_for_loads() {
        // QA s16: the latency panel's header read "12,000/s", its component lines "1.9k req/s"
        // and a finding "1890 req/s at peak": one writer for all of them.
        assert_eq!(load(1890.0, "req/s"), "1,890/s");
        assert_eq!(load(36_000.0, "req/s"), "36,000/s");
        assert_eq!(load(12_000.0, "req/s"), rate_natural(12_000.0 * MONTH));
        // A load stays per second at small rates (review s17: "1.31M/month" for 0.5 req/s),
        // as the capacity it is compared with is: 0.5/s, 0.00125/s, 0/s.
        assert_eq!(load(0.5, "req/s"), "0.5/s");
        assert_eq!(load(0.00125, "req/s"), "0.00125/s");
        assert_eq!(load(0.0, "req/s"), "0/s");
        assert_eq!(load(999_999.6, "req/s"), "1M/s");
        assert_eq!(load(36_000.0, "messages/s"), "36,000 messages/s");
        assert_eq!(load(40.0, "connections"), "40 connections");
        assert_eq!(rate_natural(500_000.0), "500,000/month");
    }

    #[test]
    fn rates_are_written_per_second_or_per_month() {
        // 12,000/s × 2,628,000 s = 31,536,000,000 per month.
        assert_eq!(rate(12_000.0 * MONTH, Per::Second), "12,000/s");
        assert_eq!(rate(31_536_000_000.0, Per::Month), "31.5B/month");
        assert_eq!(rate(3_500_000.0, Per::Month), "3.5M/month");
        assert_eq!(rate(1_234_567.0, Per::Month), "1.23M/month");
        // 10,000,000 / 2,628,000 = 3.805… → 3.81/s
        assert_eq!(rate(10_000_000.0, Per::Second), "3.81/s");
        assert_eq!(Per::natural(10_000_000.0), Per::Second);
        assert_eq!(Per::natural(1_000_000.0), Per::Month); // 0.38/s
        assert_eq!(count_short(950.0), "950");
        assert_eq!(count_short(12_345.0), "12,345");
    }

    #[test]
    fn rates_people_type_are_read() {
        let s = |t: &str| parse_rate(t, Per::Month).unwrap();
        assert_eq!(s("12,000/s"), 12_000.0 * MONTH);
        assert_eq!(s("12000 rps"), 12_000.0 * MONTH);
        assert_eq!(s("12 000 req/s"), 12_000.0 * MONTH);
        assert_eq!(s("250 requests per second"), 250.0 * MONTH);
        assert_eq!(s("3.5M/month"), 3_500_000.0);
        assert_eq!(s("3.5m per month"), 3_500_000.0);
        assert_eq!(s("40M"), 40_000_000.0); // no period: the default (per month)
        assert_eq!(parse_rate("40", Per::Second).unwrap(), 40.0 * MONTH);
        // 1.2k/min = 1,200 × 2,628,000 / 60 = 52,560,000
        assert_eq!(s("1.2k/min"), 52_560_000.0);
        assert_eq!(s("5e6/day"), 5e6 * MONTH / 86_400.0);
        assert_eq!(s("2bn/month"), 2e9);
        assert_eq!(s("1,234,567"), 1_234_567.0);
        assert_eq!(s("0"), 0.0);
    }

    #[test]
    fn every_written_rate_reads_back() {
        for per_month in [0.0, 1_000.0, 1_000_000.0, 3_500_000.0, 10_000_000.0, 31_536_000_000.0, 1e12] {
            for per in [Per::Second, Per::Month] {
                let text = rate(per_month, per);
                let back = parse_rate(&text, Per::Month).unwrap();
                // three significant digits: within 0.5%
                assert!((back - per_month).abs() <= per_month * 0.005 + 1e-9, "{text} read {back}, wrote {per_month}");
            }
        }
    }

    #[test]
    fn huge_counts_stay_compact_and_grouped() {
        // 2,628,000,000,000,000,000 = 2.628e18 = 2,628,000 trillion: grouped, never 2.628e18.
        assert_eq!(count_short(2.628e18), "2,628,000T");
        assert_eq!(count_short(2.627999999997372e18), "2,628,000T");
        // 999,999,999,999 rounds (3 significant digits) to 1.00e12: one trillion, not "1000B".
        assert_eq!(count_short(999_999_999_999.0), "1T");
        assert_eq!(count_short(3.5e12), "3.5T");
        assert_eq!(count_short(999_999.0), "999,999");
        assert_eq!(count_short(999_999.6), "1M"); // rounds to 1,000,000
        // The QA case: 999,999,999,999/s, and × 2,628,000 s = 2.628e18 a month.
        let per_month = 999_999_999_999.0 * MONTH;
        assert_eq!(rate(per_month, Per::Second), "1T/s");
        assert_eq!(rate(per_month, Per::Month), "2,628,000T/month");
        assert_eq!(parse_rate("1T/s", Per::Month).unwrap(), 1e12 * MONTH);
        assert_eq!(parse_rate("2,628,000T/month", Per::Month).unwrap(), 2.628e18);
        // Words, for sentences; a maximum rounds down: 1e13 / 2,628,000 = 3,805,175.0 → 3.8 million.
        assert_eq!(count_words(1e13 / MONTH, true), "3.8 million");
        assert_eq!(count_words(1e13 / MONTH, false), "3.81 million");
        assert_eq!(count_words(1e13, true), "10 trillion");
        assert_eq!(count_words(12_000.0, false), "12,000");
    }

    #[test]
    fn a_rate_above_the_limit_is_said_in_the_users_unit() {
        let max = 1e13; // the users node's requests_per_month maximum
        assert_eq!(rate_above(max, max, Per::Second), None);
        assert_eq!(
            rate_above(999_999_999_999.0 * MONTH, max, Per::Second).unwrap(),
            "the request rate can be at most 3.8 million requests/s (10 trillion a month); 1 trillion requests/s is more"
        );
        // 2e13 a month, typed per month.
        assert_eq!(rate_above(2e13, max, Per::Month).unwrap(), "the request rate can be at most 10 trillion requests/month; 20 trillion requests/month is more");
    }

    #[test]
    fn spaced_units_and_european_thousands() {
        let s = |t: &str| parse_rate_per(t, Per::Second).unwrap();
        assert_eq!(s("3.5 M / month"), (3_500_000.0, Per::Month));
        assert_eq!(s("12 / s"), (12.0 * MONTH, Per::Second));
        assert_eq!(s("12 req / s"), (12.0 * MONTH, Per::Second));
        assert_eq!(s("12"), (12.0 * MONTH, Per::Second)); // the default period
        let e = parse_rate("12.000/s", Per::Month).unwrap_err();
        assert!(e.contains("write 12,000 for thousands or 12 for a decimal figure"), "{e}");
        let e = parse_rate("1.500/s", Per::Month).unwrap_err();
        assert!(e.contains("write 1,500 for thousands or 1.5 for a decimal figure"), "{e}");
        assert!(parse_rate("1.500.000/month", Per::Month).is_err());
        // Decimals that cannot be thousands still read: 0.125, 12.5, 12.0005, 1234.000.
        assert_eq!(parse_rate("0.125/s", Per::Month).unwrap(), 0.125 * MONTH);
        assert_eq!(parse_rate("12.5/s", Per::Month).unwrap(), 12.5 * MONTH);
        assert_eq!(parse_rate("12.0005/s", Per::Month).unwrap(), 12.0005 * MONTH);
        assert_eq!(parse_rate("1234.000/s", Per::Month).unwrap(), 1234.0 * MONTH);
    }

    #[test]
    fn bad_rates_say_what_is_wrong() {
        assert!(parse_rate("", Per::Month).unwrap_err().contains("12,000/s"));
        assert!(parse_rate("1,5/s", Per::Month).unwrap_err().contains("commas separate thousands"));
        assert!(parse_rate("12/fortnight", Per::Month).unwrap_err().contains("not a period"));
        assert!(parse_rate("-5/s", Per::Month).unwrap_err().contains("negative"));
        assert!(parse_rate("lots", Per::Month).unwrap_err().contains("figure"));
        // "5 min" has no multiplier: "min" is not a period written this way either.
        assert!(parse_rate("5 min", Per::Month).is_err());
    }

    #[test]
    fn sizes_and_factors() {
        assert_eq!(parse_kb("2").unwrap(), 2.0);
        assert_eq!(parse_kb("2 KB").unwrap(), 2.0);
        assert_eq!(parse_kb("1.5 MB").unwrap(), 1500.0); // decimal: 1.5 × 1000
        assert_eq!(parse_kb("512 B").unwrap(), 0.512);
        assert!(parse_kb("3 parsecs").unwrap_err().contains("not a size unit"));
        assert_eq!(kb(2.0), "2 KB");
        assert_eq!(kb(1500.0), "1.5 MB");
        assert_eq!(kb(0.5), "500 B");
        for x in [0.0, 0.5, 2.0, 20.0, 1500.0, 10_240.0] {
            assert_eq!(parse_kb(&kb(x)).unwrap(), x, "{}", kb(x));
        }
        assert_eq!(parse_factor("3").unwrap(), 3.0);
        assert_eq!(parse_factor("3×").unwrap(), 3.0);
        assert_eq!(parse_factor("2.5x").unwrap(), 2.5);
        assert!(parse_factor("3 apples").is_err());
    }
}
