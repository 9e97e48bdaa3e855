//! `wasmlite-fuzz`: see the library documentation and `--help`.

use std::process::ExitCode;
use wasmlite_codegen::OptLevel;
use wasmlite_fuzz::cli::{self, Command, OptChoice};
use wasmlite_fuzz::{reproduce, supervisor, worker};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match cli::parse(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let result = match &options.command {
        Command::Worker {
            differential,
            from,
            to,
        } => worker::run(&options, *differential, *from, *to).map(|()| true),
        Command::Reproduce(path) => {
            let level = match options.opt {
                OptChoice::Fixed(level) => level,
                OptChoice::Mix => OptLevel::O2,
            };
            reproduce::reproduce(path, level).map(|still_failing| !still_failing)
        }
        &Command::Differential(count) | &Command::Hostile(count) => {
            let differential = matches!(options.command, Command::Differential(_));
            let what = if differential {
                "modules"
            } else {
                "hostile inputs"
            };
            println!(
                "fuzzing {count} {what}: seed {}, size {}, opt level {}",
                options.seed,
                options.size.name(),
                options.opt.name()
            );
            supervisor::run(&options, differential, count).map(|tally| {
                println!("{}", tally.report(differential, options.seed));
                tally.divergences.is_empty() && tally.crashes.is_empty()
            })
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("wasmlite-fuzz: {e}");
            ExitCode::from(2)
        }
    }
}
