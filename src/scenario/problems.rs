//! Collected validation findings: every error in a scenario is reported at once, and
//! legal but unwise settings are kept apart as warnings that never stop a run.

use std::fmt;

use super::message::Msg;

/// One thing wrong (or unwise) in a scenario: the dotted key path (e.g.
/// `stage[1].counters`) and what is wrong, ideally with the fix.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub key: String,
    pub message: Msg,
}

/// Errors and warnings found so far, each in the order found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problems {
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
}

/// Appends `problem` unless the same one is already there (a problem found once per
/// weekday is kept once).
fn push_once(list: &mut Vec<Problem>, problem: Problem) {
    if !list.contains(&problem) {
        list.push(problem);
    }
}

impl Problems {
    /// Records an error at `key`: the scenario cannot run.
    pub fn push(&mut self, key: impl Into<String>, message: Msg) {
        push_once(&mut self.errors, Problem { key: key.into(), message });
    }

    /// Records a warning at `key`: legal, probably not what was meant, the run goes on.
    pub fn warn(&mut self, key: impl Into<String>, message: Msg) {
        push_once(&mut self.warnings, Problem { key: key.into(), message });
    }

    /// Number of errors.
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// Whether no error was found (warnings do not count).
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The errors, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.errors.iter()
    }

    /// The warnings, in order.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.warnings.iter()
    }
}

impl fmt::Display for Problems {
    /// The errors, one `key: message` a line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.errors {
            writeln!(f, "{}: {}", p.key, p.message)?;
        }
        Ok(())
    }
}
