//! A directive that hangs costs only itself: the worker running the script
//! is killed, and a new one replays the script's state and goes on.

use std::process::Command;

#[test]
fn a_hanging_directive_fails_alone_and_the_script_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("hang.wast");
    std::fs::write(
        &script,
        r#"
(module
  (global $g (mut i32) (i32.const 0))
  (func (export "bump") (global.set $g (i32.add (global.get $g) (i32.const 1))))
  (func (export "get") (result i32) (global.get $g))
  (func (export "spin") (loop (br 0))))
(invoke "bump")
(invoke "spin")
(invoke "bump")
(assert_return (invoke "get") (i32.const 2))
(assert_return (invoke "get") (i32.const 3))
"#,
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_wasmlite-spec"))
        .arg(dir.path())
        .args(["--timeout", "2", "-v", "hang.wast"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        !output.status.success(),
        "failures make the exit status non-zero\n{stdout}"
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0], "hang.wast: 4 passed, 2 failed, 0 skipped",
        "{stdout}"
    );
    assert!(
        lines[1].starts_with("  hang.wast:8: invoke: timed out after 2s (killed)"),
        "{stdout}"
    );
    assert!(
        lines[2].starts_with("  hang.wast:11: assert_return: wrong result"),
        "{stdout}"
    );
    assert_eq!(
        lines.last(),
        Some(&"4 passed, 2 failed, 0 skipped"),
        "{stdout}"
    );
}
