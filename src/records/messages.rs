//! What `run --records` and the records reader say, in English and Bahasa Indonesia
//! (`--lang id`), with `{name}` placeholders filled by `crate::report::lang::fill`.

use crate::report::Lang;

pub struct RecordsMessages {
    pub until_not_a_date: &'static str,
    pub until_outside: &'static str,
    pub replication_outside: &'static str,
    pub dir_not_folder: &'static str,
    pub written: &'static str,
    pub summary_bookings: &'static str,
    pub summary_tickets: &'static str,
    pub summary_daily: &'static str,
    pub row_error: &'static str,
    pub missing_column: &'static str,
    pub cannot_read: &'static str,
    pub wrong_field_count: &'static str,
    pub not_a_time: &'static str,
    pub not_a_date: &'static str,
    pub not_a_clock: &'static str,
    pub not_a_count: &'static str,
    pub unknown_lane: &'static str,
    pub unknown_word: &'static str,
    pub duplicate: &'static str,
    pub empty: &'static str,
    pub slot_before_booking: &'static str,
    pub skipped: &'static str,
    pub kind_malformed: &'static str,
    pub kind_duplicate: &'static str,
    pub kind_slot_before_booking: &'static str,
    pub kind_unknown_lane: &'static str,
}

const EN: RecordsMessages = RecordsMessages {
    until_not_a_date: "--records-until: `{value}` is not a date; write it as YYYY-MM-DD, e.g. 2025-03-01",
    until_outside: "--records-until: {date} is outside the run's horizon ({from} to {to}); give a date after the first day and no later than the day after the last",
    replication_outside: "--records-replication: replication {n} is not part of this run (replications {first} to {last}); give one of them",
    dir_not_folder: "--records: {dir} exists and is not a folder; give a folder (it is created if missing)",
    written: "records of replication {replication} of `{policy}`{until}: {bookings} bookings, {tickets} tickets, {daily} daily rows in {dir}",
    summary_bookings: "bookings.csv: {n} bookings ({statuses})",
    summary_tickets: "tickets.csv: {n} tickets ({lanes}); stages {stages}",
    summary_daily: "daily.csv: {n} rows, open days {from} to {to}",
    row_error: "{file}:{line}: {column}: {message}",
    missing_column: "{file}: the column `{column}` is missing from the header (line 1); the file needs every column of the format in the README, \"From your office's records\" (names as written there, any order)",
    cannot_read: "{file}: cannot be read: {error}; give the folder that holds bookings.csv, tickets.csv and daily.csv",
    wrong_field_count: "the row has {found} fields, the header {expected}; check for a stray or missing comma, or quote a value that holds one",
    not_a_time: "`{value}` is not a time; write it as YYYY-MM-DD HH:MM[:SS], with an optional zone (+07:00 or WIB), e.g. 2025-01-06 08:03:12+07:00",
    not_a_date: "`{value}` is not a date; write it as YYYY-MM-DD, e.g. 2025-01-06",
    not_a_clock: "`{value}` is not a clock time; write it as HH:MM, e.g. 08:00",
    not_a_count: "`{value}` is not a count; write a whole number ≥ 0 (a group size from 1)",
    unknown_lane: "`{value}` is not a lane; write online, priority or express",
    unknown_word: "`{value}` is not one of {known}",
    duplicate: "`{value}` appears in an earlier row already; remove the repeated row (or give --skip-bad-rows to leave it out)",
    empty: "the id is empty; every row needs one",
    slot_before_booking: "the slot {slot} is before the booking was made ({booked}); check both times and their zones",
    skipped: "{file}: {n} rows left out: {kind} (first lines {lines})",
    kind_malformed: "malformed",
    kind_duplicate: "duplicate",
    kind_slot_before_booking: "slot before its booking",
    kind_unknown_lane: "unknown lane",
};

// Wording as the office writes it (docs/domain.md): "pemesanan", "tiket antrean", "replikasi".
const ID: RecordsMessages = RecordsMessages {
    until_not_a_date: "--records-until: `{value}` bukan tanggal; tulis sebagai YYYY-MM-DD, mis. 2025-03-01",
    until_outside: "--records-until: {date} di luar rentang simulasi ({from} sampai {to}); beri tanggal setelah hari pertama dan paling lambat sehari setelah hari terakhir",
    replication_outside: "--records-replication: replikasi {n} tidak termasuk simulasi ini (replikasi {first} sampai {last}); pilih salah satunya",
    dir_not_folder: "--records: {dir} sudah ada dan bukan folder; beri sebuah folder (dibuat bila belum ada)",
    written: "catatan replikasi {replication} dari `{policy}`{until}: {bookings} pemesanan, {tickets} tiket antrean, {daily} baris harian di {dir}",
    summary_bookings: "bookings.csv: {n} pemesanan ({statuses})",
    summary_tickets: "tickets.csv: {n} tiket antrean ({lanes}); tahap {stages}",
    summary_daily: "daily.csv: {n} baris, hari buka {from} sampai {to}",
    row_error: "{file}:{line}: {column}: {message}",
    missing_column: "{file}: kolom `{column}` tidak ada di baris judul (baris 1); berkas memerlukan setiap kolom format di README, \"From your office's records\" (nama seperti tertulis di sana, urutan bebas)",
    cannot_read: "{file}: tidak dapat dibaca: {error}; beri folder yang berisi bookings.csv, tickets.csv dan daily.csv",
    wrong_field_count: "baris ini memiliki {found} kolom, baris judul {expected}; periksa koma yang berlebih atau kurang, atau beri tanda kutip pada nilai yang memuat koma",
    not_a_time: "`{value}` bukan waktu; tulis sebagai YYYY-MM-DD HH:MM[:SS], boleh dengan zona (+07:00 atau WIB), mis. 2025-01-06 08:03:12+07:00",
    not_a_date: "`{value}` bukan tanggal; tulis sebagai YYYY-MM-DD, mis. 2025-01-06",
    not_a_clock: "`{value}` bukan jam; tulis sebagai HH:MM, mis. 08:00",
    not_a_count: "`{value}` bukan bilangan cacah; tulis bilangan bulat ≥ 0 (ukuran rombongan mulai 1)",
    unknown_lane: "`{value}` bukan jalur; tulis online, priority atau express",
    unknown_word: "`{value}` bukan salah satu dari {known}",
    duplicate: "`{value}` sudah ada di baris sebelumnya; hapus baris yang berulang (atau beri --skip-bad-rows untuk melewatinya)",
    empty: "id kosong; setiap baris memerlukannya",
    slot_before_booking: "slot {slot} lebih awal daripada saat pemesanan dibuat ({booked}); periksa kedua waktu dan zonanya",
    skipped: "{file}: {n} baris dilewati: {kind} (baris pertama {lines})",
    kind_malformed: "salah format",
    kind_duplicate: "ganda",
    kind_slot_before_booking: "slot sebelum pemesanannya",
    kind_unknown_lane: "jalur tidak dikenal",
};

pub fn records_messages(lang: Lang) -> &'static RecordsMessages {
    match lang {
        Lang::En => &EN,
        Lang::Id => &ID,
    }
}
