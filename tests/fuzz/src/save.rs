//! Saving diverging modules and crashing inputs, with a description and
//! the command that reproduces them.

use crate::cli::level_name;
use std::path::{Path, PathBuf};
use wasmlite_codegen::OptLevel;

/// A saved reproducer.
#[derive(Clone, Debug)]
pub struct Saved {
    /// The input file.
    pub path: PathBuf,
    /// The command that re-runs it.
    pub command: String,
}

/// The command that re-runs `path` at `opt_level`.
pub fn reproduce_command(path: &Path, opt_level: OptLevel) -> String {
    format!(
        "cargo run --release -p wasmlite-fuzz -- --reproduce {} --opt-level {}",
        path.display(),
        level_name(opt_level)
    )
}

/// Writes `bytes` to `out/name` and a `.txt` beside it holding
/// `description` and the reproduction command.
pub fn save(
    out: &Path,
    name: &str,
    bytes: &[u8],
    description: &str,
    opt_level: OptLevel,
) -> std::io::Result<Saved> {
    std::fs::create_dir_all(out)?;
    let path = out.join(name);
    std::fs::write(&path, bytes)?;
    let command = reproduce_command(&path, opt_level);
    let note = format!(
        "{description}\n\ncompiled at opt level {}\nreproduce: {command}\n",
        level_name(opt_level)
    );
    std::fs::write(path.with_extension("txt"), note)?;
    Ok(Saved { path, command })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_the_input_and_a_note() {
        let dir = tempfile::tempdir().expect("tempdir");
        let saved = save(
            dir.path(),
            "1-2.wasm",
            b"\0asm",
            "what differs",
            OptLevel::Os,
        )
        .expect("saves");
        assert_eq!(std::fs::read(&saved.path).expect("reads"), b"\0asm");
        let note = std::fs::read_to_string(dir.path().join("1-2.txt")).expect("note");
        assert!(note.starts_with("what differs"), "{note}");
        assert!(
            saved.command.ends_with("1-2.wasm --opt-level s"),
            "{}",
            saved.command
        );
        assert!(note.contains(&saved.command));
    }
}
