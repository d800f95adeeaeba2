//! quotasim's office day against the plain hand-written event loop it is timed
//! against (`benches/reference/office_day.rs`): the same day must give the
//! same answers, within the noise of 1,400 simulated days each.

#[path = "../../benches/reference/office_day.rs"]
mod office_day_loop;

use quotasim::stats::t_critical;

use crate::common::{kpi_values, load, simulate};

/// Mean and variance of the mean of per-block values.
fn mean_and_variance(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var / n)
}

#[test]
fn quotasim_and_the_plain_loop_agree_on_the_office_day() {
    let scenario = load("scenarios/validation/office-day.toml");
    let replications = scenario.replications;
    let results = simulate(&scenario, replications);
    let blocks = office_day_loop::run(replications, scenario.days() as u32, 1);
    let t = t_critical(replications as usize);
    let stages = ["documents", "biometrics", "payment"];
    let mut compared = Vec::new();
    for (class, lane) in ["priority", "online"].into_iter().enumerate() {
        compared.push((
            format!("office.time_in_office_min.{lane}.mean"),
            blocks.iter().map(|b| b.time_in_system[class].mean).collect::<Vec<_>>(),
        ));
        compared.push((
            format!("office.time_in_office_min.{lane}.p90"),
            blocks.iter().map(|b| b.time_in_system[class].p90).collect(),
        ));
        for (s, stage) in stages.iter().enumerate() {
            compared.push((
                format!("office.wait_min.{stage}.{lane}.mean"),
                blocks.iter().map(|b| b.waits[s][class].mean).collect(),
            ));
        }
    }
    for (kpi, reference) in compared {
        let (ours, our_var) = mean_and_variance(&kpi_values(&results, &kpi));
        let (theirs, their_var) = mean_and_variance(&reference);
        // The difference of two independent estimates, within its 95% interval.
        let half_width = t * (our_var + their_var).sqrt();
        assert!(
            (ours - theirs).abs() <= half_width,
            "{kpi}: quotasim {ours:.3} against the plain loop {theirs:.3} (difference beyond ±{half_width:.3})"
        );
        // And each within the other's own interval of the mean, loosely (2×).
        assert!((ours - theirs).abs() <= 2.0 * t * our_var.sqrt(), "{kpi}: {ours:.3} vs {theirs:.3}");
    }
}
