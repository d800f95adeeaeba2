//! The report's "Scenario in short": the scenario as a planner would say it, in the
//! report's language (weekdays, times, amounts in rupiah and one decimal mark), never
//! as the program's values are written in Rust.

use chrono::{Datelike, NaiveDate};

use crate::engine::{MINUTE, SimTime};
use crate::scenario::clock::format_clock;
use crate::scenario::{Release, Scenario, WalkInArrivals};
use crate::text::number::{self, Style};
use crate::text::{Lang, words};

/// A date as a planner writes it: 6 January 2025 / 6 Januari 2025.
pub fn date(lang: Lang, d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), words::month(lang, d.month0() as usize), d.year())
}

/// An amount in rupiah: Rp1,000,000 / Rp1.000.000.
pub fn rupiah(lang: Lang, idr: f64) -> String {
    format!("Rp{}", number::format(lang, idr.round(), Style::Grouped))
}

/// The weekdays of `days` (Monday first) as runs: Mon–Fri, Mon, Wed–Thu.
fn day_runs(lang: Lang, days: &[bool; 7]) -> String {
    let names = words::weekdays(lang);
    let mut runs = Vec::new();
    let mut d = 0;
    while d < 7 {
        if !days[d] {
            d += 1;
            continue;
        }
        let start = d;
        while d + 1 < 7 && days[d + 1] {
            d += 1;
        }
        runs.push(match d - start {
            0 => names[start].to_string(),
            1 => format!("{}, {}", names[start], names[d]),
            _ => format!("{}–{}", names[start], names[d]),
        });
        d += 1;
    }
    runs.join(", ")
}

/// Values per open weekday grouped by value: "120 Mon–Fri", "120 Mon–Wed, 245 Thu, Fri".
fn per_weekday(lang: Lang, open: &[bool; 7], value: impl Fn(usize) -> String) -> String {
    let mut groups: Vec<(String, [bool; 7])> = Vec::new();
    for d in (0..7).filter(|&d| open[d]) {
        let v = value(d);
        match groups.iter_mut().find(|(g, _)| *g == v) {
            Some((_, days)) => days[d] = true,
            None => {
                let mut days = [false; 7];
                days[d] = true;
                groups.push((v, days));
            }
        }
    }
    if groups.len() == 1 {
        return groups.remove(0).0;
    }
    groups.iter().map(|(v, days)| format!("{v} ({})", day_runs(lang, days))).collect::<Vec<_>>().join("; ")
}

