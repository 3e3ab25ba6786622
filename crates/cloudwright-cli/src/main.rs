//! The `cloudwright` binary; everything is in the library (`lib.rs`), so the tests can read
//! the command list.
fn main() -> std::process::ExitCode {
    cloudwright_cli::main()
}
