//! Every KPI's definition in Bahasa Indonesia, for the report's appendix under
//! `--lang id`. Built like the labels (`super::lang`): from the parts of the KPI's
//! machine name (lane, stage, statistic), one sentence per measure. The English
//! definitions are `crate::kpi`'s; a KPI this table lacks keeps its English one.

use super::lang::{Lang, lane_id, stage_id, stat_id};

const PER_WEEK: &str = "Per minggu kalender setelah masa pemanasan.";
const PER_DAY: &str = "Per hari layanan setelah masa pemanasan, dirata-ratakan atas hari layanan replikasi.";

/// A statistic over a population, e.g. "rata-rata atas pemohon daring replikasi".
fn over(stat: &str, lane: &str) -> String {
    format!("{} atas pemohon {} dalam replikasi", stat_id(stat), lane_id(lane))
}

/// The Indonesian definition of the KPI `name` (without a site or zone scope);
/// `english` gives the proper names a flow's definition carries.
fn definition_id(name: &str, english: &str) -> Option<String> {
    let parts: Vec<&str> = name.split('.').collect();
    let text = match parts.as_slice() {
        ["booking", "sellout_min", "mean_of_sold_out"] => "Menit dari pembukaan kuota sampai semua tempatnya terpesan, rata-rata atas pembukaan setelah masa pemanasan yang habis terpesan; pembukaan yang tidak pernah habis tidak dihitung (baca bersama booking.sellout_share), dan replikasi tanpa pembukaan yang habis tidak memiliki nilai.".into(),
        ["booking", "minutes_to_90pct_booked", "mean"] => "Menit dari pembukaan kuota sampai 90% tempatnya terpesan, rata-rata atas setiap pembukaan setelah masa pemanasan yang jendela pemesanannya (sampai hari terakhirnya dimulai) berakhir dalam periode simulasi; pembukaan yang tidak pernah mencapai 90% dihitung sepanjang jendelanya.".into(),
        ["booking", "sellout_share"] => "Proporsi pembukaan kuota setelah masa pemanasan yang seluruh tempatnya pernah terpesan.".into(),
        ["booking", "first_release_share"] => "Proporsi akun yang datang setelah masa pemanasan dan mendapat slot sebelum berakhirnya pembukaan kuota pertama yang mereka coba (dihitung setelah mereka mencoba satu).".into(),
        ["booking", "pool_end_of_week", "mean"] => "Orang yang menunggu slot (belum memegang jadwal) pada akhir setiap minggu setelah masa pemanasan, rata-rata atas minggu. Kebijakan yang membagikan slot lebih jauh ke depan mengecilkannya tanpa ada yang menunggu lebih singkat: baca bersama booking.backlog_end_of_week.mean.".into(),
        ["booking", "backlog_end_of_week", "mean"] => "Orang di antara saat membutuhkan paspor dan jadwal kedatangannya pada akhir setiap minggu setelah masa pemanasan: yang menunggu slot dan yang sudah memegang slot tetapi belum datang, rata-rata atas minggu.".into(),
        ["booking", within] if within.starts_with("appointment_within_") => {
            let days = within.trim_start_matches("appointment_within_").trim_end_matches("d_share");
            format!("Proporsi orang yang mulai membutuhkan paspor setelah masa pemanasan dan hendak memesan, paling lambat {days} hari sebelum akhir periode, yang datang ke jadwalnya dalam {days} hari sejak membutuhkannya; yang menyerah, beralih ke tempat lain, beralih jalur atau masih menunggu dihitung tidak terlayani.")
        }
        ["booking", "left_unserved_per_week"] => format!("Pemohon menunggu yang pergi tanpa jadwal setelah gagal mendapat slot: menyerah, atau beralih ke tempat layanan lain (dalam jaringan: keluar dari jaringan). {PER_WEEK}"),
        ["office", "served_per_week", "total"] => format!("Pemohon yang menyelesaikan semua tahap; berbeda dengan angka per hari layanan, menambah atau mengurangi hari buka hanya mengubahnya melalui orang yang dilayani. {PER_WEEK}"),
        ["booking", "attempts_per_account"] => "Permintaan pemesanan per akun (kelompok) yang datang setelah masa pemanasan, selama seluruh masa tunggunya.".into(),
        ["booking", "days_to_appointment", stat] => format!("Hari sejak seseorang pertama kali membutuhkan paspor (tetap dihitung dari saat itu bila ia kembali setelah tidak hadir) sampai awal hari jadwal kedatangan yang ia hadiri, {} atas orang yang datang setelah masa pemanasan.", stat_id(stat)),
        ["booking", "new_applicants_per_week"] => format!("Orang yang mulai membutuhkan paspor dan memilih memesan secara daring. {PER_WEEK}"),
        ["booking", "booked_per_week"] => format!("Tempat yang terpesan (termasuk pesanan yang kemudian batal atau diubah). {PER_WEEK}"),
        ["booking", "gave_up_per_week"] => format!("Pemohon menunggu yang menyerah setelah gagal mendapat slot. {PER_WEEK}"),
        ["booking", "switched_express_per_week"] => format!("Pemohon menunggu yang beralih ke Layanan Percepatan setelah gagal mendapat slot. {PER_WEEK}"),
        ["booking", "went_elsewhere_per_week"] => format!("Pemohon menunggu yang beralih ke tempat layanan lain (MPP/UKK) setelah gagal mendapat slot. {PER_WEEK}"),
        ["booking", "walked_in_per_week"] => format!("Orang yang memilih datang langsung, atau tidak mendapat tempat lalu pergi datang langsung ke lokasi yang menerima pemohon langsung dan yang mau mereka datangi (yang ditolak di sana dihitung terpisah dan menunggu lagi). {PER_WEEK}"),
        ["booking", "walk_ins_turned_away_per_week"] => format!("Orang zona ini yang pergi datang langsung lalu ditolak (kuota jalurnya penuh atau pendaftaran sudah ditutup); mereka menunggu jadwal lagi. {PER_WEEK}"),
        ["booking", "timeouts_per_week"] => format!("Permintaan pemesanan di atas kapasitas aplikasi per menit, yang melewati batas waktu. {PER_WEEK}"),
        ["booking", "unused_places_per_week"] => format!("Tempat yang dibuka tetapi masih kosong saat harinya dimulai. {PER_WEEK}"),
        ["booking", "lapsed_places_per_week"] => format!("Tempat dari pesanan yang tidak dibayar sebelum batas waktu (kembali ke persediaan). {PER_WEEK}"),
        ["booking", "no_show_places_per_week"] => format!("Tempat milik kelompok pemesan yang tidak hadir. {PER_WEEK}"),
        ["booking", "peak_requests_per_min"] => "Permintaan pemesanan terbanyak dalam satu menit setelah masa pemanasan.".into(),
        ["office", "served_per_day", "total"] => format!("Pemohon yang menyelesaikan semua tahap. {PER_DAY}"),
        ["office", "served_per_day", lane] => format!("Pemohon {} yang menyelesaikan semua tahap (apa pun hasilnya). {PER_DAY}", lane_id(lane)),
        ["office", "time_in_office_min", lane, stat] => format!("Menit sejak diterima masuk (di pintu atau saat pendaftaran) sampai meninggalkan tahap terakhir, {}.", over(stat, lane)),
        ["office", "wait_min", stage, lane, stat] => format!("Menit mengantre di {} sebelum dilayani, {}.", stage_id(stage), over(stat, lane)),
        ["office", "longest_queue", stage, "daily_mean"] => format!("Antrean terpanjang hari itu di {} (semua jalur), dirata-ratakan atas hari layanan.", stage_id(stage)),
        ["office", "longest_queue", stage, "max"] => format!("Antrean terpanjang di {} pada hari mana pun yang diukur.", stage_id(stage)),
        ["office", "utilisation", stage] => format!("Waktu loket melayani di {} dibagi waktu loket yang dijaga (tanpa istirahat, termasuk lembur).", stage_id(stage)),
        ["office", "overtime_min", "mean"] => "Menit dari jam tutup sampai pemohon terakhir pulang (0 bila selesai sebelum tutup), rata-rata atas hari layanan.".into(),
        ["office", "overtime_min", "p90"] => "Persentil ke-90 atas hari layanan dari menit sejak jam tutup sampai pemohon terakhir pulang.".into(),
        ["office", "overtime_day_share"] => "Proporsi hari layanan yang masih melayani pemohon setelah jam tutup.".into(),
        ["office", "turned_away_per_day", lane] => format!("Pemohon langsung {} yang ditolak karena kuota hari itu habis atau pendaftaran sudah ditutup. {PER_DAY}", lane_id(lane)),
        ["office", "walk_in_arrivals_per_day", lane] => format!("Pemohon langsung {} yang datang atas kehendak sendiri (kedatangan harian jalur itu dan orang yang memilih jalur itu), termasuk yang ditolak; orang yang beralih dari pemesanan atau kembali setelah dipulangkan tidak dihitung. Hanya bergantung pada permintaan. {PER_DAY}", lane_id(lane)),
        ["office", "no_shows_per_day"] => format!("Pemohon daring yang sudah memesan tetapi tidak hadir (biayanya hangus). {PER_DAY}"),
        ["office", "not_admitted_per_day"] => format!("Pemohon daring yang tiba setelah jam tutup dan tidak diterima. {PER_DAY}"),
        ["office", "rejected_per_day"] => format!("Pemohon yang permohonannya ditolak pada akhir kunjungan. {PER_DAY}"),
        ["office", "sent_home_per_day"] => format!("Pemohon yang dipulangkan untuk melengkapi berkas. {PER_DAY}"),
        ["office", "express_ready_same_day_share"] => "Proporsi pemohon percepatan yang diterima dan menyelesaikan semua tahap sebelum batas waktu pembayaran selagi masih ada kuota cetak.".into(),
        ["money", "fees_idr_per_week"] => "PNBP paspor yang dibayar (daring sekali per permohonan saat memesan, tetap berlaku bila dijadwal ulang; pemohon langsung saat mendaftar; tidak dibayar lagi saat kembali setelah dipulangkan), tanpa biaya tambahan, per minggu kalender setelah masa pemanasan.".into(),
        ["money", "express_surcharge_idr_per_week"] => "Biaya tambahan Layanan Percepatan yang dibayar pemohon percepatan yang diterima (sekali per permohonan), per minggu kalender setelah masa pemanasan.".into(),
        ["money", "forfeited_idr_per_week"] => "Biaya yang sudah dibayar pemohon daring yang tidak hadir, per minggu kalender setelah masa pemanasan.".into(),
        ["network", "non_local_share"] => "Proporsi orang yang datang ke jadwalnya di sini setelah masa pemanasan dari zona yang baginya lokasi ini tidak dekat: lebih dari network.near_h jam lebih jauh daripada lokasi pemesanan terdekat zona itu dalam skenario sebagaimana tertulis.".into(),
        ["network", "served_away_share"] => "Proporsi orang zona ini yang datang ke jadwalnya setelah masa pemanasan di lokasi yang tidak dekat: lebih dari network.near_h jam lebih jauh daripada lokasi pemesanan terdekatnya dalam skenario sebagaimana tertulis.".into(),
        ["network", "extra_travel_h", "mean"] => "Jam perjalanan sekali jalan di atas jarak ke lokasi pemesanan terdekat zonanya dalam skenario sebagaimana tertulis, rata-rata atas orang yang datang ke jadwalnya setelah masa pemanasan (0 bagi yang tidak menempuh jarak lebih jauh).".into(),
        ["network", "collections_per_week"] => "Orang dari semua jalur (pemegang jadwal dan pemohon langsung) yang menyelesaikan kunjungannya di sini atau di gerai satelit kantor ini setelah masa pemanasan (diterima atau tidak), dikurangi bagian yang dikirim lewat pos atau diambil kuasanya: perjalanan untuk mengambil paspor di kantor ini. Per minggu kalender.".into(),
        ["network", "walk_ins_sent_per_week"] => format!("Orang yang tidak mendapat tempat, memilih datang langsung, atau beralih jalur lalu datang langsung ke sini, dikurangi yang ditolak. {PER_WEEK}"),
        ["network", "flow_per_week", _] => {
            // "People of the zone who came to an appointment at <site> or were sent there…"
            let site = english.split_once(" at ").and_then(|(_, rest)| rest.split_once(" or were sent there"))?.0;
            format!("Orang zona ini yang datang ke jadwalnya di {site} atau diarahkan ke sana untuk datang langsung, per minggu kalender setelah masa pemanasan.")
        }
        _ => return None,
    };
    Some(text)
}