/// The scenario in short, as (item, value) rows in `lang`.
pub fn scenario_in_short(s: &Scenario, lang: Lang) -> Vec<Vec<String>> {
    let w = |en: &str, id: &str| if lang == Lang::Id { id.to_string() } else { en.to_string() };
    // Settings as written (58, 0.5, 4.5), never 58.00 or 0.500, in the language's mark.
    let n = |x: f64| number::format(lang, x, if x.abs() >= 1e5 { Style::Readable } else { Style::AsWritten(2) });
    let cal = &s.calendar;
    let open = cal.workdays;
    let mut rows = vec![vec![w("name", "nama"), s.name.clone()]];
    rows.push(vec![
        w("horizon", "periode"),
        format!(
            "{} {} {}; {} {}",
            s.weeks,
            w("weeks from", "minggu sejak"),
            date(lang, s.start_date),
            s.warmup_weeks,
            w(
                "weeks of warm-up first, left out of every KPI",
                "minggu pertama pemanasan, tidak dihitung dalam indikator"
            ),
        ),
    ]);
    let breaks = per_weekday(lang, &open, |d| match cal.breaks[d] {
        Some((from, to)) => format!("{}–{}", format_clock(from), format_clock(to)),
        None => w("none", "tidak ada"),
    });
    rows.push(vec![
        w("opening hours", "jam layanan"),
        format!(
            "{} {}–{}, {} {breaks}",
            day_runs(lang, &open),
            format_clock(cal.open),
            format_clock(cal.close),
            w("break", "istirahat"),
        ),
    ]);
    let closed = (0..s.days()).filter(|&d| open[d % 7] && !cal.is_open_day(d)).count();
    if closed > 0 {
        rows.push(vec![
            w("closed days", "hari tutup"),
            format!("{closed} {}", w("working days (holidays, leave)", "hari kerja (hari libur, cuti bersama)")),
        ]);
    }
    if let Some(o) = &s.online {
        let per_day = per_weekday(lang, &open, |d| o.appointments[d].to_string());
        let week: u32 = (0..7).filter(|&d| open[d]).map(|d| o.appointments[d]).sum();
        rows.push(vec![
            w("online appointments", "janji temu daring"),
            format!(
                "{per_day} {}, {week} {}; {} {}",
                w("a day", "per hari"),
                w("a week", "per minggu"),
                o.slot_starts.len(),
                w(
                    &format!("slots of {} min", o.slot_length / MINUTE),
                    &format!("sesi @ {} menit", o.slot_length / MINUTE)
                ),
            ),
        ]);
        rows.push(vec![w("release of places", "pembukaan kuota"), release(lang, &s.booking.release)]);
        rows.push(vec![
            w("people needing a passport", "orang yang membutuhkan paspor"),
            format!(
                "{} {}",
                n(s.demand.weekly_applicants.round()),
                w("a week (before seasons)", "per minggu (sebelum faktor musim)")
            ),
        ]);
    }
    let walk_ins = |arrivals: &WalkInArrivals, quota: &[Option<u32>; 7]| {
        let how_many = match arrivals.count {
            Some(c) => format!("{c} {}", w("a day", "per hari")),
            None => format!("{} {} {}", w("about", "sekitar"), n(arrivals.per_day), w("a day", "per hari")),
        };
        let quota = per_weekday(lang, &open, |d| quota[d].map_or(w("no limit", "tanpa batas"), |q| q.to_string()));
        format!("{how_many}, {} {quota}", w("quota", "kuota"))
    };
    if let Some(p) = &s.priority {
        let until = p.register_until.map_or(String::new(), |t| {
            format!(", {} {}", w("registration until", "pendaftaran sampai"), format_clock(t))
        });
        rows.push(vec![
            w("priority walk-ins", "pemohon prioritas"),
            format!("{}{until}", walk_ins(&p.arrivals, &p.quota)),
        ]);
    }
    if let Some(e) = &s.express {
        rows.push(vec![
            w("express walk-ins (One Day Service)", "pemohon layanan percepatan (One Day Service)"),
            format!(
                "{}, {} {}–{}, {} {}",
                walk_ins(&e.arrivals, &e.quota),
                w("coming", "datang"),
                format_clock(e.window.0),
                format_clock(e.window.1),
                w("surcharge", "biaya tambahan"),
                rupiah(lang, e.surcharge_idr as f64)
            ),
        ]);
    }
    for stage in &s.stages {
        let counters: Vec<u32> = (0..7)
            .filter(|&d| open[d])
            .flat_map(|d| stage.counter_changes[d].iter().map(|&(_, c)| c))
            .filter(|&c| c > 0)
            .collect();
        let (lo, hi) = (counters.iter().min().copied().unwrap_or(0), counters.iter().max().copied().unwrap_or(0));
        let many = if lo == hi { lo.to_string() } else { format!("{lo}–{hi}") };
        let word = if hi == 1 { w("counter", "loket") } else { w("counters", "loket") };
        rows.push(vec![
            format!("{} {}", w("stage", "tahap"), stage.name),
            format!(
                "{many} {word}, {} {}",
                n(stage.service_min.mean()),
                w("min per applicant on average", "menit per pemohon rata-rata")
            ),
        ]);
    }
    if !s.products.is_empty() {
        let mix = s
            .products
            .iter()
            .map(|p| format!("{} {} ({}%)", p.name, rupiah(lang, p.fee_idr as f64), n(100.0 * p.share)))
            .collect::<Vec<_>>()
            .join("; ");
        rows.push(vec![w("fees", "biaya"), mix]);
    }
    rows
}

