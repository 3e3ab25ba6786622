use std::process::ExitCode;

pub fn run(_args: &[String]) -> ExitCode {
    eprintln!("not implemented yet");
    ExitCode::from(2)
}
