//! Host imports that fail (`wasm/fallible.wat`, bound with `fallible`): an
//! `Err` unwinds the wasm frames and the export returns a
//! `TrapCode::HostError` trap carrying the error, also across host -> wasm
//! -> host -> wasm nesting; the instances stay usable.

use fallible::Fallible;
// The package's library carries the compiled objects.
use wasmlite_integration_tests as _;
use wasmlite_rt::{Caller, HostError, Trap, TrapCode};

wasmlite_rt::include_wasm!(
    "wasm/fallible.wat",
    with_caller = ["env.check"],
    fallible = ["env.check", "env.reenter"]
);

/// The error `env.check` returns for negative inputs.
#[derive(Debug, PartialEq)]
struct Denied(i32);

impl std::fmt::Display for Denied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "denied {}", self.0)
    }
}

impl std::error::Error for Denied {}

#[derive(Default)]
struct Host {
    checks: u32,
    /// The instance `env.reenter` calls.
    next: Option<Box<Fallible<Host>>>,
}

impl fallible::Imports for Host {
    fn env_check(&mut self, caller: &mut Caller<'_>, x: i32) -> Result<i32, HostError> {
        self.checks += 1;
        if x < 0 {
            return Err(Denied(x).into());
        }
        caller.write(0, &x.to_le_bytes())?;
        Ok(x * 2)
    }

    fn env_reenter(&mut self, x: i32) -> Result<i32, HostError> {
        let next = self.next.as_mut().expect("a next instance");
        Ok(next.run(2, x)?)
    }
}

fn host_error_of(trap: &Trap) -> &HostError {
    assert_eq!(trap.code(), TrapCode::HostError, "{trap}");
    trap.host_error().expect("a host error trap carries the error")
}

#[test]
fn an_error_unwinds_wasm_frames_and_the_instance_stays_usable() {
    let mut m = Fallible::new(Host::default()).unwrap();
    assert_eq!(m.run(10, 4), Ok(18));
    for depth in [0, 1, 50] {
        let trap = m.run(depth, -3).unwrap_err();
        assert_eq!(host_error_of(&trap).downcast_ref::<Denied>(), Some(&Denied(-3)));
        let source = std::error::Error::source(&trap).expect("the source is the host error");
        assert_eq!(source.to_string(), "denied -3");
    }
    assert_eq!(m.run(3, 5), Ok(13));
    assert_eq!(m.memory()[..4], 5i32.to_le_bytes());
    assert_eq!(m.host().checks, 5);
}

#[test]
fn an_error_crosses_nested_host_and_wasm_calls() {
    let inner = Fallible::new(Host::default()).unwrap();
    let mut outer = Fallible::new(Host {
        next: Some(Box::new(inner)),
        ..Host::default()
    })
    .unwrap();
    assert_eq!(outer.nest(1), Ok(4));
    let trap = outer.nest(-8).unwrap_err();
    let inner_trap = host_error_of(&trap)
        .downcast_ref::<Trap>()
        .expect("env.reenter returned the inner call's trap");
    assert_eq!(
        host_error_of(inner_trap).downcast_ref::<Denied>(),
        Some(&Denied(-8))
    );
    assert_eq!(outer.nest(2), Ok(6), "both levels still work");
    let mut inner = outer.into_host().next.take().unwrap();
    assert_eq!(inner.run(0, 7), Ok(14));
    assert_eq!(inner.host().checks, 4);
}
