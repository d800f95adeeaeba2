//! The one number formatter: every number quotasim writes for a reader (terminal,
//! report, charts, messages) goes through [`format`], which knows each language's
//! decimal mark and thousands separator (English `1,234.5`, Indonesian `1.234,5`).
//! A [`Style`] says how many decimals a kind of number gets; the marks are the
//! language's, never chosen again by the caller. Machine files (CSV, Parquet,
//! run.json) write numbers as Rust does and never come here.

use super::Lang;

/// The decimal mark of `lang`.
pub fn decimal_mark(lang: Lang) -> char {
    lang.pick('.', ',')
}

/// The thousands separator of `lang`.
pub fn thousands_separator(lang: Lang) -> char {
    lang.pick(',', '.')
}

/// How a kind of number is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// A result (means, differences): a precision that suits its size (3 decimals
    /// below 1, 2 below 100, 1 below 100,000, above that none and the thousands
    /// grouped), a true minus sign; `–` for a number that is not finite.
    Readable,
    /// Exactly this many decimals, a true minus sign, no grouping.
    Fixed(usize),
    /// A setting as a planner wrote it: at most this many decimals, trailing zeros
    /// dropped (58, 0.5, 4.25), no grouping.
    AsWritten(usize),
    /// A value quoted in a message: the shortest decimal that reads back as the
    /// same number (`1.5`, `0.1`, `-5`), as the file has it, in the language's mark.
    Exact,
    /// A count or whole amount: no decimals; the thousands grouped in Indonesian
    /// (`2.074`), not in English (`2074`, as the messages have always printed them).
    Whole,
    /// An amount of money: no decimals, the thousands always grouped.
    Grouped,
    /// A chart's tick: no needless decimals (700, 2.5, 0.25) and large numbers short
    /// (20k, 1.5M), so that ticks never run into each other; Indonesian says "rb"
    /// and "jt" (ribu, juta), since an Indonesian reads "M" as *miliar*.
    Tick,
}

/// `x` written in `lang` in `style`.
pub fn format(lang: Lang, x: f64, style: Style) -> String {
    if !x.is_finite() && style == Style::Readable {
        return "–".into();
    }
    let point = match style {
        Style::Readable => {
            let a = x.abs();
            if a >= 100_000.0 {
                return signed(grouped(lang, a), x < 0.0, '−');
            }
            let digits = if a >= 100.0 {
                1
            } else if a >= 1.0 {
                2
            } else {
                3
            };
            format!("{x:.digits$}").replace('-', "−")
        }
        Style::Fixed(digits) => format!("{x:.digits$}").replace('-', "−"),
        Style::AsWritten(digits) => trim(format!("{x:.digits$}")),
        Style::Exact => format!("{x}"),
        Style::Whole => {
            let digits = format!("{x:.0}");
            if lang == Lang::En {
                return digits;
            }
            let (negative, digits) = digits.strip_prefix('-').map_or((false, digits.as_str()), |d| (true, d));
            return signed(group(digits, thousands_separator(lang)), negative, '−');
        }
        Style::Grouped => return signed(grouped(lang, x.abs()), x < 0.0, '-'),
        Style::Tick => {
            let (thousand, million) = lang.pick(("k", "M"), ("rb", "jt"));
            let short = |v: f64, unit: &str| format!("{}{unit}", trim(format!("{v:.1}")));
            if x.abs() >= 1e6 {
                short(x / 1e6, million)
            } else if x.abs() >= 1e4 {
                short(x / 1e3, thousand)
            } else if (x - x.round()).abs() < 1e-9 {
                format!("{}", x.round() as i64)
            } else {
                trim(format!("{x:.2}"))
            }
        }
    };
    with_mark(lang, &point)
}

/// A result as [`Style::Readable`] writes it in English, with an ASCII minus: the
/// terminal's tables, which line up in any font.
pub fn plain(x: f64) -> String {
    format(Lang::En, x, Style::Readable).replace('−', "-")
}

/// A number already written with a decimal point (e.g. a value run.json holds), in
/// `lang`'s decimal mark. Only for text without thousands separators.
pub fn with_mark(lang: Lang, written: &str) -> String {
    match lang {
        Lang::En => written.to_string(),
        Lang::Id => written.replace('.', ","),
    }
}

/// The whole part of `a` (not negative) with `lang`'s thousands separator.
fn grouped(lang: Lang, a: f64) -> String {
    group(&format!("{a:.0}"), thousands_separator(lang))
}

fn group(digits: &str, separator: char) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

fn signed(magnitude: String, negative: bool, minus: char) -> String {
    if negative { format!("{minus}{magnitude}") } else { magnitude }
}

/// Drops trailing zeros after a decimal point, and the point if nothing is left.
fn trim(s: String) -> String {
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_take_the_languages_marks_and_a_true_minus() {
        assert_eq!(format(Lang::En, -1234567.0, Style::Readable), "−1,234,567");
        assert_eq!(format(Lang::Id, 1234567.0, Style::Readable), "1.234.567");
        assert_eq!(format(Lang::Id, 12.345, Style::Readable), "12,35");
        assert_eq!(format(Lang::En, 12.345, Style::Readable), "12.35");
        assert_eq!(format(Lang::En, 0.25, Style::Readable), "0.250");
        assert_eq!(format(Lang::Id, 99_999.94, Style::Readable), "99999,9");
        assert_eq!(format(Lang::En, f64::NAN, Style::Readable), "–");
        assert_eq!(plain(-1234567.0), "-1,234,567");
        assert_eq!(plain(-2.5), "-2.50");
    }

    #[test]
    fn counts_are_grouped_in_indonesian_only_and_money_always() {
        assert_eq!(format(Lang::En, 2074.4, Style::Whole), "2074");
        assert_eq!(format(Lang::Id, 2074.4, Style::Whole), "2.074");
        assert_eq!(format(Lang::Id, 950.0, Style::Whole), "950");
        assert_eq!(format(Lang::Id, -1234567.0, Style::Whole), "−1.234.567");
        assert_eq!(format(Lang::En, 1_000_000.0, Style::Grouped), "1,000,000");
        assert_eq!(format(Lang::Id, 350_000.0, Style::Grouped), "350.000");
        assert_eq!(format(Lang::Id, 999.0, Style::Grouped), "999");
    }

    #[test]
    fn settings_and_values_are_written_as_the_file_has_them() {
        assert_eq!(format(Lang::En, 58.0, Style::AsWritten(2)), "58");
        assert_eq!(format(Lang::Id, 4.25, Style::AsWritten(2)), "4,25");
        assert_eq!(format(Lang::Id, 0.5, Style::AsWritten(6)), "0,5");
        assert_eq!(format(Lang::En, 0.8999999999999999, Style::AsWritten(6)), "0.9");
        assert_eq!(format(Lang::Id, 1.5, Style::Exact), "1,5");
        assert_eq!(format(Lang::En, -5.0, Style::Exact), "-5");
        assert_eq!(format(Lang::Id, -0.125, Style::Fixed(2)), "−0,12");
        assert_eq!(with_mark(Lang::Id, "12.5"), "12,5");
    }

    #[test]
    fn ticks_are_short_in_each_language() {
        assert_eq!(format(Lang::En, 20_000.0, Style::Tick), "20k");
        assert_eq!(format(Lang::Id, 1_500_000.0, Style::Tick), "1,5jt");
        assert_eq!(format(Lang::Id, 2.5, Style::Tick), "2,5");
        assert_eq!(format(Lang::En, 700.0, Style::Tick), "700");
        assert_eq!(format(Lang::En, 0.25, Style::Tick), "0.25");
    }
}
