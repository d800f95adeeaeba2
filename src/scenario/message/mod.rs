//! What is wrong (or unwise) in a scenario, as values: each check chooses a [`Msg`]
//! with the numbers and names at hand where it finds the problem, and the message is
//! said in a language only at the edge ([`Msg::say`]). English and Indonesian stand
//! side by side in one exhaustive match, so that a message without its Indonesian
//! does not compile, and nothing is parsed back from finished English.
//!
//! Values are said as they are: a name or a key the planner wrote stays as written
//! (a policy called `fri` is `fri` in both languages); a number takes the language's
//! decimal mark; a weekday the model counts is named in the language. The one
//! exception is the TOML reader's own English (serde and toml name a syntax or type
//! error in their words): [`toml`] says those few phrases again in Indonesian.
//!
//! This file is longer than most: it is the catalogue of every validation message,
//! one arm each, grouped by the part of the scenario that is checked.

mod toml;

use chrono::NaiveDate;

use crate::text::number::{self, Style};
use crate::text::{Lang, words};

/// The thing a name belongs to, in messages about names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Thing {
    Product,
    Stage,
    Site,
    Zone,
    Policy,
}

impl Thing {
    fn say(self, lang: Lang) -> &'static str {
        match self {
            Thing::Product => lang.pick("product", "produk"),
            Thing::Stage => lang.pick("stage", "tahap"),
            Thing::Site => lang.pick("site", "lokasi"),
            Thing::Zone => lang.pick("zone", "zona"),
            Thing::Policy => lang.pick("policy", "kebijakan"),
        }
    }

    /// The table a planner writes one of in the file.
    fn table(self) -> &'static str {
        match self {
            Thing::Product => "product",
            Thing::Stage => "stage",
            Thing::Site => "site",
            Thing::Zone => "zone",
            Thing::Policy => "policy",
        }
    }
}

/// A key of `[scenario]` that a policy, a sweep point or a site cannot change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fixed {
    Seed,
    Replications,
    NameAndDescription,
}

/// One problem of a scenario (its key is kept beside it, see `Problem`).
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    // Reading the file.
    NoSuchFile,
    IsADirectory,
    CannotRead {
        error: String,
    },
    NotUtf8,
    EmptyFile,
    /// The TOML reader's own words (syntax, types, unknown keys): see [`toml`];
    /// `spelling_hint` adds where to look for the keys after an unknown one.
    Toml {
        message: String,
        spelling_hint: bool,
    },
    NotATable {
        error: String,
    },
    NotWrittenBack {
        error: String,
    },

    // A problem found inside a policy or a site's office, with the key it has there.
    InPolicy {
        policy: String,
        key: String,
        inner: Box<Msg>,
    },
    AtSite {
        site: String,
        key: String,
        inner: Box<Msg>,
    },

    // Single values.
    AtLeastOne,
    NotFinite {
        value: f64,
    },
    NotFiniteNonNegative {
        value: f64,
    },
    NotPositive {
        value: f64,
    },
    NotGreaterThanZero {
        value: f64,
    },
    NegativeDuration {
        value: f64,
    },
    NotFiniteMinutes {
        at_least: f64,
        value: f64,
    },
    NotFiniteDays {
        value: f64,
    },
    NotAShare {
        value: f64,
    },
    NotAShareAtLeastZero {
        value: f64,
    },
    SharesSumNot1 {
        sum: f64,
    },
    SharesOfTableSumNot1 {
        sum: f64,
        table: Thing,
    },
    InitialPoolSharesSumNot1 {
        sum: f64,
    },
    SumExceeds1 {
        terms: String,
    },
    NotAClock {
        text: String,
    },
    NotATimeRange {
        text: String,
    },
    EndsBeforeStart {
        text: String,
    },
    NotADate {
        text: String,
    },
    NotAWeekday {
        name: String,
    },
    NotALane {
        name: String,
    },
    ListedTwice {
        name: String,
    },
    NameEmpty {
        what: Thing,
    },
    NameNotAllowed {
        shown: String,
        what: Thing,
        max: usize,
    },
    NameReserved {
        name: String,
        what: Thing,
    },
    NameTaken {
        name: String,
        what: Thing,
    },
    StageNameTaken {
        name: String,
    },
    BaseIsReserved,

    // [scenario].
    WarmupNotBeforeEnd {
        warmup: u32,
        weeks: u32,
    },
    TooManyWeeks {
        weeks: u32,
    },
    ReplicationsAtLeastOne,
    SeedTooLarge,
    StartNotMonday {
        date: NaiveDate,
        weekday: usize,
    },
    NameNotAFolder {
        name: String,
    },

    // A policy or sweep point that changes what pairs its replications.
    VariantHorizon {
        here: u32,
        base: u32,
    },
    VariantWarmup {
        here: u32,
        base: u32,
    },
    VariantDates {
        here: String,
        base: String,
    },
    VariantFixed {
        what: Fixed,
    },
    VariantNetwork {
        adds: bool,
    },
    AtSiteFixed,
    NestedSection {
        section: String,
    },
    SiteBookingMode,
    /// A booking key of the app's (not `release` or `overbooking_share`) in a
    /// site's office.
    AppKeyAtSite,
    /// A policy's top-level office key reaching `sites` (more than one).
    NetworkWide {
        path: String,
        sites: Vec<String>,
    },

    // A policy's key paths.
    KeyPathEmptyPart {
        path: String,
    },
    KeyPathUnclosed {
        path: String,
    },
    KeyPathNotAnIndex {
        path: String,
        index: String,
    },
    KeyPathUnexpected {
        path: String,
        rest: String,
    },
    KeyPathNoElement {
        path: String,
        name: String,
    },
    KeyPathPastEnd {
        path: String,
        index: usize,
        len: usize,
    },
    KeyPathNotSettable {
        path: String,
    },
    KeyPathEmpty {
        path: String,
    },

    // [calendar].
    NoWorkdays,
    CloseNotAfterOpen {
        close: String,
        open: String,
    },
    BreakOutsideHours {
        brk: String,
        open: String,
        close: String,
    },
    BreakCoversDay {
        brk: String,
        open: String,
        close: String,
        days: Vec<usize>,
    },
    BreakOnDayOff {
        day: String,
    },
    ClosedAfterWarmup,
    DaysGoWithWeek,
    ClosureOnDayOff {
        date: NaiveDate,
        weekday: usize,
    },
    ClosureOutsideHorizon {
        date: NaiveDate,
        start: NaiveDate,
        end: NaiveDate,
    },
    WeeksFrom1,
    WeekBeyondHorizon {
        week: u32,
        weeks: usize,
    },
    ClosureDaysOff {
        days: Vec<usize>,
    },
    DateOrWeek,
    NoSuchLaneSection {
        lane: String,
    },
    DateBeforeFrom {
        to: NaiveDate,
        from: NaiveDate,
    },
    SeasonsOverlap {
        from: NaiveDate,
        to: NaiveDate,
        other: usize,
        other_from: NaiveDate,
        other_to: NaiveDate,
    },
    SeasonOutsideHorizon {
        from: NaiveDate,
        to: NaiveDate,
        start: NaiveDate,
        end: NaiveDate,
    },

    // [demand] and [booking].
    TooManyApplicants,
    PoolTooLarge,
    GroupSize,
    DaysAheadAtLeast1,
    DaysAheadBeyondHorizon {
        days_ahead: u32,
        days: usize,
    },
    BeforeMidnight,
    RetriesTooFast,
    AppCapacityAtLeast1,
    DemandWithoutOnline,
    BookingWithoutOnline,
    ChannelWithoutLane {
        share: f64,
        lane: String,
    },
    SwitchWithoutExpress {
        share: f64,
    },
    OverbookingAboveNoShows {
        overbooking: f64,
        no_show: f64,
    },
    EveryBookingLapses,

    // [lanes].
    NoLane,
    LaneNotListed {
        lane: String,
    },
    QuotaEmpty,
    QuotaMissingDay {
        day: usize,
    },
    SlotLengthAtLeast1,
    LastSlotBeforeFirst {
        last: String,
        first: String,
    },
    SlotsOutsideHours {
        first: String,
        last: String,
        open: String,
        close: String,
    },
    LastSlotAfterClosing {
        start: String,
        end: String,
        close: String,
    },
    SplitPerSlot {
        weights: usize,
        slots: usize,
        first: String,
        last: String,
        every: u32,
    },
    SplitWeights,
    TooManyPerSlot {
        max: u32,
        slots: usize,
    },
    NoOnlineAppointment,
    CountWithPerDay,
    NoArrivals,
    TooManyWalkIns {
        count: u32,
        max: u32,
    },
    NotAnHour {
        hour: String,
    },
    HourOutsideWindow {
        hour: String,
        from: String,
        to: String,
    },
    HourBeforeOpening {
        hour: String,
        from: String,
        to: String,
        open: String,
    },
    RegisterUntil {
        open: String,
        close: String,
    },
    OverflowAtLeast1,
    OverflowWithoutQuota,
    WindowOutsideHours {
        window: String,
        open: String,
        close: String,
    },
    PayByOutsideHours {
        pay_by: String,
        open: String,
        close: String,
    },
    PayByBeforeWindow {
        pay_by: String,
        window_opens: String,
    },
    PrintsAtLeast1,

    // [[stage]].
    PeriodToNotAfterFrom {
        to: String,
        from: String,
    },
    PeriodsOverlap {
        day: usize,
    },
    PeriodOnDaysOff {
        days: Vec<usize>,
    },
    PeriodOutsideHours {
        from: String,
        to: String,
        open: String,
        close: String,
    },
    NoStage,
    TooManyStages {
        count: usize,
        max: usize,
    },
    NotServedByStage {
        stage: String,
        lane: String,
    },
    NoLaneVisitsStage {
        stage: String,
        lanes: Vec<String>,
    },
    ServiceLongerThanDay {
        mean: f64,
        day: f64,
    },
    NoCountersAtClosing {
        stage: String,
        close: String,
        day: usize,
    },
    Unstaffed {
        stage: String,
        days: Vec<usize>,
    },
    LaneWithoutStage {
        lane: String,
    },

    // Distributions.
    MaxBelowMin {
        max: f64,
        min: f64,
    },
    TriangularOrder {
        min: f64,
        mode: f64,
        max: f64,
    },
    NormalFarBelowZero,
    NoDistribution,
    CdfTooShort,
    CdfPointNotFinite {
        point: usize,
    },
    CdfPointNegative {
        point: usize,
        value: f64,
    },
    CdfNotIncreasing,
    CdfEnds,
    ValuesEmpty,
    WeightsPerValue {
        weights: usize,
        values: usize,
    },
    WeightsNotFinite,
    WeightsSumToZero,

    // [[product]].
    NoProduct,
    TooManyProducts {
        count: usize,
        max: usize,
    },
    FeeTooHigh {
        fee: u64,
        max: u64,
    },

    // [network], [[site]], [[zone]].
    NoSite,
    NoZone,
    NetworkFullyBooked,
    TooManySites {
        count: usize,
        max: usize,
    },
    TooManyZones {
        count: usize,
        max: usize,
    },
    NearHours,
    AcceptDecay,
    NotASiteKind {
        kind: String,
    },
    ParentMissing,
    NotASite {
        name: String,
        sites: Vec<String>,
    },
    ParentNotAKanim {
        parent: String,
        kind: String,
    },
    EveryWeeksAtLeast1,
    WalkInsNeedPriority,
    NoSiteActive,
    SiteDateOutsideHorizon {
        date: NaiveDate,
        start: NaiveDate,
        weeks: u32,
    },
    TravelHours {
        value: f64,
    },
    NoTravelTime {
        sites: Vec<String>,
    },
    InitialPoolSomeZones,
}

