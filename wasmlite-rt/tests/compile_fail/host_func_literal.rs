//! A host function's fields are private: no code pointer can be filled in.
use wasmlite_rt::HostFunc;

fn main() {
    let _literal = HostFunc { code: 0x1234 as *const u8 };
}
