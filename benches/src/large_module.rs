//! A large generated module for the compile-time benchmark: pseudo-random
//! but deterministic functions (integer and floating-point arithmetic,
//! loads and stores, nested `if`s, counted loops, calls to earlier
//! functions), added until the code section reaches the requested size.

use wasm_encoder::{
    BlockType, CodeSection, ExportKind, ExportSection, Function, FunctionSection, InstructionSink,
    MemArg, MemArgTarget, MemorySection, MemoryType, Module, TypeSection, ValType,
};

/// Parameters of every function: two `i32`s; the result is one `i32`.
const PARAMS: u32 = 2;
/// Locals after the parameters.
const I32_LOCALS: u32 = 6;
const COUNTERS: u32 = 2; // one per loop nesting level
const I64_LOCALS: u32 = 2;
const F64_LOCALS: u32 = 2;
const FIRST_COUNTER: u32 = PARAMS + I32_LOCALS;
const FIRST_I64: u32 = FIRST_COUNTER + COUNTERS;
const FIRST_F64: u32 = FIRST_I64 + I64_LOCALS;
/// Statements at the top level of a function body.
const STATEMENTS: u32 = 48;
/// An aligned 4-byte access to memory 0.
const WORD: MemArg = MemArg {
    offset: 0,
    align: 2,
    target: MemArgTarget::Memory(0),
    ordering: None,
};
/// Every this many functions, one is exported.
const EXPORT_EVERY: u32 = 64;

/// A module whose code section holds at least `min_code_bytes` bytes.
pub fn generate(min_code_bytes: usize) -> Vec<u8> {
    let mut types = TypeSection::new();
    types
        .ty()
        .function([ValType::I32, ValType::I32], [ValType::I32]);
    let mut functions = FunctionSection::new();
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: 1,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut exports = ExportSection::new();
    exports.export("memory", ExportKind::Memory, 0);
    let mut code = CodeSection::new();
    let mut generator = Generator {
        state: 0x1234_5678,
        index: 0,
    };
    while code.byte_len() < min_code_bytes {
        functions.function(0);
        code.function(&generator.function());
        if generator.index.is_multiple_of(EXPORT_EVERY) {
            exports.export(
                &format!("f{}", generator.index),
                ExportKind::Func,
                generator.index,
            );
        }
        generator.index += 1;
    }
    let mut module = Module::new();
    module
        .section(&types)
        .section(&functions)
        .section(&memories)
        .section(&exports)
        .section(&code);
    module.finish()
}

struct Generator {
    state: u32,
    /// The index of the function being generated.
    index: u32,
}

