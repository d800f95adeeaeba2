//! What every chart shares: its size, font and palette, the frame (title and
//! legend), the decimal mark of its ticks and the fitting of its names. A leaf of
//! the charts' files: `draw` and `bars` build on it.

use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

/// A value with its interval: (value, low, high).
pub type Interval = (f64, f64, f64);

pub(super) type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Pixel size of every chart: legible when a report is printed at A4 width.
pub const SIZE: (u32, u32) = (1200, 720);
pub(super) const FONT: &str = "sans-serif";

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
    pub(super) fn write(self, number: String) -> String {
        crate::text::number::with_mark(self.lang(), &number)
    }

    /// A tick label (`crate::text::number::Style::Tick`): no needless decimals, large
    /// numbers short (20k, 1.5M; in Indonesian "rb" and "jt", since "M" reads as
    /// *miliar*).
    pub(super) fn tick(self, x: f64) -> String {
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
pub(super) fn category(names: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() < 1e-6 && i >= 0.0 { names.get(i as usize).cloned().unwrap_or_default() } else { String::new() }
}

/// The plotting area of a chart: margins, the title above, and a legend column on
/// the right when there is more than one entry.
pub(super) fn framed<DB: DrawingBackend>(
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
pub(super) fn title_style<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, title: &str) -> TextStyle<'static> {
    let room = f64::from(area.dim_in_pixel().0) * 0.96;
    let size = size_to_fit(area, &[title], room, 16..=30, FontStyle::Bold);
    (FONT, size).into_font().style(FontStyle::Bold).color(&BLACK)
}

/// The largest size of `sizes` at which every one of `texts` is at most `room`
/// pixels wide (the smallest if none fits).
pub(super) fn size_to_fit<DB: DrawingBackend>(
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
