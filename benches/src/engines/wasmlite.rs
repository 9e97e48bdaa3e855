//! The kernels compiled ahead of time by wasmlite, through the typed
//! bindings of `include_wasm!` (see `crate::kernels`).

use super::EngineError;

impl From<wasmlite_rt::InstantiationError> for EngineError {
    fn from(error: wasmlite_rt::InstantiationError) -> EngineError {
        EngineError::Instantiate(error.to_string())
    }
}

impl From<wasmlite_rt::Trap> for EngineError {
    fn from(trap: wasmlite_rt::Trap) -> EngineError {
        EngineError::Trap(trap.to_string())
    }
}

/// Implement [`super::Runner`] for the bindings of a kernel module (which
/// all export `run(n) -> i32` and `checksum() -> i32`).
macro_rules! impl_runner {
    ($module:ident :: $ty:ident) => {
        impl $crate::engines::Runner for $module::$ty<()> {
            fn run(&mut self, n: i32) -> Result<i32, $crate::engines::EngineError> {
                Ok($module::$ty::run(self, n)?)
            }

            fn checksum(&mut self) -> Result<u32, $crate::engines::EngineError> {
                Ok($module::$ty::checksum(self)? as u32)
            }
        }
    };
}
pub(crate) use impl_runner;
