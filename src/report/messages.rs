//! The warnings and messages a run says on stderr, in English (default) or Bahasa
//! Indonesia (`--lang id`): what a planner reads before and after a run. The
//! English wording is the one the command line has always printed.

use super::lang::Lang;

/// Every message a run prints on stderr, with `{name}` placeholders (see
/// [`super::lang::fill`]).
pub struct Messages {
    /// The word before a warning and before an error.
    pub warning: &'static str,
    pub error: &'static str,
    pub one_replication: &'static str,
    pub few_replications: &'static str,
    pub short_warmup: &'static str,
    pub stage_over_capacity: &'static str,
    pub expect_queues: &'static str,
    pub of_policy: &'static str,
    pub long_run: &'static str,
    /// Short weekday names, Monday first.
    pub weekdays: [&'static str; 7],
    pub check_failed: &'static str,
    pub check_at: &'static str,
    pub check_little: &'static str,
    pub check_places: &'static str,
    pub check_applicants: &'static str,
    pub check_zone: &'static str,
    pub check_money: &'static str,
    pub check_other: &'static str,
    pub precision_reached: &'static str,
    pub precision_not_reached: &'static str,
    pub compare_seed: &'static str,
    pub compare_horizons: &'static str,
    pub horizon: &'static str,
    pub announce_one: &'static str,
    pub announce_many: &'static str,
    pub done: &'static str,
}

const EN: Messages = Messages {
    warning: "warning",
    error: "error",
    one_replication: "a single replication gives no confidence intervals; use 10 or more for numbers to defend",
    few_replications: "only {n} replications: the 95% confidence intervals use t = {t} and will be wide; use 10 or more for numbers to defend",
    short_warmup: "a warm-up of {weeks} weeks is shorter than the waiting pool needs to fill (about 3–4 weeks from an empty start); the first weeks bias the booking KPIs",
    stage_over_capacity: "stage {stage} needs about {work} counter-minutes on {days}, {staffed} staffed",
    expect_queues: "{stages}: expect queues and overtime",
    of_policy: "policy `{policy}`: {warning}",
    long_run: "this run will take about {minutes} minutes",
    weekdays: crate::scenario::clock::WEEKDAYS,
    check_failed: "check `{name}` failed: worst relative error {error} ({at}) above its tolerance {tolerance}: {description}; see run.json and please report it with the scenario",
    check_at: "policy `{policy}`, replication {replication}",
    check_little: "Little's law L = λW over the measured horizon: time-average number present against the time everyone spent present inside it (those present at either end counted for their part inside)",
    check_places: "released places = shown + no-show + unused + still to come",
    check_applicants: "applicants = served + left + waiting + booked + visiting + about to rejoin",
    check_zone: "a zone's applicants = served + left (with the reason) + waiting + booked + visiting + about to rejoin",
    check_money: "online fees collected = product fees of the applications paid, once each",
    check_other: "a consistency check of the model",
    precision_reached: "precision reached after {n} replications per policy (the rule stops no earlier than {min})",
    precision_not_reached: "precision not reached within --max-replications {max} ({n} replications per policy); see run.json",
    compare_seed: "every file runs under the seed {seed} of {file}, not its own ({others}): replication r of each file draws from the same random streams, so that the differences are paired; give --seed to choose another",
    compare_horizons: "the files cover different horizons ({horizons}): each runs its own, as run.json records (`horizons`), so the differences compare these periods, not one period under two settings",
    horizon: "{file} {weeks} weeks from {start} (warm-up {warmup})",
    announce_one: "{scenario} — 1 policy × {replications} replications × {weeks} weeks (warm-up {warmup}), seed {seed}",
    announce_many: "{scenario} — {policies} policies × {replications} replications × {weeks} weeks (warm-up {warmup}), seed {seed}",
    done: "{events} events in {seconds} s on {threads} threads; tables in {dir}",
};

// Wording as the office writes it (docs/domain.md, docs/network.md): "kuota", "loket", "pemohon",
// "antrean"; "selang kepercayaan" (SK) for the confidence interval.
const ID: Messages = Messages {
    warning: "peringatan",
    error: "galat",
    one_replication: "satu replikasi tidak menghasilkan selang kepercayaan; gunakan 10 replikasi atau lebih agar angkanya dapat dipertanggungjawabkan",
    few_replications: "hanya {n} replikasi: selang kepercayaan 95% memakai t = {t} sehingga akan lebar; gunakan 10 replikasi atau lebih agar angkanya dapat dipertanggungjawabkan",
    short_warmup: "masa pemanasan {weeks} minggu lebih singkat daripada waktu yang dibutuhkan daftar tunggu untuk terisi (sekitar 3–4 minggu dari keadaan kosong); minggu-minggu awal membiaskan indikator pemesanan",
    stage_over_capacity: "tahap {stage} memerlukan sekitar {work} menit-loket pada hari {days}, sedangkan yang tersedia {staffed}",
    expect_queues: "{stages}: akan terjadi antrean dan lembur",
    of_policy: "kebijakan `{policy}`: {warning}",
    long_run: "simulasi ini akan memakan waktu sekitar {minutes} menit",
    weekdays: ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"],
    check_failed: "pemeriksaan `{name}` gagal: galat relatif terbesar {error} ({at}) melampaui toleransinya {tolerance}: {description}; lihat run.json dan laporkan bersama skenarionya",
    check_at: "kebijakan `{policy}`, replikasi {replication}",
    check_little: "hukum Little L = λW selama periode yang diukur: rata-rata jumlah orang yang hadir dibandingkan dengan lama hadir semua orang di dalam periode itu (yang hadir di awal atau di akhir periode dihitung sebagian yang di dalamnya)",
    check_places: "tempat yang dirilis = hadir + tidak hadir + tidak terpakai + belum tiba waktunya",
    check_applicants: "pemohon = dilayani + pergi + menunggu + sudah memesan + sedang berkunjung + akan kembali",
    check_zone: "pemohon suatu zona = dilayani + pergi (beserta alasannya) + menunggu + sudah memesan + sedang berkunjung + akan kembali",
    check_money: "biaya daring yang diterima = biaya produk permohonan yang dibayar, masing-masing sekali",
    check_other: "pemeriksaan konsistensi model",
    precision_reached: "presisi tercapai setelah {n} replikasi per kebijakan (aturan ini berhenti paling cepat setelah {min})",
    precision_not_reached: "presisi tidak tercapai dalam --max-replications {max} ({n} replikasi per kebijakan); lihat run.json",
    compare_seed: "setiap berkas dijalankan dengan benih acak {seed} dari {file}, bukan benihnya sendiri ({others}): replikasi ke-r setiap berkas menarik bilangan acak yang sama, sehingga selisihnya berpasangan; berikan --seed untuk memilih benih lain",
    compare_horizons: "berkas-berkas ini mencakup periode yang berbeda ({horizons}): masing-masing dijalankan dengan periodenya sendiri, seperti dicatat run.json (`horizons`), sehingga selisihnya membandingkan periode-periode ini, bukan satu periode dengan dua pengaturan",
    horizon: "{file} {weeks} minggu sejak {start} (pemanasan {warmup})",
    announce_one: "{scenario} — 1 kebijakan × {replications} replikasi × {weeks} minggu (pemanasan {warmup}), benih acak {seed}",
    announce_many: "{scenario} — {policies} kebijakan × {replications} replikasi × {weeks} minggu (pemanasan {warmup}), benih acak {seed}",
    done: "{events} kejadian dalam {seconds} detik dengan {threads} utas; tabel di {dir}",
};

/// The messages of `lang`.
pub fn messages(lang: Lang) -> &'static Messages {
    match lang {
        Lang::En => &EN,
        Lang::Id => &ID,
    }
}

/// A whole number as the language writes it (English: no separators, as the
/// messages always had them; Indonesian: a dot between thousands).
pub fn whole(lang: Lang, x: f64) -> String {
    let digits = format!("{x:.0}");
    match lang {
        Lang::En => digits,
        Lang::Id => {
            let (sign, digits) = digits.strip_prefix('-').map_or(("", digits.as_str()), |d| ("−", d));
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    out.push('.');
                }
                out.push(c);
            }
            format!("{sign}{out}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_follow_the_language() {
        assert_eq!(whole(Lang::En, 2074.4), "2074");
        assert_eq!(whole(Lang::Id, 2074.4), "2.074");
        assert_eq!(whole(Lang::Id, 950.0), "950");
        assert_eq!(whole(Lang::Id, 1234567.0), "1.234.567");
    }
}
