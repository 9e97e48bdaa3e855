//! [`Trap`]: why a call into wasm stopped, and where.

use crate::host_error::HostError;
use crate::module::Module;
use crate::code_map;
use std::sync::Arc;
use wasmlite_abi::TrapCode;

/// A wasm trap: the code and, when known, the function that trapped.
///
/// Displays as e.g. ``wasm trap in function `div`: integer divide by zero``.
/// A trap caused by a host function's error ([`TrapCode::HostError`])
/// carries that error: [`Trap::host_error`], and [`std::error::Error::source`].
#[derive(Clone, Debug)]
pub struct Trap {
    code: TrapCode,
    function: Option<(u32, String)>,
    /// Shared so that traps stay `Clone`.
    host_error: Option<Arc<HostError>>,
}

/// Traps are equal when their codes and functions are, and they carry the
/// same host error (the same allocation) or none.
impl PartialEq for Trap {
    fn eq(&self, other: &Trap) -> bool {
        let same_error = match (&self.host_error, &other.host_error) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        self.code == other.code && self.function == other.function && same_error
    }
}

impl Eq for Trap {}

impl Trap {
    /// A trap not attributed to any function.
    pub fn new(code: TrapCode) -> Trap {
        Trap {
            code,
            function: None,
            host_error: None,
        }
    }

    /// The trap of a host function that returned `error`.
    pub fn host(error: HostError) -> Trap {
        Trap {
            host_error: Some(Arc::new(error)),
            ..Trap::new(TrapCode::HostError)
        }
    }

    /// The host function's error, if a host function caused the trap.
    pub fn host_error(&self) -> Option<&HostError> {
        self.host_error.as_deref()
    }

    /// The host function's error, owned; `None` if a host function did
    /// not cause the trap, or a clone of the trap still shares the error.
    pub fn into_host_error(self) -> Option<HostError> {
        Arc::try_unwrap(self.host_error?).ok()
    }

    /// A trap in function `index` of `module`.
    pub(crate) fn in_function(code: TrapCode, module: &Module, index: u32) -> Trap {
        Trap {
            function: Some((index, module.display_function_name(index))),
            ..Trap::new(code)
        }
    }

    /// A trap at instruction address `pc`, attributed to the wasm function
    /// containing it if there is one.
    pub(crate) fn at_pc(code: TrapCode, pc: usize) -> Trap {
        match code_map::function_at(pc) {
            Some((module, index)) => Trap::in_function(code, &module, index),
            None => Trap::new(code),
        }
    }

    /// Why the code trapped.
    pub fn code(&self) -> TrapCode {
        self.code
    }

    /// The name of the function that trapped: its name-section name, else
    /// its export name, else `func[index]`.
    pub fn function_name(&self) -> Option<&str> {
        self.function.as_ref().map(|(_, name)| name.as_str())
    }

    /// The index of the function that trapped, in its module.
    pub fn function_index(&self) -> Option<u32> {
        self.function.as_ref().map(|(index, _)| *index)
    }
}

impl std::fmt::Display for Trap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.function_name() {
            Some(name) => write!(f, "wasm trap in function `{name}`: {}", self.code)?,
            None => write!(f, "wasm trap: {}", self.code)?,
        }
        match &self.host_error {
            Some(error) => write!(f, ": {error}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for Trap {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        let error: &(dyn std::error::Error + 'static) = self.host_error()?.as_error();
        Some(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_the_function_when_known() {
        assert_eq!(
            Trap::new(TrapCode::UnreachableCodeReached).to_string(),
            "wasm trap: unreachable"
        );
        let trap = Trap {
            function: Some((3, "div".into())),
            ..Trap::new(TrapCode::IntegerDivisionByZero)
        };
        assert_eq!(
            trap.to_string(),
            "wasm trap in function `div`: integer divide by zero"
        );
        assert_eq!(trap.function_index(), Some(3));
    }

    #[test]
    fn host_errors_are_the_source_and_can_be_taken_back() {
        let trap = Trap::host(HostError::msg("disk full"));
        assert_eq!(trap.code(), TrapCode::HostError);
        assert_eq!(
            trap.to_string(),
            "wasm trap: host function error: disk full"
        );
        let source = std::error::Error::source(&trap).expect("the host error");
        assert_eq!(source.to_string(), "disk full");
        assert_eq!(trap.clone(), trap, "clones share the error");
        assert_ne!(trap, Trap::host(HostError::msg("disk full")));
        let error = trap.into_host_error().expect("no clone is alive");
        assert_eq!(error.to_string(), "disk full");
    }

    #[test]
    fn unknown_addresses_give_anonymous_traps() {
        assert_eq!(
            Trap::at_pc(TrapCode::MemoryOutOfBounds, 0),
            Trap::new(TrapCode::MemoryOutOfBounds)
        );
    }
}
