//! Local (parameter) names from the name section, used to name the
//! parameters of generated methods.

use std::collections::HashMap;
use wasmparser::{KnownCustom, Name, Parser, Payload};

/// Names of function locals, keyed by (function index, local index).
#[derive(Debug, Default)]
pub struct LocalNames(HashMap<(u32, u32), String>);

impl LocalNames {
    /// Read the local names of an already validated module. A malformed
    /// name section is ignored, as the specification allows.
    pub fn read(wasm: &[u8]) -> LocalNames {
        let mut names = LocalNames::default();
        for payload in Parser::new(0).parse_all(wasm) {
            let Ok(Payload::CustomSection(reader)) = payload else {
                continue;
            };
            if let KnownCustom::Name(section) = reader.as_known() {
                let _ = names.read_section(section);
            }
        }
        names
    }

    fn read_section(
        &mut self,
        section: wasmparser::NameSectionReader<'_>,
    ) -> wasmparser::Result<()> {
        for name in section {
            if let Name::Local(map) = name? {
                for function in map {
                    let function = function?;
                    for local in function.names {
                        let local = local?;
                        self.0
                            .insert((function.index, local.index), local.name.to_string());
                    }
                }
            }
        }
        Ok(())
    }

    /// The name of local `local` of function `func`, if the module names it.
    pub fn get(&self, func: u32, local: u32) -> Option<&str> {
        self.0.get(&(func, local)).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_parameter_names() {
        let wasm = wat::parse_str(
            r#"(module
                (import "env" "log" (func (param $value i32)))
                (func (export "add") (param $a i32) (param i32) (result i32) local.get 0))"#,
        )
        .unwrap();
        let names = LocalNames::read(&wasm);
        assert_eq!(names.get(1, 0), Some("a"));
        assert_eq!(names.get(1, 1), None);
    }

    #[test]
    fn a_module_without_names_has_none() {
        let wasm = wat::parse_str("(module (func (param i32)))").unwrap();
        assert_eq!(LocalNames::read(&wasm).get(0, 0), None);
    }
}
