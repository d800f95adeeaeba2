//! What `run --records` and the records reader say, in English and Bahasa Indonesia
//! (`--lang id`), with `{name}` placeholders filled by `crate::report::lang::fill`.

use crate::report::Lang;

pub struct RecordsMessages {
    pub until_not_a_date: &'static str,
    pub until_outside: &'static str,
    pub replication_outside: &'static str,
    pub dir_not_folder: &'static str,
    pub written: &'static str,
}

const EN: RecordsMessages = RecordsMessages {
    until_not_a_date: "--records-until: `{value}` is not a date; write it as YYYY-MM-DD, e.g. 2025-03-01",
    until_outside: "--records-until: {date} is outside the run's horizon ({from} to {to}); give a date after the first day and no later than the day after the last",
    replication_outside: "--records-replication: replication {n} is not part of this run (replications {first} to {last}); give one of them",
    dir_not_folder: "--records: {dir} exists and is not a folder; give a folder (it is created if missing)",
    written: "records of replication {replication} of `{policy}`{until}: {bookings} bookings, {tickets} tickets, {daily} daily rows in {dir}",
};

// Wording as the office writes it (DOMAIN.md): "pemesanan", "tiket antrean", "replikasi".
const ID: RecordsMessages = RecordsMessages {
    until_not_a_date: "--records-until: `{value}` bukan tanggal; tulis sebagai YYYY-MM-DD, mis. 2025-03-01",
    until_outside: "--records-until: {date} di luar rentang simulasi ({from} sampai {to}); beri tanggal setelah hari pertama dan paling lambat sehari setelah hari terakhir",
    replication_outside: "--records-replication: replikasi {n} tidak termasuk simulasi ini (replikasi {first} sampai {last}); pilih salah satunya",
    dir_not_folder: "--records: {dir} sudah ada dan bukan folder; beri sebuah folder (dibuat bila belum ada)",
    written: "catatan replikasi {replication} dari `{policy}`{until}: {bookings} pemesanan, {tickets} tiket antrean, {daily} baris harian di {dir}",
};

pub fn records_messages(lang: Lang) -> &'static RecordsMessages {
    match lang {
        Lang::En => &EN,
        Lang::Id => &ID,
    }
}
