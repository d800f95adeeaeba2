//! The tables printed to the terminal: the planner's view (headline KPIs with the
//! policies as columns, differences from the baseline, the changes that matter) and
//! the long tables of `--long`.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::lang::{self, Lang};
use super::{Difference, SummaryRow, decision, places};
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
/// A network's sites and zones named per policy (each line holds about one), the
/// number of the others after them.
const PLACES_SHOWN: usize = 2;

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
    // Indexed once: a network's run has hundreds of thousands of KPIs.
    let mut policies: Vec<&str> = Vec::new();
    let mut by_policy: HashMap<&str, Vec<&Difference>> = HashMap::new();
    let mut cell: HashMap<(&str, &str), &Difference> = HashMap::new();
    let mut any: HashMap<&str, &Difference> = HashMap::new();
    for d in v.diffs {
        let list = by_policy.entry(&d.policy).or_insert_with(|| {
            policies.push(&d.policy);
            Vec::new()
        });
        list.push(d);
        cell.insert((&d.policy, &d.kpi), d);
        any.entry(&d.kpi).or_insert(d);
    }
    let of = |p: &str| -> &[&Difference] { by_policy.get(p).map_or(&[], Vec::as_slice) };
    let (identical, shown): (Vec<&str>, Vec<&str>) = policies.into_iter().partition(|p| decision::identical(of(p)));
    let base_rows: HashMap<&str, &SummaryRow> =
        v.summary.iter().filter(|r| r.policy == v.baseline).map(|r| (r.kpi.as_str(), r)).collect();
    // The row labels: arrow, short name, shown unit.
    let mut labels = vec![String::new()];
    let mut base_col = vec![v.baseline.to_string()];
    for k in v.kpis {
        let row = base_rows.get(k.as_str());
        let diff = any.get(k.as_str());
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
        let mut col = vec![p.to_string()];
        for k in v.kpis {
            col.push(cell.get(&(*p, k.as_str())).map_or("–".into(), |d| {
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
            let (changes, _) = decision::effects(of(p), v.kpis);
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
            let places = places::places_line(lang, of(p), PLACES_SHOWN, false);
            if line.chars().count() == start {
                line.push_str(t.no_change_that_matters);
            }
            out.push_str(line.trim_end());
            out.push('\n');
            // A network's sites and zones where the changes are, on lines of their own.
            if let Some(places) = places {
                out.push_str(&wrapped(&places, start, PLACES_SHOWN + 1));
            }
        }
    }
    out.push_str(t.terminal_more);
    out.push('\n');
    out
}

/// `text` indented by `indent` columns on at most `most` lines of `SCREEN_COLUMNS`,
/// broken after a `; `; what does not fit is left for the report.
fn wrapped(text: &str, indent: usize, most: usize) -> String {
    let pad = " ".repeat(indent);
    let mut lines: Vec<String> = vec![pad.clone()];
    for (i, piece) in text.split("; ").enumerate() {
        let piece = if i == 0 { piece.to_string() } else { format!("; {piece}") };
        let last = lines.len() - 1;
        if i > 0 && lines[last].chars().count() + piece.chars().count() > SCREEN_COLUMNS {
            if lines.len() == most {
                break;
            }
            lines[last].push(';');
            lines.push(format!("{pad}{}", piece.trim_start_matches("; ")));
        } else {
            lines[last].push_str(&piece);
        }
    }
    lines.iter().map(|l| format!("{}\n", l.trim_end())).collect()
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
