//! Errors and scenario warnings said in Bahasa Indonesia (`--lang id`).
//!
//! The checks that find a problem build their message in English, where it is
//! made, from the values at hand (file, line, key, the numbers); one code path
//! keeps every check simple and the English messages as they always were. Under
//! `--lang id` the finished message is matched against the catalogue below, a
//! template per message with `{}` for each value, and said again with the values
//! in the Indonesian template. A line is `location: key: message`; the location and
//! key path are kept as written (they point into the file). `{m}` in a template is
//! a message inside the message (`policy `p`: <message>`), translated in turn.
//!
//! A message the catalogue lacks stays in English. Tests: every bad scenario of the
//! corpus and the command line's own errors are said in Indonesian
//! (`tests/integration/planner_view.rs`), and so is every warning of an unwise
//! setting (`tests/integration/scenario_errors.rs`).

use super::lang::Lang;

/// (English template, Indonesian template). Order matters only where one template
/// is a prefix of another: the first that matches the whole message is used.
const CATALOGUE: &[(&str, &str)] = &[
    // A message inside a policy, a site's office, or a file.
    ("policy `{}`: {m}", "kebijakan `{}`: {m}"),
    ("site `{}`: {m}", "lokasi `{}`: {m}"),
    // A network's policies and sites.
    (
        "is set for the whole network and reaches {} sites that do not set it themselves ({}); to change one site, write site.{}.office.{}",
        "berlaku untuk seluruh jaringan dan mengenai {} lokasi yang tidak mengaturnya sendiri ({}); untuk mengubah satu lokasi saja, tulis site.{}.office.{}",
    ),
    (
        "booking.{}: is the app's, the same at every site; set it in [booking] at the top of the file (a site's office may set booking.release and booking.overbooking_share)",
        "booking.{}: milik aplikasi, sama di setiap lokasi; atur di [booking] di bagian atas berkas (office sebuah lokasi boleh mengatur booking.release dan booking.overbooking_share)",
    ),
    // A policy's, a sweep point's or a what-if's key path (`policy::set_path`) and `--set`.
    ("`{}`: no element named `{}`", "`{}`: tidak ada elemen bernama `{}`"),
    ("`{}`: index {} is past the end ({} elements)", "`{}`: indeks {} melewati akhir daftar ({} elemen)"),
    ("`{}` does not lead to a value that can be set", "`{}` tidak menunjuk ke nilai yang dapat diubah"),
    (
        "--set {}: write KEY=VALUE in the policy key syntax, e.g. stage.biometrics.counters=7",
        "--set {}: tulis KUNCI=NILAI dengan sintaks kunci kebijakan, misalnya stage.biometrics.counters=7",
    ),
    (
        "--set: the scenario has a policy called `{}`, the label of the what-if; rename the policy",
        "--set: skenario ini memiliki kebijakan bernama `{}`, label untuk what-if; ganti nama kebijakan itu",
    ),
    // Reading the file.
    (
        "no such file; check the path (scenarios live in scenarios/)",
        "berkas tidak ditemukan; periksa jalurnya (skenario tersimpan di folder scenarios/)",
    ),
    (
        "is a directory; give a scenario .toml file inside it",
        "adalah folder; berikan berkas skenario .toml di dalamnya",
    ),
    (
        "is empty; start from a shipped scenario such as scenarios/pontianak-2025.toml",
        "kosong; mulailah dari skenario bawaan, misalnya scenarios/pontianak-2025.toml",
    ),
    ("is not UTF-8 text; save the file as UTF-8", "bukan teks UTF-8; simpan berkas dalam pengodean UTF-8"),
    // TOML syntax and types (the TOML reader's words).
    ("invalid basic string, expected `{}`", "teks tidak tertutup dengan benar, seharusnya `{}`"),
    ("key with no value, expected `=`", "kunci tanpa nilai, seharusnya ada `=`"),
    ("duplicate key", "kunci ditulis dua kali"),
    ("invalid type: {}, expected {}", "jenis nilai salah: {}, seharusnya {}"),
    (
        "unknown field `{}`, expected one of {}; check the spelling, or see the shipped scenarios for every key",
        "kunci `{}` tidak dikenal, seharusnya salah satu dari {}; periksa ejaannya, atau lihat skenario bawaan untuk semua kunci",
    ),
    ("unknown field `{}`, expected {}", "kunci `{}` tidak dikenal, seharusnya {}"),
    ("unknown variant `{}`, expected {}", "nilai `{}` tidak dikenal, seharusnya {}"),
    (
        "expected a number of counters (e.g. 3) or a list of periods like {}",
        "seharusnya jumlah loket (misalnya 3) atau daftar periode seperti {}",
    ),
    // Numbers and shares.
    ("must be a finite number ≥ 0, not {}", "harus bilangan hingga ≥ 0, bukan {}"),
    ("must be a finite number, not {}", "harus bilangan hingga, bukan {}"),
    ("must be a share between 0 and 1, not {}", "harus proporsi antara 0 dan 1, bukan {}"),
    (
        "must be at least 1 (at least 2 for confidence intervals)",
        "sekurang-kurangnya 1 (sekurang-kurangnya 2 untuk selang kepercayaan)",
    ),
    (
        "must be at least 1; remove `issuance` if express passports are not printed on site",
        "sekurang-kurangnya 1; hapus `issuance` bila paspor percepatan tidak dicetak di kantor",
    ),
    ("must be at least 1", "sekurang-kurangnya 1"),
    (
        "({}) must be less than scenario.weeks ({}), or no week is left to measure",
        "({}) harus lebih kecil daripada scenario.weeks ({}); jika tidak, tidak ada minggu yang tersisa untuk diukur",
    ),
    (
        "shares sum to {}, not 1; adjust the `share` of each [[{}]] so they add up to 1",
        "jumlah proporsinya {}, bukan 1; sesuaikan `share` setiap [[{}]] agar berjumlah 1",
    ),
    (
        "initial pool shares sum to {}, not 1; adjust the `initial_pool_share` of each [[zone]] so they add up to 1",
        "jumlah proporsi antrean awal {}, bukan 1; sesuaikan `initial_pool_share` setiap [[zone]] agar berjumlah 1",
    ),
    (
        "some zones give `initial_pool_share` and some do not; give it for every [[zone]] or for none",
        "sebagian zona memberi `initial_pool_share` dan sebagian tidak; berikan untuk setiap [[zone]] atau tidak sama sekali",
    ),
    (
        "shares sum to {}, not 1; adjust them so they add up to 1",
        "jumlah proporsinya {}, bukan 1; sesuaikan agar berjumlah 1",
    ),
    ("rejected_share + sent_home_share exceed 1", "rejected_share + sent_home_share melebihi 1"),
    (
        "is above 10 million a week; check the unit (people per week)",
        "melebihi 10 juta per minggu; periksa satuannya (orang per minggu)",
    ),
    (
        "is above 10 million people; check the unit (people waiting at the start)",
        "melebihi 10 juta orang; periksa satuannya (orang yang menunggu di awal)",
    ),
    (
        "gives more than {} appointments in one slot; check the quota (appointments per day, split over {} slots)",
        "memberi lebih dari {} jadwal dalam satu slot; periksa kuotanya (jadwal per hari, dibagi ke {} slot)",
    ),
    (
        "({}) is above {} a day; check the number (walk-ins per day)",
        "({}) melebihi {} per hari; periksa angkanya (pemohon langsung per hari)",
    ),
    // Distributions and lists.
    (
        "needs at least two [value, cumulative share] points, starting at share 0 and ending at 1",
        "memerlukan sekurang-kurangnya dua titik [nilai, proporsi kumulatif], mulai dari proporsi 0 dan berakhir di 1",
    ),
    ("is empty; give at least one value", "kosong; berikan sekurang-kurangnya satu nilai"),
    ("`{}` is listed twice", "`{}` tercantum dua kali"),
    ("`{}` is used by another product; names must be unique", "`{}` sudah dipakai produk lain; nama harus unik"),
    // Clock, dates and the calendar.
    (
        "`{}` is not a clock time; write it as HH:MM between 00:00 and 24:00, e.g. \"08:00\"",
        "`{}` bukan jam; tulis sebagai JJ:MM antara 00:00 dan 24:00, misalnya \"08:00\"",
    ),
    (
        "close ({}) is not after open ({}); make close later than open",
        "jam tutup ({}) tidak setelah jam buka ({}); jadikan jam tutup lebih akhir",
    ),
    (
        "break {} is outside opening hours {}; move it inside",
        "istirahat {} di luar jam layanan {}; pindahkan ke dalamnya",
    ),
    ("{} is outside opening hours {}; move it inside", "{} di luar jam layanan {}; pindahkan ke dalamnya"),
    (
        "break {} covers all opening hours {}, so nobody is served on {}; shorten it, or take the day out of calendar.workdays",
        "istirahat {} menutupi seluruh jam layanan {}, sehingga tidak ada yang dilayani pada {}; persingkat, atau keluarkan hari itu dari calendar.workdays",
    ),
    (
        "`{}` ends before it starts; write the earlier time first",
        "`{}` berakhir sebelum dimulai; tulis waktu yang lebih awal terlebih dahulu",
    ),
    ("`{}` is not a weekday; use one of {}", "`{}` bukan nama hari; gunakan salah satu dari {}"),
    (
        "`{}` is not a date; write it as YYYY-MM-DD, e.g. \"{}\"",
        "`{}` bukan tanggal; tulis sebagai TTTT-BB-HH, misalnya \"{}\"",
    ),
    ("{} is a {}; the horizon starts on a Monday", "{} jatuh pada hari {}; periode simulasi dimulai pada hari Senin"),
    (
        "closes every working day after the warm-up, so nothing is left to measure; remove some closures or lengthen scenario.weeks",
        "menutup setiap hari kerja setelah masa pemanasan, sehingga tidak ada yang tersisa untuk diukur; hapus sebagian hari tutup atau perpanjang scenario.weeks",
    ),
    (
        "week {} is beyond the horizon of {} weeks; remove the closure, or lengthen scenario.weeks",
        "minggu ke-{} di luar periode simulasi {} minggu; hapus hari tutup itu, atau perpanjang scenario.weeks",
    ),
    (
        "lists {}, not in calendar.workdays: the office is closed then anyway",
        "mencantumkan {}, yang bukan hari kerja menurut calendar.workdays: kantor memang tutup pada hari itu",
    ),
    (
        "lists {}, not in calendar.workdays: this period has no effect then",
        "mencantumkan {}, yang bukan hari kerja menurut calendar.workdays: periode ini tidak berpengaruh pada hari itu",
    ),
    // Lanes, quotas and slots.
    (
        "`{}` is not a lane; use online, priority or express",
        "`{}` bukan jalur layanan; gunakan online, priority, atau express",
    ),
    ("slots {} must start within opening hours {}", "slot {} harus dimulai di dalam jam layanan {}"),
    (
        "must be after opening ({}) and no later than closing ({}): express applicants pay while the office is open",
        "harus setelah jam buka ({}) dan paling lambat jam tutup ({}): pemohon percepatan membayar selama kantor buka",
    ),
    (
        "must be after opening ({}) and no later than closing ({})",
        "harus setelah jam buka ({}) dan paling lambat jam tutup ({})",
    ),
    (
        "({}) must be after opening ({}) and no later than closing ({}): express applicants pay while the office is open",
        "({}) harus setelah jam buka ({}) dan paling lambat jam tutup ({}): pemohon percepatan membayar selama kantor buka",
    ),
    (
        "({}) is not after the express window opens ({}), so nobody could pay in time to be printed the same day; set it later",
        "({}) tidak setelah loket percepatan dibuka ({}), sehingga tidak ada yang sempat membayar agar paspornya dicetak hari itu juga; atur lebih akhir",
    ),
    (
        "sends {} of new applicants to the express lane, but the scenario has no [lanes.express]; set it to 0 or add the lane",
        "mengarahkan {} pemohon baru ke jalur percepatan, padahal skenario tidak memiliki [lanes.express]; atur menjadi 0 atau tambahkan jalurnya",
    ),
    (
        "({}) reaches beyond the horizon of {} days, so no booked appointment would fall inside it; release fewer days ahead or lengthen scenario.weeks",
        "({}) melampaui periode simulasi {} hari, sehingga tidak ada jadwal terpesan yang jatuh di dalamnya; buka kuota untuk lebih sedikit hari ke depan atau perpanjang scenario.weeks",
    ),
    (
        "hour {} is outside the hours these walk-ins may arrive in ({}): the office or the lane's window is closed then; move its share inside",
        "jam {} di luar jam kedatangan pemohon langsung ini ({}): kantor atau loket jalurnya tutup pada jam itu; pindahkan proporsinya ke dalam",
    ),
    (
        "is given with per_day; keep one: `per_day = N` for a Poisson number with mean N, `count = N` for exactly N a day",
        "diberikan bersama per_day; pilih salah satu: `per_day = N` untuk jumlah acak Poisson dengan rata-rata N, `count = N` untuk tepat N per hari",
    ),
    (
        "gives no number of arrivals; add `per_day = N` (a Poisson number with mean N) or `count = N` (exactly N a day)",
        "tidak memberi jumlah kedatangan; tambahkan `per_day = N` (jumlah acak Poisson dengan rata-rata N) atau `count = N` (tepat N per hari)",
    ),
    ("has no effect: the scenario has no [lanes.{}]", "tidak berpengaruh: skenario tidak memiliki [lanes.{}]"),
    // Stages.
    (
        "stage `{}` has no counters on {} while applicants must pass it; give it at least 1",
        "tahap `{}` tidak memiliki loket pada {} padahal pemohon harus melaluinya; beri sekurang-kurangnya 1",
    ),
    (
        "no stage serves the `{}` lane; add it to a stage's `lanes`",
        "tidak ada tahap yang melayani jalur `{}`; tambahkan ke `lanes` salah satu tahap",
    ),
    ("has no effect: stage `{}` does not serve the {} lane", "tidak berpengaruh: tahap `{}` tidak melayani jalur {}"),
    // Policies.
    (
        "cannot change in a policy or sweep point ({} here, {} in the base): every variant of a comparison runs over the same horizon, so that its replications pair with the base's; set the horizon for all of them in [scenario] or with --weeks",
        "tidak dapat diubah dalam kebijakan atau titik sapuan ({} di sini, {} pada dasar): setiap varian perbandingan berjalan pada periode yang sama agar replikasinya berpasangan dengan replikasi dasar; atur periodenya untuk semua di [scenario] atau dengan --weeks",
    ),
    (
        "cannot change in a policy or sweep point ({} here, {} in the base): every variant is measured over the same weeks; set the warm-up for all of them in [scenario]",
        "tidak dapat diubah dalam kebijakan atau titik sapuan ({} di sini, {} pada dasar): setiap varian diukur pada minggu yang sama; atur masa pemanasan untuk semua di [scenario]",
    ),
    (
        "cannot change in a policy or sweep point ({} here, {} in the base): every variant simulates the same dates; to simulate another period, write a second scenario file and compare the two files (quotasim compare A.toml B.toml)",
        "tidak dapat diubah dalam kebijakan atau titik sapuan ({} di sini, {} pada dasar): setiap varian menyimulasikan tanggal yang sama; untuk periode lain, tulis berkas skenario kedua dan bandingkan keduanya (quotasim compare A.toml B.toml)",
    ),
    (
        "cannot change in a policy or sweep point: it names and describes the whole run; a policy has its own `name` and `description` beside `set`",
        "tidak dapat diubah dalam kebijakan atau titik sapuan: kunci ini menamai dan menjelaskan seluruh simulasi; kebijakan memiliki `name` dan `description` sendiri di samping `set`",
    ),
    (
        "cannot change in a policy or sweep point: every variant draws from the base's seed, so that their differences are paired (common random numbers); use --seed to change it for the whole run",
        "tidak dapat diubah dalam kebijakan atau titik sapuan: setiap varian memakai benih acak dasar agar selisihnya berpasangan (bilangan acak bersama); gunakan --seed untuk mengubahnya bagi seluruh simulasi",
    ),
    (
        "cannot change in a policy or sweep point: every variant runs the same replications, each paired with the base's; use --replications or set it in [scenario]",
        "tidak dapat diubah dalam kebijakan atau titik sapuan: setiap varian menjalankan replikasi yang sama, masing-masing berpasangan dengan replikasi dasar; gunakan --replications atau atur di [scenario]",
    ),
    // Names and the output folder.
    (
        "`{}` cannot name the output folder output/<name>/; use letters, digits, `-` and `_`",
        "`{}` tidak dapat menjadi nama folder keluaran output/<name>/; gunakan huruf, angka, `-`, dan `_`",
    ),
    // The network.
    (
        "has no travel time to {}; give the one-way hours to every site, e.g. {}",
        "tidak memiliki waktu tempuh ke {}; berikan waktu tempuh sekali jalan (jam) ke setiap lokasi, misalnya {}",
    ),
    (
        "`{}` is not a site of the network; name one of: {}",
        "`{}` bukan lokasi dalam jaringan; sebutkan salah satu dari: {}",
    ),
    // Warnings: legal but unwise settings.
    (
        "{} is outside the horizon ({} onwards, {} weeks): the site does not open that day",
        "{} di luar periode simulasi ({} dan seterusnya, {} minggu): lokasi tidak buka pada hari itu",
    ),
    (
        "`{}` is not in calendar.workdays, so this break has no effect; remove it or add the day",
        "`{}` bukan hari kerja menurut calendar.workdays, sehingga istirahat ini tidak berpengaruh; hapus, atau tambahkan harinya",
    ),
    (
        "{} is a {}, not in calendar.workdays: the office is closed that day anyway",
        "{} jatuh pada hari {}, bukan hari kerja menurut calendar.workdays: kantor memang tutup pada hari itu",
    ),
    (
        "{} is outside the horizon ({} to {}), so this closure has no effect; remove it, or move scenario.start_date or scenario.weeks",
        "{} di luar periode simulasi ({} sampai {}), sehingga hari tutup ini tidak berpengaruh; hapus, atau geser scenario.start_date atau scenario.weeks",
    ),
    (
        "{} to {} overlaps calendar.seasons[{}] ({} to {}): their factors multiply on the days they share; if that is not meant, make the periods meet without overlapping",
        "{} sampai {} tumpang tindih dengan calendar.seasons[{}] ({} sampai {}): faktornya dikalikan pada hari yang sama; bila tidak dimaksudkan, buat periodenya bersambung tanpa tumpang tindih",
    ),
    (
        "{} to {} is outside the horizon ({} to {}), so this season has no effect; remove it, or move scenario.start_date or scenario.weeks",
        "{} sampai {} di luar periode simulasi ({} sampai {}), sehingga musim ini tidak berpengaruh; hapus, atau geser scenario.start_date atau scenario.weeks",
    ),
    (
        "{} is outside opening hours {}: nobody is admitted then, so this period has no effect",
        "{} di luar jam layanan {}: tidak ada pemohon yang diterima pada waktu itu, sehingga periode ini tidak berpengaruh",
    ),
    ("must be a number greater than 0, not {}", "harus bilangan lebih besar dari 0, bukan {}"),
    (
        "no lane visits stage `{}`: it serves {}, which the scenario does not have; remove the stage, or add the lane",
        "tidak ada jalur yang melewati tahap `{}`: tahap ini melayani {}, yang tidak ada dalam skenario; hapus tahapnya, atau tambahkan jalurnya",
    ),
    (
        "has a mean of {} min, longer than the opening hours ({} min): check the unit (minutes per applicant)",
        "rata-ratanya {} menit, lebih lama daripada jam layanan ({} menit): periksa satuannya (menit per pemohon)",
    ),
    (
        "has no effect: new applicants book through the app, and the scenario has no [lanes.online]; remove [demand] or add the lane",
        "tidak berpengaruh: pemohon baru memesan lewat aplikasi, padahal skenario tidak memiliki [lanes.online]; hapus [demand] atau tambahkan jalurnya",
    ),
    (
        "has no effect: the scenario has no [lanes.online]; remove [booking] or add the lane",
        "tidak berpengaruh: skenario tidak memiliki [lanes.online]; hapus [booking] atau tambahkan jalurnya",
    ),
    (
        "is {}, but the scenario has no [lanes.express]: those who would switch to express leave instead; set it to 0 or add the lane",
        "bernilai {}, padahal skenario tidak memiliki [lanes.express]: pemohon yang akan beralih ke layanan percepatan pergi; atur menjadi 0 atau tambahkan jalurnya",
    ),
    (
        "releases {} more places than the quota while {} of booked applicants do not come: on average more people come than the quota; keep it at or below lanes.online.no_show_share",
        "membuka {} tempat di atas kuota, sementara {} pemohon yang memesan tidak hadir: rata-rata yang datang lebih banyak daripada kuota; jaga agar tidak melebihi lanes.online.no_show_share",
    ),
    (
        "is 1: no booking is ever paid, so nobody comes to an appointment",
        "bernilai 1: tidak ada pemesanan yang dibayar, sehingga tidak ada yang datang ke jadwalnya",
    ),
    (
        "the last slot ({}–{}) ends after closing ({}): its holders arrive as the office closes; end the slots by closing",
        "slot terakhir ({}–{}) berakhir setelah jam tutup ({}): pemegangnya datang saat kantor tutup; akhiri slot paling lambat jam tutup",
    ),
    (
        "gives no appointment on any working day, so nobody is served online; give a quota, or remove [lanes.online]",
        "tidak memberi jadwal pada hari kerja mana pun, sehingga tidak ada pemohon daring yang dilayani; beri kuota, atau hapus [lanes.online]",
    ),
    (
        "hour {} ({}–{}) is before opening ({}): these walk-ins wait at the door until the office opens; if they do not, move the share into opening hours",
        "jam {} ({}–{}) sebelum jam buka ({}): pemohon langsung ini menunggu di depan pintu sampai kantor buka; bila tidak, pindahkan proporsinya ke jam layanan",
    ),
    // Notes of the summary and comparison tables.
    (
        "undefined in all {} replications: nothing to measure there (see the KPI's definition)",
        "tidak terdefinisi di semua {} replikasi: tidak ada yang dapat diukur (lihat definisi indikatornya)",
    ),
    (
        "undefined in all {} replications of the policy or the baseline: nothing to measure there (see the KPI's definition)",
        "tidak terdefinisi di semua {} replikasi kebijakan atau dasar: tidak ada yang dapat diukur (lihat definisi indikatornya)",
    ),
    ("undefined in {} of {} replications, left out", "tidak terdefinisi di {} dari {} replikasi, tidak diikutkan"),
    (
        "{} of {} replications left out: undefined in the policy or the baseline there",
        "{} dari {} replikasi tidak diikutkan: tidak terdefinisi pada kebijakan atau dasar",
    ),
    ("one value: no interval", "satu nilai: tanpa selang"),
    ("one replication: no interval", "satu replikasi: tanpa selang"),
    (
        "the same in every replication of both: no spread, no interval width to narrow",
        "sama di setiap replikasi keduanya: tanpa sebaran, tidak ada lebar selang yang dapat dipersempit",
    ),
    // quotasim optimise: statuses, reasons, monotone pruning and costs. A reason on
    // fresh replications comes before the search's, which would swallow it.
    ("best", "terbaik"),
    ("failed confirmation", "gagal dikonfirmasi"),
    ("not confirmed", "tidak terkonfirmasi"),
    ("feasible", "layak"),
    ("infeasible", "tidak layak"),
    ("not shown feasible", "tidak terbukti layak"),
    ("pruned (monotone)", "dipangkas (monoton)"),
    ("not run", "tidak dijalankan"),
    (
        "costs at least as much as the confirmed best",
        "biayanya sekurang-kurangnya sama dengan yang terbaik yang telah dikonfirmasi",
    ),
    ("every target met in the search", "semua target terpenuhi dalam pencarian"),
    ("not confirmed: the best costs less", "tidak dikonfirmasi: yang terbaik lebih murah"),
    ("not confirmed: the best has a better cost KPI", "tidak dikonfirmasi: indikator biaya yang terbaik lebih baik"),
    (
        "on {} fresh replications {} missed: mean {}, bounds {} to {}",
        "pada {} replikasi baru {} tidak terpenuhi: rata-rata {}, batas {} s.d. {}",
    ),
    (
        "on {} fresh replications {} still undecided at the cap: mean {}, bounds {} to {}",
        "pada {} replikasi baru {} masih belum dapat diputuskan pada batas replikasi: rata-rata {}, batas {} s.d. {}",
    ),
    ("{} missed: mean {}, bounds {} to {}", "{} tidak terpenuhi: rata-rata {}, batas {} s.d. {}"),
    (
        "{} still undecided at the cap: mean {}, bounds {} to {}",
        "{} masih belum dapat diputuskan pada batas replikasi: rata-rata {}, batas {} s.d. {}",
    ),
    (
        "implied by {}, which misses {}: fewer counters cannot shorten it",
        "tersirat dari {}, yang tidak memenuhi {}: loket yang lebih sedikit tidak dapat mempersingkatnya",
    ),
    (
        "cheapest candidate that met every target, confirmed on {} fresh replications",
        "kandidat termurah yang memenuhi semua target, dikonfirmasi dengan {} replikasi baru",
    ),
    (
        "best cost KPI among the feasible, confirmed on {} fresh replications",
        "indikator biaya terbaik di antara yang layak, dikonfirmasi dengan {} replikasi baru",
    ),
    (
        "on for {}: a stage serving one lane in order of arrival, nobody sent home to come back, so more counters there lengthen no wait",
        "dipakai untuk {}: tahap yang melayani satu jalur menurut urutan kedatangan, tanpa pemohon yang dipulangkan lalu kembali, sehingga menambah loket di sana tidak memperpanjang waktu tunggu siapa pun",
    ),
    ("off: `{}` is not a stage's counters", "tidak dipakai: `{}` bukan jumlah loket sebuah tahap"),
    ("off: not proven for a network of sites", "tidak dipakai: tidak terbukti untuk jaringan lokasi"),
    (
        "off: applicants sent home come back (outcomes.sent_home_share above 0), so the office's pace changes who arrives later",
        "tidak dipakai: pemohon yang dipulangkan datang kembali (outcomes.sent_home_share di atas 0), sehingga laju kantor mengubah siapa yang datang kemudian",
    ),
    (
        "off: stage `{}` serves {} lanes by priority, where another counter can lengthen a lane's wait",
        "tidak dipakai: tahap `{}` melayani {} jalur menurut prioritas, dan di sana tambahan loket dapat memperpanjang waktu tunggu sebuah jalur",
    ),
    (
        "off: `{}` is not a wait, queue or time in office that more counters at stage `{}` are proven not to lengthen",
        "tidak dipakai: `{}` bukan waktu tunggu, antrean, atau waktu di kantor yang terbukti tidak diperpanjang oleh tambahan loket di tahap `{}`",
    ),
    (
        "off: no --vary key is a stage's counters",
        "tidak dipakai: tidak ada kunci --vary yang berupa jumlah loket sebuah tahap",
    ),
    (
        "no candidate met every target with 95% confidence; the closest, {}, misses {} by {} (95% bound {})",
        "tidak ada kandidat yang memenuhi semua target dengan keyakinan 95%; yang terdekat, {}, tidak memenuhi {} sebesar {} (batas 95% {})",
    ),
    ("no candidate met every target", "tidak ada kandidat yang memenuhi semua target"),
    (
        "counter-hours staffed per week (opening hours, every stage)",
        "jam-loket yang dijaga per minggu (jam layanan, semua tahap)",
    ),
    ("maximise {}", "maksimalkan {}"),
    ("minimise {}", "minimalkan {}"),
    // The command line.
    ("--policy {}: no such policy in {}; choose from {}", "--policy {}: tidak ada kebijakan itu di {}; pilih dari {}"),
    (
        "--kpi {}: no such KPI here; `quotasim kpis` lists them",
        "--kpi {}: indikator itu tidak ada di sini; `quotasim kpis` mendaftar semuanya",
    ),
    ("--set {}: write KEY=FROM..TO:STEP, e.g. {}", "--set {}: tulis KUNCI=DARI..SAMPAI:LANGKAH, misalnya {}"),
    ("give one or two --set options", "berikan satu atau dua opsi --set"),
    (
        "--shard {}: no replications left for this shard ({} in all)",
        "--shard {}: tidak ada replikasi tersisa untuk bagian ini ({} seluruhnya)",
    ),
    ("cannot write the run folder: {}", "folder hasil simulasi tidak dapat ditulis: {}"),
    // A site's office, a policy or a sweep point that changes what must stay fixed.
    (
        "cannot change at a site: every site runs over the network's horizon, dates and seed; set it in [scenario]",
        "tidak dapat diubah di satu lokasi: setiap lokasi berjalan pada periode, tanggal dan seed jaringan; atur di [scenario]",
    ),
    (
        "`{}` cannot be written inside a site's office; [network], [[site]], [[zone]] and [[policy]] go at the top of the file",
        "`{}` tidak dapat ditulis di dalam office suatu lokasi; [network], [[site]], [[zone]] dan [[policy]] ditulis di tingkat atas berkas",
    ),
    (
        "booking.mode: a network's sites share the app's simulated booking; remove it from the site's office",
        "booking.mode: lokasi-lokasi jaringan berbagi pemesanan aplikasi yang disimulasikan; hapus dari office lokasi itu",
    ),
    (
        "cannot change in a policy or sweep point: it {} the scenario, and a network's tables differ from a single office's; write the network in a scenario file of its own",
        "tidak dapat diubah dalam kebijakan atau titik sapuan: ia {} skenario, dan tabel jaringan berbeda dari tabel satu kantor; tulis jaringan dalam berkas skenario tersendiri",
    ),
    (
        "compare {}: a network and a single office have different tables; compare networks with networks and offices with offices",
        "compare {}: jaringan dan satu kantor memiliki tabel yang berbeda; bandingkan jaringan dengan jaringan dan kantor dengan kantor",
    ),
    (
        "replications = {} is not a count a run writes (1 to 1000000); give --replications, or use the run.json the run wrote",
        "replications = {} bukan jumlah yang ditulis suatu run (1 sampai 1000000); berikan --replications, atau gunakan run.json yang ditulis run itu",
    ),
    // Grids: counted before they are built.
    (
        "--set {}: {} grid points; use a larger STEP (at most 1,000 points)",
        "--set {}: {} titik kisi; gunakan LANGKAH yang lebih besar (paling banyak 1.000 titik)",
    ),
    (
        "--set {}: {} grid points in all; use larger steps or fewer values (at most {} points)",
        "--set {}: seluruhnya {} titik kisi; gunakan langkah yang lebih besar atau nilai yang lebih sedikit (paling banyak {} titik)",
    ),
    (
        "--set {}: the key is given twice; sweep each key once",
        "--set {}: kuncinya diberikan dua kali; sapu setiap kunci sekali",
    ),
    (
        "--vary {}: the key is given twice; vary each key once",
        "--vary {}: kuncinya diberikan dua kali; variasikan setiap kunci sekali",
    ),
    (
        "--vary {}: {} values; narrow the range or use a larger STEP (at most {} candidates)",
        "--vary {}: {} nilai; persempit rentangnya atau gunakan LANGKAH yang lebih besar (paling banyak {} kandidat)",
    ),
    // Counts the model holds.
    (
        "has {} stages, more than {}; merge stages into fewer",
        "memiliki {} tahap, lebih dari {}; gabungkan tahap menjadi lebih sedikit",
    ),
    ("has {} products, more than {}", "memiliki {} produk, lebih dari {}"),
    (
        "({}) is above {} rupiah; check the unit (rupiah per application)",
        "({}) melebihi {} rupiah; periksa satuannya (rupiah per permohonan)",
    ),
    (
        "has {} sites, more than {}; model the network in parts",
        "memiliki {} lokasi, lebih dari {}; modelkan jaringan per bagian",
    ),
    (
        "has {} zones, more than {}; group them into fewer",
        "memiliki {} zona, lebih dari {}; kelompokkan menjadi lebih sedikit",
    ),
    // Names.
    ("is empty; give the {} a name", "kosong; beri {} itu nama"),
    (
        "`{}` cannot name a {}: use 1 to {} letters, digits, `-` and `_`",
        "`{}` tidak dapat menjadi nama {}: gunakan 1 sampai {} huruf, angka, `-` dan `_`",
    ),
    (
        "`{}` is reserved: quotasim's tables use it; give the {} another name",
        "`{}` adalah kata khusus: tabel quotasim memakainya; beri {} itu nama lain",
    ),
    // The --out folder: what may be replaced.
    (
        "is a folder quotasim did not write (it has no run.json of quotasim's), and writing there replaces the whole folder; choose another --out, or add --force to replace it",
        "adalah folder yang tidak ditulis quotasim (tidak ada run.json dari quotasim), dan menulis ke sana mengganti seluruh folder; pilih --out lain, atau tambahkan --force untuk menggantinya",
    ),
    (
        "holds {}, an input of this command; write the run into another folder (--force never replaces a folder holding an input)",
        "memuat {}, masukan perintah ini; tulis hasil ke folder lain (--force tidak pernah mengganti folder yang memuat masukan)",
    ),
    (
        "is the current folder or holds it; write the run into a folder of its own, e.g. --out output/run",
        "adalah folder kerja saat ini atau memuatnya; tulis hasil ke folder tersendiri, misalnya --out output/run",
    ),
    (
        "is a symbolic link to {}, which does not exist; create that folder, or choose another --out",
        "adalah tautan simbolik ke {}, yang tidak ada; buat folder itu, atau pilih --out lain",
    ),
    (
        "is the root of the file system; choose a folder of its own, e.g. --out output/run",
        "adalah akar sistem berkas; pilih folder tersendiri, misalnya --out output/run",
    ),
    ("does not name a folder ({})", "tidak menamai sebuah folder ({})"),
];

