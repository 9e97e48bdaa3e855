//! Runs the built example and compares its output with what the host sees
//! in the same directory.

use std::path::Path;
use std::process::{Command, Output};

fn run(dir: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wasi-command"));
    command.args(dir);
    command.output().expect("run the example")
}

/// What `c/listdir.c` prints for `dir`: its entries sorted, directories
/// with a `/`, then the lines of `greeting.txt`.
fn listing(dir: &Path) -> String {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let slash = if entry.file_type().unwrap().is_dir() {
                "/"
            } else {
                ""
            };
            format!("{}{slash}", entry.file_name().to_str().unwrap())
        })
        .collect();
    names.sort();
    let mut text = format!("/data: {} entries\n", names.len());
    for name in names {
        text.push_str(&format!("  {name}\n"));
    }
    text
}

#[test]
fn lists_the_preopened_directory_and_prints_a_file_from_it() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let output = run(None);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let greeting = std::fs::read_to_string(data.join("greeting.txt")).unwrap();
    let expected = format!(
        "{}{}",
        listing(&data),
        greeting
            .lines()
            .map(|line| format!("greeting.txt: {line}\n"))
            .collect::<String>()
    );
    assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
    assert_eq!(stderr, "exit status: 0\n");
}

#[test]
fn the_programs_exit_status_is_the_examples() {
    let dir = std::env::temp_dir().join(format!("wasi-command-test-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("only.txt"), "x").unwrap();
    let output = run(Some(&dir));
    let listed = listing(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    // No greeting.txt: the program says so on stderr and exits with 3.
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), listed);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("/data/greeting.txt: "), "{stderr}");
    assert!(stderr.ends_with("exit status: 3\n"), "{stderr}");
}
