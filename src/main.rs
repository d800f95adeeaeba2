//! The `quotasim` binary: parse the command line, run, map the outcome to an exit code
//! (0 success, 1 the run failed, 2 bad input).

fn main() -> std::process::ExitCode {
    quotasim::cli::main()
}