/// Weekday names of the model's days (Monday = 0) as a list: the file's own
/// identifiers in English (`sat, sun`, as they are written), the names in Indonesian.
fn day_list(lang: Lang, days: &[usize]) -> String {
    match lang {
        Lang::En => days.iter().map(|&d| words::WEEKDAY_KEYS[d % 7]).collect::<Vec<_>>().join(", "),
        Lang::Id => words::weekday_list(lang, days),
    }
}

impl Msg {
    /// The message in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        use Msg::*;
        // A number quoted from the file, a sum of shares (0.9, not 0.8999999999999999).
        let n = |x: f64| number::format(lang, x, Style::Exact);
        let sum = |x: f64| number::format(lang, x, Style::AsWritten(6));
        let day = |d: usize| words::weekday(lang, d);
        let days = |d: &[usize]| day_list(lang, d);
        let two = |en: String, id: String| lang.pick(en, id);
        match self {
            NoSuchFile => two(
                "no such file; check the path (scenarios live in scenarios/)".into(),
                "berkas tidak ditemukan; periksa jalurnya (skenario tersimpan di folder scenarios/)".into(),
            ),
            IsADirectory => two(
                "is a directory; give a scenario .toml file inside it".into(),
                "adalah folder; berikan berkas skenario .toml di dalamnya".into(),
            ),
            CannotRead { error } => two(format!("cannot be read: {error}"), format!("tidak dapat dibaca: {error}")),
            NotUtf8 => two(
                "is not UTF-8 text; save the file as UTF-8".into(),
                "bukan teks UTF-8; simpan berkas dalam pengodean UTF-8".into(),
            ),
            EmptyFile => two(
                "is empty; start from a shipped scenario such as scenarios/pontianak-2025.toml".into(),
                "kosong; mulailah dari skenario bawaan, misalnya scenarios/pontianak-2025.toml".into(),
            ),
            Toml { message, spelling_hint } => {
                let said = match lang {
                    Lang::En => message.clone(),
                    Lang::Id => toml::said_in_indonesian(message),
                };
                let hint = lang.pick(
                    "; check the spelling, or see the shipped scenarios for every key",
                    "; periksa ejaannya, atau lihat skenario bawaan untuk semua kunci",
                );
                if *spelling_hint && message.starts_with("unknown field") { format!("{said}{hint}") } else { said }
            }
            NotATable { error } => two(
                format!("cannot be turned into a table: {error}"),
                format!("tidak dapat diubah menjadi tabel: {error}"),
            ),
            NotWrittenBack { error } => two(
                format!("cannot be written back as TOML: {error}"),
                format!("tidak dapat ditulis kembali sebagai TOML: {error}"),
            ),
            InPolicy { policy, key, inner } => {
                let inner = if key.is_empty() { inner.say(lang) } else { format!("{key}: {}", inner.say(lang)) };
                two(format!("policy `{policy}`: {inner}"), format!("kebijakan `{policy}`: {inner}"))
            }
            AtSite { site, key, inner } => {
                let inner = if key.is_empty() { inner.say(lang) } else { format!("{key}: {}", inner.say(lang)) };
                two(format!("site `{site}`: {inner}"), format!("lokasi `{site}`: {inner}"))
            }

            AtLeastOne => two("must be at least 1".into(), "sekurang-kurangnya 1".into()),
            NotFinite { value } => {
                two(format!("must be a finite number, not {}", n(*value)), format!("harus bilangan hingga, bukan {}", n(*value)))
            }
            NotFiniteNonNegative { value } => two(
                format!("must be a finite number ≥ 0, not {}", n(*value)),
                format!("harus bilangan hingga ≥ 0, bukan {}", n(*value)),
            ),
            NotPositive { value } => two(
                format!("must be greater than 0, not {}", n(*value)),
                format!("harus lebih besar dari 0, bukan {}", n(*value)),
            ),
            NotGreaterThanZero { value } => two(
                format!("must be a number greater than 0, not {}", n(*value)),
                format!("harus bilangan lebih besar dari 0, bukan {}", n(*value)),
            ),
            NegativeDuration { value } => two(
                format!("must not be negative (this is a duration), not {}", n(*value)),
                format!("tidak boleh negatif (ini sebuah durasi), bukan {}", n(*value)),
            ),
            NotFiniteMinutes { at_least, value } => two(
                format!("must be a finite number of minutes ≥ {}, not {}", n(*at_least), n(*value)),
                format!("harus bilangan menit hingga ≥ {}, bukan {}", n(*at_least), n(*value)),
            ),
            NotFiniteDays { value } => two(
                format!("must be a finite number of days ≥ 0, not {}", n(*value)),
                format!("harus bilangan hari hingga ≥ 0, bukan {}", n(*value)),
            ),
            NotAShare { value } => two(
                format!("must be a share between 0 and 1, not {}", n(*value)),
                format!("harus proporsi antara 0 dan 1, bukan {}", n(*value)),
            ),
            NotAShareAtLeastZero { value } => two(
                format!("must be a share ≥ 0, not {}", n(*value)),
                format!("harus proporsi ≥ 0, bukan {}", n(*value)),
            ),
            SharesSumNot1 { sum: s } => two(
                format!("shares sum to {}, not 1; adjust them so they add up to 1", sum(*s)),
                format!("jumlah proporsinya {}, bukan 1; sesuaikan agar berjumlah 1", sum(*s)),
            ),
            SharesOfTableSumNot1 { sum: s, table } => two(
                format!(
                    "shares sum to {}, not 1; adjust the `share` of each [[{}]] so they add up to 1",
                    sum(*s),
                    table.table()
                ),
                format!(
                    "jumlah proporsinya {}, bukan 1; sesuaikan `share` setiap [[{}]] agar berjumlah 1",
                    sum(*s),
                    table.table()
                ),
            ),
            InitialPoolSharesSumNot1 { sum: s } => two(
                format!(
                    "initial pool shares sum to {}, not 1; adjust the `initial_pool_share` of each [[zone]] so they add up to 1",
                    sum(*s)
                ),
                format!(
                    "jumlah proporsi antrean awal {}, bukan 1; sesuaikan `initial_pool_share` setiap [[zone]] agar berjumlah 1",
                    sum(*s)
                ),
            ),
            SumExceeds1 { terms } => two(format!("{terms} exceed 1"), format!("{terms} melebihi 1")),
            NotAClock { text } => two(
                format!("`{text}` is not a clock time; write it as HH:MM between 00:00 and 24:00, e.g. \"08:00\""),
                format!("`{text}` bukan jam; tulis sebagai JJ:MM antara 00:00 dan 24:00, misalnya \"08:00\""),
            ),
            NotATimeRange { text } => two(
                format!("`{text}` is not a time range; write it as \"HH:MM-HH:MM\", e.g. \"12:00-13:00\""),
                format!("`{text}` bukan rentang waktu; tulis sebagai \"JJ:MM-JJ:MM\", misalnya \"12:00-13:00\""),
            ),
            EndsBeforeStart { text } => two(
                format!("`{text}` ends before it starts; write the earlier time first"),
                format!("`{text}` berakhir sebelum dimulai; tulis waktu yang lebih awal terlebih dahulu"),
            ),
            NotADate { text } => two(
                format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. \"2025-03-31\""),
                format!("`{text}` bukan tanggal; tulis sebagai TTTT-BB-HH, misalnya \"2025-03-31\""),
            ),
            NotAWeekday { name } => {
                let all = words::WEEKDAY_KEYS.join(", ");
                two(
                    format!("`{name}` is not a weekday; use one of {all}"),
                    format!("`{name}` bukan nama hari; gunakan salah satu dari {all}"),
                )
            }
            NotALane { name } => two(
                format!("`{name}` is not a lane; use online, priority or express"),
                format!("`{name}` bukan jalur layanan; gunakan online, priority, atau express"),
            ),
            ListedTwice { name } => two(format!("`{name}` is listed twice"), format!("`{name}` tercantum dua kali")),
            NameEmpty { what } => two(
                format!("is empty; give the {} a name", what.say(lang)),
                format!("kosong; beri {} itu nama", what.say(lang)),
            ),
            NameNotAllowed { shown, what, max } => two(
                format!("`{shown}` cannot name a {}: use 1 to {max} letters, digits, `-` and `_`", what.say(lang)),
                format!(
                    "`{shown}` tidak dapat menjadi nama {}: gunakan 1 sampai {max} huruf, angka, `-` dan `_`",
                    what.say(lang)
                ),
            ),
            NameReserved { name, what } => two(
                format!("`{name}` is reserved: quotasim's tables use it; give the {} another name", what.say(lang)),
                format!("`{name}` adalah kata khusus: tabel quotasim memakainya; beri {} itu nama lain", what.say(lang)),
            ),
            NameTaken { name, what } => two(
                format!("`{name}` is used by another {}; names must be unique", what.say(lang)),
                format!("`{name}` sudah dipakai {} lain; nama harus unik", what.say(lang)),
            ),
            StageNameTaken { name } => two(
                format!("`{name}` is used by another stage; stage names must be unique"),
                format!("`{name}` sudah dipakai tahap lain; nama tahap harus unik"),
            ),
            BaseIsReserved => two(
                "`base` names the scenario without policies; choose another name".into(),
                "`base` adalah nama skenario tanpa kebijakan; pilih nama lain".into(),
            ),

