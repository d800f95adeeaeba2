//! The words of charts and reports, in English (default) or Bahasa Indonesia
//! (`--lang id`), for the office's planners.

// `Lang` and `fill` live on the ground floor (`crate::text`); they are named here
// too so that `report::lang::Lang` keeps working for code written against it.
pub use crate::text::{Lang, fill};

/// Every phrase charts and reports use.
pub struct Text {
    pub sellout_title: &'static str,
    pub sellout_x: &'static str,
    pub sellout_y: &'static str,
    pub pool_title: &'static str,
    pub pool_x: &'static str,
    pub pool_y: &'static str,
    pub warmup: &'static str,
    pub days_title: &'static str,
    pub days_x: &'static str,
    pub days_y: &'static str,
    pub queue_title: &'static str,
    pub wait_title: &'static str,
    pub hour_x: &'static str,
    pub queue_y: &'static str,
    pub wait_y: &'static str,
    pub utilisation_title: &'static str,
    pub utilisation_y: &'static str,
    pub overtime_title: &'static str,
    pub overtime_x: &'static str,
    pub overtime_y: &'static str,
    pub compare_title: &'static str,
    pub difference: &'static str,
    pub versus: &'static str,
    pub sweep_title: &'static str,
    pub median_band: &'static str,
    pub report_title: &'static str,
    pub run_heading: &'static str,
    pub scenario_heading: &'static str,
    pub headline_heading: &'static str,
    pub compare_heading: &'static str,
    pub compare_note: &'static str,
    pub charts_heading: &'static str,
    pub summary_heading: &'static str,
    pub definitions_heading: &'static str,
    pub policies_heading: &'static str,
    pub col_policy: &'static str,
    pub col_kpi: &'static str,
    pub col_mean: &'static str,
    pub col_ci: &'static str,
    pub col_unit: &'static str,
    pub col_label: &'static str,
    pub col_definition: &'static str,
    pub col_baseline: &'static str,
    pub col_difference: &'static str,
    pub col_direction: &'static str,
    pub col_verdict: &'static str,
    pub col_narrower: &'static str,
    pub col_pairs: &'static str,
    pub col_note: &'static str,
    pub col_description: &'static str,
    pub col_changes: &'static str,
    pub col_item: &'static str,
    pub col_value: &'static str,
    pub summary_note: &'static str,
    pub decision_heading: &'static str,
    pub decision_note: &'static str,
    pub matrix_heading: &'static str,
    pub matrix_note: &'static str,
    pub appendix_heading: &'static str,
    pub no_measurable_change: &'static str,
    pub no_change_that_matters: &'static str,
    /// Said first when a policy makes more people leave without an appointment.
    pub loses_people: &'static str,
    /// The headline KPIs with no measurable change, when there are many: `{count}`.
    pub others_unchanged: &'static str,
    pub identical_to: &'static str,
    pub ci95: &'static str,
    pub ci_to: &'static str,
    pub warmup_title: &'static str,
    pub moving_average: &'static str,
    pub mser_cut: &'static str,
    pub no_steady_state: &'static str,
    /// The same when the weeks before the seasons are too few for MSER-5.
    pub no_steady_state_no_cut: &'static str,
    pub panels_note: &'static str,
    pub terminal_title: &'static str,
    pub terminal_legend: &'static str,
    pub terminal_effects: &'static str,
    pub terminal_more: &'static str,
    pub terminal_single: &'static str,
    pub warmup_warning: &'static str,
    /// The same when the estimate is the end of MSER-5's search (a lower bound).
    pub warmup_warning_at_least: &'static str,
    pub million_idr: &'static str,
    pub lower_better: &'static str,
    pub higher_better: &'static str,
    pub neither: &'static str,
}