impl Generator {
    fn next(&mut self) -> u32 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 17;
        self.state ^= self.state << 5;
        self.state
    }

    fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }

    fn function(&mut self) -> Function {
        let mut function = Function::new([
            (I32_LOCALS + COUNTERS, ValType::I32),
            (I64_LOCALS, ValType::I64),
            (F64_LOCALS, ValType::F64),
        ]);
        let mut sink = function.instructions();
        for _ in 0..STATEMENTS {
            self.statement(&mut sink, 0);
        }
        self.i32_expr(&mut sink, 2);
        sink.local_get(FIRST_I64).i32_wrap_i64().i32_add();
        sink.local_get(FIRST_F64).i32_trunc_sat_f64_s().i32_xor();
        sink.end();
        function
    }

    /// An `i32` local that may be assigned (parameters included; loop
    /// counters excluded).
    fn variable(&mut self) -> u32 {
        self.below(PARAMS + I32_LOCALS)
    }

    fn address(&mut self, sink: &mut InstructionSink<'_>) {
        self.i32_expr(sink, 1);
        sink.i32_const(0xfffc).i32_and();
    }

    fn i32_expr(&mut self, sink: &mut InstructionSink<'_>, depth: u32) {
        if depth == 0 || self.below(4) == 0 {
            match self.below(3) {
                0 => sink.i32_const(self.next() as i32 >> self.below(24)),
                _ => sink.local_get(self.variable()),
            };
            return;
        }
        match self.below(8) {
            0 => {
                self.address(sink);
                sink.i32_load(WORD);
            }
            1 => {
                self.i32_expr(sink, depth - 1);
                sink.i32_eqz();
            }
            _ => {
                self.i32_expr(sink, depth - 1);
                self.i32_expr(sink, depth - 1);
                match self.below(12) {
                    0 => sink.i32_add(),
                    1 => sink.i32_sub(),
                    2 => sink.i32_mul(),
                    3 => sink.i32_and(),
                    4 => sink.i32_or(),
                    5 => sink.i32_xor(),
                    6 => sink.i32_shl(),
                    7 => sink.i32_shr_u(),
                    8 => sink.i32_rotl(),
                    9 => sink.i32_div_u(),
                    10 => sink.i32_lt_s(),
                    _ => sink.i32_rem_s(),
                };
            }
        }
    }

    fn statement(&mut self, sink: &mut InstructionSink<'_>, nesting: u32) {
        match self.below(10) {
            0..=2 => {
                self.i32_expr(sink, 3);
                sink.local_set(self.variable());
            }
            3 => {
                self.address(sink);
                self.i32_expr(sink, 2);
                sink.i32_store(WORD);
            }
            4 => {
                let wide = FIRST_I64 + self.below(I64_LOCALS);
                self.i32_expr(sink, 2);
                sink.i64_extend_i32_u()
                    .i64_const(i64::from(self.next() | 1))
                    .i64_mul();
                sink.local_get(wide)
                    .i64_const(i64::from(self.below(63)))
                    .i64_rotl()
                    .i64_add()
                    .local_set(wide);
            }
            5 => {
                let float = FIRST_F64 + self.below(F64_LOCALS);
                self.i32_expr(sink, 2);
                sink.f64_convert_i32_s()
                    .f64_const((1.0 / f64::from(self.below(100) + 1)).into())
                    .f64_mul();
                sink.local_get(float)
                    .f64_abs()
                    .f64_sqrt()
                    .f64_add()
                    .local_set(float);
            }
            6 if self.index > 0 => {
                let callee = self.below(self.index);
                self.i32_expr(sink, 1);
                self.i32_expr(sink, 1);
                sink.call(callee).local_set(self.variable());
            }
            7 | 8 if nesting < COUNTERS => self.counted_loop(sink, nesting),
            _ if nesting < 2 => {
                self.i32_expr(sink, 2);
                sink.if_(BlockType::Empty);
                self.block_body(sink, nesting + 1);
                sink.else_();
                self.block_body(sink, nesting + 1);
                sink.end();
            }
            _ => {
                self.i32_expr(sink, 2);
                sink.local_set(self.variable());
            }
        }
    }

    fn block_body(&mut self, sink: &mut InstructionSink<'_>, nesting: u32) {
        for _ in 0..2 + self.below(3) {
            self.statement(sink, nesting);
        }
    }

    /// `for (counter = k; counter != 0; counter--) { ... }`.
    fn counted_loop(&mut self, sink: &mut InstructionSink<'_>, nesting: u32) {
        let counter = FIRST_COUNTER + nesting;
        sink.i32_const(1 + self.below(16) as i32).local_set(counter);
        sink.loop_(BlockType::Empty);
        self.block_body(sink, nesting + 1);
        sink.local_get(counter)
            .i32_const(1)
            .i32_sub()
            .local_tee(counter)
            .br_if(0);
        sink.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_at_least_the_requested_size() {
        let a = generate(20_000);
        assert_eq!(a, generate(20_000));
        assert!(a.len() >= 20_000, "{}", a.len());
    }

    #[test]
    fn compiles_with_wasmlite() {
        let wasm = generate(30_000);
        let options = wasmlite_codegen::CompileOptions {
            opt_level: wasmlite_codegen::OptLevel::O0,
            stem: "generated".to_string(),
            ..Default::default()
        };
        let compiled =
            wasmlite_codegen::compile(&wasm, &options).expect("the generated module compiles");
        assert!(!compiled.objects.is_empty());
    }
}
