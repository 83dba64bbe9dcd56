//! The project's task runner: `cargo xtask <command>`.

mod anchors;
mod cargo;
mod check;
mod claims;
mod examples;
mod guide;
mod lecture;
mod lines;
mod loom;
mod process;
mod verify;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  verify    run the tests, then every example, checked against the lecture
  lines     print an example's Rust with the lecture's line numbers in the margin:
            lines <example> [--numbering notes|narration] [--explain]
  claims    measure the lecture's quantitative claims here, in Rust and Python: claims [--quick]
  loom      model-check the examples' counters and queue over every interleaving";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("verify") if args.len() == 1 => verify::verify(),
        Some("lines") => lines::run(&args[1..]),
        Some("claims") => claims::run(&args[1..]),
        Some("loom") => loom::run(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(_) => Err(format!("unknown command: {}\n\n{USAGE}", args.join(" "))),
        None => Err(format!("no command given\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("xtask: {why}");
            ExitCode::FAILURE
        }
    }
}