const EN: Text = Text {
    sellout_title: "Bookings after each release",
    sellout_x: "minutes after the release",
    sellout_y: "places booked",
    pool_title: "People waiting for a slot at the end of each week",
    pool_x: "week",
    pool_y: "people waiting",
    warmup: "warm-up (not measured)",
    days_title: "Days from needing a passport to the appointment",
    days_x: "days",
    days_y: "share of appointments (%)",
    queue_title: "Queue length by hour of day",
    wait_title: "Waiting time by hour of day",
    hour_x: "hour of day",
    queue_y: "people queuing (mean)",
    wait_y: "wait before service (min, mean)",
    utilisation_title: "Counter utilisation per stage",
    utilisation_y: "share of staffed time in service (%)",
    overtime_title: "Overtime per day",
    overtime_x: "overtime (min)",
    overtime_y: "share of days with more overtime (%)",
    compare_title: "Difference from the baseline",
    difference: "difference",
    versus: "vs",
    sweep_title: "Sweep",
    median_band: "median, band 10–90% of replications",
    report_title: "quotasim report",
    run_heading: "Run",
    scenario_heading: "Scenario in short",
    headline_heading: "Headline results",
    compare_heading: "Policies compared with the baseline",
    compare_note: "Paired differences (policy − baseline) over the replications where both are defined (pairs), with 95% confidence intervals of each KPI on its own; * and the verdict (better or worse by the KPI's direction) go by Holm's adjusted p-value over all of a policy's KPIs (p_holm in compare.csv, below 0.05), so that a policy that changes nothing is called changed on any KPI at most 5% of the time; an interval that just excludes zero may therefore carry no *. \"Narrower\" is how much narrower the paired interval is than an unpaired (Welch) one on the same replications: what common random numbers gained.",
    charts_heading: "Charts",
    summary_heading: "Every KPI",
    definitions_heading: "KPI definitions",
    policies_heading: "Policies",
    col_policy: "policy",
    col_kpi: "KPI",
    col_mean: "mean",
    col_ci: "95% CI",
    col_unit: "unit",
    col_label: "label",
    col_definition: "definition",
    col_baseline: "baseline",
    col_difference: "difference",
    col_direction: "better when",
    col_verdict: "verdict",
    col_narrower: "paired CI narrower by",
    col_pairs: "pairs",
    col_note: "note",
    col_description: "description",
    col_changes: "changes",
    col_item: "item",
    col_value: "value",
    summary_note: "Means over replications with 95% Student-t confidence intervals; percentiles are computed within each replication first.",
    decision_heading: "What changes if…",
    decision_note: "Each policy against {baseline}, paired over the same replications. First whether it loses people (more who needed a passport leave without an appointment); then its (at most three) largest changes that are significant over all its KPIs (Holm's adjustment, family-wise error 5%) and large enough to matter (at least 1% of the baseline and a minute, a quarter day, one percentage point, five applicants or Rp1 million a week): headline KPIs first, each sized against that floor, and a censored KPI (minutes to 90% booked, minutes to sold out) never first. \"Identical\" means every KPI, not only the headline, was the same in every replication. The matrix below has every headline KPI.",
    matrix_heading: "Headline KPIs by policy",
    matrix_note: "The baseline column holds its mean; the other columns the difference from it (± half the 95% CI). Green: better by the KPI's direction, red: worse, blue: higher or lower where neither side is better; grey: the interval holds zero or the change is too small to matter.",
    appendix_heading: "Appendix",
    no_measurable_change: "no measurable change",
    no_change_that_matters: "no change that matters in the headline KPIs",
    loses_people: "LOSES PEOPLE",
    others_unchanged: "{count} other headline KPIs: no measurable change",
    identical_to: "identical to {baseline} in every replication",
    ci95: "95% CI",
    ci_to: "to",
    warmup_title: "Warm-up from the data",
    moving_average: "moving average, 5 weeks",
    mser_cut: "MSER-5 truncation: {weeks} weeks",
    no_steady_state: "no steady state after week {week} (seasons); the cut covers the start-up only",
    no_steady_state_no_cut: "no steady state after week {week} (seasons); too few weeks before it to read a warm-up",
    panels_note: "one panel per policy, {baseline} in grey",
    terminal_title: "{scenario}: {policies} policies × {replications} replications. Baseline {baseline} = mean ± half its 95% CI;",
    terminal_legend: "others = difference from {baseline} ± ½ 95% CI; * = significant (Holm, all KPIs); ↓/↑ = lower/higher is better.",
    terminal_effects: "What changes (significant over all KPIs and large enough to matter), headline first, largest first:",
    terminal_more: "Every KPI is in summary.csv; --long prints the long table; report.html has the decision summary and charts.",
    terminal_single: "{scenario}: {replications} replications; mean ± half its 95% CI.",
    warmup_warning: "MSER-5 on the weekly {series} reads a warm-up of {estimated} weeks; the scenario has {warmup}: raise warmup_weeks",
    warmup_warning_at_least: "MSER-5 on {series} is still falling at the end of its search: the warm-up is at least {estimated} weeks (the search limit: half the horizon, or the weeks before the seasons change the demand); the scenario has {warmup}: start the run earlier with the same measured weeks, or set a realistic initial pool",
    million_idr: "million IDR",
    lower_better: "lower is better",
    higher_better: "higher is better",
    neither: "neither",
};

