//! What the differential driver needs from an engine instance.

use crate::shape::{FuncExport, Shape};
use crate::value::{Outcome, State, Value};

/// An instantiated module in one engine.
pub trait Engine {
    /// Calls exported function `func` with `args` (of its parameter types).
    fn call(&mut self, func: &FuncExport, args: &[Value]) -> Outcome;
    /// Sets exported mutable global `name`.
    fn set_global(&mut self, name: &str, value: Value);
    /// The exported globals, memories and tables listed in `shape`.
    fn state(&mut self, shape: &Shape) -> State;
}
