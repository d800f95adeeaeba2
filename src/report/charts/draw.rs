//! Chart drawing with plotters, each chart as PNG and SVG of the same size. The font
//! comes from the `dejavu` crate and is registered once, so charts render on a
//! machine without system fonts. Colours are the Okabe–Ito palette (colour-blind safe).

use std::path::Path;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

/// Pixel size of every chart: legible when a report is printed at A4 width.
pub const SIZE: (u32, u32) = (1200, 720);
const FONT: &str = "sans-serif";

/// Okabe–Ito: blue, orange, bluish green, vermillion, reddish purple, sky blue,
/// yellow, black.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(240, 228, 66),
    RGBColor(0, 0, 0),
];

static FONTS: Once = Once::new();

/// Registers the embedded DejaVu Sans under "sans-serif" (once per process).
pub fn register_fonts() {
    FONTS.call_once(|| {
        // The bytes are a valid TrueType font shipped by the crate; a failure here
        // would only mean text-less charts, so it is not fatal.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
    });
}

/// One line with an optional band (x, low, high) around it.
#[derive(Clone, Debug, Default)]
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
    pub band: Vec<(f64, f64, f64)>,
    /// Points as markers with their band as whiskers, not joined (candidates,
    /// not a curve).
    pub markers: bool,
}

/// A line chart.
#[derive(Clone, Debug, Default)]
pub struct LineChart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub series: Vec<Series>,
    /// An x range shaded grey with its legend text (e.g. the warm-up).
    pub shade: Option<(f64, f64, String)>,
    pub x_range: Option<(f64, f64)>,
}

/// Values with intervals for named categories (one row each), drawn as points with
/// whiskers around a zero line.
#[derive(Clone, Debug, Default)]
pub struct Whiskers {
    pub title: String,
    pub x_label: String,
    pub rows: Vec<(String, f64, f64, f64)>,
}

/// A value with its interval: (value, low, high).
pub type Interval = (f64, f64, f64);

/// Bars with whiskers: groups along x, one bar per series in each group.
#[derive(Clone, Debug, Default)]
pub struct Bars {
    pub title: String,
    pub y_label: String,
    pub groups: Vec<String>,
    /// Series name and (value, low, high) per group.
    pub series: Vec<(String, Vec<Interval>)>,
    pub y_max: f64,
}

/// A heat map of values on a grid.
#[derive(Clone, Debug, Default)]
pub struct HeatMap {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    /// Names to write instead of the numbers (categories, e.g. zones and sites).
    pub x_names: Vec<String>,
    pub y_names: Vec<String>,
    /// values[y][x]
    pub values: Vec<Vec<f64>>,
}

/// What can be drawn.
pub enum Chart {
    Lines(LineChart),
    Whiskers(Whiskers),
    Bars(Bars),
    Heat(HeatMap),
    /// A line chart drawn as small multiples: the first series (the baseline, grey)
    /// with each other series in a panel of its own, on shared axes; each panel is
    /// captioned "<policy> <versus> <baseline>" with the language's word.
    Panels(LineChart, &'static str),
}

/// Writes `chart` as `stem.png` and `stem.svg` in `dir`.
pub fn save(chart: &Chart, dir: &Path, stem: &str, decimal: Decimal) -> Result<(), String> {
    register_fonts();
    let png = dir.join(format!("{stem}.png"));
    let svg = dir.join(format!("{stem}.svg"));
    {
        let root = BitMapBackend::new(&png, SIZE).into_drawing_area();
        draw(chart, &root, decimal).map_err(|e| format!("{}: {e}", png.display()))?;
        root.present().map_err(|e| format!("{}: {e}", png.display()))?;
    }
    let root = SVGBackend::new(&svg, SIZE).into_drawing_area();
    draw(chart, &root, decimal).map_err(|e| format!("{}: {e}", svg.display()))?;
    root.present().map_err(|e| format!("{}: {e}", svg.display()))?;
    Ok(())
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn draw<DB: DrawingBackend>(chart: &Chart, root: &DrawingArea<DB, Shift>, decimal: Decimal) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    match chart {
        Chart::Lines(c) => lines(c, root, decimal),
        Chart::Whiskers(c) => whiskers(c, root, decimal),
        Chart::Bars(c) => bars(c, root, decimal),
        Chart::Heat(c) => heat(c, root, decimal),
        Chart::Panels(c, versus) => panels(c, versus, root, decimal),
    }
}

/// A range with some room, never empty.
fn padded(lo: f64, hi: f64, from_zero: bool) -> (f64, f64) {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    if from_zero {
        lo = lo.min(0.0);
    }
    if hi - lo < 1e-9 {
        hi = lo + 1.0;
    }
    let pad = (hi - lo) * 0.05;
    (if from_zero && lo >= 0.0 { lo } else { lo - pad }, hi + pad)
}

/// How a chart writes its numbers: a decimal point (English) or a decimal comma
/// (Bahasa Indonesia). Ticks and values have no thousands separators (20k, 1.5M),
/// so the comma never reads as one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Decimal {
    #[default]
    Point,
    Comma,
}

