//! Code generation of the memory, bulk-memory, table and reference
//! instructions: every instruction compiles at -O0 and -O2, in both
//! bounds-checking modes, to a valid object, and the machine code of a load has no bounds check with guard
//! pages and one compare-and-branch with explicit bounds checks.

mod support;

use object::{Object, ObjectSymbol};
use support::disasm::{disassemble, Instruction};
use wasmlite_codegen::{compile, BoundsChecks, CompileOptions, CompiledModule, OptLevel};

fn compile_wat(
    text: &str,
    opt_level: OptLevel,
    target_triple: Option<&str>,
    bounds_checks: BoundsChecks,
) -> CompiledModule {
    let wasm = wat::parse_str(text).expect("test module parses");
    let options = CompileOptions {
        opt_level,
        target_triple: target_triple.map(str::to_string),
        stem: "memory".into(),
        bounds_checks,
        ..Default::default()
    };
    compile(&wasm, &options)
        .unwrap_or_else(|e| panic!("compiles at {opt_level:?} with {bounds_checks:?}: {e}"))
}

/// The architectures wasmlite supports, as (triple, object architecture).
const TARGETS: [(&str, object::Architecture); 2] = [
    ("x86_64-unknown-linux-gnu", object::Architecture::X86_64),
    ("aarch64-unknown-linux-gnu", object::Architecture::Aarch64),
];

/// Compile at -O0 and -O2 for each supported architecture, in both
/// bounds-checking modes, and check each object parses, has code, defines
/// the descriptor and needs no outside symbol (in particular no
/// `memset`/`memmove` from the bulk-memory instructions).
fn assert_compiles_to_valid_objects(text: &str) {
    for level in [OptLevel::O0, OptLevel::O2] {
        for (triple, architecture) in TARGETS {
            for mode in [BoundsChecks::GuardPages, BoundsChecks::Explicit] {
                let compiled = compile_wat(text, level, Some(triple), mode);
                assert_valid_object(&compiled, architecture, level);
            }
        }
    }
}

/// `compiled` is one valid object for `architecture` with code, the
/// descriptor and no undefined symbol.
fn assert_valid_object(
    compiled: &CompiledModule,
    architecture: object::Architecture,
    level: OptLevel,
) {
    assert_eq!(compiled.objects.len(), 1, "small modules are one object");
    let file = object::File::parse(&*compiled.objects[0]).expect("a valid object file");
    assert_eq!(file.architecture(), architecture);
    assert!(file
        .section_by_name(".text")
        .is_some_and(|s| object::ObjectSection::size(&s) > 0));
    assert!(
        file.symbols()
            .any(|s| s.is_definition() && s.name() == Ok(compiled.descriptor_symbol.as_str())),
        "the descriptor symbol is defined at {level:?}"
    );
    let undefined: Vec<&str> = file
        .symbols()
        .filter(|s| s.is_undefined())
        .filter_map(|s| s.name().ok())
        .filter(|n| !n.is_empty())
        .collect();
    assert!(
        undefined.is_empty(),
        "no outside symbols for {architecture:?} at {level:?}, found {undefined:?}"
    );
}

#[test]
fn every_load_and_store_compiles() {
    assert_compiles_to_valid_objects(
        r#"(module
        (memory 1 2)
        (func (export "loads") (param $a i32) (result i32 i64 f32 f64)
            local.get $a i32.load
            local.get $a i64.load offset=8
            local.get $a f32.load offset=4294967295
            local.get $a f64.load align=1)
        (func (export "narrow_i32") (param $a i32) (result i32 i32 i32 i32)
            local.get $a i32.load8_s
            local.get $a i32.load8_u offset=1
            local.get $a i32.load16_s offset=2 align=1
            local.get $a i32.load16_u offset=65535)
        (func (export "narrow_i64") (param $a i32) (result i64 i64 i64 i64 i64 i64)
            local.get $a i64.load8_s
            local.get $a i64.load8_u
            local.get $a i64.load16_s
            local.get $a i64.load16_u
            local.get $a i64.load32_s offset=3
            local.get $a i64.load32_u offset=4294967295)
        (func (export "dropped") (param $a i32)
            local.get $a i32.load8_u offset=100000 drop
            local.get $a i64.load drop)
        (func (export "stores") (param $a i32) (param $x i32) (param $y i64) (param $f f32) (param $d f64)
            local.get $a local.get $x i32.store
            local.get $a local.get $y i64.store offset=7
            local.get $a local.get $f f32.store align=1
            local.get $a local.get $d f64.store offset=4294967295
            local.get $a local.get $x i32.store8
            local.get $a local.get $x i32.store16 offset=1
            local.get $a local.get $y i64.store8
            local.get $a local.get $y i64.store16
            local.get $a local.get $y i64.store32 offset=9))"#,
    );
}

