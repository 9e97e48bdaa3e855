//! Wast arguments to runtime values, and runtime results against wast
//! expectations (NaN patterns, v128 lanes, references).

use std::num::NonZeroUsize;
use wasmlite_rt::{ExternRef, Val};
use wast::core::{AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::{WastArg, WastRet};

/// The host reference a wast `ref.extern N` stands for. Handles are `N + 1`
/// because handle 0 is `ref.null extern`.
pub fn extern_ref(n: u32) -> ExternRef {
    ExternRef::new(NonZeroUsize::new(n as usize + 1).expect("n + 1 is never zero"))
}

/// The `N` of `ref.extern N` a host reference stands for.
fn extern_ref_number(r: &ExternRef) -> usize {
    r.handle() - 1
}

/// The runtime value of a wast argument; `Err` names what is not supported.
pub fn arg_to_val(arg: &WastArg<'_>) -> Result<Val, String> {
    let WastArg::Core(core) = arg else {
        return Err("component-model argument".to_string());
    };
    Ok(match core {
        WastArgCore::I32(v) => Val::I32(*v),
        WastArgCore::I64(v) => Val::I64(*v),
        WastArgCore::F32(v) => Val::F32(v.bits),
        WastArgCore::F64(v) => Val::F64(v.bits),
        WastArgCore::V128(v) => Val::V128(u128::from_le_bytes(v.to_le_bytes())),
        WastArgCore::RefNull(heap) => match heap_kind(heap) {
            Some(RefKind::Func) => Val::FuncRef(None),
            Some(RefKind::Extern) => Val::ExternRef(None),
            None => return Err(format!("ref.null of heap type {heap:?}")),
        },
        WastArgCore::RefExtern(n) => Val::ExternRef(Some(extern_ref(*n))),
        WastArgCore::RefHost(_) => return Err("ref.host argument (GC host references)".to_string()),
    })
}

/// The two reference hierarchies wasmlite supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RefKind {
    Func,
    Extern,
}

fn heap_kind(heap: &HeapType<'_>) -> Option<RefKind> {
    match heap {
        HeapType::Abstract {
            shared: false,
            ty: AbstractHeapType::Func | AbstractHeapType::NoFunc,
        } => Some(RefKind::Func),
        HeapType::Abstract {
            shared: false,
            ty: AbstractHeapType::Extern | AbstractHeapType::NoExtern,
        } => Some(RefKind::Extern),
        _ => None,
    }
}

/// `Ok` if `got` matches `expected` value for value; otherwise what differs.
pub fn check_results(expected: &[WastRet<'_>], got: &[Val]) -> Result<(), String> {
    if expected.len() != got.len() {
        return Err(format!(
            "expected {} results, got {}: {}",
            expected.len(),
            got.len(),
            show_all(got)
        ));
    }
    for (i, (want, val)) in expected.iter().zip(got).enumerate() {
        let WastRet::Core(want) = want else {
            return Err("component-model result".to_string());
        };
        if !matches(want, val) {
            return Err(format!(
                "result {i}: expected {}, got {}",
                show_expected(want),
                show(val)
            ));
        }
    }
    Ok(())
}

fn matches(want: &WastRetCore<'_>, got: &Val) -> bool {
    match (want, got) {
        (WastRetCore::I32(w), Val::I32(g)) => w == g,
        (WastRetCore::I64(w), Val::I64(g)) => w == g,
        (WastRetCore::F32(w), Val::F32(g)) => f32_matches(w, *g),
        (WastRetCore::F64(w), Val::F64(g)) => f64_matches(w, *g),
        (WastRetCore::V128(w), Val::V128(g)) => v128_matches(w, *g),
        (WastRetCore::RefNull(heap), Val::FuncRef(None)) => {
            heap_allows(heap.as_ref(), RefKind::Func)
        }
        (WastRetCore::RefNull(heap), Val::ExternRef(None)) => {
            heap_allows(heap.as_ref(), RefKind::Extern)
        }
        (WastRetCore::RefExtern(None), Val::ExternRef(Some(_))) => true,
        (WastRetCore::RefExtern(Some(n)), Val::ExternRef(Some(r))) => {
            extern_ref_number(r) == *n as usize
        }
        (WastRetCore::RefFunc(_), Val::FuncRef(Some(_))) => true,
        (WastRetCore::Either(options), _) => options.iter().any(|w| matches(w, got)),
        _ => false,
    }
}

fn heap_allows(heap: Option<&HeapType<'_>>, kind: RefKind) -> bool {
    match heap {
        Some(h) => heap_kind(h) == Some(kind),
        None => true,
    }
}

fn f32_matches(want: &NanPattern<wast::token::F32>, got: u32) -> bool {
    match want {
        NanPattern::CanonicalNan => got & 0x7fff_ffff == 0x7fc0_0000,
        NanPattern::ArithmeticNan => got & 0x7fc0_0000 == 0x7fc0_0000,
        NanPattern::Value(v) => v.bits == got,
    }
}

fn f64_matches(want: &NanPattern<wast::token::F64>, got: u64) -> bool {
    const QUIET: u64 = 0x7ff8_0000_0000_0000;
    match want {
        NanPattern::CanonicalNan => got & 0x7fff_ffff_ffff_ffff == QUIET,
        NanPattern::ArithmeticNan => got & QUIET == QUIET,
        NanPattern::Value(v) => v.bits == got,
    }
}

/// The `N`-byte lanes of a v128, lane 0 first.
fn lanes<const N: usize>(v: u128) -> impl Iterator<Item = u128> {
    let bits = 8 * N as u32;
    let mask = if bits == 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    };
    (0..16 / N as u32).map(move |i| (v >> (i * bits)) & mask)
}

