//! A host import that needs the calling instance: `env.print` receives a
//! pointer and a length into the module's memory and reads the string
//! through the `Caller` (`with_caller` asks the bindings for it).

wasmlite_rt::include_wasm!("wasm/greet.wat", with_caller = ["env.print"]);

/// Where the host puts text for `shout`.
const TEXT_AT: usize = 1024;

/// The host side: collects everything the module printed.
struct Host {
    printed: Vec<String>,
}

impl greet::Imports for Host {
    fn env_print(&mut self, caller: &mut wasmlite_rt::Caller<'_>, ptr: i32, len: i32) {
        match caller.read_str(ptr as u32, len as u32) {
            Ok(text) => {
                println!("wasm says: {text}");
                self.printed.push(text.to_string());
            }
            Err(error) => eprintln!("wasm passed a bad string: {error}"),
        }
    }
}

fn main() {
    let mut greet = greet::Greet::new(Host {
        printed: Vec::new(),
    })
    .expect("instantiating greet.wat");
    greet.run().expect("run trapped");

    let text = b"quiet words";
    greet.memory_mut()[TEXT_AT..TEXT_AT + text.len()].copy_from_slice(text);
    greet
        .shout(TEXT_AT as i32, text.len() as i32)
        .expect("shout trapped");

    println!("the host received {} strings", greet.host().printed.len());
}
