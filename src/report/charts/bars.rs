//! Bar charts with whiskers (groups along x, one bar per series in each group), on a
//! linear y axis from 0 or, for values that span orders of magnitude, a logarithmic
//! one (`Bars::log_from`).

use plotters::coord::Shift;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::FontStyle;

use super::frame::{Decimal, DrawResult, FONT, Interval, PALETTE, category, framed, size_to_fit};

/// Bars with whiskers: groups along x, one bar per series in each group.
#[derive(Clone, Debug, Default)]
pub struct Bars {
    pub title: String,
    pub y_label: String,
    pub groups: Vec<String>,
    /// Series name and (value, low, high) per group.
    pub series: Vec<(String, Vec<Interval>)>,
    pub y_max: f64,
    /// A logarithmic y axis from this value (> 0), for values that span orders of
    /// magnitude (a network's sell-out: minutes at a city site, days at a far one).
    pub log_from: Option<f64>,
}

pub(super) fn bars<DB: DrawingBackend>(c: &Bars, root: &DrawingArea<DB, Shift>, decimal: Decimal) -> DrawResult<DB> {
    let groups = c.groups.len().max(1);
    let entries: Vec<(String, RGBColor, bool)> =
        c.series.iter().enumerate().map(|(j, (name, _))| (name.clone(), PALETTE[j % PALETTE.len()], true)).collect();
    let plot = framed(root, &c.title, &entries)?;
    // Group names smaller when many long ones (a network's zones) would run
    // together, and written downwards when even the smallest would.
    let texts: Vec<&str> = c.groups.iter().map(String::as_str).collect();
    let per_group = (f64::from(plot.dim_in_pixel().0) - 148.0) / groups as f64 * 0.92;
    let x_size = size_to_fit(&plot, &texts, per_group, 11..=20, FontStyle::Normal);
    let font = (FONT, x_size).into_font().color(&BLACK);
    let turned = texts.iter().any(|t| plot.estimate_text_size(t, &font).is_ok_and(|(w, _)| f64::from(w) > per_group));
    let names = Names { size: if turned { TURNED_SIZE } else { x_size }, turned };
    let room =
        if turned { c.groups.iter().map(|g| g.chars().count() as u32 * 9 + 20).max().unwrap_or(0).max(70) } else { 70 };
    let builder = |plot| {
        let mut b = ChartBuilder::on(plot);
        b.margin(24).x_label_area_size(room).y_label_area_size(100);
        b
    };
    let x = -0.5..(groups as f64 - 0.5);
    match c.log_from {
        Some(from) => {
            let mut chart = builder(&plot).build_cartesian_2d(x, (from..c.y_max).log_scale())?;
            draw_bars(&mut chart, root, c, from, names, decimal)
        }
        None => {
            let mut chart = builder(&plot).build_cartesian_2d(x, 0.0..c.y_max)?;
            draw_bars(&mut chart, root, c, 0.0, names, decimal)
        }
    }
}

/// How the group names are written: their size, and whether downwards.
#[derive(Clone, Copy)]
struct Names {
    size: f64,
    turned: bool,
}

/// The size of names written downwards (about 9 px a character).
const TURNED_SIZE: f64 = 17.0;

/// The mesh, the bars (from `floor` up) and their whiskers, on either y axis.
fn draw_bars<DB: DrawingBackend, Y: Ranged<ValueType = f64> + ValueFormatter<f64>>(
    chart: &mut ChartContext<DB, Cartesian2d<RangedCoordf64, Y>>,
    root: &DrawingArea<DB, Shift>,
    c: &Bars,
    floor: f64,
    names: Names,
    decimal: Decimal,
) -> DrawResult<DB> {
    let ticks = |v: &f64| decimal.tick(*v);
    let groups = c.groups.len().max(1);
    chart
        .configure_mesh()
        .y_desc(c.y_label.as_str())
        .axis_desc_style((FONT, 24))
        .label_style((FONT, 20))
        .x_label_style((FONT, names.size))
        .y_label_formatter(&ticks)
        .x_labels(groups)
        // Turned names are written after the mesh (plotters centres a turned
        // tick label on its tick, into the plot).
        .x_label_formatter(&|x| if names.turned { String::new() } else { category(&c.groups, *x) })
        .disable_x_mesh()
        .light_line_style(RGBColor(238, 238, 238))
        .bold_line_style(RGBColor(215, 215, 215))
        .draw()?;
    if names.turned {
        let style = (FONT, names.size).into_font().transform(FontTransform::Rotate90).color(&BLACK);
        let bottom = chart.y_range().start;
        for (i, name) in c.groups.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(i as f64, bottom));
            root.draw(&Text::new(name.clone(), (x + 1, y + 8), style.clone()))?;
        }
    }
    let k = c.series.len().max(1) as f64;
    let width = 0.8 / k;
    for (j, (_, values)) in c.series.iter().enumerate() {
        let colour = PALETTE[j % PALETTE.len()];
        for (g, (v, low, high)) in values.iter().enumerate() {
            if !v.is_finite() || (floor > 0.0 && *v <= floor) {
                continue;
            }
            let left = g as f64 - 0.4 + j as f64 * width;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(left, floor), (left + width * 0.9, *v)],
                colour.filled(),
            )))?;
            if low.is_finite() && high.is_finite() {
                let mid = left + width * 0.45;
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(mid, low.max(floor)), (mid, *high)],
                    BLACK.stroke_width(2),
                )))?;
            }
        }
    }
    Ok(())
}