/// When the online places are released, as a planner says it.
fn release(lang: Lang, r: &Release) -> String {
    let w = |en: &str, id: &str| if lang == Lang::Id { id.to_string() } else { en.to_string() };
    let clock = |t: SimTime| format_clock(t);
    match *r {
        Release::Weekly { weekday, time } => format!(
            "{} {} {}",
            w("every", "setiap"),
            words::weekday_long(lang, weekday),
            w(
                &format!("at {}, next week's places", clock(time)),
                &format!("pukul {}, untuk minggu berikutnya", clock(time))
            ),
        ),
        Release::Rolling { time, days_ahead } => w(
            &format!("every day at {}, the places of the day {days_ahead} days later", clock(time)),
            &format!("setiap hari pukul {}, untuk hari {days_ahead} hari kemudian", clock(time)),
        ),
        Release::Monthly { time } => w(
            &format!("at {} on the last working day of each month, for the next month", clock(time)),
            &format!("pukul {} pada hari kerja terakhir setiap bulan, untuk bulan berikutnya", clock(time)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Scenario {
        Scenario::builtin_default().unwrap()
    }

    fn value<'a>(rows: &'a [Vec<String>], item: &str) -> &'a str {
        &rows.iter().find(|r| r[0] == item).unwrap_or_else(|| panic!("no row {item}: {rows:?}"))[1]
    }

    #[test]
    fn the_scenario_is_said_as_a_planner_says_it() {
        let rows = scenario_in_short(&shipped(), Lang::En);
        let all = format!("{rows:?}");
        for rust in ["Weekly {", "Some(", "None", "weekday:", "1 counters"] {
            assert!(!all.contains(rust), "{rust} in {all}");
        }
        assert_eq!(value(&rows, "release of places"), "every Friday at 14:00, next week's places");
        assert_eq!(value(&rows, "stage check-in"), "1 counter, 0.5 min per applicant on average");
        assert!(value(&rows, "online appointments").starts_with("120 a day, 600 a week"), "{all}");
        assert!(value(&rows, "opening hours").starts_with("Mon–Fri 08:00–16:00"), "{all}");
        assert!(value(&rows, "priority walk-ins").contains("quota 60"), "{all}");
        assert!(value(&rows, "express walk-ins (One Day Service)").contains("Rp1,000,000"), "{all}");
        assert_eq!(
            value(&rows, "horizon"),
            "26 weeks from 6 January 2025; 4 weeks of warm-up first, left out of every KPI"
        );
    }

    #[test]
    fn in_indonesian_every_number_has_a_decimal_comma_and_rupiah_dots() {
        let rows = scenario_in_short(&shipped(), Lang::Id);
        let all = format!("{rows:?}");
        assert!(value(&rows, "pemohon layanan percepatan (One Day Service)").contains("Rp1.000.000"), "{all}");
        assert!(value(&rows, "tahap check-in").starts_with("1 loket, 0,5 menit"), "{all}");
        assert!(value(&rows, "jam layanan").starts_with("Sen–Jum 08:00–16:00"), "{all}");
        assert_eq!(value(&rows, "pembukaan kuota"), "setiap Jumat pukul 14:00, untuk minggu berikutnya");
        // No decimal point: a dot before a digit only groups the thousands of an amount.
        for r in &rows[1..] {
            let without_amounts: String =
                r[1].split(' ').filter(|word| !word.starts_with("Rp")).collect::<Vec<_>>().join(" ");
            let chars: Vec<char> = without_amounts.chars().collect();
            assert!(!chars.windows(2).any(|p| p[0] == '.' && p[1].is_ascii_digit()), "{r:?}");
        }
    }
}
