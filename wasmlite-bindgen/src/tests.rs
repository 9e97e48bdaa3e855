//! Tests of the generated tokens, parsed back with syn.

mod errors;
mod generated;
mod wasi;

use super::*;

/// The calc module of the user-facing example.
pub const CALC: &str = r#"(module
    (import "env" "log" (func $log (param $value i32)))
    (import "env" "now" (func $now (result i64)))
    (memory (export "memory") 1)
    (data (i32.const 16) "hello")
    (global $count (export "count") (mut i32) (i32.const 0))
    (table (export "table") 2 funcref)
    (func (export "add") (param $a i32) (param $b i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
    (func (export "swap") (param i32 i32) (result i32 i32) local.get 1 local.get 0)
    (func (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)
    (func (export "scale") (param f32 f64) (result f64) local.get 1))"#;

/// Generate bindings for `wat` as if it were the file `wasm/<stem>.wat`.
pub fn generate_wat(stem: &str, wat: &str, with_caller: &[&str]) -> Bindings {
    let wasm = wat::parse_str(wat).unwrap();
    let options = Options {
        file: format!("wasm/{stem}.wat"),
        with_caller: with_caller.iter().map(|s| s.to_string()).collect(),
        ..Options::default()
    };
    generate(&wasm, &options)
}
