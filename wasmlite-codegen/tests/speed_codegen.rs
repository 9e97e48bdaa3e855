//! Code-shape decisions made for run-time speed, each checked for the
//! speed (on the x86-64 disassembly) and for the semantics it must keep:
//! - a loop counting a negative index up to 0 (clang's wasm loops) is
//!   vectorised, and stays exact when its addresses wrap at 4 GiB;
//! - a small function that calls nothing has no stack check;
//! - only float operations with a `±0`/`±1` constant operand pay for NaN
//!   canonicalisation, and those still quiet signalling NaNs;
//! - `call_indirect` through a table that cannot grow traps exactly as
//!   through one that can;
//! - what an explicit bounds check costs: a 64-bit memory's accesses
//!   (always checked) against a 32-bit memory's with guard pages and with
//!   explicit checks (`bounds_check_costs`, which prints its figures).

mod support;

use support::values::Value;
use wasmlite_abi::TrapCode;
use std::time::{Duration, Instant};
use wasmlite_codegen::{BoundsChecks, CompileOptions, OptLevel};
use wasmlite_rt::{Instance, Val};

/// The instruction mnemonics of function `symbol` in `object` (x86-64),
/// or `None` when objdump is missing.
fn mnemonics(object: &[u8], symbol: &str) -> Option<Vec<String>> {
    let body = support::disasm::disassemble(object, symbol)?;
    assert!(!body.is_empty(), "{symbol} has instructions");
    Some(body.into_iter().map(|i| i.mnemonic).collect())
}

/// The mnemonics of `symbol` in `text` compiled at O2 for x86-64.
fn compiled_mnemonics(text: &str, symbol: &str) -> Option<Vec<String>> {
    let options = CompileOptions {
        opt_level: OptLevel::O2,
        target_triple: Some("x86_64-unknown-linux-gnu".into()),
        ..Default::default()
    };
    let compiled = support::compile_wat_with(text, &options);
    mnemonics(&compiled.objects[0], symbol)
}

/// `dst[k] = (src[k] + src[k + 1]) * 0.5` for 254 floats, written the way
/// clang writes such loops for wasm: the index counts from -1016 up to 0
/// and every address is an `i32.add` of a base and the index, which wraps
/// at 2^32 (`$src` and `$dst` point 1016 bytes past the arrays).
const SMOOTH: &str = r#"(module
    (memory (export "memory") 1 65536)
    (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
    (func $smooth (export "smooth") (param $src i32) (param $dst i32) (local $i i32)
        i32.const -1016
        local.set $i
        loop
            local.get $dst local.get $i i32.add
            local.get $src local.get $i i32.add f32.load
            local.get $src local.get $i i32.add i32.const 4 i32.add f32.load
            f32.add
            f32.const 0.5
            f32.mul
            f32.store
            local.get $i i32.const 4 i32.add local.tee $i
            br_if 0
        end))"#;

/// Floats SMOOTH writes.
const SMOOTH_LEN: u64 = 254;

#[test]
fn loop_counting_up_to_zero_is_vectorised() {
    let Some(body) = compiled_mnemonics(SMOOTH, "wasm[1]::smooth") else {
        return;
    };
    assert!(
        body.iter().any(|m| m == "addps") && body.iter().any(|m| m == "mulps"),
        "packed float arithmetic in {body:?}"
    );
}

/// Run SMOOTH reading from `src` and writing to `dst`, with source float
/// `k` at `src + 4k` (mod 2^32) equal to `k`; check every result.
fn check_smooth(instance: &mut Instance, src: u32, dst: u32) {
    let at = |base: u32, k: u64| ((base as u64 + 4 * k) % (1 << 32)) as usize;
    let mut memory = instance.memory_mut(0);
    for k in 0..=SMOOTH_LEN {
        memory[at(src, k)..at(src, k) + 4].copy_from_slice(&(k as f32).to_le_bytes());
    }
    drop(memory);
    let (src_end, dst_end) = (src.wrapping_add(1016), dst.wrapping_add(1016));
    instance
        .call(
            "smooth",
            &[Val::I32(src_end as i32), Val::I32(dst_end as i32)],
        )
        .expect("smooth runs");
    let memory = instance.memory(0);
    for k in 0..SMOOTH_LEN {
        let bytes = memory[at(dst, k)..at(dst, k) + 4]
            .try_into()
            .expect("4 bytes");
        let expected = if dst == src.wrapping_add(4) {
            // Each result overwrites the next source float first.
            (0..=k).fold(0.0f32, |previous, j| (previous + (j + 1) as f32) * 0.5)
        } else {
            k as f32 + 0.5
        };
        assert_eq!(
            f32::from_le_bytes(bytes),
            expected,
            "dst[{k}] (src {src:#x}, dst {dst:#x})"
        );
    }
}

