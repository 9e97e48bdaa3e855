//! [`Trap`]: why a call into wasm stopped, and where.

use crate::module::Module;
use crate::code_map;
use wasmlite_abi::TrapCode;

/// A wasm trap: the code and, when known, the function that trapped.
///
/// Displays as e.g. ``wasm trap in function `div`: integer divide by zero``.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trap {
    code: TrapCode,
    function: Option<(u32, String)>,
}

impl Trap {
    /// A trap not attributed to any function.
    pub fn new(code: TrapCode) -> Trap {
        Trap {
            code,
            function: None,
        }
    }

    /// A trap in function `index` of `module`.
    pub(crate) fn in_function(code: TrapCode, module: &Module, index: u32) -> Trap {
        Trap {
            code,
            function: Some((index, module.display_function_name(index))),
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
            Some(name) => write!(f, "wasm trap in function `{name}`: {}", self.code),
            None => write!(f, "wasm trap: {}", self.code),
        }
    }
}

impl std::error::Error for Trap {}

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
            code: TrapCode::IntegerDivisionByZero,
            function: Some((3, "div".into())),
        };
        assert_eq!(
            trap.to_string(),
            "wasm trap in function `div`: integer divide by zero"
        );
        assert_eq!(trap.function_index(), Some(3));
    }

    #[test]
    fn unknown_addresses_give_anonymous_traps() {
        assert_eq!(
            Trap::at_pc(TrapCode::MemoryOutOfBounds, 0),
            Trap::new(TrapCode::MemoryOutOfBounds)
        );
    }
}
