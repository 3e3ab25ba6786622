//! `cloudwright cost FILE [--json] [--multiplier X] [--format text|json|csv]`: the monthly
//! bill of a design, line by line. `--format csv`: one line per line item (the engine's
//! `ci::bill_csv`, RFC 4180), for a spreadsheet or a pipeline artefact.
//!
//! Text: one table of line items (node, what, quantity, unit, unit price, monthly, estimated
//! mark), then free nodes with the reason, totals by category and service, the month and the
//! year, and the notes. JSON: the whole [`CostReport`] plus the growth series.
//! Exit code: 0 ok, 2 unusable input (see `Status`).

use crate::args::{Args, Opt, JSON, MULTIPLIER};
use crate::input;
use crate::output::Out;
use crate::{Command, Outcome, Status};
use cloudwright_engine::cost::{self, CostReport};
use cloudwright_engine::units;
use cloudwright_engine::Design;
use std::fmt::Write as _;

pub const COMMAND: Command = Command {
    name: "cost",
    synopsis: "FILE|TEMPLATE [--json] [--multiplier X] [--format text|json|csv]",
    summary: "monthly cost, line by line",
    options: &[JSON, MULTIPLIER, Opt::value("--format", "text|json|csv", "text (default), json (= --json) or csv (one line per bill line item)")],
    operands: (1, 1),
    example: &["FILE"],
    run,
};

fn run(args: &Args, out: &mut Out) -> Outcome {
    let format = if args.flag("--json") { "json" } else { args.value("--format").unwrap_or("text") };
    if !matches!(format, "text" | "json" | "csv") {
        out.error(&format!("cloudwright cost: unknown format \"{format}\": text, json or csv\n\n{}", crate::command_usage(&COMMAND)));
        return Err(Status::BadInput);
    }
    let multiplier = args.multiplier();
    let design = input::design_or_iac(args.operand(0).unwrap_or(input::STDIN), out)?.design;
    let report = cost::cost_at(&design, multiplier);
    match format {
        "json" => out.json(&to_json(&design, &report)),
        "csv" => out.csv(&cloudwright_engine::ci::bill_csv(&report)),
        _ => out.text(&render(&report)),
    }
    Ok(Status::Ok)
}

fn to_json(design: &Design, r: &CostReport) -> serde_json::Value {
    let series = cost::cost_series(design, &cost::default_multipliers());
    serde_json::json!({
        "report": r,
        "growth_series": series.iter().map(|(m, c)| serde_json::json!({"multiplier": m, "monthly": c})).collect::<Vec<_>>(),
    })
}

fn money(x: f64) -> String {
    cloudwright_engine::units::money(x)
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The text bill.
pub fn render(r: &CostReport) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Cost of \"{}\" ({}; {}{}; traffic ×{})", r.design, r.region, r.pricing, if r.free_tier { ", free tier" } else { "" }, units::qty(r.multiplier));
    let _ = writeln!(o, "Prices: version {} (as of {}); * = estimated\n", r.price_version, r.price_as_of);
    let _ = writeln!(o, "{:<22} {:<52} {:>14} {:<18} {:>13} {:>12}", "NODE", "CHARGE", "QUANTITY", "UNIT", "UNIT PRICE", "MONTHLY");
    // Lines that bill nothing because nothing is used are one sentence after the table, not
    // a "0 … $0.00" line each (QA s32 F10): the bill as every view shows it.
    let shown = r.shown();
    for l in &shown.lines {
        let node = if l.label.is_empty() || l.label == l.node.as_str() { l.node.to_string() } else { format!("{} ({})", l.node, l.label) };
        let _ = writeln!(
            o,
            "{:<22} {:<52} {:>14} {:<18} {:>13} {:>11}{}",
            cut(&node, 22),
            cut(&l.what, 52),
            cut(&units::qty(l.quantity), 14),
            cut(&l.unit, 18),
            // The one unit-price writer, as the app's bill writes it (`units::unit_price`).
            units::unit_price(l.unit_price),
            money(l.monthly),
            if l.estimated { "*" } else { " " }
        );
    }
    if let Some(s) = &shown.unused {
        let _ = writeln!(o, "{s}");
    }
    if !r.free.is_empty() {
        let _ = writeln!(o, "\nNo charge:");
        for f in &r.free {
            let _ = writeln!(o, "  {:<22} {:<22} {}", cut(f.node.as_str(), 22), f.kind, f.reason);
        }
    }
    if !r.unpriced.is_empty() {
        let _ = writeln!(o, "\nNot priced:");
        for f in &r.unpriced {
            let _ = writeln!(o, "  {:<22} {}", f.node, f.reason);
        }
    }
    let _ = writeln!(o, "\nBy category:");
    for (k, v) in &r.by_category {
        let _ = writeln!(o, "  {k:<30} {:>14}", money(*v));
    }
    let _ = writeln!(o, "By service:");
    let mut svc: Vec<_> = r.by_service.iter().collect();
    svc.sort_by(|a, b| b.1.total_cmp(a.1));
    for (k, v) in svc {
        let _ = writeln!(o, "  {k:<30} {:>14}", money(*v));
    }
    let _ = writeln!(o, "\nMonthly total: {:>14}   (of which estimated {})", money(r.monthly), money(r.estimated_monthly));
    let _ = writeln!(o, "Yearly total:  {:>14}   (12 months with growth)", money(r.yearly));
    if !r.notes.is_empty() {
        let _ = writeln!(o, "\nNotes:");
        for n in &r.notes {
            let _ = writeln!(o, "  - {n}");
        }
    }
    o
}

#[cfg(test)]
mod unit_price_tests {
    use super::*;

    /// One unit-price writer for the CLI and the app (`units::unit_price`): the starter's NAT
    /// gateway-hour reads `$0.0450` here as in the app's bill (the CLI wrote `$0.045`), and
    /// every line's unit price is the app's text.
    #[test]
    fn the_bill_writes_unit_prices_as_the_app_does() {
        let r = cost::cost(&cloudwright_engine::sample::three_tier());
        let text = render(&r);
        assert!(text.contains(" $0.0450 "), "{text}");
        // (A line that bills nothing because nothing is used is in the sentence instead.)
        for l in r.shown().lines {
            assert!(text.contains(&format!(" {} ", units::unit_price(l.unit_price))), "{}", l.what);
        }
    }

    /// QA s32 F10: lines at quantity 0 ($0.00, nothing used) are one sentence after the table,
    /// the engine's (`CostReport::shown`), not a "0 … $0.00" row each; the table has a row per
    /// line shown.
    #[test]
    fn lines_that_use_nothing_are_one_sentence() {
        let r = cost::cost(&cloudwright_engine::sample::three_tier());
        let shown = r.shown();
        assert!(shown.lines.len() < r.lines.len(), "the starter has lines at 0");
        let text = render(&r);
        let sentence = text.lines().find(|l| l.starts_with("Not used, nothing billed: ")).expect(&text);
        assert_eq!(Some(sentence), shown.unused.as_deref());
        let table = &text[..text.find("Not used, nothing billed").unwrap()];
        assert_eq!(table.lines().count(), 4 + shown.lines.len(), "{table}");
    }
}
