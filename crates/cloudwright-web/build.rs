//! Keeps the linker's relocations in the app's wasm (`--emit-relocs`): the code splitter
//! (`wasm-split-cli`, run by scripts/wasm-split.mjs after each Trunk build) needs them to move
//! the code only a split point reaches into its own chunk (src/on_demand.rs). Only the app's
//! binary for wasm with the `split` feature (the Trunk build) gets the flag, so no dependency
//! is rebuilt and the workers and tests are untouched.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bin=cloudwright-web=--emit-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