impl Decimal {
    /// The language whose marks this is.
    fn lang(self) -> crate::text::Lang {
        match self {
            Decimal::Point => crate::text::Lang::En,
            Decimal::Comma => crate::text::Lang::Id,
        }
    }

    /// A value written on a chart (`number`, with a decimal point) in this mark.
    fn write(self, number: String) -> String {
        crate::text::number::with_mark(self.lang(), &number)
    }

    /// A tick label (`crate::text::number::Style::Tick`).
    fn tick(self, x: f64) -> String {
        crate::text::number::format(self.lang(), x, crate::text::number::Style::Tick)
    }
}

/// Splits off a legend column on the right when there is more than one entry, so
/// that the legend never covers the data.
fn with_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, RGBColor, bool)],
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    if entries.len() < 2 {
        return Ok(area.clone());
    }
    let longest = entries.iter().map(|(n, _, _)| n.chars().count()).max().unwrap_or(4) as u32;
    let width = (longest * 12 + 70).clamp(160, 420);
    let (w, _) = area.dim_in_pixel();
    let (plot, legend) = area.split_horizontally(w.saturating_sub(width));
    for (i, (name, colour, filled)) in entries.iter().enumerate() {
        let y = 60 + i as i32 * 32;
        if *filled {
            legend.draw(&Rectangle::new(
                [(10, y - 9), (38, y + 9)],
                colour.mix(if name.is_empty() { 0.45 } else { 1.0 }).filled(),
            ))?;
        } else {
            legend.draw(&PathElement::new(vec![(10, y), (38, y)], colour.stroke_width(4)))?;
        }
        legend.draw(&Text::new(name.clone(), (46, y - 10), (FONT, 20).into_font().color(&BLACK)))?;
    }
    Ok(plot)
}

/// The name of the category drawn at whole coordinate `x`, blank between categories.
fn category(names: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() < 1e-6 && i >= 0.0 { names.get(i as usize).cloned().unwrap_or_default() } else { String::new() }
}

/// The plotting area of a chart: margins, the title above, and a legend column on
/// the right when there is more than one entry.
fn framed<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    legend: &[(String, RGBColor, bool)],
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    let area = root.margin(16, 8, 8, 8);
    let style = title_style(&area, title);
    with_legend(&area.titled(title, style)?, legend)
}

/// The title's style: 30 px bold, smaller (down to 16 px) when the title would not
/// fit the chart's width (a long KPI label, the warm-up chart's seasons note, the
/// Indonesian words), so that it is never cut off at both ends.
fn title_style<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, title: &str) -> TextStyle<'static> {
    let room = f64::from(area.dim_in_pixel().0) * 0.96;
    let size = size_to_fit(area, &[title], room, 16..=30, FontStyle::Bold);
    (FONT, size).into_font().style(FontStyle::Bold).color(&BLACK)
}

