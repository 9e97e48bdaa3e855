//! Small helpers shared by the build script's steps.

use std::path::Path;
use std::process::Command;

/// A variable Cargo always sets for build scripts.
pub fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| fail(&format!("{name} is not set; run through cargo")))
}

/// Stop the build with a readable message (no panic backtrace).
pub fn fail(message: &str) -> ! {
    for line in message.lines() {
        println!("cargo:warning={line}");
    }
    eprintln!("error: {message}");
    std::process::exit(1);
}

/// Run a command; stop the build with its output when it fails.
pub fn run(command: &mut Command) {
    let shown = format!("{command:?}");
    match command.output() {
        Ok(output) if output.status.success() => {}
        Ok(output) => fail(&format!(
            "{shown} failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )),
        Err(error) => fail(&format!("cannot run {shown}: {error}")),
    }
}

/// Write `bytes` to `path` unless it already holds exactly them, so that
/// tools watching its modification time do not rebuild for nothing.
pub fn write_if_changed(path: &Path, bytes: &[u8]) {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return;
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| fail(&format!("cannot create {}: {e}", parent.display())));
    }
    std::fs::write(path, bytes)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", path.display())));
}
