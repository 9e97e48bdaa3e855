//! Compiles the trap landing helper (`src/landing.c`): the only code that
//! calls `sigsetjmp`/`siglongjmp`, which Rust cannot call directly.

fn main() {
    println!("cargo:rerun-if-changed=src/landing.c");
    cc::Build::new()
        .file("src/landing.c")
        .warnings(true)
        .extra_warnings(true)
        .compile("wasmlite_landing");
}
