//! Feature sets, and which set a module needs.
//!
//! A module's feature set is found by validating it with wasmparser's
//! presets, smallest first. A module that should validate needs the
//! smallest preset that accepts it. A module that should be rejected
//! (`assert_invalid`, binary `assert_malformed`) needs the smallest preset
//! under which it is rejected *for the same reason* as with every feature
//! enabled; under a smaller preset it is rejected only because a feature is
//! off, which would make the assertion pass for the wrong reason.

use std::fmt;
use wasmparser::{Validator, WasmFeatures};

/// A WebAssembly feature set the harness can run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FeatureSet {
    /// WebAssembly 1.0 (MVP plus mutable globals).
    Wasm1,
    /// WebAssembly 2.0.
    Wasm2,
    /// WebAssembly 3.0.
    Wasm3,
    /// Everything wasmparser knows, proposals included.
    All,
}

impl FeatureSet {
    /// Every set, smallest first.
    pub const EVERY: [FeatureSet; 4] = [
        FeatureSet::Wasm1,
        FeatureSet::Wasm2,
        FeatureSet::Wasm3,
        FeatureSet::All,
    ];

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            FeatureSet::Wasm1 => "wasm1",
            FeatureSet::Wasm2 => "wasm2",
            FeatureSet::Wasm3 => "wasm3",
            FeatureSet::All => "all",
        }
    }

    /// The set called `name`.
    pub fn from_name(name: &str) -> Option<FeatureSet> {
        FeatureSet::EVERY.into_iter().find(|set| set.name() == name)
    }

    /// The wasmparser features of this set.
    pub fn features(self) -> WasmFeatures {
        match self {
            FeatureSet::Wasm1 => WasmFeatures::WASM1,
            FeatureSet::Wasm2 => WasmFeatures::WASM2,
            FeatureSet::Wasm3 => WasmFeatures::WASM3,
            FeatureSet::All => WasmFeatures::all(),
        }
    }

    /// Whether test files outside the top-level directory (`legacy/`,
    /// `custom/`, `proposals/`) belong to this set.
    pub fn includes_extra_directories(self) -> bool {
        self == FeatureSet::All
    }
}

impl fmt::Display for FeatureSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a module is outside the chosen set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutsideSet {
    /// The smallest set the module belongs to.
    pub needs: FeatureSet,
    /// The validation message under the chosen set (names the feature).
    pub message: String,
}

impl fmt::Display for OutsideSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "needs {}: {}", self.needs, self.message)
    }
}

/// What a module is expected to do when validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expectation {
    /// It validates.
    Valid,
    /// It is rejected (malformed or invalid).
    Rejected,
}

/// The validation error of `wasm` under `set`, without its offset.
pub fn validation_error(wasm: &[u8], set: FeatureSet) -> Option<String> {
    Validator::new_with_features(set.features())
        .validate_all(wasm)
        .err()
        .map(|e| e.message().to_string())
}

/// Phrases of wasmparser's messages for a module rejected only because a
/// feature is disabled.
const FEATURE_GATES: &[&str] = &[
    "not enabled",
    "proposal",
    "feature",
    "must be enabled",
    "required for",
    "multiple tables",
    "multiple memories",
    "constant expression required",
];

/// Whether `message` rejects a module only because a feature is off.
fn is_feature_gate(message: &str) -> bool {
    FEATURE_GATES.iter().any(|gate| message.contains(gate))
}

/// The smallest set `wasm` belongs to, given what it is expected to do;
/// `None` when no set behaves as expected (e.g. a module meant to be valid
/// that no preset accepts).
///
/// A module expected to be rejected belongs to the smallest set that
/// rejects it for the same reason as the full feature set does, or for a
/// reason that is not a disabled feature (a binary can be malformed for
/// one reason under 2.0 and another under 3.0, which reinterprets bits).
pub fn required_set(wasm: &[u8], expectation: Expectation) -> Option<FeatureSet> {
    match expectation {
        Expectation::Valid => FeatureSet::EVERY
            .into_iter()
            .find(|set| validation_error(wasm, *set).is_none()),
        Expectation::Rejected => {
            let reason = validation_error(wasm, FeatureSet::All)?;
            FeatureSet::EVERY
                .into_iter()
                .find(|set| match validation_error(wasm, *set) {
                    Some(error) => error == reason || !is_feature_gate(&error),
                    None => false,
                })
        }
    }
}

/// `Err` when `wasm` needs features outside `set`. The message is the
/// validation error under the set just below the one needed, which names
/// the missing feature.
pub fn check_in_set(
    wasm: &[u8],
    expectation: Expectation,
    set: FeatureSet,
) -> Result<(), OutsideSet> {
    match required_set(wasm, expectation) {
        Some(needs) if needs > set => {
            let below = FeatureSet::EVERY
                .into_iter()
                .rev()
                .find(|s| *s < needs)
                .unwrap_or(set);
            let message = validation_error(wasm, below)
                .unwrap_or_else(|| "accepted under this set".to_string());
            Err(OutsideSet { needs, message })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wat(text: &str) -> Vec<u8> {
        wast::parser::parse::<wast::Wat>(&wast::parser::ParseBuffer::new(text).unwrap())
            .unwrap()
            .encode()
            .unwrap()
    }

    #[test]
    fn valid_modules_need_the_smallest_accepting_preset() {
        let mvp = wat("(module (func (result i32) i32.const 1))");
        assert_eq!(
            required_set(&mvp, Expectation::Valid),
            Some(FeatureSet::Wasm1)
        );
        let simd = wat("(module (func (result v128) v128.const i64x2 0 0))");
        assert_eq!(
            required_set(&simd, Expectation::Valid),
            Some(FeatureSet::Wasm2)
        );
        let tail = wat("(module (func return_call 0))");
        assert_eq!(
            required_set(&tail, Expectation::Valid),
            Some(FeatureSet::Wasm3)
        );
        let outside = check_in_set(&tail, Expectation::Valid, FeatureSet::Wasm1).unwrap_err();
        assert_eq!(outside.needs, FeatureSet::Wasm3);
        assert!(outside.message.contains("tail call"), "{}", outside.message);
        assert!(check_in_set(&tail, Expectation::Valid, FeatureSet::Wasm3).is_ok());
    }

    #[test]
    fn invalid_modules_need_the_preset_that_rejects_them_for_the_real_reason() {
        let mvp_invalid = wat("(module (func (result i32) i64.const 1))");
        assert_eq!(
            required_set(&mvp_invalid, Expectation::Rejected),
            Some(FeatureSet::Wasm1)
        );
        // Rejected under wasm2 only because tail calls are off.
        let tail_invalid =
            wat("(module (func (result i32) return_call 1) (func (result i64) i64.const 0))");
        assert_eq!(
            required_set(&tail_invalid, Expectation::Rejected),
            Some(FeatureSet::Wasm3)
        );
        // Malformed under every set (an over-long LEB128 type count), for
        // reasons that are not disabled features.
        let malformed = b"\0asm\x01\0\0\0\x01\x06\x81\x80\x80\x80\x80\x00";
        assert_eq!(
            required_set(malformed, Expectation::Rejected),
            Some(FeatureSet::Wasm1)
        );
        assert!(is_feature_gate("SIMD support is not enabled"));
        assert!(!is_feature_gate("type mismatch: expected i32, found i64"));
    }

    #[test]
    fn set_names_round_trip() {
        for set in FeatureSet::EVERY {
            assert_eq!(FeatureSet::from_name(set.name()), Some(set));
        }
        assert_eq!(FeatureSet::from_name("wasm4"), None);
    }
}
