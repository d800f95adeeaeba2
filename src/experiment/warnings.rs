//! Legal but unwise settings of a run, said before it starts: too few replications
//! for an interval, a warm-up too short for the waiting pool, stages whose quotas
//! exceed what their counters can serve, a long run, and files compared under one
//! seed or over different periods. Each is a [`Warning`] value found here and said in
//! a language by [`Warning::say`], its English and Indonesian side by side.

use crate::engine::MINUTE;
use crate::report::lang::stage_name;
use crate::report::meta::HorizonMeta;
use crate::scenario::{Lane, Scenario};
use crate::stats::t_critical;
use crate::text::number::{self, Style};
use crate::text::{Lang, words};

/// One stage whose expected work exceeds its staffed counter time on some weekdays.
#[derive(Clone, Debug, PartialEq)]
pub struct OverCapacity {
    /// The stage's name, as the scenario writes it.
    pub stage: String,
    /// The weekdays over capacity (Monday = 0).
    pub days: Vec<usize>,
    /// The most counter-minutes of work expected on one of them.
    pub work_min: f64,
    /// The least and the most counter-minutes staffed on them.
    pub staffed_min: (f64, f64),
}

/// A legal but unwise setting of a run.
#[derive(Clone, Debug, PartialEq)]
pub enum Warning {
    OneReplication,
    FewReplications {
        replications: u32,
    },
    ShortWarmup {
        weeks: u32,
    },
    /// Stages over capacity; `policy` names the configuration when there are several.
    ExpectQueues {
        policy: Option<String>,
        stages: Vec<OverCapacity>,
    },
    LongRun {
        minutes: f64,
    },
    /// Every compared file runs under `seed` of `file` (`--seed` when given).
    CompareSeed {
        seed: u64,
        file: String,
        others: Vec<(String, u64)>,
    },
    CompareHorizons {
        horizons: Vec<HorizonMeta>,
    },
}

impl OverCapacity {
    fn say(&self, lang: Lang) -> String {
        let whole = |x: f64| number::format(lang, x, Style::Whole);
        let (least, most) = self.staffed_min;
        let staffed = if most > least { format!("{}–{}", whole(least), whole(most)) } else { whole(least) };
        let (stage, work) = (stage_name(lang, &self.stage), whole(self.work_min));
        match lang {
            Lang::En => {
                let days: Vec<&str> = self.days.iter().map(|&d| crate::scenario::clock::WEEKDAYS[d % 7]).collect();
                format!("stage {stage} needs about {work} counter-minutes on {}, {staffed} staffed", days.join(", "))
            }
            Lang::Id => format!(
                "tahap {stage} memerlukan sekitar {work} menit-loket pada hari {}, sedangkan yang tersedia {staffed}",
                words::weekday_list(lang, &self.days)
            ),
        }
    }
}

