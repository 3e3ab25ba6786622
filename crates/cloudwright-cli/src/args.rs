//! The one argument parser of every command.
//!
//! A command declares its options ([`Opt`]) and how many operands it takes; [`parse`] does
//! the rest the same way for every command:
//! - `--name` (a switch) or `--name VALUE` / `--name=VALUE` (an option with a value);
//! - `-` alone is an operand: standard input;
//! - `--` ends the options (a file named `--json` is `-- --json`);
//! - an unknown option, a missing value, a switch given a value, or too few or too many
//!   operands is refused: the caller prints why and the command's usage, exit code 2;
//! - a numeric option ([`Opt::number`]) outside its range, or not a finite number, is
//!   refused the same way, so no command parses or reports a bad number itself;
//! - `-h` / `--help` anywhere before `--` asks for the usage (exit code 0).

/// One option of a command, e.g. `--json` or `--multiplier X`.
#[derive(Debug)]
pub struct Opt {
    /// With the dashes: `--json`.
    pub name: &'static str,
    /// The value's placeholder (`X`) when the option takes one; `None` for a switch.
    pub value: Option<&'static str>,
    /// One line for the usage text.
    pub help: &'static str,
    /// For a numeric option: the accepted values, `min..=max` (checked by [`parse`]).
    pub range: Option<(f64, f64)>,
}

impl Opt {
    pub const fn switch(name: &'static str, help: &'static str) -> Opt {
        Opt { name, value: None, help, range: None }
    }
    pub const fn value(name: &'static str, placeholder: &'static str, help: &'static str) -> Opt {
        Opt { name, value: Some(placeholder), help, range: None }
    }
    /// An option whose value must be a finite number within `min..=max`.
    pub const fn number(name: &'static str, placeholder: &'static str, help: &'static str, min: f64, max: f64) -> Opt {
        Opt { name, value: Some(placeholder), help, range: Some((min, max)) }
    }
}

/// `--json`: the option most commands share.
pub const JSON: Opt = Opt::switch("--json", "print JSON instead of text");

/// `--multiplier X`: the traffic multiplier of `cost`, `latency` and `capacity`, read with
/// [`Args::multiplier`]. The upper bound keeps every analysis finite (a million times today's
/// traffic is far past any quota).
pub const MULTIPLIER: Opt = Opt::number("--multiplier", "X", "traffic multiplier (0 to 1000000; default 1)", 0.0, 1e6);

/// What was given on the command line, checked against the command's declaration.
#[derive(Debug, Default, PartialEq)]
pub struct Args {
    operands: Vec<String>,
    /// (option name, value) in the order given; a switch has no value.
    given: Vec<(&'static str, Option<String>)>,
}

/// The result of [`parse`].
#[derive(Debug, PartialEq)]
pub enum Parsed {
    Run(Args),
    /// `-h` / `--help` was given.
    Help,
    /// The arguments are wrong: why, in one line.
    Refused(String),
}

impl Args {
    /// The operands (positional arguments), in order.
    pub fn operands(&self) -> &[String] {
        &self.operands
    }
    pub fn operand(&self, i: usize) -> Option<&str> {
        self.operands.get(i).map(String::as_str)
    }
    /// Whether the switch was given.
    pub fn flag(&self, name: &str) -> bool {
        self.given.iter().any(|(n, _)| *n == name)
    }
    /// The value of an option, when given.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.given.iter().find(|(n, _)| *n == name).and_then(|(_, v)| v.as_deref())
    }
    /// The value of a numeric option ([`Opt::number`]), when given. [`parse`] has already
    /// refused a value that is not a number in the option's range.
    pub fn number(&self, name: &str) -> Option<f64> {
        self.value(name).and_then(|v| v.trim().parse::<f64>().ok())
    }
    /// `--multiplier` ([`MULTIPLIER`]): the traffic multiplier, 1 when not given.
    pub fn multiplier(&self) -> f64 {
        self.number(MULTIPLIER.name).unwrap_or(1.0)
    }
}

/// `value` as a number within the option's range, or why not (one line).
fn check_number(opt: &Opt, value: &str) -> Result<(), String> {
    let Some((min, max)) = opt.range else { return Ok(()) };
    match value.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= min && x <= max => Ok(()),
        _ => Err(format!("{} takes a number from {min} to {max}; got \"{value}\"", opt.name)),
    }
}

