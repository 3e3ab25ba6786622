//! Growth charts drawn with plotters' SVG backend into a string: x is the traffic multiple
//! (log scale, 0.1x to 100x), y the value. One line per series.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub struct Line<'a> {
    pub label: &'a str,
    pub color: RGBColor,
    pub points: Vec<(f64, f64)>,
}

/// An SVG document of the chart (x: the traffic multiple, spanning at least `span`, so charts
/// side by side share one x axis even where a line stops early), or None when there is
/// nothing to draw; with a vertical marker at x = `knee.0` labelled `knee.1` (where the
/// design saturates).
pub fn growth_svg_knee(title: &str, y_unit: &str, lines: &[Line], span: (f64, f64), knee: Option<(f64, &str)>) -> Option<String> {
    draw(title, "x", y_unit, lines, Some(span), knee)
}

/// Like [`growth_svg_knee`] without a knee, with the x axis' unit suffix ("x" for a multiple, "" for a count).
pub fn growth_svg_x(title: &str, x_unit: &str, y_unit: &str, lines: &[Line]) -> Option<String> {
    draw(title, x_unit, y_unit, lines, None, None)
}

fn draw(title: &str, x_unit: &str, y_unit: &str, lines: &[Line], span: Option<(f64, f64)>, knee: Option<(f64, &str)>) -> Option<String> {
    let span = span.into_iter().flat_map(|(a, b)| [a, b]);
    let xs: Vec<f64> = lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)).chain(span).filter(|x| *x > 0.0).collect();
    let ys: Vec<f64> = lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)).filter(|y| y.is_finite()).collect();
    if xs.is_empty() || ys.is_empty() {
        return None;
    }
    let (x0, x1) = (xs.iter().cloned().fold(f64::INFINITY, f64::min), xs.iter().cloned().fold(0.0, f64::max));
    let y1 = ys.iter().cloned().fold(0.0, f64::max).max(1e-9) * 1.08;
    let mut out = String::new();
    let labels: Vec<&str> = if lines.len() > 1 { lines.iter().map(|l| l.label).collect() } else { Vec::new() };
    let rows = legend_rows(&labels, 290);
    let legend_h = legend_height(&rows);
    {
        let root = SVGBackend::with_string(&mut out, (290, 200 + legend_h)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let (plot, legend) = root.split_vertically(200);
        let mut chart = ChartBuilder::on(&plot)
            .caption(title, ("sans-serif", 13))
            .margin(6)
            // room for the last x tick's label, centred on the right edge
            .margin_right(16)
            .x_label_area_size(26)
            .y_label_area_size(58)
            .build_cartesian_2d((x0..x1.max(x0 * 1.01)).log_scale(), 0.0..y1)
            .ok()?;
        chart
            .configure_mesh()
            .x_labels(4)
            .y_labels(5)
            // Units read as units: "2 s" and "850 ms", "$12k", never "2.0kms".
            .x_label_formatter(&|x| cloudwright_engine::units::axis(*x, x_unit))
            .y_label_formatter(&|y| cloudwright_engine::units::axis(*y, y_unit))
            .label_style(("sans-serif", 10))
            .light_line_style(RGBColor(240, 242, 245))
            .draw()
            .ok()?;
        for l in lines {
            let c = l.color;
            chart.draw_series(LineSeries::new(l.points.iter().cloned(), c.stroke_width(2))).ok()?;
            chart.draw_series(l.points.iter().map(|p| Circle::new(*p, 2, c.filled()))).ok()?;
        }
        if let Some((k, label)) = knee.filter(|(k, _)| *k >= x0 && *k <= x1) {
            let red = RGBColor(209, 50, 18);
            chart.draw_series(std::iter::once(PathElement::new(vec![(k, 0.0), (k, y1)], red.stroke_width(1)))).ok()?;
            // the label sits left of the marker when the knee is in the right half
            let right_half = (k / x0).ln() > (x1 / x0).ln() / 2.0;
            let pos = Pos::new(if right_half { HPos::Right } else { HPos::Left }, VPos::Top);
            let style = TextStyle::from(("sans-serif", 10)).color(&red).pos(pos);
            let at = if right_half { k / 1.08 } else { k * 1.08 };
            chart.draw_series(std::iter::once(Text::new(label.to_string(), (at, y1 * 0.97), style))).ok()?;
        }
        draw_legend(&legend, &rows, &lines.iter().map(|l| (l.label, l.color)).collect::<Vec<_>>())?;
        root.present().ok()?;
    }
    Some(out)
}

// ---------------------------------------------------------------- legend

/// Legend entries are drawn below the plot, never over it, so a legend cannot hide data.
/// Width of one entry's swatch and gap, and of a character at 10 px (an estimate on the wide
/// side for sans-serif, so a label is never clipped).
const SWATCH: i32 = 18;
const CHAR_W: f64 = 5.8;
const ROW_H: u32 = 15;
const ENTRY_GAP: i32 = 12;

fn entry_width(label: &str) -> i32 {
    SWATCH + (label.chars().count() as f64 * CHAR_W).ceil() as i32
}