            WarmupNotBeforeEnd { warmup, weeks } => two(
                format!("({warmup}) must be less than scenario.weeks ({weeks}), or no week is left to measure"),
                format!(
                    "({warmup}) harus lebih kecil daripada scenario.weeks ({weeks}); jika tidak, tidak ada minggu yang tersisa untuk diukur"
                ),
            ),
            TooManyWeeks { weeks } => two(
                format!("{weeks} weeks is more than 10,000 (about 190 years); shorten the horizon"),
                format!("{weeks} minggu melebihi 10.000 (sekitar 190 tahun); persingkat periodenya"),
            ),
            ReplicationsAtLeastOne => two(
                "must be at least 1 (at least 2 for confidence intervals)".into(),
                "sekurang-kurangnya 1 (sekurang-kurangnya 2 untuk selang kepercayaan)".into(),
            ),
            SeedTooLarge => two(
                "must fit in a signed 64-bit integer".into(),
                "harus muat dalam bilangan bulat bertanda 64 bit".into(),
            ),
            StartNotMonday { date, weekday } => two(
                format!("{date} is a {}; the horizon starts on a Monday", day(*weekday)),
                format!("{date} jatuh pada hari {}; periode simulasi dimulai pada hari Senin", day(*weekday)),
            ),
            NameNotAFolder { name } => two(
                format!("`{name}` cannot name the output folder output/<name>/; use letters, digits, `-` and `_`"),
                format!(
                    "`{name}` tidak dapat menjadi nama folder keluaran output/<name>/; gunakan huruf, angka, `-`, dan `_`"
                ),
            ),