const ID: Text = Text {
    sellout_title: "Pemesanan setelah setiap pembukaan kuota",
    sellout_x: "menit setelah kuota dibuka",
    sellout_y: "slot terpesan",
    pool_title: "Pemohon yang menunggu slot pada akhir setiap minggu",
    pool_x: "minggu",
    pool_y: "pemohon menunggu",
    warmup: "pemanasan (tidak diukur)",
    days_title: "Hari dari butuh paspor sampai jadwal kedatangan",
    days_x: "hari",
    days_y: "persentase jadwal (%)",
    queue_title: "Panjang antrean menurut jam",
    wait_title: "Waktu tunggu menurut jam",
    hour_x: "jam",
    queue_y: "orang mengantre (rata-rata)",
    wait_y: "tunggu sebelum dilayani (menit, rata-rata)",
    utilisation_title: "Utilisasi loket per tahap",
    utilisation_y: "persentase waktu loket melayani (%)",
    overtime_title: "Lembur per hari",
    overtime_x: "lembur (menit)",
    overtime_y: "hari dengan lembur lebih lama (%)",
    compare_title: "Selisih terhadap skenario dasar",
    difference: "selisih",
    versus: "terhadap",
    sweep_title: "Sapuan parameter",
    median_band: "median, pita 10–90% replikasi",
    report_title: "Laporan quotasim",
    run_heading: "Simulasi",
    scenario_heading: "Ringkasan skenario",
    headline_heading: "Hasil utama",
    compare_heading: "Kebijakan dibandingkan dengan skenario dasar",
    compare_note: "Selisih berpasangan (kebijakan − dasar) pada replikasi yang nilainya terdefinisi di keduanya (pasangan), dengan selang kepercayaan 95% tiap indikator secara tersendiri; * dan putusan (lebih baik atau lebih buruk menurut arah indikator) mengikuti nilai p yang disesuaikan dengan metode Holm atas semua indikator sebuah kebijakan (p_holm di compare.csv, di bawah 0,05), sehingga kebijakan yang tidak mengubah apa pun dinyatakan berubah pada indikator mana pun paling banyak 5% dari waktu; selang yang nyaris tidak memuat nol karena itu bisa tanpa *. \"Lebih sempit\" adalah seberapa sempit selang berpasangan dibanding selang tak berpasangan (Welch) pada replikasi yang sama: hasil bilangan acak bersama.",
    charts_heading: "Grafik",
    summary_heading: "Semua indikator",
    definitions_heading: "Definisi indikator",
    policies_heading: "Kebijakan",
    col_policy: "kebijakan",
    col_kpi: "indikator",
    col_mean: "rata-rata",
    col_ci: "SK 95%",
    col_unit: "satuan",
    col_label: "nama",
    col_definition: "definisi",
    col_baseline: "dasar",
    col_difference: "selisih",
    col_direction: "lebih baik bila",
    col_verdict: "putusan",
    col_narrower: "SK berpasangan lebih sempit",
    col_pairs: "pasangan",
    col_note: "catatan",
    col_description: "keterangan",
    col_changes: "perubahan",
    col_item: "butir",
    col_value: "nilai",
    summary_note: "Rata-rata antarreplikasi dengan selang kepercayaan 95% (Student-t); persentil dihitung dahulu di dalam setiap replikasi.",
    decision_heading: "Apa yang berubah jika…",
    decision_note: "Setiap kebijakan dibandingkan dengan {baseline}, berpasangan pada replikasi yang sama. Pertama, apakah kebijakan itu kehilangan orang (lebih banyak yang butuh paspor pergi tanpa jadwal); lalu (paling banyak tiga) perubahan terbesar yang bermakna atas semua indikatornya (penyesuaian Holm, galat keluarga 5%) dan cukup besar untuk berarti (paling sedikit 1% dari nilai dasar dan satu menit, seperempat hari, satu poin persen, lima pemohon, atau Rp1 juta per minggu): indikator utama lebih dahulu, masing-masing diukur terhadap batas itu, dan indikator tersensor (menit sampai 90% terpesan, menit sampai habis) tidak pernah di depan. \"Sama persis\" berarti semua indikator, bukan hanya indikator utama, sama di setiap replikasi. Matriks di bawah memuat semua indikator utama.",
    matrix_heading: "Indikator utama menurut kebijakan",
    matrix_note: "Kolom dasar memuat rata-ratanya; kolom lain memuat selisih terhadap dasar (± setengah SK 95%). Hijau: lebih baik menurut arah indikator, merah: lebih buruk, biru: lebih tinggi atau lebih rendah bila tidak ada arah yang lebih baik; abu-abu: selangnya memuat nol atau perubahannya terlalu kecil untuk berarti.",
    appendix_heading: "Lampiran",
    no_measurable_change: "tidak ada perubahan yang terukur",
    no_change_that_matters: "tidak ada perubahan berarti pada indikator utama",
    loses_people: "KEHILANGAN ORANG",
    others_unchanged: "{count} indikator utama lainnya: tidak ada perubahan yang terukur",
    identical_to: "sama persis dengan {baseline} di setiap replikasi",
    ci95: "SK 95%",
    ci_to: "s.d.",
    warmup_title: "Masa pemanasan menurut data",
    moving_average: "rata-rata bergerak 5 minggu",
    mser_cut: "pemotongan MSER-5: {weeks} minggu",
    no_steady_state: "tidak tunak setelah minggu ke-{week} (musiman); pemotongan hanya masa awal",
    no_steady_state_no_cut: "tidak tunak setelah minggu ke-{week} (musiman); minggu sebelumnya terlalu sedikit untuk membaca masa pemanasan",
    panels_note: "satu panel per kebijakan, {baseline} berwarna abu-abu",
    terminal_title: "{scenario}: {policies} kebijakan × {replications} replikasi. Dasar {baseline} = rata-rata ± setengah SK 95%;",
    terminal_legend: "lainnya = selisih dari {baseline} ± ½ SK 95%; * = bermakna (Holm, semua indikator); ↓/↑ = makin rendah/tinggi makin baik.",
    terminal_effects: "Apa yang berubah (bermakna atas semua indikator dan cukup besar), indikator utama dahulu, terbesar dahulu:",
    terminal_more: "Semua indikator ada di summary.csv; --long mencetak tabel panjang; report.html memuat ringkasan keputusan dan grafik.",
    terminal_single: "{scenario}: {replications} replikasi; rata-rata ± setengah SK 95%.",
    warmup_warning: "MSER-5 pada deret mingguan {series} membaca masa pemanasan {estimated} minggu; skenario hanya {warmup}: naikkan warmup_weeks",
    warmup_warning_at_least: "MSER-5 pada {series} masih menurun di ujung pencariannya: masa pemanasan paling sedikit {estimated} minggu (batas pencarian: separuh periode, atau minggu sebelum musim mengubah permintaan); skenario hanya {warmup}: mulai simulasi lebih awal dengan minggu terukur yang sama, atau tetapkan antrean awal yang realistis",
    million_idr: "juta Rp",
    lower_better: "makin rendah makin baik",
    higher_better: "makin tinggi makin baik",
    neither: "netral",
};