/// One piece of a template.
enum Piece<'a> {
    Text(&'a str),
    /// A value, copied as it is.
    Value,
    /// A message inside the message, translated in turn.
    Message,
}

fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        let hole = if rest[at..].starts_with("{}") {
            Some((Piece::Value, 2))
        } else if rest[at..].starts_with("{m}") {
            Some((Piece::Message, 3))
        } else {
            None
        };
        match hole {
            Some((piece, len)) => {
                if at > 0 {
                    out.push(Piece::Text(&rest[..at]));
                }
                out.push(piece);
                rest = &rest[at + len..];
            }
            // A literal brace (e.g. `{ from = ... }` in an example).
            None => {
                out.push(Piece::Text(&rest[..=at]));
                rest = &rest[at + 1..];
            }
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// The values of `text` for the holes of `pieces` if the whole of `text` matches
/// (each hole as short as the rest allows).
fn matches<'t>(pieces: &[Piece], text: &'t str) -> Option<Vec<&'t str>> {
    match pieces.split_first() {
        None => text.is_empty().then(Vec::new),
        Some((Piece::Text(t), rest)) => matches(rest, text.strip_prefix(t)?),
        Some((_, rest)) => {
            let ends: Vec<usize> = match rest.first() {
                None => vec![text.len()],
                Some(Piece::Text(next)) => text.match_indices(next).map(|(i, _)| i).collect(),
                // Two holes side by side do not occur in the catalogue.
                Some(_) => return None,
            };
            ends.into_iter().find_map(|end| {
                let mut values = matches(rest, &text[end..])?;
                values.insert(0, &text[..end]);
                Some(values)
            })
        }
    }
}

