//! The warm-up chart: the waiting pool week by week (pooled over replications),
//! its 5-week moving average, the scenario's warm-up shaded and the MSER-5
//! truncation marked; with seasonal demand it says there is no steady state.

use super::draw::{Chart, LineChart, Series};
use crate::report::lang::{Lang, fill, text};
use crate::report::warmup::{WeeklyMeans, estimate_from};

/// The series drawn: the one a planner watches fill.
const DRAWN: &str = "pool_end_of_week";

/// The chart of `baseline`'s waiting pool, or `None` without that series.
pub fn warmup_chart(
    means: &WeeklyMeans,
    baseline: &str,
    lang: Lang,
    warmup_weeks: f64,
    seasons_from_week: Option<u32>,
) -> Option<Chart> {
    let t = text(lang);
    let weeks = means.get(&(baseline.to_string(), DRAWN.to_string()))?;
    let points: Vec<(f64, f64)> = weeks.iter().map(|&(w, v)| (w as f64, v)).collect();
    // Centred where it can be, shorter at the ends.
    let average: Vec<(f64, f64)> = (0..points.len())
        .map(|i| {
            let window = &points[i.saturating_sub(2)..(i + 3).min(points.len())];
            (points[i].0, window.iter().map(|p| p.1).sum::<f64>() / window.len() as f64)
        })
        .collect();
    let (low, high) = points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(p.1), b.max(p.1)));
    // A run too short for MSER-5 (under two batches) still shows its series.
    let mark = estimate_from(means, seasons_from_week).map(|estimate| {
        let cut = estimate.weeks as f64 + 0.5;
        Series {
            name: fill(t.mser_cut, &[("weeks", &estimate.weeks.to_string())]),
            points: vec![(cut, low.min(0.0)), (cut, high)],
            ..Series::default()
        }
    });
    // The chart's title is its caption in the report too: it says the seasons out loud.
    let title = match seasons_from_week {
        Some(w) => {
            let note = if mark.is_some() { t.no_steady_state } else { t.no_steady_state_no_cut };
            format!("{} ({baseline}): {}", t.warmup_title, fill(note, &[("week", &w.to_string())]))
        }
        None => format!("{}: {} ({baseline})", t.warmup_title, t.pool_y),
    };
    Some(Chart::Lines(LineChart {
        title,
        x_label: t.pool_x.into(),
        y_label: t.pool_y.into(),
        series: [
            Series { name: t.pool_y.into(), points, ..Series::default() },
            Series { name: t.moving_average.into(), points: average, ..Series::default() },
        ]
        .into_iter()
        .chain(mark)
        .collect(),
        shade: (warmup_weeks > 0.0).then(|| (0.5, warmup_weeks + 0.5, t.warmup.to_string())),
        x_range: None,
    }))
}