/// The phrases of `lang`.
pub fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::En => &EN,
        Lang::Id => &ID,
    }
}

/// A scenario's text in `lang`: its Indonesian version (`description_id`) under
/// `--lang id` when the file gives one, otherwise the English.
pub fn in_lang(lang: Lang, english: &str, indonesian: &str) -> String {
    if lang == Lang::Id && !indonesian.is_empty() { indonesian } else { english }.to_string()
}

/// A result as `lang` writes it: English `1,234.5`, Indonesian `1.234,5`; a true
/// minus sign (the one formatter, [`crate::text::number`], in its readable style).
pub fn number(lang: Lang, x: f64) -> String {
    crate::text::number::format(lang, x, crate::text::number::Style::Readable)
}

/// A direction's words.
pub fn direction(lang: Lang, d: crate::kpi::Direction) -> &'static str {
    let t = text(lang);
    match d {
        crate::kpi::Direction::LowerIsBetter => t.lower_better,
        crate::kpi::Direction::HigherIsBetter => t.higher_better,
        crate::kpi::Direction::Neither => t.neither,
    }
}

/// A direction as compare.csv writes it (`Direction::label`) in `lang`.
pub fn direction_written(lang: Lang, written: &str) -> String {
    use crate::kpi::Direction;
    [Direction::LowerIsBetter, Direction::HigherIsBetter, Direction::Neither]
        .into_iter()
        .find(|d| d.label() == written)
        .map_or(written.to_string(), |d| direction(lang, d).to_string())
}

