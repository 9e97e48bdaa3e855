//! Safe code cannot make a host function out of an arbitrary address.
use wasmlite_rt::{FuncType, HostFunc};

fn main() {
    let ty = FuncType { params: vec![], results: vec![] };
    let _raw = HostFunc::from_raw(0x1234 as *const u8, ty);
}
