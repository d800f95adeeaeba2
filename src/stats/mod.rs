//! Statistics across replications, all in this module: estimates of a mean with a
//! Student-t confidence interval (`Estimate`), two configurations compared over the
//! same replications, paired and as if independent (`Comparison`, `Welch`), order statistics of a sample (the
//! median and 10–90% band the charts draw, `sample`), and the grouped moments the
//! summary table is aggregated from (`summary`), the warm-up read from a weekly
//! series (MSER-5, `mser`), and p-values adjusted for many KPIs (Holm, `multiple`). No I/O and no formatting here:
//! `crate::report` only lays out what is computed here.

mod compare;
mod estimate;
mod mser;
mod multiple;
pub mod sample;
mod summary;

pub use compare::{Comparison, Welch, t_critical_df};
pub use estimate::{CONFIDENCE, Estimate, t_critical, t_quantile};
pub use mser::{MSER_BATCH, Truncation, mser, mser5};
pub use multiple::{holm, p_value};
pub use summary::{Moments, grouped_moments};
