//! The summary table printed to the terminal.

use super::SummaryRow;

/// Formats a number with a precision that suits its size.
fn number(x: f64) -> String {
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

/// The summary as an aligned text table: KPI, mean, 95% CI, unit, n.
pub fn format_summary(rows: &[SummaryRow]) -> String {
    let mut lines =
        vec![["policy".to_string(), "kpi".into(), "mean".into(), "95% CI".into(), "unit".into(), "n".into()]];
    for r in rows {
        let e = &r.estimate;
        let ci =
            if e.ci_low.is_finite() { format!("[{}, {}]", number(e.ci_low), number(e.ci_high)) } else { "–".into() };
        lines.push([r.policy.clone(), r.kpi.clone(), number(e.mean), ci, r.unit.clone(), e.n.to_string()]);
    }
    let widths: Vec<usize> = (0..6).map(|c| lines.iter().map(|l| l[c].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        let cells: Vec<String> = l
            .iter()
            .enumerate()
            .map(|(c, s)| {
                let pad = widths[c] - s.chars().count();
                if c == 2 || c == 5 { format!("{}{s}", " ".repeat(pad)) } else { format!("{s}{}", " ".repeat(pad)) }
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