/// The largest size of `sizes` at which every one of `texts` is at most `room`
/// pixels wide (the smallest if none fits).
fn size_to_fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    texts: &[&str],
    room: f64,
    sizes: std::ops::RangeInclusive<u32>,
    style: FontStyle,
) -> f64 {
    let smallest = f64::from(*sizes.start());
    let fits = |size: f64| {
        let font = (FONT, size).into_font().style(style).color(&BLACK);
        texts.iter().all(|t| area.estimate_text_size(t, &font).is_ok_and(|(w, _)| f64::from(w) <= room))
    };
    sizes.rev().map(f64::from).find(|&s| fits(s)).unwrap_or(smallest)
}

/// The x range (given, or the points') and the y range (points and bands, from 0)
/// of a line chart.
fn ranges(c: &LineChart) -> ((f64, f64), (f64, f64)) {
    let xs = c.series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
    let (x0, x1) = c.x_range.unwrap_or_else(|| {
        let (lo, hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
        if lo.is_finite() { (lo, hi.max(lo + 1.0)) } else { (0.0, 1.0) }
    });
    let ys = c.series.iter().flat_map(|s| s.points.iter().map(|p| p.1).chain(s.band.iter().flat_map(|b| [b.1, b.2])));
    let (lo, hi) =
        ys.filter(|y| y.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| (a.min(y), b.max(y)));
    ((x0, x1), padded(lo, hi, true))
}

fn lines<DB: DrawingBackend>(c: &LineChart, root: &DrawingArea<DB, Shift>, decimal: Decimal) -> DrawResult<DB> {
    let ticks = |v: &f64| decimal.tick(*v);
    let ((x0, x1), (y0, y1)) = ranges(c);
    let grey = RGBColor(200, 200, 200);
    let mut entries: Vec<(String, RGBColor, bool)> = Vec::new();
    if let Some((_, _, label)) = &c.shade {
        entries.push((label.clone(), grey, true));
    }
    for (i, s) in c.series.iter().enumerate() {
        if c.series.len() > 1 || !s.name.is_empty() {
            entries.push((s.name.clone(), PALETTE[i % PALETTE.len()], false));
        }
    }
    let plot = framed(root, &c.title, &entries)?;
    let mut chart = ChartBuilder::on(&plot)
        .margin(20)
        .x_label_area_size(70)
        .y_label_area_size(100)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart
        .configure_mesh()
        .x_desc(c.x_label.as_str())
        .y_desc(c.y_label.as_str())
        .axis_desc_style((FONT, 24))
        .label_style((FONT, 20))
        .x_label_formatter(&ticks)
        .y_label_formatter(&ticks)
        .light_line_style(RGBColor(238, 238, 238))
        .bold_line_style(RGBColor(215, 215, 215))
        .draw()?;
    if let Some((a, b, _)) = &c.shade {
        chart.draw_series(std::iter::once(Rectangle::new([(*a, y0), (*b, y1)], grey.mix(0.45).filled())))?;
    }
    for (i, s) in c.series.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        if s.markers {
            let whiskers = s.band.iter().filter(|b| b.1.is_finite() && b.2.is_finite());
            chart.draw_series(
                whiskers.map(|b| PathElement::new(vec![(b.0, b.1), (b.0, b.2)], colour.stroke_width(2))),
            )?;
            let points = s.points.iter().filter(|p| p.1.is_finite());
            chart.draw_series(points.map(|&p| Circle::new(p, 7, colour.filled())))?;
            continue;
        }
        if !s.band.is_empty() {
            let mut outline: Vec<(f64, f64)> = s.band.iter().map(|b| (b.0, b.1)).collect();
            outline.extend(s.band.iter().rev().map(|b| (b.0, b.2)));
            chart.draw_series(std::iter::once(Polygon::new(outline, colour.mix(0.16).filled())))?;
        }
        let points: Vec<(f64, f64)> = s.points.iter().copied().filter(|p| p.1.is_finite()).collect();
        chart.draw_series(LineSeries::new(points, colour.stroke_width(3)))?;
    }
    Ok(())
}

