//! `wasmlite-spec`: runs the WebAssembly spec test suite (see the crate docs).

fn main() -> std::process::ExitCode {
    wasmlite_spec::app::main(std::env::args_os().skip(1))
}
