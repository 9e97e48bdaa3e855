fn main() {
    wasmlite_build::Build::new()
        .file("wasm/hello.wat")
        .compile();
}
