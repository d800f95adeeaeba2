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
    pub announce_one: &'static str,
    pub announce_many: &'static str,
    pub done: &'static str,
}

const EN: Messages = Messages {
    warning: "warning",
    error: "error",
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
    announce_one: "{scenario} — 1 policy × {replications} replications × {weeks} weeks (warm-up {warmup}), seed {seed}",
    announce_many: "{scenario} — {policies} policies × {replications} replications × {weeks} weeks (warm-up {warmup}), seed {seed}",
    done: "{events} events in {seconds} s on {threads} threads; tables in {dir}",
};

// Wording as the office writes it (docs/domain.md, docs/network.md): "kuota", "loket", "pemohon",
// "antrean"; "selang kepercayaan" (SK) for the confidence interval.
const ID: Messages = Messages {
    warning: "peringatan",
    error: "galat",
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
    crate::text::number::format(lang, x, crate::text::number::Style::Whole)
}
