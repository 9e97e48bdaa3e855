//! Cargo's target features (`CARGO_CFG_TARGET_FEATURE`) as LLVM features.
//!
//! The Rust code of the final binary is compiled with exactly the features
//! Cargo reports, so compiling wasm with the same set (on the triple's
//! generic CPU) means the object never uses an instruction the rest of the
//! binary may not.

/// Rust feature names that LLVM spells differently, per architecture
/// (`None`: no LLVM feature, e.g. `crt-static` which only selects static
/// linking of the C runtime).
fn llvm_name<'a>(arch: &str, feature: &'a str) -> Option<&'a str> {
    let renamed = match (arch, feature) {
        (_, "crt-static") => return None,
        ("x86_64", "bmi1") => "bmi",
        ("x86_64", "cmpxchg16b") => "cx16",
        ("x86_64", "lahfsahf") => "sahf",
        ("x86_64", "pclmulqdq") => "pclmul",
        ("x86_64", "rdrand") => "rdrnd",
        ("aarch64", "dpb") => "ccpp",
        ("aarch64", "dpb2") => "ccdp",
        ("aarch64", "fcma") => "complxnum",
        ("aarch64", "fhm") => "fp16fml",
        ("aarch64", "flagm2") => "altnzcv",
        ("aarch64", "fp16") => "fullfp16",
        ("aarch64", "frintts") => "fptoint",
        ("aarch64", "paca" | "pacg") => "pauth",
        ("aarch64", "pmuv3") => "perfmon",
        ("aarch64", "rcpc2") => "rcpc-immo",
        ("aarch64", "sve-b16b16") => "b16b16",
        _ => feature,
    };
    Some(renamed)
}

/// The architecture part of a target triple (`x86_64`, `aarch64`, ...).
pub(crate) fn arch_of(triple: &str) -> &str {
    triple.split('-').next().unwrap_or(triple)
}

/// Translate Cargo's comma-separated feature list (`"fxsr,sse,sse2"`) for
/// `arch` into an LLVM feature string (`"+fxsr,+sse,+sse2"`), without
/// duplicates.
pub(crate) fn llvm_features(arch: &str, cargo_features: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for feature in cargo_features
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        if let Some(name) = llvm_name(arch, feature) {
            let flag = format!("+{name}");
            if !out.contains(&flag) {
                out.push(flag);
            }
        }
    }
    out.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_features_become_llvm_flags() {
        assert_eq!(llvm_features("x86_64", "sse2,fxsr"), "+sse2,+fxsr");
        assert_eq!(llvm_features("x86_64", ""), "");
    }

    #[test]
    fn renamed_and_non_llvm_features_are_translated() {
        assert_eq!(
            llvm_features(
                "x86_64",
                "crt-static,fxsr,pclmulqdq,rdrand,sse4.2,bmi1,cmpxchg16b"
            ),
            "+fxsr,+pclmul,+rdrnd,+sse4.2,+bmi,+cx16"
        );
        assert_eq!(
            llvm_features("aarch64", "neon,fp16,paca,pacg"),
            "+neon,+fullfp16,+pauth"
        );
    }

    #[test]
    fn a_native_cpu_feature_list_becomes_llvm_names() {
        // `CARGO_CFG_TARGET_FEATURE` with `-C target-cpu=native` on an
        // AVX-512 machine (Rust 1.95); `llc -mattr=` accepts every result.
        let native = "adx,aes,avx,avx2,avx512bw,avx512f,avx512vpopcntdq,bmi1,bmi2,\
                      cmpxchg16b,f16c,fma,fxsr,lzcnt,movbe,pclmulqdq,popcnt,rdrand,\
                      rdseed,sha,sse,sse2,sse3,sse4.1,sse4.2,ssse3,xsave";
        assert_eq!(
            llvm_features("x86_64", native),
            "+adx,+aes,+avx,+avx2,+avx512bw,+avx512f,+avx512vpopcntdq,+bmi,+bmi2,\
             +cx16,+f16c,+fma,+fxsr,+lzcnt,+movbe,+pclmul,+popcnt,+rdrnd,\
             +rdseed,+sha,+sse,+sse2,+sse3,+sse4.1,+sse4.2,+ssse3,+xsave"
        );
    }

    #[test]
    fn arch_is_the_first_triple_component() {
        assert_eq!(arch_of("x86_64-unknown-linux-gnu"), "x86_64");
        assert_eq!(arch_of("aarch64"), "aarch64");
    }
}
