//! Integration tests: one test binary (so the large dependency tree links once), a
//! module per behaviour.

mod architecture;
mod booking;
mod citations;
mod common;
mod dependencies;
mod network;
mod network_sites_apart;
mod network_summary;
mod office_day;
mod optimise;
mod outputs;
mod paired_results_add_up;
mod planner_report;
mod policies;
mod records;
mod reference_loop;
mod reliability;
mod reports;
mod scenario_errors;
mod screen_and_report_in_both_languages;
mod shards;
mod shipped_scenarios;
mod theory;
mod what_a_planner_reads;
mod what_if;
