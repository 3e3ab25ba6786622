//! Entry point of the browser app: Trunk builds this binary to wasm.
fn main() {
    cloudwright_web::start();
}