fn v128_matches(want: &V128Pattern, got: u128) -> bool {
    match want {
        V128Pattern::I8x16(w) => w
            .iter()
            .zip(lanes::<1>(got))
            .all(|(w, g)| *w as u8 as u128 == g),
        V128Pattern::I16x8(w) => w
            .iter()
            .zip(lanes::<2>(got))
            .all(|(w, g)| *w as u16 as u128 == g),
        V128Pattern::I32x4(w) => w
            .iter()
            .zip(lanes::<4>(got))
            .all(|(w, g)| *w as u32 as u128 == g),
        V128Pattern::I64x2(w) => w
            .iter()
            .zip(lanes::<8>(got))
            .all(|(w, g)| *w as u64 as u128 == g),
        V128Pattern::F32x4(w) => w
            .iter()
            .zip(lanes::<4>(got))
            .all(|(w, g)| f32_matches(w, g as u32)),
        V128Pattern::F64x2(w) => w
            .iter()
            .zip(lanes::<8>(got))
            .all(|(w, g)| f64_matches(w, g as u64)),
    }
}

/// A value as the report shows it.
pub fn show(val: &Val) -> String {
    match val {
        Val::I32(v) => format!("i32 {v}"),
        Val::I64(v) => format!("i64 {v}"),
        Val::F32(bits) => format!("f32 {} ({bits:#010x})", f32::from_bits(*bits)),
        Val::F64(bits) => format!("f64 {} ({bits:#018x})", f64::from_bits(*bits)),
        Val::V128(v) => format!("v128 i32x4 {}", show_lanes(lanes::<4>(*v))),
        Val::FuncRef(None) => "ref.null func".to_string(),
        Val::FuncRef(Some(_)) => "ref.func".to_string(),
        Val::ExternRef(None) => "ref.null extern".to_string(),
        Val::ExternRef(Some(r)) => format!("ref.extern {}", extern_ref_number(r)),
    }
}

fn show_all(vals: &[Val]) -> String {
    format!("[{}]", vals.iter().map(show).collect::<Vec<_>>().join(", "))
}