            VariantHorizon { here, base } => two(
                format!(
                    "cannot change in a policy or sweep point ({here} here, {base} in the base): every variant of a comparison runs over the same horizon, so that its replications pair with the base's; set the horizon for all of them in [scenario] or with --weeks"
                ),
                format!(
                    "tidak dapat diubah dalam kebijakan atau titik sapuan ({here} di sini, {base} pada dasar): setiap varian perbandingan berjalan pada periode yang sama agar replikasinya berpasangan dengan replikasi dasar; atur periodenya untuk semua di [scenario] atau dengan --weeks"
                ),
            ),
            VariantWarmup { here, base } => two(
                format!(
                    "cannot change in a policy or sweep point ({here} here, {base} in the base): every variant is measured over the same weeks; set the warm-up for all of them in [scenario]"
                ),
                format!(
                    "tidak dapat diubah dalam kebijakan atau titik sapuan ({here} di sini, {base} pada dasar): setiap varian diukur pada minggu yang sama; atur masa pemanasan untuk semua di [scenario]"
                ),
            ),
            VariantDates { here, base } => two(
                format!(
                    "cannot change in a policy or sweep point ({here} here, {base} in the base): every variant simulates the same dates; to simulate another period, write a second scenario file and compare the two files (quotasim compare A.toml B.toml)"
                ),
                format!(
                    "tidak dapat diubah dalam kebijakan atau titik sapuan ({here} di sini, {base} pada dasar): setiap varian menyimulasikan tanggal yang sama; untuk periode lain, tulis berkas skenario kedua dan bandingkan keduanya (quotasim compare A.toml B.toml)"
                ),
            ),
            VariantFixed { what: Fixed::Seed } => two(
                "cannot change in a policy or sweep point: every variant draws from the base's seed, so that their differences are paired (common random numbers); use --seed to change it for the whole run".into(),
                "tidak dapat diubah dalam kebijakan atau titik sapuan: setiap varian memakai benih acak dasar agar selisihnya berpasangan (bilangan acak bersama); gunakan --seed untuk mengubahnya bagi seluruh simulasi".into(),
            ),
            VariantFixed { what: Fixed::Replications } => two(
                "cannot change in a policy or sweep point: every variant runs the same replications, each paired with the base's; use --replications or set it in [scenario]".into(),
                "tidak dapat diubah dalam kebijakan atau titik sapuan: setiap varian menjalankan replikasi yang sama, masing-masing berpasangan dengan replikasi dasar; gunakan --replications atau atur di [scenario]".into(),
            ),
            VariantFixed { what: Fixed::NameAndDescription } => two(
                "cannot change in a policy or sweep point: it names and describes the whole run; a policy has its own `name` and `description` beside `set`".into(),
                "tidak dapat diubah dalam kebijakan atau titik sapuan: kunci ini menamai dan menjelaskan seluruh simulasi; kebijakan memiliki `name` dan `description` sendiri di samping `set`".into(),
            ),
            VariantNetwork { adds } => two(
                format!(
                    "cannot change in a policy or sweep point: it {} the scenario, and a network's tables differ from a single office's; write the network in a scenario file of its own",
                    if *adds { "adds a network to" } else { "removes the network of" }
                ),
                format!(
                    "tidak dapat diubah dalam kebijakan atau titik sapuan: ia {} skenario, dan tabel jaringan berbeda dari tabel satu kantor; tulis jaringan dalam berkas skenario tersendiri",
                    if *adds { "menambahkan jaringan ke" } else { "menghapus jaringan dari" }
                ),
            ),
            AtSiteFixed => two(
                "cannot change at a site: every site runs over the network's horizon, dates and seed; set it in [scenario]".into(),
                "tidak dapat diubah di satu lokasi: setiap lokasi berjalan pada periode, tanggal dan seed jaringan; atur di [scenario]".into(),
            ),
            NestedSection { section } => two(
                format!(
                    "`{section}` cannot be written inside a site's office; [network], [[site]], [[zone]] and [[policy]] go at the top of the file"
                ),
                format!(
                    "`{section}` tidak dapat ditulis di dalam office suatu lokasi; [network], [[site]], [[zone]] dan [[policy]] ditulis di tingkat atas berkas"
                ),
            ),
            AppKeyAtSite => two(
                "is the app's, the same at every site; set it in [booking] at the top of the file (a site's office may set booking.release and booking.overbooking_share)".into(),
                "milik aplikasi, sama di setiap lokasi; atur di [booking] di bagian atas berkas (office sebuah lokasi boleh mengatur booking.release dan booking.overbooking_share)".into(),
            ),
            NetworkWide { path, sites } => two(
                format!(
                    "is set for the whole network and reaches {} sites that do not set it themselves ({}); to change one site, write site.{}.office.{path}",
                    sites.len(),
                    sites.join(", "),
                    sites[0]
                ),
                format!(
                    "berlaku untuk seluruh jaringan dan mengenai {} lokasi yang tidak mengaturnya sendiri ({}); untuk mengubah satu lokasi saja, tulis site.{}.office.{path}",
                    sites.len(),
                    sites.join(", "),
                    sites[0]
                ),
            ),
            SiteBookingMode => two(
                "booking.mode: a network's sites share the app's simulated booking; remove it from the site's office".into(),
                "booking.mode: lokasi-lokasi jaringan berbagi pemesanan aplikasi yang disimulasikan; hapus dari office lokasi itu".into(),
            ),

            KeyPathEmptyPart { path } => two(
                format!("`{path}` has an empty part; write keys as section.key, e.g. \"booking.release.time\""),
                format!(
                    "`{path}` memiliki bagian kosong; tulis kunci sebagai bagian.kunci, misalnya \"booking.release.time\""
                ),
            ),
            KeyPathUnclosed { path } => {
                two(format!("`{path}` has an unclosed `[`"), format!("`{path}` memiliki `[` yang tidak ditutup"))
            }
            KeyPathNotAnIndex { path, index } => two(
                format!("`{path}`: `[{index}]` is not an index"),
                format!("`{path}`: `[{index}]` bukan indeks"),
            ),
            KeyPathUnexpected { path, rest } => {
                two(format!("`{path}`: unexpected `{rest}`"), format!("`{path}`: `{rest}` tidak diharapkan di sini"))
            }
            KeyPathNoElement { path, name } => two(
                format!("`{path}`: no element named `{name}`"),
                format!("`{path}`: tidak ada elemen bernama `{name}`"),
            ),
            KeyPathPastEnd { path, index, len } => two(
                format!("`{path}`: index {index} is past the end ({len} elements)"),
                format!("`{path}`: indeks {index} melewati akhir daftar ({len} elemen)"),
            ),
            KeyPathNotSettable { path } => two(
                format!("`{path}` does not lead to a value that can be set"),
                format!("`{path}` tidak menunjuk ke nilai yang dapat diubah"),
            ),
            KeyPathEmpty { path } => two(format!("`{path}` is empty"), format!("`{path}` kosong")),