/// Checks `argv` (what follows the command name) against the command's options and operand
/// count (`min..=max`).
pub fn parse(opts: &'static [Opt], operands: (usize, usize), argv: &[String]) -> Parsed {
    let mut args = Args::default();
    let mut only_operands = false;
    let mut i = 0;
    while i < argv.len() {
        let a = argv[i].as_str();
        i += 1;
        if only_operands || a == "-" || !a.starts_with('-') {
            args.operands.push(a.to_string());
            continue;
        }
        if a == "--" {
            only_operands = true;
            continue;
        }
        if a == "-h" || a == "--help" {
            return Parsed::Help;
        }
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (a, None),
        };
        let Some(opt) = opts.iter().find(|o| o.name == name) else {
            return Parsed::Refused(format!("unknown option \"{name}\""));
        };
        if args.given.iter().any(|(n, _)| *n == opt.name) {
            return Parsed::Refused(format!("{} is given twice", opt.name));
        }
        let value = match (opt.value, inline) {
            (None, None) => None,
            (None, Some(_)) => return Parsed::Refused(format!("{} takes no value", opt.name)),
            (Some(_), Some(v)) => Some(v),
            (Some(ph), None) => match argv.get(i) {
                Some(v) if v == "-" || !v.starts_with("--") => {
                    i += 1;
                    Some(v.clone())
                }
                _ => return Parsed::Refused(format!("{} needs a value: {} {ph}", opt.name, opt.name)),
            },
        };
        if let Some(v) = &value {
            if let Err(why) = check_number(opt, v) {
                return Parsed::Refused(why);
            }
        }
        args.given.push((opt.name, value));
    }
    let n = args.operands.len();
    let (min, max) = operands;
    if n < min {
        return Parsed::Refused(if min == 1 { "a file is missing".to_string() } else { format!("expects at least {min} arguments; got {n}") });
    }
    if n > max {
        let extra = &args.operands[max];
        return Parsed::Refused(format!("unexpected argument \"{extra}\""));
    }
    Parsed::Run(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTS: &[Opt] = &[JSON, MULTIPLIER];

    fn p(argv: &[&str]) -> Parsed {
        parse(OPTS, (1, 1), &argv.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn reads_switches_values_operands_and_stdin() {
        let Parsed::Run(a) = p(&["--json", "f.json", "--multiplier", "2.5"]) else { panic!() };
        assert!(a.flag("--json"));
        assert_eq!(a.operand(0), Some("f.json"));
        assert_eq!((a.number("--multiplier"), a.multiplier()), (Some(2.5), 2.5));
        let Parsed::Run(a) = p(&["--multiplier=3", "-"]) else { panic!() };
        assert_eq!((a.value("--multiplier"), a.operand(0), a.flag("--json")), (Some("3"), Some("-"), false));
        let Parsed::Run(a) = p(&["--", "--json"]) else { panic!() };
        assert_eq!((a.operand(0), a.flag("--json")), (Some("--json"), false));
    }

    #[test]
    fn refuses_what_it_does_not_know() {
        assert_eq!(p(&["f", "--jsn"]), Parsed::Refused("unknown option \"--jsn\"".into()));
        assert_eq!(p(&["f", "-x"]), Parsed::Refused("unknown option \"-x\"".into()));
        assert_eq!(p(&["f", "--json=yes"]), Parsed::Refused("--json takes no value".into()));
        assert_eq!(p(&["f", "--multiplier"]), Parsed::Refused("--multiplier needs a value: --multiplier X".into()));
        assert_eq!(p(&["f", "--json", "--json"]), Parsed::Refused("--json is given twice".into()));
        assert_eq!(p(&[]), Parsed::Refused("a file is missing".into()));
        assert_eq!(p(&["a", "b"]), Parsed::Refused("unexpected argument \"b\"".into()));
        assert_eq!(p(&["a", "--help"]), Parsed::Help);
        let out_of_range = "--multiplier takes a number from 0 to 1000000; got";
        assert_eq!(p(&["f", "--multiplier", "-1"]), Parsed::Refused(format!("{out_of_range} \"-1\"")));
        assert_eq!(p(&["f", "--multiplier=NaN"]), Parsed::Refused(format!("{out_of_range} \"NaN\"")));
        assert_eq!(p(&["f", "--multiplier", "inf"]), Parsed::Refused(format!("{out_of_range} \"inf\"")));
        assert_eq!(p(&["f", "--multiplier", "1000001"]), Parsed::Refused(format!("{out_of_range} \"1000001\"")));
        let Parsed::Run(a) = p(&["f"]) else { panic!() };
        assert_eq!((a.number("--multiplier"), a.multiplier()), (None, 1.0));
    }
}