/// A value as Indonesian writes it: weekday names (`fri`, `mon, tue`, `Tue`) in
/// Indonesian, a decimal number (`10.7921`) with a decimal comma; any other value
/// (a path, a key, a clock time, a date) as it is.
fn value_id(value: &str) -> String {
    let names = crate::scenario::clock::WEEKDAYS;
    let indonesian = super::messages::messages(Lang::Id).weekdays;
    let day = |d: &str| names.iter().position(|n| n.eq_ignore_ascii_case(d)).map(|i| indonesian[i]);
    if let Some(days) = value.split(", ").map(day).collect::<Option<Vec<&str>>>() {
        return days.join(", ");
    }
    if value.contains('.') && value.parse::<f64>().is_ok_and(f64::is_finite) {
        return value.replace('.', ",");
    }
    value.to_string()
}

/// `message` (without its location) in Indonesian, if the catalogue has it.
fn message_id(message: &str) -> Option<String> {
    CATALOGUE.iter().find_map(|(english, indonesian)| {
        let english = pieces(english);
        let values = matches(&english, message)?;
        let mut values = values.into_iter();
        let mut out = String::new();
        for piece in pieces(indonesian) {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Value => out.push_str(&value_id(values.next()?)),
                Piece::Message => out.push_str(&line_id(values.next()?)?),
            }
        }
        Some(out)
    })
}