            NoWorkdays => two(
                "is empty; list the days the office opens, e.g. [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]".into(),
                "kosong; daftarkan hari kantor buka, misalnya [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]".into(),
            ),
            CloseNotAfterOpen { close, open } => two(
                format!("close ({close}) is not after open ({open}); make close later than open"),
                format!("jam tutup ({close}) tidak setelah jam buka ({open}); jadikan jam tutup lebih akhir"),
            ),
            BreakOutsideHours { brk, open, close } => two(
                format!("break {brk} is outside opening hours {open}-{close}; move it inside"),
                format!("istirahat {brk} di luar jam layanan {open}-{close}; pindahkan ke dalamnya"),
            ),
            BreakCoversDay { brk, open, close, days: on } => two(
                format!(
                    "break {brk} covers all opening hours {open}-{close}, so nobody is served on {}; shorten it, or take the day out of calendar.workdays",
                    days(on)
                ),
                format!(
                    "istirahat {brk} menutupi seluruh jam layanan {open}-{close}, sehingga tidak ada yang dilayani pada {}; persingkat, atau keluarkan hari itu dari calendar.workdays",
                    days(on)
                ),
            ),
            BreakOnDayOff { day: d } => two(
                format!("`{d}` is not in calendar.workdays, so this break has no effect; remove it or add the day"),
                format!(
                    "`{d}` bukan hari kerja menurut calendar.workdays, sehingga istirahat ini tidak berpengaruh; hapus, atau tambahkan harinya"
                ),
            ),
            ClosedAfterWarmup => two(
                "closes every working day after the warm-up, so nothing is left to measure; remove some closures or lengthen scenario.weeks".into(),
                "menutup setiap hari kerja setelah masa pemanasan, sehingga tidak ada yang tersisa untuk diukur; hapus sebagian hari tutup atau perpanjang scenario.weeks".into(),
            ),
            DaysGoWithWeek => two(
                "goes with `week`, not with `date`; remove it".into(),
                "dipakai bersama `week`, bukan `date`; hapus".into(),
            ),
            ClosureOnDayOff { date, weekday } => two(
                format!("{date} is a {}, not in calendar.workdays: the office is closed that day anyway", day(*weekday)),
                format!(
                    "{date} jatuh pada hari {}, bukan hari kerja menurut calendar.workdays: kantor memang tutup pada hari itu",
                    day(*weekday)
                ),
            ),
            ClosureOutsideHorizon { date, start, end } => two(
                format!(
                    "{date} is outside the horizon ({start} to {end}), so this closure has no effect; remove it, or move scenario.start_date or scenario.weeks"
                ),
                format!(
                    "{date} di luar periode simulasi ({start} sampai {end}), sehingga hari tutup ini tidak berpengaruh; hapus, atau geser scenario.start_date atau scenario.weeks"
                ),
            ),
            WeeksFrom1 => two("weeks are numbered from 1".into(), "minggu dinomori mulai dari 1".into()),
            WeekBeyondHorizon { week, weeks } => two(
                format!(
                    "week {week} is beyond the horizon of {weeks} weeks; remove the closure, or lengthen scenario.weeks"
                ),
                format!(
                    "minggu ke-{week} di luar periode simulasi {weeks} minggu; hapus hari tutup itu, atau perpanjang scenario.weeks"
                ),
            ),
            ClosureDaysOff { days: off } => two(
                format!("lists {}, not in calendar.workdays: the office is closed then anyway", days(off)),
                format!(
                    "mencantumkan {}, yang bukan hari kerja menurut calendar.workdays: kantor memang tutup pada hari itu",
                    days(off)
                ),
            ),
            DateOrWeek => two(
                "give either `date = \"YYYY-MM-DD\"` or `week = N` (with optional `days`)".into(),
                "berikan `date = \"YYYY-MM-DD\"` atau `week = N` (boleh dengan `days`), salah satu saja".into(),
            ),
            NoSuchLaneSection { lane } => two(
                format!("has no effect: the scenario has no [lanes.{lane}]"),
                format!("tidak berpengaruh: skenario tidak memiliki [lanes.{lane}]"),
            ),
            DateBeforeFrom { to, from } => {
                two(format!("{to} is before `from` ({from})"), format!("{to} lebih awal daripada `from` ({from})"))
            }
            SeasonsOverlap { from, to, other, other_from, other_to } => two(
                format!(
                    "{from} to {to} overlaps calendar.seasons[{other}] ({other_from} to {other_to}): their factors multiply on the days they share; if that is not meant, make the periods meet without overlapping"
                ),
                format!(
                    "{from} sampai {to} tumpang tindih dengan calendar.seasons[{other}] ({other_from} sampai {other_to}): faktornya dikalikan pada hari yang sama; bila tidak dimaksudkan, buat periodenya bersambung tanpa tumpang tindih"
                ),
            ),
            SeasonOutsideHorizon { from, to, start, end } => two(
                format!(
                    "{from} to {to} is outside the horizon ({start} to {end}), so this season has no effect; remove it, or move scenario.start_date or scenario.weeks"
                ),
                format!(
                    "{from} sampai {to} di luar periode simulasi ({start} sampai {end}), sehingga musim ini tidak berpengaruh; hapus, atau geser scenario.start_date atau scenario.weeks"
                ),
            ),

            TooManyApplicants => two(
                "is above 10 million a week; check the unit (people per week)".into(),
                "melebihi 10 juta per minggu; periksa satuannya (orang per minggu)".into(),
            ),
            PoolTooLarge => two(
                "is above 10 million people; check the unit (people waiting at the start)".into(),
                "melebihi 10 juta orang; periksa satuannya (orang yang menunggu di awal)".into(),
            ),
            GroupSize => two(
                "must be `discrete` (or `deterministic`) with whole values from 1 to 5: one account books for up to five".into(),
                "harus `discrete` (atau `deterministic`) dengan bilangan bulat 1 sampai 5: satu akun memesan untuk paling banyak lima orang".into(),
            ),
            DaysAheadAtLeast1 => two(
                "must be at least 1 (bookings are for a later day)".into(),
                "sekurang-kurangnya 1 (pemesanan untuk hari berikutnya)".into(),
            ),
            DaysAheadBeyondHorizon { days_ahead, days } => two(
                format!(
                    "({days_ahead}) reaches beyond the horizon of {days} days, so no booked appointment would fall inside it; release fewer days ahead or lengthen scenario.weeks"
                ),
                format!(
                    "({days_ahead}) melampaui periode simulasi {days} hari, sehingga tidak ada jadwal terpesan yang jatuh di dalamnya; buka kuota untuk lebih sedikit hari ke depan atau perpanjang scenario.weeks"
                ),
            ),
            BeforeMidnight => two("must be before 24:00".into(), "harus sebelum 24:00".into()),
            RetriesTooFast => two(
                "has a mean below 0.1 min (6 s); retries that fast would flood the simulation".into(),
                "rata-ratanya di bawah 0,1 menit (6 detik); percobaan ulang secepat itu akan membanjiri simulasi".into(),
            ),
            AppCapacityAtLeast1 => two(
                "must be at least 1; remove it for an app without a limit".into(),
                "sekurang-kurangnya 1; hapus kunci ini untuk aplikasi tanpa batas".into(),
            ),
            DemandWithoutOnline => two(
                "has no effect: new applicants book through the app, and the scenario has no [lanes.online]; remove [demand] or add the lane".into(),
                "tidak berpengaruh: pemohon baru memesan lewat aplikasi, padahal skenario tidak memiliki [lanes.online]; hapus [demand] atau tambahkan jalurnya".into(),
            ),
            BookingWithoutOnline => two(
                "has no effect: the scenario has no [lanes.online]; remove [booking] or add the lane".into(),
                "tidak berpengaruh: skenario tidak memiliki [lanes.online]; hapus [booking] atau tambahkan jalurnya".into(),
            ),
            ChannelWithoutLane { share, lane } => two(
                format!(
                    "sends {} of new applicants to the {lane} lane, but the scenario has no [lanes.{lane}]; set it to 0 or add the lane",
                    n(*share)
                ),
                format!(
                    "mengarahkan {} pemohon baru ke jalur {lane}, padahal skenario tidak memiliki [lanes.{lane}]; atur menjadi 0 atau tambahkan jalurnya",
                    n(*share)
                ),
            ),
            SwitchWithoutExpress { share } => two(
                format!(
                    "is {}, but the scenario has no [lanes.express]: those who would switch to express leave instead; set it to 0 or add the lane",
                    n(*share)
                ),
                format!(
                    "bernilai {}, padahal skenario tidak memiliki [lanes.express]: pemohon yang akan beralih ke layanan percepatan pergi; atur menjadi 0 atau tambahkan jalurnya",
                    n(*share)
                ),
            ),
            OverbookingAboveNoShows { overbooking, no_show } => two(
                format!(
                    "releases {} more places than the quota while {} of booked applicants do not come: on average more people come than the quota; keep it at or below lanes.online.no_show_share",
                    n(*overbooking),
                    n(*no_show)
                ),
                format!(
                    "membuka {} tempat di atas kuota, sementara {} pemohon yang memesan tidak hadir: rata-rata yang datang lebih banyak daripada kuota; jaga agar tidak melebihi lanes.online.no_show_share",
                    n(*overbooking),
                    n(*no_show)
                ),
            ),
            EveryBookingLapses => two(
                "is 1: no booking is ever paid, so nobody comes to an appointment".into(),
                "bernilai 1: tidak ada pemesanan yang dibayar, sehingga tidak ada yang datang ke jadwalnya".into(),
            ),

