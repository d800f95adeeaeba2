//! Collected validation problems: every problem in a scenario is reported at once.

use std::fmt;

/// One thing wrong with a scenario: the dotted key path (e.g. `stage[1].counters`)
/// and what is wrong, ideally with the fix.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub key: String,
    pub message: String,
}

/// Problems found so far, in the order found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// Records a problem at `key`.
    /// The same problem found twice (e.g. once per weekday) is kept once.
    pub fn push(&mut self, key: impl Into<String>, message: impl Into<String>) {
        let problem = Problem { key: key.into(), message: message.into() };
        if !self.0.contains(&problem) {
            self.0.push(problem);
        }
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.0 {
            writeln!(f, "{}: {}", p.key, p.message)?;
        }
        Ok(())
    }
}