/// A KPI unit in `lang`.
pub fn unit(lang: Lang, unit: &str) -> String {
    if lang == Lang::En {
        return unit.to_string();
    }
    fn word(w: &str) -> &str {
        match w {
            "min" => "menit",
            "days" => "hari",
            "day" => "hari",
            "week" => "minggu",
            "share" => "proporsi",
            "applicants" => "pemohon",
            "places" => "slot",
            "requests" => "permintaan",
            "attempts" => "percobaan",
            "IDR" => "Rp",
            "hours" => "jam",
            "passports" => "paspor",
            other => other,
        }
    }
    unit.split('/').map(word).collect::<Vec<_>>().join("/")
}

/// Lane words in Indonesian labels.
pub(super) fn lane_id(lane: &str) -> &str {
    match lane {
        "online" => "daring",
        "priority" => "prioritas",
        "express" => "percepatan",
        "total" => "semua jalur",
        other => other,
    }
}

/// A weekly series' name (the `series` column of `weekly`) in `lang`.
pub fn weekly_series(lang: Lang, series: &str) -> String {
    let id = match series {
        "new_applicants" => "pemohon baru",
        "pool_end_of_week" => "pemohon menunggu slot",
        "booked_places" => "slot terpesan",
        "gave_up" => "pemohon yang menyerah",
        "switched_express" => "beralih ke layanan percepatan",
        "went_elsewhere" => "beralih ke tempat layanan lain",
        "attempts" => "percobaan pemesanan",
        "timeouts" => "permintaan melewati batas waktu",
        "peak_requests_per_min" => "puncak permintaan per menit",
        "sellout_min" => "menit sampai kuota habis",
        "unused_places" => "slot tidak terpakai",
        "lapsed_places" => "slot batal karena tidak dibayar",
        "backlog_end_of_week" => "tunggakan (dengan atau tanpa slot)",
        _ => series,
    };
    if lang == Lang::Id { id } else { series }.to_string()
}

/// A stage's name in `lang`: under `--lang id` the office's own name of a shipped
/// stage with the scenario's identifier after it, e.g. "pemeriksaan berkas
/// (`documents`)"; otherwise the identifier.
pub fn stage_name(lang: Lang, stage: &str) -> String {
    match (lang, stage_id(stage)) {
        (Lang::Id, id) if id != stage => format!("{id} (`{stage}`)"),
        _ => format!("`{stage}`"),
    }
}