            NoLane => two(
                "has no lane; add [lanes.online], [lanes.priority] or [lanes.express]".into(),
                "tidak memiliki jalur; tambahkan [lanes.online], [lanes.priority] atau [lanes.express]".into(),
            ),
            LaneNotListed { lane } => two(
                format!("does not list the `{lane}` lane; list every lane, first served first"),
                format!("tidak mencantumkan jalur `{lane}`; cantumkan setiap jalur, yang pertama dilayani lebih dahulu"),
            ),
            QuotaEmpty => two(
                "is empty; give `default = N` (and weekdays that differ), or remove it for no limit".into(),
                "kosong; berikan `default = N` (dan hari yang berbeda), atau hapus untuk tanpa batas".into(),
            ),
            QuotaMissingDay { day: d } => {
                let key = words::WEEKDAY_KEYS[d % 7];
                two(
                    format!("has no value for {key}; give `default = N` or `{key} = N`"),
                    format!("tidak memiliki nilai untuk {key}; berikan `default = N` atau `{key} = N`"),
                )
            }
            SlotLengthAtLeast1 => two("must be at least 1 minute".into(), "sekurang-kurangnya 1 menit".into()),
            LastSlotBeforeFirst { last, first } => two(
                format!("({last}) is before slots.first ({first})"),
                format!("({last}) lebih awal daripada slots.first ({first})"),
            ),
            SlotsOutsideHours { first, last, open, close } => two(
                format!("slots {first}–{last} must start within opening hours {open}–{close}"),
                format!("slot {first}–{last} harus dimulai di dalam jam layanan {open}–{close}"),
            ),
            LastSlotAfterClosing { start, end, close } => two(
                format!(
                    "the last slot ({start}–{end}) ends after closing ({close}): its holders arrive as the office closes; end the slots by closing"
                ),
                format!(
                    "slot terakhir ({start}–{end}) berakhir setelah jam tutup ({close}): pemegangnya datang saat kantor tutup; akhiri slot paling lambat jam tutup"
                ),
            ),
            SplitPerSlot { weights, slots, first, last, every } => two(
                format!(
                    "has {weights} weights but there are {slots} slots ({first}–{last} every {every} min); give one weight per slot"
                ),
                format!(
                    "memiliki {weights} bobot padahal ada {slots} slot ({first}–{last} setiap {every} menit); berikan satu bobot per slot"
                ),
            ),
            SplitWeights => two(
                "weights must be finite, not negative, and not all 0".into(),
                "bobot harus bilangan hingga, tidak negatif, dan tidak semuanya 0".into(),
            ),
            TooManyPerSlot { max, slots } => two(
                format!(
                    "gives more than {max} appointments in one slot; check the quota (appointments per day, split over {slots} slots)"
                ),
                format!(
                    "memberi lebih dari {max} jadwal dalam satu slot; periksa kuotanya (jadwal per hari, dibagi ke {slots} slot)"
                ),
            ),
            NoOnlineAppointment => two(
                "gives no appointment on any working day, so nobody is served online; give a quota, or remove [lanes.online]".into(),
                "tidak memberi jadwal pada hari kerja mana pun, sehingga tidak ada pemohon daring yang dilayani; beri kuota, atau hapus [lanes.online]".into(),
            ),
            CountWithPerDay => two(
                "is given with per_day; keep one: `per_day = N` for a Poisson number with mean N, `count = N` for exactly N a day".into(),
                "diberikan bersama per_day; pilih salah satu: `per_day = N` untuk jumlah acak Poisson dengan rata-rata N, `count = N` untuk tepat N per hari".into(),
            ),
            NoArrivals => two(
                "gives no number of arrivals; add `per_day = N` (a Poisson number with mean N) or `count = N` (exactly N a day)".into(),
                "tidak memberi jumlah kedatangan; tambahkan `per_day = N` (jumlah acak Poisson dengan rata-rata N) atau `count = N` (tepat N per hari)".into(),
            ),
            TooManyWalkIns { count, max } => two(
                format!("({count}) is above {max} a day; check the number (walk-ins per day)"),
                format!("({count}) melebihi {max} per hari; periksa angkanya (pemohon langsung per hari)"),
            ),
            NotAnHour { hour } => two(
                format!("`{hour}` is not an hour; use two digits \"00\" to \"23\" (\"08\" = 08:00–09:00)"),
                format!("`{hour}` bukan jam; gunakan dua angka \"00\" sampai \"23\" (\"08\" = 08:00–09:00)"),
            ),
            HourOutsideWindow { hour, from, to } => two(
                format!(
                    "hour {hour} is outside the hours these walk-ins may arrive in ({from}–{to}): the office or the lane's window is closed then; move its share inside"
                ),
                format!(
                    "jam {hour} di luar jam kedatangan pemohon langsung ini ({from}–{to}): kantor atau loket jalurnya tutup pada jam itu; pindahkan proporsinya ke dalam"
                ),
            ),
            HourBeforeOpening { hour, from, to, open } => two(
                format!(
                    "hour {hour} ({from}–{to}) is before opening ({open}): these walk-ins wait at the door until the office opens; if they do not, move the share into opening hours"
                ),
                format!(
                    "jam {hour} ({from}–{to}) sebelum jam buka ({open}): pemohon langsung ini menunggu di depan pintu sampai kantor buka; bila tidak, pindahkan proporsinya ke jam layanan"
                ),
            ),
            RegisterUntil { open, close } => two(
                format!("must be after opening ({open}) and no later than closing ({close})"),
                format!("harus setelah jam buka ({open}) dan paling lambat jam tutup ({close})"),
            ),
            OverflowAtLeast1 => two(
                "must be at least 1 (or remove overflow)".into(),
                "sekurang-kurangnya 1 (atau hapus overflow)".into(),
            ),
            OverflowWithoutQuota => two(
                "needs a quota to overflow; set lanes.priority.quota".into(),
                "memerlukan kuota yang dapat dilampaui; atur lanes.priority.quota".into(),
            ),
            WindowOutsideHours { window, open, close } => two(
                format!("{window} is outside opening hours {open}–{close}; move it inside"),
                format!("{window} di luar jam layanan {open}–{close}; pindahkan ke dalamnya"),
            ),
            PayByOutsideHours { pay_by, open, close } => two(
                format!(
                    "({pay_by}) must be after opening ({open}) and no later than closing ({close}): express applicants pay while the office is open"
                ),
                format!(
                    "({pay_by}) harus setelah jam buka ({open}) dan paling lambat jam tutup ({close}): pemohon percepatan membayar selama kantor buka"
                ),
            ),
            PayByBeforeWindow { pay_by, window_opens } => two(
                format!(
                    "({pay_by}) is not after the express window opens ({window_opens}), so nobody could pay in time to be printed the same day; set it later"
                ),
                format!(
                    "({pay_by}) tidak setelah loket percepatan dibuka ({window_opens}), sehingga tidak ada yang sempat membayar agar paspornya dicetak hari itu juga; atur lebih akhir"
                ),
            ),
            PrintsAtLeast1 => two(
                "must be at least 1; remove `issuance` if express passports are not printed on site".into(),
                "sekurang-kurangnya 1; hapus `issuance` bila paspor percepatan tidak dicetak di kantor".into(),
            ),

