//! The command line's own errors, optimise's statuses and the tables' notes said in
//! Bahasa Indonesia (`--lang id`), the messages not yet made typed.
//!
//! A scenario's problems and warnings are typed messages said at the edge
//! (`scenario::Msg`); the messages here are still made in English where they are
//! found and, under `--lang id`, matched against the catalogue below, a template per
//! message with `{}` for each value, and said again with the values in the Indonesian
//! template. A value is copied as it is (a name stays as written), a decimal number
//! takes the decimal comma. A line is `location: key: message`; what comes before
//! the message is kept. A message the catalogue lacks stays in English; the test of
//! the command line's errors in `tests/integration/screen_and_report_in_both_languages.rs` fails on it.

use super::lang::Lang;

/// (English template, Indonesian template). Order matters only where one template
/// is a prefix of another: the first that matches the whole message is used.
const CATALOGUE: &[(&str, &str)] = &[
    // A what-if's `--set`.
    (
        "--set {}: write KEY=VALUE in the policy key syntax, e.g. stage.biometrics.counters=7",
        "--set {}: tulis KUNCI=NILAI dengan sintaks kunci kebijakan, misalnya stage.biometrics.counters=7",
    ),
    (
        "--set: the scenario has a policy called `{}`, the label of the what-if; rename the policy",
        "--set: skenario ini memiliki kebijakan bernama `{}`, label untuk what-if; ganti nama kebijakan itu",
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
    // quotasim optimise: reasons, monotone pruning and costs (its statuses are typed,
    // `report::optimise::Status`). A reason on
    // fresh replications comes before the search's, which would swallow it.
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
    // Files that cannot go together, and a run.json that cannot be read back.
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
}

fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        let hole = rest[at..].starts_with("{}").then_some((Piece::Value, 2));
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

/// A value as Indonesian writes it: a decimal number (`10.7921`) with a decimal
/// comma; any other value (a name, a path, a key, a clock time, a date) as it is.
fn value_id(value: &str) -> String {
    if value.contains('.') && value.parse::<f64>().is_ok_and(f64::is_finite) {
        return crate::text::number::with_mark(Lang::Id, value);
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
    fn a_message_is_said_with_its_values_and_its_location_kept() {
        let line = "--policy fri: no such policy in a.toml; choose from base, more";
        assert_eq!(said(Lang::Id, line), "--policy fri: tidak ada kebijakan itu di a.toml; pilih dari base, more");
        assert_eq!(
            said(Lang::Id, "out: is the root of the file system; choose a folder of its own, e.g. --out output/run"),
            "out: adalah akar sistem berkas; pilih folder tersendiri, misalnya --out output/run"
        );
        // Unknown text stays; English is untouched.
        assert_eq!(said(Lang::Id, "a.toml: something new"), "a.toml: something new");
        assert_eq!(said(Lang::En, line), line);
        assert!(!known("a.toml: something new"));
        assert_eq!(
            said_in_parts(Lang::Id, "undefined in 2 of 5 replications, left out; one value: no interval"),
            "tidak terdefinisi di 2 dari 5 replikasi, tidak diikutkan; satu nilai: tanpa selang"
        );
        assert_eq!(said_in_parts(Lang::Id, "maximise 10.5"), "maksimalkan 10,5");
    }
}