/// Small multiples: one panel per series after the first, each with the first in grey.
fn panels<DB: DrawingBackend>(
    c: &LineChart,
    versus: &str,
    root: &DrawingArea<DB, Shift>,
    decimal: Decimal,
) -> DrawResult<DB> {
    let ticks = |v: &f64| decimal.tick(*v);
    let ((x0, x1), (y0, y1)) = ranges(c);
    let area = root.margin(16, 8, 8, 8);
    let style = title_style(&area, &c.title);
    let area = area.titled(&c.title, style)?;
    let n = c.series.len().saturating_sub(1).max(1);
    let columns = if n <= 4 { 2 } else { 3 };
    let rows = n.div_ceil(columns);
    let cells = area.split_evenly((rows, columns));
    let grey = RGBColor(150, 150, 150);
    let Some(base) = c.series.first() else { return Ok(()) };
    for (i, (s, cell)) in c.series.iter().skip(1).zip(&cells).enumerate() {
        let colour = PALETTE[(i + 1) % PALETTE.len()];
        let mut chart = ChartBuilder::on(cell)
            .caption(format!("{} {versus} {}", s.name, base.name), (FONT, 20).into_font().color(&BLACK))
            .margin(8)
            .x_label_area_size(if i / columns == rows - 1 { 44 } else { 24 })
            .y_label_area_size(if i % columns == 0 { 80 } else { 50 })
            .build_cartesian_2d(x0..x1, y0..y1)?;
        let mut mesh = chart.configure_mesh();
        mesh.label_style((FONT, 15))
            .axis_desc_style((FONT, 16))
            .x_label_formatter(&ticks)
            .y_label_formatter(&ticks)
            .x_labels(6)
            .y_labels(5)
            .light_line_style(RGBColor(238, 238, 238))
            .bold_line_style(RGBColor(215, 215, 215));
        if i / columns == rows - 1 {
            mesh.x_desc(c.x_label.as_str());
        }
        if i % columns == 0 {
            mesh.y_desc(c.y_label.as_str());
        }
        mesh.draw()?;
        if let Some((a, b, _)) = &c.shade {
            let shade = RGBColor(200, 200, 200).mix(0.45).filled();
            chart.draw_series(std::iter::once(Rectangle::new([(*a, y0), (*b, y1)], shade)))?;
        }
        for (line, colour, width) in [(base, grey, 2), (s, colour, 3)] {
            if !line.band.is_empty() {
                let mut outline: Vec<(f64, f64)> = line.band.iter().map(|b| (b.0, b.1)).collect();
                outline.extend(line.band.iter().rev().map(|b| (b.0, b.2)));
                chart.draw_series(std::iter::once(Polygon::new(outline, colour.mix(0.16).filled())))?;
            }
            let points: Vec<(f64, f64)> = line.points.iter().copied().filter(|p| p.1.is_finite()).collect();
            chart.draw_series(LineSeries::new(points, colour.stroke_width(width)))?;
        }
    }
    Ok(())
}

fn whiskers<DB: DrawingBackend>(c: &Whiskers, root: &DrawingArea<DB, Shift>, decimal: Decimal) -> DrawResult<DB> {
    let ticks = |v: &f64| decimal.tick(*v);
    let n = c.rows.len().max(1);
    let (lo, hi) = c
        .rows
        .iter()
        .flat_map(|r| [r.2, r.3, r.1])
        .filter(|v| v.is_finite())
        .fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
    let (x0, x1) = padded(lo, hi, false);
    let names: Vec<String> = c.rows.iter().map(|r| r.0.clone()).collect();
    let longest = names.iter().map(|s| s.chars().count()).max().unwrap_or(4) as u32;
    let area = framed(root, &c.title, &[])?;
    let mut chart = ChartBuilder::on(&area)
        .margin(24)
        .x_label_area_size(70)
        .y_label_area_size((longest * 12 + 30).clamp(120, 420))
        .build_cartesian_2d(x0..x1, -0.5..(n as f64 - 0.5))?;
    chart
        .configure_mesh()
        .x_desc(c.x_label.as_str())
        .axis_desc_style((FONT, 24))
        .label_style((FONT, 20))
        .x_label_formatter(&ticks)
        .x_labels(8)
        .y_labels(n)
        .y_label_formatter(&|y| category(&names, *y))
        .disable_y_mesh()
        .light_line_style(RGBColor(238, 238, 238))
        .bold_line_style(RGBColor(215, 215, 215))
        .draw()?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
        BLACK.stroke_width(2),
    )))?;
    for (i, (_, mean, low, high)) in c.rows.iter().enumerate() {
        let colour = PALETTE[0];
        let y = i as f64;
        if low.is_finite() && high.is_finite() {
            chart
                .draw_series(std::iter::once(PathElement::new(vec![(*low, y), (*high, y)], colour.stroke_width(3))))?;
            for end in [*low, *high] {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(end, y - 0.15), (end, y + 0.15)],
                    colour.stroke_width(3),
                )))?;
            }
        }
        if mean.is_finite() {
            chart.draw_series(std::iter::once(Circle::new((*mean, y), 8, colour.filled())))?;
        }
    }
    Ok(())
}