            PeriodToNotAfterFrom { to, from } => two(
                format!("({to}) is not after `from` ({from})"),
                format!("({to}) tidak setelah `from` ({from})"),
            ),
            PeriodsOverlap { day: d } => {
                let key = words::WEEKDAY_KEYS[d % 7];
                two(
                    format!("overlaps another period on {key}; periods of one day must not overlap"),
                    format!(
                        "tumpang tindih dengan periode lain pada hari {}; periode dalam satu hari tidak boleh tumpang tindih",
                        day(*d)
                    ),
                )
            }
            PeriodOnDaysOff { days: off } => two(
                format!("lists {}, not in calendar.workdays: this period has no effect then", days(off)),
                format!(
                    "mencantumkan {}, yang bukan hari kerja menurut calendar.workdays: periode ini tidak berpengaruh pada hari itu",
                    days(off)
                ),
            ),
            PeriodOutsideHours { from, to, open, close } => two(
                format!(
                    "{from}–{to} is outside opening hours {open}–{close}: nobody is admitted then, so this period has no effect"
                ),
                format!(
                    "{from}–{to} di luar jam layanan {open}–{close}: tidak ada pemohon yang diterima pada waktu itu, sehingga periode ini tidak berpengaruh"
                ),
            ),
            NoStage => two(
                "no stage is given; add at least one [[stage]]".into(),
                "tidak ada tahap; tambahkan sekurang-kurangnya satu [[stage]]".into(),
            ),
            TooManyStages { count, max } => two(
                format!("has {count} stages, more than {max}; merge stages into fewer"),
                format!("memiliki {count} tahap, lebih dari {max}; gabungkan tahap menjadi lebih sedikit"),
            ),
            NotServedByStage { stage, lane } => two(
                format!("has no effect: stage `{stage}` does not serve the {lane} lane"),
                format!("tidak berpengaruh: tahap `{stage}` tidak melayani jalur {lane}"),
            ),
            NoLaneVisitsStage { stage, lanes } => two(
                format!(
                    "no lane visits stage `{stage}`: it serves {}, which the scenario does not have; remove the stage, or add the lane",
                    lanes.join(" and ")
                ),
                format!(
                    "tidak ada jalur yang melewati tahap `{stage}`: tahap ini melayani {}, yang tidak ada dalam skenario; hapus tahapnya, atau tambahkan jalurnya",
                    lanes.join(" dan ")
                ),
            ),
            ServiceLongerThanDay { mean, day: minutes } => two(
                format!(
                    "has a mean of {mean:.0} min, longer than the opening hours ({minutes:.0} min): check the unit (minutes per applicant)"
                ),
                format!(
                    "rata-ratanya {mean:.0} menit, lebih lama daripada jam layanan ({minutes:.0} menit): periksa satuannya (menit per pemohon)"
                ),
            ),
            NoCountersAtClosing { stage, close, day: d } => two(
                format!(
                    "stage `{stage}` has no counters at closing time ({close}) on {}, so applicants still inside would never be served; staff it until closing",
                    days(&[*d])
                ),
                format!(
                    "tahap `{stage}` tidak memiliki loket pada jam tutup ({close}) hari {}, sehingga pemohon yang masih di dalam tidak akan pernah dilayani; jaga loketnya sampai jam tutup",
                    days(&[*d])
                ),
            ),
            Unstaffed { stage, days: on } => two(
                format!("stage `{stage}` has no counters on {} while applicants must pass it; give it at least 1", days(on)),
                format!(
                    "tahap `{stage}` tidak memiliki loket pada {} padahal pemohon harus melaluinya; beri sekurang-kurangnya 1",
                    days(on)
                ),
            ),
            LaneWithoutStage { lane } => two(
                format!("no stage serves the `{lane}` lane; add it to a stage's `lanes`"),
                format!("tidak ada tahap yang melayani jalur `{lane}`; tambahkan ke `lanes` salah satu tahap"),
            ),

            MaxBelowMin { max, min } => two(
                format!("max ({}) is below min ({}); swap them", n(*max), n(*min)),
                format!("max ({}) lebih kecil daripada min ({}); tukar keduanya", n(*max), n(*min)),
            ),
            TriangularOrder { min, mode, max } => two(
                format!("needs min ≤ mode ≤ max and min < max, got {}, {}, {}", n(*min), n(*mode), n(*max)),
                format!("memerlukan min ≤ mode ≤ max dan min < max, tertulis {}; {}; {}", n(*min), n(*mode), n(*max)),
            ),
            NormalFarBelowZero => two(
                "is so far below 0 that almost every draw is truncated; use a positive mean".into(),
                "begitu jauh di bawah 0 sehingga hampir setiap tarikan terpotong; gunakan rata-rata positif".into(),
            ),
            NoDistribution => two(
                "these parameters do not define a distribution".into(),
                "parameter ini tidak mendefinisikan sebuah distribusi".into(),
            ),
            CdfTooShort => two(
                "needs at least two [value, cumulative share] points, starting at share 0 and ending at 1".into(),
                "memerlukan sekurang-kurangnya dua titik [nilai, proporsi kumulatif], mulai dari proporsi 0 dan berakhir di 1".into(),
            ),
            CdfPointNotFinite { point } => two(
                format!("point {point} has a non-finite number"),
                format!("titik {point} memuat bilangan yang tidak hingga"),
            ),
            CdfPointNegative { point, value } => two(
                format!("point {point} has a negative value {}, but this is a duration", n(*value)),
                format!("titik {point} bernilai negatif {}, padahal ini sebuah durasi", n(*value)),
            ),
            CdfNotIncreasing => two(
                "values and cumulative shares must both be non-decreasing".into(),
                "nilai dan proporsi kumulatif keduanya tidak boleh menurun".into(),
            ),
            CdfEnds => two(
                "the first cumulative share must be 0 and the last 1".into(),
                "proporsi kumulatif pertama harus 0 dan yang terakhir 1".into(),
            ),
            ValuesEmpty => {
                two("is empty; give at least one value".into(), "kosong; berikan sekurang-kurangnya satu nilai".into())
            }
            WeightsPerValue { weights, values } => two(
                format!("has {weights} entries but values has {values}; give one weight per value"),
                format!("memiliki {weights} bobot padahal values memiliki {values}; berikan satu bobot per nilai"),
            ),
            WeightsNotFinite => {
                two("must be finite and not negative".into(), "harus bilangan hingga dan tidak negatif".into())
            }
            WeightsSumToZero => two(
                "sum to 0; give at least one positive weight".into(),
                "berjumlah 0; berikan sekurang-kurangnya satu bobot positif".into(),
            ),

