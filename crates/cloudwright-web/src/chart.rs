//! Growth charts drawn with plotters' SVG backend into a string: x is the traffic multiple
//! (log scale, 0.1x to 100x), y the value. One line per series.

use plotters::prelude::*;

pub struct Line<'a> {
    pub label: &'a str,
    pub color: RGBColor,
    pub points: Vec<(f64, f64)>,
}

/// An SVG document of the chart, or None when there is nothing to draw.
pub fn growth_svg(title: &str, y_unit: &str, lines: &[Line]) -> Option<String> {
    growth_svg_x(title, "x", y_unit, lines)
}

/// Like [`growth_svg`], with the x axis' unit suffix ("x" for a multiple, "" for a count).
pub fn growth_svg_x(title: &str, x_unit: &str, y_unit: &str, lines: &[Line]) -> Option<String> {
    let xs: Vec<f64> = lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)).filter(|x| *x > 0.0).collect();
    let ys: Vec<f64> = lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)).filter(|y| y.is_finite()).collect();
    if xs.is_empty() || ys.is_empty() {
        return None;
    }
    let (x0, x1) = (xs.iter().cloned().fold(f64::INFINITY, f64::min), xs.iter().cloned().fold(0.0, f64::max));
    let y1 = ys.iter().cloned().fold(0.0, f64::max).max(1e-9) * 1.08;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (290, 200)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 13))
            .margin(6)
            .x_label_area_size(26)
            .y_label_area_size(52)
            .build_cartesian_2d((x0..x1.max(x0 * 1.01)).log_scale(), 0.0..y1)
            .ok()?;
        chart
            .configure_mesh()
            .x_labels(4)
            .y_labels(5)
            .x_label_formatter(&|x| format!("{}{x_unit}", trim(*x)))
            .y_label_formatter(&|y| if y_unit == "$" { format!("${}", short(*y)) } else { format!("{}{}", short(*y), y_unit) })
            .label_style(("sans-serif", 10))
            .light_line_style(RGBColor(240, 242, 245))
            .draw()
            .ok()?;
        for l in lines {
            let c = l.color;
            chart
                .draw_series(LineSeries::new(l.points.iter().cloned(), c.stroke_width(2)))
                .ok()?
                .label(l.label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], c.stroke_width(2)));
            chart.draw_series(l.points.iter().map(|p| Circle::new(*p, 2, c.filled()))).ok()?;
        }
        if lines.len() > 1 {
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .label_font(("sans-serif", 10))
                .background_style(WHITE.mix(0.85))
                .border_style(RGBColor(213, 219, 219))
                .draw()
                .ok()?;
        }
        root.present().ok()?;
    }
    Some(out)
}

fn trim(x: f64) -> String {
    if x >= 1000.0 {
        short(x)
    } else if x >= 1.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

/// 1234 -> "1.2k", 2_500_000 -> "2.5M".
pub fn short(y: f64) -> String {
    let a = y.abs();
    if a >= 1e6 {
        format!("{:.1}M", y / 1e6)
    } else if a >= 1e3 {
        format!("{:.1}k", y / 1e3)
    } else if a >= 10.0 {
        format!("{y:.0}")
    } else {
        format!("{y:.1}")
    }
}