/// The office's own names of the shipped stages; a scenario's other stage names are
/// its own identifiers and stay as written.
pub(super) fn stage_id(stage: &str) -> &str {
    match stage {
        "check-in" => "pengambilan nomor antrean",
        "documents" => "pemeriksaan berkas",
        "biometrics" => "foto dan wawancara",
        "express-payment" => "pembayaran percepatan",
        "registration" => "pendaftaran",
        "payment" => "pembayaran",
        "interview" => "wawancara",
        "service" => "layanan",
        other => other,
    }
}

pub(super) fn stat_id(stat: &str) -> &str {
    match stat {
        "mean" => "rata-rata",
        "p50" => "median",
        "p90" => "persentil ke-90",
        "p95" => "persentil ke-95",
        other => other,
    }
}

/// The Indonesian label of the KPI `name` (machine names are built from parts: the
/// lane, stage and statistic are translated one by one); `None` for a KPI this
/// table does not know yet (the English label is then kept).
fn kpi_label_id(name: &str) -> Option<String> {
    let parts: Vec<&str> = name.split('.').collect();
    let per_week = |what: &str| Some(format!("{what} per minggu kalender"));
    let per_day = |what: &str| Some(format!("{what} per hari layanan"));
    match parts.as_slice() {
        ["booking", "sellout_min", "mean_of_sold_out"] => {
            Some("Menit dari pembukaan kuota sampai habis, hanya kuota yang habis".into())
        }
        ["booking", "minutes_to_90pct_booked", "mean"] => {
            Some("Menit dari pembukaan kuota sampai 90% slot terpesan, semua pembukaan".into())
        }
        ["booking", "sellout_share"] => Some("Pembukaan kuota yang habis terpesan".into()),
        ["booking", "first_release_share"] => Some("Mendapat slot pada pembukaan kuota pertama".into()),
        ["booking", "pool_end_of_week", "mean"] => Some("Pemohon menunggu tanpa slot pada akhir minggu".into()),
        ["booking", "backlog_end_of_week", "mean"] => {
            Some("Tunggakan pada akhir minggu: menunggu, dengan atau tanpa slot".into())
        }
        ["booking", within] if within.starts_with("appointment_within_") => {
            let days = within.trim_start_matches("appointment_within_").trim_end_matches("d_share");
            Some(format!("Mendapat jadwal dalam {days} hari, dari semua yang membutuhkan paspor"))
        }
        ["booking", "left_unserved_per_week"] => per_week("Butuh paspor tetapi pergi tanpa jadwal"),
        ["booking", "attempts_per_account"] => Some("Percobaan pemesanan per akun".into()),
        ["booking", "days_to_appointment", stat] => {
            Some(format!("Hari dari butuh paspor sampai jadwal kedatangan, {}, orang yang datang", stat_id(stat)))
        }
        ["booking", "new_applicants_per_week"] => per_week("Pemohon baru"),
        ["booking", "booked_per_week"] => per_week("Slot terpesan"),
        ["booking", "gave_up_per_week"] => per_week("Pemohon yang menyerah"),
        ["booking", "switched_express_per_week"] => per_week("Pemohon beralih ke layanan percepatan"),
        ["booking", "went_elsewhere_per_week"] => per_week("Pemohon beralih ke tempat layanan lain"),
        ["booking", "timeouts_per_week"] => per_week("Permintaan aplikasi yang melewati batas waktu"),
        ["booking", "unused_places_per_week"] => per_week("Slot tidak terpakai"),
        ["booking", "lapsed_places_per_week"] => per_week("Slot batal karena tidak dibayar"),
        ["booking", "no_show_places_per_week"] => per_week("Slot pemohon yang tidak hadir"),
        ["booking", "peak_requests_per_min"] => Some("Puncak permintaan pemesanan per menit".into()),
        ["office", "served_per_day", lane] => per_day(&format!("Pemohon dilayani ({})", lane_id(lane))),
        ["office", "served_per_week", lane] => per_week(&format!("Pemohon dilayani ({})", lane_id(lane))),
        ["office", "time_in_office_min", lane, stat] => {
            Some(format!("Waktu di kantor, {}, {}", lane_id(lane), stat_id(stat)))
        }
        ["office", "wait_min", stage, lane, stat] => {
            Some(format!("Tunggu di {}, {}, {}", stage_id(stage), lane_id(lane), stat_id(stat)))
        }
        ["office", "longest_queue", stage, "daily_mean"] => {
            Some(format!("Antrean terpanjang di {}, rata-rata hari layanan", stage_id(stage)))
        }
        ["office", "longest_queue", stage, "max"] => {
            Some(format!("Antrean terpanjang di {}, seluruh periode", stage_id(stage)))
        }
        ["office", "utilisation", stage] => Some(format!("Utilisasi loket {}", stage_id(stage))),
        ["office", "overtime_min", "mean"] => Some("Lembur per hari layanan, rata-rata".into()),
        ["office", "overtime_min", "p90"] => Some("Lembur per hari layanan, persentil ke-90".into()),
        ["office", "overtime_day_share"] => Some("Hari layanan dengan lembur".into()),
        ["office", "turned_away_per_day", lane] => {
            per_day(&format!("Pemohon {} ditolak karena kuota habis", lane_id(lane)))
        }
        ["office", "walk_in_arrivals_per_day", lane] => {
            per_day(&format!("Pemohon {} yang datang langsung", lane_id(lane)))
        }
        ["office", "no_shows_per_day"] => per_day("Pemohon yang tidak hadir"),
        ["office", "not_admitted_per_day"] => per_day("Pemohon terlambat yang tidak diterima"),
        ["office", "rejected_per_day"] => per_day("Permohonan ditolak"),
        ["office", "sent_home_per_day"] => per_day("Pemohon dipulangkan untuk melengkapi berkas"),
        ["office", "express_ready_same_day_share"] => Some("Paspor percepatan selesai pada hari yang sama".into()),
        ["money", "fees_idr_per_week"] => per_week("PNBP paspor"),
        ["money", "express_surcharge_idr_per_week"] => per_week("Biaya tambahan layanan percepatan"),
        ["money", "forfeited_idr_per_week"] => per_week("PNBP hangus karena pemohon tidak hadir"),
        ["booking", "walked_in_per_week"] => per_week("Datang langsung alih-alih memesan"),
        ["booking", "walk_ins_turned_away_per_week"] => per_week("Pemohon langsung yang ditolak"),
        ["network", "non_local_share"] => Some("Pemegang jadwal dari zona lain".into()),
        ["network", "served_away_share"] => Some("Datang ke lokasi selain yang terdekat".into()),
        ["network", "extra_travel_h", "mean"] => Some("Tambahan waktu perjalanan per pemegang jadwal".into()),
        ["network", "collections_per_week"] => per_week("Paspor yang harus diambil"),
        ["network", "walk_ins_sent_per_week"] => per_week("Pemohon langsung yang diarahkan jaringan"),
        _ => None,
    }
}

