//! One test of the suite: its program and its legacy JSON specification.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// What a test runs with and expects (the suite's "legacy" format; defaults for missing keys).
#[derive(Debug, Default, PartialEq)]
pub struct Spec {
    /// Arguments after the program name.
    pub args: Vec<String>,
    /// The whole environment.
    pub env: Vec<(String, String)>,
    /// A directory (relative to the test's) to preopen as `/`.
    pub root: Option<PathBuf>,
    /// The expected exit status.
    pub exit_code: i32,
    /// The expected standard output, when the specification gives it.
    pub stdout: Option<String>,
    /// The expected standard error, when the specification gives it.
    pub stderr: Option<String>,
}

/// Why a specification could not be read.
#[derive(Debug)]
pub struct SpecError(pub String);

impl Spec {
    /// Parses a specification's JSON text.
    pub fn parse(text: &str) -> Result<Spec, SpecError> {
        let json: Value = serde_json::from_str(text).map_err(|e| SpecError(e.to_string()))?;
        let object = json
            .as_object()
            .ok_or_else(|| SpecError("not a JSON object".into()))?;
        let string = |value: &Value, what: &str| {
            value
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| SpecError(format!("{what} is not a string")))
        };
        let mut spec = Spec::default();
        for (key, value) in object {
            match key.as_str() {
                "args" => {
                    let list = value
                        .as_array()
                        .ok_or_else(|| SpecError("args is not a list".into()))?;
                    spec.args = list
                        .iter()
                        .map(|arg| string(arg, "an argument"))
                        .collect::<Result<_, _>>()?;
                }
                "env" => {
                    let vars = value
                        .as_object()
                        .ok_or_else(|| SpecError("env is not an object".into()))?;
                    spec.env = vars
                        .iter()
                        .map(|(k, v)| Ok((k.clone(), string(v, k)?)))
                        .collect::<Result<_, SpecError>>()?;
                }
                "root" => spec.root = Some(PathBuf::from(string(value, "root")?)),
                "exit_code" => {
                    spec.exit_code = value
                        .as_i64()
                        .and_then(|c| i32::try_from(c).ok())
                        .ok_or_else(|| SpecError("exit_code is not an i32".into()))?
                }
                "stdout" => spec.stdout = Some(string(value, "stdout")?),
                "stderr" => spec.stderr = Some(string(value, "stderr")?),
                other => {
                    return Err(SpecError(format!(
                        "unknown key `{other}` (only the legacy format is supported)"
                    )))
                }
            }
        }
        Ok(spec)
    }

    /// The specification of the program `wasm` (`NAME.json` beside it, or the defaults).
    pub fn of(wasm: &Path) -> Result<Spec, SpecError> {
        match std::fs::read_to_string(wasm.with_extension("json")) {
            Ok(text) => Spec::parse(&text),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Spec::default()),
            Err(error) => Err(SpecError(error.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_keys_and_defaults() {
        let spec = Spec::parse(r#"{"args": ["a", "b"], "env": {"K": "V"}, "root": "fs", "exit_code": 3, "stdout": "x"}"#).unwrap();
        assert_eq!(spec.args, ["a", "b"]);
        assert_eq!(spec.env, [("K".to_string(), "V".to_string())]);
        assert_eq!(
            (spec.root, spec.exit_code, spec.stdout, spec.stderr),
            (Some("fs".into()), 3, Some("x".into()), None)
        );
        assert_eq!(Spec::parse("{}").unwrap(), Spec::default());
        assert!(Spec::parse(r#"{"operations": []}"#).is_err());
    }
}