#[test]
fn vectorised_loop_stays_exact_across_the_4_gib_wrap() {
    let mut instance = support::instantiate_wat(SMOOTH, OptLevel::O2);
    check_smooth(&mut instance, 0x100, 0x2000);
    // Overlapping: every result is the next iteration's first source.
    check_smooth(&mut instance, 0x3000, 0x3004);
    // Addresses that wrap at 2^32 need the whole 4 GiB memory.
    match instance.call("grow", &[Val::I32(65535)]) {
        Ok(results) if results[0] == Val::I32(1) => {}
        other => {
            eprintln!("SKIPPED the wrapping cases: cannot grow the memory to 4 GiB: {other:?}");
            return;
        }
    }
    check_smooth(&mut instance, 0u32.wrapping_sub(512), 0x4000);
    check_smooth(&mut instance, 0x5000, 0u32.wrapping_sub(256));
}

/// A leaf (`add`), and a function that calls (itself).
const LEAF_AND_CALLER: &str = r#"(module
    (func $leaf (export "leaf") (param i32 i32) (result i32)
        local.get 0 local.get 1 i32.add)
    (func $depth (export "depth") (param i32) (result i32)
        local.get 0
        if (result i32)
            local.get 0 i32.const 1 i32.sub call $depth i32.const 1 i32.add
        else
            i32.const 0
        end))"#;

#[test]
fn small_leaf_has_no_stack_check() {
    let Some(leaf) = compiled_mnemonics(LEAF_AND_CALLER, "wasm[0]::leaf") else {
        return;
    };
    assert!(
        leaf.iter()
            .all(|m| !m.starts_with('j') && m != "call" && m != "cmp"),
        "no compare, branch or call in the leaf: {leaf:?}"
    );
    let depth = compiled_mnemonics(LEAF_AND_CALLER, "wasm[1]::depth").expect("objdump works");
    assert!(
        depth.iter().filter(|m| m.as_str() == "call").count() >= 2,
        "the recursive call and the stack check's trap call: {depth:?}"
    );
    let mut instance = support::instantiate_wat(LEAF_AND_CALLER, OptLevel::O2);
    assert_eq!(
        support::call(&mut instance, "leaf", &[Value::I32(40), Value::I32(2)]),
        Ok(Value::I32(42))
    );
    assert_eq!(
        support::call(&mut instance, "depth", &[Value::I32(100)]),
        Ok(Value::I32(100))
    );
    assert_eq!(
        support::call(&mut instance, "depth", &[Value::I32(-1)]),
        Err(TrapCode::StackOverflow)
    );
}

#[test]
fn only_identity_constants_pay_for_nan_canonicalisation() {
    let text = r#"(module
        (func (export "scaled") (param f32) (result f32) local.get 0 f32.const 0.2 f32.mul))"#;
    let Some(body) = compiled_mnemonics(text, "wasm[0]") else {
        return;
    };
    assert!(
        body.iter()
            .all(|m| !m.contains("unord") && !m.starts_with("ucomis")),
        "no NaN test after `x * 0.2`: {body:?}"
    );
}

/// The quiet bit of an `f32` NaN.
const QUIET: u32 = 0x7fc0_0000;

/// A signalling `f32` NaN.
const SIGNALLING: u32 = 0x7fa0_0000;