/// The Indonesian label of a KPI of a network's site or zone (`site.<S>.…`,
/// `zone.<Z>.…`): the KPI's own label, then the place. The place's name, and the
/// site a flow goes to, are proper names and come from the English label the
/// catalogue built ("… to <site> — <place>", `crate::kpi`).
fn scoped_label_id(name: &str, english: &str) -> Option<String> {
    let (site, zone, kpi) = crate::kpi::split_scope(name);
    if site == "all" {
        return kpi_label_id(name);
    }
    let (inner_en, place) = english.rsplit_once(" — ").unwrap_or((english, if site.is_empty() { zone } else { site }));
    let inner = match kpi.strip_prefix("network.flow_per_week.") {
        Some(to) => {
            let target = inner_en.rsplit_once(" to ").map_or(to, |(_, t)| t);
            Some(format!("Pemohon per minggu kalender ke {target}"))
        }
        None => kpi_label_id(kpi),
    }?;
    Some(format!("{inner} — {place}"))
}

/// The label of the KPI `name` in `lang` (`english`, the catalogue's label, in
/// English or for a KPI the Indonesian table does not know).
pub fn kpi_label(lang: Lang, name: &str, english: &str) -> String {
    match lang {
        Lang::En => english.to_string(),
        Lang::Id => scoped_label_id(name, english).unwrap_or_else(|| english.to_string()),
    }
}

