fn main() {
    wasmlite_build::Build::new()
        .file("wasm/greet.wat")
        .compile();
}