#[test]
fn size_grow_and_bulk_memory_compile() {
    assert_compiles_to_valid_objects(
        r#"(module
        (memory 1 4)
        (data $passive "hello")
        (data (i32.const 8) "active")
        (func (export "size") (result i32) memory.size)
        (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
        (func (export "fill") (param $d i32) (param $v i32) (param $n i32)
            local.get $d local.get $v local.get $n memory.fill
            local.get $d local.get $v i32.const 0 memory.fill
            local.get $d local.get $v i32.const 7 memory.fill
            local.get $d local.get $v i32.const 128 memory.fill
            local.get $d local.get $v i32.const 129 memory.fill)
        (func (export "copy") (param $d i32) (param $s i32) (param $n i32)
            local.get $d local.get $s local.get $n memory.copy
            local.get $d local.get $s i32.const 0 memory.copy
            local.get $d local.get $s i32.const 13 memory.copy
            local.get $d local.get $s i32.const 128 memory.copy
            local.get $d local.get $s i32.const 100000 memory.copy)
        (func (export "init") (param $d i32) (param $s i32) (param $n i32)
            local.get $d local.get $s local.get $n memory.init $passive
            data.drop $passive
            data.drop 1))"#,
    );
}

#[test]
fn every_reference_and_table_instruction_compiles() {
    assert_compiles_to_valid_objects(
        r#"(module
        (import "env" "f" (func $imported (param i32)))
        (import "env" "t" (table $it 1 funcref))
        (table $funcs 4 10 funcref)
        (table $externs 2 externref)
        (elem $passive funcref (ref.func $g) (ref.null func))
        (elem $passive_extern externref (ref.null extern))
        (elem (table $funcs) (i32.const 0) func $g)
        (elem declare func $imported)
        (func $g (export "g") (param i32))
        (func (export "refs") (param externref) (result i32 i32 funcref funcref externref)
            ref.null func ref.is_null
            local.get 0 ref.is_null
            ref.func $g
            ref.func $imported
            ref.null extern)
        (func (export "get_set") (param $i i32) (param $x externref) (result funcref externref)
            local.get $i ref.func $g table.set $funcs
            local.get $i local.get $x table.set $externs
            local.get $i ref.null func table.set $it
            local.get $i table.get $funcs
            local.get $i table.get $externs)
        (func (export "size_grow") (param $n i32) (result i32 i32 i32 i32)
            table.size $funcs
            table.size $it
            ref.null func local.get $n table.grow $funcs
            ref.null extern local.get $n table.grow $externs)
        (func (export "bulk") (param $d i32) (param $s i32) (param $n i32)
            local.get $d ref.func $g local.get $n table.fill $funcs
            local.get $d ref.null extern local.get $n table.fill $externs
            local.get $d local.get $s local.get $n table.copy $funcs $funcs
            local.get $d local.get $s local.get $n table.copy $it $funcs
            local.get $d local.get $s local.get $n table.init $funcs $passive
            local.get $d local.get $s local.get $n table.init $externs $passive_extern
            elem.drop $passive
            elem.drop $passive_extern))"#,
    );
}

// ----- the machine code of a load -----

fn is_conditional_jump(i: &Instruction) -> bool {
    i.mnemonic.starts_with('j') && i.mnemonic != "jmp"
}

/// The address a direct jump goes to (objdump prints `target <symbol+off>`).
fn jump_target(i: &Instruction) -> u64 {
    let hex = i.operands.split_whitespace().next().expect("a jump target");
    u64::from_str_radix(hex.trim_start_matches("0x"), 16).expect("a hex jump target")
}

/// The instructions from `address` up to and including the first that
/// leaves the straight-line path (`ret`, `jmp`, `ud2`).
fn straight_line_from(body: &[Instruction], address: u64) -> &[Instruction] {
    let start = body
        .iter()
        .position(|i| i.address == address)
        .expect("jump target inside the function");
    let len = body[start..]
        .iter()
        .position(|i| matches!(i.mnemonic.as_str(), "ret" | "jmp" | "ud2"))
        .map_or(body.len() - start, |n| n + 1);
    &body[start..start + len]
}