/// A short name of the KPI `name` for the terminal table, the matrix and the
/// decision summary: the headline KPIs have one; the others use their label.
pub fn kpi_short(lang: Lang, name: &str, english: &str) -> String {
    let short = match (lang, name) {
        (Lang::En, "booking.days_to_appointment.mean") => "days to appointment (people who came)",
        (Lang::En, "booking.days_to_appointment.p90") => "days to appointment, p90 (people who came)",
        (Lang::En, "booking.first_release_share") => "booked at first release",
        (Lang::En, "booking.minutes_to_90pct_booked.mean") => "minutes to 90% booked",
        (Lang::En, "booking.sellout_share") => "releases sold out",
        (Lang::En, "booking.pool_end_of_week.mean") => "waiting without a slot",
        (Lang::En, "booking.backlog_end_of_week.mean") => "backlog (with or without a slot)",
        (Lang::En, "booking.left_unserved_per_week") => "left without an appointment",
        (Lang::En, "booking.appointment_within_14d_share") => "appointment within 14 days (everyone)",
        (Lang::En, "booking.appointment_within_30d_share") => "appointment within 30 days (everyone)",
        (Lang::En, "office.served_per_week.total") => "served per week",
        (Lang::En, "office.time_in_office_min.online.mean") => "time in office (online)",
        (Lang::En, "office.overtime_min.mean") => "overtime",
        (Lang::En, "office.served_per_day.total") => "served per day",
        (Lang::En, "money.fees_idr_per_week") => "fees per week",
        (Lang::Id, "booking.days_to_appointment.mean") => "hari sampai jadwal (yang datang)",
        (Lang::Id, "booking.days_to_appointment.p90") => "hari sampai jadwal, P90 (yang datang)",
        (Lang::Id, "booking.first_release_share") => "dapat slot di kuota pertama",
        (Lang::Id, "booking.minutes_to_90pct_booked.mean") => "menit sampai 90% terpesan",
        (Lang::Id, "booking.sellout_share") => "kuota habis terpesan",
        (Lang::Id, "booking.pool_end_of_week.mean") => "menunggu tanpa slot",
        (Lang::Id, "booking.backlog_end_of_week.mean") => "tunggakan (dengan atau tanpa slot)",
        (Lang::Id, "booking.left_unserved_per_week") => "pergi tanpa jadwal",
        (Lang::Id, "booking.appointment_within_14d_share") => "jadwal dalam 14 hari (semua)",
        (Lang::Id, "booking.appointment_within_30d_share") => "jadwal dalam 30 hari (semua)",
        (Lang::Id, "office.served_per_week.total") => "dilayani per minggu",
        (Lang::Id, "office.time_in_office_min.online.mean") => "waktu di kantor (daring)",
        (Lang::Id, "office.overtime_min.mean") => "lembur",
        (Lang::Id, "office.served_per_day.total") => "dilayani per hari",
        (Lang::Id, "money.fees_idr_per_week") => "PNBP per minggu",
        _ => "",
    };
    if short.is_empty() {
        let label = kpi_label(lang, name, english);
        let mut c = label.chars();
        c.next().map_or(String::new(), |f| f.to_lowercase().chain(c).collect())
    } else {
        short.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(number(Lang::En, -1234567.0), "−1,234,567");
        assert_eq!(number(Lang::Id, 1234567.0), "1.234.567");
        assert_eq!(number(Lang::Id, 12.345), "12,35");
    }
}
