//! A view of an instance's memory cannot be held while the instance runs.
use wasmlite_rt::Instance;

fn run(instance: &mut Instance) {
    let view = instance.memory(0);
    let _ = instance.call("f", &[]);
    assert_eq!(view[0], 0);
}

fn main() {
    let _ = run;
}
