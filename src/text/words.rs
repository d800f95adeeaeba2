//! Words that every floor shares, in both languages: the names of weekdays and
//! months. Each table is indexed as the model counts (Monday = 0, January = 0).
//! The words of one room (a chart's title, a report's heading) live in that room's
//! catalogue; what more than one room says lives here.

use super::Lang;

/// The weekdays as a scenario file writes them (`workdays = ["mon", "tue"]`, keys of
/// a per-weekday value), Monday first; messages quote them as written.
pub const WEEKDAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const WEEKDAYS_ID: [&str; 7] = ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"];
const WEEKDAYS_LONG_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const WEEKDAYS_LONG_ID: [&str; 7] = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// The short names of the weekdays in `lang`, Monday first (Mon / Sen).
pub fn weekdays(lang: Lang) -> &'static [&'static str; 7] {
    lang.pick(&WEEKDAYS_EN, &WEEKDAYS_ID)
}

/// The short name of weekday `day` (Monday = 0, taken modulo 7).
pub fn weekday(lang: Lang, day: usize) -> &'static str {
    weekdays(lang)[day % 7]
}

/// The full name of weekday `day` (Monday = 0, taken modulo 7): Monday / Senin.
pub fn weekday_long(lang: Lang, day: usize) -> &'static str {
    lang.pick(&WEEKDAYS_LONG_EN, &WEEKDAYS_LONG_ID)[day % 7]
}

/// The name of month `month0` (January = 0).
pub fn month(lang: Lang, month0: usize) -> &'static str {
    lang.pick(&MONTHS_EN, &MONTHS_ID)[month0 % 12]
}

/// Short weekday names joined by ", " (`mon, wed` said as `Mon, Wed` / `Sen, Rab`).
pub fn weekday_list(lang: Lang, days: &[usize]) -> String {
    days.iter().map(|&d| weekday(lang, d)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_and_months_are_named_in_each_language() {
        assert_eq!(weekday(Lang::Id, 4), "Jum");
        assert_eq!(weekday(Lang::En, 7), "Mon");
        assert_eq!(weekday_long(Lang::Id, 6), "Minggu");
        assert_eq!(month(Lang::Id, 7), "Agustus");
        assert_eq!(weekday_list(Lang::Id, &[0, 2]), "Sen, Rab");
    }
}