/// One line of an error or warning (`location: key: message`) in Indonesian: the
/// longest tail after a `": "` that the catalogue knows is translated, what comes
/// before it kept; `None` if no tail is known.
fn line_id(line: &str) -> Option<String> {
    let starts = std::iter::once(0).chain(line.match_indices(": ").map(|(i, _)| i + 2));
    starts.into_iter().find_map(|at| message_id(&line[at..]).map(|said| format!("{}{said}", &line[..at])))
}

/// An error or warning text (one or more lines) in `lang`; a line the catalogue
/// does not know stays as it is.
pub fn said(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => text.to_string(),
        Lang::Id => text.lines().map(|l| line_id(l).unwrap_or_else(|| l.to_string())).collect::<Vec<_>>().join("\n"),
    }
}

/// A table's note (phrases joined by "; ") in `lang`, phrase by phrase.
pub fn said_in_parts(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => text.to_string(),
        Lang::Id => {
            let parts = text.split("; ").map(|p| message_id(p).unwrap_or_else(|| p.to_string()));
            parts.collect::<Vec<_>>().join("; ")
        }
    }
}

/// Whether the catalogue says `line` in Indonesian (for the tests of its coverage).
pub fn known(line: &str) -> bool {
    line_id(line).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_said_with_its_values_its_location_kept_and_a_nested_one_translated() {
        let line = "bad.toml:6:1: policy[0].set: policy `more`: scenario.weeks: must be at least 1";
        assert_eq!(
            said(Lang::Id, line),
            "bad.toml:6:1: policy[0].set: kebijakan `more`: scenario.weeks: sekurang-kurangnya 1"
        );
        assert_eq!(
            said(Lang::Id, "a.toml:5:14: x.per_day: must be a finite number ≥ 0, not -5"),
            "a.toml:5:14: x.per_day: harus bilangan hingga ≥ 0, bukan -5"
        );
        assert_eq!(
            said(Lang::Id, "a.toml:5:1: scenario.start_date: 2025-01-07 is a Tue; the horizon starts on a Monday"),
            "a.toml:5:1: scenario.start_date: 2025-01-07 jatuh pada hari Sel; periode simulasi dimulai pada hari Senin"
        );
        assert_eq!(
            said(Lang::Id, "a.toml:6:1: lanes.online.no_show_share: must be a share between 0 and 1, not 1.5"),
            "a.toml:6:1: lanes.online.no_show_share: harus proporsi antara 0 dan 1, bukan 1,5"
        );
        // Unknown text stays; English is untouched.
        assert_eq!(said(Lang::Id, "a.toml: something new"), "a.toml: something new");
        assert_eq!(said(Lang::En, line), line);
        assert!(!known("a.toml: something new"));
        // A message nested in a site's is said with the site's words too.
        assert_eq!(
            said(
                Lang::Id,
                "k.toml (sweep point x=1): site[0].office.scenario.weeks: site `A`: scenario.weeks: cannot change at a site: every site runs over the network's horizon, dates and seed; set it in [scenario]"
            ),
            "k.toml (sweep point x=1): site[0].office.scenario.weeks: lokasi `A`: scenario.weeks: tidak dapat diubah di satu lokasi: setiap lokasi berjalan pada periode, tanggal dan seed jaringan; atur di [scenario]"
        );
        assert_eq!(
            said_in_parts(Lang::Id, "undefined in 2 of 5 replications, left out; one value: no interval"),
            "tidak terdefinisi di 2 dari 5 replikasi, tidak diikutkan; satu nilai: tanpa selang"
        );
    }

    #[test]
    fn a_brace_that_is_not_a_hole_is_text() {
        let line = "stage[0].counters: expected a number of counters (e.g. 3) or a list of periods like [{ from = \"08:00\", to = \"12:00\", n = 6 }]";
        assert!(
            said(Lang::Id, line).contains("seharusnya jumlah loket (misalnya 3) atau daftar periode seperti [{ from")
        );
    }
}
