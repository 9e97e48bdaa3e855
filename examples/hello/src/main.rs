//! The smallest complete wasmlite program: `build.rs` compiles
//! `wasm/hello.wat` to native code, `include_wasm!` generates typed
//! bindings, and a trap in wasm comes back as an `Err`.

wasmlite_rt::include_wasm!("wasm/hello.wat");

/// Where the host puts the name the module greets.
const NAME_AT: usize = 512;

/// The host side: implements the module's imports.
struct Host {
    excitement: i32,
}

impl hello::Imports for Host {
    fn env_excitement(&mut self) -> i32 {
        self.excitement
    }
}

fn main() {
    let mut hello = hello::Hello::new(Host { excitement: 3 }).expect("instantiating hello.wat");

    let name = b"wasmlite";
    hello.memory_mut()[NAME_AT..NAME_AT + name.len()].copy_from_slice(name);
    let (at, len) = hello
        .greet(NAME_AT as i32, name.len() as i32)
        .expect("greet trapped");
    // A view of memory borrows the instance: copy out what outlives it.
    let greeting = hello.memory()[at as usize..(at + len) as usize].to_vec();
    println!(
        "{}",
        std::str::from_utf8(&greeting).expect("the greeting is UTF-8")
    );

    match hello.divide(1, 0) {
        Ok(value) => println!("1 / 0 = {value}?! (expected a trap)"),
        Err(trap) => println!("caught a trap, as expected: {trap}"),
    }
    // The instance is still usable after a trap.
    println!(
        "84 / 2 = {}",
        hello.divide(84, 2).expect("84 / 2 does not trap")
    );
}
