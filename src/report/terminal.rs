//! The summary table printed to the terminal.

use super::Difference;
use super::SummaryRow;
use crate::kpi::Direction;
use crate::stats::Estimate;

/// Formats a number with a precision that suits its size.
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let a = x.abs();
    if a >= 100_000.0 {
        // Rupiah and other large amounts: thousands separators, no decimals.
        let s = format!("{:.0}", a);
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if x < 0.0 { format!("-{out}") } else { out }
    } else if a >= 100.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

/// Renders rows as an aligned text table; the first row is the header; columns in
/// `right` are right-aligned (numbers).
fn render(lines: &[Vec<String>], right: &[usize]) -> String {
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
        if i == 0 {
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
                if d.difference.excludes_zero() { "*".into() } else { String::new() },
                d.verdict().to_string(),
                percent(d.narrower_by()),
                format!("{}{mark}", d.pairs),
                d.unit.clone(),
            ]);
        }
    }
    let baseline = diffs.first().map_or("the baseline", |d| d.baseline.as_str());
    let mut out = format!(
        "Paired differences from `{baseline}` (policy − baseline, over the replications where both are defined); \
         * = the 95% CI excludes 0, and the verdict says which way by the KPI's direction; narrower = how much \
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
