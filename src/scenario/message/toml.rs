//! The TOML reader's own English, said again in Indonesian. serde and toml name a
//! syntax or type error in their words (`invalid type: string "x", expected u32`);
//! these few phrases are the only text quotasim matches, each a template with `{}`
//! for a value that is copied as it is (a key, a type, the list of expected keys).
//! A phrase the list lacks stays in the reader's English.

/// (English template of the TOML reader, Indonesian template).
const PHRASES: &[(&str, &str)] = &[
    ("invalid basic string, expected `{}`", "teks tidak tertutup dengan benar, seharusnya `{}`"),
    ("key with no value, expected `=`", "kunci tanpa nilai, seharusnya ada `=`"),
    ("duplicate key", "kunci ditulis dua kali"),
    ("invalid type: {}, expected {}", "jenis nilai salah: {}, seharusnya {}"),
    ("unknown field `{}`, expected one of {}", "kunci `{}` tidak dikenal, seharusnya salah satu dari {}"),
    ("unknown field `{}`, expected {}", "kunci `{}` tidak dikenal, seharusnya {}"),
    ("unknown field `{}`, there are no fields", "kunci `{}` tidak dikenal, bagian ini tidak memiliki kunci"),
    ("unknown variant `{}`, expected one of {}", "nilai `{}` tidak dikenal, seharusnya salah satu dari {}"),
    ("unknown variant `{}`, expected {}", "nilai `{}` tidak dikenal, seharusnya {}"),
    ("missing field `{}`", "kunci `{}` tidak ada"),
    ("invalid value: {}, expected {}", "nilai salah: {}, seharusnya {}"),
    ("invalid length {}, expected {}", "panjang salah {}, seharusnya {}"),
    // The scenario format's own expectation (a stage's `counters`), said through serde.
    (
        "expected a number of counters (e.g. 3) or a list of periods like {}",
        "seharusnya jumlah loket (misalnya 3) atau daftar periode seperti {}",
    ),
];

/// `message` in Indonesian where the list has its phrase, else as it is. In a list of
/// expected keys (`day` or `time`) the reader's "or" is said too.
pub fn said_in_indonesian(message: &str) -> String {
    PHRASES
        .iter()
        .find_map(|(english, indonesian)| {
            let values: Vec<String> =
                holes(english, message)?.into_iter().map(|v| v.replace("` or `", "` atau `")).collect();
            fill(indonesian, &values.iter().map(String::as_str).collect::<Vec<_>>())
        })
        .unwrap_or_else(|| message.to_string())
}

/// The values of `text` for the `{}` holes of `template`, if the whole text matches
/// (each hole as short as the rest allows).
fn holes<'t>(template: &str, text: &'t str) -> Option<Vec<&'t str>> {
    let (head, rest) = match template.split_once("{}") {
        None => return (template == text).then(Vec::new),
        Some(parts) => parts,
    };
    let text = text.strip_prefix(head)?;
    let next = rest.split("{}").next().unwrap_or("");
    let ends: Vec<usize> = if next.is_empty() && !rest.contains("{}") {
        vec![text.len()]
    } else {
        text.match_indices(next).map(|(i, _)| i).collect()
    };
    ends.into_iter().find_map(|end| {
        let mut values = holes(rest, &text[end..])?;
        values.insert(0, &text[..end]);
        Some(values)
    })
}

fn fill(template: &str, values: &[&str]) -> Option<String> {
    let mut parts = template.split("{}");
    let mut out = parts.next()?.to_string();
    for (part, value) in parts.zip(values) {
        out.push_str(value);
        out.push_str(part);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readers_phrases_are_said_in_indonesian_with_their_values() {
        assert_eq!(
            said_in_indonesian("invalid type: string \"x\", expected u32"),
            "jenis nilai salah: string \"x\", seharusnya u32"
        );
        assert_eq!(
            said_in_indonesian("unknown field `quta`, expected one of `quota`, `slots`"),
            "kunci `quta` tidak dikenal, seharusnya salah satu dari `quota`, `slots`"
        );
        assert_eq!(said_in_indonesian("duplicate key"), "kunci ditulis dua kali");
        assert_eq!(
            said_in_indonesian("unknown field `tme`, expected `day` or `time`"),
            "kunci `tme` tidak dikenal, seharusnya `day` atau `time`"
        );
        assert_eq!(
            said_in_indonesian("unknown field `tme`, expected `day` or `time`"),
            "kunci `tme` tidak dikenal, seharusnya `day` atau `time`"
        );
        assert!(
            said_in_indonesian(
                "expected a number of counters (e.g. 3) or a list of periods like [{ from = \"08:00\" }]"
            )
            .starts_with("seharusnya jumlah loket (misalnya 3) atau daftar periode seperti [{ from")
        );
        // Anything else stays in the reader's words.
        assert_eq!(said_in_indonesian("something new"), "something new");
    }
}