/// The legend's rows: entry indexes, as many per row as fit in `width` (one at least).
fn legend_rows(labels: &[&str], width: u32) -> Vec<Vec<usize>> {
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut used = 0;
    for (i, l) in labels.iter().enumerate() {
        let w = entry_width(l);
        match rows.last_mut() {
            Some(row) if used + ENTRY_GAP + w <= width as i32 - 12 => {
                row.push(i);
                used += ENTRY_GAP + w;
            }
            _ => {
                rows.push(vec![i]);
                used = w;
            }
        }
    }
    rows
}

fn legend_height(rows: &[Vec<usize>]) -> u32 {
    if rows.is_empty() { 0 } else { rows.len() as u32 * ROW_H + 6 }
}

fn draw_legend<DB: DrawingBackend>(area: &DrawingArea<DB, plotters::coord::Shift>, rows: &[Vec<usize>], entries: &[(&str, RGBColor)]) -> Option<()> {
    for (r, row) in rows.iter().enumerate() {
        let y = r as i32 * ROW_H as i32 + 8;
        let mut x = 8;
        for &i in row {
            let (label, c) = entries[i];
            area.draw(&PathElement::new(vec![(x, y), (x + 14, y)], c.stroke_width(2))).ok()?;
            let style = TextStyle::from(("sans-serif", 10)).color(&RGBColor(22, 25, 31)).pos(Pos::new(HPos::Left, VPos::Center));
            area.draw(&Text::new(label.to_string(), (x + SWATCH, y), style)).ok()?;
            x += entry_width(label) + ENTRY_GAP;
        }
    }
    Some(())
}

/// A compact figure for tables next to the charts: the engine's `units::compact` (`1.2k`,
/// `2.5M`, `2k` rather than `2.0k`, `5` rather than `5.0`).
pub fn short(y: f64) -> String {
    cloudwright_engine::units::compact(y)
}

/// The scenario chart: monthly cost against traffic (0.1×–100× the base design's, log x)
/// with one line per scenario, each scenario's own traffic marked by a larger dot on its line
/// (`points`: x, y, colour), and the crossovers the engine found marked by a red ring and the
/// traffic multiple (`crossings`: x, y, label). Larger than the growth charts: it is the
/// panel's main figure. None when there is nothing to draw.
pub fn scenario_svg(lines: &[Line], points: &[(f64, f64, RGBColor)], crossings: &[(f64, f64, String)]) -> Option<String> {
    let xs: Vec<f64> = lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)).filter(|x| *x > 0.0).collect();
    let ys: Vec<f64> = lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)).filter(|y| y.is_finite()).collect();
    if xs.is_empty() || ys.is_empty() {
        return None;
    }
    let (x0, x1) = (xs.iter().cloned().fold(f64::INFINITY, f64::min), xs.iter().cloned().fold(0.0, f64::max));
    let y1 = ys.iter().cloned().fold(0.0, f64::max).max(1e-9) * 1.08;
    let mut out = String::new();
    let rows = legend_rows(&lines.iter().map(|l| l.label).collect::<Vec<_>>(), 330);
    let legend_h = legend_height(&rows);
    {
        let root = SVGBackend::with_string(&mut out, (330, 240 + legend_h)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let (plot, legend) = root.split_vertically(240);
        let mut chart = ChartBuilder::on(&plot)
            .caption("Monthly cost vs traffic, every scenario", ("sans-serif", 13))
            .margin(6)
            .margin_right(18)
            .x_label_area_size(26)
            .y_label_area_size(52)
            .build_cartesian_2d((x0..x1.max(x0 * 1.01)).log_scale(), 0.0..y1)
            .ok()?;
        chart
            .configure_mesh()
            .x_labels(4)
            .y_labels(5)
            .x_label_formatter(&|x| cloudwright_engine::units::axis(*x, "x"))
            .y_label_formatter(&|y| cloudwright_engine::units::axis(*y, "$"))
            .label_style(("sans-serif", 10))
            .light_line_style(RGBColor(240, 242, 245))
            .draw()
            .ok()?;
        for l in lines {
            chart.draw_series(LineSeries::new(l.points.iter().cloned(), l.color.stroke_width(2))).ok()?;
        }
        chart.draw_series(points.iter().filter(|p| p.0 >= x0 && p.0 <= x1 && p.1.is_finite()).map(|p| Circle::new((p.0, p.1), 5, p.2.filled()))).ok()?;
        let red = RGBColor(209, 50, 18);
        for (x, y, label) in crossings.iter().filter(|c| c.0 >= x0 && c.0 <= x1) {
            chart.draw_series(std::iter::once(Circle::new((*x, *y), 6, red.stroke_width(2)))).ok()?;
            let style = TextStyle::from(("sans-serif", 10)).color(&red).pos(Pos::new(HPos::Center, VPos::Bottom));
            chart.draw_series(std::iter::once(Text::new(label.clone(), (*x, y + y1 * 0.04), style))).ok()?;
        }
        draw_legend(&legend, &rows, &lines.iter().map(|l| (l.label, l.color)).collect::<Vec<_>>())?;
        root.present().ok()?;
    }
    Some(out)
}
