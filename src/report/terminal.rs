//! The tables printed to the terminal: the planner's view (headline KPIs with the
//! policies as columns, differences from the baseline, the changes that matter) and
//! the long tables of `--long`.

use std::fmt::Write as _;

use super::lang::{self, Lang};
use super::{Difference, SummaryRow, decision};
use crate::kpi::Direction;
use crate::stats::Estimate;

/// A number with a precision that suits its size, in English with an ASCII minus
/// (the one formatter's rule, `crate::text::number`).
pub fn number(x: f64) -> String {
    crate::text::number::plain(x)
}

/// Renders rows as an aligned text table; the first row is the header; columns in
/// `right` are right-aligned (numbers).
fn render(lines: &[Vec<String>], right: &[usize]) -> String {
    render_ruled(lines, right, true)
}

/// [`render`], with a rule under the header or (`rule` false) without.
fn render_ruled(lines: &[Vec<String>], right: &[usize], rule: bool) -> String {
    let columns = lines.first().map_or(0, |l| l.len());
    let widths: Vec<usize> =
        (0..columns).map(|c| lines.iter().map(|l| l[c].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        let cells: Vec<String> = l
            .iter()
            .enumerate()
            .map(|(c, s)| {
                let pad = " ".repeat(widths[c] - s.chars().count());
                if right.contains(&c) { format!("{pad}{s}") } else { format!("{s}{pad}") }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
        if i == 0 && rule {
            out.push_str(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
            out.push('\n');
        }
    }
    out
}

fn interval(e: &Estimate) -> String {
    if e.ci_low.is_finite() { format!("[{}, {}]", number(e.ci_low), number(e.ci_high)) } else { "–".into() }
}

/// Adds `note` (if any) to the footnotes and returns its mark (` [k]`, or nothing).
fn footnote(notes: &mut Vec<String>, policy: &str, kpi: &str, note: String) -> String {
    if note.is_empty() {
        return String::new();
    }
    notes.push(format!("[{}] {policy} {kpi}: {note}", notes.len() + 1));
    format!(" [{}]", notes.len())
}

/// The summary as an aligned text table: KPI, mean, 95% CI, unit, n; the notes of
/// rows with missing numbers below.
pub fn format_summary(rows: &[SummaryRow]) -> String {
    let mut lines = vec![["policy", "kpi", "mean", "95% CI", "unit", "n"].map(String::from).to_vec()];
    let mut notes = Vec::new();
    for r in rows {
        let e = &r.estimate;
        let mark = footnote(&mut notes, &r.policy, &r.kpi, r.note());
        lines.push(vec![
            r.policy.clone(),
            r.kpi.clone(),
            number(e.mean),
            interval(e),
            r.unit.clone(),
            format!("{}{mark}", e.n),
        ]);
    }
    let mut out = render(&lines, &[2, 5]);
    for n in &notes {
        out.push_str(n);
        out.push('\n');
    }
    out
}

/// A share as a whole percentage (`–` if undefined).
fn percent(x: f64) -> String {
    if x.is_finite() { format!("{:.0}%", 100.0 * x) } else { "–".into() }
}

/// Paired differences from the baseline for the KPIs in `kpis` (in that order), a
/// `*` where the 95% interval excludes zero with the verdict the KPI's direction
/// gives, how much narrower pairing made the interval and the pairs used; the notes
/// of rows with missing numbers below; then the ranking on `ranked_kpi`.
pub fn format_compare(
    diffs: &[Difference],
    kpis: &[String],
    ranked_kpi: &str,
    ranked_direction: Option<Direction>,
    ranking: &[(String, Estimate)],
) -> String {
    let mut lines = vec![
        [
            "kpi",
            "policy",
            "mean",
            "baseline",
            "difference",
            "95% CI of difference",
            "",
            "verdict",
            "narrower",
            "pairs",
            "unit",
        ]
        .map(String::from)
        .to_vec(),
    ];
    let mut notes = Vec::new();
    for kpi in kpis {
        for d in diffs.iter().filter(|d| &d.kpi == kpi) {
            let mark = footnote(&mut notes, &d.policy, &d.kpi, d.note());
            lines.push(vec![
                d.kpi.clone(),
                d.policy.clone(),
                number(d.policy_mean),
                number(d.baseline_mean),
                number(d.difference.mean),
                interval(&d.difference),
                if d.significant() { "*".into() } else { String::new() },
                d.verdict().name().to_string(),
                percent(d.narrower_by()),
                format!("{}{mark}", d.pairs),
                d.unit.clone(),
            ]);
        }
    }
    let baseline = diffs.first().map_or("the baseline", |d| d.baseline.as_str());
    let mut out = format!(
        "Paired differences from `{baseline}` (policy − baseline, over the replications where both are defined); \
         * = significant after Holm's adjustment over all of the policy's KPIs (family-wise error 5%; the CI \
         shown is the KPI's own), and the verdict says which way by the KPI's direction; narrower = how much \
         narrower the paired CI is than an unpaired (Welch) one: what common random numbers gained.\n\n"
    );
    out.push_str(&render(&lines, &[2, 3, 4, 8, 9]));
    for n in &notes {
        out.push_str(n);
        out.push('\n');
    }
    let order = match ranked_direction {
        Some(d @ (Direction::LowerIsBetter | Direction::HigherIsBetter)) => d.label(),
        _ => "ascending; neither side is better",
    };
    out.push_str(&format!("\nRanking on {ranked_kpi} ({order}):\n"));
    let mut rank = vec![["#", "policy", "mean", "95% CI"].map(String::from).to_vec()];
    for (i, (policy, e)) in ranking.iter().enumerate() {
        rank.push(vec![(i + 1).to_string(), policy.clone(), number(e.mean), interval(e)]);
    }
    out.push_str(&render(&rank, &[0, 2]));
    out
}

/// What the planner's table of a run shows.
pub struct PlannerView<'a> {
    pub lang: Lang,
    pub scenario: &'a str,
    pub replications: usize,
    /// Rows, in order; KPIs a policy lacks show `–`.
    pub kpis: &'a [String],
    pub baseline: &'a str,
    /// Every policy's summary rows (the baseline's are shown as levels).
    pub summary: &'a [SummaryRow],
    /// Every other policy's paired differences from the baseline, on every KPI (a
    /// policy is identical to the baseline only if it is so on all of them).
    pub diffs: &'a [Difference],
}

/// The widest line the planner's table prints.
pub const SCREEN_COLUMNS: usize = 120;

/// Changes named per policy below the table (as many as the report's sentence), on
/// at most this many lines.
const EFFECTS_SHOWN: usize = 3;
const EFFECT_LINES: usize = 2;

/// `mean ±half` of a level or a difference in the unit's shown scale; `–` if undefined.
fn plus_minus(lang: Lang, e: &Estimate, factor: f64, signed_mean: bool) -> String {
    let mean = if signed_mean { decision::signed(lang, factor * e.mean) } else { lang::number(lang, factor * e.mean) };
    let half = e.half_width();
    if !e.mean.is_finite() {
        "–".into()
    } else if half.is_finite() {
        format!("{mean} ±{}", lang::number(lang, factor * half))
    } else {
        mean
    }
}

/// The arrow of a KPI's better side.
fn arrow(direction: Direction) -> &'static str {
    match direction {
        Direction::LowerIsBetter => "↓",
        Direction::HigherIsBetter => "↑",
        Direction::Neither => " ",
    }
}

/// A change in a few words for the terminal: `waiting pool −1,175 applicants (−61%)`.
fn brief(lang: Lang, d: &Difference) -> String {
    let (factor, _, unit) = decision::shown_unit(lang, &d.unit);
    let share = decision::percent_change(d).map_or(String::new(), |p| format!(" ({p})"));
    format!(
        "{} {} {unit}{share}",
        lang::kpi_short(lang, &d.kpi, &d.label),
        decision::signed(lang, factor * d.difference.mean)
    )
}

/// The headline KPIs with the policies as columns: the baseline's mean and, for every
/// other policy, its paired difference ± half the 95% CI, `*` where the interval
/// excludes 0; split into blocks of columns that fit `SCREEN_COLUMNS`. Policies
/// identical to the baseline get one line instead of a column; then each policy's
/// changes that matter, one line each.
pub fn format_planner(v: &PlannerView) -> String {
    let (lang, t) = (v.lang, lang::text(v.lang));
    let policies: Vec<String> = {
        let mut names: Vec<String> = Vec::new();
        for d in v.diffs {
            if !names.contains(&d.policy) {
                names.push(d.policy.clone());
            }
        }
        names
    };
    let of = |p: &str| -> Vec<&Difference> { v.diffs.iter().filter(|d| d.policy == p).collect() };
    let (identical, shown): (Vec<String>, Vec<String>) =
        policies.into_iter().partition(|p| decision::identical(&of(p)));
    let base_rows: Vec<&SummaryRow> = v.summary.iter().filter(|r| r.policy == v.baseline).collect();
    // The row labels: arrow, short name, shown unit.
    let mut labels = vec![String::new()];
    let mut base_col = vec![v.baseline.to_string()];
    for k in v.kpis {
        let row = base_rows.iter().find(|r| &r.kpi == k);
        let diff = v.diffs.iter().find(|d| &d.kpi == k);
        let (label, unit) = match (row, diff) {
            (Some(r), _) => (r.label.as_str(), r.unit.as_str()),
            (None, Some(d)) => (d.label.as_str(), d.unit.as_str()),
            (None, None) => (k.as_str(), ""),
        };
        let direction = diff.map_or(Direction::Neither, |d| d.direction);
        let (factor, level_unit, _) = decision::shown_unit(lang, unit);
        labels.push(format!("{} {} ({level_unit})", arrow(direction), lang::kpi_short(lang, k, label)));
        base_col.push(row.map_or("–".into(), |r| plus_minus(lang, &r.estimate, factor, false)));
    }
    let mut columns: Vec<Vec<String>> = Vec::new();
    for p in &shown {
        let mut col = vec![p.clone()];
        for k in v.kpis {
            col.push(v.diffs.iter().find(|d| &d.policy == p && &d.kpi == k).map_or("–".into(), |d| {
                let (factor, _, _) = decision::shown_unit(lang, &d.unit);
                let mark = if d.significant() { " *" } else { "  " };
                format!("{}{mark}", plus_minus(lang, &d.difference, factor, true))
            }));
        }
        columns.push(col);
    }
    let width = |c: &[String]| c.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    let fixed = width(&labels) + 2 + width(&base_col);
    // Blocks of columns that fit the screen next to the labels and the baseline.
    let mut blocks: Vec<Vec<Vec<String>>> = vec![Vec::new()];
    let mut used = fixed;
    for col in columns {
        let w = width(&col) + 2;
        if used + w > SCREEN_COLUMNS && !blocks.last().is_some_and(|b| b.is_empty()) {
            blocks.push(Vec::new());
            used = fixed;
        }
        used += w;
        if let Some(b) = blocks.last_mut() {
            b.push(col);
        }
    }
    let replications = v.replications.to_string();
    let count = (shown.len() + identical.len() + 1).to_string();
    let mut out = if v.diffs.is_empty() {
        lang::fill(t.terminal_single, &[("scenario", v.scenario), ("replications", &replications)])
    } else {
        let title = lang::fill(
            t.terminal_title,
            &[
                ("scenario", v.scenario),
                ("policies", &count),
                ("replications", &replications),
                ("baseline", v.baseline),
            ],
        );
        format!("{title}\n{}", lang::fill(t.terminal_legend, &[("baseline", v.baseline)]))
    };
    out.push('\n');
    for block in &blocks {
        let mut lines: Vec<Vec<String>> = Vec::new();
        for i in 0..labels.len() {
            let mut line = vec![labels[i].clone(), base_col[i].clone()];
            line.extend(block.iter().map(|c| c[i].clone()));
            lines.push(line);
        }
        let right: Vec<usize> = (1..=block.len() + 1).collect();
        if !std::ptr::eq(block, &blocks[0]) {
            out.push('\n');
        }
        out.push_str(&render_ruled(&lines, &right, false));
    }
    if !v.diffs.is_empty() {
        let _ = write!(out, "\n{}\n", t.terminal_effects);
        let name_width = shown.iter().chain(&identical).map(|p| p.chars().count()).max().unwrap_or(0);
        for p in &identical {
            let _ = writeln!(out, "  {p:name_width$}  {}", lang::fill(t.identical_to, &[("baseline", v.baseline)]));
        }
        for p in &shown {
            let (changes, _) = decision::effects(&of(p), v.kpis);
            let mut line = format!("  {p:name_width$}  ");
            let start = line.chars().count();
            let mut lines = 1;
            // The three that decide, as the report says them; a piece that does not
            // fit goes on a second line under the first, and the rest is in the report.
            for (i, d) in changes.iter().take(EFFECTS_SHOWN).enumerate() {
                let said = if decision::loses_people(d) {
                    format!("{}: {}", t.loses_people, brief(lang, d))
                } else {
                    brief(lang, d)
                };
                let piece = if i == 0 { said } else { format!("; {said}") };
                if i > 0 && line.chars().count() + piece.chars().count() > SCREEN_COLUMNS {
                    if lines == EFFECT_LINES {
                        break;
                    }
                    out.push_str(line.trim_end());
                    out.push_str(";\n");
                    line = " ".repeat(start);
                    line.push_str(piece.trim_start_matches("; "));
                    lines += 1;
                    continue;
                }
                line.push_str(&piece);
            }
            if line.chars().count() == start {
                line.push_str(t.no_change_that_matters);
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out.push_str(t.terminal_more);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_readable() {
        assert_eq!(number(1_234_567.0), "1,234,567");
        assert_eq!(number(123.456), "123.5");
        assert_eq!(number(12.345), "12.35");
        assert_eq!(number(0.1234), "0.123");
        assert_eq!(number(f64::NAN), "–");
    }
}