/// The definition of the KPI `name` in `lang` (`english`, the catalogue's, in
/// English or for a KPI the Indonesian table does not know).
pub fn kpi_definition(lang: Lang, name: &str, english: &str) -> String {
    let (_, _, kpi) = crate::kpi::split_scope(name);
    match lang {
        Lang::En => None,
        Lang::Id => definition_id(kpi, english),
    }
    .unwrap_or_else(|| english.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::catalogue;
    use crate::report::lang::{kpi_label, unit};
    use crate::scenario::Scenario;

    #[test]
    fn every_kpi_of_the_default_scenario_and_the_network_has_an_indonesian_label_unit_and_definition() {
        let network = std::fs::read_to_string("scenarios/kalbar-2025.toml").unwrap();
        let network = Scenario::from_toml(&network, "kalbar-2025.toml").unwrap();
        for s in [Scenario::builtin_default().unwrap(), network] {
            for k in catalogue(&s) {
                let label = kpi_label(Lang::Id, &k.name, &k.label);
                assert_ne!(label, k.label, "{} has no Indonesian label", k.name);
                let english = [
                    "online",
                    "priority",
                    "express",
                    "mean",
                    "percentile",
                    "biometrics",
                    "documents",
                    "service",
                    "Applicants",
                    "calendar",
                    "week",
                    "to",
                    "from",
                    "another",
                    "zone",
                    "travel",
                    "Walked",
                ];
                for english in english {
                    assert!(!label.split([' ', ',', '(', ')']).any(|w| w == english), "{}: {label}", k.name);
                }
                let definition = kpi_definition(Lang::Id, &k.name, &k.definition);
                assert_ne!(definition, k.definition, "{} has no Indonesian definition", k.name);
                for english in [" the ", " of ", " after ", " over ", " who ", "warm-up", "applicants"] {
                    assert!(!definition.contains(english), "{}: {definition}", k.name);
                }
                let u = unit(Lang::Id, k.unit);
                let english_units = ["min", "days", "share", "applicants", "IDR", "week", "hours", "passports"];
                assert!(!u.split('/').any(|w| english_units.contains(&w)), "{u}");
            }
        }
        // The site a flow goes to and the zone it comes from are proper names, kept.
        let flow = kpi_label(
            Lang::Id,
            "zone.PTK_KOTA.network.flow_per_week.KANIM_SKW",
            "Applicants per calendar week to Kanim Singkawang — Kota Pontianak",
        );
        assert_eq!(flow, "Pemohon per minggu kalender ke Kanim Singkawang — Kota Pontianak");
    }

    #[test]
    fn a_flow_keeps_the_name_of_the_site_it_goes_to() {
        let flow = kpi_definition(
            Lang::Id,
            "zone.PTK_KOTA.network.flow_per_week.KANIM_SKW",
            "People of the zone who came to an appointment at Kanim Singkawang or were sent there to walk in, per calendar week after warm-up.",
        );
        assert!(flow.contains("di Kanim Singkawang atau diarahkan"), "{flow}");
    }
}