fn bars<DB: DrawingBackend>(c: &Bars, root: &DrawingArea<DB, Shift>, decimal: Decimal) -> DrawResult<DB> {
    let ticks = |v: &f64| decimal.tick(*v);
    let groups = c.groups.len().max(1);
    let entries: Vec<(String, RGBColor, bool)> =
        c.series.iter().enumerate().map(|(j, (name, _))| (name.clone(), PALETTE[j % PALETTE.len()], true)).collect();
    let plot = framed(root, &c.title, &entries)?;
    let mut chart = ChartBuilder::on(&plot)
        .margin(24)
        .x_label_area_size(70)
        .y_label_area_size(100)
        .build_cartesian_2d(-0.5..(groups as f64 - 0.5), 0.0..c.y_max)?;
    let names = c.groups.clone();
    // Group names smaller when many long ones (a network's zones) would run together.
    let texts: Vec<&str> = names.iter().map(String::as_str).collect();
    let per_group = (f64::from(plot.dim_in_pixel().0) - 148.0) / groups as f64 * 0.92;
    let x_size = size_to_fit(&plot, &texts, per_group, 11..=20, FontStyle::Normal);
    chart
        .configure_mesh()
        .y_desc(c.y_label.as_str())
        .axis_desc_style((FONT, 24))
        .label_style((FONT, 20))
        .x_label_style((FONT, x_size))
        .y_label_formatter(&ticks)
        .x_labels(groups)
        .x_label_formatter(&|x| category(&names, *x))
        .disable_x_mesh()
        .light_line_style(RGBColor(238, 238, 238))
        .bold_line_style(RGBColor(215, 215, 215))
        .draw()?;
    let k = c.series.len().max(1) as f64;
    let width = 0.8 / k;
    for (j, (_, values)) in c.series.iter().enumerate() {
        let colour = PALETTE[j % PALETTE.len()];
        for (g, (v, low, high)) in values.iter().enumerate() {
            if !v.is_finite() {
                continue;
            }
            let left = g as f64 - 0.4 + j as f64 * width;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(left, 0.0), (left + width * 0.9, *v)],
                colour.filled(),
            )))?;
            if low.is_finite() && high.is_finite() {
                let mid = left + width * 0.45;
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(mid, *low), (mid, *high)],
                    BLACK.stroke_width(2),
                )))?;
            }
        }
    }
    Ok(())
}

/// Cividis-like sequential colours from dark blue to yellow (colour-blind safe).
fn sequential(t: f64) -> RGBColor {
    const STOPS: [(f64, (f64, f64, f64)); 5] = [
        (0.0, (0.0, 34.0, 78.0)),
        (0.25, (61.0, 77.0, 110.0)),
        (0.5, (124.0, 123.0, 120.0)),
        (0.75, (188.0, 175.0, 111.0)),
        (1.0, (253.0, 234.0, 69.0)),
    ];
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let i = STOPS.iter().position(|s| s.0 >= t).unwrap_or(4).max(1);
    let (a, b) = (STOPS[i - 1], STOPS[i]);
    let f = (t - a.0) / (b.0 - a.0);
    let mix = |x: f64, y: f64| (x + (y - x) * f).round() as u8;
    RGBColor(mix(a.1.0, b.1.0), mix(a.1.1, b.1.1), mix(a.1.2, b.1.2))
}

