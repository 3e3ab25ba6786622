//! `cloudwright share FILE [--base URL]`: prints the design's share link (`URL#d=…`; only the
//! fragment `#d=…` without `--base`). `cloudwright share --open LINK`: prints the design a
//! link holds, as a design file. The packing is the engine's (`share`), the same as the app's
//! "Share link", so links made here open in the app and the other way round.
//!
//! Exit codes: 0 ok; 2 an unusable input: a file `validate-file` refuses, a design too large
//! for a link, or a link that cannot be opened (the reason on stderr).

use crate::args::{Args, Opt};
use crate::input;
use crate::output::Out;
use crate::{Command, Outcome, Status};
use cloudwright_engine::{file, share};

pub const COMMAND: Command = Command {
    name: "share",
    synopsis: "FILE [--base URL] | --open LINK",
    summary: "a design's share link (URL#d=…), or the design a link holds",
    options: &[
        Opt::value("--base", "URL", "the app's address to put before #d= (default: print only the fragment)"),
        Opt::switch("--open", "read the operand as a link and print the design it holds"),
    ],
    operands: (1, 1),
    example: &["FILE"],
    run,
};

fn run(args: &Args, out: &mut Out) -> Outcome {
    let operand = args.operand(0).unwrap_or(input::STDIN);
    if args.flag("--open") {
        return open(operand, out);
    }
    let loaded = input::design(operand, out)?;
    match share::link(args.value("--base").unwrap_or(""), &loaded.design) {
        Ok(link) => {
            out.text(&format!("{link}\n"));
            Ok(Status::Ok)
        }
        Err(e) => {
            out.error(&format!("{}: {e}", input::display(operand)));
            Err(Status::BadInput)
        }
    }
}

fn open(link: &str, out: &mut Out) -> Outcome {
    // A whole link, only its fragment, or only the payload.
    let fragment = link.find('#').map_or(link, |i| &link[i..]);
    let payload = share::payload_of_fragment(fragment).unwrap_or(fragment);
    match share::decode(payload) {
        Ok(d) => {
            out.json_text(&file::save(&d));
            Ok(Status::Ok)
        }
        Err(e) => {
            out.error(&format!("cannot open the link: {e}"));
            Err(Status::BadInput)
        }
    }
}