#[test]
fn identity_constants_still_quiet_signalling_nans() {
    let scalar = [
        ("mul_one", "local.get 0 f32.const 1 f32.mul"),
        ("one_mul", "f32.const 1 local.get 0 f32.mul"),
        ("mul_minus_one", "local.get 0 f32.const -1 f32.mul"),
        ("div_one", "local.get 0 f32.const 1 f32.div"),
        ("div_minus_one", "local.get 0 f32.const -1 f32.div"),
        ("add_minus_zero", "local.get 0 f32.const -0 f32.add"),
        ("add_zero", "local.get 0 f32.const 0 f32.add"),
        ("sub_zero", "local.get 0 f32.const 0 f32.sub"),
        ("sub_minus_zero", "local.get 0 f32.const -0 f32.sub"),
        ("minus_zero_sub", "f32.const -0 local.get 0 f32.sub"),
    ];
    let functions: String = scalar
        .iter()
        .map(|(name, body)| format!("(func (export \"{name}\") (param f32) (result f32) {body})\n"))
        .collect();
    let text = format!("(module\n{functions})");
    for level in [OptLevel::O0, OptLevel::O2] {
        let mut instance = support::instantiate_wat(&text, level);
        for (name, _) in scalar {
            let result = support::call(&mut instance, name, &[Value::F32(SIGNALLING)]);
            assert!(
                matches!(result, Ok(Value::F32(b)) if b & QUIET == QUIET),
                "{name} at {level:?}: {result:?}"
            );
        }
    }
}

#[test]
fn identity_lanes_still_quiet_signalling_nans() {
    let ops = [
        ("mul_one", "v128.const f32x4 2 1 3 4 f32x4.mul"),
        ("add_zero_vector", "v128.const i64x2 0 0 f32x4.add"),
        ("div_minus_one", "v128.const f32x4 -1 -1 -1 -1 f32x4.div"),
    ];
    let functions: String = ops
        .iter()
        .map(|(name, body)| {
            format!(
                "(func (export \"{name}\") i32.const 16 i32.const 0 v128.load {body} v128.store)\n"
            )
        })
        .collect();
    let text = format!("(module (memory 1)\n{functions})");
    for level in [OptLevel::O0, OptLevel::O2] {
        let mut instance = support::instantiate_wat(&text, level);
        for (name, _) in ops {
            for lane in 0..4 {
                instance.memory_mut(0)[4 * lane..4 * lane + 4]
                    .copy_from_slice(&SIGNALLING.to_le_bytes());
            }
            instance.call(name, &[]).expect("runs");
            for lane in 0..4 {
                let at = 16 + 4 * lane;
                let bits =
                    u32::from_le_bytes(instance.memory(0)[at..at + 4].try_into().expect("4 bytes"));
                assert_eq!(
                    bits & QUIET,
                    QUIET,
                    "{name} lane {lane} at {level:?}: {bits:#x}"
                );
            }
        }
    }
}

#[test]
fn call_indirect_traps_the_same_through_fixed_and_growable_tables() {
    for limits in ["4 4", "4"] {
        let text = format!(
            r#"(module
            (type $unary (func (param i32) (result i32)))
            (table {limits} funcref)
            (elem (i32.const 0) $double $triple $nothing)
            (func $double (type $unary) local.get 0 i32.const 2 i32.mul)
            (func $triple (type $unary) local.get 0 i32.const 3 i32.mul)
            (func $nothing)
            (func (export "dispatch") (param i32 i32) (result i32)
                local.get 1 local.get 0 call_indirect (type $unary)))"#
        );
        for level in [OptLevel::O0, OptLevel::O2] {
            let mut instance = support::instantiate_wat(&text, level);
            let context = format!("table {limits} at {level:?}");
            let mut dispatch = |slot: i32| {
                support::call(
                    &mut instance,
                    "dispatch",
                    &[Value::I32(slot), Value::I32(5)],
                )
            };
            assert_eq!(dispatch(0), Ok(Value::I32(10)), "{context}");
            assert_eq!(dispatch(1), Ok(Value::I32(15)), "{context}");
            assert_eq!(dispatch(2), Err(TrapCode::BadSignature), "{context}");
            assert_eq!(dispatch(3), Err(TrapCode::IndirectCallToNull), "{context}");
            assert_eq!(dispatch(4), Err(TrapCode::TableOutOfBounds), "{context}");
            assert_eq!(dispatch(-1), Err(TrapCode::TableOutOfBounds), "{context}");
        }
    }
}