fn show_lanes(lanes: impl Iterator<Item = u128>) -> String {
    lanes
        .map(|l| format!("{l:#x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn show_nan<T: std::fmt::Debug>(p: &NanPattern<T>, bits: impl Fn(&T) -> String) -> String {
    match p {
        NanPattern::CanonicalNan => "nan:canonical".to_string(),
        NanPattern::ArithmeticNan => "nan:arithmetic".to_string(),
        NanPattern::Value(v) => bits(v),
    }
}

fn show_expected(want: &WastRetCore<'_>) -> String {
    let f32 = |v: &wast::token::F32| format!("{} ({:#010x})", f32::from_bits(v.bits), v.bits);
    let f64 = |v: &wast::token::F64| format!("{} ({:#018x})", f64::from_bits(v.bits), v.bits);
    match want {
        WastRetCore::I32(v) => format!("i32 {v}"),
        WastRetCore::I64(v) => format!("i64 {v}"),
        WastRetCore::F32(p) => format!("f32 {}", show_nan(p, f32)),
        WastRetCore::F64(p) => format!("f64 {}", show_nan(p, f64)),
        WastRetCore::V128(V128Pattern::F32x4(w)) => {
            format!(
                "v128 f32x4 {}",
                w.iter()
                    .map(|p| show_nan(p, f32))
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        }
        WastRetCore::V128(V128Pattern::F64x2(w)) => {
            format!(
                "v128 f64x2 {}",
                w.iter()
                    .map(|p| show_nan(p, f64))
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        }
        WastRetCore::V128(p) => format!("v128 {p:?}"),
        WastRetCore::RefNull(_) => "ref.null".to_string(),
        WastRetCore::RefExtern(Some(n)) => format!("ref.extern {n}"),
        WastRetCore::RefExtern(None) => "ref.extern".to_string(),
        WastRetCore::RefFunc(_) => "ref.func".to_string(),
        WastRetCore::Either(options) => {
            format!(
                "either({})",
                options
                    .iter()
                    .map(show_expected)
                    .collect::<Vec<_>>()
                    .join(" | ")
            )
        }
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wast::parser::{self, ParseBuffer};

    /// Parse `(assert_return (invoke "f") RESULTS)` and return its results.
    fn check(results: &str, got: &[Val]) -> Result<(), String> {
        let text = format!("(assert_return (invoke \"f\") {results})");
        let buf = ParseBuffer::new(&text).unwrap();
        let wast = parser::parse::<wast::Wast>(&buf).unwrap();
        let Some(wast::WastDirective::AssertReturn { results, .. }) =
            wast.directives.into_iter().next()
        else {
            panic!("not an assert_return");
        };
        check_results(&results, got)
    }

    #[test]
    fn nan_patterns() {
        assert!(check("(f32.const nan:canonical)", &[Val::F32(0xffc0_0000)]).is_ok());
        assert!(check("(f32.const nan:canonical)", &[Val::F32(0x7fc0_0001)]).is_err());
        assert!(check("(f32.const nan:arithmetic)", &[Val::F32(0x7fc0_0001)]).is_ok());
        assert!(check("(f32.const nan:arithmetic)", &[Val::F32(0x7f80_0001)]).is_err());
        assert!(check(
            "(f64.const nan:canonical)",
            &[Val::F64(0x7ff8_0000_0000_0000)]
        )
        .is_ok());
        assert!(check(
            "(f64.const nan:arithmetic)",
            &[Val::F64(0x7ff0_0000_0000_0001)]
        )
        .is_err());
        assert!(check("(f32.const -0x1p-1)", &[Val::F32((-0.5f32).to_bits())]).is_ok());
    }

    #[test]
    fn v128_lanes() {
        let v = u128::from_le_bytes([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
        assert!(check("(v128.const i32x4 1 2 3 -1)", &[Val::V128(v)]).is_ok());
        assert!(check(
            "(v128.const i8x16 1 0 0 0 2 0 0 0 3 0 0 0 -1 -1 -1 -1)",
            &[Val::V128(v)]
        )
        .is_ok());
        assert!(check("(v128.const i32x4 1 2 3 4)", &[Val::V128(v)]).is_err());
        let nan_and_one = (0x3f80_0000u128 << 32) | 0x7fc0_0000;
        assert!(check(
            "(v128.const f32x4 nan:canonical 1 0 0)",
            &[Val::V128(nan_and_one)]
        )
        .is_ok());
    }

    #[test]
    fn references_and_counts() {
        assert!(check("(ref.null func)", &[Val::FuncRef(None)]).is_ok());
        assert!(check("(ref.null extern)", &[Val::FuncRef(None)]).is_err());
        assert!(check("(ref.extern 3)", &[Val::ExternRef(Some(extern_ref(3)))]).is_ok());
        assert!(check("(ref.extern 3)", &[Val::ExternRef(Some(extern_ref(4)))]).is_err());
        assert!(check("(ref.extern)", &[Val::ExternRef(Some(extern_ref(0)))]).is_ok());
        assert!(check("(i32.const 1)", &[]).is_err());
        assert!(check("(either (i32.const 1) (i32.const 2))", &[Val::I32(2)]).is_ok());
    }
}
