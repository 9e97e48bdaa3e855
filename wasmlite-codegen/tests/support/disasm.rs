//! Disassembling compiled objects (x86-64, Intel syntax) with binutils'
//! `objdump`, for tests that check the machine code.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One disassembled instruction (Intel syntax).
#[derive(Debug)]
pub struct Instruction {
    /// Address in the object's section.
    pub address: u64,
    /// `mov`, `jne`, ...
    pub mnemonic: String,
    /// The operands as objdump prints them.
    pub operands: String,
}

/// Disassemble `symbol` from an x86-64 object with `objdump`, or `None`
/// (after saying why) when objdump is not installed.
pub fn disassemble(object: &[u8], symbol: &str) -> Option<Vec<Instruction>> {
    static OBJECTS: AtomicUsize = AtomicUsize::new(0);
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "disassemble_{}_{}.o",
        std::process::id(),
        OBJECTS.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, object).expect("writing the object");
    let output = Command::new("objdump")
        .args(["-d", "-w", "--no-show-raw-insn", "-M", "intel"])
        .arg(&path)
        .output();
    let _ = std::fs::remove_file(&path);
    let output = match output {
        Ok(output) if output.status.success() => output,
        Ok(output) => panic!(
            "objdump failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(e) => {
            eprintln!(
                "SKIPPED: objdump (binutils) is not available to disassemble the object: {e}"
            );
            return None;
        }
    };
    let text = String::from_utf8(output.stdout).expect("objdump prints text");
    let header = format!("<{symbol}>:");
    let mut lines = text.lines().skip_while(|l| !l.ends_with(&header));
    assert!(
        lines.next().is_some(),
        "symbol {symbol} is in the disassembly:\n{text}"
    );
    let instructions = lines
        .take_while(|l| !l.trim().is_empty())
        .map(|line| {
            let (address, rest) = line.split_once(':').expect("an instruction line");
            let rest = rest.trim();
            let (mnemonic, operands) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            Instruction {
                address: u64::from_str_radix(address.trim(), 16).expect("a hex address"),
                mnemonic: mnemonic.to_string(),
                operands: operands.trim().to_string(),
            }
        })
        .collect();
    Some(instructions)
}