/// The disassembly of `(func $load (param i32) (result i32) local.get 0
/// i32.load offset=OFFSET)` compiled at -O2 for x86-64 with
/// `bounds_checks`, and a printable listing; `None` without objdump.
/// `$load` also calls an empty function (inlined away) so that it is not
/// a leaf and keeps its prologue's stack check (small leaves have none).
fn disassembled_load(bounds_checks: BoundsChecks) -> Option<(Vec<Instruction>, String)> {
    let module = format!(
        r#"(module (memory 1)
        (func $load (export "load") (param i32) (result i32)
            call $empty local.get 0 i32.load offset={OFFSET})
        (func $empty))"#
    );
    let compiled = compile_wat(
        &module,
        OptLevel::O2,
        Some("x86_64-unknown-linux-gnu"),
        bounds_checks,
    );
    let body = disassemble(&compiled.objects[0], "wasm[0]::load")?;
    let listing = body
        .iter()
        .map(|i| format!("{:x}: {} {}\n", i.address, i.mnemonic, i.operands))
        .collect::<String>();
    Some((body, listing))
}

/// The static offset of the load in [`disassembled_load`].
const OFFSET: &str = "0x1234";

/// The one access to linear memory in `body`: a plain 4-byte `mov` into a
/// register from `[base + index + OFFSET]`, with no separate add.
fn the_heap_load<'a>(body: &'a [Instruction], listing: &str) -> &'a Instruction {
    let heap_accesses: Vec<&Instruction> = body
        .iter()
        .filter(|i| i.operands.contains(&format!("+{OFFSET}]")))
        .collect();
    assert_eq!(
        heap_accesses.len(),
        1,
        "exactly one access at the static offset:\n{listing}"
    );
    let load = heap_accesses[0];
    assert_eq!(
        load.mnemonic, "mov",
        "the access is a plain load:\n{listing}"
    );
    let (destination, source) = load.operands.split_once(',').expect("two operands");
    assert!(
        !destination.contains('['),
        "it loads into a register:\n{listing}"
    );
    assert!(
        source.starts_with("DWORD PTR ["),
        "a 4-byte load from memory:\n{listing}"
    );
    let register_terms = source
        .trim_start_matches("DWORD PTR [")
        .split('+')
        .filter(|t| !t.starts_with("0x"))
        .count();
    assert_eq!(
        register_terms, 2,
        "base + index addressing, no separate add:\n{listing}"
    );
    load
}

/// Whether the straight-line path at the target of `jump` calls (the trap
/// libcall).
fn jumps_to_a_call(body: &[Instruction], jump: &Instruction) -> bool {
    straight_line_from(body, jump_target(jump))
        .iter()
        .any(|i| i.mnemonic == "call")
}

/// With guard pages, an `i32.load` from a 32-bit memory is one machine
/// load from `[base + index + offset]`: no compare, no branch. The only
/// conditional jump in the function is the prologue's stack check, which
/// goes to the call of the trap libcall.
#[test]
fn single_machine_load_without_bounds_check() {
    let Some((body, listing)) = disassembled_load(BoundsChecks::GuardPages) else {
        return;
    };
    let load = the_heap_load(&body, &listing);
    let conditional: Vec<&Instruction> = body.iter().filter(|i| is_conditional_jump(i)).collect();
    assert_eq!(
        conditional.len(),
        1,
        "only the stack check branches:\n{listing}"
    );
    assert!(
        conditional[0].address < load.address,
        "the stack check comes before the load:\n{listing}"
    );
    assert!(
        jumps_to_a_call(&body, conditional[0]),
        "the branch goes to the trap call:\n{listing}"
    );
    assert!(
        !body
            .iter()
            .any(|i| i.mnemonic == "cmp" && i.address > conditional[0].address),
        "no compare after the stack check:\n{listing}"
    );
}

/// With explicit bounds checks, the same load is preceded by one compare
/// with the memory's length and one conditional branch to the trap call;
/// the load itself is unchanged.
#[test]
fn explicit_bounds_check_is_one_compare_and_branch() {
    let Some((body, listing)) = disassembled_load(BoundsChecks::Explicit) else {
        return;
    };
    let load = the_heap_load(&body, &listing);
    let conditional: Vec<&Instruction> = body.iter().filter(|i| is_conditional_jump(i)).collect();
    assert_eq!(
        conditional.len(),
        2,
        "the stack check and the bounds check branch:\n{listing}"
    );
    let (stack_check, bounds_check) = (conditional[0], conditional[1]);
    assert!(
        bounds_check.address < load.address,
        "the bounds check comes before the load:\n{listing}"
    );
    assert!(
        jumps_to_a_call(&body, stack_check) && jumps_to_a_call(&body, bounds_check),
        "both branches go to trap calls:\n{listing}"
    );
    let compares: Vec<&Instruction> = body
        .iter()
        .filter(|i| i.mnemonic == "cmp" && i.address > stack_check.address)
        .collect();
    assert_eq!(
        compares.len(),
        1,
        "one compare after the stack check:\n{listing}"
    );
    assert!(
        compares[0].address < bounds_check.address,
        "the compare feeds the bounds branch:\n{listing}"
    );
}