fn heat<DB: DrawingBackend>(c: &HeatMap, root: &DrawingArea<DB, Shift>, decimal: Decimal) -> DrawResult<DB> {
    let (nx, ny) = (c.xs.len().max(1), c.ys.len().max(1));
    let finite: Vec<f64> = c.values.iter().flatten().copied().filter(|v| v.is_finite()).collect();
    let (lo, hi) = finite.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(*v), b.max(*v)));
    let name = |names: &[String], v: &[f64]| -> Vec<String> {
        if names.is_empty() { v.iter().map(|x| decimal.tick(*x)).collect() } else { names.to_vec() }
    };
    let xs = name(&c.x_names, &c.xs);
    let ys = name(&c.y_names, &c.ys);
    let area = framed(root, &c.title, &[])?;
    let mut chart = ChartBuilder::on(&area)
        .margin(24)
        .x_label_area_size(70)
        // Room for the longest row name (about 11 px a character at size 20) and the axis title.
        .y_label_area_size(ys.iter().map(|y| y.chars().count() as u32 * 11 + 50).max().unwrap_or(0).max(100))
        .build_cartesian_2d(-0.5..(nx as f64 - 0.5), -0.5..(ny as f64 - 0.5))?;
    let tick = |v: &[String], x: f64| {
        let i = x.round();
        if (x - i).abs() < 1e-6 && i >= 0.0 { v.get(i as usize).cloned().unwrap_or_default() } else { String::new() }
    };
    chart
        .configure_mesh()
        .x_desc(c.x_label.as_str())
        .y_desc(c.y_label.as_str())
        .axis_desc_style((FONT, 24))
        .label_style((FONT, 20))
        .x_labels(nx)
        .y_labels(ny)
        .x_label_formatter(&|x| tick(&xs, *x))
        .y_label_formatter(&|y| tick(&ys, *y))
        .disable_mesh()
        .draw()?;
    for (yi, row) in c.values.iter().enumerate() {
        for (xi, v) in row.iter().enumerate() {
            let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
            let (x, y) = (xi as f64, yi as f64);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)],
                sequential(t).filled(),
            )))?;
            if nx * ny <= 120 && v.is_finite() {
                let ink = if t > 0.6 { BLACK } else { WHITE };
                let label = decimal.write(if v.abs() >= 100.0 { format!("{v:.0}") } else { format!("{v:.1}") });
                chart.draw_series(std::iter::once(Text::new(
                    label,
                    (x - 0.25, y + 0.1),
                    (FONT, 18).into_font().color(&ink),
                )))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_short() {
        let tick = |x| Decimal::Point.tick(x);
        assert_eq!(tick(700.0), "700");
        assert_eq!(tick(2.5), "2.5");
        assert_eq!(tick(20_000.0), "20k");
        assert_eq!(tick(140_000_000.0), "140M");
        assert_eq!(tick(1_500_000.0), "1.5M");
    }

    #[test]
    fn indonesian_ticks_say_juta_for_millions_never_m() {
        let tick = |x| Decimal::Comma.tick(x);
        assert_eq!(tick(120_000_000.0), "120jt");
        assert_eq!(tick(1_500_000.0), "1,5jt");
        assert_eq!(tick(20_000.0), "20rb");
        assert_eq!(tick(2.5), "2,5");
    }

    #[test]
    fn the_sequential_scale_runs_dark_to_light() {
        let (a, b) = (sequential(0.0), sequential(1.0));
        let brightness = |c: RGBColor| c.0 as u32 + c.1 as u32 + c.2 as u32;
        assert!(brightness(a) < brightness(b));
        assert_eq!(sequential(f64::NAN), sequential(0.0));
    }
}