            NoProduct => two(
                "no product is given; add at least one [[product]] with name, fee_idr and share".into(),
                "tidak ada produk; tambahkan sekurang-kurangnya satu [[product]] dengan name, fee_idr dan share".into(),
            ),
            TooManyProducts { count, max } => two(
                format!("has {count} products, more than {max}"),
                format!("memiliki {count} produk, lebih dari {max}"),
            ),
            FeeTooHigh { fee, max } => two(
                format!("({fee}) is above {max} rupiah; check the unit (rupiah per application)"),
                format!("({fee}) melebihi {max} rupiah; periksa satuannya (rupiah per permohonan)"),
            ),

            NoSite => two(
                "a network needs at least one [[site]] (name, kind and the office keys that differ)".into(),
                "jaringan memerlukan sekurang-kurangnya satu [[site]] (name, kind, dan kunci office yang berbeda)".into(),
            ),
            NoZone => two(
                "a network needs at least one [[zone]] (name, share of demand, travel_h to every site)".into(),
                "jaringan memerlukan sekurang-kurangnya satu [[zone]] (name, proporsi permintaan, travel_h ke setiap lokasi)".into(),
            ),
            NetworkFullyBooked => two(
                "\"fully-booked\" books one office's places without the app; a network's sites share the app, so remove [network], [[site]] and [[zone]] or set mode = \"simulated\"".into(),
                "\"fully-booked\" memesan tempat satu kantor tanpa aplikasi; lokasi-lokasi jaringan berbagi aplikasi, jadi hapus [network], [[site]] dan [[zone]] atau atur mode = \"simulated\"".into(),
            ),
            TooManySites { count, max } => two(
                format!("has {count} sites, more than {max}; model the network in parts"),
                format!("memiliki {count} lokasi, lebih dari {max}; modelkan jaringan per bagian"),
            ),
            TooManyZones { count, max } => two(
                format!("has {count} zones, more than {max}; group them into fewer"),
                format!("memiliki {count} zona, lebih dari {max}; kelompokkan menjadi lebih sedikit"),
            ),
            NearHours => two(
                "must be hours of at least 0 (0 = only the nearest site is near)".into(),
                "harus jam sekurang-kurangnya 0 (0 = hanya lokasi terdekat yang dekat)".into(),
            ),
            AcceptDecay => two(
                "must be a number of at least 0 (0 = distance does not matter)".into(),
                "harus bilangan sekurang-kurangnya 0 (0 = jarak tidak berpengaruh)".into(),
            ),
            NotASiteKind { kind } => two(
                format!("`{kind}` is not a kind of site; use kanim, ukk, mpp or event"),
                format!("`{kind}` bukan jenis lokasi; gunakan kanim, ukk, mpp, atau event"),
            ),
            ParentMissing => two(
                "is missing; name the kanim where this site's passports are collected".into(),
                "tidak ada; sebutkan kanim tempat paspor dari lokasi ini diambil".into(),
            ),
            NotASite { name, sites } => two(
                format!("`{name}` is not a site of the network; name one of: {}", sites.join(", ")),
                format!("`{name}` bukan lokasi dalam jaringan; sebutkan salah satu dari: {}", sites.join(", ")),
            ),
            ParentNotAKanim { parent, kind } => two(
                format!("`{parent}` is a {kind}, not a kanim; passports are collected at a kanim"),
                format!("`{parent}` adalah {kind}, bukan kanim; paspor diambil di kanim"),
            ),
            EveryWeeksAtLeast1 => two(
                "must be at least 1 (1 = every week)".into(),
                "sekurang-kurangnya 1 (1 = setiap minggu)".into(),
            ),
            WalkInsNeedPriority => two(
                "needs the site's `priority` lane (walk-ins are registered there); add it to `lanes`".into(),
                "memerlukan jalur `priority` di lokasi itu (pemohon langsung didaftarkan di sana); tambahkan ke `lanes`".into(),
            ),
            NoSiteActive => two(
                "no site is active; set `active = true` on at least one".into(),
                "tidak ada lokasi yang aktif; atur `active = true` pada sekurang-kurangnya satu".into(),
            ),
            SiteDateOutsideHorizon { date, start, weeks } => two(
                format!("{date} is outside the horizon ({start} onwards, {weeks} weeks): the site does not open that day"),
                format!(
                    "{date} di luar periode simulasi ({start} dan seterusnya, {weeks} minggu): lokasi tidak buka pada hari itu"
                ),
            ),
            TravelHours { value } => two(
                format!("must be hours of at least 0, not {}", n(*value)),
                format!("harus jam sekurang-kurangnya 0, bukan {}", n(*value)),
            ),
            NoTravelTime { sites } => two(
                format!(
                    "has no travel time to {}; give the one-way hours to every site, e.g. {} = 2.5",
                    sites.join(", "),
                    sites.first().map_or("", String::as_str)
                ),
                format!(
                    "tidak memiliki waktu tempuh ke {}; berikan waktu tempuh sekali jalan (jam) ke setiap lokasi, misalnya {} = 2.5",
                    sites.join(", "),
                    sites.first().map_or("", String::as_str)
                ),
            ),
            InitialPoolSomeZones => two(
                "some zones give `initial_pool_share` and some do not; give it for every [[zone]] or for none".into(),
                "sebagian zona memberi `initial_pool_share` dan sebagian tidak; berikan untuk setiap [[zone]] atau tidak sama sekali".into(),
            ),
        }
    }

    /// The message in English (what `Display` shows).
    pub fn english(&self) -> String {
        self.say(Lang::En)
    }
}

impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_said_as_written_and_numbers_with_the_languages_mark() {
        // A policy named like a weekday stays as written; the model's weekday is named.
        let inner = Box::new(Msg::StartNotMonday { date: NaiveDate::from_ymd_opt(2025, 1, 10).unwrap(), weekday: 4 });
        let m = Msg::InPolicy { policy: "fri".into(), key: "scenario.start_date".into(), inner };
        assert_eq!(
            m.say(Lang::En),
            "policy `fri`: scenario.start_date: 2025-01-10 is a Fri; the horizon starts on a Monday"
        );
        assert_eq!(
            m.say(Lang::Id),
            "kebijakan `fri`: scenario.start_date: 2025-01-10 jatuh pada hari Jum; periode simulasi dimulai pada hari Senin"
        );
        let share = Msg::NotAShare { value: 1.5 };
        assert_eq!(share.say(Lang::En), "must be a share between 0 and 1, not 1.5");
        assert_eq!(share.say(Lang::Id), "harus proporsi antara 0 dan 1, bukan 1,5");
        // A sum of shares is rounded for reading; the file's own days are its keys in English.
        assert!(Msg::SharesSumNot1 { sum: 0.8999999999999999 }.say(Lang::Id).starts_with("jumlah proporsinya 0,9,"));
        assert!(Msg::ClosureDaysOff { days: vec![5, 6] }.say(Lang::En).starts_with("lists sat, sun,"));
        assert!(Msg::ClosureDaysOff { days: vec![5, 6] }.say(Lang::Id).starts_with("mencantumkan Sab, Min,"));
    }
}
