//! Runs the built example: compression round trips through the sandboxed
//! library, and a corrupt input is rejected with the library's message.

use std::process::Command;

fn run(text: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_sandboxed-c-library"))
        .arg(text)
        .output()
        .expect("run the example");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The length of the (count, byte) encoding of `text`.
fn encoded_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut pairs = 0;
    let mut i = 0;
    while i < bytes.len() {
        let run = bytes[i..]
            .iter()
            .take(255)
            .take_while(|&&b| b == bytes[i])
            .count();
        pairs += 1;
        i += run;
    }
    2 * pairs
}

#[test]
fn compresses_round_trips_and_rejects_corrupt_input() {
    for text in [
        "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz!",
        "abc",
        &"x".repeat(600),
    ] {
        assert_eq!(
            run(text),
            format!(
                "compressed {} bytes to {}\nround trip: ok\ncorrupt input rejected: rle: zero count at byte 2\n",
                text.len(),
                encoded_len(text)
            )
        );
    }
}