impl Warning {
    /// The warning in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        let two = |en: String, id: String| lang.pick(en, id);
        match self {
            Warning::OneReplication => two(
                "a single replication gives no confidence intervals; use 10 or more for numbers to defend".into(),
                "satu replikasi tidak menghasilkan selang kepercayaan; gunakan 10 replikasi atau lebih agar angkanya dapat dipertanggungjawabkan".into(),
            ),
            Warning::FewReplications { replications: n } => {
                let t = number::format(lang, t_critical(*n as usize), Style::Fixed(2));
                two(
                    format!(
                        "only {n} replications: the 95% confidence intervals use t = {t} and will be wide; use 10 or more for numbers to defend"
                    ),
                    format!(
                        "hanya {n} replikasi: selang kepercayaan 95% memakai t = {t} sehingga akan lebar; gunakan 10 replikasi atau lebih agar angkanya dapat dipertanggungjawabkan"
                    ),
                )
            }
            Warning::ShortWarmup { weeks } => two(
                format!(
                    "a warm-up of {weeks} weeks is shorter than the waiting pool needs to fill (about 3–4 weeks from an empty start); the first weeks bias the booking KPIs"
                ),
                format!(
                    "masa pemanasan {weeks} minggu lebih singkat daripada waktu yang dibutuhkan daftar tunggu untuk terisi (sekitar 3–4 minggu dari keadaan kosong); minggu-minggu awal membiaskan indikator pemesanan"
                ),
            ),
            Warning::ExpectQueues { policy, stages } => {
                let stages = stages.iter().map(|s| s.say(lang)).collect::<Vec<_>>().join("; ");
                let warning =
                    two(format!("{stages}: expect queues and overtime"), format!("{stages}: akan terjadi antrean dan lembur"));
                match policy {
                    None => warning,
                    Some(p) => two(format!("policy `{p}`: {warning}"), format!("kebijakan `{p}`: {warning}")),
                }
            }
            Warning::LongRun { minutes } => {
                let minutes = number::format(lang, *minutes, Style::Whole);
                two(
                    format!("this run will take about {minutes} minutes"),
                    format!("simulasi ini akan memakan waktu sekitar {minutes} menit"),
                )
            }
            Warning::CompareSeed { seed, file, others } => {
                let others = others.iter().map(|(f, s)| format!("{f}: {s}")).collect::<Vec<_>>().join(", ");
                two(
                    format!(
                        "every file runs under the seed {seed} of {file}, not its own ({others}): replication r of each file draws from the same random streams, so that the differences are paired; give --seed to choose another"
                    ),
                    format!(
                        "setiap berkas dijalankan dengan benih acak {seed} dari {file}, bukan benihnya sendiri ({others}): replikasi ke-r setiap berkas menarik bilangan acak yang sama, sehingga selisihnya berpasangan; berikan --seed untuk memilih benih lain"
                    ),
                )
            }
            Warning::CompareHorizons { horizons } => {
                let each = horizons
                    .iter()
                    .map(|h| {
                        let (file, weeks, start, warmup) = (&h.file, h.weeks, &h.start_date, h.warmup_weeks);
                        two(
                            format!("{file} {weeks} weeks from {start} (warm-up {warmup})"),
                            format!("{file} {weeks} minggu sejak {start} (pemanasan {warmup})"),
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                two(
                    format!(
                        "the files cover different horizons ({each}): each runs its own, as run.json records (`horizons`), so the differences compare these periods, not one period under two settings"
                    ),
                    format!(
                        "berkas-berkas ini mencakup periode yang berbeda ({each}): masing-masing dijalankan dengan periodenya sendiri, seperti dicatat run.json (`horizons`), sehingga selisihnya membandingkan periode-periode ini, bukan satu periode dengan dua pengaturan"
                    ),
                )
            }
        }
    }
}

/// Warnings for a run of `replications` of the labelled `configurations` of `base`
/// expected to take `seconds`.
pub fn run_warnings(
    base: &Scenario,
    configurations: &[(String, Scenario)],
    replications: u32,
    seconds: f64,
) -> Vec<Warning> {
    let mut out = Vec::new();
    if replications == 1 {
        out.push(Warning::OneReplication);
    } else if replications < 10 {
        out.push(Warning::FewReplications { replications });
    }
    // Fully booked, there is no waiting pool to fill.
    if base.online.is_some() && base.booking.mode.is_simulated() && base.warmup_weeks < 3 {
        out.push(Warning::ShortWarmup { weeks: base.warmup_weeks });
    }
    for (name, scenario) in configurations {
        let stages = capacity_warnings(scenario);
        if !stages.is_empty() {
            let policy = (configurations.len() > 1).then(|| name.clone());
            out.push(Warning::ExpectQueues { policy, stages });
        }
    }
    if seconds > 600.0 {
        out.push(Warning::LongRun { minutes: seconds / 60.0 });
    }
    out
}

/// What a compare of several files must say: that every file runs under one seed
/// (the first file's, unless --seed gave it) rather than its own, and that the files
/// cover different periods, where they do.
pub fn compare_files_warnings(horizons: &[HorizonMeta], seed: u64, seed_given: bool) -> Vec<Warning> {
    let mut out = Vec::new();
    let Some(first) = horizons.first() else { return out };
    let others: Vec<(String, u64)> =
        horizons.iter().filter(|h| h.own_seed != seed).map(|h| (h.file.clone(), h.own_seed)).collect();
    if !others.is_empty() {
        let file = if seed_given { "--seed".to_string() } else { first.file.clone() };
        out.push(Warning::CompareSeed { seed, file, others });
    }
    let horizon = |h: &HorizonMeta| (h.start_date.clone(), h.weeks, h.warmup_weeks);
    if horizons.iter().any(|h| horizon(h) != horizon(first)) {
        out.push(Warning::CompareHorizons { horizons: horizons.to_vec() });
    }
    out
}

/// Stages whose expected work on a weekday exceeds the counter time staffed in
/// opening hours: quotas above what the counters can serve. One entry per stage,
/// naming every such weekday, so that a policy over capacity all week is said once.
pub fn capacity_warnings(s: &Scenario) -> Vec<OverCapacity> {
    // Per stage: the weekdays over capacity, the most work and the least and most staffed.
    let mut over: Vec<(Vec<usize>, f64, f64, f64)> = vec![(Vec::new(), 0.0, f64::INFINITY, 0.0); s.stages.len()];
    for day in 0..7 {
        if !s.calendar.workdays[day] {
            continue;
        }
        let mut arrivals = [0.0; 3];
        if let Some(o) = &s.online {
            arrivals[Lane::Online.index()] = s.booking.places(o.appointments[day]) as f64 * (1.0 - o.no_show_share);
        }
        if let Some(p) = &s.priority {
            arrivals[Lane::Priority.index()] =
                p.quota[day].map_or(p.arrivals.per_day, |q| p.arrivals.per_day.min(q as f64));
        }
        if let Some(e) = &s.express {
            arrivals[Lane::Express.index()] =
                e.quota[day].map_or(e.arrivals.per_day, |q| e.arrivals.per_day.min(q as f64));
        }
        for (stage, found) in s.stages.iter().zip(over.iter_mut()) {
            let work: f64 = (0..3)
                .filter(|&l| stage.serves[l])
                .map(|l| arrivals[l] * stage.multiplier[l] * stage.service_min.mean())
                .sum();
            let changes = &stage.counter_changes[day];
            let mut staffed = 0.0;
            for (i, &(t, n)) in changes.iter().enumerate() {
                let end = changes.get(i + 1).map_or(s.calendar.close, |c| c.0);
                staffed += n as f64 * (end - t) as f64 / MINUTE as f64;
            }
            if work > staffed && staffed > 0.0 {
                found.0.push(day);
                found.1 = found.1.max(work);
                found.2 = found.2.min(staffed);
                found.3 = found.3.max(staffed);
            }
        }
    }
    s.stages
        .iter()
        .zip(over)
        .filter(|(_, (days, ..))| !days.is_empty())
        .map(|(stage, (days, work_min, least, most))| OverCapacity {
            stage: stage.name.clone(),
            days,
            work_min,
            staffed_min: (least, most),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warning_is_said_in_each_language_with_its_numbers() {
        let queues = Warning::ExpectQueues {
            policy: Some("fri".into()),
            stages: vec![OverCapacity {
                stage: "biometrics".into(),
                days: vec![4],
                work_min: 2074.4,
                staffed_min: (1950.0, 1950.0),
            }],
        };
        assert_eq!(
            queues.say(Lang::En),
            "policy `fri`: stage `biometrics` needs about 2074 counter-minutes on fri, 1950 staffed: expect queues and overtime"
        );
        // The policy's name stays as written; the weekday the model counts is named.
        assert_eq!(
            queues.say(Lang::Id),
            "kebijakan `fri`: tahap foto dan wawancara (`biometrics`) memerlukan sekitar 2.074 menit-loket pada hari Jum, sedangkan yang tersedia 1.950: akan terjadi antrean dan lembur"
        );
        assert!(Warning::FewReplications { replications: 3 }.say(Lang::Id).contains("t = 4,30"));
        assert!(Warning::FewReplications { replications: 3 }.say(Lang::En).contains("t = 4.30"));
    }
}
