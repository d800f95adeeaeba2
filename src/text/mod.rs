//! The ground floor of words: the language a run speaks ([`Lang`]), the one way a
//! number is written in it ([`number`]) and the words every part shares ([`words`]).
//! This module imports nothing else of the crate, so that every floor above it, the
//! scenario's validation included, can say what it finds in both languages: a
//! message is a value made where the problem is found and said in a language only at
//! the edge (see `scenario::message` and `experiment::warnings`).

pub mod number;
pub mod words;

/// Language of everything quotasim says: terminal, report, charts, errors and warnings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Bahasa Indonesia (`--lang id`).
    Id,
}

impl Lang {
    /// The one of two texts (English, Indonesian) that this language says: the
    /// exhaustive matches of the message enums hand both, side by side.
    pub fn pick<T>(self, english: T, indonesian: T) -> T {
        match self {
            Lang::En => english,
            Lang::Id => indonesian,
        }
    }
}

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(template.to_string(), |s, (k, v)| s.replace(&format!("{{{k}}}"), v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_is_filled_by_name() {
        assert_eq!(fill("{a} and {b}", &[("a", "x"), ("b", "y")]), "x and y");
        assert_eq!(Lang::Id.pick("en", "id"), "id");
    }
}
