//! Charts that stay readable with many policies: a policy whose curve is the
//! baseline's is said once in the caption, not drawn again; `--chart-policies` keeps
//! a subset; and with more than `MAX_OVERLAID` policies left, a chart becomes small
//! multiples, one panel per policy against the baseline in grey.

use std::collections::BTreeMap;

use super::draw::{Chart, Series};
use crate::report::lang::{Lang, fill, text};

/// The most policies drawn on one set of axes next to the baseline.
pub const MAX_OVERLAID: usize = 4;

/// The charts whose series are the run's policies, baseline first.
const BY_POLICY: [&str; 4] = ["sellout", "pool", "days-to-appointment", "overtime"];

/// Per chart stem, the baseline and the policies left out because they draw exactly it.
pub type Identical = BTreeMap<String, (String, Vec<String>)>;

fn same(a: &Series, b: &Series) -> bool {
    a.points == b.points && a.band == b.band
}

/// Keeps of `series` (baseline first) the baseline, then those named in `subset` (all
/// if empty) that differ from it; returns the names left out as identical.
fn thin<T>(
    series: &mut Vec<T>,
    subset: &[String],
    name: impl Fn(&T) -> &str,
    equal: impl Fn(&T, &T) -> bool,
) -> Vec<String> {
    if series.len() < 2 {
        return Vec::new();
    }
    let rest = series.split_off(1);
    let mut identical = Vec::new();
    for s in rest {
        if !subset.is_empty() && !subset.iter().any(|p| p == name(&s)) {
            continue;
        }
        if equal(&series[0], &s) {
            identical.push(name(&s).to_string());
        } else {
            series.push(s);
        }
    }
    identical
}

/// The charts as drawn: identical policies and those outside `subset` removed, many
/// policies as panels (captioned with `versus` between policy and baseline).
pub fn arrange(
    charts: Vec<(String, Chart)>,
    subset: &[String],
    versus: &'static str,
) -> (Vec<(String, Chart)>, Identical) {
    let mut identical = Identical::new();
    let mut out = Vec::new();
    for (stem, chart) in charts {
        let chart = match chart {
            Chart::Lines(mut c) if BY_POLICY.contains(&stem.as_str()) => {
                let left_out = thin(&mut c.series, subset, |s| s.name.as_str(), same);
                let baseline = c.series.first().map_or(String::new(), |s| s.name.clone());
                identical.insert(stem.clone(), (baseline, left_out));
                if c.series.len() > MAX_OVERLAID + 1 { Chart::Panels(c, versus) } else { Chart::Lines(c) }
            }
            Chart::Bars(mut c) => {
                let left_out = thin(&mut c.series, subset, |s| s.0.as_str(), |a, b| a.1 == b.1);
                let baseline = c.series.first().map_or(String::new(), |s| s.0.clone());
                identical.insert(stem.clone(), (baseline, left_out));
                Chart::Bars(c)
            }
            other => other,
        };
        out.push((stem, chart));
    }
    (out, identical)
}

/// The caption of a chart: its title, and the policies it does not draw again
/// because they are the baseline's.
pub fn caption(lang: Lang, title: String, identical: Option<&(String, Vec<String>)>) -> String {
    match identical {
        Some((baseline, names)) if !names.is_empty() => {
            let t = text(lang);
            let not_drawn = if lang == Lang::Id { "tidak digambar lagi" } else { "not drawn again" };
            format!("{title}. {}: {} ({not_drawn})", names.join(", "), fill(t.identical_to, &[("baseline", baseline)]))
        }
        _ => title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::draw::LineChart;

    fn line(name: &str, y: f64) -> Series {
        Series { name: name.into(), points: vec![(0.0, y), (1.0, y)], ..Series::default() }
    }

    #[test]
    fn identical_policies_are_left_out_and_many_become_panels() {
        let mut series = vec![line("base", 1.0), line("status-quo", 1.0)];
        series.extend((2..8).map(|i| line(&format!("p{i}"), i as f64)));
        let chart = Chart::Lines(LineChart { series, ..LineChart::default() });
        let (charts, identical) = arrange(vec![("pool".into(), chart)], &[], "vs");
        assert_eq!(identical["pool"], ("base".to_string(), vec!["status-quo".to_string()]));
        let Chart::Panels(c, _) = &charts[0].1 else { panic!("six policies and the baseline are not overlaid") };
        assert_eq!(c.series.len(), 7);
        let subset = vec!["p2".to_string(), "p3".to_string()];
        let chart = Chart::Lines(LineChart { series: c.series.clone(), ..LineChart::default() });
        let (charts, _) = arrange(vec![("pool".into(), chart)], &subset, "vs");
        let Chart::Lines(c) = &charts[0].1 else { panic!("a named subset of two is overlaid") };
        assert_eq!(c.series.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["base", "p2", "p3"]);
    }
}
