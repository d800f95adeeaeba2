//! Why a command stopped, and so its exit code: the input was at fault (2) or the
//! run (1). A scenario's problems stay typed (`ScenarioError`) until the command
//! line says them in the run's language.

use crate::scenario::ScenarioError;

/// Why a command stopped, and so its exit code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user's input cannot be used (exit 2); nothing was written.
    #[error("{0}")]
    BadInput(String),
    /// The run itself failed (exit 1).
    #[error("{0}")]
    Failed(String),
    /// A scenario (or a variant of it) cannot be used (exit 2): its problems are typed
    /// messages, said in the run's language where the error is printed.
    #[error("{0}")]
    Scenario(ScenarioError),
    /// Several of the above, found before the run (one a line).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Several(Vec<Error>),
}

impl From<ScenarioError> for Error {
    fn from(e: ScenarioError) -> Self {
        Error::Scenario(e)
    }
}

impl Error {
    /// Whether the input was at fault (exit 2) rather than the run (exit 1).
    pub fn is_bad_input(&self) -> bool {
        match self {
            Error::BadInput(_) | Error::Scenario(_) => true,
            Error::Failed(_) => false,
            Error::Several(all) => all.iter().all(Error::is_bad_input),
        }
    }
}

impl From<String> for Error {
    /// A command-line message (bad input).
    fn from(message: String) -> Self {
        Error::BadInput(message)
    }
}