/// Two kernels over a 1 MiB memory whose address type is `{idx}`: `seq`
/// sums every `i64` word (`reps` times), `gather` sums words at addresses
/// read from memory (data-dependent, so not vectorised in any mode).
fn bounds_kernels(idx: &str) -> String {
    // The gathered address: an i32 read from memory, widened for i64.
    let widen = if idx == "i64" { "i64.extend_i32_u" } else { "" };
    let memory64 = if idx == "i64" { "i64" } else { "" };
    format!(
        r#"(module
        (memory (export "memory") {memory64} 16 16)
        (func (export "seq") (param $reps i32) (result i64) (local $i {idx}) (local $acc i64)
            loop $outer
                {idx}.const 0 local.set $i
                loop $inner
                    local.get $acc local.get $i i64.load i64.add local.set $acc
                    local.get $i {idx}.const 8 {idx}.add local.tee $i
                    {idx}.const 1048576 {idx}.lt_u br_if $inner
                end
                local.get $reps i32.const 1 i32.sub local.tee $reps br_if $outer
            end
            local.get $acc)
        (func (export "gather") (param $reps i32) (result i64) (local $i {idx}) (local $acc i64)
            loop $outer
                {idx}.const 0 local.set $i
                loop $inner
                    local.get $acc
                    local.get $i i32.load {widen}
                    i64.load
                    i64.add local.set $acc
                    local.get $i {idx}.const 4 {idx}.add local.tee $i
                    {idx}.const 1048576 {idx}.lt_u br_if $inner
                end
                local.get $reps i32.const 1 i32.sub local.tee $reps br_if $outer
            end
            local.get $acc))"#
    )
}

/// The fastest of 5 runs of `kernel`, in nanoseconds per access.
fn ns_per_access(instance: &mut Instance, kernel: &str, accesses: u64) -> f64 {
    let reps = 20;
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        instance.call(kernel, &[Val::I32(reps)]).expect("kernel runs");
        best = best.min(start.elapsed());
    }
    best.as_nanos() as f64 / (accesses * reps as u64) as f64
}

/// Measures (and prints) the cost of explicit bounds checks: a 64-bit
/// memory, which is always checked, against a 32-bit memory with guard
/// pages and with `BoundsChecks::Explicit`, at O2. Run with
/// `--nocapture` to see the figures; it asserts only that the kernels
/// agree.
#[test]
fn bounds_check_costs() {
    let configurations = [
        ("i32, guard pages", "i32", BoundsChecks::GuardPages),
        ("i32, explicit", "i32", BoundsChecks::Explicit),
        ("i64 (always explicit)", "i64", BoundsChecks::GuardPages),
    ];
    let mut results = Vec::new();
    for (name, idx, bounds_checks) in configurations {
        let options = CompileOptions {
            opt_level: OptLevel::O2,
            bounds_checks,
            ..Default::default()
        };
        let mut instance = support::instantiate_wat_with(&bounds_kernels(idx), &options);
        // Word k holds k: `gather` reads the i32s k and 0 alternately and
        // loads the (unaligned) word at each.
        let mut memory = instance.memory_mut(0);
        for k in 0..(1 << 17) {
            let at = 8 * k;
            memory[at..at + 8].copy_from_slice(&(k as u64).to_le_bytes());
        }
        drop(memory);
        let seq = ns_per_access(&mut instance, "seq", 1 << 17);
        let gather = ns_per_access(&mut instance, "gather", 1 << 18);
        let sums = (
            instance.call("seq", &[Val::I32(1)]).unwrap(),
            instance.call("gather", &[Val::I32(1)]).unwrap(),
        );
        results.push((name, seq, gather, sums));
    }
    let (_, base_seq, base_gather, base_sums) = results[0].clone();
    println!("bounds_check_costs (O2, ns per i64 load, best of 5; ratio to i32 guard pages):");
    for (name, seq, gather, sums) in &results {
        println!(
            "  {name:24} seq {seq:.3} ({:.2}x)   gather {gather:.3} ({:.2}x)",
            seq / base_seq,
            gather / base_gather
        );
        assert_eq!(*sums, base_sums, "{name} computes the same sums");
    }
}
